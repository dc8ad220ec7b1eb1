"""Reads for people's pages, always starting from the role scope in access.py."""

from django.db.models import Prefetch, QuerySet

from . import access
from .models import Membership, User


def organization_people(*, viewer: User) -> QuerySet[User]:
    """Members of the viewer's staffed organisations with their memberships, in two queries."""
    organizations = access.staffed_organizations(viewer)
    return (
        access.people_visible_to(viewer)
        .filter(memberships__organization__in=organizations)
        .distinct()
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
