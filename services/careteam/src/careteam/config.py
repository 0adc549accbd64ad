"""Settings of the careteam service (env prefix CARETEAM_)."""

from __future__ import annotations

from pydantic import SecretStr

from shared.config import ServiceSettings, settings_config


class CareteamSettings(ServiceSettings):
    model_config = settings_config("CARETEAM_")

    service_name: str = "careteam"
    http_port: int = 8002
    database_url: SecretStr = SecretStr("postgresql+asyncpg://postgres@127.0.0.1:55432/careteam")
    # FIN-14 / Q-09: coordination by welfare professionals becomes reimbursable only after a Flemish decision.
    welfare_fees_enabled: bool = False
