# Two entry points on a fresh machine with only Python 3 and make:
#   make demo   runs the main job
#   make test   runs every check (ruff check and format, mypy --strict, pytest with doctests)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest docs bench thorough mutation clean messages catalogs

$(STAMP): pyproject.toml requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/dunning demo

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts conftest.py
	$(BIN)/ruff format --check src tests benchmarks scripts conftest.py

typecheck: $(STAMP)
	$(BIN)/mypy --strict src

pytest: $(STAMP)
	HYPOTHESIS_PROFILE=ci $(BIN)/python -m pytest -q
	$(BIN)/python -m pytest -q -p no:logging benchmarks  # smoke tests: --benchmark-disable, nothing timed
	$(BIN)/python -m pytest -q --nbmake docs/notebooks

# The documentation site (mkdocs-material + mkdocstrings), warnings are errors.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

test: lint typecheck pytest docs

# The message catalogs (docs/contributing.md): `make messages` extracts the sentences of the code
# into the template and updates each locale's .po (French is the source language: its catalog is
# filled from the code); translate the new entries of en_GB, then `make catalogs` compiles the .mo
# files shipped in the wheel.  tests/test_i18n.py fails until both are done.
LOCALEDIR := src/dunning_core/locale
POT := $(LOCALEDIR)/dunning_core.pot

messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --add-comments=TRANSLATORS: \
	  --project=dunning-core --copyright-holder="dunning-core developers" -o $(POT) src/dunning_core
	$(BIN)/pybabel update -i $(POT) -d $(LOCALEDIR) -D dunning_core --ignore-obsolete \
	  --no-fuzzy-matching
	$(BIN)/python scripts/french_catalog.py $(LOCALEDIR)/fr_FR/LC_MESSAGES/dunning_core.po

catalogs: $(STAMP)
	$(BIN)/pybabel compile --statistics -d $(LOCALEDIR) -D dunning_core

# Many more hypothesis examples; for local runs, not CI.
thorough: $(STAMP)
	HYPOTHESIS_PROFILE=thorough $(BIN)/python -m pytest -q tests

# Mutation testing of interest.py and terms.py (docs/mutation.md): not part of `make test`.
# Starts afresh, runs mutmut on 2 cores (30 to 90 minutes), then prints the score per module
# without the equivalent mutants of scripts/mutation_equivalents.toml; fails below 85 %.
MUTATION_STAMP := $(VENV)/.mutation-installed

$(MUTATION_STAMP): $(STAMP) requirements-mutation.txt
	$(BIN)/python -m pip install --quiet -r requirements-mutation.txt
	touch $(MUTATION_STAMP)

mutation: $(MUTATION_STAMP)
	rm -rf mutants && mkdir mutants
	HYPOTHESIS_PROFILE=mutation $(BIN)/mutmut run --max-children 2 > mutants/run.log 2>&1 \
		|| { tail -n 40 mutants/run.log; exit 1; }
	$(BIN)/python scripts/mutation_report.py

# Every figure beside its same-run baseline (-s shows the tables the benchmarks print); several
# minutes: 1M and 10M invoices. `make test` runs the same files as smoke tests, nothing timed.
bench: $(STAMP)
	$(BIN)/python -m pytest benchmarks --benchmark-enable --benchmark-only -q -s

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache .hypothesis mutants
