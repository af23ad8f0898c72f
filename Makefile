# Two commands on a fresh machine with python3 and make: `make run` and `make test`.
# uv is bootstrapped into .uv/ with pip, then installs the locked stack into .venv/.

UV_VERSION := 0.13.9
UV := .uv/bin/uv
VENV := .venv
STAMP := $(VENV)/.installed

# Prefect keeps its state inside the repo unless the user chose a home for it.
export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export UV_PYTHON_DOWNLOADS := never
# Python writes the bytecode of each module it imports, once: where the environment says
# not to (PYTHONDONTWRITEBYTECODE, set in many container images), every `chronicle`
# process would compile Prefect & co. again (about 3 s). Compiling the whole stack at
# install instead took 28 s of the 60 s a fresh `make run` may take; this way the first
# run compiles what it imports, and `make test` the rest.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: install run test lint serve bench clean

install: $(STAMP)

# uv into .uv/: by the system's pip when it has one (4 s), else through a venv (11 s).
$(UV):
	@rm -rf .uv
	@if python3 -m pip install --quiet --disable-pip-version-check --target .uv/lib \
	     "uv==$(UV_VERSION)" 2>/dev/null; then \
	  mkdir -p .uv/bin && ln -s ../lib/bin/uv $(UV); \
	else \
	  rm -rf .uv && python3 -m venv .uv && \
	  .uv/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"; \
	fi

$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --python python3.11
	touch $(STAMP)

run: install
	$(VENV)/bin/chronicle run seeds

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/python -m pytest -q --numprocesses=auto --maxprocesses=4

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

serve: install
	bash bin/serve

# Corpus size: make bench DOCS=10000; real long-form news: make bench REAL=path/to/t17-dev
DOCS ?= 2000
REAL ?= ../shared/data/t17-dev
bench: install
	$(VENV)/bin/python -m bench.pipeline_bench --docs $(DOCS)
	$(VENV)/bin/python -m bench.real_bench $(REAL)

clean:
	rm -rf warehouse/chronicle.duckdb warehouse/chronicle.duckdb.wal warehouse/charts .prefect bench/out
