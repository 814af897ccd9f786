"""Stage 4, events: PLOVER events from the dependency parse.

A trigger (a verb, a noun, or a multi-word phrase from ``triggers.toml``)
anchors an event; its source and target come from grammatical roles: subject
and object, the agent of a passive, the object of a type's target
prepositions ("sanctions ON Russia"), and for nominal events the possessive
or adjective ("Russia's build-up", "Russian troops"). Clauses without their
own subject take it from the verb that governs them ("Russia threatened to
invade": Russia invades). Compound actors give one event per actor pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product

from spacy.tokens import Span, Token

from ..config import DEFAULT_TRIGGERS
from ..model import Actor, Cue
from ..resources import load_toml, load_tsv, plover_types, words
from . import register_stage
from .actors import (BACKERS, BODY_CODES, PEOPLE_SECTORS, PRONOUNS, RELATIONAL_HEADS, REPORT_VERBS, ActorResolver,
                     _display_name, np_span)
from .places import gazetteer
from .status import for_to_clause

# Word lists live in data/lexicon.toml (one definition each); grammar stays here.
FIRST_PERSON = words("actors", "first_person")
OBJECT_CONTROL = words("verbs", "object_control")  # "urged Russia to withdraw": Russia withdraws
RECEIVE = words("verbs", "receive")  # "Russia would face sanctions"
LIGHT = words("verbs", "light")  # "launched an attack"
JUDGEMENT_LINKS = words("judgement", "links")  # "the arrests represent an escalation"
JUDGED_ACTS = words("judgement", "acts")
WARN_VERBS = words("verbs", "warn")
OUTSIDE_SPEAKERS = words("nouns", "outside_speakers")  # their words describe others' intentions
RESPONSES = words("verbs", "responses")
MUTUAL_VERBS = words("verbs", "mutual")
MUTUAL_ALONE = words("verbs", "mutual_alone")
# acts told in the passive with no doer ("52 people were killed") whose doer
# the counterpart stage reads from the story's parties
STORY_SOURCED = words("story", "source_types")
STORY_SOURCED_VERBS = words("story", "source_verbs")
COOPERATIVE = {"verbal_cooperation", "material_cooperation"}
THREAT_MODE = {"SANCTION": "restrict", "ASSAULT": "violence", "MOBILIZE": "violence", "PROTEST": "restrict",
               "COERCE": "restrict"}
THREAT_MODE_BY_MODE = {"arrest": "arrest", "seize": "territory", "deport": "expel", "expel": "expel",
                       "discontinue": "relations", "withdraw": "relations"}


@dataclass(frozen=True)
class PhraseRule:
    verbs: frozenset
    type: str
    mode: str | None
    objects: frozenset = frozenset()
    particles: frozenset = frozenset()
    preps: frozenset = frozenset()
    xcomps: frozenset = frozenset()
    subjects: frozenset = frozenset()


@dataclass(frozen=True)
class Sense:
    """One reading of a trigger word (``[[sense]]`` in triggers.toml): when
    its conditions hold, the word is ``then`` (a type, or "none")."""

    lemmas: frozenset
    then: str
    mode: str | None = None
    pos: str | None = None
    only_type: frozenset = frozenset()
    near: frozenset = frozenset()
    object: frozenset = frozenset()
    no_object: bool = False
    with_object: bool = False
    subject: frozenset = frozenset()
    content: frozenset = frozenset()
    governor: frozenset = frozenset()
    dep: frozenset = frozenset()
    source: str | None = None  # "government" | "other"
    why: str = ""
    past: bool = False  # only a verb in the past tense ("responded", not "will respond")
    object_not: frozenset = frozenset()  # holds when the verb's object is none of these words
    subject_not: frozenset = frozenset()  # holds when the subject is none of these words (or there is none)


@dataclass
class TriggerTable:
    verbs: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    nouns: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    phrases: list[PhraseRule] = field(default_factory=list)
    modes: dict[str, list[tuple[str, frozenset]]] = field(default_factory=dict)
    target_preps: dict[str, frozenset] = field(default_factory=dict)
    spec: dict[str, dict] = field(default_factory=dict)  # per-type switches of triggers.toml
    senses: dict[str, list[Sense]] = field(default_factory=dict)  # lemma -> its readings, in file order
    # "called the deal illegal": verbs that label something, and what a label says (data: [[label]])
    label_verbs: frozenset = frozenset()
    labels: list[tuple[frozenset, str, str | None]] = field(default_factory=list)

    def flag(self, etype: str, key: str, default=None):
        return self.spec.get(etype, {}).get(key, default)


def _split(item: str) -> tuple[str, str | None]:
    lemma, _, mode = item.partition("=")
    return lemma.strip().lower(), (mode.strip() or None)


def _as_list(value) -> list:
    return [value] if isinstance(value, str) else list(value or [])


def _lower_set(value) -> frozenset:
    return frozenset(v.lower() for v in _as_list(value))


@lru_cache(maxsize=4)
def triggers(files: tuple[str, ...] = DEFAULT_TRIGGERS) -> TriggerTable:
    """The trigger tables, read in order: a lemma takes the type of the first
    table that names it, so the hand-made table wins over the converted CAMEO one."""
    types = plover_types()
    table = TriggerTable()
    for name in files:
        _load_triggers(table, load_toml(name), types, first=name == files[0])
    return table


def _load_triggers(table: TriggerTable, cfg: dict, types: dict, first: bool) -> None:
    for etype in types:
        spec = cfg.get(etype, {})
        for item in spec.get("verbs", []):
            lemma, mode = _split(item)
            table.verbs.setdefault(lemma, (etype, mode))
        for item in spec.get("nouns", []):
            lemma, mode = _split(item)
            table.nouns.setdefault(lemma, (etype, mode))
        if first or etype not in table.modes:
            table.modes[etype] = [(m, frozenset(c.lower() for c in cues)) for m, cues in spec.get("modes", {}).items()]
            table.target_preps[etype] = frozenset(spec.get("target_preps", []))
            table.spec[etype] = {k: v for k, v in spec.items() if k not in ("verbs", "nouns", "modes", "target_preps")}
    for sense in cfg.get("sense", []):
        lemmas = [lemma.lower() for lemma in _as_list(sense["lemma"])]
        entry = Sense(frozenset(lemmas), sense["then"], sense.get("mode"), sense.get("pos"),
                      frozenset(_as_list(sense.get("only_type", []))), _lower_set(sense.get("near")),
                      _lower_set(sense.get("object")), bool(sense.get("no_object", False)),
                      bool(sense.get("with_object", False)), _lower_set(sense.get("subject")),
                      _lower_set(sense.get("content")), _lower_set(sense.get("governor")), frozenset(_as_list(sense.get("dep", []))),
                      sense.get("source"), sense.get("why", ""), bool(sense.get("past", False)),
                      _lower_set(sense.get("object_not")), _lower_set(sense.get("subject_not")))
        if entry.then != "none" and entry.then not in types:
            raise ValueError(f"sense of {lemmas} names an unknown type {entry.then!r}")
        for lemma in lemmas:
            table.senses.setdefault(lemma, []).append(entry)
    for label in cfg.get("label", []):
        if label["type"] not in types:
            raise ValueError(f"label rule names an unknown type {label['type']!r}")
        table.label_verbs |= _lower_set(label["verbs"])
        table.labels.append((_lower_set(label["words"]), label["type"], label.get("mode")))
    for rule in cfg.get("phrase", []):
        table.phrases.append(PhraseRule(
            frozenset(rule["verbs"]), rule["type"], rule.get("mode"), frozenset(rule.get("object", [])),
            frozenset(rule.get("particle", [])), frozenset(rule.get("prep", [])), frozenset(rule.get("xcomp", [])),
            frozenset(rule.get("subject", []))))


@dataclass
class Candidate:
    type: str
    mode: str | None
    trigger: Token  # the word that fired
    anchor: Token  # the verb (or noun) whose clause holds the event: status and date are read here
    rule: str
    sources: list[Actor]
    targets: list[Actor]
    depth: float
    derived_from: "Candidate | None" = None
    status: str = "asserted"
    status_cue: Cue | None = None
    fixed_status: bool = False  # set where it is made ("X said Libya must..." is an asserted demand)
    # set by the dates stage
    when: str | None = None
    date_precision: str | None = None
    date_text: str | None = None


def _reciprocal(trigger: Token) -> bool:
    """Whether the act's object is "each other" or "one another", or the act
    is mutual by its verb ("exchanged fire")."""
    doc = trigger.doc
    if trigger.lemma_.lower() in MUTUAL_VERBS and any(c.dep_ == "dobj" for c in trigger.children):
        return True
    if trigger.lemma_.lower() in MUTUAL_ALONE and trigger.pos_ == "VERB":
        return True
    return any(t.lower_ in ("other", "another") and t.i > 0 and doc[t.i - 1].lower_ in ("each", "one")
               for c in trigger.children if c.dep_ in ("dobj", "prep", "dative")
               for t in c.subtree)


def _context_note(sources: list[Actor]) -> str:
    """The evidence for a doer its own phrase does not name: an office named
    again ("the Secretary-General") is the one named before; else the
    sentence's country."""
    if sources and (sources[0].kind or "").startswith("named before"):
        return "; source: the same office named before"
    return "; source from the sentence's country"


def _a_person(tok: Token, actor: Actor) -> bool:
    """Whether an actor phrase names a person: by name, office or role."""
    return tok.ent_type_ == "PERSON" or bool(actor.person or actor.role) or actor.kind in ("person", "named before", "office")


def _named_person(tok: Token) -> bool:
    """A person's name, also where the tagger missed it here but knew it
    elsewhere in the article ("Rached Ghannouchi ... Ghannouchi was arrested"),
    or where a role stands beside it ("Ghannouchi, a former speaker")."""
    if tok.ent_type_ == "PERSON":
        return True
    if tok.pos_ != "PROPN" or tok.ent_type_ in ("GPE", "LOC", "FAC"):
        return False
    return any(e.label_ == "PERSON" and tok.text in e.text.split() for e in tok.doc.ents) or \
        any(c.dep_ == "appos" and c.pos_ == "NOUN" for c in tok.children)


def depth_of(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        if tok.head.lemma_ not in REPORT_VERBS:
            d += 1
        tok = tok.head
    return d


def _noun_key(tok: Token) -> list[str]:
    """Lookup keys of a noun trigger, longest first: "hunger strike", "strike"."""
    keys = []
    comps = [c for c in tok.lefts if c.dep_ in ("compound", "amod") and c.i == tok.i - 1]
    if comps:
        keys.append(f"{comps[0].lower_} {tok.lemma_.lower()}")
    if tok.i + 2 < len(tok.doc) and tok.nbor(1).lower_ == "of":
        keys.append(f"{tok.lemma_.lower()} of {tok.nbor(2).lower_}")  # "state of emergency"
    keys.append(tok.lemma_.lower())
    keys.append(tok.lower_)
    return keys


CONTAINERS = words("nouns", "containers") | words("nouns", "light_nouns")
CARRIERS = words("nouns", "carriers")
CIVILIAN_ACTS = words("actors", "civilian_acts")  # what unnamed residents or citizens do that is coded
ACT_ANAPHORS = words("nouns", "act_anaphors")  # "condemned the move": the act told just before
DOCUMENTS = words("nouns", "documents")  # "a decree annexing", "a message blaming": the signer's act
PARTICIPATE = words("verbs", "participate")


def _object_keys(tok: Token) -> set[str]:
    keys = set(_noun_key(tok))
    if tok.pos_ == "PROPN":
        # a title before a name says who it is: "Ambassador Muktar Ware"
        keys |= {c.lemma_.lower() for c in tok.children if c.dep_ == "compound" and c.i < tok.i}
    if tok.lemma_.lower() in CONTAINERS:
        # "approved a package of sanctions": the contents name the act
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj":
                        keys |= set(_noun_key(p))
    for c in tok.children:
        if c.dep_ == "compound":
            keys.add(f"{c.lower_} {tok.lemma_.lower()}")
            if tok.lemma_.lower() in CARRIERS:
                keys |= set(_noun_key(c))  # "ended mediation efforts": the act is the mediation
    return keys


class EventFinder:
    """Finds event candidates in one sentence."""

    def __init__(self, resolver: ActorResolver, place_codes: dict[int, str] | None = None,
                 table: TriggerTable | None = None) -> None:
        self.r = resolver
        self.table = table or triggers()
        self.place_codes = place_codes or {}
        self.place_tokens = set(self.place_codes)
        self.told: list[Candidate] = []  # events of the sentences read so far, in order

    def context_source(self, tok: Token | None, targets: list[Actor]) -> list[Actor]:
        """The actor a phrase with no country of its own stands for (see ActorResolver.context_actor)."""
        if tok is None or tok.lower_ in ("who", "which", "that"):
            return []
        if any(c.dep_ == "poss" and _first_person(c) for c in tok.lefts):
            return []  # "our military": the speaker's, whom the sentence's states need not be
        a = self.r.context_actor(tok, {t.code for t in targets}, self.place_codes)
        return [a] if a is not None else []

    # -- arguments -----------------------------------------------------
    def subject_of(self, v: Token, depth: int = 0) -> Token | None:
        if depth > 6:
            return None
        for c in v.children:
            if c.dep_ in ("nsubj", "csubj"):
                if c.lower_ in ("who", "which", "that") and v.dep_ == "relcl" and v.head.pos_ in ("NOUN", "PROPN") and (
                        v.tag_ == "VBD" or any(a.dep_ == "aux" and a.lemma_ in ("have", "will") for a in v.children)):
                    # "soldiers who surrendered", "a coalition that has fought":
                    # the noun, where the clause tells an act (not "banks that
                    # finance the war", which describes them)
                    return v.head
                return c
        for c in v.children:
            if c.dep_ == "agent":
                return next((p for p in c.children if p.dep_ == "pobj"), None)
        if v.pos_ == "VERB" and v.dep_ == "ROOT":
            # headline grammar misparsed: "Russia shells Kharkiv" with
            # "Russia" as a compound of the verb
            lead = next((c for c in v.children if c.dep_ == "compound" and c.i < v.i and c.pos_ == "PROPN"), None)
            if lead is None:
                # ... or tagged as a modifier of the verb: "Kyiv slams Hungary's
                # veto" ("Kyiv" an adjective); only the headline's first word
                lead = next((c for c in v.children if c.dep_ in ("amod", "nmod", "npadvmod") and c.i == v.sent.start
                             and c.is_title and self.r.mentions.get(c.i) is not None), None)
            if lead is not None:
                return lead
        if any(c.dep_ == "nsubjpass" for c in v.children):
            return None  # a passive without agent names no doer: "before any agreement could be signed"
        head = v.head
        if head.i == v.i:
            return None
        if v.dep_ == "acl" and head.pos_ in ("VERB", "AUX"):
            return self.subject_of(head, depth + 1)  # "denied planning to attack"
        if v.dep_ == "acl" and v.tag_ == "VBG" and head.pos_ == "NOUN":
            # "the price of China blockading Taiwan": the gerund's doer is the "of" object
            of_obj = next((p for c in head.children if c.dep_ == "prep" and c.lower_ == "of" and c.i < v.i
                           for p in c.children if p.dep_ == "pobj"), None)
            if of_obj is not None:
                return of_obj
        if v.dep_ == "acl" and v.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN") and (
                head.i in self.r.mentions or self.r.sector_of(head) is not None):
            # "opposition supporters taking to the streets", "gunmen firing
            # on the crowd": the people the participle describes do it
            return head
        document = head
        if head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.pos_ == "NOUN":
            document = head.head.head  # "posted a message on Twitter blaming Iran": the message blames
        if v.dep_ == "acl" and v.tag_ == "VBG" and document.pos_ == "NOUN" and document.lemma_.lower() in DOCUMENTS \
                and document.dep_ in ("dobj", "nsubjpass"):
            # "signed a decree annexing four regions", "passed a law banning the
            # party": the document acts for whoever signs or passes it
            return self.subject_of(document.head, depth + 1)
        if v.dep_ == "acl" and v.tag_ == "VBG" and head.pos_ == "NOUN" and head.dep_ == "dobj" \
                and head.head.lemma_.lower() in LIGHT:
            # "launched an operation targeting militants", "began a campaign
            # killing dozens": the act the noun names is done by whoever
            # launched it
            return self.subject_of(head.head, depth + 1)
        if v.dep_ in ("acl", "relcl") and head.pos_ == "NOUN" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
            # "denied plans to invade", "Russia's decision to withdraw": the
            # intention's owner, else whoever holds or denies it
            owner = next((c for c in head.children if c.dep_ == "poss"), None)
            if owner is not None:
                return owner
            if head.dep_ in ("dobj", "nsubjpass", "attr"):
                return self.subject_of(head.head, depth + 1)
            if head.dep_ == "pobj" and head.head.head.pos_ in ("VERB", "AUX"):
                return self.subject_of(head.head.head, depth + 1)
        if v.dep_ in ("dobj", "pobj", "nsubj") and v.tag_ == "VBG":
            return self.subject_of(head, depth + 1)  # a gerund: "denied provoking the crisis"
        if v.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            accused = next((c for c in head.head.children if c.dep_ == "dobj"), None)
            if accused is not None and head.lower_ in ("of", "for", "with"):
                return accused  # "accused Armenia of shelling", "blamed Kyiv for", "charged him with"
            return self.subject_of(head.head, depth + 1)  # "responded by activating", "made headlines by releasing"
        if v.dep_ in ("xcomp", "advcl", "pcomp") or (v.dep_ == "ccomp" and head.lemma_ in OBJECT_CONTROL):
            if head.lemma_ in OBJECT_CONTROL:
                obj = next((c for c in head.children if c.dep_ in ("dobj", "dative")), None)
                if obj is None:  # "called on both sides to stop"
                    obj = next((p for c in head.children if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                                for p in c.children if p.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
            return self.subject_of(head, depth + 1)
        if v.dep_ == "conj":
            return self.subject_of(head, depth + 1)
        if v.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
            passive = any(c.dep_ == "auxpass" for c in v.children) or v.tag_ == "VBN"
            return None if passive else head
        if v.dep_ == "pobj" or (v.dep_ in ("acomp", "attr") and head.pos_ in ("AUX", "VERB")):
            return self.subject_of(head, depth + 1)
        if head.pos_ == "ADJ" and v.dep_ == "xcomp":
            return self.subject_of(head, depth + 1)
        return None

    def antecedent(self, pron: Token) -> list[Actor]:
        """A subject pronoun: the speaker of the report it stands in, else the
        nearest actor subject before it in the sentence or the one before. A
        possessive or object pronoun ("its gas deals", "urged them"): the
        nearest actor before it that is not its own clause's subject. A
        first-person pronoun in a quote ("Our military has bolstered...", the
        JCS said): the quote's speaker."""
        if _first_person(pron):
            return self.quote_speaker(pron)
        if pron.dep_ in ("poss", "dobj", "pobj", "dative") or pron.lower_ in ("them", "him", "its", "their"):
            own_subj = self.subject_of(pron.head if pron.dep_ != "poss" else pron.head.head)
            skip = {t.i for t in own_subj.subtree} if own_subj is not None and pron.dep_ != "poss" else set()
            for t in reversed(pron.doc[pron.sent.start : pron.i]):
                if t.i in skip or t.pos_ not in ("PROPN", "NOUN") or t.dep_ in ("compound", "amod"):
                    continue
                found = self.r.resolve(t)
                if found:
                    return found
        v = pron.head
        while v.head.i != v.i and v.dep_ in ("ccomp", "xcomp", "conj", "advcl"):
            if v.head.lemma_ in REPORT_VERBS or v.head.pos_ == "VERB":
                s = self.subject_of(v.head)
                if s is not None and s.lower_ not in PRONOUNS and s.i != pron.i:
                    found = self.r.resolve(s)
                    if found:
                        return found
                if s is None and v.dep_ == "ccomp" and v.head.lemma_ in REPORT_VERBS:
                    # "At a summit in Accra, Ghana, the Economic Community of
                    # West African States said it...": the parser lost the
                    # subject in the list; the speaker is the last actor named
                    # before the reporting verb
                    for t in reversed(pron.doc[pron.sent.start : v.head.i]):
                        m = self.r.mentions.get(t.i)
                        if m is not None and m.entries[0].kind in ("bloc", "group", "state", "metonym", "person"):
                            found = self.r.resolve(t)
                            if found:
                                return found
            v = v.head
        sent = pron.sent
        doc = pron.doc
        # the sentence before (past the blank line that ends a paragraph, its own segment)
        before = sent.start - 1
        while before > 0 and doc[before].is_space:
            before -= 1
        prev_start = doc[before].sent.start if sent.start > 0 else sent.start
        personal = pron.lower_ in ("he", "she", "him", "his", "her")
        if personal and prev_start > 0:
            # a person is named again as "he" across a quote the parser split
            # into sentences: one sentence further back
            prev_start = doc[prev_start - 1].sent.start
        for t in reversed(doc[prev_start : pron.i]):
            if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ not in PRONOUNS:
                found = self.r.resolve(t)
                # "he" and "she" stand for a person, never for the bloc or
                # state named in between ("... the CSTO did not fulfil its
                # objectives. He also accused Moscow")
                if found and (not personal or _a_person(t, found[0])):
                    return found
        return []

    def quote_speaker(self, tok: Token) -> list[Actor]:
        """Who speaks the words ``tok`` stands in: the subject of a reporting
        verb of its sentence outside the quotation marks ("...," the JCS said;
        X said: "..."), else of the sentence after it or before it (a quote
        running over several sentences)."""
        doc = tok.doc
        sent = tok.sent
        candidates = [sent]
        if sent.end < len(doc):
            candidates.append(doc[sent.end].sent)
        if sent.start > 0:
            candidates.append(doc[sent.start - 1].sent)
        for s in candidates:
            inside = _inside_quotes(s)
            attributed = False
            for v in s:
                if v.lemma_.lower() in REPORT_VERBS and v.pos_ in ("VERB", "AUX") and v.i not in inside:
                    subj = self.subject_of(v)
                    if subj is None or subj.i in inside:
                        continue
                    attributed = True
                    # '"...," he said': the speaker is who "he" is
                    found = self.antecedent(subj) if subj.lower_ in PRONOUNS else (self.r.resolve(subj) or self._placed_person(subj))
                    if found:
                        return found
            if attributed:
                return []  # the quote's speaker is named but unknown here: no guess from other sentences
        return []

    def actors(self, tok: Token | None) -> list[Actor]:
        if tok is None:
            return []
        if tok.lower_ in PRONOUNS or _first_person(tok) or tok.lower_ in ("who", "which", "that"):
            if tok.lower_ in ("who", "which", "that") and tok.head.dep_ == "relcl":
                return self.r.resolve(tok.head.head)
            return self.antecedent(tok) if tok.lower_ in PRONOUNS else []
        mine = next((c for c in tok.lefts if c.dep_ == "poss" and _first_person(c)), None)
        if mine is not None:
            return self.quote_speaker(mine)  # '"Our military has bolstered...," the JCS said'
        return self.r.resolve(tok) or self._placed_person(tok)

    def _placed_person(self, tok: Token) -> list[Actor]:
        """"the Tigray state president Debretsion Gebremichael", "Amhara
        regional officials": a person or official named by the region or town
        they belong to acts for that place's state."""
        if not (tok.ent_type_ == "PERSON" or self.r.sector_of(tok) is not None):
            return []
        # (a region read as a person's modifier is no place of the text: it is looked up here)
        codes: set[str] = set()
        for c in tok.lefts:
            if c.dep_ not in ("compound", "amod", "nmod", "poss"):
                continue
            for t in c.subtree:
                if t.i in self.place_codes:
                    codes.add(self.place_codes[t.i])
                elif t.pos_ == "PROPN" and t.ent_type_ != "PERSON":  # (a first name, "Vladimir Rebic", is no region)
                    readings = {r.country for r in gazetteer().lookup(t.text) if r.source == "alias" and r.country} | {
                        r.country for r in gazetteer().lookup_admin(t.text) if r.country}
                    if len(readings) == 1:
                        codes |= readings
        if len(codes) != 1:
            return []
        code = codes.pop()
        return [Actor(np_span(tok).text, code, _display_name(code), self.r.sector_of(tok), None, None, "context (a region's)")]

    def targets_from(self, tok: Token, preps: frozenset, exclude: set[int], etype: str | None = None) -> list[Actor]:
        for c in tok.children:
            if c.dep_ in ("prep", "dative") and c.lower_ in preps:
                if c.lower_ == "with" and etype is not None and tok.lemma_.lower() not in self.table.flag(etype, "with_target", [tok.lemma_.lower()]):
                    continue  # "attacked in coordination with Burkina Faso": a partner, not a target
                for p in c.children:
                    if p.dep_ == "pobj" and p.i not in exclude:
                        found = self.target_actors(p, etype)
                        if not found:
                            found = self.people_target(p, etype)  # "clashed with protesters"
                        if found:
                            return found
            if c.dep_ == "dative" and c.pos_ in ("PROPN", "NOUN", "PRON"):
                found = self.actors(c)
                if found:
                    return found
        return []

    def _talks_about(self, v: Token) -> bool:
        """A verb of judging or answering another's act (condemn, praise,
        deny, welcome): its trigger type is a verbal one."""
        spec = self.table.verbs.get(v.lemma_.lower())
        return spec is not None and spec[0] in ("ACCUSE", "SUPPORT", "REJECT")

    def _is_event_noun(self, tok: Token) -> bool:
        return tok.pos_ == "NOUN" and any(k in self.table.nouns for k in _noun_key(tok)[-2:])

    def event_noun_actor(self, tok: Token) -> list[Actor]:
        """"condemned the attacks", "the launches": an act named again takes
        its actor from where it was named with one (its owner, "by" agent or
        modifier here, else the same word earlier in the article, at most
        three sentences back: "missile launches by Pyongyang", "RSF drones
        attacked")."""
        own = self._noun_owner(tok)
        if own:
            return own
        if not any(c.dep_ == "det" and c.lower_ in ("the", "these", "this", "those", "that") for c in tok.children):
            return []
        lemma = tok.lemma_.lower()
        doc = tok.doc
        # a salient act ("the strike", "the attacks") is named again well after its telling
        first = _sentence_start_before(doc, tok.sent.start, 6)
        for t in reversed(doc[first: tok.i]):
            if t.lemma_.lower() != lemma:
                continue
            found = self._noun_owner(t) if t.pos_ == "NOUN" else self.actors(self.subject_of(t)) if t.pos_ == "VERB" else []
            if found:
                return found
        # else the last act of the same kind told before, in other words
        # ("the U.S. military struck a boat ... Trinidad praised the strike")
        spec = self.table.nouns.get(lemma)
        if spec is None and lemma not in ACT_ANAPHORS:
            return []
        # the kinds of one-sided act the word may name ("the strikes": a
        # walkout or an attack; "the talks" have two sides, so no guess); a
        # word of no kind ("the move") names any act but words about acts
        if spec is not None:
            kinds = {k for k in {spec[0]} | {sense.then for sense in self.table.senses.get(lemma, [])}
                     if not self.table.flag(k, "symmetric")}
        else:
            kinds = {k for k, info in plover_types().items() if info["quad"].startswith("material")} | {"AGREE"}
        earlier = [c for c in self.told if c.type in kinds and c.trigger.i < tok.sent.start and c.derived_from is None]
        if not earlier:
            return []
        # The story goes on about the act just told ("Israel struck Damascus.
        # The attack killed three"); a reaction is to the story's own act, told
        # in the headline or lede ("... Germany condemned the attack"); else
        # the last act of the kind told nearby.
        prev_start = doc[tok.sent.start - 1].sent.start if tok.sent.start > 0 else tok.sent.start
        just = [c for c in earlier if c.trigger.i >= prev_start]
        lede_end = _lede_end(doc)
        lede = [c for c in earlier if c.trigger.i < lede_end]
        # ("the move", "the decision": the act just told, whatever the slot)
        order = [just[-1:], lede[:1]] if tok.dep_ in ("nsubj", "nsubjpass") or spec is None else [lede[:1], just[-1:]]
        order.append([c for c in earlier[-1:] if c.trigger.i >= first])
        chosen = next((c[0] for c in order if c), None)
        return list(chosen.sources) if chosen is not None else []

    def _noun_owner(self, n: Token) -> list[Actor]:
        """Who makes the act a noun names: its owner or modifier ("Russia's
        strikes", "Russian attacks"), its "by" agent, or the subject of the
        light verb it is the object of ("RSF continued a string of attacks")."""
        slot = n
        if n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.lemma_.lower() in CONTAINERS:
            slot = n.head.head
        if slot.dep_ == "dobj" and slot.head.lemma_.lower() in LIGHT:
            found = self.actors(self.subject_of(slot.head))
            if found:
                return found
        for c in n.lefts:
            if c.dep_ in ("poss", "compound", "amod", "nmod"):
                found = self.actors(c) if c.dep_ == "poss" else self.r.resolve(c, with_conjuncts=True)
                if found:
                    return found
        agent = next((p for c in n.children if c.dep_ == "prep" and c.lower_ == "by" for p in c.children if p.dep_ == "pobj"), None)
        return self.actors(agent) if agent is not None else []

    def people_target(self, tok: Token, etype: str | None) -> list[Actor]:
        """"police fired tear gas at demonstrators", "troops killed villagers":
        people with no country named belong to the state the sentence is
        about (its places first). Forces count as targets only of force."""
        sector = self.r.sector_of(tok)
        if _named_person(tok) and etype == "COERCE":
            # "police arrested Ghannouchi": a person a state's own forces
            # arrest or restrict at home, named with no country, is its own
            home = self.r._home_country(self.place_codes)
            own: set[str] = getattr(self, "_own", set())
            if home and home in own:
                return [Actor(np_span(tok).text, home, _display_name(home), None, None, None,
                              "context (a person held where the article's places lie)")]
            return []
        if sector is None or sector == "GOV" or etype not in PEOPLE_TARGETED:
            return []
        if sector in ("MIL", "COP", "SPY") and etype not in PLACE_TARGETED:
            return []
        found = self.context_source(tok, [])
        if not found and sector in ("CVL", "OPP", "LAB", "EDU", "AGR", "REF", "MED") and etype in PLACE_TARGETED:
            # "troops killed six villagers", "police detained protesters": the
            # people of the country the story happens in
            home = self.r._home_country(self.place_codes)
            if home:
                found = [Actor(np_span(tok).text, home, _display_name(home), sector, None, None, "context (where the article's places lie)")]
        return self._not_own(found)

    def _not_own(self, found: list[Actor]) -> list[Actor]:
        """A guessed target is never the source's own state, unless the story
        happens in that state (a junta shelling its villages, police beating
        protesters): an army abroad does not attack its own side."""
        own: set[str] = getattr(self, "_own", set())
        if not found or found[0].code not in own:
            return found
        home = self.r._home_country(self.place_codes)
        return found if home == found[0].code else []

    def target_actors(self, tok: Token, etype: str | None = None) -> list[Actor]:
        """Who undergoes an act named by a phrase: an actor, else the state a
        possessor in the phrase stands for ("$60 billion of US goods"), and for
        material conflict the state a place stands for ("militia positions in
        Iraq", "seized Crimea"); talks "in Vienna" are not held with Austria."""
        found = self.actors(tok)
        if found:
            return found
        material = etype is not None and plover_types()[etype]["quad"] == "material_conflict"
        stack = [tok]
        while stack:
            t = stack.pop(0)
            if material and t.i in self.place_codes:
                code = self.place_codes[t.i]
                return [Actor(t.text, code, _display_name(code), None, None, None, "place")]
            m = self.r.mentions.get(t.i)
            if m is not None and m.entries[0].kind in ("state", "demonym", "metonym", "group"):
                a = m.resolve(t.doc[m.start:m.end].text, self.r.date)
                if a is not None:
                    return [a]
            ana = self.r.anaphor(t) if t is not tok and t.pos_ == "NOUN" else None
            if ana is not None:
                return [ana]
            for ch in t.children:
                # a clause inside the phrase has its own arguments
                if ch.dep_ in ("relcl", "acl", "advcl", "ccomp", "appos", "conj", "cc", "punct"):
                    continue
                if ch.dep_ == "poss" and t.lemma_.lower() in RELATIONAL_HEADS:
                    continue  # "warned Israel's allies": others, not Israel
                if ch.dep_ == "prep" and ch.lower_ not in ("of", "by") and not material:
                    continue
                stack.append(ch)
        return []

    # -- triggers ------------------------------------------------------
    def phrase_rule(self, v: Token) -> tuple[PhraseRule, Token | None] | None:
        lemma = v.lemma_.lower()
        for rule in self.table.phrases:
            if lemma not in rule.verbs:
                continue
            obj = None
            if rule.objects:
                objs = _verb_objects(v)
                # "set ... on fire", "set fire to": the object may sit in a prep
                objs += [p for c in v.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
                for o in objs:
                    keys = _object_keys(o)
                    if keys & rule.objects or ("@PLACE" in rule.objects and self._is_place(o)) \
                            or ("@STATE" in rule.objects and self.r.resolve(o)):
                        obj = o
                        break
                if obj is None:
                    continue
            if rule.subjects:
                subj = self.subject_of(v)
                if subj is None or not (_object_keys(subj) & rule.subjects):
                    continue
            # a particle, or an adverb of direction ("sent the ambassador home")
            if rule.particles and not any(c.dep_ in ("prt", "advmod") and c.lower_ in rule.particles for c in v.children):
                continue
            # the preposition follows the verb: "called for talks", not "On Friday, ... called"
            if rule.preps and not any((c.dep_ == "prep" and c.lower_ in rule.preps and c.i > v.i)
                                      or (for_to_clause(c) and "for" in rule.preps) for c in v.children):
                continue
            if rule.xcomps and not any(c.dep_ in ("xcomp", "ccomp") and (c.lemma_.lower() in rule.xcomps or
                                                                        ("@ANY" in rule.xcomps and c.dep_ == "xcomp"))
                                       for c in v.children):
                continue
            return rule, obj
        return None

    def _is_place(self, tok: Token) -> bool:
        if tok.i in self.place_tokens or tok.ent_type_ in ("GPE", "LOC", "FAC"):
            return True
        m = self.r.mentions.get(tok.i)
        return m is not None and m.entries[0].kind == "state"

    def find(self, sent: Span) -> list[Candidate]:
        cands: list[Candidate] = []
        consumed: set[int] = set()
        mentions = self.r.mentions
        for tok in sent:
            if tok.i in consumed:
                continue
            if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and False):
                judged = self._label(tok)
                if judged is not None:
                    etype, mode, word = judged
                    before = len(cands)
                    self._verb_event(tok, etype, mode, f"label '{tok.lemma_} ... {word}'", cands, None)
                    if any(c.dep_ == "dobj" and c.lower_ in ("it", "this", "that") for c in tok.children):
                        # "... and called it terrorism": "it" is what the
                        # sentence told, not an actor named near it
                        for c in cands[before:]:
                            c.targets = []
                    continue
                hit = self.phrase_rule(tok)
                if hit:
                    rule, obj = hit
                    if obj is not None:
                        consumed.add(obj.i)
                    self._verb_event(tok, rule.type, rule.mode, f"phrase '{tok.lemma_} {obj.lemma_ if obj is not None else ''}'".replace(" '", "'"), cands, obj)
                    continue
                spec = self.table.verbs.get(tok.lemma_.lower())
                if spec and tok.i not in mentions:
                    spec = self._early_sense(tok, spec)
                    if spec is not None:
                        self._verb_event(tok, spec[0], spec[1], f"verb '{tok.lemma_}'", cands, None)
            elif tok.pos_ in ("NOUN", "PROPN") and tok.i not in mentions:
                carrier = tok.head if tok.dep_ == "compound" and tok.head.lemma_.lower() in CARRIERS else None
                if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN") and carrier is None:
                    continue  # "attack helicopters": a modifier, not an event
                if carrier is not None and carrier.i in mentions:
                    continue
                # "launched a mediation effort between...": the act is the
                # modifier's, its place in the sentence the carrier's
                slot = carrier if carrier is not None else tok
                for key in _noun_key(tok):
                    spec = self.table.nouns.get(key)
                    if spec:
                        spec = self._early_sense(tok, spec)
                        if spec is not None:
                            named = f"noun '{key} {carrier.lemma_}'" if carrier is not None else f"noun '{key}'"
                            self._noun_event(slot, spec[0], spec[1], named, cands)
                        if carrier is not None:
                            consumed.add(carrier.i)
                        break
        cands = _drop_result_participles(cands)
        # the same event from two triggers ("attacked ... the attack"): keep the shallower
        best: dict[tuple, Candidate] = {}
        told = {c.type for c in cands if c.sources}
        for c in cands:
            targets: list[Actor | None] = list(c.targets) or [None]
            if not c.sources and c.type not in told:
                # a doer left to the story: kept apart, unless the sentence
                # tells an act of its type with a doer (whose result it is:
                # "shelled the town; three people were killed")
                best[(c.type, None, tuple(t.code for t in c.targets), c.anchor.i)] = c
            for src, tgt in product(c.sources, targets):
                pair = (c.type, src.code, tgt.code if tgt is not None else None, c.anchor.i)
                if pair not in best or c.depth < best[pair].depth:
                    best[pair] = c
        seen: set[int] = set()
        out = []
        for c in best.values():
            if id(c) not in seen:
                seen.add(id(c))
                out.append(c)
        self.told += out
        return out

    def _label(self, v: Token) -> tuple[str, str | None, str] | None:
        """"called the deal illegal", "described the visit as a violation of
        its sovereignty": a label put on something is a judgement of it, its
        type read from the label's words (triggers.toml [[label]])."""
        if v.lemma_.lower() not in self.table.label_verbs:
            return None
        preds = [c for c in v.children if c.dep_ == "oprd" or (c.dep_ in ("advmod", "acomp") and c.pos_ == "ADJ")]
        # "ruled that the prorogation was unlawful": the verdict of a copula under the verb
        preds += [p for c in v.children if c.dep_ == "ccomp" and c.lemma_ == "be"
                  for p in c.children if p.dep_ in ("acomp", "attr")]
        obj = next((c for c in v.children if c.dep_ == "dobj"), None)
        for holder in [v] + ([obj] if obj is not None else []):
            # "as a violation", "as criminal and terrorist" (an adjective under "as")
            preds += [p for c in holder.children if c.dep_ == "prep" and c.lower_ == "as" for p in c.children
                      if p.dep_ in ("pobj", "amod", "acomp", "attr")]
        return self._verdict(preds)

    def speaker_codes(self, anchor: Token) -> set[str]:
        """Codes of whoever says, fears or estimates the clause of ``anchor``."""
        v = anchor
        while v.head.i != v.i and v.dep_ in ("ccomp", "xcomp", "conj", "advcl", "dobj", "pobj", "prep", "acl", "acomp", "attr", "relcl"):
            if v.dep_ == "ccomp":
                subj = self.subject_of(v.head)
                if subj is None:
                    return set()
                codes = {a.code for a in self.actors(subj)}
                if not codes and subj.lemma_.lower() in OUTSIDE_SPEAKERS:
                    return {"?"}  # "analysts said Moscow could attack": their view, not Moscow's word
                return codes
            v = v.head
        return set()

    def demands(self, sent: Span) -> list[Candidate]:
        """"X said Libya must hand over the suspects": X REQUESTs it of Libya,
        whatever the demanded act is. The demanded act, where it is an event
        trigger, is coded as well (hypothetical: it has not happened)."""
        out = []
        for v in sent:
            if v.pos_ not in ("VERB", "AUX") or not any(ch.dep_ == "aux" and ch.lower_ in OBLIGATION for ch in v.children):
                continue
            r = v
            while r.head.i != r.i and r.dep_ in ("ccomp", "conj", "xcomp"):
                r = r.head
                if r.lemma_.lower() in DEMAND_REPORTERS:
                    break
            if r is v or r.lemma_.lower() not in DEMAND_REPORTERS:
                continue
            speakers = self.actors(self.subject_of(r))
            addressees = self.actors(self.subject_of(v))
            speakers = [s for s in speakers if s.code not in {a.code for a in addressees}]
            if speakers and addressees:
                out.append(Candidate("REQUEST", self._mode("REQUEST", None, v, v), v, r,
                                     f"demand: '{v.text}' under '{r.text}' (obligation reported by another actor)",
                                     speakers, addressees, depth_of(r) - 0.5, fixed_status=True))
        return out

    def judgements(self, sent: Span) -> list[Candidate]:
        """"The US said the arrests represent a troubling escalation": a
        verdict on an act, reported from its speaker, judges the act's doer
        (the type read from the [[label]] words, as for "called the arrests
        an escalation")."""
        out = []
        for v in sent:
            if v.dep_ != "ccomp" or v.lemma_.lower() not in JUDGEMENT_LINKS or v.head.lemma_.lower() not in REPORT_VERBS:
                continue
            act = next((c for c in v.children if c.dep_ == "nsubj"), None)
            if act is None or act.pos_ != "NOUN" or not (act.lemma_.lower() in JUDGED_ACTS or act.lemma_.lower() in self.table.nouns):
                continue
            preds = [c for c in v.children if c.dep_ in ("attr", "acomp", "dobj")]
            preds += [p for c in v.children if c.dep_ == "prep" and c.lower_ == "to" for p in c.children if p.dep_ == "pobj"]
            judged = self._verdict(preds)
            if judged is None:
                continue
            speakers = self.actors(self.subject_of(v.head))
            if not speakers:
                continue
            own = {a.code for a in speakers}
            # the act's doer: named with it, before it, or in the verdict ("an escalation BY the government")
            by = [a for p in preds for c in p.children if c.dep_ == "prep" and c.lower_ == "by"
                  for o in c.children if o.dep_ == "pobj" for a in self.actors(o)]
            doers = [a for a in self.event_noun_actor(act) + by if a.code not in own] or \
                self._state_inside(act, set(), own)
            etype, mode, word = judged
            out.append(Candidate(etype, mode, v.head, v.head, f"judgement: '{act.text}' {v.text} '{word}' (said by the speaker)",
                                 speakers, doers, depth_of(v.head), fixed_status=True))
        return out

    def _verdict(self, preds: list[Token]) -> tuple[str, str | None, str] | None:
        """The [[label]] type a judgement's words carry ("a violation", "a
        troubling escalation", "unacceptable"), or None."""
        preds = preds + [c for p in preds for c in p.conjuncts]
        for pred in preds:
            said = {pred.lemma_.lower(), pred.lower_}
            said |= {c.lemma_.lower() for c in pred.children if c.dep_ in ("amod", "compound", "advmod")}
            said |= {o.lemma_.lower() for c in pred.children if c.dep_ == "prep" and c.lower_ == "of"
                     for o in c.children if o.dep_ == "pobj"}
            for words_, etype, mode in self.table.labels:
                if said & words_:
                    return etype, mode, pred.text
        return None

    def _mode(self, etype: str, mode: str | None, trigger: Token, anchor: Token) -> str | None:
        if mode:
            return mode
        # the anchor's own clause: its subtree without conjoined, complement,
        # adverbial or relative clauses below it
        clause, stack = [], [anchor]
        while stack:
            t = stack.pop()
            clause.append(t)
            stack.extend(c for c in t.children if c.dep_ not in ("conj", "ccomp", "advcl", "relcl"))
        clause.sort(key=lambda t: t.i)
        lemmas = {t.lemma_.lower() for t in clause} | {t.lower_ for t in clause}
        lemmas |= {t.lemma_.lower() for t in trigger.subtree}
        lemmas |= {f"{a.lower_} {b.lower_}" for a, b in zip(clause, clause[1:])}
        for m, cues in self.table.modes.get(etype, []):
            if lemmas & cues:
                return m
        return None

    def _verb_event(self, v: Token, etype: str, mode: str | None, rule: str, out: list, obj: Token | None) -> None:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)
        src_tok = tgt_tok = None
        exclude: set[int] = set()
        if passive:
            tgt_tok = next((c for c in v.children if c.dep_ == "nsubjpass"), None)
            agent = next((c for c in v.children if c.dep_ == "agent"), None)
            src_tok = next((p for p in agent.children if p.dep_ == "pobj"), None) if agent is not None else None
        else:
            src_tok = self.subject_of(v)
            tgt_tok = next((c for c in v.children if c.dep_ in ("dobj", "dative")), None)
        if src_tok is None and passive and v.dep_ in ("acl", "relcl") and v.head.pos_ in ("NOUN", "PROPN"):
            tgt_tok = tgt_tok or v.head
        if passive and v.dep_ == "relcl" and tgt_tok is not None and _relative_word(tgt_tok):
            # "Hamas, which is backed by Iran", "a tycoon who was blacklisted by
            # Washington": who undergoes it is the noun the clause describes
            tgt_tok = v.head
        if src_tok is None and passive and (self.table.flag(etype, "passive_subject_is_source") or etype == "MOBILIZE"):
            # "peacekeepers have been deployed": who moves is the subject
            src_tok, tgt_tok = tgt_tok, None
        if src_tok is None and not passive:
            src_tok = self.subject_of(v)
        sources = self.actors(src_tok)
        self._own = {a.code for a in sources}  # read by the fallback targets below
        if not sources and src_tok is None and passive and v.lemma_.lower() in self.table.flag(etype, "implicit_state_agent", []):
            # "dozens of protesters were detained": only a state's police detain
            home = self._where(v)
            if home:
                sources = self._authorities(home)
                rule += "; passive arrest: the authorities where it happens"
        if src_tok is not None:
            # (the subject's own words; a relative clause's noun holds the
            # clause itself, whose objects are the act's: "a coalition that
            # has fought the Houthis")
            exclude |= {t.i for t in src_tok.subtree} - ({t.i for t in v.subtree} if src_tok.i == v.head.i else set())
        preps = self.table.target_preps.get(etype, frozenset())
        targets: list[Actor] = []
        if tgt_tok is not None and tgt_tok.i not in exclude:
            targets = self.target_actors(tgt_tok, etype)
            if not targets:
                # "imposed sanctions on Russia": the target hangs off the object
                targets = self.targets_from(tgt_tok, preps | {"on", "against", "to", "of", "with"}, exclude, etype)
        if not targets:
            targets = self.targets_from(v, preps, exclude, etype)
        if not targets and obj is not None:
            targets = self.targets_from(obj, preps | {"on", "against"}, exclude, etype)
        if not targets and etype in ("REJECT", "REQUEST", "AGREE", "THREATEN"):
            # "refused to supply weapons to Ukraine", "denied interfering in
            # Moldova's affairs": the act's recipient
            for x in v.children:
                if for_to_clause(x):
                    # "called for the EU to drop the sanctions": the clause's subject is asked
                    subj = next((c for c in x.children if c.dep_ == "nsubj"), None)
                    targets = self.target_actors(subj, etype) if subj is not None and subj.i not in exclude else []
                    if targets:
                        break
                if x.dep_ == "xcomp" or (x.dep_ in ("dobj", "pcomp") and x.tag_ == "VBG"):
                    obj2 = next((c for c in x.children if c.dep_ in ("dobj", "dative")), None)
                    targets = (self.target_actors(obj2) if obj2 is not None else []) or self.targets_from(
                        x, frozenset({"to", "against", "on", "with", "from", "in", "into"}), exclude)
                    if targets:
                        break
        if not targets and tgt_tok is not None and tgt_tok.i not in exclude:
            targets = self.people_target(tgt_tok, etype)
        if not targets and tgt_tok is not None and tgt_tok.i not in exclude and etype in ABOUT_ACTS \
                and tgt_tok.pos_ == "NOUN":
            # "condemned the attacks": the target is who attacked
            targets = [a for a in self.event_noun_actor(tgt_tok) if a.code not in {s.code for s in sources}]
        if not targets and tgt_tok is not None and tgt_tok.i not in exclude and etype == "ACCUSE" and tgt_tok.pos_ == "NOUN":
            # "condemned the violence in Haiti", "criticised the crackdown on
            # journalists in Azerbaijan": the one state the object is about
            targets = self._state_inside(tgt_tok, exclude, {s.code for s in sources})
            if targets:
                rule += "; target: the state its object is about"
        if not targets and etype == "THREATEN":
            targets = [t for t in self._content_target(v, exclude, {s.code for s in sources})]
        if not targets and sources and sources[0].kind == "implicit agent" and tgt_tok is not None and self.r.resolve(tgt_tok) == []:
            # "eleven people have been charged", "he was sentenced": whoever a
            # state's unnamed courts and police charge, sentence or hold,
            # named with no country, is its own
            home = sources[0].code
            targets = [Actor(np_span(tgt_tok).text, home, _display_name(home), None, None, None, "context (held by its own authorities)")]
            rule += "; target: the authorities' own people"
        if not targets and v.lemma_.lower() in self.table.flag(etype, "need_target", []):
            return
        if not sources and src_tok is not None and self._is_event_noun(src_tok) and _definite(src_tok):
            # "the attack killed three people": whoever made that attack (told
            # before), or nobody; "a roadside bombing killed..." is a new act,
            # below
            sources = self.event_noun_actor(src_tok)
            if sources:
                rule += "; source: who made the earlier-named act"
        elif not sources and src_tok is not None:
            sources = self._document_issuer(src_tok)
            if sources:
                rule += "; source: who issued the document"
            elif self._stands_for_country(src_tok, etype, targets):
                sources = self.context_source(src_tok, targets)
                if sources:
                    rule += _context_note(sources)
        story_source = False
        if not sources:
            if not (etype in STORY_SOURCED and v.lemma_.lower() in STORY_SOURCED_VERBS and passive
                    and not any(c.dep_ == "agent" for c in v.children)):
                return
            if any(c.dep_ == "aux" and c.lemma_ == "have" for c in v.children) or any(
                    c.dep_ == "prep" and c.lower_ in ("in", "during", "since", "over") and (self._is_event_noun(p) or p.ent_type_ == "DATE")
                    for c in v.children for p in c.children if p.dep_ == "pobj") or any(
                    c.dep_ == "conj" and c.lemma_.lower() in ("injure", "wound", "displace", "maim") for c in v.children):
                # "14,000 people have been killed in the fighting", "some 800
                # were killed or wounded over the past two months": a toll of acts
                # named (or a war told) elsewhere, not a new act
                return
            # "52 people were killed in the capital": no doer in the words;
            # the story's parties may tell it (stage "counterpart"), else it is dropped
            story_source = True
            rule += "; source: left to the story's parties"
        if v.lemma_.lower() in WARN_VERBS and not any(c.dep_ in ("dobj", "dative") for c in v.children):
            # A warning without an addressee threatens only if it announces
            # something done to someone: "warned that Moscow would pay a high
            # price" yes; "warned that Moscow could attack" (an alert) and
            # "warned that the law was incompatible" (an opinion) no.
            content = next((c for c in v.children if c.dep_ in ("ccomp", "xcomp")), None)
            of = any(c.dep_ == "prep" and c.lower_ in ("of", "against") for c in v.children)
            if content is not None:
                about = self.actors(self.subject_of(content))
                own = {s.code for s in sources}
                if content.lemma_.lower() in RECEIVE | {"pay"} and not own & {a.code for a in about}:
                    targets = targets or about
                elif about and own & {a.code for a in about} and (self._has_trigger(content) or content.lemma_.lower() in RESPONSES):
                    pass  # "Belarus would retaliate": the speaker's own act
                else:
                    return
            elif not of:
                return
        targets = [t for t in targets if not (len(sources) == 1 and t.text == sources[0].text)]
        # a label on "it" judges what the sentence already told ("accused
        # Lukashenko of orchestrating the crisis and called it terrorism"):
        # no other party is guessed for it, so it joins that telling
        labels_pronoun = rule.startswith("label ") and any(c.dep_ == "dobj" and c.lower_ in ("it", "this", "that") for c in v.children)
        done = self._conclude(etype, mode, rule, sources, targets, v, v, exclude, other_party=not labels_pronoun and not story_source)
        if done is None:
            return
        etype, mode, rule, sources, targets = done
        demand = self._condition_demand(v, sources)
        if demand is not None:
            # "will keep attacking until they withdraw", "threatens strikes if
            # Hezbollah is not disarmed": the condition for stopping is a demand
            # made now, of those who must meet it
            demander, addressed = demand
            out.append(Candidate("REQUEST", None, v, v, rule + "; a condition for stopping force is a demand", demander,
                                 addressed, depth_of(v), fixed_status=True))
            return
        out.append(Candidate(etype, self._mode(etype, mode, v, v), v, v, rule, sources, targets, depth_of(v)))

    def _document_issuer(self, n: Token) -> list[Actor]:
        """"The statement, signed by the EU's foreign policy chief, condemned":
        a document speaks for whoever signed or issued it."""
        if n.pos_ != "NOUN":
            return []
        for acl in n.children:
            if acl.dep_ == "acl" and acl.tag_ == "VBN" and acl.lemma_.lower() not in BACKERS:
                agent = next((p for c in acl.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)
                found = self.actors(agent) if agent is not None else []
                if found:
                    return found
        return []

    def _stands_for_country(self, subj: Token, etype: str, targets: list[Actor]) -> bool:
        """Whether a subject with no country of its own may take the
        sentence's: not an unowned blast in a story between states ("an
        explosion in Lviv killed one person": whose, the words do not say; "a
        roadside bombing killed a U.S. soldier" in Iraq is the home country's
        insurgents), and not a thing in a verbal act ("interceptors rose to
        meet them" stands for no state)."""
        if subj.pos_ != "NOUN":
            return True
        if self._is_event_noun(subj) and not self._domestic_story({t.code for t in targets}):
            return False
        return not (plover_types()[etype]["quad"].startswith("verbal") and not subj.ent_type_
                    and self.r.sector_of(subj) is None and subj.lemma_.lower() not in words("actors", "speaker_nouns"))

    def _domestic_story(self, targets: frozenset[str] | set[str] = frozenset()) -> bool:
        """Whether the article names no state but the one its places lie in
        (and the event's targets)."""
        home = self.r._home_country(self.place_codes)
        return home is not None and self.r._only_state(home, allowed=targets)

    def _condition_demand(self, v: Token, sources: list[Actor]) -> tuple[list[Actor], list[Actor]] | None:
        """Who demands the act of ``v``, and of whom, when it is the condition
        on which force stops ("until"/"unless", or "if ... not"); None otherwise."""
        if v.dep_ != "advcl" or v.head.pos_ not in ("VERB", "AUX"):
            return None
        marks = {c.lower_ for c in v.children if c.dep_ == "mark"}
        negated = any(c.dep_ == "neg" for c in v.children)
        if not (marks & {"until", "unless", "till"} or ("if" in marks and negated)):
            return None
        main = v.head
        forceful = {"ASSAULT", "THREATEN", "SANCTION", "COERCE"}
        verbs = [main] + [c for c in main.children if c.dep_ == "xcomp"]
        if not any(self.table.verbs.get(t.lemma_.lower(), ("",))[0] in forceful for t in verbs):
            return None
        demander = self.actors(self.subject_of(main))
        if not demander:
            return None
        own = {a.code for a in demander}
        addressed = [a for a in sources if a.code not in own]
        subj = self.subject_of(v)
        if not addressed and subj is not None and subj.lower_ in PRONOUNS - FIRST_PERSON:
            # "shell the rebels until they lay down their arms": those the force is used on
            objs = [c for t in verbs for c in t.children if c.dep_ == "dobj"]
            addressed = [a for o in objs for a in self.target_actors(o) if a.code not in own]
        return (demander, addressed) if addressed else None

    def _conclude(self, etype: str, mode: str | None, rule: str, sources: list[Actor], targets: list[Actor],
                  trigger: Token, anchor: Token, exclude: set[int], other_party: bool
                  ) -> tuple[str, str | None, str, list[Actor], list[Actor]] | None:
        """The last steps of every candidate: a target guessed where the words
        name none (the place an attack hits, the other party of the clause),
        the trigger's sense (None: not an event here), and the pairing of
        symmetric acts ("Armenia and Azerbaijan agreed": one with the other)."""
        if sources and etype not in CIVILIAN_ACTS and all(s.sector == "CVL" and (s.kind or "").startswith("context") for s in sources):
            return None  # "residents gave blood": private people, unnamed, act for no state but by protest
        if not targets and etype in PLACE_TARGETED:
            targets = self._place_target(anchor, exclude)
        if not targets and other_party and etype in SENTENCE_TARGETED and not (
                self.table.flag(etype, "symmetric") and len(sources) > 1) and not (
                self.table.flag(etype, "solo_type") and len(sources) < 2):
            # (a joint act with no partner named is one side's act alone, below)
            targets = self._other_party(anchor, sources, etype, exclude)
            if targets:
                rule += "; target: the other party the sentence names"
        if not targets and self.table.flag(etype, "people_address_own_state") and sources and all(
                s.sector in PEOPLE_SECTORS and s.code not in BODY_CODES for s in sources) and len({s.code for s in sources}) == 1:
            # "protesters demanded new elections", "the opposition accused the
            # election commission": a country's people address their own state
            code = sources[0].code
            targets = [Actor("(their own state)", code, _display_name(code), "GOV", None, None, "context (domestic)")]
            rule += "; target: the protesters' own state"
        retyped = self._retype(etype, mode, rule, sources, targets, trigger)
        if retyped is None:
            return None
        if retyped[0] != etype and not targets:
            # retyped ("held war games around Taiwan": one side alone, so a
            # show of force): look for the target with the new type's prepositions
            preps = self.table.target_preps.get(retyped[0], frozenset())
            for head in [anchor, trigger] + [c for c in (anchor, trigger) for c in c.children if c.dep_ == "dobj"]:
                targets = self.targets_from(head, preps, exclude, retyped[0])
                if targets:
                    break
        etype, mode, rule = retyped
        if self.table.flag(etype, "symmetric") and len(sources) > 1 and not targets:
            sources, targets = sources[:1], sources[1:]
        elif len(sources) > 1 and not targets and (_reciprocal(trigger) or all(s.kind == "the two sides" for s in sources)):
            # "the two sides accuse each other", "both sides expelled
            # diplomats": each at the other (the records stage leaves out a
            # party paired with itself)
            targets = list(sources)
            rule += "; target: each other"
        return etype, mode, rule, sources, targets

    def _state_inside(self, obj: Token, exclude: set[int], own: set[str]) -> list[Actor]:
        """The one state named inside an object phrase (as a place or an
        actor), other than the source's own; none where it names several."""
        found: dict[str, Token] = {}
        for t in obj.subtree:
            if t.i in exclude:
                continue
            m = self.r.mentions.get(t.i)
            code = self.place_codes.get(t.i) or (m.entries[0].code if m is not None and m.entries[0].kind in ("state", "demonym", "metonym") else None)
            if code and code not in own and code not in BODY_CODES:
                found.setdefault(code, t)
        if len(found) != 1:
            return []
        (code, t), = found.items()
        return [Actor(t.text, code, _display_name(code), None, None, None, "object (about)")]

    def _content_target(self, v: Token, exclude: set[int], own: set[str]) -> list[Actor]:
        """"warned that it would keep striking Lebanon", "warned of worse
        unless Iran accepts": whom the threatened act is aimed at."""
        queue = [c for c in v.children if c.dep_ in ("ccomp", "xcomp", "prep", "advcl")]
        while queue:
            t = queue.pop(0)
            if t.i not in exclude and t.dep_ in ("dobj", "pobj", "nsubj", "dative") and t.pos_ in ("PROPN", "NOUN"):
                found = [a for a in self.target_actors(t) if a.code not in own]
                if found:
                    return found
            queue.extend(c for c in t.children if c.dep_ not in ("relcl", "appos", "punct"))
        return []

    def _place_target(self, anchor: Token, exclude: set[int]) -> list[Actor]:
        """An attack on a town or a base is an attack on the state it lies in
        (PLOVER practice): the place in the event's own phrase first, then
        any place named in the sentence."""
        own = [t for t in anchor.subtree if t.i in self.place_codes and t.i not in exclude]
        rest = [t for t in anchor.sent if t.i in self.place_codes and t.i not in exclude]
        for t in own + rest:
            code = self.place_codes[t.i]
            return [Actor(t.text, code, _display_name(code), None, None, None, "place")]
        # "shelled the village": a place with no name lies where the story does
        objs = [c for c in anchor.children if c.dep_ in ("dobj", "nsubjpass")]
        objs += [p for c in anchor.children if c.dep_ == "prep" and c.lower_ in ("on", "in", "at", "into") for p in c.children if p.dep_ == "pobj"]
        for o in objs:
            if o.i not in exclude and o.lemma_.lower() in location_nouns():
                home = self.r._home_country(self.place_codes)
                if home:
                    return self._not_own([Actor(np_span(o).text, home, _display_name(home), None, None, None, "place (article)")])
        return []

    def _other_party(self, anchor: Token, sources: list[Actor], etype: str = "",
                     exclude: set[int] | frozenset[int] = frozenset()) -> list[Actor]:
        """An act done to someone whose words name no target takes the one
        other actor its clause names ("Tokyo deplored the test and urged
        Pyongyang to stop"): states, groups, blocs and people, not
        the source's own side, nearest first, in the anchor's own clause, and
        never inside the doer's own phrase ("the Houthis, who are armed by
        Iran, fired at ships" does not fire at Iran)."""
        own = {a.code for a in sources}
        clause = _clause_tokens(anchor, plover_types()[etype]["quad"].startswith("verbal") if etype else False) - exclude
        found: list[tuple[int, Actor]] = []
        for m in {id(m): m for i, m in self.r.mentions.items() if i in clause}.values():
            e = m.entries[0]
            if e.kind not in ("state", "demonym", "metonym", "group", "bloc", "person") or e.code in ("NGO", "IGO"):
                continue
            head = self.r.doc[m.end - 1]
            if not _is_actor_slot(head if head.dep_ != "compound" else head.head) or head.dep_ in ("compound", "amod") \
                    and head.head.lemma_.lower() not in ROLE_HEADS:
                continue  # "in Ukraine" is where, "with US approval" whose approval: no party to the act
            if head.dep_ == "poss" and head.head.lemma_.lower() in RELATIONAL_HEADS:
                continue  # "warned Israel's allies": others, not Israel
            a = m.resolve(self.r.doc[m.start:m.end].text, self.r.date)
            if a is None or a.code in own:
                continue
            found.append((abs(m.start - anchor.i), a))
        codes = {a.code for _, a in found}
        if len(codes) != 1:
            return []  # none, or several: no guess
        return [min(found, key=lambda f: f[0])[1]]

    def _authorities(self, home: str) -> list[Actor]:
        """The police or courts of ``home``, doers of an arrest no one is
        named making; they are the act's own side (read by ``people_target``)."""
        self._own = {home}
        return [Actor("(the authorities)", home, _display_name(home), "COP", None, None, "implicit agent")]

    def _told_before(self, etype: str, mode: str | None, n: Token) -> bool:
        """Whether the article told an act of this kind before ``n``'s sentence
        (or names it with a date or a place of its own: "the 2020 war", or in
        the headline, which tells nothing new as a circumstance). A curfew told
        is no arrest told: modes, where both have one, agree."""
        if any(c.type == etype and (c.mode is None or mode is None or c.mode == mode) and c.trigger.i < n.sent.start
               for c in self.told):
            return True
        return any(t.ent_type_ in ("DATE", "GPE", "LOC", "FAC", "NORP") or t.i in self.r.mentions
                   for c in n.lefts for t in c.subtree) or n.sent.start == 0

    def _where(self, anchor: Token) -> str | None:
        """The country the sentence's places lie in, else the article's."""
        for t in anchor.sent:
            if t.i in self.place_codes:
                return self.place_codes[t.i]
        return self.r._home_country(self.place_codes)

    def _has_trigger(self, tok: Token) -> bool:
        return any(t.lemma_.lower() in self.table.verbs or t.lemma_.lower() in self.table.nouns for t in tok.subtree)

    def _retype(self, etype: str, mode: str | None, rule: str, sources: list[Actor], targets: list[Actor],
                trigger: Token) -> tuple[str, str | None, str] | None:
        """The trigger's sense in this setting (None: not an event here), then
        the per-type switches (a government's protest is an accusation)."""
        sense = self.sense_of(trigger, etype, sources)
        if sense is not None:
            if sense.then == "none":
                return None
            if sense.then != etype:
                etype, mode = sense.then, sense.mode
            elif sense.mode:
                mode = sense.mode
            rule += f"; sense: {sense.why or sense.then}"
            return etype, mode, rule
        gov_type = self.table.flag(etype, "government_type")
        if gov_type and sources and all(_governmental(s) for s in sources) \
                and mode not in self.table.flag(etype, "government_keeps", []):
            return gov_type, self.table.flag(etype, "government_mode"), rule + f"; a government's {etype.lower()} is {gov_type}"
        solo = self.table.flag(etype, "solo_type")
        solo_words = self.table.flag(etype, "solo_words", None)
        if solo and not targets and len(sources) < 2 and not any(c.lower_ == "joint" for c in trigger.lefts) \
                and (solo_words is None or _lemmas_with_objects(trigger) & set(solo_words)):
            return solo, self.table.flag(etype, "solo_mode"), rule + f"; one side alone: {solo}"
        return etype, mode, rule

    def _early_sense(self, tok: Token, spec: tuple[str, str | None]) -> tuple[str, str | None] | None:
        """The word's sense where its setting alone decides it ("air strikes"
        are ASSAULT), before arguments are looked for with that type's
        prepositions; senses that depend on the source wait for ``_retype``."""
        sense = self.sense_of(tok, spec[0], [])
        if sense is None or sense.source is not None:
            return spec
        if sense.then == "none":
            return None
        return (sense.then, sense.mode or (spec[1] if sense.then == spec[0] else None))

    def sense_of(self, tok: Token, etype: str, sources: list[Actor]) -> Sense | None:
        """The first ``[[sense]]`` of the trigger's lemma whose conditions hold."""
        senses = self.table.senses.get(tok.lemma_.lower()) or self.table.senses.get(tok.lower_)
        if not senses:
            return None
        is_verb = tok.pos_ in ("VERB", "AUX")
        facts: dict[str, set[str]] = {}

        def get(name: str) -> set[str]:
            if name not in facts:
                facts[name] = self._sense_facts(tok, name, is_verb)
            return facts[name]

        for sense in senses:
            if sense.pos and sense.pos != ("verb" if is_verb else "noun"):
                continue
            if sense.only_type and etype not in sense.only_type:
                continue
            if sense.dep and tok.dep_ not in sense.dep:
                continue
            if sense.source == "government" and not (sources and all(_governmental(s) for s in sources)):
                continue
            if sense.source == "other" and sources and all(_governmental(s) for s in sources):
                continue
            if sense.past and not (is_verb and tok.tag_ in ("VBD", "VBN")):
                continue
            if sense.no_object and get("object"):
                continue
            if sense.with_object and not get("object"):
                continue
            if sense.object_not and (not get("object") or get("given") & sense.object_not):
                continue
            if sense.subject_not and get("subject") & sense.subject_not:
                continue
            if any(cond and not (cond & get(name)) for name, cond in (
                    ("near", sense.near), ("object", sense.object), ("subject", sense.subject),
                    ("content", sense.content), ("governor", sense.governor))):
                continue
            return sense
        return None

    def _sense_facts(self, tok: Token, name: str, is_verb: bool) -> set[str]:
        words: set[str] = set()
        if name == "near":
            for c in tok.lefts:
                if c.dep_ in ("compound", "amod", "nmod", "npadvmod"):
                    words |= {c.lower_, c.lemma_.lower()}
            for t in tok.doc[max(tok.sent.start, tok.i - 2): tok.i]:
                words |= {t.lower_, t.lemma_.lower()}
        elif name == "object":
            if is_verb:
                objs = _verb_objects(tok)
            else:
                objs = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
                objs += [g for o in objs for g in o.conjuncts]
            for o in objs:
                words |= _object_keys(o)
        elif name == "given":
            # what a verb of giving gives: its objects, "provided Ukraine WITH
            # jets", "sent 200 tonnes OF food"
            objs = _verb_objects(tok) if is_verb else []
            objs += [p for h in [tok, *objs] for c in h.children if c.dep_ == "prep" and c.lower_ in ("with", "of")
                     for p in c.children if p.dep_ == "pobj"]
            for o in objs:
                words |= _object_keys(o) | {g.lemma_.lower() for g in o.conjuncts}
        elif name == "subject":
            subj = self.subject_of(tok) if is_verb else None
            if subj is not None:
                words |= _object_keys(subj)
                words |= {c.lemma_.lower() for c in subj.lefts if c.dep_ in ("compound", "amod")}
            if not is_verb:
                words |= {c.lemma_.lower() for c in tok.lefts if c.dep_ in ("poss", "compound", "amod", "nmod")}
                slot = tok
                if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in CONTAINERS:
                    slot = tok.head.head  # "carried out scores of raids": the quantity stands in the verb's slot
                if slot.head.pos_ in ("VERB", "AUX") or (slot.dep_ == "pobj" and slot.head.head.pos_ in ("VERB", "AUX")):
                    v = slot.head if slot.head.pos_ in ("VERB", "AUX") else slot.head.head
                    s = self.subject_of(v)
                    if s is not None:
                        words |= _object_keys(s)
        elif name == "content":
            for c in tok.children:
                if c.dep_ in ("dobj", "xcomp", "ccomp", "prep", "attr", "oprd"):
                    words |= {t.lemma_.lower() for t in c.subtree}
        elif name == "governor":
            head = tok.head
            if tok.dep_ == "pobj":
                words.add(f"{head.lower_} {tok.lemma_.lower()}")  # "on strike"
                words.add(head.lower_)  # "during the ceasefire"
                head = head.head
            if head.i != tok.i:
                words.add(head.lemma_.lower())
        return words

    def _noun_event(self, n: Token, etype: str, mode: str | None, rule: str, out: list) -> None:
        if n.ent_type_ in ("DATE", "TIME"):
            return  # "since March", "in May": a month, no march
        gov = n.head
        anchor = n
        sources: list[Actor] = []
        targets: list[Actor] = []
        preps = self.table.target_preps.get(etype, frozenset())
        if not any(t.pos_ in ("VERB", "AUX") for t in n.sent):
            return  # a heading or a caption fragment ("India-Pakistan Ceasefire:") tells no act
        # own modifiers: "Russia's invasion", "Russian troops' build-up", "US sanctions"
        for c in n.lefts:
            if c.dep_ in ("poss", "compound", "amod", "nmod"):
                found = self.actors(c) if c.dep_ == "poss" else self.r.resolve(c, with_conjuncts=True)
                if found:
                    sources = found
                    # "Israel threatens more Lebanon strikes": a state's bare name
                    # before the act, under a verb whose subject is another
                    # actor, is where the act lands, not who makes it
                    m = self.r.mentions.get(c.i)
                    if c.dep_ == "compound" and m is not None and m.entries[0].kind == "state" and gov.pos_ == "VERB" \
                            and n.dep_ in ("dobj", "pobj") and etype in PLACE_TARGETED:
                        doer = self.actors(self.subject_of(gov))
                        if doer and doer[0].code != found[0].code:
                            sources, targets = doer, found
                    break
        agent = next((p for c in n.children if c.dep_ == "prep" and c.lower_ == "by" for p in c.children if p.dep_ == "pobj"), None)
        # what the act is of: "the build-up of Russian troops", "the detention of opposition leader X"
        of_obj = next((p for c in n.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"), None)
        if agent is None and n.dep_ == "dobj" and gov.lemma_.lower() in RECEIVE:
            # "drew pushback from Ukraine", "faced criticism from the EU": who reacts
            agent = next((p for h in (n, gov) for c in h.children if c.dep_ == "prep" and c.lower_ == "from"
                          for p in c.children if p.dep_ == "pobj"), None)
        if agent is not None and not sources:
            sources = self.actors(agent)
        self._own = {a.code for a in sources}
        # "talks between Russia and Ukraine"
        between = next((p for c in n.children if c.dep_ == "prep" and c.lower_ == "between" for p in c.children if p.dep_ == "pobj"), None)
        if between is not None:
            both = self.actors(between)
            if not both:
                # "clashes between demonstrators and police": people of the story's country
                both = [a for t in [between, *between.conjuncts] for a in (self.people_target(t, etype) or self.context_source(t, []))][:2]
            if len(both) >= 2 and not sources:
                sources, targets = both[:1], both[1:]
            elif both and sources:
                targets = both
        if not targets:
            targets = self.targets_from(n, preps - {"between"}, set(), etype)
        if etype == "MOBILIZE" and not sources:
            # "the build-up of Russian troops": the forces moved are the source
            if of_obj is not None:
                sources = self.actors(of_obj)
                targets = [t for t in targets if not sources or t.code != sources[0].code] or targets
        receive = False
        if n.dep_ == "dobj" and gov.pos_ == "VERB" and (_definite(n) or any(c.dep_ == "poss" for c in n.children)) \
                and self._talks_about(gov):
            # "condemned the attack", "praised the strike", "denied the
            # shelling": the words are the act coded here; the attack they
            # name is told, and coded, where the text tells it
            return
        slot = n
        if n.dep_ == "pobj" and gov.lower_ == "in" and gov.head.lemma_.lower() in PARTICIPATE and gov.head.pos_ in ("VERB", "AUX"):
            # "engaged in a gunfight with gangs", "took part in the talks": the
            # act is the noun's, the verb only brings its doer
            slot, gov = n, gov.head
            anchor = gov
            if not sources:
                sources = self.actors(self.subject_of(gov))
            if not targets:
                targets = self.targets_from(n, preps | {"with"} if etype == "ASSAULT" else preps, set(), etype) or \
                    self.targets_from(gov, preps | {"with"} if etype == "ASSAULT" else preps, set(), etype)
        if n.dep_ == "pobj" and gov.lower_ == "under" and not sources:
            # "under attack from gangs", "came under fire from Russian forces"
            attacker = next((p for c in n.children if c.dep_ == "prep" and c.lower_ in ("from", "by") for p in c.children
                             if p.dep_ == "pobj"), None)
            if attacker is not None:
                sources = self.actors(attacker) or self.context_source(attacker, targets)
                victim = self.subject_of(gov.head) if gov.head.pos_ in ("VERB", "AUX") else None
                if victim is not None and not targets:
                    targets = self.actors(victim)
        if n.dep_ == "pobj" and gov.lower_ == "of" and gov.head.lemma_.lower() in CONTAINERS and gov.head.head.pos_ in ("VERB", "AUX"):
            # "carried out scores of raids", "a string of drone attacks": the
            # quantity stands in the verb's slot for the act
            slot = gov.head
            gov = slot.head
        if slot.dep_ == "conj" and gov.pos_ in ("NOUN", "PROPN"):
            # "ordered the imposition of a night curfew and the deployment
            # of soldiers": a conjoined noun stands in its first conjunct's slot
            first = slot
            while first.dep_ == "conj" and first.head.pos_ in ("NOUN", "PROPN"):
                first = first.head
            if first.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and first.head.pos_ in ("VERB", "AUX"):
                slot, gov = first, first.head
        if slot.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "conj") and gov.pos_ in ("VERB", "AUX"):
            v = gov if slot.dep_ != "conj" else gov.head
            if v.pos_ in ("VERB", "AUX"):
                if v.lemma_.lower() in RECEIVE and slot.dep_ != "nsubjpass":
                    # ("if sanctions are triggered": the passive's subject is the act, no one receives it)
                    receive = True
                    rec = self.actors(self.subject_of(v))
                    if rec and not targets:
                        targets = rec
                elif v.lemma_.lower() in LIGHT or n.dep_ == "nsubjpass":
                    anchor = v
                    if not sources:
                        sources = self.actors(self.subject_of(v))
                    if not targets:
                        targets = self.targets_from(v, preps, set(), etype)
        elif (n.dep_ == "pobj" and gov.dep_ == "prep" and gov.lower_ == "for" and gov.head.pos_ == "VERB" and not sources
              and self.table.flag(etype, "symmetric")):
            # "negotiators return to Geneva for talks": who comes for a meeting
            # takes part in it (not so who "waits for an invasion")
            if gov.head.lemma_.lower() not in self.table.verbs:
                sources = self.actors(self.subject_of(gov.head))
        elif n.dep_ == "pobj" and (gov.lower_ in _adjunct_preps() or gov.lower_ == "in") and _definite(n) \
                and self._told_before(etype, mode, n):
            # "following the Damascus strike", "since the attack": an act told
            # already, named here as a circumstance of another (one the
            # article has not told, "amid the running battles between police
            # and protesters", is news and is coded)
            return
        elif n.dep_ == "pobj" and gov.dep_ == "prep" and gov.head.pos_ == "VERB" and gov.lower_ in ("in", "with", "during", "by"):
            # "wounded two soldiers in a bomb attack": the verb already holds
            # the event; a noun in its adjunct gives no second one. Unless the
            # verb is a passive with no doer: "three civilians were killed in a
            # suicide bombing in Baghdad" - the bombing is the event
            v = gov.head
            agentless = any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children) and not any(c.dep_ == "agent" for c in v.children)
            if v.lemma_.lower() in self.table.verbs and not agentless:
                return
            if agentless and not sources and not _definite(n):
                sources = self.context_source(n, targets)
                if sources:
                    rule += _context_note(sources)
        if not sources and of_obj is not None and n.lemma_.lower() in self.table.flag(etype, "implicit_state_agent_nouns", []):
            # "the detention of opposition leader Tundu Lissu": only a state's
            # police or courts hold people; those where it happens
            home = self._where(n)
            if home:
                sources = self._authorities(home)
                targets = targets or self.target_actors(of_obj, etype) or self.people_target(of_obj, etype)
                rule += "; an arrest named: the authorities where it happens"
        if not sources and receive:
            # "Russia would face sanctions, Biden warned": the speaker imposes them
            for v in gov.ancestors:
                if v.pos_ == "VERB" and (v.lemma_.lower() in REPORT_VERBS or v.lemma_.lower() in ("warn", "threaten", "vow", "promise")):
                    sources = self.actors(self.subject_of(v))
                    break
        if not sources and anchor is not n:
            sources = self.context_source(self.subject_of(anchor), targets)
            if sources:
                rule += _context_note(sources)
        if not sources and n.lemma_.lower() in self.table.flag(etype, "domestic_nouns", []) and (
                etype == "ASSAULT" or (n.dep_ in ("nsubj", "nsubjpass") and not any(
                    c.dep_ == "mark" and c.lower_ in ("since", "after", "before", "until", "when", "as", "while")
                    for c in n.head.children))):
            # (protests that happen: "protests spread", "protests led to
            # clashes"; not those banned, feared or named as background:
            # "since protests began")
            # "fighting erupted in Tripoli", "clashes broke out": with no one
            # named, the fighting of a country's own factions (PLOVER codes
            # armed groups by their state) where the story happens at home
            home = self.r._home_country(self.place_codes)
            where = self._where(n)
            others = {m.entries[0].code for i, m in self.r.mentions.items() if n.sent.start <= i < n.sent.end}
            if home and where == home and not (others - {home}):
                sources = [Actor(np_span(n).text, home, _display_name(home), None, None, None, "context (domestic)")]
                if etype == "ASSAULT":
                    targets = targets or list(sources)
                    rule += "; a country's own factions, where the story happens"
                else:
                    # protests at home are its people's, against their own state
                    targets = targets or [Actor("(their own state)", home, _display_name(home), "GOV", None, None, "context (domestic)")]
                    rule += "; the country's own people, where the story happens"
        if not sources:
            return
        if anchor is n and self.table.flag(etype, "nouns_need_verb"):
            return  # "its gas deals": no verb makes this deal happen here
        targets = [t for t in targets if not any(t.text == s.text for s in sources)]
        done = self._conclude(etype, mode, rule, sources, targets, n, anchor, {t.i for t in n.lefts for t in t.subtree},
                              other_party=anchor is not n)
        if done is None:
            return
        etype, mode, rule, sources, targets = done
        out.append(Candidate(etype, self._mode(etype, mode, n, anchor), n, anchor, rule, sources, targets,
                             depth_of(anchor) + (0.1 if anchor is n else 0)))


def _drop_result_participles(cands: list[Candidate]) -> list[Candidate]:
    """"Jets pounded the suburb, killing 20 people", "launched an offensive
    against Iran, killing commanders": a participle that tells what an attack
    did is that attack, not a second one (its "killing" would otherwise take
    a target of its own, or none)."""
    heads = {t: c for c in cands if c.type == "ASSAULT" and c.sources for t in (c.trigger.i, c.anchor.i)}
    out = []
    for c in cands:
        t = c.trigger
        if c.type == "ASSAULT" and t.tag_ == "VBG" and t.dep_ in ("advcl", "xcomp", "conj", "acl"):
            up, steps = t.head, 0
            while up.i not in heads and up.head.i != up.i and steps < 3:
                up, steps = up.head, steps + 1
            if up.i in heads and heads[up.i] is not c:
                head = heads[up.i]
                head.mode = head.mode or c.mode  # "striking cities with missiles": how the attack was made
                continue
        out.append(c)
    return out


def _verb_objects(v: Token) -> list[Token]:
    """A verb's objects and their conjuncts; a participle's noun is its object
    ("114 prisoners released by Belarus", "the statement, signed by ...")."""
    objs = [c for c in v.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    if v.dep_ in ("acl", "relcl") and v.tag_ == "VBN" and not any(c.dep_ in ("aux", "nsubj") for c in v.children):
        # (not "forces who have ordered ...": a perfect, whose noun is its subject)
        objs.append(v.head)
    return objs + [g for o in objs for g in o.conjuncts]


@lru_cache(maxsize=1)
def location_nouns() -> frozenset:
    return frozenset(row[0].lower() for row in load_tsv("locations.tsv") if row)


def _lede_end(doc) -> int:
    """The first token after the headline and the first sentence (the lede)."""
    for k, sent in enumerate(s for s in doc.sents if s.text.strip()):
        if k == 2:
            return sent.start
    return len(doc)


def _sentence_start_before(doc, sent_start: int, n: int) -> int:
    """The first token of the sentence ``n`` sentences before the one starting at ``sent_start``."""
    start = sent_start
    for _ in range(n):
        if start == 0:
            break
        start = doc[start - 1].sent.start
    return start


FIRST_PERSON = words("actors", "first_person")
ROLE_HEADS = words("actors", "role_heads")  # "Russian forces", "the US plan": a party to the act
QUOTES = {'"', "“", "”", "«", "»"}


def _relative_word(tok: Token) -> bool:
    """"which", "who", "that", or "both of which", "some of whom"."""
    if tok.tag_ in ("WDT", "WP") or tok.lower_ in ("which", "who", "whom", "that"):
        return True
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(p.tag_ in ("WDT", "WP") for p in c.children) for c in tok.children)


def _first_person(tok: Token) -> bool:
    """"we", "our", "I" - not "US" the country."""
    return tok.lower_ in FIRST_PERSON and tok.pos_ == "PRON" and tok.text != "US"


def _inside_quotes(sent: Span) -> set[int]:
    """Token indexes between quotation marks in a sentence (an unclosed quote
    runs to the sentence's end)."""
    inside: set[int] = set()
    opened = False
    for t in sent:
        if t.text in QUOTES or (t.text in ("``", "''")):
            opened = not opened
            continue
        if opened:
            inside.add(t.i)
    return inside


def _clause_tokens(anchor: Token, verbal: bool) -> set[int]:
    """The anchor's clause, up to its reporting verb, without the subjects of
    the verbs above it (whoever urges, warns or denies is no party to the act
    urged, warned of or denied). A verb conjoined to the anchor counts for
    words addressed to someone ("condemned the launches and called on
    Pyongyang": one addressee), not for material acts ("declared martial law
    and cut ties with Moscow": Moscow is the second act's) nor when it has a
    subject of its own."""
    top = anchor
    path = [anchor]
    # a condition's parties are its own ("if the West refused..."): no climbing out of an adverbial clause
    while top.dep_ in ("xcomp", "ccomp", "conj", "dobj", "pobj", "prep", "pcomp", "acl") and top.head.i != top.i:
        if top.head.lemma_.lower() in REPORT_VERBS:
            break
        top = top.head
        path.append(top)
    out = {t.i for t in top.subtree}
    # "pledges aid as Berlin refuses to send weapons": a clause of time or
    # cause is another act; a condition ("if Russia attacks") names the other side
    for c in anchor.children:
        if c.dep_ == "advcl" and not any(g.dep_ == "mark" and g.lower_ in ("if", "unless", "until") for g in c.children):
            out -= {t.i for t in c.subtree}
    on_path = {t.i for t in path}
    for a in path[1:]:
        for c in a.children:
            if c.i in on_path:
                continue
            # the governing verbs' subjects and their other conjoined acts are no party
            if c.dep_ in ("nsubj", "nsubjpass", "agent", "conj"):
                out -= {t.i for t in c.subtree}
    for c in anchor.children:
        # (a conjoined clause with a subject of its own is another doer's act,
        # even after words: "rejected the deal, and that Greece and Turkey might go to court")
        if c.dep_ == "conj" and (not verbal or any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)):
            out -= {t.i for t in c.subtree}
    return out


def _is_actor_slot(tok: Token) -> bool:
    return tok.dep_ in ("nsubj", "nsubjpass", "dobj", "dative", "poss") or (
        tok.dep_ == "pobj" and tok.head.lower_ in ("on", "against", "to", "with", "at", "from", "by", "for"))


def _definite(tok: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "these", "those", "its", "their") for c in tok.children)


def _governmental(actor: Actor) -> bool:
    return actor.sector in ("GOV", "IGO", "MIL") or actor.kind in ("state", "metonym", "person", "bloc", "office")


# acts whose target may be the state a place lies in ("shelled the village")
PLACE_TARGETED = {"ASSAULT", "COERCE"}
# acts done to someone: with no target in their own words, the one other party
# their clause names is the target (MOBILIZE, PROTEST often have none)
SENTENCE_TARGETED = {"ACCUSE", "REQUEST", "THREATEN", "REJECT", "SUPPORT", "SANCTION", "COERCE", "ASSAULT", "CONSULT",
                     "AGREE", "AID", "CONCEDE", "RETREAT", "COOPERATE"}
# verbal acts about another's act: "condemned the attacks" targets the attacker
ABOUT_ACTS = {"ACCUSE", "SUPPORT", "REJECT", "REQUEST", "THREATEN"}
# acts that people may undergo ("accused the opposition", "freed activists");
# citizens banned from buying bonds are not the target of a sanction
PEOPLE_TARGETED = {"ASSAULT", "COERCE", "ACCUSE", "THREATEN", "REQUEST", "SUPPORT", "AID", "RETREAT"}
def _adjunct_preps() -> frozenset:
    """Prepositions naming an act as the circumstance of another (status.toml [adjuncts])."""
    from .status import cues

    return cues().adjunct_preps
OBLIGATION = words("verbs", "obligation")
DEMAND_REPORTERS = REPORT_VERBS | words("verbs", "demand_reporters_extra")


def _lemmas_with_objects(tok: Token) -> set[str]:
    """The word and its direct objects, with their compounds ("held drills":
    hold, drill; "held war games": war game)."""
    out = {tok.lower_}
    for o in [tok] + [o for o in tok.children if o.dep_ in ("dobj", "nsubjpass")]:
        out.add(o.lemma_.lower())
        out |= {f"{c.lower_} {o.lemma_.lower()}" for c in o.lefts if c.dep_ in ("compound", "amod")}
    return out


def _described(anchor: Token) -> bool:
    """Whether the clause describes a thing rather than tells its subject's
    word: "a bill that would allow China to extradite" (up to a reporting
    verb: "Russia, which said it would withdraw", is Russia's word)."""
    v = anchor
    while v.head.i != v.i:
        if v.dep_ in ("relcl", "acl"):
            return True
        if v.dep_ not in ("xcomp", "ccomp", "conj", "advcl") or v.head.lemma_.lower() in REPORT_VERBS:
            return False
        v = v.head
    return False


def derive_intent(c: Candidate, governed: bool, speaker_codes: set[str] | None = None) -> Candidate | None:
    """A stated intention is itself a verbal act (PLOVER): "Syria says it is
    willing to withdraw" is an asserted AGREE; "Greece plans to impose
    restrictions" an asserted THREATEN; "will not accept refugees" a REJECT.
    ``governed``: another trigger governs the clause (then it already codes
    the speech act, as "threatened to invade" does)."""
    if governed or c.derived_from is not None:
        return None
    if c.anchor.tag_ == "VBG" and c.anchor.dep_ in ("acl", "pobj", "pcomp", "nsubj", "dobj"):
        return None  # "the price of China blockading Taiwan would be...": a gerund states no intent
    if _described(c.anchor):
        return None  # "a bill that would allow China to extradite": what a bill would do, nobody's word
    if speaker_codes and not speaker_codes & {s.code for s in c.sources}:
        return None  # "officials estimate that Russia could mobilise": their estimate, not Russia's word
    from .status import cues

    cue = c.status_cue
    s = cues()
    quad = plover_types()[c.type]["quad"]
    # an expectation or a schedule is nobody's word; a mission or campaign is
    # an undertaking, not a statement ("a mission to fight gangs")
    intent_cues = (s.plan_aux | s.plan_adjectives | s.plan_nouns | s.plan_governors) - {
        "expect", "schedule", "expected", "scheduled", "due", "mission", "effort", "campaign", "drive"}
    word = cue.word.lower() if cue is not None else ""
    is_intent = c.status == "planned" and cue is not None and (
        cue.kind == "reported_future" or word in intent_cues or word in {"planned", "plans", "prepared", "going to", "intends"})
    # the consequent of a condition is an offer or a threat ("will withdraw if
    # NATO agrees"); the condition itself ("if Russia pulls back") is not its
    # subject's word
    is_offer = cue is not None and (cue.kind == "consequent" or (
        c.status == "hypothetical" and cue.kind == "hypothetical" and word in (s.modals - OBLIGATION)))
    negated = any(ch.dep_ == "neg" for ch in c.anchor.children) and any(
        ch.dep_ == "aux" and ch.lower_ in s.plan_aux | s.modals for ch in c.anchor.children)
    if negated:  # "will not accept refugees": a refusal; "has not withdrawn" is none
        if quad not in COOPERATIVE:
            return None
        new_type, mode = "REJECT", None
    elif (is_intent or is_offer) and quad in COOPERATIVE and c.type not in ("AGREE",):
        new_type, mode = "AGREE", None
    elif (is_intent or is_offer) and quad == "material_conflict":
        new_type, mode = "THREATEN", THREAT_MODE_BY_MODE.get(c.mode or "", THREAT_MODE.get(c.type))
    else:
        return None
    return Candidate(new_type, mode, c.trigger, c.anchor, f"statement of intent ({cue if cue is not None else c.status}) + {c.rule}",
                     c.sources, c.targets, c.depth - 0.5, derived_from=c, status="asserted", status_cue=None)


@register_stage("events", reads=("sentences", "resolver"), writes=("candidates", "finder"))
def find_events(state, ctx) -> None:
    """Event candidates of every sentence: triggers, their senses, sources and
    targets (reported obligations give REQUESTs)."""
    table = triggers(tuple(ctx.config.triggers))
    finder = EventFinder(state.resolver, state.place_countries(), table)
    state.finder = finder
    for si, sent in enumerate(state.sentences):
        state.candidates += [(si, c) for c in finder.find(sent)]
        state.candidates += [(si, c) for c in finder.demands(sent)]
        state.candidates += [(si, c) for c in finder.judgements(sent)]
