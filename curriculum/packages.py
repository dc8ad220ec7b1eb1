"""Packaged content staff upload as lessons: SCORM 1.2 and SCORM 2004 zips and H5P files,
checked before anything is stored.

``inspect_package(upload)`` reads a zip (an ``.h5p`` file is one) without extracting it and either
returns what PeerPath needs to play it (the kind, the launch file, the mastery score, the files)
or refuses it with a message that names the problem:

- not a zip, or an empty or encrypted one;
- too large (``MAX_PACKAGE_BYTES``), too many files (``MAX_FILES``), or a zip bomb: more than
  ``MAX_UNPACKED_BYTES`` once unpacked, or one file that unpacks more than ``MAX_RATIO`` times
  its packed size;
- a path that leaves the package (``../``, an absolute path, a drive letter, a backslash), a
  symbolic link, or two files whose names differ only in case;
- neither ``imsmanifest.xml`` (SCORM) nor ``h5p.json`` (H5P) at the top;
- SCORM: a manifest that is not XML (or declares entities), or one that names no launch file, or
  a launch file that is not in the zip;
- H5P: an ``h5p.json`` that is not JSON or lacks its title, main library or dependencies; no
  ``content/content.json``; a library the content needs (directly or through another library)
  whose folder or ``library.json`` is missing, or a script or style a library lists that is not
  in the file; a file a web server could run (``.php``, ``.exe``, ``.htaccess`` …).

The version is read from the manifest's schema version (``1.2``, ``2004 …``) or, failing that,
from its namespaces (adlcp_rootv1p2 for 1.2, adlcp_v1p3 for 2004).
"""

import json
import posixpath
import stat
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import ParseError

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_xml

MAX_PACKAGE_BYTES = 200 * 1024 * 1024
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_FILES = 5000
MAX_RATIO = 100
MANIFEST = "imsmanifest.xml"

SCORM_12 = "scorm12"
SCORM_2004 = "scorm2004"
H5P = "h5p"
H5P_JSON = "h5p.json"
H5P_CONTENT_JSON = "content/content.json"
# The JSON files of an H5P package are small; a larger one is refused rather than read.
MAX_JSON_BYTES = 5 * 1024 * 1024
# Files an H5P package never needs and a web server (or a person's computer) could run.
H5P_REFUSED_EXTENSIONS = frozenset(
    {
        "php", "php3", "php4", "php5", "php7", "php8", "phtml", "phar", "pht", "phps",
        "asp", "aspx", "jsp", "cgi", "pl", "py", "rb", "sh", "bash", "ps1", "vbs",
        "exe", "dll", "so", "dylib", "bat", "cmd", "com", "msi", "scr", "jar",
    }
)  # fmt: skip
H5P_REFUSED_NAMES = frozenset({".htaccess", ".user.ini", "web.config"})


@dataclass(frozen=True)
class PackageInfo:
    version: str
    title: str
    identifier: str
    launch: str
    mastery_score: Decimal | None
    files: tuple = field(default_factory=tuple)
    unpacked_bytes: int = 0


def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def safe_member_path(name: str) -> str | None:
    """The member's path inside the package, or None for one that would leave it."""
    if not name or "\\" in name or "\x00" in name:
        return None
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    normalised = posixpath.normpath(name)
    if normalised.startswith("../") or normalised == ".." or normalised.startswith("/"):
        return None
    if any(part == ".." for part in name.split("/")):
        return None
    return normalised


def _is_link(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return stat.S_ISLNK(mode)


def _checked_members(archive: zipfile.ZipFile, *, packed_size: int) -> tuple[dict, int]:
    infos = archive.infolist()
    files = [info for info in infos if not info.is_dir()]
    if not files:
        _refuse(_("The zip is empty."), "empty")
    if len(files) > MAX_FILES:
        _refuse(
            _("The package has %(count)s files; PeerPath takes at most %(limit)s.")
            % {"count": len(files), "limit": MAX_FILES},
            "too_many_files",
        )
    members = {}
    seen_lower = set()
    unpacked = 0
    for info in infos:
        path = safe_member_path(info.filename)
        if path is None:
            _refuse(
                _("“%(name)s” points outside the package. Nothing was stored.")
                % {"name": info.filename[:200]},
                "unsafe_path",
            )
        if _is_link(info):
            _refuse(
                _("“%(name)s” is a link to another file; packages may hold files only.")
                % {"name": info.filename[:200]},
                "link",
            )
        if info.flag_bits & 0x1:
            _refuse(_("The zip is password-protected; upload it without a password."), "encrypted")
        if info.is_dir():
            continue
        if path.lower() in seen_lower:
            _refuse(
                _("Two files are named “%(name)s” (differing only in capitals).")
                % {"name": path[:200]},
                "duplicate",
            )
        seen_lower.add(path.lower())
        unpacked += info.file_size
        if (
            info.compress_size
            and info.file_size / info.compress_size > MAX_RATIO
            and (info.file_size > 1024 * 1024)
        ):
            _refuse(
                _("“%(name)s” unpacks to far more than its size: this looks like a zip bomb.")
                % {"name": path[:200]},
                "bomb",
            )
        if unpacked > MAX_UNPACKED_BYTES:
            _refuse(
                _("The package unpacks to more than %(limit)s MB: this looks like a zip bomb.")
                % {"limit": MAX_UNPACKED_BYTES // (1024 * 1024)},
                "bomb",
            )
        members[path] = info
    return members, unpacked


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attribute(element, name: str) -> str:
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return ""


def _parse_manifest(data: bytes):
    lowered = data[:4096].lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        _refuse(
            _("The manifest declares a document type or entities; PeerPath does not read those."),
            "manifest_entities",
        )
    try:
        return parse_xml(data, forbid_dtd=True)
    except DefusedXmlException:
        _refuse(
            _("The manifest declares a document type or entities; PeerPath does not read those."),
            "manifest_entities",
        )
    except ParseError as error:
        _refuse(
            _("imsmanifest.xml is not valid XML (%(error)s).") % {"error": str(error)[:200]},
            "manifest_xml",
        )


def _version(root, data: bytes) -> str:
    schema_version = ""
    for element in root.iter():
        if _local(element.tag) == "schemaversion" and element.text:
            schema_version = element.text.strip().lower()
            break
    if schema_version.startswith("2004") or "cam 1.3" in schema_version:
        return SCORM_2004
    if schema_version in ("1.2", "scorm 1.2"):
        return SCORM_12
    if b"adlcp_v1p3" in data or b"adlcp_v1p3" in data.lower():
        return SCORM_2004
    if b"adlcp_rootv1p2" in data:
        return SCORM_12
    _refuse(
        _("The manifest does not say which SCORM version it is (1.2 or 2004)."),
        "manifest_version",
    )


def _launch(root) -> tuple[str, str, str, Decimal | None]:
    """The first item of the default organisation that points at a resource with a file."""
    organizations = next((e for e in root if _local(e.tag) == "organizations"), None)
    resources = next((e for e in root if _local(e.tag) == "resources"), None)
    if resources is None:
        _refuse(_("The manifest lists no resources, so there is nothing to open."), "no_resources")
    by_id = {_attribute(r, "identifier"): r for r in resources if _local(r.tag) == "resource"}
    title = ""
    mastery = None
    items = []
    if organizations is not None:
        default = _attribute(organizations, "default")
        chosen = next(
            (
                o
                for o in organizations
                if _local(o.tag) == "organization" and _attribute(o, "identifier") == default
            ),
            None,
        ) or next((o for o in organizations if _local(o.tag) == "organization"), None)
        if chosen is not None:
            title = next((e.text or "" for e in chosen if _local(e.tag) == "title"), "").strip()
            items = [
                e
                for e in chosen.iter()
                if _local(e.tag) == "item" and _attribute(e, "identifierref")
            ]
    for item in items:
        resource = by_id.get(_attribute(item, "identifierref"))
        if resource is not None and _attribute(resource, "href"):
            for element in item.iter():
                if _local(element.tag) in ("masteryscore", "minNormalizedMeasure") and element.text:
                    try:
                        value = Decimal(element.text.strip())
                    except InvalidOperation:
                        continue
                    mastery = (
                        value * 100 if _local(element.tag) == "minNormalizedMeasure" else value
                    )
            base = _attribute(resource, "base")
            return (
                title,
                _attribute(resource, "identifier"),
                posixpath.join(base, _attribute(resource, "href")),
                mastery,
            )
    first = next((r for r in by_id.values() if _attribute(r, "href")), None)
    if first is None:
        _refuse(_("The manifest names no launch file (no resource has an href)."), "no_launch")
    return title, _attribute(first, "identifier"), _attribute(first, "href"), mastery


def inspect_package(upload) -> PackageInfo:
    """Check an uploaded package (a file object: a SCORM zip or an .h5p file) and describe it,
    or refuse it."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_PACKAGE_BYTES:
        _refuse(
            _("The package is larger than %(limit)s MB.")
            % {"limit": MAX_PACKAGE_BYTES // (1024 * 1024)},
            "too_large",
        )
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError):
        _refuse(
            _(
                "This file is not a zip. A SCORM package is a .zip file; an H5P activity is an "
                ".h5p file (a zip too)."
            ),
            "not_zip",
        )
    with archive:
        members, unpacked = _checked_members(archive, packed_size=size or 0)
        if MANIFEST in members:
            data = archive.read(members[MANIFEST])
            return _scorm_info(data, members=members, unpacked=unpacked)
        if H5P_JSON in members:
            return _h5p_info(archive, members=members, unpacked=unpacked)
    _refuse(
        _(
            "There is no imsmanifest.xml (SCORM) or h5p.json (H5P) at the top of the zip, so "
            "this is not a package PeerPath can play. (Zip the package's contents, not the "
            "folder holding them.)"
        ),
        "no_manifest",
    )


def _scorm_info(data: bytes, *, members: dict, unpacked: int) -> PackageInfo:
    root = _parse_manifest(data)
    version = _version(root, data)
    title, identifier, launch, mastery = _launch(root)
    launch_path = safe_member_path(launch.split("?", 1)[0].split("#", 1)[0])
    if launch_path is None or launch_path not in members:
        _refuse(
            _("The manifest opens “%(launch)s”, which is not in the zip.")
            % {"launch": launch[:200]},
            "launch_missing",
        )
    return PackageInfo(
        version=version,
        title=title or _attribute(root, "identifier") or "SCORM package",
        identifier=_attribute(root, "identifier") or identifier,
        launch=launch,
        mastery_score=mastery,
        files=tuple(sorted(members)),
        unpacked_bytes=unpacked,
    )


# ------------------------------------------------------------------------------
# H5P: h5p.json, the content, and every library the content needs, in the file itself
# ------------------------------------------------------------------------------
def _read_json(archive: zipfile.ZipFile, members: dict, path: str):
    info = members[path]
    if info.file_size > MAX_JSON_BYTES:
        _refuse(
            _("%(name)s is larger than PeerPath reads (%(limit)s MB).")
            % {"name": path[:200], "limit": MAX_JSON_BYTES // (1024 * 1024)},
            "h5p_json",
        )
    try:
        return json.loads(archive.read(info).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        _refuse(
            _("%(name)s is not valid JSON (%(error)s).")
            % {"name": path[:200], "error": str(error)[:200]},
            "h5p_json",
        )


def _library_names(dependencies, *, source: str) -> list[dict]:
    """The libraries a list of dependencies names, each checked to have a name and a version."""
    if dependencies is None:
        return []
    if not isinstance(dependencies, list):
        _refuse(
            _("%(name)s lists its dependencies in a form PeerPath cannot read.") % {"name": source},
            "h5p_json",
        )
    names = []
    for dependency in dependencies:
        if not (
            isinstance(dependency, dict)
            and isinstance(dependency.get("machineName"), str)
            and dependency["machineName"]
            and str(dependency.get("majorVersion", "")).isdigit()
            and str(dependency.get("minorVersion", "")).isdigit()
        ):
            _refuse(
                _("%(name)s names a library without its name or version.") % {"name": source},
                "h5p_json",
            )
        names.append(dependency)
    return names


def _library_folder(dependency: dict, members: dict) -> str | None:
    """The library's folder in the file: ``Name-1.2`` (as H5P exports it) or plain ``Name``."""
    name = dependency["machineName"]
    versioned = f"{name}-{dependency['majorVersion']}.{dependency['minorVersion']}"
    for folder in (versioned, name):
        if f"{folder}/library.json" in members:
            return folder
    return None


def _h5p_refused_file(members: dict) -> None:
    for path in members:
        name = posixpath.basename(path).lower()
        extension = name.rsplit(".", 1)[-1] if "." in name else ""
        if name in H5P_REFUSED_NAMES or extension in H5P_REFUSED_EXTENSIONS:
            _refuse(
                _(
                    "“%(name)s” is a kind of file a server or computer could run; an H5P "
                    "activity never needs one. Nothing was stored."
                )
                % {"name": path[:200]},
                "h5p_refused_file",
            )


def _h5p_info(archive: zipfile.ZipFile, *, members: dict, unpacked: int) -> PackageInfo:
    _h5p_refused_file(members)
    description = _read_json(archive, members, H5P_JSON)
    if not isinstance(description, dict):
        _refuse(_("h5p.json does not describe an activity."), "h5p_json")
    title = description.get("title")
    main_library = description.get("mainLibrary")
    if not isinstance(title, str) or not title.strip():
        _refuse(_("h5p.json gives the activity no title."), "h5p_json")
    if not isinstance(main_library, str) or not main_library:
        _refuse(_("h5p.json names no main library, so there is nothing to play."), "h5p_json")
    dependencies = _library_names(description.get("preloadedDependencies"), source=H5P_JSON)
    if not any(dependency["machineName"] == main_library for dependency in dependencies):
        _refuse(
            _("h5p.json does not list its main library “%(library)s” among its dependencies.")
            % {"library": main_library[:200]},
            "h5p_json",
        )
    if H5P_CONTENT_JSON not in members:
        _refuse(
            _("There is no content/content.json in the file, so the activity has no content."),
            "h5p_no_content",
        )
    _read_json(archive, members, H5P_CONTENT_JSON)

    # Every library the content needs, and the libraries those need, with their files.
    pending = list(dependencies)
    checked = set()
    while pending:
        dependency = pending.pop()
        label = (
            f"{dependency['machineName']} {dependency['majorVersion']}.{dependency['minorVersion']}"
        )
        if label in checked:
            continue
        checked.add(label)
        folder = _library_folder(dependency, members)
        if folder is None:
            _refuse(
                _(
                    "The activity needs the library %(library)s, which is not in the file. "
                    "(Export the .h5p with its libraries included.)"
                )
                % {"library": label[:200]},
                "h5p_library_missing",
            )
        library_json = f"{folder}/library.json"
        library = _read_json(archive, members, library_json)
        if not isinstance(library, dict):
            _refuse(
                _("%(name)s does not describe a library.") % {"name": library_json[:200]},
                "h5p_json",
            )
        for key in ("preloadedJs", "preloadedCss"):
            listed = library.get(key) or []
            for entry in listed if isinstance(listed, list) else [None]:
                path = entry.get("path") if isinstance(entry, dict) else None
                full = safe_member_path(f"{folder}/{path}") if isinstance(path, str) else None
                if full is None or full not in members:
                    _refuse(
                        _("%(name)s lists a file that is not in the package (%(path)s).")
                        % {"name": library_json[:200], "path": str(path)[:200]},
                        "h5p_library_file",
                    )
        pending.extend(_library_names(library.get("preloadedDependencies"), source=library_json))
    return PackageInfo(
        version=H5P,
        title=title.strip()[:255],
        identifier=main_library,
        launch=H5P_JSON,
        mastery_score=None,
        files=tuple(sorted(members)),
        unpacked_bytes=unpacked,
    )


# ------------------------------------------------------------------------------
# Storing a checked package: its files unpacked under one folder of the default storage
# ------------------------------------------------------------------------------
PACKAGE_ROOT = "packages"


def package_folder(key) -> str:
    return f"{PACKAGE_ROOT}/{key}"


def unpack(upload, *, folder: str, info: PackageInfo, storage) -> int:
    """Write every file of a checked package under ``folder``; returns the bytes written.
    Member names were checked by ``inspect_package``; each is checked again on the way out."""
    from django.core.files.base import ContentFile

    written = 0
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        for member in archive.infolist():
            path = safe_member_path(member.filename)
            if member.is_dir() or path is None or path not in info.files:
                continue
            data = archive.read(member)
            storage.save(f"{folder}/{path}", ContentFile(data))
            written += len(data)
    return written
