"""The parallel run's units: runs of one module's tests, in the order pytest-django gives."""

from tests.xdist_schedule import work_units


def test_a_modules_consecutive_tests_are_one_unit_and_a_later_run_of_it_another():
    # pytest-django's order: database tests, then transactional ones, then the rest. Module a
    # has both kinds, so its transactional test comes after b's database tests.
    order = [
        "tests/a.py::test_one",
        "tests/a.py::test_two[x]",
        "tests/b.py::Test::test_three",
        "tests/a.py::test_browser_journey",
        "tests/c.py::test_no_database",
    ]
    units = work_units(order)
    assert units["tests/a.py::test_one"] == units["tests/a.py::test_two[x]"]
    assert len(set(units.values())) == 4
    assert units["tests/a.py::test_browser_journey"] != units["tests/a.py::test_one"]
    # Handed out in the order of their first tests.
    first_tests = [order[0], order[2], order[3], order[4]]
    assert list(dict.fromkeys(units.values())) == [units[nodeid] for nodeid in first_tests]
