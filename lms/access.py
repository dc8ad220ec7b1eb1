"""Who may see whose records: the one place role scoping lives.

Every view, task and (later) API endpoint that returns people's data starts from a queryset
here, so a request for someone else's object finds nothing and answers 404.

- a trainee sees their own records;
- a supervisor sees the trainees they hold an open supervision agreement with (running, or
  ended within the grace period: see supervised_trainee_ids_filter);
- staff and organisation admins see the people of their own organisation(s);
- superusers see everyone.
"""

from django.db.models import Q, QuerySet
from django.utils import timezone

from lms.accounts.models import (
    STAFF_ROLES,
    Invitation,
    JoinRequest,
    Membership,
    NetworkAccess,
    Organization,
    OrganizationKind,
    Role,
    User,
)
from lms.live_training.models import LiveSession

# Set on the signed-in user of a session opened with a staff-issued sign-in code (see
# lms/accounts/code_sessions.py): such a session acts as a trainee only, whatever the account holds.
TRAINEE_ONLY_FLAG = "_peerpath_trainee_only"
# Where roles_of keeps the person's roles for the request; cleared by forget_roles only.
_ROLES_CACHE = "_peerpath_roles"


def act_as_trainee_only(user: User) -> None:
    """For the rest of this request, count only the person's trainee role."""
    setattr(user, TRAINEE_ONLY_FLAG, True)


def roles_of(user: User) -> set[str]:
    """Every role the person holds, in any organisation (cached on the user for the request).

    A session opened with a sign-in code counts only the trainee role, so every role gate,
    home page and scope built on this sees a trainee.
    """
    if not user.is_authenticated:
        return set()
    cached = getattr(user, _ROLES_CACHE, None)
    if cached is None:
        cached = set(Membership.objects.filter(user=user).values_list("role", flat=True))
        setattr(user, _ROLES_CACHE, cached)
    if getattr(user, TRAINEE_ONLY_FLAG, False):
        return cached & {Role.TRAINEE}
    return cached


def remember_roles(user: User, roles) -> None:
    """The person's roles, read with their organisations (lms/personal_pages.py), so
    ``roles_of`` does not read them again in this request."""
    if user.is_authenticated and getattr(user, _ROLES_CACHE, None) is None:
        setattr(user, _ROLES_CACHE, set(roles))


def forget_roles(user: User) -> None:
    """Drop the roles cached on the user, so the next check reads memberships again (call it
    after granting or accepting a membership within the same request)."""
    user.__dict__.pop(_ROLES_CACHE, None)


def has_role(user: User, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def holds_role_in(user: User, organization: Organization, *roles: str) -> bool:
    """Whether the person holds any of the roles in this one organisation (one query)."""
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, organization=organization, role__in=roles).exists()


def may_act_as(user: User, *roles: str) -> bool:
    """The role gate of pages and API endpoints: a signed-in person holding one of the roles,
    or a superuser."""
    return user.is_authenticated and (user.is_superuser or has_role(user, *roles))


def organizations_where(user: User, *roles: str) -> QuerySet[Organization]:
    """Organisations in which the person holds any of the given roles."""
    if not user.is_authenticated:
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(
        memberships__user=user, memberships__role__in=roles
    ).distinct()


def staffed_organizations(user: User) -> QuerySet[Organization]:
    return organizations_where(user, *STAFF_ROLES)


def has_network_access(user: User) -> bool:
    """Whether the person reads a state network's or ROSC council's aggregate reports."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or NetworkAccess.objects.filter(user=user).exists()


def network_organizations(user: User) -> QuerySet[Organization]:
    """The training organisations whose aggregate figures a network reader sees: those of the
    regions the person was granted, or all of them for access to the whole state (an empty
    region) and for superusers. Figures only: nothing here opens a person's record."""
    if not user.is_authenticated:
        return Organization.objects.none()
    training = Organization.objects.filter(kind=OrganizationKind.TRAINING_PROVIDER)
    if user.is_superuser:
        return training
    regions = list(NetworkAccess.objects.filter(user=user).values_list("region", flat=True))
    if not regions:
        return Organization.objects.none()
    if "" in regions:
        return training
    return training.filter(region__in=regions)


def supervised_trainee_ids_filter(user: User) -> Q:
    """Trainees this supervisor holds a signed agreement with that has begun and is still
    open to them: running, or ended less than PEERPATH_SUPERVISION_GRACE_DAYS ago (counted
    from its last covered day). After that the trainee is no longer visible to them unless
    another agreement is open (docs/security.md, "After an agreement ends").

    The agreement model belongs to the certification app, which builds on this one; it is
    looked up by name so this module never imports a higher app.
    """
    from django.apps import apps

    try:
        agreement_model = apps.get_model("certification", "SupervisionAgreement")
    except LookupError:
        return Q(pk__in=[])
    open_agreements = agreement_model.objects.supervising_on(timezone.localdate()).filter(
        supervisor=user
    )
    return Q(pk__in=open_agreements.values("trainee_id"))


def people_visible_to(user: User) -> QuerySet[User]:
    """People whose records this person may see."""
    if not user.is_authenticated:
        return User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    scope = Q(pk=user.pk)
    if has_role(user, *STAFF_ROLES):
        scope |= Q(memberships__organization__in=staffed_organizations(user))
    if has_role(user, Role.SUPERVISOR):
        scope |= supervised_trainee_ids_filter(user)
    return User.objects.filter(scope).distinct()


def memberships_visible_to(user: User) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    if user.is_superuser:
        return Membership.objects.all()
    return Membership.objects.filter(
        Q(user=user) | Q(organization__in=staffed_organizations(user))
    ).distinct()


def invitations_visible_to(user: User) -> QuerySet[Invitation]:
    """Invitations are staff business: only staff of the inviting organisation see them."""
    if not user.is_authenticated:
        return Invitation.objects.none()
    if user.is_superuser:
        return Invitation.objects.all()
    return Invitation.objects.filter(organization__in=staffed_organizations(user))


def join_requests_visible_to(user: User) -> QuerySet[JoinRequest]:
    """Requests to join: the person sees their own; staff see those made to their organisation."""
    if not user.is_authenticated:
        return JoinRequest.objects.none()
    if user.is_superuser:
        return JoinRequest.objects.all()
    return JoinRequest.objects.filter(
        Q(user=user) | Q(organization__in=staffed_organizations(user))
    ).distinct()


def is_staff_for_person(user: User, person: User) -> bool:
    """Whether the person staffs (or administers) an organisation the other person belongs to;
    superusers staff every organisation."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return staffed_organizations(user).filter(memberships__user=person).exists()


def is_staff_of(user: User, organization: Organization | int) -> bool:
    """Whether the person staffs (or administers) the organisation (an instance or its id);
    superusers staff every organisation."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    organization_id = getattr(organization, "pk", organization)
    return staffed_organizations(user).filter(pk=organization_id).exists()


def live_sessions_run_by(user: User) -> QuerySet[LiveSession]:
    """Sessions whose attendance this person may take and sign: the sessions they facilitate,
    and every session of the organisations they are staff of."""
    if not user.is_authenticated:
        return LiveSession.objects.none()
    if user.is_superuser:
        return LiveSession.objects.all()
    scope = Q(facilitators=user)
    if has_role(user, *STAFF_ROLES):
        scope |= Q(organization__in=staffed_organizations(user))
    return LiveSession.objects.filter(pk__in=LiveSession.objects.filter(scope).values("pk"))


def live_sessions_scheduled_by(user: User) -> QuerySet[LiveSession]:
    """Sessions this person may schedule, change and cancel: their organisations' (staff)."""
    if not user.is_authenticated:
        return LiveSession.objects.none()
    if user.is_superuser:
        return LiveSession.objects.all()
    return LiveSession.objects.filter(organization__in=staffed_organizations(user))


def may_run_session(user: User, session: LiveSession) -> bool:
    return live_sessions_run_by(user).filter(pk=session.pk).exists()


def live_sessions_open_to_trainee(user: User) -> QuerySet[LiveSession]:
    """Sessions of the organisations where this person is a trainee (which of them they may
    register for also depends on their enrolment; see the live-training services)."""
    if not user.is_authenticated:
        return LiveSession.objects.none()
    return LiveSession.objects.filter(organization__in=organizations_where(user, Role.TRAINEE))
