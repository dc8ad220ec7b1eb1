"""An entry logged on a phone without a signal carries a key the phone made: however often it
is sent, the server makes it once (issue 18)."""

import uuid

from django.urls import reverse

import pytest

from certification.models import AuditEvent
from certification.supervision import services
from certification.supervision.models import PracticeLogEntry
from tests.certification.conftest import entry_values

pytestmark = pytest.mark.django_db


def test_sending_an_entry_again_with_its_key_returns_the_first(trainee, agreement, domain):
    key = uuid.uuid4()
    first = services.practice_entry_create(
        trainee=trainee, submit=True, client_key=key, **entry_values(domain)
    )
    again = services.practice_entry_create(
        trainee=trainee, submit=True, client_key=key, **entry_values(domain)
    )
    assert again.pk == first.pk
    assert PracticeLogEntry.objects.filter(trainee=trainee).count() == 1
    assert AuditEvent.objects.filter(action="practice.create").count() == 1
    assert AuditEvent.objects.get(action="practice.create").after["client_key"] == str(key)


def test_the_form_answers_json_for_the_offline_queue(client, trainee, agreement, domain):
    client.force_login(trainee)
    key = str(uuid.uuid4())
    data = {
        **{name: value for name, value in entry_values(domain).items() if name != "domain"},
        "domain": domain.pk,
        "action": "submit",
        "client_key": key,
    }
    url = reverse("certification:practice_entry_create")
    made = client.post(url, data, HTTP_ACCEPT="application/json")
    assert made.status_code == 201
    replayed = client.post(url, data, HTTP_ACCEPT="application/json")
    assert replayed.status_code == 201
    assert replayed.json()["id"] == made.json()["id"]
    refused = client.post(
        url,
        {**data, "client_key": str(uuid.uuid4()), "date": "2999-01-01"},
        HTTP_ACCEPT="application/json",
    )
    assert refused.status_code == 400
    assert "date" in refused.json()["errors"]
    assert PracticeLogEntry.objects.filter(trainee=trainee).count() == 1
