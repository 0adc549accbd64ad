"""Dashboard sign-in: a browser cannot send bearer headers, so the token is posted once and kept in a cookie.

The login form (GET /dashboard/login) posts the token in the request body (POST /dashboard/login). The
token is not accepted in the address (``?token=``): addresses end up in access logs (this service's own
uvicorn access log writes the query string), proxies, the browser history and Referer headers.

The cookie holds the token itself: HttpOnly (scripts cannot read it), SameSite=Lax (not sent on cross-site
POSTs, so logout cannot be forged), Secure over HTTPS and in production, path /dashboard, and it expires
with the token (at most `dashboard_session_minutes`). Every request verifies it again with the service's
token verifier, so an expired token signs the user out. Only policy analysts and care councils may read
the dashboard. The JSON API stays bearer-only.
"""

from __future__ import annotations

import time
from typing import Final

from fastapi import Request, Response

from reporting.config import ReportingSettings
from shared.auth import Principal, Role, TokenVerifier
from shared.config import Environment
from shared.errors import Unauthenticated

COOKIE_NAME: Final = "reporting_session"
COOKIE_PATH: Final = "/dashboard"
DASHBOARD_ROLES: Final = (Role.POLICY_ANALYST, Role.CARE_COUNCIL)
HOME: Final = "/dashboard"


def verify(request: Request, token: str) -> Principal:
    """Verify a token with the app's verifier (issuer, audience, expiry, signature); raise `Unauthenticated`."""
    verifier: TokenVerifier = request.app.state.token_verifier
    return verifier.verify(token.strip())


def cookie_token(request: Request) -> str | None:
    return request.cookies.get(COOKIE_NAME) or None


def may_read(principal: Principal) -> bool:
    return principal.has_role(*DASHBOARD_ROLES)


def start_session(
    response: Response, request: Request, *, token: str, principal: Principal, settings: ReportingSettings
) -> None:
    """Put the verified token in the session cookie, for no longer than the token lives."""
    expires = principal.claims.get("exp")
    lifetime = settings.dashboard_session_minutes * 60
    if isinstance(expires, int | float):
        lifetime = min(lifetime, int(expires - time.time()))
    response.set_cookie(
        COOKIE_NAME,
        token.strip(),
        max_age=max(lifetime, 1),
        path=COOKIE_PATH,
        secure=request.url.scheme == "https" or settings.environment is Environment.PRODUCTION,
        httponly=True,
        samesite="lax",
    )


def end_session(response: Response) -> None:
    response.delete_cookie(COOKIE_NAME, path=COOKIE_PATH, httponly=True, samesite="lax")


def safe_next(value: str | None) -> str:
    """Only dashboard paths of this service (no scheme, no other host) are valid targets after login."""
    if not value or not value.startswith(HOME) or value.startswith("//") or "\\" in value:
        return HOME
    return value


def current_path(request: Request, *, without: str | None = None) -> str:
    """The request's path and query, optionally without one parameter."""
    url = request.url if without is None else request.url.remove_query_params(without)
    return url.path + (f"?{url.query}" if url.query else "")


def signed_in(request: Request) -> Principal | None:
    """The principal of a valid session cookie, or None."""
    token = cookie_token(request)
    if token is None:
        return None
    try:
        return verify(request, token)
    except Unauthenticated:
        return None
