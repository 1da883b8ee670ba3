# The two commands the README promises: `make demo` and `make test`.
# Both work on a fresh machine with python3 and make; each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
DEMO_DB ?= pt-maju-jaya.db

.PHONY: demo test lint typecheck contracts pytest docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(RUNTIME_STAMP)

demo: $(RUNTIME_STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/python examples/quickstart.py sqlite:///$(DEMO_DB)
	$(BIN)/python examples/inventory.py sqlite:///$(DEMO_DB)

test: lint typecheck contracts pytest docs

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Tests, benchmarks and examples: bodies are type-checked, annotations are optional.
# They run in groups because tests/ and tests/storage/ each have a conftest.py, and
# benchmarks/ and examples/ each have an indonesia.py.
LOOSE := --allow-untyped-defs --allow-incomplete-defs --check-untyped-defs --disable-error-code no-untyped-call

typecheck: $(DEV_STAMP)
	$(BIN)/mypy src
	$(BIN)/mypy $(LOOSE) tests --exclude 'tests/storage/'
	MYPYPATH=tests $(BIN)/mypy $(LOOSE) tests/storage
	$(BIN)/mypy $(LOOSE) benchmarks
	$(BIN)/mypy $(LOOSE) examples docs/hooks

contracts: $(DEV_STAMP)
	$(BIN)/lint-imports

pytest: $(DEV_STAMP)
	scripts/with-postgres $(BIN)/pytest

docs: $(DEV_STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir .site

bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/ledger.py
	$(BIN)/python benchmarks/indonesia.py
	$(BIN)/python benchmarks/assets.py
	$(BIN)/python benchmarks/inventory.py

clean:
	rm -rf $(VENV) .site .mypy_cache .pytest_cache .ruff_cache $(DEMO_DB)*
