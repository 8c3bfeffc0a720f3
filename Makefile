# `make run` and `make test` create .venv on first use, so a fresh clone needs only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The interpreter .venv is made with, e.g. "3.11.7 /usr": the stamp holds it once the install
# has finished. A .venv made by another interpreter, or whose install stopped half-way (no
# stamp), is made again from scratch; a newer pyproject.toml too.
PYTHON_ID := $(or $(shell $(PYTHON) -c 'import sys; print("%d.%d.%d" % sys.version_info[:3], sys.base_prefix)' 2>/dev/null),unknown)
ifneq ($(PYTHON_ID),$(shell cat $(STAMP) 2>/dev/null))
.PHONY: $(STAMP)
endif

# Workers for `make test`: the suite mostly waits (Textual's Pilot sleeps until the app
# is idle), so more workers than cores pays; 4 measured fastest on 2 cores.
TEST_WORKERS ?= 4

.PHONY: run test lint screenshots bench mutation clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "Unknot needs Python 3.11 or newer, and '$(PYTHON)' is $$($(PYTHON) --version 2>/dev/null || echo 'not found')." >&2; \
	  echo "Name another one, e.g.: make $(or $(MAKECMDGOALS),test) PYTHON=python3.11" >&2; exit 1; }
	rm -rf $(VENV)
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "Could not create $(VENV). On Debian and Ubuntu, install python3-venv first: sudo apt install python3-venv" >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	echo '$(PYTHON_ID)' > $(STAMP)

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
	$(BIN)/python bench/startup.py --history 2000 --runs 30
	$(BIN)/python bench/search.py
	$(BIN)/python bench/bytes.py
	$(BIN)/python bench/drift.py
	$(BIN)/python bench/status.py
	$(BIN)/python bench/memory.py
	$(BIN)/python bench/progress.py

# Mutants of tui/core against the core tests (see [tool.mutmut]), then the kill ratio
# per module. Not part of `make test`: it takes a quarter of an hour or more.
mutation: $(VENV)/.mutation
	rm -rf mutants
	UNKNOT_HYPOTHESIS_PROFILE=mutation $(BIN)/mutmut run --max-children 2
	$(BIN)/python bench/mutation.py

clean:
	rm -rf $(VENV) build *.egg-info mutants
