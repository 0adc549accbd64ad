"""The FIN rules through HTTP against a real PostgreSQL, on financing's own projection (one test per rule)."""

from __future__ import annotations

import uuid
from datetime import date

import httpx
import pytest

from tests.conftest import auth
from tests.financing.builders import (
    BIRTH,
    Family,
    birth,
    case_management,
    claim_body,
    codes,
    consultation,
    coordinator,
    ended,
    project,
    provider,
    registered,
    scenario,
    screening,
    session,
    standard_trajectory,
    submit,
    team,
)
from tests.financing.conftest import financing_app

pytestmark = pytest.mark.integration

NURSE_FOR_FLEMISH_ORG = provider("nurse-1", "NURSE", "FLEMISH", organisation_id="wgc-1")


async def family(api: httpx.AsyncClient, *extra: object, **registration: object) -> Family:
    f = Family.new()
    await project(api, *standard_trajectory(f, **registration), *extra)  # type: ignore[arg-type]
    return f


# -- FIN-10 screening ------------------------------------------------------------------------------------------


async def test_fin10_a_completed_screening_is_paid_22_55_through_the_clients_mutuality(
    api: httpx.AsyncClient,
) -> None:
    f = await family(api, mutuality_code="131")

    claim = await submit(api, claim_body(f, "SCREENING"))

    assert (claim["status"], claim["amount"]) == ("ACCEPTED", "22.55")
    assert claim["decision"]["payer_organisation_code"] == "100"  # member mutuality 131 -> landsbond 100


async def test_fin10_a_screening_by_a_welfare_professional_is_not_paid(api: httpx.AsyncClient) -> None:
    f = Family.new()
    await project(api, registered(f), screening(f, by="sw-1", profession="SOCIAL_WORKER"), scenario(f))

    claim = await submit(api, claim_body(f, "SCREENING", provider=provider("sw-1", "SOCIAL_WORKER")))

    assert "FIN_10_NOT_HEALTH_INSURANCE_PROVIDER" in codes(claim)


async def test_scr07_a_screening_later_than_7_days_after_birth_is_not_paid(api: httpx.AsyncClient) -> None:
    f = Family.new()
    late = date(2026, 6, 20)
    await project(api, registered(f), birth(f), screening(f, on=late), scenario(f))

    claim = await submit(api, claim_body(f, "SCREENING", act_date=late.isoformat()))

    assert codes(claim) == ["SCR_07_SCREENING_WINDOW"]


async def test_scr08_a_partial_screening_is_not_paid(api: httpx.AsyncClient) -> None:
    f = Family.new()
    await project(api, registered(f), screening(f, status="PARTIAL"))

    claim = await submit(api, claim_body(f, "SCREENING"))

    assert codes(claim) == ["SCR_08_SCREENING_NOT_COMPLETED"]


# -- FIN-11 prenatal advice session ----------------------------------------------------------------------------


async def test_fin11_a_ppa_is_paid_48_78_to_a_gp_during_pregnancy(api: httpx.AsyncClient) -> None:
    f = await family(api)
    await project(api, session(f, uuid.uuid4(), on=date(2025, 11, 20)))

    claim = await submit(api, claim_body(f, "PRENATAL_ADVICE_SESSION"))

    assert (claim["status"], claim["amount"]) == ("ACCEPTED", "48.78")


async def test_fin11_a_ppa_by_a_nurse_or_after_birth_is_not_paid(api: httpx.AsyncClient) -> None:
    f = await family(api)
    await project(
        api,
        session(f, uuid.uuid4(), on=date(2026, 1, 8), by="nurse-1", profession="NURSE"),
        session(f, uuid.uuid4(), on=BIRTH.replace(day=12)),
    )

    by_nurse = await submit(
        api,
        claim_body(
            f, "PRENATAL_ADVICE_SESSION", act_date="2026-01-08", provider=provider("nurse-1", "NURSE")
        ),
    )
    after_birth = await submit(api, claim_body(f, "PRENATAL_ADVICE_SESSION", act_date="2026-06-12"))

    assert codes(by_nurse) == ["FIN_11_PROFESSION_NOT_ELIGIBLE"]
    assert codes(after_birth) == ["FIN_11_PPA_WINDOW"]


async def test_fin11_fin15_scenario_0_is_not_paid_but_the_exception_path_is(api: httpx.AsyncClient) -> None:
    none, exception = Family.new(), Family.new()
    for f, value, exc in ((none, "0", False), (exception, None, True)):
        await project(
            api,
            registered(f),
            scenario(f, value, exception=exc),
            session(f, uuid.uuid4(), on=date(2025, 11, 20)),
        )

    refused = await submit(api, claim_body(none, "PRENATAL_ADVICE_SESSION"))
    paid = await submit(api, claim_body(exception, "PRENATAL_ADVICE_SESSION"))

    assert codes(refused) == ["FIN_11_SCENARIO_NOT_ELIGIBLE"]
    assert paid["status"] == "ACCEPTED"


# -- FIN-12 coordination -----------------------------------------------------------------------------------------


async def test_fin12_a_coordination_fee_year_is_paid_720_and_needs_scenario_b_ct19(
    api: httpx.AsyncClient,
) -> None:
    b = await family(api)
    a = Family.new()
    await project(api, registered(a), scenario(a, "A"), team(a), coordinator(a))

    paid = await submit(api, claim_body(b, "COORDINATION_YEAR"))
    refused = await submit(api, claim_body(a, "COORDINATION_YEAR"))

    assert (paid["status"], paid["amount"]) == ("ACCEPTED", "720.00")
    assert paid["decision"]["evidence"][0] == {
        "kind": "COORDINATOR_APPOINTMENT",
        "ref": str(b.appointment_id),
    }
    assert codes(refused) == ["FIN_12_SCENARIO_NOT_ELIGIBLE"]


async def test_fin12_q01_a_fee_year_not_aligned_on_the_team_anchor_is_refused(api: httpx.AsyncClient) -> None:
    f = await family(api)

    claim = await submit(
        api, claim_body(f, "COORDINATION_YEAR", act_date="2026-01-01", period_end="2026-12-31")
    )

    assert codes(claim) == ["FIN_12_FEE_YEAR_MISALIGNED"]


async def test_ct11_a_non_reimbursable_coordinator_appointment_is_not_paid(api: httpx.AsyncClient) -> None:
    f = Family.new()
    await project(api, registered(f), scenario(f), team(f), coordinator(f, reimbursable=False))

    claim = await submit(api, claim_body(f, "COORDINATION_YEAR"))

    assert "CT_11_COORDINATION_NOT_REIMBURSABLE" in codes(claim)


async def test_ctx04_nothing_after_the_trajectory_ended_is_paid(api: httpx.AsyncClient) -> None:
    f = Family.new()
    await project(api, registered(f), scenario(f), screening(f), ended(f, date(2025, 11, 5)))

    claim = await submit(api, claim_body(f, "SCREENING"))

    assert codes(claim) == ["SCR_07_SCREENING_WINDOW"]


# -- FIN-13 perinatal consultation ---------------------------------------------------------------------------------


async def test_fin13_consultation_is_paid_15_per_quarter_hour_and_reduced_at_the_yearly_hour_dfi5(
    api: httpx.AsyncClient,
) -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    f = await family(api)
    await project(
        api,
        consultation(f, first, held_on=date(2026, 2, 10), minutes=45),
        consultation(f, second, held_on=date(2026, 4, 14), minutes=45),
    )

    full = await submit(api, claim_body(f, "PERINATAL_CONSULTATION", minutes=45))
    reduced = await submit(api, claim_body(f, "PERINATAL_CONSULTATION", act_date="2026-04-14", minutes=45))

    assert (full["status"], full["amount"], full["decision"]["units"]) == ("ACCEPTED", "45.00", 3)
    assert (reduced["status"], reduced["amount"], reduced["decision"]["units"]) == ("REDUCED", "15.00", 1)
    assert codes(reduced) == ["DF_5_CONSULTATION_CAP_REDUCED"]


async def test_fin13_ct50_a_consultation_without_quorum_is_not_paid(api: httpx.AsyncClient) -> None:
    f = await family(api)
    small = uuid.uuid4()
    await project(api, consultation(f, small, professionals=(("gp-1", "GENERAL_PRACTITIONER", "FEDERAL"),)))

    claim = await submit(api, claim_body(f, "PERINATAL_CONSULTATION"))

    assert codes(claim) == ["CT_50_CONSULTATION_QUORUM"]


async def test_fin13_a_consultation_without_coordinator_or_case_manager_is_not_paid(
    api: httpx.AsyncClient,
) -> None:
    f = Family.new()
    await project(api, registered(f), scenario(f), team(f), consultation(f, uuid.uuid4()))

    claim = await submit(api, claim_body(f, "PERINATAL_CONSULTATION"))

    assert codes(claim) == ["FIN_13_NO_COORDINATOR_OR_CASE_MANAGER"]


# -- FIN-14, FIN-21 / DF-4, FIN-23, FIN-24 -------------------------------------------------------------------------


async def test_fin14_a_welfare_coordinator_is_not_paid_until_the_flemish_decision_is_configured(
    financing_db_url: str,
) -> None:
    social_worker = provider("sw-1", "SOCIAL_WORKER", "FLEMISH", organisation_id="caw-1")
    for enabled, expected in ((False, "REJECTED"), (True, "ACCEPTED")):
        async with financing_app(financing_db_url, welfare_fees_enabled=enabled) as api:
            f = Family.new()
            await project(
                api,
                registered(f),
                scenario(f),
                team(f),
                coordinator(f, who="sw-1", profession="SOCIAL_WORKER"),
            )
            claim = await submit(
                api, claim_body(f, "COORDINATION_YEAR", payer="FLEMISH", provider=social_worker)
            )
        assert claim["status"] == expected
        assert ("FIN_14_WELFARE_FEES_DISABLED" in codes(claim)) is not enabled


async def test_fin21_coordination_already_in_the_mission_is_not_paid_df4_kind_en_gezin_is_held(
    api: httpx.AsyncClient,
) -> None:
    in_mission, keg = await family(api), await family(api)

    refused = await submit(
        api,
        claim_body(
            in_mission,
            "COORDINATION_YEAR",
            payer="FLEMISH",
            provider={**NURSE_FOR_FLEMISH_ORG, "coordination_in_mission": True},
        ),
    )
    held = await submit(
        api,
        claim_body(
            keg,
            "COORDINATION_YEAR",
            payer="FLEMISH",
            provider={**NURSE_FOR_FLEMISH_ORG, "organisation_kind": "KIND_EN_GEZIN"},
        ),
    )

    assert codes(refused) == ["FIN_21_COORDINATION_IN_MISSION"]
    assert (held["status"], codes(held)) == ("HELD", ["FIN_21_MISSION_REVIEW"])


async def test_fin23_case_management_is_paid_once_at_the_configured_amount_to_a_recognised_organisation(
    api: httpx.AsyncClient,
) -> None:
    f = await family(api)
    await project(api, case_management(f, uuid.uuid4()))

    paid = await submit(api, claim_body(f, "CASE_MANAGEMENT"))
    unrecognised = await submit(
        api,
        claim_body(
            f,
            "CASE_MANAGEMENT",
            provider=provider("cm-1", "SOCIAL_WORKER", "FLEMISH", organisation_id="cmorg-1"),
        ),
    )

    assert (paid["status"], paid["amount"]) == ("ACCEPTED", "300.00")
    assert paid["decision"]["payer_organisation_code"] == "ZK-SOL"  # default care fund of mutuality 300
    assert "FIN_23_ORGANISATION_NOT_RECOGNISED" in codes(unrecognised)


async def test_fin24_coordination_registered_on_a_platform_that_is_not_approved_is_not_paid(
    financing_db_url: str,
) -> None:
    async with financing_app(financing_db_url, approved_platforms="BIB,ALIVIA") as api:
        f = Family.new()
        await project(api, *standard_trajectory(f))
        claim = await submit(api, claim_body(f, "COORDINATION_YEAR"))

    assert codes(claim) == ["FIN_24_PLATFORM_NOT_APPROVED"]


# -- FIN-30 payer, FIN-20 payout, FIN-41 start, Q-17 tariffs, FIN-40 MDO ---------------------------------------------


async def test_fin30_a_claim_addressed_to_the_wrong_payer_is_rejected_naming_the_competent_one(
    api: httpx.AsyncClient,
) -> None:
    f = await family(api)

    claim = await submit(api, claim_body(f, "SCREENING", payer="FLEMISH"))

    assert codes(claim) == ["FIN_30_WRONG_PAYER"]
    assert claim["decision"]["competent_payer"] == "FEDERAL"
    assert claim["decision"]["reasons"][0]["evidence"] == [{"kind": "PAYER", "ref": "FEDERAL"}]


async def test_fin30_q15_a_wug_professional_acting_for_a_flemish_funded_organisation_is_paid_by_the_care_fund(
    api: httpx.AsyncClient,
) -> None:
    f = await family(api, care_fund_code="ZK-CM")

    claim = await submit(
        api, claim_body(f, "COORDINATION_YEAR", payer="FLEMISH", provider=NURSE_FOR_FLEMISH_ORG)
    )

    assert claim["status"] == "ACCEPTED"
    assert claim["decision"]["payer_organisation_code"] == "ZK-CM"  # the recorded care fund wins


async def test_fin20_a_payable_claim_without_a_known_mutuality_is_held_for_review(
    api: httpx.AsyncClient,
) -> None:
    f = await family(api, mutuality_code=None)

    claim = await submit(api, claim_body(f, "SCREENING"))

    assert (claim["status"], codes(claim)) == ("HELD", ["FIN_20_PAYOUT_ORGANISATION_UNKNOWN"])
    assert claim["payment_order_id"] is None


async def test_fin41_no_flemish_coordination_fee_before_the_configured_start(financing_db_url: str) -> None:
    async with financing_app(financing_db_url, flemish_payments_start=date(2027, 1, 1)) as api:
        f = Family.new()
        await project(api, *standard_trajectory(f))
        flemish = await submit(
            api, claim_body(f, "COORDINATION_YEAR", payer="FLEMISH", provider=NURSE_FOR_FLEMISH_ORG)
        )
        federal = await submit(api, claim_body(f, "COORDINATION_YEAR"))

    assert codes(flemish) == ["FIN_41_FLEMISH_COORDINATION_NOT_STARTED"]
    assert federal["status"] == "ACCEPTED"


async def test_q17_a_claim_is_priced_by_the_tariff_valid_on_its_act_date(financing_db_url: str) -> None:
    async with financing_app(
        financing_db_url, tariff_start=date(2025, 11, 15), case_management_amount=None
    ) as api:
        f = Family.new()
        await project(api, *standard_trajectory(f), case_management(f, uuid.uuid4()))
        before = await submit(api, claim_body(f, "SCREENING"))
        after = await submit(api, claim_body(f, "COORDINATION_YEAR"))
        no_amount = await submit(api, claim_body(f, "CASE_MANAGEMENT"))
        tariffs = (await api.get("/tariffs", headers=auth("billing_system"))).json()

    assert codes(before) == ["Q_17_NO_VALID_TARIFF"]
    assert after["decision"]["tariff"]["valid_from"] == "2025-11-15"
    assert codes(no_amount) == ["Q_17_NO_VALID_TARIFF"]
    assert {t["act"] for t in tariffs} == {
        "SCREENING",
        "PRENATAL_ADVICE_SESSION",
        "COORDINATION_YEAR",
        "PERINATAL_CONSULTATION",
    }
    assert all(t["valid_from"] == "2025-11-15" for t in tariffs)


async def test_fin40_the_legacy_mdo_fee_is_flemish_and_paid_only_when_configured(
    financing_db_url: str,
) -> None:
    async with financing_app(financing_db_url, legacy_mdo_amount="40.00") as api:
        f = await family(api)
        paid = await submit(api, claim_body(f, "LEGACY_MDO", act_date="2025-09-20"))
        again = await submit(api, claim_body(f, "LEGACY_MDO", act_date="2025-09-20"))

    assert (paid["status"], paid["amount"], paid["pregnancy_id"]) == ("ACCEPTED", "40.00", None)
    assert paid["decision"]["payer_organisation_code"] == "ZK-SOL"
    assert codes(again) == ["DF_5_CAP_REACHED"]
