"""Editor forms: the module form checks its inline hour splits against the contact hours.

The splits live in inline formsets, which a model's ``clean()`` cannot see while the form is
being validated; the page form can, so the rules are applied here (and by the seed and the
tests through the same functions in ``hours.py``).
"""

import uuid
from decimal import Decimal

from django import forms
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from curriculum import hours as hour_rules
from curriculum import packages, person_first
from curriculum.hours import credit_mode_errors, live_split_errors, online_split_errors

SPLIT_FORMSETS = ("domain_hours", "topic_hours", "live_domain_hours", "live_topic_hours")


def _rows(formset, field: str) -> list[tuple]:
    if formset is None:
        return []
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE"):
            continue
        rows.append((data.get(field), data.get("hours")))
    return rows


class PersonFirstFormMixin:
    """Checks what an editor saves against the person-first list (curriculum/person_first.py).

    Each finding is shown with its suggestion; saving anyway needs a reason in the
    ``person_first_reason`` field, which is kept with the page (``PersonFirstException``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.person_first_findings = []

    def clean(self):
        cleaned_data = super().clean()
        text = " ".join(
            person_first.text_of_value(value)
            for name, value in cleaned_data.items()
            if name != "person_first_reason"
        )
        self.person_first_findings = person_first.findings(text)
        if self.person_first_findings and not cleaned_data.get("person_first_reason", "").strip():
            listed = "; ".join(
                _("“%(found)s”: write “%(suggestion)s”")
                % {"found": finding.found, "suggestion": finding.suggestion}
                for finding in self.person_first_findings
            )
            self.add_error(
                None,
                _(
                    "This page uses words that can stigmatise the people it is for: %(list)s. "
                    "Change them, or give a reason to keep them (for a quotation, say)."
                )
                % {"list": listed},
            )
            self.add_error(
                "person_first_reason",
                _("Give a reason to keep the words listed above, or change them."),
            )
        return cleaned_data


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label=gettext_lazy("Keep these words anyway: why"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Only when the words are needed, for example a quotation or the title of a "
            "historical document. The reason is kept with the page."
        ),
    )


class PersonFirstPageForm(PersonFirstFormMixin, WagtailAdminPageForm):
    person_first_reason = _reason_field()


class ModulePageForm(PersonFirstFormMixin, WagtailAdminPageForm):
    person_first_reason = _reason_field()

    def clean(self):
        cleaned_data = super().clean()
        contact_hours = cleaned_data.get("contact_hours")
        if contact_hours is None:
            return cleaned_data
        if any(
            name in self.formsets and not self.formsets[name].is_valid() for name in SPLIT_FORMSETS
        ):
            return cleaned_data  # the rows' own errors show first
        credit_mode = cleaned_data.get("credit_mode") or hour_rules.ONLINE
        live_hours = cleaned_data.get("live_contact_hours") or Decimal(0)
        mode_errors = credit_mode_errors(
            credit_mode=credit_mode, contact_hours=contact_hours, live_hours=live_hours
        )
        messages = []
        if not mode_errors:
            credits_online = credit_mode != hour_rules.LIVE
            credits_live = credit_mode != hour_rules.ONLINE
            messages += online_split_errors(
                online_hours=(contact_hours - live_hours) if credits_online else 0,
                domain_rows=_rows(self.formsets.get("domain_hours"), "domain"),
                topic_rows=_rows(self.formsets.get("topic_hours"), "topic"),
                blended=credit_mode == hour_rules.BLENDED,
            )
            live_messages = live_split_errors(
                live_hours=live_hours if credits_live else 0,
                domain_rows=_rows(self.formsets.get("live_domain_hours"), "domain"),
                topic_rows=_rows(self.formsets.get("live_topic_hours"), "topic"),
            )
            if live_messages:
                mode_errors = {"live_contact_hours": live_messages}
        if messages or mode_errors:
            # The fields sit on the "Hours" tab; a form-wide error makes Wagtail
            # list every message in the banner at the top, whichever tab is open.
            self.add_error(
                None, _("The contact hours and their split do not match yet (see below).")
            )
            for message in messages:
                self.add_error("contact_hours", message)
            for field, field_messages in mode_errors.items():
                for message in field_messages:
                    self.add_error(field, message)
        return cleaned_data


class LearningPackageForm(WagtailAdminModelForm):
    """Upload a SCORM package or an H5P activity: checked before anything is stored, refused
    with a message that names the problem (curriculum/packages.py), unpacked once saved. Without
    a title, the package's own (from its manifest or h5p.json) is used. An H5P activity needs a
    pass mark; a SCORM package keeps its own rules, so it takes none."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "title" in self.fields:
            self.fields["title"].required = False
            self.fields["title"].help_text = _("Empty: the title the package gives itself.")

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None or not hasattr(upload, "seek"):
            return upload
        if getattr(self.instance, "pk", None) and upload == self.instance.upload:
            return upload  # unchanged on an edit
        self.package_info = packages.inspect_package(upload)
        return upload

    def clean(self):
        cleaned_data = super().clean()
        info = getattr(self, "package_info", None)
        kind = info.version if info is not None else getattr(self.instance, "kind", "")
        if not kind or "pass_mark" not in self.fields:
            return cleaned_data
        pass_mark = cleaned_data.get("pass_mark")
        if kind == packages.H5P and pass_mark is None and "pass_mark" not in self.errors:
            self.add_error(
                "pass_mark",
                _(
                    "An H5P activity needs a pass mark: the percentage of its score that "
                    "completes it (0 to 100)."
                ),
            )
        elif kind != packages.H5P and pass_mark is not None:
            self.add_error(
                "pass_mark",
                _(
                    "A SCORM package decides by itself when it is complete and passed; leave "
                    "the pass mark empty."
                ),
            )
        return cleaned_data

    def save(self, commit=True):
        instance = super().save(commit=False)
        info = getattr(self, "package_info", None)
        if info is not None:
            instance.kind = info.version
            instance.launch = info.launch
            instance.mastery_score = info.mastery_score
            instance.files = list(info.files)
            if instance.pk:
                instance.key = uuid.uuid4()  # a new upload gets a new folder
            instance.unpacked_bytes = packages.unpack(
                self.cleaned_data["upload"],
                folder=instance.folder,
                info=info,
                storage=default_storage,
            )
            if not instance.title:
                instance.title = info.title
        if commit:
            instance.save()
        return instance
