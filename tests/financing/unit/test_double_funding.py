from __future__ import annotations

from datetime import date

import pytest

from financing.domain.assessment import Outcome
from financing.domain.double_funding import FindingKind, find_double_funding
from financing.domain.errors import DoubleFundingDetected
from financing.domain.model import Act, FundingType, Payer, Profession
from financing.domain.reasons import Severity
from financing.domain.snapshot import CaseManagementIntervention, CoordinatorAppointment
from shared.errors import RuleViolated
from tests.financing.unit import (
    FLEMISH_OPEN,
    GP,
    MIDWIFE,
    accepted,
    assess,
    claim,
    pay,
    provider,
    snapshot,
)

pytestmark = pytest.mark.unit

FLEMISH_NURSE = provider("nurse-1", Profession.NURSE, organisation_id="wgc-1", funding=FundingType.FLEMISH)
FLEMISH_MIDWIFE = provider("mw-1", Profession.MIDWIFE, organisation_id="wgc-1", funding=FundingType.FLEMISH)
HANDOVER = snapshot(
    coordinator_appointments=(
        CoordinatorAppointment(
            "app-1", "team-1", "nurse-1", date(2025, 12, 1), date(2026, 3, 31), platform="BIB"
        ),
        CoordinatorAppointment("app-2", "team-1", "mw-1", date(2026, 4, 1), platform="BIB"),
    )
)


# -- DF-3: the same act for the same pregnancy at the other payer ---------------------------------------------


def test_df3_same_screening_accepted_federally_then_claimed_at_flanders_is_a_finding_naming_both_claims() -> (
    None
):
    federal = accepted(claim(Act.SCREENING, claim_id="fed-scr-1", payer=Payer.FEDERAL), "22.55")
    flemish = claim(Act.SCREENING, claim_id="fl-scr-1", payer=Payer.FLEMISH)

    [finding] = find_double_funding(flemish, [federal])

    assert finding.rule == "DF-3"
    assert finding.kind is FindingKind.SAME_ROLE_OTHER_PAYER
    assert finding.code == "DF_3_SAME_ROLE_OTHER_PAYER"
    assert (finding.claim_id, finding.other_claim_id) == ("fl-scr-1", "fed-scr-1")
    assert (finding.payer, finding.other_payer) == (Payer.FLEMISH, Payer.FEDERAL)
    assert finding.blocks


def test_df3_same_screening_claimed_at_flanders_is_rejected_with_the_finding() -> None:
    federal = accepted(claim(Act.SCREENING, claim_id="fed-scr-1"), "22.55")

    decision = assess(
        claim(Act.SCREENING, claim_id="fl-scr-1", payer=Payer.FLEMISH), accepted_claims=[federal]
    )

    assert decision.outcome is Outcome.REJECTED
    assert set(decision.reason_codes) == {
        "FIN_30_WRONG_PAYER",
        "DF_5_CAP_REACHED",
        "DF_3_SAME_ROLE_OTHER_PAYER",
    }
    assert [(f.claim_id, f.other_claim_id) for f in decision.findings] == [("fl-scr-1", "fed-scr-1")]
    error = decision.error()
    assert isinstance(error, DoubleFundingDetected) and isinstance(error, RuleViolated)
    assert error.rule == "DF-3"
    assert error.extra["other_claim_ids"] == ["fed-scr-1"]


def test_df3_same_coordinator_paid_by_both_payers_for_one_fee_year_is_a_finding() -> None:
    federal = accepted(claim(Act.COORDINATION_YEAR, claim_id="fed-co"), "720")
    flemish = claim(Act.COORDINATION_YEAR, claim_id="fl-co", provider=FLEMISH_NURSE, payer=Payer.FLEMISH)

    [finding] = find_double_funding(flemish, [federal])

    assert finding.kind is FindingKind.SAME_ROLE_OTHER_PAYER
    assert finding.other_claim_id == "fed-co"


def test_df3_same_consultation_participation_at_the_other_payer_is_a_finding() -> None:
    federal = accepted(claim(Act.PERINATAL_CONSULTATION, claim_id="fed-k", minutes=60), "60", units=4)
    flemish = claim(
        Act.PERINATAL_CONSULTATION,
        claim_id="fl-k",
        provider=provider("gp-1", Profession.GENERAL_PRACTITIONER, funding=FundingType.FLEMISH),
        payer=Payer.FLEMISH,
        minutes=60,
    )

    kinds = [f.kind for f in find_double_funding(flemish, [federal])]

    assert kinds == [FindingKind.SAME_ROLE_OTHER_PAYER]


def test_df3_different_ppa_sessions_are_not_the_same_role() -> None:
    first = accepted(claim(Act.PRENATAL_ADVICE_SESSION, claim_id="a"))
    other_session = claim(
        Act.PRENATAL_ADVICE_SESSION,
        claim_id="b",
        provider=MIDWIFE,
        act_date=date(2026, 3, 10),
        payer=Payer.FLEMISH,
    )

    assert find_double_funding(other_session, [first]) == []


def test_df5_same_payer_repeat_is_a_cap_not_a_double_funding_finding() -> None:
    first = accepted(claim(Act.SCREENING, claim_id="a"))

    assert find_double_funding(claim(Act.SCREENING, claim_id="b"), [first]) == []


# -- DF-1 / Q-18: one paid coordinator per team ----------------------------------------------------------------


@pytest.mark.parametrize("first_payer", [Payer.FEDERAL, Payer.FLEMISH])
def test_df1_second_coordinator_of_same_team_in_overlapping_year_is_double_funding(
    first_payer: Payer,
) -> None:
    first = accepted(claim(Act.COORDINATION_YEAR, claim_id="co-nurse", payer=first_payer), "720")
    second = claim(Act.COORDINATION_YEAR, claim_id="co-mw", provider=MIDWIFE)

    [finding] = find_double_funding(second, [first])

    assert finding.rule == "DF-1"
    assert finding.kind is FindingKind.SECOND_COORDINATOR
    assert (finding.claim_id, finding.other_claim_id) == ("co-mw", "co-nurse")
    assert finding.other_payer is first_payer
    assert finding.blocks


def test_df1_q18_after_a_coordinator_change_the_first_eligible_claim_wins_and_the_later_is_flagged() -> None:
    nurse_claim = claim(Act.COORDINATION_YEAR, claim_id="co-nurse")
    midwife_claim = claim(Act.COORDINATION_YEAR, claim_id="co-mw", provider=MIDWIFE)
    first = assess(nurse_claim, snap=HANDOVER)

    later = assess(midwife_claim, snap=HANDOVER, accepted_claims=[pay(first, nurse_claim)])

    assert first.outcome is Outcome.ACCEPTED
    assert later.outcome is Outcome.REJECTED
    assert "DF_1_SECOND_COORDINATOR_SAME_TEAM" in later.reason_codes
    assert later.findings[0].other_claim_id == "co-nurse"
    assert later.activity_id == "app-2"


def test_df1_q18_whoever_claims_first_wins_across_payers() -> None:
    flemish_mw = claim(Act.COORDINATION_YEAR, claim_id="co-mw", provider=FLEMISH_MIDWIFE, payer=Payer.FLEMISH)
    first = assess(flemish_mw, snap=HANDOVER, policy=FLEMISH_OPEN)

    later = assess(
        claim(Act.COORDINATION_YEAR, claim_id="co-nurse"),
        snap=HANDOVER,
        accepted_claims=[pay(first, flemish_mw)],
        policy=FLEMISH_OPEN,
    )

    assert first.outcome is Outcome.ACCEPTED
    assert [f.kind for f in later.findings] == [FindingKind.SECOND_COORDINATOR]
    assert later.outcome is Outcome.REJECTED


def test_df1_coordinators_of_the_same_team_in_consecutive_fee_years_are_not_double_funding() -> None:
    first = accepted(claim(Act.COORDINATION_YEAR, claim_id="co-1"), "720")
    next_year = claim(
        Act.COORDINATION_YEAR,
        claim_id="co-2",
        provider=MIDWIFE,
        act_date=date(2026, 12, 1),
        period_end=date(2027, 11, 30),
    )

    assert find_double_funding(next_year, [first]) == []


def test_df1_coordinators_of_different_teams_are_not_double_funding() -> None:
    first = accepted(claim(Act.COORDINATION_YEAR, claim_id="co-1"), "720")

    assert find_double_funding(claim(Act.COORDINATION_YEAR, claim_id="co-2", team_id="team-2"), [first]) == []


# -- DF-2: case management ----------------------------------------------------------------------------------


def test_df2_case_management_paid_by_both_payers_is_a_blocking_finding() -> None:
    federal_org = provider(
        "cm-1",
        Profession.NURSE,
        organisation_id="cmorg-1",
        funding=FundingType.FEDERAL,
        recognised_for_case_management=True,
    )
    federal = accepted(
        claim(Act.CASE_MANAGEMENT, claim_id="fed-cm", provider=federal_org, payer=Payer.FEDERAL)
    )
    flemish = claim(Act.CASE_MANAGEMENT, claim_id="fl-cm")

    [finding] = find_double_funding(flemish, [federal])

    assert finding.rule == "DF-2"
    assert finding.kind is FindingKind.CASE_MANAGEMENT_TWICE
    assert (finding.claim_id, finding.other_claim_id) == ("fl-cm", "fed-cm")
    assert finding.blocks


def test_df2_second_case_manager_of_the_team_in_an_overlapping_period_is_held_for_review() -> None:
    other_org = provider(
        "cm-2",
        Profession.SOCIAL_WORKER,
        organisation_id="cmorg-2",
        funding=FundingType.FLEMISH,
        recognised_for_case_management=True,
    )
    snap = snapshot(
        case_management_interventions=(
            CaseManagementIntervention(
                "int-1", "team-1", "cmorg-1", "cm-1", date(2026, 1, 5), date(2026, 3, 31), platform="BIB"
            ),
            CaseManagementIntervention(
                "int-0", "team-1", "cmorg-2", "cm-2", date(2026, 1, 2), date(2026, 2, 28), platform="BIB"
            ),
        )
    )
    earlier = accepted(
        claim(
            Act.CASE_MANAGEMENT,
            claim_id="cm-a",
            provider=other_org,
            act_date=date(2026, 1, 2),
            period_end=date(2026, 2, 28),
            activity_ref="int-0",
        )
    )

    decision = assess(
        claim(Act.CASE_MANAGEMENT, claim_id="cm-b"), snap=snap, accepted_claims=[earlier], policy=FLEMISH_OPEN
    )

    assert decision.outcome is Outcome.HELD
    assert decision.reason_codes == ("DF_2_SECOND_CASE_MANAGER_SAME_TEAM",)
    assert decision.findings[0].effect is Severity.REVIEW
    assert decision.findings[0].other_claim_id == "cm-a"


# -- DF-7 / Q-10: flat fee including consultation, legacy MDO ---------------------------------------------------


def test_df7_consultation_fee_inside_a_flemish_coordination_year_is_held_for_review() -> None:
    flemish_year = accepted(
        claim(Act.COORDINATION_YEAR, claim_id="fl-co", provider=FLEMISH_NURSE, payer=Payer.FLEMISH), "720"
    )

    decision = assess(
        claim(Act.PERINATAL_CONSULTATION, claim_id="k-1", provider=GP), accepted_claims=[flemish_year]
    )

    assert decision.outcome is Outcome.HELD
    assert decision.reason_codes == ("DF_7_CONSULTATION_IN_FLEMISH_COORDINATION_YEAR",)
    [finding] = decision.findings
    assert (finding.claim_id, finding.other_claim_id, finding.rule) == ("k-1", "fl-co", "DF-7")
    assert not finding.blocks


def test_df7_consultation_inside_a_federal_coordination_year_is_not_a_finding() -> None:
    federal_year = accepted(claim(Act.COORDINATION_YEAR, claim_id="fed-co"), "720")

    assert find_double_funding(claim(Act.PERINATAL_CONSULTATION, claim_id="k-1"), [federal_year]) == []


def test_df7_flemish_coordination_year_over_already_paid_consultations_is_held_for_review() -> None:
    consultation = accepted(claim(Act.PERINATAL_CONSULTATION, claim_id="k-1"), "60", units=4)
    flemish = claim(Act.COORDINATION_YEAR, claim_id="fl-co", provider=FLEMISH_NURSE, payer=Payer.FLEMISH)

    [finding] = find_double_funding(flemish, [consultation])

    assert finding.kind is FindingKind.CONSULTATION_IN_FLAT_FEE_YEAR
    assert (finding.claim_id, finding.other_claim_id) == ("fl-co", "k-1")
    assert assess(flemish, accepted_claims=[consultation], policy=FLEMISH_OPEN).outcome is Outcome.HELD


def test_df7_legacy_mdo_claim_overlapping_a_coordination_year_is_held_for_review() -> None:
    coordination = accepted(claim(Act.COORDINATION_YEAR, claim_id="fed-co"), "720")

    decision = assess(
        claim(Act.LEGACY_MDO, claim_id="mdo-1"), accepted_claims=[coordination], no_snapshot=True
    )

    assert decision.outcome is Outcome.HELD
    assert decision.reason_codes == ("DF_7_LEGACY_MDO_OVERLAPS_COORDINATION",)
    assert decision.findings[0].other_claim_id == "fed-co"


def test_df7_coordination_year_overlapping_a_paid_legacy_mdo_claim_is_held_for_review() -> None:
    mdo = accepted(claim(Act.LEGACY_MDO, claim_id="mdo-1"), "40")

    decision = assess(claim(Act.COORDINATION_YEAR, claim_id="fed-co"), accepted_claims=[mdo])

    assert decision.outcome is Outcome.HELD
    assert [(f.kind, f.other_claim_id) for f in decision.findings] == [
        (FindingKind.LEGACY_MDO_OVERLAP, "mdo-1")
    ]


def test_df7_legacy_mdo_outside_any_coordination_year_is_paid() -> None:
    coordination = accepted(claim(Act.COORDINATION_YEAR, claim_id="fed-co"), "720")

    decision = assess(
        claim(Act.LEGACY_MDO, claim_id="mdo-1", act_date=date(2025, 10, 1)),
        accepted_claims=[coordination],
        no_snapshot=True,
    )

    assert decision.outcome is Outcome.ACCEPTED
