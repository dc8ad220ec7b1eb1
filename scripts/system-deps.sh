#!/usr/bin/env bash
# Install the system packages the real stack and the test suite need, when they are missing.
# As root this runs apt-get; otherwise it prints the exact command to run and fails.
set -euo pipefail

PACKAGES=(postgresql redis-server chromium poppler-utils gettext libpango-1.0-0 libpangoft2-1.0-0
          libharfbuzz-subset0 fonts-dejavu-core)

missing=()
have_pg_ctl() { compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; }
have_pg_ctl || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v chromium >/dev/null || missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
# makemessages and compilemessages (the Spanish catalogue, `make messages`) run GNU gettext.
command -v msgfmt >/dev/null || missing+=(gettext)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' || missing+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "System packages missing: ${missing[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
    echo "Installed: ${PACKAGES[*]}"
else
    echo "Please run as root:"
    echo "  apt-get update && apt-get install -y ${PACKAGES[*]}"
    exit 1
fi
