"""Person-first language: the one maintained list of stigmatising terms, English and Spanish,
each with what to write instead (issue 21 item 4; DOMAIN.md, "Person-first language").

The curriculum editor checks every page it saves against it (``PersonFirstFormMixin`` in
curriculum/forms.py): each finding is shown with its suggestion, and publishing anyway needs a
recorded reason (a quote, a historical title), kept in ``PersonFirstException``. The product's
own strings (templates, code, both catalogues, the starter content) are tested against the same
list (tests/test_person_first.py).

Patterns are regular expressions over words (case-insensitive); "clean" and "dirty" count only
next to a word for a test result, where they imply a moral judgement.
"""

import html
import json
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    pattern: str
    language: str
    suggestion: str

    @property
    def regex(self) -> re.Pattern:
        return re.compile(rf"(?<![\w-])(?:{self.pattern})(?![\w-])", re.IGNORECASE)


_TEST = r"(?:test|tests|screen|screens|urine|tox(?:icology)? screen|drug test|UA|UAs)"
_PRUEBA = r"(?:prueba|pruebas|análisis|examen|orina)"

TERMS = [
    Term(r"addicts?", "en", _("person with a substance use disorder; person in recovery")),
    Term(r"drug addicts?", "en", _("person who uses drugs")),
    Term(r"abusers?|substance abusers?", "en", _("person who uses substances")),
    Term(r"junkies?|crackheads?|druggies?", "en", _("person who uses drugs")),
    Term(r"(?:substance|drug|alcohol) abuse", "en", _("substance use; substance use disorder")),
    Term(rf"clean {_TEST}|{_TEST} (?:was|came back|is) clean", "en", _("negative (test result)")),
    Term(rf"dirty {_TEST}|{_TEST} (?:was|came back|is) dirty", "en", _("positive (test result)")),
    Term(r"(?:former|ex-)addicts?", "en", _("person in recovery")),
    Term(
        r"clean (?:users?|persons?|people|addicts?)|(?:stay|stays|stayed|staying|got|been) clean",
        "en",
        _("person in recovery; not using substances"),
    ),
    Term(r"adict[oa]s?", "es", _("persona con un trastorno por uso de sustancias")),
    Term(r"drogadict[oa]s?|toxicóman[oa]s?|viciosos?", "es", _("persona que usa drogas")),
    Term(r"abuso de (?:sustancias|drogas|alcohol)", "es", _("uso de sustancias")),
    Term(rf"{_PRUEBA} limpi[oa]s?", "es", _("resultado negativo")),
    Term(rf"{_PRUEBA} suci[oa]s?", "es", _("resultado positivo")),
    Term(r"exadict[oa]s?|ex adict[oa]s?", "es", _("persona en recuperación")),
]


@dataclass(frozen=True)
class Finding:
    found: str
    suggestion: str
    language: str


def _plain(text: str) -> str:
    """Text without HTML tags and entities, one space between words."""
    text = re.sub(r"<[^>]+>", " ", text or "")
    return " ".join(html.unescape(text).split())


def findings(text: str) -> list[Finding]:
    """Every stigmatising term in ``text`` (HTML allowed), in the order of the list, each once."""
    plain = _plain(text)
    found: dict[str, Finding] = {}
    for term in TERMS:
        for match in term.regex.finditer(plain):
            key = match.group(0).lower()
            found.setdefault(key, Finding(match.group(0), str(term.suggestion), term.language))
    return list(found.values())


def text_of_value(value) -> str:
    """The words of a form value: strings, rich text, and StreamField data (any depth)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    prep = getattr(value, "get_prep_value", None)
    if callable(prep):
        value = prep()
    source = getattr(value, "source", None)  # RichText
    if isinstance(source, str):
        return source
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except TypeError:
        return str(value)
