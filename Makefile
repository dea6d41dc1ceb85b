# Two commands: `make run` (set up, load the demo, start the app) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install install-dev lint check-migrations pytest serve clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "danvan cần Python 3.11 trở lên")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# The PDF's font (package.json) comes from the npm registry; without npm, PDFs say what is missing.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --omit=dev --no-audit --no-fund --loglevel=error; \
	else echo "Cảnh báo: chưa có npm nên chưa cài phông Tinos cho PDF (apt-get install npm)."; fi

install: $(VENV)/.installed node_modules/.package-lock.json
install-dev: $(VENV)/.installed-dev node_modules/.package-lock.json

run: install
	mkdir -p var
	$(BIN)/danvan migrate --noinput
	$(BIN)/danvan demo
	$(MAKE) --no-print-directory serve

# The web server and one background worker beside it; stopping one (Ctrl-C) stops both.
serve:
	@$(BIN)/danvan db_worker --no-reload --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/danvan runserver $(HOST)

test: install-dev lint check-migrations pytest

lint:
	$(BIN)/ruff check danvan
	$(BIN)/ruff format --check danvan
	$(BIN)/mypy danvan

check-migrations:
	$(BIN)/danvan makemigrations --check --dry-run

# One test process per core, each with its own test database; `make test PYTEST_ARGS=…` runs
# what you name instead (e.g. `PYTEST_ARGS="danvan/vi -x"`), in one process.
PYTEST_ARGS ?= -n auto

pytest:
	$(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var/static
