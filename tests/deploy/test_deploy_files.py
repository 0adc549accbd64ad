"""The deploy files (deploy/, /.dockerignore) pass deploy/check.py, and the checker does catch broken files."""

from __future__ import annotations

import copy
import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"


def _load_checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("deploy_check", DEPLOY / "check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module through sys.modules
    spec.loader.exec_module(module)
    return module


check = _load_checker()


def fail_messages(findings: list[Any]) -> list[str]:
    return [f.message for f in check.failures(findings)]


def assert_fails(findings: list[Any], *fragments: str) -> None:
    messages = fail_messages(findings)
    for fragment in fragments:
        assert any(fragment in m for m in messages), f"no failure mentions {fragment!r}; failures: {messages}"


# ----------------------------------------------------------------------------------------------------------
# The real files pass
# ----------------------------------------------------------------------------------------------------------
def test_deploy_files_pass_every_check() -> None:
    findings = check.run_all(REPO, use_tools=True)
    assert fail_messages(findings) == []
    areas = {f.area for f in findings}
    assert {"dockerfile", "entrypoint", "dockerignore", "compose", "k8s", "scripts"} <= areas


def test_checker_cli_exits_zero_and_reports_ok() -> None:
    proc = subprocess.run(
        [sys.executable, str(DEPLOY / "check.py"), "--no-tools"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.rstrip().endswith("deploy check: OK")


def test_report_format_flags_failures() -> None:
    findings = [check.Finding(check.OK, "compose", "fine"), check.Finding(check.FAIL, "compose", "broken")]
    report = check.format_report(findings)
    assert "FAIL compose" in report
    assert "broken" in report
    assert report.rstrip().endswith("deploy check: FAIL (1 failure(s))")


# ----------------------------------------------------------------------------------------------------------
# compose.yaml: broken variants are reported
# ----------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def compose_doc() -> dict[str, Any]:
    doc: dict[str, Any] = check.load_compose(DEPLOY / "compose.yaml")
    return doc


def compose_with(doc: dict[str, Any], mutate: Callable[[dict[str, Any]], None]) -> list[Any]:
    broken = copy.deepcopy(doc)
    mutate(broken["services"])
    findings: list[Any] = check.check_compose(broken, DEPLOY)
    return findings


def test_compose_passes(compose_doc: dict[str, Any]) -> None:
    assert fail_messages(check.check_compose(compose_doc, DEPLOY)) == []


def test_compose_missing_financing_relay_fails(compose_doc: dict[str, Any]) -> None:
    findings = compose_with(compose_doc, lambda s: s.pop("financing-relay"))
    assert_fails(findings, "service financing-relay is defined")


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        pytest.param(
            lambda s: s["screening-api"].update(ports=["8080:8000"]), "publishes 8001:8000", id="port"
        ),
        pytest.param(
            lambda s: s["careteam-relay"].update(ports=["9000:8000"]), "publishes no port", id="relay-port"
        ),
        pytest.param(
            lambda s: s["careteam-consumers"]["environment"].update(ROLE="relay"), "ROLE=consumers", id="role"
        ),
        pytest.param(
            lambda s: s["reporting-api"]["depends_on"].update(
                {"reporting-migrate": {"condition": "service_started"}}
            ),
            "completed successfully",
            id="depends-on",
        ),
        pytest.param(
            lambda s: s["financing-migrate"].update(restart="always"), "one-shot", id="migrate-restart"
        ),
        pytest.param(
            lambda s: s["financing-api"]["environment"].pop("FINANCING_HTTP_PORT"),
            "FINANCING_HTTP_PORT",
            id="http-port",
        ),
        pytest.param(
            lambda s: s["financing-api"]["environment"].update(CARETEAM_LOG_LEVEL="INFO"),
            "no other service's settings",
            id="foreign-env",
        ),
        pytest.param(
            lambda s: s["screening-relay"]["build"]["args"].update(SERVICE="careteam"),
            "builds with SERVICE=screening",
            id="build-arg",
        ),
        pytest.param(
            lambda s: s["reporting-api"]["environment"].update(
                REPORTING_DATABASE_URL="postgresql+asyncpg://reporting:x@postgres:5432/reporting"
            ),
            "secrets come from the env file",
            id="inline-secret",
        ),
        pytest.param(
            lambda s: s["careteam-api"].update(command=["financing-api"]), "command runs", id="wrong-script"
        ),
        pytest.param(
            lambda s: s["kafka"].update(image="bitnami/kafka:3.9"), "apache/kafka", id="kafka-image"
        ),
        pytest.param(lambda s: s["postgres"].update(image="postgres:15"), "PostgreSQL 16", id="pg-image"),
        pytest.param(lambda s: s["screening-api"].pop("healthcheck"), "healthcheck", id="api-healthcheck"),
    ],
)
def test_compose_broken_variants_fail(
    compose_doc: dict[str, Any], mutate: Callable[[dict[str, Any]], None], expected: str
) -> None:
    assert_fails(compose_with(compose_doc, mutate), expected)


def test_compose_port_without_host_mapping_is_reported() -> None:
    # `- 8000` publishes on a random host port; an int is also what YAML 1.1 makes of e.g. an unquoted 80:22.
    doc = yaml.safe_load("services:\n  screening-api:\n    ports:\n      - 8000\n")
    assert_fails(check.check_compose(doc, DEPLOY), "publishes 8001:8000")


# ----------------------------------------------------------------------------------------------------------
# k8s: broken variants are reported
# ----------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def k8s_base() -> tuple[dict[str, Any], dict[str, str]]:
    kustomization, texts = check.load_k8s(DEPLOY / "k8s")
    assert kustomization is not None
    return kustomization, texts


def k8s_with(
    base: tuple[dict[str, Any], dict[str, str]], rel: str, kind: str, name: str, mutate: Callable[[Any], None]
) -> list[Any]:
    kustomization, texts = copy.deepcopy(base)
    docs = [d for d in yaml.safe_load_all(texts[rel]) if d is not None]
    target = next(d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name)
    mutate(target)
    texts[rel] = yaml.safe_dump_all(docs)
    findings: list[Any] = check.check_k8s(kustomization, texts)
    return findings


def container(obj: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = obj["spec"]["template"]["spec"]["containers"][0]
    return spec


def test_k8s_passes(k8s_base: tuple[dict[str, Any], dict[str, str]]) -> None:
    kustomization, texts = k8s_base
    assert fail_messages(check.check_k8s(kustomization, texts, image_user="10001:10001")) == []


@pytest.mark.parametrize(
    ("rel", "kind", "name", "mutate", "expected"),
    [
        pytest.param(
            "financing.yaml",
            "Deployment",
            "financing-api",
            lambda o: container(o)["readinessProbe"]["httpGet"].update(path="/healthz"),
            "readinessProbe GET /health/ready",
            id="readiness-path",
        ),
        pytest.param(
            "screening.yaml",
            "Deployment",
            "screening-api",
            lambda o: container(o).pop("livenessProbe"),
            "livenessProbe GET /health/live",
            id="no-liveness",
        ),
        pytest.param(
            "careteam.yaml",
            "Deployment",
            "careteam-relay",
            lambda o: o["spec"].update(replicas=2),
            "replicas 1",
            id="relay-replicas",
        ),
        pytest.param(
            "careteam.yaml",
            "Deployment",
            "careteam-relay",
            lambda o: o["spec"].update(strategy={"type": "RollingUpdate"}),
            "strategy Recreate",
            id="relay-strategy",
        ),
        pytest.param(
            "reporting.yaml",
            "Deployment",
            "reporting-consumers",
            lambda o: container(o)["resources"].pop("limits"),
            "resource requests and limits",
            id="no-limits",
        ),
        pytest.param(
            "reporting.yaml",
            "Deployment",
            "reporting-api",
            lambda o: container(o)["securityContext"].update(readOnlyRootFilesystem=False),
            "readOnlyRootFilesystem",
            id="rw-root",
        ),
        pytest.param(
            "reporting.yaml",
            "Job",
            "reporting-migrate",
            lambda o: container(o).update(image="ghcr.io/perinatal/financing"),
            "runs the reporting image",
            id="wrong-image",
        ),
        pytest.param(
            "financing.yaml",
            "Deployment",
            "financing-consumers",
            lambda o: container(o)["env"][0].update(value="consumer"),
            "ROLE=consumers",
            id="wrong-role",
        ),
        pytest.param(
            "financing.yaml",
            "ConfigMap",
            "financing-config",
            lambda o: o["data"].update(FINANCING_JWT_ALGORITHMS="RS256,HS256"),
            "JWT_ALGORITHMS=RS256 in production",
            id="hs256-in-production",
        ),
        pytest.param(
            "careteam.yaml",
            "ConfigMap",
            "careteam-config",
            lambda o: o["data"].update(CARETEAM_DATABASE_URL="postgresql+asyncpg://u:p@h:5432/careteam"),
            "secrets come from a Secret",
            id="secret-in-configmap",
        ),
        pytest.param(
            "secrets.template.yaml",
            "Secret",
            "screening-secrets",
            lambda o: o["stringData"].update(SCREENING_PSEUDONYM_KEY="s3cr3t-for-real"),
            "placeholder values only",
            id="real-secret",
        ),
        pytest.param(
            "screening.yaml",
            "Service",
            "screening-api",
            lambda o: o["spec"]["selector"].update({"app.kubernetes.io/component": "relay"}),
            "selects the api pods",
            id="service-selector",
        ),
        pytest.param(
            "screening.yaml",
            "Deployment",
            "screening-api",
            lambda o: o["spec"]["template"]["spec"].pop("enableServiceLinks"),
            "enableServiceLinks",
            id="service-links",
        ),
    ],
)
def test_k8s_broken_variants_fail(
    k8s_base: tuple[dict[str, Any], dict[str, str]],
    rel: str,
    kind: str,
    name: str,
    mutate: Callable[[Any], None],
    expected: str,
) -> None:
    assert_fails(k8s_with(k8s_base, rel, kind, name, mutate), expected)


def test_k8s_unlisted_file_and_missing_job_fail(k8s_base: tuple[dict[str, Any], dict[str, str]]) -> None:
    kustomization, texts = copy.deepcopy(k8s_base)
    kustomization["resources"].remove("reporting.yaml")
    assert_fails(check.check_k8s(kustomization, texts), "lists every YAML file")

    kustomization, texts = copy.deepcopy(k8s_base)
    docs = [d for d in yaml.safe_load_all(texts["financing.yaml"]) if d and d["kind"] != "Job"]
    texts["financing.yaml"] = yaml.safe_dump_all(docs)
    assert_fails(check.check_k8s(kustomization, texts), "financing runs migrate")


# ----------------------------------------------------------------------------------------------------------
# Dockerfile, .dockerignore, entrypoint
# ----------------------------------------------------------------------------------------------------------
DOCKERFILE = (DEPLOY / "Dockerfile").read_text()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("uv sync --frozen --no-dev --package", "uv sync --no-dev --package", "uses --frozen"),
        ("USER 10001:10001", "USER root", "does not run as root"),
        ("COPY shared/ shared/", "COPY . .", "copies only"),
        (
            'RUN pip install --no-cache-dir "uv==${UV_VERSION}"',
            "RUN curl -LsSf https://astral.sh/uv/install.sh | sh",
            "curl",
        ),
        (
            "FROM python:3.11-slim AS runtime\n\nARG SERVICE\n",
            "FROM python:3.11-slim AS runtime\n",
            "declares ARG SERVICE",
        ),
        ("ENV PATH=/app/.venv/bin:$PATH", "ENV PATH=$PATH", "ENV PATH=/app/.venv/bin"),
        ("FROM python:3.11-slim AS runtime", "FROM python:3.12-slim AS runtime", "python:3.11-slim"),
    ],
)
def test_dockerfile_broken_variants_fail(old: str, new: str, expected: str) -> None:
    assert old in DOCKERFILE
    assert_fails(check.check_dockerfile(DOCKERFILE.replace(old, new)), expected)


def test_dockerignore_variants() -> None:
    text = (REPO / ".dockerignore").read_text()
    assert fail_messages(check.check_dockerignore(text)) == []
    assert_fails(check.check_dockerignore(text.replace("**/.venv\n", "")), "excludes .venv")
    assert_fails(check.check_dockerignore(text + "shared\n"), "keeps what the Dockerfile copies")
    assert_fails(check.check_dockerignore(text.replace("!deploy/entrypoint.sh\n", "")), "keeps what")


def _fake_scripts(tmp_path: Path) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for role in check.ROLES:
        script = bin_dir / f"financing-{role}"
        script.write_text(f'#!/bin/sh\necho "financing-{role} $*"\n')
        script.chmod(0o755)
    return {"PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "SERVICE": "financing"}


def _entrypoint(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/bin/sh", str(DEPLOY / "entrypoint.sh"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize("role", ["api", "relay", "consumers", "migrate"])
def test_entrypoint_execs_the_console_script_of_the_role(tmp_path: Path, role: str) -> None:
    env = _fake_scripts(tmp_path)
    by_env = _entrypoint({**env, "ROLE": role})
    assert (by_env.returncode, by_env.stdout.strip()) == (0, f"financing-{role}")
    by_arg = _entrypoint({**env, "ROLE": "api"}, role, "--flag")
    assert (by_arg.returncode, by_arg.stdout.strip()) == (0, f"financing-{role} --flag")


def test_entrypoint_defaults_to_api_and_refuses_nonsense(tmp_path: Path) -> None:
    env = _fake_scripts(tmp_path)
    assert _entrypoint(env).stdout.strip() == "financing-api"
    unknown = _entrypoint({**env, "ROLE": "worker"})
    assert unknown.returncode == 64
    assert "unknown ROLE" in unknown.stderr
    no_service = _entrypoint({"PATH": env["PATH"]})
    assert no_service.returncode == 64
    assert _entrypoint(env, "echo", "debug").stdout.strip() == "debug"


def test_console_scripts_missing_from_a_pyproject_fail(tmp_path: Path) -> None:
    for svc in check.SERVICES:
        src = REPO / "services" / svc
        dst = tmp_path / "services" / svc
        dst.mkdir(parents=True)
        text = (src / "pyproject.toml").read_text()
        if svc == "reporting":
            text = text.replace('reporting-relay = "reporting.cli:relay"\n', "")
        (dst / "pyproject.toml").write_text(text)
        (dst / "src" / svc).mkdir(parents=True)
        (dst / "src" / svc / "cli.py").write_text("")
    assert_fails(check.check_console_scripts(tmp_path), "declares the console script reporting-relay")
