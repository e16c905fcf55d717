# The interface of the project: every workflow is one of these targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PAGE ?=
JOBS ?=
ENGINE ?=
IMAGE_SOURCE ?=
PAGE_ARG := $(if $(PAGE),--page $(PAGE))
JOBS_ARG := $(if $(JOBS),-j $(JOBS))
IMAGES_ARGS := $(if $(ENGINE),--engine $(ENGINE)) $(if $(IMAGE_SOURCE),--image-source $(IMAGE_SOURCE))
PYTEST_ARGS ?=
OFFLINE_ZIP ?= build/docker-tutorial-offline.zip

.PHONY: serve build offline record check test lint bench provision clean-engine engine

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

serve: $(BIN)/.installed  ## serve the site at http://127.0.0.1:8000 (no Docker needed)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(BIN)/.installed  ## build the site for the web into site/ (SITE_URL=address), failing on any missing snippet or output
	$(BIN)/mkdocs build --strict

offline: $(BIN)/.installed  ## build the site for reading from the file system, zipped into $(OFFLINE_ZIP)
	PYTHON=$(BIN)/python tools/build-offline.sh $(OFFLINE_ZIP)

engine:  ## make sure a Docker engine answers (installs and starts one when root on Debian)
	tools/ensure-engine.sh

provision: $(BIN)/.installed engine  ## build base, registry, stand-ins and sandbox images
	$(BIN)/recorder provision $(IMAGES_ARGS)

record: $(BIN)/.installed engine  ## run snippets and write their outputs (PAGE=name for one page)
	$(BIN)/recorder record $(PAGE_ARG) $(JOBS_ARG) $(IMAGES_ARGS)

check: $(BIN)/.installed engine  ## rerun snippets and fail on drift from the recorded outputs
	$(BIN)/recorder check $(PAGE_ARG) $(JOBS_ARG) $(IMAGES_ARGS)

lint: $(BIN)/.installed  ## ruff, shellcheck, workflow schema, YAML syntax, recorded outputs as written
	.ci/lint.sh

test: $(BIN)/.installed engine  ## lint, build the site, then unit, integration and browser tests
	.ci/lint.sh
	$(BIN)/mkdocs build --strict --quiet
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(BIN)/.installed engine  ## print speed and memory figures, also written to build/bench.json
	$(BIN)/python -m recorder.bench

clean-engine: $(BIN)/.installed engine  ## remove what finished runs left on the engine, and cached images no container uses
	$(BIN)/recorder clean --all-projects --images
