"""Retention deletes exactly what has expired, on the boundary, and nothing a board relies on."""

import datetime
import uuid

from django.core.files.base import ContentFile
from django.utils import timezone

import pytest

from certification.issuance.models import CredentialApplication, PacketStatus
from certification.issuance.services import (
    credential_application_approve,
    credential_application_submit,
)
from certification.privacy.models import DataExport, ExportStatus
from certification.privacy.retention import _months_before, retention_apply
from certification.supervision.models import EntryStatus, PracticeLogEntry
from lms.accounts.models import Invitation, SignInCode
from tests.certification.issuance.test_applications import make_definition, meet

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
SECOND = datetime.timedelta(seconds=1)


def _export(person, *, expires_at, status=ExportStatus.READY, created_at=NOW):
    export = DataExport.objects.create(
        person=person,
        requested_by=person,
        status=status,
        expires_at=expires_at,
        created_at=created_at,
    )
    if status == ExportStatus.READY:
        export.file.save("copy.zip", ContentFile(b"PK zip"), save=True)
    return export


def test_copies_of_data_go_when_their_link_expires(trainee):
    due = _export(trainee, expires_at=NOW)
    not_yet = _export(trainee, expires_at=NOW + SECOND)
    failed_long_ago = _export(
        trainee,
        expires_at=None,
        status=ExportStatus.FAILED,
        created_at=NOW - datetime.timedelta(days=7),
    )
    failed_recently = _export(
        trainee,
        expires_at=None,
        status=ExportStatus.FAILED,
        created_at=NOW - datetime.timedelta(days=7) + SECOND,
    )
    stored = due.file.name
    storage = due.file.storage

    counts = retention_apply(now=NOW)

    assert counts["data_exports"] == 2
    assert set(DataExport.objects.values_list("pk", flat=True)) == {not_yet.pk, failed_recently.pk}
    assert not storage.exists(stored)
    assert not DataExport.objects.filter(pk=failed_long_ago.pk).exists()


def _decided_application(trainee, staff, *, decided_at):
    meet(trainee)
    application = credential_application_submit(
        applicant=trainee, definition=make_definition(code=f"r_{uuid.uuid4().hex[:8]}")
    )
    application.packet.save("packet.pdf", ContentFile(b"%PDF-1.4 packet"), save=False)
    application.packet_status = PacketStatus.READY
    application.save()
    credential_application_approve(application=application, reviewer=staff)
    CredentialApplication.objects.filter(pk=application.pk).update(decided_at=decided_at)
    application.refresh_from_db()
    return application


def test_packets_go_ninety_days_after_the_decision_and_the_application_stays(
    trainee, other_trainee, staff
):
    due = _decided_application(trainee, staff, decided_at=NOW - datetime.timedelta(days=90))
    not_yet = _decided_application(
        other_trainee, staff, decided_at=NOW - datetime.timedelta(days=90) + SECOND
    )
    counts = retention_apply(now=NOW)
    assert counts["application_packets"] == 1
    due.refresh_from_db()
    not_yet.refresh_from_db()
    assert (due.packet.name, due.packet_status) == ("", PacketStatus.REMOVED)
    assert due.status == "approved" and due.decided_at is not None
    assert not_yet.packet and not_yet.packet_status == PacketStatus.READY
    # Nothing more the next night.
    assert retention_apply(now=NOW)["application_packets"] == 0


def test_undecided_applications_keep_their_packet(trainee):
    meet(trainee)
    application = credential_application_submit(
        applicant=trainee, definition=make_definition(code="undecided")
    )
    application.packet.save("packet.pdf", ContentFile(b"%PDF-1.4"), save=True)
    CredentialApplication.objects.filter(pk=application.pk).update(
        submitted_at=NOW - datetime.timedelta(days=900)
    )
    assert retention_apply(now=NOW)["application_packets"] == 0


def test_only_drafts_untouched_for_twelve_months_go(trainee, agreement, make_entry, supervisor):
    from certification.supervision import services

    old = make_entry(trainee=trainee, submit=False)
    recent = make_entry(trainee=trainee, submit=False, duration_hours="1")
    signed = make_entry(trainee=trainee, duration_hours="0.5")
    services.practice_entry_approve(
        entry=signed, supervisor=supervisor, signature="Sam Supervisor", attested=True
    )
    waiting = make_entry(trainee=trainee, duration_hours="0.25")
    cutoff = _months_before(NOW, 12)
    PracticeLogEntry.objects.filter(pk=old.pk).update(updated_at=cutoff)
    PracticeLogEntry.objects.filter(pk=recent.pk).update(updated_at=cutoff + SECOND)
    # Entries waiting for sign-off are never drafts, however old (signed ones cannot even be
    # aged here: the database refuses any change to them).
    PracticeLogEntry.objects.filter(pk=waiting.pk).update(
        updated_at=cutoff - datetime.timedelta(days=2000)
    )

    counts = retention_apply(now=NOW)

    assert counts["draft_practice_entries"] == 1
    assert set(PracticeLogEntry.objects.values_list("pk", "status")) == {
        (recent.pk, EntryStatus.DRAFT),
        (signed.pk, EntryStatus.APPROVED),
        (waiting.pk, EntryStatus.SUBMITTED),
    }


def test_twelve_months_is_counted_in_calendar_months():
    moment = datetime.datetime(2027, 3, 31, 12, 0, tzinfo=datetime.UTC)
    assert _months_before(moment, 1) == datetime.datetime(2027, 2, 28, 12, 0, tzinfo=datetime.UTC)
    assert _months_before(moment, 12) == datetime.datetime(2026, 3, 31, 12, 0, tzinfo=datetime.UTC)
    leap = datetime.datetime(2028, 2, 29, 8, 0, tzinfo=datetime.UTC)
    assert _months_before(leap, 12) == datetime.datetime(2027, 2, 28, 8, 0, tzinfo=datetime.UTC)


def test_invitations_and_codes_go_thirty_days_after_they_expire(trainee, staff, organization):
    def invitation(expires_at, accepted_at=None):
        return Invitation.objects.create(
            organization=organization,
            email=f"{uuid.uuid4().hex[:8]}@example.org",
            token_digest=uuid.uuid4().hex,
            invited_by=staff,
            expires_at=expires_at,
            accepted_at=accepted_at,
        )

    def code(expires_at, used_at=None):
        return SignInCode.objects.create(
            user=trainee,
            organization=organization,
            code_digest=uuid.uuid4().hex,
            issued_by=staff,
            expires_at=expires_at,
            used_at=used_at,
        )

    month = datetime.timedelta(days=30)
    gone_invitation = invitation(NOW - month)
    kept_invitation = invitation(NOW - month + SECOND)
    accepted = invitation(NOW - 10 * month, accepted_at=NOW - 11 * month)
    gone_code = code(NOW - month)
    used_long_ago = code(NOW + month, used_at=NOW - month)
    kept_code = code(NOW - month + SECOND)

    counts = retention_apply(now=NOW)

    assert (counts["expired_invitations"], counts["expired_sign_in_codes"]) == (1, 2)
    assert set(Invitation.objects.values_list("pk", flat=True)) == {kept_invitation.pk, accepted.pk}
    assert set(SignInCode.objects.values_list("pk", flat=True)) == {kept_code.pk}
    assert not Invitation.objects.filter(pk=gone_invitation.pk).exists()
    assert not SignInCode.objects.filter(pk__in=[gone_code.pk, used_long_ago.pk]).exists()


def test_the_nightly_task_logs_each_count(caplog, trainee):
    from certification.tasks import privacy_nightly

    _export(trainee, expires_at=timezone.now() - SECOND)
    with caplog.at_level("INFO", logger="certification.privacy"):
        result = privacy_nightly.apply().get()
    assert result["deleted"]["data_exports"] == 1
    assert "data_exports=1" in caplog.text
