# newsfuse: `make demo` installs everything (pinned) and briefs the demo articles;
# it then stores them with an unrelated story and lists the two stories.
# `make test` installs everything plus the test tools and runs the whole test suite.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install install-dev browser bench lint format serve clean

demo: install
	$(BIN)/newsfuse brief examples/raqqa/*.txt
	@echo
	$(BIN)/newsfuse ingest examples --db demo.db
	$(BIN)/newsfuse stories --db demo.db

test: install-dev browser
	$(BIN)/python -m pytest

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/.installed: pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c constraints.txt -e '.[all]'
	$(BIN)/python -m newsfuse.gazetteer
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install -q -c constraints.txt -e '.[all,dev]'
	@touch $@

# Debian's Chromium drives the end-to-end browser tests (Playwright cannot download browsers here).
browser:
	@test -x /usr/bin/chromium || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null)

bench: install-dev
	$(BIN)/python benchmarks/run_all.py

lint: install-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: install-dev
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

serve: install
	$(BIN)/newsfuse ingest examples --db demo.db
	$(BIN)/newsfuse serve --db demo.db

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache test-artifacts
