"""Personal pages kept per person (lms/personal_pages.py): what a kept page costs, who gets it,
and that the writes which change it retire it. The property test beside this file drives random
sequences of service calls; these pin the rules one by one."""

from decimal import Decimal

from django.core.management import CommandError, call_command
from django.test import Client

import pytest

from certification.supervision import services as supervision
from certification.supervision.models import PracticeLogEntry
from lms import personal_pages
from tests.certification.conftest import days_ago, entry_values, make_signed_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_order(settings):
    """Generations replaced when a transaction commits, as in production; no double rendering."""
    settings.PERSONAL_PAGES_REPLACE_AT_ONCE = False
    settings.PERSONAL_PAGES_VERIFY = False


@pytest.fixture
def hours(django_capture_on_commit_callbacks, trainee, supervisor, organization, ethics_domain):
    with django_capture_on_commit_callbacks(execute=True):
        make_signed_agreement(trainee=trainee, supervisor=supervisor, organization=organization)
        return supervision.practice_entry_create(
            trainee=trainee, submit=True, **entry_values(ethics_domain, date=days_ago(2))
        )


@pytest.fixture
def lessons(trainee, program, module, django_capture_on_commit_callbacks):
    """The module's live lessons in order, the trainee enrolled in its program."""
    from curriculum.models import LessonPage
    from lms.learning import services as learning

    with django_capture_on_commit_callbacks(execute=True):
        learning.enrollment_create(trainee=trainee, program=program)
    return list(LessonPage.objects.child_of(module).live().order_by("path"))


def signed_in(person, django_capture_on_commit_callbacks) -> Client:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(person)
    return client


def served_from_cache(client, address) -> bool:
    with personal_pages.checking() as check:
        response = client.get(address)
    assert response.status_code == 200
    assert check.drifted == []
    return check.checked == 1


def test_a_kept_page_costs_one_query_the_person(
    production_order, hours, trainee, django_capture_on_commit_callbacks, django_assert_num_queries
):
    client = signed_in(trainee, django_capture_on_commit_callbacks)
    first = client.get("/practice/")
    with django_assert_num_queries(1):  # the person (the session comes from the cache)
        again = client.get("/practice/")
    assert first.status_code == again.status_code == 200
    assert "1.5 h" in again.content.decode()


def test_each_person_gets_their_own_token_from_a_kept_page(
    production_order, hours, trainee, django_capture_on_commit_callbacks
):
    client = Client(enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(trainee)
    client.get("/practice/")
    kept = client.get("/practice/").content.decode()
    assert "pagecachecsrftokenplaceholder" not in kept
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/language/", {"language": "es", "next": "/practice/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_a_write_retires_the_persons_pages_and_their_staffs_but_not_other_trainees(
    production_order,
    hours,
    trainee,
    other_trainee,
    supervisor,
    staff,
    organization,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        make_signed_agreement(
            trainee=other_trainee, supervisor=supervisor, organization=organization
        )
    clients = {
        person.pk: signed_in(person, django_capture_on_commit_callbacks)
        for person in (trainee, other_trainee, supervisor, staff)
    }
    pages = [
        (trainee, "/practice/"),
        (other_trainee, "/practice/"),
        (supervisor, "/supervise/"),
        (staff, "/staff/trainees/"),
    ]
    for person, address in pages:
        clients[person.pk].get(address)
        assert served_from_cache(clients[person.pk], address), address

    with django_capture_on_commit_callbacks(execute=True):
        supervision.practice_entry_approve(
            entry=hours, supervisor=supervisor, signature="Sam Supervisor", attested=True
        )

    assert not served_from_cache(clients[trainee.pk], "/practice/")
    assert not served_from_cache(clients[supervisor.pk], "/supervise/")
    assert not served_from_cache(clients[staff.pk], "/staff/trainees/")
    assert served_from_cache(clients[other_trainee.pk], "/practice/")


def test_a_write_nobody_announced_retires_every_kept_page(
    production_order, hours, trainee, django_capture_on_commit_callbacks
):
    client = signed_in(trainee, django_capture_on_commit_callbacks)
    client.get("/practice/")
    assert served_from_cache(client, "/practice/")
    with django_capture_on_commit_callbacks(execute=True):
        PracticeLogEntry.objects.filter(pk=hours.pk).update(duration_hours=Decimal("2.5"))
    assert not served_from_cache(client, "/practice/")
    assert "2.5 h" in client.get("/practice/", secure=True).content.decode()


def test_pages_with_a_message_waiting_or_asked_for_by_htmx_are_not_kept(
    production_order, hours, trainee, ethics_domain, django_capture_on_commit_callbacks
):
    client = signed_in(trainee, django_capture_on_commit_callbacks)
    client.get("/practice/", headers={"HX-Request": "true"})
    assert not served_from_cache(client, "/practice/")  # htmx's answer was not kept
    client.get("/practice/")
    assert served_from_cache(client, "/practice/")
    values = entry_values(ethics_domain, date=days_ago(4))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/practice/entries/new/",
            {
                **{name: value for name, value in values.items() if name != "domain"},
                "domain": ethics_domain.pk,
                "action": "submit",
            },
        )
    with personal_pages.checking() as check:
        shown = client.get("/practice/").content.decode()
    assert check.checked == 0
    assert "sent to" in shown  # the message, shown once, on a page rendered for it
    assert "sent to" not in client.get("/practice/").content.decode()
    assert served_from_cache(client, "/practice/")


def test_the_drift_command_finds_a_page_left_behind_and_repairs_it(
    production_order, hours, trainee, django_capture_on_commit_callbacks, capsys
):
    client = signed_in(trainee, django_capture_on_commit_callbacks)
    client.get("/practice/", secure=True)  # the command asks over HTTPS, as production is served
    call_command("check_personal_pages")
    assert "1 kept pages compared with the records; 0 differed." in capsys.readouterr().out
    with django_capture_on_commit_callbacks(execute=True), personal_pages.announce():
        PracticeLogEntry.objects.filter(pk=hours.pk).update(duration_hours=Decimal("2.5"))
    with pytest.raises(CommandError):
        call_command("check_personal_pages", "--repair")
    out = capsys.readouterr().out
    assert f"Drift: /practice/ for person {trainee.pk}" in out
    assert "2.5 h" in out
    assert "The pages that differed were dropped." in out
    assert "2.5 h" in client.get("/practice/").content.decode()
    call_command("check_personal_pages")
    assert "0 differed." in capsys.readouterr().out


def test_a_kept_lesson_page_still_records_the_view_and_reading_it_again_keeps_it_and_staffs(
    production_order,
    trainee,
    staff,
    lessons,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    from lms.learning.models import LessonProgress

    lesson = lessons[0]
    address = f"/learn/lessons/{lesson.pk}/"
    client = signed_in(trainee, django_capture_on_commit_callbacks)
    staff_client = signed_in(staff, django_capture_on_commit_callbacks)
    for _first_and_second_reading in range(2):  # the first creates the progress row
        with django_capture_on_commit_callbacks(execute=True):
            assert client.get(address).status_code == 200
    staff_client.get("/staff/trainees/")
    seen = LessonProgress.objects.get(user=trainee, lesson=lesson).last_viewed_at
    with django_capture_on_commit_callbacks(execute=True), django_assert_max_num_queries(3):
        kept = client.get(address)  # the person, the progress row, its new time
    assert kept.status_code == 200 and lesson.title in kept.content.decode()
    assert LessonProgress.objects.get(user=trainee, lesson=lesson).last_viewed_at > seen
    # Reading it again the same day changed neither the lesson page nor staff's list, which
    # shows the day of the last activity.
    assert served_from_cache(client, address)
    assert served_from_cache(staff_client, "/staff/trainees/")


def test_a_lesson_read_again_on_a_later_day_moves_last_activity_on_staffs_list(
    production_order, trainee, staff, lessons, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone
    from django.utils.formats import date_format

    from lms.learning.models import LessonProgress

    lesson = lessons[0]
    address = f"/learn/lessons/{lesson.pk}/"
    client = signed_in(trainee, django_capture_on_commit_callbacks)
    staff_client = signed_in(staff, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(address)
    # Last read three days ago (and that written the way any record is: pages retired).
    three_days_ago = timezone.now() - datetime.timedelta(days=3)
    with (
        django_capture_on_commit_callbacks(execute=True),
        personal_pages.announce(people=[trainee.pk]),
    ):
        LessonProgress.objects.filter(user=trainee).update(
            last_viewed_at=three_days_ago, first_viewed_at=three_days_ago
        )
    staff_client.get("/staff/trainees/")
    assert served_from_cache(staff_client, "/staff/trainees/")
    earlier = date_format(timezone.localtime(three_days_ago), "DATE_FORMAT")
    assert earlier in staff_client.get("/staff/trainees/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.get(address)
    with personal_pages.checking() as check:
        listing = staff_client.get("/staff/trainees/").content.decode()
    assert check.checked == 0, "reading on another day retired staff's list"
    assert date_format(timezone.localtime(), "DATE_FORMAT") in listing
    assert earlier not in listing


def test_reading_again_the_lesson_read_last_keeps_the_home_and_reading_another_retires_it(
    production_order, trainee, lessons, django_capture_on_commit_callbacks
):
    """/learn/ orders modules by the last lesson read and resumes there: reading the last one
    again changes nothing it shows, going back to an earlier one does."""
    first, second = lessons[:2]
    client = signed_in(trainee, django_capture_on_commit_callbacks)

    def read(lesson):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.get(f"/learn/lessons/{lesson.pk}/").status_code == 200

    read(first)
    read(second)
    client.get("/learn/")
    assert served_from_cache(client, "/learn/")
    read(second)
    assert served_from_cache(client, "/learn/")
    read(first)
    assert not served_from_cache(client, "/learn/")


def test_a_first_visit_asks_the_cache_a_fixed_few_times(
    production_order, hours, trainee, django_capture_on_commit_callbacks, monkeypatch
):
    """Each round trip to Redis is paid on every first visit: the session, the kept page (not
    there yet), the person's generations with their organisations (one read), their
    organisations' generations, keeping the page. The reference data's generation comes with
    the person's and is not read again by the parts of the page that need it."""
    from django.core.cache import caches

    client = signed_in(trainee, django_capture_on_commit_callbacks)
    client.get("/learn/")  # the person's organisations are kept from here on
    backend = caches["default"]
    asked: list[str] = []

    def counting(name):
        method = getattr(backend, name)

        def counted(*args, **kwargs):
            asked.append(name)
            return method(*args, **kwargs)

        return counted

    for name in ("get", "get_many", "set", "set_many", "add", "delete", "delete_many"):
        monkeypatch.setattr(backend, name, counting(name))
    response = client.get("/practice/")
    assert response.status_code == 200
    assert asked == ["get", "get", "get_many", "get_many", "set"], asked


def test_a_first_visit_reads_the_roles_with_the_organisations_and_a_role_taken_away_counts(
    production_order,
    trainee,
    staff,
    organization,
    django_capture_on_commit_callbacks,
):
    """Rendering a person's page reads their roles with their organisations (kept under the
    generation of their memberships, as the page itself is): the user and the page's own reads,
    no query for the roles. Taking a role away replaces that generation, so the next visit
    reads them again and the staff page is closed to them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lms.accounts.models import Membership, Role

    client = signed_in(trainee, django_capture_on_commit_callbacks)
    assert client.get("/practice/").status_code == 200  # organisations and roles kept
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/learn/credentials/").status_code == 200  # not kept yet
    assert len(queries) >= 2  # rendered: the user and the page's reads
    assert not any('"lms_membership"' in query["sql"] for query in queries.captured_queries)

    client = signed_in(staff, django_capture_on_commit_callbacks)
    assert client.get("/staff/trainees/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.get(user=staff, organization=organization, role=Role.STAFF).delete()
    assert client.get("/staff/trainees/").status_code in (302, 403, 404)
