"""Stage 9, merge: the same event or claim told more than once in one
article (a repeated caption, a bullet summary, a restating paragraph) becomes
one record whose ``mentions`` counts the tellings."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Iterable

from ..model import STATUS_RANK as RANK
from ..model import Claim, Event
from . import register_stage
from .records import LISTED_ACT


def _event_key(e: Event) -> tuple:
    return (e.type, e.source.code, e.target.code if e.target else None, e.status)


def merge_events(events: Iterable[tuple[Event, int, bool]], published: str) -> list[Event]:
    """Events in order of first telling. Two tellings merge when type, source,
    target, status and mode (where both have one) agree and so do their dates;
    a telling in a summary bullet, which rarely repeats the date, merges with
    a dated telling in the body."""
    merged: list[Event] = []
    summary: dict[int, bool] = {}
    for ev, copies, in_summary in events:
        ev = replace(ev, mentions=copies)
        for k, m in enumerate(merged):
            if _event_key(m) != _event_key(ev):
                continue
            if m.mode and ev.mode and m.mode != ev.mode:
                continue
            if not _may_retell(m, ev, summary.get(k, False) or in_summary):
                continue
            # a retelling rarely repeats the date: an undated telling in a
            # summary bullet, or one in the same words, joins a dated one
            # (but one dated weeks or years before the publication, "Osama
            # was killed in 2011", is an older act, not the headline's; an
            # undated telling is always near it)
            near = _near_publication(m, published) and _near_publication(ev, published)
            undated = "publication" in (m.date_precision, ev.date_precision) and near
            if m.date != ev.date and not (
                    (summary.get(k) and m.date_precision == "publication" and near)
                    or (in_summary and ev.date_precision == "publication" and near)
                    or (undated and (_act_word(m) == _act_word(ev) or _names_earlier_act(ev)))):
                continue
            keep_date = m if m.date_precision != "publication" else ev
            other = ev.sentence_index != m.sentence_index and ev.sentence_index not in m.also_in
            also = m.also_in + ((ev.sentence_index,) if other else ())
            spans = m.also_in_spans + (((ev.span[0], ev.span[1]),) if other else ())
            merged[k] = replace(m, mentions=m.mentions + ev.mentions, also_in=also, also_in_spans=spans, date=keep_date.date,
                                date_precision=keep_date.date_precision, date_text=keep_date.date_text,
                                mode=m.mode or ev.mode, place=_finer_place(m, ev),
                                target=m.target if m.target is not None else ev.target)
            summary[k] = summary.get(k, False) and in_summary
            break
        else:
            summary[len(merged)] = in_summary
            merged.append(ev)
    return _fold_targetless(merged, published)


# the headline and the lede retell the story's acts; later sentences tell new ones
LEDE = 1
# the opening sentences retell the lede's act in other words ("hit by drone
# attacks" ... "drones struck the plant"); past them, an act of the same kind
# told in another word is another act ("tried to storm parliament" ... "the
# protesters clashed with police" ... "journalists were attacked")
OPENING = 5
# a telling dated this many days before the publication is an older act
RECENT_DAYS = 14
# one party's words to another told within this many sentences are one statement
STATEMENT_SPAN = 1


def _may_retell(first: Event, later: Event, in_summary: bool) -> bool:
    """Whether ``later`` may be a retelling of ``first`` rather than a new act
    of the same kind by the same parties: summary bullets retell the body; the
    headline and the lede retell what happens at their place; within the body
    a retelling uses the same word for the act ("the strike", "struck") and
    happens at the same place, while "troops killed six villagers ... a jet
    dropped bombs" are two acts."""
    if later.sentence_index == first.sentence_index and LISTED_ACT in first.evidence and LISTED_ACT in later.evidence \
            and first.trigger_span != later.trigger_span:
        return False  # "imposed a curfew and shut down the internet": two acts
    if in_summary or later.sentence_index in (first.sentence_index, *first.also_in):
        return True
    if _names_earlier_act(later):
        return True  # "the attack killed three people": its doer came from that earlier act
    if first.quad.startswith("verbal") and first.target is not None and later.target is not None \
            and abs(later.sentence_index - first.sentence_index) <= STATEMENT_SPAN and _quoted(later, first):
        # "the ministry criticized the US. 'China expresses its strong
        # dissatisfaction,' the statement said": one party's words to another,
        # told and then quoted in the next sentence, are one statement (a
        # second call told in narrative is another act)
        return True
    same_word = _act_word(first) == _act_word(later)
    if not _same_place(first, later) and not (same_word and first.sentence_index <= LEDE and _within(later, first)):
        # the lede's attack on Kyiv does not retell the attack on Odesa; the
        # headline's "Al-Shabaab attack in Somalia" does retell "the attack on
        # a base near Busley": the same word, a place inside the country
        return False
    if same_word:
        return True
    return min(first.sentence_index, later.sentence_index) <= LEDE \
        and max(first.sentence_index, later.sentence_index) <= OPENING


def _near_publication(e: Event, published: str | None) -> bool:
    """Whether the telling's date may be the publication's news: no date of
    its own, or one in the days (month, year) around the publication."""
    if e.date_precision in (None, "publication") or not published or not e.date:
        return True
    try:
        pub, when = date.fromisoformat(published[:10]), date.fromisoformat(e.date[:10])
    except ValueError:
        return True
    if e.date_precision == "year":
        return when.year == pub.year
    if e.date_precision == "month":
        return abs((pub.year * 12 + pub.month) - (when.year * 12 + when.month)) <= 1
    return -RECENT_DAYS <= (pub - when).days <= RECENT_DAYS


def _same_place(a: Event, b: Event) -> bool:
    """Places that may be one act's: the same place, or either unknown. (A
    country and a town in it are two: the lede's "attack on Ukraine" does not
    retell the strikes on Odesa the body tells.)"""
    if a.place is None or b.place is None or a.place.name == b.place.name:
        return True
    return False


def _finer_place(kept: Event, told: Event):
    """The place of two tellings of one act: the town a retelling names inside
    the country the first named ("attack on Ukraine ... in Kyiv" is in Kyiv)."""
    if kept.place is None or _within(told, kept) and told.place is not None and told.place.feature != "country":
        return told.place or kept.place
    return kept.place


def _quoted(*tellings: Event) -> bool:
    """Whether one of the tellings quotes the words."""
    return any(q in e.sentence for e in tellings for q in ('"', "“", "”"))


def _within(inner: Event, outer: Event) -> bool:
    """Whether ``inner``'s place lies in the country ``outer``'s place is."""
    return (inner.place is not None and outer.place is not None and outer.place.feature == "country"
            and inner.place.country is not None and inner.place.country == outer.place.country)


def _names_earlier_act(e: Event) -> bool:
    """An act named again ("the attack killed three", "the strike") whose doer
    was taken from its earlier telling: it retells that act."""
    return "earlier-named act" in e.evidence


def _act_word(e: Event) -> str:
    """The lemma of the word for the act (the evidence names it first:
    "verb 'strike' at 'struck'"), so "strikes" and "struck" agree."""
    found = re.search(r"'([^']+)'", e.evidence)
    return found.group(1).lower() if found else (e.trigger or "").lower()


def _fold_targetless(events: list[Event], published: str | None = None) -> list[Event]:
    """A second word for the same act in one sentence ("launched an
    offensive ..., killing commanders") that names no target joins the one
    that does; so does a headline or lede telling that names no target ("Israeli strikes continued") joins the
    telling of the same act that does ("Israel struck Hezbollah targets"), and
    a body telling with no target joins the headline's: same type, source and
    status, dates that agree (or one only the publication date), one of the
    two in the headline or lede. With two candidate tellings of
    different targets it stays apart: which one it retells is unknown."""
    out = list(events)
    for e in list(out):
        if e.target is not None:
            continue
        fuller = [f for f in out if f is not e and f.target is not None and f.type == e.type and f.source.code == e.source.code
                  and f.status == e.status
                  and (f.sentence_index == e.sentence_index or min(e.sentence_index, f.sentence_index) <= LEDE)
                  and (f.date == e.date or "publication" in (f.date_precision, e.date_precision)
                       and _near_publication(f, published) and _near_publication(e, published))
                  and not (f.sentence_index == e.sentence_index and LISTED_ACT in f.evidence and LISTED_ACT in e.evidence)]
        if len({f.target.code for f in fuller if f.target is not None}) != 1:
            continue
        f = fuller[0]
        k = out.index(f)
        new_sentence = e.sentence_index != f.sentence_index and e.sentence_index not in f.also_in
        also = f.also_in + ((e.sentence_index,) if new_sentence else ())
        spans = f.also_in_spans + (((e.span[0], e.span[1]),) if new_sentence else ())
        # two words for one act in one sentence are one telling, not two
        mentions = f.mentions + e.mentions if e.sentence_index != f.sentence_index else max(f.mentions, e.mentions)
        out[k] = replace(f, mentions=mentions, also_in=also, also_in_spans=spans, mode=f.mode or e.mode,
                         place=f.place or e.place)
        out.remove(e)
    return out


def merge_claims(claims: Iterable[tuple[Claim, int]]) -> list[Claim]:
    """Claims in order of first telling. Two tellings are one claim when they
    restate each other: value and status agree, so do their units ("strikes"
    and "airstrikes") and their claimants (a telling that names nobody agrees
    with one that names someone, which then stands for both), and the two
    sentences say much the same (a repeated caption, a summary bullet). The
    same number in sentences that say different things ("one person was
    killed" in two towns, a headline and the paragraph behind it) stays two
    claims, each with its own sentence and span."""

    def who(c: Claim):
        return c.claimant.code if c.claimant else c.claimant_phrase

    def words(c: Claim) -> set[str]:
        return set(re.findall(r"[a-z0-9]+", c.sentence.lower()))

    def same(a: Claim, b: Claim) -> bool:
        if str(a.value) != str(b.value) or a.status != b.status:
            return False
        ua, ub = a.unit.lower(), b.unit.lower()
        if ua != ub and not (min(len(ua), len(ub)) >= 4 and (ua.endswith(ub) or ub.endswith(ua))):
            return False
        if who(a) != who(b) and who(a) is not None and who(b) is not None:
            return False
        if a.sentence != b.sentence:
            wa, wb = words(a), words(b)
            if len(wa & wb) < 0.6 * len(wa | wb):
                return False
        return True

    merged: list[Claim] = []
    for cl, copies in claims:
        for k, m in enumerate(merged):
            if same(m, cl):
                keep = cl if (who(m) is None and who(cl) is not None) else m
                merged[k] = replace(keep, mentions=m.mentions + copies)
                break
        else:
            merged.append(replace(cl, mentions=copies))
    return merged


@register_stage("merge", reads=("event_rows", "published"), writes=("events", "claims"))
def merge_tellings(state, ctx) -> None:
    """The same event or claim told more than once becomes one record with its mentions counted."""
    state.events = merge_events(state.event_rows, state.published)
    state.claims = merge_claims(state.claim_rows)
