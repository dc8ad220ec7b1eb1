"""Training taken elsewhere: the trainee's form and the staff list's filter. They check shapes;
the rules live in services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from certification.external_training.models import ExternalTrainingStatus
from certification.external_training.services import check_training_hours
from certification.rules.kinds import TrainingModality
from certification.supervision.forms import DATE_WIDGET_ATTRS, HoursField
from curriculum.input_limits import PlausibleDateField

TRAINING_HOURS_WIDGET_ATTRS = {"inputmode": "decimal", "step": "0.25", "min": "0.25"}


class ExternalTrainingForm(forms.Form):
    """Training taken elsewhere: the certificate's facts, then the hours per domain and topic.

    Shapes only; the rules (date, quarter hours, splits within the hours) live in
    ``external_training.external_training_add``, whose errors land back on these fields.
    """

    provider = forms.CharField(
        label=_("Who ran the training"), max_length=200, help_text=_("As on the certificate.")
    )
    title = forms.CharField(label=_("Training title"), max_length=200)
    date = PlausibleDateField(
        label=_("Date"),
        widget=forms.DateInput(attrs=DATE_WIDGET_ATTRS),
        help_text=_("The last day of the training."),
        error_messages={"invalid": _("Enter a date, for example 2026-03-14.")},
    )
    hours = HoursField(
        label=_("Hours on the certificate"),
        # A course may run over several days: no 24-hour limit here.
        check=check_training_hours,
        widget=forms.NumberInput(attrs=TRAINING_HOURS_WIDGET_ATTRS),
    )
    modality = forms.ChoiceField(label=_("How it was delivered"), choices=TrainingModality.choices)
    certificate = forms.FileField(
        label=_("Certificate"),
        help_text=_(
            "A PDF or a photo, up to 10 MB. Only you and staff of your organisation see it."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
    )

    def __init__(self, *args, domains=(), topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = list(domains)
        self.topics = list(topics)
        for domain in self.domains:
            self.fields[f"domain_{domain.pk}"] = HoursField(
                label=str(domain),
                check=check_training_hours,
                required=False,
                help_text="",
                widget=forms.NumberInput(attrs=TRAINING_HOURS_WIDGET_ATTRS),
            )
        for topic in self.topics:
            self.fields[f"topic_{topic.pk}"] = HoursField(
                label=_("Of which on %(topic)s") % {"topic": topic.name},
                check=check_training_hours,
                required=False,
                help_text="",
                widget=forms.NumberInput(attrs=TRAINING_HOURS_WIDGET_ATTRS),
            )

    def domain_hours(self) -> dict:
        return {d: self.cleaned_data.get(f"domain_{d.pk}") for d in self.domains}

    def topic_hours(self) -> dict:
        return {t: self.cleaned_data.get(f"topic_{t.pk}") for t in self.topics}


class ExternalTrainingFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ExternalTrainingStatus.choices],
    )
