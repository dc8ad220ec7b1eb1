"""Form pieces every part of certification uses: the reason a person reads when something
is returned, declined or revoked."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class ReasonForm(forms.Form):
    """A reason a person reads: why an application was not approved, why a credential was
    revoked."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why, in a sentence or two.")},
    )

    def __init__(self, *args, label=None, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label
        self.fields["reason"].help_text = help_text

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Say why, in a sentence or two."))
        return reason


def decline_reason_form(data=None) -> ReasonForm:
    """Why staff do not accept a piece of evidence (an exam result, training taken elsewhere):
    the same words on the page and, after a mistake, on the page shown again."""
    return ReasonForm(
        data,
        prefix="decline",
        label=_("Why it is not accepted"),
        help_text=_("The trainee reads this. Say what they can do next."),
    )
