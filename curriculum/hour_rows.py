"""A module's hours by competency domain and by topic, online and live: the rows editors fill
under a module (the rules the rows keep are curriculum/hours.py)."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from curriculum.hours import format_hours, validate_quarter_hours
from curriculum.terms import CompetencyDomain, Topic


class ModuleDomainHours(Orderable):
    """Hours of a module credited to one competency domain."""

    module = ParentalKey(
        "curriculum.ModulePage", on_delete=models.CASCADE, related_name="domain_hours"
    )
    domain = models.ForeignKey(
        CompetencyDomain,
        on_delete=models.PROTECT,
        related_name="module_hours",
        verbose_name=_("competency domain"),
        help_text=_("A domain of one framework, e.g. Ethical Responsibility (IC&RC PR)."),
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[validate_quarter_hours],
        help_text=_("Hours credited to this domain, in quarter hours."),
    )

    # A plain select: a short, fixed list reads faster than a chooser modal.
    panels = [FieldPanel("domain", widget=forms.Select), FieldPanel("hours")]

    class Meta(Orderable.Meta):
        verbose_name = _("domain hours")
        verbose_name_plural = _("domain hours")

    def __str__(self) -> str:
        return f"{self.domain}: {format_hours(self.hours)} h"


class ModuleTopicHours(Orderable):
    """Hours of a module that count toward a topic requirement (ethics, youth, family...)."""

    module = ParentalKey(
        "curriculum.ModulePage", on_delete=models.CASCADE, related_name="topic_hours"
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        related_name="module_hours",
        verbose_name=_("topic"),
        help_text=_("A topic credentials count hours by."),
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[validate_quarter_hours],
        help_text=_("Hours of the module spent on this topic, in quarter hours."),
    )

    panels = [FieldPanel("topic", widget=forms.Select), FieldPanel("hours")]

    class Meta(Orderable.Meta):
        verbose_name = _("topic hours")
        verbose_name_plural = _("topic hours")

    def __str__(self) -> str:
        return f"{self.topic}: {format_hours(self.hours)} h"


class ModuleLiveDomainHours(Orderable):
    """Live hours of a module credited to one competency domain (for the time attended)."""

    module = ParentalKey(
        "curriculum.ModulePage", on_delete=models.CASCADE, related_name="live_domain_hours"
    )
    domain = models.ForeignKey(
        CompetencyDomain,
        on_delete=models.PROTECT,
        related_name="module_live_hours",
        verbose_name=_("competency domain"),
        help_text=_("A domain of one framework, e.g. Ethical Responsibility (IC&RC PR)."),
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[validate_quarter_hours],
        help_text=_("Live hours credited to this domain, in quarter hours."),
    )

    panels = [FieldPanel("domain", widget=forms.Select), FieldPanel("hours")]

    class Meta(Orderable.Meta):
        verbose_name = _("live domain hours")
        verbose_name_plural = _("live domain hours")

    def __str__(self) -> str:
        return f"{self.domain}: {format_hours(self.hours)} h"


class ModuleLiveTopicHours(Orderable):
    """Live hours of a module that count toward a topic requirement."""

    module = ParentalKey(
        "curriculum.ModulePage", on_delete=models.CASCADE, related_name="live_topic_hours"
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        related_name="module_live_hours",
        verbose_name=_("topic"),
        help_text=_("A topic credentials count hours by."),
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[validate_quarter_hours],
        help_text=_("Live hours spent on this topic, in quarter hours."),
    )

    panels = [FieldPanel("topic", widget=forms.Select), FieldPanel("hours")]

    class Meta(Orderable.Meta):
        verbose_name = _("live topic hours")
        verbose_name_plural = _("live topic hours")

    def __str__(self) -> str:
        return f"{self.topic}: {format_hours(self.hours)} h"
