#!/usr/bin/env bash
# make backup: the database (pg_dump, custom format) and every object of the S3 buckets (or the
# local media folders) into one folder, BACKUP_DIR/<UTC time>/. Prints the folder's path.
#
# Uses DATABASE_URL and the AWS_* variables when set (production); otherwise the local stack's.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [ -z "${DATABASE_URL:-}" ]; then eval "$(bash scripts/stack.sh env)"; fi
case "$DATABASE_URL" in
    postgres://*|postgresql://*) ;;
    *) echo "make backup needs PostgreSQL (DATABASE_URL); the SQLite demo is a file: copy it." >&2; exit 2 ;;
esac
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
BACKUP_DIR=${BACKUP_DIR:-$ROOT/backups}
TARGET="$BACKUP_DIR/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$TARGET"
chmod 700 "$BACKUP_DIR" "$TARGET"  # private uploads and personal records: keep them private

"${PG_BIN:+$PG_BIN/}pg_dump" --format=custom --no-owner --no-privileges --file="$TARGET/database.dump" "$DATABASE_URL"
if [ -n "${AWS_STORAGE_BUCKET_NAME:-}" ]; then
    .venv/bin/python scripts/s3_copy.py save "$TARGET/s3" >&2
else
    for folder in media private-media; do
        if [ -d "$folder" ]; then cp -a "$folder" "$TARGET/$folder"; fi
    done
fi
echo "$TARGET"
