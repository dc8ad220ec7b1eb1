"""The audit trail is append-only and tamper-evident."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

import pytest

from certification import audit
from certification.models import AuditChainHead, AuditEvent

# Tampering goes around PostgreSQL's trigger, as a database superuser could.
pytestmark = pytest.mark.usefixtures("require_postgresql")


def tamper(sql: str, params=()) -> None:
    """What a database superuser could do: switch triggers off for one statement."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        cursor.execute("SET LOCAL session_replication_role = origin")


def test_every_step_of_an_entrys_life_writes_a_chained_event(approved_entry):
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["practice.create", "practice.submit", "practice.approve"]
    events = list(AuditEvent.objects.order_by("pk"))
    assert events[0].previous_hash == audit.GENESIS_HASH
    assert [e.previous_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert AuditChainHead.objects.get().last_hash == events[-1].hash


def test_verify_command_reports_an_intact_chain(approved_entry):
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert "intact: 3 events checked" in out.getvalue()


def test_editing_an_audit_event_in_the_database_is_detected_by_verify(approved_entry):
    submit = AuditEvent.objects.get(action="practice.submit")
    tamper(
        "UPDATE certification_auditevent SET after = jsonb_set(after, '{duration_hours}', "
        "'\"8.00\"') WHERE id = %s",
        [submit.pk],
    )
    with pytest.raises(CommandError, match=f"broken at event #{submit.pk}"):
        call_command("verify_audit_chain")


def test_rewriting_an_events_hash_too_breaks_the_next_link(approved_entry):
    submit = AuditEvent.objects.get(action="practice.submit")
    tamper("UPDATE certification_auditevent SET hash = %s WHERE id = %s", ["f" * 64, submit.pk])
    report = audit.verify_chain()
    assert report.broken_event_id == submit.pk  # its own content no longer matches


def test_deleting_an_event_is_detected_at_the_following_event(approved_entry):
    submit = AuditEvent.objects.get(action="practice.submit")
    approval = AuditEvent.objects.get(action="practice.approve")
    tamper("DELETE FROM certification_auditevent WHERE id = %s", [submit.pk])
    report = audit.verify_chain()
    assert report.broken_event_id == approval.pk
    assert "Link" in str(report.reason)


def test_deleting_the_newest_event_is_detected(approved_entry):
    approval = AuditEvent.objects.get(action="practice.approve")
    tamper("DELETE FROM certification_auditevent WHERE id = %s", [approval.pk])
    report = audit.verify_chain()
    assert not report.ok
    assert report.broken_event_id == approval.pk


def test_database_refuses_to_update_an_audit_event(approved_entry):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent.objects.update(action="practice.delete")


def test_database_refuses_to_delete_an_audit_event(approved_entry):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent.objects.all().delete()


def test_staff_page_names_the_first_broken_link(client, staff, approved_entry):
    submit = AuditEvent.objects.get(action="practice.submit")
    tamper("UPDATE certification_auditevent SET actor_name = 'Nobody' WHERE id = %s", [submit.pk])
    client.force_login(staff)
    response = client.get("/staff/audit/")
    assert response.status_code == 200
    assert f"record #{submit.pk}" in response.content.decode()
    assert "has been altered" in response.content.decode()


def test_staff_page_says_an_intact_chain_is_intact(client, staff, approved_entry):
    client.force_login(staff)
    response = client.get("/staff/audit/")
    assert "The audit trail is intact" in response.content.decode()


def test_audit_page_is_not_for_trainees(client, trainee):
    client.force_login(trainee)
    assert client.get("/staff/audit/").status_code == 403
