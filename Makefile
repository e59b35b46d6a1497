# Dân Vận — developer commands. Every target works on a fresh clone.
#
#   make run      install, migrate, load the demo data and start the development server
#   make test     lint, type-check, migration check and the test suite (SQLite, then
#                 PostgreSQL when DANVAN_TEST_DATABASE_URL is set)
#   make serve    production configuration locally (gunicorn, DANVAN_PRODUCTION=1)
#
# `make serve` sets DANVAN_SSL_REDIRECT=0 unless you set it: locally there is no TLS in
# front of gunicorn. Behind a TLS proxy in production leave it at its default (1).

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DANVAN := $(BIN)/danvan
SECRET_KEY_FILE := var/secret_key
IDENTITY_KEY_FILE := var/identity_key

GUNICORN_ARGS := danvan.wsgi:application --bind 127.0.0.1:8000 --workers 2 --threads 4 \
	--worker-class gthread --access-logfile -

.PHONY: help install system-deps migrate demo run serve test lint fmt bench clean

help:
	@echo "make run          development server with demo data on http://127.0.0.1:8000"
	@echo "make test         ruff, mypy, migration check, pytest (SQLite, then PostgreSQL"
	@echo "                  when DANVAN_TEST_DATABASE_URL is set)"
	@echo "make serve        production configuration (gunicorn) on http://127.0.0.1:8000"
	@echo "make install      create $(VENV) and install the project with its dev extras"
	@echo "make system-deps  install Debian packages needed by the tests (Chromium,"
	@echo "                  LibreOffice, Tesseract with Vietnamese)"
	@echo "make migrate      apply database migrations"
	@echo "make demo         load the demo data (idempotent)"
	@echo "make lint | fmt   check | fix formatting and lint"
	@echo "make bench        run the benchmarks, if any"
	@echo "make clean        remove collected static files and __pycache__"

# --- environment -------------------------------------------------------------

# Reinstall only when pyproject.toml is newer than the stamp.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

install: $(STAMP)
	@:

system-deps:
	scripts/system-deps.sh chromium libreoffice tesseract

# --- running -----------------------------------------------------------------

migrate: install
	$(DANVAN) migrate --noinput

demo: migrate
	$(DANVAN) load_demo

run: demo
	$(DANVAN) demo_logins
	$(DANVAN) runserver 127.0.0.1:8000

# Generated once, readable only by its owner. Used only when DANVAN_SECRET_KEY is unset.
$(SECRET_KEY_FILE): | install
	@mkdir -p $(dir $@)
	@umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(64))" > $@.tmp
	@chmod 600 $@.tmp && mv $@.tmp $@
	@echo "generated $@"

# The key that encrypts denouncers' identities (Fernet). Losing it loses those identities:
# back it up apart from the database (docs/production.md).
$(IDENTITY_KEY_FILE): | install
	@mkdir -p $(dir $@)
	@umask 077 && $(BIN)/python -c "from cryptography.fernet import Fernet; \
		print(Fernet.generate_key().decode())" > $@.tmp
	@chmod 600 $@.tmp && mv $@.tmp $@
	@echo "generated $@"

serve: install
	@if [ -z "$${DANVAN_SECRET_KEY:-}" ] && [ ! -s $(SECRET_KEY_FILE) ]; then \
		$(MAKE) --no-print-directory $(SECRET_KEY_FILE); \
	fi
	@if [ -z "$${DANVAN_IDENTITY_KEYS:-}" ] && [ ! -s $(IDENTITY_KEY_FILE) ]; then \
		$(MAKE) --no-print-directory $(IDENTITY_KEY_FILE); \
	fi
	@set -e; \
	export DANVAN_PRODUCTION=1; \
	export DANVAN_SECRET_KEY="$${DANVAN_SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}"; \
	export DANVAN_IDENTITY_KEYS="$${DANVAN_IDENTITY_KEYS:-$$(cat $(IDENTITY_KEY_FILE))}"; \
	export DANVAN_SSL_REDIRECT="$${DANVAN_SSL_REDIRECT:-0}"; \
	$(DANVAN) migrate --noinput; \
	$(DANVAN) collectstatic --noinput; \
	echo "serving on http://127.0.0.1:8000 (DANVAN_SSL_REDIRECT=$$DANVAN_SSL_REDIRECT)"; \
	exec $(BIN)/gunicorn $(GUNICORN_ARGS)

# --- quality -----------------------------------------------------------------

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Django commands and pytest get a throw-away DANVAN_VAR_DIR so they never touch var/.
# The SQLite run ignores any DANVAN_DATABASE_URL from the environment.
test: install system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	@set -e; tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	echo "== migrations are up to date =="; \
	env -u DANVAN_DATABASE_URL DANVAN_VAR_DIR="$$tmp/migrations" \
		$(DANVAN) makemigrations --check --dry-run; \
	echo "== tests on SQLite =="; \
	env -u DANVAN_DATABASE_URL DANVAN_VAR_DIR="$$tmp/sqlite" $(BIN)/pytest; \
	if [ -n "$${DANVAN_TEST_DATABASE_URL:-}" ]; then \
		echo "== tests on PostgreSQL =="; \
		DANVAN_DATABASE_URL="$$DANVAN_TEST_DATABASE_URL" DANVAN_VAR_DIR="$$tmp/postgresql" \
			$(BIN)/pytest; \
	else \
		echo "(DANVAN_TEST_DATABASE_URL is not set: skipping the PostgreSQL run)"; \
	fi

bench: install
	@if [ -f bench/__main__.py ] || [ -f bench/__init__.py ]; then \
		$(BIN)/python -m bench; \
	else \
		echo "No benchmarks yet (add a bench/ package with a __main__.py)."; \
	fi

clean:
	rm -rf var/static
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
