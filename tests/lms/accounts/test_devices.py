"""Where a person is signed in, and signing out everywhere else (issue 17 item 5)."""

from django.test import Client
from django.urls import reverse

import pytest

from lms.accounts.devices import device_summary
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)
LAPTOP = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15"
)

WINDOWS = "Mozilla/5.0 (Windows NT 10.0; rv:127.0) Gecko/20100101 Firefox/127.0"


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        (PHONE, ("Chrome", "Android")),
        (LAPTOP, ("Safari", "macOS")),
        (
            "Mozilla/5.0 (Windows NT 10.0; rv:127.0) Gecko/20100101 Firefox/127.0",
            ("Firefox", "Windows"),
        ),
        ("curl/8.5", ("", "")),
    ],
)
def test_a_browser_is_named_in_words_people_recognise(agent, expected):
    assert device_summary(agent) == expected


def _signed_in(trainee, agent) -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post(
        reverse("account_login"), {"login": trainee.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    return client


def test_each_sign_in_is_listed_and_the_others_can_be_signed_out(trainee):
    phone = _signed_in(trainee, PHONE)
    laptop = _signed_in(trainee, LAPTOP)
    page = laptop.get(reverse("usersessions_list"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Chrome on Android" in text and "Safari on macOS" in text
    assert text.count("This device") == 1
    # No network address, nor a word of one: allauth keeps the address with the session, and
    # the page does not show it. (Not a bare "IP": a random CSRF token may hold those letters.)
    assert "127.0.0.1" not in text
    assert "IP address" not in text and "IP:" not in text
    laptop.post(reverse("usersessions_list"))
    assert phone.get(reverse("lms:account_home")).status_code == 302  # signed out
    assert laptop.get(reverse("lms:account_home")).status_code == 200


def test_the_account_page_links_to_it(client, trainee):
    client.force_login(trainee)
    page = client.get(reverse("lms:account_home")).content.decode()
    assert reverse("usersessions_list") in page
