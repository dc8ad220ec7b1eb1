from django.contrib import messages
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

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
