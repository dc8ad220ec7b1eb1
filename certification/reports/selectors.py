"""The reports a person may read, as tables: the scope by role, the filters, and a short cache.

Staff read their organisations' own figures; a network reader reads the organisations of their
region, aggregated and suppressed (lms/access.py holds both scopes). A report is computed from
the records in a fixed number of queries (figures.py) and kept for ``CACHE_SECONDS`` per scope,
filters and language: a funder's figures do not need the last minute, and the page says when
they were computed.
"""

import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone, translation

from certification.reports.figures import build_report
from certification.reports.filters import ReportFilter, report_filter
from certification.reports.tables import (
    Table,
    equity_table,
    network_tables,
    staff_tables,
)
from lms import access
from lms.accounts.models import SelfDescription, User

CACHE_SECONDS = 300

STAFF = "staff"
NETWORK = "network"


def organizations_for(user: User, view: str):
    if view == NETWORK:
        return access.network_organizations(user)
    return access.staffed_organizations(user)


@dataclass
class ReportView:
    tables: list
    computed_at: object
    equity: Table | None
    people: int


def filters_as_data(filterset: ReportFilter) -> dict:
    """The valid filters as plain values (stored with an export, used in cache keys)."""
    data = {}
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, ""):
            continue
        if hasattr(value, "slug") and name == "organization":
            data[name] = value.slug
        elif hasattr(value, "pk"):
            data[name] = value.pk
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()
        else:
            data[name] = value
    return data


def report_view(*, view: str, filterset: ReportFilter, fresh: bool = False) -> ReportView:
    """The tables of a valid filterset, from the cache when they are there."""
    scope = filterset.scope()
    key_source = json.dumps(
        [view, scope.organization_ids, filters_as_data(filterset), translation.get_language()],
        sort_keys=True,
        default=str,
    )
    key = "report:" + hashlib.sha256(key_source.encode()).hexdigest()
    if not fresh:
        cached = cache.get(key)
        if cached is not None:
            return cached
    report = build_report(scope)
    tables = network_tables(report) if view == NETWORK else staff_tables(report)
    equity = None
    question = filterset.form.cleaned_data.get("breakdown")
    if question:
        answers = dict(
            SelfDescription.objects.filter(
                user_id__in=[person.person_id for person in report.people]
            ).values_list("user_id", question)
        )
        equity = equity_table(report, question, answers)
    result = ReportView(
        tables=tables, computed_at=report.computed_at, equity=equity, people=len(report.people)
    )
    cache.set(key, result, CACHE_SECONDS)
    return result


def export_tables(export) -> tuple[list[Table], str]:
    """An export's tables, for the organisations the person still may see among those stored."""
    allowed = organizations_for(export.requested_by, export.view).filter(
        pk__in=export.organization_ids
    )
    filterset = report_filter(export.filters, organizations=allowed)
    if not filterset.is_valid():
        filterset = report_filter({}, organizations=allowed)
        filterset.is_valid()
    result = report_view(view=export.view, filterset=filterset, fresh=True)
    tables = list(result.tables) + ([result.equity] if result.equity else [])
    scope = filterset.scope()
    names = ", ".join(organization.name for organization in scope.organizations)
    computed = timezone.localtime(result.computed_at).strftime("%Y-%m-%d %H:%M")
    heading = (
        f"PeerPath · {names} · {scope.start.isoformat()} – {scope.end.isoformat()} · {computed}"
    )
    return tables, heading
