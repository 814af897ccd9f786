"""The learned classifier beside the trigger rules (``classify`` stage).

Where the rules find no event in a sentence that names a political actor,
the classifier (:mod:`flashpoint.learn.classifier`) may give the sentence's
type; the event is then built on the sentence's main verb by the same
argument rules as a trigger's (who acts, to whom), and the status, date and
place stages treat it like any other. Its evidence says
``classifier (p=0.83)`` so a reader can tell model from rule.

Thresholds live in ``data/classifier/labels.toml`` (``[use]``) and may be
set per pipeline in the configuration's ``[classifier]`` table.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..resources import load_toml, plover_types
from . import register_stage
from .events import REPORT_VERBS, Candidate, triggers


def settings(extra: dict) -> dict:
    out = dict(load_toml("classifier/labels.toml")["use"])
    out.update(extra.get("classifier", {}))
    return out


def main_verbs(sent: Span) -> list[Token]:
    """The verbs that may carry a sentence's event, most likely first: the
    content of a report before the reporting verb ("X attacked Y, officials
    said"), then the root and its conjoined verbs."""
    root = sent.root
    if root.pos_ not in ("VERB", "AUX"):
        return []
    out = []
    if root.lemma_.lower() in REPORT_VERBS:
        out += [c for c in root.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ == "VERB"]
    out.append(root)
    out += [c for c in root.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    return out


@register_stage("classify", reads=("sentences", "resolver", "candidates", "finder"), writes=("candidates",))
def classify_events(state, ctx) -> None:
    """Events the learned classifier finds in sentences with actors where the rules found none."""
    from ..learn.classifier import shipped

    opts = settings(ctx.config.extra)
    model = ctx.resource("classifier", lambda: shipped(opts.get("weights")))
    by_sentence: dict[int, list[Candidate]] = {}
    for si, c in state.candidates:
        if c.sources:  # (a doer left to the story's parties is no rule event yet)
            by_sentence.setdefault(si, []).append(c)
    reviewed = triggers(tuple(ctx.config.triggers[:1]))
    need_target = opts.get("need_target", True)
    finder = state.finder
    # Only sentences the model may change are embedded (the embedding is the
    # costly part): those without a rule event that can hold one, and those
    # whose main rule event may be retyped.
    retype: dict[int, Candidate] = {}
    new: list[int] = []
    for si, sent in enumerate(state.sentences):
        if si in by_sentence:
            main = _retypable(by_sentence[si], reviewed) if opts["min_p_override"] <= 1.0 else None
            if main is not None:
                retype[si] = main
        elif _parties(sent, state) >= (2 if need_target else 1) \
                and any(_has_doer(finder, v) for v in main_verbs(sent) if _may_carry(v, None, opts)):
            new.append(si)
    todo = sorted(new + list(retype))
    if not todo:
        return
    sents = [state.sentences[si] for si in todo]
    preds = model.predict([s.text for s in sents], [[t.lemma_ for t in s] for s in sents])
    for si, sent, pred in zip(todo, sents, preds):
        if si in retype:
            main = retype[si]
            if pred.p >= opts["min_p_override"] and pred.type not in {c.type for c in by_sentence[si]}:
                main.type, main.mode = pred.type, None
                main.rule += f"; type from classifier (p={pred.p:.2f})"
            continue
        if pred.p < opts["min_p"]:
            continue
        for verb in main_verbs(sent):
            if not _may_carry(verb, pred.type, opts) or _ruled_out(finder, verb):
                continue
            found: list[Candidate] = []
            finder._verb_event(verb, pred.type, None, f"classifier (p={pred.p:.2f})", found, None)
            if need_target:
                found = [c for c in found if c.targets]
            if found:
                state.candidates += [(si, c) for c in found]
                break


def _retypable(cands: list[Candidate], reviewed) -> Candidate | None:
    """A sentence's main rule event if the classifier may give it another
    type: a single word only the broad converted CAMEO table knows, not a
    hand-made word, phrase or sense, not derived from another event, not
    negated."""
    main = min(cands, key=lambda c: c.depth)
    lemma = main.trigger.lemma_.lower()
    if lemma in reviewed.verbs or lemma in reviewed.nouns or not main.rule.startswith(("verb '", "noun '")):
        return None
    if main.derived_from is not None or any(c.dep_ == "neg" for c in main.anchor.children):
        return None
    return main


def _parties(sent: Span, state) -> int:
    """How many actors and places with a country the sentence names: an event
    with a target needs two (the embedding is the costly part, so sentences
    that cannot give one are never embedded)."""
    found = {id(state.mentions[t.i]) for t in sent if t.i in state.mentions}
    places = {id(state.place_by_token[t.i]) for t in sent if t.i in state.place_by_token and state.place_by_token[t.i].country}
    return len(found) + len(places)


def _has_doer(finder, verb: Token) -> bool:
    """Whether the verb's subject (or a passive's agent) is an actor: no event
    can be built on it otherwise, so its sentence is not worth embedding."""
    agent = next((p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)
    doer = agent if agent is not None else finder.subject_of(verb)
    if doer is None:
        return any(c.dep_ == "nsubjpass" for c in verb.children)  # "troops were deployed": the mover
    return bool(finder.actors(doer) or finder.context_source(doer, []))


def _ruled_out(finder, verb: Token) -> bool:
    """Whether a ``[[sense]]`` of the verb's own trigger says it is no act in
    this setting ("cancelled his visit", "recalling the worst hours"): the
    classifier does not bring back what the rules ruled out."""
    spec = finder.table.verbs.get(verb.lemma_.lower())
    if spec is None:
        return False
    sense = finder.sense_of(verb, spec[0], [])
    return sense is not None and sense.then == "none"


def _may_carry(verb: Token, etype: str | None, opts: dict) -> bool:
    """Whether ``verb`` may carry an event the classifier gives its sentence:
    not a negated verb (the classifier reads "not" as a refusal), not a verb
    that names no act ("is", "showed", "continues"), and a reporting verb only
    for a verbal act ("said" may accuse; it does not attack)."""
    if any(c.dep_ == "neg" for c in verb.children):
        return False
    lemma = verb.lemma_.lower()
    if lemma in set(opts.get("no_act_verbs", ())):
        return False
    if lemma in REPORT_VERBS and etype is not None:
        return plover_types()[etype]["quad"].startswith("verbal")
    return True
