"""Show a golden diff event by event, with each changed event's sentence.

    python scripts/golden_review.py            # against the committed goldens

Run after `./dev test --update-golden` (or `pytest tests/test_golden.py
--update-golden`) and before committing: every added (+) or removed (-) event
is printed under its sentence, so the diff can be judged one event at a time.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    changed = subprocess.run(["git", "diff", "--name-only", "--", "tests/golden"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    if not changed:
        print("no golden file changed")
        return 0
    from flashpoint import RawArticle, to_dict  # noqa: F401
    from flashpoint.inputs import iter_inputs
    from flashpoint.pipeline import Pipeline

    pipe = Pipeline()
    for name in changed:
        old = json.loads(subprocess.run(["git", "show", f"HEAD:{name}"], cwd=ROOT, capture_output=True, text=True).stdout or "[]")
        new = json.loads((ROOT / name).read_text(encoding="utf-8"))
        sample = ROOT / "samples" / Path(name).name[: -len(".json")]
        results = [r for r in pipe.run(iter_inputs([str(sample)], published="2022-02-23")) if hasattr(r, "article")]
        print(f"== {sample.name}")
        for k, (o, n) in enumerate(zip(old, new)):
            # a sentence index that only moved (a dateline became its own
            # segment) is no change; compare the events without it
            def bare(e: str) -> str:
                return re.sub(r" @\d+", "", e)

            old_bare = [bare(e) for e in o.get("events", [])]
            new_bare = [bare(e) for e in n.get("events", [])]
            gone = [e for e in o.get("events", []) if bare(e) not in new_bare]
            added = [e for e in n.get("events", []) if bare(e) not in old_bare]
            sents = {}
            if k < len(results):
                sents = {e.sentence_index: e.sentence for e in results[k].events}
            for sign, lines in (("-", gone), ("+", added)):
                for line in lines:
                    m = re.search(r"@(\d+)", line)
                    sent = sents.get(int(m.group(1)), "") if m and sign == "+" else "(old sentence index)"
                    print(f"{sign} {line}\n      {sent[:220]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
