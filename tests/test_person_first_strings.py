"""The product's own words pass the person-first list (curriculum/person_first.py): every
template, every Python source (gettext strings, the starter curriculum, the demo), and both
sides of the Spanish catalogue. Documented exceptions: the list itself, and the glossary that
shows what never to write (docs/, which is not scanned)."""

from pathlib import Path

import pytest

from curriculum import person_first

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["certification", "cms", "curriculum", "lms", "templates", "fragments", "locale"]
SUFFIXES = {".py", ".html", ".txt", ".po", ".js"}
EXCEPTIONS = {
    ROOT / "curriculum" / "person_first.py",  # the list of what not to write
}
# Words a file may quote, and why: each is a documented exception, as an editor's reason is.
QUOTED = {
    # The starter lesson on person-first language names the labels to avoid, as examples, and
    # its knowledge check offers one as the wrong answer.
    ROOT / "curriculum" / "starter_content.py": {"addict", "junkie", "clean user"},
    # The same lesson in Spanish names the Spanish labels to avoid.
    ROOT / "curriculum" / "starter_content_es.py": {"adicto", "drogadicto"},
}


def product_files():
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*")):
            if (
                path.suffix in SUFFIXES
                and path not in EXCEPTIONS
                and "migrations" not in path.parts
            ):
                yield path


def test_the_scan_covers_the_product():
    files = list(product_files())
    assert ROOT / "curriculum" / "starter_content.py" in files
    assert ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po" in files
    assert len(files) > 200


@pytest.mark.parametrize("path", list(product_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_stigmatising_word_in_the_product(path):
    found = person_first.findings(path.read_text(encoding="utf-8", errors="replace"))
    allowed = QUOTED.get(path, set())
    unexpected = [f for f in found if f.found.lower() not in allowed]
    assert unexpected == [], [f"{f.found} → {f.suggestion}" for f in unexpected]
