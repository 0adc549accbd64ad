"""The event contracts of the suite, one module per producing service.

Topics: one topic per producing service for its client facts, keyed by the client pseudonym, so that every
fact about one client from one service stays in order (a topic per aggregate would let a consumer see a
screening before the pregnancy it belongs to). Payment orders have their own per-channel topics, keyed by the
payer organisation, because the mutualities and care funds consume them.
"""

from __future__ import annotations

from shared.events.base import EventPayload
from shared.events.contracts import careteam, financing, screening

ALL_EVENTS: tuple[type[EventPayload], ...] = (*screening.EVENTS, *careteam.EVENTS, *financing.EVENTS)

__all__ = ["ALL_EVENTS"]
