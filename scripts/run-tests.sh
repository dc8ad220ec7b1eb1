#!/usr/bin/env bash
# Start the stack, run the whole pytest suite against it, stop what was started (also on failure).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

bash scripts/stack.sh up || { bash scripts/stack.sh down; exit 1; }
trap 'bash scripts/stack.sh down' EXIT INT TERM
eval "$(bash scripts/stack.sh env)"
export DJANGO_SETTINGS_MODULE=cms.settings.test

.venv/bin/pytest "$@"
