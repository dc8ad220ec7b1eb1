"""Charts drawn on the server as SVG: horizontal bars, one per row of a table's total column.

Bars rather than columns so a long label (a domain, a month) sits above its bar and stays
readable at a phone's 360 px; the SVG's coordinates are those of a phone screen and scale up on
wider ones. No JavaScript, no CDN. Each chart has a title and a description (read by screen
readers), the table's text summary under it, and the table itself one click away
(templates/certification/reports/_chart.html). A hidden figure gets no bar and says so.
"""

from dataclasses import dataclass

from django.utils import formats

from certification.reports.tables import Table, hidden_label

WIDTH = 360
LABEL_HEIGHT = 18
BAR_HEIGHT = 18
GAP = 10
VALUE_ROOM = 84  # room right of the longest bar for its number


@dataclass(frozen=True)
class Bar:
    label: str
    label_y: int
    y: int
    width: int
    text: str
    text_x: int
    text_y: int
    hidden: bool


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    width: int
    height: int
    bars: tuple


def bar_chart(table: Table) -> Chart | None:
    """A chart of one column of the table (the total unless it says otherwise), or None."""
    if not table.chart or not table.rows:
        return None
    pairs = table.column_values(table.chart_column)
    largest = max(
        (float(cell.value) for _label, cell in pairs if not cell.hidden and cell.value),
        default=0.0,
    )
    room = WIDTH - VALUE_ROOM
    bars = []
    y = 0
    for label, cell in pairs:
        value = None if cell.hidden else cell.value
        width = int(round(room * float(value) / largest)) if value and largest else 0
        if cell.hidden:
            text = hidden_label(cell)
        else:
            text = formats.number_format(value or 0, force_grouping=True)
        bar_y = y + LABEL_HEIGHT
        bars.append(
            Bar(
                label=str(label),
                label_y=y + 13,
                y=bar_y,
                width=max(width, 2 if value else 0),
                text=text,
                text_x=max(width, 2) + 6,
                text_y=bar_y + 13,
                hidden=cell.hidden,
            )
        )
        y = bar_y + BAR_HEIGHT + GAP
    return Chart(
        key=table.key,
        title=table.title,
        description=table.summary,
        width=WIDTH,
        height=max(y - GAP, 1),
        bars=tuple(bars),
    )
