# The command index. A fresh machine needs only Python >= 3.12 and make.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MANAGE := $(PY) manage.py
# Local development settings; production sets these in its own environment.
DEV_ENV := DJANGO_DEBUG=1
# The checks run with debug off, as production does, and a test-only key.
CHECK_ENV := DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_SECRET_KEY=test-only-key-not-for-production
PG_URL ?= postgres://postgres@127.0.0.1:5432/relocation
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15

.PHONY: help install run serve migrate seed fixtures lint fmt check test test-sqlite test-postgres bench clean

help:
	@echo "make run       set up everything and serve on http://127.0.0.1:8000"
	@echo "make test      lint, checks and the whole suite (SQLite, then PostgreSQL when it answers)"
	@echo "make install   create .venv with Python >= 3.12 and install the project"
	@echo "make lint      ruff check and format check;  make fmt: apply ruff fixes and formatting"
	@echo "make fixtures  re-export fixtures/starter.json from the database"
	@echo "make seed      load fixtures/starter.json (into an empty database only)"

# Find an interpreter >= 3.12 by running candidates: a pyenv shim can exist and still fail.
define find_python
for c in python3.13 python3.12 python3; do \
  if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
    command -v $$c; exit 0; fi; \
done; \
if command -v pyenv >/dev/null 2>&1; then \
  root=$$(pyenv root); \
  for v in $$(pyenv versions --bare 2>/dev/null | sort -rV); do \
    c="$$root/versions/$$v/bin/python3"; \
    if [ -x "$$c" ] && "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
      echo "$$c"; exit 0; fi; \
  done; \
fi; \
exit 1
endef

$(STAMP): pyproject.toml
	@py="$$($(find_python))" || { echo "error: no Python >= 3.12 found (tried python3.13, python3.12, python3 and pyenv's versions). Install Python 3.12 or newer." >&2; exit 1; }; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  rm -rf $(VENV); echo "Creating $(VENV) with $$py ($$($$py --version))"; "$$py" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(DEV_ENV) $(MANAGE) migrate --noinput

seed: migrate
	$(DEV_ENV) $(MANAGE) load_starter

run: seed
	$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:8000

fixtures: install
	$(DEV_ENV) $(MANAGE) export_fixtures --output fixtures/starter.json

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	$(CHECK_ENV) $(MANAGE) check --fail-level WARNING
	$(CHECK_ENV) $(MANAGE) makemigrations --check --dry-run

# The browser tests (tests/e2e) run here, once, on SQLite; they need Debian's Chromium.
test-sqlite: install
	@echo "== pytest on SQLite"
	@if [ -n "$$CHROMIUM_PATH" ] || command -v chromium >/dev/null 2>&1; then \
	  echo "== browser tests (tests/e2e) included: Chromium found"; \
	else echo "== browser tests (tests/e2e) SKIPPED: Chromium not found (apt-get install chromium, or set CHROMIUM_PATH)"; fi
	env -u DATABASE_URL -u REDIS_URL $(PY) -m pytest -q

# Runs when PostgreSQL answers on 127.0.0.1:5432; REQUIRE_POSTGRES=1 (set by CI) makes its absence an error.
# The cache tests run against Redis in the same pass when Redis answers.
test-postgres: install
	@if $(PY) -c "import psycopg; psycopg.connect('postgresql://postgres@127.0.0.1:5432/postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  redis=""; \
	  if $(PY) -c "import redis; redis.Redis.from_url('$(REDIS_TEST_URL)', socket_connect_timeout=3).ping()" 2>/dev/null; then \
	    redis="REDIS_URL=$(REDIS_TEST_URL)"; echo "== pytest on PostgreSQL, cache on Redis"; \
	  else echo "== pytest on PostgreSQL (Redis not answering: cache tests use the file cache)"; fi; \
	  env $$redis DATABASE_URL=$(PG_URL) $(PY) -m pytest -q -m "not e2e" && echo "postgresql" >> .test-databases; \
	elif [ "$$REQUIRE_POSTGRES" = "1" ]; then \
	  echo "error: PostgreSQL does not answer on 127.0.0.1:5432 and REQUIRE_POSTGRES=1" >&2; exit 1; \
	else echo "== PostgreSQL does not answer on 127.0.0.1:5432: skipped the PostgreSQL run"; fi

test: install lint check
	@rm -f .test-databases
	$(MAKE) --no-print-directory test-sqlite
	@echo "sqlite" >> .test-databases
	$(MAKE) --no-print-directory test-postgres
	@echo "== make test passed on: $$(paste -sd' ' .test-databases)"; rm -f .test-databases

clean:
	rm -rf $(VENV) .cache staticfiles

# The load benchmark (not part of make test or CI): needs wrk (sudo apt-get install wrk).
bench: install
	$(PY) tests/bench/run.py
