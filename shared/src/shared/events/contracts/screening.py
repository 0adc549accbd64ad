"""Events published by the screening service (topic `screening.events`, key = client pseudonym).

No clear national register number ever appears here: clients are identified by the keyed pseudonym.
"""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import Field

from shared.events.base import EventPayload
from shared.events.contracts.topics import SCREENING_EVENTS


class PregnancyRegisteredV1(EventPayload):
    event_type = "screening.pregnancy.registered"
    event_version = 1
    topic = SCREENING_EVENTS
    summary = "A pregnancy was registered for a client."

    pregnancy_id: uuid.UUID
    client_pseudonym: str = Field(min_length=16, max_length=128)
    programme: str = "PERINATAL"
    expected_delivery_date: date
    residence_nis: str = Field(pattern=r"^\d{5}$")
    mutuality_code: str | None = None
    care_fund_code: str | None = None
    first_contact_professional_id: str | None = None


EVENTS: tuple[type[EventPayload], ...] = (PregnancyRegisteredV1,)
