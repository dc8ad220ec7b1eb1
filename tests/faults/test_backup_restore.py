"""The backup and restore drill: make data, back up (make backup), wipe the database and the
files, restore (make restore), and find every record, every file and an intact audit chain."""

import os
import subprocess
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.db import connection

import pytest

from certification.audit_anchors import anchor_write
from certification.external_training.models import ExternalTraining
from certification.models import AuditEvent
from certification.supervision import services
from certification.supervision.models import PracticeLogEntry
from lms.accounts.models import User
from tests.certification.conftest import (  # noqa: F401 - the domain fixtures
    domain,
    domains,
    entry_values,
    make_signed_agreement,
)
from tests.certification.external_training.test_external_training import PDF, add
from tests.conftest import ROOT, suite_database_url


def _run(script: str, *arguments: str, backup_dir: Path) -> str:
    env = {**os.environ, "DATABASE_URL": suite_database_url(), "BACKUP_DIR": str(backup_dir)}
    done = subprocess.run(  # noqa: S603 - fixed arguments
        ["bash", f"scripts/{script}", *arguments],  # noqa: S607
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _counts() -> dict[str, int]:
    return {
        "people": User.objects.count(),
        "entries": PracticeLogEntry.objects.count(),
        "audit events": AuditEvent.objects.count(),
        "trainings": ExternalTraining.objects.count(),
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_wipe_restore_gives_back_every_record_and_file_with_the_chain_intact(
    tmp_path,
    trainee,
    supervisor,
    organization,
    domain,  # noqa: F811
    anchor_store,
):
    make_signed_agreement(trainee=trainee, supervisor=supervisor, organization=organization)
    entry = services.practice_entry_create(trainee=trainee, submit=True, **entry_values(domain))
    services.practice_entry_approve(
        entry=entry, supervisor=supervisor, signature="Sam Supervisor", attested=True
    )
    training = add(trainee)
    certificate = training.certificate.name
    anchor_write()
    before = _counts()
    assert before["audit events"] >= 3

    folder = Path(_run("backup.sh", backup_dir=tmp_path))
    assert (folder / "database.dump").stat().st_size > 0
    assert oct(folder.stat().st_mode)[-3:] == "700"

    # Wipe: every table gone, the certificate gone from the bucket.
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    connection.close()
    training.certificate.storage.delete(certificate)
    assert not training.certificate.storage.exists(certificate)

    _run("restore.sh", str(folder), backup_dir=tmp_path)

    assert _counts() == before
    restored = ExternalTraining.objects.get(pk=training.pk)
    assert restored.certificate.read() == PDF
    out = StringIO()
    call_command("verify_audit_chain", "--against-anchors", stdout=out)
    assert f"intact: {before['audit events']} events checked" in out.getvalue()
