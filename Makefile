# AudioFiler: `make demo` serves the offline app, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Re-install whenever a requirements file changes.
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-train.txt requirements-dev.txt 2>/dev/null | cksum | cut -d' ' -f1)
BUNDLE := frontend/dist/manifest.json
# collectstatic's manifest (hashed, compressed copies for WhiteNoise), redone when the
# page's bundle changes.
STATIC := staticfiles/staticfiles.json
# npm ci writes this file; its date says when node_modules was last installed.
NODE_MODULES := node_modules/.package-lock.json
# Debian's Chromium, which the browser tests drive (browsers cannot be downloaded).
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint audit format venv frontend chromium setup serve bench clean

demo: setup serve ## install, build the offline catalogue and model, serve on 127.0.0.1:8000

test: venv frontend chromium ## install, lint, check migrations, run every test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run --settings=audiofiler.settings.test
	npm test --silent
	npm run --silent size
	$(VENV)/bin/pytest

venv: $(STAMP)

$(STAMP): requirements.txt requirements-train.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

frontend: $(BUNDLE)

$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(BUNDLE): $(NODE_MODULES) webpack.config.js frontend/babel-options.js $(shell find frontend/src -type f -not -path '*/__tests__/*' 2>/dev/null)
	npm run build

# The browser tests skip without Chromium (and fail under CI=true): install it when
# apt can (as root, or with password-less sudo).
chromium:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	elif command -v apt-get >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	  echo "installing Debian's chromium for the browser tests"; \
	  sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	else \
	  echo "no Chromium at $(CHROMIUM) and no apt to install it: the browser tests will skip"; \
	fi

$(STATIC): $(BUNDLE)
	$(PY) manage.py collectstatic --noinput -v 0

setup: venv frontend $(STATIC) ## migrate, import the bundled songs, train the default model, make the demo songs
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_demo

serve: $(STATIC) ## gunicorn as in production (gunicorn.conf.py), on $(HOST):$(PORT)
	@echo "AudioFiler on http://$(HOST):$(PORT)/  (API docs: /api/docs/)"
	$(VENV)/bin/gunicorn audiofiler.wsgi --config gunicorn.conf.py --bind $(HOST):$(PORT)

lint: venv ## ruff, then the dependency audits (they need the network)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) bin/audit

audit: venv ## pip-audit and npm audit; fails when they find something or cannot run
	$(PY) bin/audit

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
