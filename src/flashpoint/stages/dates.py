"""Stage 6, dates: resolve the date words of a sentence against the
publication date ("on Tuesday", "last month", "in June", "in 2014").

Past-tense and asserted events look back from the publication date, planned
ones look forward ("on Tuesday" in a story about next week's talks).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Callable

from ..resources import load_toml
from . import register_stage
from .lookups import sentence_ents

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
WEEKDAYS.update({d.lower(): i for i, d in enumerate(calendar.day_abbr)})

_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
RE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
RE_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}}))?\b", re.I)
RE_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
RE_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{4}})\b", re.I)
RE_MONTH = re.compile(rf"\b{_MONTH}\b", re.I)
RE_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
RE_WEEKDAY = re.compile(r"\b(?:(last|next|this|on)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
RE_REL = re.compile(r"\b(today|tonight|yesterday|tomorrow|overnight|(?:last|next|this|past)\s+(?:week|month|year|weekend)|(\w+|\d+)\s+(days?|weeks?|months?|years?)\s+(ago|earlier|later))\b", re.I)
NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 3, "few": 3}


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_shift(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, 1)


def resolve_date(text: str, published: date | None, *, forward: bool = False) -> tuple[date, str] | None:
    """(date, precision) for a date expression, or None when it names none.
    precision is ``day``, ``month`` or ``year``. Without a publication date
    only an absolute date resolves ("7 December 2021", "June 2014", "in
    2014"); "on Monday" or "last month" are then left unresolved."""
    t = text.strip()
    low = t.lower()
    if published is None:
        return _resolve_absolute(t)
    if re.search(r"\b(last|ago|earlier|previous|past)\b", low):
        forward = False
    found = _calendar_date(t, lambda year, month, day: int(year) if year else _infer_year(published, month, day, forward))
    if found:
        return found
    m = RE_WEEKDAY.search(t)
    if m:
        which, wd = (m[1] or "").lower(), WEEKDAYS[m[2].lower()]
        delta = (published.weekday() - wd) % 7
        if which == "next" or (forward and which != "last"):
            ahead = (wd - published.weekday()) % 7 or 7
            return published + timedelta(days=ahead), "day"
        if which == "last" and delta == 0:
            delta = 7
        return published - timedelta(days=delta), "day"
    m = RE_REL.search(t)
    if m:
        w = m[1].lower()
        if w in ("today", "tonight"):
            return published, "day"
        if w in ("yesterday", "overnight"):
            return published - timedelta(days=1), "day"
        if w == "tomorrow":
            return published + timedelta(days=1), "day"
        parts = w.split()
        if parts[0] in ("last", "past", "next", "this"):
            step = {"last": -1, "past": -1, "next": 1, "this": 0}[parts[0]]
            unit = parts[1]
            if unit in ("week", "weekend"):
                monday = published - timedelta(days=published.weekday())
                return monday + timedelta(weeks=step), "week" if unit == "week" else "day"
            if unit == "month":
                return _month_shift(published.replace(day=1), step), "month"
            if unit == "year":
                return date(published.year + step, 1, 1), "year"
        if m[2]:
            n = NUMBER_WORDS.get(m[2].lower()) or (int(m[2]) if m[2].isdigit() else None)
            if n:
                unit = m[3].lower().rstrip("s")
                sign = -1 if m[4].lower() in ("ago", "earlier") else 1
                if unit == "day":
                    return published + timedelta(days=sign * n), "day"
                if unit == "week":
                    return published + timedelta(weeks=sign * n), "day"
                if unit == "month":
                    return _month_shift(published.replace(day=1), sign * n), "month"
                if unit == "year":
                    return date(published.year + sign * n, 1, 1), "year"
    m = RE_MONTH.search(t)
    if m and not re.fullmatch(r"may", m[1], re.I) or (m and re.search(r"\b(in|since|until|by|last|next|early|late|mid)[- ]+may\b", low)):
        month = _month(m[1])
        if month:
            year = _infer_year(published, month, None, forward)
            if "last" in low and year == published.year and month >= published.month:
                year -= 1
            return date(year, month, 1), "month"
    m = RE_YEAR.search(t)
    if m:
        return date(int(m[1]), 1, 1), "year"
    return None


def _month(name: str) -> int | None:
    """A month's number from its name or abbreviation ("Sept.", "June", "dec")."""
    return MONTHS.get(name.lower().rstrip(".")[:3])


def _calendar_date(t: str, year_for: Callable[[str | None, int, int | None], int | None]) -> tuple[date, str] | None:
    """An ISO date, a day with its month, or a month with its year in ``t``.
    ``year_for(the year written or None, month, day)`` gives a day-and-month's
    year, or None where it cannot be known."""
    m = RE_ISO.search(t)
    if m:
        d = _safe(int(m[1]), int(m[2]), int(m[3]))
        if d:
            return d, "day"
    for rx, order in ((RE_DAY_MONTH, "dm"), (RE_MONTH_DAY, "md")):
        m = rx.search(t)
        if m:
            day, mon = (int(m[1]), m[2]) if order == "dm" else (int(m[2]), m[1])
            month = _month(mon)
            if month and 1 <= day <= 31:
                year = year_for(m[3], month, day)
                d = _safe(year, month, day) if year else None
                if d:
                    return d, "day"
    m = RE_MONTH_YEAR.search(t)
    if m:
        month = _month(m[1])
        if month:
            return date(int(m[2]), month, 1), "month"
    return None


def _resolve_absolute(t: str) -> tuple[date, str] | None:
    """A date expression that names its year (needs no publication date)."""
    found = _calendar_date(t, lambda year, month, day: int(year) if year else None)
    if found:
        return found
    # "in 2014" is absolute; "two years ago" or "last year" is not
    if RE_REL.search(t) or re.search(r"\b(last|next|this|past|ago|earlier|later)\b", t, re.I):
        return None
    m = RE_YEAR.search(t)
    if m:
        return date(int(m[1]), 1, 1), "year"
    return None


def _infer_year(published: date, month: int, day: int | None, forward: bool) -> int:
    """A month (or day) without a year: the nearest one in the event's
    direction, looking back from the publication date unless ``forward``."""
    when, now = (month, day or 0), (published.month, published.day if day else 0)
    if forward:
        return published.year + (1 if when < now else 0)
    return published.year - (1 if when > now else 0)


# -- dating events (the "dates" stage) ------------------------------------------------------


@register_stage("dates", reads=("candidates", "pub"), writes=("candidates",))
def date_events(state, ctx) -> None:
    """Each candidate's date: its own date words resolved against the
    publication date (forward for planned and hypothetical events), else the
    publication date."""
    for _, c in state.candidates:
        c.when, c.date_precision, c.date_text = event_date(c, c.anchor.sent, state.pub)
        if (c.status == "asserted" and state.pub is not None and c.date_text and c.date_precision in ("day", "week")
                and c.when > state.pub.isoformat() and c.anchor.tag_ not in ("VBD", "VBN")):
            # "negotiators meet in Istanbul tomorrow", "talks next week": an
            # act dated after the publication has not happened yet
            c.status = "planned"
            c.rule += f"; status planned (dated after the publication: '{c.date_text}')"


@lru_cache(maxsize=1)
def _event_heads() -> frozenset:
    return frozenset(load_toml("dates.toml")["event_heads"])


def event_date(c, sent, pub: date | None) -> tuple[str | None, str | None, str | None]:
    """(date, precision, the date words) of a candidate. Without a publication
    date (``pub`` None) an event the text does not date absolutely has no
    date, but keeps its date words."""
    from .events import REPORT_VERBS

    # no date words in an undated article: dated by a publication date that is unknown
    undated: tuple[str | None, str | None, str | None] = (None, "publication", None)

    dates = [e for e in sentence_ents(sent) if e.label_ == "DATE"]
    forward = c.status in ("planned", "hypothetical")
    if c.derived_from is not None:
        # a statement of intent is dated when it is made, not by what it announces
        content = _own_clause(c.anchor) if c.anchor is not c.trigger else {c.trigger.i}
        dates = [e for e in dates if e.root.i not in content and e.root.i not in {t.i for t in c.anchor.subtree}]
        if not dates:
            return (pub.isoformat(), "publication", None) if pub else undated
    subtree = _own_clause(c.anchor)
    # Only date words that modify a verb (or the event noun) count: "on
    # Tuesday", "in 2014", "last week" - not a date inside a noun phrase ("a
    # 1997 treaty"). A date on a reporting verb ("officials said on Monday")
    # dates the report, and the event only when the event is the report.
    dates = [e for e in dates if _adverbial(e)]
    lone = [e for e in dates if (e.sent.doc[_clause_verb(e.root)].lemma_ not in REPORT_VERBS or _clause_verb(e.root) == c.anchor.i)
            and _clause_verb(e.root) in {c.anchor.i, *(a.i for a in c.anchor.ancestors)}]
    own = sorted((e for e in dates if e.root.i in subtree), key=lambda e: not re.search(r"\d", e.text))
    ordered = own + (lone[:1] if len(dates) == 1 and c.status == "asserted" else [])
    for ent in ordered:
        r = resolve_date(ent.text, pub, forward=forward)
        if r is not None:
            return r[0].isoformat(), r[1], ent.text
    if pub is None:
        return (None, None, ordered[0].text) if ordered else undated
    return pub.isoformat(), "publication", None


def _adverbial(ent) -> bool:
    root = ent.root
    if root.dep_ in ("npadvmod", "tmod", "advmod", "nsubj", "ROOT", "dobj", "appos", "conj"):
        return root.dep_ != "dobj" or root.head.pos_ == "VERB"
    if root.dep_ == "pobj":
        prep = root.head
        return prep.head.pos_ in ("VERB", "AUX") or prep.head.lemma_.lower() in _event_heads()
    return False


def _clause_verb(tok) -> int:
    for a in [tok, *tok.ancestors]:
        if a.pos_ in ("VERB", "AUX"):
            return a.i
    return -1


def _own_clause(anchor) -> set[int]:
    """Tokens of the anchor's clause, without clauses nested in it (a
    relative clause's "in February" dates its own verb, not the anchor)."""
    out: set[int] = set()
    stack = [anchor]
    while stack:
        t = stack.pop()
        out.add(t.i)
        for ch in t.children:
            if ch.dep_ in ("relcl", "ccomp", "advcl", "acl", "conj", "parataxis") and ch.pos_ in ("VERB", "AUX"):
                continue
            stack.append(ch)
    return out
