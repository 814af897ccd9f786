"""Accusations told as reports (stage "reported"): reported speech is coded
as what the speaker did (the rubric), so "Hamas says Israel shelled the
camp", "Armenia said Azerbaijani troops had attacked Jermuk" are the
speaker's accusations of the one whose hostile act the report tells.

A report says nothing of its own where the speaker tells their own side's
act ("the ministry said its forces shot down 30 drones") or one that did not
happen; and where the reporting verb already carries an act (a warning, a
denial), that act is the speech act. Which acts count as hostile, and which
verbs report and whose reports are a monitor's, are data (``lexicon.toml``:
``[story] reported_hostile`` and ``reported_neutral``, ``[verbs] report``).
"""

from __future__ import annotations

from ..resources import words
from . import register_stage
from .events import REPORT_VERBS, Candidate


def reporting_verb(anchor):
    """The verb that reports the clause of ``anchor`` ("X said [Y attacked]"), if any."""
    v = anchor
    steps = 0
    while v.head.i != v.i and steps < 4:
        if v.dep_ == "ccomp" and v.head.lemma_.lower() in REPORT_VERBS:
            return v.head
        if v.dep_ not in ("conj", "xcomp", "ccomp"):
            return None
        v, steps = v.head, steps + 1
    return None


@register_stage("reported", reads=("candidates", "finder"), writes=("candidates",))
def accusations_in_reports(state, ctx) -> None:
    """An actor who reports another's hostile act accuses them of it."""
    hostile = ctx.resource("reported_hostile", lambda: words("story", "reported_hostile"))
    neutral = ctx.resource("reported_neutral", lambda: words("story", "reported_neutral"))
    finder = state.finder
    taken = {(si, c.anchor.i) for si, c in state.candidates}
    made: dict[tuple, Candidate] = {}
    for si, c in state.candidates:
        if c.type not in hostile or c.status != "asserted" or not c.sources:
            continue
        if any(a.kind.startswith(("context", "story", "implicit")) for a in c.sources):
            # a doer guessed from the sentence or the story, or the unnamed
            # authorities of a passive arrest ("71 people were arrested, the
            # police director said"), is no one the speaker named
            continue
        r = reporting_verb(c.anchor)
        if r is None or (si, r.i) in taken:
            continue
        subj = finder.subject_of(r)
        if subj is None or subj.pos_ != "PROPN":
            continue  # "an Israeli official said", "the ministry said": attribution, not a party's charge
        speakers = [s for s in finder.actors(subj) if s.code not in neutral]
        doers = {a.code for a in c.sources}
        speakers = [s for s in speakers if s.code not in doers]
        if not speakers:
            continue
        key = (si, r.i, tuple(s.code for s in speakers), tuple(sorted(doers)))
        if key in made:
            continue
        made[key] = Candidate("ACCUSE", "allege", r, r, f"report: '{r.text}' that {c.sources[0].name} '{c.trigger.text}'",
                              speakers, list(c.sources), c.depth + 0.5, status="asserted", fixed_status=True)
    state.candidates += [(k[0], cand) for k, cand in made.items()]
