"""Prometheus metrics, one registry per process (built at start-up, never at import)."""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


@dataclass
class Metrics:
    """Every metric the plumbing exports. Services may register their own on `registry`."""

    registry: CollectorRegistry = field(default_factory=lambda: CollectorRegistry(auto_describe=True))

    def __post_init__(self) -> None:
        r = self.registry
        self.http_request_duration = Histogram(
            "http_request_duration_seconds",
            "HTTP request latency by route template",
            ["method", "route", "status"],
            registry=r,
            buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
        )
        self.outbox_pending = Gauge(
            "outbox_pending_events", "Outbox rows not yet published", ["service"], registry=r
        )
        self.outbox_oldest_age = Gauge(
            "outbox_oldest_pending_age_seconds",
            "Age of the oldest unpublished outbox row",
            ["service"],
            registry=r,
        )
        self.outbox_parked = Gauge(
            "outbox_parked_events", "Outbox rows parked after repeated failures", ["service"], registry=r
        )
        self.outbox_published = Counter(
            "outbox_published_events", "Outbox rows published to Kafka", ["service"], registry=r
        )
        self.outbox_publish_delay = Histogram(
            "outbox_publish_delay_seconds",
            "Time from outbox insert to publication (oldest row of each batch)",
            ["service"],
            registry=r,
        )
        self.consumer_lag = Gauge(
            "kafka_consumer_lag",
            "Messages behind the partition end",
            ["group", "topic", "partition"],
            registry=r,
        )
        self.consumer_processed = Counter(
            "consumer_events_processed",
            "Consumed events by outcome",
            ["group", "topic", "outcome"],
            registry=r,
        )
        self.consumer_dlq = Counter(
            "consumer_dead_lettered_events",
            "Events sent to a dead-letter topic",
            ["group", "topic"],
            registry=r,
        )
        self.consumer_batch_duration = Histogram(
            "consumer_batch_duration_seconds", "Time to apply one consumed batch", ["group"], registry=r
        )
