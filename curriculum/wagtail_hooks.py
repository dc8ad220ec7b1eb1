from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from curriculum import admin_views, editorial
from curriculum.models import CompetencyDomain, CoreValue, RecoveryPathway, Topic


class CoreValueViewSet(SnippetViewSet):
    model = CoreValue
    icon = "pick"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class RecoveryPathwayViewSet(SnippetViewSet):
    model = RecoveryPathway
    icon = "site"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class CompetencyDomainViewSet(SnippetViewSet):
    model = CompetencyDomain
    icon = "list-ul"
    list_display = ["name", "framework", "slug"]
    list_filter = ["framework"]
    search_fields = ["name"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (CoreValueViewSet, RecoveryPathwayViewSet, CompetencyDomainViewSet, TopicViewSet)


register_snippet(TaxonomyViewSetGroup)


@hooks.register("after_edit_page")
def say_what_approving_did(request, page):
    """After "Approve" in the editor, say that the page was approved (and published), not only
    Wagtail's "Page ... has been updated"."""
    if not (
        request.POST.get("action-workflow-action")
        and request.POST.get("workflow-action-name") == "approve"
    ):
        return None
    page.refresh_from_db()
    kept = list(messages.get_messages(request))[:-1]  # Wagtail's "has been updated" is last
    for message in kept:
        messages.add_message(request, message.level, message.message, message.extra_tags)
    title = page.get_admin_display_title()
    if page.live and not page.has_unpublished_changes:
        text = _("“%(title)s” was approved and is now published.") % {"title": title}
    else:
        text = _("“%(title)s” was approved and moves on to the next review step.") % {
            "title": title
        }
    messages.success(request, text)
    return None


@hooks.register("register_admin_urls")
def statewide_curriculum_urls():
    return [
        path(
            "statewide-curriculum/",
            admin_views.statewide_modules,
            name="curriculum_statewide_modules",
        )
    ]


class StatewideCurriculumMenuItem(MenuItem):
    def is_shown(self, request):
        return editorial.may_view_statewide(request.user)


@hooks.register("register_admin_menu_item")
def statewide_curriculum_menu_item():
    return StatewideCurriculumMenuItem(
        _("Statewide curriculum"),
        reverse("curriculum_statewide_modules"),
        icon_name="doc-full-inverse",
        order=250,
    )


# ------------------------------------------------------------------------------
# Person-first language: keep the editor's reason when they keep listed words
# ------------------------------------------------------------------------------
def _page_words(page) -> str:
    from curriculum import person_first

    values = [
        getattr(page, field.attname, None)
        for field in page._meta.concrete_fields
        if field.get_internal_type() in {"CharField", "TextField"}
        or hasattr(field, "stream_block")
        or field.__class__.__name__ == "RichTextField"
    ]
    return " ".join(person_first.text_of_value(value) for value in values)


def _record_kept_wording(request, page):
    from curriculum import person_first
    from curriculum.models import PersonFirstException

    reason = (request.POST.get("person_first_reason") or "").strip()
    if not reason:
        return
    found = person_first.findings(_page_words(page.specific))
    if found:
        PersonFirstException.objects.create(
            page=page,
            terms=[finding.found for finding in found],
            reason=reason,
            user=request.user if request.user.is_authenticated else None,
        )


hooks.register("after_create_page", _record_kept_wording)
hooks.register("after_edit_page", _record_kept_wording)
