"""Stage: event records. Each dated candidate becomes one contract Event per
source-target pair, with its place, its sentence and the evidence a person
needs to check it (the rule, the trigger and its span, the status cue)."""

from __future__ import annotations

from typing import Iterator

from ..model import Event, stable_id
from ..resources import intensity, plover_types
from . import register_stage
from .places import event_place


@register_stage("records", reads=("candidates", "sentences", "sentence_spans", "text"), writes=("event_rows",))
def build_records(state, ctx) -> None:
    """Contract Event records of the candidates (one per actor pair), counted with their paragraph's copies."""
    for si, c in state.candidates:
        sent = state.sentences[si]
        s_start, s_end = state.sentence_spans[si]
        repeats = state.repeats(s_start, s_end)
        para = state.prepared.clean.paragraph_at(s_start)
        # a headline or a summary bullet rarely dates its act: it merges with the body's dated telling
        in_summary = para is not None and para.kind in ("bullet", "title")
        for ev in _events(c, state.prepared.id, si, sent, state.text[s_start:s_end], (s_start, s_end), state.place_by_token):
            state.event_rows.append((ev, repeats, in_summary))


# the merge stage reads this: acts told side by side in one sentence are two acts
LISTED_ACT = "one of several acts told together"


def _listed_act(trig) -> bool:
    """A verb with its own object in a list of such verbs: "imposed a curfew
    and shut down the internet", "suspended the vote, closed the borders".
    (Only deeds: "accused X of ... and called it terrorism" is one statement.)"""
    def own_act(t) -> bool:
        return t.pos_ == "VERB" and any(c.dep_ == "dobj" for c in t.children)

    if not own_act(trig):
        return False
    return (trig.dep_ == "conj" and own_act(trig.head)) or any(c.dep_ == "conj" and own_act(c) for c in trig.children)


def _events(c, article_id: str, si: int, sent, s_text: str, span: tuple[int, int], place_by_token) -> Iterator[Event]:
    info = plover_types()[c.type]
    place = event_place({t.i for t in c.anchor.subtree}, sent, place_by_token)
    trig = c.trigger
    t_start, t_end = trig.idx, trig.idx + len(trig.text)
    cue = str(c.status_cue) if c.status_cue is not None else None
    evidence = f"{c.rule} at '{trig.text}' [{t_start}:{t_end}]" + (
        f"; status {c.status} (cue: '{cue}')" if cue else f"; status {c.status} (no cue)")
    if len(c.sources) > 1 or len(c.targets) > 1:
        evidence += "; compound actor: one event per actor pair"
    if info["quad"].startswith("material") and _listed_act(trig):
        evidence += f"; {LISTED_ACT}"
    for src in c.sources:
        for tgt in (c.targets or [None]):
            # one mention read as both doer and target is a misreading, and an
            # act with neither party named is no event; the story's own people
            # as the target of an act its state is named doing are one
            if tgt is not None and tgt.code == src.code and tgt.text == src.text and (tgt.kind != "story" or src.kind == "story"):
                continue
            eid = stable_id(article_id, si, c.type, src.code, tgt.code if tgt else None, trig.i, c.derived_from is not None)
            yield Event(eid, c.type, c.mode, info["quad"], intensity(c.type, c.mode), c.status, src, tgt,
                        c.when, place, s_text, si, span, 1, evidence, trig.text, (t_start, t_end), cue,
                        c.date_text, c.date_precision, clause_depth=c.depth)
