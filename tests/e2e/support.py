"""Helpers the end-to-end tests share: polling for an eventually consistent fact, valid national numbers."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

if TYPE_CHECKING:
    from tests.e2e.conftest import Stack

T = TypeVar("T")


def national_number(prefix9: str) -> str:
    """A national number born before 2000 with its check digits (97 - prefix mod 97)."""
    return f"{prefix9}{97 - int(prefix9) % 97:02d}"


def random_national_number() -> str:
    """A valid national number of a woman born 1980-1999 (an even serial number), unique enough per run."""
    born = f"{80 + secrets.randbelow(20):02d}{1 + secrets.randbelow(12):02d}{1 + secrets.randbelow(28):02d}"
    return national_number(f"{born}{2 * secrets.randbelow(498) + 2:03d}")


async def eventually(
    check: Callable[[], Awaitable[T | None]],
    what: str = "condition",
    *,
    timeout: float = 45.0,
    diagnostics: Callable[[], str] | None = None,
) -> T:
    """Poll `check` until it returns something other than None; fail with the last value after `timeout`.

    The suite is eventually consistent across services, so e2e tests wait for facts instead of sleeping.
    """
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = await check()
        if last is not None:
            return last
        await asyncio.sleep(0.1)
    detail = f"\n{diagnostics()}" if diagnostics else ""
    raise AssertionError(f"{what}: not within {timeout}s (last: {last}){detail}")


class Suite:
    """The running suite seen by a client: POST and GET that assert the expected status with the answer."""

    def __init__(self, stack: Stack, http: httpx.AsyncClient) -> None:
        self.stack = stack
        self.http = http

    async def post(
        self, service: str, path: str, body: dict[str, Any], headers: dict[str, str], ok: int = 201
    ) -> Any:
        response = await self.http.post(f"{self.stack.url(service)}{path}", json=body, headers=headers)
        assert response.status_code == ok, f"{service} POST {path}: {response.status_code} {response.text}"
        return response.json()

    async def post_when_known(
        self, service: str, path: str, body: dict[str, Any], headers: dict[str, str]
    ) -> Any:
        """Careteam answers 409 *_NOT_YET_KNOWN until the screening event has reached it: retry until it has."""

        async def attempt() -> Any:
            response = await self.http.post(f"{self.stack.url(service)}{path}", json=body, headers=headers)
            if response.status_code == 409 and response.json().get("code", "").endswith("NOT_YET_KNOWN"):
                return None
            assert response.status_code == 201, (
                f"{service} POST {path}: {response.status_code} {response.text}"
            )
            return response.json()

        return await eventually(attempt, f"{service} {path}")

    async def get(self, service: str, path: str, headers: dict[str, str], **params: str) -> Any:
        response = await self.http.get(f"{self.stack.url(service)}{path}", headers=headers, params=params)
        assert response.status_code == 200, f"{service} GET {path}: {response.status_code} {response.text}"
        return response.json()
