"""FastSelect renders exactly what Django's Select renders, only faster."""

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

import pytest

from cms.widgets import FastSelect
from lms.accounts.models import User

CHOICES = [
    ("", "All my trainees"),
    (1, "Rafael Garcia"),
    (2, 'Kim "KJ" O\'Neil & <Partners>'),
    ("three", gettext_lazy("Any status")),
]


@pytest.mark.parametrize(
    ("choices", "value", "attrs"),
    [
        (CHOICES, None, {"id": "id_trainee"}),
        (CHOICES, "2", {"id": "id_trainee", "aria-invalid": "true", "required": True}),
        (CHOICES, 1, {"disabled": False, "data-x": "<b>"}),
        (CHOICES, "three", None),
        (CHOICES, "not a choice", {"id": "x"}),
        ([], None, {"id": "empty"}),
        ([(None, "None as empty"), (mark_safe("<i>safe</i>"), mark_safe("<i>x</i>"))], "", {}),
        (
            [
                ("", "Pick one"),
                ("Group & co", [("a", "A"), ("b", "B")]),
                ("", [("c", "C in an unnamed group")]),
                ("d", "D"),
            ],
            "b",
            {"id": "grouped"},
        ),
        ([("1", "One"), ("1", "One again")], "1", {}),  # only the first match is selected
        ([(1000, 1234567)], None, {}),  # numbers as labels are localised like {{ label }}
    ],
)
def test_fast_select_renders_the_same_html_as_djangos_select(choices, value, attrs):
    expected = forms.Select(choices=choices).render("trainee", value, attrs=attrs)
    assert FastSelect(choices=choices).render("trainee", value, attrs=attrs) == expected


def test_fast_select_multiple_marks_every_selected_option():
    class FastSelectMultiple(FastSelect):
        allow_multiple_selected = True

    choices = [("a", "A"), ("b", "B"), ("c", "C")]
    expected = forms.SelectMultiple(choices=choices).render("domains", ["a", "c"])
    assert FastSelectMultiple(choices=choices).render("domains", ["a", "c"]) == expected


def test_fast_select_in_a_model_choice_field_matches_select(db, trainee, other_trainee):
    def field_html(widget):
        class PersonForm(forms.Form):
            person = forms.ModelChoiceField(
                queryset=User.objects.order_by("pk"), widget=widget, empty_label="Everyone"
            )

        return str(PersonForm(data={"person": str(other_trainee.pk)})["person"])

    html = field_html(FastSelect)
    assert html == field_html(forms.Select)
    assert f'<option value="{other_trainee.pk}" selected>' in html
