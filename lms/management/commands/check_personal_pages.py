"""Compare every kept personal page with the page its person's records give now.

    python manage.py check_personal_pages            # report drift
    python manage.py check_personal_pages --repair   # and drop the pages that drifted
    python manage.py check_personal_pages --people 200

For each person with a role (or the first ``--people`` of them), each page kept for them
(lms/personal_pages.py: their home, credential progress, practice hours and module pages for a
trainee; the queue for a supervisor; the home and trainee list for staff; the rosters of the
sessions a facilitator or staff member runs) that is still served
from the cache is rendered afresh from the records and compared. A page not kept is not
rendered. A difference means a write did not retire what it changed: the report names the
person and the page, and the command exits with status 1, so a scheduled run alerts.
"""

from __future__ import annotations

from importlib import import_module
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _

from lms import personal_pages
from lms.accounts.models import STAFF_ROLES, Membership, Role, User
from lms.learning.models import Enrollment
from lms.live_training.selectors import facilitator_sessions


def addresses_for(person: User, roles: set[str], modules: list[int]) -> list[str]:
    """The kept pages this person can have."""
    found = []
    if Role.TRAINEE in roles:
        found += [
            reverse("lms:learn_home"),
            reverse("certification:credentials_home"),
            reverse("certification:practice_home"),
        ]
        found += [reverse("lms:module", args=[pk]) for pk in modules]
    if Role.SUPERVISOR in roles:
        found.append(reverse("certification:supervise_home"))
    if roles & set(STAFF_ROLES):
        found += [reverse("lms:staff_home"), reverse("certification:staff_roster")]
    if roles & {Role.FACILITATOR, *STAFF_ROLES}:
        # The rosters of the sessions they run (from two weeks ago on, as their list shows).
        found += [
            reverse("lms:facilitate_session", args=[session.pk])
            for session in facilitator_sessions(user=person)
        ]
    return found


def _session_for(person: User):
    """A session as the person's own, made without signing in: a sign-in is a write to their
    account (its last sign-in, the list of their devices), which would retire the very pages
    this command compares."""
    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session[SESSION_KEY] = person._meta.pk.value_to_string(person)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session.save()
    return session


class Command(BaseCommand):
    help = "Compare every kept personal page with the records and report drift."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Drop pages that drifted.")
        parser.add_argument("--people", type=int, default=0, help="Check this many people.")

    def handle(self, *args, repair=False, people=0, **options):
        if not personal_pages.enabled():
            raise CommandError(_("Personal pages are not kept here (or the cache is not shared)."))
        roles: dict[int, set[str]] = {}
        for person, role in Membership.objects.values_list("user_id", "role"):
            roles.setdefault(person, set()).add(role)
        modules: dict[int, list[int]] = {}
        for person, module in Enrollment.objects.filter(module__isnull=False).values_list(
            "user_id", "module_id"
        ):
            modules.setdefault(person, []).append(module)
        everyone = User.objects.filter(pk__in=roles, is_active=True, is_superuser=False)
        everyone = everyone.order_by("pk")
        if people:
            everyone = everyone[:people]
        host = urlsplit(settings.PEERPATH_BASE_URL).hostname or "localhost"
        checked = drifted = 0
        for person in everyone.iterator():
            client = Client(HTTP_HOST=host)
            session = _session_for(person)
            client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
            addresses = addresses_for(person, roles[person.pk], modules.get(person.pk, []))
            try:
                with personal_pages.checking(repair=repair) as check:
                    for address in addresses:
                        client.get(address, secure=True)
            finally:
                session.delete()
            checked += check.checked
            drifted += len(check.drifted)
            for where, difference in zip(check.drifted, check.differences, strict=True):
                self.stdout.write(_("Drift: %(where)s") % {"where": where})
                self.stdout.write(difference)
        self.stdout.write(
            _("%(checked)s kept pages compared with the records; %(drifted)s differed.")
            % {"checked": checked, "drifted": drifted}
        )
        if drifted:
            if repair:
                self.stdout.write(_("The pages that differed were dropped."))
            raise CommandError(_("Kept pages differed from the records."), returncode=1)
