"""Cohorts: creating one, enrolling people, importing a list of emails."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from curriculum.models import ProgramPage
from lms import access
from lms.accounts.models import Invitation, Membership, Organization, Role, User
from lms.accounts.services import invitation_create
from lms.learning.models import (
    Cohort,
    CohortInvitation,
    Enrollment,
)
from lms.learning.services import enrollment_create

# A CSV upload bigger than this is refused whole (a cohort is tens of people, not thousands).
CSV_MAX_ROWS = 1000


CSV_MAX_BYTES = 512 * 1024


def cohort_create(
    *,
    organization: Organization,
    name: str,
    program: ProgramPage,
    starts_on,
    ends_on=None,
    created_by: User,
) -> Cohort:
    if not access.is_staff_of(created_by, organization):
        raise PermissionDenied(_("Only staff of this organisation can do that."))
    cohort = Cohort(
        organization=organization,
        name=name.strip(),
        program=program,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=created_by,
    )
    cohort.full_clean()
    cohort.save()
    return cohort


def _ensure_runs_cohort(*, actor: User, cohort: Cohort) -> None:
    if not access.is_staff_of(actor, cohort.organization_id):
        raise PermissionDenied(_("Only staff of this organisation can do that."))


def cohort_enroll(*, cohort: Cohort, trainees, enrolled_by: User) -> list[Enrollment]:
    """Enrol trainees of the cohort's organisation in its program, all or none."""
    _ensure_runs_cohort(actor=enrolled_by, cohort=cohort)
    with transaction.atomic():
        return [
            enrollment_create(
                trainee=trainee, program=cohort.program, enrolled_by=enrolled_by, cohort=cohort
            )
            for trainee in trainees
        ]


class ImportOutcome:
    ENROLLED = "enrolled"
    ALREADY_ENROLLED = "already_enrolled"
    INVITED = "invited"
    ERROR = "error"


@dataclass
class ImportRow:
    line: int
    email: str
    outcome: str
    reason: str = ""

    @property
    def is_error(self) -> bool:
        return self.outcome == ImportOutcome.ERROR


@dataclass
class ImportResult:
    rows: list[ImportRow] = field(default_factory=list)
    applied: bool = False
    problem: str = ""

    @property
    def errors(self) -> list[ImportRow]:
        return [row for row in self.rows if row.is_error]

    @property
    def valid_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if not row.is_error]

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)


def _csv_emails(text: str) -> list[tuple[int, str]]:
    """(line number, first cell) for every non-empty row; a header row naming email is skipped."""
    rows = []
    for line_number, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        cell = next((value.strip() for value in cells if value.strip()), "")
        if not cell:
            continue
        if not rows and cell.lower().replace("-", "").replace(" ", "") in {
            "email",
            "emailaddress",
        }:
            continue
        rows.append((line_number, cell))
    return rows


def decode_csv_upload(upload) -> str:
    """The text of an uploaded CSV, or a ValidationError saying what is wrong with the file."""
    if upload.size > CSV_MAX_BYTES:
        raise ValidationError(_("This file is too large. Upload a list of at most 1,000 emails."))
    raw = upload.read()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("This file could not be read. Save it as CSV (UTF-8) and try again."))


def cohort_import_plan(*, cohort: Cohort, actor: User, text: str) -> ImportResult:
    """What importing this CSV would do, row by row, without changing anything."""
    _ensure_runs_cohort(actor=actor, cohort=cohort)
    entries = _csv_emails(text)
    if not entries:
        return ImportResult(problem=_("The file has no email addresses in it."))
    if len(entries) > CSV_MAX_ROWS:
        return ImportResult(
            problem=_("The file has %(count)d rows; upload at most %(max)d at a time.")
            % {"count": len(entries), "max": CSV_MAX_ROWS}
        )
    normalised = {email.lower() for _line, email in entries}
    people = _people_by_email(normalised)
    trainees_here = set(
        Membership.objects.filter(
            organization=cohort.organization, role=Role.TRAINEE, user__in=people.values()
        ).values_list("user_id", flat=True)
    )
    enrolled = set(
        Enrollment.objects.filter(program=cohort.program, user__in=people.values()).values_list(
            "user_id", flat=True
        )
    )
    seen: dict[str, int] = {}
    result = ImportResult()
    for line, email in entries:
        key = email.lower()
        try:
            validate_email(email)
        except ValidationError:
            result.rows.append(
                ImportRow(line, email, ImportOutcome.ERROR, _("This is not an email address."))
            )
            continue
        if key in seen:
            result.rows.append(
                ImportRow(
                    line,
                    email,
                    ImportOutcome.ERROR,
                    _("This address is already on line %(line)d.") % {"line": seen[key]},
                )
            )
            continue
        seen[key] = line
        person = people.get(key)
        if person is not None and person.pk in enrolled:
            result.rows.append(
                ImportRow(
                    line,
                    email,
                    ImportOutcome.ALREADY_ENROLLED,
                    _("Already enrolled in this program; nothing changes."),
                )
            )
        elif person is not None and person.pk in trainees_here:
            result.rows.append(
                ImportRow(line, email, ImportOutcome.ENROLLED, _("Enrolled in the cohort."))
            )
        else:
            result.rows.append(
                ImportRow(
                    line,
                    email,
                    ImportOutcome.INVITED,
                    _("Invited to join as a trainee; enrolled when they accept."),
                )
            )
    return result


def _people_by_email(emails) -> dict[str, User]:
    """Accounts by lower-cased email (addresses are unique whatever their capitals)."""
    return {
        person.email.lower(): person
        for person in User.objects.annotate(email_lower=Lower("email")).filter(
            email_lower__in=[email.lower() for email in emails]
        )
    }


def cohort_import_apply(
    *, cohort: Cohort, actor: User, text: str, skip_errors: bool = False
) -> ImportResult:
    """Import a CSV of emails into a cohort: all rows, or (with errors) nothing.

    When any row has an error, nothing happens unless staff confirm with ``skip_errors``, which
    imports the valid rows only. Everything happens in one transaction.
    """
    result = cohort_import_plan(cohort=cohort, actor=actor, text=text)
    if result.problem or (result.errors and not skip_errors):
        return result
    with transaction.atomic():
        people = _people_by_email(row.email for row in result.valid_rows)
        for row in result.valid_rows:
            if row.outcome == ImportOutcome.ENROLLED:
                enrollment_create(
                    trainee=people[row.email.lower()],
                    program=cohort.program,
                    enrolled_by=actor,
                    cohort=cohort,
                )
            elif row.outcome == ImportOutcome.INVITED:
                invitation, _token = invitation_create(
                    organization=cohort.organization,
                    email=row.email,
                    role=Role.TRAINEE,
                    invited_by=actor,
                )
                CohortInvitation.objects.create(cohort=cohort, invitation=invitation)
    result.applied = True
    return result


def cohort_invitation_accepted(*, invitation: Invitation, user: User, **signal_kwargs) -> None:
    """Receives ``invitation_accepted`` (lms/signals.py): enrol the person in the cohort the
    invitation came from. Runs inside the acceptance's transaction."""
    link = CohortInvitation.objects.select_related("cohort__program").filter(invitation=invitation)
    for cohort_link in link:
        cohort = cohort_link.cohort
        if cohort.program.live:
            Enrollment.objects.get_or_create(
                user=user,
                program=cohort.program,
                defaults={"cohort": cohort, "enrolled_by": invitation.invited_by},
            )
