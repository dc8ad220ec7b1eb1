from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from curriculum import admin_views, editorial
from curriculum.models import CompetencyDomain, CoreValue, LearningPackage, RecoveryPathway, Topic


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
        ),
        path(
            "translations/out-of-date/",
            admin_views.translations_out_of_date,
            name="curriculum_translations_out_of_date",
        ),
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
# Translations: where the English text changed since the Spanish was brought up to date
# ------------------------------------------------------------------------------
class OutOfDateTranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtailadmin.access_admin")


@hooks.register("register_reports_menu_item")
def out_of_date_translations_menu_item():
    return OutOfDateTranslationsMenuItem(
        _("Translations out of date"),
        reverse("curriculum_translations_out_of_date"),
        icon_name="globe",
        order=800,
    )


@hooks.register("construct_homepage_panels")
def out_of_date_translations_panel(request, panels):
    from curriculum.translation import out_of_date_translations

    count = sum(
        1
        for page, _status in out_of_date_translations()
        if page.permissions_for_user(request.user).can_edit()
    )
    if count:
        panels.append(OutOfDateTranslationsPanel(count))


class OutOfDateTranslationsPanel(Component):
    name = "out_of_date_translations"
    order = 90
    template_name = "curriculum/admin/translations_out_of_date_panel.html"

    def __init__(self, count: int):
        self.count = count

    def get_context_data(self, parent_context):
        return {"count": self.count, "url": reverse("curriculum_translations_out_of_date")}


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


class LearningPackageViewSet(SnippetViewSet):
    """Staff upload SCORM packages here, then add them to a lesson as a "packaged activity"."""

    model = LearningPackage
    icon = "folder-inverse"
    menu_label = _("Packaged activities")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["title", "kind", "created_at"]
    search_fields = ["title"]


register_snippet(LearningPackageViewSet)
