"""Scoring the coder against a PLOVER gold standard file (JSON Lines with
``text``, ``date``, ``event_2021`` or ``event``, ``source`` and ``target``).

Each gold record is one sentence with one event. The coder's answer for a
sentence is its *main* event: the one whose trigger sits highest in the parse
(lowest ``clause_depth``), asserted before other statuses. Per-type precision,
recall and F1 are computed over these single labels, so an extra event in a
sentence never counts in the coder's favour. ``type_recall`` is the share of
sentences whose main event has the gold type; ``type_source`` the share where
the source code matches one of the gold sources as well. ``any_recall``
(gold type among all events of the sentence) is reported for information.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .inputs import RawArticle
from .model import Event

# Gold codes that name the same actor differently (old or generic codes).
CODE_ALIASES = {
    "JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "GMY": "DEU", "UK": "GBR", "YUG": "SRB", "SER": "SRB", "ROM": "ROU",
    "ZAR": "COD", "BUR": "MMR", "PAL": "PSE", "RUM": "ROU", "TMP": "TLS", "DRC": "COD",
}
# Generic codes: the gold set files all international and non-governmental
# bodies under IGO (the Red Cross, Amnesty International, the UN alike).
IGO_CODES = {"UN", "EU", "NATO", "OSCE", "G7", "G20", "AU", "ARL", "CSTO", "ASEAN", "IMF", "WB", "ICC", "IGO", "NGO"}


def norm_code(code: str | None) -> str | None:
    if not code:
        return None
    code = code.upper()
    code = CODE_ALIASES.get(code, code)
    return "IGO" if code in IGO_CODES else code


def gold_type(rec: dict) -> str:
    return rec.get("event_2021") or rec["event"]


def gold_codes(actors) -> set[str]:
    if not isinstance(actors, list):
        return set()
    return {c for c in (norm_code(a.get("code")) for a in actors if isinstance(a, dict)) if c}


def main_event(events: list[Event]) -> Event | None:
    if not events:
        return None
    order = {"asserted": 0, "planned": 1, "hypothetical": 2, "negated": 3}
    return min(events, key=lambda e: (e.clause_depth, order.get(e.status, 9), e.sentence_index))


@dataclass
class EvalReport:
    n: int = 0
    per_type: dict[str, dict] = field(default_factory=dict)
    type_recall: float = 0.0
    type_source: float = 0.0
    any_recall: float = 0.0
    no_event: int = 0
    errors: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"n": self.n, "type_recall": round(self.type_recall, 4), "type_source": round(self.type_source, 4),
                "any_recall": round(self.any_recall, 4), "no_event": self.no_event, "per_type": self.per_type}


def evaluate(path: str | Path, pipeline) -> EvalReport:
    records = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    raws = [RawArticle(f"{path}:{k + 1}", text=r["text"], published=r.get("date") or "2000-01-01", id=r.get("id") or str(k))
            for k, r in enumerate(records)]
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    support: Counter = Counter()
    hits = hits_src = any_hits = no_event = 0
    report = EvalReport(n=len(records))
    for rec, result in zip(records, pipeline.run(raws)):
        gold = gold_type(rec)
        support[gold] += 1
        events = list(getattr(result, "events", []))
        main = main_event(events)
        pred = main.type if main else None
        if pred is None:
            no_event += 1
        if pred == gold:
            tp[gold] += 1
            hits += 1
            if norm_code(main.source.code) in gold_codes(rec.get("source")):
                hits_src += 1
        else:
            fn[gold] += 1
            if pred:
                fp[pred] += 1
            report.errors.append({"id": rec.get("id"), "gold": gold, "pred": pred, "text": rec["text"],
                                  "events": [f"{e.type}/{e.status} {e.source.code}->{e.target.code if e.target else None} ({e.evidence})" for e in events]})
        if any(e.type == gold for e in events):
            any_hits += 1
    for t in sorted(set(support) | set(fp)):
        p = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 0.0
        r = tp[t] / support[t] if support[t] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        report.per_type[t] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "support": support[t]}
    n = max(len(records), 1)
    report.type_recall = hits / n
    report.type_source = hits_src / n
    report.any_recall = any_hits / n
    report.no_event = no_event
    return report
