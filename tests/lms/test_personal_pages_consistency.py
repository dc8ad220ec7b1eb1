"""The safety net of the personal page cache: after any sequence of service calls, every page a
person gets from the cache is the page their records give now.

Hypothesis draws sequences of what people do (enrol, read and complete lessons, log hours,
approve, return and correct them, apply for a credential, have it issued and revoked, another
trainee logging hours, a supervisor changing their name, an editor changing the curriculum, a
live session scheduled, registered for, marked, signed or cancelled).
Each call runs as it does in production: its generations are replaced when its transaction
commits. Before the sequence every person's pages are kept; after each call each page is asked
for again under ``personal_pages.checking()``, which renders a kept page afresh too and records
any difference, and the practice totals that bulk evaluation reads are compared with the
entries (``practice_total_drift``). No difference may appear, and pages must really have been
served from the cache along the way (otherwise the test would prove nothing).
"""

import contextlib
import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certification.issuance import services as issuance
from certification.issuance.models import IssuedCredential
from certification.supervision import services as supervision
from certification.supervision.models import EntryStatus, PracticeLogEntry
from certification.supervision.totals import practice_total_drift
from curriculum.models import LessonPage
from lms import personal_pages
from lms.accounts.models import Role
from lms.learning import services as learning
from lms.live_training import rosters
from lms.live_training import services as live
from lms.live_training.models import AttendanceStatus, LiveSession
from tests.certification.conftest import days_ago, entry_values, make_signed_agreement
from tests.certification.issuance.test_applications import make_definition, meet
from tests.factories import person_with_role
from tests.lms.builders import build_module

pytestmark = pytest.mark.django_db

ENTRIES_API = "/api/v1/practice-entries/?format=json"

STEPS = st.lists(
    st.sampled_from(
        [
            "enrol",
            "read a lesson",
            "complete a lesson",
            "log hours",
            "log hours as a draft",
            "approve",
            "return",
            "correct",
            "apply and be issued",
            "revoke",
            "other trainee logs hours",
            "supervisor renamed",
            "module summary edited",
            "live session scheduled",
            "register for the session",
            "other trainee registers",
            "session cancelled",
            "trainee marked present",
            "roster signed",
        ]
    ),
    min_size=1,
    max_size=5,
)


class World:
    def __init__(
        self, *, trainee, other_trainee, supervisor, staff, organization, program, module, domain
    ):
        self.trainee, self.other_trainee = trainee, other_trainee
        self.supervisor, self.staff = supervisor, staff
        self.program, self.module, self.domain = program, module, domain
        self.lessons = list(LessonPage.objects.child_of(module).live().order_by("path"))
        for person in (trainee, other_trainee):
            make_signed_agreement(trainee=person, supervisor=supervisor, organization=organization)
        self.definition = make_definition()
        self.organization = organization
        self.live_module = build_module(
            program,
            title="Ethics in the room",
            hours=Decimal("4"),
            lessons=0,
            credit_mode="live",
            live_contact_hours=Decimal("4"),
            live_session_count=2,
            live_domains=[(domain, Decimal("4"))],
        )
        self.facilitator = person_with_role(
            Role.FACILITATOR, organization, display_name="Frankie Facilitator"
        )
        # The other trainee learns in the same program: the sessions open to them, and their
        # seats, show on their home.
        learning.enrollment_create(trainee=other_trainee, program=program)
        self.day = 0
        self.clients: dict[int, Client] = {}
        self.served = 0

    def entry_values(self):
        self.day = (self.day % 20) + 1  # a day with room left: at most a few hours each
        return entry_values(self.domain, date=days_ago(self.day))

    def oldest(self, status):
        return (
            PracticeLogEntry.objects.filter(trainee=self.trainee, status=status)
            .order_by("pk")
            .first()
        )

    def apply(self, step: str) -> None:
        trainee = self.trainee
        if step == "enrol":
            learning.enrollment_create(trainee=trainee, program=self.program)
        elif step == "read a lesson":
            learning.lesson_open(user=trainee, lesson=self.lessons[0], module=self.module)
        elif step == "complete a lesson":
            learning.lesson_complete(user=trainee, lesson=self.lessons[self.day % 2])
        elif step in ("log hours", "log hours as a draft"):
            supervision.practice_entry_create(
                trainee=trainee, submit=step == "log hours", **self.entry_values()
            )
        elif step == "approve":
            entry = self.oldest(EntryStatus.SUBMITTED)
            if entry is not None:
                supervision.practice_entry_approve(
                    entry=entry, supervisor=self.supervisor, signature="Sam", attested=True
                )
        elif step == "return":
            entry = self.oldest(EntryStatus.SUBMITTED)
            if entry is not None:
                supervision.practice_entry_return(
                    entry=entry, supervisor=self.supervisor, comment="Please add the setting."
                )
        elif step == "correct":
            entry = self.oldest(EntryStatus.APPROVED)
            if entry is not None:
                supervision.practice_entry_correct(entry=entry, trainee=trainee)
        elif step == "apply and be issued":
            meet(trainee)
            application = issuance.credential_application_submit(
                applicant=trainee, definition=self.definition
            )
            issuance.credential_application_approve(application=application, reviewer=self.staff)
        elif step == "revoke":
            credential = IssuedCredential.objects.filter(holder=trainee, revoked_at=None).first()
            if credential is not None:
                issuance.issued_credential_revoke(
                    credential=credential, actor=self.staff, reason="Issued in error."
                )
        elif step == "other trainee logs hours":
            supervision.practice_entry_create(
                trainee=self.other_trainee, submit=True, **self.entry_values()
            )
        elif step == "supervisor renamed":
            self.supervisor.display_name = f"Sam {self.day} Rivera"
            self.supervisor.save()
        elif step == "live session scheduled":
            starts_at = (timezone.now() + datetime.timedelta(days=2 + self.day)).replace(
                second=0, microsecond=0
            )
            live.live_session_schedule(
                actor=self.staff,
                organization=self.organization,
                module=self.live_module,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=2),
                capacity=1,
                place="Riverside centre, room 2",
                facilitators=[self.facilitator],
            )
        elif step in (
            "register for the session",
            "other trainee registers",
            "session cancelled",
            "trainee marked present",
            "roster signed",
        ):
            session = LiveSession.objects.filter(cancelled_at=None).order_by("-pk").first()
            if session is None:
                return
            if step == "trainee marked present":
                rosters.attendance_mark(
                    actor=self.facilitator,
                    session=session,
                    trainee=trainee,
                    status=AttendanceStatus.PRESENT,
                    minutes=session.duration_minutes,
                )
            elif step == "roster signed":
                rosters.roster_sign(
                    actor=self.facilitator,
                    session=session,
                    signature="Frankie Facilitator",
                    attested=True,
                    now=session.starts_at + datetime.timedelta(hours=1),
                )
            elif step == "session cancelled":
                live.live_session_cancel(
                    actor=self.staff, session=session, reason="The room flooded."
                )
            else:
                person = trainee if step == "register for the session" else self.other_trainee
                live.live_registration_create(trainee=person, session=session)
        elif step == "module summary edited":
            self.module.summary = f"Ethics, edition {self.day}"
            self.module.save_revision().publish()

    def pages(self):
        module = f"/learn/modules/{self.module.pk}/"
        live_pages = []
        session = LiveSession.objects.order_by("-pk").first()
        if session is not None:
            live_pages = [
                (self.facilitator, f"/facilitate/sessions/{session.pk}/"),
                (self.staff, f"/facilitate/sessions/{session.pk}/"),
                (self.staff, f"/staff/sessions/{session.pk}/"),
            ]
        return [
            (self.trainee, "/learn/"),
            (self.trainee, "/learn/credentials/"),
            (self.trainee, "/practice/"),
            (self.trainee, module),
            (self.trainee, f"/learn/lessons/{self.lessons[0].pk}/"),
            (self.other_trainee, "/learn/"),
            (self.other_trainee, "/practice/"),
            (self.supervisor, "/supervise/"),
            (self.staff, "/staff/"),
            (self.staff, "/staff/trainees/"),
            *live_pages,
            # The API list is kept the same way (``kept_api_answer``).
            (self.trainee, ENTRIES_API),
            (self.supervisor, ENTRIES_API),
            (self.staff, ENTRIES_API),
        ]


@pytest.fixture
def world(
    settings,
    django_capture_on_commit_callbacks,
    trainee,
    other_trainee,
    supervisor,
    staff,
    organization,
    program,
    module,
    ethics_domain,
):
    """The people, signed in, with their agreements: once for all of Hypothesis's examples."""
    # Production's order of things: generations are replaced when the transaction commits.
    settings.PERSONAL_PAGES_REPLACE_AT_ONCE = False
    settings.PERSONAL_PAGES_VERIFY = False
    with django_capture_on_commit_callbacks(execute=True):
        built = World(
            trainee=trainee,
            other_trainee=other_trainee,
            supervisor=supervisor,
            staff=staff,
            organization=organization,
            program=program,
            module=module,
            domain=ethics_domain,
        )
        for person in (trainee, other_trainee, supervisor, staff, built.facilitator):
            built.clients[person.pk] = Client()
            built.clients[person.pk].force_login(person)
    return built


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_kept_personal_pages_always_equal_the_records(
    steps, world, django_capture_on_commit_callbacks
):
    def keep_every_page():
        for person, address in world.pages():
            with django_capture_on_commit_callbacks(execute=True):
                response = world.clients[person.pk].get(address)
            # The lesson sends someone not enrolled (yet) to its module.
            expected = {200, 302} if "/lessons/" in address else {200}
            assert response.status_code in expected, (address, response.status_code, steps)

    keep_every_page()
    for step in steps:
        world.day += 1
        # A refused call changes nothing, which the pages must show too.
        with (
            django_capture_on_commit_callbacks(execute=True),
            contextlib.suppress(ValidationError, PermissionDenied),
        ):
            world.apply(step)
        # Rendering a page afresh may write (a lesson read again): committed as in production.
        with personal_pages.checking() as check:
            for person, address in world.pages():
                with django_capture_on_commit_callbacks(execute=True):
                    world.clients[person.pk].get(address)
        assert check.drifted == [], (step, steps, check.differences)
        # The practice totals bulk evaluation reads are the entries' sums after every step.
        assert practice_total_drift() == [], (step, steps)
        world.served += check.checked
        keep_every_page()
    # Pages a step did not touch came from the cache (else this would prove nothing).
    assert world.served > 0


def test_a_missed_announcement_is_caught(
    settings, django_capture_on_commit_callbacks, trainee, supervisor, organization, ethics_domain
):
    """The net itself: a write that claims to change nobody's pages leaves a kept page behind
    the records, and checking finds it."""
    settings.PERSONAL_PAGES_REPLACE_AT_ONCE = False
    settings.PERSONAL_PAGES_VERIFY = False
    with django_capture_on_commit_callbacks(execute=True):
        make_signed_agreement(trainee=trainee, supervisor=supervisor, organization=organization)
        entry = supervision.practice_entry_create(
            trainee=trainee, submit=True, **entry_values(ethics_domain, date=days_ago(2))
        )
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(trainee)
    client.get("/practice/")
    with django_capture_on_commit_callbacks(execute=True), personal_pages.announce():
        PracticeLogEntry.objects.filter(pk=entry.pk).update(duration_hours=Decimal("3.75"))
    with personal_pages.checking() as check:
        client.get("/practice/")
    assert check.drifted == [f"/practice/ for person {trainee.pk}"]
