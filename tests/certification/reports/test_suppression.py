"""Small-cell suppression: no count of 1 to 10 is shown, and none can be worked out by
subtracting the shown cells from a total (certification/reports/suppression.py).

The attacker here is written apart from the module: it tries every assignment of the hidden
cells that fits what an onlooker knows (the shown numbers, the total, and the rules: a primary
hidden cell holds 1 to 10, any other 0 or at least 11) and lists the values each small cell
could hold. Every small cell must keep at least two.
"""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from certification.reports.suppression import count, suppress_columns, suppress_line

LIMIT = 40


def _domain(cell, bound):
    if 0 < cell.people < 11:
        return range(1, 11)
    return [value for value in range(0, bound + 1) if value == 0 or value >= 11]


def brute_force_values(cells, total) -> dict[int, set[int]]:
    """For each hidden small cell, every value it could hold given what is shown."""
    hidden = [i for i, cell in enumerate(cells) if cell.hidden]
    shown_sum = sum(cell.people for cell in cells if not cell.hidden)
    bound = (total.people if not total.hidden else LIMIT * len(cells)) - shown_sum
    domains = [_domain(cells[i], max(bound, 0)) for i in hidden]
    total_domain = (
        [total.people]
        if not total.hidden
        else [
            v for v in range(0, LIMIT * len(cells) + 1) if (0 < total.people < 11) == (0 < v < 11)
        ]
    )
    possible = {i: set() for i in hidden if 0 < cells[i].people < 11}
    for values in itertools.product(*domains):
        whole = shown_sum + sum(values)
        if whole not in total_domain:
            continue
        for i, value in zip(hidden, values, strict=True):
            if i in possible:
                possible[i].add(value)
    return possible


lines = st.lists(st.integers(min_value=0, max_value=LIMIT), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(lines)
def test_no_small_cell_is_shown_or_can_be_worked_out(values):
    cells, total = suppress_line([count(v) for v in values], count(sum(values)))
    for cell in cells:
        if 0 < cell.people < 11:
            assert cell.hidden
    if 0 < total.people < 11:
        assert total.hidden
    for index, possible in brute_force_values(cells, total).items():
        assert len(possible) >= 2, (values, index, possible)
        assert cells[index].people in possible


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=30), min_size=3, max_size=3),
        min_size=1,
        max_size=3,
    )
)
def test_a_table_of_groups_is_protected_column_by_column(groups):
    totals = [sum(column) for column in zip(*groups, strict=True)]
    table = suppress_columns([[count(v) for v in row] for row in [*groups, totals]])
    for column in range(3):
        line = [row[column] for row in table[:-1]]
        for possible in brute_force_values(line, table[-1][column]).values():
            assert len(possible) >= 2


def test_large_numbers_are_shown_as_they_are():
    cells, total = suppress_line([count(12), count(40), count(0)], count(52))
    assert [cell.hidden for cell in cells] == [False, False, False]
    assert not total.hidden


def test_one_small_cell_takes_the_smallest_other_with_it():
    cells, total = suppress_line([count(4), count(30), count(18)], count(52))
    assert [cell.hidden for cell in cells] == [True, False, True]
    assert cells[2].complementary and not cells[0].complementary
    assert not total.hidden


def test_two_small_cells_that_must_both_be_one_are_protected_by_a_third():
    # 1 + 1 = 2: two hidden cells alone would each have to be 1.
    cells, _total = suppress_line([count(1), count(1), count(40)], count(42))
    assert all(cell.hidden for cell in cells)
