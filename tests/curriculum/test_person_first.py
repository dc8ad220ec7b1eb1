"""Person-first language in the editor (issue 21 item 4): a page with a stigmatising word
shows each finding with its suggestion; saving anyway needs a reason, which is recorded."""

from django.urls import reverse
from django.utils import translation

import pytest

from curriculum import person_first
from curriculum.models import LessonPage, ModulePage, PersonFirstException
from tests.curriculum.admin_forms import module_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Every addict deserves support.", "addict"),
        ("<p>Substance abuse is a disease.</p>", "Substance abuse"),
        ("Her urine test came back clean.", "test came back clean"),
        ("A dirty UA is not a moral failing.", "dirty UA"),
        ("He has stayed clean for a year.", "stayed clean"),
        ("No es un adicto.", "adicto"),
        ("el abuso de sustancias", "abuso de sustancias"),
    ],
)
def test_the_list_finds_stigmatising_words_with_a_suggestion(text, found):
    (finding,) = person_first.findings(text)
    assert finding.found == found
    assert finding.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "A person with a substance use disorder; the test was negative.",
        "Keep the kitchen clean; clean-up after group.",
        "Addiction is a health condition.",
        "Trastorno por uso de sustancias.",
    ],
)
def test_person_first_wording_passes(text):
    assert person_first.findings(text) == []


def test_the_editor_shows_each_finding_and_keeps_the_reason_when_saving_anyway(
    client, staff, own_program, ethics_domain
):
    client.force_login(staff)
    url = reverse("wagtailadmin_pages:add", args=["curriculum", "modulepage", own_program.pk])
    data = module_form_data(
        title="History of recovery",
        contact_hours="1",
        domains=[(ethics_domain, "1")],
        summary="The 1939 book called every member an alcoholic and an addict.",
    )
    refused = client.post(url, data)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "“addict”: write “person with a substance use disorder; person in recovery”" in page
    assert not ModulePage.objects.filter(slug="history-of-recovery").exists()

    data["person_first_reason"] = "A quotation from a historical text, shown as such."
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context["form"].errors
    module = ModulePage.objects.get(slug="history-of-recovery")
    exception = PersonFirstException.objects.get(page=module)
    assert exception.terms == ["addict"]
    assert exception.reason.startswith("A quotation")
    assert exception.user == staff


def test_a_lesson_body_is_checked_too(client, staff, own_module):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    client.force_login(staff)
    url = reverse("wagtailadmin_pages:add", args=["curriculum", "lessonpage", own_module.pk])
    data = nested_form_data(
        {
            "title": "Talking about test results",
            "slug": "talking-about-test-results",
            "summary": "",
            "estimated_minutes": "10",
            "content_note": "",
            "body": streamfield([("text", rich_text("<p>Celebrate a clean test with them.</p>"))]),
            "comments": {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0",
                         "MAX_NUM_FORMS": "1000"},
        }
    )  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    assert "“clean test”: write “negative (test result)”" in response.content.decode()
    assert not LessonPage.objects.filter(slug="talking-about-test-results").exists()
