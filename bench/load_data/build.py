"""The entry point: build the load set step by step, or find the one already built."""

import time
from collections.abc import Callable
from dataclasses import asdict

from django.db import connection, transaction

from certification.credentials.seed import seed_credential_definitions
from certification.models import AuditEvent
from curriculum.models import CompetencyDomain
from curriculum.starter import seed_starter_program
from curriculum.taxonomy import ICRC_PR
from lms.accounts.models import Organization, User

from .audit_trail import chain_audit_trail, note_chain_head
from .credentials import build_credentials
from .learning import build_learning
from .parameters import BUILD_ACTION, SLUG_PREFIX, LoadParameters, LoadSet, LoadSetMismatch
from .people import build_people
from .practice import build_practice_entries
from .reset import delete_load_data, ensure_reset_allowed
from .state import LoadState
from .supervision import build_agreements, build_sessions


def build_load_data(
    *, reset: bool = False, progress: Callable[[str], None] | None = None, **options
) -> LoadSet:
    """Build the load set for these options, or return the one already built with them.

    Options are the fields of LoadParameters. Raises LoadSetMismatch when a load set with other
    parameters exists and ``reset`` is off, and ResetRefused when ``reset`` is asked for with
    settings that do not allow it (see reset.py).
    """
    parameters = LoadParameters(**options).resolved()
    parameters.validate()
    if reset:
        ensure_reset_allowed()
    say = progress or (lambda message: None)
    started = time.perf_counter()
    existing = recorded_build()
    if existing is None and not reset and load_organizations_exist():
        raise LoadSetMismatch("An unrecorded load set is in the database; reset it first.")
    if existing is not None and not reset:
        recorded = existing.after["parameters"]
        if recorded != asdict(parameters):
            raise LoadSetMismatch(
                f"A load set built with other parameters exists ({recorded}); reset it first."
            )
        return _load_set_from(existing, parameters, created=False)
    with transaction.atomic():
        if reset:
            delete_load_data(progress=say)
        state = LoadState(parameters=parameters, say=say)
        build_event = _build(state)
    if connection.vendor == "postgresql":
        # VACUUM too, as autovacuum would soon: the visibility map lets index-only scans (the
        # bulk evaluation's practice entries) skip the table. VACUUM cannot run inside a
        # transaction (a test's), where ANALYZE alone is done.
        statement = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        say(statement)
        with connection.cursor() as cursor:
            cursor.execute(statement)
    load_set = _load_set_from(build_event, parameters, created=True)
    load_set.seconds = time.perf_counter() - started
    load_set.counts = state.counts
    return load_set


def _build(state: LoadState) -> AuditEvent:
    """The steps in order; each reads what the earlier ones left in `state`."""
    note_chain_head(state)
    state.domains = list(CompetencyDomain.objects.filter(framework=ICRC_PR).order_by("pk"))
    state.step("Curriculum and credential definitions")
    state.program = seed_starter_program()
    seed_credential_definitions()
    state.step("Organisations and people")
    build_people(state)
    state.step("Supervision agreements")
    build_agreements(state)
    parameters = state.parameters
    state.step(f"Practice entries ({parameters.trainees * parameters.entries_per_trainee:,})")
    build_practice_entries(state)
    state.step("Supervision sessions")
    build_sessions(state)
    state.step("Enrolments, lessons, assessments and completions")
    build_learning(state)
    state.step("Credential applications and issued credentials")
    build_credentials(state)
    state.step("Audit trail")
    return chain_audit_trail(state)


def load_organizations_exist() -> bool:
    return Organization.objects.filter(slug__startswith=SLUG_PREFIX).exists()


def recorded_build() -> AuditEvent | None:
    """The event that records the load set in the database, if there is one."""
    if not load_organizations_exist():
        return None
    return AuditEvent.objects.filter(action=BUILD_ACTION).order_by("-pk").first()


def _load_set_from(event: AuditEvent, parameters: LoadParameters, *, created: bool) -> LoadSet:
    handles = event.after["handles"]
    people = User.objects.in_bulk([handles["trainee"], handles["supervisor"], handles["staff"]])
    return LoadSet(
        parameters=parameters,
        created=created,
        trainee=people[handles["trainee"]],
        supervisor=people[handles["supervisor"]],
        staff=people[handles["staff"]],
        module_page_id=handles["module_page_id"],
        verification_code=handles["verification_code"],
    )
