"""Stage 9, merge: the same event or claim told more than once in one
article (a repeated caption, a bullet summary, a restating paragraph) becomes
one record whose ``mentions`` counts the tellings."""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from ..model import Claim, Event

RANK = {"asserted": 0, "planned": 1, "hypothetical": 2, "negated": 3}


def _event_key(e: Event) -> tuple:
    return (e.type, e.source.code, e.target.code if e.target else None, e.status)


def merge_events(events: Iterable[tuple[Event, int]], published: str) -> list[Event]:
    """Events in order of first telling. Two tellings merge when type, source,
    target and status agree and their dates agree, or one of them only has
    the publication date (a summary bullet rarely repeats the date)."""
    merged: list[Event] = []
    for ev, copies in events:
        ev = replace(ev, mentions=copies)
        for k, m in enumerate(merged):
            if _event_key(m) != _event_key(ev):
                continue
            if m.date != ev.date and m.date_precision != "publication" and ev.date_precision != "publication":
                continue
            keep_date = m if m.date_precision != "publication" else ev
            also = m.also_in + ((ev.sentence_index,) if ev.sentence_index != m.sentence_index else ())
            merged[k] = replace(m, mentions=m.mentions + ev.mentions, also_in=also, date=keep_date.date,
                                date_precision=keep_date.date_precision, date_text=keep_date.date_text,
                                mode=m.mode or ev.mode, place=m.place or ev.place,
                                target=m.target if m.target is not None else ev.target)
            break
        else:
            merged.append(ev)
    return merged


def merge_claims(claims: Iterable[tuple[Claim, int]]) -> list[Claim]:
    merged: list[Claim] = []
    index: dict[tuple, int] = {}
    for cl, copies in claims:
        key = (str(cl.value), cl.unit, cl.claimant.code if cl.claimant else cl.claimant_text, cl.status)
        if key in index:
            k = index[key]
            merged[k] = replace(merged[k], mentions=merged[k].mentions + copies)
        else:
            index[key] = len(merged)
            merged.append(replace(cl, mentions=copies))
    return merged
