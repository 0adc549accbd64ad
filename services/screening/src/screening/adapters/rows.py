"""Row mapping shared by the screening repositories: performer and recorder columns, enum values."""

from __future__ import annotations

from enum import Enum

from sqlalchemy import RowMapping

from screening.domain.model import FundingType, OrganisationKind, Performer, Profession, Recorder


def enum_value(member: Enum | None) -> str | None:
    """The stored text of an optional enum member."""
    return None if member is None else str(member.value)


def performer_values(performer: Performer) -> dict[str, str | None]:
    """The performer columns of a row."""
    return {
        "professional_id": performer.professional_id,
        "profession": performer.profession.value,
        "funding_type": performer.funding_type.value,
        "organisation_id": performer.organisation_id,
        "organisation_kind": performer.organisation_kind.value,
        "location_nis": performer.location_nis,
    }


def performer_of(m: RowMapping) -> Performer:
    """The performer of a row."""
    return Performer(
        professional_id=m["professional_id"],
        profession=Profession(m["profession"]),
        funding_type=FundingType(m["funding_type"]),
        organisation_id=m["organisation_id"],
        organisation_kind=OrganisationKind(m["organisation_kind"]),
        location_nis=m["location_nis"],
    )


def recorder_values(recorder: Recorder, prefix: str = "recorded_by") -> dict[str, str | None]:
    """The columns of the caller who registered a row (see `orm._recorder_columns`)."""
    return {
        prefix: recorder.subject,
        f"{prefix}_professional_id": recorder.professional_id,
        f"{prefix}_organisation_id": recorder.organisation_id,
    }


def recorder_of(m: RowMapping, prefix: str = "recorded_by") -> Recorder:
    """The caller who registered a row."""
    return Recorder(
        subject=m[prefix],
        professional_id=m[f"{prefix}_professional_id"],
        organisation_id=m[f"{prefix}_organisation_id"],
    )
