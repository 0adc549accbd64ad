"""The consumer groups of the financing service and their handler tables."""

from __future__ import annotations

from collections.abc import Sequence

from financing.service import handlers
from shared.config import ServiceSettings
from shared.events.contracts.topics import CARETEAM_EVENTS, SCREENING_EVENTS
from shared.kafka.consumer import ConsumerSpec


def consumer_specs(_settings: ServiceSettings) -> Sequence[ConsumerSpec]:
    return (
        ConsumerSpec(
            group_id="financing.projection",
            topics=(SCREENING_EVENTS, CARETEAM_EVENTS),
            handlers=handlers.PROJECTION_HANDLERS,
        ),
    )
