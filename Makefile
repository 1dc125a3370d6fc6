# kgraph: `make demo` runs the main job on the built-in data; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: install demo test lint format clean bench

$(BIN)/kgraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@

install: $(BIN)/kgraph

demo: install
	@mkdir -p $(OUT)
	$(BIN)/kgraph info
	$(BIN)/kgraph plan kubernetes:HPA --no-progress
	$(BIN)/kgraph audit --top 5
	$(BIN)/kgraph next --top 5 --no-progress
	$(BIN)/kgraph centrality --top 10
	$(BIN)/kgraph export --format json -o $(OUT)/graph.json

test: install
	bash scripts/run-tests

bench: install
	$(BIN)/python -m pip install -q -e '.[bench]'  # igraph, the baseline of benchmark 4b (GPL: bench only)
	$(BIN)/python -m bench

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache build dist *.egg-info
