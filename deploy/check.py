"""Static checks of the deploy files of the perinatal suite.

    .venv/bin/python deploy/check.py             # from the repository root; exit status 1 on any failure
    .venv/bin/python deploy/check.py --verbose   # also list the checks that passed
    .venv/bin/python deploy/check.py --no-tools  # skip the optional external tools (kubectl, docker compose)

What is checked: deploy/Dockerfile, deploy/entrypoint.sh, /.dockerignore, deploy/compose.yaml (with its env
files and the PostgreSQL init script), the kustomize base deploy/k8s/ and the console scripts declared by the
services' pyproject.toml. Only the standard library and PyYAML are used, and nothing needs a Docker engine
or a Kubernetes cluster. When present, `kubectl kustomize` (renders the base offline) and `docker compose
config` (validates the compose file without a daemon) are run as well; when absent they are reported as SKIP.

The check functions take parsed documents, so tests can feed them deliberately broken variants.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

try:
    import yaml
except ImportError:  # pragma: no cover - the workspace venv has PyYAML
    sys.stderr.write("deploy/check.py needs PyYAML: run it with the repository's venv (.venv/bin/python)\n")
    raise SystemExit(2) from None

# --------------------------------------------------------------------------------------------------------
# The contract
# --------------------------------------------------------------------------------------------------------
SERVICES: dict[str, int] = {"screening": 8001, "careteam": 8002, "financing": 8003, "reporting": 8004}
ROLES: tuple[str, ...] = ("api", "relay", "consumers", "migrate")
CONTAINER_PORT = 8000
SCRIPT_RE = re.compile(r"^(screening|careteam|financing|reporting)-(api|relay|consumers|migrate)$")
IMAGE_REPO = "ghcr.io/perinatal/{svc}"
READY_PATH = "/health/ready"
LIVE_PATH = "/health/live"
# HTTP_PORT is not optional in a container: the code defaults to the devstack's port (8001..8004).
REQUIRED_ENV: tuple[str, ...] = (
    "HTTP_PORT",
    "DATABASE_URL",
    "KAFKA_BOOTSTRAP_SERVERS",
    "ENVIRONMENT",
    "LOG_JSON",
    "LOG_LEVEL",
    "JWT_ISSUER",
    "JWT_AUDIENCE",
    "JWT_ALGORITHMS",
    "JWT_HS256_SECRET",
)
ENVIRONMENTS = frozenset({"dev", "test", "production"})
LOG_LEVELS = frozenset({"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"})
DOCKERIGNORE_REQUIRED: tuple[str, ...] = (".venv", ".data", ".cache", "tests", ".git", "__pycache__")
DEV_ONLY_MARKER = "DEV ONLY"
# The writable emptyDir of a read-only root filesystem (a mount path compared, not a file created).
TMP_MOUNT = "/tmp"  # noqa: S108

OK, FAIL, WARN, SKIP = "OK", "FAIL", "WARN", "SKIP"
AREAS: tuple[str, ...] = ("dockerfile", "entrypoint", "dockerignore", "compose", "k8s", "scripts", "tools")


def prefix(svc: str) -> str:
    return f"{svc.upper()}_"


def secret_env(svc: str) -> tuple[str, ...]:
    """Settings that are secrets (compose: from the env file; k8s: from a Secret)."""
    names = ["DATABASE_URL"]
    if svc == "screening":
        names += ["PSEUDONYM_KEY", "ENCRYPTION_KEY"]
    return tuple(prefix(svc) + name for name in names)


# --------------------------------------------------------------------------------------------------------
# Findings
# --------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Finding:
    status: str
    area: str
    message: str

    def __str__(self) -> str:
        return f"{self.status} [{self.area}] {self.message}"


@dataclass
class Collector:
    """Accumulates the findings of one area."""

    area: str
    findings: list[Finding] = field(default_factory=list)

    def ok(self, message: str) -> None:
        self.findings.append(Finding(OK, self.area, message))

    def fail(self, message: str) -> None:
        self.findings.append(Finding(FAIL, self.area, message))

    def warn(self, message: str) -> None:
        self.findings.append(Finding(WARN, self.area, message))

    def skip(self, message: str) -> None:
        self.findings.append(Finding(SKIP, self.area, message))

    def expect(self, condition: bool, message: str, detail: str = "") -> bool:
        if condition:
            self.ok(message)
        else:
            self.fail(f"{message}: {detail}" if detail else message)
        return condition


def failures(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.status == FAIL]


# --------------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------------
def as_str(value: Any) -> str:
    """A YAML scalar as the string a container would see (YAML 1.1 booleans as true/false)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def parse_env_file(text: str) -> dict[str, str]:
    """KEY=VALUE lines as Compose reads them (comments and blank lines skipped, optional quotes removed)."""
    env: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        env[key.strip()] = value
    return env


def split_image(image: str) -> tuple[str, str]:
    """('repo/name', 'tag-or-digest') of an image reference ('' when untagged)."""
    if "@" in image:
        repo, _, digest = image.partition("@")
        return repo, digest
    last = image.rsplit("/", 1)[-1]
    if ":" in last:
        repo, _, tag = image.rpartition(":")
        return repo, tag
    return image, ""


def check_service_env(
    c: Collector, where: str, svc: str, env: Mapping[str, str], *, production: bool
) -> None:
    """The settings contract of one process of service `svc` (env = what the process sees)."""
    p = prefix(svc)
    missing = [p + name for name in REQUIRED_ENV if p + name not in env]
    if production:
        missing += [name for name in [p + "JWT_PUBLIC_KEYS"] if not env.get(name)]
    missing += [name for name in secret_env(svc) if not env.get(name)]
    c.expect(not missing, f"{where}: has the {p}* settings of the contract", f"missing {', '.join(missing)}")

    foreign = sorted(
        key for key in env for other in SERVICES if other != svc and key.startswith(prefix(other))
    )
    c.expect(not foreign, f"{where}: carries no other service's settings", f"found {', '.join(foreign)}")

    if p + "HTTP_PORT" in env:
        c.expect(
            env[p + "HTTP_PORT"] == str(CONTAINER_PORT),
            f"{where}: {p}HTTP_PORT={CONTAINER_PORT} (the API's port inside the container)",
            env[p + "HTTP_PORT"],
        )
    environment = env.get(p + "ENVIRONMENT")
    if environment is not None:
        c.expect(environment in ENVIRONMENTS, f"{where}: {p}ENVIRONMENT is dev|test|production", environment)
        if production:
            c.expect(environment == "production", f"{where}: {p}ENVIRONMENT is production", environment)
    if p + "LOG_JSON" in env:
        c.expect(env[p + "LOG_JSON"].lower() == "true", f"{where}: {p}LOG_JSON=true", env[p + "LOG_JSON"])
    if p + "LOG_LEVEL" in env:
        level = env[p + "LOG_LEVEL"]
        c.expect(level.upper() in LOG_LEVELS, f"{where}: {p}LOG_LEVEL is a log level", level)
    if p + "JWT_ALGORITHMS" in env:
        algorithms = [a.strip() for a in env[p + "JWT_ALGORITHMS"].split(",") if a.strip()]
        c.expect("RS256" in algorithms, f"{where}: {p}JWT_ALGORITHMS includes RS256", ",".join(algorithms))
        if production or environment == "production":
            c.expect(
                algorithms == ["RS256"], f"{where}: {p}JWT_ALGORITHMS=RS256 in production", str(algorithms)
            )
            secret = env.get(p + "JWT_HS256_SECRET")
            c.expect(
                secret == "", f"{where}: {p}JWT_HS256_SECRET is set and empty in production", repr(secret)
            )

    url = env.get(p + "DATABASE_URL")
    if url:
        parts = urlsplit(url)
        c.expect(
            parts.scheme == "postgresql+asyncpg",
            f"{where}: {p}DATABASE_URL uses postgresql+asyncpg",
            parts.scheme,
        )
        c.expect(parts.path == f"/{svc}", f"{where}: {p}DATABASE_URL names the database {svc}", parts.path)
        try:
            port = parts.port
        except ValueError:
            port = None
        c.expect(port == 5432, f"{where}: {p}DATABASE_URL has port 5432", str(port))
        c.expect(bool(parts.username), f"{where}: {p}DATABASE_URL has a user")


# --------------------------------------------------------------------------------------------------------
# Dockerfile
# --------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str
    line: int


@dataclass
class Stage:
    base: str
    name: str | None
    line: int
    instructions: list[Instruction] = field(default_factory=list)


_SERVICE_REF = re.compile(r"\$(\{SERVICE[}:]|SERVICE\b)")


def parse_dockerfile(text: str) -> list[Instruction]:
    """Instructions with line continuations joined and comments dropped (no heredoc support)."""
    instructions: list[Instruction] = []
    parts: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not parts:
            start = number
        if stripped.endswith("\\"):
            parts.append(stripped[:-1].strip())
            continue
        parts.append(stripped)
        joined = " ".join(p for p in parts if p)
        parts = []
        keyword, _, args = joined.partition(" ")
        instructions.append(Instruction(keyword.upper(), args.strip(), start))
    if parts:
        joined = " ".join(p for p in parts if p)
        keyword, _, args = joined.partition(" ")
        instructions.append(Instruction(keyword.upper(), args.strip(), start))
    return instructions


def dockerfile_stages(instructions: list[Instruction]) -> list[Stage]:
    stages: list[Stage] = []
    for ins in instructions:
        if ins.keyword == "FROM":
            tokens = [t for t in ins.args.split() if not t.startswith("--")]
            base = tokens[0] if tokens else ""
            name = tokens[2] if len(tokens) >= 3 and tokens[1].lower() == "as" else None
            stages.append(Stage(base, name, ins.line))
        elif stages:
            stages[-1].instructions.append(ins)
    return stages


def _env_pairs(args: str) -> dict[str, str]:
    try:
        tokens = shlex.split(args)
    except ValueError:
        return {}
    if tokens and "=" not in tokens[0]:  # legacy `ENV KEY value`
        return {tokens[0]: " ".join(tokens[1:])}
    return dict(t.partition("=")[::2] for t in tokens if "=" in t)


def _copy_sources(args: str) -> tuple[list[str], str, dict[str, str]]:
    """(sources, destination, flags) of a COPY instruction."""
    stripped = args.strip()
    flags: dict[str, str] = {}
    while stripped.startswith("--"):
        flag, _, stripped = stripped.partition(" ")
        name, _, value = flag[2:].partition("=")
        flags[name] = value
        stripped = stripped.strip()
    if stripped.startswith("["):
        try:
            tokens = [str(t) for t in json.loads(stripped)]
        except json.JSONDecodeError:
            tokens = stripped.split()
    else:
        tokens = stripped.split()
    return tokens[:-1], (tokens[-1] if tokens else ""), flags


def _exec_form(args: str) -> list[str] | None:
    try:
        value = json.loads(args)
    except json.JSONDecodeError:
        return None
    return [str(v) for v in value] if isinstance(value, list) else None


_ALLOWED_COPY = re.compile(
    r"^(pyproject\.toml|uv\.lock|shared(/.*)?|services/\$\{?SERVICE\}?(/.*)?|deploy/entrypoint\.sh)$"
)


def dockerfile_user(text: str) -> str | None:
    """The user of the final stage (last USER instruction), or None."""
    stages = dockerfile_stages(parse_dockerfile(text))
    if not stages:
        return None
    users = [ins.args.strip() for ins in stages[-1].instructions if ins.keyword == "USER"]
    return users[-1] if users else None


def check_dockerfile(text: str) -> list[Finding]:
    c = Collector("dockerfile")
    instructions = parse_dockerfile(text)
    stages = dockerfile_stages(instructions)
    multi_stage = c.expect(
        len(stages) >= 2, "multi-stage build (builder + runtime)", f"{len(stages)} stage(s)"
    )
    if not multi_stage and not stages:
        return c.findings
    final = stages[-1]
    names = {s.name for s in stages if s.name}

    # Base images.
    for stage in stages:
        if stage.base in names:
            continue
        c.expect(
            stage.base.startswith("python:3.11-slim"),
            f"stage {stage.name or stage.line} is based on python:3.11-slim",
            stage.base,
        )

    # ARG SERVICE, declared in every stage that uses it (an ARG does not cross a FROM).
    declared_anywhere = False
    for stage in stages:
        arg_at = next(
            (
                i
                for i, ins in enumerate(stage.instructions)
                if ins.keyword == "ARG" and ins.args.split("=")[0].strip() == "SERVICE"
            ),
            None,
        )
        declared_anywhere = declared_anywhere or arg_at is not None
        used_at = next((i for i, ins in enumerate(stage.instructions) if _SERVICE_REF.search(ins.args)), None)
        if used_at is not None:
            c.expect(
                arg_at is not None and arg_at < used_at,
                f"stage {stage.name or stage.line} declares ARG SERVICE before using it",
                f"line {stage.instructions[used_at].line} uses $SERVICE",
            )
    c.expect(declared_anywhere, "declares ARG SERVICE")

    runs = [ins for ins in instructions if ins.keyword == "RUN"]
    # uv from PyPI via pip, not from an installer script or another image.
    c.expect(
        any(re.search(r"\bpip3? install\b", r.args) and re.search(r"\buv\b", r.args) for r in runs),
        "installs uv with pip",
    )
    fetchers = [r.line for r in runs if re.search(r"\b(curl|wget)\b", r.args)]
    c.expect(not fetchers, "downloads nothing with curl/wget", f"lines {fetchers}")
    uv_images = [
        ins.line
        for ins in instructions
        if ins.keyword == "COPY" and "astral" in _copy_sources(ins.args)[2].get("from", "")
    ]
    c.expect(not uv_images, "takes uv from PyPI, not from the uv image", f"lines {uv_images}")

    # uv sync from the lock.
    syncs = [r for r in runs if re.search(r"\buv\s+sync\b", r.args)]
    if c.expect(bool(syncs), "runs uv sync"):
        for r in syncs:
            c.expect("--frozen" in r.args, f"uv sync on line {r.line} uses --frozen")
            c.expect("--no-dev" in r.args, f"uv sync on line {r.line} uses --no-dev")
            c.expect(
                re.search(r"--package[= ]\"?\$\{?SERVICE", r.args) is not None,
                f"uv sync on line {r.line} installs --package $SERVICE",
            )
    bypass = [r.line for r in runs if re.search(r"\buv\s+(pip\s+install|lock|add)\b", r.args)]
    c.expect(not bypass, "never bypasses the lock (uv pip install / uv lock / uv add)", f"lines {bypass}")
    c.expect("/app/.venv" in text, "puts the virtualenv at /app/.venv")

    # What enters the image.
    copied: set[str] = set()
    for ins in instructions:
        if ins.keyword == "ADD":
            c.fail(f"line {ins.line}: use COPY, not ADD")
        if ins.keyword != "COPY":
            continue
        sources, _dest, flags = _copy_sources(ins.args)
        if "from" in flags:
            continue
        for src in sources:
            norm = src.removeprefix("./").rstrip("/") or "."
            copied.add(norm)
            c.expect(
                _ALLOWED_COPY.match(norm) is not None,
                f"line {ins.line} copies only pyproject.toml, uv.lock, shared/, services/$SERVICE/ or the "
                "entrypoint",
                f"copies {src!r}",
            )
    for needed in ("pyproject.toml", "uv.lock", "shared"):
        c.expect(needed in copied, f"copies {needed}")
    c.expect(
        any(re.match(r"^services/\$\{?SERVICE\}?$", s) for s in copied),
        "copies services/$SERVICE/ (the service's code, migrations and alembic.ini)",
    )

    # Runtime stage.
    final_env: dict[str, str] = {}
    for ins in final.instructions:
        if ins.keyword == "ENV":
            final_env.update(_env_pairs(ins.args))
    c.expect(
        final_env.get("PATH", "").startswith("/app/.venv/bin:"),
        "runtime stage sets ENV PATH=/app/.venv/bin:$PATH",
        final_env.get("PATH", "<unset>"),
    )
    c.expect(
        _SERVICE_REF.search(final_env.get("SERVICE", "")) is not None,
        "runtime stage keeps SERVICE in the environment (the entrypoint needs it)",
    )
    user = next((ins.args.strip() for ins in reversed(final.instructions) if ins.keyword == "USER"), None)
    if c.expect(user is not None, "runtime stage sets USER"):
        assert user is not None
        name = user.split(":")[0]
        c.expect(name not in {"root", "0"}, "runtime stage does not run as root", user)
        c.expect(name.isdigit(), "runtime USER is numeric (Kubernetes runAsNonRoot can verify it)", user)
    exposes = " ".join(ins.args for ins in final.instructions if ins.keyword == "EXPOSE")
    c.expect(str(CONTAINER_PORT) in exposes.split(), f"runtime stage exposes {CONTAINER_PORT}", exposes)

    # Entrypoint: exec form, the copied deploy/entrypoint.sh, no CMD that bypasses it.
    entry_dest = None
    for ins in final.instructions:
        if ins.keyword == "COPY":
            sources, dest, flags = _copy_sources(ins.args)
            if "from" not in flags and "deploy/entrypoint.sh" in sources:
                entry_dest = dest
    entrypoints = [ins for ins in final.instructions if ins.keyword == "ENTRYPOINT"]
    if c.expect(bool(entrypoints), "runtime stage has an ENTRYPOINT"):
        form = _exec_form(entrypoints[-1].args)
        if c.expect(form is not None, "ENTRYPOINT uses the exec (JSON) form", entrypoints[-1].args):
            assert form is not None
            c.expect(
                entry_dest is not None and entry_dest in form,
                "ENTRYPOINT runs deploy/entrypoint.sh as copied into the image",
                f"entrypoint {form}, copied to {entry_dest}",
            )
    for ins in final.instructions:
        if ins.keyword == "CMD":
            form = _exec_form(ins.args)
            c.expect(
                form is not None and (not form or form[0] in ROLES),
                "CMD is empty or a role name (the entrypoint derives ${SERVICE}-<role>)",
                ins.args,
            )
    return c.findings


def check_entrypoint(path: Path) -> list[Finding]:
    c = Collector("entrypoint")
    if not c.expect(path.is_file(), f"{path.name} exists"):
        return c.findings
    text = path.read_text()
    c.expect(text.startswith("#!/bin/sh") or text.startswith("#!/bin/bash"), "has a /bin/sh shebang")
    c.expect(re.search(r"^\s*set -e", text, re.M) is not None, "stops on errors (set -e)")
    c.expect(
        re.search(r'exec\s+"\$\{SERVICE\}-\$\{ROLE\}"', text) is not None,
        'execs the console script "${SERVICE}-${ROLE}"',
    )
    c.expect(re.search(r"\$\{ROLE:-api\}", text) is not None, "ROLE defaults to api")
    patterns = [set(m.group(1).split("|")) for m in re.finditer(r"^\s*([a-z|]+)\)", text, re.M)]
    c.expect(
        any(set(ROLES) <= p for p in patterns),
        "accepts exactly the roles api|relay|consumers|migrate",
        f"case patterns {patterns}",
    )
    if not path.stat().st_mode & 0o111:
        c.warn(f"{path.name} is not executable in the work tree (the Dockerfile sets --chmod=0755 anyway)")
    return c.findings


# --------------------------------------------------------------------------------------------------------
# .dockerignore
# --------------------------------------------------------------------------------------------------------
def _dockerignore_regex(pattern: str) -> re.Pattern[str]:
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            out += "[^/]"
            i += 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return re.compile(f"^{out}$")


def dockerignore_excludes(patterns: list[str], path: str) -> bool:
    """Whether a context path is excluded (last matching pattern wins; a match on a parent dir counts)."""
    excluded = False
    segments = path.split("/")
    prefixes = ["/".join(segments[: i + 1]) for i in range(len(segments))]
    for raw in patterns:
        negate = raw.startswith("!")
        pattern = raw[1:] if negate else raw
        pattern = pattern.strip().lstrip("/").rstrip("/")
        if not pattern:
            continue
        regex = _dockerignore_regex(pattern)
        if any(regex.match(p) for p in prefixes):
            excluded = not negate
    return excluded


def check_dockerignore(text: str) -> list[Finding]:
    c = Collector("dockerignore")
    patterns = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    for required in DOCKERIGNORE_REQUIRED:
        # Caches and venvs anywhere in the tree; .git and tests at least at the root.
        nested = required not in {".git", "tests"}
        excluded = dockerignore_excludes(patterns, required) and (
            not nested or dockerignore_excludes(patterns, f"services/x/{required}")
        )
        c.expect(excluded, f"excludes {required}" + (" (at any depth)" if nested else ""))
    needed = [
        "pyproject.toml",
        "uv.lock",
        "shared/pyproject.toml",
        "shared/src/shared/__init__.py",
        "deploy/entrypoint.sh",
    ]
    for svc in SERVICES:
        needed += [
            f"services/{svc}/pyproject.toml",
            f"services/{svc}/alembic.ini",
            f"services/{svc}/src/{svc}/migrations/env.py",
            f"services/{svc}/src/{svc}/__init__.py",
        ]
    kept_out = [p for p in needed if dockerignore_excludes(patterns, p)]
    c.expect(not kept_out, "keeps what the Dockerfile copies in the build context", f"excludes {kept_out}")
    return c.findings


# --------------------------------------------------------------------------------------------------------
# compose.yaml
# --------------------------------------------------------------------------------------------------------
def load_yaml_documents(path: Path) -> list[Any]:
    with path.open() as fh:
        return [doc for doc in yaml.safe_load_all(fh) if doc is not None]


def load_compose(path: Path) -> dict[str, Any]:
    docs = load_yaml_documents(path)
    if len(docs) != 1 or not isinstance(docs[0], dict):
        raise ValueError(f"{path} must hold exactly one YAML mapping")
    return docs[0]


def _compose_environment(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): as_str(v) for k, v in value.items()}
    env: dict[str, str] = {}
    for item in as_list(value):
        key, _, val = str(item).partition("=")
        env[key] = val
    return env


def _compose_env_files(service: Mapping[str, Any]) -> list[str]:
    value = service.get("env_file")
    items = value if isinstance(value, list) else ([value] if value else [])
    return [str(i["path"]) if isinstance(i, dict) else str(i) for i in items]


def _compose_ports(value: Any) -> list[tuple[str | None, int | None]]:
    """(host port, container port) of each published port; None when unparseable."""
    out: list[tuple[str | None, int | None]] = []
    for item in as_list(value):
        if isinstance(item, dict):
            published = item.get("published")
            target = item.get("target")
            out.append(
                (as_str(published) if published is not None else None, int(target) if target else None)
            )
        elif isinstance(item, str):
            parts = item.split("/")[0].split(":")
            container = parts[-1]
            host = parts[-2] if len(parts) >= 2 else None
            out.append((host, int(container) if container.isdigit() else None))
        else:  # an unquoted a:b is a base-60 integer in YAML 1.1
            out.append((None, None))
    return out


def _depends_on(value: Any) -> dict[str, str]:
    if isinstance(value, list):
        return {str(name): "service_started" for name in value}
    return {str(k): str(as_dict(v).get("condition", "service_started")) for k, v in as_dict(value).items()}


def _volume_mounts(value: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in as_list(value):
        if isinstance(item, dict):
            out.append((str(item.get("source", "")), str(item.get("target", ""))))
        else:
            parts = str(item).split(":")
            if len(parts) >= 2:
                out.append((parts[0], parts[1]))
    return out


def _healthcheck_text(service: Mapping[str, Any]) -> str:
    test = as_dict(service.get("healthcheck")).get("test")
    return " ".join(str(t) for t in test) if isinstance(test, list) else as_str(test)


def check_compose(doc: Mapping[str, Any], base_dir: Path) -> list[Finding]:
    """`doc` is the parsed compose.yaml; `base_dir` the directory relative paths resolve against (deploy/)."""
    c = Collector("compose")
    services = as_dict(doc.get("services"))
    if not c.expect(bool(services), "defines services"):
        return c.findings
    repo_root = base_dir.resolve().parent

    def service_env(name: str, svc_def: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
        file_env: dict[str, str] = {}
        for rel in _compose_env_files(svc_def):
            path = base_dir / rel
            if c.expect(path.is_file(), f"{name}: env_file {rel} exists"):
                text = path.read_text()
                c.expect(DEV_ONLY_MARKER in text, f"{name}: env_file {rel} is marked {DEV_ONLY_MARKER}")
                file_env.update(parse_env_file(text))
        return file_env, _compose_environment(svc_def.get("environment"))

    # Infrastructure.
    postgres = as_dict(services.get("postgres"))
    pg_env: dict[str, str] = {}
    if c.expect(bool(postgres), "has a postgres service"):
        c.expect(
            as_str(postgres.get("image")).startswith("postgres:16"),
            "postgres runs PostgreSQL 16",
            as_str(postgres.get("image")),
        )
        c.expect("test" in as_dict(postgres.get("healthcheck")), "postgres has a healthcheck")
        file_env, inline = service_env("postgres", postgres)
        pg_env = {**file_env, **inline}
        c.expect(bool(pg_env.get("POSTGRES_PASSWORD")), "postgres has a POSTGRES_PASSWORD")
        init = [(src, dst) for src, dst in _volume_mounts(postgres.get("volumes")) if "initdb.d" in dst]
        if c.expect(bool(init), "postgres mounts an init script into /docker-entrypoint-initdb.d"):
            script = base_dir / init[0][0]
            if c.expect(script.is_file(), f"init script {init[0][0]} exists"):
                sql = script.read_text()
                c.expect("CREATE DATABASE" in sql, "init script creates databases")
                c.expect("CREATE ROLE" in sql or "CREATE USER" in sql, "init script creates users")
                absent = [svc for svc in SERVICES if not re.search(rf"\b{svc}\b", sql)]
                c.expect(not absent, "init script covers the 4 service databases", f"missing {absent}")
                needed = set(re.findall(r"\$\{?([A-Z][A-Z0-9_]*_DB_PASSWORD)", sql))
                unset = sorted(v for v in needed if not pg_env.get(v))
                c.expect(not unset, "postgres env defines the init script's passwords", f"missing {unset}")

    kafka = as_dict(services.get("kafka"))
    advertised: set[str] = set()
    if c.expect(bool(kafka), "has a kafka service"):
        image = as_str(kafka.get("image"))
        c.expect(image.startswith("apache/kafka:3.9"), "kafka runs apache/kafka:3.9", image)
        k_env = _compose_environment(kafka.get("environment"))
        roles = {r.strip() for r in k_env.get("KAFKA_PROCESS_ROLES", "").split(",")}
        c.expect(
            {"broker", "controller"} <= roles, "kafka runs KRaft single-node (broker,controller)", str(roles)
        )
        c.expect(bool(k_env.get("KAFKA_CONTROLLER_QUORUM_VOTERS")), "kafka defines its controller quorum")
        c.expect("test" in as_dict(kafka.get("healthcheck")), "kafka has a healthcheck")
        for listener in k_env.get("KAFKA_ADVERTISED_LISTENERS", "").split(","):
            _, _, address = listener.strip().partition("://")
            if address:
                advertised.add(address)

    # The four processes of each service.
    for svc, host_port in SERVICES.items():
        p = prefix(svc)
        for role in ROLES:
            name = f"{svc}-{role}"
            entry = services.get(name)
            if not c.expect(isinstance(entry, dict), f"service {name} is defined", "missing"):
                continue
            assert isinstance(entry, dict)

            build = entry.get("build")
            image = as_str(entry.get("image"))
            c.expect(bool(build) or bool(image), f"{name}: has a build or an image")
            if image:
                repo = split_image(image)[0]
                c.expect(repo.rsplit("/", 1)[-1] == svc, f"{name}: image is the {svc} image", image)
            if build:
                b = build if isinstance(build, dict) else {"context": build}
                args = b.get("args")
                args = _compose_environment(args) if args is not None else {}
                c.expect(args.get("SERVICE") == svc, f"{name}: builds with SERVICE={svc}", str(args))
                context = (base_dir / as_str(b.get("context", "."))).resolve()
                c.expect(context == repo_root, f"{name}: build context is the repository root", str(context))
                dockerfile = (context / as_str(b.get("dockerfile", "Dockerfile"))).resolve()
                c.expect(
                    dockerfile == (base_dir / "Dockerfile").resolve(),
                    f"{name}: builds deploy/Dockerfile",
                    str(dockerfile),
                )
            c.expect("entrypoint" not in entry, f"{name}: keeps the image's entrypoint")
            command = entry.get("command")
            if command is not None:
                cmd = command if isinstance(command, list) else shlex.split(as_str(command))
                c.expect(
                    bool(cmd) and (cmd[0] in (role, name)),
                    f"{name}: command runs the {name} console script",
                    str(cmd),
                )

            file_env, inline = service_env(name, entry)
            env = {**file_env, **inline}
            c.expect(inline.get("ROLE") == role, f"{name}: ROLE={role}", repr(inline.get("ROLE")))
            check_service_env(c, name, svc, env, production=False)
            inline_secrets = [k for k in (*secret_env(svc), p + "JWT_HS256_SECRET") if k in inline]
            c.expect(
                not inline_secrets,
                f"{name}: secrets come from the env file, not from compose.yaml",
                f"inline {inline_secrets}",
            )
            url = env.get(p + "DATABASE_URL")
            if url:
                parts = urlsplit(url)
                c.expect(
                    parts.hostname in services,
                    f"{name}: {p}DATABASE_URL points at a compose service",
                    str(parts.hostname),
                )
                expected_pw = pg_env.get(f"{p}DB_PASSWORD")
                if expected_pw is not None:
                    c.expect(
                        parts.password == expected_pw and parts.username == svc,
                        f"{name}: database user/password match the postgres init env",
                    )
            key = env.get(p + "ENCRYPTION_KEY")
            if key is not None:
                try:
                    key_len = len(base64.b64decode(key, validate=True))
                except (binascii.Error, ValueError):
                    key_len = -1
                c.expect(
                    key_len == 32, f"{name}: {p}ENCRYPTION_KEY is 32 bytes in standard base64", str(key_len)
                )
            brokers = [b.strip() for b in env.get(p + "KAFKA_BOOTSTRAP_SERVERS", "").split(",") if b.strip()]
            if advertised:
                c.expect(
                    bool(brokers) and all(b in advertised for b in brokers),
                    f"{name}: {p}KAFKA_BOOTSTRAP_SERVERS is a listener kafka advertises",
                    f"{brokers} vs {sorted(advertised)}",
                )

            ports = _compose_ports(entry.get("ports"))
            deps = _depends_on(entry.get("depends_on"))
            for dep in deps:
                c.expect(dep in services, f"{name}: depends on an existing service ({dep})")
            restart = entry.get("restart")
            if role == "api":
                c.expect(
                    ports == [(str(host_port), CONTAINER_PORT)],
                    f"{name}: publishes {host_port}:{CONTAINER_PORT}",
                    f"got {entry.get('ports')!r}",
                )
                health = _healthcheck_text(entry)
                c.expect(
                    (READY_PATH in health or LIVE_PATH in health) and str(CONTAINER_PORT) in health,
                    f"{name}: healthcheck probes /health/* on {CONTAINER_PORT}",
                    health or "no healthcheck",
                )
            else:
                c.expect(not ports, f"{name}: publishes no port (no HTTP server)", repr(entry.get("ports")))
            if role == "migrate":
                c.expect(
                    deps.get("postgres") == "service_healthy",
                    f"{name}: waits for postgres to be healthy",
                    str(deps),
                )
                c.expect(restart in (None, False, "no"), f'{name}: one-shot (restart: "no")', repr(restart))
            else:
                c.expect(
                    deps.get(f"{svc}-migrate") == "service_completed_successfully",
                    f"{name}: starts after {svc}-migrate completed successfully",
                    str(deps),
                )
                c.expect(
                    deps.get("kafka") == "service_healthy", f"{name}: waits for a healthy kafka", str(deps)
                )
                c.expect(
                    restart in ("always", "unless-stopped", "on-failure"),
                    f"{name}: restarts when the process exits",
                    repr(restart),
                )

    # Host ports: the APIs' and no collisions.
    published: list[str] = []
    for svc_def in services.values():
        for item in as_list(as_dict(svc_def).get("ports")):
            if isinstance(item, str):
                parts = item.split("/")[0].split(":")
                published.append(":".join(parts[:-1]))
    dupes = sorted({p for p in published if published.count(p) > 1})
    c.expect(not dupes, "host ports are unique", f"duplicated {dupes}")
    unknown = sorted(
        n
        for n in services
        if n not in {"postgres", "kafka"} and not any(n == f"{s}-{r}" for s in SERVICES for r in ROLES)
    )
    if unknown:
        c.warn(f"services outside the contract: {unknown}")
    return c.findings


# --------------------------------------------------------------------------------------------------------
# Kubernetes (kustomize base)
# --------------------------------------------------------------------------------------------------------
WORKLOAD_KINDS = frozenset({"Deployment", "Job", "StatefulSet", "DaemonSet", "CronJob"})
NAMESPACED_EXEMPT = frozenset({"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition"})


def load_k8s(k8s_dir: Path) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """(parsed kustomization.yaml or None, {file name: text} of the base's other YAML files).

    Only the base directory itself: overlays in subdirectories have their own kustomization.
    """
    kustomization = None
    kpath = k8s_dir / "kustomization.yaml"
    if kpath.is_file():
        kustomization = yaml.safe_load(kpath.read_text())
    texts = {
        p.relative_to(k8s_dir).as_posix(): p.read_text()
        for p in sorted(k8s_dir.glob("*"))
        if p.suffix in {".yaml", ".yml"} and p.name not in {"kustomization.yaml", "kustomization.yml"}
    }
    return kustomization, texts


def _pod_spec(obj: Mapping[str, Any]) -> dict[str, Any]:
    spec = as_dict(obj.get("spec"))
    if obj.get("kind") == "CronJob":
        spec = as_dict(as_dict(spec.get("jobTemplate")).get("spec"))
    return as_dict(as_dict(spec.get("template")).get("spec"))


def _pod_labels(obj: Mapping[str, Any]) -> dict[str, str]:
    template = as_dict(as_dict(obj.get("spec")).get("template"))
    return {str(k): as_str(v) for k, v in as_dict(as_dict(template.get("metadata")).get("labels")).items()}


def _selects(selector: Mapping[str, Any], labels: Mapping[str, str]) -> bool:
    return bool(selector) and all(labels.get(str(k)) == as_str(v) for k, v in selector.items())


def _secret_values(secret: Mapping[str, Any]) -> dict[str, str]:
    values = {str(k): as_str(v) for k, v in as_dict(secret.get("stringData")).items()}
    for k, v in as_dict(secret.get("data")).items():
        try:
            values[str(k)] = base64.b64decode(as_str(v)).decode()
        except (binascii.Error, UnicodeDecodeError):
            values[str(k)] = "<binary>"
    return values


def _port_number(port: Any, container: Mapping[str, Any]) -> int | None:
    if isinstance(port, int):
        return port
    for p in as_list(container.get("ports")):
        if as_dict(p).get("name") == port:
            return int(as_dict(p).get("containerPort", 0)) or None
    return None


def check_k8s(
    kustomization: Mapping[str, Any] | None, texts: Mapping[str, str], *, image_user: str | None = None
) -> list[Finding]:
    """`texts` maps each YAML file of the base (relative path) to its text; `image_user` is the Dockerfile USER."""
    c = Collector("k8s")
    objects: dict[tuple[str, str], dict[str, Any]] = {}
    object_file: dict[tuple[str, str], str] = {}
    for rel, text in texts.items():
        try:
            docs = [d for d in yaml.safe_load_all(text) if d is not None]
        except yaml.YAMLError as exc:
            c.fail(f"{rel}: YAML does not parse: {exc}")
            continue
        c.ok(f"{rel}: parses ({len(docs)} document(s))")
        for doc in docs:
            meta = as_dict(as_dict(doc).get("metadata"))
            if not (isinstance(doc, dict) and doc.get("apiVersion") and doc.get("kind") and meta.get("name")):
                c.fail(f"{rel}: a document lacks apiVersion, kind or metadata.name")
                continue
            key = (str(doc["kind"]), str(meta["name"]))
            c.expect(
                key not in objects, f"{key[0]}/{key[1]} is defined once", f"also in {object_file.get(key)}"
            )
            objects[key] = doc
            object_file[key] = rel

    # kustomization.yaml
    namespace = None
    if c.expect(isinstance(kustomization, dict), "kustomization.yaml exists"):
        assert isinstance(kustomization, dict)
        resources = [str(r) for r in as_list(kustomization.get("resources"))]
        listed = set(resources)
        c.expect(
            not (set(texts) - listed),
            "kustomization lists every YAML file",
            f"unlisted {sorted(set(texts) - listed)}",
        )
        c.expect(
            not (listed - set(texts)),
            "kustomization lists only existing files",
            f"missing {sorted(listed - set(texts))}",
        )
        namespace = kustomization.get("namespace")
        c.expect(bool(namespace), "kustomization sets the namespace")
        c.expect(("Namespace", str(namespace)) in objects, f"the Namespace {namespace} is part of the base")
        images = {str(as_dict(i).get("name")): as_dict(i) for i in as_list(kustomization.get("images"))}
        for svc in SERVICES:
            repo = IMAGE_REPO.format(svc=svc)
            entry = images.get(repo)
            if c.expect(entry is not None, f"kustomize images maps {repo}"):
                assert entry is not None
                c.expect(
                    str(entry.get("newName", repo)) == repo
                    and bool(entry.get("newTag") or entry.get("digest")),
                    f"kustomize image {repo} resolves to {repo}:<tag>",
                    str(entry),
                )

    # Per service: the objects that must exist.
    for svc in SERVICES:
        p = prefix(svc)
        c.expect(("ConfigMap", f"{svc}-config") in objects, f"ConfigMap {svc}-config exists")
        secret = objects.get(("Secret", f"{svc}-secrets"))
        if c.expect(secret is not None, f"Secret {svc}-secrets exists (template)"):
            assert secret is not None
            values = _secret_values(secret)
            placeholders = [k for k, v in values.items() if v and "REPLACE" not in v]
            c.expect(
                not placeholders,
                f"Secret {svc}-secrets holds placeholder values only",
                f"real-looking {placeholders}",
            )
            file_text = texts.get(object_file[("Secret", f"{svc}-secrets")], "")
            c.expect(
                "secret store" in file_text,
                f"Secret {svc}-secrets says real secrets come from the secret store",
            )
            c.expect(p + "DATABASE_URL" in values, f"Secret {svc}-secrets has {p}DATABASE_URL")
        for role in ("api", "relay", "consumers"):
            c.expect(("Deployment", f"{svc}-{role}") in objects, f"Deployment {svc}-{role} exists")
        api = objects.get(("Deployment", f"{svc}-api"))
        init_migrate = any(
            any(
                as_dict(e).get("name") == "ROLE" and as_dict(e).get("value") == "migrate"
                for e in as_list(as_dict(ic).get("env"))
            )
            for ic in as_list(_pod_spec(api or {}).get("initContainers"))
        )
        c.expect(
            ("Job", f"{svc}-migrate") in objects or init_migrate,
            f"{svc} runs migrate (Job {svc}-migrate or an initContainer on the api)",
        )
        if api is None:
            continue
        labels = _pod_labels(api)
        api_container = next(iter(as_list(_pod_spec(api).get("containers"))), {})
        service = objects.get(("Service", f"{svc}-api"))
        if c.expect(service is not None, f"Service {svc}-api exists"):
            assert service is not None
            spec = as_dict(service.get("spec"))
            c.expect(
                _selects(as_dict(spec.get("selector")), labels), f"Service {svc}-api selects the api pods"
            )
            targets = [
                _port_number(as_dict(sp).get("targetPort", as_dict(sp).get("port")), api_container)
                for sp in as_list(spec.get("ports"))
            ]
            c.expect(
                CONTAINER_PORT in targets, f"Service {svc}-api targets port {CONTAINER_PORT}", str(targets)
            )
        pdbs = [
            o
            for (kind, _), o in objects.items()
            if kind == "PodDisruptionBudget"
            and _selects(as_dict(as_dict(o.get("spec")).get("selector")).get("matchLabels", {}), labels)
        ]
        if c.expect(bool(pdbs), f"a PodDisruptionBudget covers {svc}-api"):
            min_available = as_dict(pdbs[0].get("spec")).get("minAvailable")
            replicas = as_dict(api.get("spec")).get("replicas", 1)
            if isinstance(min_available, int):
                c.expect(
                    isinstance(replicas, int) and replicas > min_available,
                    f"{svc}-api has more replicas than the PDB's minAvailable (drains stay possible)",
                    f"replicas {replicas}, minAvailable {min_available}",
                )

    # Every workload running one of our images.
    for (kind, name), obj in objects.items():
        if kind not in WORKLOAD_KINDS:
            continue
        pod = _pod_spec(obj)
        containers = [("container", as_dict(x)) for x in as_list(pod.get("containers"))]
        containers += [("initContainer", as_dict(x)) for x in as_list(pod.get("initContainers"))]
        ours = [(k, x) for k, x in containers if as_str(x.get("image")).startswith("ghcr.io/perinatal/")]
        if not ours:
            continue
        m = re.match(r"^(screening|careteam|financing|reporting)-(api|relay|consumers|migrate)$", name)
        if not c.expect(m is not None, f"{kind}/{name}: named <service>-<role>"):
            continue
        assert m is not None
        svc, role = m.group(1), m.group(2)
        where = f"{kind}/{name}"
        pod_sc = as_dict(pod.get("securityContext"))
        c.expect(
            pod.get("enableServiceLinks") is False,
            f"{where}: enableServiceLinks: false (no {prefix(svc)}* link variables)",
        )
        for ckind, ctr in ours:
            cname = f"{where} {ckind} {ctr.get('name')}"
            crole = role
            env_list = [as_dict(e) for e in as_list(ctr.get("env"))]
            role_env = next((as_str(e.get("value")) for e in env_list if e.get("name") == "ROLE"), None)
            if ckind == "initContainer" and role_env == "migrate":
                crole = "migrate"
            repo, _tag = split_image(as_str(ctr.get("image")))
            c.expect(
                repo == IMAGE_REPO.format(svc=svc), f"{cname}: runs the {svc} image", as_str(ctr.get("image"))
            )
            c.expect(role_env == crole, f"{cname}: ROLE={crole}", repr(role_env))
            command = [as_str(x) for x in as_list(ctr.get("command"))]
            args = [as_str(x) for x in as_list(ctr.get("args"))]
            if command:
                c.expect(
                    command == [f"{svc}-{crole}"] and SCRIPT_RE.match(command[0]) is not None,
                    f"{cname}: command is the {svc}-{crole} console script",
                    str(command),
                )
            if args:
                c.expect(args[0] in (crole, f"{svc}-{crole}"), f"{cname}: args select {crole}", str(args))

            # The environment the process sees, and where each value comes from.
            env: dict[str, str] = {}
            source: dict[str, str] = {}
            configmap_keys: set[str] = set()
            for ref in as_list(ctr.get("envFrom")):
                ref = as_dict(ref)
                cm = as_dict(ref.get("configMapRef")).get("name")
                sec = as_dict(ref.get("secretRef")).get("name")
                if cm:
                    obj_cm = objects.get(("ConfigMap", str(cm)))
                    if c.expect(obj_cm is not None, f"{cname}: envFrom ConfigMap {cm} exists"):
                        assert obj_cm is not None
                        for k, v in as_dict(obj_cm.get("data")).items():
                            env[str(k)] = as_str(v)
                            source[str(k)] = "ConfigMap"
                            configmap_keys.add(str(k))
                if sec:
                    obj_sec = objects.get(("Secret", str(sec)))
                    if c.expect(obj_sec is not None, f"{cname}: envFrom Secret {sec} exists"):
                        assert obj_sec is not None
                        for k, v in _secret_values(obj_sec).items():
                            env[k] = v
                            source[k] = "Secret"
            for e in env_list:
                ename = as_str(e.get("name"))
                if "value" in e:
                    env[ename] = as_str(e.get("value"))
                    source[ename] = "value"
                    continue
                value_from = as_dict(e.get("valueFrom"))
                for ref_key, ref_kind in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
                    ref = as_dict(value_from.get(ref_key))
                    if not ref:
                        continue
                    target = objects.get((ref_kind, as_str(ref.get("name"))))
                    data = (
                        _secret_values(target)
                        if ref_kind == "Secret" and target
                        else as_dict((target or {}).get("data"))
                    )
                    found = target is not None and as_str(ref.get("key")) in data
                    c.expect(
                        found or ref.get("optional") is True,
                        f"{cname}: {ename} comes from an existing {ref_kind} key",
                        f"{ref.get('name')}/{ref.get('key')}",
                    )
                    if found:
                        env[ename] = as_str(data[as_str(ref.get("key"))])
                        source[ename] = ref_kind
            env.pop("ROLE", None)
            check_service_env(c, cname, svc, env, production=True)
            not_secret = [
                k for k in secret_env(svc) if (k in source and source[k] != "Secret") or k in configmap_keys
            ]
            c.expect(
                not not_secret,
                f"{cname}: secrets come from a Secret (and appear in no ConfigMap)",
                f"{not_secret} outside a Secret",
            )

            # Resources.
            res = as_dict(ctr.get("resources"))
            req, lim = as_dict(res.get("requests")), as_dict(res.get("limits"))
            missing = [f"requests.{k}" for k in ("cpu", "memory") if k not in req]
            missing += [f"limits.{k}" for k in ("cpu", "memory") if k not in lim]
            c.expect(not missing, f"{cname}: resource requests and limits", f"missing {missing}")

            # Security.
            sc = as_dict(ctr.get("securityContext"))
            c.expect(
                sc.get("runAsNonRoot") is True
                or (pod_sc.get("runAsNonRoot") is True and sc.get("runAsNonRoot") is not False),
                f"{cname}: runAsNonRoot",
            )
            run_as = sc.get("runAsUser", pod_sc.get("runAsUser"))
            if run_as is not None:
                c.expect(run_as != 0, f"{cname}: runAsUser is not 0", str(run_as))
                if image_user and image_user.split(":")[0].isdigit():
                    c.expect(
                        str(run_as) == image_user.split(":")[0],
                        f"{cname}: runAsUser matches the image's USER",
                        f"{run_as} vs {image_user}",
                    )
            c.expect(sc.get("readOnlyRootFilesystem") is True, f"{cname}: readOnlyRootFilesystem")
            c.expect(sc.get("allowPrivilegeEscalation") is False, f"{cname}: allowPrivilegeEscalation: false")
            c.expect(
                "ALL" in as_list(as_dict(sc.get("capabilities")).get("drop")),
                f"{cname}: drops all capabilities",
            )
            volumes = {as_str(as_dict(v).get("name")): as_dict(v) for v in as_list(pod.get("volumes"))}
            tmp = [
                as_dict(vm)
                for vm in as_list(ctr.get("volumeMounts"))
                if as_dict(vm).get("mountPath") == TMP_MOUNT
            ]
            c.expect(
                bool(tmp) and "emptyDir" in volumes.get(as_str(tmp[0].get("name")), {}),
                f"{cname}: writable /tmp from an emptyDir",
            )

            # Ports and probes.
            ports = [as_dict(x) for x in as_list(ctr.get("ports"))]
            probes = {
                k: as_dict(ctr.get(k))
                for k in ("readinessProbe", "livenessProbe", "startupProbe")
                if ctr.get(k)
            }
            if crole == "api":
                c.expect(
                    any(x.get("containerPort") == CONTAINER_PORT for x in ports),
                    f"{cname}: containerPort {CONTAINER_PORT}",
                )
                for probe_name, path in (("readinessProbe", READY_PATH), ("livenessProbe", LIVE_PATH)):
                    http = as_dict(probes.get(probe_name, {}).get("httpGet"))
                    c.expect(
                        http.get("path") == path and _port_number(http.get("port"), ctr) == CONTAINER_PORT,
                        f"{cname}: {probe_name} GET {path} on {CONTAINER_PORT}",
                        str(http) if http else "missing",
                    )
            else:
                http_probes = [k for k, v in probes.items() if "httpGet" in v]
                c.expect(
                    not http_probes, f"{cname}: no HTTP probes ({crole} has no HTTP port)", str(http_probes)
                )
                c.expect(not ports, f"{cname}: declares no port ({crole} has no HTTP server)")

        spec = as_dict(obj.get("spec"))
        if kind == "Deployment" and role == "relay":
            c.expect(
                spec.get("replicas") == 1,
                f"{where}: replicas 1 (single active relay)",
                repr(spec.get("replicas")),
            )
            c.expect(
                as_dict(spec.get("strategy")).get("type") == "Recreate",
                f"{where}: strategy Recreate (never two relays during a rollout)",
            )
        if kind == "Job":
            c.expect(
                pod.get("restartPolicy") in ("Never", "OnFailure"), f"{where}: restartPolicy Never|OnFailure"
            )
            c.expect("backoffLimit" in spec, f"{where}: sets backoffLimit")
    return c.findings


# --------------------------------------------------------------------------------------------------------
# Console scripts declared by the services
# --------------------------------------------------------------------------------------------------------
def check_console_scripts(repo_root: Path) -> list[Finding]:
    c = Collector("scripts")
    for svc in SERVICES:
        pyproject = repo_root / "services" / svc / "pyproject.toml"
        if not c.expect(pyproject.is_file(), f"services/{svc}/pyproject.toml exists"):
            continue
        data = tomllib.loads(pyproject.read_text())
        scripts = as_dict(as_dict(data.get("project")).get("scripts"))
        if not scripts:
            c.warn(
                f"services/{svc} declares no [project.scripts] yet: the image runs "
                + ", ".join(f"{svc}-{r}" for r in ROLES)
            )
            continue
        for role in ROLES:
            script = f"{svc}-{role}"
            target = scripts.get(script)
            if not c.expect(target is not None, f"services/{svc} declares the console script {script}"):
                continue
            module = as_str(target).split(":")[0].strip()
            base = repo_root / "services" / svc / "src" / Path(*module.split("."))
            c.expect(
                base.with_suffix(".py").is_file() or (base / "__init__.py").is_file(),
                f"{script} -> {target}: the module exists",
            )
        odd = [s for s in scripts if SCRIPT_RE.match(s) and not s.startswith(f"{svc}-")]
        c.expect(not odd, f"services/{svc} declares no other service's scripts", str(odd))
    return c.findings


# --------------------------------------------------------------------------------------------------------
# Optional external tools (no daemon, no cluster)
# --------------------------------------------------------------------------------------------------------
def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # Fixed argument lists of tools found with shutil.which; no shell.
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603


def check_tools(repo_root: Path) -> list[Finding]:
    c = Collector("tools")
    deploy = repo_root / "deploy"
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        c.skip("kubectl not installed: kustomize rendering not checked")
    else:
        try:
            proc = _run([kubectl, "kustomize", str(deploy / "k8s")], repo_root)
        except (OSError, subprocess.TimeoutExpired) as exc:
            c.fail(f"kubectl kustomize deploy/k8s could not run: {exc}")
        else:
            if c.expect(
                proc.returncode == 0, "kubectl kustomize deploy/k8s renders", proc.stderr.strip()[-500:]
            ):
                rendered = [d for d in yaml.safe_load_all(proc.stdout) if isinstance(d, dict)]
                kustomization = yaml.safe_load((deploy / "k8s" / "kustomization.yaml").read_text())
                namespace = as_dict(kustomization).get("namespace")
                wrong_ns = [
                    f"{d.get('kind')}/{as_dict(d.get('metadata')).get('name')}"
                    for d in rendered
                    if d.get("kind") not in NAMESPACED_EXEMPT
                    and as_dict(d.get("metadata")).get("namespace") != namespace
                ]
                c.expect(not wrong_ns, f"rendered objects are in namespace {namespace}", str(wrong_ns))
                images = set()
                for d in rendered:
                    if d.get("kind") in WORKLOAD_KINDS:
                        pod = _pod_spec(d)
                        for ctr in as_list(pod.get("containers")) + as_list(pod.get("initContainers")):
                            images.add(as_str(as_dict(ctr).get("image")))
                expected = {f"{IMAGE_REPO.format(svc=s)}:latest" for s in SERVICES}
                c.expect(
                    images == expected,
                    "rendered images are ghcr.io/perinatal/<svc>:latest",
                    str(sorted(images)),
                )
    docker = shutil.which("docker")
    if docker is None:
        c.skip("docker client not installed: `docker compose config` not run")
    else:
        try:
            version = _run([docker, "compose", "version"], repo_root)
        except (OSError, subprocess.TimeoutExpired) as exc:
            c.skip(f"docker compose could not run: {exc}")
        else:
            if version.returncode != 0:
                c.skip("docker compose plugin not installed: `docker compose config` not run")
            else:
                proc = _run(
                    [docker, "compose", "-f", str(deploy / "compose.yaml"), "config", "--quiet"], repo_root
                )
                c.expect(
                    proc.returncode == 0,
                    "docker compose config accepts compose.yaml",
                    proc.stderr.strip()[-500:],
                )
    return c.findings


# --------------------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------------------
def run_all(repo_root: Path, *, use_tools: bool = True) -> list[Finding]:
    deploy = repo_root / "deploy"
    findings: list[Finding] = []

    dockerfile = deploy / "Dockerfile"
    image_user = None
    if dockerfile.is_file():
        text = dockerfile.read_text()
        findings += check_dockerfile(text)
        image_user = dockerfile_user(text)
    else:
        findings.append(Finding(FAIL, "dockerfile", "deploy/Dockerfile is missing"))
    findings += check_entrypoint(deploy / "entrypoint.sh")

    dockerignore = repo_root / ".dockerignore"
    if dockerignore.is_file():
        findings += check_dockerignore(dockerignore.read_text())
    else:
        findings.append(Finding(FAIL, "dockerignore", ".dockerignore is missing at the repository root"))

    try:
        compose = load_compose(deploy / "compose.yaml")
    except (OSError, ValueError, yaml.YAMLError) as exc:
        findings.append(Finding(FAIL, "compose", f"deploy/compose.yaml does not load: {exc}"))
    else:
        findings += check_compose(compose, deploy)

    try:
        kustomization, texts = load_k8s(deploy / "k8s")
    except (OSError, yaml.YAMLError) as exc:
        findings.append(Finding(FAIL, "k8s", f"deploy/k8s does not load: {exc}"))
    else:
        findings += check_k8s(kustomization, texts, image_user=image_user)

    findings += check_console_scripts(repo_root)
    if use_tools:
        findings += check_tools(repo_root)
    return findings


def format_report(findings: list[Finding], *, verbose: bool = False) -> str:
    lines: list[str] = []
    for area in AREAS:
        mine = [f for f in findings if f.area == area]
        if not mine:
            continue
        counts = {s: sum(1 for f in mine if f.status == s) for s in (OK, FAIL, WARN, SKIP)}
        status = FAIL if counts[FAIL] else OK
        summary = f"{counts[OK]} ok"
        for s, word in ((FAIL, "failed"), (WARN, "warning(s)"), (SKIP, "skipped")):
            if counts[s]:
                summary += f", {counts[s]} {word}"
        lines.append(f"{status:<4} {area:<13} {summary}")
        for f in mine:
            if verbose or f.status != OK:
                lines.append(f"       {f.status:<4} {f.message}")
    n_fail = len(failures(findings))
    lines.append("deploy check: " + (f"FAIL ({n_fail} failure(s))" if n_fail else "OK"))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--repo", type=Path, default=Path(__file__).resolve().parent.parent, help="repository root"
    )
    parser.add_argument("--no-tools", action="store_true", help="do not run kubectl / docker compose")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the checks that passed too")
    args = parser.parse_args(argv)
    findings = run_all(args.repo.resolve(), use_tools=not args.no_tools)
    sys.stdout.write(format_report(findings, verbose=args.verbose))
    return 1 if failures(findings) else 0


if __name__ == "__main__":
    raise SystemExit(main())
