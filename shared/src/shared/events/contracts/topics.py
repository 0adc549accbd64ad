"""Topic names. A dead-letter topic is `<topic>.dlq`."""

SCREENING_EVENTS = "screening.events"
CARETEAM_EVENTS = "careteam.events"
FINANCING_EVENTS = "financing.events"
PAYMENT_ORDERS_FEDERAL = "financing.payment-orders.federal"
PAYMENT_ORDERS_FLEMISH = "financing.payment-orders.flemish"


def dlq(topic: str) -> str:
    """The dead-letter topic of a topic."""
    return f"{topic}.dlq"
