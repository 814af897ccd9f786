"""What a request asks for (stage "requested"): "protesters demanded his
resignation", "India told Canada to withdraw its diplomats", "Iran urged the
US to halt the airstrikes". The request is the act the sentence tells, and it
is coded (REQUEST, its mode saying what is asked); the act asked for has not
happened and is only its content. The rubric codes such content at most as
an optional event beside the speech act, so it is dropped here, where the
request itself is coded; where no request was found, it stays, with the
status the request's words gave it.
"""

from __future__ import annotations

from . import register_stage

# the grammatical links from a requesting word down to what it asks for:
# "urged the US TO HALT", "demanded his RESIGNATION", "calls for TALKS",
# "demands THAT the government LIFT"
CONTENT_LINKS = ("xcomp", "ccomp", "dobj", "pobj", "prep", "advcl", "acl", "pcomp")


def _asking(anchor, requests: dict, depth: int = 3):
    """The coded request ``anchor`` hangs under within a few links, if any."""
    tok = anchor
    for _ in range(depth):
        if tok.head.i == tok.i or tok.dep_ not in CONTENT_LINKS:
            return None
        tok = tok.head
        if tok.i in requests:
            return requests[tok.i]
    return None


@register_stage("requested", reads=("candidates",), writes=("candidates",))
def drop_requested_content(state, ctx) -> None:
    """Acts only asked for, under a request that is itself coded, are its content, not events
    (the request's evidence names them)."""
    requests: dict[int, dict] = {}
    for si, c in state.candidates:
        if c.type == "REQUEST":
            requests.setdefault(si, {})[c.trigger.i] = c
    kept = []
    for si, c in state.candidates:
        request = None if c.type == "REQUEST" or c.status not in ("hypothetical", "planned") \
            else _asking(c.anchor, requests.get(si, {}))
        if request is None:
            kept.append((si, c))
        elif f"asks for {c.type}" not in request.rule:
            request.rule += f"; asks for {c.type} ('{c.trigger.text}', {c.status})"
    state.candidates = kept
