# Zicht — the README's commands. `make run` to try it, `make test` to check it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test bench lint format messages install system-deps services

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Zicht needs Python 3.11; found " + sys.version)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

install: $(INSTALLED)

## Try Zicht: SQLite and a file-based Celery broker under var/, demo data, web + worker + beat.
run: install
	scripts/run-dev.sh

## Everything CI checks: system packages, PostgreSQL + Redis, translations, lint, tests.
test: install system-deps services
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0
	scripts/check-translations.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

## Figures for the hot paths on a region-sized dataset (SCALE=small for a quick run); see docs/benchmarks.md.
bench: install services
	scripts/ensure-system-deps.sh wrk
	scripts/bench.sh

system-deps:
	scripts/ensure-system-deps.sh

services:
	scripts/ensure-services.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Refresh locale/nl after changing UI text; then translate the new entries and compile.
messages: install
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/python manage.py makemessages -l nl --no-location --ignore=.venv --ignore=var --ignore=tests
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/python manage.py compilemessages --ignore=.venv
