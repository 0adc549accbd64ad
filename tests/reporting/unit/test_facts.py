from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from reporting.domain.errors import InvalidFact
from reporting.domain.model import FactKind, Scenario
from reporting.service import facts
from reporting.service.facts import project_event, scrub_free_text
from reporting.service.handlers import safe_projection
from tests.reporting import events as ev

pytestmark = pytest.mark.unit

MARCH = date(2026, 3, 10)
AT = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)  # already 1 April in Brussels


def project(envelope: Any) -> facts.Projection:
    payload = envelope.payload.model_dump(mode="json")
    return project_event(envelope.event_type, envelope.event_version, payload, envelope.occurred_at)


def test_a_registration_is_dated_in_belgian_time_and_keeps_its_programme_and_residence() -> None:
    envelope = ev.registered("c1", nis="11002", day=MARCH, programme="CHILD_OBESITY", professional="riziv-1")
    projection = project_event(envelope.event_type, 1, envelope.payload.model_dump(mode="json"), AT)
    (fact,) = projection.facts
    assert (fact.kind, fact.occurred_on, fact.programme, fact.residence_nis) == (
        FactKind.PREGNANCY_REGISTERED,
        date(2026, 4, 1),
        "CHILD_OBESITY",
        "11002",
    )
    assert fact.professional_id is not None and fact.professional_id.startswith("pro-")
    assert "riziv" not in fact.professional_id
    assert projection.client_key == ev.pseudonym("c1")


def test_a_completed_screening_is_a_screening_and_an_inclusion_on_the_tool_result() -> None:
    who = ev.performer("pro-9", profession="midwife", funding="federal", location_nis="23088")
    projection = project(ev.screened("c1", nis="11002", day=MARCH, week=12, scenario="A", who=who))
    screening, inclusion = projection.facts
    assert screening.kind is FactKind.SCREENING_COMPLETED
    assert screening.attributes["gestational_week"] == "12"
    assert (screening.profession, screening.funding_type, screening.performer_nis) == (
        "MIDWIFE",
        "FEDERAL",
        "23088",
    )
    assert inclusion.kind is FactKind.INCLUSION_DETERMINED
    assert (inclusion.scenario, inclusion.attributes["inclusion_basis"]) == (Scenario.A, "TOOL_RESULT")
    assert projection.record_key is not None and projection.record_key.startswith("screening:")


def test_a_partial_screening_adds_no_fact_but_still_retracts_what_it_corrects() -> None:
    projection = project(
        ev.screened("c1", nis="11002", day=MARCH, status="PARTIAL", name="v2", supersedes="v1")
    )
    assert projection.facts == ()
    assert projection.supersedes == f"screening:{ev.uid('screening:v1')}"


def test_a_corrected_advice_session_is_a_session_that_retracts_the_one_it_supersedes() -> None:
    first = project(ev.advice_session("c1", nis="11002", day=MARCH))
    correction = project(ev.advice_session_corrected("c1", nis="11002", day=MARCH, name="fix"))
    assert first.supersedes is None
    assert first.record_key == f"ppa:{ev.uid('ppa:c1:1')}"
    (fact,) = correction.facts
    assert fact.kind is FactKind.PRENATAL_ADVICE_SESSION_HELD
    assert correction.record_key == f"ppa:{ev.uid('ppa:c1:fix')}"
    assert correction.supersedes == first.record_key


def test_referrals_and_withdrawn_case_management_requests_add_no_facts() -> None:
    for envelope in (
        ev.referral("c1", nis="11002", day=MARCH),
        ev.referral("c1", nis="11002", day=MARCH, name="fix", supersedes="1"),
        ev.case_management_withdrawn("c1", day=MARCH),
    ):
        assert project(envelope) == facts.EMPTY


def test_an_exception_path_decision_keeps_its_basis_and_reason() -> None:
    (fact,) = project(ev.included("c1", nis="11002", day=MARCH, scenario="B", reason="REFUSAL")).facts
    assert fact.scenario is Scenario.B
    assert dict(fact.attributes) == {
        "inclusion_basis": "PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT",
        "reason": "REFUSAL",
    }


def test_careteam_facts_wait_for_the_residence_of_the_registration() -> None:
    projection = project(ev.coordinator_appointed("c1", day=MARCH))
    (fact,) = projection.facts
    assert (fact.kind, fact.residence_nis, fact.profession) == (
        FactKind.COORDINATION_STARTED,
        None,
        "GENERAL_PRACTITIONER",
    )
    assert projection.client_key == ev.pseudonym("c1")
    assert project(ev.coordinator_appointed("c1", day=MARCH, handover=True)).facts == ()


def test_a_consultation_counts_once_and_each_participant_by_profession_or_kind() -> None:
    held, *participants = project(ev.consultation_held("c1", day=MARCH, professionals=2)).facts
    assert held.kind is FactKind.PERINATAL_CONSULTATION_HELD
    assert [(p.profession, p.professional_id is None) for p in participants] == [
        ("GENERAL_PRACTITIONER", False),
        ("MIDWIFE", False),
        ("CLIENT", True),
    ]


def test_intakes_carry_careteams_verdict() -> None:
    (fact,) = project(ev.intake_scheduled("c1", day=MARCH, late=True)).facts
    assert fact.attributes["intake_late"] == "true"


def test_a_paid_claim_and_a_review_that_replaces_its_decision() -> None:
    (paid,) = project(ev.claim_decided("c1", day=MARCH, amount="48.78", act="PRENATAL_ADVICE_SESSION")).facts
    assert (paid.amount, paid.attributes["payer"], paid.attributes["act"]) == (
        Decimal("48.78"),
        "FEDERAL",
        "PRENATAL_ADVICE_SESSION",
    )
    review = project(ev.claim_decided("c1", day=MARCH, outcome="REJECTED", amount="0.00", decision=2))
    assert review.facts == ()
    assert review.supersedes == f"claim:{ev.uid('claim:c1')}:1"


def test_a_double_funding_finding_counts_per_rule() -> None:
    (fact,) = project(ev.finding_raised("c1", day=MARCH, rule="DF-3")).facts
    assert (fact.kind, fact.attributes["rule"]) == (FactKind.DOUBLE_FUNDING_FOUND, "DF-3")


def test_event_types_without_a_mapping_add_nothing() -> None:
    assert project_event("careteam.care_plan.changed", 1, {"team_id": "t"}, AT) == facts.EMPTY
    assert "screening.pregnancy.registered" in facts.mapped_event_types()


def test_a_payload_that_cannot_be_mapped_is_an_invalid_fact_and_the_consumer_keeps_the_event() -> None:
    with pytest.raises(InvalidFact):
        project_event("financing.claim.decided", 1, {"claim_id": "c", "amount": "lots"}, AT)
    projection = safe_projection(
        "screening.pregnancy.registered", 1, {"programme": "PERINATAL"}, AT, ev.uid("x")
    )
    assert projection == facts.EMPTY


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("midwife", "MIDWIFE"),
        ("Health-Insurance", "HEALTH_INSURANCE"),
        ("9 lives", "UNSPECIFIED"),
        ("", None),
    ],
)
def test_codes_are_normalised_and_non_codes_become_unspecified(raw: str, normalised: str | None) -> None:
    assert facts.code(raw) == normalised


def test_free_text_is_dropped_before_anything_is_stored() -> None:
    payload = {
        "claim_id": "c-1",
        "detail": "short",
        "reason": "REFUSAL",
        "note": "x",
        "nested": {"comment": "she said", "code": "A", "remark": "y"},
        "items": ["CODE_ONE", "this is a sentence about someone"],
        "label": "three words only",
        "summary": "four words are too many",
    }
    assert scrub_free_text(payload) == {
        "claim_id": "c-1",
        "reason": "REFUSAL",
        "nested": {"code": "A"},
        "items": ["CODE_ONE"],
        "label": "three words only",
    }


def test_professional_keys_are_stable_digests() -> None:
    assert facts.professional_key("riziv-1") == facts.professional_key(" riziv-1 ")
    assert facts.professional_key("riziv-1") != facts.professional_key("riziv-2")
    assert facts.professional_key(None) is None
