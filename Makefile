# Keep it Local: everyday commands. `make help` lists them.
# The newest supported Python that really runs (a pyenv shim for a version that
# is not active fails, so each is tried; pyenv's installed versions count too),
# else python3. Supported: 3.11 to 3.13 (pyproject.toml's requires-python).
PYENV_ROOT ?= $(HOME)/.pyenv
PYTHON ?= $(shell for v in 3.13 3.12 3.11; do \
	  for p in python$$v $(PYENV_ROOT)/versions/$$v*/bin/python$$v; do \
	    command -v $$p >/dev/null 2>&1 && $$p -c '' >/dev/null 2>&1 && { command -v $$p; exit 0; }; \
	  done; done; command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run serve test lint format bench load soak mutate lock clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	@touch $@

install: $(VENV)/.installed  ## Create .venv and install the locked dependencies

run: install  ## Set up a working site with demo content and serve it
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content
	$(MANAGE) ensure_admin
	@echo ""
	@echo "  Site:     http://$(HOST):$(PORT)/"
	@echo "  Admin:    http://$(HOST):$(PORT)/admin/"
	@echo "  GraphQL:  http://$(HOST):$(PORT)/graphql/  (GraphiQL in the browser)"
	@echo ""
	$(MANAGE) runserver $(HOST):$(PORT)

serve: install  ## Run as production does: migrate, collectstatic, gunicorn, task worker, outbox
	$(BIN)/python -m core.serve --host $(HOST) --port $(PORT)

test: install  ## Run the test suite (SQLite unless DATABASE_URL is set)
	$(BIN)/pytest

lint: install  ## Check code style
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install  ## Fix code style
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install  ## Run the benchmarks and print ratios against baselines
	$(BIN)/python -m benchmarks

load: install  ## Load-test signing: gunicorn, PostgreSQL and Redis on loopback
	$(BIN)/python -m benchmarks.load

soak: install  ## Soak make serve for 10 minutes (MINUTES=N): errors, latency, memory per worker
	$(BIN)/python -m benchmarks.soak --minutes $(or $(MINUTES),10)

# MUTATE=1: the tests copy a migrated-once SQLite database (tests/mutate_db.py)
# instead of migrating for each mutant. MODULES="pledges.identity cms.graphql"
# tests only those modules and keeps earlier results (and the stats run) in
# mutants/; without MODULES the run starts afresh.
mutate: install  ## Mutation-test the rule-bearing modules and list surviving mutants (slow)
	$(if $(MODULES),,rm -rf mutants)
	env -u DATABASE_URL -u REDIS_URL MUTATE=1 MUTATE_MODULES="$(MODULES)" nice -n 19 $(BIN)/mutmut run --max-children $(or $(JOBS),2) \
		$(foreach module,$(MODULES),"$(module).*")
	@echo ""
	@echo "Surviving mutants (inspect one with: $(BIN)/mutmut show NAME):"
	@$(BIN)/mutmut results

lock:  ## Re-resolve dependencies from pyproject.toml into requirements.lock
	rm -rf $(VENV)-lock && $(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/pip install --quiet --upgrade pip
	$(VENV)-lock/bin/pip install --quiet ".[dev]"
	{ sed -n '1,2p' requirements.lock; $(VENV)-lock/bin/pip freeze --exclude keep-it-local; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf $(VENV)-lock

clean:  ## Remove the virtualenv and local data (database, media)
	rm -rf $(VENV) var
