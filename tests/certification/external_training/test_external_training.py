"""Training taken elsewhere: adding it, staff review, scope, and how the engine counts it."""

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from certification.external_training import services
from certification.external_training.models import (
    ExternalTraining,
    ExternalTrainingStatus,
    external_event_key,
)
from certification.models import AuditEvent
from certification.rules.collect import collect_records
from certification.rules.kinds import TrainingModality
from curriculum.models import Topic
from tests.conftest import require_stack

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def external_training(person, as_of):
    """The person's records of training taken elsewhere, as the rules engine gets them."""
    return [
        record
        for record in collect_records(person, as_of).training
        if record.ref.startswith("external-training:")
    ]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def ethics(domains):
    return Topic.objects.get(slug="ethics")


def certificate(name="certificate.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def add(person, **overrides) -> ExternalTraining:
    values = {
        "provider": "Recovery Coach Academy",
        "title": "Ethics in peer work",
        "date": days_ago(10),
        "hours": Decimal("6"),
        "modality": TrainingModality.IN_PERSON,
        "certificate": certificate(),
    }
    values.update(overrides)
    return services.external_training_add(person=person, **values)


# ------------------------------------------------------------------------------
# Adding: validation
# ------------------------------------------------------------------------------
def test_a_trainee_adds_training_with_its_split_and_it_waits_for_review(trainee, domains, ethics):
    training = add(
        trainee,
        domain_hours={domains["ethical-responsibility"]: Decimal("6")},
        topic_hours={ethics: Decimal("6")},
    )
    assert training.status == ExternalTrainingStatus.SUBMITTED
    assert training.certificate.name.startswith("external-training/")
    assert [(r.domain.slug, r.hours) for r in training.domain_hours.all()] == [
        ("ethical-responsibility", Decimal("6.00"))
    ]
    event = AuditEvent.objects.get(action="external_training.add")
    assert event.target_id == str(training.pk)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": None}, "date", "This field cannot be null."),
        ({"hours": Decimal("0")}, "hours", "above zero"),
        ({"hours": Decimal("-1")}, "hours", "above zero"),
        ({"hours": Decimal("1.3")}, "hours", "quarter hours"),
        ({"provider": "  "}, "provider", "This field cannot be blank."),
        ({"modality": "telepathy"}, "modality", "is not a valid choice"),
        ({"certificate": certificate("notes.exe", b"MZ")}, "certificate", "not allowed"),
        ({"certificate": certificate("fake.pdf", b"<html>")}, "certificate", "not a PDF"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_saved(
    trainee, overrides, field, message
):
    with pytest.raises(ValidationError) as error:
        add(trainee, **overrides)
    assert any(message in text for text in error.value.message_dict[field])
    assert not ExternalTraining.objects.exists()
    assert not AuditEvent.objects.filter(action="external_training.add").exists()


def test_a_date_in_the_future_is_refused(trainee):
    with pytest.raises(ValidationError) as error:
        add(trainee, date=timezone.localdate() + datetime.timedelta(days=1))
    assert "in the future" in error.value.message_dict["date"][0]
    assert not ExternalTraining.objects.exists()


def test_domains_of_one_framework_cannot_add_up_to_more_than_the_hours(trainee, domains):
    with pytest.raises(ValidationError) as error:
        add(
            trainee,
            hours=Decimal("6"),
            domain_hours={
                domains["advocacy"]: Decimal("4"),
                domains["ethical-responsibility"]: Decimal("3"),
            },
        )
    assert "add up to 7 hours, more than the training's 6 hours" in error.value.messages[0]
    assert not ExternalTraining.objects.exists()


def test_a_topic_cannot_have_more_hours_than_the_training(trainee, ethics):
    with pytest.raises(ValidationError) as error:
        add(trainee, hours=Decimal("2"), topic_hours={ethics: Decimal("3")})
    assert "At most the training's 2 hours" in error.value.message_dict[f"topic_{ethics.pk}"][0]


def test_a_photo_of_the_certificate_is_accepted(trainee):
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 32
    training = add(trainee, certificate=certificate("photo.png", png, "image/png"))
    assert training.certificate.name.endswith(".png")


def test_a_certificate_over_ten_megabytes_is_refused(trainee, settings):
    big = certificate(content=b"%PDF" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        add(trainee, certificate=big)
    assert "larger than 10 MB" in error.value.message_dict["certificate"][0]


def test_a_failed_save_leaves_no_certificate_in_storage(trainee, monkeypatch):
    from lms.private_files import private_storage

    saved = []
    original_save = private_storage.save

    def remember(name, content, **kwargs):
        saved.append(original_save(name, content, **kwargs))
        return saved[-1]

    def fail(**kwargs):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr(private_storage, "save", remember)
    monkeypatch.setattr(services.audit, "record", fail)
    with pytest.raises(RuntimeError):
        add(trainee)
    assert saved and not private_storage.exists(saved[0])
    assert not ExternalTraining.objects.exists()


def test_only_trainees_add_training(staff):
    with pytest.raises(PermissionDenied):
        add(staff)


def test_the_event_key_ignores_case_and_spacing():
    day = datetime.date(2026, 3, 1)
    assert external_event_key(
        provider="Recovery  Coach Academy", title="ETHICS", date=day
    ) == external_event_key(provider="recovery coach academy ", title="ethics", date=day)


# ------------------------------------------------------------------------------
# Review
# ------------------------------------------------------------------------------
def test_staff_verify_and_the_event_is_audited(trainee, staff):
    training = services.external_training_verify(training=add(trainee), reviewer=staff)
    assert training.status == ExternalTrainingStatus.VERIFIED
    assert training.reviewed_by == staff
    assert AuditEvent.objects.filter(action="external_training.verify").count() == 1


def test_declining_needs_a_reason(trainee, staff):
    training = add(trainee)
    with pytest.raises(ValidationError):
        services.external_training_decline(training=training, reviewer=staff, reason=" ")
    declined = services.external_training_decline(
        training=training, reviewer=staff, reason="The certificate has no hours on it."
    )
    assert declined.status == ExternalTrainingStatus.DECLINED
    assert AuditEvent.objects.filter(action="external_training.decline").count() == 1


def test_staff_of_another_organisation_cannot_review(trainee, other_staff):
    training = add(trainee)
    with pytest.raises(PermissionDenied):
        services.external_training_verify(training=training, reviewer=other_staff)
    training.refresh_from_db()
    assert training.status == ExternalTrainingStatus.SUBMITTED


def test_a_trainee_cannot_verify_their_own_training(trainee):
    with pytest.raises(PermissionDenied):
        services.external_training_verify(training=add(trainee), reviewer=trainee)


def test_a_reviewed_record_is_not_reviewed_again(trainee, staff):
    training = services.external_training_verify(training=add(trainee), reviewer=staff)
    with pytest.raises(ValidationError):
        services.external_training_decline(training=training, reviewer=staff, reason="Oops")


# ------------------------------------------------------------------------------
# What the engine sees
# ------------------------------------------------------------------------------
def test_only_verified_training_counts(trainee, staff, domains, ethics):
    waiting = add(trainee, title="Waiting")
    declined = services.external_training_decline(
        training=add(trainee, title="Declined"), reviewer=staff, reason="Not legible."
    )
    verified = services.external_training_verify(
        training=add(
            trainee,
            title="Verified",
            domain_hours={domains["ethical-responsibility"]: Decimal("6")},
            topic_hours={ethics: Decimal("6")},
        ),
        reviewer=staff,
    )
    records = collect_records(trainee)
    refs = {record.ref for record in records.training}
    assert f"external-training:{verified.pk}" in refs
    assert f"external-training:{waiting.pk}" not in refs
    assert f"external-training:{declined.pk}" not in refs
    (record,) = records.training
    assert record.hours_in_domain(("icrc_pr", "ethical-responsibility")) == Decimal("6")
    assert record.hours_in_topic("ethics") == Decimal("6")


def test_the_same_event_entered_twice_earns_one_credit(trainee, staff):
    from certification.rules.windows import one_per_event

    first = services.external_training_verify(training=add(trainee), reviewer=staff)
    second = services.external_training_verify(
        training=add(trainee, title="  ethics IN peer work", certificate=certificate("b.pdf")),
        reviewer=staff,
    )
    assert first.event_key == second.event_key
    counted = list(one_per_event(collect_records(trainee).training))
    assert len(counted) == 1


def test_training_dated_after_as_of_does_not_count(trainee, staff):
    services.external_training_verify(training=add(trainee, date=days_ago(5)), reviewer=staff)
    assert external_training(trainee, days_ago(6)) == []
    assert len(external_training(trainee, days_ago(5))) == 1


def test_collecting_external_training_runs_a_fixed_number_of_queries(
    trainee, staff, domains, ethics, django_assert_num_queries
):
    for index in range(5):
        services.external_training_verify(
            training=add(
                trainee,
                title=f"Training {index}",
                domain_hours={domains["advocacy"]: Decimal("1")},
                topic_hours={ethics: Decimal("1")},
            ),
            reviewer=staff,
        )
    with django_assert_num_queries(1):  # with every other kind of record: lms.one_trip
        assert len(external_training(trainee, timezone.localdate())) == 5


# ------------------------------------------------------------------------------
# Pages
# ------------------------------------------------------------------------------
def form_data(**overrides) -> dict:
    data = {
        "provider": "Recovery Coach Academy",
        "title": "Ethics in peer work",
        "date": days_ago(3).isoformat(),
        "hours": "6",
        "modality": TrainingModality.LIVE_ONLINE,
        "certificate": certificate(),
    }
    data.update(overrides)
    return data


def test_the_trainee_page_adds_training(client, trainee, domains, ethics):
    client.force_login(trainee)
    url = reverse("certification:training_home")
    data = form_data(
        **{f"domain_{domains['ethical-responsibility'].pk}": "6", f"topic_{ethics.pk}": "6"}
    )
    response = client.post(url, data)
    assert response.status_code == 302
    training = ExternalTraining.objects.get(person=trainee)
    assert training.topic_hours.get().hours == Decimal("6")
    page = client.get(url)
    assert "Ethics in peer work" in page.content.decode()
    assert "Waiting for review" in page.content.decode()


def test_the_trainee_page_keeps_what_was_typed_when_something_is_wrong(client, trainee, domains):
    client.force_login(trainee)
    data = form_data(
        hours="2",
        title="Advocacy basics",
        **{f"domain_{domains['advocacy'].pk}": "3"},
    )
    response = client.post(reverse("certification:training_home"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "more than the training" in body
    assert 'value="Advocacy basics"' in body
    assert not ExternalTraining.objects.exists()


def test_someone_elses_certificate_answers_404(client, trainee, other_trainee, outside_trainee):
    training = add(trainee)
    client.force_login(other_trainee)
    url = reverse("certification:training_certificate", args=[training.pk])
    assert client.get(url).status_code == 404
    client.force_login(trainee)
    assert client.get(url).status_code == 200


def test_staff_of_another_organisation_get_404(client, trainee, other_staff):
    training = add(trainee)
    client.force_login(other_staff)
    for name in ("staff_training", "staff_training_certificate"):
        assert client.get(reverse(f"certification:{name}", args=[training.pk])).status_code == 404
    response = client.post(reverse("certification:staff_training_verify", args=[training.pk]))
    assert response.status_code == 404
    training.refresh_from_db()
    assert training.status == ExternalTrainingStatus.SUBMITTED


def test_staff_verify_and_decline_from_the_page(client, trainee, staff):
    first, second = add(trainee, title="One"), add(trainee, title="Two")
    client.force_login(staff)
    client.post(reverse("certification:staff_training_verify", args=[first.pk]))
    response = client.post(
        reverse("certification:staff_training_decline", args=[second.pk]), {"decline-reason": ""}
    )
    assert response.status_code == 400
    client.post(
        reverse("certification:staff_training_decline", args=[second.pk]),
        {"decline-reason": "The hours are not on the certificate."},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ExternalTrainingStatus.VERIFIED
    assert second.status == ExternalTrainingStatus.DECLINED


def test_the_staff_list_filters_by_status_and_hides_other_organisations(
    client, trainee, outside_trainee, staff
):
    add(trainee, title="Ours waiting")
    services.external_training_verify(training=add(trainee, title="Ours verified"), reviewer=staff)
    add(outside_trainee, title="Theirs")
    client.force_login(staff)
    body = client.get(reverse("certification:staff_training_list")).content.decode()
    assert "Ours waiting" in body and "Ours verified" in body and "Theirs" not in body
    body = client.get(
        reverse("certification:staff_training_list"), {"status": "verified"}
    ).content.decode()
    assert "Ours verified" in body and "Ours waiting" not in body


def test_list_pages_run_the_same_queries_with_one_and_many_records(
    client, trainee, staff, domains, ethics, django_assert_num_queries
):
    def make(count, offset):
        for index in range(count):
            add(
                trainee,
                title=f"Training {offset + index}",
                domain_hours={domains["advocacy"]: Decimal("1")},
                topic_hours={ethics: Decimal("1")},
            )

    make(1, 0)
    pages = [
        (trainee, reverse("certification:training_home")),
        (staff, reverse("certification:staff_training_list")),
    ]
    counts = []
    for user, url in pages:
        client.force_login(user)
        client.get(url)  # warm the per-process caches (site, settings) first
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    make(20, 1)
    for (user, url), expected in zip(pages, counts, strict=True):
        client.force_login(user)
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200


# ------------------------------------------------------------------------------
# S3
# ------------------------------------------------------------------------------
@pytest.mark.stack
def test_the_certificate_is_stored_on_the_s3_server(trainee, s3_bucket, settings):
    require_stack("AWS_STORAGE_BUCKET_NAME")
    content = PDF + uuid.uuid4().hex.encode()
    training = add(trainee, certificate=certificate(content=content))
    private = settings.STORAGES["private"]["OPTIONS"]
    key = f"{private['location']}/{training.certificate.name}"
    try:
        listed = s3_bucket.list_objects_v2(Bucket=private["bucket_name"], Prefix=key)
        assert [item["Key"] for item in listed.get("Contents", [])] == [key]
        with training.certificate.open("rb") as stored:
            assert stored.read() == content
    finally:
        training.certificate.delete(save=False)
