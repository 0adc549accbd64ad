"""CSV export of protected indicator figures (DP-07: the same strings as the API, "<5" for small cells)."""

from __future__ import annotations

import csv
import io

from reporting.service.queries import IndicatorResult

FIXED_COLUMNS = (
    "indicator",
    "programme",
    "period",
    "level",
    "region_code",
    "region_name",
    "parent_code",
)
VALUE_COLUMNS = ("value", "numerator", "denominator", "suppressed")


def to_csv(result: IndicatorResult) -> str:
    """One line per published row; dimension values get a column each; suppressed cells stay "<5" or "x"."""
    dimensions = [dimension.value for dimension in result.spec.dimensions]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*FIXED_COLUMNS, *dimensions, *VALUE_COLUMNS])
    for row in result.rows:
        values = dict(row.dimensions)
        writer.writerow(
            [
                row.indicator,
                row.programme,
                row.period,
                row.level.value,
                row.region_code,
                _safe(row.region_name),
                row.parent_code,
                *[values.get(name, "") for name in dimensions],
                row.value,
                row.numerator or "",
                row.denominator or "",
                "" if row.suppressed is None else row.suppressed.value,
            ]
        )
    return buffer.getvalue()


def _safe(text: str) -> str:
    """Keep spreadsheet programs from reading a cell as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
