"""Fast inserts: COPY on PostgreSQL for the largest tables, bulk_create elsewhere."""

from collections.abc import Callable, Iterable

from django.db import connection, models

from .parameters import BATCH_SIZE


def copy_rows(
    model: type[models.Model],
    columns: list[str],
    rows: Iterable[tuple],
    *,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Insert plain rows (attribute names in `columns`); COPY on PostgreSQL, else bulk_create."""
    count = 0
    if connection.vendor != "postgresql":
        batch = []
        for row in rows:
            batch.append(model(**dict(zip(columns, row, strict=True))))
            count += 1
            if len(batch) == BATCH_SIZE:
                model.objects.bulk_create(batch)
                batch = []
        model.objects.bulk_create(batch)
        return count
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(
        connection.ops.quote_name(model._meta.get_field(name.removesuffix("_id")).column)
        if name.endswith("_id")
        else connection.ops.quote_name(model._meta.get_field(name).column)
        for name in columns
    )
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {table} ({names}) FROM STDIN"  # noqa: S608 - names come from the model
        ) as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
            if progress and count % 100_000 == 0:
                progress(f"  {count:,} rows")
    return count
