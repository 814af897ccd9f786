"""The pipeline: clean -> parse -> actors -> events -> status -> dates ->
places -> claims -> merge. Each stage lives in ``flashpoint.stages``; this
module only runs them in order and assembles the contract's records."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .errors import InputError
from .inputs import MAX_ARTICLE_CHARS, RawArticle, article_id, parse_published
from .model import (ActorCount, ArticleInfo, ArticleResult, Claim, ErrorRecord, Event, Place, stable_id)
from .resources import intensity, plover_types
from .stages.actors import ActorMatcher, ActorResolver
from .stages.claims import ClaimFinder
from .stages.clean import CleanText, clean_text
from .stages.dates import resolve_date
from .stages.events import REPORT_VERBS, Candidate, EventFinder, derive_intent
from .stages.merge import merge_claims, merge_events
from .stages.parse import load_model
from .stages.places import find_mentions, gazetteer, resolve_mention
from .stages.status import status_of


@Language.component("fp_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: a caption or bullet never runs into the
    next paragraph. Runs before the parser, which respects preset starts."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


@dataclass
class Prepared:
    raw: RawArticle
    id: str
    published: str
    title: str | None
    url: str | None
    clean: CleanText


def prepare_article(raw: RawArticle) -> Prepared:
    """Stage 1, clean, for one article (needs no model)."""
    title, url, text, pub = raw.title, raw.url, raw.text, raw.published
    if raw.html is not None and not text:
        import trafilatura

        doc = trafilatura.bare_extraction(raw.html, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True)
        meta = doc.as_dict() if hasattr(doc, "as_dict") else (doc or {})
        text = (meta or {}).get("text") or ""
        title = title or meta.get("title")
        url = url or meta.get("url")
        pub = pub or meta.get("date")
        if not text.strip():
            raise InputError("no article text found in the HTML page", source=raw.source, code="no_text")
    if text is None or not text.strip():
        raise InputError("the article text is empty", source=raw.source, code="empty")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(f"the article has {len(text):,} characters, over the {MAX_ARTICLE_CHARS:,} limit",
                         source=raw.source, code="too_large")
    published = parse_published(pub, raw.source)
    cleaned = clean_text(text, title=title, detect_title=title is None and raw.html is None,
                         lines_are_paragraphs=raw.html is not None)
    if not cleaned.text.strip():
        raise InputError("nothing is left of the article after cleaning (only page furniture)", source=raw.source, code="empty")
    aid = article_id(raw, cleaned.text)
    return Prepared(raw, aid, published, cleaned.title, url, cleaned)


def prepare_all(items: Iterable[RawArticle | ErrorRecord]) -> Iterator[Prepared | ErrorRecord]:
    """Stage 1 over a stream: cleaned articles, or ErrorRecords in place."""
    for item in items:
        if isinstance(item, ErrorRecord):
            yield item
            continue
        try:
            yield prepare_article(item)
        except InputError as exc:
            yield ErrorRecord(item.id, exc.code, str(exc), item.source)


class Pipeline:
    """Loads the model once; ``run`` streams articles through ``nlp.pipe``."""

    def __init__(self, nlp=None, *, batch_size: int = 16, places: bool = True, claims: bool = True) -> None:
        self.nlp = nlp or load_model()
        if "fp_paragraph_breaks" not in self.nlp.pipe_names:
            self.nlp.add_pipe("fp_paragraph_breaks", before="parser")
        self.actor_matcher = ActorMatcher(self.nlp)
        self.batch_size = batch_size
        self.with_places = places
        self.with_claims = claims
        self.gaz = gazetteer() if places else None

    # -- stage 1: clean ------------------------------------------------------
    def prepare(self, raw: RawArticle) -> Prepared:
        return prepare_article(raw)

    def prepare_all(self, items: Iterable[RawArticle | ErrorRecord]) -> Iterator[Prepared | ErrorRecord]:
        return prepare_all(items)

    def run(self, items: Iterable[RawArticle | ErrorRecord]) -> Iterator[ArticleResult | ErrorRecord]:
        """Results in input order; a bad item becomes an ErrorRecord in place."""
        return self.run_prepared(self.prepare_all(items))

    def run_prepared(self, items: Iterable[Prepared | ErrorRecord]) -> Iterator[ArticleResult | ErrorRecord]:
        """Stages 2-9 over cleaned articles, through one ``nlp.pipe``."""
        pairs = ((("", it) if isinstance(it, ErrorRecord) else (it.clean.text, it)) for it in items)
        for doc, ctx in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size):
            if isinstance(ctx, ErrorRecord):
                yield ctx
            else:
                yield self.analyse(doc, ctx)

    def extract(self, raw: RawArticle) -> ArticleResult:
        """One article; raises InputError for a bad one."""
        p = self.prepare(raw)
        return self.analyse(self.nlp(p.clean.text), p)

    # -- stages 3-9 on one parsed article ---------------------------------------
    def analyse(self, doc: Doc, p: Prepared) -> ArticleResult:
        pub = date.fromisoformat(p.published)
        text = p.clean.text
        sents = [s for s in doc.sents if s.text.strip()]
        mentions = self.actor_matcher(doc)
        resolver = ActorResolver(doc, mentions, p.published)

        # actors: every resolved mention, counted with its paragraph's copies
        actor_counts: Counter = Counter()
        actor_names: dict[str, str] = {}
        unique_mentions = list({id(m): m for m in mentions.values()}.values())
        for m in unique_mentions:
            a = m.resolve(doc[m.start:m.end].text, p.published)
            if a is not None:
                actor_counts[a.code] += p.clean.repeat_count(doc[m.start].idx, doc[m.start].idx + 1)
                actor_names[a.code] = a.name

        # places
        place_by_token: dict[int, Place] = {}
        places: list[Place] = []
        if self.gaz is not None:
            place_context: Counter = Counter()
            pms = find_mentions(doc, sents, mentions, self.gaz)
            sent_codes = [set() for _ in sents]
            sent_of = {i: si for si, s in enumerate(sents) for i in range(s.start, s.end)}
            for m in unique_mentions:
                if m.start in sent_of:
                    sent_codes[sent_of[m.start]].add(m.entries[0].code)
            resolved: dict[tuple, Place] = {}
            # states and regions named as places anywhere in the article are
            # geographic context for every town in it ("Jermuk ... inside Armenia")
            for pm in pms:
                cands = self.gaz.lookup(pm.text)
                if cands and all(c.source in ("country", "alias") for c in cands) and cands[0].country:
                    place_context[cands[0].country] += 1
            # one sense per article: a name means the same place each time it
            # recurs, unless the sentence says otherwise ("Brest, France")
            sense: dict[tuple, Place] = {}
            for pm in pms:
                memo = (pm.text.lower(), pm.facility)
                if memo in sense and pm.hint_country is None:
                    place = replace(sense[memo], forms=pm.forms or (pm.text,))
                else:
                    place = resolve_mention(pm, actor_counts, place_context, sent_codes[pm.sentence_index], self.gaz)
                    sense.setdefault(memo, place)
                if place.country:
                    place_context[place.country] += 1  # later mentions read the earlier ones
                key = (place.name, place.country, place.lat)
                n = p.clean.repeat_count(doc[pm.start].idx, doc[pm.start].idx + 1)
                prev = resolved.get(key)
                if prev is None:
                    resolved[key] = replace(place, mentions=n)
                else:
                    forms = prev.forms + tuple(f for f in place.forms if f not in prev.forms)
                    resolved[key] = replace(prev, mentions=prev.mentions + n, forms=forms)
                for i in range(pm.start, pm.end):
                    place_by_token[i] = key
            places = list(resolved.values())
            place_by_token = {i: resolved[k] for i, k in place_by_token.items()}

        finder = EventFinder(resolver, {i: pl.country for i, pl in place_by_token.items() if pl.country})
        claim_finder = ClaimFinder(resolver, status_of) if self.with_claims else None
        events: list[tuple[Event, int]] = []
        claims: list[tuple[Claim, int]] = []
        for si, sent in enumerate(sents):
            s_start, s_end = _trimmed(text, sent.start_char, sent.end_char)
            s_text = text[s_start:s_end]
            repeats = p.clean.repeat_count(s_start, s_end)
            para = p.clean.paragraph_at(s_start)
            in_summary = para is not None and para.kind == "bullet"
            cands = finder.find(sent)
            future_only = set(finder.table.flag("THREATEN", "future_only", []))
            for c in cands:
                c.status, c.status_cue = status_of(c.anchor)
                carrier = c.anchor.lemma_.lower() if c.anchor is not c.trigger else ""
                if c.status in ("asserted", "planned") and carrier in LIGHT_MODALITY:
                    # "plan joint exercises", "threatened sanctions": the verb
                    # that carries the noun says it has not happened yet
                    new = LIGHT_MODALITY[carrier]
                    if RANK_STATUS[new] > RANK_STATUS[c.status]:
                        c.status, c.status_cue = new, c.anchor.text
                if c.type == "THREATEN" and c.status == "planned" and c.status_cue in ("will", "'ll", "would (reported)"):
                    # "Russia would respond with countermeasures": saying so is the threat
                    c.status, c.status_cue = "asserted", None
                    c.rule += "; a stated retaliation is a threat made now"
            cands = [c for c in cands if not (c.status == "asserted" and c.trigger.lemma_.lower() in future_only)]
            trigger_ids = {c.trigger.i for c in cands} | {c.anchor.i for c in cands}
            derived = []
            for c in cands:
                governed = _governed(c.anchor, trigger_ids)
                d = derive_intent(c, governed, finder.speaker_codes(c.anchor))
                if d is not None:
                    derived.append(d)
            derived += finder.demands(sent)
            for c in derived + cands:
                for ev in self._events(c, p, si, sent, s_text, (s_start, s_end), pub, place_by_token):
                    events.append((ev, repeats, in_summary))
            if claim_finder is not None:
                for cl in claim_finder.find(sent, si, (s_start, s_end), text):
                    claims.append((Claim(sentence=s_text, sentence_index=si, span=(s_start, s_end), **cl), repeats))

        info = ArticleInfo(p.id, p.title, p.published, p.url, text, tuple(p.clean.removed))
        actors = tuple(ActorCount(code, actor_names[code], n) for code, n in actor_counts.most_common())
        return ArticleResult(info, tuple(merge_events(events, p.published)), tuple(merge_claims(claims)),
                             tuple(sorted(places, key=lambda pl: -pl.mentions)), actors)

    def _events(self, c: Candidate, p: Prepared, si: int, sent, s_text: str, span: tuple[int, int],
                pub: date, place_by_token: dict[int, Place]) -> Iterator[Event]:
        info = plover_types()[c.type]
        when, precision, date_text = _event_date(c, sent, pub)
        place = _event_place(c, sent, place_by_token)
        trig = c.trigger
        t_start = trig.idx
        t_end = trig.idx + len(trig.text)
        cue = f"; status {c.status} (cue: '{c.status_cue}')" if c.status_cue else f"; status {c.status} (no cue)"
        evidence = f"{c.rule} at '{trig.text}' [{t_start}:{t_end}]{cue}"
        if len(c.sources) > 1 or len(c.targets) > 1:
            evidence += "; compound actor: one event per actor pair"
        for src in c.sources:
            for tgt in (c.targets or [None]):
                if tgt is not None and tgt.code == src.code and tgt.text == src.text:
                    continue
                eid = stable_id(p.id, si, c.type, src.code, tgt.code if tgt else None, trig.i, c.derived_from is not None)
                yield Event(eid, c.type, c.mode, info["quad"], intensity(c.type, c.mode), c.status, src, tgt,
                            when, place, s_text, si, span, 1, evidence, trig.text, (t_start, t_end), c.status_cue,
                            date_text, precision, clause_depth=c.depth)


LIGHT_MODALITY = {"plan": "planned", "prepare": "planned", "intend": "planned", "propose": "planned", "schedule": "planned",
                  "threaten": "hypothetical", "consider": "hypothetical", "seek": "hypothetical", "weigh": "hypothetical"}
RANK_STATUS = {"asserted": 0, "planned": 1, "hypothetical": 2, "negated": 3}


def _governed(anchor, trigger_ids: set[int]) -> bool:
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


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _event_date(c: Candidate, sent, pub: date) -> tuple[str, str, str | None]:
    dates = [e for e in sent.ents if e.label_ == "DATE"]
    forward = c.status in ("planned", "hypothetical")
    if c.derived_from is not None:
        # a statement of intent is dated when it is made, not by what it announces
        content = _own_clause(c.anchor) if c.anchor is not c.trigger else {c.trigger.i}
        dates = [e for e in dates if e.root.i not in content and e.root.i not in {t.i for t in c.anchor.subtree}]
        if not dates:
            return pub.isoformat(), "publication", None
    subtree = _own_clause(c.anchor)
    # the event's own date words first, then a lone date in the sentence
    # Only date words that modify a verb (or the event noun) count: "on
    # Tuesday", "in 2014", "last week" - not a date inside a noun phrase ("a
    # 1997 treaty"). A date on a reporting verb ("officials said on Monday")
    # dates the report, and the event only when the event is the report.
    dates = [e for e in dates if _adverbial(e)]
    lone = [e for e in dates if (e.sent.doc[_clause_verb(e.root)].lemma_ not in REPORT_VERBS or _clause_verb(e.root) == c.anchor.i)
            and _clause_verb(e.root) in {c.anchor.i, *(a.i for a in c.anchor.ancestors)}]
    own = sorted((e for e in dates if e.root.i in subtree), key=lambda e: not re.search(r"\d", e.text))
    ordered = own + (lone[:1] if len(dates) == 1 and c.status == "asserted" else [])
    for ent in ordered:
        r = resolve_date(ent.text, pub, forward=forward)
        if r is not None:
            return r[0].isoformat(), r[1], ent.text
    return pub.isoformat(), "publication", None


def _adverbial(ent) -> bool:
    root = ent.root
    if root.dep_ in ("npadvmod", "tmod", "advmod", "nsubj", "ROOT", "dobj", "appos", "conj"):
        return root.dep_ != "dobj" or root.head.pos_ == "VERB"
    if root.dep_ == "pobj":
        prep = root.head
        return prep.head.pos_ in ("VERB", "AUX") or prep.head.lemma_.lower() in EVENT_HEADS
    return False


EVENT_HEADS = {"attack", "invasion", "war", "talks", "meeting", "summit", "annexation", "offensive", "visit", "strike",
               "protest", "ceasefire", "agreement", "sanction", "deadline", "election", "vote", "referendum"}


def _clause_verb(tok) -> int:
    for a in [tok, *tok.ancestors]:
        if a.pos_ in ("VERB", "AUX"):
            return a.i
    return -1


def _own_clause(anchor) -> set[int]:
    """Tokens of the anchor's clause, without clauses nested in it (a
    relative clause's "in February" dates its own verb, not the anchor)."""
    out: set[int] = set()
    stack = [anchor]
    while stack:
        t = stack.pop()
        out.add(t.i)
        for ch in t.children:
            if ch.dep_ in ("relcl", "ccomp", "advcl", "acl", "conj", "parataxis") and ch.pos_ in ("VERB", "AUX"):
                continue
            stack.append(ch)
    return out


def _event_place(c: Candidate, sent, place_by_token: dict[int, Place]) -> Place | None:
    in_sent = [(i, pl) for i, pl in place_by_token.items() if sent.start <= i < sent.end and pl.lat is not None]
    if not in_sent:
        return None
    subtree = {t.i for t in c.anchor.subtree}
    own = [pl for i, pl in in_sent if i in subtree and pl.feature != "country"]
    if own:
        return own[0]
    sub = [pl for i, pl in in_sent if pl.feature != "country"]
    if sub:
        return sub[0]
    own = [pl for i, pl in in_sent if i in subtree]
    return own[0] if own else None
