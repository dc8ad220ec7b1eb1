"""The offline app's Workbox files are served from our own static files, and production's
collectstatic (manifest storage) can process them: every source map they name is there."""

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
