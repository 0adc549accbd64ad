"""The consumer groups of the careteam service and their handler tables."""

from __future__ import annotations

from collections.abc import Sequence

from careteam.service import handlers
from shared.config import ServiceSettings
from shared.events.contracts.screening import (
    BirthRecordedV1,
    ClientScenarioDeterminedV1,
    PregnancyEndedV1,
    PregnancyRegisteredV1,
)
from shared.events.contracts.topics import SCREENING_EVENTS
from shared.kafka.consumer import ConsumerSpec


def consumer_specs(_settings: ServiceSettings) -> Sequence[ConsumerSpec]:
    return (
        ConsumerSpec(
            group_id="careteam.screening",
            topics=(SCREENING_EVENTS,),
            handlers={
                PregnancyRegisteredV1.event_type: handlers.on_pregnancy_registered,
                ClientScenarioDeterminedV1.event_type: handlers.on_scenario_determined,
                BirthRecordedV1.event_type: handlers.on_birth_recorded,
                PregnancyEndedV1.event_type: handlers.on_pregnancy_ended,
            },
        ),
    )
