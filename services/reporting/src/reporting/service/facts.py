"""The pure mapping from a logged event to reporting facts (DP-07: codes and pseudonymous keys only).

`project_event(event_type, version, payload, occurred_at)` is the one function that turns an event into
facts. The consumer calls it for every event it logs and `reporting.service.rebuild` replays the event log
through it, so rebuilt figures equal live ones. It reads payloads as plain dicts (the JSON stored in the
event log), keyed by event-type strings: an event type without a mapper yields no facts but stays in the
log, so mapping a new type later is a code change plus one rebuild.

Decisions (recorded here because the indicators depend on them):
- The date of a fact is the business date of the payload (screening date, session date ...); events
  without one use the local (Europe/Brussels) date of `occurred_at`.
- Programme (CTX-01): the payload's `programme` when it has one, else PERINATAL (the only programme whose
  events exist today); a future programme's events are expected to carry it.
- Residence (Q-05): the payload's `residence_nis` when it has one. Careteam and financing events do not
  carry it: their facts keep the client pseudonym and take the residence of the client's latest
  pregnancy registration when figures are computed, so the order in which topics arrive does not matter.
- Professional ids are replaced by a digest: distinct counts (REP-01) need only equality, and an id that
  happens to be a RIZIV number must not look like a national number in the projection.
- Codes are normalised to upper case; a value that is not a code becomes UNSPECIFIED rather than
  dropping the fact. A payload that cannot be mapped at all raises `InvalidFact` (the caller logs it and
  keeps the event in the log).
- Corrections: a screening, an inclusion decision or a prenatal advice session (PPA v2) that supersedes an
  earlier record, and a claim decision that replaces an earlier decision, retract the facts of the earlier
  record (`supersedes`): a corrected PPA counts once in REP-03, not twice. Referrals (v1 and the v2
  corrections) and case-management withdrawals are logged but add no facts: no published indicator
  counts them (a withdrawn request still counts as a request made, CT-31).
- SCR-05: a completed screening with a scenario is an inclusion decision on the tool result; an SCR-06
  decision is one on professional judgement. Both feed the scenario mix.
- REP-04: only a first coordinator appointment starts a trajectory; a hand-over continues it.
- FIN-30: a claim decision ACCEPTED or REDUCED with a positive amount is a paid claim, dated by the act
  date (the budget year of the act), attributed to the payer channel the claim was addressed to.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Final
from zoneinfo import ZoneInfo

from reporting.domain import model
from reporting.domain.aggregation import UNSPECIFIED
from reporting.domain.dimensions import PERINATAL, is_programme_code
from reporting.domain.errors import InvalidFact
from reporting.domain.model import Fact, FactKind, Scenario

LOCAL_TIMEZONE: Final = ZoneInfo("Europe/Brussels")

PREGNANCY_REGISTERED: Final = "screening.pregnancy.registered"
SCREENING_RECORDED: Final = "screening.screening.recorded"
INCLUSION_DECIDED: Final = "screening.inclusion.decided"
PRENATAL_ADVICE_SESSION_HELD: Final = "screening.prenatal_advice_session.held"
COORDINATOR_APPOINTED: Final = "careteam.coordinator.appointed"
CONSULTATION_HELD: Final = "careteam.consultation.held"
CASE_MANAGEMENT_REQUESTED: Final = "careteam.case_management.requested"
CASE_MANAGEMENT_INTAKE_SCHEDULED: Final = "careteam.case_management.intake_scheduled"
CLAIM_DECIDED: Final = "financing.claim.decided"
DOUBLE_FUNDING_FINDING_RAISED: Final = "financing.double_funding_finding.raised"

_NIS: Final = re.compile(r"[0-9]{5}")
_NOT_CODE: Final = re.compile(r"[^A-Z0-9_]+")
_CODE: Final = re.compile(r"[A-Z][A-Z0-9_]{0,63}")
_VALUE: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")
_PAID_OUTCOMES: Final = frozenset({"ACCEPTED", "REDUCED"})
FREE_TEXT_FIELDS: Final = frozenset(
    {
        "detail",
        "correction_reason",
        "comment",
        "comments",
        "note",
        "notes",
        "remark",
        "remarks",
        "description",
        "justification",
        "free_text",
    }
)
FREE_TEXT_MIN_WORDS: Final = 4
_PROFESSIONAL: Final = "PROFESSIONAL"
_SCALARS: Final = (str, int, float)


@dataclass(frozen=True, slots=True)
class Projection:
    """What one event adds to the projection: its facts and how they relate to other events."""

    facts: tuple[Fact, ...] = ()
    client_key: str | None = None  # the client pseudonym: the key to the residence of its registration
    record_key: str | None = None  # the source record the facts come from, e.g. "screening:<id>"
    supersedes: str | None = None  # the record this event replaces; its facts stop counting


EMPTY: Final = Projection()

Mapper = Callable[["_Payload"], Projection]


def project_event(
    event_type: str, version: int, payload: Mapping[str, Any], occurred_at: datetime
) -> Projection:
    """Map one logged event to its projection (no facts for event types reporting does not count)."""
    mapper = _MAPPERS.get(event_type)
    if mapper is None:
        return EMPTY
    try:
        return mapper(_Payload(event_type, version, payload, local_date(occurred_at)))
    except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
        raise InvalidFact(f"{event_type} v{version} cannot be mapped: {type(exc).__name__} {exc}") from None


def scrub_free_text(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Drop free text from a payload before it is stored or mapped (DP-07: nothing written about a person).

    Known free-text fields go, and so does any other string of several words: reporting needs codes,
    ids, dates and amounts only. Applied before the event log stores the payload, so a rebuild maps
    exactly what the consumer mapped. (Runs for every consumed event: scalars take the short way.)
    """
    scrubbed: dict[str, Any] = {}
    for key, value in payload.items():
        if key in FREE_TEXT_FIELDS:
            continue
        if isinstance(value, str):
            if len(value.split()) < FREE_TEXT_MIN_WORDS:
                scrubbed[key] = value
        else:
            scrubbed[key] = _scrubbed(value)
    return scrubbed


def _free_text(key: str, value: Any) -> bool:
    if key in FREE_TEXT_FIELDS:
        return True
    return isinstance(value, str) and len(value.split()) >= FREE_TEXT_MIN_WORDS


def _scrubbed(value: Any) -> Any:
    if value is None or isinstance(value, _SCALARS):
        return value
    if isinstance(value, Mapping):
        return scrub_free_text(value)
    if isinstance(value, list):
        return [_scrubbed(item) for item in value if not _free_text("", item)]
    return value


def facts_from_event(
    event_type: str, version: int, payload: Mapping[str, Any], occurred_at: datetime
) -> list[Fact]:
    """The facts of one logged event (see `project_event`)."""
    return list(project_event(event_type, version, payload, occurred_at).facts)


def mapped_event_types() -> frozenset[str]:
    """The event types that yield facts."""
    return frozenset(_MAPPERS)


def local_date(moment: datetime) -> date:
    """The Belgian calendar date of an aware timestamp."""
    if moment.tzinfo is None:
        raise InvalidFact("occurred_at must be timezone-aware")
    return moment.astimezone(LOCAL_TIMEZONE).date()


def professional_key(professional_id: object) -> str | None:
    """A stable digest of a professional id: distinct counts need equality only (REP-01, DP-07)."""
    if not isinstance(professional_id, str) or not professional_id.strip():
        return None
    digest = hashlib.blake2b(
        professional_id.strip().encode(), digest_size=16, person=b"reporting-pro"
    ).hexdigest()
    return f"pro-{digest}"


def code(value: object) -> str | None:
    """Normalise a code such as 'midwife' or 'HEALTH-INSURANCE' to 'MIDWIFE' / 'HEALTH_INSURANCE'."""
    if not isinstance(value, str):
        return None
    normalised = _NOT_CODE.sub("_", value.strip().upper()).strip("_")
    return normalised if _CODE.fullmatch(normalised) else (UNSPECIFIED if value.strip() else None)


class _Payload:
    """Typed reads of one payload dict; a missing required field raises KeyError."""

    def __init__(self, event_type: str, version: int, data: Mapping[str, Any], event_day: date) -> None:
        self.event_type = event_type
        self.version = version
        self.data = data
        self.event_day = event_day

    def text(self, name: str) -> str | None:
        value = self.data.get(name)
        return str(value) if value is not None and str(value).strip() else None

    def required(self, name: str) -> str:
        value = self.text(name)
        if value is None:
            raise KeyError(name)
        return value

    def day(self, name: str) -> date:
        """The business date `name`, or the event's local date when the payload has none."""
        value = self.data.get(name)
        if value is None:
            return self.event_day
        return value if isinstance(value, date) else date.fromisoformat(str(value))

    def nis(self, name: str, source: Mapping[str, Any] | None = None) -> str | None:
        value = (self.data if source is None else source).get(name)
        return value if isinstance(value, str) and _NIS.fullmatch(value) else None

    def programme(self) -> str:
        value = self.text("programme")
        return value if value is not None and is_programme_code(value) else PERINATAL

    def section(self, name: str) -> Mapping[str, Any]:
        value = self.data.get(name)
        return value if isinstance(value, Mapping) else {}

    def record(self, prefix: str, id_field: str) -> str:
        return f"{prefix}:{self.required(id_field)}"

    def supersedes(self, prefix: str) -> str | None:
        previous = self.text("supersedes")
        return None if previous is None else f"{prefix}:{previous}"


def _attribute(value: object) -> str:
    """A coded attribute value; anything else (free text, empty) is UNSPECIFIED (DP-07)."""
    if isinstance(value, bool):
        return model.TRUE if value else model.FALSE
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and _VALUE.fullmatch(value.strip()):
        return value.strip()
    return UNSPECIFIED


def _scenario(value: object) -> Scenario | None:
    try:
        return Scenario(str(value)) if value is not None else None
    except ValueError:
        return None


def _performer(performer: Mapping[str, Any]) -> dict[str, Any]:
    """Fact fields of a Performer / TeamMember / ClaimProvider section."""
    return {
        "professional_id": professional_key(performer.get("professional_id") or performer.get("member_id")),
        "profession": code(performer.get("profession")),
        "funding_type": code(performer.get("funding_type")),
    }


# --- screening ------------------------------------------------------------------------------------


def _pregnancy_registered(p: _Payload) -> Projection:
    fact = Fact(
        kind=FactKind.PREGNANCY_REGISTERED,
        occurred_on=p.event_day,
        programme=p.programme(),
        residence_nis=p.nis("residence_nis"),
        subject_pseudonym=p.required("pregnancy_id"),
        professional_id=professional_key(p.data.get("first_contact_professional_id")),
    )
    return Projection((fact,), client_key=p.text("client_pseudonym"))


def _screening_recorded(p: _Payload) -> Projection:
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
        **_performer(performer),
    }
    if common["funding_type"] is None:
        common["funding_type"] = code(p.data.get("funding_type"))
    attributes: dict[str, str] = {}
    days = p.data.get("gestational_age_days")
    if isinstance(days, int) and not isinstance(days, bool) and days >= 0:
        attributes[model.GESTATIONAL_WEEK] = str(days // 7)
    facts = [Fact(kind=FactKind.SCREENING_COMPLETED, attributes=attributes, **common)]
    scenario = _scenario(p.data.get("scenario"))
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


def _inclusion_decided(p: _Payload) -> Projection:
    performer = p.section("performer")
    scenario = _scenario(p.data.get("scenario"))
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
        **_performer(performer),
    )
    return Projection(
        (fact,), p.text("client_pseudonym"), p.record("inclusion", "decision_id"), p.supersedes("inclusion")
    )


def _prenatal_advice_session_held(p: _Payload) -> Projection:
    performer = p.section("performer")
    fact = Fact(
        kind=FactKind.PRENATAL_ADVICE_SESSION_HELD,
        occurred_on=p.day("session_date"),
        programme=p.programme(),
        residence_nis=p.nis("residence_nis"),
        performer_nis=p.nis("location_nis", performer),
        subject_pseudonym=p.required("pregnancy_id"),
        **_performer(performer),
    )
    # v2 (a correction) names the session it replaces: that one stops counting (REP-03); v1 has no field.
    return Projection((fact,), p.text("client_pseudonym"), p.record("ppa", "session_id"), p.supersedes("ppa"))


# --- careteam -------------------------------------------------------------------------------------


def _coordinator_appointed(p: _Payload) -> Projection:
    if p.text("previous_appointment_id") is not None:
        return EMPTY  # a hand-over continues the trajectory (REP-04)
    fact = Fact(
        kind=FactKind.COORDINATION_STARTED,
        occurred_on=p.day("appointed_on"),
        programme=p.programme(),
        residence_nis=p.nis("residence_nis"),
        subject_pseudonym=p.required("pregnancy_id"),
        performer_nis=p.nis("location_nis", p.section("coordinator")),
        **_performer(p.section("coordinator")),
    )
    return Projection((fact,), p.text("client_pseudonym"), p.record("coordination", "appointment_id"))


def _consultation_held(p: _Payload) -> Projection:
    common: dict[str, Any] = {
        "occurred_on": p.day("held_on"),
        "programme": p.programme(),
        "residence_nis": p.nis("residence_nis"),
        "subject_pseudonym": p.required("pregnancy_id"),
    }
    facts = [
        Fact(
            kind=FactKind.PERINATAL_CONSULTATION_HELD,
            professional_id=professional_key(p.data.get("organiser_id")),
            attributes={"mode": _attribute(p.data.get("mode"))},
            **common,
        )
    ]
    participants = p.data.get("participants") or []
    if not isinstance(participants, list):
        raise InvalidFact(f"{p.event_type}: participants is not a list")
    for participant in participants:
        if not isinstance(participant, Mapping):
            raise InvalidFact(f"{p.event_type}: a participant is not an object")
        if code(participant.get("kind")) == _PROFESSIONAL:
            who = {**_performer(participant), "performer_nis": p.nis("location_nis", participant)}
        else:  # clients, informal carers, designated persons: counted by kind, never identified (REP-11)
            who = {"professional_id": None, "profession": code(participant.get("kind")), "funding_type": None}
        facts.append(Fact(kind=FactKind.PERINATAL_CONSULTATION_PARTICIPATION, **who, **common))
    return Projection(tuple(facts), p.text("client_pseudonym"), p.record("consultation", "consultation_id"))


def _case_management_requested(p: _Payload) -> Projection:
    fact = Fact(
        kind=FactKind.CASE_MANAGEMENT_REQUESTED,
        occurred_on=p.day("requested_on"),
        programme=p.programme(),
        residence_nis=p.nis("residence_nis"),
        subject_pseudonym=p.required("team_id"),
        attributes={model.REQUEST_TYPE: code(p.data.get("request_type")) or UNSPECIFIED},
    )
    return Projection((fact,), p.text("client_pseudonym"), p.record("case-management", "request_id"))


def _case_management_intake_scheduled(p: _Payload) -> Projection:
    late = p.data.get("late")
    if not isinstance(late, bool):
        raise InvalidFact(f"{p.event_type}: late must be true or false")
    fact = Fact(
        kind=FactKind.CASE_MANAGEMENT_INTAKE_SCHEDULED,
        occurred_on=p.day("scheduled_on"),
        programme=p.programme(),
        residence_nis=p.nis("residence_nis"),
        subject_pseudonym=p.required("team_id"),
        attributes={model.INTAKE_LATE: _attribute(late)},
    )
    return Projection((fact,), p.text("client_pseudonym"), p.record("intake", "request_id"))


# --- financing ------------------------------------------------------------------------------------


def _claim_decided(p: _Payload) -> Projection:
    claim = p.required("claim_id")
    number = int(p.data.get("decision_number") or 1)
    record = f"claim:{claim}:{number}"
    supersedes = f"claim:{claim}:{number - 1}" if number > 1 else None
    amount = Decimal(p.required("amount"))
    if p.text("outcome") not in _PAID_OUTCOMES or amount <= 0:
        return Projection(client_key=p.text("client_pseudonym"), record_key=record, supersedes=supersedes)
    fact = Fact(
        kind=FactKind.CLAIM_PAID,
        occurred_on=p.day("act_date"),
        programme=p.programme(),
        residence_nis=p.nis("residence_nis"),
        subject_pseudonym=p.text("pregnancy_id") or claim,
        amount=amount,
        attributes={
            model.PAYER: code(p.data.get("payer")) or UNSPECIFIED,
            model.ACT: code(p.data.get("act")) or UNSPECIFIED,
        },
        **_performer(p.section("provider")),
    )
    return Projection((fact,), p.text("client_pseudonym"), record, supersedes)


def _double_funding_finding_raised(p: _Payload) -> Projection:
    fact = Fact(
        kind=FactKind.DOUBLE_FUNDING_FOUND,
        occurred_on=p.event_day,
        programme=p.programme(),
        residence_nis=p.nis("residence_nis"),
        subject_pseudonym=p.text("pregnancy_id") or p.required("finding_id"),
        attributes={
            model.RULE: _attribute(p.data.get("rule")),
            "act": code(p.data.get("act")) or UNSPECIFIED,
        },
    )
    return Projection((fact,), p.text("client_pseudonym"), p.record("finding", "finding_id"))


_MAPPERS: Final[Mapping[str, Mapper]] = {
    PREGNANCY_REGISTERED: _pregnancy_registered,
    SCREENING_RECORDED: _screening_recorded,
    INCLUSION_DECIDED: _inclusion_decided,
    PRENATAL_ADVICE_SESSION_HELD: _prenatal_advice_session_held,
    COORDINATOR_APPOINTED: _coordinator_appointed,
    CONSULTATION_HELD: _consultation_held,
    CASE_MANAGEMENT_REQUESTED: _case_management_requested,
    CASE_MANAGEMENT_INTAKE_SCHEDULED: _case_management_intake_scheduled,
    CLAIM_DECIDED: _claim_decided,
    DOUBLE_FUNDING_FINDING_RAISED: _double_funding_finding_raised,
}
