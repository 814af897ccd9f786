"""Output for people and for programs: tables that fit the terminal (or 80
columns when piped), JSON, JSON Lines and CSV.

Tables never break a code or a word across lines: short columns do not wrap,
and the one long column (a sentence, a subject) is shortened with "…" to the
room that is left. Below ``WIDE`` columns an article's events are listed in
two lines each instead of a table, so that the sentence keeps a readable
width.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any, Iterable, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

FORMATS = ("table", "json", "jsonl", "csv")
WIDE = 120
STATUS_STYLE = {"asserted": "green", "planned": "cyan", "hypothetical": "magenta", "negated": "red"}
# one event as a CSV row: the contract's fields, nested records flattened
EVENT_COLUMNS = ("article_id", "published", "id", "type", "mode", "quad", "intensity", "status", "source_code", "source_text",
                 "source_sector", "target_code", "target_text", "target_sector", "date", "date_precision", "date_text",
                 "place_name", "place_country", "place_lat", "place_lon", "mentions", "sentence_index", "sentence", "evidence")


def json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def json_line(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=json_default)


def shorten(text: str, width: int) -> str:
    """``text`` on one line, cut at a word with "…" when longer than ``width``."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[: max(width - 1, 1)]
    if " " in cut[width // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


class CsvOut:
    """CSV rows to a text stream, the header written once, before the first row."""

    def __init__(self, sink: Any, columns: Sequence[str]) -> None:
        self.writer = csv.DictWriter(sink, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
        self.started = False

    def write(self, row: dict) -> None:
        if not self.started:
            self.writer.writeheader()
            self.started = True
        self.writer.writerow({k: _csv_cell(v) for k, v in row.items()})


def _csv_cell(v: Any) -> Any:
    if isinstance(v, (list, tuple, dict)):
        return json.dumps(v, ensure_ascii=False)
    return v


def csv_text(rows: Iterable[dict], columns: Sequence[str]) -> str:
    buf = io.StringIO()
    w = CsvOut(buf, columns)
    for r in rows:
        w.write(r)
    return buf.getvalue()


def event_rows(d: dict) -> Iterable[dict]:
    """The events of one article (the contract's dict) as flat rows."""
    art = d["article"]
    for e in d["events"]:
        row = {"article_id": art["id"], "published": art["published"]}
        for k, v in e.items():
            if isinstance(v, dict) and k in ("source", "target", "place"):
                row.update({f"{k}_{kk}": vv for kk, vv in v.items()})
            else:
                row[k] = v
        yield row


def _actor(a: dict | None) -> str:
    if not a:
        return "-"
    return a["code"] + (f"/{a['sector']}" if a.get("sector") else "")


def print_article(console: Console, d: dict) -> None:
    """One article's events, claims and places, to fit ``console.width``."""
    art = d["article"]
    width = console.width
    when = art["published"] or "no date: relative dates left unresolved"
    console.rule(Text(shorten(f"{art['title'] or art['id']}  ({when})", max(width - 6, 10)), style="bold"))
    events = d["events"]
    if width >= WIDE:
        t = Table(title=f"{len(events)} events", expand=True)
        for col in ("type", "mode", "status", "source", "target", "date", "place", "n"):
            t.add_column(col, no_wrap=True)
        t.add_column("sentence", no_wrap=True, overflow="ellipsis", ratio=1)
        for e in events:
            t.add_row(e["type"], e["mode"] or "", Text(e["status"], style=STATUS_STYLE[e["status"]]), _actor(e["source"]),
                      _actor(e["target"]), e["date"] or e.get("date_text") or "", (e["place"] or {}).get("name", ""),
                      str(e["mentions"]), " ".join(e["sentence"].split()))
        console.print(t)
    else:
        console.print(Text(f"{len(events)} events", style="italic"))
        for e in events:
            head = Text()
            head.append(f"{e['type']:<10} ", style="bold")
            head.append(f"{e['status']:<12} ", style=STATUS_STYLE[e["status"]])
            place = (e["place"] or {}).get("name")
            rest = (f"{_actor(e['source'])} -> {_actor(e['target'])}  {e['date'] or e.get('date_text') or '?'}"
                    + (f"  {e['mode']}" if e["mode"] else "") + (f"  at {place}" if place else "")
                    + (f"  x{e['mentions']}" if e["mentions"] > 1 else ""))
            head.append(shorten(rest, max(width - 24, 10)))
            console.print(head, no_wrap=True, overflow="ellipsis")
            console.print("    " + shorten(e["sentence"], width - 4), no_wrap=True, highlight=False, style="dim")
    if d["claims"]:
        c = Table(title=f"{len(d['claims'])} claims", expand=True)
        c.add_column("value", no_wrap=True, overflow="ellipsis", max_width=34)
        c.add_column("claimant", no_wrap=True, overflow="ellipsis", max_width=22)
        if width >= WIDE:
            c.add_column("status", no_wrap=True)
        c.add_column("subject", no_wrap=True, overflow="ellipsis", ratio=1)
        for cl in d["claims"]:
            value = f"{claim_value(cl['qualifier'], cl['value'])} {cl['unit']}"
            if width < WIDE and cl["status"] != "asserted":
                value += f" ({cl['status']})"
            cells = [value, cl["claimant_phrase"] or "-"] + ([cl["status"]] if width >= WIDE else [])
            c.add_row(*cells, " ".join(cl["subject"].split()))
        console.print(c)
    if d["places"]:
        listed = ", ".join(f"{p['name']} ({p['country'] or '?'}{'' if p['lat'] is not None else ', unresolved'}) x{p['mentions']}"
                           for p in d["places"])
        console.print("places: " + listed, highlight=False)


def claim_value(qualifier: str | None, v: Any) -> str:
    val = f"{v[0]:,}–{v[1]:,}" if isinstance(v, (tuple, list)) else f"{v:,}"
    return (qualifier + " " if qualifier else "") + val
