"""Vendor the dashboard's JavaScript libraries into src/flashpoint/web/vendor/.

    python scripts/vendor_web.py

Runs `npm install` (scripts disabled) of the pinned packages into a
temporary directory, copies each package's built browser files and its
licence into vendor/<package>/, and writes vendor/MANIFEST.json (name,
version, licence, files) so a reader sees what is bundled and under what
terms. It also rebuilds web/world.json from world-atlas (scripts/build_world.py).
The dashboard then loads nothing from outside the machine; nothing is
fetched at run time. Change a version here, run the script, commit vendor/.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "src" / "flashpoint" / "web" / "vendor"

# package -> (version, licence as npm states it, files to copy from the package)
PACKAGES: dict[str, tuple[str, str, list[str]]] = {
    # d3: scales, zoom and brush behaviour, time formats; Observable Plot draws on it
    "d3": ("7.9.2", "ISC", ["dist/d3.min.js", "LICENSE"]),
    "@observablehq/plot": ("0.6.17", "ISC", ["dist/plot.umd.min.js", "LICENSE"]),
    # the map: pan, zoom, keyboard, tooltips, over our own vector layer (no tiles)
    "leaflet": ("1.9.4", "BSD-2-Clause", ["dist/leaflet.js", "dist/leaflet.css", "dist/images", "LICENSE"]),
    # 1.5.3 is the release for Leaflet 1.x that ships its licence file
    "leaflet.markercluster": ("1.5.3", "MIT", ["dist/leaflet.markercluster.js", "dist/MarkerCluster.css",
                                              "dist/MarkerCluster.Default.css", "MIT-LICENCE.txt"]),
}
# data only: Natural Earth 1:110m country outlines, turned into world.json
WORLD_ATLAS = ("world-atlas", "2.0.2")


def main() -> None:
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is needed to vendor the libraries")
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "package.json").write_text('{"name": "flashpoint-vendor", "private": true}')
        specs = [f"{name}@{ver}" for name, (ver, _, _) in PACKAGES.items()] + ["@".join(WORLD_ATLAS)]
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--ignore-scripts", "--no-package-lock", *specs],
                       cwd=tmp, check=True)
        modules = Path(tmp) / "node_modules"
        if VENDOR.exists():
            shutil.rmtree(VENDOR)
        manifest = []
        for name, (version, licence, files) in PACKAGES.items():
            src = modules / name
            meta = json.loads((src / "package.json").read_text())
            if meta["version"] != version or meta.get("license") != licence:
                sys.exit(f"{name}: npm gave {meta['version']} ({meta.get('license')}), expected {version} ({licence})")
            dest = VENDOR / name.replace("@observablehq/", "")
            dest.mkdir(parents=True)
            for f in files:
                s = src / f
                if s.is_dir():
                    shutil.copytree(s, dest / s.name)
                else:
                    shutil.copy2(s, dest / s.name)
            manifest.append({"package": name, "version": version, "license": licence,
                             "homepage": meta.get("homepage"), "dir": dest.name,
                             "files": sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())})
        (VENDOR / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")
        subprocess.run([sys.executable, str(ROOT / "scripts" / "build_world.py"),
                        str(modules / WORLD_ATLAS[0] / "countries-110m.json")], check=True)
    for m in manifest:
        print(f"{m['package']} {m['version']} ({m['license']}) -> vendor/{m['dir']}: {len(m['files'])} files")


if __name__ == "__main__":
    main()
