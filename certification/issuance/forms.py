"""Staff forms for credential applications (the reason forms are certification/forms.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _


# ------------------------------------------------------------------------------
# Credential applications and issued credentials (staff)
# ------------------------------------------------------------------------------
class ApplicationApproveForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the applicant"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
