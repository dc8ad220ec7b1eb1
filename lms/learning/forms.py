from django import forms
from django.utils.translation import gettext_lazy as _

from curriculum.input_limits import ModelChoiceField, ModelMultipleChoiceField, PlausibleDateField
from curriculum.models import ProgramPage
from lms import verification
from lms.accounts.forms import OrganizationChoiceMixin
from lms.accounts.models import Role, User
from lms.learning.models import Cohort, LearningPreference


class CohortForm(OrganizationChoiceMixin, forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["name", "program", "starts_on", "ends_on", "organization"]
        field_classes = {
            "program": ModelChoiceField,
            "organization": ModelChoiceField,
            "starts_on": PlausibleDateField,
            "ends_on": PlausibleDateField,
        }
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = ProgramPage.objects.live().originals().order_by("title")
        self.fields["program"].empty_label = None
        self.fields["organization"].empty_label = None
        self._setup_organization_field(organizations)


class CohortEnrolForm(forms.Form):
    trainees = ModelMultipleChoiceField(
        label=_("Trainees to enrol"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Trainees of your organisation who are not in this program yet."),
    )

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainees"].queryset = (
            User.objects.filter(
                memberships__organization=cohort.organization, memberships__role=Role.TRAINEE
            )
            .exclude(enrollments__program=cohort.program)
            .distinct()
            .order_by("display_name", "pk")
        )


class CohortImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file of email addresses"),
        help_text=_(
            "One email address a row (the first column is used; a header row named 'email' is "
            "fine). If any row has a problem, nobody is enrolled until you confirm."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )


class CohortImportConfirmForm(forms.Form):
    csv_text = forms.CharField(widget=forms.HiddenInput, strip=False)


class LearningPreferenceForm(forms.ModelForm):
    class Meta:
        model = LearningPreference
        fields = ["reminders_enabled", "reminder_every_days"]


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=verification.CODE_MAX_LENGTH,
        help_text=_("The code printed on the document, for example TR-ABCD-EFGH-JKMN."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not verification.is_well_formed(code):
            raise forms.ValidationError(
                _(
                    "A verification code has only letters, digits and dashes, "
                    "for example TR-ABCD-EFGH-JKMN. Check it against the document."
                ),
                code="malformed",
            )
        return code
