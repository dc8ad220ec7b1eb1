"""The staff trainee roster (issue 7): figures, filters, scoping, the page, its CSV export and
the API, each at a fixed number of queries whatever the number of trainees."""

import csv
import datetime
import io
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from rest_framework.test import APIClient

from certification.external_training.services import (
    external_training_add,
    external_training_decline,
    external_training_verify,
)
from certification.roster.selectors import trainee_roster
from certification.rules.kinds import TrainingModality
from certification.supervision import services, sessions
from certification.supervision.models import EntryStatus, PracticeLogEntry, SessionAttendance
from curriculum.editorial import statewide_section_ensure
from curriculum.models import LessonPage
from lms.accounts.models import PersonalAccessToken, Role
from lms.accounts.services import access_token_create, membership_grant
from lms.learning import cohorts as learning_cohorts
from lms.learning import services as learning
from lms.learning.models import LessonProgress, ModuleCompletion
from tests.certification.conftest import days_ago, entry_values, make_signed_agreement
from tests.certification.credential_builders import make_completion
from tests.factories import person_with_role
from tests.lms.builders import build_module, build_program

pytestmark = pytest.mark.django_db

PAGE = "/staff/trainees/"
CSV = "/staff/trainees.csv"
API = "/api/v1/staff/trainees/"
API_CSV = "/api/v1/staff/trainees.csv"
PDF = b"%PDF-1.4\n%test certificate\n"


def api_client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def names(queryset) -> list[str]:
    return [person.display_name for person in queryset]


def csv_table(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def add_training(person, *, hours, title="Ethics in peer work"):
    return external_training_add(
        person=person,
        provider="Recovery Coach Academy",
        title=title,
        date=days_ago(10),
        hours=Decimal(hours),
        modality=TrainingModality.IN_PERSON,
        certificate=SimpleUploadedFile("certificate.pdf", PDF, content_type="application/pdf"),
    )


def log(trainee, domain, *, hours, day, submit=True):
    return services.practice_entry_create(
        trainee=trainee,
        submit=submit,
        **entry_values(domain, duration_hours=Decimal(hours), date=days_ago(day)),
    )


def approve(entry, supervisor):
    return services.practice_entry_approve(
        entry=entry, supervisor=supervisor, signature=supervisor.display_name, attested=True
    )


def session(supervisor, trainee, domain, *, hours, day, confirm):
    recorded = sessions.supervision_session_record(
        supervisor=supervisor,
        date=days_ago(day),
        duration_hours=Decimal(hours),
        format="individual",
        modality="in_person",
        domains=[domain],
        trainees=[trainee],
    )
    attendance = SessionAttendance.objects.get(session=recorded, trainee=trainee)
    if confirm:
        sessions.session_attendance_confirm(attendance=attendance, trainee=trainee)
    return attendance


@pytest.fixture
def program(db):
    return build_program(statewide_section_ensure().section, title="Peer basics")


@pytest.fixture
def second_program(db):
    return build_program(statewide_section_ensure().section, title="Advanced peer work")


@pytest.fixture
def busy_trainee(trainee, supervisor, staff, agreement, domain, program):
    """A trainee with records in every state, whose figures are known:

    training 3 + 2.5 (modules) + 6 (verified elsewhere) = 11.5 h, not the 4 h waiting or the
    5 h declined; practice approved 1.5 + 2.5 (a correction that replaced 2 h) = 4 h, not the
    rejected 1 h, returned 0.75 h or draft 0.5 h; 1.25 h waiting; supervision 1 h confirmed,
    not the 2 h unconfirmed.
    """
    make_completion(trainee, hours=3, title="Module one")
    make_completion(trainee, hours="2.5", title="Module two")
    external_training_verify(training=add_training(trainee, hours="6"), reviewer=staff)
    add_training(trainee, hours="4", title="Waiting for review")
    external_training_decline(
        training=add_training(trainee, hours="5", title="Declined"),
        reviewer=staff,
        reason="The certificate is for someone else.",
    )
    approve(log(trainee, domain, hours="1.5", day=3), supervisor)
    replaced = approve(log(trainee, domain, hours="2", day=4), supervisor)
    correction = services.practice_entry_correct(entry=replaced, trainee=trainee)
    services.practice_entry_update(entry=correction, trainee=trainee, duration_hours=Decimal("2.5"))
    services.practice_entries_submit(trainee=trainee, entry_ids=[correction.pk])
    approve(PracticeLogEntry.objects.get(pk=correction.pk), supervisor)
    services.practice_entry_reject(
        entry=log(trainee, domain, hours="1", day=5), supervisor=supervisor, reason="Not practice."
    )
    services.practice_entry_return(
        entry=log(trainee, domain, hours="0.75", day=6),
        supervisor=supervisor,
        comment="Say what your role was.",
    )
    log(trainee, domain, hours="0.5", day=7, submit=False)
    log(trainee, domain, hours="1.25", day=8)
    session(supervisor, trainee, domain, hours="1", day=9, confirm=True)
    session(supervisor, trainee, domain, hours="2", day=10, confirm=False)
    learning.enrollment_create(trainee=trainee, program=program, enrolled_by=staff)
    return trainee


# ------------------------------------------------------------------------------
# The figures
# ------------------------------------------------------------------------------
def test_each_figure_counts_only_what_counts(busy_trainee, staff):
    row = trainee_roster(viewer=staff).get(pk=busy_trainee.pk)
    assert row.training_hours == Decimal("11.5")
    assert row.modules_completed == 2
    assert row.approved_practice_hours == Decimal("4")
    assert row.waiting_practice_hours == Decimal("1.25")
    assert row.has_waiting_entries is True
    assert row.supervision_hours == Decimal("1")
    assert row.program_names == ["Peer basics"]
    assert row.organization_names == ["Riverside Recovery Community"]
    assert timezone.now() - row.last_activity_at < datetime.timedelta(minutes=5)


def test_statuses_are_as_the_figures_assume(busy_trainee):
    """The fixture really holds an entry in every status (so the figures above prove a rule)."""
    statuses = set(PracticeLogEntry.objects.values_list("status", flat=True))
    assert statuses == set(EntryStatus.values)


def test_a_trainee_with_no_records_shows_zeros_and_no_activity(trainee, staff):
    row = trainee_roster(viewer=staff).get(pk=trainee.pk)
    assert row.training_hours == row.approved_practice_hours == Decimal("0")
    assert row.waiting_practice_hours == row.supervision_hours == Decimal("0")
    assert row.modules_completed == 0
    assert row.has_waiting_entries is False
    assert row.last_activity_at is None
    assert row.program_names is None


def test_figures_do_not_multiply_each_other(trainee, staff, supervisor, agreement, domain):
    """Three completions and four entries: no figure is counted three or four times."""
    for index in range(3):
        make_completion(trainee, hours=1, title=f"Module {index}")
    for day in range(1, 5):
        approve(log(trainee, domain, hours="2", day=day), supervisor)
    row = trainee_roster(viewer=staff).get(pk=trainee.pk)
    assert (row.training_hours, row.modules_completed) == (Decimal("3"), 3)
    assert row.approved_practice_hours == Decimal("8")


def test_last_activity_is_the_latest_of_learning_practice_and_training(trainee, staff, program):
    completion = make_completion(trainee, hours=1, completed_days_ago=40)
    assert trainee_roster(viewer=staff).get().last_activity_at == completion.completed_at
    module = build_module(program, title="Listening well", lessons=1)
    lesson_day = timezone.now() - datetime.timedelta(days=2)
    LessonProgress.objects.create(
        user=trainee,
        lesson=LessonPage.objects.child_of(module).get(),
        module=module,
        first_viewed_at=lesson_day,
        last_viewed_at=lesson_day,
    )
    assert trainee_roster(viewer=staff).get().last_activity_at == lesson_day


# ------------------------------------------------------------------------------
# Who is listed
# ------------------------------------------------------------------------------
def test_staff_list_their_organisations_trainees_only(
    trainee, other_trainee, outside_trainee, supervisor, staff, org_admin, other_staff
):
    assert names(trainee_roster(viewer=staff)) == ["Casey Trainee", "Jamie Trainee"]
    assert names(trainee_roster(viewer=org_admin)) == ["Casey Trainee", "Jamie Trainee"]
    assert names(trainee_roster(viewer=other_staff)) == ["Robin Elsewhere"]


def test_superusers_list_every_organisations_trainees(trainee, outside_trainee, superuser):
    assert names(trainee_roster(viewer=superuser)) == ["Jamie Trainee", "Robin Elsewhere"]


def test_trainees_and_supervisors_have_an_empty_roster(trainee, other_trainee, supervisor):
    assert not trainee_roster(viewer=trainee).exists()
    assert not trainee_roster(viewer=supervisor).exists()


def test_a_trainee_of_two_organisations_shows_only_the_viewers_organisation(
    outside_trainee, organization, staff, other_staff, superuser
):
    membership_grant(user=outside_trainee, organization=organization, role=Role.TRAINEE)
    assert trainee_roster(viewer=staff).get().organization_names == ["Riverside Recovery Community"]
    assert trainee_roster(viewer=superuser).get().organization_names == [
        "Lakeshore Peer Network",
        "Riverside Recovery Community",
    ]


# ------------------------------------------------------------------------------
# Filters
# ------------------------------------------------------------------------------
def test_search_finds_people_by_name_or_email(trainee, other_trainee, staff):
    assert names(trainee_roster(viewer=staff, filters={"search": "jamie"})) == ["Jamie Trainee"]
    found = trainee_roster(viewer=staff, filters={"search": other_trainee.email.upper()})
    assert names(found) == ["Casey Trainee"]


def test_filter_by_organisation_is_limited_to_the_viewers_own(
    trainee, outside_trainee, organization, other_organization, staff, superuser
):
    assert names(trainee_roster(viewer=superuser, filters={"organization": "lakeshore"})) == [
        "Robin Elsewhere"
    ]
    assert names(trainee_roster(viewer=staff, filters={"organization": "riverside"})) == [
        "Jamie Trainee"
    ]
    with pytest.raises(ValidationError) as refused:
        trainee_roster(viewer=staff, filters={"organization": "lakeshore"})
    assert "organization" in refused.value.message_dict


def test_filter_by_program_and_cohort(trainee, other_trainee, staff, organization, program):
    learning.enrollment_create(trainee=other_trainee, program=program, enrolled_by=staff)
    cohort = learning_cohorts.cohort_create(
        organization=organization,
        name="Spring evening group",
        program=program,
        starts_on=days_ago(30),
        created_by=staff,
    )
    learning_cohorts.cohort_enroll(cohort=cohort, trainees=[trainee], enrolled_by=staff)
    by_program = trainee_roster(viewer=staff, filters={"program": program.pk})
    assert names(by_program) == ["Casey Trainee", "Jamie Trainee"]
    assert names(trainee_roster(viewer=staff, filters={"cohort": cohort.pk})) == ["Jamie Trainee"]


def test_another_organisations_cohort_is_not_a_choice(
    trainee, staff, other_staff, other_organization, program
):
    cohort = learning_cohorts.cohort_create(
        organization=other_organization,
        name="Their group",
        program=program,
        starts_on=days_ago(30),
        created_by=other_staff,
    )
    with pytest.raises(ValidationError):
        trainee_roster(viewer=staff, filters={"cohort": cohort.pk})


def test_filter_people_with_hours_waiting_for_sign_off(
    trainee, other_trainee, staff, agreement, domain
):
    log(trainee, domain, hours="1", day=2)
    assert names(trainee_roster(viewer=staff, filters={"waiting": "true"})) == ["Jamie Trainee"]
    everyone = trainee_roster(viewer=staff, filters={"waiting": "false"})
    assert names(everyone) == ["Casey Trainee", "Jamie Trainee"]


def test_filter_people_without_activity_for_some_days(trainee, other_trainee, staff):
    make_completion(trainee, hours=1, completed_days_ago=3)
    make_completion(other_trainee, hours=1, completed_days_ago=45)
    quiet = trainee_roster(viewer=staff, filters={"inactive_days": "30"})
    assert names(quiet) == ["Casey Trainee"]
    never = person_with_role(Role.TRAINEE, trainee.memberships.get().organization)
    assert set(names(trainee_roster(viewer=staff, filters={"inactive_days": "30"}))) == {
        "Casey Trainee",
        never.display_name,
    }


def test_order_by_hours_and_last_activity(trainee, other_trainee, staff):
    make_completion(trainee, hours=2, completed_days_ago=3)
    make_completion(other_trainee, hours=9, completed_days_ago=45)
    assert names(trainee_roster(viewer=staff, filters={"ordering": "-training_hours"})) == [
        "Casey Trainee",
        "Jamie Trainee",
    ]
    assert names(trainee_roster(viewer=staff, filters={"ordering": "-last_activity"})) == [
        "Jamie Trainee",
        "Casey Trainee",
    ]
    assert names(trainee_roster(viewer=staff, filters={"ordering": "-name"})) == [
        "Jamie Trainee",
        "Casey Trainee",
    ]


def test_a_bad_filter_value_is_refused_with_a_message(staff):
    with pytest.raises(ValidationError) as refused:
        trainee_roster(viewer=staff, filters={"inactive_days": "soon", "ordering": "shoe size"})
    assert set(refused.value.message_dict) == {"inactive_days", "ordering"}


# ------------------------------------------------------------------------------
# The page
# ------------------------------------------------------------------------------
def test_the_page_lists_trainees_with_their_figures_and_links(client, busy_trainee, staff):
    client.force_login(staff)
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="/staff/people/{busy_trainee.pk}/"' in page
    assert 'data-label="Training hours">11.5</td>' in page
    assert 'data-label="Approved practice hours">4</td>' in page
    assert 'data-label="Waiting for sign-off">1.25</td>' in page
    assert "<caption" in page and '<th scope="row">' in page


@pytest.mark.parametrize("role", ["trainee", "supervisor"])
def test_trainees_and_supervisors_are_refused_the_page_and_the_csv(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(PAGE).status_code == 403
    assert client.get(CSV).status_code == 403


def test_signing_in_is_required(client, db):
    assert client.get(PAGE).status_code == 302
    assert client.get(CSV).status_code == 302


def test_the_page_never_lists_another_organisations_trainee(
    client, trainee, outside_trainee, staff
):
    client.force_login(staff)
    page = client.get(PAGE).content.decode()
    assert "Jamie Trainee" in page
    assert "Robin Elsewhere" not in page
    assert f"/staff/people/{outside_trainee.pk}/" not in page


def test_the_filter_form_keeps_its_values(client, trainee, other_trainee, staff):
    client.force_login(staff)
    page = client.get(PAGE, {"search": "Casey", "ordering": "-name"}).content.decode()
    assert 'value="Casey"' in page
    assert '<option value="-name" selected>' in page
    assert "Casey Trainee" in page and "Jamie Trainee" not in page
    assert "/staff/trainees.csv?search=Casey&amp;ordering=-name" in page


def test_a_bad_filter_value_shows_a_message_and_keeps_what_was_typed(client, trainee, staff):
    client.force_login(staff)
    response = client.get(PAGE, {"inactive_days": "a month", "search": "Jamie"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a whole number." in page
    assert 'value="a month"' in page and 'value="Jamie"' in page


def test_the_page_shows_fifty_trainees_a_page(client, organization, staff):
    for index in range(51):
        person_with_role(Role.TRAINEE, organization, display_name=f"Trainee {index:02d}")
    client.force_login(staff)
    first = client.get(PAGE).content.decode()
    assert "Trainee 49" in first and "Trainee 50" not in first
    assert "Trainee 50" in client.get(PAGE, {"page": 2}).content.decode()


def test_a_list_filtered_by_a_figure_is_counted_and_paged_like_any_other(
    client, organization, staff, supervisor, domain
):
    add_trainees_with_records(52, organization=organization, supervisor=supervisor, domain=domain)
    person_with_role(Role.TRAINEE, organization, display_name="Person without hours")
    client.force_login(staff)
    first = client.get(PAGE, {"waiting": "on"}).content.decode()
    assert "52 trainees" in first and "Page 1 of 2" in first
    assert "Person 049" in first and "Person 050" not in first
    second = client.get(PAGE, {"waiting": "on", "page": 2}).content.decode()
    assert "Person 050" in second and "Person 051" in second
    assert "Person without hours" not in first + second


def test_each_row_shows_names_as_typed_and_says_when_there_is_nothing_yet(
    client, organization, busy_trainee, staff
):
    person_with_role(Role.TRAINEE, organization, display_name="<b>Sam</b> & Co")
    client.force_login(staff)
    page = client.get(PAGE).content.decode()
    assert "&lt;b&gt;Sam&lt;/b&gt; &amp; Co</a>" in page
    assert 'data-label="Programs">None yet</td>' in page
    assert 'data-label="Last activity">None yet</td>' in page
    assert 'data-label="Programs">Peer basics</td>' in page
    assert '<td data-label="Last activity"><time datetime="' in page


def test_the_staff_home_links_to_the_roster(client, staff):
    client.force_login(staff)
    assert 'href="/staff/trainees/"' in client.get("/staff/").content.decode()


# ------------------------------------------------------------------------------
# CSV export
# ------------------------------------------------------------------------------
def test_the_csv_has_every_matching_trainee_with_their_figures(client, busy_trainee, staff):
    client.force_login(staff)
    response = client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="trainees.csv"' in response["Content-Disposition"]
    header, *rows = csv_table(response)
    assert header == [
        "Id",
        "Name",
        "Email",
        "Organisations",
        "Programs enrolled in",
        "Modules completed",
        "Training hours",
        "Approved practice hours",
        "Practice hours waiting for sign-off",
        "Supervision hours",
        "Last activity",
    ]
    assert rows == [
        [
            str(busy_trainee.pk),
            "Jamie Trainee",
            busy_trainee.email,
            "Riverside Recovery Community",
            "Peer basics",
            "2",
            "11.50",
            "4.00",
            "1.25",
            "1.00",
            timezone.localdate().isoformat(),
        ]
    ]


def test_the_csv_takes_the_same_filters_and_is_not_paginated(client, organization, staff):
    for index in range(55):
        person_with_role(Role.TRAINEE, organization, display_name=f"Trainee {index:02d}")
    client.force_login(staff)
    assert len(csv_table(client.get(CSV))) == 1 + 55
    rows = csv_table(client.get(CSV, {"search": "Trainee 5"}))[1:]
    assert [row[1] for row in rows] == [f"Trainee 5{digit}" for digit in range(5)]


def test_the_csv_defuses_cells_a_spreadsheet_would_run(client, organization, staff):
    person_with_role(
        Role.TRAINEE, organization, display_name='=HYPERLINK("http://evil.example","x")'
    )
    client.force_login(staff)
    row = csv_table(client.get(CSV))[1]
    assert row[1] == '\'=HYPERLINK("http://evil.example","x")'


def test_a_bad_filter_on_the_csv_goes_back_to_the_page_with_the_message(client, staff):
    client.force_login(staff)
    response = client.get(CSV, {"inactive_days": "a month"})
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?inactive_days=a+month"


# ------------------------------------------------------------------------------
# API
# ------------------------------------------------------------------------------
def test_the_api_lists_trainees_with_their_figures(busy_trainee, staff):
    response = api_client(staff).get(API)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (row,) = body["results"]
    assert row["id"] == busy_trainee.pk
    assert row["organizations"] == ["Riverside Recovery Community"]
    assert row["programs"] == ["Peer basics"]
    assert row["modules_completed"] == 2
    assert row["training_hours"] == "11.50"
    assert row["approved_practice_hours"] == "4.00"
    assert row["waiting_practice_hours"] == "1.25"
    assert row["supervision_hours"] == "1.00"
    assert row["last_activity_at"] is not None


def test_the_api_never_lists_another_organisations_trainee(trainee, outside_trainee, staff):
    ids = {row["id"] for row in api_client(staff).get(API).json()["results"]}
    assert ids == {trainee.pk}
    response = api_client(staff).get(API, {"organization": "lakeshore"})
    assert response.status_code == 400
    assert "organization" in response.json()["errors"]
    assert response.json()["input"] == {"organization": "lakeshore"}
    searched = api_client(staff).get(API, {"search": "Robin"}).json()
    assert searched["results"] == []


@pytest.mark.parametrize("role", ["trainee", "supervisor"])
def test_the_api_refuses_trainees_and_supervisors(request, role, outside_trainee):
    client = api_client(request.getfixturevalue(role))
    assert client.get(API).status_code == 403
    assert client.get(API_CSV).status_code == 403


def test_the_api_answers_401_without_sign_in(db):
    assert APIClient().get(API).status_code == 401
    assert APIClient().get(API_CSV).status_code == 401


def test_a_read_only_access_token_reads_the_roster(trainee, staff):
    _token, secret = access_token_create(
        user=staff, name="HR export", scope=PersonalAccessToken.Scope.READ
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert [row["id"] for row in client.get(API).json()["results"]] == [trainee.pk]
    assert len(csv_table(client.get(API_CSV))) == 2


def test_the_api_takes_the_pages_filters(trainee, other_trainee, staff):
    make_completion(trainee, hours=2, completed_days_ago=3)
    make_completion(other_trainee, hours=9, completed_days_ago=45)
    client = api_client(staff)
    ordered = client.get(API, {"ordering": "-training_hours"}).json()["results"]
    assert [row["display_name"] for row in ordered] == ["Casey Trainee", "Jamie Trainee"]
    quiet = client.get(API, {"inactive_days": 30}).json()["results"]
    assert [row["display_name"] for row in quiet] == ["Casey Trainee"]


def test_the_api_csv_matches_the_pages_csv(client, busy_trainee, staff):
    response = api_client(staff).get(API_CSV, {"search": "Jamie"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    client.force_login(staff)
    assert csv_table(response) == csv_table(client.get(CSV, {"search": "Jamie"}))


def test_a_bad_filter_on_the_api_csv_answers_400_in_the_error_format(staff):
    response = api_client(staff).get(API_CSV, {"inactive_days": "0"})
    assert response.status_code == 400
    assert "inactive_days" in response.json()["errors"]


def test_the_schema_documents_the_roster_endpoints(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    listing = schema["paths"]["/api/v1/staff/trainees/"]["get"]
    assert {parameter["name"] for parameter in listing["parameters"]} >= {
        "organization",
        "search",
        "program",
        "cohort",
        "waiting",
        "inactive_days",
        "ordering",
        "page",
    }
    export = schema["paths"]["/api/v1/staff/trainees.csv"]["get"]
    assert "text/csv" in export["responses"]["200"]["content"]
    assert "inactive_days" in {parameter["name"] for parameter in export["parameters"]}


# ------------------------------------------------------------------------------
# A fixed number of queries, whatever the number of trainees
# ------------------------------------------------------------------------------
def add_trainees_with_records(count, *, organization, supervisor, domain, start=0):
    for index in range(start, start + count):
        person = person_with_role(Role.TRAINEE, organization, display_name=f"Person {index:03d}")
        agreement = make_signed_agreement(
            trainee=person, supervisor=supervisor, organization=organization
        )
        ModuleCompletion.objects.create(
            user=person,
            module_title="Module",
            contact_hours=Decimal("2"),
            modality="in_person",
        )
        PracticeLogEntry.objects.create(
            trainee=person,
            agreement=agreement,
            status=EntryStatus.SUBMITTED,
            submitted_at=timezone.now(),
            **entry_values(domain),
        )


# Each request checks the list shows the people, so a cheap empty answer cannot pass for a cheap
# full one.
def _request_page(client):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Person 000" in response.content.decode()


def _request_csv(client):
    response = client.get(CSV)
    assert response.status_code == 200
    assert b"Person 000" in b"".join(response.streaming_content)


def _request_api(client):
    response = client.get(API)
    assert response.status_code == 200
    assert "Person 000" in {row["display_name"] for row in response.json()["results"]}


def _request_api_csv(client):
    response = client.get(API_CSV)
    assert response.status_code == 200
    assert b"Person 000" in b"".join(response.streaming_content)


@pytest.mark.parametrize(
    "request_list", [_request_page, _request_csv, _request_api, _request_api_csv]
)
def test_the_roster_runs_the_same_queries_for_3_and_60_trainees(
    settings,
    client,
    organization,
    staff,
    supervisor,
    domain,
    request_list,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    # What rendering costs; a kept page's cost: tests/lms/test_personal_pages.py.
    settings.PERSONAL_PAGES = False
    add_trainees_with_records(3, organization=organization, supervisor=supervisor, domain=domain)
    client.force_login(staff)
    request_list(client)  # warm the per-process caches (site, settings) first
    with CaptureQueriesContext(connection) as captured:
        request_list(client)
    add_trainees_with_records(
        57, organization=organization, supervisor=supervisor, domain=domain, start=3
    )
    with django_assert_num_queries(len(captured)):
        request_list(client)
    with django_assert_max_num_queries(13):
        request_list(client)


def _request_filtered_page(client):
    response = client.get(PAGE, {"waiting": "on", "ordering": "-practice_hours"})
    assert response.status_code == 200
    assert "Person 000" in response.content.decode()


def test_a_page_filtered_by_figures_reads_everyone_once_at_a_fixed_number_of_queries(
    settings, client, organization, staff, supervisor, domain, django_assert_num_queries
):
    """Filtering or ordering by a figure makes the database compute it for everyone: the ids
    come in one query with their count, not in a COUNT and a page query that both compute it."""
    # What rendering costs; a kept page's cost: tests/lms/test_personal_pages.py.
    settings.PERSONAL_PAGES = False
    add_trainees_with_records(3, organization=organization, supervisor=supervisor, domain=domain)
    client.force_login(staff)
    _request_filtered_page(client)
    with CaptureQueriesContext(connection) as unfiltered:
        _request_page(client)
    with CaptureQueriesContext(connection) as filtered:
        _request_filtered_page(client)
    assert len(filtered) == len(unfiltered) - 1
    add_trainees_with_records(
        57, organization=organization, supervisor=supervisor, domain=domain, start=3
    )
    with django_assert_num_queries(len(filtered)):
        _request_filtered_page(client)


# ------------------------------------------------------------------------------
# Progress toward a credential (the bulk evaluator, for the page's people only)
# ------------------------------------------------------------------------------
def test_the_page_shows_progress_toward_the_chosen_credential(
    client, trainee, other_trainee, staff
):
    from tests.certification.issuance.test_applications import make_definition, meet

    make_definition(code="ethics_cred", name="Ethics credential")
    make_definition(code="other_cred", name="Another credential")
    meet(trainee)
    client.force_login(staff)

    page = client.get(PAGE, {"credential": "ethics_cred"}).content.decode()

    assert "Toward Ethics credential" in page
    assert "2 of 2 requirements met; <strong>ready to apply</strong>" in page
    assert "0 of 2 requirements met" in page  # other_trainee has signed nothing
    assert '<option value="ethics_cred" selected>Ethics credential</option>' in page
    other = client.get(PAGE, {"credential": "other_cred"}).content.decode()
    assert "Toward Another credential" in other


def test_the_api_gives_each_trainees_progress_and_refuses_an_unknown_credential(
    trainee, other_trainee, staff
):
    from tests.certification.issuance.test_applications import make_definition, meet

    make_definition(code="ethics_cred")
    meet(trainee)
    client = api_client(staff)

    body = client.get(API, {"credential": "ethics_cred"}).json()
    progress = {row["display_name"]: row["credential_progress"] for row in body["results"]}
    assert progress[trainee.display_name] == {
        "code": "ethics_cred",
        "met": True,
        "met_count": 2,
        "total": 2,
        "progress_percent": 100,
    }
    assert progress[other_trainee.display_name]["met_count"] == 0

    refused = client.get(API, {"credential": "no_such_code"})
    assert refused.status_code == 400
    assert refused.json()["errors"]["credential"]
    assert refused.json()["input"]["credential"] == "no_such_code"


@pytest.mark.parametrize(
    "request_list", [_request_page, _request_csv, _request_api, _request_api_csv]
)
def test_progress_costs_the_same_queries_for_3_and_60_trainees(
    settings,
    client,
    organization,
    staff,
    supervisor,
    domain,
    request_list,
    django_assert_num_queries,
):
    # What rendering costs; a kept page's cost: tests/lms/test_personal_pages.py.
    settings.PERSONAL_PAGES = False
    from tests.certification.issuance.test_applications import make_definition

    make_definition(code="ethics_cred")
    add_trainees_with_records(3, organization=organization, supervisor=supervisor, domain=domain)
    client.force_login(staff)
    request_list(client)
    with CaptureQueriesContext(connection) as captured:
        request_list(client)
    add_trainees_with_records(
        57, organization=organization, supervisor=supervisor, domain=domain, start=3
    )
    with django_assert_num_queries(len(captured)):
        request_list(client)


def test_by_default_the_roster_measures_the_credential_its_programs_prepare_for(
    client, trainee, staff, program
):
    from curriculum.models import ProgramCredential
    from tests.certification.issuance.test_applications import make_definition

    make_definition(code="aaa_first", name="A credential first by name")
    make_definition(code="il_crss", name="Recovery support credential")
    ProgramCredential.objects.create(program=program, credential="il_crss")
    learning.enrollment_create(trainee=trainee, program=program)
    client.force_login(staff)

    page = client.get(PAGE).content.decode()

    assert "Toward Recovery support credential" in page
    assert '<option value="il_crss" selected>' in page


@pytest.mark.parametrize("address", [CSV, API_CSV])
def test_the_csv_ends_with_progress_toward_the_chosen_credential(
    client, trainee, other_trainee, staff, address
):
    from tests.certification.issuance.test_applications import make_definition, meet

    make_definition(code="ethics_cred")
    meet(trainee)
    client.force_login(staff)

    table = csv_table(client.get(address, {"credential": "ethics_cred"}))

    assert table[0][-4:] == [
        "Credential measured",
        "Requirements met",
        "Requirements in all",
        "Ready to apply",
    ]
    rows = {row[1]: row[-4:] for row in table[1:]}
    assert rows[trainee.display_name] == ["ethics_cred", "2", "2", "yes"]
    assert rows[other_trainee.display_name] == ["ethics_cred", "0", "2", "no"]


def test_the_api_csv_refuses_an_unknown_credential(trainee, staff):
    from tests.certification.issuance.test_applications import make_definition

    make_definition(code="ethics_cred")
    response = api_client(staff).get(API_CSV, {"credential": "no_such_code"})
    assert response.status_code == 400
    assert response.json()["errors"]["credential"]
