"""The OpenAPI document describes every screening endpoint with examples: a summary each, an example for every
request body and for every response (the 2xx body and each problem+json answer), examples that validate
against their models, and the documented behaviours (on-behalf registration, PPA only before birth, list
filters and paging)."""

from __future__ import annotations

from typing import Any, cast

import httpx
import pytest
from fastapi.routing import APIRoute
from pydantic import BaseModel

from screening.main import definition
from shared.api import Problem

pytestmark = pytest.mark.integration

SCREENING_TAGS = {"pregnancies", "screenings", "activities"}
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
    ("get", "/referrals/{referral_id}"),
}
ON_BEHALF_WRITES = {
    "/pregnancies/{pregnancy_id}/screenings",
    "/pregnancies/{pregnancy_id}/inclusion-decisions",
    "/pregnancies/{pregnancy_id}/prenatal-advice-sessions",
    "/referrals",
}


async def _document(api: httpx.AsyncClient) -> dict[str, Any]:
    response = await api.get("/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def _operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method, path): op
        for path, item in document["paths"].items()
        for method, op in item.items()
        if SCREENING_TAGS & set(op.get("tags", []))
    }


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    return dict(document["components"]["schemas"][ref.rsplit("/", 1)[-1]])


def _examples(document: dict[str, Any], media: dict[str, Any]) -> list[Any]:
    """The examples of a media type: its own `example`/`examples`, else those of its (resolved) schema."""
    if "example" in media:
        return [media["example"]]
    if media.get("examples"):
        return [e["value"] for e in media["examples"].values()]
    return list(_resolve(document, media.get("schema", {})).get("examples", []))


def _screening_routes() -> list[APIRoute]:
    return [r for router in definition().routers for r in router.routes if isinstance(r, APIRoute)]


async def test_openapi_lists_exactly_the_screening_routes_each_with_a_summary(api: httpx.AsyncClient) -> None:
    operations = _operations(await _document(api))

    assert set(operations) == EXPECTED
    assert all(op.get("summary") for op in operations.values())


async def test_openapi_gives_an_example_for_every_request_body_and_every_response(
    api: httpx.AsyncClient,
) -> None:
    document = await _document(api)

    for (method, path), op in _operations(document).items():
        where = f"{method.upper()} {path}"
        if method == "post":
            assert _examples(document, op["requestBody"]["content"]["application/json"]), f"{where}: request"
        for status, response in op["responses"].items():
            content = response.get("content", {})
            if status.startswith("2"):
                assert _examples(document, content["application/json"]), f"{where}: {status}"
                continue
            problems = _examples(document, content["application/problem+json"])
            assert problems, f"{where}: {status} has no problem+json example"
            assert all(p["status"] == int(status) for p in problems), f"{where}: {status}"


async def test_every_example_validates_against_its_model(api: httpx.AsyncClient) -> None:
    document = await _document(api)
    models: set[type[BaseModel]] = set()
    for route in _screening_routes():
        if isinstance(route.response_model, type) and issubclass(route.response_model, BaseModel):
            models.add(route.response_model)
        if route.body_field is not None:
            models.add(route.body_field.field_info.annotation)  # type: ignore[arg-type]

    assert len(models) == 16  # 9 response bodies, 7 request bodies
    for model in models:
        examples = model.model_json_schema().get("examples", [])
        assert examples, model.__name__
        for example in examples:
            model.model_validate(example)
    for op in _operations(document).values():
        for status, response in op["responses"].items():
            for example in _examples(
                document, response.get("content", {}).get("application/problem+json", {})
            ):
                assert Problem.model_validate(example).code, status


async def test_openapi_documents_problem_answers_on_every_endpoint(api: httpx.AsyncClient) -> None:
    document = await _document(api)

    for (method, path), op in _operations(document).items():
        responses = op["responses"]
        assert {"401", "403", "422"} <= set(responses), f"{method.upper()} {path}"
        assert "application/problem+json" in responses["422"]["content"]
        if "{pregnancy_id}" in path or "{referral_id}" in path:
            assert "404" in responses, f"{method.upper()} {path} does not document the unknown resource"


async def test_scr09_the_write_endpoints_document_that_the_performer_may_differ_from_the_caller(
    api: httpx.AsyncClient,
) -> None:
    operations = _operations(await _document(api))

    for path in ON_BEHALF_WRITES:
        description = operations[("post", path)]["description"]
        assert "on behalf of colleagues" in description and "recorded_by" in description, path
        assert "supersedes" in description, path


async def test_fin11_q20_the_ppa_endpoint_documents_that_the_day_of_birth_is_refused(
    api: httpx.AsyncClient,
) -> None:
    document = await _document(api)
    op = _operations(document)[("post", "/pregnancies/{pregnancy_id}/prenatal-advice-sessions")]
    body = _resolve(document, op["requestBody"]["content"]["application/json"]["schema"])

    assert all(rule in op["description"] for rule in ("FIN-11", "Q-20", "day of birth"))
    assert "day of birth" in body["properties"]["session_date"]["description"]
    on_birth_day = op["responses"]["422"]["content"]["application/problem+json"]["examples"][
        "FIN_11_PPA_ONLY_DURING_PREGNANCY"
    ]["value"]
    assert (on_birth_day["rule"], on_birth_day["timing"], on_birth_day["related_rules"]) == (
        "FIN-11",
        "ON_BIRTH_DAY",
        ["Q-20"],
    )


async def test_the_lists_document_the_scenario_filter_and_bounded_paging(api: httpx.AsyncClient) -> None:
    operations = _operations(await _document(api))

    for path in ("/pregnancies", "/screenings"):
        parameters = {p["name"]: p for p in operations[("get", path)]["parameters"]}
        assert {"professional_id", "residence_nis", "scenario", "limit", "offset"} <= set(parameters), path
        assert parameters["limit"]["schema"]["maximum"] == 200, path
        assert "EXCEPTION" in parameters["scenario"]["description"], path


def test_the_models_checked_for_examples_are_those_of_every_documented_route() -> None:
    routes = _screening_routes()

    # FastAPI always sets an APIRoute's methods; the attribute keeps Starlette's `set[str] | None` type.
    assert {(method.lower(), r.path) for r in routes for method in cast(set[str], r.methods)} == EXPECTED
