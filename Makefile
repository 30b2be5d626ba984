# Two commands on a fresh machine (Python >= 3.11 and make):
#   make run    set up .venv and start the app on http://localhost:8501
#   make test   set up .venv and run the whole suite (ruff, mypy, pytest)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test lint typecheck pytest bench screenshots holidays-data clean

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "followup needs Python 3.11 or newer; set PYTHON=python3.12, for example")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
	  --config-settings editable_mode=compat -e .
	@# bytecode up front: where PYTHONDONTWRITEBYTECODE is set, every start would compile again
	$(BIN)/python -m compileall -q followup
	@touch $(STAMP)

run: install
	$(BIN)/streamlit run app.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest

test: lint typecheck pytest

bench: install
	$(BIN)/python -m bench

# Refresh the README's screenshots (the browser test takes them).
screenshots: install
	FOLLOWUP_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q tests/test_e2e.py

# Rebuild the shipped Indonesian holiday table after upgrading `holidays`.
holidays-data: install
	$(BIN)/python -m followup.business_days > followup/data/closed_days.json.new
	mv followup/data/closed_days.json.new followup/data/closed_days.json

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
