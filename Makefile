# IMIS — one command to run the platform, one to test it. Both bootstrap .venv.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.imis-installed
EDITABLES := -e shared -e testing -e services/gateway -e services/jobs -e services/diaspora -e services/info -e '.[dev]'

.PHONY: install run test contract-fuzz lint typecheck compose-secrets docs-settings bench bench-gateway bench-proxy-clients bench-occupation-search bench-matching bench-info-search bench-diaspora-import bench-search-cost bench-events bench-routes bench-start bench-load-faults clean

install: $(STAMP)

$(STAMP): constraints.txt pyproject.toml shared/pyproject.toml testing/pyproject.toml services/*/pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "IMIS needs Python 3.11+"'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt $(EDITABLES)
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/imis up

# Spread over the cores (pytest-xdist); a module's tests stay on one worker. PYTEST_ARGS= runs serially.
PYTEST_ARGS ?= -n auto --dist loadfile

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The property-based run over the served document for each kind of caller (fuzz/; also in `make test`).
contract-fuzz: $(STAMP)
	$(BIN)/python -m pytest -q -s fuzz

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy shared/src testing/src services/gateway/src services/jobs/src services/diaspora/src services/info/src src

# The secret files docker-compose.yml mounts (deploy/compose/secrets/, git-ignored); keeps existing ones.
compose-secrets: $(STAMP)
	$(BIN)/python deploy/compose/make_secrets.py

# Regenerate the settings tables of docs/operations.md from the Settings classes.
docs-settings: $(STAMP)
	$(BIN)/python scripts/settings_doc.py --write

bench: bench-proxy-clients bench-gateway bench-occupation-search bench-matching bench-info-search bench-diaspora-import bench-search-cost bench-events bench-routes bench-start

bench-proxy-clients: $(STAMP)
	$(BIN)/python bench/proxy_clients.py

bench-gateway: $(STAMP)
	$(BIN)/python bench/gateway.py

bench-occupation-search: $(STAMP)
	$(BIN)/python bench/data/check_titles.py
	$(BIN)/python bench/occupation_search.py --write-docs

bench-matching: $(STAMP)
	$(BIN)/python bench/matching.py

bench-info-search: $(STAMP)
	$(BIN)/python bench/info_search.py

bench-diaspora-import: $(STAMP)
	$(BIN)/python bench/diaspora_import.py

bench-search-cost: $(STAMP)
	$(BIN)/python bench/search_cost.py

bench-events: $(STAMP)
	$(BIN)/python bench/events.py

bench-routes: $(STAMP)
	$(BIN)/python bench/routes.py

bench-start: $(STAMP)
	$(BIN)/python bench/start.py

# Not part of `make bench`: it restarts the machine's PostgreSQL and Redis (bench/README.md).
bench-load-faults: $(STAMP)
	$(BIN)/python bench/load_faults.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
