# PeerPath: `make run` serves the demo, `make test` runs the whole suite. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
INSTALLED := $(VENV)/.installed
NODE_INSTALLED := node_modules/.installed
# Ralph, the Learning Record Store the test stack runs (its own virtualenv: FastAPI and pydantic
# have no business in the app's).
RALPH_INSTALLED := .venv-ralph/.installed
# Workbox, served from our own static files (no CDN): copied from node_modules, with the source
# maps its files name (collectstatic's manifest storage follows those references).
VENDOR := static/vendor/.copied
HOST ?= 127.0.0.1
PORT ?= 8000
# `make stack NODES=2`: two web nodes (on PORT and PORT+1) and two workers, one beat.
NODES ?= 1

.PHONY: help install run test test-fast stack stack-up stack-down lint format lock bench clean messages backup restore

help:
	@echo "make run     serve the demo on http://$(HOST):$(PORT) (SQLite, eager tasks, local files)"
	@echo "make test    start PostgreSQL, Redis and the S3 server, run the whole suite, stop them"
	@echo "make stack   gunicorn + Celery worker + beat against PostgreSQL, Redis and S3 (NODES=2: two of each)"
	@echo "make lint    ruff, import-linter's contracts (pyproject.toml) and makemigrations --check"
	@echo "make bench   the benchmarks in bench/"
	@echo "make backup  the database and the files into backups/<time>/; make restore BACKUP=that folder"
	@echo "make messages  extract new strings into locale/es and compile the catalogues"

$(INSTALLED): requirements-dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip 2>&1 | { grep -v "is ignored" || true; }
	$(PY) -m pip install --quiet -r requirements-dev.lock 2>&1 | { grep -v "is ignored" || true; }
	$(PY) -m pip check
	@touch $@

install: $(INSTALLED)

$(RALPH_INSTALLED): requirements-ralph.lock
	@test -x .venv-ralph/bin/python || $(PYTHON) -m venv .venv-ralph
	.venv-ralph/bin/python -m pip install --quiet --no-deps -r requirements-ralph.lock 2>&1 | { grep -v "is ignored" || true; }
	@touch $@

$(NODE_INSTALLED): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

$(VENDOR): $(NODE_INSTALLED)
	rm -rf static/vendor && mkdir -p static/vendor/workbox
	cp node_modules/workbox-sw/build/workbox-sw.js* static/vendor/workbox/
	for module in core routing strategies expiration cacheable-response; do \
	  cp node_modules/workbox-$$module/build/workbox-$$module.prod.js* static/vendor/workbox/; done
	mkdir -p static/vendor/scorm-again
	cp node_modules/scorm-again/dist/scorm-again.min.js* static/vendor/scorm-again/
	mkdir -p static/vendor/h5p-standalone
	cp -r node_modules/h5p-standalone/dist/main.bundle.js node_modules/h5p-standalone/dist/frame.bundle.js \
	  node_modules/h5p-standalone/dist/styles node_modules/h5p-standalone/dist/fonts \
	  node_modules/h5p-standalone/dist/images node_modules/h5p-standalone/LICENSE static/vendor/h5p-standalone/
	@touch $@

run: install $(VENDOR)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "PeerPath is starting on http://$(HOST):$(PORT)/ (stop with Ctrl-C)"
	PEERPATH_BASE_URL=http://$(HOST):$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

test: install $(NODE_INSTALLED) $(VENDOR) $(RALPH_INSTALLED)
	bash scripts/system-deps.sh
	bash scripts/run-tests.sh $(PYTEST_ARGS)

# Quick loop for developers: the stack must already be up (scripts/stack.sh up). Each run starts
# from a fresh copy of the migrated test database (scripts/test_databases.py).
test-fast: install
	eval "$$(bash scripts/stack.sh env)" && $(BIN)/python scripts/test_databases.py prepare 1 && \
	  $(BIN)/pytest -x -q --reuse-db -m "not browser and not fault" $(PYTEST_ARGS)

stack: install $(VENDOR) $(RALPH_INSTALLED)
	bash scripts/system-deps.sh
	bash scripts/stack.sh up
	eval "$$(bash scripts/stack.sh env)" && export DJANGO_SETTINGS_MODULE=cms.settings.dev \
	  DJANGO_DEBUG=true PEERPATH_REQUIRE_MFA_FOR_PRIVILEGED_ROLES=false && \
	  $(PY) manage.py migrate --noinput && $(PY) manage.py collectstatic --noinput -v0 && \
	  $(PY) manage.py seed_demo && $(BIN)/python scripts/ensure_bucket.py && \
	  $(BIN)/honcho start --port $(PORT) --concurrency web=$(NODES),worker=$(NODES); \
	  status=$$?; bash scripts/stack.sh down; exit $$status

# Database and files into backups/<time>/ (docs/operations.md, "Backups and restore").
backup: install
	bash scripts/backup.sh

restore: install
	bash scripts/restore.sh "$(BACKUP)"

stack-up:
	bash scripts/stack.sh up

stack-down:
	bash scripts/stack.sh down

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the lock files from requirements*.in in fresh virtual environments.
lock:
	rm -rf /tmp/peerpath-lock && $(PYTHON) -m venv /tmp/peerpath-lock
	/tmp/peerpath-lock/bin/pip install --quiet -r requirements.in
	/tmp/peerpath-lock/bin/pip freeze --exclude-editable | sort -f > requirements.lock
	/tmp/peerpath-lock/bin/pip install --quiet -r requirements-dev.in
	/tmp/peerpath-lock/bin/pip freeze --exclude-editable | sort -f > requirements-dev.lock

# The Spanish catalogue: pick up new and changed strings of templates and Python (msgmerge marks
# changed ones fuzzy), then compile. Translate what `tests/test_translations.py` lists, then run
# this again. docs/translating.md tells the whole routine.
MESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench \
	--ignore=staticfiles --ignore=media --ignore=private-media --ignore=.stack
messages: install
	bash scripts/system-deps.sh
	$(PY) manage.py makemessages -l es --no-obsolete --add-location=file $(MESSAGES_IGNORE)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

bench: install $(VENDOR)
	bash scripts/system-deps.sh
	bash scripts/run-bench.sh

clean:
	rm -rf $(VENV) .venv-ralph node_modules .stack staticfiles db.sqlite3
