"""CSV exports: the one formula guard, and a streaming response for long lists."""

import csv
from collections.abc import Iterable, Sequence

from django.http import StreamingHttpResponse


def csv_safe(value) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; prefix those with a quote."""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can stream."""

    def write(self, value: str) -> str:
        return value


def streaming_csv_response(
    *, filename: str, header: Sequence, rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """A CSV download written row by row as `rows` is read: memory stays flat for any size.
    Every cell goes through the formula guard."""
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow([csv_safe(cell) for cell in header])
        for row in rows:
            yield writer.writerow([csv_safe(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
