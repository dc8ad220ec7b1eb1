"""Dependencies point one way: curriculum <- lms <- certification.

Imports, even lazy ones inside a function, are checked by import-linter's "apps-layers" contract
(pyproject.toml, `make lint`). What it cannot see is a model naming a higher app by string.
"""

from pathlib import Path

CURRICULUM = Path(__file__).resolve().parents[2] / "curriculum"
HIGHER_APPS = ("lms", "certification")


def test_curriculum_models_never_refer_to_a_higher_app_by_string():
    for path in CURRICULUM.rglob("*.py"):
        text = path.read_text()
        for app in HIGHER_APPS:
            assert f'"{app}.' not in text, f"{path.name} refers to {app} by string"
