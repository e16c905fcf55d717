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
SEED ?=
PYTEST := $(BIN)/pytest -p no:cacheprovider
# The engine, site and browser tiers mostly wait on Docker: this many workers share the cores.
WORKERS ?= 3
PARALLEL := -n $(WORKERS) --dist loadgroup
OFFLINE_ZIP ?= build/docker-tutorial-offline.zip

.PHONY: serve build offline record check test unit engine-tests site-tests browser-tests stability lint bench provision clean-engine engine

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

unit: $(BIN)/.installed  ## the unit tier: no engine, browser or network, in seconds (what pre-commit runs)
	$(PYTEST) tests/unit $(PYTEST_ARGS)

engine-tests: $(BIN)/.installed engine  ## the engine tier: the recorder against the real engine, with small pages
	$(PYTEST) $(PARALLEL) tests/engine $(PYTEST_ARGS)

site-tests: $(BIN)/.installed engine  ## the site tier: the tutorial's own pages against the engine
	$(PYTEST) $(PARALLEL) tests/site $(PYTEST_ARGS)

browser-tests: $(BIN)/.installed  ## the browser tier: the built site in headless Chromium
	$(PYTEST) tests/browser $(PYTEST_ARGS)

stability: $(BIN)/.installed engine  ## the full soak: 10 whole-site checks, 30 signal trials, a stopped bootstrap (SEED=n)
	$(PYTEST) tests/stability --soak full $(if $(SEED),--signal-seed $(SEED)) $(PYTEST_ARGS)

test: $(BIN)/.installed engine  ## lint, strict build, every tier, and a light soak (3 checks, 10 signal trials)
	.ci/lint.sh
	$(BIN)/mkdocs build --strict --quiet
	$(PYTEST) tests/unit $(PYTEST_ARGS)
	$(PYTEST) $(PARALLEL) tests/engine tests/site tests/browser $(PYTEST_ARGS)
	$(PYTEST) tests/stability --soak light $(if $(SEED),--signal-seed $(SEED)) $(PYTEST_ARGS)

bench: $(BIN)/.installed engine  ## print speed and memory figures, also written to build/bench.json
	$(BIN)/python tools/recorder_dev/bench.py

clean-engine: $(BIN)/.installed engine  ## remove what finished runs left on the engine, and cached images no container uses
	$(BIN)/recorder clean --all-projects --images
