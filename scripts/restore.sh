#!/usr/bin/env bash
# make restore BACKUP=backups/<time>: put a backup made by scripts/backup.sh back. The database
# is replaced in one transaction (pg_restore --clean --single-transaction); the buckets (or the
# local media folders) end up holding exactly the backup's files. Stop web, workers and beat
# first; afterwards run `manage.py verify_audit_chain --against-anchors`.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BACKUP=${1:-${BACKUP:-}}
if [ -z "$BACKUP" ] || [ ! -f "$BACKUP/database.dump" ]; then
    echo "usage: make restore BACKUP=backups/<time> (a folder made by make backup)" >&2
    exit 2
fi
if [ -z "${DATABASE_URL:-}" ]; then eval "$(bash scripts/stack.sh env)"; fi
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

"${PG_BIN:+$PG_BIN/}pg_restore" --clean --if-exists --no-owner --no-privileges --single-transaction \
    --exit-on-error --dbname="$DATABASE_URL" "$BACKUP/database.dump"
if [ -n "${AWS_STORAGE_BUCKET_NAME:-}" ]; then
    .venv/bin/python scripts/s3_copy.py load "$BACKUP/s3"
else
    for folder in media private-media; do
        if [ -d "$BACKUP/$folder" ]; then rm -rf "$folder" && cp -a "$BACKUP/$folder" "$folder"; fi
    done
fi
echo "Restored $BACKUP"
