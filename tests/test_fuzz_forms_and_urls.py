"""Hostile input into every URL pattern and every main HTML form: no answer is a server error.

The API is walked from its OpenAPI schema (tests/test_api_schemathesis.py); this walks the
rest, so a new 500 on a page fails CI:

- every URL pattern of ours (lms, certification, curriculum, the API and the site package):
  an id parameter with a value no row can have (beyond 64 bits, NUL, 300 characters, an
  encoded slash, quotes) must not reach our views at all, which is checked by resolving; what
  does reach a view (the largest possible id, any value of a text parameter, hostile query
  parameters) is sent by GET and POST as a person holding every role, so each view gets past
  its role check to its lookup;
- Wagtail's chooser addresses the same way, as a superuser (see cms.middleware);
- every form on the main pages of each role (anonymous, trainee, supervisor, staff), read from
  the page's HTML and filled in as a person would; then every field at once gets each hostile
  value, and each field in turn the values of its kind that pass a field's own checks and
  could break later.

A failure lists every request that answered 5xx. The walk sends about a thousand requests;
keep new values few and pointed.
"""

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from wagtail.admin.views.generic.chooser import ChosenMultipleViewMixin, ChosenViewMixin

import pytest
from bs4 import BeautifulSoup

from certification.external_training.services import external_training_add
from certification.supervision import services as practice
from certification.supervision import sessions
from curriculum.editorial import statewide_section_ensure
from curriculum.input_limits import MAX_ID, IdConverter
from curriculum.models import CompetencyDomain
from curriculum.starter import seed_current_taxonomy
from lms.accounts.models import Role
from lms.accounts.services import invitation_create, membership_grant
from lms.curriculum_sections import organization_curriculum_ensure
from lms.learning import cohorts as learning_cohorts
from lms.learning import services as learning
from tests.certification.conftest import days_ago, entry_values, make_signed_agreement
from tests.curriculum.builders import build_lesson, build_module, build_program
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db

OUR_MODULES = ("lms.", "certification.", "cms.", "curriculum.")

# In place of a path parameter (already URL-encoded where it must be).
HOSTILE_PATH_VALUES = [
    str(MAX_ID + 1),
    "9" * 30,
    "0",
    "-1",
    "1.5",
    "%00",
    "x" * 300,
    "a%2Fb",
    "%22%27%3Cscript%3E",
    "%E2%80%AE%F0%9F%92%A5",
]

# Typed into a form field.
HOSTILE_VALUES = [
    "",
    "\x00",
    "'\"<script>alert(1)</script>",
    "1e308",
    "NaN",
    str(MAX_ID + 1),
    "9999-12-31",
    "x" * 5000,
    "١٢٣",  # digits of another script
]

# Into one field at a time, the others filled in as a person would (see hostile_submissions).
ONE_FIELD_VALUES = {
    "text": ["\x00"],
    "date": ["9999-12-31", "0001-01-01"],
    "number": ["1e308", "-1"],
    "choice": [str(MAX_ID + 1), "\x00"],
    "file": [],
}

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Forms that end the session or leave the site are not walked.
SKIPPED_ACTIONS = ("/accounts/", "/i18n/", "/admin/", "/django-admin/")


@dataclass
class World:
    trainee: object
    supervisor: object
    staff: object
    superuser: object
    pages: dict = field(default_factory=dict)  # role -> addresses whose forms are walked


@pytest.fixture
def world(organization, trainee, supervisor, staff, superuser):
    """One organisation with a record of every kind the main pages show."""
    if not CompetencyDomain.objects.exists():
        seed_current_taxonomy()
    domain = CompetencyDomain.objects.order_by("pk").first()
    statewide_section_ensure()
    section = organization_curriculum_ensure(organization=organization)
    program = build_program(section.section, title="Peer basics")
    module = build_module(program, title="Safety first", domains=[(domain, 2)], questions=2)
    lesson = build_lesson(module, title="Grounding together")
    learning.enrollment_create(trainee=trainee, program=program)
    attempt = learning.attempt_start(user=trainee, module=module)

    make_signed_agreement(trainee=trainee, supervisor=supervisor, organization=organization)
    second_trainee = person_with_role(Role.TRAINEE, organization, display_name="Casey Trainee")
    unsigned = practice.agreement_create(
        created_by=staff,
        organization=organization,
        trainee=trainee,
        supervisor=supervisor,
        start_date=timezone.localdate(),
        end_date=timezone.localdate() + datetime.timedelta(days=400),
        credential_name="Certified Peer Recovery Specialist",
        credential_number="CPRS-5678",
        credential_expires_on=timezone.localdate() + datetime.timedelta(days=500),
    )
    draft = practice.practice_entry_create(
        trainee=trainee, submit=False, **entry_values(domain, date=days_ago(1))
    )
    practice.practice_entry_create(
        trainee=trainee, submit=True, **entry_values(domain, date=days_ago(2))
    )
    session = sessions.supervision_session_record(
        supervisor=supervisor,
        date=days_ago(3),
        duration_hours=1,
        format="individual",
        modality="phone",
        domains=[domain],
        trainees=[trainee],
    )
    cohort = learning_cohorts.cohort_create(
        organization=organization,
        name="Spring cohort",
        program=program,
        starts_on=timezone.localdate(),
        created_by=staff,
    )
    training = external_training_add(
        person=trainee,
        provider="Recovery Coach Academy",
        title="Ethics in peer work",
        date=days_ago(10),
        hours=6,
        modality="in_person",
        certificate=SimpleUploadedFile("certificate.pdf", PDF, "application/pdf"),
    )
    _invitation, token = invitation_create(
        organization=organization,
        email="new.person@example.org",
        role=Role.TRAINEE,
        invited_by=staff,
    )
    attendance = session.attendances.get(trainee=trainee)
    return World(
        trainee=trainee,
        supervisor=supervisor,
        staff=staff,
        superuser=superuser,
        pages={
            "anonymous": ["/verify/", "/sign-in/code/", "/curriculum/", f"/invitations/{token}/"],
            "trainee": [
                "/practice/",
                "/practice/entries/new/",
                f"/practice/entries/{draft.pk}/",
                f"/agreements/{unsigned.pk}/sign/",
                "/account/tokens/",
                "/learn/",
                "/learn/reminders/",
                "/learn/training/",
                "/learn/credentials/",
                f"/learn/programs/{program.pk}/",
                f"/learn/modules/{module.pk}/",
                f"/learn/lessons/{lesson.pk}/",
                f"/learn/attempts/{attempt.pk}/",
                f"/practice/sessions/{attendance.pk}/confirm/",
            ],
            "supervisor": [
                "/supervise/",
                "/supervise/agreements/new/",
                "/supervise/sessions/new/",
                f"/agreements/{unsigned.pk}/sign/",
            ],
            "staff": [
                "/staff/",
                "/staff/invite/",
                "/staff/trainees/add/",
                "/staff/trainees/",
                "/staff/cohorts/",
                f"/staff/cohorts/{cohort.pk}/",
                "/staff/agreements/new/",
                "/staff/credentials/",
                "/staff/training/",
                f"/staff/training/{training.pk}/",
                f"/staff/people/{second_trainee.pk}/",
                "/staff/audit/",
            ],
        },
    )


@pytest.fixture
def everyone(organization):
    """A person holding every role, so each view gets past its role check to its lookup."""
    person = person_with_role(Role.TRAINEE, organization, display_name="Robin Every-Role")
    for role in (Role.SUPERVISOR, Role.STAFF):
        membership_grant(user=person, organization=organization, role=role)
    return person


def person_for(world: World, role: str):
    return None if role == "anonymous" else getattr(world, role)


def walk_client(client, person):
    client.raise_request_exception = False  # a 500 comes back as a response, to be listed
    if person is not None:
        client.force_login(person)
    return client


# ------------------------------------------------------------------------------
# URL patterns
# ------------------------------------------------------------------------------
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _routes(resolver=None, prefix=""):
    """(route, view) for every pattern under the root URLconf, parameters left in place."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.callback


def is_ours(view) -> bool:
    return view.__module__.startswith(OUR_MODULES)


def our_routes():
    return sorted({route for route, view in _routes() if is_ours(view)})


def chooser_routes():
    chooser_views = (ChosenViewMixin, ChosenMultipleViewMixin)
    return sorted(
        {
            route
            for route, view in _routes()
            if issubclass(getattr(view, "view_class", object), chooser_views)
        }
    )


def fill(route: str, position: int, value: str) -> str:
    """The route with `value` as its parameter at `position`; ids elsewhere are the largest
    id a row can have (it passes the URL pattern and names nothing)."""
    count = iter(range(100))

    def replace(match):
        return value if next(count) == position else str(MAX_ID)

    return "/" + PARAMETER.sub(replace, route)


def addresses_reaching_views(routes):
    """Every address with a hostile value the URL patterns let through to a view: any value
    for a text parameter, the largest id for an id; pages without parameters get hostile
    query parameters."""
    for route in routes:
        parameters = PARAMETER.findall(route)
        if not parameters:
            yield "/" + route + "?id=%00&id=" + "9" * 30 + "&page=" + "9" * 30 + "&q=%22"
        for position, (converter, _name) in enumerate(parameters):
            values = [str(MAX_ID)] if converter == "id" else HOSTILE_PATH_VALUES
            for value in values:
                yield fill(route, position, value)


def server_errors(client, addresses, methods=("get", "post")):
    failures = []
    for address in addresses:
        for method in methods:
            response = getattr(client, method)(address)
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {address[:120]} → {response.status_code}")
    return failures


def test_the_walk_covers_our_url_patterns():
    routes = our_routes()
    assert "learn/programs/<id:pk>/" in routes
    assert "api/v1/practice-entries/<id:pk>/" in routes
    assert "verify/<str:code>/" in routes
    assert len(routes) > 60
    # ids in our own urls.py use the bounded <id:...> (Wagtail's admin viewsets make their own)
    assert not [r for r in routes if "<int:" in r and not r.startswith("admin/")]


def test_ids_no_row_can_have_never_reach_our_views():
    """Checked by resolving, for every id parameter of every pattern: the address falls through
    to the API's JSON 404 or the page tree's 404, whatever the person's role."""
    reached = []
    for route in our_routes():
        for position, (converter, _name) in enumerate(PARAMETER.findall(route)):
            if converter != "id":
                continue
            for value in HOSTILE_PATH_VALUES:
                if re.fullmatch(IdConverter.regex, value) and int(value) <= MAX_ID:
                    continue  # a possible id: the view answers for it (walked below)
                address = unquote(fill(route, position, value))
                try:
                    match = resolve(address)
                except Resolver404:
                    continue
                if is_ours(match.func) and match.url_name != "api_not_found":
                    reached.append(f"{address[:80]} → {match.view_name}")
    assert reached == []


@pytest.mark.parametrize("address", ["/learn/programs/{}/", "/api/v1/practice-entries/{}/"])
def test_ids_no_row_can_have_answer_404(client, everyone, address):
    client = walk_client(client, everyone)
    for value in HOSTILE_PATH_VALUES:
        assert client.get(address.format(value)).status_code == 404


def test_hostile_path_values_never_answer_5xx(client, everyone):
    client = walk_client(client, everyone)
    assert server_errors(client, addresses_reaching_views(our_routes())) == []


def test_hostile_ids_in_wagtail_choosers_never_answer_5xx(client, superuser):
    client = walk_client(client, superuser)
    routes = chooser_routes()
    assert len(routes) >= 6  # snippets, documents and images, one and several
    addresses = [
        "/" + PARAMETER.sub(value, route) for route in routes for value in HOSTILE_PATH_VALUES
    ]
    assert server_errors(client, sorted(set(addresses)), methods=("get",)) == []


# ------------------------------------------------------------------------------
# HTML forms
# ------------------------------------------------------------------------------
@dataclass
class Form:
    method: str
    action: str
    fields: dict = field(default_factory=dict)  # name -> values, filled in as a person would
    kinds: dict = field(default_factory=dict)  # name -> text, date, number, choice or file


def typical_value(person, element) -> str:
    """What a person would type in this field."""
    name = element.get("name", "")
    kind = (element.get("type") or "text").lower()
    if name == "signature":
        return person.display_name if person else "Someone"
    if kind == "date":
        later = any(word in name for word in ("end", "expires"))
        day = timezone.localdate() + datetime.timedelta(days=300 if later else -2)
        return day.isoformat()
    if kind == "number" or "hours" in name or element.get("inputmode") == "decimal":
        return "1"
    if kind == "email":
        return "someone.new@example.org"
    if kind == "password":
        return "a long pass phrase for tests"
    if name == "code":
        return "TR-ABCD-EFGH-JKMN"
    return "Typed during the hostile input walk"


def kind_of(control) -> str:
    kind = (control.get("type") or "").lower()
    if control.name == "select" or kind in ("checkbox", "radio"):
        return "choice"
    if kind in ("date", "file"):
        return kind
    if kind == "number" or control.get("inputmode") == "decimal":
        return "number"
    return "text"


def forms_on(page: str, html: str, person) -> list[Form]:
    """Each form of the page, filled in, and once more for each button that sends it
    elsewhere (``formaction``: approve, return, decline in the supervisor's queue)."""
    forms = []
    for element in BeautifulSoup(html, "html.parser").find_all("form"):
        form = Form(
            method=(element.get("method") or "get").lower(),
            action=urljoin(page, element.get("action") or page),
        )
        other_actions = []
        for control in element.find_all(["input", "select", "textarea", "button"]):
            if control.get("formaction"):
                other_actions.append(urljoin(page, control["formaction"]))
            name = control.get("name")
            kind = (control.get("type") or "").lower()
            if not name or name == "csrfmiddlewaretoken" or name in form.fields:
                continue
            if control.name == "select":
                options = [o.get("value", o.text) for o in control.find_all("option")]
                value = ([o for o in options if o] or options)[:1]
            elif control.name == "textarea":
                value = [control.text or typical_value(person, control)]
            elif kind in ("checkbox", "radio"):
                value = [control.get("value", "on")]
            elif kind in ("submit", "button") or control.name == "button":
                if control.get("value") is None:
                    continue
                value = [control["value"]]
            elif kind == "file":
                value = []
            elif kind == "hidden" or control.get("value"):
                value = [control.get("value", "")]
            else:
                value = [typical_value(person, control)]
            form.fields[name] = value
            form.kinds[name] = kind_of(control)
        for action in [form.action, *other_actions]:
            if not urlsplit(action).path.startswith(SKIPPED_ACTIONS):
                forms.append(Form(form.method, action, form.fields, form.kinds))
    return forms


def send(client, form: Form, data: dict):
    if form.method == "post":
        data = {**data}
        for name, kind in form.kinds.items():
            if kind == "file" and not data.get(name):
                data[name] = SimpleUploadedFile("certificate.pdf", PDF, "application/pdf")
        return client.post(form.action, data)
    return client.get(form.action, data)


def normalised_action(form: Form) -> str:
    """Forms repeated per record (approve this entry, that entry...) are walked once."""
    return form.method + " " + re.sub(r"/\d+/", "/N/", urlsplit(form.action).path)


def hostile_submissions(form: Form):
    """Every hostile value in every field at once: each field is validated on its own, so
    this finds what breaks a field. Then each field in turn, the others filled in as a person
    would, with the values of its kind that pass a field's own checks and break later (in a
    service, in the database): a NUL byte, dates and numbers beyond any real range, an id
    beyond 64 bits. Fields repeated per record (one per domain) are walked once."""
    for value in HOSTILE_VALUES:
        yield "every field", value, {**form.fields, **dict.fromkeys(form.kinds, value)}
    families = set()
    for name, kind in form.kinds.items():
        family = re.sub(r"\d+", "N", name)
        if family in families:
            continue
        families.add(family)
        for value in ONE_FIELD_VALUES[kind]:
            yield name, value, {**form.fields, name: value}


def walk_forms(client, person, pages) -> tuple[list[str], int]:
    failures, walked, seen = [], 0, set()
    for page in pages:
        response = client.get(page)
        if response.status_code >= 500:
            failures.append(f"GET {page} → {response.status_code}")
            continue
        if response.status_code != 200:
            continue
        for form in forms_on(page, response.content.decode(), person):
            key = normalised_action(form)
            if key in seen:
                continue
            seen.add(key)
            walked += 1
            for name, value, data in hostile_submissions(form):
                answer = send(client, form, data)
                if answer.status_code >= 500:
                    failures.append(
                        f"{form.method.upper()} {form.action} {name}={value[:40]!r} "
                        f"→ {answer.status_code}"
                    )
    return failures, walked


# How many distinct forms each role's pages have at least: the walk is not silently empty.
FORMS_AT_LEAST = {"anonymous": 4, "trainee": 10, "supervisor": 6, "staff": 10}


def test_hostile_values_in_every_form_field_never_answer_5xx(world):
    """One test for all roles: the records they need are built once."""
    failures, walked = [], {}
    for role, pages in world.pages.items():
        person = person_for(world, role)
        client = walk_client(Client(), person)
        role_failures, walked[role] = walk_forms(client, person, pages)
        failures += [f"{role}: {failure}" for failure in role_failures]
    assert failures == []
    assert all(walked[role] >= FORMS_AT_LEAST[role] for role in FORMS_AT_LEAST), walked
