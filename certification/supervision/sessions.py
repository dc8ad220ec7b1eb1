"""Supervision sessions: a supervisor records a session (individual or group) and each trainee
confirms they attended. Keyword-only services that check permission themselves and run in one
transaction, like services.py (agreements and practice entries)."""

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification import audit
from certification.supervision import identifiers
from certification.supervision.models import (
    SessionAttendance,
    SessionFormat,
    SupervisionAgreement,
    SupervisionSession,
)
from certification.supervision.services import day_label
from certification.supervision.tasks import notify_session_recorded
from curriculum.models import CompetencyDomain
from lms import outbox, personal_pages
from lms.accounts.models import User


def supervision_session_record(
    *,
    supervisor: User,
    date: datetime.date,
    duration_hours: Decimal,
    format: str,  # noqa: A002 - the domain's word
    modality: str,
    domains: Iterable[CompetencyDomain],
    trainees: Sequence[User],
    notes: str = "",
    identifiers_confirmed: bool = False,
) -> SupervisionSession:
    """Record supervision given; each trainee present then confirms it on their page. Notes
    that may identify a person served are refused unless the supervisor confirms they do not
    (supervision/identifiers.py)."""
    notes = (notes or "").strip()
    kinds = identifiers.confirmed_kinds(notes, confirmed=identifiers_confirmed, field="notes")
    session = SupervisionSession(
        supervisor=supervisor,
        date=date,
        duration_hours=duration_hours,
        format=format,
        modality=modality,
        notes=notes,
        notes_identifier_kinds=kinds,
    )
    session.full_clean()
    trainees = list({trainee.pk: trainee for trainee in trainees}.values())
    if not trainees:
        raise ValidationError({"trainees": _("Choose who was present.")})
    if format == SessionFormat.INDIVIDUAL and len(trainees) != 1:
        raise ValidationError(
            {"trainees": _("Individual supervision has one trainee; choose group instead.")}
        )
    agreements = {
        agreement.trainee_id: agreement
        for agreement in SupervisionAgreement.objects.active_on(date)
        .open_to_supervisor()
        .filter(supervisor=supervisor, trainee__in=trainees)
    }
    outside = [trainee for trainee in trainees if trainee.pk not in agreements]
    if outside:
        raise ValidationError(
            {
                "trainees": _(
                    "You had no signed agreement on %(day)s with: %(names)s. "
                    "Supervision outside an agreement does not count."
                )
                % {"day": day_label(date), "names": ", ".join(str(t) for t in outside)}
            }
        )
    announced = personal_pages.announce(people=[session.supervisor_id, *(t.pk for t in trainees)])
    with transaction.atomic(), announced:
        session.save()
        session.domains.set(domains)
        SessionAttendance.objects.bulk_create(
            [
                SessionAttendance(
                    session=session, trainee=trainee, agreement=agreements[trainee.pk]
                )
                for trainee in trainees
            ]
        )
        after = audit.snapshot(session)
        after["trainee_ids"] = sorted(trainee.pk for trainee in trainees)
        after["domain_ids"] = sorted(domain.pk for domain in session.domains.all())
        audit.record(actor=supervisor, action="session.create", target=session, after=after)

        session_id = session.pk
        outbox.enqueue(notify_session_recorded, session_id)
    return session


def session_attendance_confirm(*, attendance: SessionAttendance, trainee: User) -> None:
    """The trainee confirms they were present; from then on the session's hours count."""
    if attendance.trainee_id != trainee.pk:
        raise PermissionDenied(_("You can only confirm your own presence."))
    with transaction.atomic():
        attendance = SessionAttendance.objects.select_for_update().get(pk=attendance.pk)
        if attendance.confirmed_at:
            raise ValidationError(_("You already confirmed this session."))
        with audit.audited_change(
            actor=trainee,
            action="session.confirm",
            target=attendance,
            update_fields=["confirmed_at"],
        ):
            attendance.confirmed_at = timezone.now()
