#!/usr/bin/env python3
"""Build src/flashpoint/data/triggers_cameo.toml from the PETRARCH2 CAMEO verb dictionary.

Usage:
    python scripts/build_cameo_lexicon.py CAMEO.2.0.txt eval/CAMEO2PLOVER-2021.txt
        [--triggers src/flashpoint/data/triggers.toml]
        [--out src/flashpoint/data/triggers_cameo.toml] [--report]

CAMEO.2.0.txt is petrarch2/data/dictionaries/CAMEO.2.0.txt from
github.com/openeventdata/petrarch2 (MIT licence; see src/flashpoint/data/LICENSES.md).
The dictionary is an input only: neither it nor PETRARCH2 code is copied here.

What is kept from the dictionary:
  * bare verbs: a single-word verb line of a verb block, whose code is its own
    "[code]" or else the block's "--- NAME [code] ---" code. Pattern lines
    ("- * OBJECT [code]") are ignored: those codes need the pattern words.
    A code of "---" (or an empty primary code, "[:173]") means the verb alone
    is no event, so it is dropped.
  * verb + particle pairs: "+VERB_PARTICLE" lines whose second word is a
    particle (up, down, out, off, back, ...). Written as [[phrase]] rules.

Each CAMEO code is mapped to a PLOVER type and mode through CAMEO2PLOVER: the
full code when the file lists it, else its shorter parents. CAMEO 01 (public
statement) is no event. CAMEO 02 (appeal) is not in the file; its sub-codes
run parallel to 10 (demand), so 02xx is read as 10xx (REQUEST, same mode).
Modes not defined for the type in plover_types.json are renamed (MODE_ALIAS)
or dropped.

A lemma the dictionary puts under more than one PLOVER type is dropped (the
source itself says it is ambiguous) unless the review re-adds it. Lemmas
already present anywhere in triggers.toml (verbs, nouns, phrase verbs, sense
lemmas) are left out: the hand-made table wins.

Then the hand review: REMOVE (lemmas dropped) and ADD (lemmas the dictionary
lacks or codes wrongly), each with a one-line reason. The output is sorted and
depends only on the three input files, so running the script again reproduces
the reviewed file exactly.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "flashpoint" / "data"

PARTICLES = {"up", "down", "out", "off", "back", "away", "over", "in", "on", "forth", "aside"}

# CAMEO2PLOVER modes that plover_types.json names differently.
MODE_ALIAS = {
    ("ASSAULT", "assassinate"): "targeted",  # PLOVER calls assassination mode "targeted"
    ("ASSAULT", "seize"): "destroy",  # 1712 "destroy property" is coded ASSAULT; its PLOVER mode is destroy
    ("RETREAT", "return"): "release",  # 0842 return of property: PLOVER's release covers persons and property
    ("COERCE", "ban"): "restrict",  # 1722 ban parties: a restriction
    ("THREATEN", "ban"): "restrict",  # 132 threaten administrative sanctions
}

# ---------------------------------------------------------------------------
# Hand review. Rule: keep a lemma only if, in most news sentences where it has
# political actors as its subject, the act is of the given type by itself.
# ---------------------------------------------------------------------------

REMOVE: dict[str, str] = {
    # filled in below, one reason per lemma
}

# lemma -> (PLOVER type, mode or None, reason). A key with a space is a
# "verb particle" pair. ADD entries win over the dictionary's own coding.
ADD: dict[str, tuple[str, str | None, str]] = {
}


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------

HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
VERB_LINE = re.compile(r"^([A-Z+_'\-]+)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?")


def primary_code(code: str | None) -> str | None:
    """'042:043' -> '042'; '---', ':173' or '' -> None."""
    if code is None:
        return None
    first = code.strip().split(":")[0].strip()
    if not first or first.startswith("-") or not first.isdigit():
        return None
    return first


def parse_verb_dictionary(path: Path):
    """Yields (kind, lemma, particle, code, block) for bare verbs and verb+particle pairs."""
    in_verbs = False
    block_name, block_code = None, None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.rstrip()
        if line.startswith("####### VERB PATTERNS"):
            in_verbs = True
            continue
        if line.startswith("######## TRANSFORMATIONS"):
            break
        if not in_verbs or not line.strip() or line.lstrip().startswith("#"):
            continue
        m = HEADER.match(line)
        if m:
            block_name, block_code = m.group(1), m.group(2)
            continue
        if line.startswith("-"):
            continue  # a pattern: its code needs the pattern words
        m = VERB_LINE.match(line)
        if not m or block_name is None:
            continue
        word = m.group(1)
        code = primary_code(m.group(3)[1:-1] if m.group(3) else block_code)
        if "_" in word:
            if not word.startswith("+"):
                continue  # the verb is not the first word ("WIRE_+TAP")
            parts = word[1:].lower().split("_")
            if len(parts) == 2 and parts[1] in PARTICLES and parts[0].isalpha():
                yield "pair", parts[0], parts[1], code, block_name
            continue
        if "-" in word or "+" in word or "'" in word:
            continue  # hyphenated: spaCy splits "re-arrest", it never matches one token
        yield "verb", word.lower(), None, code, block_name


def parse_mapping(path: Path) -> dict[str, tuple[str, str]]:
    mapping: dict[str, tuple[str, str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d+):\s*([^#]*)", raw)
        if not m:
            continue
        fields = [f.strip() for f in m.group(2).split(",")]
        etype = fields[0].upper()
        mode = fields[1] if len(fields) > 1 else ""
        mapping.setdefault(m.group(1), (etype, mode))  # first line wins ("08" is listed twice)
    return mapping


def map_code(code: str, mapping, types) -> tuple[str, str | None] | None:
    root = code[:2]
    if root == "01":
        return None  # public statement: no event
    force_type = None
    if root == "02":
        code, force_type = "10" + code[2:], "REQUEST"  # appeal runs parallel to demand
    hit = None
    for n in range(len(code), 1, -1):
        if code[:n] in mapping:
            hit = mapping[code[:n]]
            break
    if hit is None:
        return None
    etype, mode = hit
    etype = force_type or etype
    if etype not in types:
        return None
    mode = MODE_ALIAS.get((etype, mode), mode) or None
    if mode not in types[etype]["modes"]:
        mode = None
    return etype, mode


def present_in_triggers(path: Path):
    cfg = tomllib.loads(path.read_text(encoding="utf-8"))
    lemmas: set[str] = set()
    pairs: set[tuple[str, str]] = set()

    def add(items):
        for item in [items] if isinstance(items, str) else items or []:
            lemmas.add(item.partition("=")[0].strip().lower())

    for key, spec in cfg.items():
        if isinstance(spec, dict):
            add(spec.get("verbs"))
            add(spec.get("nouns"))
    for rule in cfg.get("phrase", []):
        add(rule.get("verbs"))
        for v in rule.get("verbs", []):
            for p in rule.get("particle", []):
                pairs.add((v.lower(), p.lower()))
    for sense in cfg.get("sense", []):
        add(sense.get("lemma"))
    return lemmas, pairs


# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------

def build(cameo: Path, c2p: Path, trig: Path, report):
    types = json.loads((DATA / "plover_types.json").read_text(encoding="utf-8"))["types"]
    mapping = parse_mapping(c2p)
    present, present_pairs = present_in_triggers(trig)

    occ: dict[str, list] = defaultdict(list)  # key -> [(code, (type, mode) | None)]
    for kind, lemma, particle, code, _block in parse_verb_dictionary(cameo):
        key = lemma if kind == "verb" else f"{lemma} {particle}"
        occ[key].append((code, map_code(code, mapping, types) if code else None))

    entries: dict[str, tuple[str, str | None, str]] = {}  # key -> (type, mode, comment)
    dropped = defaultdict(list)
    for key in sorted(occ):
        coded = [(c, tm) for c, tm in occ[key] if tm is not None]
        if not coded:
            continue
        kinds = {tm[0] for _, tm in coded}
        codes = ", ".join(sorted({c for c, _ in coded}))
        if len(kinds) > 1:
            dropped["conflict"].append(f"{key} ({codes}: {'/'.join(sorted(kinds))})")
            continue
        modes = {tm[1] for _, tm in coded}
        mode = modes.pop() if len(modes) == 1 else None
        entries[key] = (kinds.pop(), mode, f"CAMEO {codes}")

    for key, why in REMOVE.items():
        if key not in entries:
            print(f"note: REMOVE {key!r} matches no dictionary entry", file=sys.stderr)
        entries.pop(key, None)
    for key, (etype, mode, why) in ADD.items():
        if etype not in types:
            raise SystemExit(f"ADD {key!r}: unknown type {etype}")
        if mode is not None and mode not in types[etype]["modes"]:
            raise SystemExit(f"ADD {key!r}: mode {mode!r} is not a mode of {etype}")
        old = entries.get(key)
        comment = f"{old[2]}, review: {etype}" if old and old[0] != etype else (old[2] if old else "review")
        entries[key] = (etype, mode, comment)

    verbs = defaultdict(list)
    pairs = defaultdict(list)
    for key in sorted(entries):
        etype, mode, comment = entries[key]
        if " " in key:
            v, p = key.split(" ", 1)
            if (v, p) in present_pairs:
                dropped["in triggers.toml"].append(key)
                continue
            pairs[etype].append((v, p, mode, comment))
        else:
            if key in present:
                dropped["in triggers.toml"].append(key)
                continue
            verbs[etype].append((key, mode, comment))

    if report:
        for why, keys in dropped.items():
            print(f"-- dropped ({why}): {len(keys)}", file=sys.stderr)
            for k in keys:
                print(f"   {k}", file=sys.stderr)
        for etype in types:
            print(f"-- {etype}: {len(verbs[etype])} verbs, {len(pairs[etype])} pairs", file=sys.stderr)
            for lemma, mode, comment in verbs[etype]:
                print(f"   {lemma}{'=' + mode if mode else ''}  # {comment}", file=sys.stderr)
            for v, p, mode, comment in pairs[etype]:
                print(f"   {v} {p}{'=' + mode if mode else ''}  # {comment}", file=sys.stderr)
    return types, verbs, pairs


HEAD = """\
# Verb triggers from the PETRARCH2 CAMEO verb dictionary, reviewed by hand.
# GENERATED FILE: do not edit. Change the REMOVE / ADD review tables in
# scripts/build_cameo_lexicon.py and regenerate:
#
#   python scripts/build_cameo_lexicon.py CAMEO.2.0.txt eval/CAMEO2PLOVER-2021.txt
#
# where CAMEO.2.0.txt is petrarch2/data/dictionaries/CAMEO.2.0.txt from
# github.com/openeventdata/petrarch2 (MIT licence, Copyright (c) 2015 Open
# Event Data Alliance; see LICENSES.md). Only lemma lists derived from it are
# kept here, not the dictionary itself.
#
# Each bare verb's CAMEO code is mapped to a PLOVER type and mode by
# eval/CAMEO2PLOVER-2021.txt; lemmas already present anywhere in triggers.toml
# are left out. Same format as triggers.toml: per type, verbs = ["lemma",
# "lemma=mode"]; [[phrase]] rules for verb + particle pairs. The comment after
# each lemma gives its CAMEO code(s), or "review" for lemmas the review added.
#
# This table is read AFTER triggers.toml: where both name a lemma, the
# hand-made triggers.toml entry wins.
"""


def render(types, verbs, pairs) -> str:
    out = [HEAD]
    for etype in types:
        if not verbs[etype]:
            continue
        out.append(f"\n[{etype}]\nverbs = [\n")
        for lemma, mode, comment in verbs[etype]:
            item = json.dumps(f"{lemma}={mode}" if mode else lemma) + ","
            out.append(f"  {item:<28} # {comment}\n")
        out.append("]\n")
    rules = [(etype, *p) for etype in types for p in pairs[etype]]
    if rules:
        out.append("\n# --- verb + particle pairs -------------------------------------------------\n")
    for etype, v, p, mode, comment in rules:
        out.append(f"\n[[phrase]]  # {comment}\nverbs = [{json.dumps(v)}]\nparticle = [{json.dumps(p)}]\n"
                   f"type = {json.dumps(etype)}\n")
        if mode:
            out.append(f"mode = {json.dumps(mode)}\n")
    return "".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cameo", type=Path, help="PETRARCH2 CAMEO verb dictionary (CAMEO.2.0.txt)")
    ap.add_argument("cameo2plover", type=Path, help="CAMEO -> PLOVER table (eval/CAMEO2PLOVER-2021.txt)")
    ap.add_argument("--triggers", type=Path, default=DATA / "triggers.toml", help="hand-made trigger table")
    ap.add_argument("--out", type=Path, default=DATA / "triggers_cameo.toml")
    ap.add_argument("--report", action="store_true", help="list kept and dropped lemmas on stderr")
    args = ap.parse_args(argv)
    types, verbs, pairs = build(args.cameo, args.cameo2plover, args.triggers, args.report)
    text = render(types, verbs, pairs)
    tomllib.loads(text)  # must load
    args.out.write_text(text, encoding="utf-8")
    n = sum(len(v) for v in verbs.values())
    m = sum(len(v) for v in pairs.values())
    print(f"wrote {args.out}: {n} verbs, {m} verb+particle rules", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
