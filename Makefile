# One entry point. On a fresh machine with Python 3.11+ and make:
#   make run    the whole suite on the embedded defaults (PostgreSQL + tansu), Ctrl-C stops it
#   make test   every test tier (unit, integration on real PostgreSQL, e2e through a real broker)
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.8
UV_HOME := .cache/uv-tool
UV := $(UV_HOME)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
SERVICES := screening careteam financing reporting
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help install chromium run test test-unit test-int test-e2e lint format typecheck contracts token bench clean \
	$(addprefix migrate-,$(SERVICES)) $(addprefix relay-,$(SERVICES)) $(addprefix consumers-,$(SERVICES)) \
	$(addprefix api-,$(SERVICES)) migration deploy-check

help:
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | sort

$(UV):
	$(PYTHON) -m venv $(UV_HOME)
	$(UV_HOME)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) uv.lock pyproject.toml shared/pyproject.toml $(wildcard services/*/pyproject.toml)
	$(UV) sync --frozen --all-packages --python $(PYTHON)
	@touch $@

install: $(VENV)/.synced ## Create the virtual environment with the locked dependencies

run: install ## Run the whole suite on the embedded defaults (Ctrl-C stops everything)
	$(BIN)/python -m shared.devstack

test: install chromium ## Run every test tier (unit, integration, e2e, the dashboard in headless Chromium)
	$(BIN)/pytest

# The dashboard's browser tests drive Debian's Chromium (a test tool's own browser download cannot work on our
# machines). Installed with apt when missing and make runs as root; otherwise the tests say what to install.
chromium:
	@if [ -z "$$REPORTING_TEST_CHROMIUM" ] && ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "chromium is missing: run 'sudo apt-get install chromium' (or set REPORTING_TEST_CHROMIUM)"; \
	  fi; \
	fi

test-unit: install ## Only the pure tests
	$(BIN)/pytest -m unit

test-int: install ## Only the integration tests (real PostgreSQL)
	$(BIN)/pytest -m integration

test-e2e: install chromium ## Only the end-to-end tests (whole stack, real broker, browser)
	$(BIN)/pytest -m e2e

lint: install ## ruff, mypy --strict, import-linter contracts, deploy file checks
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python deploy/check.py

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

contracts: install ## Regenerate the JSON Schemas of every event and the AsyncAPI document
	$(BIN)/python -m shared.events.schemas --write

token: install ## Mint a dev token: make token ROLE=finance_officer [ARGS="--org 100"]
	@$(BIN)/python -m shared.devtoken --role $(or $(ROLE),admin) $(ARGS)

bench: install ## Throughput benchmarks of the event layer (prints figures)
	$(BIN)/python -m bench

migration: install ## Autogenerate a revision: make migration SERVICE=financing MSG="add claims" (needs make run's PostgreSQL)
	$(BIN)/python -m shared.devstack.revision $(SERVICE) "$(MSG)"

deploy-check: install
	$(BIN)/python deploy/check.py

$(addprefix migrate-,$(SERVICES)): migrate-%: install ## Upgrade a service database (uses <SERVICE>_DATABASE_URL)
	$(BIN)/$*-migrate

$(addprefix api-,$(SERVICES)): api-%: install
	$(BIN)/$*-api

$(addprefix relay-,$(SERVICES)): relay-%: install
	$(BIN)/$*-relay

$(addprefix consumers-,$(SERVICES)): consumers-%: install
	$(BIN)/$*-consumers

clean: ## Remove the virtual environment and caches (keeps .data)
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache
