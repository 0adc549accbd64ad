"""API contract of pregnancies: registration, birth, end without birth, period, list."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from screening.adapters.repository import PregnancyRecord
from screening.api.schemas import examples
from screening.api.schemas.common import RECORDER_EXAMPLE, RecorderRead
from screening.domain.model import PregnancyEndReason, ProgrammePeriod, Recorder, Scenario
from screening.service import pregnancies
from screening.service.queries import Page, PeriodOn, PregnancyListItem


class PregnancyCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "national_number": "90.02.01-997.04",
                    "expected_delivery_date": "2027-03-15",
                    "residence_nis": "11002",
                    "mutuality_code": "100",
                    "care_fund_code": "ZK-CM",
                    "first_contact_professional_id": "riziv-1-23456-78-901",
                }
            ]
        },
    )

    national_number: str = Field(description="INSZ/NISS or BIS number; stored encrypted, never returned")
    expected_delivery_date: date
    residence_nis: str = Field(
        pattern=r"^\d{5}$",
        description="NIS code of the residence municipality (2025 list; codes of merged municipalities are "
        "mapped to their successor)",
    )
    mutuality_code: str | None = Field(default=None, max_length=10, description="health insurer (mutuality)")
    care_fund_code: str | None = Field(default=None, max_length=20, description="Flemish care fund (zorgkas)")
    first_contact_professional_id: str | None = Field(default=None, max_length=64)

    def to_command(self, registered_by: Recorder) -> pregnancies.RegisterPregnancy:
        return pregnancies.RegisterPregnancy(**self.model_dump(), registered_by=registered_by)


class BirthCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"birth_date": "2027-03-10", "number_of_children": 1}]},
    )

    birth_date: date = Field(description="from gestational week 22 up to 6 weeks after the expected date")
    number_of_children: int = Field(default=1, ge=1, le=8, description="twins and more are one birth")

    def to_command(self, pregnancy_id: uuid.UUID, recorded_by: Recorder) -> pregnancies.RecordBirth:
        return pregnancies.RecordBirth(
            pregnancy_id=pregnancy_id, recorded_by=recorded_by, **self.model_dump()
        )


class PregnancyEndCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"end_date": "2026-12-02", "reason": "MISCARRIAGE"}]}
    )

    end_date: date
    reason: PregnancyEndReason

    def to_command(self, pregnancy_id: uuid.UUID, recorded_by: Recorder) -> pregnancies.EndPregnancy:
        return pregnancies.EndPregnancy(
            pregnancy_id=pregnancy_id, recorded_by=recorded_by, **self.model_dump()
        )


class BirthRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "birth_date": "2027-03-10",
                    "number_of_children": 1,
                    "child_ids": ["7c9e6679-7425-40de-944b-e07fc1f90ae7"],
                }
            ]
        }
    )

    birth_date: date
    number_of_children: int
    child_ids: list[uuid.UUID] = Field(description="opaque ids of the children")


class PregnancyEndRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"end_date": "2026-12-02", "reason": "MISCARRIAGE"}]}
    )

    end_date: date
    reason: PregnancyEndReason


class PregnancyRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                examples.PREGNANCY,
                examples.PREGNANCY
                | {
                    "birth": {
                        "birth_date": "2027-03-10",
                        "number_of_children": 2,
                        "child_ids": [
                            "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                            "16fd2706-8baf-433b-82eb-8c7fada847da",
                        ],
                    },
                    "concluded_by": RECORDER_EXAMPLE,
                },
            ]
        }
    )

    id: uuid.UUID
    client_pseudonym: str = Field(
        description="keyed pseudonym of the client (the national number never leaves)"
    )
    expected_delivery_date: date
    residence_nis: str = Field(description="current (2025) NIS code of the residence municipality")
    residence_nis_reported: str | None = Field(description="the code as reported, when it was an old code")
    mutuality_code: str | None
    care_fund_code: str | None
    first_contact_professional_id: str | None
    registered_at: datetime | None
    birth: BirthRead | None
    end: PregnancyEndRead | None
    registered_by: RecorderRead | None = Field(description="the caller who registered the pregnancy")
    concluded_by: RecorderRead | None = Field(description="the caller who recorded the birth or the end")

    @classmethod
    def of(cls, record: PregnancyRecord) -> PregnancyRead:
        birth, end = record.birth, record.end
        return cls(
            id=record.id,
            client_pseudonym=record.client_pseudonym,
            expected_delivery_date=record.expected_delivery_date,
            residence_nis=record.residence_nis,
            residence_nis_reported=record.residence_nis_reported,
            mutuality_code=record.mutuality_code,
            care_fund_code=record.care_fund_code,
            first_contact_professional_id=record.first_contact_professional_id,
            registered_at=record.registered_at,
            birth=BirthRead(
                birth_date=birth.birth_date,
                number_of_children=birth.number_of_children,
                child_ids=list(record.child_ids),
            )
            if birth
            else None,
            end=PregnancyEndRead(end_date=end.end_date, reason=end.reason) if end else None,
            registered_by=RecorderRead.of(record.registered_by) if record.registered_by else None,
            concluded_by=RecorderRead.of(record.concluded_by) if record.concluded_by else None,
        )


class PeriodRead(BaseModel):
    """The programme period on a date (CTX-04): prenatal, postnatal (to 6 weeks), young child (to age 2)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.PERIOD]})

    on: date
    period: ProgrammePeriod
    gestational_age_days: int | None = Field(description="on that date, while prenatal")
    programme_end_date: date | None = Field(
        description="2nd birthday, or the end of a pregnancy without birth"
    )

    @classmethod
    def of(cls, period: PeriodOn) -> PeriodRead:
        return cls(
            on=period.on,
            period=period.period,
            gestational_age_days=period.gestational_age_days,
            programme_end_date=period.programme_end_date,
        )


class PregnancyListItemRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.PREGNANCY_LIST_ITEM]})

    id: uuid.UUID
    client_pseudonym: str
    expected_delivery_date: date
    residence_nis: str
    first_contact_professional_id: str | None
    birth_date: date | None
    end_date: date | None
    period: ProgrammePeriod = Field(description="programme period today")
    scenario: Scenario | None = Field(description="the current scenario (SCR-05); null while undetermined")
    exception: bool = Field(description="the current scenario rests on the SCR-06 exception path")

    @classmethod
    def of(cls, item: PregnancyListItem) -> PregnancyListItemRead:
        p = item.pregnancy
        return cls(
            id=p.id,
            client_pseudonym=p.client_pseudonym,
            expected_delivery_date=p.expected_delivery_date,
            residence_nis=p.residence_nis,
            first_contact_professional_id=p.first_contact_professional_id,
            birth_date=p.birth.birth_date if p.birth else None,
            end_date=p.end.end_date if p.end else None,
            period=item.period,
            scenario=item.current.scenario,
            exception=item.current.is_exception,
        )


class PregnancyPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"items": [examples.PREGNANCY_LIST_ITEM], "total": 1, "limit": 50, "offset": 0}]
        }
    )

    items: list[PregnancyListItemRead]
    total: int = Field(description="pregnancies matching the filters, over all pages")
    limit: int
    offset: int

    @classmethod
    def of(cls, page: Page[PregnancyListItem]) -> PregnancyPage:
        return cls(
            items=[PregnancyListItemRead.of(i) for i in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )
