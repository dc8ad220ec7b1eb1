#!/usr/bin/env bash
# Start the stack, run the benchmarks against their own PostgreSQL database, stop the stack.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export PG_DB=${PG_DB:-peerpath_bench}
bash scripts/stack.sh up || { bash scripts/stack.sh down; exit 1; }
trap 'bash scripts/stack.sh down' EXIT INT TERM
eval "$(bash scripts/stack.sh env)"
export DJANGO_SETTINGS_MODULE=bench.settings
.venv/bin/python bench/run.py
