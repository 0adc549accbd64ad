from __future__ import annotations

import httpx
import pytest
import structlog

from shared.http import make_client

pytestmark = pytest.mark.unit


async def test_outgoing_requests_carry_the_bound_correlation_id() -> None:
    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("x-correlation-id"))
        return httpx.Response(200)

    client = make_client("http://peer")
    client._transport = httpx.MockTransport(handler)
    with structlog.contextvars.bound_contextvars(correlation_id="corr-123"):
        await client.get("/x")
    await client.get("/y")
    await client.aclose()
    assert seen == ["corr-123", None]
