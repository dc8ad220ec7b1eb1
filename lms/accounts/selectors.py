"""Reads for people's pages, always starting from the role scope in access.py."""

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from lms import access
from lms.accounts.models import JoinRequest, Membership, Organization, User


def organization_people(*, viewer: User) -> QuerySet[User]:
    """Members of the viewer's staffed organisations with their memberships, in two queries.

    Staff see every member of the organisations they staff (``lms.access``), so this is those
    members, read through a subquery: joining the memberships instead needed a DISTINCT over
    every column of every person, for the page and again for its count.
    """
    organizations = access.staffed_organizations(viewer)
    members = Membership.objects.filter(organization__in=organizations).values("user_id")
    return (
        User.objects.filter(pk__in=members)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(organization__in=organizations)
                .select_related("organization")
                .order_by("organization__name", "role"),
            )
        )
        .order_by("display_name", "pk")
    )


def organizations_to_join() -> QuerySet[Organization]:
    """The organisations a person who signed up on their own can ask to train with."""
    return Organization.objects.exclude(slug=settings.PEERPATH_INDEPENDENT_LEARNERS_SLUG).order_by(
        "name"
    )


def join_requests_waiting(*, viewer: User) -> QuerySet[JoinRequest]:
    """Requests to join the viewer's organisations that wait for a decision."""
    return (
        access.join_requests_visible_to(viewer)
        .filter(
            status=JoinRequest.Status.PENDING,
            organization__in=access.staffed_organizations(viewer),
        )
        .select_related("user", "organization")
        .order_by("created_at")
    )
