"""Private uploads reach only the right people, through PeerPath's views (issue 22, finding 2).

Every file field of every installed model is listed below, either as private (how to make one,
which pages serve it and to whom) or as public (with the reason). A new file field without a
rule fails ``test_every_file_field_has_a_rule``, so nobody adds an upload and forgets who may
read it.

Each private field is then checked in both storage modes (a local folder, as in ``make run``;
the stack's S3 server, as in production) with DEBUG on and off: no session, other people's
sessions, the owner's and their staff's, and the addresses a person might guess under /media/.
"""

import importlib
import os
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import override_settings
from django.urls import clear_url_caches, reverse
from django.utils import timezone

import pytest

from certification.external_training import services as external_training
from certification.issuance.models import PacketStatus
from certification.issuance.services import credential_application_submit
from certification.rules.kinds import TrainingModality
from tests.certification.issuance.test_applications import make_definition, meet
from tests.conftest import require_stack

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PEOPLE = ("trainee", "other_trainee", "outside_trainee", "supervisor", "staff", "other_staff")


# ------------------------------------------------------------------------------
# The rules: every file field of every model
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PrivateFileRule:
    """How to make one stored file as its owner would, and who may fetch it where."""

    make: Callable[[dict], models.Model]
    # (page, the people who get the file there); everyone else gets a 4xx without it.
    downloads: Callable[[models.Model], list[tuple[str, set[str]]]]


def _make_packet(people: dict) -> models.Model:
    trainee = people["trainee"]
    meet(trainee)
    application = credential_application_submit(
        applicant=trainee, definition=make_definition(code=f"cred_{uuid.uuid4().hex[:8]}")
    )
    # The background task, run here and now: it renders and stores the PDF.
    from certification.issuance.packet import application_packet_build

    application = application_packet_build(application_id=application.pk)
    assert application.packet_status == PacketStatus.READY
    return application


def _make_certificate(people: dict) -> models.Model:
    return external_training.external_training_add(
        person=people["trainee"],
        provider="Recovery Coach Academy",
        title="Ethics in peer work",
        date=timezone.localdate(),
        hours=Decimal("6"),
        modality=TrainingModality.IN_PERSON,
        certificate=SimpleUploadedFile(
            "my certificate.pdf", PDF + uuid.uuid4().hex.encode(), "application/pdf"
        ),
        domain_hours={},
        topic_hours={},
    )


def _make_score_report(people: dict) -> models.Model:
    from certification.credentials.services import exam_result_submit
    from tests.certification.credential_builders import icrc_definition

    icrc_definition()  # the exam must be one a credential asks for
    return exam_result_submit(
        person=people["trainee"],
        exam_code="icrc_pr_exam",
        taken_on=timezone.localdate(),
        score=Decimal(520),
        score_report=SimpleUploadedFile(
            "score.pdf", PDF + uuid.uuid4().hex.encode(), "application/pdf"
        ),
    )


def _make_diploma_copy(people: dict) -> models.Model:
    from certification.credentials.services import diploma_attest

    trainee = people["trainee"]
    return diploma_attest(
        person=trainee,
        detail="GED, 2015",
        signature=trainee.display_name,
        attested=True,
        document=SimpleUploadedFile(
            "diploma.pdf", PDF + uuid.uuid4().hex.encode(), "application/pdf"
        ),
    )


def _make_decision_letter(people: dict) -> models.Model:
    from certification.issuance.services import (
        credential_application_endorse,
        credential_board_decision_record,
    )

    trainee, staff = people["trainee"], people["staff"]
    meet(trainee)
    application = credential_application_submit(
        applicant=trainee,
        definition=make_definition(
            code=f"board_{uuid.uuid4().hex[:8]}", issuance="board", issuing_body="A Board"
        ),
    )
    credential_application_endorse(
        application=application, staff=staff, signature=staff.display_name, attested=True
    )
    return credential_board_decision_record(
        application=application,
        staff=staff,
        number=f"B-{uuid.uuid4().hex[:8]}",
        issued_on=timezone.localdate(),
        expires_on=timezone.localdate() + timedelta(days=365),
        letter=SimpleUploadedFile("letter.pdf", PDF + uuid.uuid4().hex.encode(), "application/pdf"),
    )


def _make_data_export(people: dict) -> models.Model:
    """A copy of the trainee's data, built as the background task builds it."""
    from certification.privacy.export import export_build
    from certification.privacy.models import DataExport, ExportStatus

    export = DataExport.objects.create(person=people["trainee"], requested_by=people["trainee"])
    export = export_build(export_id=export.pk)
    assert export.status == ExportStatus.READY
    return export


def _make_report_export(people: dict) -> models.Model:
    """A spreadsheet of the staff member's report, built as the background task builds it."""
    from certification.reports.exports import export_build
    from certification.reports.models import ReportExport
    from certification.reports.selectors import export_tables

    staff = people["staff"]
    export = ReportExport.objects.create(
        requested_by=staff,
        view="staff",
        format="xlsx",
        organization_ids=[staff.memberships.first().organization_id],
    )
    export = export_build(export_id=export.pk, language="en", build_tables=export_tables)
    assert export.status == "ready"
    return export


def _make_qualification_proof(people: dict) -> models.Model:
    from certification.supervision.qualification_services import qualification_submit

    supervisor = people["supervisor"]
    return qualification_submit(
        supervisor=supervisor,
        organization=supervisor.memberships.get().organization,
        kind="illinois",
        credential_name="Certified Peer Recovery Specialist (CPRS)",
        number=f"CPRS-{uuid.uuid4().hex[:6]}",
        expires_on=timezone.localdate() + timedelta(days=365),
        proof=SimpleUploadedFile("cprs.pdf", PDF + uuid.uuid4().hex.encode(), "application/pdf"),
    )


PRIVATE_FILE_FIELDS = {
    "certification.SupervisorQualification.proof": PrivateFileRule(
        make=_make_qualification_proof,
        downloads=lambda qualification: [
            (
                reverse("certification:supervisor_qualification_proof", args=[qualification.pk]),
                {"supervisor"},
            ),
            (
                reverse("certification:staff_qualification_proof", args=[qualification.pk]),
                {"staff"},
            ),
        ],
    ),
    "certification.ExamResult.score_report": PrivateFileRule(
        make=_make_score_report,
        downloads=lambda result: [
            (reverse("certification:exam_report", args=[result.pk]), {"trainee"}),
            (reverse("certification:staff_exam_report", args=[result.pk]), {"staff"}),
        ],
    ),
    "certification.Attestation.document": PrivateFileRule(
        make=_make_diploma_copy,
        downloads=lambda attestation: [
            (reverse("certification:attestation_copy", args=[attestation.pk]), {"trainee"}),
            (
                reverse("certification:staff_attestation_copy", args=[attestation.pk]),
                {"staff"},
            ),
        ],
    ),
    "certification.IssuedCredential.decision_letter": PrivateFileRule(
        make=_make_decision_letter,
        downloads=lambda credential: [
            (reverse("certification:decision_letter", args=[credential.pk]), {"trainee"}),
            (
                reverse("certification:staff_decision_letter", args=[credential.pk]),
                {"staff"},
            ),
        ],
    ),
    "certification.CredentialApplication.packet": PrivateFileRule(
        make=_make_packet,
        downloads=lambda application: [
            (
                reverse("certification:application_packet", args=[application.pk]),
                {"trainee", "staff"},
            ),
        ],
    ),
    "certification.DataExport.file": PrivateFileRule(
        make=_make_data_export,
        downloads=lambda export: [
            (reverse("certification:privacy_export_download", args=[export.pk]), {"trainee"}),
        ],
    ),
    "certification.ReportExport.file": PrivateFileRule(
        make=_make_report_export,
        downloads=lambda export: [
            (reverse("certification:report_export_download", args=[export.pk]), {"staff"}),
        ],
    ),
    "certification.ExternalTraining.certificate": PrivateFileRule(
        make=_make_certificate,
        downloads=lambda training: [
            (reverse("certification:training_certificate", args=[training.pk]), {"trainee"}),
            (reverse("certification:staff_training_certificate", args=[training.pk]), {"staff"}),
        ],
    ),
}

# Public on purpose, each with its reason. They stay on the public storage.
PUBLIC_FILE_FIELDS = {
    # Curriculum media RCO staff publish for everyone (documents go through Wagtail's view).
    "wagtailimages.Image.file",
    "wagtailimages.Rendition.file",
    "wagtaildocs.Document.file",
    # Curriculum media half-way through the admin's multiple upload, before it has a title.
    "wagtailcore.UploadedFile.file",
    # SCORM packages staff upload as curriculum: course content for everyone who learns, played
    # through PeerPath's own path-checked view (curriculum/packages.py).
    "curriculum.LearningPackage.upload",
    # An editor's own profile picture in the Wagtail admin, under a random name (Wagtail's).
    "wagtailusers.UserProfile.avatar",
    # An organisation's logo, printed on the certificates it issues (random name).
    "lms.Organization.logo",
}


def every_file_field() -> dict[str, models.FileField]:
    return {
        f"{model._meta.label}.{field.name}": field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }


def test_every_file_field_has_a_rule():
    assert set(every_file_field()) == set(PRIVATE_FILE_FIELDS) | PUBLIC_FILE_FIELDS


@pytest.mark.parametrize("label", sorted(PRIVATE_FILE_FIELDS))
def test_private_fields_use_the_private_storage_and_unguessable_names(label):
    from lms.private_files import private_storage

    field = every_file_field()[label]
    assert field.storage is private_storage
    first, second = (field.generate_filename(None, "application-7.pdf") for _ in range(2))
    assert first != second
    for name in (first, second):
        assert re.search(r"/[0-9a-f]{32}\.pdf$", name), name
        assert "application-7" not in name


@pytest.mark.parametrize("label", sorted(PUBLIC_FILE_FIELDS))
def test_public_curriculum_media_stay_on_the_public_storage(label):
    from django.core.files.storage import default_storage

    assert every_file_field()[label].storage is default_storage


# ------------------------------------------------------------------------------
# Access, in each storage mode and with DEBUG on and off
# ------------------------------------------------------------------------------
@pytest.fixture(params=["local-folder", "s3-server"])
def storage_mode(request, settings, tmp_path):
    """The two ways PeerPath stores files: what ``make run`` does and what production does."""
    if request.param == "local-folder":
        settings.MEDIA_ROOT = str(tmp_path / "media")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {
                "BACKEND": "lms.private_files.PrivateFileSystemStorage",
                "OPTIONS": {"location": str(tmp_path / "private-media")},
            },
        }
    else:
        require_stack("AWS_STORAGE_BUCKET_NAME")
    return request.param


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request):
    """cms/urls.py decides at import what DEBUG adds (the /media/ folder): import it again."""
    import cms.urls

    with override_settings(DEBUG=request.param):
        importlib.reload(cms.urls)
        clear_url_caches()
        yield request.param
    importlib.reload(cms.urls)
    clear_url_caches()


@pytest.fixture
def people(request):
    return {name: request.getfixturevalue(name) for name in PEOPLE}


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _guessed_addresses(name: str, storage_mode: str) -> list[str]:
    """Where a person might look for the file without going through PeerPath's pages."""
    from django.conf import settings

    addresses = [f"/media/{name}", f"/media/private/{name}", f"/media/{Path(name).name}"]
    if storage_mode == "local-folder":
        private_location = settings.STORAGES["private"]["OPTIONS"]["location"]
        relative = os.path.relpath(Path(private_location, name), settings.MEDIA_ROOT)
        addresses.append(f"/media/{relative}")
    return addresses


@pytest.mark.parametrize("label", sorted(PRIVATE_FILE_FIELDS))
def test_a_private_file_reaches_only_the_right_people(
    client, label, storage_mode, debug, people, s3_bucket
):
    rule = PRIVATE_FILE_FIELDS[label]
    field_name = label.rsplit(".", 1)[1]
    instance = rule.make(people)
    stored = getattr(instance, field_name)
    try:
        with stored.open("rb") as handle:
            content = handle.read()
        assert content

        # Its address exists only as a page of PeerPath: the storage hands out no link.
        with pytest.raises(NotImplementedError):
            stored.url  # noqa: B018 - the property is what is tested

        for url, allowed in rule.downloads(instance):
            client.logout()
            anonymous = client.get(url)
            assert anonymous.status_code == 302, url
            assert anonymous["Location"].startswith(reverse("account_login"))

            for person in PEOPLE:
                client.force_login(people[person])
                response = client.get(url)
                body = _body(response)
                if person in allowed:
                    assert response.status_code == 200, (url, person)
                    assert body == content
                    assert response["X-Content-Type-Options"] == "nosniff"
                    assert response["Content-Disposition"].startswith(("attachment;", "inline;"))
                    cache_control = response["Cache-Control"]
                    assert "no-store" in cache_control and "private" in cache_control
                else:
                    assert response.status_code in (403, 404), (url, person)
                    assert content not in body

        for address in _guessed_addresses(stored.name, storage_mode):
            for person in (None, "trainee", "staff"):
                client.logout()
                if person:
                    client.force_login(people[person])
                response = client.get(address)
                assert response.status_code in (400, 404), (address, person)
                assert content not in _body(response)
    finally:
        stored.delete(save=False)


@pytest.mark.stack
@pytest.mark.parametrize("label", sorted(PRIVATE_FILE_FIELDS))
def test_on_s3_private_files_sit_apart_and_grant_nobody_else_access(
    label, people, s3_bucket, settings
):
    require_stack("AWS_STORAGE_BUCKET_NAME")
    rule = PRIVATE_FILE_FIELDS[label]
    stored = getattr(rule.make(people), label.rsplit(".", 1)[1])
    private = settings.STORAGES["private"]["OPTIONS"]
    key = f"{private['location']}/{stored.name}"
    try:
        listed = s3_bucket.list_objects_v2(Bucket=private["bucket_name"], Prefix=key)
        assert [item["Key"] for item in listed.get("Contents", [])] == [key]
        grants = s3_bucket.get_object_acl(Bucket=private["bucket_name"], Key=key)["Grants"]
        assert [grant["Grantee"].get("URI") for grant in grants] == [None]
        assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    finally:
        stored.delete(save=False)


# ------------------------------------------------------------------------------
# How a file is handed over
# ------------------------------------------------------------------------------
def test_a_certificate_photo_opens_in_the_browser_named_after_the_training(client, people):
    png = b"\x89PNG\r\n\x1a\n" + uuid.uuid4().bytes
    training = external_training.external_training_add(
        person=people["trainee"],
        provider="Recovery Coach Academy",
        title="Ethics in peer work",
        date=timezone.localdate(),
        hours=Decimal("2"),
        modality=TrainingModality.IN_PERSON,
        certificate=SimpleUploadedFile("IMG_2231 Jamie.PNG", png, "image/png"),
        domain_hours={},
        topic_hours={},
    )
    try:
        assert "Jamie" not in training.certificate.name
        assert training.certificate.name.endswith(".png")
        client.force_login(people["trainee"])
        response = client.get(reverse("certification:training_certificate", args=[training.pk]))
        assert response["Content-Type"] == "image/png"
        assert (
            response["Content-Disposition"]
            == 'inline; filename="certificate-ethics-in-peer-work.png"'
        )
        assert _body(response) == png
    finally:
        training.certificate.delete(save=False)


def test_a_file_missing_from_storage_answers_404_not_an_error(client, people):
    application = _make_packet(people)
    application.packet.storage.delete(application.packet.name)
    client.force_login(people["staff"])
    response = client.get(reverse("certification:application_packet", args=[application.pk]))
    assert response.status_code == 404


# ------------------------------------------------------------------------------
# Files uploaded before private storage existed
# ------------------------------------------------------------------------------
def test_files_uploaded_before_move_out_of_public_reach_and_keep_working(
    client, storage_mode, people, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    migration = importlib.import_module("certification.migrations.0009_private_files")
    training = _make_certificate(people)
    training.certificate.delete(save=False)
    old_name = default_storage.save(
        f"external-training/2025/01/{uuid.uuid4().hex[:6]}-certificate.pdf",
        ContentFile(PDF + b"uploaded last year"),
    )
    type(training).objects.filter(pk=training.pk).update(certificate=old_name)

    with django_capture_on_commit_callbacks(execute=True):
        migration.move_existing_files_to_private_storage(apps, None)

    training.refresh_from_db()
    try:
        assert training.certificate.name != old_name
        assert re.search(r"/[0-9a-f]{32}\.pdf$", training.certificate.name)
        assert not default_storage.exists(old_name)
        client.force_login(people["trainee"])
        response = client.get(reverse("certification:training_certificate", args=[training.pk]))
        assert _body(response) == PDF + b"uploaded last year"
        # Running it again changes nothing.
        migration.move_existing_files_to_private_storage(apps, None)
        assert (
            type(training).objects.get(pk=training.pk).certificate.name == training.certificate.name
        )
    finally:
        training.certificate.delete(save=False)


# ------------------------------------------------------------------------------
# The system check: a private folder inside a served one is refused
# ------------------------------------------------------------------------------
def test_the_system_check_refuses_a_private_folder_inside_the_media_folder(settings, tmp_path):
    from lms.private_files import check_private_location

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "lms.private_files.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media" / "private")},
        },
    }
    assert [error.id for error in check_private_location()] == ["cms.E102"]
    settings.STORAGES["private"]["OPTIONS"]["location"] = str(tmp_path / "private-media")
    assert check_private_location() == []
