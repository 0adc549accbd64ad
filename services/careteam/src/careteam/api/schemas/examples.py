"""Examples of the answers, shown in the OpenAPI document (the test validates each against its schema).

One care trajectory: a client in scenario B with a midwife, a GP, a CAW social worker and her partner; the
midwife coordinates; an external case manager of a recognised organisation ran a jump-start.
"""

from __future__ import annotations

from typing import Any

TEAM_ID = "3f0c9a1e-6b2d-4c8e-9a51-7d2e4b6c8f10"
PREGNANCY_ID = "8d1c7c55-8a9c-4f7e-9d4c-2b6a1f0e5c11"
CLIENT_PSEUDONYM = "c2f1e0d9b8a7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1"
APPOINTMENT_ID = "5b7e2c90-1a3d-4f6e-8b2c-9d0e1f2a3b4c"
REQUEST_ID = "a4c3b2d1-9e8f-4a7b-8c6d-5e4f3a2b1c0d"
CONSULTATION_ID = "e1d2c3b4-a5f6-4789-8abc-def012345678"
CM_ORGANISATION = "example-cm-gent-antwerpen"

CLIENT_REF: dict[str, Any] = {"kind": "CLIENT", "member_id": CLIENT_PSEUDONYM}
MIDWIFE_REF: dict[str, Any] = {"kind": "PROFESSIONAL", "member_id": "riziv-1-23456-78-901"}
CAW_REF: dict[str, Any] = {"kind": "PROFESSIONAL", "member_id": "caw-oost-vl-0042"}

_NO_PROFESSIONAL = dict.fromkeys(
    [
        "profession",
        "organisation_id",
        "funding_type",
        "life_domain",
        "coordination_in_mission",
        "location_nis",
    ]
)
CLIENT_PERSON: dict[str, Any] = {
    **CLIENT_REF,
    **_NO_PROFESSIONAL,
    "relation": None,
    "is_representative": None,
}
MIDWIFE_PERSON: dict[str, Any] = {
    **MIDWIFE_REF,
    "profession": "midwife",
    "organisation_id": "org-vroedvrouwen-gent",
    "funding_type": "FEDERAL",
    "life_domain": "CARE_AND_WELFARE",
    "coordination_in_mission": False,
    "location_nis": "44021",
    "relation": None,
    "is_representative": None,
}
CASE_MANAGER_PERSON: dict[str, Any] = {
    "kind": "PROFESSIONAL",
    "member_id": "cm-gent-007",
    "profession": "case_manager",
    "organisation_id": CM_ORGANISATION,
    "funding_type": "FLEMISH",
    "life_domain": "CARE_AND_WELFARE",
    "coordination_in_mission": False,
    "location_nis": "44021",
    "relation": None,
    "is_representative": None,
}

MEMBER: dict[str, Any] = {
    "membership_id": "0b9f8e7d-6c5b-4a39-8e27-16f5e4d3c2b1",
    "person": MIDWIFE_PERSON,
    "joined_on": "2026-11-02",
    "left_on": None,
    "active": True,
    "agreements": [{"change": "ADD", "given_by": CLIENT_REF, "given_on": "2026-11-02"}],
}

APPOINTMENT: dict[str, Any] = {
    "appointment_id": APPOINTMENT_ID,
    "team_id": TEAM_ID,
    "coordinator": MIDWIFE_PERSON,
    "appointed_on": "2026-11-10",
    "ended_on": None,
    "end_reason": None,
    "active": True,
    "consent_given_by": CLIENT_REF,
    "consent_given_on": "2026-11-10",
    "deliberation_held_on": "2026-11-10",
    "deliberation_participants": [CLIENT_REF, MIDWIFE_REF, CAW_REF],
    "reimbursement_sought": True,
    "reimbursable_intent": True,
    "reasons": [],
    "needs_review": False,
    "review_reasons": [],
    "previous_appointment_id": None,
    "reevaluations": [
        {"held_on": "2027-02-10", "participants": [CLIENT_REF, MIDWIFE_REF], "outcome": "CONTINUE"}
    ],
}

DEADLINE: dict[str, Any] = {
    "kind": "FOLLOW_UP",
    "request_id": REQUEST_ID,
    "team_id": TEAM_ID,
    "organisation_id": CM_ORGANISATION,
    "due_on": "2027-08-01",
    "passed": False,
}

TASK: dict[str, Any] = {
    "task_id": "t-1",
    "goal_id": "cg-1",
    "description": "Apply for social housing",
    "assignee": CAW_REF,
    "due_on": "2026-12-14",
    "status": "OPEN",
    "overdue": False,
}

TEAM: dict[str, Any] = {
    "team_id": TEAM_ID,
    "pregnancy_id": PREGNANCY_ID,
    "client_pseudonym": CLIENT_PSEUDONYM,
    "established_on": "2026-11-02",
    "created_at": "2026-11-02T09:14:05Z",
    "scenario": "B",
    "exception": False,
    "scenario_known": True,
    "expected_delivery_date": "2027-04-01",
    "residence_nis": "44021",
    "pregnancy_outcome": "BIRTH",
    "birth_date": "2027-03-28",
    "pregnancy_end_date": None,
    "children": [{"child_id": "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d", "birth_date": "2027-03-28"}],
    "care_window_end": "2029-03-28",
    "composition": {
        "professionals": 3,
        "informal_carers": 1,
        "life_domains": ["CARE_AND_WELFARE"],
        "care_and_welfare_professions": ["general_practitioner", "midwife", "social_worker"],
        "interdisciplinary": True,
    },
    "members": [
        {
            "membership_id": "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
            "person": CLIENT_PERSON,
            "joined_on": "2026-11-02",
            "left_on": None,
            "active": True,
            "agreements": [],
        },
        MEMBER,
    ],
    "coordinator": APPOINTMENT,
    "case_manager": None,
    "roles": [
        {
            "role": "COORDINATOR",
            "person": MIDWIFE_REF,
            "start_on": "2026-11-10",
            "end_on": None,
            "reference_id": APPOINTMENT_ID,
        },
        {
            "role": "CASE_MANAGER",
            "person": {"kind": "PROFESSIONAL", "member_id": "cm-gent-007"},
            "start_on": "2026-11-16",
            "end_on": "2027-02-01",
            "reference_id": REQUEST_ID,
        },
    ],
    "open_tasks": [TASK],
    "care_plan_version": 2,
    "deadlines": [DEADLINE],
}

PROFESSIONAL_TEAM: dict[str, Any] = {
    "team_id": TEAM_ID,
    "pregnancy_id": PREGNANCY_ID,
    "client_pseudonym": CLIENT_PSEUDONYM,
    "established_on": "2026-11-02",
    "roles": ["COORDINATOR", "MEMBER"],
    "active": True,
}

PREGNANCY: dict[str, Any] = {
    "pregnancy_id": PREGNANCY_ID,
    "client_pseudonym": CLIENT_PSEUDONYM,
    "expected_delivery_date": "2027-04-01",
    "residence_nis": "44021",
    "mutuality_code": "300",
    "care_fund_code": None,
    "registered_at": "2026-10-20T10:02:11Z",
    "scenario_known": True,
    "outcome": None,
    "birth_date": None,
    "end_date": None,
}

EPISODE: dict[str, Any] = {
    "request_id": REQUEST_ID,
    "team_id": TEAM_ID,
    "request_type": "JUMP_START",
    "status": "ENDED",
    "requested_on": "2026-11-09",
    "requested_by": CLIENT_REF,
    "organisation_id": CM_ORGANISATION,
    "region": "44021",
    "conditions": ["b", "c"],
    "intake_deadline": "2026-11-19",
    "intake_scheduled_on": "2026-11-10",
    "intake_on": "2026-11-12",
    "intake_late": False,
    "intake_overdue": False,
    "case_manager": CASE_MANAGER_PERSON,
    "started_on": "2026-11-16",
    "planned_end_on": "2027-02-16",
    "ended_on": "2027-02-01",
    "overrunning": False,
    "follow_up_due_on": "2027-08-01",
    "follow_up_missed": False,
    "follow_up_held_on": None,
    "follow_up_effective": None,
    "withdrawn_on": None,
}

DEADLINE_CHECK: dict[str, Any] = {"intake_late": 1, "follow_up_due": 2, "follow_up_missed": 0}

ORGANISATION: dict[str, Any] = {
    "organisation_id": CM_ORGANISATION,
    "name": "EXAMPLE case management Gent-Antwerpen",
    "recognised_from": "2025-01-01",
    "recognised_to": None,
    "regions": ["44021", "ELZ Gent"],
    "recognised_today": True,
    "updated_at": "2026-11-23T20:09:32Z",
}

CONSULTATION: dict[str, Any] = {
    "consultation_id": CONSULTATION_ID,
    "team_id": TEAM_ID,
    "held_on": "2026-11-13",
    "organiser": MIDWIFE_REF,
    "organiser_role": "COORDINATOR",
    "mode": "ONLINE",
    "duration_minutes": 45,
    "participants": [
        {"person": CLIENT_PERSON, "designated_by_client": False},
        {"person": MIDWIFE_PERSON, "designated_by_client": False},
        {
            "person": {
                **MIDWIFE_PERSON,
                "member_id": "riziv-1-98765-43-210",
                "profession": "general_practitioner",
                "organisation_id": "wgc-gent",
            },
            "designated_by_client": False,
        },
        {
            "person": {
                **MIDWIFE_PERSON,
                **CAW_REF,
                "profession": "social_worker",
                "organisation_id": "caw-oost-vlaanderen",
                "funding_type": "FLEMISH",
            },
            "designated_by_client": False,
        },
    ],
    "attendance": {
        "participants": 4,
        "client_present": True,
        "designee_present": False,
        "health_insurance_professionals": 2,
        "other_professionals": 1,
    },
}

CARE_PLAN: dict[str, Any] = {
    "team_id": TEAM_ID,
    "version": 2,
    "valid_from": "2026-11-20",
    "changed_by": MIDWIFE_REF,
    "life_goals": [{"goal_id": "lg-1", "description": "A calm home for the baby"}],
    "care_goals": [{"goal_id": "cg-1", "description": "Stable housing", "life_goal_ids": ["lg-1"]}],
    "tasks": [TASK],
    "agreements": [
        {
            "agreement_id": "a-1",
            "description": "The midwife answers medical questions; the CAW handles housing",
            "responsible": [MIDWIFE_REF, CAW_REF],
            "agreed_on": "2026-11-13",
        }
    ],
    "consultation_id": CONSULTATION_ID,
    "note": "",
}
