from datetime import date

import pytest

from reporting.api.web import charts, pages
from reporting.api.web.i18n import Texts, choose_language
from reporting.api.web.session import safe_next
from reporting.domain.dimensions import Attribution, PeriodGrain, RegionLevel
from reporting.domain.disclosure import PublishedRow
from reporting.domain.model import Measure
from reporting.domain.suppression import SuppressionReason
from reporting.service.catalogue import BY_SLUG
from reporting.service.dashboard import Chart, Point, Series, grouped_chart, ranking_chart, trend_chart
from reporting.service.queries import IndicatorQuery, IndicatorResult

pytestmark = pytest.mark.unit

SPEC = BY_SLUG["prenatal-advice-sessions"]


@pytest.mark.parametrize(
    ("requested", "header", "language"),
    [
        (None, None, "nl"),
        ("en", "nl-BE", "en"),
        ("NL", "en", "nl"),
        ("fr", "fr-BE,fr;q=0.9", "nl"),
        (None, "fr-BE,en;q=0.8,nl;q=0.5", "en"),
        (None, "nl;q=0.9,en;q=0.95", "en"),
        (None, "en;q=oops,nl", "nl"),
    ],
)
def test_dutch_by_default_english_on_request(
    requested: str | None, header: str | None, language: str
) -> None:
    assert choose_language(requested, header) == language


def test_numbers_periods_and_codes_in_each_language() -> None:
    nl, en = Texts("nl"), Texts("en")
    assert (nl.number("1234", Measure.COUNT), en.number("1234", Measure.COUNT)) == ("1.234", "1,234")
    assert nl.number("1353.50", Measure.AMOUNT) == "€ 1.353,50"
    assert en.number("0.8125", Measure.RATIO) == "81%"
    assert nl.number("<5", Measure.COUNT) == "<5" and en.number("x", Measure.AMOUNT) == "x"
    assert (nl.period("2026-03"), en.period("2026-03"), nl.period("2026-Q2"), en.period("2026-Q2")) == (
        "mrt 2026",
        "Mar 2026",
        "K2 2026",
        "Q2 2026",
    )
    assert (nl.code("FEDERAL"), en.code("LATE"), en.code("GENERAL_PRACTITIONER")) == (
        "federaal",
        "late",
        "general practitioner",
    )


def published(
    period: str, region: str, value: str, reason: SuppressionReason | None = None, **dims: str
) -> PublishedRow:
    return PublishedRow(
        indicator=SPEC.indicator,
        programme="PERINATAL",
        period=period,
        level=RegionLevel.ELZ,
        region_code=region,
        region_name=region.upper(),
        parent_code="10000",
        dimensions=tuple(dims.items()),
        measure=Measure.COUNT,
        value=value,
        suppressed=reason,
    )


def result(
    *rows: PublishedRow, periods: tuple[str, ...] = ("2026-01", "2026-02", "2026-03")
) -> IndicatorResult:
    query = IndicatorQuery(
        date(2026, 1, 1), date(2026, 3, 31), PeriodGrain.MONTH, RegionLevel.ELZ, Attribution.RESIDENCE
    )
    return IndicatorResult(SPEC, query, 5, periods, rows, ())


def test_a_trend_has_a_bar_per_period_and_protected_figures_have_no_number() -> None:
    chart = trend_chart(
        result(
            published("2026-01", "elz2", "12"), published("2026-03", "elz2", "<5", SuppressionReason.PRIMARY)
        )
    )
    (series,) = chart.series
    assert [(p.category, p.value, p.number) for p in series.points] == [
        ("2026-01", "12", 12.0),
        ("2026-02", "", None),
        ("2026-03", "<5", None),
    ]


def test_a_ranking_puts_shown_figures_first_highest_first() -> None:
    chart = ranking_chart(
        result(
            published("2026-03", "a", "x", SuppressionReason.COMPLEMENTARY),
            published("2026-03", "b", "7"),
            published("2026-03", "c", "30"),
            published("2026-03", "d", "<5", SuppressionReason.PRIMARY),
        )
    )
    assert [p.category for p in chart.series[0].points] == ["C", "B", "A", "D"]


def test_grouped_bars_have_one_series_per_value_in_a_fixed_order() -> None:
    chart = grouped_chart(
        result(
            published("2026-01", "elz2", "9", scenario="A"),
            published("2026-01", "elz2", "<5", SuppressionReason.PRIMARY, scenario="B"),
        ),
        category="period",
        series="scenario",
        names=("0", "A", "B"),
    )
    assert [s.name for s in chart.series] == ["0", "A", "B"]
    assert [p.value for p in chart.series[1].points] == ["9", "", ""]


def test_svg_bars_are_drawn_and_protected_figures_are_hatched_marks_never_their_size() -> None:
    chart = Chart(
        SPEC,
        ("2026-01", "2026-02"),
        (
            Series(
                "s",
                (Point("2026-01", "40", 40.0, None), Point("2026-02", "<5", None, SuppressionReason.PRIMARY)),
            ),
        ),
    )
    svg = charts.column_chart(chart, uid="t", texts=Texts("nl"), threshold=5, title="Trend <script>")
    assert svg.startswith('<svg class="chart"') and 'role="img"' in svg
    assert svg.count('class="bar series-0"') == 1
    assert svg.count('class="bar bar-protected series-0"') == 1 and 'fill="url(#hatch-t)"' in svg
    assert "&lt;5" in svg and "<script>" not in svg and "Trend &lt;script&gt;" in svg
    ranked = charts.ranked_bars(chart, uid="r", texts=Texts("en"), threshold=5, title="Ranking")
    assert ranked.count("<rect") == 3  # the hatch pattern, a bar and a mark


def test_pages_escape_what_they_show() -> None:
    html = pages.message_page(Texts("en"), title="<b>", message="a & b", signed_in=False, back="/x?a=1&b=2")
    assert "&lt;b&gt;" in html and "a &amp; b" in html and 'href="/x?a=1&amp;b=2"' in html
    assert '<link rel="stylesheet" href="/static/reporting.css">' in html


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/dashboard?year=2026", "/dashboard?year=2026"),
        ("https://evil.example/dashboard", "/dashboard"),
        ("//evil.example/dashboard", "/dashboard"),
        ("/indicators", "/dashboard"),
        (None, "/dashboard"),
    ],
)
def test_after_login_only_dashboard_paths_are_followed(target: str | None, safe: str) -> None:
    assert safe_next(target) == safe
