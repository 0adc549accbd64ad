"""Facts of the screening events: registrations, screenings, inclusion decisions, advice sessions."""

from __future__ import annotations

from typing import Any

from reporting.domain import model
from reporting.domain.aggregation import UNSPECIFIED
from reporting.domain.errors import InvalidFact
from reporting.domain.model import Fact, FactKind
from reporting.service.facts.payload import Payload, code, performer_fields, professional_key, scenario_of
from reporting.service.facts.projection import Projection


def pregnancy_registered(p: Payload) -> Projection:
    fact = Fact(
        kind=FactKind.PREGNANCY_REGISTERED,
        occurred_on=p.event_day,
        programme=p.programme(),
        residence_nis=p.nis("residence_nis"),
        subject_pseudonym=p.required("pregnancy_id"),
        professional_id=professional_key(p.data.get("first_contact_professional_id")),
    )
    return Projection((fact,), client_key=p.text("client_pseudonym"))


def screening_recorded(p: Payload) -> Projection:
    record, supersedes = p.record("screening", "screening_id"), p.supersedes("screening")
    if p.text("status") != "COMPLETED":
        return Projection(client_key=p.text("client_pseudonym"), record_key=record, supersedes=supersedes)
    performer = p.section("performer")
    common: dict[str, Any] = {
        "occurred_on": p.day("screening_date"),
        "programme": p.programme(),
        "residence_nis": p.nis("residence_nis"),
        "performer_nis": p.nis("location_nis", performer),
        "subject_pseudonym": p.required("pregnancy_id"),
        **performer_fields(performer),
    }
    if common["funding_type"] is None:
        common["funding_type"] = code(p.data.get("funding_type"))
    attributes: dict[str, str] = {}
    days = p.data.get("gestational_age_days")
    if isinstance(days, int) and not isinstance(days, bool) and days >= 0:
        attributes[model.GESTATIONAL_WEEK] = str(days // 7)
    facts = [Fact(kind=FactKind.SCREENING_COMPLETED, attributes=attributes, **common)]
    scenario = scenario_of(p.data.get("scenario"))
    if scenario is not None:
        facts.append(
            Fact(
                kind=FactKind.INCLUSION_DETERMINED,
                scenario=scenario,
                attributes={model.INCLUSION_BASIS: model.TOOL_RESULT},
                **common,
            )
        )
    return Projection(tuple(facts), p.text("client_pseudonym"), record, supersedes)


def inclusion_decided(p: Payload) -> Projection:
    performer = p.section("performer")
    scenario = scenario_of(p.data.get("scenario"))
    if scenario is None:
        raise InvalidFact(f"{p.event_type} has no scenario 0, A or B")
    fact = Fact(
        kind=FactKind.INCLUSION_DETERMINED,
        occurred_on=p.day("decision_date"),
        programme=p.programme(),
        residence_nis=p.nis("residence_nis"),
        performer_nis=p.nis("location_nis", performer),
        subject_pseudonym=p.required("pregnancy_id"),
        scenario=scenario,
        attributes={
            model.INCLUSION_BASIS: code(p.data.get("basis")) or UNSPECIFIED,
            model.INCLUSION_REASON: code(p.data.get("reason")) or UNSPECIFIED,
        },
        **performer_fields(performer),
    )
    return Projection(
        (fact,), p.text("client_pseudonym"), p.record("inclusion", "decision_id"), p.supersedes("inclusion")
    )


def prenatal_advice_session_held(p: Payload) -> Projection:
    performer = p.section("performer")
    fact = Fact(
        kind=FactKind.PRENATAL_ADVICE_SESSION_HELD,
        occurred_on=p.day("session_date"),
        programme=p.programme(),
        residence_nis=p.nis("residence_nis"),
        performer_nis=p.nis("location_nis", performer),
        subject_pseudonym=p.required("pregnancy_id"),
        **performer_fields(performer),
    )
    # v2 (a correction) names the session it replaces: that one stops counting (REP-03); v1 has no field.
    return Projection((fact,), p.text("client_pseudonym"), p.record("ppa", "session_id"), p.supersedes("ppa"))
