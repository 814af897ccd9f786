"""Is coding linear in an article's length? Codes one long article and the
same text cut into ten articles of a tenth of the length, and prints both
times and their ratio (linear: about 1; quadratic: about 10). Exits 1 at a
ratio of 10 or more.

The text is the bundled sample articles, each paragraph given a distinct
prefix so that the cleaner does not drop the copies as repeats.

    .venv/bin/python scripts/linear_check.py --chars 1000000    # 1 MB against ten 100 kB (minutes)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus(chars: int) -> str:
    base = [p for f in sorted((ROOT / "samples").glob("*.txt")) for p in f.read_text().split("\n\n") if p.strip()]
    out, n, k = [], 0, 0
    while n < chars:
        para = f"Update {k // len(base)}-{k % len(base)}: {base[k % len(base)].strip()}"
        out.append(para)
        n += len(para) + 2
        k += 1
    return "\n\n".join(out)[:chars].rsplit(".", 1)[0] + "."


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--chars", type=int, default=1_000_000, help="length of the long article")
    ap.add_argument("--parts", type=int, default=10, help="how many articles the short run cuts it into")
    args = ap.parse_args()

    from flashpoint.inputs import RawArticle
    from flashpoint.model import ErrorRecord
    from flashpoint.pipeline import Pipeline

    pipe = Pipeline(time_budget=None)
    text = corpus(args.chars)
    paras = text.split("\n\n")
    step = -(-len(paras) // args.parts)
    parts = ["\n\n".join(paras[i:i + step]) for i in range(0, len(paras), step)]

    def code(texts: list[str]) -> float:
        t0 = time.perf_counter()
        out = list(pipe.run(RawArticle(f"a{k}", t, None, "2022-02-23") for k, t in enumerate(texts)))
        bad = [o for o in out if isinstance(o, ErrorRecord)]
        if bad:
            raise SystemExit(f"not coded: {bad}")
        return time.perf_counter() - t0

    code(parts[:1])  # model and tables loaded
    short = code(parts)
    long = code([text])
    ratio = long / short
    print(f"{len(parts)} articles of ~{len(text) // len(parts):,} chars: {short:.1f} s; one of {len(text):,} chars: "
          f"{long:.1f} s; ratio {ratio:.2f}")
    return 0 if ratio < 10 else 1


if __name__ == "__main__":
    sys.exit(main())
