# The two set-up commands: `make run` serves the registry, `make test` runs the whole suite.
VENV := .venv
PYTHON := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lock serve

$(VENV)/.base: requirements/base.txt
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PIP) install --quiet --require-hashes -r requirements/base.txt
	touch $@

$(VENV)/.dev: $(VENV)/.base requirements/dev.txt
	$(PIP) install --quiet --require-hashes -r requirements/base.txt -r requirements/dev.txt
	touch $@

# A failing registry check never stops the site: run prints the failures (/quality/ lists them too).
run: $(VENV)/.base
	$(PYTHON) manage.py migrate --no-input
	$(PYTHON) manage.py load_registry
	$(PYTHON) manage.py check_registry || echo "Serving anyway; the failures are listed at http://$(HOST):$(PORT)/quality/"
	$(PYTHON) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PYTHON) manage.py makemigrations --check --dry-run
	$(PYTHON) -m pytest

# Production: gunicorn with several workers, production settings (DEBUG off, SECRET_KEY required),
# static files through WhiteNoise. Set DATABASE_URL (PostgreSQL), REDIS_URL for a shared cache,
# and HTTPS=false only when serving plain HTTP on loopback.
serve: $(VENV)/.base
	DJANGO_SETTINGS_MODULE=config.settings.production $(PYTHON) manage.py collectstatic --no-input -v0
	DJANGO_SETTINGS_MODULE=config.settings.production $(PYTHON) manage.py migrate --no-input
	DJANGO_SETTINGS_MODULE=config.settings.production $(PYTHON) manage.py load_registry
	DJANGO_SETTINGS_MODULE=config.settings.production $(VENV)/bin/gunicorn -c config/gunicorn.py

# Re-lock after editing requirements/*.in (needs uv: `pip install uv`).
lock:
	cd requirements && uv pip compile --python-version 3.11 --generate-hashes base.in -o base.txt
	cd requirements && uv pip compile --python-version 3.11 --generate-hashes dev.in -o dev.txt
	cd requirements && uv pip compile --python-version 3.11 --generate-hashes bench.in -o bench.txt
