"""Outgoing HTTP: an httpx client that carries the current correlation id to the next service."""

from __future__ import annotations

import httpx

from shared.logging import CORRELATION_ID_HEADER, current_correlation_id


async def _add_correlation(request: httpx.Request) -> None:
    correlation_id = current_correlation_id()
    if correlation_id and CORRELATION_ID_HEADER not in request.headers:
        request.headers[CORRELATION_ID_HEADER] = correlation_id


def make_client(base_url: str, *, timeout: float = 5.0, retries: int = 2) -> httpx.AsyncClient:
    """An AsyncClient with bounded timeouts and connection retries that propagates the correlation id."""
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=httpx.Timeout(timeout),
        transport=httpx.AsyncHTTPTransport(retries=retries),
        event_hooks={"request": [_add_correlation]},
    )
