"""The privacy notice (issue 17 item 6): a page at /privacy/ in English and Spanish, linked from
every page's footer and from the sign-up form."""

import re

from django.test import TestCase
from django.urls import reverse

import pytest

from cms import privacy
from cms.models import StandardPage
from curriculum.starter_translation import spanish_follows_english

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice():
    with TestCase.captureOnCommitCallbacks(execute=True):
        page = privacy.privacy_notice_ensure()
        spanish_follows_english()
        privacy.privacy_notice_translate()
    return page


def _h1(response) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S).group(1).strip()


def test_the_notice_reads_in_the_visitors_language_at_one_address(client, notice):
    assert notice.url == privacy.PATH
    assert _h1(client.get(privacy.PATH, HTTP_ACCEPT_LANGUAGE="en")) == "Privacy notice"
    spanish = client.get(privacy.PATH, HTTP_ACCEPT_LANGUAGE="es")
    assert _h1(spanish) == "Aviso de privacidad"
    assert "nunca sus reflexiones" in spanish.content.decode()


def test_seeding_again_keeps_what_editors_changed(notice):
    notice.introduction = "Our own words."
    notice.save_revision().publish()
    assert privacy.privacy_notice_ensure().pk == notice.pk
    assert privacy.privacy_notice_translate() is False
    assert StandardPage.objects.get(pk=notice.pk).introduction == "Our own words."


def test_every_page_links_to_it_and_so_does_sign_up(client, notice):
    home = client.get("/").content.decode()
    assert f'href="{privacy.PATH}"' in home
    sign_up = client.get(reverse("account_signup")).content.decode()
    assert f'href="{privacy.PATH}"' in sign_up
    assert "Privacy notice" in sign_up
