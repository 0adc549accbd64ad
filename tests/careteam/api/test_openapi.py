"""The API contract documents itself: every careteam route has a summary and problem responses, every body an
example, and the 409 "not yet known" codes are described."""

from __future__ import annotations

from typing import Any

import pytest

from careteam.config import CareteamSettings
from careteam.main import create_app

pytestmark = pytest.mark.unit

OPERATIONS_OF_THE_PLATFORM = {"/health/live", "/health/ready", "/metrics"}


def openapi() -> dict[str, Any]:
    return create_app(CareteamSettings(environment="test")).openapi()


def test_every_route_has_a_summary_problem_responses_and_every_body_an_example() -> None:
    document = openapi()
    schemas = document["components"]["schemas"]
    for path, operations in document["paths"].items():
        if path in OPERATIONS_OF_THE_PLATFORM:
            continue
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert operation.get("summary"), where
            problems = [s for s in operation["responses"] if s in {"401", "403", "404", "409", "422"}]
            assert {"401", "403"} <= set(problems), where
            body = operation.get("requestBody")
            if body is None:
                continue
            ref = body["content"]["application/json"]["schema"]
            names = [r["$ref"].rsplit("/", 1)[-1] for r in ref.get("oneOf", [ref]) if "$ref" in r]
            assert names and all(schemas[n].get("examples") for n in names), where


def test_the_not_yet_known_answers_are_documented_as_409() -> None:
    document = openapi()
    assert "**409**" in document["info"]["description"]
    create = document["paths"]["/teams"]["post"]
    assert "409 PREGNANCY_NOT_YET_KNOWN" in create["description"]
    appoint = document["paths"]["/teams/{team_id}/coordinator-appointments"]["post"]
    assert "SCENARIO_NOT_YET_KNOWN" in appoint["description"]
    assert "409" in appoint["responses"]
