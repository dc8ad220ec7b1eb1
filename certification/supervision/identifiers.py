"""Likely identifiers of people served, found in what a trainee or supervisor writes in the hours
log (practice entry descriptions, supervision session notes).

Substance use records are protected (42 CFR Part 2, HIPAA): the log says what the peer did, never
who they supported. This finds what most often gives a person away: phone numbers, email
addresses, dates of birth, street addresses, record or case numbers, and a capitalised first and
last name. It errs on the side of asking: the writer can rephrase, or confirm that what was found
is not about a person served (the services record that choice and supervisors see it).

Pure: text in, findings out, in English and Spanish.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Finding:
    kind: str
    found: str

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])


KIND_LABELS = {
    "phone": _("a phone number"),
    "email": _("an email address"),
    "birth_date": _("a date of birth"),
    "address": _("a street address"),
    "record_number": _("a record or case number"),
    "name": _("what looks like a person's name"),
}

_PHONE = re.compile(
    r"(?<![\w-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\w-])"
    r"|(?<![\w-])\d{10}(?![\w-])"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|enero|febrero|marzo|abril|mayo|"
    r"junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)"
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}|(?:19|20)\d{2}-\d{1,2}-\d{1,2}|"
    rf"{_MONTHS}\.?\s+\d{{1,2}},?\s+(?:19|20)\d{{2}}|\d{{1,2}}\s+(?:de\s+)?{_MONTHS}\s+"
    r"(?:de\s+)?(?:19|20)\d{2})"
)
_BIRTH_DATE = re.compile(
    rf"(?:\b(?:dob|d\.o\.b\.|born(?:\s+on)?|birth\s*date|date\s+of\s+birth|birthday|"
    rf"nacid[oa](?:\s+el)?|fecha\s+de\s+nacimiento|f\.?\s?nac\.?)\s*:?\s*{_DATE})",
    re.IGNORECASE,
)
_STREET_WORDS = (
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|ln|court|ct|place|pl|way|"
    r"parkway|pkwy|highway|hwy|terrace|circle)"
)
_ADDRESS = re.compile(
    rf"\b\d{{1,6}}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'-]*\s+){{1,3}}{_STREET_WORDS}\b\.?"
    r"|\b(?:calle|avenida|av\.|camino|apartamento|apto\.?)\s+[\w'-]+(?:\s+[\w'-]+)?\s+#?\d+",
    re.IGNORECASE,
)
_RECORD_NUMBER = re.compile(
    r"\b(?:mrn|medical\s+record|record|case|chart|patient|client|member|inmate|booking|"
    r"expediente|historia\s+cl[ií]nica|caso|n[uú]mero\s+de\s+(?:caso|expediente|paciente))"
    r"\s*(?:no\.?|number|n[uú]m\.?|#)?\s*:?\s*#?\s*[A-Z]{0,3}\d{4,}\b"
    r"|(?<![\w/.-])\d{6,}(?![\w/.-])",
    re.IGNORECASE,
)
# Two or three capitalised words in a row. Words that are capitalised for other reasons (the
# start of a sentence, places, programmes, months) are not names on their own.
_CAPITALISED_PAIR = re.compile(
    r"\b([A-ZÁÉÍÓÚÑ][a-záéíóúñ'’-]+)\s+([A-ZÁÉÍÓÚÑ][a-záéíóúñ'’-]+)"
    r"(?:\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñ'’-]+)?\b"
)
NOT_NAMES = frozenset(
    word.lower()
    for word in """
    monday tuesday wednesday thursday friday saturday sunday lunes martes miércoles jueves
    viernes sábado domingo january february march april may june july august september october
    november december enero febrero marzo abril mayo junio julio agosto septiembre octubre
    noviembre diciembre recovery community center centre peer support group meeting meetings
    hospital emergency department room clinic health services service county state city court
    drug treatment program programme house home shelter residence church narcotics alcoholics
    anonymous smart al-anon nar-anon celebrate twelve steps step illinois chicago springfield
    peoria rockford naloxone narcan medicaid medicare department of human family families
    mental wellness crisis line lifeline suicide veterans affairs jail prison probation parole
    public library united states american red cross salvation army harm reduction syringe
    services centro comunitario de recuperación grupo reunión hospital sala emergencias iglesia
    programa condado estado ciudad apoyo entre pares línea crisis cruz roja organization
    organisation rco rosc university college school work workforce job fair the a an and or our
    my i we in at on to for with by from of after before during this that el la los las un una
    y en con por para del al mi nuestro nuestra
    """.split()  # noqa: SIM905 (a word list reads best as prose)
)
# Words that begin a sentence in a log and are not names ("Helped Maria" still asks: Maria).
SENTENCE_STARTERS = frozenset(
    word.lower()
    for word in """
    helped met attended called drove walked supported listened shared facilitated led ran
    co-facilitated visited accompanied connected referred advocated explained talked discussed
    reviewed provided gave went took spent worked checked followed sat brought joined hosted
    assisted guided coached mentored answered organised organized planned prepared completed
    ayudé acompañé asistí llamé conduje caminé apoyé escuché compartí facilité dirigí visité
    conecté referí abogué expliqué hablé conversé revisé proporcioné di fui tomé pasé trabajé
    seguí participé organicé preparé completé today yesterday hoy ayer then luego también also
    """.split()  # noqa: SIM905 (a word list reads best as prose)
)


def _names(text: str) -> list[str]:
    found = []
    for match in _CAPITALISED_PAIR.finditer(text):
        words = match.group(0).split()
        start = match.start()
        before = text[:start].rstrip()
        at_sentence_start = not before or before[-1] in ".!?:;\n¿¡"
        if at_sentence_start and words[0].lower() in SENTENCE_STARTERS:
            words = words[1:]
        if len(words) < 2:
            continue
        if any(word.lower().strip("'’") in NOT_NAMES for word in words):
            # "Riverbend Recovery", "Mercy Hospital": a place or group, named with a common word.
            continue
        found.append(" ".join(words))
    return found


def find_identifiers(text: str) -> list[Finding]:
    """Everything in ``text`` that looks like it identifies a person, in the order found."""
    text = text or ""
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, value: str) -> None:
        value = value.strip()
        if value and (kind, value) not in seen:
            seen.add((kind, value))
            findings.append(Finding(kind, value))

    for match in _EMAIL.finditer(text):
        add("email", match.group(0))
    without_emails = _EMAIL.sub(" ", text)
    for match in _BIRTH_DATE.finditer(without_emails):
        add("birth_date", match.group(0))
    for match in _PHONE.finditer(without_emails):
        add("phone", match.group(0))
    phones = {finding.found for finding in findings if finding.kind == "phone"}
    for match in _RECORD_NUMBER.finditer(without_emails):
        if not any(match.group(0) in phone or phone in match.group(0) for phone in phones):
            add("record_number", match.group(0))
    for match in _ADDRESS.finditer(without_emails):
        add("address", match.group(0))
    addresses = [finding.found for finding in findings if finding.kind == "address"]
    for name in _names(without_emails):
        if not any(name in address for address in addresses):  # "Sheridan Rd" is the street
            add("name", name)
    return findings


def describe(findings: list[Finding]) -> str:
    """ "a phone number (312-555-0142), what looks like a person's name (Maria Lopez)"."""
    return ", ".join(f"{finding.label} ({finding.found})" for finding in findings)


def confirmed_kinds(text: str, *, confirmed: bool, field: str) -> list[str]:
    """The kinds of identifier found in ``text`` that the writer confirmed are not about a
    person served (stored with the record for the supervisor to see). Refuses, naming what was
    found and why it matters, when something was found and not confirmed."""
    from django.core.exceptions import ValidationError

    findings = find_identifiers(text)
    if findings and not confirmed:
        raise ValidationError(
            {
                field: ValidationError(
                    _(
                        "This may identify a person served: %(found)s. Hours logs are read by "
                        "supervisors, staff and credentialing boards, and the people peers "
                        "support have a right to stay anonymous. Rephrase it, or, if this is "
                        "not about a person served, tick the box below."
                    ),
                    code="possible_identifier",
                    params={"found": describe(findings)},
                )
            }
        )
    return sorted({finding.kind for finding in findings})
