from datetime import date

import pytest

from careteam.domain import eligibility, errors
from careteam.domain.model import (
    ClientEligibility,
    Refusal,
    Scenario,
    Verdict,
    periods_overlap,
    raise_if_refused,
)
from shared.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied, RuleViolated

pytestmark = pytest.mark.unit


def test_every_careteam_error_has_a_unique_stable_code_and_one_semantic_base() -> None:
    codes = [cls.code for cls in errors.ALL_ERRORS]
    assert len(codes) == len(set(codes))
    for cls in errors.ALL_ERRORS:
        semantic = (NotFound, Conflict, RuleViolated, InvalidInput, PermissionDenied)
        bases = [b for b in semantic if issubclass(cls, b)]
        assert len(bases) == 1, cls
        assert cls.code.isupper()


def test_error_codes_name_their_rule() -> None:
    assert errors.SecondActiveCoordinator.code == "CT_13_SECOND_ACTIVE_COORDINATOR"
    assert errors.CaseManagerIsMember.code == "CT_44_CASE_MANAGER_IS_MEMBER"
    assert errors.ScenarioNotYetKnown.code == "SCENARIO_NOT_YET_KNOWN"
    assert errors.ScenarioBRequired.code == "CT_19_SCENARIO_B_REQUIRED"
    error = errors.SecondActiveCoordinator("x")
    assert isinstance(error, DomainError) and error.rule == "CT-13"


def test_a_refusing_verdict_raises_its_first_error_with_all_codes() -> None:
    verdict = Verdict(
        (Refusal(errors.ClientConsentRequired, "no consent"), Refusal(errors.SecondActiveCoordinator, "busy"))
    )
    assert not verdict.allowed
    with pytest.raises(errors.ClientConsentRequired) as caught:
        raise_if_refused(verdict)
    assert caught.value.detail == "no consent"
    assert caught.value.extra["codes"] == ["CT_15_CLIENT_CONSENT_REQUIRED", "CT_13_SECOND_ACTIVE_COORDINATOR"]
    raise_if_refused(Verdict())


def test_ct19_scenario_b_or_the_exception_is_eligible_and_unknown_is_distinct() -> None:
    assert eligibility.scenario_b_refusal(ClientEligibility(Scenario.B)) is None
    assert eligibility.scenario_b_refusal(ClientEligibility(None, exception=True)) is None
    refused_a = eligibility.scenario_b_refusal(ClientEligibility(Scenario.A))
    refused_0 = eligibility.scenario_b_refusal(ClientEligibility(Scenario.NONE))
    unknown = eligibility.scenario_b_refusal(ClientEligibility(None))
    assert refused_a is not None and refused_a.code == "CT_19_SCENARIO_B_REQUIRED"
    assert refused_0 is not None and refused_0.code == "CT_19_SCENARIO_B_REQUIRED"
    assert unknown is not None and unknown.code == "SCENARIO_NOT_YET_KNOWN"


def test_scenario_values_match_the_screening_service() -> None:
    assert [s.value for s in Scenario] == ["0", "A", "B"]


def test_half_open_periods_touching_on_one_day_do_not_overlap() -> None:
    assert not periods_overlap(date(2026, 1, 1), date(2026, 2, 1), date(2026, 2, 1), None)
    assert periods_overlap(date(2026, 1, 1), date(2026, 2, 2), date(2026, 2, 1), None)
    assert periods_overlap(date(2026, 3, 1), None, date(2026, 2, 1), None)
    assert not periods_overlap(date(2026, 3, 1), date(2026, 3, 1), date(2026, 1, 1), None)
