from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from curriculum.input_limits import ModelChoiceField, PlausibleDateField
from lms.accounts.models import PersonalAccessToken, Role, SelfDescription, SignInCode, User


class SignupDetailsForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("How you would like to be called. It does not need to be your legal name."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, initial="en", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A visitor who switched the site to Spanish is offered Spanish for their account.
        self.fields["preferred_language"].initial = get_language() or settings.LANGUAGE_CODE
        if "email" in self.fields:
            self.fields["email"].help_text = format_html(
                '{} <a href="/privacy/">{}</a>',
                _("We use it to sign you in and to send you what PeerPath must tell you."),
                _("Privacy notice"),
            )

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.preferred_language = self.cleaned_data["preferred_language"] or "en"
        user.save(update_fields=["display_name", "preferred_language"])


class OrganizationChoiceMixin:
    """An organisation field limited to the ones the staff member runs.

    With a single organisation the field is hidden and filled in, so nothing is asked twice.
    """

    def _setup_organization_field(self, organizations):
        field = self.fields["organization"]
        field.queryset = organizations
        self._only_organization = organizations.first() if organizations.count() == 1 else None
        if self._only_organization is not None:
            field.widget = forms.HiddenInput()
            field.required = False
            field.initial = self._only_organization.pk

    def clean_organization(self):
        return self.cleaned_data.get("organization") or self._only_organization


class InvitationForm(OrganizationChoiceMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.TRAINEE)
    organization = ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=None)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_organization_field(organizations)


class InvitationAcceptForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("How you would like to be called. It does not need to be your legal name."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords do not match."))
        elif first:
            try:
                validate_password(first, user=User(email=self.email))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class TraineeWithoutEmailForm(OrganizationChoiceMixin, forms.Form):
    display_name = forms.CharField(label=_("Trainee's name"), max_length=150)
    organization = ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=None)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_organization_field(organizations)


class SignInCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Sign-in code"),
        max_length=32,
        help_text=_("The code your organisation's staff gave you. Spaces and dashes are fine."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )

    def clean_code(self):
        code = SignInCode.normalise(self.cleaned_data["code"])
        if len(code) != SignInCode.LENGTH:
            raise forms.ValidationError(
                _("A sign-in code has %(length)d letters and digits."),
                params={"length": SignInCode.LENGTH},
            )
        return code


class AccessTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What is this token for?"),
        max_length=100,
        help_text=_("A name to recognise it later, e.g. “HR system export”."),
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=PersonalAccessToken.Scope.choices,
        initial=PersonalAccessToken.Scope.READ,
        help_text=_("Give write access only to tools that must change data on your behalf."),
    )
    expires_on = PlausibleDateField(
        label=_("Expires on"),
        required=False,
        help_text=_("Leave empty for a token that works until you revoke it."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_expires_on(self):
        from django.utils import timezone

        expires_on = self.cleaned_data.get("expires_on")
        if expires_on and expires_on <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date after today."))
        return expires_on


class JoinRequestForm(forms.Form):
    """Choose the organisation you train with; its staff accept the request."""

    organization = ModelChoiceField(
        label=_("The organisation you train with"),
        queryset=None,
        empty_label=_("Choose your organisation"),
        error_messages={
            "required": _("Choose the organisation you train with."),
            "invalid_choice": _("Choose one of the organisations in the list."),
        },
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class OrganizationCertificateForm(forms.Form):
    """What the organisation's certificates print (its administrators set it)."""

    signatory_name = forms.CharField(
        label=_("Signatory"),
        max_length=150,
        required=False,
        help_text=_("The person whose name signs your certificates, for example your director."),
    )
    signatory_title = forms.CharField(label=_("Signatory's title"), max_length=150, required=False)
    ce_provider_number = forms.CharField(
        label=_("Continuing education provider number"),
        max_length=60,
        required=False,
        help_text=_("Where a board approved you as a provider; printed on your certificates."),
    )
    logo = forms.ImageField(
        label=_("Logo"),
        required=False,
        help_text=_("A PNG or JPEG, up to 2 MB, printed at the top of your certificates."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)


class BadgeIdentityForm(forms.Form):
    """How the person's digital badges identify them: a DID from their wallet, or (empty) a
    salted hash of their email address. Never their name alone."""

    badge_did = forms.CharField(
        label=_("Your DID"),
        max_length=300,
        required=False,
        help_text=_(
            "From your digital wallet, for example did:key:z6Mk…. Leave empty to be identified "
            "by a salted hash of your email address. Applies to badges you download from now on."
        ),
    )


class SelfDescriptionForm(forms.ModelForm):
    """How a trainee describes themselves: every question optional, each offering "prefer not
    to say"; a blank answer means not answered."""

    class Meta:
        model = SelfDescription
        fields = list(SelfDescription.QUESTIONS)
        widgets = dict.fromkeys(SelfDescription.QUESTIONS, forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            # A radio list with "not answered" first, so an answer can be taken back here too.
            field.choices = [("", _("I would rather not answer"))] + [
                choice for choice in field.choices if choice[0] != ""
            ]
