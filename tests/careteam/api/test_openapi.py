"""The API contract documents itself: every careteam route has a summary and problem responses, every body and
every answer an example that its schema accepts, every creating POST the `Idempotency-Key` header, every team
route its 403 (Q-16), and the "not yet known" answers are documented as refusals (409), not waits."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest
from pydantic import BaseModel

from careteam.api.schemas import care_plans, case_management, common, consultations, coordination, teams
from careteam.config import CareteamSettings
from careteam.main import create_app

pytestmark = pytest.mark.unit

OPERATIONS_OF_THE_PLATFORM = {"/health/live", "/health/ready", "/metrics"}
NOT_IDEMPOTENT_BY_KEY = {"/ops/case-management/deadline-check"}  # idempotent by itself: each notice once
SCHEMA_MODULES: tuple[ModuleType, ...] = (
    common,
    teams,
    coordination,
    case_management,
    consultations,
    care_plans,
)


def openapi() -> dict[str, Any]:
    return create_app(CareteamSettings(environment="test")).openapi()


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, ops in document["paths"].items()
        if path not in OPERATIONS_OF_THE_PLATFORM
        for method, operation in ops.items()
    ]


def schema_names(schema: dict[str, Any]) -> list[str]:
    schema = schema.get("items", schema)
    refs = schema.get("oneOf", schema.get("anyOf", [schema]))
    return [r["$ref"].rsplit("/", 1)[-1] for r in refs if "$ref" in r]


def model(name: str) -> type[BaseModel]:
    found = [getattr(m, name) for m in SCHEMA_MODULES if isinstance(getattr(m, name, None), type)]
    assert found, name
    return found[0]  # type: ignore[no-any-return]


def test_every_route_has_a_summary_problem_responses_and_every_body_an_example() -> None:
    document = openapi()
    schemas = document["components"]["schemas"]
    for path, method, operation in operations(document):
        where = f"{method.upper()} {path}"
        assert operation.get("summary"), where
        problems = [s for s in operation["responses"] if s in {"401", "403", "404", "409", "422"}]
        assert {"401", "403"} <= set(problems), where
        body = operation.get("requestBody")
        if body is None:
            continue
        names = schema_names(body["content"]["application/json"]["schema"])
        assert names and all(schemas[n].get("examples") for n in names), where


def test_every_answer_has_an_example_and_every_example_fits_its_schema() -> None:
    document = openapi()
    schemas = document["components"]["schemas"]
    checked: set[str] = set()
    for path, method, operation in operations(document):
        where = f"{method.upper()} {path}"
        success = next(s for s in operation["responses"] if s.startswith("2"))
        names = schema_names(operation["responses"][success]["content"]["application/json"]["schema"])
        assert names and all(schemas[n].get("examples") for n in names), where
        body = operation.get("requestBody")
        if body is not None:
            names += schema_names(body["content"]["application/json"]["schema"])
        checked.update(names)
    for name in sorted(checked):
        # the model's own examples: the document drops their nulls (FastAPI renders it with exclude_none)
        for example in model(name).model_json_schema()["examples"]:
            model(name).model_validate(example)


def test_every_post_that_acts_takes_an_idempotency_key() -> None:
    for path, method, operation in operations(openapi()):
        if method != "post" or path in NOT_IDEMPOTENT_BY_KEY:
            continue
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        assert "Idempotency-Key" in headers, path
        assert "IDEMPOTENCY_KEY_REUSED" in operation["description"], path


def test_q16_every_team_route_documents_its_403_for_outsiders() -> None:
    for path, method, operation in operations(openapi()):
        if path.startswith("/teams/{team_id}") or path.startswith("/case-management-requests/"):
            assert "Q_16_NOT_IN_TEAM" in operation.get("description", ""), f"{method.upper()} {path}"
    professional = openapi()["paths"]["/professionals/{professional_id}/teams"]["get"]
    assert "Q_16_OWN_TEAMS_ONLY" in professional["description"]


def test_the_not_yet_known_answers_are_documented_as_409_refusals() -> None:
    document = openapi()
    info = document["info"]["description"]
    assert "**409**" in info and "refused" in info and "wait" not in info
    create = document["paths"]["/teams"]["post"]
    assert "409 PREGNANCY_NOT_YET_KNOWN" in create["description"]
    for path in ("/teams/{team_id}/coordinator-appointments", "/teams/{team_id}/consultations"):
        operation = document["paths"][path]["post"]
        assert "SCENARIO_NOT_YET_KNOWN" in operation["description"], path
        assert "409" in operation["responses"], path
