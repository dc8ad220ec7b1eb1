"""docs/architecture.md stays true: what it names exists, and every sub-package is in it.

A newcomer answers "where does X live" from that page alone, so a module that moved or a rule
that was renamed must fail here rather than send them to a file that is not there.
"""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
APPS = ("cms", "certification", "lms", "curriculum")
# Folders that are Django's, not domain concepts.
NOT_SUB_PACKAGES = {"migrations", "management", "templatetags", "__pycache__"}

BACKTICKED = re.compile(r"`([^`]+)`")
MODULE_PATH = re.compile(r"^[a-z_]+(/[a-z_]+)*(\.py|/)$")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")


def section(text: str, heading: str) -> str:
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def resolve(path: str) -> Path | None:
    """A path as the doc writes it: from the project root, or inside certification or lms
    (``rules/collect.py`` is ``certification/rules/collect.py``)."""
    for base in (ROOT, ROOT / "certification", ROOT / "lms"):
        if (base / path).exists():
            return base / path
    return None


def sub_packages(app: str) -> set[str]:
    return {
        folder.name
        for folder in (ROOT / app).iterdir()
        if (folder / "__init__.py").exists() and folder.name not in NOT_SUB_PACKAGES
    }


def defines(module: Path, name: str) -> bool:
    pattern = rf"^(\s*(async\s+)?def\s+{name}\b|\s*class\s+{name}\b|{name}\s*[:=])"
    return re.search(pattern, module.read_text(), flags=re.MULTILINE) is not None


def code_spans(text: str) -> list[str]:
    """The `inline code` of the doc, outside its fenced blocks (the picture, the sample)."""
    return BACKTICKED.findall(re.sub(r"```.*?```", "", text, flags=re.DOTALL))


def missing_paths(text: str) -> list[str]:
    paths = {token for token in code_spans(text) if "/" in token}
    return sorted(p for p in paths if MODULE_PATH.match(p) and resolve(p) is None)


def undefined_names(text: str) -> list[str]:
    """Each name in a row of "Where does X live" is defined in a module of that row (or, for
    ``services.agreement_covering``, in the row's package's ``services.py``)."""
    problems = []
    for row in section(text, "Where does X live").splitlines():
        if not row.startswith("|") or row.startswith("|---"):
            continue
        where = row.rstrip("|").rsplit("|", 1)[-1]
        tokens = BACKTICKED.findall(where)
        modules = [resolve(t) for t in tokens if MODULE_PATH.match(t) and t.endswith(".py")]
        modules = [module for module in modules if module is not None]
        for token in tokens:
            if not IDENTIFIER.match(token) or token.endswith(".py"):
                continue
            owner, _, name = token.rpartition(".")
            candidates = modules
            if owner:
                candidates = [module.parent / f"{owner}.py" for module in modules]
            if not any(c.exists() and defines(c, name) for c in candidates):
                problems.append(f"{token} (row: {row.split('|')[1].strip()})")
    return problems


def picture_problems(text: str) -> list[str]:
    """In the picture, each app's block names its sub-packages (``name/``) and its modules
    (``name.py``); every one named exists, and no sub-package is left out."""
    picture = section(text, "The picture")
    problems = []
    named: dict[str, set[str]] = {app: set() for app in APPS}
    app = None
    for line in picture.splitlines():
        heading = re.match(r"^ ([a-z_]+)/", line)
        if heading and heading.group(1) in APPS:
            app = heading.group(1)
            line = line[heading.end() :]
        if app is None:
            continue
        places = [ROOT / app, *(ROOT / app / sub for sub in sub_packages(app))]
        for folder in re.findall(r"(?<![/\w])([a-z_]+)/", line):  # not a URL like /learn/
            named[app].add(folder)
            if folder not in sub_packages(app):
                problems.append(f"{app}/{folder}/ is not a sub-package")
        for module in re.findall(r"\b([a-z_]+\.py)\b", line):
            if not any((place / module).exists() for place in places):
                problems.append(f"{module} is in neither {app}/ nor its sub-packages")
    for app in ("certification", "lms"):
        for sub in sorted(sub_packages(app) - named[app]):
            problems.append(f"{app}/{sub}/ is missing from the picture")
    return problems


def contract_ids_in_doc(text: str) -> set[str]:
    table = section(text, "The contracts `make lint` checks")
    return {m.group(1) for m in re.finditer(r"^\| `([a-z-]+)` \|", table, flags=re.MULTILINE)}


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text()


def test_every_module_the_doc_names_exists(doc):
    assert not missing_paths(doc), "docs/architecture.md names modules that do not exist"


def test_every_rule_in_where_does_x_live_points_to_a_name_that_is_defined(doc):
    assert not undefined_names(doc)


def test_the_picture_shows_every_sub_package_and_only_real_modules(doc):
    assert not picture_problems(doc)


def test_the_doc_lists_exactly_the_contracts_make_lint_checks(doc):
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = {contract["id"] for contract in config["tool"]["importlinter"]["contracts"]}
    assert contract_ids_in_doc(doc) == contracts


def test_the_checks_name_what_went_stale(doc):
    moved = doc.replace("certification/rules/wording.py", "certification/rules/phrasing.py")
    assert missing_paths(moved) == ["certification/rules/phrasing.py"]
    renamed = doc.replace("`learning_reminder_due`", "`learning_reminders_due`")
    assert undefined_names(renamed) == [
        "learning_reminders_due (row: who is due a learning reminder)"
    ]
    forgotten = doc.replace("  │   roster/ ", "  │   ")
    assert "certification/roster/ is missing from the picture" in picture_problems(forgotten)
    assert contract_ids_in_doc(doc.replace("| `lms-layers` |", "| lms layers |")) == (
        contract_ids_in_doc(doc) - {"lms-layers"}
    )
