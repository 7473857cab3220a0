# The two commands of the README: `make demo` and `make test`. Each sets up .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test test-pyarrow lint bench build dist docs docs-pictures clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(BIN)/.installed
	rm -rf out && mkdir -p out
	$(BIN)/efh-xl refresh workbook/efh_grille.xlsm --output out
	$(BIN)/efh-xl summary out/efh_grille.xlsm

test: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The suite again with pyarrow installed, as in Anaconda: pandas then stores text in pyarrow
# arrays. A second venv, so that .venv stays what CI installs.
ARROW := .venv-arrow

$(ARROW)/bin/.installed: pyproject.toml
	$(PYTHON) -m venv $(ARROW)
	$(ARROW)/bin/python -m pip install --quiet --upgrade pip
	$(ARROW)/bin/python -m pip install --quiet -e '.[test]' pyarrow
	touch $@

test-pyarrow: $(ARROW)/bin/.installed
	$(ARROW)/bin/python -m pytest

build: $(BIN)/.installed
	SOURCE_DATE_EPOCH=1767225600 $(BIN)/efh-xl build --force workbook/efh_grille.xlsm

# The consolidation's fastest floor reads with fastexcel, which needs pyarrow: a venv of its
# own, so that pyarrow does not change pandas in the one measured (benchmarks/fastest_floor.py).
# Without it (no package index) the benchmark says so and compares with python-calamine only.
FLOOR_VENV := .venv-floor

$(FLOOR_VENV)/.installed:
	$(PYTHON) -m venv $(FLOOR_VENV)
	$(FLOOR_VENV)/bin/python -m pip install --quiet 'fastexcel==0.21.0' 'pyarrow>=14' \
		|| echo "fastexcel not installed: the consolidation benchmark will say so"
	touch $@

# Each script prints its figures and rewrites benchmarks/README.md from benchmarks/results/.
bench: $(BIN)/.installed $(FLOOR_VENV)/.installed
	$(BIN)/python benchmarks/evaluate.py
	$(BIN)/python benchmarks/evaluate_list.py
	$(BIN)/python benchmarks/refresh.py
	$(BIN)/python benchmarks/consolidate.py
	$(BIN)/python benchmarks/startup.py

dist: $(BIN)/.installed
	$(BIN)/python tools/release.py dist

# Generated references (tests fail when they drift).
docs: $(BIN)/.installed
	$(BIN)/python docs/cli_reference.py
	$(BIN)/python docs/api_reference.py

docs-pictures: $(BIN)/.installed
	$(BIN)/python docs/render_pictures.py

clean:
	rm -rf $(VENV) $(FLOOR_VENV) $(ARROW) out .pytest_cache .ruff_cache
