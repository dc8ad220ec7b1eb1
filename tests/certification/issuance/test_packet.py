"""The application packet: built by a Celery task after the application commits, stored (on
S3 when configured), downloadable by the applicant and their organisation's staff only, and
never printing the lived-experience attestation."""

import shutil
import subprocess

from django.urls import reverse
from django.utils import translation

import pytest

from certification.issuance.models import PacketStatus
from certification.issuance.packet import application_packet_build
from certification.issuance.services import credential_application_submit
from certification.issuance.tasks import build_application_packet
from tests.certification.credential_builders import make_completion
from tests.certification.issuance.test_applications import make_definition, meet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def application(trainee, domains, django_capture_on_commit_callbacks):
    make_completion(trainee, hours="3", domains={"advocacy": "3"}, title="Advocacy basics")
    meet(trainee)
    with django_capture_on_commit_callbacks(execute=True):
        application = credential_application_submit(applicant=trainee, definition=make_definition())
    application.refresh_from_db()
    return application


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "packet.pdf"
    path.write_bytes(content)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("pdftotext"), "-layout", str(path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def test_applying_builds_the_packet_in_the_background(application):
    assert application.packet_status == PacketStatus.READY
    assert application.packet.name.endswith(".pdf")


def test_the_packet_lists_the_records_and_never_lived_experience(
    client, application, staff, tmp_path
):
    client.force_login(staff)
    response = client.get(reverse("certification:application_packet", args=[application.pk]))
    assert response.status_code == 200
    text = pdf_text(b"".join(response.streaming_content), tmp_path)
    assert "Jamie Trainee" in text
    assert "Ethics credential" in text
    assert "Advocacy basics" in text
    assert "Signed code of ethics" in text
    assert "lived" not in text.lower()


def test_building_again_changes_nothing(application):
    name = application.packet.name
    build_application_packet.delay(application.pk)
    assert application_packet_build(application_id=application.pk).packet.name == name


def test_only_the_applicant_and_their_staff_download_it(
    client, application, trainee, other_staff, other_trainee
):
    url = reverse("certification:application_packet", args=[application.pk])
    for person in (other_staff, other_trainee):
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.force_login(trainee)
    assert client.get(url).status_code == 200


def test_staff_see_progress_while_it_builds(client, trainee, staff):
    meet(trainee)
    application = credential_application_submit(applicant=trainee, definition=make_definition())
    client.force_login(staff)
    url = reverse("certification:staff_application", args=[application.pk])
    page = client.get(url).content.decode()
    assert "is being prepared" in page
    assert 'hx-trigger="every 3s"' in page
    application_packet_build(application_id=application.pk)
    fragment = client.get(
        reverse("certification:application_packet_status", args=[application.pk])
    ).content.decode()
    assert "Download the application packet (PDF)" in fragment
    assert "hx-trigger" not in fragment
