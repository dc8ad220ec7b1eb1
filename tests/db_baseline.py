"""What the migrations load, put back quickly at the start of each transactional test.

A transactional test (a browser journey, the real worker) ends by emptying every table, and
serialized rollback loads the migrated baseline back before the next one: the Wagtail root and
home page, the site, locales, the taxonomy, content types, permissions and groups. Django does
that by deserialising a JSON copy and saving each object one by one, about 0.7 s a test here.

On PostgreSQL this keeps a copy of every table that holds rows once the test database is set
up, in a schema of its own, and puts them back with one ``INSERT ... SELECT`` a table (a
hundredth of a second); the flush that ends such a test deletes the rows of the tables that
hold any instead of truncating all of them. Both need a role that may set
``session_replication_role`` (the stack's own PostgreSQL superuser), so rows go in and out in
any order; anywhere else, Django's way stays.

And autovacuum is off on the test database's tables (``without_autovacuum``), so the planner
never takes a table emptied by rolled-back tests for an empty one.
"""

from django.db import connections, transaction
from django.db.backends.postgresql.creation import DatabaseCreation
from django.db.backends.postgresql.operations import DatabaseOperations

SCHEMA = "test_baseline"

# Database name -> the tables kept, with their columns (generated columns left out).
_KEPT: dict[str, list[tuple[str, str]]] = {}


def _quote(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def keep(alias: str = "default") -> bool:
    """Copy the tables that hold rows into the baseline schema. False where it cannot."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if not row or not row[0]:
            return False
        tables = connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        with transaction.atomic(using=alias):
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SCHEMA}")
            kept = []
            for quoted in tables_with_rows(connection, sorted(tables)):
                cursor.execute(
                    "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass "
                    "AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
                    [f"public.{quoted}"],
                )
                columns = ", ".join(_quote(connection, name) for (name,) in cursor.fetchall())
                cursor.execute(
                    f"CREATE TABLE {SCHEMA}.{quoted} AS SELECT {columns} FROM {quoted}"  # noqa: S608
                )
                kept.append((quoted, columns))
    _KEPT[connection.settings_dict["NAME"]] = kept
    return True


def without_autovacuum(alias: str = "default") -> None:
    """Turn autovacuum off for this test database's tables.

    Every test writes in a transaction rolled back at its end, leaving dead rows; autovacuum
    then analyses such a table and records it as holding no rows at all. The planner believes
    that for every later test, whatever the test has written, and picks plans made for empty
    tables: the bulk evaluation of 60 people took 316 s in one full run instead of 1 s (the same
    after a manual ``ANALYZE`` of the emptied tables: 107 s). Tables never analysed are sized
    from their pages as they are now, which is right for each test."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    statements = [
        f"ALTER TABLE {_quote(connection, table)} SET (autovacuum_enabled = false)"
        for table in tables
    ]
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute(";\n".join(statements))


def put_back(connection) -> None:
    """Fill the kept tables from the copy, replacing what they hold.

    Like Django's own loading, which saves each object over the one with its key, this touches
    only the kept tables: every other table is already empty (the last transactional test's
    flush, or the rollback of every other kind of test). A few rows each, so ``DELETE`` rather
    than ``TRUNCATE``, which costs a new file per table. Foreign keys and triggers wait
    (``session_replication_role``), so the order does not matter."""
    kept = _KEPT[connection.settings_dict["NAME"]]
    statements = []
    for table, columns in kept:
        statements.append(f"DELETE FROM {table}")  # noqa: S608
        statements.append(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {SCHEMA}.{table}"  # noqa: S608
        )
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(";\n".join(statements))


def tables_with_rows(connection, tables) -> list[str]:
    """The tables (quoted) that hold at least one row, found in one query."""
    quoted = [_quote(connection, table) for table in tables]
    probe = " UNION ALL ".join(
        f"SELECT {index} WHERE EXISTS (SELECT 1 FROM {table})"  # noqa: S608
        for index, table in enumerate(quoted)
    )
    with connection.cursor() as cursor:
        cursor.execute(probe)
        return [quoted[index] for (index,) in cursor.fetchall()]


def emptying_statements(connection, tables) -> list[str]:
    """What empties the test database at the end of a transactional test: ``DELETE`` of the
    tables that hold rows, rather than Django's ``TRUNCATE`` of all of them (some 300 here,
    about 0.4 s)."""
    full = tables_with_rows(connection, tables)
    if not full:
        return []
    return [
        "SET LOCAL session_replication_role = replica",
        *(f"DELETE FROM {table}" for table in full),  # noqa: S608
    ]


_django_deserialize = DatabaseCreation.deserialize_db_from_string
_django_sql_flush = DatabaseOperations.sql_flush


def _sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    if reset_sequences or not tables or self.connection.settings_dict["NAME"] not in _KEPT:
        return _django_sql_flush(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
    return emptying_statements(self.connection, tables)


def _deserialize(self, data):
    if self.connection.settings_dict["NAME"] in _KEPT:
        put_back(self.connection)
    else:
        _django_deserialize(self, data)


def install() -> None:
    """Where a copy was kept, serialized rollback puts it back, and the flush after a
    transactional test deletes only what is there."""
    DatabaseCreation.deserialize_db_from_string = _deserialize
    DatabaseOperations.sql_flush = _sql_flush
