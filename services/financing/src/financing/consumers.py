"""The consumer group of the financing service, and the background work of its consumers process.

* `financing.projection` reads the screening and careteam events into financing's own projection
  (`service.handlers`).
* Held claims are decided again without an operator, with the use case of `POST /ops/held-claims/reassessment`
  (`service.reviews.reassess_held_claims`):
  - right after a projection batch commits, for the clients whose claim-backing activity (a screening, a
    prenatal advice session, a coordinator appointment, a consultation, a case-management intervention) the
    batch brought: their claims held with ACTIVITY_NOT_YET_KNOWN (`ActivityArrivals` + `HeldClaimsFollowUp`).
    The consumer's hot path only adds the pseudonym to a set on the batch's session; after the commit the
    follow-up reads the held claims of those clients with one indexed statement (nothing more when there
    are none) and decides each one in its own transaction, so a reassessment never rolls back or
    dead-letters a projected fact;
  - every `FINANCING_REASSESSMENT_INTERVAL_SECONDS` (default hourly, first run at start, 0 disables), all
    held claims, oldest first: activities that arrived are paid, those still missing after
    `FINANCING_ACTIVITY_GRACE_DAYS` are rejected with ACTIVITY_NOT_REGISTERED. It also catches up on a
    follow-up lost to a crash between a batch commit and its follow-up.

  Both run in the `financing-consumers` process (`run_consumers_process`), or in the API process when
  `FINANCING_RUN_WORKERS_IN_PROCESS` is set (`financing.main`). Several replicas may run them at once: each
  claim is decided under its advisory locks and re-read there, and an unchanged held claim records nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from financing.adapters.uow import FinancingUnitOfWork
from financing.config import FinancingSettings
from financing.service import handlers, reviews
from financing.service.decisions import RuleBook
from shared.config import ServiceSettings
from shared.db import make_engine, make_sessionmaker, utcnow
from shared.events.contracts.topics import CARETEAM_EVENTS, SCREENING_EVENTS
from shared.events.envelope import EventEnvelope
from shared.kafka.consumer import ConsumerSpec, Handler, HandlerContext, is_transient
from shared.logging import get_logger
from shared.periodic import BackgroundWorker, PeriodicWorker, run_alongside
from shared.service import ServiceDefinition, run_workers

log = get_logger(__name__)

FOLLOW_UP_ACTOR = "financing.projection"  # `decided_by` of the decisions taken right after a batch
PERIODIC_ACTOR = "financing.periodic-reassessment"  # `decided_by` of the periodic job's decisions
_BATCH_CLIENTS = "financing.activity_clients"  # session.info: clients whose activity this batch projected
_LISTENING = "financing.activity_listener"
_RETRY_DELAY_SECONDS = 5.0


def _today() -> date:
    return utcnow().date()


class ActivityArrivals:
    """The clients whose claim-backing activity a committed projection batch brought in.

    The wrapped handlers note the client on the batch's session; when that session commits, the clients are
    handed over (`take` / `wait`). A batch that is rolled back hands over nothing (its session is discarded
    and the batch is applied again in a new one).
    """

    def __init__(self) -> None:
        self._pending: set[str] = set()
        self._arrived = asyncio.Event()

    def wrap(self, handler: Handler) -> Handler:
        """The handler, followed by noting the event's client on the batch's session."""

        async def handle(envelope: EventEnvelope[Any], ctx: HandlerContext) -> None:
            await handler(envelope, ctx)
            self._note(ctx.session, envelope.payload.client_pseudonym)

        return handle

    def _note(self, session: AsyncSession, client: str) -> None:
        info = session.info
        if not info.get(_LISTENING):
            event.listen(session.sync_session, "after_commit", self._committed)
            info[_LISTENING] = True
        info.setdefault(_BATCH_CLIENTS, set()).add(client)

    def _committed(self, session: Session) -> None:
        clients: set[str] | None = session.info.pop(_BATCH_CLIENTS, None)
        if clients:
            self._pending |= clients
            self._arrived.set()

    def take(self) -> frozenset[str]:
        """The clients handed over so far (and forget them)."""
        clients, self._pending = frozenset(self._pending), set()
        self._arrived.clear()
        return clients

    def put_back(self, clients: frozenset[str]) -> None:
        if clients:
            self._pending |= clients
            self._arrived.set()

    async def wait(self) -> frozenset[str]:
        """Wait until a committed batch hands over clients, and take them."""
        await self._arrived.wait()
        return self.take()


def consumer_specs(
    _settings: ServiceSettings, *, arrivals: ActivityArrivals | None = None
) -> Sequence[ConsumerSpec]:
    """The projection group; with `arrivals`, the activity events also hand their client to the follow-up."""
    table: Mapping[str, Handler] = handlers.PROJECTION_HANDLERS
    if arrivals is not None:
        table = {
            event_type: arrivals.wrap(handler) if event_type in handlers.ACTIVITY_EVENT_TYPES else handler
            for event_type, handler in table.items()
        }
    return (
        ConsumerSpec(
            group_id="financing.projection",
            topics=(SCREENING_EVENTS, CARETEAM_EVENTS),
            handlers=table,
        ),
    )


class HeldClaimsFollowUp:
    """Decides again the claims held ACTIVITY_NOT_YET_KNOWN of the clients a committed batch handed over."""

    name = "financing-held-claims-follow-up"

    def __init__(
        self,
        arrivals: ActivityArrivals,
        sessionmaker: async_sessionmaker[AsyncSession],
        rules: RuleBook,
        *,
        limit: int = 5000,
        today: Callable[[], date] = _today,
    ) -> None:
        self._arrivals = arrivals
        self._sessionmaker = sessionmaker
        self._rules = rules
        self._limit = limit
        self._today = today
        self._stopping = asyncio.Event()

    async def follow_up(self, clients: frozenset[str]) -> dict[str, int]:
        """One indexed statement for the held claims of `clients`; each one found is decided again."""
        if not clients:
            return {}
        cmd = reviews.ReassessHeldClaims(
            FOLLOW_UP_ACTOR, limit=self._limit, clients=clients, waiting_for_activity_only=True
        )
        outcomes = await reviews.reassess_held_claims(
            cmd, uow=FinancingUnitOfWork(self._sessionmaker), rules=self._rules, today=self._today()
        )
        if outcomes:
            log.info("held_claims_followed_up", clients=len(clients), outcomes=outcomes)
        return outcomes

    async def run(self) -> None:
        log.info("held_claims_follow_up_started")
        while not self._stopping.is_set():
            arrived = asyncio.ensure_future(self._arrivals.wait())
            stopping = asyncio.ensure_future(self._stopping.wait())
            await asyncio.wait({arrived, stopping}, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            if not arrived.done():
                arrived.cancel()
                break
            clients = arrived.result()
            try:
                await self.follow_up(clients)
            except Exception as exc:
                log.exception("held_claims_follow_up_failed", error=type(exc).__name__, clients=len(clients))
                if not is_transient(exc):
                    continue  # the periodic reassessment takes these claims again
                # The database is away: keep the clients and try again a little later.
                self._arrivals.put_back(clients)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), timeout=_RETRY_DELAY_SECONDS)
        log.info("held_claims_follow_up_stopped")

    def stop(self) -> None:
        self._stopping.set()


async def reassess_all_held_claims(
    sessionmaker: async_sessionmaker[AsyncSession],
    rules: RuleBook,
    *,
    limit: int,
    today: Callable[[], date] = _today,
) -> dict[str, int]:
    """The periodic job: the use case of `POST /ops/held-claims/reassessment`, on every held claim."""
    cmd = reviews.ReassessHeldClaims(PERIODIC_ACTOR, limit=limit)
    return await reviews.reassess_held_claims(
        cmd, uow=FinancingUnitOfWork(sessionmaker), rules=rules, today=today()
    )


def periodic_reassessment(
    settings: FinancingSettings,
    sessionmaker: async_sessionmaker[AsyncSession],
    rules: RuleBook,
    *,
    today: Callable[[], date] = _today,
) -> PeriodicWorker | None:
    """The periodic held-claims reassessment, or None when FINANCING_REASSESSMENT_INTERVAL_SECONDS is 0."""
    if settings.reassessment_interval_seconds <= 0:
        return None
    job = functools.partial(
        reassess_all_held_claims, sessionmaker, rules, limit=settings.reassessment_limit, today=today
    )
    return PeriodicWorker(
        "financing-held-claims-reassessment", job, interval=settings.reassessment_interval_seconds
    )


def background_workers(
    settings: FinancingSettings,
    sessionmaker: async_sessionmaker[AsyncSession],
    rules: RuleBook,
    arrivals: ActivityArrivals,
) -> list[BackgroundWorker]:
    """What runs next to the projection consumer: the follow-up and (unless disabled) the periodic job."""
    workers: list[BackgroundWorker] = [
        HeldClaimsFollowUp(arrivals, sessionmaker, rules, limit=settings.reassessment_limit)
    ]
    periodic = periodic_reassessment(settings, sessionmaker, rules)
    if periodic is not None:
        workers.append(periodic)
    return workers


def with_activity_follow_up(defn: ServiceDefinition, arrivals: ActivityArrivals) -> ServiceDefinition:
    """The service definition whose projection consumer hands the activity events' clients to `arrivals`."""
    return dataclasses.replace(defn, consumers=functools.partial(consumer_specs, arrivals=arrivals))


async def run_consumers_process(defn: ServiceDefinition, settings: FinancingSettings) -> None:
    """Body of `financing-consumers`: the projection consumer with the held-claims follow-up and the periodic
    reassessment next to it (their own small connection pool), until SIGINT/SIGTERM."""
    arrivals = ActivityArrivals()
    engine = make_engine(settings.database_url_str, pool_size=2, max_overflow=2)
    try:
        workers = background_workers(
            settings, make_sessionmaker(engine), RuleBook.from_settings(settings), arrivals
        )
        await run_alongside(
            run_workers(with_activity_follow_up(defn, arrivals), settings, relay=False, consumers=True),
            workers,
        )
    finally:
        await engine.dispose()
