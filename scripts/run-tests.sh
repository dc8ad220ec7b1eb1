#!/usr/bin/env bash
# Start the stack, run the whole pytest suite against it, stop what was started (also on failure).
#
# With no arguments, in two parts: everything but the fault drills in parallel processes, one per
# CPU (pytest-xdist; each has its own test database and cache), then the fault drills alone, as
# they stop and start the parts of the stack every process shares. PEERPATH_TEST_PROCESSES sets
# the number of processes of the first part (1: this one process; at most 8 by default, each
# with a Redis database of its own of the 16 Redis has). With arguments, one pytest run with
# exactly those (creating its own test database, or reusing one with --reuse-db).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

bash scripts/stack.sh up || { bash scripts/stack.sh down; exit 1; }
trap 'bash scripts/stack.sh down' EXIT INT TERM
eval "$(bash scripts/stack.sh env)"
export DJANGO_SETTINGS_MODULE=cms.settings.test

if [ "$#" -gt 0 ]; then
    .venv/bin/pytest "$@"
    exit $?
fi

CPUS=$(nproc)
PROCESSES=${PEERPATH_TEST_PROCESSES:-$(( CPUS < 8 ? CPUS : 8 ))}
# Each run's test databases: migrated once and copied for every process, which then reuses its
# copy (--reuse-db) instead of migrating for half a minute (scripts/test_databases.py).
.venv/bin/python scripts/test_databases.py prepare "$PROCESSES" || exit 1
if [ "$PROCESSES" -gt 1 ]; then
    # Shared out in pytest-django's order (database tests, then transactional ones, which empty
    # the tables, then the rest), one run of a module's tests at a time to whichever process is
    # free: tests/xdist_schedule.py, which --dist loadscope selects (tests/conftest.py).
    .venv/bin/pytest -n "$PROCESSES" --dist loadscope -m "not fault" --reuse-db
else
    .venv/bin/pytest -m "not fault" --reuse-db
fi
first=$?
# A fresh copy for the drills: the run above ended by emptying its copies' tables.
.venv/bin/python scripts/test_databases.py prepare 1 || exit 1
.venv/bin/pytest -m fault --reuse-db
second=$?
.venv/bin/python scripts/test_databases.py drop
[ "$first" -eq 0 ] && [ "$second" -eq 0 ]
