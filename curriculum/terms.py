"""The reference sets curriculum pages are tagged with: core values, recovery pathways, topics
and competency domains (their data is curriculum/taxonomy.py; editors manage them as snippets)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from curriculum.taxonomy import ICRC_PR, IL_CRSS, SAMHSA


class TaxonomyTerm(index.Indexed, models.Model):
    """Shared shape of the reference sets: a name, a stable slug and an editor-chosen order."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, help_text=_("A stable identifier."))
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return str(_(self.name))


class CoreValue(TaxonomyTerm):
    """A value of peer work (trauma-informed, person-centred, ...) a module is built on."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("core value")
        verbose_name_plural = _("core values")
        constraints = [models.UniqueConstraint(fields=["slug"], name="curriculum_corevalue_slug")]


class RecoveryPathway(TaxonomyTerm):
    """A pathway to recovery a module speaks to. Pathways are never ranked."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("recovery pathway")
        verbose_name_plural = _("recovery pathways")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="curriculum_recoverypathway_slug")
        ]


class Topic(TaxonomyTerm):
    """A topic tag credentials count hours by (ethics, HIV and bloodborne pathogens, youth...)."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [models.UniqueConstraint(fields=["slug"], name="curriculum_topic_slug")]


class CompetencyDomain(TaxonomyTerm):
    """A performance domain of one competency framework; training hours are credited to it."""

    class Framework(models.TextChoices):
        ICRC_PEER_RECOVERY = ICRC_PR, _("IC&RC Peer Recovery / Illinois CPRS")
        ILLINOIS_CRSS = IL_CRSS, _("Illinois CRSS")
        SAMHSA_CORE = SAMHSA, _("SAMHSA core competencies for peer workers")

    framework = models.CharField(_("framework"), max_length=20, choices=Framework.choices)

    panels = [FieldPanel("framework"), *TaxonomyTerm.panels]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("competency domain")
        verbose_name_plural = _("competency domains")
        ordering = ["framework", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "slug"], name="curriculum_domain_framework_slug"
            )
        ]

    def __str__(self) -> str:
        return self.label(name=self.name, framework=self.framework)

    @staticmethod
    def label(*, name: str, framework: str) -> str:
        """How pages name a domain, "Advocacy (IC&RC Peer Recovery / Illinois CPRS)", from
        its name and framework (a domain read as values, or from the shared curriculum)."""
        # A dict lookup, not get_framework_display(): that rebuilds and hashes every choice's
        # lazy label on each call, and pages name a domain once per row.
        return f"{_(name)} ({_FRAMEWORK_LABELS.get(framework, framework)})"


_FRAMEWORK_LABELS = dict(CompetencyDomain.Framework.choices)
