"""Settings of the screening service (env prefix SCREENING_)."""

from __future__ import annotations

from pydantic import SecretStr

from shared.config import ServiceSettings, settings_config

DEV_PSEUDONYM_KEY = "dev-only-pseudonym-key-0123456789abcdef"
DEV_ENCRYPTION_KEY = "ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMDEyMzQ1Njc="  # base64 of 32 dev bytes


class ScreeningSettings(ServiceSettings):
    model_config = settings_config("SCREENING_")

    service_name: str = "screening"
    http_port: int = 8001
    database_url: SecretStr = SecretStr("postgresql+asyncpg://postgres@127.0.0.1:55432/screening")
    # HMAC key of the client pseudonym shared with no one: the pseudonym joins services, the key stays here.
    pseudonym_key: SecretStr = SecretStr(DEV_PSEUDONYM_KEY)
    # AES-256-GCM key (base64, 32 bytes) for the national register number at rest.
    encryption_key: SecretStr = SecretStr(DEV_ENCRYPTION_KEY)
