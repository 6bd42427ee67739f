# Two commands for a new user: `make demo` (set up and serve) and `make test`.
PYTHON ?= $(shell command -v pyenv >/dev/null 2>&1 && pyenv which python3.13 2>/dev/null || command -v python3.13 || echo python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint

STAMP := $(VENV)/.installed

# Reinstall whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py seed_demo
	@# The production server, one process: runserver adds 40-50 ms to every request
	@# (benchmarks/serve.py latency). WhiteNoise serves static files with DEBUG on too.
	BIND=127.0.0.1:8000 $(BIN)/gunicorn -c gunicorn.conf.py

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
