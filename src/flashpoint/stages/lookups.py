"""Per-sentence lookups built once per article. ``Span.ents`` walks every
entity of the whole document on each call, and a scan of every place for
each event does the same: called once per sentence they make an article's
coding quadratic in its length. These give the same answers from an index
made on first use and kept on the ``Doc`` (``doc.user_data``)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

from spacy.tokens import Doc, Span

_ENTS = "fp_ents_index"
_PLACES = "fp_places_index"


def sentence_ents(span: Span) -> list[Span]:
    """Exactly ``span.ents``: from the first entity starting at or after the
    span's start, each that ends within it, up to the first that does not."""
    doc: Doc = span.doc
    index = doc.user_data.get(_ENTS)
    if index is None:
        ents = list(doc.ents)
        index = doc.user_data[_ENTS] = (ents, [e.start for e in ents])
    ents, starts = index
    out = []
    for k in range(bisect_left(starts, span.start), len(ents)):
        if ents[k].end > span.end:
            break
        out.append(ents[k])
    return out


def tokens_in_sentence(sent: Span, by_token: dict[int, Any]) -> list[tuple[int, Any]]:
    """The items of ``by_token`` (token index -> value) whose token lies in
    ``sent``, in the dict's own order, as ``[(i, v) for i, v in
    by_token.items() if sent.start <= i < sent.end]`` gives them. Indexed by
    sentence once per article and dict; a span that is not one of the
    document's sentences is answered by that scan."""
    doc: Doc = sent.doc
    cached = doc.user_data.get(_PLACES)
    if cached is None or cached[0] is not by_token or cached[1] != len(by_token):
        bounds = [(s.start, s.end) for s in doc.sents]
        starts = [b[0] for b in bounds]
        grouped: dict[int, list[tuple[int, Any]]] = {}
        for i, v in by_token.items():
            k = bisect_right(starts, i) - 1
            if k >= 0 and i < bounds[k][1]:
                grouped.setdefault(bounds[k][0], []).append((i, v))
        cached = doc.user_data[_PLACES] = (by_token, len(by_token), dict(bounds), grouped)
    _, _, ends, grouped = cached
    if ends.get(sent.start) != sent.end:
        return [(i, v) for i, v in by_token.items() if sent.start <= i < sent.end]
    return grouped.get(sent.start, [])
