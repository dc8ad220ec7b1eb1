"""Front-end packages served from our own static files (the offline app's Workbox, the H5P
player), in a shape production's collectstatic (manifest storage) can process: every source
map and every file a style sheet names is there."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "static" / "vendor" / "workbox"


def test_workbox_is_copied_with_the_source_maps_its_files_name():
    scripts = sorted(VENDOR.glob("*.js"))
    names = {path.name for path in scripts}
    assert "workbox-sw.js" in names, "run `make static/vendor/.copied` (make test does)"
    for module in ("core", "routing", "strategies", "expiration", "cacheable-response"):
        assert f"workbox-{module}.prod.js" in names
    for script in scripts:
        for reference in re.findall(r"sourceMappingURL=(\S+)", script.read_text()):
            assert (VENDOR / reference).exists(), f"{script.name} names {reference}"


H5P_VENDOR = ROOT / "static" / "vendor" / "h5p-standalone"


def test_h5p_standalone_is_pinned_and_copied_with_every_file_its_styles_name():
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert package["dependencies"]["h5p-standalone"] == "3.8.2"
    assert lock["packages"]["node_modules/h5p-standalone"]["version"] == "3.8.2"
    for name in ("main.bundle.js", "frame.bundle.js", "styles/h5p.css"):
        assert (H5P_VENDOR / name).exists(), f"{name}: run `make static/vendor/.copied`"
    # Production's collectstatic (manifest storage) rewrites each url() in the styles: each
    # must be there.
    for sheet in (H5P_VENDOR / "styles").glob("*.css"):
        for reference in re.findall(r"url\(['\"]?([^'\")]+)", sheet.read_text()):
            if reference.startswith(("data:", "#")):
                continue
            target = (sheet.parent / reference.split("?", 1)[0].split("#", 1)[0]).resolve()
            assert target.exists(), f"{sheet.name} names {reference}"
