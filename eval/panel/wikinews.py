"""Restore the panel's Wikinews texts (parts ``wiki`` and ``wiki_held``) from
a local git copy of the public repository that holds them.

    python eval/panel/wikinews.py GIT_DIR

GIT_DIR is a clone (or bare snapshot) of github.com/vanatteveldt/wikinews,
whose ``data/wikinews_YYYY.csv`` files hold English Wikinews articles
(CC BY 2.5; url, date, title, text). A record names its file, the commit and
the article's url there (``source``); its text is the title, a blank line and
the body, exactly as in the CSV. A text is written to ``texts/ID.txt`` only if
its hash equals the record's ``text_sha256``, so the gold offsets hold.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def panel_text(title: str, body: str) -> str:
    """The text the gold's offsets refer to: the headline, a blank line, the body."""
    return title.strip() + "\n\n" + body


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("git_dir", type=Path, help="a git copy of vanatteveldt/wikinews")
    args = ap.parse_args()
    csv.field_size_limit(10**8)
    tables: dict[tuple[str, str], dict[str, dict]] = {}
    (HERE / "texts").mkdir(exist_ok=True)
    bad = 0
    for line in (HERE / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        src = rec.get("source")
        if not src or src.get("repo") != "vanatteveldt/wikinews":
            continue
        key = (src["commit"], src["path"])
        if key not in tables:
            shown = subprocess.run(["git", f"--git-dir={args.git_dir}", "show", f"{key[0]}:{key[1]}"],
                                   capture_output=True, text=True)
            if shown.returncode != 0:
                print(f"{rec['id']}: {key[1]} at {key[0][:10]} not in {args.git_dir}: {shown.stderr.strip()}", file=sys.stderr)
                bad += 1
                continue
            tables[key] = {row["url"]: row for row in csv.DictReader(io.StringIO(shown.stdout))}
        row = tables[key].get(src["url"])
        if row is None:
            print(f"{rec['id']}: no article {src['url']} in {key[1]}", file=sys.stderr)
            bad += 1
            continue
        text = panel_text(row["title"], row["text"])
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != rec["text_sha256"]:
            print(f"{rec['id']}: the text differs from the one the gold was written on", file=sys.stderr)
            bad += 1
            continue
        (HERE / "texts" / f"{rec['id']}.txt").write_text(text, encoding="utf-8")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
