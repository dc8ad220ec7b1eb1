"""A large, realistic data set for benchmarks, built with bulk inserts.

`build_load_data()` (and `manage.py generate_load_data` with bench.settings, which calls it)
writes organisations, trainees, supervisors and staff, signed supervision agreements, years of
practice hours with a realistic mix of statuses, supervision sessions, enrolments, module
completions with their frozen hour snapshots, assessment attempts, credential applications and
issued credentials. One module per step, run in this order by `build.py`:

    people.py        organisations, people, memberships
    supervision.py   signed agreements; supervision sessions
    practice.py      practice entries (COPY), audit events of the recent sign-offs
    learning.py      cohorts, enrolments, lesson progress, passed attempts, completions
    credentials.py   applications with the engine's evaluation, issued credentials
    audit_trail.py   the load's events chained after the current head, and the build event

and beside them `parameters.py` (what is asked for, what comes back), `vocabulary.py` (names,
texts and mixes), `state.py` (what the steps share), `inserts.py` (COPY), `reset.py` (removing
a load set; refuses with production settings).

Why bulk inserts and not the services: half a million practice entries through
`practice_entry_approve()` would take hours. Rows are written the way the services would leave
them, and where a service owns a rule the rows come from its own constructor: completions and
their frozen hours from `lms.learning.services` (`module_completion_build`,
`completion_hours_build`), issued credentials (validity from the definition) from
`certification.issuance.services.issued_credential_build`. The audit trail gets a realistic,
smaller set of events with a valid hash chain:

- one event per supervision agreement (``agreement.seed``, as the demo writes);
- one ``practice.approve`` event per entry signed off in the last 90 days (older sign-offs have
  no event of their own: the bulk load skips them to stay fast);
- one ``credential.issue`` event per issued credential;
- a final ``load_data.build`` event that records the parameters, the handles the benchmark needs
  and where the chain stood before the load (so ``reset`` can remove the load's events and leave
  a chain that `verify_audit_chain` still accepts).

A load set is marked by organisation slugs starting with ``load-``. Building again with the same
parameters finds the recorded event and returns at once; other parameters need ``reset=True``.

Nothing in the product (cms, curriculum, lms, certification) imports this package.
"""

from .build import build_load_data, recorded_build
from .parameters import DEFAULT_SEED, LoadParameters, LoadSet, LoadSetMismatch
from .reset import ResetRefused, delete_load_data, ensure_reset_allowed

__all__ = [
    "DEFAULT_SEED",
    "LoadParameters",
    "LoadSet",
    "LoadSetMismatch",
    "ResetRefused",
    "build_load_data",
    "delete_load_data",
    "ensure_reset_allowed",
    "recorded_build",
]
