"""Small-cell suppression: counts of 1 to 10 people are never shown, and cannot be worked out.

A report line is a set of cells that add up to a total shown beside them (one organisation per
cell and the network's total; one group per cell and everyone). Each cell carries the number of
people behind it. The rules (docs/reports.md, "Small numbers"):

- *primary*: a cell with 1 to 10 people behind it is hidden ("fewer than 11"); so is a total
  with 1 to 10;
- *complementary*: a hidden cell must not be recoverable by subtracting the shown cells from the
  total. Someone who knows these rules knows a primary cell holds 1 to 10 and any other hidden
  cell 0 or 11 and more. So, while some primary cell of a line could hold only one value given
  the shown numbers, the smallest shown cell of the line (people first, then position) is hidden
  too; when no cell is left to hide, the total is hidden.

A hidden cell says only that it is hidden; the complementary ones are marked apart so the page
can say why ("hidden so that a small number cannot be worked out"), never "fewer than 11", which
would be untrue of them. This module is pure: it is handed numbers, it reads nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

SMALLEST_SHOWN = 11


def is_small(people: int) -> bool:
    return 0 < people < SMALLEST_SHOWN


@dataclass(frozen=True)
class Cell:
    """A figure with the number of people behind it (equal to it for a count of people)."""

    value: int | Decimal | None
    people: int
    hidden: bool = False
    complementary: bool = False

    @property
    def shown(self):
        return None if self.hidden else self.value


def count(people: int) -> Cell:
    return Cell(value=people, people=people)


def _achievable(target: int, primaries: int, others: int) -> bool:
    """Whether ``target`` people can be split over ``primaries`` hidden cells of 1 to 10 each
    and ``others`` hidden cells of 0 or at least 11 each."""
    low, high = primaries, primaries * (SMALLEST_SHOWN - 1)
    if low <= target <= high:
        return True
    # The other cells add 0, or together anything from 11 up.
    return others > 0 and target >= low + SMALLEST_SHOWN


def possible_values(line: Sequence[Cell], total: Cell, index: int) -> set[int]:
    """The values a hidden small cell (``index``) of a line could hold, seen by someone who
    knows these rules, the shown cells and the total."""
    if total.hidden:
        # Nothing ties the hidden cells together: each could hold anything from 1 to 10.
        return set(range(1, SMALLEST_SHOWN))
    rest = total.people - sum(other.people for other in line if not other.hidden)
    hidden_others = [other for i, other in enumerate(line) if other.hidden and i != index]
    primaries = sum(1 for other in hidden_others if is_small(other.people))
    others = len(hidden_others) - primaries
    return {
        value for value in range(1, SMALLEST_SHOWN) if _achievable(rest - value, primaries, others)
    }


def _exposed(line: Sequence[Cell], total: Cell) -> bool:
    """Whether some hidden primary cell of the line could hold one value only."""
    return any(
        cell.hidden and is_small(cell.people) and len(possible_values(line, total, i)) < 2
        for i, cell in enumerate(line)
    )


def suppress_line(line: Sequence[Cell], total: Cell) -> tuple[list[Cell], Cell]:
    """The line and its total with small cells hidden and enough others hidden beside them."""
    cells = [replace(cell, hidden=is_small(cell.people)) for cell in line]
    total = replace(total, hidden=is_small(total.people))
    if total.hidden:
        # A hidden total cannot be subtracted from; but with every cell shown it is their sum.
        if cells and not any(cell.hidden for cell in cells):
            smallest = min(
                (i for i, cell in enumerate(cells) if cell.people),
                key=lambda i: cells[i].people,
                default=0,
            )
            cells[smallest] = replace(cells[smallest], hidden=True, complementary=True)
        return cells, total
    while _exposed(cells, total):
        shown = [i for i, cell in enumerate(cells) if not cell.hidden]
        if not shown:
            total = replace(total, hidden=True, complementary=True)
            break
        # The smallest shown cell (a non-zero one first: a hidden zero protects little).
        pick = min(shown, key=lambda i: (cells[i].people == 0, cells[i].people, i))
        cells[pick] = replace(cells[pick], hidden=True, complementary=True)
    return cells, total


def suppress_rows(rows: Sequence[Sequence[Cell]]) -> list[list[Cell]]:
    """Each row's cells with the row's last cell as its total (organisations, then all)."""
    result = []
    for row in rows:
        cells, total = suppress_line(row[:-1], row[-1])
        result.append([*cells, total])
    return result


def suppress_columns(columns_by_row: Sequence[Sequence[Cell]]) -> list[list[Cell]]:
    """Rows of groups with the last row the total of each column (groups, then everyone)."""
    if not columns_by_row:
        return []
    width = len(columns_by_row[0])
    out = [list(row) for row in columns_by_row]
    for column in range(width):
        line = [row[column] for row in columns_by_row[:-1]]
        cells, total = suppress_line(line, columns_by_row[-1][column])
        for i, cell in enumerate(cells):
            out[i][column] = cell
        out[-1][column] = total
    return out
