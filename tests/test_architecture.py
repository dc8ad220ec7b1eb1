"""The architecture, where import-linter's contracts (pyproject.toml, `make lint`) cannot say it.

The contracts check the direction between apps and sub-packages. Sub-packages of certification
still lean on each other (docs/architecture.md), so "no cycles" between modules anywhere is
checked here: a module never reaches itself through its imports, not even through an import
inside a function.
"""

from django.conf import settings

import grimp
import pytest

from cms.celery import app as celery_app

PACKAGES = ("certification", "lms", "curriculum", "cms")


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def _cycles(graph) -> list[tuple[str, ...]]:
    """Each cycle once, as its shortest chain ``a -> b -> ... -> a``."""
    found: dict[frozenset, tuple[str, ...]] = {}
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                cycle = (module, *back)
                found.setdefault(frozenset(cycle), cycle)
    return sorted(found.values())


def test_no_module_imports_itself_through_other_modules(graph):
    cycles = [" -> ".join(cycle) for cycle in _cycles(graph)]
    assert not cycles, "Import cycles (break them, see docs/architecture.md):\n" + "\n".join(cycles)


def test_the_cycle_check_names_a_cycle_it_is_shown(graph):
    graph.add_import(importer="curriculum.taxonomy", imported="curriculum.terms")
    try:
        assert ("curriculum.taxonomy", "curriculum.terms", "curriculum.taxonomy") in _cycles(
            graph
        ) or ("curriculum.terms", "curriculum.taxonomy", "curriculum.terms") in _cycles(graph)
    finally:
        graph.remove_import(importer="curriculum.taxonomy", imported="curriculum.terms")


# Tasks live beside the services that queue them; their names stay the ones queued messages and
# the beat schedule (stored in the database by django-celery-beat) already use.
TASKS_QUEUED_BY_SERVICES = {
    "lms.tasks.send_invitation_email",
    "lms.tasks.send_module_completion_email",
    "lms.tasks.send_learning_reminder",
    "certification.tasks.build_application_packet",
    "certification.tasks.notify_entry_reviewed",
    "certification.tasks.notify_session_recorded",
}


def test_the_worker_finds_every_task_under_the_name_it_was_queued_with():
    celery_app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    missing = sorted((scheduled | TASKS_QUEUED_BY_SERVICES) - set(celery_app.tasks))
    assert not missing, f"No task registered under {missing}"
