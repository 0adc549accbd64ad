"""Examples of the screening API's answers, for the OpenAPI document (one pregnancy, told consistently).

`tests/screening/api/test_openapi.py` validates every example against its model, so they stay true.
"""

from __future__ import annotations

from typing import Any

from screening.api.schemas.common import (
    EXAMPLE_PREGNANCY_ID,
    EXAMPLE_PSEUDONYM,
    PERFORMER_EXAMPLE,
    RECORDER_EXAMPLE,
)

SCREENING_ID = "0b8e8a39-3f0e-4c67-9d57-5f8c3f7f6a10"
CORRECTION_ID = "6a0f4d2b-1c3e-4f5a-8b7c-9d0e1f2a3b4c"
SESSION_ID = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"
REFERRAL_ID = "9e8d7c6b-5a49-4382-9160-5f4e3d2c1b0a"

PREGNANCY: dict[str, Any] = {
    "id": EXAMPLE_PREGNANCY_ID,
    "client_pseudonym": EXAMPLE_PSEUDONYM,
    "expected_delivery_date": "2027-03-15",
    "residence_nis": "44021",
    "residence_nis_reported": None,
    "mutuality_code": "100",
    "care_fund_code": "ZK-CM",
    "first_contact_professional_id": "riziv-1-23456-78-901",
    "registered_at": "2026-08-20T09:12:44.120331Z",
    "birth": None,
    "end": None,
    "registered_by": RECORDER_EXAMPLE,
    "concluded_by": None,
}

PERIOD: dict[str, Any] = {
    "on": "2026-11-23",
    "period": "PRENATAL",
    "gestational_age_days": 168,
    "programme_end_date": None,
}

SCENARIO_B: dict[str, Any] = {
    "scenario": "B",
    "basis": "TOOL_RESULT",
    "exception": False,
    "record_id": CORRECTION_ID,
    "effective_date": "2026-09-01",
    "indicators": ["HOUSING_PROBLEMS", "LACK_OF_SOCIAL_SUPPORT"],
    "unlocked_activities": ["CARE_COORDINATION", "PERINATAL_CONSULTATION", "PRENATAL_ADVICE_SESSION"],
    "explanation": (
        "Scenario B: 2 vulnerability indicator(s) found by the completed screening of 2026-09-01 (SCR-05)."
    ),
}

_SCREENING_COMMON: dict[str, Any] = {
    "pregnancy_id": EXAMPLE_PREGNANCY_ID,
    "performer": PERFORMER_EXAMPLE,
    "gestational_age_days": 85,
    "gestational_week": 12,
    "late": False,
    "days_after_birth": None,
    "recorded_by": RECORDER_EXAMPLE,
    "screening_date": "2026-09-01",
    "status": "COMPLETED",
    "topics": ["HOUSING", "SOCIAL_SUPPORT"],
}

SCREENING_SUPERSEDED: dict[str, Any] = _SCREENING_COMMON | {
    "id": SCREENING_ID,
    "indicators": ["HOUSING_PROBLEMS"],
    "scenario": "A",
    "supersedes": None,
    "superseded_by": CORRECTION_ID,
    "correction_reason": None,
    "current": False,
    "recorded_at": "2026-09-01T10:02:11.532000Z",
    "reimbursable": True,
    "non_reimbursable_reason": None,
}

SCREENING_CORRECTION: dict[str, Any] = _SCREENING_COMMON | {
    "id": CORRECTION_ID,
    "indicators": ["HOUSING_PROBLEMS", "LACK_OF_SOCIAL_SUPPORT"],
    "scenario": "B",
    "supersedes": SCREENING_ID,
    "superseded_by": None,
    "correction_reason": "Lack of social support was left out by mistake",
    "current": True,
    "recorded_at": "2026-09-02T08:15:40.004000Z",
    "reimbursable": False,
    "non_reimbursable_reason": "CAP_REACHED",
}

DECISION: dict[str, Any] = {
    "id": "5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
    "pregnancy_id": EXAMPLE_PREGNANCY_ID,
    "performer": PERFORMER_EXAMPLE | {"profession": "GP", "organisation_kind": "GP_PRACTICE"},
    "indicators": ["MENTAL_HEALTH_PROBLEMS", "VICTIM_OF_VIOLENCE"],
    "scenario": "B",
    "gestational_age_days": 85,
    "gestational_week": 12,
    "late": False,
    "days_after_birth": None,
    "supersedes": None,
    "superseded_by": None,
    "correction_reason": None,
    "current": True,
    "recorded_by": RECORDER_EXAMPLE,
    "recorded_at": "2026-09-01T10:02:11.532000Z",
    "decision_date": "2026-09-01",
    "basis": "PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT",
    "reason": "REFUSAL",
    "reason_detail": None,
}

SCENARIO_B_EXCEPTION: dict[str, Any] = SCENARIO_B | {
    "basis": "PROFESSIONAL_JUDGEMENT_NO_TOOL_RESULT",
    "exception": True,
    "record_id": DECISION["id"],
    "indicators": ["MENTAL_HEALTH_PROBLEMS", "VICTIM_OF_VIOLENCE"],
    "explanation": (
        "Scenario B: 2 vulnerability indicator(s) judged present by a professional without a tool result "
        "on 2026-09-01 (SCR-06 exception path)."
    ),
}

SESSION: dict[str, Any] = {
    "id": SESSION_ID,
    "pregnancy_id": EXAMPLE_PREGNANCY_ID,
    "session_date": "2026-10-20",
    "session_number": 1,
    "performer": PERFORMER_EXAMPLE,
    "reimbursable": True,
    "non_reimbursable_reason": None,
    "scenario": "B",
    "inclusion_basis": "TOOL_RESULT",
    "inclusion_record_id": CORRECTION_ID,
    "supersedes": None,
    "superseded_by": None,
    "correction_reason": None,
    "current": True,
    "recorded_by": RECORDER_EXAMPLE,
    "recorded_at": "2026-10-20T16:45:03.880000Z",
}

REFERRAL: dict[str, Any] = {
    "id": REFERRAL_ID,
    "pregnancy_id": EXAMPLE_PREGNANCY_ID,
    "referral_date": "2026-08-18",
    "referrer": {
        "professional_id": "hvhk-gent-017",
        "profession": "FAMILY_SUPPORT_WORKER",
        "organisation_id": "huis-van-het-kind-gent",
        "organisation_kind": "HUIS_VAN_HET_KIND",
        "funding_type": "WELFARE",
        "location_nis": "44021",
    },
    "residence_nis": "44021",
    "supported_by_case_management": False,
    "supersedes": None,
    "superseded_by": None,
    "correction_reason": None,
    "current": True,
    "recorded_by": RECORDER_EXAMPLE,
    "recorded_at": "2026-08-18T11:20:00.000000Z",
}

PREGNANCY_LIST_ITEM: dict[str, Any] = {
    "id": EXAMPLE_PREGNANCY_ID,
    "client_pseudonym": EXAMPLE_PSEUDONYM,
    "expected_delivery_date": "2027-03-15",
    "residence_nis": "44021",
    "first_contact_professional_id": "riziv-1-23456-78-901",
    "birth_date": None,
    "end_date": None,
    "period": "PRENATAL",
    "scenario": "B",
    "exception": False,
}

SCREENING_LIST_ITEM: dict[str, Any] = SCREENING_CORRECTION | {
    "client_pseudonym": EXAMPLE_PSEUDONYM,
    "residence_nis": "44021",
    "pregnancy_scenario": "B",
    "pregnancy_exception": False,
}

SUMMARY: dict[str, Any] = {
    "pregnancy": PREGNANCY,
    "period": PERIOD,
    "current_scenario": SCENARIO_B,
    "screenings": [SCREENING_SUPERSEDED, SCREENING_CORRECTION],
    "inclusion_decisions": [],
    "prenatal_advice_sessions": [SESSION],
    "referrals": [REFERRAL],
    "flags": ["HAS_CORRECTIONS"],
}
