"""API contract of the screening service."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field


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
    residence_nis: str = Field(pattern=r"^\d{5}$", description="NIS code of the residence municipality")
    mutuality_code: str | None = Field(default=None, max_length=10)
    care_fund_code: str | None = Field(default=None, max_length=20)
    first_contact_professional_id: str | None = Field(default=None, max_length=64)


class PregnancyRead(BaseModel):
    id: uuid.UUID
    client_pseudonym: str
    expected_delivery_date: date
    residence_nis: str
    mutuality_code: str | None
    care_fund_code: str | None
    first_contact_professional_id: str | None
