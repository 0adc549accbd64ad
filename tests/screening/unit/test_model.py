from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
from datetime import UTC, date, datetime, timedelta, timezone
from types import ModuleType

import pytest

from screening.domain import errors, model, national_number, rules, timeline
from screening.domain.errors import InvalidNumberOfChildren, InvalidPerformer, InvalidRecorder
from screening.domain.model import (
    Birth,
    FundingType,
    Indicator,
    OrganisationKind,
    Performer,
    Profession,
    Recorder,
    Scenario,
    ScreeningRecord,
    ScreeningStatus,
)
from shared.errors import Conflict, DomainError, InvalidInput, NotFound, RuleViolated

pytestmark = pytest.mark.unit


def with_submodules(*modules: ModuleType) -> list[ModuleType]:
    """The modules, and for a package (`model`, `rules`) every module inside it."""
    found: list[ModuleType] = []
    for module in modules:
        found.append(module)
        for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
            found.append(importlib.import_module(f"{module.__name__}.{info.name}"))
    return found


def gp(professional_id: str = "prof-1", organisation_id: str = "org-1") -> Performer:
    return Performer(
        professional_id,
        Profession.GP,
        FundingType.HEALTH_INSURANCE,
        organisation_id,
        OrganisationKind.GP_PRACTICE,
    )


def test_scr09_performer_needs_a_professional_and_an_organisation() -> None:
    with pytest.raises(InvalidPerformer) as exc:
        gp(professional_id=" ")
    assert exc.value.code == "SCR_09_INVALID_PERFORMER"

    with pytest.raises(InvalidPerformer):
        gp(organisation_id="")


def test_scr09_professions_and_funding_types_cover_care_and_welfare() -> None:
    assert {"GP", "GYNAECOLOGIST", "MIDWIFE", "KIND_EN_GEZIN_NURSE", "OTHER_WELFARE"} <= set(Profession)
    assert set(FundingType) == {"HEALTH_INSURANCE", "WELFARE"}
    assert "HUIS_VAN_HET_KIND" in set(OrganisationKind)


def test_scr05_scenario_values_are_the_programme_names() -> None:
    assert [s.value for s in Scenario] == ["0", "A", "B"]


def test_ctx04_birth_needs_at_least_one_child_in_the_value_itself() -> None:
    with pytest.raises(InvalidNumberOfChildren):
        Birth(date(2026, 1, 1), 0)


def test_records_refuse_naive_timestamps() -> None:
    with pytest.raises(ValueError):
        ScreeningRecord("s1", date(2026, 1, 5), datetime(2026, 1, 5, 9), ScreeningStatus.COMPLETED, gp())


def test_records_accept_any_aware_timestamp_and_are_immutable() -> None:
    record = ScreeningRecord(
        "s1",
        date(2026, 1, 5),
        datetime(2026, 1, 5, 9, tzinfo=timezone(timedelta(hours=1))),
        ScreeningStatus.COMPLETED,
        gp(),
        indicators={Indicator.HOUSING_PROBLEMS},  # type: ignore[arg-type]
    )

    assert record.indicators == frozenset({Indicator.HOUSING_PROBLEMS})
    assert isinstance(record.indicators, frozenset)
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.status = ScreeningStatus.PARTIAL  # type: ignore[misc]
    assert hash(record.performer) == hash(gp())
    assert record.recorded_at.astimezone(UTC).hour == 8


def test_every_domain_error_has_a_stable_code_and_one_semantic_base() -> None:
    bases = (InvalidInput, RuleViolated, Conflict, NotFound)
    classes = [
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, DomainError)
        and cls.__module__ == errors.__name__
        and not cls.__name__.startswith("_")
    ]

    assert len(classes) >= 20
    codes = [cls.code for cls in classes]
    assert len(set(codes)) == len(codes)
    for cls in classes:
        assert sum(issubclass(cls, base) for base in bases) == 1, cls
        assert cls.code.isupper() and cls.code not in {b.code for b in bases}


def test_error_carries_rule_id_and_renders_code() -> None:
    error = errors.ScreeningAfterBirthWindow("too late", extra={"days_after_birth": 8})

    assert error.rule == "SCR-07"
    assert str(error) == "SCR_07_SCREENING_AFTER_BIRTH_WINDOW: too late"
    assert error.title == RuleViolated.title


def test_every_public_rule_function_cites_a_rule_in_a_one_line_docstring() -> None:
    for module in with_submodules(rules, timeline, national_number):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            doc = inspect.getdoc(function) or ""
            assert "\n" not in doc, name
            assert any(tag in doc for tag in ("SCR-", "CTX-", "FIN-", "Q-")), name


def test_domain_imports_only_stdlib_and_shared_errors() -> None:
    allowed_roots = {"__future__", "calendar", "collections", "dataclasses", "datetime", "enum", "typing"}
    for module in with_submodules(errors, model, national_number, rules, timeline):
        source = inspect.getsource(module)
        for line in source.splitlines():
            if line.startswith(("import ", "from ")):
                root = line.split()[1].split(".")[0]
                assert root in allowed_roots | {"screening", "shared"}, line
                if root == "shared":
                    assert line.startswith("from shared.errors import"), line


def test_the_recorder_is_the_caller_and_needs_only_a_subject() -> None:
    recorder = Recorder("user-1")

    assert (recorder.professional_id, recorder.organisation_id) == (None, None)
    assert Recorder("user-1", "riziv-1", "org-1").professional_id == "riziv-1"


@pytest.mark.parametrize(
    "fields", [{"subject": " "}, {"subject": "u" * 129}, {"subject": "u", "organisation_id": "o" * 129}]
)
def test_a_recorder_without_subject_or_with_overlong_ids_is_refused(fields: dict[str, str]) -> None:
    with pytest.raises(InvalidRecorder) as exc:
        Recorder(**fields)

    assert isinstance(exc.value, InvalidInput)
    assert exc.value.code == "INVALID_RECORDER"
