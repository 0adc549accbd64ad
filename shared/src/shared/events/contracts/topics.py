"""Topic names and what flows on them. A dead-letter topic is `<topic>.dlq`."""

from __future__ import annotations

from dataclasses import dataclass

SCREENING_EVENTS = "screening.events"
CARETEAM_EVENTS = "careteam.events"
FINANCING_EVENTS = "financing.events"
PAYMENT_ORDERS_FEDERAL = "financing.payment-orders.federal"
PAYMENT_ORDERS_FLEMISH = "financing.payment-orders.flemish"


@dataclass(frozen=True)
class TopicInfo:
    name: str
    producer: str
    consumers: tuple[str, ...]
    key: str
    description: str


TOPICS: tuple[TopicInfo, ...] = (
    TopicInfo(
        SCREENING_EVENTS,
        "screening",
        ("careteam", "financing", "reporting"),
        "client pseudonym",
        "Pregnancies, births, screenings, inclusion decisions, prenatal advice sessions and referrals.",
    ),
    TopicInfo(
        CARETEAM_EVENTS,
        "careteam",
        ("financing", "reporting"),
        "client pseudonym",
        "Care teams, members, coordinator and case-manager periods, consultations and care-plan changes.",
    ),
    TopicInfo(
        FINANCING_EVENTS,
        "financing",
        ("reporting",),
        "client pseudonym",
        "Claims and their decisions, double-funding findings, batches and budget thresholds.",
    ),
    TopicInfo(
        PAYMENT_ORDERS_FEDERAL,
        "financing",
        ("mutualities",),
        "payer organisation (insurer code)",
        "Payment orders for the federal health insurance, one partition key per mutuality.",
    ),
    TopicInfo(
        PAYMENT_ORDERS_FLEMISH,
        "financing",
        ("care funds",),
        "payer organisation (care fund code)",
        "Payment orders for the Flemish social protection, one partition key per care fund.",
    ),
)


def dlq(topic: str) -> str:
    """The dead-letter topic of a topic."""
    return f"{topic}.dlq"
