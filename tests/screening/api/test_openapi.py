"""The OpenAPI document describes every screening endpoint: a summary each, a request example per POST,
problem+json answers for the rule violations."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.integration

EXPECTED = {
    ("post", "/pregnancies"),
    ("get", "/pregnancies"),
    ("get", "/pregnancies/{pregnancy_id}"),
    ("get", "/pregnancies/{pregnancy_id}/summary"),
    ("get", "/pregnancies/{pregnancy_id}/period"),
    ("post", "/pregnancies/{pregnancy_id}/birth"),
    ("post", "/pregnancies/{pregnancy_id}/end"),
    ("post", "/pregnancies/{pregnancy_id}/screenings"),
    ("post", "/pregnancies/{pregnancy_id}/inclusion-decisions"),
    ("get", "/screenings"),
    ("post", "/pregnancies/{pregnancy_id}/prenatal-advice-sessions"),
    ("post", "/referrals"),
}


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    name = ref.rsplit("/", 1)[-1]
    return dict(document["components"]["schemas"][name])


async def test_openapi_lists_every_route_with_a_summary_and_a_request_example_for_each_post(
    api: httpx.AsyncClient,
) -> None:
    document = (await api.get("/openapi.json")).json()
    operations = {
        (method, path): op for path, item in document["paths"].items() for method, op in item.items()
    }

    assert set(operations) >= EXPECTED
    for (method, path), op in operations.items():
        assert op.get("summary"), f"{method.upper()} {path} has no summary"
        if method != "post":
            continue
        media = op["requestBody"]["content"]["application/json"]
        schema = _resolve(document, media["schema"])
        examples = media.get("examples") or media.get("example") or schema.get("examples")
        assert examples, f"POST {path} has no request example"


async def test_openapi_documents_problem_answers_on_the_write_endpoints(api: httpx.AsyncClient) -> None:
    document = (await api.get("/openapi.json")).json()

    for method, path in EXPECTED:
        responses = document["paths"][path][method]["responses"]
        assert {"401", "403", "422"} <= set(responses), f"{method.upper()} {path}"
        assert "application/problem+json" in responses["422"]["content"]
        if "{pregnancy_id}" in path:
            assert "404" in responses, f"{method.upper()} {path} does not document the unknown pregnancy"
