"""A report as tables: what the page, its charts, the exports and the API all show.

``staff_tables`` gives an organisation's own figures (one column: their staff already see each
trainee on the roster). ``network_tables`` gives the same figures side by side per
organisation and in total, every small number hidden with suppression.py. ``equity_table``
breaks the pipeline down by one self-description question, always suppressed: staff never see
one person's answers.
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification.reports.figures import STAGES, Report, median_days
from certification.reports.suppression import (
    Cell,
    count,
    suppress_columns,
    suppress_rows,
)
from certification.rules.kinds import TrainingModality
from lms.accounts.models import SelfDescription

HUNDREDTH = Decimal("0.01")
TENTH = Decimal("0.1")


@dataclass
class Row:
    label: str
    cells: list  # of Cell
    key: str = ""


@dataclass
class Table:
    key: str
    title: str
    summary: str
    columns: list  # headers of the cells (the row header's is ``row_header``)
    rows: list
    row_header: str = ""
    unit: str = ""  # "people", "hours", "days", "percent", "entries"
    chart: bool = True
    chart_column: int = -1  # which column the chart draws (the total by default)
    notes: list = field(default_factory=list)

    def column_values(self, index: int) -> list:
        return [(row.label, row.cells[index]) for row in self.rows]


def _hours(value) -> Decimal:
    return Decimal(value or 0).quantize(HUNDREDTH)


def _month_label(day: datetime.date) -> str:
    return formats.date_format(day, "YEAR_MONTH_FORMAT")


def _plain(value) -> Cell:
    """A figure shown as it is (staff's own figures)."""
    return Cell(value=value, people=0)


# ------------------------------------------------------------------------------
# The parts every view shares
# ------------------------------------------------------------------------------
def _pipeline_counts(report: Report, organization_ids: list[int]) -> list[list[Cell]]:
    """Rows per stage (and stalled): one cell per organisation, then the total."""
    rows = []
    for stage in range(len(STAGES)):
        per = defaultdict(int)
        for person in report.people:
            if person.reached[stage]:
                per[person.organization_id] += 1
        rows.append([count(per[pk]) for pk in organization_ids] + [count(sum(per.values()))])
    stalled = defaultdict(int)
    for person in report.people:
        if person.stalled:
            stalled[person.organization_id] += 1
    rows.append([count(stalled[pk]) for pk in organization_ids] + [count(sum(stalled.values()))])
    return rows


def _stage_labels() -> list[str]:
    return [str(label) for _key, label in STAGES]


def _median_cell(people: list, stage: int, *, guard: bool) -> Cell:
    with_both = [
        person
        for person in people
        if person.dates[stage] is not None and person.dates[stage - 1] is not None
    ]
    value = median_days(people, stage)
    value = Decimal(str(value)).quantize(TENTH) if value is not None else None
    hidden = guard and 0 < len(with_both) < 11
    return Cell(value=value, people=len(with_both), hidden=hidden)


def _hours_rows(rows, organization_ids, *, labels=None) -> tuple[list[str], list[list[Cell]]]:
    """Hours per label: one cell per organisation then the total, each with its people."""
    hours = defaultdict(lambda: defaultdict(Decimal))
    people = defaultdict(lambda: defaultdict(set))
    for organization, _month, label, total, person in rows:
        hours[label][organization] += total
        people[label][organization].add(person)
    names = labels or sorted(hours)
    out = []
    for label in names:
        cells = [
            Cell(value=_hours(hours[label][pk]), people=len(people[label][pk]))
            for pk in organization_ids
        ]
        everyone = set().union(*people[label].values()) if people[label] else set()
        cells.append(Cell(value=_hours(sum(hours[label].values())), people=len(everyone)))
        out.append(cells)
    return names, out


def _modality_label(value: str) -> str:
    try:
        return str(TrainingModality(value).label)
    except ValueError:
        return value


def _months(report: Report) -> list[datetime.date]:
    first = report.scope.start.replace(day=1)
    months = []
    while first <= report.scope.end:
        months.append(first)
        first = (first + datetime.timedelta(days=32)).replace(day=1)
    return months


def _monthly(report: Report) -> tuple[list[str], list[Cell]]:
    hours = defaultdict(Decimal)
    people = defaultdict(set)
    for _organization, month, _label, total, person in report.hours["modality"]:
        key = month.replace(day=1)
        hours[key] += total
        people[key].add(person)
    months = _months(report)
    return [_month_label(month) for month in months], [
        Cell(value=_hours(hours[month]), people=len(people[month])) for month in months
    ]


def _supervision_by_organization(report: Report, organization_ids) -> list[list[Cell]]:
    waiting = defaultdict(int)
    for organization, _supervisor, _name, entries in report.supervision["waiting"]:
        waiting[organization] += entries
    decided = defaultdict(list)
    decided_people = defaultdict(set)
    for organization, _reviewer, _name, returned, hours, trainee in report.supervision["decided"]:
        decided[organization].append((returned, hours))
        decided_people[organization].add(trainee)

    def medians(items) -> Decimal | None:
        return (
            Decimal(str(statistics.median(h for _r, h in items))).quantize(TENTH) if items else None
        )

    def share(items) -> Decimal | None:
        return (
            (Decimal(sum(1 for r, _h in items if r)) * 100 / len(items)).quantize(TENTH)
            if items
            else None
        )

    everyone = [item for pk in organization_ids for item in decided[pk]]
    everyone_people = set().union(*decided_people.values()) if decided_people else set()
    rows = [
        [Cell(waiting[pk], waiting[pk]) for pk in organization_ids]
        + [Cell(sum(waiting.values()), sum(waiting.values()))],
        [Cell(len(decided[pk]), len(decided_people[pk])) for pk in organization_ids]
        + [Cell(len(everyone), len(everyone_people))],
        [Cell(medians(decided[pk]), len(decided_people[pk])) for pk in organization_ids]
        + [Cell(medians(everyone), len(everyone_people))],
        [Cell(share(decided[pk]), len(decided_people[pk])) for pk in organization_ids]
        + [Cell(share(everyone), len(everyone_people))],
    ]
    return rows


SUPERVISION_LABELS = (
    gettext_lazy("Entries waiting for sign-off now"),
    gettext_lazy("Entries decided in the period"),
    gettext_lazy("Median hours from submission to decision"),
    gettext_lazy("Share returned for changes (%)"),
)

CREDENTIAL_KEYS = ("issued", "renewed", "expiring", "lapsed")


def _credential_labels() -> list[str]:
    return [
        _("Issued in the period (first time)"),
        _("Renewed in the period"),
        _("Expiring in the next 90 days"),
        _("Lapsed in the period (expired, not renewed)"),
    ]


def _credential_rows(report: Report, organization_ids) -> list[list[Cell]]:
    rows = []
    for key in CREDENTIAL_KEYS:
        per = {pk: len(report.credentials.get(pk, {}).get(key, ())) for pk in organization_ids}
        rows.append([count(per[pk]) for pk in organization_ids] + [count(sum(per.values()))])
    return rows


def _summary_pipeline(rows: list[list[Cell]]) -> str:
    total = [row[-1] for row in rows[: len(STAGES)]]
    if total[0].hidden:
        return _("Fewer than 11 people enrolled in this period, so the figures are hidden.")
    if not total[0].value:
        return _("No one enrolled in this period with these filters.")
    parts = []
    for (_key, label), cell in zip(STAGES, total, strict=True):
        parts.append(f"{label}: {_say(cell)}")
    return _("Of the people who enrolled in this period: %(parts)s.") % {"parts": "; ".join(parts)}


def hidden_label(cell: Cell) -> str:
    """What a hidden figure says in a summary, a chart or a spreadsheet."""
    return _("fewer than 11") if not cell.complementary else _("hidden")


def _say(cell: Cell) -> str:
    if cell.hidden:
        return hidden_label(cell)
    return formats.number_format(cell.value, force_grouping=True)


def _summary_series(labels, cells, unit: str) -> str:
    shown = [(label, cell) for label, cell in zip(labels, cells, strict=True) if not cell.hidden]
    if not any(cell.value for _label, cell in shown):
        if any(cell.hidden for cell in cells):
            return _("Every figure here is hidden: each stands for fewer than 11 people.")
        return _("Nothing to show for this period with these filters.")
    label, cell = max(shown, key=lambda pair: pair[1].value or 0)
    total = sum((cell.value or 0) for _label, cell in shown)
    return _("%(total)s %(unit)s in all; the most in %(label)s (%(value)s).") % {
        "total": formats.number_format(total, force_grouping=True),
        "unit": unit,
        "label": label,
        "value": formats.number_format(cell.value, force_grouping=True),
    }


# ------------------------------------------------------------------------------
# Staff: an organisation's own figures
# ------------------------------------------------------------------------------
def staff_tables(report: Report) -> list[Table]:
    ids = list(report.scope.organization_ids)
    pipeline = _pipeline_counts(report, ids)
    stage_rows = [
        Row(
            label=label,
            key=key,
            cells=[
                _plain(pipeline[index][-1].value),
                _median_cell(report.people, index, guard=False) if index else _plain(None),
            ],
        )
        for index, (key, label) in enumerate(STAGES)
    ]
    pipeline_table = Table(
        key="pipeline",
        title=_("From enrolment to credential"),
        summary=_summary_pipeline(pipeline),
        row_header=_("Stage"),
        columns=[_("People"), _("Median days from the stage before")],
        rows=stage_rows,
        unit="people",
        chart_column=0,
        notes=[
            _(
                "%(count)s people have had no activity in %(days)s days and are not yet "
                "credentialed."
            )
            % {"count": pipeline[-1][-1].value, "days": report.scope.stalled_days}
        ],
    )
    tables = [pipeline_table]
    tables += _hours_tables(report, ids, plain=True)
    tables.append(_staff_supervision(report))
    credential_rows = _credential_rows(report, ids)
    tables.append(
        Table(
            key="credentials",
            title=_("Credentials"),
            summary=_summary_series(
                _credential_labels(),
                [_plain(row[-1].value) for row in credential_rows],
                _("people"),
            ),
            row_header=_("Credentials"),
            columns=[_("People")],
            rows=[
                Row(label=label, key=key, cells=[_plain(row[-1].value)])
                for label, key, row in zip(
                    _credential_labels(), CREDENTIAL_KEYS, credential_rows, strict=True
                )
            ],
            unit="people",
        )
    )
    return tables


def _hours_tables(report: Report, ids: list[int], *, plain: bool) -> list[Table]:
    month_labels, month_cells = _monthly(report)
    if not plain:
        month_cells = _suppress_series(month_cells)
    if plain:
        # Staff: each month split by delivery, then in all (the chart draws the last column).
        by_delivery = defaultdict(Decimal)
        for _organization, month, modality, total, _person in report.hours["modality"]:
            by_delivery[(month.replace(day=1), modality)] += total
        modalities = list(TrainingModality)
        columns = [str(modality.label) for modality in modalities] + [_("Hours in all")]
        rows = [
            Row(
                label=label,
                cells=[
                    _plain(_hours(by_delivery[(month, modality.value)])) for modality in modalities
                ]
                + [_plain(cell.value)],
            )
            for label, month, cell in zip(month_labels, _months(report), month_cells, strict=True)
        ]
    else:
        columns = [_("Hours")]
        rows = [
            Row(label=label, cells=[cell])
            for label, cell in zip(month_labels, month_cells, strict=True)
        ]
    tables = [
        Table(
            key="hours_by_month",
            title=_("Training hours delivered per month"),
            summary=_summary_series(month_labels, month_cells, _("hours")),
            row_header=_("Month"),
            columns=columns,
            rows=rows,
            unit="hours",
        )
    ]
    for key, title, header in (
        ("domain", _("Training hours by competency domain"), _("Domain")),
        ("topic", _("Training hours by topic"), _("Topic")),
        ("modality", _("Training hours by how they were delivered"), _("Delivery")),
    ):
        names, rows = _hours_rows(report.hours[key], ids)
        labels = [_modality_label(name) for name in names] if key == "modality" else names
        if plain:
            table_rows = [
                Row(label=label, key=name, cells=[_plain(cells[-1].value)])
                for label, name, cells in zip(labels, names, rows, strict=True)
            ]
            columns = [_("Hours")]
        else:
            rows = suppress_rows(rows)
            table_rows = [
                Row(label=label, key=name, cells=cells)
                for label, name, cells in zip(labels, names, rows, strict=True)
            ]
            columns = None
        tables.append(
            Table(
                key=f"hours_by_{key}",
                title=title,
                summary=_summary_series(labels, [cells[-1] for cells in rows], _("hours")),
                row_header=header,
                columns=columns or [],
                rows=table_rows,
                unit="hours",
            )
        )
    return tables


def _suppress_series(cells: list[Cell]) -> list[Cell]:
    """Months of the network's total: a month with 1 to 10 people is hidden, and when only one
    is, the smallest other month is hidden with it (the months add up to the period's hours)."""
    out = [replace(cell, hidden=0 < cell.people < 11) for cell in cells]
    hidden = [i for i, cell in enumerate(out) if cell.hidden]
    if len(hidden) == 1:
        shown = [i for i, cell in enumerate(out) if not cell.hidden and cell.people]
        if shown:
            pick = min(shown, key=lambda i: out[i].value)
            out[pick] = replace(out[pick], hidden=True, complementary=True)
    return out


def _staff_supervision(report: Report) -> Table:
    waiting = defaultdict(int)
    names = {}
    for _organization, supervisor, name, entries in report.supervision["waiting"]:
        waiting[supervisor] += entries
        names[supervisor] = name
    decided = defaultdict(list)
    for _organization, reviewer, name, returned, hours, _trainee in report.supervision["decided"]:
        decided[reviewer].append((returned, hours))
        names[reviewer] = name
    rows = []
    for supervisor in sorted(names, key=lambda pk: (names[pk] or "", pk or 0)):
        items = decided.get(supervisor, [])
        rows.append(
            Row(
                label=names[supervisor] or _("Supervisor no longer on PeerPath"),
                cells=[
                    _plain(waiting.get(supervisor, 0)),
                    _plain(len(items)),
                    _plain(
                        Decimal(str(statistics.median(h for _r, h in items))).quantize(TENTH)
                        if items
                        else None
                    ),
                    _plain(
                        (Decimal(sum(1 for r, _h in items if r)) * 100 / len(items)).quantize(TENTH)
                        if items
                        else None
                    ),
                ],
            )
        )
    total_waiting = sum(waiting.values())
    return Table(
        key="supervision",
        title=_("Supervision sign-off"),
        summary=(
            _(
                "%(waiting)s entries are waiting for sign-off; %(decided)s were decided in the "
                "period."
            )
            % {
                "waiting": total_waiting,
                "decided": sum(len(items) for items in decided.values()),
            }
        ),
        row_header=_("Supervisor"),
        columns=[str(label) for label in SUPERVISION_LABELS],
        rows=rows,
        unit="entries",
        chart=False,
    )


# ------------------------------------------------------------------------------
# The network: organisations side by side, small numbers hidden
# ------------------------------------------------------------------------------
def network_tables(report: Report) -> list[Table]:
    organizations = list(report.scope.organizations)
    ids = [organization.pk for organization in organizations]
    columns = [organization.name for organization in organizations] + [_("All organisations")]
    pipeline = suppress_rows(_pipeline_counts(report, ids))
    labels = _stage_labels() + [
        _("No activity in %(days)s days, not credentialed") % {"days": report.scope.stalled_days}
    ]
    tables = [
        Table(
            key="pipeline",
            title=_("From enrolment to credential"),
            summary=_summary_pipeline(pipeline),
            row_header=_("Stage"),
            columns=columns,
            rows=[
                Row(label=label, cells=cells) for label, cells in zip(labels, pipeline, strict=True)
            ],
            unit="people",
        )
    ]
    medians = []
    for index in range(1, len(STAGES)):
        per = [
            _median_cell([p for p in report.people if p.organization_id == pk], index, guard=True)
            for pk in ids
        ]
        per.append(_median_cell(report.people, index, guard=True))
        medians.append(Row(label=_stage_labels()[index], cells=per))
    tables.append(
        Table(
            key="pipeline_days",
            title=_("Median days from the stage before"),
            summary=_("A median is hidden where fewer than 11 people are behind it."),
            row_header=_("Stage"),
            columns=columns,
            rows=medians,
            unit="days",
            chart=False,
        )
    )
    for table in _hours_tables(report, ids, plain=False):
        if table.key != "hours_by_month":
            table.columns = columns
        tables.append(table)
    supervision = _supervision_by_organization(report, ids)
    # Counts add up across organisations: suppressed like the pipeline. A median or a share
    # does not add up; it is hidden where fewer than 11 trainees are behind it.
    supervision = suppress_rows(supervision[:2]) + [
        [Cell(c.value, c.people, hidden=0 < c.people < 11) for c in row] for row in supervision[2:]
    ]
    tables.append(
        Table(
            key="supervision",
            title=_("Supervision sign-off"),
            summary=_("Counts of entries, and how quickly supervisors decide, per organisation."),
            row_header=_("Supervision"),
            columns=columns,
            rows=[
                Row(label=str(label), cells=cells)
                for label, cells in zip(SUPERVISION_LABELS, supervision, strict=True)
            ],
            unit="entries",
            chart=False,
        )
    )
    credentials = suppress_rows(_credential_rows(report, ids))
    tables.append(
        Table(
            key="credentials",
            title=_("Credentials"),
            summary=_summary_series(
                _credential_labels(), [row[-1] for row in credentials], _("people")
            ),
            row_header=_("Credentials"),
            columns=columns,
            rows=[
                Row(label=label, key=key, cells=cells)
                for label, key, cells in zip(
                    _credential_labels(), CREDENTIAL_KEYS, credentials, strict=True
                )
            ],
            unit="people",
        )
    )
    return tables


# ------------------------------------------------------------------------------
# The equity view
# ------------------------------------------------------------------------------
EQUITY_QUESTIONS = {
    "race_ethnicity": (gettext_lazy("Race or ethnicity"), SelfDescription.RaceEthnicity),
    "gender": (gettext_lazy("Gender"), SelfDescription.Gender),
    "age_band": (gettext_lazy("Age"), SelfDescription.AgeBand),
    "veteran": (gettext_lazy("Military or veteran service"), SelfDescription.Veteran),
    "language": (gettext_lazy("Language spoken at home"), SelfDescription.Language),
}


def equity_table(report: Report, question: str, answers: dict[int, str]) -> Table:
    """The pipeline per answer to one question (and "not answered"), every column suppressed
    with everyone as its total."""
    title, choices = EQUITY_QUESTIONS[question]
    groups = [(value, str(label)) for value, label in choices.choices] + [("", _("Not answered"))]
    rows = []
    for value, _label in groups:
        members = [person for person in report.people if answers.get(person.person_id, "") == value]
        rows.append(
            [count(sum(1 for p in members if p.reached[stage])) for stage in range(len(STAGES))]
        )
    rows.append(
        [count(sum(1 for p in report.people if p.reached[stage])) for stage in range(len(STAGES))]
    )
    rows = suppress_columns(rows)
    return Table(
        key="equity",
        title=_("From enrolment to credential, by %(question)s") % {"question": str(title).lower()},
        summary=_(
            "Answers are optional and given by trainees themselves. Any group of fewer than 11 "
            "people is hidden, with other cells where needed so it cannot be worked out."
        ),
        row_header=str(title),
        columns=_stage_labels(),
        rows=[
            Row(label=label, key=value, cells=cells)
            for (value, label), cells in zip([*groups, ("all", _("Everyone"))], rows, strict=True)
        ],
        unit="people",
        chart=False,
    )
