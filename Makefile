# Two entry points (see README.md): `make run` and `make test`.
# Both create .venv with python3 and install careerbot and its tools into it.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck bench eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

## Run the bot: every platform with a token, or console chat when none is configured.
run: $(STAMP)
	$(BIN)/careerbot run

## The whole test suite: lint, format check, types, import contract, tests.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/core.py

## Free-text understanding on the labelled questions (one JSON line; see bench/eval/README.md).
eval: $(STAMP)
	$(BIN)/python bench/eval.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache build dist
