"""Personal pages kept per person, and retired by the writes that change what they show.

A trainee's home, their credential progress, a supervisor's queue and a staff member's lists are
computed from the records. Between two changes to those records each such page is the same, so
the first rendering is kept and later requests get it from the cache without queries or
templates. What makes this safe is that every write retires the pages it could change:

- **Generations.** A kept page records the generations it was rendered under, and is served only
  while every one of them is unchanged:

  - ``person:<id>``: anything recorded about or by one person (their enrolments, hours, attempts,
    credentials, their own account);
  - ``organization:<id>``: anything about anyone in an organisation (staff and supervisor pages
    list many people: they depend on this one);
  - ``shared:<id>``: what every member of an organisation sees of it (its sessions and their
    seats, its cohorts, its name, the names of its staff and supervisors);
  - ``activity:<id>``: only when the person was last active (a lesson read again): their home
    orders modules by it; the lesson page itself does not show it. Staff lists show only its
    day: a lesson read again on another day than the last retires the organisation's pages
    too, one read again the same day does not;
  - ``everyone``: a write that could not be tied to people (see below) retires every page;
  - the reference data's generation (``lms.learning.cache``: the curriculum, domains, topics,
    credential definitions);
  - the day, and a moment a page may name when time alone would change it (a session closing
    its registration, say: ``good_until``).

- **Who replaces them.** Every save or delete of a model in the apps that hold people's records
  (``lms`` and ``certification``) replaces the generations of the people it names (its foreign
  keys to a person) and of their organisations, and of the organisation it names, at once and
  again when the transaction commits (a page rendered meanwhile from the old rows is retired by
  the second replacement). A queryset ``update()``, ``bulk_create()`` or ``delete()`` sends no
  per-row signal: code that writes that way says whose records it changes
  (``with announce(people=..., organizations=...)``). Any write to those tables that is neither
  a model save nor announced is still seen, by a wrapper around every SQL statement, and
  retires every kept page (``everyone``): a forgotten announcement costs speed, never a wrong
  number.
- **What is kept.** Only a GET, without htmx, from someone signed in (not a superuser) with no
  message waiting, answered 200 in HTML by a view marked ``@kept_for_person``. A view whose
  every visit must still do something (the lesson page records the view) names an
  ``on_hit``. The page is stored with a placeholder where the CSRF token goes and each
  response gets the person's own token.
- **When the cache is not shared.** While Redis is unreachable each process has its own
  stand-in cache, which the other processes' writes never reach: nothing is kept or served
  then.

The safety net: ``PERSONAL_PAGES_VERIFY`` renders every page served from the cache afresh too and
fails on any difference (the consistency tests drive random sequences of service calls with it
on), and ``manage.py check_personal_pages`` does the same for every person and reports drift.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import hashlib
import logging
import re
import threading
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import signals
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from lms.access import remember_roles
from lms.kept_pages import REFERENCE_GENERATION_KEY as REFERENCE
from lms.kept_pages import (
    RENDERED_FOR_CACHE,
    RENDERED_FOR_PERSON,
    VERIFY_KEY_PREFIX,
    VERIFY_TIMEOUT,
    is_candidate,
    kept_response,
    language_of,
    reference_generation_seen,
    with_visitor_token,
)

logger = logging.getLogger("peerpath.personal_pages")

PREFIX = "peerpath:personal"
ENTRY_PREFIX = f"{PREFIX}:page:v1"
EVERYONE = f"{PREFIX}:gen:everyone"
ENTRY_TIMEOUT = 6 * 60 * 60  # a bound, not the rule: generations retire entries
ORGANIZATIONS_OF_TIMEOUT = 24 * 60 * 60
GOOD_UNTIL = "_peerpath_personal_good_until"
REMEMBERED = "_peerpath_personal_remembered"

# Apps whose models hold people's records. Tables that record the machinery rather than anyone's
# record (the outbox, the schedule, statements waiting for the LRS, the audit chain's head) are
# left out: no page shows them.
WATCHED_APPS = ("lms", "certification")
UNWATCHED_MODELS = {
    "lms.OutboxMessage",
    "lms.ScheduledRun",
    "lms.XapiStatement",
    "certification.AuditChainHead",
}
# Records whose change every member of the session's (or cohort's) organisation sees: the seats
# left, who facilitates.
SHARED_THROUGH = {
    "lms.LiveRegistration": "session",
    "lms.LiveAttendance": "session",
    "lms.LiveRosterSignature": "session",
    "lms.LiveSession_facilitators": "livesession",
    "lms.CohortInvitation": "cohort",
}
# Rows with neither a person nor an organisation of their own: whose they are is their parent's.
BELONGS_TO = {
    "lms.CompletionDomainHours": "completion",
    "lms.CompletionTopicHours": "completion",
    "lms.CompletionCredit": "completion",
    "lms.LiveAttendanceCorrection": "attendance",
    "certification.ExternalTrainingDomainHours": "training",
    "certification.ExternalTrainingTopicHours": "training",
    "certification.SupervisionSession_domains": "supervisionsession",
}
# Rows that name an organisation only as the place a person's own record belongs to: a change
# shows on that person's pages and their organisation's staff pages, not on every member's.
# Any other row naming an organisation (its sessions, cohorts, code of ethics, name, who works
# there) shows to every member.
PERSONAL_IN_ORGANIZATION = {
    "lms.Invitation",
    "lms.SignInCode",
    "lms.JoinRequest",
    "certification.CredentialApplication",
    "certification.IssuedCredential",
    "certification.MonthlySummary",
    "certification.SupervisionAgreement",
}
# A sign-in saves only this: it changes the person's own pages and their staff's lists (last
# activity), not what others in the organisation see of them.
PRIVATE_USER_FIELDS = frozenset({"last_login", "password"})


def person_key(pk) -> str:
    return f"{PREFIX}:gen:person:{pk}"


def organization_key(pk) -> str:
    return f"{PREFIX}:gen:organization:{pk}"


def shared_key(pk) -> str:
    return f"{PREFIX}:gen:shared:{pk}"


def activity_key(pk) -> str:
    return f"{PREFIX}:gen:activity:{pk}"


def memberships_key(pk) -> str:
    return f"{PREFIX}:gen:memberships:{pk}"


def _organizations_of_key(pk) -> str:
    # (memberships' generation, the person's organisations, their roles)
    return f"{PREFIX}:memberships-of:{pk}"


def enabled() -> bool:
    return getattr(settings, "PERSONAL_PAGES", True) and _cache_is_shared()


def _cache_is_shared() -> bool:
    shares = getattr(cache, "shares_state", None)
    return shares() if shares is not None else True


# ------------------------------------------------------------------------------
# Replacing generations
# ------------------------------------------------------------------------------
def _generations(keys: list[str], also: list[str] = ()) -> dict[str, str]:
    """The current value of each generation, creating those the cache does not hold; with
    whatever the cache holds of the ``also`` keys, read in the same round trip."""
    values = cache.get_many([*keys, *also])
    missing = [key for key in keys if key not in values]
    if missing:
        for key in missing:
            cache.add(key, uuid.uuid4().hex, timeout=None)
        values.update(cache.get_many(missing))
    return values


def organizations_of(people: Iterable[int]) -> dict[int, list[int]]:
    """Each person's organisations: from the cache where it holds them under the generation of
    the person's memberships (a membership change replaces it), else one query for the rest."""
    return {pk: kept[0] for pk, kept in _memberships_of(people).items()}


def _memberships_of(people: Iterable[int], known: dict | None = None) -> dict[int, tuple]:
    """Each person's (organisations, roles), kept under the generation of their memberships.
    ``known``: the generations and kept values read already (``_dependencies``)."""
    from lms.accounts.models import Membership

    people = sorted({pk for pk in people if pk is not None})
    if not people:
        return {}
    if known is None:  # the generations and what is kept under them, in one read
        known = _generations(
            [memberships_key(pk) for pk in people],
            also=[_organizations_of_key(pk) for pk in people],
        )
    generations = kept = known
    found: dict[int, tuple] = {}
    for pk in people:
        value = kept.get(_organizations_of_key(pk))
        if value is not None and value[0] == generations.get(memberships_key(pk)):
            found[pk] = (value[1], value[2])
    missing = [pk for pk in people if pk not in found]
    if missing:
        organizations: dict[int, set[int]] = {pk: set() for pk in missing}
        roles: dict[int, set[str]] = {pk: set() for pk in missing}
        rows = Membership.objects.filter(user_id__in=missing).values_list(
            "user_id", "organization_id", "role"
        )
        for person, organization, role in rows:
            organizations[person].add(organization)
            roles[person].add(role)
        fetched = {pk: (sorted(organizations[pk]), sorted(roles[pk])) for pk in missing}
        cache.set_many(
            {
                _organizations_of_key(pk): (generations.get(memberships_key(pk)), *value)
                for pk, value in fetched.items()
            },
            timeout=ORGANIZATIONS_OF_TIMEOUT,
        )
        found.update(fetched)
    return found


class _Pending(threading.local):
    def __init__(self):
        self.people: set[int] = set()
        self.organizations: set[int] = set()
        self.shared: set[int] = set()
        self.memberships: set[int] = set()
        self.activity: set[int] = set()
        self.activity_day: set[int] = set()
        self.everyone = False


_pending = _Pending()


class Flush:
    """The on-commit callback that replaces the generations (a class of its own, so a test
    counting the callbacks a request queues can tell these apart)."""

    def __call__(self) -> None:
        _flush()


def _flush() -> None:
    """Replace the generations of everything touched since the last flush."""
    people, organizations, shared = _pending.people, _pending.organizations, _pending.shared
    memberships, everyone, activity = _pending.memberships, _pending.everyone, _pending.activity
    activity_day = _pending.activity_day
    _pending.people, _pending.organizations, _pending.shared = set(), set(), set()
    _pending.memberships, _pending.everyone, _pending.activity = set(), False, set()
    _pending.activity_day = set()
    keys = {person_key(pk) for pk in people}
    keys |= {activity_key(pk) for pk in activity | activity_day}
    keys |= {organization_key(pk) for pk in organizations}
    # Read before the people's generations change: the kept memberships are still valid.
    for orgs in organizations_of(people | activity_day).values():
        keys |= {organization_key(pk) for pk in orgs}
    keys |= {shared_key(pk) for pk in shared}
    # Last, so the memberships read above are those kept before the change: their
    # organisations' pages are retired too.
    keys |= {memberships_key(pk) for pk in memberships}
    if everyone:
        keys.add(EVERYONE)
    if keys:
        cache.set_many(dict.fromkeys(keys, uuid.uuid4().hex), timeout=None)


def touch(
    *,
    people: Iterable[int] = (),
    organizations: Iterable[int] = (),
    shared: Iterable[int] = (),
    everyone: bool = False,
    memberships: Iterable[int] = (),
    activity_of: Iterable[int] = (),
    activity_day_of: Iterable[int] = (),
) -> None:
    """Retire the kept pages that show these people's or organisations' records when the
    transaction commits (at once outside one). With ``PERSONAL_PAGES_REPLACE_AT_ONCE`` (the
    tests, which run inside a transaction that never commits) also before this thread next
    looks for a kept page."""
    _pending.people.update(pk for pk in people if pk is not None)
    _pending.memberships.update(pk for pk in memberships if pk is not None)
    _pending.activity.update(pk for pk in activity_of if pk is not None)
    _pending.activity_day.update(pk for pk in activity_day_of if pk is not None)
    _pending.organizations.update(pk for pk in organizations if pk is not None)
    _pending.shared.update(pk for pk in shared if pk is not None)
    _pending.everyone = _pending.everyone or everyone
    if not transaction.get_connection().in_atomic_block:
        _flush()
        return
    # The first flush after the commit empties what every touch of the transaction gathered;
    # the others find nothing left to do (cheap). One per touch, so a savepoint rolled back
    # never takes away the flush a later touch relies on.
    transaction.on_commit(Flush())


# ------------------------------------------------------------------------------
# Whose records a row holds
# ------------------------------------------------------------------------------
class _Watched:
    """How to read the people and organisations a row of one model names."""

    def __init__(self, model):
        from django.contrib.auth import get_user_model

        from lms.accounts.models import Organization

        user = get_user_model()
        meta = model._meta
        self.is_user = model is user
        self.is_organization = model is Organization
        fields = [field for field in meta.concrete_fields if field.is_relation]
        self.people = [f.attname for f in fields if f.related_model is user]
        self.organizations = [f.attname for f in fields if f.related_model is Organization]
        self.shared_through = SHARED_THROUGH.get(meta.label)
        self.parent = BELONGS_TO.get(meta.label)
        self.is_membership = meta.label == "lms.Membership"
        self.shown_to_members = meta.label not in PERSONAL_IN_ORGANIZATION

    def touch_for(self, instance, *, update_fields=None) -> None:
        if self.is_user:
            private = update_fields is not None and set(update_fields) <= PRIVATE_USER_FIELDS
            shared = () if private else _organizations_flat([instance.pk])
            touch(people=[instance.pk], shared=shared)
            return
        if self.is_organization:
            touch(organizations=[instance.pk], shared=[instance.pk])
            return
        if self.parent is not None:
            parent = getattr(instance, self.parent, None)
            if parent is not None:
                _watched(type(parent)).touch_for(parent)
            else:
                touch(everyone=True)
            return
        people = [getattr(instance, name) for name in self.people]
        organizations = [getattr(instance, name) for name in self.organizations]
        shared = []
        if self.shared_through is not None:
            through = getattr(instance, self.shared_through, None)
            organization = getattr(through, "organization_id", None)
            if organization is not None:
                shared.append(organization)
        if self.shown_to_members:
            shared.extend(organizations)
        touch(
            people=people,
            organizations=organizations,
            shared=shared,
            memberships=people if self.is_membership else (),
            everyone=not (people or organizations or shared),
        )


def _organizations_flat(people) -> list[int]:
    return [org for orgs in organizations_of(people).values() for org in orgs]


_WATCHED: dict[type, _Watched] = {}
_TABLES: set[str] = set()


def _watched(model) -> _Watched:
    watched = _WATCHED.get(model)
    if watched is None:
        watched = _WATCHED[model] = _Watched(model)
    return watched


# ------------------------------------------------------------------------------
# Seeing every write: model signals, announcements, and the statement wrapper
# ------------------------------------------------------------------------------
class _State(threading.local):
    def __init__(self):
        self.expected: dict[str, int] = {}
        self.announcing = 0


_state = _State()
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.I)


def _expect(sender, **kwargs) -> None:
    table = sender._meta.db_table
    _state.expected[table] = _state.expected.get(table, 0) + 1


def _done(sender, instance=None, update_fields=None, **kwargs) -> None:
    table = sender._meta.db_table
    if _state.expected.get(table):
        _state.expected[table] -= 1
    if kwargs.get("raw"):
        touch(everyone=True)  # fixtures: whose is not worth working out
        return
    _watched(sender).touch_for(instance, update_fields=update_fields)


def _m2m_expect(sender, action=None, **kwargs) -> None:
    if action.startswith("pre_"):
        _expect(sender)


def _m2m_done(sender, instance=None, action=None, model=None, pk_set=None, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    table = sender._meta.db_table
    if _state.expected.get(table):
        _state.expected[table] -= 1
    _watched(type(instance)).touch_for(instance)
    if model is not None and model in _WATCHED and pk_set:
        for related in model._default_manager.filter(pk__in=pk_set):
            _watched(model).touch_for(related)


class announce:
    """Say whose records a queryset ``update()``, ``bulk_create()`` or ``delete()`` changes::

    with personal_pages.announce(people=[trainee.pk]):
        Row.objects.filter(...).update(...)

    Naming no one says that no kept page shows what is written (a token's last use, say).
    ``activity_of``: only the moment the people were last active changed (a lesson read again
    on the day it was last read): it retires their home (``kept_for_person(shows_activity=True)``)
    and nothing else. Staff lists show the day of that moment, not its time (and a list ordered
    by it is not kept): ``activity_day_of`` says that day changed too, which retires their
    staff's pages as well.
    """

    def __init__(
        self,
        *,
        people: Iterable[int] = (),
        organizations: Iterable[int] = (),
        shared: Iterable[int] = (),
        activity_of: Iterable[int] = (),
        activity_day_of: Iterable[int] = (),
    ):
        self.touch = {
            "people": list(people),
            "organizations": list(organizations),
            "shared": list(shared),
            "activity_of": list(activity_of),
            "activity_day_of": list(activity_day_of),
        }

    def __enter__(self):
        _state.announcing += 1
        return self

    def __exit__(self, *exc_info):
        _state.announcing -= 1
        if exc_info[0] is None:
            touch(**self.touch)
        return False


def _statement_wrapper(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if _state.announcing:
        return result
    found = _WRITE.match(sql) if isinstance(sql, str) else None
    if found is not None:
        table = found.group(1)
        if table in _TABLES and not _state.expected.get(table):
            logger.debug("A write to %s was not announced: every kept page retired", table)
            touch(everyone=True)
    return result


def _install_wrapper(connection=None, **kwargs) -> None:
    if connection is not None and _statement_wrapper not in connection.execute_wrappers:
        connection.execute_wrappers.append(_statement_wrapper)


def _reset(**kwargs) -> None:
    _state.expected.clear()
    _state.announcing = 0


def connect() -> None:
    """Watch every model of the apps that hold people's records (AppConfig.ready)."""
    from django.apps import apps
    from django.core.signals import request_started
    from django.db.backends.signals import connection_created

    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        if model._meta.app_label not in WATCHED_APPS or label in UNWATCHED_MODELS:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        _TABLES.add(model._meta.db_table)
        uid = f"personal_pages:{label}"
        if model._meta.auto_created:
            continue  # many-to-many rows: m2m_changed below
        _watched(model)
        signals.pre_save.connect(_expect, sender=model, dispatch_uid=f"{uid}:pre_save")
        signals.post_save.connect(_done, sender=model, dispatch_uid=f"{uid}:post_save")
        signals.pre_delete.connect(_expect, sender=model, dispatch_uid=f"{uid}:pre_delete")
        signals.post_delete.connect(_done, sender=model, dispatch_uid=f"{uid}:post_delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            signals.m2m_changed.connect(_m2m_expect, sender=through, dispatch_uid=f"{uid}:m2m-pre")
            signals.m2m_changed.connect(_m2m_done, sender=through, dispatch_uid=f"{uid}:m2m")
    connection_created.connect(_install_wrapper, dispatch_uid="personal_pages:wrapper")
    request_started.connect(_reset, dispatch_uid="personal_pages:reset")
    _install_wrapper(connection)


# ------------------------------------------------------------------------------
# Keeping and serving pages
# ------------------------------------------------------------------------------
def good_until(request: HttpRequest, moment: datetime.datetime | None) -> None:
    """This page changes by itself at ``moment`` (a registration closing, say): keep it no
    longer than that."""
    if moment is None:
        return
    current = getattr(request, GOOD_UNTIL, None)
    if current is None or moment < current:
        setattr(request, GOOD_UNTIL, moment)


def _is_candidate(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and request.user.is_authenticated
        and not request.user.is_superuser
        and not request.headers.get("HX-Request")
        and not len(messages.get_messages(request))
    )


def _entry_key(request: HttpRequest) -> str:
    # The scheme too: a page may hold absolute addresses (the check-in code's).
    place = hashlib.sha256(
        f"{request.scheme}://{request.get_host()}{request.path}?"
        f"{request.META.get('QUERY_STRING', '')}".encode()
    ).hexdigest()
    language = getattr(request, "LANGUAGE_CODE", "") or settings.LANGUAGE_CODE
    # A session opened with a sign-in code sees a trainee's pages only: kept apart.
    from lms.accounts.code_sessions import is_code_session

    kind = "code" if is_code_session(request) else "full"
    return f"{ENTRY_PREFIX}:{request.user.pk}:{kind}:{language}:{place}"


def _dependencies(user, *, organization_wide: bool, shows_activity: bool) -> dict[str, str]:
    """The generations a page of ``user``'s depends on, with their values now (a missing one is
    created), in two reads of the cache: the person's own generations with the organisations
    kept under their memberships' generation (one read, so they agree), then their
    organisations' generations."""
    own = [person_key(user.pk), memberships_key(user.pk), EVERYONE, REFERENCE]
    if shows_activity:
        own.append(activity_key(user.pk))
    kept_key = _organizations_of_key(user.pk)
    values = _generations(own, also=[kept_key])
    organizations, roles = _memberships_of([user.pk], known=values)[user.pk]
    values.pop(kept_key, None)
    # The roles the page's checks ask for come with the organisations: a page kept under these
    # generations is served without asking again, so they are as current as the page is.
    remember_roles(user, roles)
    keys = [shared_key(pk) for pk in organizations]
    if organization_wide:
        keys += [organization_key(pk) for pk in organizations]
    if keys:
        values.update(_generations(keys))
    reference_generation_seen(values[REFERENCE])
    return values


def generations(*, people: Iterable[int] = (), shared: Iterable[int] = ()) -> dict[str, str]:
    """The current generations of these people's records and of what these organisations show
    everyone, with the reference data's and everyone's: read them before the records they
    cover, keep them beside what was rendered, and compare with ``still_current``."""
    settle()
    return _generations(
        [
            *(person_key(pk) for pk in people),
            *(shared_key(pk) for pk in shared),
            EVERYONE,
            REFERENCE,
        ]
    )


def still_current(depends_on: dict[str, str]) -> bool:
    settle()
    return cache.get_many(list(depends_on)) == depends_on


def settle() -> None:
    """With ``PERSONAL_PAGES_REPLACE_AT_ONCE`` (tests inside a transaction that never commits),
    replace what this thread's writes touched before a kept page is looked up."""
    if getattr(settings, "PERSONAL_PAGES_REPLACE_AT_ONCE", False):
        _flush()


def _still_good(entry: dict, now: datetime.datetime) -> bool:
    if entry["day"] != timezone.localdate(now).isoformat():
        return False
    if entry["good_until"] is not None and now >= entry["good_until"]:
        return False
    return still_current(entry["depends_on"])


class Drift(AssertionError):
    """A page served from the cache differs from the page the records give now."""


_checking = threading.local()


class checking:
    """Within this block, a page found in the cache is rendered afresh too and compared:
    differences are collected in ``drifted`` (the drift command) instead of raising."""

    def __init__(self, *, repair: bool = False):
        self.drifted: list[str] = []
        self.differences: list[str] = []
        self.checked = 0
        self.repair = repair

    def __enter__(self):
        _checking.current = self
        return self

    def __exit__(self, *exc_info):
        _checking.current = None
        return False


def remember(request: HttpRequest, **facts) -> None:
    """Keep these facts with the page, for the view's ``on_hit`` to use when it is served."""
    setattr(request, REMEMBERED, {**getattr(request, REMEMBERED, {}), **facts})


def kept_for_person(*, organization_wide: bool = False, shows_activity: bool = False, on_hit=None):
    """Keep this view's page per person (see the module). ``organization_wide``: the page shows
    other people of the person's organisations (staff and supervisor pages);
    ``shows_activity``: it shows when the person was last active (their home). ``on_hit``:
    ``on_hit(request, facts)`` runs before a kept page is served, with what the view
    ``remember``ed (the lesson page records the view)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not (enabled() and _is_candidate(request)):
                return view(request, *args, **kwargs)
            settle()
            key = _entry_key(request)
            now = timezone.now()
            entry = cache.get(key)
            check = getattr(_checking, "current", None)
            if entry is not None and _still_good(entry, now):
                if on_hit is not None and check is None:  # a check records nothing
                    on_hit(request, entry.get("remembered", {}))
                verify = check is not None or getattr(settings, "PERSONAL_PAGES_VERIFY", False)
                if not verify:
                    return _respond(request, entry)
                fresh = _render(view, request, args, kwargs)
                # A write committed while the page was rendered afresh, its generations not
                # replaced yet when the kept page was found, is a race, not drift: that reader
                # got the page as it was just before the commit. So is the page's moment
                # (``good_until``) or the day passing while it was rendered afresh.
                if (
                    fresh is not None
                    and fresh[0] != entry["content"]
                    and _still_good(entry, timezone.now())
                ):
                    _drifted(request, key, entry, fresh, check)
                return _respond(request, entry if fresh is None else {**entry, "content": fresh[0]})
            if check is not None:
                return view(request, *args, **kwargs)  # nothing kept: nothing to compare
            depends_on = _dependencies(
                request.user, organization_wide=organization_wide, shows_activity=shows_activity
            )
            setattr(request, RENDERED_FOR_PERSON, True)
            setattr(request, RENDERED_FOR_CACHE, True)
            response = view(request, *args, **kwargs)
            setattr(request, RENDERED_FOR_CACHE, False)
            good_until = getattr(request, GOOD_UNTIL, None)
            if not _keepable(response) or (good_until is not None and good_until <= now):
                response.content = with_visitor_token(request, response.content)
                return response
            entry = {
                "depends_on": depends_on,
                "day": timezone.localdate(now).isoformat(),
                "good_until": good_until,
                "content": response.content,
                "content_type": response["Content-Type"],
                "remembered": getattr(request, REMEMBERED, {}),
            }
            cache.set(key, entry, timeout=ENTRY_TIMEOUT)
            response.content = with_visitor_token(request, response.content)
            return response

        return wrapped

    return decorator


def _keepable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
    )


def _render(view, request, args, kwargs) -> tuple[bytes, str] | None:
    setattr(request, RENDERED_FOR_PERSON, True)
    setattr(request, RENDERED_FOR_CACHE, True)
    try:
        response = view(request, *args, **kwargs)
    finally:
        setattr(request, RENDERED_FOR_CACHE, False)
    if not _keepable(response):
        return None
    return response.content, response["Content-Type"]


def _difference(kept: bytes, fresh: bytes) -> str:
    """The first lines that differ, for the person reading the report."""
    lines = difflib.unified_diff(
        kept.decode(errors="replace").splitlines(),
        fresh.decode(errors="replace").splitlines(),
        "kept",
        "records",
        n=0,
        lineterm="",
    )
    return "\n".join(line.strip()[:200] for line in list(lines)[2:8])


def _drifted(request, key, entry, fresh, check) -> None:
    where = f"{request.path} for person {request.user.pk}"
    if check is None:
        cache.delete(key)
        raise Drift(
            f"The kept page differs from the records: {where}\n"
            f"{_difference(entry['content'], fresh[0])}"
        )
    check.drifted.append(where)
    check.differences.append(_difference(entry["content"], fresh[0]))
    if check.repair:
        cache.delete(key)


def _respond(request: HttpRequest, entry: dict) -> HttpResponse:
    response = HttpResponse(
        with_visitor_token(request, entry["content"]), content_type=entry["content_type"]
    )
    if check := getattr(_checking, "current", None):
        check.checked += 1
    return response


# ------------------------------------------------------------------------------
# API lists
# ------------------------------------------------------------------------------
API_ENTRY_PREFIX = f"{PREFIX}:api:v1"
# What a kept API answer carries besides its body.
_API_HEADERS = ("Content-Type", "Vary", "Allow", "Content-Language")


def kept_api_answer(request, produce: Callable, *, organization_wide: bool = True):
    """An API list as its reader got it last, while the generations it was produced under are
    unchanged (the same rules as ``kept_for_person``; ``organization_wide`` as there).

    Called from a Django REST framework view's ``get`` after authentication, permissions and
    throttling have run (so they run for every request); ``produce()`` returns the view's
    ``Response``, rendered later by the framework, and only a 200 rendered as JSON is kept.
    The key holds the person, the kind of session, the language, the address with its scheme
    and query, and the Accept header.
    With ``PERSONAL_PAGES_VERIFY`` a kept answer is produced afresh too and compared."""
    user = request.user
    if not (
        enabled() and request.method == "GET" and user.is_authenticated and not user.is_superuser
    ):
        return produce()
    settle()
    place = hashlib.sha256(
        "|".join(
            (
                request.scheme,  # the pagination's links are absolute addresses
                request.get_host(),
                request.path,
                request.META.get("QUERY_STRING", ""),
                request.META.get("HTTP_ACCEPT", ""),
            )
        ).encode()
    ).hexdigest()
    from lms.accounts.code_sessions import is_code_session

    kind = "code" if is_code_session(request) else "full"  # as the pages are kept apart
    key = f"{API_ENTRY_PREFIX}:{user.pk}:{kind}:{language_of(request)}:{place}"
    now = timezone.now()
    entry = cache.get(key)
    check = getattr(_checking, "current", None)
    if entry is not None and _still_good(entry, now):
        if check is not None:
            check.checked += 1
        elif not getattr(settings, "PERSONAL_PAGES_VERIFY", False):
            answer = HttpResponse(entry["content"])
            for header, value in entry["headers"].items():
                answer[header] = value
            return answer
        fresh = produce()

        def compare(rendered):
            if rendered.content != entry["content"] and _still_good(entry, timezone.now()):
                _drifted(request, key, entry, (rendered.content,), check)

        fresh.add_post_render_callback(compare)
        return fresh
    if check is not None:
        return produce()  # nothing kept: nothing to compare
    depends_on = _dependencies(user, organization_wide=organization_wide, shows_activity=False)
    response = produce()

    def keep(rendered):
        renderer = getattr(rendered, "accepted_renderer", None)
        if (
            rendered.status_code == 200
            and getattr(renderer, "format", "") == "json"
            and not rendered.cookies
        ):
            entry = {
                "depends_on": depends_on,
                "day": timezone.localdate(now).isoformat(),
                "good_until": None,
                "content": rendered.content,
                "headers": {
                    name: rendered[name] for name in _API_HEADERS if rendered.has_header(name)
                },
            }
            cache.set(key, entry, timeout=ENTRY_TIMEOUT)

    response.add_post_render_callback(keep)
    return response


# ------------------------------------------------------------------------------
# /verify/<code>/ for visitors who are not signed in
# ------------------------------------------------------------------------------
def verified_page(
    request: HttpRequest, *, code: str, resolve: Callable, render: Callable
) -> HttpResponse:
    """A verification page, kept per code and language for visitors who are not signed in,
    and served without a query while nothing it shows has changed: the entry records the
    generations of the holder's records and of the organisations it names
    (lms/personal_pages.py), which a revoke, renewal, correction or name change replaces, and
    the day (a credential expires by date). Only pages that found a document are kept.
    ``resolve()`` finds the document (or None), ``render(document)`` shows it."""
    if not (is_candidate(request) and enabled()):
        return render(resolve())
    place = hashlib.sha256(f"{request.get_host()}/{code}".encode()).hexdigest()
    key = f"{VERIFY_KEY_PREFIX}:{language_of(request)}:{place}"
    today = timezone.localdate().isoformat()
    entry = cache.get(key)
    if entry is not None and entry["day"] == today and still_current(entry["depends_on"]):
        return kept_response(request, entry["content"], entry["content_type"])
    document = resolve()
    if document is None or document.holder_id is None:
        return render(document)
    # The generations first, then the records they cover (read again: a change committed
    # between the first reading and the generations would otherwise be kept as current).
    depends_on = generations(people=[document.holder_id], shared=document.organization_ids)
    document = resolve()
    setattr(request, RENDERED_FOR_CACHE, True)
    response = render(document)
    if hasattr(response, "render"):
        response.render()
    content = response.content
    if document is not None and response.status_code == 200 and not response.cookies:
        cache.set(
            key,
            {
                "depends_on": depends_on,
                "day": today,
                "content": content,
                "content_type": response["Content-Type"],
            },
            VERIFY_TIMEOUT,
        )
    response.content = with_visitor_token(request, content)
    return response
