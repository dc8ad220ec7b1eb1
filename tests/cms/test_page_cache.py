"""Public pages kept for visitors who are not signed in (cms/page_cache.py)."""

import hashlib
import re

from django.core.cache import cache
from django.middleware.csrf import CSRF_TOKEN_LENGTH
from django.test import Client

import pytest

from cms.models import HomePage, StandardPage
from cms.page_cache import KEY_PREFIX
from lms.kept_pages import CSRF_PLACEHOLDER
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _key(path: str) -> str:
    place = hashlib.sha256(f"testserver{path}".encode()).hexdigest()
    return f"{KEY_PREFIX}:en:{place}"


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def about():
    page = StandardPage(title="About PeerPath", slug="about", introduction="Who we are.")
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_second_visitor_gets_the_page_without_a_single_query(about, django_assert_num_queries):
    first = Client().get("/about/")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = Client().get("/about/")
    assert second.status_code == 200
    assert "Who we are." in second.content.decode()
    assert second.headers["Content-Type"].startswith("text/html")
    assert "Cookie" in second.headers["Vary"]


def test_each_visitor_gets_their_own_working_csrf_token(about):
    Client().get("/about/")  # kept
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    pages = [visitor.get("/about/").content.decode() for visitor in visitors]
    tokens = [TOKEN.findall(page) for page in pages]
    assert all(found for found in tokens)
    assert CSRF_PLACEHOLDER not in pages[0] + pages[1]
    assert all(len(token) == CSRF_TOKEN_LENGTH for found in tokens for token in found)
    # Different secrets: one visitor's cookie does not fit the other's token.
    cookies = [visitor.cookies["csrftoken"].value for visitor in visitors]
    assert cookies[0] != cookies[1]
    # The token in the kept page works for its visitor: the language switch is accepted.
    response = visitors[1].post(
        "/language/", {"language": "es", "next": "/about/", "csrfmiddlewaretoken": tokens[1][0]}
    )
    assert response.status_code == 302
    refused = visitors[0].post(
        "/language/", {"language": "es", "next": "/about/", "csrfmiddlewaretoken": tokens[1][0]}
    )
    assert refused.status_code == 403


def test_a_published_change_shows_on_the_next_visit(about):
    assert "Who we are." in Client().get("/about/").content.decode()
    about.introduction = "Who we are, and why."
    about.save_revision().publish()
    assert "Who we are, and why." in Client().get("/about/").content.decode()
    about.unpublish()
    assert Client().get("/about/").status_code == 404


def test_each_language_is_kept_apart(about):
    english = Client().get("/about/").content.decode()
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es").get("/about/").content.decode()
    assert 'lang="en"' in english
    assert 'lang="es"' in spanish
    # Kept now, and still apart.
    assert 'lang="es"' in Client(HTTP_ACCEPT_LANGUAGE="es").get("/about/").content.decode()
    assert 'lang="en"' in Client().get("/about/").content.decode()


def test_someone_signed_in_never_gets_the_kept_page(about):
    Client().get("/about/")
    person = UserFactory(email="reader@example.org")
    client = Client()
    assert client.login(email=person.email, password=TEST_PASSWORD)
    page = client.get("/about/").content.decode()
    assert "Sign out" in page
    assert "Create an account" not in page


def test_a_query_string_or_a_pending_message_is_rendered_afresh(
    about, django_assert_max_num_queries
):
    Client().get("/about/")
    client = Client()
    client.cookies["messages"] = "anything"
    with django_assert_max_num_queries(50) as queries:
        client.get("/about/")
    assert len(queries) > 0
    with django_assert_max_num_queries(50) as queries:
        Client().get("/about/?utm_source=newsletter")
    assert len(queries) > 0


def test_pages_that_are_not_wagtail_pages_are_not_kept(about):
    Client().get("/about/")
    response = Client().get("/verify/")
    assert response.status_code == 200
    assert CSRF_PLACEHOLDER not in response.content.decode()
    assert cache.get(_key("/about/")) is not None
    assert cache.get(_key("/verify/")) is None
