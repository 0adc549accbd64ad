"""API contract of the pregnancy summary: scenario and why, period, history, sessions, referrals, flags."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from screening.adapters.records import StoredScreening
from screening.api.schemas import examples
from screening.api.schemas.activities import PrenatalAdviceSessionRead, ReferralRead
from screening.api.schemas.common import ScenarioRead
from screening.api.schemas.pregnancies import PeriodRead, PregnancyRead
from screening.api.schemas.records import InclusionDecisionRead, ScreeningRead
from screening.domain.summary import PregnancyFlag
from screening.service.queries import PregnancySummary


class PregnancySummaryRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.SUMMARY]})

    pregnancy: PregnancyRead
    period: PeriodRead
    current_scenario: ScenarioRead
    screenings: list[ScreeningRead] = Field(description="every screening, superseded ones included")
    inclusion_decisions: list[InclusionDecisionRead] = Field(description="SCR-06 exception-path decisions")
    prenatal_advice_sessions: list[PrenatalAdviceSessionRead] = Field(
        description="every session, superseded ones included (FIN-11)"
    )
    referrals: list[ReferralRead] = Field(description="every referral, superseded ones included (SCR-10)")
    flags: list[PregnancyFlag]

    @classmethod
    def of(cls, summary: PregnancySummary) -> PregnancySummaryRead:
        return cls(
            pregnancy=PregnancyRead.of(summary.pregnancy),
            period=PeriodRead.of(summary.period),
            current_scenario=ScenarioRead.of(summary.current),
            screenings=[ScreeningRead.of(s) for s in summary.history if isinstance(s, StoredScreening)],
            inclusion_decisions=[
                InclusionDecisionRead.of(s) for s in summary.history if not isinstance(s, StoredScreening)
            ],
            prenatal_advice_sessions=[PrenatalAdviceSessionRead.of(s) for s in summary.sessions],
            referrals=[ReferralRead.of(r) for r in summary.referrals],
            flags=sorted(summary.flags),
        )
