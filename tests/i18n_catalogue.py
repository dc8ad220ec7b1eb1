"""Read a gettext catalogue (.po) the way the translation checks need: each entry's msgid,
plural, translations, flags and the files it comes from. Small on purpose: GNU gettext's own
tools (msgfmt, msgattrib) judge the file; this only lets tests look inside it."""

import ast
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPANISH_CATALOGUE = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr) and "fuzzy" not in self.flags


def read_catalogue(path: Path = SPANISH_CATALOGUE) -> list[Entry]:
    """Every entry but the header, in file order (obsolete `#~` entries are skipped)."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int | None] | None = None

    def finish():
        nonlocal current, target
        if current.msgid or current.msgstr:
            entries.append(current)
        current, target = Entry(), None

    def append(name: str, index: int | None, text: str):
        if name == "msgstr":
            while len(current.msgstr) <= (index or 0):
                current.msgstr.append("")
            current.msgstr[index or 0] += text
        else:
            setattr(current, name, (getattr(current, name) or "") + text)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            if target is not None and target[0] == "msgstr":
                finish()
            if line.startswith("#,"):
                current.flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#:"):
                current.files.update(location.split(":")[0] for location in line[2:].split())
            continue
        if line.startswith('"'):
            append(target[0], target[1], ast.literal_eval(line))
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword in ("msgid", "msgctxt") and target is not None and target[0] == "msgstr":
            finish()
        if keyword.startswith("msgstr["):
            target = ("msgstr", int(keyword[7:-1]))
        elif keyword == "msgstr":
            target = ("msgstr", None)
        else:
            target = (keyword, None)
        if target[0] == "msgstr":
            append("msgstr", target[1], ast.literal_eval(rest))
        else:
            setattr(current, target[0], ast.literal_eval(rest))
    finish()
    return [entry for entry in entries if entry.msgid]
