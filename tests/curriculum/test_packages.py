"""Checking SCORM packages and H5P activities before anything is stored
(curriculum/packages.py)."""

import io

from django.core.exceptions import ValidationError

import pytest

from curriculum.packages import H5P, SCORM_12, SCORM_2004, inspect_package, safe_member_path
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


def test_an_h5p_activity_is_described():
    info = _inspect(build.h5p())
    assert info.version == H5P
    assert info.title == build.H5P_TITLE
    assert info.identifier == "H5P.PeerQuiz"
    assert info.launch == "h5p.json"
    assert info.mastery_score is None
    assert "H5P.PeerQuiz-1.1/peer-quiz.js" in info.files
    assert "content/content.json" in info.files


def test_an_h5p_library_folder_without_its_version_is_found_too():
    files = {
        name.replace(build.H5P_LIBRARY_FOLDER, "H5P.PeerQuiz"): content
        for name, content in build.h5p_files().items()
    }
    assert _inspect(build._zip(files)).version == H5P


@pytest.mark.parametrize(
    ("builder", "code", "words"),
    [
        (build.h5p_traversal, "unsafe_path", "outside the package"),
        (build.h5p_missing_h5p_json, "no_manifest", "h5p.json"),
        (build.h5p_missing_library, "h5p_library_missing", "H5P.PeerQuiz 1.1"),
        (build.h5p_missing_dependency_of_library, "h5p_library_missing", "H5P.Question 1.5"),
        (build.h5p_missing_library_file, "h5p_library_file", "peer-quiz.js"),
        (build.h5p_bad_json, "h5p_json", "h5p.json is not valid JSON"),
        (build.h5p_missing_content, "h5p_no_content", "content/content.json"),
        (build.h5p_with_php, "h5p_refused_file", "shell.php"),
        (build.h5p_no_main_library, "h5p_json", "main library"),
    ],
)
def test_hostile_h5p_activities_are_refused_naming_the_problem(builder, code, words):
    with pytest.raises(ValidationError) as refused:
        _inspect(builder())
    assert refused.value.code == code
    assert words in refused.value.messages[0]


def test_an_h5p_json_that_is_not_an_object_is_refused():
    with pytest.raises(ValidationError) as refused:
        _inspect(build._zip(build.h5p_files(**{"h5p.json": "[1, 2]"})))
    assert refused.value.code == "h5p_json"
