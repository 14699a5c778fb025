# metroscope: the two commands of the README are `make demo` and `make test`.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
VENV := .venv
PY := $(VENV)/bin/python
OUT ?= out

.PHONY: demo test lint bench data setup clean mutate

$(VENV)/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen --compile-bytecode
	@touch $@

setup: $(VENV)/.synced

## demo: install, build the Changchun report and print its summary
demo: setup
	$(VENV)/bin/metroscope demo --out $(OUT)

## test: install, then run the whole test suite on 2 processes (pytest-xdist; JOBS=1 for one)
JOBS ?= 2
test: setup
	$(PY) -m pytest -q -n $(JOBS)

## lint: ruff + mypy (strict for the package)
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

## bench: benchmarks side by side with the peer libraries (see benchmarks/README.md)
bench: setup
	$(PY) benchmarks/run.py

## mutate: mutation testing of one numeric module, MODULE=name (see docs/testing.md; not in CI)
mutate: setup
	@if [ -z "$(MODULE)" ]; then $(PY) tools/mutate.py --list; \
	  echo "usage: make mutate MODULE=<name>"; exit 2; fi
	$(PY) tools/mutate.py $(MODULE)

## data: rebuild the embedded datasets from ../shared/data
data: setup
	$(PY) tools/build_datasets.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache .mutmut
