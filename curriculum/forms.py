"""Editor forms: the module form checks its inline hour splits against the contact hours.

The split lives in inline formsets, which a model's ``clean()`` cannot see while the form is
being validated; the page form can, so the rule is applied here (and by the seed and the
tests through the same functions in ``hours.py``).
"""

from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminPageForm

from curriculum.hours import domain_split_errors, topic_split_errors


def _rows(formset, field: str) -> list[tuple]:
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE"):
            continue
        rows.append((data.get(field), data.get("hours")))
    return rows


class ModulePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        contact_hours = cleaned_data.get("contact_hours")
        messages = []
        domain_formset = self.formsets.get("domain_hours")
        if domain_formset is not None and domain_formset.is_valid():
            messages += domain_split_errors(
                contact_hours=contact_hours, domain_rows=_rows(domain_formset, "domain")
            )
        topic_formset = self.formsets.get("topic_hours")
        if topic_formset is not None and topic_formset.is_valid():
            messages += topic_split_errors(
                contact_hours=contact_hours, topic_rows=_rows(topic_formset, "topic")
            )
        if messages:
            # The field sits on the "Domains and topics" tab; a form-wide error makes Wagtail
            # list every message in the banner at the top, whichever tab is open.
            self.add_error(
                None, _("The contact hours and their split do not match yet (see below).")
            )
            for message in messages:
                self.add_error("contact_hours", message)
        return cleaned_data
