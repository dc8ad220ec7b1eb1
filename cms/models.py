"""The public site: a home page and plain content pages, edited in Wagtail."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from curriculum.translation import SHARED_URL_FIELDS, FallbackRouteMixin


class HomePage(FallbackRouteMixin, Page):
    """The site's front page: what PeerPath is and where each person goes next."""

    override_translatable_fields = SHARED_URL_FIELDS

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences under the title, in plain, welcoming language."),
    )
    body = RichTextField(
        _("body"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text=_("The rest of the front page."),
    )
    for_trainees = models.TextField(
        _("for trainees"),
        blank=True,
        default=(
            "Learn online and in live sessions, log your supervised practice hours, and see "
            "exactly what stands between you and your credential."
        ),
        help_text=_("One sentence: what PeerPath does for someone training to be a peer."),
    )
    for_supervisors = models.TextField(
        _("for supervisors"),
        blank=True,
        default=(
            "Sign off your trainees' practice hours, one entry or many at a time, with a "
            "record that cannot be changed silently."
        ),
    )
    for_organisations = models.TextField(
        _("for recovery community organisations"),
        blank=True,
        default=(
            "Write and publish your curriculum, run live training with signed attendance, "
            "and prepare and endorse your trainees' applications."
        ),
    )
    for_boards = models.TextField(
        _("for credentialing boards and employers"),
        blank=True,
        default=(
            "Check any credential, transcript or hours log by its verification code, and "
            "decide applications with every record behind them."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("for_trainees"),
        FieldPanel("for_supervisors"),
        FieldPanel("for_organisations"),
        FieldPanel("for_boards"),
        FieldPanel("body"),
    ]

    def get_context(self, request, *args, **kwargs):
        """The programs on offer and what each credential asks for: two queries (the
        credential rules come from the shared cache), whatever their number."""
        from django.utils import timezone

        from certification.credentials.selectors import definitions_with_specs_in_effect
        from certification.rules.wording import describe
        from curriculum.models import ProgramPage

        context = super().get_context(request, *args, **kwargs)
        context["programs"] = list(
            ProgramPage.objects.live()
            .public()
            .originals()
            .order_by("title")
            .only("title", "url_path")[:12]
        )
        context["credentials"] = [
            {
                "name": definition.name,
                "issuing_body": definition.issuing_body,
                "requirements": [describe(spec) for spec in specs.requirements][:8],
            }
            for definition, specs in definitions_with_specs_in_effect(on=timezone.localdate())
        ]
        return context

    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """A plain page of text: about us, privacy, help for trainees and supervisors."""

    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("A short summary shown under the title.")
    )
    body = RichTextField(
        _("body"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"],
        help_text=_("The page's content."),
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
