"""The safety net of the public page cache: after any sequence of editors' changes, every page a
visitor who is not signed in gets from the cache is the page rendered from the records.

Hypothesis draws sequences of edits (a module's summary, a domain's name, a lesson published,
unpublished or rewritten, a program renamed); after each step every public page is fetched twice:
as a visitor gets it (kept, when it was kept) and rendered afresh (a query string bypasses the
cache), in English or in Spanish. The status and the page's main content must be the same.
"""

import re

from django.test import Client

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curriculum.models import LessonPage

pytestmark = pytest.mark.django_db

MAIN = re.compile(r"<main\b.*?</main>", re.S)
WORDS = st.text(alphabet="abcdefghij ", min_size=3, max_size=12).map(
    lambda text: text.strip() or "x"
)
STEPS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "module summary",
                "domain name",
                "lesson unpublished",
                "lesson published",
                "lesson text",
                "program title",
            ]
        ),
        WORDS,
    ),
    min_size=1,
    max_size=4,
)


def _main(response) -> tuple[int, str]:
    found = MAIN.search(response.content.decode())
    return response.status_code, found.group(0) if found else ""


def _apply(step: str, words: str, *, module, lesson, program, domain) -> None:
    if step == "module summary":
        module.summary = f"Summary {words}"
        module.save_revision().publish()
    elif step == "domain name":
        domain.name = f"Domain {words}"
        domain.save()
    elif step == "lesson unpublished":
        lesson.unpublish()
    elif step == "lesson published":
        lesson.save_revision().publish()
    elif step == "lesson text":
        lesson.summary = f"Lesson {words}"
        lesson.save_revision().publish()
    elif step == "program title":
        program.title = f"Program {words}"
        program.save_revision().publish()


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS, language=st.sampled_from(["en", "es"]))
def test_kept_public_pages_always_equal_a_fresh_render(steps, language, own_module, ethics_domain):
    module = own_module
    program = module.get_parent().specific
    lesson = LessonPage.objects.child_of(module).order_by("path").first()
    addresses = ["/", program.url, module.url, lesson.url]
    for step, words in steps:
        _apply(step, words, module=module, lesson=lesson, program=program, domain=ethics_domain)
        for address in addresses:
            Client(HTTP_ACCEPT_LANGUAGE=language).get(address)  # kept, if it can be
            kept = _main(Client(HTTP_ACCEPT_LANGUAGE=language).get(address))
            fresh = _main(Client(HTTP_ACCEPT_LANGUAGE=language).get(f"{address}?fresh"))
            assert kept == fresh, (step, language, address)
