"""Fetch panel texts that are missing from eval/panel/texts (they are never
committed), where a network allows it.

    python eval/panel/fetch.py [--force]

Each text was stored as the search tool's stored copy of the page (an
excerpt from its beginning). A page fetched again is cleaned with
trafilatura and cut to the stored length; it is accepted only if its hash
equals the record's ``text_sha256`` (the gold offsets refer to those exact
characters). Otherwise it is written beside as ID.fetched.txt for a person to
compare, and the article is left out of the score (``flashpoint eval
--panel`` names it as missing).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent


def fetch(url: str, timeout: float = 20.0) -> str | None:
    import trafilatura

    req = urllib.request.Request(url, headers={"User-Agent": "flashpoint-panel/1.0"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (the panel's own URLs)
        html = resp.read(5_000_000).decode("utf-8", "replace")
    return trafilatura.extract(html, favor_precision=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--force", action="store_true", help="fetch even when the text is present")
    args = ap.parse_args()
    texts = HERE / "texts"
    texts.mkdir(exist_ok=True)
    missing = ok = 0
    for line in (HERE / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        path = texts / f"{rec['id']}.txt"
        if path.exists() and not args.force:
            continue
        missing += 1
        try:
            text = fetch(rec["url"])
        except Exception as exc:  # network, HTTP or decoding errors: report and go on
            print(f"{rec['id']}: cannot fetch {rec['url']} ({exc.__class__.__name__}: {exc})", file=sys.stderr)
            continue
        if not text:
            print(f"{rec['id']}: no article text at {rec['url']}", file=sys.stderr)
            continue
        cut = text[: rec.get("n_chars", len(text))]
        if hashlib.sha256(cut.encode("utf-8")).hexdigest() == rec.get("text_sha256"):
            path.write_text(cut, encoding="utf-8")
            ok += 1
        else:
            (texts / f"{rec['id']}.fetched.txt").write_text(text, encoding="utf-8")
            print(f"{rec['id']}: fetched text differs from the stored copy; saved as {rec['id']}.fetched.txt", file=sys.stderr)
    print(f"{missing} missing, {ok} fetched and verified")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
