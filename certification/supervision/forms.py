"""Forms for supervised practice. They check shapes; the rules live in services.py."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from certification.credentials.selectors import (
    definitions_with_specs_in_effect,
    targeted_credential_codes,
)
from certification.supervision.identifiers import find_identifiers
from certification.supervision.models import (
    Modality,
    PracticeLogEntry,
    SessionFormat,
    SupervisionAgreement,
    validate_not_in_future,
    validate_quarter_hours,
)
from curriculum.input_limits import ModelChoiceField, ModelMultipleChoiceField, PlausibleDateField
from curriculum.models import CompetencyDomain
from lms import form_renderer
from lms.accounts.models import User
from lms.learning.cache import curriculum_snapshot
from lms.service_errors import apply_service_errors, error_text  # noqa: F401 (views import them from here)

DATE_WIDGET_ATTRS = {"type": "date"}
HOURS_WIDGET_ATTRS = {"inputmode": "decimal", "step": "0.25", "min": "0.25", "max": "24"}


class HoursField(forms.DecimalField):
    """Hours in quarter steps, with the platform's own messages for every bad value.

    ``check`` is the rule (``validate_quarter_hours`` by default: at most 24 hours), the same
    one the API's serializers and the models apply, so any number a person types, 1e308
    included, gets one of its messages.
    """

    def __init__(self, *, check=validate_quarter_hours, **kwargs):
        self.check = check
        kwargs.setdefault("label", _("Hours"))
        kwargs.setdefault(
            "help_text", _("In quarter hours: 0.25 is 15 minutes, 1.5 is an hour and a half.")
        )
        kwargs.setdefault("widget", forms.NumberInput(attrs=HOURS_WIDGET_ATTRS))
        kwargs.setdefault(
            "error_messages", {"invalid": _("Enter the hours as a number, for example 1.5.")}
        )
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        self.check(value)


class DomainChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: CompetencyDomain) -> str:
        return str(obj)


def frameworks_toward(trainee: User, codes: set[str] | None = None) -> set[str]:
    """The competency frameworks of the credentials a trainee's programs prepare for
    (``codes``: those credentials' codes, when the caller has read them)."""
    codes = targeted_credential_codes(trainee) if codes is None else codes
    if not codes:
        return set()
    frameworks = set()
    for _definition, spec in definitions_with_specs_in_effect(on=timezone.localdate()):
        if spec.code not in codes:
            continue
        for requirement in spec.requirements:
            if requirement.domain:
                frameworks.add(requirement.domain[0])
            elif requirement.framework:
                frameworks.add(requirement.framework)
    return frameworks


def grouped_domain_choices(*, frameworks: set[str], keep: int | None = None) -> list:
    """Domains grouped under their framework, each named by its own short name.

    Only the frameworks given (all when none are), plus the framework of the domain ``keep``
    (an entry's own domain stays on its menu).
    """
    # From the shared curriculum cache (by framework, sort order, name), replaced on any
    # taxonomy edit: no query on each page with an entry form.
    domains = curriculum_snapshot().domains
    shown = set(frameworks) | {domain.framework for domain in domains if domain.pk == keep}
    if not frameworks:
        shown = {domain.framework for domain in domains}
    labels = dict(CompetencyDomain.Framework.choices)
    groups: dict[str, list] = {}
    for domain in domains:
        if domain.framework in shown:
            groups.setdefault(domain.framework, []).append((domain.pk, _(domain.name)))
    return [(labels.get(framework, framework), options) for framework, options in groups.items()]


class AgreementChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: SupervisionAgreement) -> str:
        return _("%(supervisor)s (%(start)s to %(end)s)") % {
            "supervisor": obj.supervisor,
            "start": date_format(obj.start_date, "DATE_FORMAT"),
            "end": date_format(obj.end_date, "DATE_FORMAT"),
        }


IDENTIFIERS_CONFIRMED = "identifiers_confirmed"


def offer_identifier_confirmation(form: forms.Form, *, text_field: str) -> None:
    """Add "this is not about a person served" when the text sent may identify one (the
    service refuses it until confirmed, supervision/identifiers.py): shown only then."""
    if form.is_bound and find_identifiers(form.data.get(form.add_prefix(text_field), "")):
        form.fields[IDENTIFIERS_CONFIRMED] = forms.BooleanField(
            label=_("This is not about a person served"),
            help_text=_(
                "Tick only if what was found (a name of a place, your own number…) does not "
                "identify someone you support. Your supervisor sees that you confirmed it."
            ),
            required=False,
        )


class PracticeEntryForm(forms.ModelForm):
    """Quick entry: everything on one short form that works with a thumb on a phone."""

    default_renderer = form_renderer.WIDGETS  # on the busiest page: its menus render faster

    duration_hours = HoursField()
    domain = DomainChoiceField(
        label=_("Competency domain"),
        queryset=CompetencyDomain.objects.all(),
        empty_label=_("Choose a domain"),
    )
    agreement = AgreementChoiceField(
        label=_("Supervisor"),
        queryset=SupervisionAgreement.objects.none(),
        required=False,
        empty_label=_("The one whose agreement covers the date"),
    )
    # Set by the phone for an entry kept while offline (static/js/hours-queue.js).
    client_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = PracticeLogEntry
        fields = [
            "date",
            "duration_hours",
            "domain",
            "setting",
            "activity_type",
            "modality",
            "description",
            "agreement",
        ]
        field_classes = {"date": PlausibleDateField}
        widgets = {
            "date": forms.DateInput(attrs=DATE_WIDGET_ATTRS, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
        }

    def __init__(self, *args, trainee: User, agreements=None, targeted_codes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["date"].error_messages["invalid"] = _("Enter a date, for example 2026-03-14.")
        signed = list(agreements) if agreements is not None else []
        if len(signed) > 1:
            field = self.fields["agreement"]
            field.queryset = SupervisionAgreement.objects.filter(
                pk__in=[agreement.pk for agreement in signed]
            ).select_related("supervisor")  # what a choice is checked against
            # The menu from the agreements in hand: iterating the queryset would read them
            # again, through a server-side cursor (three round trips).
            field.choices = [
                *([("", field.empty_label)] if field.empty_label is not None else []),
                *((agreement.pk, field.label_from_instance(agreement)) for agreement in signed),
            ]
        else:
            del self.fields["agreement"]
        for name in ("setting", "activity_type", "modality"):
            self.fields[name].choices = [("", _("Choose one")), *self.fields[name].choices[1:]]
        # Any domain is still accepted (queryset); the menu shows the trainee's frameworks.
        keep = self.initial.get("domain") if self.instance.pk is None else self.instance.domain_id
        if isinstance(keep, CompetencyDomain):
            keep = keep.pk
        self.fields["domain"].choices = [
            ("", _("Choose a domain")),
            *grouped_domain_choices(
                frameworks=frameworks_toward(trainee, targeted_codes), keep=keep
            ),
        ]
        offer_identifier_confirmation(self, text_field="description")

    def clean_date(self):
        value = self.cleaned_data["date"]
        validate_not_in_future(value)
        return value


class SignatureForm(forms.Form):
    """Typed name plus an explicit attestation: what signing means on PeerPath."""

    signature = forms.CharField(
        label=_("Type your full name to sign"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    attestation = forms.BooleanField(
        label=_(
            "I attest that these hours happened under my supervision, as described, "
            "and that I hold the credential recorded on the agreement."
        ),
        required=True,
        error_messages={"required": _("Tick the box to confirm what you are signing.")},
    )


class AgreementSignatureForm(SignatureForm):
    def __init__(self, *args, as_trainee: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if as_trainee:
            self.fields["attestation"].label = _(
                "I agree to practise under this supervision and to log my hours honestly."
            )
        else:
            self.fields["attestation"].label = _(
                "I agree to supervise this trainee for these dates and confirm my credential "
                "details are correct."
            )


class AgreementForm(forms.Form):
    """A supervisor proposes an agreement to a trainee they name by email address: the page
    never lists the organisation's trainees (staff have StaffAgreementForm, which does)."""

    trainee_email = forms.EmailField(
        label=_("Trainee's email address"),
        max_length=254,
        help_text=_("The address the trainee signs in with. Ask them for it if you are unsure."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    start_date = PlausibleDateField(
        label=_("Start date"), widget=forms.DateInput(attrs=DATE_WIDGET_ATTRS)
    )
    end_date = PlausibleDateField(
        label=_("End date"), widget=forms.DateInput(attrs=DATE_WIDGET_ATTRS)
    )
    credential_name = forms.CharField(
        label=_("Your credential"),
        max_length=200,
        help_text=_("For example: Certified Peer Recovery Specialist (CPRS)."),
    )
    credential_number = forms.CharField(label=_("Credential number"), max_length=100)
    credential_expires_on = PlausibleDateField(
        label=_("Credential expiry date"), widget=forms.DateInput(attrs=DATE_WIDGET_ATTRS)
    )
    signature = SignatureForm.base_fields["signature"]
    attestation = forms.BooleanField(
        label=_(
            "I agree to supervise this trainee for these dates and confirm my credential "
            "details are correct."
        ),
        error_messages={"required": _("Tick the box to confirm what you are signing.")},
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be on or after the start date."))
        return cleaned


class SupervisionSessionForm(forms.Form):
    date = PlausibleDateField(
        label=_("Date"),
        widget=forms.DateInput(attrs=DATE_WIDGET_ATTRS),
        validators=[validate_not_in_future],
    )
    duration_hours = HoursField()
    format = forms.ChoiceField(label=_("Format"), choices=SessionFormat.choices)
    modality = forms.ChoiceField(label=_("How"), choices=Modality.choices)
    trainees = ModelMultipleChoiceField(
        label=_("Who was there"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose who was present.")},
    )
    domains = ModelMultipleChoiceField(
        label=_("Domains covered"),
        queryset=CompetencyDomain.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Topics covered. Do not name or identify the people trainees support."),
    )

    def __init__(self, *args, trainees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainees"].queryset = trainees
        offer_identifier_confirmation(self, text_field="notes")


class StaffAgreementForm(forms.Form):
    """Staff prepare an agreement; the trainee and the supervisor each sign it on their page."""

    organization = ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=None)
    trainee = ModelChoiceField(
        label=_("Trainee"), queryset=User.objects.none(), empty_label=_("Choose a trainee")
    )
    supervisor = ModelChoiceField(
        label=_("Supervisor"), queryset=User.objects.none(), empty_label=_("Choose a supervisor")
    )
    start_date = AgreementForm.base_fields["start_date"]
    end_date = AgreementForm.base_fields["end_date"]
    credential_name = forms.CharField(
        label=_("Supervisor's credential"),
        max_length=200,
        help_text=_("For example: Certified Peer Recovery Specialist (CPRS)."),
    )
    credential_number = AgreementForm.base_fields["credential_number"]
    credential_expires_on = AgreementForm.base_fields["credential_expires_on"]

    def __init__(self, *args, organizations, trainees, supervisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if organizations.count() == 1:
            self.fields["organization"].widget = forms.HiddenInput()
            self.fields["organization"].initial = organizations.first()
        self.fields["trainee"].queryset = trainees
        self.fields["supervisor"].queryset = supervisors

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be on or after the start date."))
        return cleaned


class QualificationForm(forms.Form):
    """A supervisor's qualifying credential, with the proof staff will check."""

    kind = forms.ChoiceField(label=_("Kind of credential"), choices=[])
    credential_name = forms.CharField(
        label=_("Credential, as printed"),
        max_length=200,
        help_text=_("For example: Certified Peer Recovery Specialist (CPRS)."),
    )
    number = forms.CharField(label=_("Number"), max_length=60)
    expires_on = PlausibleDateField(
        label=_("Valid until"), widget=forms.DateInput(attrs=DATE_WIDGET_ATTRS)
    )
    proof = forms.FileField(
        label=_("Proof"),
        help_text=_("The certificate or licence: a PDF or a photo, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
        error_messages={"required": _("Add the certificate or licence (a PDF or a photo).")},
    )

    def __init__(self, *args, **kwargs):
        from certification.supervision.qualifications import QualificationKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = QualificationKind.choices
