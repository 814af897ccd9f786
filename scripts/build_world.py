"""Builds src/flashpoint/web/world.json (country outlines as SVG paths, in an
equirectangular 360x180 frame) from Natural Earth 1:110m as packaged in the
npm package world-atlas (countries-110m.json, TopoJSON; data in the public
domain, package ISC). Run: python scripts/build_world.py path/to/countries-110m.json"""

import json
import sys
from pathlib import Path


def decode(topo: dict) -> list[dict]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indexes):
        pts = []
        for i in indexes:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])
        return pts

    out = []
    for geom in topo["objects"]["countries"]["geometries"]:
        polys = []
        if geom["type"] == "Polygon":
            polys = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polys = geom["arcs"]
        d = []
        for poly in polys:
            for r in poly:
                pts = ring(r)
                # a ring that crosses the antimeridian (Fiji, Chukotka,
                # Antarctica) is cut there instead of drawn across the map
                parts, cur = [], [pts[0]]
                for a, b in zip(pts, pts[1:]):
                    if abs(b[0] - a[0]) > 180:
                        parts.append(cur)
                        cur = []
                    cur.append(b)
                parts.append(cur)
                closed = len(parts) == 1
                for part in parts:
                    if len(part) > 1:
                        d.append("M" + "L".join(f"{lon + 180:.1f},{90 - lat:.1f}" for lon, lat in part) + ("Z" if closed else ""))
        if d:
            out.append({"id": geom.get("id"), "name": geom.get("properties", {}).get("name"), "d": "".join(d)})
    return out


if __name__ == "__main__":
    topo = json.loads(Path(sys.argv[1]).read_text())
    shapes = decode(topo)
    target = Path(__file__).resolve().parents[1] / "src" / "flashpoint" / "web" / "world.json"
    target.write_text(json.dumps({"source": "Natural Earth 1:110m via world-atlas 2.0.2 (public domain / ISC)",
                                  "frame": [360, 180], "countries": shapes}, separators=(",", ":")))
    print(len(shapes), "countries ->", target, target.stat().st_size, "bytes")
