"""Settings base for every service process (API, outbox relay, consumers, migrations).

Each service subclasses `ServiceSettings` with its own env prefix (``SCREENING_``, ``CARETEAM_`` ...).
Settings are built in `create_app()` / a process `main()`, never at import time, and tests construct them
explicitly: ``ScreeningSettings(database_url=...)``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEV_JWT_SECRET = "dev-only-insecure-hs256-secret-change-me-0123456789"


class Environment(StrEnum):
    DEV = "dev"
    TEST = "test"
    PRODUCTION = "production"


def _split_csv(value: object) -> object:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


class ServiceSettings(BaseSettings):
    """Fields common to every service. Subclasses set ``model_config = settings_config("PREFIX_")``."""

    model_config = SettingsConfigDict(extra="ignore", env_file=None)

    service_name: str = "service"
    environment: Environment = Environment.DEV
    database_url: SecretStr = SecretStr("postgresql+asyncpg://postgres@127.0.0.1:55432/postgres")
    db_pool_size: int = 10
    db_max_overflow: int = 10
    kafka_bootstrap_servers: str = "127.0.0.1:19092"
    kafka_client_id: str | None = None
    # Consumer latency follows fetch_max_wait_ms (platform.md: 50 ms gives p50 13 ms at low broker cost).
    kafka_fetch_max_wait_ms: int = 50
    kafka_topic_partitions: int = 6
    kafka_replication_factor: int = 1
    log_level: str = "INFO"
    log_json: bool = False
    # JWT verification (shared.auth). RS256 keys in production; HS256 only outside production.
    jwt_issuer: str = "perinatal-dev"
    jwt_audience: str = "perinatal-suite"
    jwt_algorithms: Annotated[list[str], NoDecode] = Field(default_factory=lambda: ["RS256", "HS256"])
    jwt_public_keys: Annotated[list[str], NoDecode] = Field(default_factory=list)
    jwt_hs256_secret: SecretStr | None = SecretStr(DEV_JWT_SECRET)
    jwt_leeway_seconds: int = 30
    # Outbox relay and consumer loop tuning.
    run_workers_in_process: bool = False
    # Port of the Prometheus endpoint of a separate relay/consumer process (none when unset).
    worker_metrics_port: int | None = None
    outbox_batch_size: int = 500
    outbox_poll_interval_ms: int = 50
    outbox_retention_hours: int = 24 * 7
    consumer_batch_size: int = 1000
    retry_max_attempts: int = 8
    retry_base_delay_ms: int = 100
    retry_max_delay_ms: int = 5000

    _split_lists = model_validator(mode="before")(
        lambda cls, data: (
            {k: (_split_csv(v) if k in {"jwt_algorithms", "jwt_public_keys"} else v) for k, v in data.items()}
            if isinstance(data, dict)
            else data
        )
    )

    @model_validator(mode="after")
    def _refuse_dev_secrets_in_production(self) -> Self:
        if self.environment is Environment.PRODUCTION:
            if "HS256" in self.jwt_algorithms:
                raise ValueError("HS256 tokens are for local development only; use RS256 in production")
            if not self.jwt_public_keys:
                raise ValueError("production needs at least one RS256 public key (jwt_public_keys)")
        return self

    @property
    def database_url_str(self) -> str:
        return self.database_url.get_secret_value()


def settings_config(prefix: str) -> SettingsConfigDict:
    """The settings config of one service: its env prefix, unknown variables ignored."""
    return SettingsConfigDict(env_prefix=prefix, extra="ignore", env_file=None)
