from django.utils.translation import gettext_lazy as _

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
