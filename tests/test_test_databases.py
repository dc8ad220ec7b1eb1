"""The suite's test databases are migrated once and reused only while nothing they depend on
changed (scripts/test_databases.py): a stale copy would test an old schema."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _script(root: Path):
    spec = importlib.util.spec_from_file_location(
        "test_databases", ROOT / "scripts" / "test_databases.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.ROOT = root
    return module


def _tree(root: Path) -> None:
    for name, text in {
        "lms/migrations/0001_initial.py": "operations = []\n",
        "certification/migrations/0002_more.py": "operations = []\n",
        "cms/settings/base.py": "LANGUAGE_CODE = 'en'\n",
        "requirements.lock": "Django==5.2.19\n",
        "docs/performance.md": "# Performance\n",
    }.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_a_changed_migration_setting_or_dependency_means_migrating_afresh(tmp_path):
    _tree(tmp_path)
    script = _script(tmp_path)
    first = script.fingerprint()
    assert script.fingerprint() == first

    (tmp_path / "docs/performance.md").write_text("# Performance, edited\n")
    assert script.fingerprint() == first, "a change to the docs needs no new database"

    for changed in (
        "certification/migrations/0002_more.py",
        "cms/settings/base.py",
        "requirements.lock",
    ):
        before = script.fingerprint()
        (tmp_path / changed).write_text((tmp_path / changed).read_text() + "# changed\n")
        assert script.fingerprint() != before, changed

    before = script.fingerprint()
    (tmp_path / "lms/migrations/0003_new.py").write_text("operations = []\n")
    assert script.fingerprint() != before, "a new migration"
