"""Staff enrol cohorts: picking trainees, and importing a CSV of emails all or nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from lms import personal_pages
from lms.accounts.models import Invitation, Role
from lms.accounts.services import invitation_accept
from lms.learning import cohorts as learning
from lms.learning import services as learning_services
from lms.learning.models import Cohort, CohortInvitation, Enrollment
from tests.factories import UserFactory, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(organization, program, staff):
    return learning.cohort_create(
        organization=organization,
        name="Spring evening group",
        program=program,
        starts_on="2027-03-01",
        created_by=staff,
    )


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def upload(text: str, name: str = "people.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_staff_create_a_cohort_from_the_page(staff_client, program):
    response = staff_client.post(
        reverse("lms:cohorts"),
        {"name": "Autumn group", "program": program.pk, "starts_on": "2027-09-01"},
    )
    cohort = Cohort.objects.get(name="Autumn group")
    assert response.url == reverse("lms:cohort", args=[cohort.pk])


def test_cohort_end_before_start_is_refused(staff_client, program):
    response = staff_client.post(
        reverse("lms:cohorts"),
        {
            "name": "Backwards",
            "program": program.pk,
            "starts_on": "2027-09-01",
            "ends_on": "2027-08-01",
        },
    )
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()


def test_staff_enrol_chosen_trainees(staff_client, cohort, trainee):
    staff_client.post(reverse("lms:cohort_enrol", args=[cohort.pk]), {"trainees": [trainee.pk]})
    enrollment = Enrollment.objects.get(user=trainee)
    assert (enrollment.program_id, enrollment.cohort) == (cohort.program_id, cohort)


def test_staff_of_another_organisation_cannot_see_the_cohort(client, other_staff, cohort):
    client.force_login(other_staff)
    assert client.get(reverse("lms:cohort", args=[cohort.pk])).status_code == 404
    response = client.post(
        reverse("lms:cohort_import", args=[cohort.pk]), {"file": upload("a@example.org")}
    )
    assert response.status_code == 404


def test_csv_without_errors_enrols_and_invites_at_once(
    staff_client, cohort, trainee, django_capture_on_commit_callbacks
):
    csv = f"email\n{trainee.email.upper()}\nnew.person@example.org\n"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = staff_client.post(
            reverse("lms:cohort_import", args=[cohort.pk]), {"file": upload(csv)}
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enrolled in the cohort." in body
    assert "Invited to join as a trainee" in body
    assert Enrollment.objects.filter(user=trainee, cohort=cohort).exists()
    invitation = Invitation.objects.get(email="new.person@example.org")
    assert invitation.role == Role.TRAINEE
    assert CohortInvitation.objects.filter(cohort=cohort, invitation=invitation).exists()
    # The invitation email, queued on commit (besides the kept pages' retirement).
    assert len([c for c in callbacks if not isinstance(c, personal_pages.Flush)]) == 1


def test_csv_with_an_error_enrols_nobody_until_staff_confirm(staff_client, cohort, trainee):
    csv = f"{trainee.email}\nnot-an-email\nnew.person@example.org\n{trainee.email}\n"
    response = staff_client.post(
        reverse("lms:cohort_import", args=[cohort.pk]), {"file": upload(csv)}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "This is not an email address." in body
    assert "This address is already on line 1." in body
    assert "nobody has been enrolled or invited yet" in body
    assert not Enrollment.objects.exists()
    assert not Invitation.objects.exists()

    confirm = staff_client.post(
        reverse("lms:cohort_import", args=[cohort.pk]),
        {"csv_text": csv},
    )
    assert confirm.status_code == 200
    assert Enrollment.objects.filter(user=trainee, cohort=cohort).count() == 1
    assert Invitation.objects.filter(email="new.person@example.org").count() == 1


def test_every_row_gets_a_result(cohort, staff, trainee, other_trainee, program):
    learning_services.enrollment_create(trainee=other_trainee, program=program)
    outsider = UserFactory(email="outsider@example.org")
    result = learning.cohort_import_plan(
        cohort=cohort,
        actor=staff,
        text=f"{trainee.email}\n{other_trainee.email}\n{outsider.email}\nwho?\n",
    )
    assert [row.outcome for row in result.rows] == [
        "enrolled",
        "already_enrolled",
        "invited",
        "error",
    ]


def test_accepting_a_cohort_invitation_enrols_the_new_trainee(cohort, staff):
    result = learning.cohort_import_apply(cohort=cohort, actor=staff, text="sam@example.org\n")
    assert result.applied
    invitation = Invitation.objects.get(email="sam@example.org")
    token = "token-for-test"
    from lms.accounts.models import hash_secret

    Invitation.objects.filter(pk=invitation.pk).update(token_digest=hash_secret(token))
    user = invitation_accept(token=token, display_name="Sam", password="a-long-pass-phrase-1")
    assert Enrollment.objects.filter(user=user, program=cohort.program, cohort=cohort).exists()


def test_import_rolls_back_whole_when_a_row_fails_while_applying(
    cohort, staff, organization, monkeypatch
):
    existing = person_with_role(Role.TRAINEE, organization, email="kai@example.org")

    def broken_invitation(**kwargs):
        raise RuntimeError("mail server exploded")

    monkeypatch.setattr("lms.learning.cohorts.invitation_create", broken_invitation)
    with pytest.raises(RuntimeError):
        learning.cohort_import_apply(
            cohort=cohort, actor=staff, text=f"{existing.email}\nnew@example.org\n"
        )
    assert not Enrollment.objects.exists()


def test_unreadable_or_empty_file_is_refused_whole(staff_client, cohort):
    response = staff_client.post(
        reverse("lms:cohort_import", args=[cohort.pk]), {"file": upload("\n\n")}
    )
    assert response.status_code == 400
    assert "The file has no email addresses in it." in response.content.decode()


def test_cohort_page_shows_each_trainees_progress_in_fixed_queries(
    staff_client, cohort, staff, trainee, other_trainee, organization, module, lessons
):
    from tests.lms.learning.test_services import correct_answers
    from tests.lms.learning.test_views import count_queries

    learning.cohort_enroll(cohort=cohort, trainees=[trainee, other_trainee], enrolled_by=staff)
    for lesson in lessons:
        learning_services.lesson_complete(user=trainee, lesson=lesson)
    attempt = learning_services.attempt_start(user=trainee, module=module)
    learning_services.attempt_submit(
        user=trainee, attempt=attempt, answers=correct_answers(attempt)
    )
    page = staff_client.get(reverse("lms:cohort", args=[cohort.pk])).content.decode()
    assert "1 of 1" in page and "0 of 1" in page
    assert "not started" in page
    assert "What would you do?" not in page  # no reflection content leaks to staff
    url = reverse("lms:cohort", args=[cohort.pk])
    with_two = count_queries(staff_client, url)
    more = [person_with_role(Role.TRAINEE, organization) for _number in range(10)]
    learning.cohort_enroll(cohort=cohort, trainees=more, enrolled_by=staff)
    assert count_queries(staff_client, url) == with_two
