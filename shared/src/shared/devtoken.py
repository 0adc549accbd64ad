"""Mint an HS256 development token and print only the token.

    python -m shared.devtoken --role finance_officer [--role ...] [--sub ...] [--org ...]
        [--professional-id ...] [--profession ...] [--payer-code ...] [--ttl-hours 8]
        [--env-prefix FINANCING_]

Issuer, audience and secret come from `ServiceSettings`: its dev defaults unless the environment overrides
them (read with ``--env-prefix`` so that a token can match one service's settings). ``DEV_JWT_SECRET``
overrides the secret. The command refuses to run when the environment is production.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import timedelta

from pydantic import ValidationError

from shared.auth import Role, mint_token
from shared.config import Environment, ServiceSettings

_MAX_TTL_HOURS = 24 * 30


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m shared.devtoken",
        description="Mint an HS256 development JWT for the perinatal suite and print it.",
    )
    parser.add_argument(
        "--role",
        dest="roles",
        action="append",
        required=True,
        choices=[role.value for role in Role],
        help="role to grant; repeat for several",
    )
    parser.add_argument("--sub", default="dev-user", help="subject (default: dev-user)")
    parser.add_argument("--org", default=None, help="organisation id (claim 'org')")
    parser.add_argument("--professional-id", default=None, help="professional id")
    parser.add_argument("--profession", default=None, help="profession, e.g. midwife")
    parser.add_argument("--payer-code", default=None, help="mutuality or care fund code")
    parser.add_argument("--ttl-hours", type=float, default=8.0, help="lifetime in hours (default: 8)")
    parser.add_argument(
        "--env-prefix",
        default="",
        help="read the jwt_* settings with this env prefix, e.g. FINANCING_ (default: none)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not 0 < args.ttl_hours <= _MAX_TTL_HOURS:
        parser.error(f"--ttl-hours must be in (0, {_MAX_TTL_HOURS}]")
    try:
        settings = ServiceSettings(_env_prefix=args.env_prefix)
    except ValidationError as exc:
        sys.stderr.write(f"devtoken: cannot load settings: {exc.errors()[0]['msg']}\n")
        return 2
    if settings.environment is Environment.PRODUCTION:
        sys.stderr.write("devtoken: refusing to mint a development token in production\n")
        return 2
    secret = os.environ.get("DEV_JWT_SECRET") or (
        settings.jwt_hs256_secret.get_secret_value() if settings.jwt_hs256_secret is not None else None
    )
    if not secret:
        sys.stderr.write("devtoken: no HS256 secret (set DEV_JWT_SECRET or JWT_HS256_SECRET)\n")
        return 2
    if "HS256" not in settings.jwt_algorithms:
        sys.stderr.write(
            "devtoken: warning: HS256 is not in jwt_algorithms; services will reject this token\n"
        )
    token = mint_token(
        secret_or_private_key=secret,
        algorithm="HS256",
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        subject=args.sub,
        roles=[Role(role) for role in dict.fromkeys(args.roles)],
        organisation_id=args.org,
        professional_id=args.professional_id,
        profession=args.profession,
        payer_code=args.payer_code,
        ttl=timedelta(hours=args.ttl_hours),
    )
    sys.stdout.write(token + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
