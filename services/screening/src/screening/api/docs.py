"""OpenAPI documentation of the screening routes: problem+json examples built from the domain errors, and the
descriptions shared by several routes.

The examples are built from the error classes themselves, so their `code`, `title` and `rule` cannot drift
from what the service answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from screening.domain import errors
from shared.api import PROBLEM_JSON, problem_responses
from shared.errors import DomainError, PermissionDenied, Unauthenticated
from shared.idempotency import IdempotencyKeyReused

ON_BEHALF = (
    "The performer in the body may differ from the caller: front ends register on behalf of colleagues, "
    "and such a request is accepted. The caller is recorded separately as `recorded_by` (the token's "
    "subject, professional id and organisation) and returned with the record."
)

CORRECTION = (
    "Records are never edited: a correction is a new record that names the record it replaces in "
    "`supersedes` and says why in `correction_reason`. The replaced record stays readable, with "
    "`superseded_by` and `current: false`."
)


def _location(field: str) -> str:
    return (
        f"REP-08, Q-05: `{field}.location_nis` (optional) is the NIS code of the municipality where the "
        f"{field} works; reporting attributes to the client's residence by default and to this location on "
        "request. It is validated like the residence: a code of a merged municipality is mapped to its 2025 "
        "successor (stored, returned and published as such), an unknown code is refused with "
        f"`UNKNOWN_MUNICIPALITY` and nothing is stored. Events carry it in `{field}.location_nis`."
    )


PERFORMER_LOCATION = _location("performer")
REFERRER_LOCATION = _location("referrer")

PPA_BEFORE_BIRTH = (
    "FIN-11: a PPA is only possible during pregnancy, strictly before the birth. A session dated on the day "
    "of birth counts as after the birth and is refused with `FIN_11_PPA_ONLY_DURING_PREGNANCY` "
    '(`timing: "ON_BIRTH_DAY"`); Q-20: after birth no PPA is possible, care coordination and perinatal '
    "consultation remain available."
)


def problem_example(
    error: type[DomainError], status: int, detail: str, instance: str = "/pregnancies", **extra: Any
) -> dict[str, Any]:
    """A problem+json body as `shared.api` renders `error`."""
    body: dict[str, Any] = {
        "type": f"urn:perinatal:problem:{error.code.lower().replace('_', '-')}",
        "title": error.title,
        "status": status,
        "code": error.code,
        "detail": detail,
        "instance": instance,
    }
    rule = getattr(error, "rule_id", None)
    if rule is not None:
        body["rule"] = rule
    return body | extra


_PREGNANCY = "/pregnancies/3f2c8d0e-8a57-4a43-9a53-0e9a1b3c7d21"

VALIDATION_ERROR: dict[str, Any] = {
    "type": "urn:perinatal:problem:validation-error",
    "title": "Request validation failed",
    "status": 422,
    "code": "VALIDATION_ERROR",
    "detail": "The request body or parameters do not match the schema",
    "instance": "/pregnancies",
    "errors": [{"loc": ["body", "expected_delivery_date"], "type": "date_from_datetime_parsing"}],
}
TOKEN_MISSING: dict[str, Any] = {
    "type": "urn:perinatal:problem:token-missing",
    "title": Unauthenticated.title,
    "status": 401,
    "code": "TOKEN_MISSING",
    "detail": "A bearer token is required",
    "instance": "/pregnancies",
}
ROLE_REQUIRED: dict[str, Any] = {
    "type": "urn:perinatal:problem:role-required",
    "title": PermissionDenied.title,
    "status": 403,
    "code": "ROLE_REQUIRED",
    "detail": "This action requires one of the roles: professional, coordinator, admin",
    "instance": "/pregnancies",
    "required_roles": ["professional", "coordinator", "admin"],
}
PREGNANCY_NOT_FOUND = problem_example(errors.PregnancyNotFound, 404, "No pregnancy with this id.", _PREGNANCY)
RECORD_NOT_FOUND = problem_example(
    errors.SupersededRecordNotFound,
    404,
    "The corrected record does not exist in this pregnancy's history.",
    f"{_PREGNANCY}/screenings",
)
ALREADY_SUPERSEDED = problem_example(
    errors.RecordAlreadySuperseded,
    409,
    "The corrected record was already superseded by another correction.",
    f"{_PREGNANCY}/screenings",
)
KEY_REUSED = problem_example(
    IdempotencyKeyReused, 409, "This Idempotency-Key was used for a different request.", _PREGNANCY
)
CORRECTION_REASON_REQUIRED = problem_example(
    errors.CorrectionReasonRequired,
    422,
    "A correction must state why it supersedes the earlier record.",
    f"{_PREGNANCY}/screenings",
)
UNKNOWN_MUNICIPALITY = problem_example(
    errors.UnknownMunicipality, 422, "Unknown municipality NIS code 99999.", nis_code="99999"
)
UNKNOWN_PERFORMER_LOCATION = problem_example(
    errors.UnknownMunicipality,
    422,
    "Unknown municipality NIS code 99999 in performer.location_nis.",
    f"{_PREGNANCY}/screenings",
    nis_code="99999",
    field="performer.location_nis",
)

_DEFAULTS: dict[int, dict[str, Any]] = {
    401: TOKEN_MISSING,
    403: ROLE_REQUIRED,
    404: PREGNANCY_NOT_FOUND,
    409: KEY_REUSED,
    422: VALIDATION_ERROR,
}


def problems(
    *statuses: int, examples: Mapping[int, Sequence[dict[str, Any]]] | None = None
) -> dict[int | str, dict[str, Any]]:
    """`responses=` for problem+json answers, each with named examples (by default a generic one per status)."""
    responses = problem_responses(*statuses)
    for status in statuses:
        chosen = list((examples or {}).get(status, ())) or [_DEFAULTS[status]]
        responses[status]["content"] = {
            PROBLEM_JSON: {
                "schema": {"$ref": "#/components/schemas/Problem"},
                "examples": {body["code"]: {"summary": body["detail"], "value": body} for body in chosen},
            }
        }
    return responses
