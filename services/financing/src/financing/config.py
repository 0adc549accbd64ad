"""Settings of the financing service (env prefix FINANCING_)."""

from __future__ import annotations

from pydantic import SecretStr

from shared.config import ServiceSettings, settings_config


class FinancingSettings(ServiceSettings):
    model_config = settings_config("FINANCING_")

    service_name: str = "financing"
    http_port: int = 8003
    database_url: SecretStr = SecretStr("postgresql+asyncpg://postgres@127.0.0.1:55432/financing")
