"""Credential progress on the staff trainee roster: the bulk evaluator, one call per page.

Staff pick which credential the roster measures against (``?credential=CODE``); by default it is
the credential the viewer's organisations' programs prepare people for most often, or the first
one in effect. The page evaluates only its own people; the CSV evaluates everyone it exports in
the same fixed number of queries (``bulk_evaluation.evaluate_many``).
"""

import datetime
from collections import Counter

from django.core.cache import cache
from django.utils import timezone

from certification.credentials.models import CredentialDefinition
from certification.credentials.selectors import definitions_with_specs_in_effect
from certification.rules.bulk import BulkResult, evaluate_many
from curriculum.models import ProgramCredential
from lms.accounts.models import User
from lms.learning.models import Enrollment


def credential_choices(*, on: datetime.date | None = None) -> list[CredentialDefinition]:
    """The credentials the roster can measure against: those in effect (from the shared cache
    of definitions, which editors' saves refresh)."""
    on = on or timezone.localdate()
    pairs = definitions_with_specs_in_effect(on=on)
    return sorted((definition for definition, _spec in pairs), key=lambda item: item.name)


DEFAULT_CHOICE_SECONDS = 300


def chosen_credential(
    *, viewer: User, viewer_trainees, choices: list[CredentialDefinition], code: str | None
) -> CredentialDefinition | None:
    """The credential asked for by code; else the one the trainees' programs prepare for most
    often; else the first.

    The default is a display choice, not a record, so it is remembered per viewer for a few
    minutes (it reads every enrolment of the viewer's trainees).
    """
    by_code = {definition.code: definition for definition in choices}
    if code in by_code:
        return by_code[code]
    if not by_code:
        return None
    key = f"roster-default-credential:{viewer.pk}"
    targeted = cache.get(key)
    if targeted is None:
        programs = Enrollment.objects.filter(
            user__in=viewer_trainees, program__isnull=False
        ).values("program")
        counts = Counter(
            ProgramCredential.objects.filter(program__in=programs).values_list(
                "credential", flat=True
            )
        )
        targeted = [credential_code for credential_code, _count in counts.most_common()]
        cache.set(key, targeted, DEFAULT_CHOICE_SECONDS)
    for credential_code in targeted:
        if credential_code in by_code:
            return by_code[credential_code]
    return choices[0]


class UnknownCredential(ValueError):
    """A credential code that names no credential in effect."""


def credential_for(
    *, viewer: User, viewer_trainees, code: str | None, strict: bool = False
) -> tuple[list[CredentialDefinition], CredentialDefinition | None]:
    """The choices and the chosen credential for a roster request. With ``strict``, an unknown
    code raises UnknownCredential (the API says so); otherwise the default is used."""
    choices = credential_choices()
    if strict and code and code not in {definition.code for definition in choices}:
        raise UnknownCredential(code)
    chosen = chosen_credential(
        viewer=viewer, viewer_trainees=viewer_trainees, choices=choices, code=code
    )
    return choices, chosen


def progress_for(
    definition: CredentialDefinition | None, people_ids, *, on: datetime.date | None = None
) -> dict[int, BulkResult]:
    """Each person's progress toward ``definition`` (empty when there is none to measure)."""
    people_ids = list(people_ids)
    if definition is None or not people_ids:
        return {}
    on = on or timezone.localdate()
    # The cached spec when there is one (no queries to rebuild it), else the definition's own.
    spec = next(
        (
            spec
            for cached, spec in definitions_with_specs_in_effect(on=on)
            if cached.pk == definition.pk
        ),
        definition,
    )
    return evaluate_many(spec, User.objects.filter(pk__in=people_ids), on)


def attach_progress(rows, definition, *, on: datetime.date | None = None) -> None:
    """Set ``credential_progress`` (a BulkResult or None) on each row of a roster page."""
    results = progress_for(definition, [row.pk for row in rows], on=on)
    for row in rows:
        row.credential_progress = results.get(row.pk)
