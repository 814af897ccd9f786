"""Print the character offsets of a phrase in a panel text, for writing gold.

    python eval/panel/locate.py eval/panel/texts/p01.txt "shelled the town" [--nth N]

Prints `start end` of the N-th occurrence (1 by default) and the sentence
around it, so an annotator can check that the span sits in the right sentence.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("text_file", type=Path)
    parser.add_argument("phrase")
    parser.add_argument("--nth", type=int, default=1)
    args = parser.parse_args()
    text = args.text_file.read_text(encoding="utf-8")
    start = -1
    for _ in range(args.nth):
        start = text.find(args.phrase, start + 1)
        if start < 0:
            print(f"not found: {args.phrase!r} (occurrence {args.nth})", file=sys.stderr)
            return 1
    end = start + len(args.phrase)
    left = max(m.end() for m in [re.match("", "")] + list(re.finditer(r"[.!?\n]\s", text[:start])))
    right_match = re.search(r"[.!?\n](\s|$)", text[end:])
    right = end + right_match.end() if right_match else len(text)
    print(start, end)
    print("sentence:", text[left:right].strip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
