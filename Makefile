# Quick start:  make run   (set up .venv, ingest examples/inbox into data/, print a summary)
#               make test  (set up .venv, lint, run the tests)
PY ?= $(shell for p in python3.13 python3.12 python3.11 python3; do command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' && echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
INBOX ?= examples/inbox
DATA ?= data

# Prefect: ephemeral mode, state kept under the project, quiet offline.
export PREFECT_HOME := $(CURDIR)/.prefect
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 120
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
export PREFECT_LOGGING_LEVEL := WARNING

.PHONY: run test lint setup clean-data bench eval schema report screenshot

$(BIN)/.installed: pyproject.toml requirements.lock.txt
	@test -n "$(PY)" || { echo "Python >= 3.11 is needed (python3 --version)"; exit 1; }
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $@

setup: $(BIN)/.installed

run: setup
	$(BIN)/ingest run --inbox $(INBOX) --data $(DATA)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: setup lint
	$(BIN)/pytest -q

schema: setup
	$(BIN)/ingest schema > docs/data_dictionary.md

report: setup
	$(BIN)/ingest report --data $(DATA) --out report.html

# the README's picture of the report (needs Chromium: apt-get install chromium fonts-noto-cjk)
screenshot: report
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=15000 \
	  --window-size=1200,2000 --screenshot=docs/report.png "file://$(CURDIR)/report.html"

bench: setup
	$(BIN)/python benchmarks/bench_clean.py
	$(BIN)/python benchmarks/bench_nlp.py

eval: setup
	$(BIN)/python scripts/eval_conll.py
	$(BIN)/python scripts/eval_msra.py
	$(BIN)/python scripts/eval_tempeval.py
	$(BIN)/python scripts/eval_zh_dates.py
	$(BIN)/python scripts/eval_names.py

clean-data:
	rm -rf $(DATA)/bronze/* $(DATA)/silver/* $(DATA)/gold/*
