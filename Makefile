# `make run` and `make test` create .venv on first use, so a fresh clone needs only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Workers for `make test`: the suite mostly waits (Textual's Pilot sleeps until the app
# is idle), so more workers than cores pays; 4 measured fastest on 2 cores.
TEST_WORKERS ?= 4

.PHONY: run test lint screenshots bench mutation clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/unknot $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

# Extras for the benches (pyte) and mutation testing (mutmut), installed on first use.
$(VENV)/.bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

$(VENV)/.mutation: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[mutation]'
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check tui tests bench
	$(BIN)/ruff format --check tui tests bench
	$(BIN)/mypy

screenshots: $(STAMP)
	$(BIN)/python screenshots/generate.py

bench: $(VENV)/.bench
	$(BIN)/python bench/startup.py --first-launch
	$(BIN)/python bench/search.py
	$(BIN)/python bench/bytes.py
	$(BIN)/python bench/drift.py
	$(BIN)/python bench/memory.py

# Mutants of tui/core against the core tests (see [tool.mutmut]), then the kill ratio
# per module. Not part of `make test`: it takes a quarter of an hour or more.
mutation: $(VENV)/.mutation
	rm -rf mutants
	UNKNOT_HYPOTHESIS_PROFILE=mutation $(BIN)/mutmut run --max-children 2
	$(BIN)/python bench/mutation.py

clean:
	rm -rf $(VENV) build *.egg-info mutants
