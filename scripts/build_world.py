"""Builds src/flashpoint/web/world.json (country outlines as GeoJSON, for the
dashboard's map) from Natural Earth 1:110m as packaged in the npm package
world-atlas (countries-110m.json, TopoJSON; data in the public domain,
package ISC). scripts/vendor_web.py runs it; by hand:
python scripts/build_world.py path/to/countries-110m.json

world-atlas keeps a ring that crosses the antimeridian (Fiji, Chukotka,
Antarctica) whole, jumping from +180 to -180 inside the ring. A flat map
draws that jump as a band across the world (the old white sliver over
Chukotka). Here each such ring is unwrapped into continuous longitudes,
closed over the pole when it goes round one (Antarctica), and clipped into
the [-180, 180] window and its copies shifted by 360, so every polygon is a
closed shape that lies inside the map."""

from __future__ import annotations

import json
import sys
from pathlib import Path

Point = tuple[float, float]


def decode_arcs(topo: dict) -> list[list[Point]]:
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
    return arcs


def ring_points(arcs: list[list[Point]], indexes: list[int]) -> list[Point]:
    pts: list[Point] = []
    for i in indexes:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a if not pts else a[1:])
    return pts


def unwrap(ring: list[Point]) -> list[Point]:
    """Continuous longitudes (a step of more than 180 degrees is a wrap); a
    ring that goes round a pole comes back 360 degrees off and is closed
    along the pole's latitude."""
    out = [ring[0]]
    shift = 0.0
    for (x0, _), (x1, y1) in zip(ring, ring[1:]):
        if x1 - x0 > 180:
            shift -= 360
        elif x1 - x0 < -180:
            shift += 360
        out.append((x1 + shift, y1))
    if abs(out[-1][0] - out[0][0]) > 180:  # round a pole
        pole = -90.0 if sum(y for _, y in out) < 0 else 90.0
        out += [(out[-1][0], pole), (out[0][0], pole), out[0]]
    return out


def clip(ring: list[Point], x: float, keep_below: bool) -> list[Point]:
    """Sutherland-Hodgman against the half plane lon <= x (or >= x)."""
    inside = (lambda p: p[0] <= x) if keep_below else (lambda p: p[0] >= x)
    out: list[Point] = []
    for i, cur in enumerate(ring):
        prev = ring[i - 1]
        if inside(cur):
            if not inside(prev):
                out.append(cross(prev, cur, x))
            out.append(cur)
        elif inside(prev):
            out.append(cross(prev, cur, x))
    return out


def cross(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def area(ring: list[Point]) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1]))) / 2


def window(ring: list[Point], shift: float) -> list[Point]:
    moved = [(x + shift, y) for x, y in ring]
    piece = clip(clip(moved, 180.0, True), -180.0, False)
    return piece if len(piece) >= 3 and area(piece) > 1e-6 else []


def polygons(arcs: list[list[Point]], poly: list[list[int]]) -> list[list[list[Point]]]:
    rings = [unwrap(ring_points(arcs, r)) for r in poly]
    out = []
    for shift in (-360.0, 0.0, 360.0):
        outer = window(rings[0], shift)
        if not outer:
            continue
        holes = [h for h in (window(r, shift) for r in rings[1:]) if h]
        out.append([outer] + holes)
    return out


def rnd(ring: list[Point]) -> list[list[float]]:
    pts = [[round(x, 2), round(y, 2)] for x, y in ring]
    if pts[0] != pts[-1]:
        pts.append(pts[0])  # GeoJSON rings are closed
    return pts


def features(topo: dict) -> list[dict]:
    arcs = decode_arcs(topo)
    out = []
    for geom in topo["objects"]["countries"]["geometries"]:
        if geom["type"] == "Polygon":
            polys = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polys = geom["arcs"]
        else:
            continue
        coords = [[rnd(r) for r in p] for poly in polys for p in polygons(arcs, poly)]
        if coords:
            out.append({"type": "Feature", "id": geom.get("id"), "properties": {"name": geom.get("properties", {}).get("name")},
                        "geometry": {"type": "MultiPolygon", "coordinates": coords}})
    return out


if __name__ == "__main__":
    topo = json.loads(Path(sys.argv[1]).read_text())
    feats = features(topo)
    target = Path(__file__).resolve().parents[1] / "src" / "flashpoint" / "web" / "world.json"
    target.write_text(json.dumps({"type": "FeatureCollection",
                                  "source": "Natural Earth 1:110m via world-atlas 2.0.2 (public domain / ISC)",
                                  "features": feats}, separators=(",", ":")))
    print(len(feats), "countries ->", target, target.stat().st_size, "bytes")
