"""Service bootstrap, written once: the FastAPI app, the outbox relay process, the consumer process, migrations.

Each service describes itself with a `ServiceDefinition` (its metadata tables, routers, consumers and topics)
and gets four entry points from here: ``<svc>-api``, ``<svc>-relay``, ``<svc>-consumers``, ``<svc>-migrate``.
Engine, sessionmaker, token verifier, metrics and Kafka clients are built in the lifespan or the worker
`main`, never at import.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, FastAPI
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared import migrations
from shared.api import MetricsMiddleware, health_router, register_error_handlers
from shared.auth import TokenVerifier
from shared.config import ServiceSettings
from shared.db import make_engine, make_sessionmaker, ping
from shared.events.registry import EventRegistry, default_registry
from shared.kafka.admin import ensure_topics
from shared.kafka.consumer import BatchProcessor, ConsumerConfig, ConsumerSpec, KafkaConsumerLoop
from shared.kafka.producer import KafkaProducer
from shared.kafka.retry import RetryPolicy
from shared.logging import RequestContextMiddleware, configure_logging, get_logger
from shared.metrics import Metrics
from shared.outbox.relay import OutboxRelay, RelayConfig, outbox_stats

log = get_logger(__name__)

StartupHook = Callable[[FastAPI | None, ServiceSettings, dict[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class ServiceDefinition:
    """Everything the plumbing needs to know about one service."""

    name: str
    title: str
    description: str
    version: str
    outbox: Table
    inbox: Table
    migrations: str  # package resource path of the Alembic tree, e.g. "screening:migrations"
    routers: Sequence[APIRouter] = ()
    consumers: Callable[[ServiceSettings], Sequence[ConsumerSpec]] = lambda _s: ()
    produced_topics: Sequence[str] = ()
    openapi_tags: Sequence[dict[str, Any]] = ()
    # Builds service state (reference data, clients ...) once at start-up; stored in `state` (app.state).
    on_startup: StartupHook | None = None
    registry_factory: Callable[[], EventRegistry] = field(default=default_registry)

    def consumed_topics(self, settings: ServiceSettings) -> list[str]:
        return sorted({t for spec in self.consumers(settings) for t in spec.topics})

    def all_topics(self, settings: ServiceSettings) -> list[str]:
        return sorted(set(self.produced_topics) | set(self.consumed_topics(settings)))


def retry_policy(settings: ServiceSettings) -> RetryPolicy:
    return RetryPolicy(
        max_attempts=settings.retry_max_attempts,
        base_delay=settings.retry_base_delay_ms / 1000,
        max_delay=settings.retry_max_delay_ms / 1000,
    )


class BrokerProbe:
    """Readiness check of the broker through a long-lived producer connection (started lazily)."""

    def __init__(self, bootstrap_servers: str) -> None:
        self._bootstrap = bootstrap_servers
        self._producer: KafkaProducer | None = None

    async def check(self) -> None:
        if self._producer is None:
            producer = KafkaProducer(self._bootstrap, client_id="readiness")
            await asyncio.wait_for(producer.start(), timeout=5.0)
            self._producer = producer
        await self._producer.ping()

    async def close(self) -> None:
        if self._producer is not None:
            with contextlib.suppress(Exception):
                await self._producer.stop()


class Workers:
    """The outbox relay and the consumer loops of one service, over one engine and one producer."""

    def __init__(
        self,
        defn: ServiceDefinition,
        settings: ServiceSettings,
        sessionmaker: async_sessionmaker[AsyncSession],
        metrics: Metrics,
        *,
        relay: bool = True,
        consumers: bool = True,
        state: dict[str, Any] | None = None,
    ) -> None:
        self.defn = defn
        self.settings = settings
        self.sessionmaker = sessionmaker
        self.metrics = metrics
        self.want_relay = relay
        self.want_consumers = consumers
        self.state = state or {}
        self.producer = KafkaProducer(settings.kafka_bootstrap_servers, client_id=f"{defn.name}-worker")
        self.relay: OutboxRelay | None = None
        self.loops: list[KafkaConsumerLoop] = []
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        s = self.settings
        await ensure_topics(
            s.kafka_bootstrap_servers,
            self.defn.all_topics(s),
            partitions=s.kafka_topic_partitions,
            replication_factor=s.kafka_replication_factor,
        )
        await self.producer.start()
        if self.want_relay:
            self.relay = OutboxRelay(
                self.sessionmaker,
                self.defn.outbox,
                self.producer,
                RelayConfig(
                    service=self.defn.name,
                    batch_size=s.outbox_batch_size,
                    poll_interval=s.outbox_poll_interval_ms / 1000,
                    retry=retry_policy(s),
                    retention=_hours(s.outbox_retention_hours),
                ),
                self.metrics,
            )
            self._tasks.append(asyncio.create_task(self.relay.run(), name=f"{self.defn.name}-relay"))
        if self.want_consumers:
            registry = self.defn.registry_factory()
            for spec in self.defn.consumers(s):
                processor = BatchProcessor(
                    spec,
                    sessionmaker=self.sessionmaker,
                    inbox_table=self.defn.inbox,
                    outbox_table=self.defn.outbox,
                    registry=registry,
                    dlq_producer=self.producer,
                    retry=retry_policy(s),
                    metrics=self.metrics,
                )
                loop = KafkaConsumerLoop(
                    processor,
                    ConsumerConfig(
                        bootstrap_servers=s.kafka_bootstrap_servers,
                        batch_size=s.consumer_batch_size,
                        fetch_max_wait_ms=s.kafka_fetch_max_wait_ms,
                        client_id=f"{self.defn.name}-{spec.group_id}",
                    ),
                    self.metrics,
                )
                await loop.start()
                self.loops.append(loop)
                self._tasks.append(asyncio.create_task(loop.run(), name=f"{self.defn.name}-{spec.group_id}"))

    async def wait(self) -> None:
        """Wait until a worker stops (a crash propagates, so the supervisor restarts the process)."""
        if self._tasks:
            done, _ = await asyncio.wait(self._tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                task.result()

    async def stop(self) -> None:
        if self.relay is not None:
            self.relay.stop()
        for loop in self.loops:
            await loop.stop()
        for task in self._tasks:
            try:
                await asyncio.wait_for(asyncio.shield(task), timeout=15.0)
            except (TimeoutError, Exception):
                task.cancel()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.producer.stop(), timeout=10.0)


def _hours(hours: int) -> Any:
    from datetime import timedelta

    return timedelta(hours=hours)


def create_service_app(defn: ServiceDefinition, settings: ServiceSettings) -> FastAPI:
    """The FastAPI app of a service: middleware, problem+json, health, metrics, routers, lifespan."""
    configure_logging(defn.name, level=settings.log_level, json=settings.log_json)
    metrics = Metrics()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(
            settings.database_url_str, pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow
        )
        app.state.engine = engine
        app.state.sessionmaker = make_sessionmaker(engine)
        probe = BrokerProbe(settings.kafka_bootstrap_servers)
        app.state.broker_probe = probe
        if defn.on_startup is not None:
            extra: dict[str, Any] = {}
            await defn.on_startup(app, settings, extra)
            for key, value in extra.items():
                setattr(app.state, key, value)
        workers: Workers | None = None
        if settings.run_workers_in_process:
            workers = Workers(defn, settings, app.state.sessionmaker, metrics, state=dict(app.state._state))
            await workers.start()
            app.state.workers = workers
        log.info("service_started", service=defn.name)
        try:
            yield
        finally:
            if workers is not None:
                await workers.stop()
            await probe.close()
            await engine.dispose()
            log.info("service_stopped", service=defn.name)

    app = FastAPI(
        title=defn.title,
        description=defn.description,
        version=defn.version,
        lifespan=lifespan,
        openapi_tags=list(defn.openapi_tags) or None,
    )
    app.state.settings = settings
    app.state.metrics = metrics
    app.state.token_verifier = TokenVerifier.from_settings(settings)
    app.state.service = defn
    register_error_handlers(app)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(RequestContextMiddleware)

    async def db_check() -> None:
        await asyncio.wait_for(ping(app.state.engine), timeout=3.0)

    async def broker_check() -> None:
        await asyncio.wait_for(app.state.broker_probe.check(), timeout=5.0)

    async def refresh() -> None:
        async with app.state.sessionmaker() as session:
            pending, age, parked = await outbox_stats(session, defn.outbox)
        metrics.outbox_pending.labels(defn.name).set(pending)
        metrics.outbox_oldest_age.labels(defn.name).set(age)
        metrics.outbox_parked.labels(defn.name).set(parked)

    app.include_router(health_router({"database": db_check, "broker": broker_check}, refresh_metrics=refresh))
    for router in defn.routers:
        app.include_router(router)
    return app


async def run_workers(
    defn: ServiceDefinition, settings: ServiceSettings, *, relay: bool, consumers: bool
) -> None:
    """Body of the ``<svc>-relay`` / ``<svc>-consumers`` processes: run until SIGINT/SIGTERM."""
    configure_logging(defn.name, level=settings.log_level, json=settings.log_json)
    engine: AsyncEngine = make_engine(settings.database_url_str, pool_size=settings.db_pool_size)
    sessionmaker = make_sessionmaker(engine)
    state: dict[str, Any] = {}
    if defn.on_startup is not None:
        await defn.on_startup(None, settings, state)
    metrics = Metrics()
    if settings.worker_metrics_port:
        from prometheus_client import start_http_server

        start_http_server(settings.worker_metrics_port, registry=metrics.registry)
    workers = Workers(defn, settings, sessionmaker, metrics, relay=relay, consumers=consumers, state=state)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await workers.start()
        stopper = asyncio.create_task(stop.wait())
        runner = asyncio.create_task(workers.wait())
        await asyncio.wait({stopper, runner}, return_when=asyncio.FIRST_COMPLETED)
        if runner.done():
            runner.result()
    finally:
        await workers.stop()
        await engine.dispose()


def migrate(defn: ServiceDefinition, settings: ServiceSettings) -> None:
    """Body of ``<svc>-migrate``: upgrade the service's database to head."""
    configure_logging(defn.name, level=settings.log_level, json=settings.log_json)
    migrations.upgrade(defn.migrations, settings.database_url_str)
    log.info("migrations_applied", service=defn.name)


def serve(app_factory: str, settings: ServiceSettings, port: int, host: str = "0.0.0.0") -> None:  # noqa: S104
    """Body of ``<svc>-api``: uvicorn with uvloop/httptools on one port."""
    import uvicorn

    uvicorn.run(app_factory, factory=True, host=host, port=port, log_config=None, access_log=False)
