#!/usr/bin/env python3
"""Build src/flashpoint/data/classifier/gold_fingerprints.npz from PLOVER's
gold standard records, so that training data can be checked against them
without the records' text (see src/flashpoint/learn/overlap.py).

Usage:
    python scripts/build_gold_fingerprints.py PLOVER_GSR_CAMEO.txt [--dev eval/plover_gsr_dev.jsonl]

PLOVER_GSR_CAMEO.txt is gold_standard_records/PLOVER_GSR_CAMEO.txt of
github.com/openeventdata/PLOVER (CC BY-SA 4.0), e.g. from a clone:
    git -C PLOVER show HEAD:gold_standard_records/PLOVER_GSR_CAMEO.txt > PLOVER_GSR_CAMEO.txt
Only fingerprints (crc32 of each record's content words), the record ids and
whether each record is in this project's development set are written.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from flashpoint.learn.overlap import fingerprint, pack
from flashpoint.resources import data_path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("records", type=Path)
    ap.add_argument("--dev", type=Path, default=Path("eval/plover_gsr_dev.jsonl"))
    ap.add_argument("--out", type=Path, default=data_path("classifier/gold_fingerprints.npz"))
    args = ap.parse_args()
    records = [r for r in json.loads(args.records.read_text(encoding="utf-8")) if r.get("text")]
    dev_ids = {json.loads(line)["id"] for line in args.dev.read_text(encoding="utf-8").splitlines() if line.strip()}
    missing = dev_ids - {r["id"] for r in records}
    if missing:
        raise SystemExit(f"{args.dev}: {len(missing)} development records are not in {args.records}")
    np.savez_compressed(args.out, **pack(fingerprint(r["text"]) for r in records),
                        ids=np.array([r["id"] for r in records]),
                        in_dev=np.array([r["id"] in dev_ids for r in records]))
    print(f"{args.out}: {len(records)} gold records, {len(dev_ids)} of them in the development set")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
