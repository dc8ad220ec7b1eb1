"""The Spanish catalogue is complete for the code as it is, and compiles.

`make messages` extracts every string of the templates and Python code into
locale/es/LC_MESSAGES/django.po; a new string arrives untranslated and a changed one fuzzy.
These tests extract again from a copy of the sources, so a string added without running
`make messages` fails here too, and list exactly what to translate (docs/translating.md).
"""

import gettext
import os
import shutil
import subprocess
import sys

import pytest

from tests.i18n_catalogue import ROOT, SPANISH_CATALOGUE, read_catalogue

# What `make messages` leaves out: tooling, tests and generated or uploaded files.
NOT_SOURCES = {
    ".git",
    ".venv",
    "node_modules",
    "tests",
    "bench",
    "staticfiles",
    "media",
    "private-media",
    ".stack",
    "test-results",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
}


def _describe(entries) -> str:
    return "\n".join(f"  {sorted(entry.files)[0]}: {entry.msgid[:90]!r}" for entry in entries)


def _need_gettext():
    if shutil.which("msgfmt") is None:
        pytest.fail("GNU gettext is needed (msgfmt): `make test` installs the gettext package.")


def test_every_entry_of_the_spanish_catalogue_is_translated_and_none_is_fuzzy():
    entries = read_catalogue()
    assert len(entries) > 1000
    untranslated = [entry for entry in entries if not entry.translated]
    assert not untranslated, (
        f"{len(untranslated)} Spanish entries are empty or fuzzy; translate them in "
        f"{SPANISH_CATALOGUE.relative_to(ROOT)} (docs/translating.md):\n{_describe(untranslated)}"
    )


def test_the_catalogue_holds_every_string_of_the_current_sources(tmp_path):
    """Extract from a copy of the sources exactly as `make messages` does and compare."""
    _need_gettext()
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=lambda folder, names: [n for n in names if n in NOT_SOURCES],
        symlinks=True,
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "es",
            "--no-obsolete",
            "--add-location=file",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
    )
    assert result.returncode == 0, result.stderr
    extracted = read_catalogue(copy / SPANISH_CATALOGUE.relative_to(ROOT))
    missing = [entry for entry in extracted if not entry.translated]
    assert not missing, (
        f"{len(missing)} strings of the code have no Spanish translation yet. Run "
        f"`make messages`, translate the empty and fuzzy entries, then `make messages` again:\n"
        f"{_describe(missing)}"
    )


def test_the_catalogue_compiles_and_the_committed_mo_file_matches_it(tmp_path):
    _need_gettext()
    compiled = tmp_path / "django.mo"
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("msgfmt"), "--check", "-o", str(compiled), str(SPANISH_CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    with compiled.open("rb") as fresh, SPANISH_CATALOGUE.with_suffix(".mo").open("rb") as kept:
        fresh_messages = gettext.GNUTranslations(fresh)._catalog
        kept_messages = gettext.GNUTranslations(kept)._catalog
    assert kept_messages == fresh_messages, (
        "locale/es/LC_MESSAGES/django.mo is older than django.po: run `make messages`."
    )
