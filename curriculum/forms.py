"""Editor forms: the module form checks its inline hour splits against the contact hours.

The split lives in inline formsets, which a model's ``clean()`` cannot see while the form is
being validated; the page form can, so the rule is applied here (and by the seed and the
tests through the same functions in ``hours.py``).
"""

from wagtail.admin.forms import WagtailAdminPageForm

from .hours import domain_split_errors, topic_split_errors


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
        domain_formset = self.formsets.get("domain_hours")
        if domain_formset is not None and domain_formset.is_valid():
            for message in domain_split_errors(
                contact_hours=contact_hours, domain_rows=_rows(domain_formset, "domain")
            ):
                self.add_error("contact_hours", message)
        topic_formset = self.formsets.get("topic_hours")
        if topic_formset is not None and topic_formset.is_valid():
            for message in topic_split_errors(
                contact_hours=contact_hours, topic_rows=_rows(topic_formset, "topic")
            ):
                self.add_error("contact_hours", message)
        return cleaned_data
