"""Facts of the financing events: paid claims (FIN-30) and double-funding findings."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from reporting.domain import model
from reporting.domain.aggregation import UNSPECIFIED
from reporting.domain.model import Fact, FactKind
from reporting.service.facts.payload import Payload, attribute_value, code, performer_fields
from reporting.service.facts.projection import Projection

_PAID_OUTCOMES: Final = frozenset({"ACCEPTED", "REDUCED"})


def claim_decided(p: Payload) -> Projection:
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
        **performer_fields(p.section("provider")),
    )
    return Projection((fact,), p.text("client_pseudonym"), record, supersedes)


def double_funding_finding_raised(p: Payload) -> Projection:
    fact = Fact(
        kind=FactKind.DOUBLE_FUNDING_FOUND,
        occurred_on=p.event_day,
        programme=p.programme(),
        residence_nis=p.nis("residence_nis"),
        subject_pseudonym=p.text("pregnancy_id") or p.required("finding_id"),
        attributes={
            model.RULE: attribute_value(p.data.get("rule")),
            "act": code(p.data.get("act")) or UNSPECIFIED,
        },
    )
    return Projection((fact,), p.text("client_pseudonym"), p.record("finding", "finding_id"))
