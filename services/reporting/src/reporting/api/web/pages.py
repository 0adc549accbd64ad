"""Server-rendered HTML pages of the dashboard (string templates; every value goes through `html.escape`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from urllib.parse import urlencode

from reporting.api.web import charts
from reporting.api.web.i18n import LANGUAGES, Texts
from reporting.domain.dimensions import Attribution, PeriodGrain, RegionLevel
from reporting.domain.disclosure import small_cell_label
from reporting.service.catalogue import INDICATORS, IndicatorSpec
from reporting.service.dashboard import Chart, Overview, point, ranking_chart
from reporting.service.queries import IndicatorResult

STYLESHEET = "/static/reporting.css"


def url(path: str, params: Mapping[str, object | None]) -> str:
    """`path` with the non-empty `params` as query string."""
    query = urlencode({key: str(value) for key, value in params.items() if value not in (None, "")})
    return f"{path}?{query}" if query else path


def _options(values: Iterable[tuple[str, str]], selected: str) -> str:
    return "".join(
        f'<option value="{escape(value)}"{" selected" if value == selected else ""}>{escape(label)}</option>'
        for value, label in values
    )


def layout(texts: Texts, *, title: str, body: str, other_language_url: str, signed_in: bool = True) -> str:
    """The page frame: header, navigation, language switch and the service's own stylesheet."""
    other = next(language for language in LANGUAGES if language != texts.language)
    nav = ""
    if signed_in:
        nav = (
            f'<a href="{escape(url("/dashboard", {"lang": texts.language}))}">{escape(texts("overview"))}</a>'
            f'<a href="{escape(url("/dashboard/indicators", {"lang": texts.language}))}">'
            f"{escape(texts('indicators'))}</a>"
        )
    logout = (
        '<form class="logout" method="post" action="/dashboard/logout">'
        f'<button type="submit">{escape(texts("logout"))}</button></form>'
        if signed_in
        else ""
    )
    return (
        "<!DOCTYPE html>"
        f'<html lang="{texts.language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · {escape(texts('app_title'))}</title>"
        f'<link rel="stylesheet" href="{STYLESHEET}"></head><body>'
        f'<header class="top"><span class="brand">{escape(texts("app_title"))}</span>'
        f'<nav>{nav}<a class="language" hreflang="{other}" lang="{other}" '
        f'href="{escape(other_language_url)}">{escape(texts("language"))}</a>{logout}</nav></header>'
        f'<main id="main">{body}</main></body></html>'
    )


def login_page(texts: Texts, *, next_url: str, error: str | None = None) -> str:
    """The token form; the token is posted once and then kept in an HttpOnly cookie."""
    problem = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    body = (
        f'<section class="narrow"><h1>{escape(texts("login_title"))}</h1><p>{escape(texts("login_intro"))}</p>'
        f"{problem}"
        '<form method="post" action="/dashboard/login" class="login">'
        f'<input type="hidden" name="next" value="{escape(next_url)}">'
        f'<input type="hidden" name="lang" value="{texts.language}">'
        f'<label for="token">{escape(texts("token"))}</label>'
        '<textarea id="token" name="token" rows="5" required autocomplete="off" spellcheck="false"></textarea>'
        f'<button type="submit">{escape(texts("login_button"))}</button></form></section>'
    )
    other = next(language for language in LANGUAGES if language != texts.language)
    return layout(
        texts,
        title=texts("login_title"),
        body=body,
        other_language_url=url("/dashboard/login", {"next": next_url, "lang": other}),
        signed_in=False,
    )


def message_page(texts: Texts, *, title: str, message: str, signed_in: bool, back: str) -> str:
    """A short page for 403s and requests that cannot be answered."""
    body = f'<section class="narrow"><h1>{escape(title)}</h1><p>{escape(message)}</p></section>'
    return layout(texts, title=title, body=body, other_language_url=back, signed_in=signed_in)


def _select(name: str, label: str, options: str) -> str:
    return f'<label>{escape(label)}<select name="{name}">{options}</select></label>'


def overview_page(
    texts: Texts,
    view: Overview,
    *,
    years: Sequence[int],
    areas: Sequence[tuple[str, str]],
    other_language_url: str,
) -> str:
    """The overview: evaluation criteria, monthly trends, a zone ranking, the scenario mix and payers."""
    lang = texts.language
    threshold = view.threshold
    filters = (
        '<form class="filters" method="get" action="/dashboard">'
        f'<input type="hidden" name="lang" value="{lang}">'
        + _select("year", texts("year"), _options(((str(y), str(y)) for y in years), str(view.year)))
        + _select("area", texts("area"), _options(areas, view.area))
        + _select(
            "attribution",
            texts("attribution"),
            _options(
                ((a.value, texts(f"attribution_{a.value}")) for a in Attribution), view.attribution.value
            ),
        )
        + _select(
            "ranking",
            texts("ranking"),
            _options(
                ((s.slug, texts.pick(s.title)) for s in INDICATORS if not s.dimensions),
                view.ranking.spec.slug,
            ),
        )
        + f'<button type="submit">{escape(texts("show"))}</button></form>'
    )
    tiles = []
    for kpi in view.kpis:
        shown = texts.number(kpi.point.value, kpi.spec.measure) if kpi.point is not None else "-"
        protected = " protected" if kpi.point is not None and kpi.point.suppressed is not None else ""
        link = url(
            f"/dashboard/indicators/{kpi.spec.slug}", {"lang": lang, "grain": "YEAR", "level": "REGION"}
        )
        tiles.append(
            f'<a class="kpi{protected}" href="{escape(link)}"><span class="rule">{escape(kpi.spec.rule)}</span>'
            f'<span class="kpi-value">{escape(shown)}</span>'
            f'<span class="kpi-title">{escape(texts.pick(kpi.spec.title))}</span></a>'
        )
    cards = []
    for number, chart in enumerate(view.trends):
        title = f"{texts('trend')}: {texts.pick(chart.spec.title)}"
        cards.append(_card(f"trend-{number}", title, chart, texts, threshold, "trend"))
    ranking_title = texts(
        "ranking_municipality" if view.ranking_level is RegionLevel.MUNICIPALITY else "ranking"
    )
    cards.append(
        _card(
            "ranking",
            f"{ranking_title}: {texts.pick(view.ranking.spec.title)}",
            view.ranking,
            texts,
            threshold,
            "ranking",
        )
    )
    cards.append(
        _card("scenario-mix", texts("scenario_mix"), view.scenario_mix, texts, threshold, "scenario-mix")
    )
    cards.append(
        _card("payer-split", texts("payer_split"), view.payer_split, texts, threshold, "payer-split")
    )
    area_name = texts.code(view.area) if view.area_level is RegionLevel.REGION else view.area_name
    body = (
        f"{filters}<h1>{escape(area_name)} · {view.year}</h1>"
        f'<p class="subtitle">{escape(texts("attribution"))}: {escape(texts(f"attribution_{view.attribution.value}"))}'
        f" · {escape(texts('programme'))}: {escape(view.programme)}</p>"
        f'<section class="kpis" aria-label="{escape(texts("evaluation"))}">{"".join(tiles)}</section>'
        f'<section class="grid">{"".join(cards)}</section>'
        f'<p class="note">{escape(texts("suppression_note", label=small_cell_label(threshold)))}</p>'
    )
    return layout(texts, title=texts("overview"), body=body, other_language_url=other_language_url)


def _card(uid: str, title: str, chart: Chart, texts: Texts, threshold: int, kind: str) -> str:
    if chart.empty or all(not p.value for series in chart.series for p in series.points):
        content = f'<p class="empty">{escape(texts("no_figures"))}</p>'
    elif kind == "ranking":
        content = charts.ranked_bars(chart, uid=uid, texts=texts, threshold=threshold, title=title)
    else:
        content = charts.column_chart(chart, uid=uid, texts=texts, threshold=threshold, title=title)
    return f'<article class="card card-{kind}" data-chart="{escape(uid)}"><h2>{escape(title)}</h2>{content}</article>'


def indicator_list_page(texts: Texts, *, other_language_url: str) -> str:
    """Every published indicator with its rule and description."""
    items = "".join(
        f'<li><a href="{escape(url(f"/dashboard/indicators/{spec.slug}", {"lang": texts.language}))}">'
        f"<strong>{escape(spec.rule)}</strong> {escape(texts.pick(spec.title))}</a>"
        f"<p>{escape(texts.pick(spec.description))}</p></li>"
        for spec in INDICATORS
    )
    body = f'<h1>{escape(texts("indicators"))}</h1><ul class="indicator-list">{items}</ul>'
    return layout(texts, title=texts("indicators"), body=body, other_language_url=other_language_url)


def indicator_page(texts: Texts, result: IndicatorResult, *, csv_url: str, other_language_url: str) -> str:
    """One indicator: its filters, a ranking of the last period (no breakdown) and the table of figures."""
    spec: IndicatorSpec = result.spec
    query = result.query
    lang = texts.language
    form = (
        f'<form class="filters" method="get" action="/dashboard/indicators/{escape(spec.slug)}">'
        f'<input type="hidden" name="lang" value="{lang}">'
        + _select(
            "grain",
            texts("grain"),
            _options(((g.value, texts(f"grain_{g.value}")) for g in PeriodGrain), query.grain.value),
        )
        + _select(
            "level",
            texts("level"),
            _options(((lv.value, texts(f"level_{lv.value}")) for lv in RegionLevel), query.level.value),
        )
        + f'<label>{escape(texts("period_from"))}<input type="date" name="period_from" value="{query.period_from.isoformat()}"></label>'
        + f'<label>{escape(texts("period_to"))}<input type="date" name="period_to" value="{query.period_to.isoformat()}"></label>'
        + f'<label>{escape(texts("region_filter"))}<input type="text" name="region" size="9" value="{escape(query.region or "")}"></label>'
        + _select(
            "attribution",
            texts("attribution"),
            _options(
                ((a.value, texts(f"attribution_{a.value}")) for a in Attribution), query.attribution.value
            ),
        )
        + f'<button type="submit">{escape(texts("show"))}</button></form>'
    )
    chart_html = ""
    if not spec.dimensions and result.rows:
        last = result.periods[-1]
        latest = [row for row in result.rows if row.period == last]
        if latest:
            ranked = ranking_chart(IndicatorResult(spec, query, result.threshold, (last,), tuple(latest), ()))
            title = f"{texts.pick(spec.title)} · {texts.period(last)}"
            chart_html = (
                f'<article class="card card-ranking" data-chart="detail"><h2>{escape(title)}</h2>'
                + charts.ranked_bars(
                    ranked, uid="detail", texts=texts, threshold=result.threshold, title=title
                )
                + "</article>"
            )
    body = (
        f"<h1>{escape(spec.rule)} · {escape(texts.pick(spec.title))}</h1>"
        f'<p class="subtitle">{escape(texts.pick(spec.description))}</p>{form}'
        f'<p><a class="button" href="{escape(csv_url)}" download>{escape(texts("download_csv"))}</a></p>'
        f"{chart_html}{_table(texts, result)}"
        f'<p class="note">{escape(texts("suppression_note", label=small_cell_label(result.threshold)))}</p>'
    )
    return layout(texts, title=texts.pick(spec.title), body=body, other_language_url=other_language_url)


def _table(texts: Texts, result: IndicatorResult) -> str:
    if not result.rows:
        return f'<p class="empty">{escape(texts("no_figures"))}</p>'
    spec = result.spec
    ratio = any(row.numerator is not None for row in result.rows)
    head = [
        texts("period"),
        texts("region_name"),
        *[texts(f"dim_{d.value}") for d in spec.dimensions],
        texts("value"),
    ]
    if ratio:
        head += [texts("numerator"), texts("denominator")]
    lines = []
    for row in result.rows:
        dimensions = dict(row.dimensions)
        cells = [
            texts.period(row.period),
            row.region_name,
            *[texts.code(dimensions.get(d.value, "")) for d in spec.dimensions],
        ]
        shown = point(row.period, row)
        protected = ' class="protected"' if shown.suppressed is not None else ""
        values = [f"<td{protected}>{escape(texts.number(row.value, spec.measure))}</td>"]
        if ratio:
            values += [f"<td>{escape(row.numerator or '')}</td>", f"<td>{escape(row.denominator or '')}</td>"]
        lines.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "".join(values) + "</tr>")
    header = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    return f'<div class="table-wrap"><table class="figures"><thead><tr>{header}</tr></thead><tbody>{"".join(lines)}</tbody></table></div>'
