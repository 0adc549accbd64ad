"""Helpers shared by the screening use cases: loading a pregnancy, idempotency keys, event building blocks."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from typing import Any, overload

from screening.adapters.geography import MunicipalityDirectory
from screening.adapters.records import StoredInclusion
from screening.adapters.repository import PregnancyRecord
from screening.adapters.uow import ScreeningUnitOfWork
from screening.domain import rules
from screening.domain.errors import PregnancyNotFound, UnknownMunicipality
from screening.domain.model import Performer, Scenario, ScenarioDetermination
from shared.events.contracts.common import Performer as PerformerPayload
from shared.events.contracts.common import Scenario as ScenarioCode
from shared.events.contracts.screening import ClientScenarioDeterminedV1
from shared.events.envelope import new_envelope
from shared.idempotency import IdempotencyClaim

SOURCE = "urn:perinatal:screening"

_SCENARIO_CODES: dict[Scenario, ScenarioCode] = {Scenario.NONE: "0", Scenario.A: "A", Scenario.B: "B"}


@overload
def scenario_code(scenario: Scenario) -> ScenarioCode: ...


@overload
def scenario_code(scenario: None) -> None: ...


@overload
def scenario_code(scenario: Scenario | None) -> ScenarioCode | None: ...


def scenario_code(scenario: Scenario | None) -> ScenarioCode | None:
    """The scenario as the event contracts spell it ("0", "A", "B")."""
    return None if scenario is None else _SCENARIO_CODES[scenario]


async def load_pregnancy(
    uow: ScreeningUnitOfWork, pregnancy_id: uuid.UUID, *, for_update: bool = False
) -> PregnancyRecord:
    """The pregnancy or `PregnancyNotFound`; `for_update` serialises writers of the same pregnancy."""
    record = await uow.pregnancies.get(pregnancy_id, for_update=for_update)
    if record is None:
        raise PregnancyNotFound("No pregnancy with this id.")
    return record


async def claim_idempotency_key(
    uow: ScreeningUnitOfWork, key: str | None, *, operation: str, actor: str, content: Mapping[str, Any]
) -> tuple[IdempotencyClaim | None, uuid.UUID | None]:
    """Claim `key` (`shared.idempotency`); return the claim, or the id the first identical request created."""
    claim, replay = await uow.idempotency.claim(key, operation=operation, actor=actor, content=content)
    return claim, None if replay is None else uuid.UUID(str(replay["id"]))


async def complete_idempotency_key(
    uow: ScreeningUnitOfWork, claim: IdempotencyClaim | None, resource_id: uuid.UUID
) -> None:
    """Remember which resource the claimed key created (commits with the use case)."""
    await uow.idempotency.remember(claim, {"id": str(resource_id)})


def locate_performer(
    performer: Performer, municipalities: MunicipalityDirectory, *, field: str = "performer"
) -> Performer:
    """REP-08, Q-05: the performer with the current (2025) NIS code of where she works.

    Validated like the residence: a code of a merged municipality is mapped to its successor, an unknown one
    is refused with `UNKNOWN_MUNICIPALITY` naming the field (`performer.location_nis`, ...). No location given:
    the performer as it is.
    """
    if performer.location_nis is None:
        return performer
    try:
        municipality = municipalities.resolve(performer.location_nis)
    except UnknownMunicipality as exc:
        raise UnknownMunicipality(
            f"Unknown municipality NIS code {performer.location_nis} in {field}.location_nis.",
            extra={"nis_code": performer.location_nis, "field": f"{field}.location_nis"},
        ) from exc
    return dataclasses.replace(performer, location_nis=municipality.nis_code)


def performer_payload(performer: Performer) -> PerformerPayload:
    """The performer as it travels in events: identifiers, profession, organisation, funding (REP-11) and
    where she works (REP-08)."""
    return PerformerPayload(
        professional_id=performer.professional_id,
        profession=performer.profession.value,
        organisation_id=performer.organisation_id,
        organisation_kind=performer.organisation_kind.value,
        funding_type=performer.funding_type.value,
        location_nis=performer.location_nis,
    )


def current_determination(history: list[StoredInclusion]) -> ScenarioDetermination:
    """SCR-05, SCR-06: the current scenario of a stored history."""
    return rules.determine_current_scenario([s.record for s in history])


def scenario_changed(before: ScenarioDetermination, after: ScenarioDetermination) -> bool:
    """Whether careteam and financing must hear about it: scenario, basis or indicators differ."""
    return (before.scenario, before.basis, before.indicators) != (
        after.scenario,
        after.basis,
        after.indicators,
    )


def add_scenario_event(
    uow: ScreeningUnitOfWork, pregnancy: PregnancyRecord, determination: ScenarioDetermination
) -> None:
    """Queue `ClientScenarioDeterminedV1` with the current scenario and why (SCR-05, SCR-06)."""
    payload = ClientScenarioDeterminedV1(
        pregnancy_id=pregnancy.id,
        client_pseudonym=pregnancy.client_pseudonym,
        scenario=scenario_code(determination.scenario),
        exception=determination.is_exception,
        basis=determination.basis.value if determination.basis is not None else None,
        record_id=uuid.UUID(determination.record_id) if determination.record_id is not None else None,
        effective_date=determination.effective_date,
        indicators=sorted(i.value for i in determination.indicators),
    )
    uow.outbox.add(new_envelope(payload, source=SOURCE, subject=pregnancy.client_pseudonym))
