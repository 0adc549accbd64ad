from __future__ import annotations

import csv
from datetime import date, timedelta
from typing import TypedDict, Unpack

import pytest

from screening.domain import rules
from screening.domain.errors import (
    CorrectionReasonRequired,
    CorrectionReasonWithoutCorrection,
    RecordAlreadySuperseded,
    ReferralDateInFuture,
    SupersededRecordNotFound,
    UnknownMunicipality,
)
from screening.domain.model import OrganisationKind, OutreachReferral, Profession
from shared.errors import Conflict, InvalidInput, NotFound
from shared.refdata.loader import default_data_dir

pytestmark = pytest.mark.unit

TODAY = date(2026, 3, 1)
DATA = default_data_dir()  # the repository's own copy, with its provenance in SOURCES.md

CURRENT = {"11002": "Antwerpen", "46030": "Beveren-Kruibeke-Zwijndrecht", "04000": "Testgemeente"}
CROSSWALK = {"11007": "11002", "11056": "46030", "99998": "99999", "99991": "99992", "99992": "99991"}


# --- SCR-10 outreach ---------------------------------------------------------------------------------


def test_scr10_referral_by_a_huis_van_het_kind_today_is_valid() -> None:
    referral = OutreachReferral(TODAY, OrganisationKind.HUIS_VAN_HET_KIND)

    rules.check_outreach_referral(referral, today=TODAY)

    assert referral.referrer_profession is None and not referral.supported_by_case_management


def test_scr10_referral_records_profession_and_case_management_support() -> None:
    referral = OutreachReferral(
        TODAY - timedelta(days=3),
        OrganisationKind.CAW,
        Profession.SOCIAL_WORKER,
        supported_by_case_management=True,
    )

    rules.check_outreach_referral(referral, today=TODAY)


def test_scr10_referral_in_the_future_is_refused() -> None:
    referral = OutreachReferral(TODAY + timedelta(days=1), OrganisationKind.GP_PRACTICE, Profession.GP)

    with pytest.raises(ReferralDateInFuture) as exc:
        rules.check_outreach_referral(referral, today=TODAY)

    assert isinstance(exc.value, InvalidInput)
    assert exc.value.code == "SCR_10_REFERRAL_DATE_IN_FUTURE"


# --- SCR-10 referral corrections ----------------------------------------------------------------------


class CorrectionFields(TypedDict, total=False):
    supersedes: str | None
    superseded_by: str | None
    correction_reason: str | None


def referral(
    record_id: str, pregnancy_id: str | None = "p1", **fields: Unpack[CorrectionFields]
) -> OutreachReferral:
    return OutreachReferral(
        TODAY, OrganisationKind.HUIS_VAN_HET_KIND, record_id=record_id, pregnancy_id=pregnancy_id, **fields
    )


def fix(
    target: str = "r1", pregnancy_id: str | None = "p1", reason: str | None = "wrong date"
) -> OutreachReferral:
    return referral("r2", pregnancy_id, supersedes=target, correction_reason=reason)


def test_scr10_a_correction_supersedes_a_current_referral_of_the_same_pregnancy() -> None:
    rules.check_referral_correction(fix(), referral("r1"))


def test_scr10_a_correction_may_link_a_referral_made_before_registration_to_the_pregnancy() -> None:
    rules.check_referral_correction(fix(), referral("r1", pregnancy_id=None))


def test_scr10_a_referral_of_a_registered_pregnancy_is_not_moved_to_another_pregnancy() -> None:
    with pytest.raises(SupersededRecordNotFound) as exc:
        rules.check_referral_correction(fix(pregnancy_id="p2"), referral("r1"))

    assert isinstance(exc.value, NotFound)


def test_scr10_a_correction_of_an_unknown_referral_is_not_found() -> None:
    with pytest.raises(SupersededRecordNotFound):
        rules.check_referral_correction(fix(), None)


def test_scr10_a_referral_is_superseded_at_most_once() -> None:
    with pytest.raises(RecordAlreadySuperseded) as exc:
        rules.check_referral_correction(fix(), referral("r1", superseded_by="r0"))

    assert isinstance(exc.value, Conflict)


def test_scr10_a_correction_needs_a_reason_and_a_reason_needs_a_correction() -> None:
    with pytest.raises(CorrectionReasonRequired):
        rules.check_referral_correction(fix(reason=" "), referral("r1"))
    with pytest.raises(CorrectionReasonWithoutCorrection):
        rules.check_referral_correction(referral("r2", correction_reason="why"), None)


def test_scr10_a_first_referral_needs_no_target() -> None:
    rules.check_referral_correction(referral("r1"), None)


# --- Q-05 residence municipality ---------------------------------------------------------------------


def test_q05_current_code_resolves_to_itself() -> None:
    municipality = rules.resolve_residence_municipality("11002", current=CURRENT, crosswalk=CROSSWALK)

    assert (municipality.nis_code, municipality.name, municipality.was_recoded) == (
        "11002",
        "Antwerpen",
        False,
    )


def test_q05_leading_zero_is_kept_and_whitespace_stripped() -> None:
    municipality = rules.resolve_residence_municipality(" 04000 ", current=CURRENT, crosswalk=CROSSWALK)

    assert municipality.nis_code == "04000" and municipality.reported_code == "04000"


def test_q05_old_code_maps_to_its_successor() -> None:
    municipality = rules.resolve_residence_municipality("11056", current=CURRENT, crosswalk=CROSSWALK)

    assert municipality.nis_code == "46030"
    assert municipality.reported_code == "11056"
    assert municipality.was_recoded


@pytest.mark.parametrize("code", ["12345", "99998", "99991"])
def test_q05_unknown_code_or_dead_end_or_cycle_is_refused(code: str) -> None:
    with pytest.raises(UnknownMunicipality) as exc:
        rules.resolve_residence_municipality(code, current=CURRENT, crosswalk=CROSSWALK)

    assert isinstance(exc.value, InvalidInput)
    assert exc.value.code == "UNKNOWN_MUNICIPALITY"
    assert exc.value.extra["nis_code"] == code


@pytest.mark.parametrize("code", ["1100", "110020", "11OO2", "", "\uff11\uff11\uff10\uff10\uff12"])
def test_q05_malformed_code_is_refused(code: str) -> None:
    with pytest.raises(UnknownMunicipality):
        rules.resolve_residence_municipality(code, current=CURRENT, crosswalk=CROSSWALK)


def load_reference_data() -> tuple[dict[str, str], dict[str, str]]:
    with (DATA / "municipalities.csv").open(encoding="utf-8", newline="") as fh:
        current = {row["nis_code"]: row["name_nl"] for row in csv.DictReader(fh)}
    with (DATA / "nis_crosswalk.csv").open(encoding="utf-8", newline="") as fh:
        crosswalk = {row["old_nis"]: row["new_nis"] for row in csv.DictReader(fh)}
    return current, crosswalk


@pytest.fixture(scope="module")
def reference() -> tuple[dict[str, str], dict[str, str]]:
    return load_reference_data()


def test_q05_borsbeek_11007_maps_to_antwerpen_11002_with_the_reference_data(
    reference: tuple[dict[str, str], dict[str, str]],
) -> None:
    current, crosswalk = reference

    municipality = rules.resolve_residence_municipality("11007", current=current, crosswalk=crosswalk)

    assert (municipality.nis_code, municipality.name) == ("11002", "Antwerpen")


def test_q05_every_crosswalk_code_in_the_reference_data_resolves_to_a_current_municipality(
    reference: tuple[dict[str, str], dict[str, str]],
) -> None:
    current, crosswalk = reference

    resolved = {
        old: rules.resolve_residence_municipality(old, current=current, crosswalk=crosswalk).nis_code
        for old in crosswalk
    }

    assert len(current) == 565
    assert set(resolved.values()) <= set(current)
    assert resolved["44012"] == "44086"  # De Pinte -> Nazareth-De Pinte


def test_q05_borsbeek_is_no_longer_a_current_code(reference: tuple[dict[str, str], dict[str, str]]) -> None:
    current, _ = reference

    assert "11007" not in current
