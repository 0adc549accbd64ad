"""The whole suite as real processes: four APIs, relays and consumers, real PostgreSQL, a real broker.

Careteam runs its relay and consumers as separate processes (as in production), so a test can kill and restart
its consumer; the other services run their workers inside the API process (as `make run` does).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from shared.devstack.postgres import free_port
from tests.conftest import SERVICES, Databases

BIN = Path(sys.executable).parent


@dataclass
class Stack:
    db_urls: dict[str, str]
    bootstrap: str
    logs: Path
    ports: dict[str, int] = field(default_factory=dict)
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def env(self, service: str, *, in_process: bool) -> dict[str, str]:
        p = service.upper() + "_"
        env = dict(os.environ)
        env.update(
            {
                f"{p}DATABASE_URL": self.db_urls[service],
                f"{p}KAFKA_BOOTSTRAP_SERVERS": self.bootstrap,
                f"{p}RUN_WORKERS_IN_PROCESS": "true" if in_process else "false",
                f"{p}HTTP_PORT": str(self.ports.get(service, 0)),
                f"{p}ENVIRONMENT": "test",
                f"{p}LOG_JSON": "true",
            }
        )
        return env

    def start(self, name: str, command: str, service: str, *, in_process: bool) -> None:
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - owned by the process
        self.procs[name] = subprocess.Popen(
            [str(BIN / command)],
            env=self.env(service, in_process=in_process),
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def kill(self, name: str) -> None:
        proc = self.procs.pop(name)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)

    def stop_all(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.procs.clear()

    def log_tail(self, lines: int = 30) -> str:
        out = []
        for path in sorted(self.logs.glob("*.log")):
            text = path.read_text(errors="replace").splitlines()[-lines:]
            out.append(f"--- {path.name}\n" + "\n".join(text))
        return "\n".join(out)


def wait_ready(stack: Stack, service: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{stack.url(service)}/health/ready", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{service} not ready in {timeout}s\n{stack.log_tail()}")


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def e2e_db_urls(databases: Databases) -> dict[str, str]:
    return {svc: await databases.create(f"e2e_{svc}", migrate=f"{svc}:migrations") for svc in SERVICES}


@pytest.fixture(scope="session")
def stack(
    e2e_db_urls: dict[str, str], kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    s = Stack(db_urls=e2e_db_urls, bootstrap=kafka_bootstrap, logs=tmp_path_factory.mktemp("e2e-logs"))
    s.ports = {svc: free_port() for svc in SERVICES}
    try:
        for svc in SERVICES:
            s.start(f"{svc}-api", f"{svc}-api", svc, in_process=svc != "careteam")
        s.start("careteam-relay", "careteam-relay", "careteam", in_process=False)
        s.start("careteam-consumers", "careteam-consumers", "careteam", in_process=False)
        for svc in SERVICES:
            wait_ready(s, svc)
        yield s
    finally:
        s.stop_all()


@pytest_asyncio.fixture(loop_scope="session")
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client
