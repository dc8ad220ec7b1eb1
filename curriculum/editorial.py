"""Who may edit and publish which part of the curriculum, with Wagtail's own machinery.

The tree is /curriculum/ > sections > programs > modules > lessons. Each section has:

- an *editors* group: may add and edit pages in the section, never publish; they submit to
  review instead;
- a *reviewers* group: may also publish, lock and unlock;
- a "Curriculum review" workflow on the section whose one task is approval by that section's
  reviewers, so a reviewer of another RCO never sees, let alone approves, the page;
- a collection for its images and documents (reviewers and editors add and choose there, and
  may choose, not change, the shared statewide collection's files).

Nothing grants RCO groups any permission on the statewide section: it is published for everyone
to read and link to, and edited only by the statewide groups. Which RCO owns which section is
recorded on the people side (lms), which builds on this app.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from curriculum.models import CurriculumIndexPage, CurriculumSectionPage

INDEX_SLUG = "curriculum"
STATEWIDE_SLUG = "statewide"
STATEWIDE_TITLE = "Statewide curriculum"

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
REVIEWER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
OWN_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)
SHARED_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "choose_document"),
)


@dataclass(frozen=True)
class SectionAccess:
    section: CurriculumSectionPage
    editors: Group
    reviewers: Group
    collection: Collection
    workflow: Workflow


def editors_group_name(slug: str) -> str:
    return f"Curriculum editors: {slug}"


def reviewers_group_name(slug: str) -> str:
    return f"Curriculum reviewers: {slug}"


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


class CurriculumTreeMissing(Exception):
    """There is no site home page to hang /curriculum/ under (an emptied database)."""


def curriculum_index_ensure() -> CurriculumIndexPage:
    """The /curriculum/ page under the default site's home page (created once)."""
    existing = CurriculumIndexPage.objects.first()
    if existing is not None:
        return existing
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page if site else Page.objects.filter(depth=2).first()
    if home is None:
        raise CurriculumTreeMissing(
            "The page tree has no home page; run the migrations (cms creates it) first."
        )
    index = CurriculumIndexPage(
        title="Curriculum",
        slug=INDEX_SLUG,
        introduction=(
            "Everything PeerPath teaches, written by Recovery Community Organizations and "
            "the state's peer network. Browse the programs or search for a topic."
        ),
    )
    home.specific.add_child(instance=index)
    index.save_revision().publish()
    return index


def _section_ensure(*, slug: str, title: str, introduction: str) -> CurriculumSectionPage:
    index = curriculum_index_ensure()
    section = CurriculumSectionPage.objects.child_of(index).filter(slug=slug).first()
    if section is None:
        section = CurriculumSectionPage(title=title, slug=slug, introduction=introduction)
        index.add_child(instance=section)
        section.save_revision().publish()
    return section


def _group_ensure(name: str) -> Group:
    group, created = Group.objects.get_or_create(name=name)
    if created:
        group.permissions.add(_permission("wagtailadmin", "access_admin"))
    return group


def _collection_ensure(name: str) -> Collection:
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first()
    return collection or root.add_child(name=name)


def _grant_collection(group: Group, collection: Collection, permissions) -> None:
    for app_label, codename in permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(app_label, codename)
        )


def _review_workflow_ensure(*, section: CurriculumSectionPage, reviewers: Group, title: str):
    workflow = WorkflowPage.objects.filter(page=section).select_related("workflow").first()
    if workflow is not None:
        return workflow.workflow
    workflow = Workflow.objects.create(name=f"Curriculum review: {title}")
    task = GroupApprovalTask.objects.create(name=f"Review by {title} reviewers")
    task.groups.set([reviewers])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=section, workflow=workflow)
    return workflow


@transaction.atomic
def section_with_access_ensure(*, slug: str, title: str, introduction: str = "") -> SectionAccess:
    """A section with its editors, reviewers, collection and review workflow. Idempotent."""
    slug = slugify(slug)
    section = _section_ensure(slug=slug, title=title, introduction=introduction)
    editors = _group_ensure(editors_group_name(slug))
    reviewers = _group_ensure(reviewers_group_name(slug))
    for group, codenames in (
        (editors, EDITOR_PAGE_PERMISSIONS),
        (reviewers, REVIEWER_PAGE_PERMISSIONS),
    ):
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=section, permission=_permission("wagtailcore", codename)
            )
    collection = _collection_ensure(title)
    shared = _collection_ensure(STATEWIDE_TITLE)
    for group in (editors, reviewers):
        _grant_collection(group, collection, OWN_COLLECTION_PERMISSIONS)
        if shared != collection:
            _grant_collection(group, shared, SHARED_COLLECTION_PERMISSIONS)
    workflow = _review_workflow_ensure(section=section, reviewers=reviewers, title=title)
    return SectionAccess(
        section=section,
        editors=editors,
        reviewers=reviewers,
        collection=collection,
        workflow=workflow,
    )


def statewide_section_ensure() -> SectionAccess:
    """The shared section every RCO reads and links to; only statewide groups edit it."""
    return section_with_access_ensure(
        slug=STATEWIDE_SLUG,
        title=STATEWIDE_TITLE,
        introduction=(
            "Programs shared by every Recovery Community Organization on PeerPath, kept by "
            "the state's peer recovery network."
        ),
    )
