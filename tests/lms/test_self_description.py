"""Describing oneself for the equity view: optional, changeable, deletable, never shown to
anyone, in the person's copy of their data and gone when the account closes."""

import re

from django.urls import reverse

from lms.accounts.models import Role, SelfDescription
from tests.factories import OrganizationFactory, person_with_role


def test_a_trainee_answers_some_questions_and_changes_them(client, db):
    trainee = person_with_role(Role.TRAINEE, OrganizationFactory())
    client.force_login(trainee)
    page = client.get(reverse("lms:self_description"))
    assert page.status_code == 200
    assert "Every question is optional" in page.content.decode()
    response = client.post(reverse("lms:self_description"), {"gender": "woman", "age_band": ""})
    assert response.status_code == 302
    answers = SelfDescription.objects.get(user=trainee)
    assert (answers.gender, answers.age_band, answers.race_ethnicity) == ("woman", "", "")
    client.post(reverse("lms:self_description"), {"gender": "prefer_not", "veteran": "no"})
    answers.refresh_from_db()
    assert (answers.gender, answers.veteran) == ("prefer_not", "no")


def test_an_unknown_answer_is_refused_kindly_and_the_rest_kept(client, db):
    trainee = person_with_role(Role.TRAINEE, OrganizationFactory())
    client.force_login(trainee)
    response = client.post(reverse("lms:self_description"), {"gender": "robot", "veteran": "yes"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice" in html
    # The valid answer typed alongside is kept, chosen as it was.
    assert re.search(r'name="veteran" value="yes"[^>]*checked', html)
    assert not SelfDescription.objects.filter(user=trainee).exists()


def test_answers_are_deleted_on_request(client, db):
    trainee = person_with_role(Role.TRAINEE, OrganizationFactory())
    SelfDescription.objects.create(user=trainee, gender="man")
    client.force_login(trainee)
    response = client.post(reverse("lms:self_description"), {"action": "delete"})
    assert response.status_code == 302
    assert not SelfDescription.objects.filter(user=trainee).exists()


def test_clearing_every_answer_keeps_nothing(client, db):
    trainee = person_with_role(Role.TRAINEE, OrganizationFactory())
    SelfDescription.objects.create(user=trainee, gender="man")
    client.force_login(trainee)
    client.post(reverse("lms:self_description"), {"gender": ""})
    assert not SelfDescription.objects.filter(user=trainee).exists()


def test_the_answers_are_in_the_persons_copy_and_gone_when_the_account_closes(db):
    import io
    import json
    import zipfile

    from certification.privacy import services as privacy
    from certification.privacy.export import build_archive

    trainee = person_with_role(Role.TRAINEE, OrganizationFactory())
    SelfDescription.objects.create(user=trainee, language="spanish")
    archive = zipfile.ZipFile(io.BytesIO(build_archive(trainee)))
    name = next(name for name in archive.namelist() if name.endswith("about_you.json"))
    assert json.loads(archive.read(name))[0]["language"] == "spanish"
    closure = privacy.closure_request(person=trainee)
    privacy.account_close(closure=closure)
    assert not SelfDescription.objects.filter(user=trainee).exists()
