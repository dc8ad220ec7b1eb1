"""How the parallel run (scripts/run-tests.sh, ``-n N --dist loadscope``) shares tests out.

pytest-django orders the database tests first, then the transactional ones (browser journeys,
the real worker), which end by emptying every table, then those that use no database: no
process may run a database test after a transactional one. The unit handed to a free process
is a **run of consecutive tests of one module** in that order, so:

- a module's tests stay in one process, and a fixture made once per module (a seeded demo, a
  built world, a translated program) is made once, not once in each process;
- a module with both kinds of test is two units, each in its place in the order;
- units go one at a time to whichever process is free, in order, so the browser journeys are
  shared between the processes instead of piling up in one.

xdist's own ``load`` hands out chunks of up to half of what is left (one process got every
browser journey and ran alone for five minutes); its ``loadscope`` keeps a module whole across
kinds and, by default, reorders by size; and ``loadgroup`` cannot mark groups under pytest 9
(pytest-xdist 3.8 sets a node id attribute pytest no longer reads).
"""

from __future__ import annotations

from xdist.scheduler.loadscope import LoadScopeScheduling


def work_units(nodeids: list[str]) -> dict[str, str]:
    """Each test's unit: its module and which run of that module's tests it belongs to."""
    units = {}
    run = 0
    previous = None
    for nodeid in nodeids:
        module = nodeid.split("::", 1)[0]
        if module != previous:
            run += 1
            previous = module
        units[nodeid] = f"{run}:{module}"
    return units


class ModuleRunScheduling(LoadScopeScheduling):
    """xdist's scope scheduling, with a module's runs as scopes, in collection order."""

    def __init__(self, config, log=None):
        super().__init__(config, log)
        self._units: dict[str, str] = {}

    def schedule(self) -> None:
        if not self._units and self.registered_collections:
            self._units = work_units(list(next(iter(self.registered_collections.values()))))
        # Never sorted by size: the order is what keeps database tests before the others.
        self.config.option.loadscopereorder = False
        super().schedule()

    def _split_scope(self, nodeid: str) -> str:
        return self._units.get(nodeid, nodeid)
