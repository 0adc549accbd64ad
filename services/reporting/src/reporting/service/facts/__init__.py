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

from reporting.service.facts.free_text import FREE_TEXT_FIELDS, FREE_TEXT_MIN_WORDS, scrub_free_text
from reporting.service.facts.mapping import (
    CASE_MANAGEMENT_INTAKE_SCHEDULED,
    CASE_MANAGEMENT_REQUESTED,
    CLAIM_DECIDED,
    CONSULTATION_HELD,
    COORDINATOR_APPOINTED,
    DOUBLE_FUNDING_FINDING_RAISED,
    INCLUSION_DECIDED,
    PREGNANCY_REGISTERED,
    PRENATAL_ADVICE_SESSION_HELD,
    SCREENING_RECORDED,
    Mapper,
    facts_from_event,
    mapped_event_types,
    project_event,
)
from reporting.service.facts.payload import LOCAL_TIMEZONE, code, local_date, professional_key
from reporting.service.facts.projection import EMPTY, Projection

__all__ = [
    "CASE_MANAGEMENT_INTAKE_SCHEDULED",
    "CASE_MANAGEMENT_REQUESTED",
    "CLAIM_DECIDED",
    "CONSULTATION_HELD",
    "COORDINATOR_APPOINTED",
    "DOUBLE_FUNDING_FINDING_RAISED",
    "EMPTY",
    "FREE_TEXT_FIELDS",
    "FREE_TEXT_MIN_WORDS",
    "INCLUSION_DECIDED",
    "LOCAL_TIMEZONE",
    "PREGNANCY_REGISTERED",
    "PRENATAL_ADVICE_SESSION_HELD",
    "SCREENING_RECORDED",
    "Mapper",
    "Projection",
    "code",
    "facts_from_event",
    "local_date",
    "mapped_event_types",
    "professional_key",
    "project_event",
    "scrub_free_text",
]
