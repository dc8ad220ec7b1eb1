"""The starter program: published, complete, idempotent, and crediting the IC&RC PR split."""

from collections import defaultdict
from decimal import Decimal

from django.core.management import call_command
from django.db.models import Sum

import pytest

from curriculum.assessment import question_bank
from curriculum.models import LessonPage, ModuleDomainHours, ModulePage, ModuleTopicHours
from curriculum.starter_content import MODULES
from curriculum.taxonomy import ICRC_PR

pytestmark = pytest.mark.django_db


@pytest.fixture
def starter_program(db, shared_starter_program):
    return shared_starter_program


def test_seed_demo_twice_changes_nothing_the_second_time():
    from wagtail.models import Page, Revision

    call_command("seed_demo", force=True, quiet_accounts=True, verbosity=0)
    pages, revisions = Page.objects.count(), Revision.objects.count()
    call_command("seed_demo", force=True, quiet_accounts=True, verbosity=0)
    assert Page.objects.count() == pages
    assert Revision.objects.count() == revisions


def test_starter_program_has_six_published_modules_each_with_lessons_and_questions(
    starter_program,
):
    modules = ModulePage.objects.child_of(starter_program)
    assert modules.count() >= 6
    for module in modules:
        assert module.live
        lessons = LessonPage.objects.child_of(module)
        assert lessons.count() >= 2, module.title
        assert all(lesson.live for lesson in lessons)
        assert len(question_bank(module)) >= 5, module.title
        assert module.domain_split_errors() == [], module.title


def test_starter_program_credits_exactly_the_icrc_peer_recovery_education_split(starter_program):
    totals = (
        ModuleDomainHours.objects.filter(
            module__path__startswith=starter_program.path, domain__framework=ICRC_PR
        )
        .values_list("domain__slug")
        .annotate(total=Sum("hours"))
    )
    assert dict(totals) == {
        "advocacy": Decimal("10"),
        "mentoring-education": Decimal("10"),
        "recovery-wellness-support": Decimal("10"),
        "ethical-responsibility": Decimal("16"),
    }
    contact = ModulePage.objects.child_of(starter_program).aggregate(total=Sum("contact_hours"))
    assert contact["total"] == Decimal("46")


def test_starter_program_is_tagged_with_ethics_hours_matching_ethical_responsibility(
    starter_program,
):
    ethics = ModuleTopicHours.objects.filter(
        module__path__startswith=starter_program.path, topic__slug="ethics"
    ).aggregate(total=Sum("hours"))
    assert ethics["total"] == Decimal("16")


def test_hard_modules_carry_a_content_note(starter_program):
    notes = dict(ModulePage.objects.child_of(starter_program).values_list("slug", "content_note"))
    assert notes["trauma-informed-peer-support"]
    assert notes["wellness-crisis-support-and-resources"]
    assert "988" in notes["wellness-crisis-support-and-resources"]


def test_starter_text_uses_person_first_language():
    words = ("addict", "junkie", "alcoholic", "abuser")
    text = repr(MODULES).lower()
    for word in words:
        # The one place a label may appear is where the lesson teaches why not to use it.
        occurrences = text.count(word)
        assert occurrences <= 2, f"{word!r} appears {occurrences} times"


def test_every_seeded_question_has_feedback_for_each_option(starter_program):
    missing = defaultdict(list)
    for module in ModulePage.objects.child_of(starter_program):
        for question in question_bank(module):
            for option in question.options:
                if not option.feedback:
                    missing[module.slug].append(question.prompt)
    assert not missing


def test_true_false_questions_become_two_options(starter_program):
    module = ModulePage.objects.get(slug="recovery-and-its-many-pathways")
    true_false = [q for q in question_bank(module) if q.kind == "true_false"]
    assert true_false
    assert [option.text for option in true_false[0].options] == ["True", "False"]
    assert len(true_false[0].correct_option_ids) == 1
