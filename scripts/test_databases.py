"""The whole suite's test databases: migrated once, then copied for each process.

Migrating an empty database takes about half a minute here, and every pytest process (two or
more in parallel, then the fault drills) would do it for itself. Instead, ``prepare N``
migrates one database and copies it with ``CREATE DATABASE ... TEMPLATE`` (a tenth of a second)
under each name pytest-django gives N processes: ``test_<name>_gw0`` ... for N parallel ones,
``test_<name>`` for one. The runs reuse their copies (``--reuse-db``). Each ``prepare`` drops the
copies there were first, so every run starts from a freshly migrated database: the fault drills
(``prepare 1``) never see what the run before them left, emptied tables included. ``drop``
removes the copies.

The migrated database itself is kept, labelled with a fingerprint of every migration, the
settings and the locked dependencies (whose migrations count too): the next run on this
machine copies it again without migrating while nothing changed, and migrates afresh when
anything did.

Run by scripts/run-tests.sh with the stack's environment (DATABASE_URL on PostgreSQL).
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
APPS = ("bench", "certification", "cms", "curriculum", "lms")


def _url() -> tuple[str, str]:
    """The maintenance database's URL and the project database's name."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    if not parts.scheme.startswith("postgres"):
        sys.exit("scripts/test_databases.py needs DATABASE_URL on PostgreSQL (the stack's).")
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def fingerprint() -> str:
    """Every migration of ours, the settings and the locked dependencies, as one digest."""
    digest = hashlib.sha256()
    files = sorted(
        [
            *(path for app in APPS for path in (ROOT / app).glob("**/migrations/*.py")),
            *ROOT.glob("cms/settings/*.py"),
            *ROOT.glob("requirements*.lock"),
        ]
    )
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _names(name: str, processes: int) -> list[str]:
    """pytest-django's names: one per pytest-xdist process, or the one of a single process."""
    if processes > 1:
        return [f"test_{name}_gw{number}" for number in range(processes)]
    return [f"test_{name}"]


def _drop_copies(connection: psycopg.Connection, name: str, *, template: bool = False) -> None:
    rows = connection.execute(
        "SELECT datname FROM pg_database WHERE (datname = %s OR datname LIKE %s) "
        "AND (%s OR datname <> %s)",
        [f"test_{name}", f"test\\_{name}\\_%", template, f"test_{name}_template"],
    ).fetchall()
    for (database,) in rows:
        connection.execute(
            sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(database))
        )


def _label(connection: psycopg.Connection, database: str) -> str | None:
    row = connection.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [database],
    ).fetchone()
    return row[0] if row else None


def prepare(processes: int) -> None:
    maintenance, name = _url()
    template = f"test_{name}_template"
    wanted = fingerprint()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        reuse = _label(connection, template) == wanted
        _drop_copies(connection, name, template=not reuse)
        if not reuse:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(template)))
    if not reuse:
        parts = urlsplit(os.environ["DATABASE_URL"])
        environment = {
            **os.environ,
            "DATABASE_URL": urlunsplit(parts._replace(path=f"/{template}")),
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        }
        subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0", "--skip-checks"],
            cwd=ROOT,
            env=environment,
            check=True,
        )
    with psycopg.connect(maintenance, autocommit=True) as connection:
        if not reuse:
            # Labelled only once migrated: an interrupted migration is never copied.
            connection.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(template), sql.Literal(wanted)
                )
            )
        for database in _names(name, processes):
            connection.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(database), sql.Identifier(template)
                )
            )


def drop() -> None:
    maintenance, name = _url()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        _drop_copies(connection, name)


if __name__ == "__main__":
    if sys.argv[1:2] == ["prepare"] and len(sys.argv) == 3:
        prepare(int(sys.argv[2]))
    elif sys.argv[1:] == ["drop"]:
        drop()
    else:
        sys.exit("usage: test_databases.py prepare PROCESSES | drop")
