"""Read-only reference data (payer organisations, tariffs) and the API documentation of every route."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import auth

pytestmark = pytest.mark.integration


async def test_fin20_fin30_the_payer_organisations_are_readable_per_channel(api: httpx.AsyncClient) -> None:
    everything = await api.get("/payer-organisations", headers=auth("payer", payer_code="300"))
    care_funds = await api.get("/payer-organisations?payer=FLEMISH", headers=auth("billing_system"))

    assert everything.status_code == 200
    codes = {o["code"]: o for o in everything.json()}
    assert {"100", "200", "300", "400", "500", "600", "900"} <= set(codes)
    assert (codes["300"]["kind"], codes["300"]["payer"], codes["300"]["official_code"]) == (
        "MUTUALITY",
        "FEDERAL",
        True,
    )
    assert {o["code"] for o in care_funds.json()} == {"ZK-CM", "ZK-NZ", "ZK-SOL", "ZK-LIB", "ZK-OZ", "ZK-VZK"}
    assert all(not o["official_code"] for o in care_funds.json())
    assert (await api.get("/payer-organisations")).status_code == 401
    assert (await api.post("/payer-organisations", headers=auth("admin"))).status_code == 405


async def test_q17_the_tariffs_are_published_with_their_validity_periods(api: httpx.AsyncClient) -> None:
    tariffs = {t["act"]: t for t in (await api.get("/tariffs", headers=auth("finance_officer"))).json()}

    assert tariffs["SCREENING"]["amount"] == "22.55"
    assert tariffs["PRENATAL_ADVICE_SESSION"]["amount"] == "48.78"
    assert tariffs["COORDINATION_YEAR"]["unit"] == "PER_FEE_YEAR"
    assert tariffs["PERINATAL_CONSULTATION"]["unit"] == "PER_QUARTER_HOUR_PER_PARTICIPANT"
    assert tariffs["CASE_MANAGEMENT"]["amount"] == "300.00"  # configured in these tests (FIN-23)
    assert all(t["valid_from"] == "2024-10-01" and t["valid_to"] is None for t in tariffs.values())


async def test_every_financing_route_has_a_summary_and_problem_responses_and_every_post_body_an_example(
    api: httpx.AsyncClient,
) -> None:
    spec = (await api.get("/openapi.json")).json()
    schemas = spec["components"]["schemas"]
    operations = [
        (path, method, op)
        for path, item in spec["paths"].items()
        if not path.startswith(("/health", "/metrics"))
        for method, op in item.items()
    ]

    assert len(operations) >= 18
    for path, method, op in operations:
        assert op.get("summary"), (method, path)
        problems = [
            s for s, r in op["responses"].items() if "application/problem+json" in r.get("content", {})
        ]
        assert {"401", "403"} <= set(problems), (method, path)
        body = op.get("requestBody")
        if body is not None:
            ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
            assert schemas[ref].get("examples"), (method, path)
    claims = spec["paths"]["/claims"]["post"]
    # Bad input and late activities are documented: which problem codes, and that a claim whose activity has
    # not arrived waits (HELD) and is decided again by the service, rejected only after the grace period.
    for documented in (
        "ACTIVITY_NOT_YET_KNOWN",
        "ACTIVITY_NOT_REGISTERED",
        "it waits",
        "decides it again by itself",
        "UNKNOWN_CLIENT",
        "VALIDATION_ERROR",
        "FIN_INVALID_PERIOD",
        "FIN_INVALID_CLAIM",
        "FIN_PREGNANCY_NOT_RESOLVED",
    ):
        assert documented in claims["description"], documented
    operations = spec["paths"]["/ops/held-claims/reassessment"]["post"]
    assert "FINANCING_REASSESSMENT_INTERVAL_SECONDS" in operations["description"]
    assert any(p["name"] == "Idempotency-Key" for p in claims["parameters"])
