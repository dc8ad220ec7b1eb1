"""The LRS down: statements wait in PeerPath and reach it once it is back, each exactly once."""

from decimal import Decimal

from lms.accounts.models import Role
from lms.learning import services as learning
from lms.xapi import XapiStatement, xapi_flush
from tests.factories import OrganizationFactory, person_with_role
from tests.faults.conftest import part_stopped
from tests.lms import test_xapi
from tests.lms.builders import build_module, build_program

lrs = test_xapi.lrs  # the fixture: PeerPath pointed at the stack's LRS


def test_statements_wait_while_the_lrs_is_down_and_arrive_once(
    lrs, db, django_capture_on_commit_callbacks
):
    from curriculum.editorial import statewide_section_ensure
    from curriculum.models import CompetencyDomain

    program = build_program(statewide_section_ensure().section, title="Fault drills")
    domain = CompetencyDomain.objects.get(slug="ethical-responsibility", framework="icrc_pr")
    module = build_module(
        program,
        title="While it is down",
        hours=Decimal("1"),
        domains=[(domain, Decimal("1"))],
        lessons=1,
    )
    lesson = module.get_children().specific().get()
    trainee = person_with_role(Role.TRAINEE, OrganizationFactory())
    learning.enrollment_create(trainee=trainee, program=program)
    with part_stopped("ralph"):
        with django_capture_on_commit_callbacks(execute=True):
            learning.lesson_view(user=trainee, lesson=lesson, module=module)
            learning.lesson_complete(user=trainee, lesson=lesson)
        waiting = XapiStatement.objects.filter(sent_at__isnull=True)
        assert waiting.count() == 3
        assert all(statement.last_error for statement in waiting)
    # Back: the beat job sends what waited; running it again sends nothing more.
    assert xapi_flush()["sent"] == 3
    assert xapi_flush()["sent"] == 0
    statements = test_xapi.statements_for(trainee)
    assert len(statements) == 3 and len({statement["id"] for statement in statements}) == 3
