"""Stage 8, claims: numbers that someone asserts, and who asserts them.

A number becomes a claim when it counts something (troops, tanks, refugees,
dollars): the counted noun is found from the parse (the number's head, or
"of" after "tens of thousands"). The claimant is the object of "according
to", else the subject of the reporting verb ("said", "estimated") that
governs the number's clause. Dates, years, times, ages, ordinals and page
furniture ("22 photos") are not claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..model import Actor

SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "hundred": 1e2, "dozen": 12}
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
         "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a": 1, "dozen": 12}
# vague quantities become ranges: "tens of thousands" -> [10000, 99999]
VAGUE = [("hundreds of thousands", (100000, 999999)), ("tens of thousands", (10000, 99999)), ("thousands", (1000, 9999)),
         ("hundreds", (100, 999)), ("dozens", (24, 99)), ("scores", (40, 99))]
QUALIFIERS = ["as many as", "up to", "at least", "at most", "more than", "over", "fewer than", "less than", "about", "around",
              "approximately", "roughly", "nearly", "almost", "some", "an estimated", "estimated", "close to", "just over",
              "just under", "upwards of", "in excess of", "no fewer than", "no more than", "under", "below", "above", "tens of"]
CURRENCY = {"$": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD", "€": "EUR", "euro": "EUR", "euros": "EUR",
            "£": "GBP", "pound": "GBP", "pounds": "GBP", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB",
            "hryvnia": "UAH", "hryvnias": "UAH", "yuan": "CNY", "shilling": "TZS", "shillings": "TZS"}
NOT_COUNTED = {"year", "years", "percent", "per", "cent", "%", "page", "photo", "photos", "image", "images", "picture", "pictures",
               "video", "videos", "minute", "minutes", "hour", "hours", "second", "seconds", "day", "days", "week", "weeks",
               "month", "months", "am", "pm", "a.m.", "p.m.", "o'clock", "time", "times", "point", "points", "th", "st",
               "nd", "rd", "comment", "comments", "share", "shares", "read", "mins", "min", "slide", "slides"}
PRONOUN_SUBJECTS = {"it", "they", "he", "she", "we"}
CLAIM_VERBS = {"say", "estimate", "claim", "report", "tell", "put", "assess", "believe", "count", "announce", "state", "calculate", "record", "register", "confirm", "allege", "warn", "write", "show", "suggest", "indicate", "tally"}
NUM_RX = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(thousand|million|billion|trillion|bn|mln|k|m|tn)?\b", re.I)


@dataclass
class NumberSpan:
    start: int
    end: int  # token indexes
    value: float | tuple[float, float]
    qualifier: str | None
    currency: str | None


def parse_number(text: str) -> tuple[float | tuple[float, float] | None, str | None, str | None]:
    """('80,000 to 100,000' -> (80000, 100000)), qualifier, currency."""
    low = " " + text.lower().strip() + " "
    qualifier = None
    for q in QUALIFIERS:
        if low.lstrip().startswith(q + " "):
            qualifier = q
            break
    currency = None
    for sym, code in CURRENCY.items():
        if (sym in low and not sym.isalpha()) or re.search(rf"\b{re.escape(sym)}\b", low):
            currency = code
            break
    nums = []
    for m in NUM_RX.finditer(low):
        v = float(m[1].replace(",", ""))
        if m[2]:
            v *= SCALE[m[2].lower()]
        nums.append(v)
    if not nums:
        for phrase, rng in VAGUE:
            if phrase in low:
                return rng, qualifier or phrase, currency
        total, current = 0.0, 0.0
        for w in re.findall(r"[a-z]+", low):
            if w in ("hundred",):
                current = max(current, 1) * 100
            elif w in ("thousand", "million", "billion"):
                total += max(current, 1) * SCALE[w]
                current = 0
            elif w in WORDS and w != "a":
                current += WORDS[w]
        total += current
        if not total:
            return None, qualifier, currency
        nums = [total]
    # a scale word after a bare number applies to the range's both ends: "80 to 100 million"
    scale_words = re.findall(r"\b(thousand|million|billion|trillion)\b", low)
    if len(nums) == 2 and scale_words and len(scale_words) == 1 and nums[0] < nums[1] / 100:
        nums[0] *= SCALE[scale_words[0]]
    if len(nums) >= 2 and re.search(r"\d\s*(?:to|-|–|and)\s*\$?\d", low):
        lo, hi = sorted(nums[:2])
        return (lo, hi), qualifier, currency
    return nums[0], qualifier, currency


def _clean_value(v):
    if isinstance(v, tuple):
        return tuple(int(x) if float(x).is_integer() else x for x in v)
    return int(v) if float(v).is_integer() else v


class ClaimFinder:
    def __init__(self, resolver, status_of) -> None:
        self.r = resolver
        self.status_of = status_of

    def number_spans(self, sent: Span) -> list[NumberSpan]:
        spans = []
        for ent in sent.ents:
            if ent.label_ not in ("CARDINAL", "MONEY", "QUANTITY"):
                continue
            start = ent.start
            # pull a qualifier in front: "up to 175,000", "nearly 100"
            while start > sent.start and sent.doc[start - 1].lower_ in {"up", "to", "at", "least", "more", "than", "about", "around", "nearly", "almost", "some", "over", "approximately", "roughly", "as", "many", "an", "estimated", "close", "fewer", "less", "upwards", "of", "just"} and start > ent.start - 3:
                if sent.doc[start - 1].lower_ == "of" and sent.doc[start - 2].lower_ not in ("upwards", "excess"):
                    break
                start -= 1
            text = sent.doc[start : ent.end].text
            value, qualifier, currency = parse_number(text)
            if value is None:
                continue
            spans.append(NumberSpan(start, ent.end, value, qualifier, currency))
        return spans

    def counted_noun(self, ns: NumberSpan, doc) -> Token | None:
        last = doc[ns.end - 1]
        head = last.head if last.dep_ in ("nummod", "quantmod", "compound", "amod") else None
        if head is None:
            # "tens of thousands of protesters", "94,000 of its troops"
            for t in doc[ns.start : ns.end]:
                if t.dep_ in ("nummod",) and t.head.i >= ns.end:
                    head = t.head
                    break
        if head is None:
            nxt = doc[ns.end] if ns.end < len(doc) else None
            if nxt is not None and nxt.lower_ == "of":
                pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
                head = pobj
            elif last.pos_ in ("NUM",) and last.dep_ in ("dobj", "nsubj", "pobj", "attr", "appos", "conj"):
                # "the ministry put the figure at 94,300": number stands alone
                head = None
        while head is not None and head.dep_ in ("compound", "nmod") and head.head.pos_ in ("NOUN", "PROPN") and head.head.i > head.i:
            head = head.head  # "100 battalion tactical groups" counts groups
        if head is None and last.dep_ == "pobj" and last.head.lower_ == "at" and last.head.head.pos_ == "VERB":
            # "put the number of battalion tactical groups at 41"
            obj = next((c for c in last.head.head.children if c.dep_ == "dobj"), None)
            if obj is not None and obj.lemma_.lower() in ("number", "figure", "total", "count", "toll", "tally", "strength"):
                of = next((p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"), None)
                head = of if of is not None else obj
        if head is not None and head.i < ns.end and head.i >= ns.start:
            head = None
        if head is not None and head.pos_ not in ("NOUN", "PROPN"):
            return None
        return head

    def find(self, sent: Span, sentence_index: int, span: tuple[int, int], text: str) -> list[dict]:
        doc = sent.doc
        out = []
        last_unit = None
        according = self._according_to(sent)  # once per sentence, for every number in it
        for ns in self.number_spans(sent):
            if ns.currency is None and any(t.ent_type_ in ("DATE", "TIME", "PERCENT", "ORDINAL") for t in doc[ns.start : ns.end]):
                continue
            head = self.counted_noun(ns, doc)
            unit = None
            if ns.currency:
                unit = ns.currency
            elif head is not None:
                if head.lower_ in NOT_COUNTED or head.lemma_.lower() in NOT_COUNTED:
                    continue
                if any(c.lower_ in ("old", "aged") for c in head.rights) or head.lower_.endswith("-old"):
                    continue
                unit = CURRENCY.get(head.lower_, head.lower_)  # "1.2 billion euros" counts money
            if unit is None and last_unit is not None and doc[ns.end - 1].dep_ in ("nsubj", "dobj", "appos", "conj", "attr", "pobj", "npadvmod"):
                # "94,300 troops ..., while up to 175,000 could take part": the
                # unit carries over from the sentence's previous count
                unit, inherited_subject = last_unit
            else:
                inherited_subject = None
            if unit is None:
                continue
            # numbers that are names or model numbers: "G7", "S-400", "Su-34"
            if doc[ns.start].i > 0 and doc[ns.start - 1].text in ("-",) or re.search(r"[A-Za-z]-?\d", doc[ns.start:ns.end].text):
                continue
            if isinstance(ns.value, float) and 1900 <= ns.value <= 2100 and "," not in doc[ns.start:ns.end].text and ns.currency is None and head is None:
                continue
            subject = self.subject_text(head, ns, doc) if head is not None else (inherited_subject or unit)
            last_unit = (unit, subject)
            claimant, claimant_phrase = self.claimant(head or doc[ns.end - 1], sent, according)
            anchor = head if head is not None else doc[ns.end - 1]
            status, cue = self.status_of(anchor)
            out.append({
                "value": _clean_value(ns.value), "unit": unit, "subject": subject, "claimant": claimant,
                "claimant_phrase": claimant_phrase, "status": status, "qualifier": ns.qualifier,
                "number_text": doc[ns.start : ns.end].text,
                "number_span": (doc[ns.start].idx, doc[ns.end - 1].idx + len(doc[ns.end - 1].text)),
            })
        return out

    def subject_text(self, head: Token, ns: NumberSpan, doc) -> str:
        left = head.i
        for c in head.lefts:
            if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i >= ns.end:
                left = min(left, c.left_edge.i)
        right = head.i
        for c in head.rights:
            if c.dep_ == "prep" and c.lower_ in ("near", "on", "along", "in", "at", "from", "of", "inside", "around", "to", "across"):
                right = max(right, c.right_edge.i)
                break
        # passive participles after the noun: "troops massed near the border"
        for c in head.rights:
            if c.dep_ == "acl" and c.i == right + 1:
                right = max(right, c.right_edge.i)
        # "massed 94,300 troops near the border": the verb's place belongs to the count
        if right == head.i and head.dep_ in ("dobj", "nsubjpass") and head.head.pos_ == "VERB":
            for c in head.head.children:
                if c.dep_ == "prep" and c.lower_ in ("near", "along", "on", "at", "in", "inside", "around", "across", "to") and c.i > head.i:
                    text = doc[ns.end if left <= ns.start and ns.end <= head.i else left : head.i + 1].text
                    return f"{text} {doc[c.i : c.right_edge.i + 1].text}".strip(" ,.;")
        if right - left > 14:
            right = left + 14
        if left <= ns.start and ns.end <= head.i:
            left = ns.end  # the number itself is not part of what it counts
        return doc[left : right + 1].text.strip(" ,.;")

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

    def _who(self, subj: Token) -> tuple[Actor | None, str]:
        found = self.r.resolve(subj, with_conjuncts=False)
        if not found and subj.lower_ in PRONOUN_SUBJECTS:
            return None, subj.text
        return (found[0] if found else None), subj.doc[subj.left_edge.i : subj.right_edge.i + 1].text

    def claimant(self, tok: Token, sent: Span, according: list[tuple[Token, Token]]) -> tuple[Actor | None, str | None]:
        """Who asserts the number at ``tok``: "according to X" in the number's
        own clause, else the subject of a reporting verb above it, else any
        "according to" in the sentence, else the subject of a reporting root."""
        ancestors = {a.i for a in tok.ancestors}
        for acc, pobj in according:
            if acc.head.i in ancestors or acc.head.i == tok.i:
                return self._who(pobj)
        cur = tok
        steps = 0
        while cur.head.i != cur.i and steps < 10:
            steps += 1
            cur = cur.head
            if cur.pos_ == "VERB" and cur.lemma_.lower() in CLAIM_VERBS:
                subj = next((c for c in cur.children if c.dep_ == "nsubj"), None)
                if subj is None:
                    agent = next((c for c in cur.children if c.dep_ == "agent"), None)
                    subj = next((p for p in agent.children if p.dep_ == "pobj"), None) if agent is not None else None
                if subj is not None and subj.i not in {t.i for t in tok.subtree}:
                    return self._who(subj)
        if according:
            return self._who(according[0][1])
        root = sent.root
        if root.lemma_.lower() in CLAIM_VERBS:
            subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.i not in {t.i for t in tok.subtree}:
                return self._who(subj)
        return None, None
