# Two commands: `make run` opens the app, `make test` runs every test. Both set everything up first.
PYTHON ?= python3
# Python writes the bytecode of each module it imports, once: an environment that forbids it
# (PYTHONDONTWRITEBYTECODE) makes every process of the test suite compile pandas, scipy and Streamlit
# again from source, about 5 s each.
unexport PYTHONDONTWRITEBYTECODE
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench validate browser-deps db-deps spark-deps r-deps clean

# --no-compile: Python compiles only the modules it imports, on first use (pyspark alone ships thousands
# of files no test imports); it saves about half a minute of every fresh install.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-compile -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run streamlit_app.py --server.port 8501 --server.headless true

browser-deps:
	@bash scripts/ensure_chromium.sh

db-deps:
	@bash scripts/ensure_postgres.sh

# Spark: pyspark (with Spark Connect) comes from requirements.lock; Java from Debian when missing.
spark-deps:
	@bash scripts/ensure_java.sh

# R (base and pwr) for the validation's live cross-checks.
r-deps:
	@bash scripts/ensure_r.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Three workers on two cores: the browser tests run in two groups (each in one worker with its own server
# and Chromium) that often wait for the page, and a third worker uses that time; the whole suite needs
# about 780 CPU seconds. Four workers measured slower (633 s against 599 s on a clean clone).
test: $(STAMP) browser-deps db-deps spark-deps r-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 3 --dist loadgroup -q

# Benchmarks time a warm install: Python may cache bytecode (with PYTHONDONTWRITEBYTECODE set, every fresh
# process would compile each module it imports again, and whole-process figures would measure that).
bench: export PYTHONDONTWRITEBYTECODE :=
bench: $(STAMP)
	$(BIN)/python benchmarks/sizing.py
	$(BIN)/python benchmarks/readout.py --method t --rows 1000000 10000000 50000000
	$(BIN)/python benchmarks/readout.py --formats parquet --rows 1000000 10000000
	$(BIN)/python benchmarks/assignment.py
	$(BIN)/python benchmarks/monitor.py
	$(BIN)/python benchmarks/spark_readout.py
	$(BIN)/python benchmarks/portfolio.py
	$(BIN)/python benchmarks/first_page.py

# The published validation report: seeded simulation studies and cross-checks (R, statsmodels, scipy).
# The date it prints is that of the last commit changing the validated code (not today), so the same
# code and package versions give the same file, byte for byte.
validate: $(STAMP) r-deps
	$(BIN)/python -m validation --out docs/validation.md

clean:
	rm -rf $(VENV) tests/ui/artifacts/*.png
