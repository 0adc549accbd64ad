"""Settings of the reporting service (env prefix REPORTING_)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr

from reporting.domain.suppression import DEFAULT_THRESHOLD
from shared.config import ServiceSettings, settings_config


class ReportingSettings(ServiceSettings):
    model_config = settings_config("REPORTING_")

    service_name: str = "reporting"
    http_port: int = 8004
    database_url: SecretStr = SecretStr("postgresql+asyncpg://postgres@127.0.0.1:55432/reporting")
    # A directory with a newer vintage of the five geography files (same names and columns as
    # shared/refdata/data); None uses the packaged vintage. Loaded and checked once at start-up.
    refdata_dir: Path | None = None
    # DP-07: counts below this are shown as "<threshold" in every output (API, CSV, dashboard).
    small_cell_threshold: int = Field(default=DEFAULT_THRESHOLD, ge=1)
    # Lifetime cap of the dashboard's session cookie (it never outlives the token it holds).
    dashboard_session_minutes: int = Field(default=8 * 60, ge=1)
