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
        by_sentence.setdefault(si, []).append(c)
    override = opts.get("min_p_override", 1.01)
    todo = [si for si, sent in enumerate(state.sentences)
            if (si in by_sentence and override <= 1.0)
            or (si not in by_sentence and any(t.i in state.mentions for t in sent) and main_verbs(sent))]
    if not todo:
        return
    sents = [state.sentences[si] for si in todo]
    preds = model.predict([s.text for s in sents], [[t.lemma_ for t in s] for s in sents])
    finder = state.finder
    reviewed = triggers(tuple(ctx.config.triggers[:1]))
    for si, sent, pred in zip(todo, sents, preds):
        if si in by_sentence:
            main = min(by_sentence[si], key=lambda c: c.depth)
            lemma = main.trigger.lemma_.lower()
            # only a single word that just the broad converted CAMEO table knows
            # may be read otherwise; hand-made words, phrases and senses keep their type
            if lemma in reviewed.verbs or lemma in reviewed.nouns or not main.rule.startswith(("verb '", "noun '")):
                continue
            negated = any(c.dep_ == "neg" for c in main.anchor.children)
            if pred.p >= override and pred.type not in {c.type for c in by_sentence[si]} and main.derived_from is None \
                    and not negated:
                main.type, main.mode = pred.type, None
                main.rule += f"; type from classifier (p={pred.p:.2f})"
            continue
        if pred.p < opts["min_p"]:
            continue
        for verb in main_verbs(sent):
            if not _may_carry(verb, pred.type, opts):
                continue
            found: list[Candidate] = []
            finder._verb_event(verb, pred.type, None, f"classifier (p={pred.p:.2f})", found, None)
            if opts.get("need_target", True):
                found = [c for c in found if c.targets]
            if opts.get("own_target_only", False):
                found = [c for c in found if "other party" not in c.rule]
            if found:
                state.candidates += [(si, c) for c in found]
                break


def _may_carry(verb: Token, etype: str, opts: dict) -> bool:
    """Whether ``verb`` may carry an event the classifier gives its sentence:
    not a negated verb (the classifier reads "not" as a refusal), not a verb
    that names no act ("is", "showed", "continues"), and a reporting verb only
    for a verbal act ("said" may accuse; it does not attack)."""
    if any(c.dep_ == "neg" for c in verb.children):
        return False
    lemma = verb.lemma_.lower()
    if lemma in set(opts.get("no_act_verbs", ())):
        return False
    if lemma in REPORT_VERBS:
        return plover_types()[etype]["quad"].startswith("verbal")
    return True
