"""Stage 8, claims: numbers that someone asserts, and who asserts them.

A number becomes a claim when it counts something (troops, tanks, refugees,
dollars, a share in percent, a distance covered): the counted noun is found
from the parse (the number's head, or "of" after "tens of thousands"), and a
bare number takes the noun counted just before it ("killed 10 soldiers and
wounded 25") or, after a verb of harm, counts people ("killed at least
five"). Vague quantities ("thousands", "dozens") are claims with a range
value and the qualifier "vague".

Not claims: dates, years, times and durations ("five hours"), ages, ordinals
and names ("Article 5", "Route 66", "the 28-point plan"), page furniture
("22 photos"), counts of the sentence's own actors ("the two sides", "two
officials said"), the size of a place ("a country of 11 million people") and
distances that only say where something lies ("30 km from the border").

The claimant is the object of "according to", else the subject of the
reporting verb ("said", "estimated") that governs the number's clause. A
pronoun or a definite phrase as claimant ("it said", "the ministry added")
is the speaker named before it; a number inside a quotation is its speaker's
claim; a sentence that goes on counting what the sentence before it counted
(same paragraph, same kind of thing, no source of its own) keeps that
sentence's claimant.

Every word list lives in ``data/claims.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from ..model import Actor
from ..resources import load_toml
from .actors import resolve_entries
from .lookups import sentence_ents

_C = load_toml("claims.toml")


def _lower(xs) -> set[str]:
    return {x.lower() for x in xs}


WORDS: dict[str, float] = {k: float(v) for k, v in _C["numbers"]["words"].items()}
SCALE: dict[str, float] = {k: float(v) for k, v in _C["numbers"]["scale"].items()}
SCALE_WORDS = {w for w in SCALE if len(w) > 2}  # "thousand", "million", "dozen"; not "k", "m", "bn"
SHORT_SCALES = {w for w in SCALE if len(w) <= 3}  # "k", "m", "bn", "mln", "tn": only right after digits
RANGE_JOINERS = _lower(_C["numbers"]["range_joiners"])
NOT_RANGE_AFTER = _lower(_C["numbers"]["not_range_after"])
RANGE_VERBS = _lower(_C["numbers"]["range_verbs"])
NOT_ONE_BEFORE = _lower(_C["numbers"]["not_one_before"])
NOT_ONE_AFTER = _lower(_C["numbers"]["not_one_after"])
YEAR_BEFORE = _lower(_C["numbers"]["year_before"])
VAGUE = [(v["phrase"].lower(), (v["low"], v["high"]), v["qualifier"], bool(v.get("needs_of", False))) for v in _C["vague"]]
VAGUE.sort(key=lambda v: -len(v[0].split()))
# the vague phrases by their first word, longest first: looked up at every token
VAGUE_BY_FIRST: dict[str, list[tuple[tuple[str, ...], tuple, str, bool]]] = {}
for _phrase, _rng, _q, _of in VAGUE:
    VAGUE_BY_FIRST.setdefault(_phrase.split()[0], []).append((tuple(_phrase.split()), _rng, _q, _of))
QUALIFIERS = sorted(_lower(_C["qualifiers"]["phrases"]), key=lambda q: (-len(q.split()), -len(q)))
SILENT_QUALIFIERS = _lower(_C["qualifiers"]["silent"])
CURRENCY_SYMBOLS: dict[str, str] = {k.lower(): v for k, v in _C["currency"]["symbols"].items()}
CURRENCY_WORDS: dict[str, str] = {k.lower(): v for k, v in _C["currency"]["words"].items()}
CURRENCY = {**CURRENCY_SYMBOLS, **CURRENCY_WORDS}
PERCENT_WORDS = _lower(_C["percent"]["words"])
MEASURES: dict[str, str] = {k.lower(): v for k, v in _C["measures"]["units"].items()}
DISTANCES = set(_C["measures"]["distances"])
LOCATION_WORDS = _lower(_C["measures"]["location_words"])
LOCATION_BEFORE = _lower(_C["measures"]["location_before"])
NOT_COUNTED = _lower(_C["not_counted"]["nouns"])
STRENGTH_WORDS = _lower(_C["not_counted"]["strength_words"])
AGE_WORDS = _lower(_C["not_counted"]["age_words"])
NAME_PREFIXES = _lower(_C["names"]["prefixes"])
COLLECTIVE = _lower(_C["names"]["collective"])
OWN_ACTORS = _lower(_C["actors"]["own"])
OWN_DETERMINERS = _lower(_C["actors"]["determiners"])
SUFFERED = _lower(_C["actors"]["suffered"])
PERSONAL = _lower(_C["actors"]["personal"])
HARM = _lower(_C["actors"]["harm"])
POPULATION_HOSTS = _lower(_C["population"]["hosts"])
POPULATION_HOME = _lower(_C["population"]["home"])
POPULATION_NOUNS = _lower(_C["population"]["nouns"])
POPULATION_VERBS = _lower(_C["population"]["verbs"])
CASUALTY_VERBS = _lower(_C["casualties"]["verbs"])
CASUALTY_UNIT: str = _C["casualties"]["unit"]
PEOPLE_VERBS = _lower(_C["casualties"]["subject_verbs"])
COUNT_HEADS = _lower(_C["counts"]["heads"])
GROUP_HEADS = _lower(_C["counts"]["groups"])
COUNT_COMPOUNDS: dict[str, str] = dict(_C["counts"]["compounds"])
ANAPHORIC = _lower(_C["counts"]["anaphoric"])
MORE_AFTER = _lower(_C["counts"]["more_after"])
MORE_BEFORE = [w.lower() for w in _C["counts"]["more_before"]]
OPENERS = [o.lower() for o in _C["counts"]["openers"]]
CLAIM_VERBS = _lower(_C["claimants"]["verbs"])
SUBJECT_PREPS = _lower(_C["subject"]["preps"])
SUBJECT_PLACE_PREPS = _lower(_C["subject"]["place_preps"])
PRONOUN_SUBJECTS = _lower(_C["claimants"]["pronouns"])
PERSON_PRONOUNS = _lower(_C["claimants"]["person_pronouns"])
PERSON_NOUNS = _lower(_C["claimants"]["person_nouns"])
QUOTE_VERBS = _lower(_C["claimants"]["quote_verbs"])
SPEAKER_FOR = _lower(_C["claimants"]["speaker_for"])
RELATIVES = _lower(_C["claimants"]["relatives"])
LOOKBACK = int(_C["claimants"]["lookback_sentences"])
PRONOUN_LOOKBACK = int(_C["claimants"]["pronoun_lookback"])
DEFINITE = _lower(_C["claimants"]["definite"])
DOMESTIC = _lower(_C["claimants"]["domestic"])
HEADLINE_PREFIX = int(_C["claimants"]["headline_prefix"])

_SCALE_ALT = "|".join(sorted((re.escape(w) for w in SCALE if w != "dozen"), key=len, reverse=True))
# a number with its scale: "94,300", "1.2 billion", "5bn"; one-letter scales
# only written together with the digits ("5m", not "300 m" of metres)
NUM_RX = re.compile(rf"(\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*({'|'.join(w for w in SCALE if len(w) > 1 and w != 'dozen')})\b|(k|m|b)\b)?", re.I)
DIGITS_RX = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
DIGITS_SCALED_RX = re.compile(rf"^\d+(?:\.\d+)?(?:{_SCALE_ALT})$", re.I)
DATE_CODE_RX = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|^\d{1,2}/\d{1,2}$|^\+\d|\d:\d{2}")
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART", "LANGUAGE"}


@dataclass
class NumberSpan:
    start: int
    end: int  # token indexes, qualifier and currency sign included
    value: float | tuple[float, float]
    qualifier: str | None
    currency: str | None
    num_start: int = 0  # the number's own tokens
    num_end: int = 0
    percent: bool = False
    vague: bool = False
    strength: Token | None = None  # "a 10,000-strong force": the force
    via_count: bool = False  # the counted noun is named by "the number of", "the death toll"


@dataclass
class _Seen:
    """What an earlier sentence of the article counted, and who said so."""

    start: int
    end: int
    units: list[str] = field(default_factory=list)
    subjects: dict[str, str] = field(default_factory=dict)
    claimants: list[tuple[str, Actor | None, str | None]] = field(default_factory=list)


# -- numbers in text ---------------------------------------------------------------------------
def _words_value(words: list[str]) -> float | None:
    """'three dozen' -> 36, 'two hundred fifty thousand' -> 250000."""
    total, current, seen = 0.0, 0.0, False
    for w in words:
        if w in WORDS:
            current += WORDS[w]
            seen = True
        elif w in SCALE_WORDS and SCALE[w] < 1000:  # "hundred", "dozen" multiply what precedes
            current = (current or 1) * SCALE[w]
            seen = True
        elif w in SCALE_WORDS:
            total += (current or 1) * SCALE[w]
            current = 0
            seen = True
        elif re.fullmatch(r"\d+(?:\.\d+)?", w):
            current += float(w)
            seen = True
    total += current
    return total if seen and total else None


def _one_value(text: str) -> float | None:
    m = NUM_RX.search(text)
    if m:
        v = float(m[1].replace(",", ""))
        scale = (m[2] or m[3] or "").lower()
        if scale:
            v *= SCALE[scale]
        rest = text[m.end():].lower().split()
        if rest and rest[0] == "dozen":
            v *= 12
        return v
    return _words_value(re.findall(r"[a-z]+|\d+(?:\.\d+)?", text.lower()))


def parse_number(text: str) -> tuple[float | tuple[float, float] | None, str | None, str | None]:
    """('80,000 to 100,000' -> (80000, 100000)), qualifier, currency."""
    low = " " + text.lower().strip() + " "
    stripped = low.strip()
    qualifier = None
    for q in QUALIFIERS:
        if stripped.startswith(q + " "):
            qualifier = q
            stripped = stripped[len(q):].strip()
            break
    currency = None
    for sym, code in CURRENCY.items():
        if (not sym.isalpha() and not sym.rstrip(".").isalpha() and sym in low) or re.search(rf"(?<![\w$]){re.escape(sym)}(?!\w)", low):
            currency = code
            break
    if not re.search(r"\d", stripped):
        for phrase, rng, vq, _ in VAGUE:
            if re.search(rf"\b{re.escape(phrase)}\b", stripped) and not re.search(r"\b(?:%s)\b" % "|".join(WORDS), stripped.replace(phrase, "")):
                return rng, vq, currency
    # a range: "80,000 to 100,000", "30,000 – 40,000", "between 5 and 25", "two or three"
    between = qualifier == "between" or stripped.startswith("between ")
    stripped = re.sub(r"^between\s+", "", stripped)
    joiners = sorted(RANGE_JOINERS | ({"and"} if between else set()), key=len, reverse=True)
    # words join with spaces around them; a hyphen only between digits ("twenty-five" is one number)
    alts = [rf"\s+{re.escape(j)}\s+" if j.isalpha() else (r"(?<=\d)\s*-\s*(?=\D?\d)" if j == "-" else rf"\s*{re.escape(j)}\s*")
            for j in joiners]
    parts = re.split("|".join(alts), stripped)
    parts = [p for p in parts if p.strip()]
    values = [_one_value(p) for p in parts]
    if qualifier in SILENT_QUALIFIERS:
        qualifier = None
    if len(values) >= 2 and values[0] is not None and values[1] is not None:
        lo, hi = values[0], values[1]
        # a scale word after the range's end applies to both ends: "80 to 100 million"
        end_m = NUM_RX.search(parts[1])
        end_scale = (end_m[2] or end_m[3] or "") if end_m else ""
        if lo < hi / 100 and not re.search(r"[a-z]", parts[0].replace("between", "")) and end_scale:
            lo *= SCALE[end_scale.lower()]
        lo, hi = sorted((lo, hi))
        return (lo, hi), qualifier, currency
    value = values[0] if values else None
    if value is None:
        return None, qualifier, currency
    return value, qualifier, currency


def _clean_value(v):
    if isinstance(v, tuple):
        return tuple(int(x) if float(x).is_integer() else x for x in v)
    return int(v) if float(v).is_integer() else v


def _num_kind(t: Token) -> str | None:
    lw = t.lower_
    if DIGITS_RX.match(t.text) or DIGITS_SCALED_RX.match(t.text):
        return "digit"
    if lw in WORDS and lw != "half":
        return "word"
    if lw in SCALE_WORDS:
        return "scale"
    return None


def _next_word(doc, i: int, limit: int) -> Token | None:
    """The token at ``i`` or after it, past a parenthesis: "24 nautical miles (44 km) off"."""
    depth = 0
    while i < limit:
        t = doc[i]
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and not t.is_punct and not t.is_space:
            return t
        i += 1
    return None


# -- the finder ---------------------------------------------------------------------------------
class ClaimFinder:
    def __init__(self, resolver, status_of, place_codes: dict[int, str] | None = None) -> None:
        self.r = resolver
        self.status_of = status_of
        # token index -> country of the place named there (for the story's
        # home where no state is named as an actor: "police in St. Paul said")
        self.place_codes = place_codes or {}
        self._doc: Doc | None = None
        self._seen: list[_Seen] = []
        self._home: str | None = None
        self._text = ""
        self._ent_at: dict[int, Span] = {}

    # numbers ----------------------------------------------------------------------------------
    def _vague_at(self, doc, i: int, end: int) -> tuple[int, tuple[float, float], str] | None:
        for words, rng, q, needs_of in VAGUE_BY_FIRST.get(doc[i].lower_, ()):
            if i + len(words) > end:
                continue
            if all(doc[i + k].lower_ == w for k, w in enumerate(words)):
                j = i + len(words)
                if needs_of and not (j < end and doc[j].lower_ == "of"):
                    continue
                # "thousands" inside "tens of thousands" is taken by the longer phrase
                return j, rng, q
        return None

    def _number_end(self, doc, i: int, end: int) -> int:
        """End of the number that starts at ``i``: "two hundred thousand", "twenty-five", "5 m" (5m)."""
        j = i + 1
        while j < end:
            n = doc[j]
            nk = _num_kind(n)
            prev = doc[j - 1]
            if nk == "scale":
                j += 1
                continue
            if n.lower_ in SHORT_SCALES and not prev.whitespace_ and _num_kind(prev) == "digit":
                j += 1  # "5m" split by the tokenizer
                continue
            if nk == "word" and _num_kind(prev) in ("word", "scale"):
                j += 1
                continue
            if n.text == "-" and not prev.whitespace_ and j + 1 < end and _num_kind(prev) == "word" and _num_kind(doc[j + 1]) == "word":
                j += 2
                continue
            if n.lower_ == "and" and prev.lower_ == "hundred" and j + 1 < end and _num_kind(doc[j + 1]) == "word":
                j += 2
                continue
            break
        return j

    def _is_number_start(self, doc, i: int, end: int) -> bool:
        t = doc[i]
        kind = _num_kind(t)
        if kind in ("digit", "word"):
            return True
        nxt = doc[i + 1] if i + 1 < end else None
        if t.lower_ in ("a", "an") and nxt is not None and nxt.lower_ in SCALE_WORDS:
            return True  # "a dozen", "a million"
        if t.lower_ == "half" and nxt is not None and (nxt.lower_ in SCALE_WORDS or (nxt.lower_ == "a" and i + 2 < end and doc[i + 2].lower_ in SCALE_WORDS)):
            return True
        return False

    def number_spans(self, sent: Span) -> list[NumberSpan]:
        doc = sent.doc
        spans: list[NumberSpan] = []
        i = sent.start
        end = sent.end
        while i < end:
            vague = self._vague_at(doc, i, end) if doc[i].is_alpha else None
            if vague is not None and not (i > sent.start and _num_kind(doc[i - 1]) in ("word", "digit")):
                j, rng, vq = vague
                ns = self._make_span(doc, sent, i, j, vague=(rng, vq))
                if ns is not None:
                    spans.append(ns)
                i = j
                continue
            if not self._is_number_start(doc, i, end):
                i += 1
                continue
            j = self._number_end(doc, i, end)
            if doc[i].lower_ == "half":
                j = self._number_end(doc, i + (2 if doc[i + 1].lower_ == "a" else 1), end)
            # a range: "3,000 to 4,000", "30,000 – 40,000", "between 5 and 25", "two or three"
            if j + 1 < end and (doc[j].lower_ in RANGE_JOINERS or (doc[j].lower_ == "and" and i > sent.start and doc[i - 1].lower_ == "between")) \
                    and not (i > sent.start and doc[i - 1].lower_ in NOT_RANGE_AFTER and doc[j].lower_ == "to"
                             and doc[i - 1].head.lemma_.lower() not in RANGE_VERBS):
                k = j + 1
                if doc[k].lower_ in CURRENCY_SYMBOLS and k + 1 < end:
                    k += 1
                if _num_kind(doc[k]) in ("digit", "word") and (doc[j].lower_ != "or" or _num_kind(doc[i]) == _num_kind(doc[k])):
                    j = self._number_end(doc, k, end)
            ns = self._make_span(doc, sent, i, j)
            if ns is not None:
                spans.append(ns)
            i = j
        return spans

    def _make_span(self, doc, sent: Span, i: int, j: int, vague=None) -> NumberSpan | None:
        """The number at tokens [i, j) with its currency sign, percent sign and
        qualifier, or None when it is a date, a time, an ordinal or a name."""
        num_tokens = doc[i:j]
        # a number inside a name: "Article 5", "Route 66", "G7", "Su-34"
        if any(t.ent_type_ in NAME_LABELS for t in num_tokens if _num_kind(t) == "digit"):
            return None
        if any(t.ent_type_ == "ORDINAL" for t in num_tokens):
            return None
        if any(re.search(r"[A-Za-z]", t.text) and _num_kind(t) == "digit" and not DIGITS_SCALED_RX.match(t.text) for t in num_tokens):
            return None
        if re.fullmatch(r"0\d+", doc[i].text):
            return None  # "0000 GMT", codes
        if self._in_date_or_code(doc, i, j):
            return None  # "2024-12-03", "12/03/2024", "9/11", "24/7", "+380 44 ..."
        if i > sent.start + 1 and doc[i - 1].text == "-" and not doc[i - 2].whitespace_ and re.search(r"[A-Za-z]$", doc[i - 2].text) \
                and _num_kind(doc[i - 2]) is None:
            return None  # "F-16", "Su-34", "COVID-19"
        prev = doc[i - 1] if i > sent.start else None
        if prev is not None and prev.text == "." and i - 2 >= sent.start and doc[i - 2].lower_ + "." in NAME_PREFIXES:
            return None  # "No. 10"
        if prev is not None and prev.lower_ in NAME_PREFIXES and not prev.is_punct:
            return None
        # a real date or time: a DATE/TIME entity with more than the number in it
        for t in num_tokens:
            if t.ent_type_ in ("DATE", "TIME"):
                ent = self._ent_at.get(t.i)
                if ent is not None and any((x.i < i or x.i >= j) and x.lower_ not in QUALIFIER_WORDS and not x.is_punct
                                           and _num_kind(x) is None for x in ent):
                    return None
        # "one of the few regions": a selection, not a count; "no one", "one another": no count at all
        if j - i == 1 and doc[i].lower_ == "one":
            if j < sent.end and doc[j].lower_ in NOT_ONE_BEFORE and not (j + 1 < sent.end and _num_kind(doc[j + 1])):
                return None
            if doc[i].pos_ != "NUM" or (i > sent.start and doc[i - 1].lower_ in NOT_ONE_AFTER):
                return None
        start, stop = i, j
        currency = None
        percent = False
        strength = None
        # a currency sign or code before: "$600 million", "US$50", "USD 3 billion"
        if start > sent.start and doc[start - 1].lower_ in CURRENCY_SYMBOLS:
            start -= 1
            currency = CURRENCY_SYMBOLS[doc[start].lower_]
        # a currency word after: "a 1.2 billion euro loan", "12,000 dollars"
        if currency is None and stop < sent.end and doc[stop].lower_ in CURRENCY_WORDS:
            currency = CURRENCY_WORDS[doc[stop].lower_]
        # a percent sign or word after: "80%", "25 per cent"
        if stop < sent.end and doc[stop].lower_ in PERCENT_WORDS:
            percent = True
            if doc[stop].text == "%":
                stop += 1
        elif stop + 1 < sent.end and f"{doc[stop].lower_} {doc[stop + 1].lower_}" in PERCENT_WORDS:
            percent = True
        elif stop + 2 < sent.end and doc[stop].lower_ == "to" and _num_kind(doc[stop + 1]) == "digit" \
                and (doc[stop + 2].lower_ in PERCENT_WORDS or f"{doc[stop + 2].lower_} {doc[min(stop + 3, len(doc) - 1)].lower_}" in PERCENT_WORDS):
            percent = True  # "from 10 to 25 percent": the first number is a share too
        # a hyphenated modifier: "28-point plan", "45-year-old", "a 10-km zone";
        # "a 10,000-strong force" counts the force
        if stop + 1 < sent.end and doc[stop].text == "-" and not doc[stop - 1].whitespace_ and doc[stop + 1].is_alpha:
            if doc[stop + 1].lower_ in STRENGTH_WORDS and doc[stop + 1].head.pos_ in ("NOUN", "PROPN"):
                strength = doc[stop + 1].head
            elif not percent and currency is None and doc[stop + 1].lower_ not in CURRENCY_WORDS:
                return None
        # a qualifier before: "up to", "more than", "an estimated", "between"
        qualifier = None
        for q in QUALIFIERS:
            words = q.split()
            k = start - len(words)
            if k >= sent.start and all(doc[k + n].lower_ == w for n, w in enumerate(words)):
                qualifier = q
                start = k
                break
        if vague is not None:
            rng, vq = vague
            value = (float(rng[0]), float(rng[1]))
            qual = vq if (qualifier is None or qualifier in SILENT_QUALIFIERS) else qualifier
            if qualifier is not None and qualifier not in SILENT_QUALIFIERS and vq == "vague":
                qual = "vague"  # "at least thousands": still vague
            return NumberSpan(start, stop, value, qual, currency, i, j, percent, True, strength)
        parsed, said_q, cur = parse_number(doc[start:stop].text)
        if parsed is None:
            return None
        return NumberSpan(start, stop, parsed, None if said_q in SILENT_QUALIFIERS else said_q, currency or cur, i, j, percent, False, strength)

    def _in_date_or_code(self, doc, i: int, j: int) -> bool:
        """The number is written into a date, a time or a code: the run of
        text without spaces around it has slashes, dots or hyphens between digits."""
        text = self._text if self._doc is doc and self._text else doc.text
        a = doc[i].idx
        b = doc[j - 1].idx + len(doc[j - 1].text)
        while a > 0 and not text[a - 1].isspace():
            a -= 1
        while b < len(text) and not text[b].isspace():
            b += 1
        chunk = text[a:b].strip("()[],.;:!?\"'“”‘’")
        return bool(DATE_CODE_RX.search(chunk))

    # what a number counts -----------------------------------------------------------------------
    @staticmethod
    def _root(ns: NumberSpan, doc) -> Token:
        """The number's syntactic head: the token of the number whose head lies outside it."""
        toks = [doc[k] for k in range(ns.num_start, ns.num_end)]
        outside = [t for t in toks if not (ns.num_start <= t.head.i < ns.num_end) or t.head.i == t.i]
        return outside[-1] if outside else toks[-1]

    def counted_noun(self, ns: NumberSpan, doc) -> Token | None:
        if ns.strength is not None:
            return ns.strength
        root = self._root(ns, doc)
        head = None
        if root.dep_ in ("nummod", "quantmod", "compound", "amod", "advmod", "npadvmod", "appos", "det") and root.head.i >= ns.num_end \
                and root.head.pos_ in ("NOUN", "PROPN") and root.head.i <= ns.end + 6:
            head = root.head
        if head is None:
            for t in doc[ns.num_start: ns.num_end]:
                if t.dep_ == "nummod" and t.head.i >= ns.num_end and t.head.pos_ in ("NOUN", "PROPN"):
                    head = t.head
                    break
        if head is None:
            nxt = doc[ns.end] if ns.end < len(doc) else None
            if nxt is not None and nxt.lower_ == "of":
                # "tens of thousands of protesters", "94,000 of its troops"
                pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
                if pobj is None and ns.end + 1 < len(doc) and doc[ns.end + 1].pos_ in ("NOUN", "PROPN", "PRON", "DET"):
                    pobj = doc[ns.end + 1]
                    while pobj.i + 1 < len(doc) and pobj.dep_ in ("det", "poss", "amod", "compound", "nummod") and pobj.head.i > pobj.i:
                        pobj = pobj.head
                head = pobj
        if head is None and root.dep_ == "nsubj" and root.head.lemma_ == "be":
            # "Of those, 11 were children"
            head = next((c for c in root.head.children if c.dep_ == "attr" and c.pos_ == "NOUN" and c.i > root.i), None)
        while head is not None and head.dep_ in ("compound", "nmod") and head.head.pos_ in ("NOUN", "PROPN") and head.head.i > head.i \
                and head.lower_ not in MEASURES and head.lower_ not in CURRENCY_WORDS and head.lower_ not in PERCENT_WORDS:
            head = head.head  # "100 battalion tactical groups" counts groups
        if head is None and root.dep_ in ("pobj", "attr", "dobj", "nsubj", "nsubjpass", "conj", "appos"):
            head = self._count_head(root)
            if head is not None:
                ns.via_count = True
                return head
        if head is not None and ns.start <= head.i < ns.end:
            head = None
        if head is not None and head.pos_ not in ("NOUN", "PROPN") and head.lower_ not in ANAPHORIC:
            return None
        return head

    @staticmethod
    def _more(ns: NumberSpan, doc) -> bool:
        """"12 more", "another 12", "a further 12", "12 others"."""
        after = doc[ns.num_end] if ns.num_end < len(doc) else None
        before = " ".join(t.lower_ for t in doc[max(0, ns.num_start - 2): ns.num_start])
        return (after is not None and after.lower_ in MORE_AFTER) or any(before.endswith(w) for w in MORE_BEFORE)

    @staticmethod
    def _count_head(root: Token) -> Token | None:
        """"put the number of battalion tactical groups at 41", "the death toll was estimated at 12,400",
        "the toll rose to 50": the noun that stands for the count."""
        verb = root.head
        if root.dep_ == "pobj" and verb.lower_ in ("at", "to", "of") and verb.head.pos_ in ("VERB", "AUX", "NOUN"):
            verb = verb.head
        if verb.pos_ == "NOUN" and verb.lemma_.lower() in GROUP_HEADS and root.head.lower_ == "of":
            return verb  # "the first contingent of 200", "a crowd of 10,000"
        if verb.pos_ == "NOUN" and verb.lemma_.lower() in COUNT_HEADS:
            cands = [verb]  # "a toll of 40"
        elif verb.pos_ in ("VERB", "AUX"):
            order = {"dobj": 0, "nsubjpass": 1, "nsubj": 2}
            cands = sorted((c for c in verb.children if c.dep_ in order and c.i != root.i), key=lambda c: order[c.dep_])
        else:
            return None
        for obj in cands:
            if obj.lemma_.lower() in COUNT_HEADS:
                of = next((p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                           if p.dep_ == "pobj" and p.i != root.i and p.like_num is False), None)
                return of if of is not None else obj
        return None

    def _unit_of(self, head: Token) -> str:
        low = head.lower_
        if low in CURRENCY_WORDS:
            return CURRENCY_WORDS[low]
        if head.lemma_.lower() in COUNT_HEADS:
            comp = next((c for c in head.children if c.dep_ in ("compound", "amod") and c.lemma_.lower() in COUNT_COMPOUNDS), None)
            if comp is not None:
                return COUNT_COMPOUNDS[comp.lemma_.lower()]
            comp = next((c for c in head.children if c.dep_ == "compound" and c.pos_ == "NOUN"), None)
            if comp is not None:
                return comp.lower_  # "a turnout figure of 20,000"
        return low

    def _measure(self, head: Token) -> str | None:
        doc = head.doc
        if head.i > 0:
            two = f"{doc[head.i - 1].lower_} {head.lower_}"
            if two in MEASURES:
                return MEASURES[two]
        if head.i + 1 < len(doc):
            two = f"{head.lower_} {doc[head.i + 1].lower_}"
            if two in MEASURES:
                return MEASURES[two]
        return MEASURES.get(head.lower_)

    # which numbers are claims ---------------------------------------------------------------------
    def _verb_of(self, tok: Token) -> Token | None:
        """The verb a noun is the subject or object of (through a conjunction)."""
        cur = tok
        while cur.dep_ == "conj" and cur.head.i != cur.i:
            cur = cur.head
        if cur.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "appos") and cur.head.pos_ in ("VERB", "AUX", "ADJ"):
            return cur.head
        if cur.dep_ == "pobj" and cur.head.head.pos_ in ("VERB", "ADJ"):
            return cur.head.head
        return None

    def _suffered(self, tok: Token, verbs: set[str] = SUFFERED) -> bool:
        verb = self._verb_of(tok)
        if verb is not None and verb.lemma_.lower() in verbs:
            return True
        for c in tok.children:
            if c.lemma_.lower() not in verbs:
                continue
            # "two children killed in the strike", "two wounded soldiers",
            # "two men who were arrested"; not "the countries that killed 24"
            if c.dep_ in ("acl", "amod") and c.tag_ == "VBN":
                return True
            if c.dep_ == "relcl" and any(g.dep_ in ("nsubjpass", "auxpass") for g in c.children):
                return True
        return False

    def _is_speaker(self, tok: Token) -> bool:
        """"two U.S. officials said", "AP quoted one student protester", "according to three diplomats"."""
        cur = tok
        while cur.dep_ == "conj" and cur.head.i != cur.i:
            cur = cur.head
        if cur.dep_ in ("nsubj",) and cur.head.lemma_.lower() in CLAIM_VERBS and cur.head.pos_ == "VERB":
            return True
        if cur.dep_ == "dobj" and cur.head.lemma_.lower() in QUOTE_VERBS:
            return True
        if cur.dep_ == "pobj" and cur.head.lower_ == "to" and cur.head.head.lower_ == "according":
            return True
        if cur.dep_ == "pobj" and cur.head.lower_ == "to" and cur.head.i > 0 and cur.doc[cur.head.i - 1].lower_ == "according":
            return True
        return False

    def _population(self, tok: Token) -> bool:
        """"a nation of over 9 million people", "home to 40,000 people", "a population of 2 million"."""
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in POPULATION_HOSTS:
            return True
        if tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lemma_.lower() in POPULATION_HOME:
            return True
        if tok.lemma_.lower() in POPULATION_NOUNS and tok.dep_ in ("dobj", "attr") and tok.head.lemma_.lower() in POPULATION_VERBS:
            return True
        return False

    def _located(self, ns: NumberSpan, head: Token, doc) -> bool:
        """A distance that only says where something lies."""
        end = max(head.i + 1, ns.end)
        if self._measure(head) and head.i + 1 < len(doc) and f"{head.lower_} {doc[head.i + 1].lower_}" in MEASURES:
            end = head.i + 2
        nxt = _next_word(doc, end, min(len(doc), head.sent.end))
        if nxt is not None and nxt.lower_ in LOCATION_WORDS:
            return True
        before = doc[ns.start - 1] if ns.start > head.sent.start else None
        if before is not None and before.lower_ in LOCATION_BEFORE:
            return True
        # "the 3,323 km border", "the 24 nautical mile mark": the distance describes a thing
        if head.dep_ in ("compound", "amod", "nmod") and head.head.pos_ in ("NOUN", "PROPN") and head.head.i > head.i:
            return True
        return False

    def find(self, sent: Span, sentence_index: int, span: tuple[int, int], text: str) -> list[dict]:
        doc = sent.doc
        if self._doc is not doc:
            self._doc, self._seen, self._home = doc, [], None
            # per article, built once: Doc.text and Doc.ents are rebuilt on every access
            self._text = text
            self._ent_at = {i: e for e in doc.ents for i in range(e.start, e.end)}
        out = []
        last_unit = None
        according = self._according_to(sent)  # once per sentence, for every number in it
        prev = self._previous_seen(sent)
        seen = _Seen(sent.start, sent.end)
        any_anaphoric = False
        for ns in self.number_spans(sent):
            root = self._root(ns, doc)
            head = self.counted_noun(ns, doc)
            anaphoric = head is not None and head.lower_ in ANAPHORIC
            if anaphoric:
                head = None
            unit = None
            measure = None
            if ns.percent:
                unit = "percent"
            elif ns.currency:
                unit = ns.currency
            elif head is not None:
                if head.lower_ in NOT_COUNTED or head.lemma_.lower() in NOT_COUNTED:
                    continue
                if any(c.lower_ in AGE_WORDS for c in head.rights) or any(head.lower_.endswith("-" + w) for w in AGE_WORDS):
                    continue
                measure = self._measure(head)
                unit = measure or self._unit_of(head)
            inherited_subject = None
            if unit is None and anaphoric and prev is not None and prev.units:
                # "Six of those turned back": what the sentence before counted
                unit = prev.units[-1]
                inherited_subject = prev.subjects.get(unit)
                any_anaphoric = True
            elif unit is None and prev is not None and prev.units and last_unit is None and self._more(ns, doc):
                # "The ministry added that 12 more were destroyed": more of what was counted before
                unit = prev.units[-1]
                inherited_subject = prev.subjects.get(unit)
                any_anaphoric = True
            elif unit is None and last_unit is not None and root.dep_ in ("nsubj", "nsubjpass", "dobj", "appos", "conj", "attr", "pobj", "npadvmod", "ROOT"):
                # "94,300 troops ..., while up to 175,000 could take part": the
                # unit carries over from the sentence's previous count
                unit, inherited_subject = last_unit
            elif unit is None and root.dep_ in ("dobj", "nsubjpass", "nsubj", "conj", "pobj", "attr", "ROOT"):
                verb = self._verb_of(root) or (root.head if root.head.pos_ == "VERB" else None)
                if verb is not None and (verb.lemma_.lower() in CASUALTY_VERBS
                                         or (root.dep_ == "nsubj" and verb.lemma_.lower() in PEOPLE_VERBS)):
                    unit = CASUALTY_UNIT  # "killed at least five", "dozens were detained", "thousands marched"
            if unit is None:
                continue
            if head is None and self._population(root):
                continue  # "a population of 260,000"
            if not self._is_claim(ns, head, root, unit, measure, doc):
                continue
            if ns.percent:
                subject = self._percent_subject(ns, doc)
            elif ns.via_count and head is not None:
                first = min((c.i for c in head.lefts if c.dep_ in ("compound", "amod", "nmod")), default=head.i)
                subject = doc[first : head.i + 1].text
            else:
                subject = self.subject_text(head, ns, doc) if head is not None else (inherited_subject or unit)
            if not ns.percent and not ns.currency and measure is None:
                last_unit = (unit, subject)
            anchor = head if head is not None else root
            claimant, claimant_phrase = self.claimant(anchor, sent, according)
            status, _cue = self.status_of(anchor)
            out.append({
                "value": _clean_value(ns.value), "unit": unit, "subject": subject, "claimant": claimant,
                "claimant_phrase": claimant_phrase, "status": status, "qualifier": ns.qualifier,
                "number_text": doc[ns.start : ns.end].text,
                "number_span": (doc[ns.start].idx, doc[ns.end - 1].idx + len(doc[ns.end - 1].text)),
            })
            seen.units.append(unit)
            seen.subjects.setdefault(unit, subject)
        self._carry(out, sent, prev, any_anaphoric)
        for c in out:
            seen.claimants.append((c["unit"], c["claimant"], c["claimant_phrase"]))
        self._seen.append(seen)
        return out

    def _is_claim(self, ns: NumberSpan, head: Token | None, root: Token, unit: str, measure: str | None, doc) -> bool:
        value = ns.value
        # a year: "in 2019"
        if isinstance(value, float) and 1900 <= value <= 2100 and "," not in doc[ns.num_start:ns.num_end].text \
                and ns.currency is None and not ns.percent and ns.num_end - ns.num_start == 1 \
                and (head is None or doc[ns.num_start].ent_type_ == "DATE" or doc[ns.num_start].dep_ in ("compound", "amod", "npadvmod")
                     or (ns.num_start > 0 and doc[ns.num_start - 1].lower_ in YEAR_BEFORE)):
            return False  # a year: "in 2019", "the disputed 2020 elections"
        if head is None or ns.currency or ns.percent or ns.via_count or head.lower_ in CURRENCY_WORDS:
            return True
        if measure is not None:
            return not (measure in DISTANCES and self._located(ns, head, doc))
        low, lemma = head.lower_, head.lemma_.lower()
        phrase = f"{doc[head.i - 1].lower_} {low}" if head.i > 0 else low
        # "136 Battalion", "the 24 mile mark": a number before a singular noun names or measures it
        if not ns.vague and ns.strength is None and not isinstance(value, tuple) and value > 1 and head.tag_ in ("NN", "NNP") \
                and low not in COLLECTIVE and lemma not in COLLECTIVE and head.morph.get("Number", []) != ["Plur"] \
                and head.ent_type_ not in ("NORP", "ORG"):
            return False
        if self._is_speaker(head):
            return False
        if self._population(head):
            return False
        suffered = self._suffered(head)
        # counts of the sentence's own actors: "the two sides", "2 nations", "the three leaders"
        if (low in OWN_ACTORS or lemma in OWN_ACTORS or phrase in OWN_ACTORS) and not suffered and not ns.vague:
            if ns.qualifier is None or any(c.dep_ in ("det", "poss") and c.lower_ in OWN_DETERMINERS
                                            for c in head.children if c.i < ns.start):
                return False
        # "she and her two children": a speaker's own people, unless harmed ("her two sons were killed")
        if any(c.dep_ == "poss" and c.lower_ in PERSONAL for c in head.children if c.i < ns.start) and not self._suffered(head, HARM):
            return False
        return True

    @staticmethod
    def _percent_subject(ns: NumberSpan, doc) -> str:
        """"80% of the city" -> "the city"; "a 25% levy" -> "levy"."""
        k = ns.end
        if k < len(doc) and doc[k].lower_ in PERCENT_WORDS:
            k += 1
        elif k + 1 < len(doc) and f"{doc[k].lower_} {doc[k + 1].lower_}" in PERCENT_WORDS:
            k += 2
        if k < len(doc) and doc[k].lower_ == "of":
            pobj = next((c for c in doc[k].children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return doc[pobj.left_edge.i : pobj.right_edge.i + 1].text[:100]
        if k < len(doc) and doc[k].pos_ in ("NOUN", "PROPN"):
            return doc[k].text
        return "percent"

    def subject_text(self, head: Token, ns: NumberSpan, doc) -> str:
        left = head.i
        for c in head.lefts:
            if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i >= ns.end:
                left = min(left, c.left_edge.i)
        right = head.i
        for c in head.rights:
            if c.dep_ == "prep" and c.lower_ in SUBJECT_PREPS:
                right = max(right, c.right_edge.i)
                break
        # passive participles after the noun: "troops massed near the border"
        for c in head.rights:
            if c.dep_ == "acl" and c.i == right + 1:
                right = max(right, c.right_edge.i)
        # "massed 94,300 troops near the border": the verb's place belongs to the count
        if right == head.i and head.dep_ in ("dobj", "nsubjpass") and head.head.pos_ == "VERB":
            for c in head.head.children:
                if c.dep_ == "prep" and c.lower_ in SUBJECT_PLACE_PREPS and c.i > head.i:
                    text = doc[ns.end if left <= ns.start and ns.end <= head.i else left : head.i + 1].text
                    return f"{text} {doc[c.i : c.right_edge.i + 1].text}".strip(" ,.;")
        if right - left > 14:
            right = left + 14
        if left <= ns.start and ns.end <= head.i:
            left = ns.end  # the number itself is not part of what it counts
        if left > right:
            left = head.i
        return doc[left : right + 1].text.strip(" ,.;-")

    # who says so ----------------------------------------------------------------------------------
    def _according_to(self, sent: Span) -> list[tuple[Token, Token]]:
        """("according" token, its object) pairs of a sentence."""
        out = []
        for t in sent:
            if t.lower_ == "according" and t.i + 1 < len(sent.doc) and sent.doc[t.i + 1].lower_ == "to":
                to = sent.doc[t.i + 1]
                pobj = next((c for c in to.children if c.dep_ == "pobj"), None) or next((c for c in t.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    out.append((t, pobj))
        return out

    def _speaker_of(self, verb: Token) -> Token | None:
        """The subject of a reporting verb ("the ministry said"), its agent
        ("was reported by X"), or the subject of the verb it is conjoined to
        ("... and added that")."""
        cur = verb
        for _ in range(3):
            subj = next((c for c in cur.children if c.dep_ in ("nsubj",)), None)
            if subj is None:
                agent = next((c for c in cur.children if c.dep_ == "agent"), None)
                subj = next((p for p in agent.children if p.dep_ == "pobj"), None) if agent is not None else None
            if subj is not None:
                return subj
            if cur.dep_ == "acl" and cur.head.pos_ in ("NOUN", "PROPN") and cur.tag_ != "VBN":
                return cur.head  # "reports from a group putting the toll at 57"
            if cur.dep_ in ("conj", "xcomp", "advcl") and cur.head.pos_ in ("VERB", "AUX") and cur.head.i != cur.i:
                cur = cur.head
                continue
            break
        return None

    def _resolve(self, subj: Token) -> Actor | None:
        found = self.r.resolve(subj, with_conjuncts=False)
        actor = found[0] if found else None
        # "Iran's U.N. envoy": whose envoy it is, not where
        poss = next((c for c in subj.children if c.dep_ == "poss"), None)
        if poss is not None and actor is not None and actor.kind == "bloc":
            owner = self.r.resolve(poss, with_conjuncts=False)
            if owner and owner[0].kind != "bloc" and owner[0].code != actor.code:
                actor = replace(owner[0], text=actor.text, sector=actor.sector)
        if actor is None:
            # "a statement from the ministry", "a report by the UN", "a
            # representative of the PDF", "a spokesman for the army"
            for c in subj.children:
                if c.dep_ in ("prep", "agent", "acl") and c.lower_ in SPEAKER_FOR:
                    for p in c.subtree:
                        if p.dep_ == "pobj":
                            inner = self.r.resolve(p, with_conjuncts=False)
                            if inner:
                                return inner[0]
        if actor is None:
            # "according to the U.N, ...": the abbreviation lost its full stop
            words = [t for t in subj.subtree if t.i <= subj.i and t.dep_ != "det"]
            if words:
                text = subj.doc[words[0].i : subj.i + 1].text
                for variant in (text + ".", text.rstrip(".")):
                    entries = self.r.lex.entries.get(variant)
                    if entries:
                        actor = resolve_entries(tuple(entries), variant, self.r.date)
                        if actor is not None:
                            break
        return actor

    def _who(self, subj: Token, *, look_back: bool = True) -> tuple[Actor | None, str]:
        doc = subj.doc
        if subj.lower_ in RELATIVES and subj.head.dep_ == "relcl" and subj.head.head.i != subj.head.i:
            subj = subj.head.head  # "..., who accused Eritrea of ...": the one the clause is about
        # the phrase without the clauses hung on it ("reports ... that put the toll at 57")
        right = subj.i
        for c in subj.rights:
            if c.dep_ in ("acl", "relcl", "ccomp", "advcl", "punct", "cc") and c.pos_ != "PROPN":
                break
            right = c.right_edge.i
        phrase = doc[subj.left_edge.i : right + 1].text.strip(" ,;")
        if len(phrase) > 120:
            phrase = subj.text
        actor = self._resolve(subj)
        if actor is None and look_back:
            low = subj.lower_
            if low in PRONOUN_SUBJECTS:
                actor = self._previous_speaker(subj)
            elif subj.pos_ == "NOUN":
                if any(c.dep_ == "det" and c.lower_ in DEFINITE for c in subj.children) or subj.lemma_.lower() in DOMESTIC:
                    actor = self._same_head_before(subj)
        if actor is None and self._domestic_role(subj):
            actor = self._domestic(subj)
        return actor, phrase

    @staticmethod
    def _domestic_role(subj: Token) -> bool:
        """Whether the speaker is named by a domestic office, also inside a
        longer name: "police", "the state prosecutor", "Police spokesperson
        John Nhial" (the office is a compound of a compound)."""
        def name_words(t: Token):
            yield t
            for c in t.children:
                if c.dep_ in ("compound", "amod") and c.i < t.i:
                    yield from name_words(c)

        return any(w.lemma_.lower() in DOMESTIC or w.lower_ in DOMESTIC for w in name_words(subj))

    def _sentences_before(self, sent: Span, n: int) -> list[Span]:
        """Up to ``n`` sentences before ``sent``, nearest first."""
        doc = sent.doc
        out: list[Span] = []
        i = sent.start - 1
        while i >= 0 and len(out) < n:
            while i >= 0 and doc[i].is_space:
                i -= 1
            if i < 0:
                break
            s = doc[i].sent
            if s.text.strip():
                out.append(s)
            i = s.start - 1
        return out

    def _speakers(self, sent: Span, before: int | None = None) -> list[Token]:
        """Speakers named in a sentence, last first: subjects of reporting verbs, objects of "according to"."""
        found = []
        for t in sent:
            if before is not None and t.i >= before:
                break
            if t.pos_ == "VERB" and t.lemma_.lower() in CLAIM_VERBS:
                s = self._speaker_of(t)
                if s is not None:
                    found.append((t.i, s))
        for acc, pobj in self._according_to(sent):
            if before is None or acc.i < before:
                found.append((acc.i, pobj))
        found.sort(key=lambda x: -x[0])
        return [s for _, s in found]

    def _previous_speaker(self, pron: Token) -> Actor | None:
        """"It later said", "he told reporters": the speaker named last before."""
        want_person = pron.lower_ in PERSON_PRONOUNS
        fallback = None
        sents = [pron.sent] + self._sentences_before(pron.sent, PRONOUN_LOOKBACK)
        for k, s in enumerate(sents):
            for subj in self._speakers(s, before=pron.i if k == 0 else None):
                if subj.lower_ in PRONOUN_SUBJECTS:
                    continue
                actor, _ = self._who(subj, look_back=False)
                if actor is None:
                    # "the group said" / "the ministry said": named earlier still
                    if subj.pos_ == "NOUN":
                        actor = self._same_head_before(subj)
                    if actor is None:
                        continue
                is_person = actor.kind in ("person", "office") or subj.ent_type_ == "PERSON" or subj.lemma_.lower() in PERSON_NOUNS
                if want_person == is_person or pron.lower_ == "they":
                    return actor
                if not want_person:
                    fallback = fallback or actor  # "it said" after a person: the body the person speaks for
        return fallback

    def _same_head_before(self, subj: Token) -> Actor | None:
        """"the ministry said", "the president later said": the last phrase
        before with the same head noun that names an actor."""
        sents = [subj.sent] + self._sentences_before(subj.sent, LOOKBACK)
        return self.r.same_head_before(subj, sents[-1].start)

    def _domestic(self, subj: Token) -> Actor | None:
        """Police, prosecutors and investigators act for the state the story is in."""
        code = self._home_state()
        if code is None:
            return None
        return Actor(subj.text, code, self.r.lex.names.get(code, code), self.r.sector_of(subj), None, None, "context")

    def _home_state(self) -> str | None:
        if self._home is not None:
            return self._home or None
        from collections import Counter

        counts: Counter = Counter()
        seen = set()
        for m in self.r.mentions.values():
            if id(m) in seen:
                continue
            seen.add(id(m))
            e = m.entries[0]
            if e.kind in ("state", "demonym", "metonym", "person") and e.code and len(e.code) == 3 and e.code.isalpha():
                counts[e.code] += 1
        best = counts.most_common(2)
        if best and (len(best) == 1 or best[0][1] > best[1][1]):
            self._home = best[0][0]
        else:
            # no state named as an actor: the country the article's places lie in
            self._home = (self.r._home_country(self.place_codes) if not counts else None) or ""
        return self._home or None

    def _quoted_speaker(self, tok: Token, sent: Span) -> tuple[Actor | None, str | None] | None:
        """A number inside a quotation: the speaker named after the quotation
        closes ("“... 50 drones. ...,” the air force said")."""
        doc = sent.doc
        text = self._text if self._doc is doc and self._text else doc.text
        para_start = text.rfind("\n", 0, tok.idx) + 1
        before = text[para_start:tok.idx]
        n_open = sum(before.count(q) for q in "“") + (before.count('"') % 2)
        n_close = before.count("”")
        if n_open <= n_close:
            return None
        close = min((p for p in (text.find("”", tok.idx), text.find('"', tok.idx)) if p >= 0), default=-1)
        if close < 0 or "\n" in text[tok.idx:close]:
            return None
        # the sentence the quotation closes in, and its reporting verb after the close
        k = tok.i
        while k < len(doc) and doc[k].idx < close:
            k += 1
        if k >= len(doc):
            return None
        end_sent = doc[k].sent
        for t in end_sent:
            if t.idx > close and t.pos_ == "VERB" and t.lemma_.lower() in CLAIM_VERBS:
                subj = self._speaker_of(t)
                if subj is not None and subj.idx > close:
                    return self._who(subj)
        return None

    def claimant(self, tok: Token, sent: Span, according: list[tuple[Token, Token]]) -> tuple[Actor | None, str | None]:
        """Who asserts the number at ``tok``: "according to X" in the number's
        own clause, else the subject of a reporting verb above it (the first
        that names an actor), else any "according to" in the sentence, else a
        reporting verb that closes the sentence ("..., the ministry said"),
        else the speaker of the quotation the number stands in."""
        inside = {t.i for t in tok.subtree}
        unresolved: tuple[Actor | None, str | None] | None = None
        acc_at: dict[int, Token] = {}
        for acc, pobj in according:
            acc_at.setdefault(acc.head.i, pobj)
        cur = tok
        steps = 0
        if tok.i in acc_at:
            return self._who(acc_at[tok.i])
        # up the tree, the nearest source first: "according to X" attached to
        # the clause, or the subject of a reporting verb
        while cur.head.i != cur.i and steps < 12:
            steps += 1
            cur = cur.head
            if cur.i in acc_at:
                who = self._who(acc_at[cur.i])
                if who[0] is not None or unresolved is None:
                    return who
            if cur.pos_ == "VERB" and cur.lemma_.lower() in CLAIM_VERBS:
                subj = self._speaker_of(cur)
                if subj is not None and subj.i not in inside:
                    who = self._who(subj)
                    if who[0] is not None:
                        return who
                    unresolved = unresolved or who
        if according:
            who = self._who(according[0][1])
            if who[0] is not None or unresolved is None:
                return who
        if unresolved is not None:
            return unresolved
        # "..., the ministry said": a reporting verb after the number that the
        # parse left beside the number's clause rather than above it
        for v in sent:
            if v.pos_ != "VERB" or v.lemma_.lower() not in CLAIM_VERBS or v.i in inside:
                continue
            after = v.i > tok.i and (v.dep_ in ("ROOT", "parataxis") or (
                v.dep_ in ("ccomp", "conj") and any(p.text == "," for p in sent.doc[tok.i:v.i])))
            aside = v.i < tok.i and v.dep_ == "parataxis"  # "To date, it said, 117 trucks had entered"
            if after or aside:
                subj = self._speaker_of(v)
                if subj is not None and subj.i not in inside and (subj.i > tok.i or aside):
                    return self._who(subj)
        quoted = self._quoted_speaker(tok, sent)
        if quoted is not None:
            return quoted
        return self._headline_source(tok, sent) or (None, None)

    def _headline_source(self, tok: Token, sent: Span) -> tuple[Actor | None, str | None] | None:
        """"IDF: Over 40 targets hit", "Zelenskyy: 31,000 soldiers
        dead": a short name and a colon open the sentence."""
        colon = next((t for t in sent[:HEADLINE_PREFIX + 1] if t.text == ":"), None)
        if colon is None or colon.i >= tok.i or colon.i == sent.start:
            return None
        names = [t for t in sent.doc[sent.start : colon.i] if t.pos_ in ("PROPN", "NOUN")]
        if not names:
            return None
        actor, phrase = self._who(names[-1], look_back=False)
        if actor is None:
            return None
        return actor, sent.doc[sent.start : colon.i].text

    # across sentences -----------------------------------------------------------------------------
    def _previous_seen(self, sent: Span) -> _Seen | None:
        """What the sentence right before counted, when it stands in the same paragraph."""
        if not self._seen:
            return None
        last = self._seen[-1]
        doc = sent.doc
        before = self._sentences_before(sent, 1)
        if not before or before[0].start != last.start:
            return None
        gap = self._text[doc[last.end - 1].idx + len(doc[last.end - 1].text): sent.start_char] if last.end > 0 else ""
        if "\n" in gap:
            return None
        return last

    def _carry(self, out: list[dict], sent: Span, prev: _Seen | None, anaphoric: bool = False) -> None:
        """A sentence with no source of its own that goes on counting what the
        sentence before counted ("Of these, 80 drones and 9 missiles were
        shot down") keeps that sentence's claimant."""
        if prev is None or not out or not any(c[1] is not None for c in prev.claimants):
            return
        if any(c["claimant_phrase"] for c in out):
            return
        opener = sent.text.strip().lower()
        opens = any(opener.startswith(o + " ") or opener.startswith(o + ",") for o in OPENERS) or anaphoric
        continues = opens or any(c["unit"] in prev.units for c in out)
        if not continues:
            return
        # a sentence that names an actor or a place of its own ("In Israel,
        # ...") starts a new account rather than going on with the last one
        if not opens and (any(self.r.mentions.get(i) is not None for i in range(sent.start, sent.end))
                          or any(e.label_ in ("GPE", "LOC", "NORP", "ORG", "PERSON") for e in sentence_ents(sent))):
            return
        by_unit = {}
        for unit, actor, phrase in prev.claimants:
            if actor is not None:
                by_unit[unit] = (actor, phrase)
        last = next(((a, p) for _, a, p in reversed(prev.claimants) if a is not None), None)
        for c in out:
            hit = by_unit.get(c["unit"]) or last
            if hit is not None:
                c["claimant"], c["claimant_phrase"] = hit


QUALIFIER_WORDS = {w for q in QUALIFIERS for w in q.split()}
