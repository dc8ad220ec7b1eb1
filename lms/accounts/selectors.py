"""Reads for people's pages, always starting from the role scope in access.py."""

from django.db.models import Prefetch, QuerySet

from lms import access
from lms.accounts.models import Membership, User


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
