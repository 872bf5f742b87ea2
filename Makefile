# The only commands a newcomer needs: make run, make test, make bench, make lint.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test test-stress bench lint sample geography translations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Each stamp records that one requirements file is installed; editing the file reinstalls.
$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(VENV)/.runtime $@

run: $(VENV)/.runtime  ## serve the app on the bundled data
	$(BIN)/python -m sprx_map serve --port $(PORT)

# axe-core (accessibility checks in the browser tests) and Lighthouse (the published site's scores, in make
# bench), from the npm registry, pinned by the lock file.
node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

test: $(VENV)/.dev node_modules/.installed  ## every test: unit, app and end-to-end
	$(BIN)/python -m pytest

# The whole suite three times while stress-ng keeps every core busy: a test that passes only on a quiet machine
# fails here (Debian's stress-ng, installed when missing and possible). Each run's summary is printed at the end.
STRESS_RUNS ?= 3
test-stress: $(VENV)/.dev node_modules/.installed  ## every test, three times, with every core kept busy
	@command -v stress-ng >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq stress-ng >/dev/null; }
	@mkdir -p test-artifacts; failed=0; for run in $$(seq $(STRESS_RUNS)); do \
	  stress-ng --cpu 0 --timeout 7200s --quiet & load=$$!; \
	  $(BIN)/python -m pytest -q -p no:cacheprovider > test-artifacts/stress-$$run.log 2>&1 || failed=1; \
	  kill $$load; wait $$load 2>/dev/null; \
	  echo "run $$run: $$(tail -n 1 test-artifacts/stress-$$run.log)"; \
	done; exit $$failed

bench: $(VENV)/.dev node_modules/.installed  ## benchmarks: prints a table, writes bench/results.json
	$(BIN)/python -m bench

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

sample: $(VENV)/.runtime  ## regenerate the illustrative returns
	$(BIN)/python -m sprx_map sample --out data/sample_returns --seed 2017

geography: $(VENV)/.runtime  ## rebuild data/geography from Natural Earth
	$(BIN)/python scripts/build_geography.py

translations: $(VENV)/.runtime  ## add new catalogue keys to the .po files; says what is left to translate
	$(BIN)/python scripts/translations.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache bench/results.json test-artifacts
