"""Reads of credential definitions, shaped for the rules engine (fixed query counts)."""

import datetime

from django.db.models import Prefetch, QuerySet

from .credential_models import CredentialDefinition, CredentialRequirement
from .rules import CredentialSpec


def _with_requirements(queryset: QuerySet[CredentialDefinition]) -> QuerySet:
    return queryset.prefetch_related(
        Prefetch(
            "requirements",
            queryset=CredentialRequirement.objects.select_related(
                "domain", "topic", "cap_topic", "subset_topic", "module"
            ).order_by("sort_order", "pk"),
        )
    )


def definitions_in_effect(
    *, on: datetime.date, codes: list[str] | None = None
) -> list[CredentialDefinition]:
    """Active versions in effect on a day (one per code: the highest version wins if two
    overlap), requirements loaded: two queries, whatever the number of definitions."""
    queryset = CredentialDefinition.objects.in_effect_on(on)
    if codes is not None:
        queryset = queryset.filter(code__in=codes)
    newest: dict[str, CredentialDefinition] = {}
    for definition in _with_requirements(queryset.order_by("code", "version")):
        newest[definition.code] = definition
    return list(newest.values())


def specs_in_effect(*, on: datetime.date, codes: list[str] | None = None) -> list[CredentialSpec]:
    """The same, as plain specs for ``rules.evaluate`` (e.g. "what if" against every
    credential). Prerequisite names add one query per definition that has prerequisites."""
    return [definition.as_spec() for definition in definitions_in_effect(on=on, codes=codes)]
