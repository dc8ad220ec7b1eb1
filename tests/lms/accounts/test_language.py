"""Choosing the language: the account's choice wins, visitors get their browser's language,
and the switcher on every page remembers a choice (in a cookie, and on the account)."""

from django.conf import settings
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from lms.accounts.models import User

pytestmark = pytest.mark.django_db


def _switcher_buttons(response):
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", action=reverse("lms:language_set"))
    return {button["value"]: button for button in form.find_all("button")}


def test_a_visitor_whose_browser_prefers_spanish_reads_spanish(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "Saltar al contenido principal" in html
    assert "Skip to main content" not in html


def test_every_page_offers_the_other_language_named_in_itself(client):
    buttons = _switcher_buttons(client.get(reverse("account_login")))
    assert list(buttons) == ["es"]
    assert buttons["es"].get_text(strip=True) == "Español"
    assert buttons["es"]["lang"] == "es"
    buttons = _switcher_buttons(client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="es"))
    assert list(buttons) == ["en"]
    assert buttons["en"].get_text(strip=True) == "English"


def test_a_visitor_who_switches_to_spanish_keeps_it_on_the_next_pages(client):
    response = client.post(
        reverse("lms:language_set"), {"language": "es", "next": reverse("lms:verify_form")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("lms:verify_form")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="es">' in page.content.decode()


def test_signing_up_after_switching_to_spanish_offers_spanish_for_the_account(client):
    client.post(reverse("lms:language_set"), {"language": "es", "next": "/"})
    soup = BeautifulSoup(client.get(reverse("account_signup")).content, "html.parser")
    chosen = soup.find("select", attrs={"name": "preferred_language"}).find("option", selected=True)
    assert chosen["value"] == "es"


def test_switching_while_signed_in_is_saved_to_the_account(client, trainee):
    client.force_login(trainee)
    client.post(reverse("lms:language_set"), {"language": "es", "next": "/learn/"})
    trainee.refresh_from_db()
    assert trainee.preferred_language == "es"


def test_the_account_language_wins_over_the_browser_and_the_cookie(client, trainee):
    trainee.preferred_language = "es"
    trainee.save(update_fields=["preferred_language"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(trainee)
    response = client.get("/learn/", HTTP_ACCEPT_LANGUAGE="en-US")
    assert '<html lang="es">' in response.content.decode()
    assert "Mi aprendizaje" in response.content.decode()


def test_a_language_we_do_not_offer_changes_nothing(client, trainee):
    client.force_login(trainee)
    response = client.post(reverse("lms:language_set"), {"language": "xx", "next": "/learn/"})
    assert response.status_code == 302
    assert User.objects.get(pk=trainee.pk).preferred_language == "en"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_switcher_does_not_send_people_to_another_site(client):
    response = client.post(
        reverse("lms:language_set"), {"language": "es", "next": "https://example.com/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
