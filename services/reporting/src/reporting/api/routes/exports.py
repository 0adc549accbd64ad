"""CSV exports of the indicator figures: the same filters and the same protected strings as the API."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from reporting.api.deps import QueriesDep
from reporting.api.params import IndicatorQueryDep
from reporting.service import exports
from shared.api import problem_responses
from shared.auth import Role, require_role

router = APIRouter(
    prefix="/exports",
    tags=["exports"],
    dependencies=[Depends(require_role(Role.POLICY_ANALYST, Role.CARE_COUNCIL))],
    responses=problem_responses(401, 403),
)

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"


def csv_response(body: str, filename: str) -> Response:
    """A CSV attachment that no cache keeps."""
    return Response(
        content=body,
        media_type=CSV_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


@router.get(
    "/{slug}.csv",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": "One line per figure; small cells as <5"},
        **problem_responses(404, 422),
    },
    summary="Download the protected figures of one indicator as CSV",
)
async def export_indicator(slug: str, query: IndicatorQueryDep, queries: QueriesDep) -> Response:
    result = await queries.indicator(slug, query)
    return csv_response(exports.to_csv(result), f"{slug}_{result.query.grain.value.lower()}.csv")
