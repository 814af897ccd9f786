"""Stage: claims. Numbers that someone asserts, with who asserts them (the
finding itself lives in ``claims.py``; this module only runs it over the
article's sentences)."""

from __future__ import annotations

from ..model import Claim
from . import register_stage
from .claims import ClaimFinder
from .status import status_of


@register_stage("claims", reads=("sentences", "sentence_spans", "resolver", "text"), writes=("claim_rows",))
def find_claims(state, ctx) -> None:
    """Claims of every sentence, counted with their paragraph's copies."""
    finder = ClaimFinder(state.resolver, status_of, state.place_countries())
    for si, sent in enumerate(state.sentences):
        s_start, s_end = state.sentence_spans[si]
        s_text = state.text[s_start:s_end]
        for cl in finder.find(sent, si, (s_start, s_end), state.text):
            state.claim_rows.append((Claim(sentence=s_text, sentence_index=si, span=(s_start, s_end), **cl),
                                     state.repeats(s_start, s_end)))
