"""The dashboard in a real headless Chromium: login form, charts drawn, offline, Dutch and English, laptop width.

The reporting API runs as its own process (`reporting-api`) on a database fed through the real consumer
path; Chromium is Debian's (/usr/bin/chromium) driven by Playwright. Every request the page makes is
watched: anything not addressed to the service itself fails the test (the dashboard must work offline).
Screenshots of the charts are decoded (stdlib zlib) and their pixels checked for the bars' colours.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, Page, Route, ViewportSize, async_playwright

from shared.db import make_engine, make_sessionmaker
from shared.devstack.postgres import free_port
from tests.conftest import Databases, make_token
from tests.reporting import events as ev
from tests.reporting.browser.png import read_png, size_of
from tests.reporting.conftest import Harness

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

CHROMIUM = Path(os.environ.get("REPORTING_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAPTOP: ViewportSize = {"width": 1366, "height": 768}
BRAND = (31, 111, 139)  # PALETTE[0], the bars of single-series charts
SERIES = ((31, 111, 139), (224, 122, 31), (91, 140, 58))  # scenario 0/A/B, payers
YEAR = date.today().year - 1  # a whole year of figures, whatever the date of the run
MUNICIPALITIES = ["11002", "11040", "11004", "11001", "23088", "23096", "31005", "44021", "71022", "21004"]


@dataclass
class Dashboard:
    url: str
    logs: Path

    def at(self, path: str) -> str:
        return self.url + path


def seed_events() -> list[Any]:
    """A year of activity in ten municipalities, big and small, so charts have bars and "<5" marks."""
    out: list[Any] = []
    for position, nis in enumerate(MUNICIPALITIES):
        size = 2 + position * 2
        for month in range(1, 13):
            day = date(YEAR, month, 10)
            for n in range(size if month % 3 else size // 2):
                client = f"{nis}-{month}-{n}"
                who = ev.performer(f"pro-{nis}-{n % 7}", profession=("MIDWIFE", ev.GP)[n % 2])
                out += [
                    ev.registered(client, nis=nis, day=day),
                    ev.screened(client, nis=nis, day=day, scenario="0AB"[n % 3], week=8 + n % 10, who=who),
                    ev.advice_session(client, nis=nis, day=day, who=who),
                ]
                if n % 2 == 0:
                    out += [ev.coordinator_appointed(client, day=day), ev.consultation_held(client, day=day)]
                if n % 3 == 0:
                    payer = ("FEDERAL", "FLEMISH")[n % 2]
                    out.append(ev.claim_decided(client, day=day, payer=payer, act="SCREENING"))
    # Herstappe, the smallest municipality: one session in the year, so its zone shows "<5".
    out.append(ev.advice_session("herstappe", nis="73028", day=date(YEAR, 6, 1)))
    return out


def chromium_path() -> Path:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's `chromium` package (apt-get install chromium) "
            "or set REPORTING_TEST_CHROMIUM; the dashboard's browser tests must not be skipped"
        )
    return CHROMIUM


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("dashboard-browser")


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def dashboard(databases: Databases, logs: Path) -> AsyncIterator[Dashboard]:
    url = await databases.create("reporting_browser", migrate="reporting:migrations")
    engine = make_engine(url, pool_size=2, max_overflow=2)
    try:
        await Harness(url=url, engine=engine, sessionmaker=make_sessionmaker(engine)).feed(*seed_events())
    finally:
        await engine.dispose()
    port = free_port()
    environment = {
        **os.environ,
        "REPORTING_DATABASE_URL": url,
        "REPORTING_HTTP_PORT": str(port),
        "REPORTING_ENVIRONMENT": "test",
        "REPORTING_RUN_WORKERS_IN_PROCESS": "false",
        "REPORTING_LOG_JSON": "true",
    }
    log = (logs / "reporting-api.log").open("ab")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "reporting-api")],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        async with httpx.AsyncClient() as client:
            while True:
                try:
                    if (await client.get(f"{base}/health/live")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((logs / "reporting-api.log").read_text(errors="replace")[-3000:])
                await asyncio.sleep(0.1)
        yield Dashboard(base, logs)
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def browser() -> AsyncIterator[Browser]:
    executable = chromium_path()
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            await launched.close()


@dataclass
class Session:
    context: BrowserContext
    page: Page
    foreign: list[str]


@pytest_asyncio.fixture(loop_scope="session")
async def session(browser: Browser, dashboard: Dashboard) -> AsyncIterator[Session]:
    """A fresh browser context at laptop size that refuses (and records) every request to another host."""
    context = await browser.new_context(viewport=LAPTOP, locale="nl-BE")
    foreign: list[str] = []
    own = urlparse(dashboard.url).netloc

    async def guard(route: Route) -> None:
        if urlparse(route.request.url).netloc != own:
            foreign.append(route.request.url)
            await route.abort()
        else:
            await route.continue_()

    await context.route("**/*", guard)
    page = await context.new_page()
    try:
        yield Session(context, page, foreign)
    finally:
        await context.close()


async def sign_in(page: Page, dashboard: Dashboard, path: str, role: str = "policy_analyst") -> None:
    """Open `path`; the dashboard sends the browser to its login form, which brings it back after the token."""
    await page.goto(dashboard.at(path))
    assert urlparse(page.url).path == "/dashboard/login"
    await page.fill("textarea#token", make_token(role))
    await page.click("form.login button[type=submit]")
    await page.wait_for_load_state("load")


def share(pixels: list[tuple[int, int, int]], colour: tuple[int, int, int], tolerance: int = 12) -> float:
    """The share of pixels within `tolerance` of `colour`."""
    close = sum(1 for p in pixels if all(abs(a - b) <= tolerance for a, b in zip(p, colour, strict=True)))
    return close / max(len(pixels), 1)


def ink(pixels: list[tuple[int, int, int]]) -> float:
    """The share of pixels that are not (near) white: a blank chart has none."""
    return sum(1 for p in pixels if min(p) < 235) / max(len(pixels), 1)


async def test_the_overview_draws_every_chart_offline_at_laptop_width(
    session: Session, dashboard: Dashboard, logs: Path
) -> None:
    page = session.page
    await sign_in(page, dashboard, f"/dashboard?year={YEAR}")
    full = await page.screenshot(path=str(logs / "overview.png"), full_page=True)
    assert urlparse(page.url).path == "/dashboard" and f"year={YEAR}" in page.url
    assert await page.get_attribute("html", "lang") == "nl"
    assert await page.locator("h1").inner_text() == f"Vlaanderen · {YEAR}"

    cards = page.locator("article.card")
    assert await cards.count() == 8  # 5 trends, the zone ranking, the scenario mix, the payer split
    charts = await page.evaluate(
        """() => [...document.querySelectorAll('article.card')].map(card => ({
            chart: card.dataset.chart,
            svg: card.querySelectorAll('svg.chart').length,
            bars: card.querySelectorAll('svg.chart rect.bar:not(.bar-protected)').length,
            marks: card.querySelectorAll('svg.chart rect.bar-protected').length,
        }))"""
    )
    assert all(chart["svg"] == 1 for chart in charts), charts
    by_name = {chart["chart"]: chart for chart in charts}
    assert all(by_name[f"trend-{n}"]["bars"] >= 10 for n in range(5)), charts
    assert by_name["ranking"]["bars"] + by_name["ranking"]["marks"] == 8  # the Flemish zones with figures
    assert by_name["ranking"]["marks"] >= 1  # Herstappe's zone
    ranking_labels = await page.locator(
        "article[data-chart='ranking'] svg text.bar-label"
    ).all_text_contents()
    assert "<5" in ranking_labels
    assert by_name["scenario-mix"]["bars"] >= 9
    assert by_name["payer-split"]["bars"] >= 1

    # The service's own stylesheet is applied, and nothing came from anywhere else.
    header = await page.evaluate("getComputedStyle(document.querySelector('header.top')).backgroundColor")
    assert header == "rgb(31, 111, 139)"
    assert session.foreign == []
    # Usable on a laptop: nothing wider than the window.
    assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    width, height = size_of(full)
    assert width == LAPTOP["width"] and height > LAPTOP["height"]
    for name in ("trend-0", "trend-2", "ranking"):
        image = read_png(await page.locator(f"article[data-chart='{name}'] svg.chart").screenshot())
        pixels = image.region(0, 0, image.width, image.height)
        assert ink(pixels) > 0.03, name
        assert share(pixels, BRAND) > 0.01, name  # the bars are there, in the brand colour
    scenario = read_png(await page.locator("article[data-chart='scenario-mix'] svg.chart").screenshot())
    scenario_pixels = scenario.region(0, 0, scenario.width, scenario.height)
    assert all(share(scenario_pixels, colour) > 0.002 for colour in SERIES), "one colour per scenario"


async def test_english_on_request_and_the_indicator_page_shows_protected_cells(
    session: Session, dashboard: Dashboard
) -> None:
    page = session.page
    await sign_in(page, dashboard, f"/dashboard?year={YEAR}&lang=en", role="care_council")
    assert await page.get_attribute("html", "lang") == "en"
    assert await page.locator("h2", has_text="Trend per month").count() == 5
    await page.click("a.language")
    assert await page.get_attribute("html", "lang") == "nl"
    await page.goto(
        dashboard.at(
            f"/dashboard/indicators/prenatal-advice-sessions?grain=MONTH&level=MUNICIPALITY"
            f"&period_from={YEAR}-01-01&period_to={YEAR}-12-31"
        )
    )
    cells = await page.locator("table.figures td.protected").all_inner_texts()
    assert "<5" in cells
    assert await page.locator("svg.chart rect.bar").count() >= 5
    assert session.foreign == []


async def test_other_roles_are_refused_and_scripts_cannot_read_the_session(
    session: Session, dashboard: Dashboard
) -> None:
    page = session.page
    await sign_in(page, dashboard, f"/dashboard?year={YEAR}", role="ops")
    assert await page.locator("h1").inner_text() == "Geen toegang"
    assert await session.context.cookies() == []
    await sign_in(page, dashboard, f"/dashboard?year={YEAR}")
    assert await page.locator("svg.chart").count() >= 5
    cookies = await session.context.cookies()
    assert [(c["name"], c["httpOnly"], c["sameSite"]) for c in cookies] == [
        ("reporting_session", True, "Lax")
    ]
    assert not await page.evaluate("document.cookie")
    await page.click("form.logout button")
    assert urlparse(page.url).path == "/dashboard/login"
    assert await session.context.cookies() == []


def test_chromium_is_found() -> None:
    assert chromium_path().exists()
    assert shutil.which(str(chromium_path())) is not None


@pytest.fixture(scope="module", autouse=True)
def _keep_screenshots(logs: Path) -> Iterator[None]:
    yield
    print(f"dashboard screenshots in {logs}")
