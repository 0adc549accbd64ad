"""The dashboard: server-rendered pages with inline SVG charts, in Dutch (default) or English.

Everything a page needs comes from this service: HTML, SVG inside it, one stylesheet under /static. A
Content-Security-Policy that allows only this origin (and no script at all) keeps it that way, so the
dashboard works offline. Sign-in: see `reporting.api.web.session` (a login form, then an HttpOnly cookie).
Language: ``?lang=en|nl``, else the browser's Accept-Language, else Dutch.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from reporting.api.deps import QueriesDep, SettingsDep, TodayDep
from reporting.api.params import AttributionParam, IndicatorQueryDep, query_params
from reporting.api.routes.exports import csv_response
from reporting.api.web import pages, session
from reporting.api.web.i18n import Texts, choose_language
from reporting.domain.dimensions import Attribution
from reporting.service import dashboard, exports
from reporting.service.geography import GeographyIndex
from shared.auth import Principal
from shared.errors import DomainError, NotFound, Unauthenticated

router = APIRouter(prefix="/dashboard", tags=["dashboard"])

MAX_FORM_BYTES = 32_768
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
HTML_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {}}, "description": "The page"},
    303: {"description": "To the login page (no valid session)"},
    401: {"content": {"text/html": {}}, "description": "Login page: the token is not valid"},
    403: {"content": {"text/html": {}}, "description": "Signed in, but not a policy analyst or care council"},
    404: {"content": {"text/html": {}}, "description": "Unknown indicator"},
    422: {"content": {"text/html": {}}, "description": "The filters cannot be answered"},
}

LangParam = Annotated[str | None, Query(max_length=5, description="nl (default) or en")]


def html(body: str, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status_code, headers=SECURITY_HEADERS)


def texts_for(request: Request, lang: str | None) -> Texts:
    return Texts(choose_language(lang, request.headers.get("accept-language")))


def with_language(request: Request, language: str) -> str:
    """The current page in another language."""
    url = request.url.remove_query_params("lang").include_query_params(lang=language)
    return url.path + "?" + url.query


def other_language(request: Request, texts: Texts) -> str:
    return with_language(request, "en" if texts.language == "nl" else "nl")


def authenticate(request: Request, texts: Texts) -> Principal | Response:
    """The signed-in principal, or the response that sends the browser to the login form or refuses it."""
    principal = session.signed_in(request)
    if principal is None:
        target = pages.url(
            "/dashboard/login", {"next": session.current_path(request), "lang": texts.language}
        )
        response = RedirectResponse(target, status_code=303)
        if session.cookie_token(request) is not None:
            session.end_session(response)  # expired or no longer valid
        return response
    if not session.may_read(principal):
        return forbidden(request, texts)
    return principal


def forbidden(request: Request, texts: Texts) -> Response:
    body = pages.message_page(
        texts,
        title=texts("forbidden_title"),
        message=texts("forbidden"),
        signed_in=True,
        back=other_language(request, texts),
    )
    return html(body, 403)


def cannot_answer(request: Request, texts: Texts, error: DomainError) -> Response:
    status = 404 if isinstance(error, NotFound) else 422
    body = pages.message_page(
        texts,
        title=texts("error_title"),
        message=error.detail,
        signed_in=True,
        back=other_language(request, texts),
    )
    return html(body, status)


def area_options(index: GeographyIndex, texts: Texts) -> list[tuple[str, str]]:
    """Regions with an ELZ, their provinces, then every ELZ by name."""
    geography = index.geography
    regions = [("FLANDERS", texts.code("FLANDERS")), ("BRUSSELS", texts.code("BRUSSELS"))]
    provinces = sorted(
        {
            (m.province_nis, m.province_name_nl)
            for m in geography.municipalities.values()
            if m.region.value == "FLANDERS"
        },
        key=lambda item: item[1],
    )
    zones = sorted(((zone.code, f"ELZ {zone.name}") for zone in geography.zones.values()), key=lambda z: z[1])
    return [*regions, *provinces, *zones]


@router.get(
    "",
    response_class=HTMLResponse,
    responses=HTML_RESPONSES,
    summary="Dashboard overview: evaluation criteria, monthly trends, zone ranking, scenario mix, payers",
)
async def overview(
    request: Request,
    queries: QueriesDep,
    today: TodayDep,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    area: Annotated[str | None, Query(max_length=16)] = None,
    attribution: AttributionParam = Attribution.RESIDENCE,
    ranking: Annotated[str | None, Query(max_length=64)] = None,
    lang: LangParam = None,
) -> Response:
    texts = texts_for(request, lang)
    principal = authenticate(request, texts)
    if isinstance(principal, Response):
        return principal
    shown_year = year or today.year
    try:
        view = await dashboard.overview(
            queries,
            year=shown_year,
            area=area or dashboard.DEFAULT_AREA,
            attribution=attribution,
            ranking=ranking or dashboard.DEFAULT_RANKING,
            today=today,
        )
    except DomainError as error:
        return cannot_answer(request, texts, error)
    body = pages.overview_page(
        texts,
        view,
        years=dashboard.selectable_years(today, shown_year),
        areas=area_options(queries.index, texts),
        other_language_url=other_language(request, texts),
    )
    return html(body)


@router.get(
    "/indicators",
    response_class=HTMLResponse,
    responses=HTML_RESPONSES,
    summary="Dashboard list of every published indicator",
)
async def indicator_list(request: Request, lang: LangParam = None) -> Response:
    texts = texts_for(request, lang)
    principal = authenticate(request, texts)
    if isinstance(principal, Response):
        return principal
    return html(pages.indicator_list_page(texts, other_language_url=other_language(request, texts)))


@router.get(
    "/indicators/{slug}.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "Protected figures"}, **HTML_RESPONSES},
    summary="Download one indicator as CSV from the dashboard (session cookie instead of a bearer token)",
)
async def indicator_csv(
    request: Request,
    slug: str,
    query: IndicatorQueryDep,
    queries: QueriesDep,
    lang: LangParam = None,
) -> Response:
    texts = texts_for(request, lang)
    principal = authenticate(request, texts)
    if isinstance(principal, Response):
        return principal
    try:
        result = await queries.indicator(slug, query)
    except DomainError as error:
        return cannot_answer(request, texts, error)
    return csv_response(exports.to_csv(result), f"{slug}_{result.query.grain.value.lower()}.csv")


@router.get(
    "/indicators/{slug}",
    response_class=HTMLResponse,
    responses=HTML_RESPONSES,
    summary="Dashboard page of one indicator: filters, a ranking chart and the table of protected figures",
)
async def indicator_detail(
    request: Request,
    slug: str,
    query: IndicatorQueryDep,
    queries: QueriesDep,
    lang: LangParam = None,
) -> Response:
    texts = texts_for(request, lang)
    principal = authenticate(request, texts)
    if isinstance(principal, Response):
        return principal
    try:
        result = await queries.indicator(slug, query)  # an unknown slug is refused first (UnknownIndicator)
    except DomainError as error:
        return cannot_answer(request, texts, error)
    body = pages.indicator_page(
        texts,
        result,
        csv_url=pages.url(f"/dashboard/indicators/{slug}.csv", query_params(result.query)),
        other_language_url=other_language(request, texts),
    )
    return html(body)


@router.get(
    "/login",
    response_class=HTMLResponse,
    responses={200: HTML_RESPONSES[200]},
    summary="Dashboard login form (paste a token)",
)
async def login_form(
    request: Request,
    next: Annotated[str | None, Query(max_length=2048)] = None,
    lang: LangParam = None,
) -> Response:
    texts = texts_for(request, lang)
    return html(pages.login_page(texts, next_url=session.safe_next(next)))


@router.post(
    "/login",
    status_code=303,
    response_class=HTMLResponse,
    responses={303: HTML_RESPONSES[303], 401: HTML_RESPONSES[401], 403: HTML_RESPONSES[403]},
    summary="Start a dashboard session from a token posted by the login form (form-urlencoded)",
)
async def login(request: Request, settings: SettingsDep) -> Response:
    raw = await request.body()
    form = parse_qs(raw[:MAX_FORM_BYTES].decode(errors="replace"), max_num_fields=10)
    texts = texts_for(request, _field(form, "lang"))
    target = session.safe_next(_field(form, "next"))
    token = (_field(form, "token") or "").strip()
    try:
        principal = session.verify(request, token)
    except Unauthenticated:
        return html(pages.login_page(texts, next_url=target, error=texts("login_failed")), 401)
    if not session.may_read(principal):
        return forbidden(request, texts)
    response = RedirectResponse(target, status_code=303)
    session.start_session(response, request, token=token, principal=principal, settings=settings)
    return response


def _field(form: dict[str, list[str]], name: str) -> str | None:
    values = form.get(name)
    return values[0] if values else None


@router.post(
    "/logout",
    status_code=303,
    response_class=Response,
    responses={303: {"description": "Session cookie removed; to the login page"}},
    summary="End the dashboard session",
)
async def logout() -> Response:
    response = RedirectResponse("/dashboard/login", status_code=303)
    session.end_session(response)
    return response
