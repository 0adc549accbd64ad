"""The reporting consumer group: every event of the suite goes to the event log and is projected into facts."""

from __future__ import annotations

from collections.abc import Sequence

from reporting.adapters.projection import ProjectionRows
from reporting.service import handlers
from shared.config import ServiceSettings
from shared.events.contracts.topics import CARETEAM_EVENTS, FINANCING_EVENTS, SCREENING_EVENTS
from shared.events.registry import default_registry
from shared.kafka.consumer import ConsumerSpec


def consumer_specs(_settings: ServiceSettings) -> Sequence[ConsumerSpec]:
    registry = default_registry()
    return (
        ConsumerSpec(
            group_id="reporting.event-log",
            topics=(SCREENING_EVENTS, CARETEAM_EVENTS, FINANCING_EVENTS),
            handlers={cls.event_type: handlers.record_event for cls in registry.classes()},
            batch_writer=ProjectionRows,
        ),
    )
