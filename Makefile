# Two commands do all the set-up on a fresh machine (see README):
#   make site   install notes-site and build the site from the embedded notes into site/
#   make test   install notes-site with its test tools and run lint, types and every test
# `make serve` is `make site` with MkDocs' live-reloading server instead.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.site

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

site: $(VENV)/.site
	$(BIN)/mkdocs build --strict

serve: $(VENV)/.site
	$(BIN)/mkdocs serve --livereload

lint: $(VENV)/.test
	$(BIN)/ruff check notes_site tests benchmarks
	$(BIN)/mypy

test: $(VENV)/.test node_modules/.installed lint
	$(BIN)/pytest
