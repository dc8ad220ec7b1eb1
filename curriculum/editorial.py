"""Who may edit and publish which part of the curriculum, with Wagtail's own machinery.

The tree is /curriculum/ > sections > programs > modules > lessons. Each section has:

- an *editors* group: may add and edit pages in the section, never publish; they submit to
  review instead;
- a *reviewers* group: may also publish, lock and unlock;
- a "Curriculum review" workflow on the section whose one task is approval by that section's
  reviewers, so a reviewer of another RCO never sees, let alone approves, the page;
- a collection for its images and documents (reviewers and editors add and choose there, and
  may choose, not change, the shared statewide collection's files).

RCO groups may only *view* the statewide section (``view_page``): they find its modules under
"Statewide curriculum" in the admin and copy one into a program of their own section to adapt
it (``statewide_module_copy``); the statewide groups alone edit the original. Which RCO owns
which section is recorded on the people side (lms), which builds on this app.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.actions.copy_page import CopyPageAction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from curriculum.models import CurriculumIndexPage, CurriculumSectionPage, ModulePage, ProgramPage

INDEX_SLUG = "curriculum"
STATEWIDE_SLUG = "statewide"
STATEWIDE_TITLE = "Statewide curriculum"
STATEWIDE_INTRODUCTION = (
    "Programs shared by every Recovery Community Organization on PeerPath, kept by "
    "the state's peer recovery network."
)

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
    existing = CurriculumIndexPage.objects.originals().first()
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
    # Packaged activities (SCORM and H5P) are snippets: section editors upload and choose them.
    editors.permissions.add(
        *(
            _permission("curriculum", f"{verb}_learningpackage")
            for verb in ("add", "change", "view")
        )
    )
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
        # Translating their own pages into Spanish (wagtail-localize's "Translate" action).
        group.permissions.add(_permission("wagtail_localize", "submit_translation"))
        _grant_collection(group, collection, OWN_COLLECTION_PERMISSIONS)
        if shared != collection:
            _grant_collection(group, shared, SHARED_COLLECTION_PERMISSIONS)
    workflow = _review_workflow_ensure(section=section, reviewers=reviewers, title=title)
    if slug != STATEWIDE_SLUG:
        statewide_view_ensure(groups=(editors, reviewers))
    return SectionAccess(
        section=section,
        editors=editors,
        reviewers=reviewers,
        collection=collection,
        workflow=workflow,
    )


def statewide_view_ensure(*, groups) -> None:
    """Let an RCO's groups view (never edit) the statewide section. Idempotent."""
    statewide = _section_ensure(
        slug=STATEWIDE_SLUG, title=STATEWIDE_TITLE, introduction=STATEWIDE_INTRODUCTION
    )
    for group in groups:
        GroupPagePermission.objects.get_or_create(
            group=group, page=statewide, permission=_permission("wagtailcore", "view_page")
        )


def statewide_section_ensure() -> SectionAccess:
    """The shared section every RCO reads and links to; only statewide groups edit it."""
    return section_with_access_ensure(
        slug=STATEWIDE_SLUG,
        title=STATEWIDE_TITLE,
        introduction=STATEWIDE_INTRODUCTION,
    )


# ------------------------------------------------------------------------------
# RCO editors read the statewide curriculum and adapt a copy in their own section
# ------------------------------------------------------------------------------
def statewide_section() -> CurriculumSectionPage | None:
    return CurriculumSectionPage.objects.originals().filter(slug=STATEWIDE_SLUG).first()


def may_view_statewide(user) -> bool:
    """Superusers, and groups granted view (or more) on the statewide section."""
    section = statewide_section()
    if section is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return GroupPagePermission.objects.filter(
        group__user=user, page=section, permission__content_type__app_label="wagtailcore"
    ).exists()


def statewide_modules(*, query: str = ""):
    """Live statewide modules, by program, optionally filtered by title."""
    section = statewide_section()
    if section is None:
        return ModulePage.objects.none()
    modules = ModulePage.objects.descendant_of(section).live().order_by("path")
    if query:
        modules = modules.filter(title__icontains=query)
    return modules


def copy_destinations(user):
    """Programs outside the statewide section where the person may add a module."""
    programs = ProgramPage.objects.originals().order_by("title")
    section = statewide_section()
    if section is not None:
        programs = programs.not_descendant_of(section)
    return [program for program in programs if program.permissions_for_user(user).can_add_subpage()]


def statewide_module_copy(*, module: ModulePage, destination: ProgramPage, user) -> ModulePage:
    """Copy a statewide module (with its lessons) as a draft into one of the person's programs.

    The copy belongs to the person's section: they edit it and submit it to their own review;
    the statewide original never changes.
    """
    if not may_view_statewide(user):
        raise PermissionDenied(_("You cannot see the statewide curriculum."))
    if not statewide_modules().filter(pk=module.pk).exists():
        raise ValidationError(_("Choose a published module of the statewide curriculum."))
    if destination.pk not in {program.pk for program in copy_destinations(user)}:
        raise PermissionDenied(_("You can copy only into a program of your own section."))
    slug = module.slug
    siblings = set(destination.get_children().values_list("slug", flat=True))
    number = 1
    while slug in siblings:
        number += 1
        slug = f"{module.slug}-{number}"
    action = CopyPageAction(
        page=module,
        to=destination,
        update_attrs={"slug": slug, "title": module.title},
        recursive=True,
        copy_revisions=False,
        keep_live=False,
        user=user,
    )
    # Our own check above stands in for Wagtail's, which asks for edit rights on the original.
    return action.execute(skip_permission_checks=True).specific


# ------------------------------------------------------------------------------
# A section's other languages: the same editors, reviewers and review workflow
# ------------------------------------------------------------------------------
def mirror_section_access(*, section: CurriculumSectionPage) -> None:
    """Give a section's translation (or alias) the page permissions and the review workflow of
    its English section, so an RCO's editors translate their own pages, and only theirs."""
    source = section.get_translation_or_none(Locale.get_default())
    if source is None or source.pk == section.pk:
        return
    for grant in GroupPagePermission.objects.filter(page=source):
        GroupPagePermission.objects.get_or_create(
            group_id=grant.group_id, page=section, permission_id=grant.permission_id
        )
    workflow = WorkflowPage.objects.filter(page=source).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=section, defaults={"workflow": workflow.workflow})


def _mirror_on_create(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        mirror_section_access(section=instance)


def connect_section_mirroring() -> None:
    """Called from CurriculumConfig.ready()."""
    post_save.connect(_mirror_on_create, sender=CurriculumSectionPage, weak=False)
