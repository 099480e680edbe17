# AudioFiler: `make demo` serves the offline app, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Re-install whenever a requirements file changes.
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-train.txt requirements-dev.txt 2>/dev/null | cksum | cut -d' ' -f1)
BUNDLE := frontend/dist/manifest.json
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint format venv frontend setup serve bench clean

demo: setup serve ## install, build the offline catalogue and model, serve on 127.0.0.1:8000

test: venv frontend ## install, lint, check migrations, run every test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run --settings=audiofiler.settings.test
	$(VENV)/bin/pytest

venv: $(STAMP)

$(STAMP): requirements.txt requirements-train.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

frontend: $(BUNDLE)

$(BUNDLE): package.json package-lock.json webpack.config.js $(shell find frontend/src -type f 2>/dev/null)
	npm ci --no-audit --no-fund --loglevel=error
	npm run build

setup: venv frontend ## migrate, import the bundled songs, train the default model, make the demo songs
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py setup_demo

serve:
	@echo "AudioFiler on http://$(HOST):$(PORT)/  (API docs: /api/docs/)"
	$(VENV)/bin/gunicorn audiofiler.wsgi --bind $(HOST):$(PORT) --workers 2 --timeout 120 --access-logfile -

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: venv ## the benchmarks under bench/: each prints a RESULT line, fails on a missed target
	@failed=""; for b in bench/*.py; do \
	  case $$(basename $$b) in _*|make_*) continue;; esac; \
	  echo "== $$b"; $(PY) $$b || failed="$$failed $$b"; \
	done; if [ -n "$$failed" ]; then echo "missed targets:$$failed"; exit 1; fi

clean:
	rm -rf $(VENV) node_modules frontend/dist staticfiles
