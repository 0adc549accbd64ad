"""Settings of the reporting service (env prefix REPORTING_)."""

from __future__ import annotations

from pydantic import SecretStr

from shared.config import ServiceSettings, settings_config


class ReportingSettings(ServiceSettings):
    model_config = settings_config("REPORTING_")

    service_name: str = "reporting"
    http_port: int = 8004
    database_url: SecretStr = SecretStr("postgresql+asyncpg://postgres@127.0.0.1:55432/reporting")
