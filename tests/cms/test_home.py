"""The signed-out home page explains (issue 21 item 2): what PeerPath does for each role, the
programs on offer, what each credential asks for, a box to verify a credential; the header
links to the curriculum and to verification for everyone."""

from django.utils import translation

import pytest

from curriculum.editorial import statewide_section_ensure
from tests.certification.credential_builders import icrc_definition
from tests.lms.builders import build_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(db):
    return statewide_section_ensure().section


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_the_home_page_explains_to_a_visitor(client, section):
    icrc_definition()
    build_program(section, title="Statewide peer recovery basics")
    page = client.get("/").content.decode()
    assert "People training to be peer specialists" in page
    assert "Sign off your trainees" in page  # the supervisors' sentence, editable
    assert "Statewide peer recovery basics" in page
    assert "IC&amp;RC Peer Recovery (PR)" in page
    assert "500 hours" in page  # what the credential asks for, in brief
    assert 'action="/verify/"' in page
    assert 'href="/curriculum/"' in page  # in the header, for everyone


def test_the_verify_box_leads_to_the_code(client):
    response = client.get("/verify/", {"code": "cr-abcd-efgh-jkmn-pqrs"})
    assert response.status_code == 302
    assert response["Location"] == "/verify/CR-ABCD-EFGH-JKMN-PQRS/"


def test_the_home_page_runs_the_same_queries_with_more_programs(
    client, section, django_assert_max_num_queries
):
    """Measured cold (the page cache and the shared cache of credential rules emptied), so
    each count is everything the page costs."""
    from django.core.cache import caches

    def cold_get():
        for cache in caches.all():
            cache.clear()
        return client.get("/")

    icrc_definition()
    build_program(section, title="Program 1")
    with django_assert_max_num_queries(40) as one:
        cold_get()
    for number in range(2, 8):
        build_program(section, title=f"Program {number}")
    with django_assert_max_num_queries(len(one)):
        assert "Program 7" in cold_get().content.decode()
