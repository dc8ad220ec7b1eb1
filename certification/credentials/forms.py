"""Forms for exams and attestations. The services hold the rules; these shape the input and
keep every value the person typed when the service refuses."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from certification.credentials.evidence import EvidenceStatus
from curriculum.input_limits import PlausibleDateField

DATE_WIDGET_ATTRS = {"type": "date"}
UPLOAD_ATTRS = {"accept": "application/pdf,image/*"}


def _person_email_field() -> forms.EmailField:
    return forms.EmailField(
        label=_("Trainee's email address"),
        help_text=_("The address they sign in with."),
        error_messages={"required": _("Enter the trainee's email address.")},
    )


def _person_from_email(form):
    """The trainee in the form's scope with this address; any other address gets one message
    that says nothing about who else uses PeerPath."""
    email = form.cleaned_data["person_email"].strip()
    person = form.people.filter(email__iexact=email).first()
    if person is None:
        raise ValidationError(
            _("No trainee you can record this for signs in with this address. Check the spelling.")
        )
    form.cleaned_data["person"] = person
    return email


class _SignedForm(forms.Form):
    signature = forms.CharField(
        label=_("Type your full name to sign"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Type your name to sign.")},
    )
    attestation = forms.BooleanField(
        required=True,
        error_messages={"required": _("Tick the box to confirm what you are signing.")},
    )


class CodeOfEthicsSignForm(_SignedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attestation"].label = _(
            "I have read this code of ethics and I will follow it in my work as a peer "
            "recovery support specialist."
        )


class DiplomaForm(_SignedForm):
    detail = forms.CharField(
        label=_("Your diploma or its equivalent"),
        max_length=300,
        help_text=_(
            "For example: High school diploma, Lincoln High School, 2008; or GED, 2015; or "
            "HiSET, 2019."
        ),
        error_messages={"required": _("Say which diploma or equivalent you hold, and the year.")},
    )
    document = forms.FileField(
        label=_("A copy of it"),
        required=False,
        help_text=_(
            "A PDF or a photo, up to 10 MB. Only you and staff of your organisation see it."
        ),
        widget=forms.ClearableFileInput(attrs=UPLOAD_ATTRS),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attestation"].label = _("I attest that I hold this diploma or its equivalent.")


class LivedExperienceForm(forms.Form):
    affirmed = forms.BooleanField(
        label=_(
            "I have lived experience of recovery from a substance use or mental health challenge."
        ),
        required=True,
        error_messages={"required": _("Tick the box to attest to this.")},
    )


class ExamResultForm(forms.Form):
    """An exam result from the board's score report (the person's or staff's)."""

    exam_code = forms.ChoiceField(
        label=_("Exam"), error_messages={"required": _("Choose the exam from the list.")}
    )
    taken_on = PlausibleDateField(
        label=_("Date of the exam"), widget=forms.DateInput(attrs=DATE_WIDGET_ATTRS)
    )
    score = forms.DecimalField(
        label=_("Score"),
        min_value=0,
        max_value=100000,
        max_digits=7,
        decimal_places=2,
        help_text=_("As printed on the score report."),
        widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
    )
    score_report = forms.FileField(
        label=_("The score report"),
        help_text=_("A PDF or a photo, up to 10 MB. Only you and staff see it."),
        widget=forms.ClearableFileInput(attrs=UPLOAD_ATTRS),
        error_messages={"required": _("Add the board's score report (a PDF or a photo).")},
    )

    def __init__(self, *args, exams=(), people=None, report_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exam_code"].choices = [("", _("Choose an exam")), *exams]
        self.fields["score_report"].required = report_required
        if people is not None:
            self.people = people
            self.fields = {"person_email": _person_email_field(), **self.fields}

    def clean_person_email(self):
        return _person_from_email(self)


class JobRoleForm(_SignedForm):
    """Staff or a supervisor attest the share of recovery support in a person's job."""

    employer = forms.CharField(label=_("Employer"), max_length=120)
    job_title = forms.CharField(label=_("Job title"), max_length=120)
    share_percent = forms.IntegerField(
        label=_("Share of the job that is recovery support (%)"),
        min_value=0,
        max_value=100,
        help_text=_("From the job description. The credential asks for at least 51%."),
    )
    signer_role = forms.CharField(
        label=_("Your role"),
        max_length=100,
        help_text=_("For example: Program director, or Clinical supervisor."),
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attestation"].label = _(
            "I attest that this job description is accurate and that I am in a position to know it."
        )
        if people is not None:
            self.people = people
            self.fields = {"person_email": _person_email_field(), **self.fields}

    def clean_person_email(self):
        return _person_from_email(self)


class CodeOfEthicsPublishForm(forms.Form):
    text = forms.CharField(
        label=_("The code of ethics"),
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Publishing makes a new version. Signatures of earlier versions still count for "
            "what was judged before; from today, people sign this version."
        ),
    )


class ExamFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *EvidenceStatus.choices],
    )

    def clean_status(self):
        value = self.cleaned_data["status"]
        if value and value not in EvidenceStatus.values:
            raise ValidationError(_("Choose a status from the list."))
        return value


class EndorseForm(_SignedForm):
    """A training organisation's endorsement of an application for a board's credential."""

    def __init__(self, *args, board: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attestation"].label = _(
            "On behalf of my organisation, I endorse this application: the training, hours "
            "and evidence in its packet are accurate to the best of our records."
        )


class BoardDecisionForm(forms.Form):
    """The board's decision, recorded from its letter by the training organisation."""

    number = forms.CharField(
        label=_("Credential number given by the board"),
        max_length=40,
        error_messages={"required": _("Give the credential number printed on the board's letter.")},
    )
    issued_on = PlausibleDateField(
        label=_("Date of issue"), widget=forms.DateInput(attrs=DATE_WIDGET_ATTRS)
    )
    expires_on = PlausibleDateField(
        label=_("Valid until"), widget=forms.DateInput(attrs=DATE_WIDGET_ATTRS)
    )
    letter = forms.FileField(
        label=_("The board's decision letter"),
        help_text=_(
            "A PDF or a photo, up to 10 MB. Staff of your organisation and the holder see it."
        ),
        widget=forms.ClearableFileInput(attrs=UPLOAD_ATTRS),
        error_messages={"required": _("Add the board's decision letter (a PDF or a photo).")},
    )
