"""Wagtail page-tree rules for the site pages."""

from wagtail.models import Page

import pytest

from cms.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def test_standard_pages_live_under_the_home_page_or_each_other():
    assert StandardPage.can_create_at(HomePage())
    assert StandardPage.can_create_at(StandardPage())
    assert not HomePage.can_create_at(HomePage())


def test_there_is_one_home_page_at_the_root_of_the_default_site(client):
    home = HomePage.objects.get()
    assert home.get_parent().specific_class is Page
    standard = StandardPage(title="About PeerPath", slug="about", introduction="Who we are.")
    home.add_child(instance=standard)
    standard.save_revision().publish()
    response = client.get("/about/")
    assert response.status_code == 200
    assert "Who we are." in response.content.decode()
