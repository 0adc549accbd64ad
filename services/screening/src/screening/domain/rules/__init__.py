"""Screening rules as plain functions over the frozen model (style guide C3): everything impure is an argument.

Timeline rules (gestational age, SCR-07 timing, birth, periods) live in `screening.domain.timeline`.
Decisions on open questions:

- Q-07: indicators are taken as flagged by the tool (BiB) or attested by a professional; no topic mapping.
- Q-08: an exception decision (SCR-06) must state >= 1 indicator; it yields scenario A for 1 and B for >= 2,
  and always counts as the exception, which unlocks PPA, coordination and consultation (FIN-15). It is refused
  while a current completed screening dated on or before it exists (a tool result is available) unless the
  decision itself supersedes that screening. Reason OTHER needs a reason_detail (audit trail).
- SCR-05/06: the current scenario is taken from the latest (date, then recorded_at, then record_id)
  non-superseded COMPLETED screening or exception decision; partial and refused screenings never determine it.
- FIN-10/SCR-08: a completed screening by a health-insurance provider is reimbursable unless one was already
  recorded earlier for the pregnancy (corrections included, so a correction never earns a second fee). A
  screening by a welfare actor does not use up the pregnancy's reimbursement.
- FIN-11/Q-04: the PPA cap counts earlier *reimbursable* sessions of the pregnancy (twins: one pregnancy), so
  with eligible performers the 3rd and later sessions are CAP_REACHED. Reimbursement also needs a GP,
  gynaecologist or midwife working under health insurance. Precedence of reasons: profession, funding, cap.
- FIN-11 corrections: a PPA may supersede an earlier session of the pregnancy (with a reason). A superseded
  session no longer counts: not toward the session number nor toward the cap of sessions recorded after it.
  The correction takes the number of the session it replaces, so the current sessions are numbered 1..n in
  recording order, and it is judged against the cap without the session it replaces. Verdicts already
  stored are never rewritten (records are never edited).
- FIN-11/Q-20: a PPA is only possible strictly before the birth; a session dated on the day of birth counts as
  after birth and is refused. Coordination and consultation stay unlocked by the inclusion.
- SCR-10 corrections: a referral may supersede an earlier referral; one of a registered pregnancy is only
  corrected within that pregnancy (a correction never moves a client's fact to another client).
- Lists: the current-scenario filter matches the scenario whatever its basis (0, A, B), the exception path
  (EXCEPTION) or no result yet (UNDETERMINED); several values are alternatives.

Modules: `codes` (indicator, topic and NIS codes), `corrections`, `scenario` (the current scenario, the exception
path, unlocked activities), `screenings`, `advice_sessions` (PPA) and `referrals`. Import the rules from
`screening.domain.rules` (`from screening.domain import rules`).
"""

from __future__ import annotations

from screening.domain.rules.advice_sessions import (
    PPA_ELIGIBLE_PROFESSIONS,
    assess_prenatal_advice_session,
    session_numbers,
)
from screening.domain.rules.codes import parse_indicators, parse_topics, resolve_residence_municipality
from screening.domain.rules.corrections import (
    check_correction,
    check_correction_reason,
    check_supersedes_target,
    current_records,
    superseded_record_ids,
)
from screening.domain.rules.referrals import check_outreach_referral, check_referral_correction
from screening.domain.rules.scenario import (
    assess_exception_decision,
    check_exception_decision,
    determination_of,
    determine_current_scenario,
    matches_scenario_filter,
    scenario_for_indicators,
    unlocked_activities,
)
from screening.domain.rules.screenings import (
    assess_screening,
    assess_screening_reimbursement,
    check_screening_record,
)

__all__ = [
    "PPA_ELIGIBLE_PROFESSIONS",
    "assess_exception_decision",
    "assess_prenatal_advice_session",
    "assess_screening",
    "assess_screening_reimbursement",
    "check_correction",
    "check_correction_reason",
    "check_exception_decision",
    "check_outreach_referral",
    "check_referral_correction",
    "check_screening_record",
    "check_supersedes_target",
    "current_records",
    "determination_of",
    "determine_current_scenario",
    "matches_scenario_filter",
    "parse_indicators",
    "parse_topics",
    "resolve_residence_municipality",
    "scenario_for_indicators",
    "session_numbers",
    "superseded_record_ids",
    "unlocked_activities",
]
