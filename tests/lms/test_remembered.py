"""The parts of every page remembered per process (lms/templatetags/remembered.py): the head's
links, the header, the footer. Each person still gets their own CSRF token, their own links and
their own language."""

import re

from django.test import Client

import pytest

pytestmark = pytest.mark.django_db


def _tokens(html: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


def _header(html: str) -> str:
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def test_each_person_gets_their_own_token_in_the_remembered_header(trainee, staff):
    pages = {}
    for person in (trainee, staff, trainee):
        client = Client(enforce_csrf_checks=True)
        client.force_login(person)
        html = client.get("/account/").content.decode()
        assert "pagecachecsrftokenplaceholder" not in html
        tokens = _tokens(_header(html))
        assert len(tokens) == 2  # signing out and the language switch
        # The token in the header is this visitor's: the language switch accepts it.
        response = client.post(
            "/language/", {"language": "es", "next": "/account/", "csrfmiddlewaretoken": tokens[1]}
        )
        assert response.status_code == 302
        pages.setdefault(person.pk, []).append((client.cookies["csrftoken"].value, tokens))
    (trainee_cookie, trainee_tokens), (again_cookie, again_tokens) = pages[trainee.pk]
    (staff_cookie, staff_tokens) = pages[staff.pk][0]
    assert trainee_cookie != staff_cookie and trainee_cookie != again_cookie
    assert not set(trainee_tokens) & set(staff_tokens)


def test_the_remembered_header_follows_roles_address_and_language(client, trainee, staff):
    client.force_login(trainee)
    learner = _header(client.get("/account/").content.decode())
    assert "My learning" in learner and "Organisation" not in learner
    client.force_login(staff)
    organisation = _header(client.get("/account/").content.decode())
    assert "Organisation" in organisation and "My learning" not in organisation
    staff.preferred_language = "es"
    staff.save(update_fields=["preferred_language"])
    spanish = _header(client.get("/account/?x=1").content.decode())
    assert "Organización" in spanish and 'value="/account/?x=1"' in spanish
