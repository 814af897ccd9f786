"""Stage 5, status: asserted, planned, hypothetical or negated.

Reads the dependency path from an event's trigger up to the root of its
sentence and collects cues (``status.toml``): a condition ("if Russia
invades"), a negation ("has never intended to attack"), a modal of
possibility ("could invade"), a fear or warning that governs the clause, an
intention ("plans to withdraw", "will impose"). Precedence:
condition > negated > hypothetical > planned > asserted.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from ..model import CUE_RANK, STATUS_RANK, Cue
from . import register_stage
from ..resources import load_toml, words

# Complement relations through which a governor's meaning reaches the trigger.
# (not "relcl": a relative clause keeps its own tense and modality -
# "must withdraw from the land it had occupied" did occupy it)
COMPLEMENT_DEPS = {"xcomp", "ccomp", "dobj", "pobj", "prep", "acl", "advcl", "attr", "oprd", "pcomp", "nsubjpass", "nsubj", "acomp", "appos", "compound", "amod", "conj"}
# Verbs that only report (or state a belief): their own tense says nothing
# about the reported event (data/lexicon.toml)
REPORTING = words("verbs", "report") | words("verbs", "belief")
SPEECH_ACTS = words("verbs", "speech_acts")


@dataclass(frozen=True)
class StatusCues:
    condition_marks: frozenset
    consequent_marks: frozenset  # conditions that make their main clause hypothetical too
    adjunct_preps: frozenset  # prepositions that name a circumstance, not a complement
    condition_phrases: tuple
    modals: frozenset
    hyp_governors: frozenset
    hyp_nouns: frozenset
    hyp_adjectives: frozenset
    plan_aux: frozenset
    plan_governors: frozenset
    plan_adjectives: frozenset
    plan_nouns: frozenset
    plan_modifiers: frozenset
    negations: frozenset
    neg_governors: frozenset
    neg_determiners: frozenset
    neg_nouns: frozenset
    light_verbs: dict  # lemma -> the status its nominal event takes
    open_when_negated: frozenset  # refusals that, negated, leave their object open
    plan_infinitive_governors: frozenset = frozenset()  # "told Canada to withdraw"; not "told reporters that..."
    happened_when_negated: frozenset = frozenset()  # "did not stop the clashes": they happened


@lru_cache(maxsize=1)
def cues() -> StatusCues:
    c = load_toml("status.toml")
    h, p, n = c["hypothetical"], c["planned"], c["negated"]
    f = frozenset
    return StatusCues(
        f(h["condition_marks"]), f(h.get("consequent_marks", h["condition_marks"])),
        f(c.get("adjuncts", {}).get("preps", [])), tuple(h["condition_phrases"]), f(h["modals"]), f(h["governors"]),
        f(h["nouns"]), f(h["adjectives"]), f(p["aux"]), f(p["governors"]), f(p["adjectives"]),
        f(p["nouns"]), f(p["modifiers"]), f(n["negations"]), f(n["governors"]), f(n["determiners"]), f(n["nouns"]),
        {lemma: status for status, lemmas in c.get("light_verbs", {}).items() for lemma in lemmas},
        f(n.get("open_when_negated", [])), f(p.get("infinitive_governors", [])), f(n.get("happened_when_negated", [])),
    )


def _headline_infinitive(verb: Token) -> bool:
    """"Biden to visit Israel", "EU to impose sanctions", "Russia to withdraw,
    Shoigu says": a subject and a to-infinitive with no finite verb between
    them, the way headlines tell what is to come."""
    has_subject = any(s.dep_ in ("nsubj", "nsubjpass") for s in verb.children)
    if verb.dep_ == "ROOT":
        return has_subject
    if verb.dep_ == "ccomp":
        return has_subject and verb.head.lemma_.lower() in REPORTING
    return verb.dep_ == "acl" and verb.head.dep_ == "ROOT" and verb.head.pos_ == "PROPN" and verb.head.i == verb.sent.start

def _own_cues(tok: Token, c: StatusCues, *, inherited: bool) -> list[Cue]:
    """Cues that stand on ``tok`` itself (its auxiliaries, negation, mark)."""
    found: list[Cue] = []
    for ch in tok.children:
        low = ch.lower_
        if ch.dep_ == "mark" and low in c.condition_marks:
            found.append(Cue("condition", low))
        elif ch.dep_ == "neg" or (ch.dep_ in ("advmod", "det") and low in ("never", "no")):
            if low in c.negations or ch.dep_ == "neg":
                found.append(Cue("negated", low))
        elif ch.dep_ in ("aux", "auxpass") and ch.tag_ == "MD":
            if low in c.modals:
                found.append(Cue("hypothetical", low))
            elif low in c.plan_aux:
                found.append(Cue("planned", low))
        elif ch.dep_ == "aux" and low in ("to",) and tok.head.lower_ == "going":
            found.append(Cue("planned", "going to"))
        elif ch.dep_ == "aux" and low == "to" and tok.head.lemma_ in ("be", "have") and any(
                a.lower_ == "yet" for a in tok.head.children):
            found.append(Cue("negated", "yet to"))  # "the army has yet to retake the town"
        elif ch.dep_ == "aux" and low == "to" and not inherited and tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN") \
                and tok.head.lemma_.lower() not in c.hyp_nouns | c.neg_nouns:
            # a purpose named by a noun: "a mission to fight gangs" is what is
            # meant to happen (an act's own purpose, "suspended social media to
            # quell the riots", is told as done)
            found.append(Cue("planned", "to (purpose)"))
        elif ch.dep_ == "aux" and low == "to" and _headline_infinitive(tok):
            # headline grammar: "Biden to visit Israel", "UN council to hold
            # emergency meeting" is what is to come
            found.append(Cue("planned", "to (headline)"))
        elif ch.dep_ in ("amod", "compound") and ch.lemma_.lower() in c.hyp_adjectives:
            found.append(Cue("hypothetical", ch.lower_))
        elif ch.dep_ in ("amod", "compound") and ch.lower_ in c.plan_modifiers:
            found.append(Cue("planned", ch.lower_))
        elif ch.dep_ == "det" and low in c.neg_determiners:
            found.append(Cue("negated", low))
        elif ch.dep_ == "advcl" and not inherited and tok.lemma_.lower() not in SPEECH_ACTS:
            # "If Russia invades, the EU will impose sanctions": the consequent
            # of a condition is as hypothetical as the condition. A warning
            # "of sanctions if Russia invades" is itself real: the condition
            # belongs to what is warned of.
            if any(g.dep_ == "mark" and g.lower_ in c.consequent_marks for g in ch.children):
                found.append(Cue("consequent", ch.text))
        elif ch.dep_ == "prep" and ch.lower_ in ("in",):
            phrase = " ".join(t.lower_ for t in ch.subtree)[:40]
            if phrase.startswith(("in the event", "in case")):
                found.append(Cue("condition", phrase[:20]))
    return found


def status_of(anchor: Token) -> tuple[str, Cue | None]:
    """The status of the event anchored on ``anchor`` and the cue that set it."""
    c = cues()
    found: list[Cue] = list(_own_cues(anchor, c, inherited=False))
    sent = anchor.sent
    # "in the event of an invasion", "should Russia invade": phrase cues before the trigger
    prefix = sent.doc[sent.start : anchor.i].text.lower()
    for ph in c.condition_phrases:
        if ph in prefix and (ph.startswith("in ") or prefix.lstrip().startswith(ph)):
            found.append(Cue("condition", ph))
    cur = anchor
    steps = 0
    while cur.head.i != cur.i and steps < 12:
        steps += 1
        rel, head = cur.dep_, cur.head
        hl = head.lemma_.lower()
        if rel == "relcl" and any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in cur.children):
            rel = "acl"  # "a mission to fight gangs" (parsed as a relative clause) is the noun's infinitive
        if rel == "conj":
            # conjoined verbs share the first verb's auxiliaries and negation,
            # unless they have a subject of their own ("did not withdraw the
            # draft, but the party said...")
            # (only a bare verb shares them: "would respond and retaliate", not
            # "would respond and accused"; a negation never distributes:
            # "had not agreed ... and rejected")
            if not any(ch.dep_ in ("nsubj", "nsubjpass") for ch in cur.children):
                if cur.tag_ in ("VB",):
                    found += [f for f in _own_cues(head, c, inherited=True) if f.kind in ("planned", "hypothetical")]
                    # "did not meet, reach compromises or agree to a summit":
                    # a negation does distribute over "or" / "nor"
                    if any(ch.dep_ == "cc" and ch.lower_ in ("or", "nor") for ch in [*head.children, *cur.children]):
                        found += [f for f in _own_cues(head, c, inherited=True) if f.kind == "negated"]
                cur = head
                continue
            break
        if rel not in COMPLEMENT_DEPS:
            break
        if rel == "prep" and cur.lower_ in c.adjunct_preps:
            break  # "a ceasefire was announced following clashes": the clashes are no announcement
        if rel in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
            # an event noun as subject ("the invasion could begin") takes the
            # verb's modality, not the verb's own meaning
            found += [f for f in _own_cues(head, c, inherited=False) if f.kind in ("hypothetical", "planned", "negated", "condition", "consequent")]
            cur = head
            continue
        if head.pos_ in ("NOUN", "PROPN"):
            if rel == "acl" and cur.tag_ == "VBN":
                # "the plan, rejected by Kyiv": a participle that tells what was
                # done to the plan is no part of the plan
                break
            if hl in c.hyp_nouns:
                found.append(Cue("hypothetical", head.text))
            elif hl in c.plan_nouns:
                found.append(Cue("planned", head.text))
            elif hl in c.neg_nouns:
                found.append(Cue("negated", head.text))
            found += [f for f in _own_cues(head, c, inherited=True) if f.kind in ("negated", "hypothetical", "planned")]
        elif head.pos_ == "ADJ":
            if hl in c.plan_adjectives:
                found.append(Cue("planned", head.text))
            elif hl in c.hyp_adjectives:
                found.append(Cue("hypothetical", head.text))
            found += [f for f in _own_cues(head, c, inherited=True) if f.kind in ("negated", "hypothetical")]
        elif head.pos_ in ("VERB", "AUX"):
            # ("called for the government to resign": a "for ... to" clause is the verb's complement, not an adjunct)
            governed = rel in ("xcomp", "ccomp", "dobj", "prep", "pobj", "pcomp", "acomp", "oprd", "attr") or for_to_clause(cur)
            double_negation = False
            # a verb with its particle is its own governor: "called off the visit" cancels, "called for" asks
            prt = next((ch.lower_ for ch in head.children if ch.dep_ == "prt"), None)
            if prt is not None and f"{hl} {prt}" in c.neg_governors:
                hl = f"{hl} {prt}"
            if governed and hl in c.neg_governors and not (hl == "rule" and not any(t.lower_ == "out" for t in head.children)):
                if any(ch.dep_ == "neg" for ch in head.children):
                    # "would not rule out annexing it", "did not deny": left open;
                    # "did not stop another round of clashes": they happened
                    if hl not in c.happened_when_negated:
                        found.append(Cue("open", f"not {head.text}"))
                    double_negation = True
                else:
                    found.append(Cue("negated", head.text))
            elif governed and hl in c.hyp_governors and not _labelling(head):
                found.append(Cue("hypothetical", head.text))
            elif governed and hl in c.plan_governors:
                found.append(Cue("planned", head.text))
            elif rel == "xcomp" and hl in c.plan_infinitive_governors:
                found.append(Cue("planned", head.text))
            if rel == "advcl" and any(g.dep_ == "mark" and g.lower_ in c.condition_marks for g in cur.children):
                found.append(Cue("condition", "if"))
            if hl in REPORTING and rel == "ccomp":
                # reported speech: the report's own tense and negation stay with the speaker
                cur = head
                continue
            inherited = [f for f in _own_cues(head, c, inherited=rel != "advcl") if f.kind != "condition" or rel != "advcl"]
            if double_negation:
                inherited = [f for f in inherited if f.kind != "negated"]
            if rel in ("xcomp", "ccomp", "dobj", "pobj", "prep", "acl", "pcomp", "acomp"):
                found += inherited
            elif rel == "advcl":
                # a purpose or time clause takes its main clause's condition only
                found += [f for f in inherited if f.kind in ("condition", "consequent")]
        cur = head
    if not found:
        return "asserted", None
    if _reported_future(anchor):
        # "China said it would impose tariffs": reported speech shifts "will"
        # to "would"; without a condition it is a plan, not a possibility
        found = [Cue("reported_future", "would") if f == Cue("hypothetical", "would") else f for f in found]
    best = max(found, key=lambda f: CUE_RANK[f.kind])
    return best.status, best


def for_to_clause(tok: Token) -> bool:
    """Whether ``tok`` heads an infinitive clause with its own subject brought
    by "for": "called for the EU to drop the sanctions" (spaCy parses it as
    an adverbial clause)."""
    return tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "for" for c in tok.children) \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _reported_future(anchor: Token) -> bool:
    cur = anchor
    for _ in range(6):
        if cur.head.i == cur.i:
            return False
        if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in REPORTING | {"warn", "promise", "pledge", "vow", "threaten"} and cur.head.tag_ == "VBD":
            return True
        if cur.dep_ not in ("xcomp", "conj", "dobj", "pobj", "prep", "acomp"):
            return False
        cur = cur.head
    return False


@register_stage("status", reads=("candidates", "finder"), writes=("candidates",))
def assign_status(state, ctx) -> None:
    """Each candidate's status and the cue that set it; stated intentions
    become verbal acts of their own (PLOVER: "plans to impose restrictions"
    is an asserted THREATEN); a threat of retaliation is coded only while it
    is still to come."""
    from .events import derive_intent

    c = cues()
    finder = state.finder
    future_only = set(finder.table.flag("THREATEN", "future_only", []))
    by_sentence: dict[int, list] = {}
    for si, cand in state.candidates:
        by_sentence.setdefault(si, []).append(cand)
    out = []
    made_now: set[int] = set()
    for si, cands in by_sentence.items():
        fixed = [k for k in cands if k.fixed_status]
        cands = [k for k in cands if not k.fixed_status]
        for k in cands:
            k.status, k.status_cue = status_of(k.anchor)
            carrier = k.anchor.lemma_.lower() if k.anchor is not k.trigger else ""
            light = c.light_verbs.get(carrier)
            if light and k.status in ("asserted", "planned") and STATUS_RANK[light] > STATUS_RANK[k.status]:
                # "plan joint exercises", "threatened sanctions": the verb
                # that carries the noun says it has not happened yet
                k.status, k.status_cue = light, Cue(light, k.anchor.text)
            if k.type == "THREATEN" and k.status == "planned" and k.status_cue is not None and (
                    k.status_cue.kind == "reported_future" or k.status_cue.word in ("will", "'ll")):
                # "Russia would respond with countermeasures": saying so is the threat
                k.status, k.status_cue = "asserted", None
                k.rule += "; a stated retaliation is a threat made now"
                made_now.add(id(k))
        # "responded with shelling" is the shelling itself, told by its own noun
        cands = [k for k in cands if not (k.type == "THREATEN" and k.status == "asserted" and k.trigger.lemma_.lower() in future_only and id(k) not in made_now)]
        # "did not rule out a military presence": no refusal, an open possibility
        cands = [k for k in cands if not (k.status == "negated" and k.trigger.lemma_.lower() in c.open_when_negated)]
        trigger_ids = {k.trigger.i for k in cands} | {k.anchor.i for k in cands}
        derived = []
        for k in cands:
            d = derive_intent(k, _governed(k.anchor, trigger_ids), finder.speaker_codes(k.anchor))
            if d is not None:
                derived.append(d)
        out += [(si, k) for k in derived + fixed + cands]
    state.candidates = out


def _governed(anchor: Token, trigger_ids: set[int]) -> bool:
    """Another trigger governs this clause ("threatened to invade"); a verb
    conjoined to it ("released prisoners, and Armenia said...") does not."""
    cur = anchor
    while cur.head.i != cur.i:
        if cur.dep_ == "conj":
            return False
        cur = cur.head
        if cur.i in trigger_ids:
            return True
    return False


def _labelling(verb) -> bool:
    """"called the strikes illegal", "described the visit as a violation":
    a label is put on an act that happened; it asks for nothing (unlike
    "called for talks")."""
    if any(c.dep_ == "oprd" for c in verb.children):
        return True
    return any(c.dep_ == "prep" and c.lower_ == "as" for d in [verb, *(o for o in verb.children if o.dep_ == "dobj")]
               for c in d.children)
