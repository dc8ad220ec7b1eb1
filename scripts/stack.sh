#!/usr/bin/env bash
# Start or stop the project's own PostgreSQL, Redis, S3 stand-in (moto) and LRS (Ralph) on loopback,
# each with its own data folder and port under $STACK_DIR, and stop them by pid. Default ports
# sit below the kernel's ephemeral range (32768+), so an outgoing connection never holds them.
#
#   scripts/stack.sh up      start what is not running; print nothing else
#   scripts/stack.sh down    stop what up started
#   scripts/stack.sh env     print the environment variables that point the app at the stack
#   scripts/stack.sh stop P  stop one part (pg, redis, s3 or ralph), for fault drills; `up` starts it again
#   scripts/stack.sh restart-pg   restart PostgreSQL in place (its data kept)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STACK_DIR=${STACK_DIR:-$ROOT/.stack}
PG_PORT=${PG_PORT:-25432}
REDIS_PORT=${REDIS_PORT:-26379}
S3_PORT=${S3_PORT:-25900}
RALPH_PORT=${RALPH_PORT:-25950}
RALPH_BIN=${RALPH_BIN:-$ROOT/.venv-ralph/bin}
# The stack's LRS account (loopback only, like every part of the stack).
RALPH_USER=peerpath
RALPH_SECRET=local-stack
PG_DB=${PG_DB:-peerpath}
VENV_BIN=${VENV_BIN:-$ROOT/.venv/bin}
# fsync and friends off: the stack is for tests, demos and benchmarks, never for real records.
PG_OPTIONS="-p $PG_PORT -k $STACK_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

as_postgres() {
    # PostgreSQL refuses to run as root; run its tools as the postgres system user then.
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

wait_for() {
    local what=$1 tries=0
    shift
    until "$@" >/dev/null 2>&1; do
        tries=$((tries + 1))
        if [ $tries -gt 100 ]; then
            echo "$what did not start; see $STACK_DIR/*.log" >&2
            return 1
        fi
        sleep 0.2
    done
}

pg_up() {
    local data=$STACK_DIR/pg
    mkdir -p "$STACK_DIR"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$STACK_DIR"; fi
    if [ ! -f "$data/PG_VERSION" ]; then
        as_postgres "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >"$STACK_DIR/initdb.log"
    fi
    if ! as_postgres "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        as_postgres "$PG_BIN/pg_ctl" -D "$data" -l "$STACK_DIR/postgres.log" -w start -o "$PG_OPTIONS" >/dev/null
    fi
    wait_for PostgreSQL "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT"
    if ! "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$PG_DB'" | grep -q 1; then
        "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DB"
    fi
}

pg_down() {
    local data=$STACK_DIR/pg
    if [ -f "$data/postmaster.pid" ]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    fi
}

redis_up() {
    mkdir -p "$STACK_DIR/redis"
    if [ -f "$STACK_DIR/redis.pid" ] && kill -0 "$(cat "$STACK_DIR/redis.pid")" 2>/dev/null; then
        return
    fi
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save "" --appendonly no \
        --pidfile "$STACK_DIR/redis.pid" --dir "$STACK_DIR/redis" --logfile "$STACK_DIR/redis.log"
    wait_for Redis redis-cli -p "$REDIS_PORT" ping
}

redis_down() {
    if [ -f "$STACK_DIR/redis.pid" ]; then
        kill "$(cat "$STACK_DIR/redis.pid")" 2>/dev/null || true
        rm -f "$STACK_DIR/redis.pid"
    fi
}

s3_up() {
    mkdir -p "$STACK_DIR"
    if [ -f "$STACK_DIR/s3.pid" ] && kill -0 "$(cat "$STACK_DIR/s3.pid")" 2>/dev/null; then
        return
    fi
    nohup "$VENV_BIN/moto_server" -H 127.0.0.1 -p "$S3_PORT" >"$STACK_DIR/s3.log" 2>&1 &
    echo $! >"$STACK_DIR/s3.pid"
    wait_for "S3 server" curl -sf "http://127.0.0.1:$S3_PORT/moto-api/"
}

s3_down() {
    if [ -f "$STACK_DIR/s3.pid" ]; then
        kill "$(cat "$STACK_DIR/s3.pid")" 2>/dev/null || true
        rm -f "$STACK_DIR/s3.pid"
    fi
}

ralph_up() {
    mkdir -p "$STACK_DIR/ralph"
    if [ ! -x "$RALPH_BIN/uvicorn" ]; then
        return  # `make` installs it (.venv-ralph); the stack runs without an LRS until then
    fi
    if [ -f "$STACK_DIR/ralph.pid" ] && kill -0 "$(cat "$STACK_DIR/ralph.pid")" 2>/dev/null; then
        return
    fi
    if [ ! -f "$STACK_DIR/ralph/auth.json" ]; then
        "$RALPH_BIN/python" - "$STACK_DIR/ralph/auth.json" "$RALPH_USER" "$RALPH_SECRET" <<'PY'
import json, sys, bcrypt
path, user, secret = sys.argv[1:]
digest = bcrypt.hashpw(secret.encode(), bcrypt.gensalt(rounds=4)).decode()
entry = {"username": user, "hash": digest, "scopes": ["all"],
         "agent": {"mbox": "mailto:lrs@example.org", "objectType": "Agent"}}
json.dump([entry], open(path, "w"))
PY
    fi
    (
        cd "$STACK_DIR/ralph"
        RALPH_RUNSERVER_BACKEND=fs \
        RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH="$STACK_DIR/ralph/data" \
        RALPH_AUTH_FILE="$STACK_DIR/ralph/auth.json" \
        RALPH_HISTORY_FILE="$STACK_DIR/ralph/history.json" \
        RALPH_RUNSERVER_AUTH_BACKENDS=basic \
        PYTHONPATH="$ROOT/scripts" \
        nohup "$RALPH_BIN/uvicorn" ralph_lrs:app --host 127.0.0.1 --port "$RALPH_PORT" \
            >"$STACK_DIR/ralph.log" 2>&1 &
        echo $! >"$STACK_DIR/ralph.pid"
    )
    mkdir -p "$STACK_DIR/ralph/data"
    wait_for "The LRS (Ralph)" curl -sf "http://127.0.0.1:$RALPH_PORT/__heartbeat__"
}

ralph_down() {
    if [ -f "$STACK_DIR/ralph.pid" ]; then
        local pid
        pid=$(cat "$STACK_DIR/ralph.pid")
        kill "$pid" 2>/dev/null || true
        rm -f "$STACK_DIR/ralph.pid"
        wait_for "The LRS to stop" bash -c "! kill -0 $pid"
    fi
}

print_env() {
    cat <<ENV
export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/$PG_DB
export CELERY_BROKER_URL=redis://127.0.0.1:$REDIS_PORT/0
export CACHE_URL=redis://127.0.0.1:$REDIS_PORT/1
export AWS_STORAGE_BUCKET_NAME=peerpath-media
export AWS_S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
export AWS_ACCESS_KEY_ID=local-stack
export AWS_SECRET_ACCESS_KEY=local-stack
export AWS_S3_REGION_NAME=us-east-1
export PEERPATH_TEST_LRS_URL=http://127.0.0.1:$RALPH_PORT/xAPI/
export PEERPATH_TEST_LRS_KEY=$RALPH_USER
export PEERPATH_TEST_LRS_SECRET=$RALPH_SECRET
ENV
}

case "${1:-}" in
    up) pg_up; redis_up; s3_up; ralph_up ;;
    down) ralph_down; s3_down; redis_down; pg_down ;;
    env) print_env ;;
    stop)
        case "${2:-}" in
            pg) pg_down ;;
            redis) redis_down; wait_for "Redis to stop" bash -c "! redis-cli -p $REDIS_PORT ping" ;;
            s3) s3_down; wait_for "The S3 server to stop" bash -c "! curl -sf http://127.0.0.1:$S3_PORT/moto-api/" ;;
            ralph) ralph_down ;;
            *) echo "usage: $0 stop pg|redis|s3|ralph" >&2; exit 2 ;;
        esac ;;
    restart-pg)
        as_postgres "$PG_BIN/pg_ctl" -D "$STACK_DIR/pg" -l "$STACK_DIR/postgres.log" -m fast -w restart \
            -o "$PG_OPTIONS" >/dev/null
        wait_for PostgreSQL "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" ;;
    *) echo "usage: $0 up|down|env|stop PART|restart-pg" >&2; exit 2 ;;
esac
