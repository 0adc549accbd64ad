"""Events published by the financing service.

`financing.events` (key = client pseudonym) carries claims, decisions, findings, batches and budget
thresholds; payment orders go to `financing.payment-orders.federal|flemish`, keyed by the payer organisation.
The financing service owns these classes; add new ones here (never edit a released version).
"""

from __future__ import annotations

from shared.events.base import EventPayload

EVENTS: tuple[type[EventPayload], ...] = ()
