from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from financing.domain.assessment import Outcome
from financing.domain.caps import consultation_allowance
from financing.domain.model import AcceptedClaim, Act, Claim, Money, Payer
from financing.domain.policy import Policy
from financing.domain.reasons import Evidence, EvidenceKind
from financing.domain.snapshot import CaseManagementIntervention, Consultation, PpaSession
from tests.financing.unit import (
    FLEMISH_OPEN,
    GP,
    GYNAECOLOGIST,
    MIDWIFE,
    NURSE,
    PAEDIATRICIAN,
    POLICY,
    SOCIAL_WORKER,
    accepted,
    assess,
    claim,
    participant,
    pay,
    snapshot,
)

pytestmark = pytest.mark.unit

WELFARE_ON = Policy(welfare_fees_enabled=True, flemish_payments_start=date(2024, 10, 1))


def _consult(claim_id: str, who: object, minutes: int, day: date = date(2026, 2, 10), **kw: object) -> Claim:
    return claim(
        Act.PERINATAL_CONSULTATION, claim_id=claim_id, provider=who, minutes=minutes, act_date=day, **kw
    )


def _pay_in_order(items: list[Claim], *, policy: Policy = POLICY, **kw: object) -> list[AcceptedClaim]:
    paid: list[AcceptedClaim] = []
    for item in items:
        decision = assess(item, accepted_claims=paid, policy=policy, **kw)  # type: ignore[arg-type]
        assert decision.is_payable, (item.claim_id, decision.reason_codes)
        paid.append(pay(decision, item))
    return paid


# -- screening and PPA ------------------------------------------------------------------------------------


def test_df5_second_screening_of_a_pregnancy_is_not_paid() -> None:
    first = claim(Act.SCREENING, claim_id="c-0")

    decision = assess(claim(Act.SCREENING, claim_id="c-1"), accepted_claims=[accepted(first, "22.55")])

    assert decision.outcome is Outcome.REJECTED
    assert decision.reason_codes == ("DF_5_CAP_REACHED",)
    assert Evidence(EvidenceKind.CLAIM, "c-0") in decision.evidence


def test_df5_fin11_third_ppa_of_a_pregnancy_is_not_paid() -> None:
    first = claim(Act.PRENATAL_ADVICE_SESSION, claim_id="ppa-c1")
    second = claim(
        Act.PRENATAL_ADVICE_SESSION, claim_id="ppa-c2", provider=MIDWIFE, act_date=date(2026, 3, 10)
    )
    paid = _pay_in_order([first, second])
    third = claim(Act.PRENATAL_ADVICE_SESSION, claim_id="ppa-c3", act_date=date(2026, 5, 5))

    decision = assess(third, accepted_claims=paid)

    assert [p.amount for p in paid] == [Money.of("48.78"), Money.of("48.78")]
    assert decision.outcome is Outcome.REJECTED
    assert decision.reason_codes == ("DF_5_CAP_REACHED",)
    assert {e.ref for e in decision.evidence if e.kind is EvidenceKind.CLAIM} == {"ppa-c1", "ppa-c2"}


def test_df5_the_same_ppa_session_is_paid_once() -> None:
    first = claim(Act.PRENATAL_ADVICE_SESSION, claim_id="ppa-c1")

    decision = assess(
        claim(Act.PRENATAL_ADVICE_SESSION, claim_id="ppa-c9"), accepted_claims=[accepted(first)]
    )

    assert decision.reason_codes == ("DF_5_CAP_REACHED",)


def test_q04_ppa_cap_counts_per_pregnancy_so_a_next_pregnancy_starts_again() -> None:
    paid = [
        accepted(claim(Act.PRENATAL_ADVICE_SESSION, claim_id="a")),
        accepted(
            claim(Act.PRENATAL_ADVICE_SESSION, claim_id="b", act_date=date(2026, 3, 10), provider=MIDWIFE)
        ),
    ]
    next_pregnancy = snapshot(
        pregnancy_id="preg-2",
        expected_delivery_date=date(2027, 9, 1),
        birth_date=None,
        ppa_sessions=(PpaSession("ppa-21", date(2027, 2, 1), "gp-1"),),
    )
    item = claim(Act.PRENATAL_ADVICE_SESSION, claim_id="c", pregnancy_id="preg-2", act_date=date(2027, 2, 1))

    decision = assess(item, snap=next_pregnancy, accepted_claims=paid, today=date(2027, 2, 10))

    assert decision.outcome is Outcome.ACCEPTED


# -- consultation ---------------------------------------------------------------------------------------------


def test_df5_fin13_75_minutes_of_consultation_are_reduced_to_60() -> None:
    decision = assess(_consult("k-1", GP, 75))

    assert decision.outcome is Outcome.REDUCED
    assert decision.requested_amount == Money.of("75")
    assert decision.amount == Money.of("60")
    assert decision.units == 4
    assert decision.reason_codes == ("DF_5_CONSULTATION_CAP_REDUCED",)


def test_df5_fin13_fifth_health_insurance_professional_of_a_consultation_is_not_paid() -> None:
    paid = _pay_in_order(
        [_consult(f"k-{i}", who, 60) for i, who in enumerate((GP, MIDWIFE, NURSE, GYNAECOLOGIST))]
    )

    fifth = assess(_consult("k-5", PAEDIATRICIAN, 60), accepted_claims=paid)

    assert [p.amount for p in paid] == [Money.of("60")] * 4
    assert fifth.outcome is Outcome.REJECTED
    assert fifth.reason_codes == ("DF_5_CONSULTATION_PROFESSIONALS_CAP",)
    assert {e.ref for e in fifth.evidence if e.kind is EvidenceKind.CLAIM} == {"k-0", "k-1", "k-2", "k-3"}


def test_df5_welfare_participant_does_not_count_toward_the_four_health_insurance_professionals() -> None:
    paid = _pay_in_order(
        [_consult(f"k-{i}", who, 60) for i, who in enumerate((GP, MIDWIFE, NURSE, GYNAECOLOGIST))],
        policy=WELFARE_ON,
    )

    decision = assess(
        _consult("k-sw", SOCIAL_WORKER, 60, payer=Payer.FLEMISH), accepted_claims=paid, policy=WELFARE_ON
    )

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.amount == Money.of("60")


def test_q03_yearly_hour_is_shared_by_the_consultations_of_the_client() -> None:
    paid = _pay_in_order([_consult("k-1", GP, 45)])
    second = _consult("k-2", GP, 45, day=date(2026, 4, 14))

    decision = assess(second, accepted_claims=paid)

    assert decision.outcome is Outcome.REDUCED
    assert decision.amount == Money.of("15")
    assert "DF_5_CONSULTATION_CAP_REDUCED" in decision.reason_codes


def test_q03_participants_of_one_consultation_share_its_time_not_each_other_s_cap() -> None:
    paid = _pay_in_order([_consult("k-1", GP, 45), _consult("k-2", MIDWIFE, 45)])

    nurse = assess(_consult("k-3", NURSE, 45), accepted_claims=paid)

    assert nurse.outcome is Outcome.ACCEPTED
    assert nurse.amount == Money.of("45")


def test_q03_consultation_after_the_yearly_hour_is_used_is_not_paid() -> None:
    paid = _pay_in_order([_consult("k-1", GP, 60)])

    decision = assess(_consult("k-2", GP, 45, day=date(2026, 4, 14)), accepted_claims=paid)

    assert decision.outcome is Outcome.REJECTED
    assert decision.reason_codes == ("DF_5_CAP_REACHED",)


def test_q03_the_hour_is_per_calendar_year() -> None:
    paid = _pay_in_order([_consult("k-1", GP, 60)])
    next_year = Consultation(
        "cons-27",
        "team-1",
        date(2027, 1, 12),
        (participant(GP, 60), participant(MIDWIFE, 60), participant(NURSE, 60)),
    )

    decision = assess(
        _consult("k-2", GP, 60, day=date(2027, 1, 12)),
        accepted_claims=paid,
        snap=snapshot(consultations=(next_year,)),
        today=date(2027, 2, 1),
    )

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.amount == Money.of("60")


def test_fin13_partial_quarter_hour_is_not_paid() -> None:
    decision = assess(_consult("k-1", GP, 50))

    assert decision.outcome is Outcome.REDUCED
    assert decision.requested_amount == Money.of("60")
    assert decision.amount == Money.of("45")
    assert decision.reason_codes == ("FIN_13_PARTIAL_UNIT_NOT_PAID",)


def test_fin13_consultation_shorter_than_one_unit_is_not_paid() -> None:
    decision = assess(_consult("k-1", GP, 10))

    assert decision.outcome is Outcome.REJECTED
    assert decision.reason_codes == ("FIN_13_PARTIAL_UNIT_NOT_PAID",)


def test_fin13_minutes_above_the_registered_participation_are_not_paid() -> None:
    decision = assess(_consult("k-1", GP, 60, day=date(2026, 4, 14)))

    assert decision.outcome is Outcome.REDUCED
    assert decision.amount == Money.of("45")
    assert decision.reason_codes == ("FIN_13_MINUTES_ABOVE_REGISTRATION",)


def test_df5_participant_is_paid_once_per_consultation() -> None:
    paid = _pay_in_order([_consult("k-1", GP, 30)])

    decision = assess(_consult("k-2", GP, 30), accepted_claims=paid)

    assert decision.reason_codes == ("DF_5_CAP_REACHED",)


def test_q03_consultation_allowance_can_be_used_without_a_snapshot() -> None:
    earlier = accepted(_consult("k-1", GP, 45, activity_ref="cons-1"), "45", units=3)
    later = _consult("k-2", MIDWIFE, 30, day=date(2026, 4, 14), activity_ref="cons-2")

    result = consultation_allowance(later, [earlier], policy=POLICY)

    assert (result.requested_units, result.payable_units) == (2, 1)


# -- coordination and case management -----------------------------------------------------------------------


def test_df5_fin12_one_coordination_fee_per_team_per_fee_year() -> None:
    paid = _pay_in_order([claim(Act.COORDINATION_YEAR, claim_id="co-1")])

    again = assess(claim(Act.COORDINATION_YEAR, claim_id="co-2"), accepted_claims=paid)
    next_year = assess(
        claim(
            Act.COORDINATION_YEAR, claim_id="co-3", act_date=date(2026, 12, 1), period_end=date(2027, 11, 30)
        ),
        accepted_claims=paid,
        today=date(2027, 1, 10),
    )

    assert again.reason_codes == ("DF_5_CAP_REACHED",)
    assert next_year.outcome is Outcome.ACCEPTED


def test_df5_q11_case_management_is_paid_once_per_intervention() -> None:
    paid = _pay_in_order([claim(Act.CASE_MANAGEMENT, claim_id="cm-c1")], policy=FLEMISH_OPEN)

    again = assess(claim(Act.CASE_MANAGEMENT, claim_id="cm-c2"), accepted_claims=paid, policy=FLEMISH_OPEN)

    assert paid[0].amount == Money.of("300")
    assert again.outcome is Outcome.REJECTED
    assert again.reason_codes == ("DF_5_CAP_REACHED",)


def test_q11_a_new_case_management_intervention_for_the_team_is_paid_again() -> None:
    snap = snapshot(
        case_management_interventions=(
            CaseManagementIntervention(
                "int-1", "team-1", "cmorg-1", "cm-1", date(2026, 1, 5), date(2026, 3, 31), platform="BIB"
            ),
            CaseManagementIntervention(
                "int-2", "team-1", "cmorg-1", "cm-1", date(2026, 5, 4), date(2026, 6, 20), platform="BIB"
            ),
        )
    )
    paid = _pay_in_order([claim(Act.CASE_MANAGEMENT, claim_id="cm-c1")], policy=FLEMISH_OPEN, snap=snap)
    second = claim(
        Act.CASE_MANAGEMENT, claim_id="cm-c2", act_date=date(2026, 5, 4), period_end=date(2026, 6, 20)
    )

    decision = assess(second, accepted_claims=paid, policy=FLEMISH_OPEN, snap=snap)

    assert decision.outcome is Outcome.ACCEPTED
    assert decision.activity_id == "int-2"


def test_df5_reassessing_an_accepted_claim_does_not_count_it_against_itself() -> None:
    item = claim(Act.SCREENING, claim_id="c-1")
    paid = _pay_in_order([item])

    decision = assess(item, accepted_claims=paid)

    assert decision.outcome is Outcome.ACCEPTED


def test_df5_the_same_screening_record_is_paid_once_even_with_a_higher_cap() -> None:
    first = claim(Act.SCREENING, claim_id="c-0", activity_ref="scr-1")

    decision = assess(
        claim(Act.SCREENING, claim_id="c-1"),
        accepted_claims=[accepted(first, "22.55")],
        policy=replace(POLICY, screenings_per_pregnancy=2),
    )

    assert decision.reason_codes == ("DF_5_CAP_REACHED",)
    assert decision.reasons[0].detail == "this screening is already paid"


def test_df5_fin40_one_mdo_meeting_is_paid_once_to_the_same_professional() -> None:
    first = claim(Act.LEGACY_MDO, claim_id="mdo-0")
    other_day = claim(Act.LEGACY_MDO, claim_id="mdo-2", act_date=date(2026, 2, 27))

    again = assess(
        claim(Act.LEGACY_MDO, claim_id="mdo-1"), accepted_claims=[accepted(first, "40")], no_snapshot=True
    )
    next_meeting = assess(other_day, accepted_claims=[accepted(first, "40")], no_snapshot=True)

    assert again.reason_codes == ("DF_5_CAP_REACHED",)
    assert next_meeting.outcome is Outcome.ACCEPTED
