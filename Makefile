# Two entry points (see README.md): `make run` and `make test`.
# Both create .venv with python3 and install careerbot and its tools into it.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck bench eval charts clean

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
	$(BIN)/python bench/pictures.py

## Free-text understanding on the labelled questions (one JSON line; see bench/eval/README.md).
eval: $(STAMP)
	$(BIN)/python bench/eval.py

## The charts Telegram and Discord show, as PNGs in docs/pictures/ (committed, for reviewers).
## The Spanish and Russian roadmaps carry two checklist marks, as a user who ticked them sees it.
CHART_ROLE ?= nlp-engineer
CHART_DONE ?= programming,machine-learning
CHARTS     := docs/pictures
charts: $(STAMP)
	mkdir -p $(CHARTS)
	$(BIN)/careerbot chart salary --out $(CHARTS)/salary.png
	$(BIN)/careerbot chart salary --language es --out $(CHARTS)/salary-es.png
	$(BIN)/careerbot chart salary --language ru --out $(CHARTS)/salary-ru.png
	$(BIN)/careerbot chart salary --role $(CHART_ROLE) --out $(CHARTS)/salary-$(CHART_ROLE).png
	$(BIN)/careerbot chart roadmap --role $(CHART_ROLE) --out $(CHARTS)/roadmap-$(CHART_ROLE).png
	$(BIN)/careerbot chart roadmap --role $(CHART_ROLE) --language es --done $(CHART_DONE) \
		--out $(CHARTS)/roadmap-$(CHART_ROLE)-es.png
	$(BIN)/careerbot chart roadmap --role $(CHART_ROLE) --language ru --done $(CHART_DONE) \
		--out $(CHARTS)/roadmap-$(CHART_ROLE)-ru.png

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache build dist
