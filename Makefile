# The two set-up commands: `make run` serves the registry, `make test` runs the whole suite.
VENV := .venv
PYTHON := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lock serve nginx-conf

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

# Production: nginx in front of gunicorn (the one production entry point). nginx listens on
# LISTEN, buffers slow clients, serves the static files from STATIC_ROOT and passes complete
# requests to gunicorn on BIND, which believes nginx's X-Forwarded-For (TRUSTED_PROXIES: nginx's
# address as gunicorn sees it). Set DATABASE_URL (PostgreSQL), REDIS_URL for a shared cache, and
# HTTPS=false only when serving plain HTTP on loopback. gunicorn and nginx stop together: when
# either exits (or on Ctrl-C) the other is stopped, so no half of the site is left running.
LISTEN ?= 127.0.0.1:8080
BIND ?= 127.0.0.1:8000
# Scale-out: the gunicorn servers nginx spreads requests over, a space-separated list of
# addresses (each sharing DATABASE_URL and REDIS_URL); `make serve` starts the one on BIND.
UPSTREAMS ?= $(BIND)
STATIC_ROOT ?= $(CURDIR)/var/static
NGINX_PREFIX ?= $(CURDIR)/var/nginx
TRUSTED_PROXIES ?= 127.0.0.1
# The address clients reach the site at: the whole downloads' links carry it, and their files
# are built for it before gunicorn starts (config/downloads.py).
ORIGIN ?= $(if $(SECURE_SSL_HOST),https://$(SECURE_SSL_HOST),http://$(LISTEN))
PRODUCTION := DJANGO_SETTINGS_MODULE=config.settings.production STATIC_ROOT=$(STATIC_ROOT)

serve: SHELL := /bin/bash
serve: $(VENV)/.base nginx-conf
	$(PRODUCTION) $(PYTHON) manage.py collectstatic --no-input -v0
	$(PRODUCTION) $(PYTHON) manage.py migrate --no-input
	$(PRODUCTION) REBUILD_AFTER_CHANGE=false $(PYTHON) manage.py load_registry  # build_downloads follows
	$(PRODUCTION) $(PYTHON) manage.py build_downloads --origin $(ORIGIN)
	$(PRODUCTION) BIND=$(BIND) TRUSTED_PROXIES=$(TRUSTED_PROXIES) $(VENV)/bin/gunicorn -c config/gunicorn.py & \
	nginx -p $(NGINX_PREFIX) -c $(NGINX_PREFIX)/nginx.conf -e stderr -g 'daemon off;' & \
	trap 'trap - EXIT INT TERM; kill $$(jobs -p) 2>/dev/null; wait' EXIT INT TERM; \
	wait -n; status=$$?; echo "make serve: gunicorn or nginx exited ($$status); stopping the other." >&2; \
	exit $$status

# Render config/nginx.conf.template into NGINX_PREFIX (its pid, logs and temporary files live
# there too) and check it. Readable by nginx's workers, which run as nobody when started as root.
# TLS_CERT and TLS_KEY (PEM files) make it terminate TLS on TLS_LISTEN as well; then set
# SECURE_SSL_HOST (host[:port] clients reach over https) for the redirect from plain HTTP.
TLS_LISTEN ?= 443
nginx-conf:
	@if [ -n "$(TLS_CERT)" ] && [ -z "$(SECURE_SSL_HOST)" ]; then \
	  echo "TLS_CERT is set: set SECURE_SSL_HOST too, the host[:port] clients reach over https" \
	    "(plain-HTTP requests are redirected there, never to a port a client sent)." >&2; exit 2; fi
	mkdir -p -m 755 $(NGINX_PREFIX)/logs $(NGINX_PREFIX)/tmp
	if [ -n "$(TLS_CERT)" ]; then \
	  printf 'listen %s ssl;\nssl_certificate %s;\nssl_certificate_key %s;\nssl_protocols TLSv1.2 TLSv1.3;\n' \
	    '$(TLS_LISTEN)' '$(abspath $(TLS_CERT))' '$(abspath $(TLS_KEY))'; \
	fi > $(NGINX_PREFIX)/tls.conf
	sed -e 's|@LISTEN@|$(LISTEN)|g' -e 's|@UPSTREAMS@|$(foreach server,$(UPSTREAMS),server $(server);)|g' \
	    -e 's|@STATIC_ROOT@|$(abspath $(STATIC_ROOT))|g' -e 's|@PREFIX@|$(abspath $(NGINX_PREFIX))|g' \
	    config/nginx.conf.template > $(NGINX_PREFIX)/nginx.conf
	nginx -q -t -p $(NGINX_PREFIX) -c $(NGINX_PREFIX)/nginx.conf -e stderr

# Re-lock after editing requirements/*.in (needs uv: `pip install uv`).
lock:
	cd requirements && uv pip compile --python-version 3.11 --generate-hashes base.in -o base.txt
	cd requirements && uv pip compile --python-version 3.11 --generate-hashes dev.in -o dev.txt
	cd requirements && uv pip compile --python-version 3.11 --generate-hashes bench.in -o bench.txt
