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
        "Payment orders for the federal health insurance (RIZIV channel, FIN-30): one "
        "financing.federal_payment_order.issued message per claim accepted (or reduced) for the federal payer, "
        "addressed to the client's mutuality, which pays the provider. The Kafka key and the envelope subject "
        "are the mutuality's insurer code (payer_organisation_code, e.g. 300), so a mutuality reads its own "
        "orders in order from one partition. Amounts are EUR decimal strings. At least once: deduplicate by "
        "event_id (one order_id per claim). Orders are acknowledged and batched per month through the "
        "financing API (/payment-orders, /payment-batches; the codes: /payer-organisations); acknowledgements "
        "and closed batches are published on financing.events.",
    ),
    TopicInfo(
        PAYMENT_ORDERS_FLEMISH,
        "financing",
        ("care funds",),
        "payer organisation (care fund code)",
        "Payment orders for the Flemish social protection (VSB channel, FIN-20 / FIN-30): one "
        "financing.flemish_payment_order.issued message per claim accepted (or reduced) for the Flemish payer, "
        "addressed to the client's care fund (zorgkas), which pays the provider. The Kafka key and the "
        "envelope subject are the care fund's code (payer_organisation_code, e.g. ZK-CM), so a care fund reads "
        "its own orders in order from one partition. Amounts are EUR decimal strings. At least once: "
        "deduplicate by event_id (one order_id per claim). Orders are acknowledged and batched per month "
        "through the financing API (/payment-orders, /payment-batches; the codes: /payer-organisations); "
        "acknowledgements and closed batches are published on financing.events.",
    ),
)


def dlq(topic: str) -> str:
    """The dead-letter topic of a topic."""
    return f"{topic}.dlq"
