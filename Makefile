# Two commands on a fresh machine (Python >= 3.11 and make):
#   make run    set up .venv with what the page needs, and start the app on http://localhost:8501
#   make test   set up .venv with the test tools too (and Debian's chromium for the browser
#               test, and postgresql for the history on PostgreSQL), then run the whole suite
#               (ruff, mypy, pytest)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP     := $(VENV)/.dev-installed
CHROMIUM      ?= /usr/bin/chromium

.PHONY: install install-runtime browser postgres run test lint typecheck pytest bench screenshots \
	holidays-data clean

# What the page needs, nothing more: `make run` does not wait for the test tools.
install-runtime: $(RUNTIME_STAMP)

$(RUNTIME_STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "followup needs Python 3.11 or newer; set PYTHON=python3.12, for example")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt
	$(PIP) --no-deps --config-settings editable_mode=compat -e .
	@# bytecode up front: where PYTHONDONTWRITEBYTECODE is set, every start would compile again
	$(BIN)/python -m compileall -q followup
	@touch $(RUNTIME_STAMP)

# The test and benchmark tools on top of the runtime.
install: $(DEV_STAMP)

$(DEV_STAMP): $(RUNTIME_STAMP) requirements-dev.txt
	$(PIP) -r requirements-dev.txt
	@touch $(DEV_STAMP)

# $(call debian_package,TEST,PACKAGE,WHAT): nothing when TEST holds; else Debian's PACKAGE,
# installed when this is root on a machine with apt-get; else one sentence says how.
define debian_package
if $(1); then :; \
elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
  echo "Installing Debian's $(2) for $(3) (apt-get)..."; \
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends $(2) >/dev/null; \
else \
  echo "Debian's $(2) is needed for $(3): run 'sudo apt-get install $(2)', then 'make test' again." >&2; \
  exit 1; \
fi
endef

# The browser test drives Debian's chromium (Playwright's own browser download is not used).
browser:
	@$(call debian_package,[ -x "$(CHROMIUM)" ],chromium,the browser test)

# The history tests also run on a real PostgreSQL server (started by the tests on loopback).
postgres:
	@$(call debian_package,ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1,postgresql,the history tests on PostgreSQL)

# ARGS: extra options for streamlit, e.g. make run ARGS="--server.port 8600"
run: install-runtime
	$(BIN)/streamlit run serve.py $(ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

# No test is skipped silently: a missing browser fails the browser test. The history and desk
# tests then run once more with every history on a real PostgreSQL (tests/stores.py).
pytest: install browser postgres
	FOLLOWUP_REQUIRE_BROWSER=1 FOLLOWUP_REQUIRE_POSTGRES=1 FOLLOWUP_CHROMIUM=$(CHROMIUM) $(BIN)/pytest
	FOLLOWUP_TEST_STORE=postgresql $(BIN)/pytest -q tests/history tests/desk

test: lint typecheck pytest

bench: install browser
	$(BIN)/python -m bench

# Refresh the README's screenshots (the browser tests take them).
screenshots: install browser
	FOLLOWUP_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q tests/browser

# Rebuild the shipped Indonesian holiday table after upgrading `holidays`.
holidays-data: install
	$(BIN)/python -m followup.business_days > followup/data/closed_days.json.new
	mv followup/data/closed_days.json.new followup/data/closed_days.json

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
