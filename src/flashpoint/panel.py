"""Scoring the coder on the real-text panel (``eval/panel``).

The panel's gold is exhaustive: every event an analyst would code is listed,
so an output event that matches no gold event is wrong and precision is a
measured number. An output event is paired with a gold event told in the same
sentence (one of the gold spans lies inside one of the event's sentence
spans); pairs are made one to one, best agreement first, so a second telling
of an event already matched counts as wrong. Per field (type, source, target,
status) precision is the share of output events right on that field; whole
precision needs all four. Recall is the share of non-optional gold events
found with the right type and status. Claims and places are scored the same
way: an output the gold does not list is wrong.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from .evaluate import CODE_ALIASES
from .inputs import RawArticle
from .model import ArticleResult

FIELDS = ("type", "source", "target", "status")


def load_panel(folder: str | Path) -> list[dict]:
    """The panel's gold records: ``articles.jsonl``, else every ``parts/*.jsonl``."""
    folder = Path(folder)
    files = [folder / "articles.jsonl"] if (folder / "articles.jsonl").exists() else sorted((folder / "parts").glob("*.jsonl"))
    records = []
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{f}:{n}: not a JSON record ({exc.msg})") from None
    return sorted(records, key=lambda r: r["id"])


def panel_text(folder: str | Path, rec: dict) -> str | None:
    """The article's text from ``texts/ID.txt`` when present and unchanged."""
    path = Path(folder) / "texts" / f"{rec['id']}.txt"
    if not path.exists():
        return None
    data = path.read_bytes()
    if rec.get("text_sha256") and hashlib.sha256(data).hexdigest() != rec["text_sha256"]:
        return None
    return data.decode("utf-8")


def _code(code: str | None) -> str | None:
    if not code:
        return None
    code = code.upper()
    return CODE_ALIASES.get(code, code)


def _codes(values: Iterable[Any]) -> set[str | None]:
    return {_code(v) if v else None for v in values}


def _overlap(a: Sequence[int], b: Sequence[int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _inside(span: Sequence[int], sent: Sequence[int]) -> bool:
    return sent[0] <= span[0] and span[1] <= sent[1]


@dataclass
class Tally:
    out: int = 0
    gold: int = 0
    right: dict[str, int] = field(default_factory=lambda: {f: 0 for f in (*FIELDS, "whole")})
    found: int = 0  # gold events found with type and status right
    found_whole: int = 0
    claims_out: int = 0
    claims_right: int = 0
    claims_gold: int = 0
    claims_found: int = 0
    claimant_right: int = 0
    places_out: int = 0
    places_right: int = 0
    places_gold: int = 0
    places_found: int = 0
    # the actors stage on its own: the gold events' doers among the article's actors
    actors_gold: int = 0
    actors_found: int = 0

    def add(self, other: "Tally") -> None:
        for k, v in vars(other).items():
            if isinstance(v, dict):
                for f, n in v.items():
                    self.right[f] += n
            else:
                setattr(self, k, getattr(self, k) + v)

    def figures(self) -> dict[str, float | int]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0

        out: dict[str, float | int] = {"events_out": self.out, "events_gold": self.gold}
        for f in (*FIELDS, "whole"):
            out[f"{f}_precision"] = ratio(self.right[f], self.out)
        out["recall_status"] = ratio(self.found, self.gold)
        out["recall_whole"] = ratio(self.found_whole, self.gold)
        out["claims_precision"] = ratio(self.claims_right, self.claims_out)
        out["claims_recall"] = ratio(self.claims_found, self.claims_gold)
        out["claimant_right"] = ratio(self.claimant_right, self.claims_found)
        out["places_precision"] = ratio(self.places_right, self.places_out)
        out["places_recall"] = ratio(self.places_found, self.places_gold)
        out["actors_recall"] = ratio(self.actors_found, self.actors_gold)
        return out


def _agreement(ev, g: dict) -> dict[str, bool]:
    types = {g["type"], *g.get("alt_types", [])}
    target = ev.target.code if ev.target is not None else None
    return {
        "type": ev.type in types,
        "source": _code(ev.source.code) in _codes(g.get("source", [])),
        "target": _code(target) in _codes(g.get("target", [None])),
        "status": ev.status == g.get("status", "asserted"),
    }


def relocate(rec: dict, raw: str, clean: str) -> dict:
    """The gold with every span moved from the raw text to the cleaned text
    (cleaning drops bylines and splits datelines, so offsets drift a little):
    each span's words found again in the cleaned text, the occurrence nearest
    to where they stood."""
    if raw == clean:
        return rec

    def move(span):
        s, e = span
        piece = raw[s:e]
        if not piece:
            return span
        best, k = None, clean.find(piece)
        while k >= 0:
            if best is None or abs(k - s) < abs(best - s):
                best = k
            k = clean.find(piece, k + 1)
        return [best, best + len(piece)] if best is not None else [-1, -1]

    out = dict(rec)
    out["events"] = [{**g, "spans": [move(sp) for sp in g["spans"]]} for g in rec.get("events", [])]
    out["claims"] = [{**c, "span": move(c["span"])} for c in rec.get("claims", [])]
    return out


def score_article(rec: dict, result: ArticleResult, raw: str | None = None) -> tuple[Tally, list[dict]]:
    """One article's tally and its itemised outcome (for --errors). ``raw``:
    the text the gold offsets refer to, when it differs from the cleaned text."""
    if raw is not None:
        rec = relocate(rec, raw, result.article.text)
    tally = Tally()
    items: list[dict] = []
    gold = rec.get("events", [])
    events = list(result.events)
    pairs = []
    for i, ev in enumerate(events):
        sents = [tuple(ev.span), *(tuple(s) for s in ev.also_in_spans)]
        for j, g in enumerate(gold):
            if any(_inside(tuple(gs), s) for gs in g["spans"] for s in sents):
                agree = _agreement(ev, g)
                weight = (4 * agree["type"] + 2 * agree["status"] + agree["source"] + agree["target"], -abs(ev.span[0] - g["spans"][0][0]))
                pairs.append((weight, i, j, agree))
    pairs.sort(key=lambda p: p[0], reverse=True)
    used_ev: dict[int, tuple[int, dict]] = {}
    used_gold: set[int] = set()
    for _, i, j, agree in pairs:
        if i in used_ev or j in used_gold:
            continue
        used_ev[i] = (j, agree)
        used_gold.add(j)
    tally.out = len(events)
    for i, ev in enumerate(events):
        tgt = ev.target.code if ev.target else None
        label = f"{ev.type}/{ev.status} {ev.source.code}->{tgt} '{ev.trigger}'"
        if i not in used_ev:
            items.append({"kind": "spurious", "event": label, "sentence": ev.sentence, "evidence": ev.evidence})
            continue
        j, agree = used_ev[i]
        for f in FIELDS:
            tally.right[f] += agree[f]
        whole = all(agree.values())
        tally.right["whole"] += whole
        if not whole:
            g = gold[j]
            items.append({"kind": "wrong " + ",".join(f for f in FIELDS if not agree[f]), "event": label,
                          "gold": _gold_label(g), "sentence": ev.sentence, "evidence": ev.evidence})
    for j, g in enumerate(gold):
        if g.get("optional"):
            continue
        tally.gold += 1
        hit = next((agree for i, (jj, agree) in used_ev.items() if jj == j), None)
        if hit and hit["type"] and hit["status"]:
            tally.found += 1
            tally.found_whole += all(hit.values())
        elif hit is None:
            items.append({"kind": "missed", "gold": _gold_label(g), "cue": g.get("cue"), "at": g["spans"][0]})
    _score_actors(rec, result, tally)
    _score_claims(rec, result, tally, items)
    _score_places(rec, result, tally, items)
    return tally, items


def _score_actors(rec: dict, result: ArticleResult, tally: Tally) -> None:
    """The actors stage apart from the events: of the states and bodies that
    do the gold events, how many the article's actor list names at all."""
    named = {_code(a.code) for a in result.actors}
    wanted = {_code(c) for g in rec.get("events", []) if not g.get("optional") for c in g.get("source", []) if c}
    tally.actors_gold += len(wanted)
    tally.actors_found += len(wanted & named)


def _gold_label(g: dict) -> str:
    return f"{g['type']}/{g.get('status', 'asserted')} {'|'.join(map(str, g.get('source', [])))}->{'|'.join(map(str, g.get('target', [None])))}"


def _value(v: Any) -> Any:
    return tuple(float(x) for x in v) if isinstance(v, (list, tuple)) else float(v)


def _score_claims(rec: dict, result: ArticleResult, tally: Tally, items: list[dict]) -> None:
    gold = rec.get("claims", [])
    tally.claims_gold += len(gold)
    tally.claims_out += len(result.claims)
    matched: set[int] = set()
    for c in result.claims:
        # the same number in the text: the value must agree, unless the gold
        # marks it vague ("dozens", "thousands"), where any reading is fair
        j = next((j for j, g in enumerate(gold) if j not in matched and _overlap(tuple(g["span"]), tuple(c.number_span))
                  and (g.get("vague") or _value(g["value"]) == _value(c.value))), None)
        if j is None:
            items.append({"kind": "spurious claim", "claim": f"{c.value} {c.unit}", "sentence": c.sentence})
            continue
        matched.add(j)
        tally.claims_right += 1
        tally.claims_found += 1
        claimant = c.claimant.code if c.claimant else None
        if _code(claimant) in _codes(gold[j].get("claimant", [None])):
            tally.claimant_right += 1
        else:
            items.append({"kind": "wrong claimant", "claim": f"{c.value} {c.unit}", "got": claimant,
                          "gold": gold[j].get("claimant")})
    for j, g in enumerate(gold):
        if j not in matched:
            items.append({"kind": "missed claim", "claim": g["value"], "at": g["span"]})


def _fold(name: str) -> str:
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    for prefix in ("the ",):
        if name.startswith(prefix):
            name = name[len(prefix):]
    return name.replace("-", " ").replace("'", "").strip()


def _score_places(rec: dict, result: ArticleResult, tally: Tally, items: list[dict]) -> None:
    gold = rec.get("places", [])
    by_name: dict[str, set[str | None]] = {}
    for g in gold:
        by_name.setdefault(_fold(g["name"]), set()).add(_code(g.get("country")))
    tally.places_gold += len(by_name)
    found: set[str] = set()
    for pl in result.places:
        tally.places_out += 1
        # its name, then the spellings the article used, in that order (a set
        # would make the verdict depend on the process's hash seed); gold that
        # lists two names of one place ("Karabakh", "Nagorno-Karabakh") has
        # both found by it
        names = list(dict.fromkeys(_fold(f) for f in (pl.name, *pl.forms)))
        hits = [n for n in names if n in by_name]
        right = [n for n in hits if _code(pl.country) in by_name[n]]
        hit = hits[0] if hits else None
        if right:
            tally.places_right += 1
            found.update(right)
        else:
            items.append({"kind": "wrong place" if hit else "spurious place", "place": f"{'/'.join(pl.forms or (pl.name,))} -> {pl.name} {pl.country}"})
    tally.places_found += len(found)
    for n in by_name:
        if n not in found:
            items.append({"kind": "missed place", "place": n})


@dataclass
class PanelReport:
    articles: list[dict]
    splits: dict[str, dict]
    missing: list[str]
    items: dict[str, list[dict]]


def evaluate_panel(folder: str | Path, pipeline, split: str = "all") -> PanelReport:
    """Code every panel article whose text is present and score it; ``split``
    picks ``dev``, ``aside`` or ``all``."""
    records = [r for r in load_panel(folder) if split == "all" or r.get("split", "dev") == split]
    present: list[tuple[dict, str | None]] = []
    missing: list[tuple[dict, str | None]] = []
    for r in records:
        text = panel_text(folder, r)
        (present if text is not None else missing).append((r, text))
    raws = [RawArticle(f"panel:{r['id']}", text=t, published=r["published"], id=r["id"], url=r.get("url"))
            for r, t in present]
    totals: dict[str, Tally] = {}
    rows, all_items = [], {}
    for (rec, raw), result in zip(present, pipeline.run(raws)):
        if not isinstance(result, ArticleResult):
            all_items[rec["id"]] = [{"kind": "error", "message": getattr(result, "message", str(result))}]
            continue
        tally, items = score_article(rec, result, raw)
        all_items[rec["id"]] = items
        rows.append({"id": rec["id"], "split": rec.get("split", "dev"), "crisis": rec.get("crisis"), **tally.figures()})
        for key in (rec.get("split", "dev"), "all"):
            totals.setdefault(key, Tally()).add(tally)
    return PanelReport(rows, {k: t.figures() for k, t in totals.items()}, [r["id"] for r, _ in missing], all_items)
