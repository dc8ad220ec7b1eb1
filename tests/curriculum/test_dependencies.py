"""Dependencies point one way: curriculum <- lms <- certification. Curriculum never imports
the apps built on it, not even lazily inside a function."""

import ast
from pathlib import Path

import pytest

CURRICULUM = Path(__file__).resolve().parents[2] / "curriculum"
HIGHER_APPS = ("lms", "certification")


def _imports(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


@pytest.mark.parametrize(
    "path",
    sorted(CURRICULUM.rglob("*.py")),
    ids=lambda path: str(path.relative_to(CURRICULUM)),
)
def test_curriculum_never_imports_a_higher_app(path):
    offending = [name for name in _imports(path) if name.split(".")[0] in HIGHER_APPS]
    assert not offending, f"{path.name} imports {offending}"


def test_curriculum_models_never_refer_to_a_higher_app_by_string():
    for path in CURRICULUM.rglob("*.py"):
        text = path.read_text()
        for app in HIGHER_APPS:
            assert f'"{app}.' not in text, f"{path.name} refers to {app} by string"
