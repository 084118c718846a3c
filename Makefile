# Get Online North Tyneside. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATABASE_URL ?= sqlite:///$(CURDIR)/var/inclusion.sqlite3
export DATABASE_URL
PLAYWRIGHT_BROWSERS_PATH := $(CURDIR)/var/playwright
export PLAYWRIGHT_BROWSERS_PATH
BABEL_KEYWORDS := -k _ -k _l -k lazy_gettext -k pgettext:1c,2

.PHONY: help run test test-cluster install install-dev chromium migrate demo \
	messages lint assets assets-check bench bench-load clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
		awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project and its dev tools

migrate: install ## Bring the database schema up to date
	$(BIN)/inclusion db upgrade

demo: migrate ## Load the demo places, sessions and staff accounts (safe to repeat)
	$(BIN)/inclusion demo load --quiet

run: demo ## Set up everything and serve http://127.0.0.1:8000 (outbox worker inside)
	INCLUSION_RUN_WORKER_IN_APP=1 $(BIN)/inclusion serve --host 127.0.0.1 --port 8000

chromium: ## Install Debian's Chromium for the browser tests (when root)
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Browser tests need Chromium: run 'sudo apt-get install chromium' (they are skipped until then)."; \
	fi

test: install chromium ## Run every test: unit, integration (SQLite, PostgreSQL), browser
	$(BIN)/pytest --ignore=tests/cluster $(PYTEST_ARGS)

test-cluster: install ## Two app instances and a worker on PostgreSQL and Redis; fault tests
	$(BIN)/pytest tests/cluster $(PYTEST_ARGS)

messages: install ## Extract messages.pot and update every locale's .po file
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --no-location --sort-output \
		--project="Get Online North Tyneside" --copyright-holder="North Tyneside Council" \
		-o locales/messages.pot . >/dev/null
	$(BIN)/pybabel update -i locales/messages.pot -d locales --no-wrap --no-fuzzy-matching --ignore-obsolete

lint: install ## ruff: lint and formatting of the code, tests and benchmarks
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

assets: ## Rebuild static/app.css and static/htmx.min.js (needs Node and npm)
	bash src/inclusion/web/frontend/build.sh

assets-check: assets ## Fail when the committed static files differ from a rebuild
	git diff --exit-code -- static/

bench: install ## Print the finder benchmark (SQLite, and PostgreSQL when reachable)
	$(BIN)/python bench/finder.py

bench-load: install ## Load test the two-instance cluster (PostgreSQL, Redis) for 60 s; see docs/performance.md
	$(BIN)/pip install --quiet -e '.[dev,load]'
	$(BIN)/python bench/load.py $(LOAD_ARGS)

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) var
