"""Parts of pages rendered by Jinja2 (lms/fragments.py, fragments/): escaped as Django templates
are, in the person's language, with every word in the Spanish catalogue."""

import re
from pathlib import Path

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils import translation
from django.utils.safestring import mark_safe

import jinja2
import pytest

from lms import fragments
from tests.i18n_catalogue import read_catalogue

FRAGMENTS = Path(fragments.ROOT)


class _Form(forms.Form):
    name = forms.CharField(label="Your <name>", help_text=mark_safe("<em>as you sign</em>"))
    note = forms.CharField(required=False, label="Note")
    agree = forms.BooleanField(label="I agree")
    key = forms.CharField(required=False, widget=forms.HiddenInput)


def _fields(form) -> str:
    return fragments.render("components/form_fields.html", form=form)


def _same(html: str) -> str:
    html = html.replace("&#x27;", "&#39;").replace("&quot;", "&#34;")
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_form_fields_show_labels_help_and_errors_as_people_need_them(language, db):
    """Each field labelled (its label escaped), optional ones said so in the person's language,
    help kept as the HTML it was given (a password's rules, built lazily, too), the errors
    summarised first with links to their fields and repeated under each, a checkbox before its
    label, hidden fields present."""
    with translation.override(language):
        optional = translation.gettext("optional")
        blank = _fields(_Form())
        assert '<label for="id_name">Your &lt;name&gt;</label>' in blank
        assert f'<label for="id_note">Note <span class="field__optional">({optional})</span>' in (
            blank
        )
        assert '<p class="field__help" id="id_name_helptext"><em>as you sign</em></p>' in blank
        assert '<input type="hidden" name="key" id="id_key">' in blank
        checkbox = '<input type="checkbox" name="agree" required id="id_agree">'
        assert _same(f'{checkbox} <label for="id_agree">I agree</label>') in _same(blank)
        assert "error-summary" not in blank

        form = _Form(data={"name": "", "note": "<b>x</b>"})
        form.is_valid()
        sent = _fields(form)
        required = translation.gettext("This field is required.")
        summary = sent[sent.index('class="error-summary"') : sent.index("</ul>")]
        assert f'<a href="#id_name">Your &lt;name&gt;: {required}</a>' in _same(summary)
        assert f'<p class="field__error" id="id_name_error">{required}</p>' in sent
        assert 'class="field field--error"' in sent and 'value="&lt;b&gt;x&lt;/b&gt;"' in sent

        rules = _fields(SetPasswordForm(user=None))
        assert '<p class="field__help" id="id_new_password1_helptext"><ul><li>' in _same(rules)


def test_a_name_the_caller_did_not_pass_is_an_error_not_an_empty_string():
    with pytest.raises(jinja2.UndefinedError):
        fragments.render("certification/practice_entries.html")


def test_every_word_of_every_fragment_is_in_the_spanish_catalogue():
    """``make messages`` reads a fragment as a Django template: it picks up ``_("…")`` right
    after ``{{`` or inside ``{% … %}``. A word written any other way would stay English."""
    translated = {entry.msgid: entry for entry in read_catalogue()}
    files = sorted(FRAGMENTS.rglob("*.html"))
    assert files
    for path in files:
        text = path.read_text()
        assert "{% trans" not in text and "{% blocktrans" not in text, path
        for literal in re.findall(r'_\("((?:[^"\\]|\\.)*)"', text):
            entry = translated.get(literal)
            assert entry is not None and entry.translated, (path.name, literal)
            assert str(path.relative_to(FRAGMENTS.parent)) in entry.files, (path.name, literal)


def test_a_menu_written_in_place_reads_as_djangos_widget_templates():
    """The busiest forms' menus write each choice in place (lms/form_templates/): the same
    markup as Django's templates, groups, the chosen one and escaping included."""
    from django.forms.renderers import Jinja2

    from lms.form_renderer import WIDGETS

    class Menus(forms.Form):
        plain = forms.ChoiceField(choices=[("", "Choose one"), ("a", "A & B"), ("b", "<b>")])
        grouped = forms.ChoiceField(
            required=False,
            choices=[("", "Any"), ("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")],
        )

    for form in (Menus(), Menus(initial={"plain": "b", "grouped": "y"})):
        ours, djangos = (
            [field.as_widget() for field in Menus(initial=form.initial, renderer=renderer)]
            for renderer in (WIDGETS, Jinja2())
        )
        assert [_same(html) for html in ours] == [_same(html) for html in djangos]
    chosen = Menus(initial={"grouped": "y"}, renderer=WIDGETS)["grouped"].as_widget()
    assert '<optgroup label="Group &lt;1&gt;">' in chosen and 'value="y" selected' in chosen
