"""The dashboard over HTTP (no browser): sign-in by the login form, roles, languages, offline assets."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import httpx
import pytest

from tests.conftest import make_token
from tests.reporting import events as ev
from tests.reporting.conftest import Harness

pytestmark = pytest.mark.integration

MARCH = date(2026, 3, 10)


FORM = {"content-type": "application/x-www-form-urlencoded"}


async def sign_in(
    client: httpx.AsyncClient, role: str = "policy_analyst", next_url: str = "/dashboard"
) -> httpx.Response:
    return await client.post(
        "/dashboard/login", content=urlencode({"token": make_token(role), "next": next_url}), headers=FORM
    )


async def test_without_a_session_the_dashboard_sends_you_to_the_login_form(harness: Harness) -> None:
    async with harness.client() as client:
        response = await client.get("/dashboard", params={"year": 2026, "lang": "en"})
        form = await client.get(response.headers["location"])
    assert response.status_code == 303
    assert (
        response.headers["location"] == "/dashboard/login?next=%2Fdashboard%3Fyear%3D2026%26lang%3Den&lang=en"
    )
    assert form.status_code == 200
    assert '<form method="post" action="/dashboard/login"' in form.text
    assert "Log in" in form.text


async def test_the_login_form_sets_an_httponly_cookie_and_a_token_in_the_address_is_ignored(
    harness: Harness,
) -> None:
    async with harness.client() as client:
        in_address = await client.get("/dashboard", params={"token": make_token("policy_analyst")})
        response = await sign_in(client, "care_council", "/dashboard?year=2026")
        cookie = response.headers["set-cookie"]
        page = await client.get(response.headers["location"])
    assert in_address.status_code == 303 and in_address.headers["location"].startswith("/dashboard/login")
    assert "set-cookie" not in in_address.headers
    assert response.status_code == 303
    assert response.headers["location"] == "/dashboard?year=2026"
    assert "reporting_session=" in cookie
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/dashboard" in cookie
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")


async def test_the_login_form_starts_a_session_and_logout_ends_it(harness: Harness) -> None:
    async with harness.client() as client:
        refused = await client.post(
            "/dashboard/login",
            content="token=not-a-token&next=%2Fdashboard",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        accepted = await client.post(
            "/dashboard/login",
            content=f"token={make_token('policy_analyst')}&next=%2Fdashboard%2Findicators&lang=en",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        listing = await client.get("/dashboard/indicators")
        out = await client.post("/dashboard/logout")
        after = await client.get("/dashboard/indicators")
    assert refused.status_code == 401 and "niet geldig" in refused.text
    assert (accepted.status_code, accepted.headers["location"]) == (303, "/dashboard/indicators")
    assert listing.status_code == 200 and "REP-01" in listing.text
    assert out.status_code == 303 and 'reporting_session=""' in out.headers["set-cookie"]
    assert after.status_code == 303


async def test_the_login_form_does_not_redirect_elsewhere(harness: Harness) -> None:
    async with harness.client() as client:
        response = await client.post(
            "/dashboard/login",
            content=f"token={make_token('policy_analyst')}&next=https%3A%2F%2Fevil.example%2F",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
    assert response.headers["location"] == "/dashboard"


async def test_only_policy_analysts_and_care_councils_see_the_dashboard(harness: Harness) -> None:
    async with harness.client() as client:
        for role in ("ops", "finance_officer", "professional"):
            forbidden = await sign_in(client, role)
            assert forbidden.status_code == 403
            assert "Geen toegang" in forbidden.text
            assert "set-cookie" not in forbidden.headers


async def test_the_dashboard_is_dutch_by_default_and_english_on_request(harness: Harness) -> None:
    await harness.feed(*[ev.advice_session(f"a{n}", nis="11002", day=MARCH) for n in range(6)])
    async with harness.client() as client:
        assert (await sign_in(client)).status_code == 303
        dutch = await client.get("/dashboard", params={"year": 2026})
        english = await client.get("/dashboard", params={"year": 2026, "lang": "en"})
        browser = await client.get(
            "/dashboard", params={"year": 2026}, headers={"accept-language": "en-GB,en;q=0.9"}
        )
    assert '<html lang="nl">' in dutch.text and "Verloop per maand" in dutch.text
    assert '<html lang="en">' in english.text and "Trend per month" in english.text
    assert '<html lang="en">' in browser.text


async def test_pages_load_nothing_from_elsewhere_and_show_protected_figures(harness: Harness) -> None:
    await harness.feed(
        *[ev.advice_session(f"a{n}", nis="11002", day=MARCH) for n in range(7)],
        *[ev.advice_session(f"s{n}", nis="11040", day=MARCH) for n in range(2)],
    )
    async with harness.client() as client:
        assert (await sign_in(client)).status_code == 303
        page = await client.get("/dashboard", params={"year": 2026})
        detail = await client.get(
            "/dashboard/indicators/prenatal-advice-sessions",
            params={
                "grain": "YEAR",
                "level": "MUNICIPALITY",
                "period_from": "2026-01-01",
                "period_to": "2026-12-31",
            },
        )
        css = await client.get("/static/reporting.css")
        download = await client.get(
            "/dashboard/indicators/prenatal-advice-sessions.csv",
            params={"grain": "YEAR", "level": "MUNICIPALITY"},
        )
        api_with_cookie = await client.get("/indicators/prenatal-advice-sessions")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "style-src 'self'" in csp and "script" not in csp
    assert page.headers["cache-control"] == "no-store"
    assert "<script" not in page.text and "http://" not in page.text.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    assert '<link rel="stylesheet" href="/static/reporting.css">' in page.text
    # Trends of REP-01 and REP-03 and the ranking; charts without figures say so instead.
    assert page.text.count("<svg") == 3 and 'class="bar' in page.text and "Nog geen cijfers" in page.text
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert "&lt;5" in detail.text and ">x<" in detail.text
    assert download.headers["content-type"] == "text/csv; charset=utf-8" and ",<5," in download.text
    assert api_with_cookie.status_code == 401  # the API stays bearer-only


async def test_filters_the_dashboard_cannot_answer_get_an_html_page(harness: Harness) -> None:
    async with harness.client() as client:
        assert (await sign_in(client)).status_code == 303
        response = await client.get("/dashboard", params={"area": "atlantis"})
        unknown = await client.get("/dashboard/indicators/happiness")
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")
    assert unknown.status_code == 404
