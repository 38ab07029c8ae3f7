# FotoStudio: `make run` and `make test` do all the set-up on a machine with Python 3.11+ and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Where `make run` listens: this machine only, unless told otherwise (HOST=0.0.0.0 make run).
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed
# Translations: the .po catalogues are committed; their .mo files are generated (git-ignored), with Python only.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
MAKEMESSAGES_IGNORE := --ignore=.venv --ignore='.pgdata*' --ignore=tests --ignore=node_modules \
	--ignore=staticfiles --ignore=media --ignore=htmlcov --ignore=scripts

.PHONY: run test install translations messages lint migrations-check deploy-check clean-db openapi load

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(STAMP)
	$(BIN)/python scripts/compile_translations.py $<

translations: $(MO_FILES)

# Refresh the English catalogue from the code (needs GNU gettext: apt-get install gettext), then translate
# the new entries in locale/en/LC_MESSAGES/django.po. The Spanish one only holds django-unfold's strings.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l en --no-obsolete --add-location=file $(MAKEMESSAGES_IGNORE)

run: $(STAMP) $(MO_FILES)
	$(BIN)/python manage.py bootstrap --port $(PORT)
	$(BIN)/python manage.py rundev $(HOST):$(PORT)

# The suite runs in parallel, one process per core (pytest-xdist; each has its own test database);
# PYTEST_WORKERS=0 runs it in this process only.
PYTEST_WORKERS ?= auto
test: $(STAMP) $(MO_FILES)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup --cov --cov-report=term $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

migrations-check: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run

deploy-check: $(STAMP)
	DJANGO_SETTINGS_MODULE=fotostudio.settings.production SECRET_KEY=$$(openssl rand -hex 32 2>/dev/null || echo ci-dummy-secret-key-0123456789abcdefghijklmnopqrstuvwxyz) \
	DATABASE_URL=$${DATABASE_URL:-postgres://ci:ci@127.0.0.1:5432/ci} ALLOWED_HOSTS=example.com NUM_PROXIES=1 \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

clean-db:
	rm -rf .pgdata

openapi: $(STAMP)
	$(BIN)/python manage.py openapi

# The frontend's traffic against gunicorn with production settings (tests/load/run.py): 50 users for 60 s,
# then requests/s, p50/p95/p99 and errors. LOAD_ARGS="--users 100 --seconds 120" to change them.
load: $(STAMP) $(MO_FILES)
	$(BIN)/python -m pip install --quiet -r requirements-load.txt
	$(BIN)/python tests/load/run.py $(LOAD_ARGS)
