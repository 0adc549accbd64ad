from dataclasses import FrozenInstanceError
from datetime import date, datetime
from decimal import Decimal

import pytest

from reporting.domain.errors import InvalidFact
from reporting.domain.model import Fact, FactKind, Scenario
from tests.reporting.unit.builders import make_fact

pytestmark = pytest.mark.unit


def test_fact_is_frozen_and_its_attributes_cannot_be_changed() -> None:
    fact = make_fact(attributes={"gestational_week": "12"})
    with pytest.raises(FrozenInstanceError):
        fact.programme = "OTHER"  # type: ignore[misc]
    with pytest.raises(TypeError):
        fact.attributes["gestational_week"] = "20"  # type: ignore[index]


def test_fact_copies_its_attributes_so_the_caller_cannot_mutate_them_later() -> None:
    attributes = {"gestational_week": "12"}
    fact = make_fact(attributes=attributes)
    attributes["gestational_week"] = "30"
    assert fact.attributes["gestational_week"] == "12"


@pytest.mark.parametrize("pseudonym", ["85073003328", "85.07.30-033.28", "85 07 30 033 28"])
def test_dp07_national_number_is_refused_as_subject_pseudonym(pseudonym: str) -> None:
    with pytest.raises(InvalidFact):
        make_fact(subject_pseudonym=pseudonym)


def test_dp07_national_number_is_refused_as_professional_key() -> None:
    with pytest.raises(InvalidFact):
        make_fact(professional_id="85073003328")


@pytest.mark.parametrize("value", ["mother is anxious", "Jan Peeters", "", "85.07.30-033.28"])
def test_dp07_free_text_and_national_numbers_are_refused_in_attributes(value: str) -> None:
    with pytest.raises(InvalidFact):
        make_fact(attributes={"reason": value})


def test_attribute_names_must_be_snake_case_codes() -> None:
    with pytest.raises(InvalidFact):
        make_fact(attributes={"Free Text": "A"})


def test_gestational_week_must_be_a_whole_number() -> None:
    with pytest.raises(InvalidFact):
        make_fact(attributes={"gestational_week": "twelve"})


def test_occurred_on_is_a_date_not_a_datetime() -> None:
    with pytest.raises(InvalidFact):
        make_fact(occurred_on=datetime(2026, 3, 1, 9, 0))


@pytest.mark.parametrize("nis", ["1100", "110022", "ABCDE"])
def test_residence_must_be_a_nis_code(nis: str) -> None:
    with pytest.raises(InvalidFact):
        make_fact(residence_nis=nis)


def test_ctx01_programme_must_be_an_upper_case_code() -> None:
    assert make_fact(programme="CHILD_OBESITY").programme == "CHILD_OBESITY"
    with pytest.raises(InvalidFact):
        make_fact(programme="perinatal")


def test_profession_is_a_code_not_free_text() -> None:
    with pytest.raises(InvalidFact):
        make_fact(profession="huisarts in Gent")


def test_claim_paid_needs_a_decimal_amount_payer_and_act() -> None:
    fact = make_fact(
        kind=FactKind.CLAIM_PAID, amount=Decimal("22.55"), attributes={"payer": "FEDERAL", "act": "SCREENING"}
    )
    assert fact.amount == Decimal("22.55")
    with pytest.raises(InvalidFact, match="Decimal"):
        make_fact(kind=FactKind.CLAIM_PAID, amount=22.55, attributes={"payer": "FEDERAL", "act": "SCREENING"})
    with pytest.raises(InvalidFact, match="payer"):
        make_fact(kind=FactKind.CLAIM_PAID, amount=Decimal("22.55"), attributes={"act": "SCREENING"})


def test_only_paid_claims_carry_an_amount() -> None:
    with pytest.raises(InvalidFact):
        make_fact(amount=Decimal("1.00"))


def test_scr05_inclusion_needs_a_scenario_and_a_basis() -> None:
    with pytest.raises(InvalidFact, match="scenario"):
        make_fact(kind=FactKind.INCLUSION_DETERMINED, attributes={"inclusion_basis": "TOOL_RESULT"})
    with pytest.raises(InvalidFact, match="inclusion_basis"):
        make_fact(kind=FactKind.INCLUSION_DETERMINED, scenario=Scenario.B)


def test_fact_without_optional_fields_is_valid() -> None:
    fact = Fact(
        kind=FactKind.PREGNANCY_REGISTERED,
        occurred_on=date(2026, 1, 2),
        programme="PERINATAL",
        residence_nis="11002",
        subject_pseudonym="preg-1",
    )
    assert fact.performer_nis is None
    assert dict(fact.attributes) == {}
