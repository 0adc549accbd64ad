"""FIN-11 / DF-5: PPA corrections. A superseded session backs no claim and never counts as a session of its
own toward the cap; a payment made before the correction is raised for review, not rewritten."""

from __future__ import annotations

from datetime import date

import pytest

from financing.domain.assessment import Outcome
from financing.domain.caps import ppa_cap
from financing.domain.double_funding import FindingKind, superseded_after_payment
from financing.domain.model import Act, Claim
from financing.domain.reasons import Evidence, EvidenceKind, ReasonCode, Severity
from financing.domain.review import approve_after_review
from financing.domain.snapshot import PpaSession, PregnancySnapshot, current_ppa_session
from tests.financing.unit import MIDWIFE, POLICY, accepted, assess, claim, snapshot

pytestmark = pytest.mark.unit

CORRECTED_ON = date(2025, 11, 21)


def ppa(claim_id: str, session_id: str, **overrides: object) -> Claim:
    return claim(Act.PRENATAL_ADVICE_SESSION, claim_id=claim_id, activity_ref=session_id, **overrides)


def corrected(*extra: PpaSession) -> PregnancySnapshot:
    """The default sessions, ppa-1 (2025-11-20, gp-1) superseded by ppa-1c (2025-11-21, gp-1)."""
    return snapshot(
        ppa_sessions=(
            PpaSession("ppa-1", date(2025, 11, 20), "gp-1", superseded_by="ppa-1c"),
            PpaSession("ppa-1c", CORRECTED_ON, "gp-1", supersedes="ppa-1"),
            PpaSession("ppa-2", date(2026, 3, 10), "mw-1"),
            PpaSession("ppa-3", date(2026, 5, 5), "gp-1"),
            *extra,
        )
    )


SUPERSEDED = {"ppa-1": "ppa-1c"}


# -- the pure cap ---------------------------------------------------------------------------------------------


def test_a_claim_paid_for_a_superseded_session_counts_once_for_its_correction_not_as_a_session_of_its_own() -> (
    None
):
    paid = [accepted(ppa("c-1", "ppa-1"))]

    assert ppa_cap(ppa("c-2", "ppa-2"), paid, policy=POLICY, supersessions=SUPERSEDED) == []
    full = ppa_cap(
        ppa("c-3", "ppa-3"),
        [*paid, accepted(ppa("c-2", "ppa-2"))],
        policy=POLICY,
        supersessions=SUPERSEDED,
    )
    assert [r.code for r in full] == [ReasonCode.DF_5_CAP_REACHED]
    assert full[0].detail.startswith("2 PPA sessions already paid")


def test_a_corrected_session_paid_twice_after_review_still_counts_as_one_session() -> None:
    paid = [accepted(ppa("c-1", "ppa-1")), accepted(ppa("c-1c", "ppa-1c"))]

    assert ppa_cap(ppa("c-2", "ppa-2"), paid, policy=POLICY, supersessions=SUPERSEDED) == []
    # Without the correction both would be two sessions, and the cap would be reached.
    assert [r.code for r in ppa_cap(ppa("c-2", "ppa-2"), paid, policy=POLICY)] == [
        ReasonCode.DF_5_CAP_REACHED
    ]


def test_the_claim_for_a_correction_is_not_capped_by_the_payment_of_the_session_it_corrects() -> None:
    paid = [accepted(ppa("c-1", "ppa-1")), accepted(ppa("c-2", "ppa-2"))]

    assert ppa_cap(ppa("c-1c", "ppa-1c"), paid, policy=POLICY, supersessions=SUPERSEDED) == []


def test_the_current_session_follows_a_chain_of_corrections_and_stops_on_a_cycle() -> None:
    assert current_ppa_session("a", {"a": "b", "b": "c"}) == "c"
    assert current_ppa_session("c", {"a": "b", "b": "c"}) == "c"
    assert current_ppa_session("a", {"a": "b", "b": "a"}) == "b"


def test_the_snapshot_knows_a_session_is_superseded_also_from_its_correction_alone() -> None:
    only_correction = snapshot(ppa_sessions=(PpaSession("ppa-1c", CORRECTED_ON, "gp-1", supersedes="ppa-1"),))

    assert only_correction.ppa_supersessions == {"ppa-1": "ppa-1c"}
    assert corrected().ppa_supersessions == {"ppa-1": "ppa-1c"}


# -- eligibility: a superseded session backs no claim ----------------------------------------------------------


def test_a_claim_for_a_superseded_session_is_rejected_naming_the_session_and_its_correction() -> None:
    decision = assess(ppa("c-1", "ppa-1"), snap=corrected())

    assert decision.outcome is Outcome.REJECTED
    assert decision.reason_codes == ("FIN_11_SESSION_SUPERSEDED",)
    assert decision.reasons[0].rule == "FIN-11"
    assert {Evidence(EvidenceKind.PPA_SESSION, "ppa-1"), Evidence(EvidenceKind.PPA_SESSION, "ppa-1c")} <= set(
        decision.evidence
    )


def test_a_claim_without_reference_on_the_day_of_a_superseded_session_is_rejected_too() -> None:
    decision = assess(claim(Act.PRENATAL_ADVICE_SESSION), snap=corrected())

    assert decision.reason_codes == ("FIN_11_SESSION_SUPERSEDED",)


def test_a_claim_without_reference_rests_on_the_correction_when_it_is_on_the_same_day() -> None:
    same_day = snapshot(
        ppa_sessions=(
            PpaSession("ppa-1", date(2025, 11, 20), "gp-1", superseded_by="ppa-1c"),
            PpaSession("ppa-1c", date(2025, 11, 20), "gp-1", supersedes="ppa-1"),
        )
    )

    decision = assess(claim(Act.PRENATAL_ADVICE_SESSION), snap=same_day)

    assert (decision.outcome, decision.activity_id) == (Outcome.ACCEPTED, "ppa-1c")


def test_a_session_known_only_through_its_correction_is_rejected_as_superseded_not_held() -> None:
    only_correction = snapshot(ppa_sessions=(PpaSession("ppa-1c", CORRECTED_ON, "gp-1", supersedes="ppa-1"),))

    decision = assess(ppa("c-1", "ppa-1"), snap=only_correction)

    assert decision.reason_codes == ("FIN_11_SESSION_SUPERSEDED",)


def test_the_claim_for_a_superseded_session_names_the_last_correction_of_a_chain() -> None:
    chain = corrected(PpaSession("ppa-1cc", date(2025, 11, 22), "gp-1", supersedes="ppa-1c"))

    decision = assess(ppa("c-1", "ppa-1c", act_date=CORRECTED_ON), snap=chain)

    assert decision.reason_codes == ("FIN_11_SESSION_SUPERSEDED",)
    assert Evidence(EvidenceKind.PPA_SESSION, "ppa-1cc") in decision.evidence


def test_the_correction_and_a_second_session_are_paid_and_a_third_session_reaches_the_cap() -> None:
    snap = corrected()
    first = assess(ppa("c-1c", "ppa-1c", act_date=CORRECTED_ON), snap=snap)
    second = assess(ppa("c-2", "ppa-2", act_date=date(2026, 3, 10), provider=MIDWIFE), snap=snap)
    paid = [
        first.accepted_claim(ppa("c-1c", "ppa-1c", act_date=CORRECTED_ON)),
        second.accepted_claim(ppa("c-2", "ppa-2", act_date=date(2026, 3, 10), provider=MIDWIFE)),
    ]

    third = assess(ppa("c-3", "ppa-3", act_date=date(2026, 5, 5)), snap=snap, accepted_claims=paid)

    assert (first.outcome, second.outcome) == (Outcome.ACCEPTED, Outcome.ACCEPTED)
    assert third.reason_codes == ("DF_5_CAP_REACHED",)


# -- paid before the correction: raised for review ------------------------------------------------------------


def test_a_claim_for_the_correction_of_a_paid_session_is_held_with_a_finding_naming_both_claims_and_sessions() -> (
    None
):
    paid = [accepted(ppa("c-1", "ppa-1"), "48.78"), accepted(ppa("c-2", "ppa-2"), "48.78")]

    decision = assess(ppa("c-1c", "ppa-1c", act_date=CORRECTED_ON), snap=corrected(), accepted_claims=paid)

    assert decision.outcome is Outcome.HELD
    assert decision.reason_codes == ("PPA_SUPERSEDED_AFTER_PAYMENT",)
    (finding,) = decision.findings
    assert (finding.kind, finding.effect, finding.rule) == (
        FindingKind.PPA_SUPERSEDED_AFTER_PAYMENT,
        Severity.REVIEW,
        "DF-5",
    )
    assert (finding.claim_id, finding.other_claim_id) == ("c-1c", "c-1")
    assert "ppa-1" in finding.detail and "ppa-1c" in finding.detail
    assert {
        Evidence(EvidenceKind.CLAIM, "c-1"),
        Evidence(EvidenceKind.PPA_SESSION, "ppa-1"),
        Evidence(EvidenceKind.PPA_SESSION, "ppa-1c"),
    } <= set(decision.evidence)
    # A finance officer may still pay it (e.g. once the first payment is recovered).
    assert approve_after_review(decision).outcome is Outcome.ACCEPTED


def test_a_paid_claim_whose_session_is_superseded_afterwards_is_raised_for_review_on_itself() -> None:
    finding = superseded_after_payment(accepted(ppa("c-1", "ppa-1"), "48.78"), "ppa-1", "ppa-1c")

    assert (finding.kind, finding.code, finding.effect) == (
        FindingKind.PPA_SUPERSEDED_AFTER_PAYMENT,
        ReasonCode.PPA_SUPERSEDED_AFTER_PAYMENT,
        Severity.REVIEW,
    )
    assert finding.claim_id == finding.other_claim_id == "c-1"
    assert "session ppa-1," in finding.detail and "session ppa-1c" in finding.detail
    assert finding.evidence == (
        Evidence(EvidenceKind.PPA_SESSION, "ppa-1"),
        Evidence(EvidenceKind.PPA_SESSION, "ppa-1c"),
    )
