"""Checking SCORM packages before anything is stored (curriculum/packages.py)."""

import io

from django.core.exceptions import ValidationError

import pytest

from curriculum.packages import SCORM_12, SCORM_2004, inspect_package, safe_member_path
from tests.curriculum import scorm_builders as build


def _inspect(data: bytes):
    return inspect_package(io.BytesIO(data))


def test_a_scorm_12_package_is_described():
    info = _inspect(build.scorm_12())
    assert info.version == SCORM_12
    assert info.launch == "index.html"
    assert info.title == "Listening without fixing (SCORM 1.2)"
    assert info.mastery_score == 80
    assert set(info.files) == {"imsmanifest.xml", "index.html", "course.js"}


def test_a_scorm_2004_package_is_described():
    info = _inspect(build.scorm_2004())
    assert info.version == SCORM_2004
    assert info.launch == "content/index.html"
    assert info.mastery_score == 80


@pytest.mark.parametrize(
    ("builder", "code", "words"),
    [
        (build.traversal, "unsafe_path", "outside the package"),
        (build.absolute_path, "unsafe_path", "outside the package"),
        (build.symlink, "link", "link"),
        (build.bomb, "bomb", "zip bomb"),
        (build.missing_manifest, "no_manifest", "imsmanifest.xml"),
        (build.wrong_launch, "launch_missing", "start.html"),
        (build.entity_manifest, "manifest_entities", "entities"),
    ],
)
def test_hostile_packages_are_refused_naming_the_problem(builder, code, words):
    with pytest.raises(ValidationError) as refused:
        _inspect(builder())
    assert refused.value.code == code
    assert words in refused.value.messages[0]


def test_a_file_that_is_not_a_zip_is_refused():
    with pytest.raises(ValidationError) as refused:
        _inspect(b"%PDF-1.4 not a zip")
    assert refused.value.code == "not_zip"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("index.html", "index.html"),
        ("content/a/../b.js", None),  # any ".." is refused, even one that stays inside
        ("content/./b.js", "content/b.js"),
        ("../x", None),
        ("a/../../x", None),
        ("/abs", None),
        ("C:/windows", None),
        ("a\\..\\b", None),
    ],
)
def test_member_paths_stay_inside_the_package(name, safe):
    assert safe_member_path(name) == safe
