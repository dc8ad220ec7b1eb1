"""Each organisation's section of the curriculum, and who of its people may edit or review it.

Staff of an RCO join its editors group (write and submit for review); organisation admins join
its reviewers group (approve, request changes, publish). Called when a staff role is granted
and by ``seed_demo``.
"""

import logging

from django.db import transaction

from curriculum.editorial import (
    CurriculumTreeMissing,
    section_with_access_ensure,
    statewide_view_ensure,
)
from lms.accounts.models import CurriculumSection, Organization, Role, User

logger = logging.getLogger(__name__)

ROLE_GROUP = {Role.STAFF: "editors", Role.ORG_ADMIN: "reviewers"}


@transaction.atomic
def organization_curriculum_ensure(*, organization: Organization) -> CurriculumSection:
    """The organisation's section page, groups and review workflow (created once)."""
    existing = (
        CurriculumSection.objects.select_related("section", "editors", "reviewers")
        .filter(organization=organization)
        .first()
    )
    if existing is not None:
        return existing
    access = section_with_access_ensure(
        slug=organization.slug,
        title=organization.name,
        introduction=f"Programs written by {organization.name}.",
    )
    return CurriculumSection.objects.create(
        organization=organization,
        section=access.section,
        editors=access.editors,
        reviewers=access.reviewers,
    )


def curriculum_role_grant(*, user: User, organization: Organization, role: str) -> None:
    """Put a staff member or organisation admin in their organisation's curriculum group.

    Granting a role never fails for want of a page tree: a database without the home page
    (emptied by a test flush) skips this, and the next grant for the organisation catches up.
    """
    group_kind = ROLE_GROUP.get(role)
    if group_kind is None:
        return
    try:
        section = organization_curriculum_ensure(organization=organization)
    except CurriculumTreeMissing:
        logger.warning("No curriculum page tree yet; %s gets no curriculum group.", user.pk)
        return
    user.groups.add(getattr(section, group_kind))


def seed_demo_curriculum(*, organization: Organization):
    """Demo curriculum: the statewide starter program, and a program of the demo RCO's own
    (empty, so its staff have somewhere to add a module). Idempotent."""
    from curriculum.models import ProgramCredential, ProgramPage
    from curriculum.starter import seed_starter_program

    starter = seed_starter_program()
    section = organization_curriculum_ensure(organization=organization).section
    if not ProgramPage.objects.child_of(section).filter(slug="continuing-education").exists():
        program = ProgramPage(
            title=f"Continuing education at {organization.name}",
            slug="continuing-education",
            summary=(
                "Short modules for credentialed peer specialists renewing their credential: "
                "ethics updates, new resources in our region, and skills refreshers."
            ),
            audience="<p>Peer recovery specialists who already hold a credential.</p>",
        )
        program.credentials = [ProgramCredential(credential="ceu")]
        section.add_child(instance=program)
        program.save_revision().publish()
    return starter


def curriculum_sections_sync() -> tuple[int, int]:
    """For organisations and roles that existed before sections did (or after a restore):
    ensure every section and every staff/org admin group membership. Idempotent."""
    from lms.accounts.models import Membership

    organizations = list(Organization.objects.all())
    for organization in organizations:
        section = organization_curriculum_ensure(organization=organization)
        statewide_view_ensure(groups=(section.editors, section.reviewers))
    memberships = Membership.objects.filter(role__in=list(ROLE_GROUP)).select_related(
        "user", "organization"
    )
    count = 0
    for membership in memberships:
        curriculum_role_grant(
            user=membership.user, organization=membership.organization, role=membership.role
        )
        count += 1
    return len(organizations), count
