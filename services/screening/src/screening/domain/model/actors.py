"""Who performed a screening or act, and who registered the record (SCR-09)."""

from __future__ import annotations

from dataclasses import dataclass

from screening.domain.errors import InvalidPerformer, InvalidRecorder
from screening.domain.model.codes import FundingType, OrganisationKind, Profession


@dataclass(frozen=True, slots=True)
class Performer:
    """Who performed a screening or act (SCR-09): professional, profession, organisation and funding.

    `location_nis` is where the performer works (REP-08, Q-05): the current (2025) NIS code of the
    municipality, or None when not given. Reporting attributes to the client's residence by default and to
    this location on request.
    """

    professional_id: str
    profession: Profession
    funding_type: FundingType
    organisation_id: str
    organisation_kind: OrganisationKind
    location_nis: str | None = None

    def __post_init__(self) -> None:
        if not self.professional_id.strip():
            raise InvalidPerformer("A performer needs a professional id.")
        if not self.organisation_id.strip():
            raise InvalidPerformer("A performer needs an organisation id.")


RECORDER_ID_MAX_LENGTH = 128


@dataclass(frozen=True, slots=True)
class Recorder:
    """Who registered a record: the caller's token subject, professional id and organisation.

    Not necessarily the performer: front ends register on behalf of colleagues, so a performer different
    from the caller is accepted; both are kept.
    """

    subject: str
    professional_id: str | None = None
    organisation_id: str | None = None

    def __post_init__(self) -> None:
        if not self.subject.strip():
            raise InvalidRecorder("The caller has no subject.")
        for value in (self.subject, self.professional_id, self.organisation_id):
            if value is not None and len(value) > RECORDER_ID_MAX_LENGTH:
                raise InvalidRecorder(
                    f"The caller's identifiers are longer than {RECORDER_ID_MAX_LENGTH} characters."
                )
