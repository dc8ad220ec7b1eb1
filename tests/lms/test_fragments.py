"""Parts of pages rendered by Jinja2 (lms/fragments.py, fragments/) read as the Django templates
they replaced: escaped, in the person's language, with every word in the Spanish catalogue."""

import re
from pathlib import Path

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.template import engines
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


def _both(form) -> tuple[str, str]:
    """The form's fields through the fragment, and through Django's own template engine with
    the same markup (the template the fragment replaced, kept here to compare)."""
    django_template = engines["django"].from_string(
        Path(__file__).with_name("form_fields_django.html").read_text()
    )
    return (
        fragments.render("components/form_fields.html", form=form),
        django_template.render({"form": form}),
    )


def _same(html: str) -> str:
    html = html.replace("&#x27;", "&#39;").replace("&quot;", "&#34;")
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_form_fields_read_as_the_django_template_did(language, db):
    """Labels escaped, safe help kept, errors summarised and linked, "optional" translated, a
    lazily built safe help (the password rules) kept as HTML."""
    with translation.override(language):
        for form in (
            _Form(),
            _Form(data={"name": "", "note": "<b>x</b>"}),
            SetPasswordForm(user=None),
        ):
            if form.is_bound:
                form.is_valid()
            ours, django = _both(form)
            assert _same(ours) == _same(django)
        ours, _django = _both(_Form(data={"name": ""}))
        assert "Your &lt;name&gt;" in ours and "<em>as you sign</em>" in ours
        assert 'href="#id_name"' in ours
        assert "<ul>" in _both(SetPasswordForm(user=None))[0]  # not "&lt;ul&gt;"
    with translation.override("es"):
        assert "(opcional)" in _both(_Form())[0]


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
