from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

import pytest

from careteam.adapters.case_management import StoredEpisode
from careteam.domain import case_management
from careteam.domain.calendar import intake_deadline
from careteam.domain.roles import CaseManagement
from careteam.service.case_management import candidate_regions
from careteam.service.views.case_management import deadlines_of
from shared.refdata.loader import load_geography
from tests.careteam.unit import make_team, request_cm, running_cm

pytestmark = pytest.mark.unit


def test_ct35_a_request_is_matched_on_the_residence_and_its_primary_care_zone() -> None:
    geography = load_geography()
    assert candidate_regions("72020", geography) == ["72020", "Noord-Limburg"]
    assert candidate_regions("72020", None) == ["72020"]
    assert candidate_regions("99999", geography) == ["99999"]


def stored(episode: CaseManagement) -> StoredEpisode:
    # stored ids are UUIDs
    request = replace(episode.request, request_id=str(uuid.uuid4()), team_id=str(uuid.uuid4()))
    episode = replace(episode, request=request)
    return StoredEpisode(
        episode,
        intake_deadline(episode.request.requested_on),
        None,
        None,
        None,
        created_at=None,  # type: ignore[arg-type]
    )


def test_ct33_an_unanswered_request_shows_its_intake_deadline_passed_or_not() -> None:
    episode = request_cm(make_team(), date(2026, 11, 9))
    (on_time,) = deadlines_of(stored(episode), date(2026, 11, 19))
    (late,) = deadlines_of(stored(episode), date(2026, 11, 20))
    assert (on_time.kind, on_time.due_on, on_time.passed) == ("INTAKE", date(2026, 11, 19), False)
    assert late.passed


def test_ct34_an_ended_intervention_shows_its_follow_up_due_6_months_later() -> None:
    episode = case_management.end_intervention(
        running_cm(make_team(), date(2026, 1, 12)), ended_on=date(2026, 3, 31)
    )
    (follow_up,) = deadlines_of(stored(episode), date(2026, 9, 30))
    assert (follow_up.kind, follow_up.due_on, follow_up.passed) == ("FOLLOW_UP", date(2026, 9, 30), False)
    assert deadlines_of(stored(episode), date(2026, 10, 1))[0].passed
