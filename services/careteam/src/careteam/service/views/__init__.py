"""Read models for the front ends, built from the stored domain records (no SQL here, no HTTP).

One module per resource: ``common`` (people), ``teams``, ``coordination``, ``case_management``,
``consultations`` and ``care_plans``. The names are re-exported here so ``from careteam.service.views import
member_view`` keeps working.
"""

from __future__ import annotations

from careteam.service.views.care_plans import (
    CareGoalView,
    CarePlanView,
    LifeGoalView,
    TaskView,
    WhoDoesWhatView,
    care_plan_view,
    task_view,
)
from careteam.service.views.case_management import (
    DeadlineView,
    EpisodeView,
    OrganisationView,
    deadlines_of,
    episode_view,
    organisation_view,
)
from careteam.service.views.common import PersonView, RefView, person_view, ref_view, refs_view
from careteam.service.views.consultations import (
    AttendanceView,
    ConsultationView,
    ParticipantView,
    consultation_view,
)
from careteam.service.views.coordination import AppointmentView, ReevaluationView, appointment_view
from careteam.service.views.teams import (
    AgreementView,
    ChildView,
    CompositionView,
    MemberView,
    ProfessionalTeamView,
    RolePeriodView,
    TeamView,
    member_view,
)

__all__ = [
    "AgreementView",
    "AppointmentView",
    "AttendanceView",
    "CareGoalView",
    "CarePlanView",
    "ChildView",
    "CompositionView",
    "ConsultationView",
    "DeadlineView",
    "EpisodeView",
    "LifeGoalView",
    "MemberView",
    "OrganisationView",
    "ParticipantView",
    "PersonView",
    "ProfessionalTeamView",
    "ReevaluationView",
    "RefView",
    "RolePeriodView",
    "TaskView",
    "TeamView",
    "WhoDoesWhatView",
    "appointment_view",
    "care_plan_view",
    "consultation_view",
    "deadlines_of",
    "episode_view",
    "member_view",
    "organisation_view",
    "person_view",
    "ref_view",
    "refs_view",
    "task_view",
]
