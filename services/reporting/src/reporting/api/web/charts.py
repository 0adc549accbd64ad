"""Charts as server-rendered inline SVG: no script, no external file, readable without JavaScript.

Bars carry presentation attributes (fill, stroke) so they draw even before the stylesheet arrives. A
protected figure ("<5" or "x") is never drawn at its true size: it gets a hatched mark (for "<t" the
height of the threshold, the most it can be) and its label, so the chart shows that a figure exists
without revealing it (DP-07).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Final

from reporting.api.web.i18n import Texts
from reporting.domain.model import Measure
from reporting.service.dashboard import Chart, Point

PALETTE: Final = ("#1f6f8b", "#e07a1f", "#5b8c3a", "#8e5ea2", "#c0392b", "#7f8c8d")
MARK_FILL: Final = "#d9d9d9"
MARK_STROKE: Final = "#7a7a7a"
TEXT_FILL: Final = "#333333"
AXIS_STROKE: Final = "#9a9a9a"


def _attrs(**values: object) -> str:
    return " ".join(
        f'{name.rstrip("_").replace("_", "-")}="{escape(str(value))}"' for name, value in values.items()
    )


def _hatch(uid: str) -> str:
    return (
        f'<defs><pattern id="hatch-{uid}" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{MARK_FILL}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{MARK_STROKE}" stroke-width="2"/></pattern></defs>'
    )


def _open(uid: str, width: int, height: int, label: str) -> str:
    return (
        f'<svg class="chart" id="chart-{uid}" role="img" aria-labelledby="chart-{uid}-title" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMidYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="chart-{uid}-title">{escape(label)}</title>{_hatch(uid)}'
    )


def _scale_max(points: Sequence[Point], measure: Measure, threshold: int) -> float:
    shown = [p.number for p in points if p.number is not None]
    protected_height = float(threshold) if measure is Measure.COUNT else 0.0
    return max([*shown, protected_height, 1e-9 if measure is Measure.RATIO else 1.0])


def _mark_height(point: Point, measure: Measure, threshold: int, plot: float, top: float) -> float:
    """The drawn height of a protected figure: up to the threshold for '<t' counts, a stub otherwise."""
    if measure is Measure.COUNT and point.value.startswith("<"):
        return max(plot * threshold / top, 6.0)
    return 6.0


def _bar(
    *,
    uid: str,
    point: Point,
    x: float,
    baseline: float,
    width: float,
    plot: float,
    top: float,
    colour: str,
    measure: Measure,
    threshold: int,
    texts: Texts,
    series_class: str,
) -> str:
    label = texts.number(point.value, measure)
    tip = f"{point.category}: {label}"
    if point.number is not None:
        height = max(plot * point.number / top, 1.0 if point.number > 0 else 0.0)
        bar = (
            f"<rect {_attrs(class_=f'bar {series_class}', x=f'{x:.1f}', y=f'{baseline - height:.1f}', width=f'{width:.1f}', height=f'{height:.1f}', fill=colour)}>"
            f"<title>{escape(tip)}</title></rect>"
        )
    else:
        height = _mark_height(point, measure, threshold, plot, top)
        bar = (
            f"<rect {_attrs(class_=f'bar bar-protected {series_class}', x=f'{x:.1f}', y=f'{baseline - height:.1f}', width=f'{width:.1f}', height=f'{height:.1f}', fill=f'url(#hatch-{uid})', stroke=MARK_STROKE)}>"
            f"<title>{escape(tip)}</title></rect>"
        )
    text = (
        f"<text {_attrs(class_='bar-label', x=f'{x + width / 2:.1f}', y=f'{baseline - height - 3:.1f}', text_anchor='middle', fill=TEXT_FILL)}>"
        f"{escape(label)}</text>"
    )
    return bar + text


def column_chart(
    chart: Chart, *, uid: str, texts: Texts, threshold: int, title: str, width: int = 520, height: int = 230
) -> str:
    """Vertical bars per category (periods or codes), one bar per series in each category."""
    left, right, top_margin, bottom = 8.0, 8.0, 18.0, 38.0
    plot = height - top_margin - bottom
    baseline = height - bottom
    points = [p for series in chart.series for p in series.points]
    top = _scale_max(points, chart.measure, threshold)
    slots = max(len(chart.categories), 1)
    slot = (width - left - right) / slots
    per_series = max(len(chart.series), 1)
    bar_width = max(min(slot * 0.8 / per_series, 48.0), 2.0)
    parts = [_open(uid, width, height, title)]
    parts.append(
        f"<line {_attrs(class_='axis', x1=left, y1=baseline, x2=width - right, y2=baseline, stroke=AXIS_STROKE)}/>"
    )
    for index, category in enumerate(chart.categories):
        group_width = bar_width * per_series
        x0 = left + slot * index + (slot - group_width) / 2
        for number, series in enumerate(chart.series):
            point = series.points[index] if index < len(series.points) else None
            if point is None or not point.value:
                continue
            parts.append(
                _bar(
                    uid=uid,
                    point=point,
                    x=x0 + bar_width * number,
                    baseline=baseline,
                    width=bar_width,
                    plot=plot,
                    top=top,
                    colour=PALETTE[number % len(PALETTE)],
                    measure=chart.measure,
                    threshold=threshold,
                    texts=texts,
                    series_class=f"series-{number}",
                )
            )
        label = (
            texts.period(category, short=len(chart.categories) > 6)
            if category[:1].isdigit()
            else texts.code(category)
        )
        parts.append(
            f"<text {_attrs(class_='axis-label', x=f'{left + slot * index + slot / 2:.1f}', y=f'{baseline + 16:.1f}', text_anchor='middle', fill=TEXT_FILL)}>"
            f"{escape(label)}</text>"
        )
    if len(chart.series) > 1:
        parts.append(_legend(chart, texts, x=left, y=height - 8))
    parts.append("</svg>")
    return "".join(parts)


def _legend(chart: Chart, texts: Texts, *, x: float, y: float) -> str:
    items: list[str] = []
    cursor = x
    for number, series in enumerate(chart.series):
        colour = PALETTE[number % len(PALETTE)]
        name = texts.code(series.name)
        items.append(
            f"<rect {_attrs(class_='legend-swatch', x=f'{cursor:.1f}', y=f'{y - 9:.1f}', width=10, height=10, fill=colour)}/>"
            f"<text {_attrs(class_='legend-label', x=f'{cursor + 14:.1f}', y=f'{y:.1f}', fill=TEXT_FILL)}>{escape(name)}</text>"
        )
        cursor += 24 + 7 * len(name)
    return f'<g class="legend">{"".join(items)}</g>'


def ranked_bars(
    chart: Chart,
    *,
    uid: str,
    texts: Texts,
    threshold: int,
    title: str,
    width: int = 520,
    row_height: int = 18,
) -> str:
    """Horizontal bars, one per area, in the chart's (ranked) order."""
    points = list(chart.series[0].points) if chart.series else []
    label_width, value_width, top_margin = 170.0, 64.0, 4.0
    height = int(top_margin * 2 + row_height * max(len(points), 1))
    plot = width - label_width - value_width
    top = _scale_max(points, chart.measure, threshold)
    parts = [_open(uid, width, height, title)]
    for index, point in enumerate(points):
        y = top_margin + row_height * index
        name = point.category if len(point.category) <= 26 else point.category[:25] + "…"
        parts.append(
            f"<text {_attrs(class_='axis-label', x=label_width - 6, y=f'{y + row_height * 0.7:.1f}', text_anchor='end', fill=TEXT_FILL)}>"
            f"<title>{escape(point.category)}</title>{escape(name)}</text>"
        )
        label = texts.number(point.value, chart.measure)
        if point.number is not None:
            length = max(plot * point.number / top, 1.0 if point.number > 0 else 0.0)
            parts.append(
                f"<rect {_attrs(class_='bar series-0', x=label_width, y=f'{y + 2:.1f}', width=f'{length:.1f}', height=row_height - 4, fill=PALETTE[0])}>"
                f"<title>{escape(point.category)}: {escape(label)}</title></rect>"
            )
        else:
            length = (
                max(plot * threshold / top, 6.0)
                if chart.measure is Measure.COUNT and point.value.startswith("<")
                else 6.0
            )
            parts.append(
                f"<rect {_attrs(class_='bar bar-protected series-0', x=label_width, y=f'{y + 2:.1f}', width=f'{length:.1f}', height=row_height - 4, fill=f'url(#hatch-{uid})', stroke=MARK_STROKE)}>"
                f"<title>{escape(point.category)}: {escape(label)}</title></rect>"
            )
        parts.append(
            f"<text {_attrs(class_='bar-label', x=f'{label_width + length + 4:.1f}', y=f'{y + row_height * 0.7:.1f}', fill=TEXT_FILL)}>"
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
