"""Stage 3, actors: find actor mentions and resolve a noun phrase to actors.

The dictionary is data (``countries.tsv``, ``blocs.tsv``, ``people.tsv``,
``roles.tsv``, ``offices.tsv``) compiled once into a spaCy ``PhraseMatcher``.
A person resolves to the state or body they act for *on the article's date*.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

import pycountry
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ..model import Actor
from ..resources import load_tsv, split_list, words
from . import register_stage

# word lists in data/lexicon.toml; grammar (dependency labels) stays here
PERSON_NAMED_STATES = words("actors", "person_named_states")  # a PERSON entity there is a person
PRONOUNS = words("actors", "pronouns")
NP_MODIFIER_DEPS = {"compound", "amod", "poss", "nmod", "npadvmod", "nummod", "det"}
ALLEGIANCE = words("actors", "allegiance")  # "militants loyal to...", "forces allied to the government"
BACKERS = words("actors", "backers")  # "the Turkish-backed militia" is the militia, not Turkey
REGION_QUALIFIERS = words("actors", "region_qualifiers")  # "South American nations": a region's, not a state's
GROUP_PREPS = {"of", "from", "in", "for"}
# outlets whose name holds a place or a state ("Agence France-Presse", "the
# Times of Israel"): the state inside is no actor (data/lexicon.toml, [media])
OUTLETS = words("media", "outlets")
NAME_LINKS = {"of", "the", "de", "al", "el", "for"}  # lower-case words inside a name
# "the two sides", "both countries": the story's two parties (data/lexicon.toml)
PAIR_NOUNS = words("actors", "pair_nouns")
# heads that name others by their tie to the actor before them: "Israel's allies"
RELATIONAL_HEADS = words("actors", "relational_heads")
# how many sentences back an office named again ("the minister") finds its first naming
SAME_HEAD_WINDOW = 6
# heads that name who is sent where: the first actor before them sends
ASSIGNMENT_HEADS = words("actors", "assignment_heads")
ORG_KINDS = words("actors", "org_kinds")  # "Iranian airline Mahan Air"
REPORT_VERBS = words("verbs", "report")  # "said", "told": the one list, which the events stage and those after it import
# sectors of the phrases that may take their actor from earlier sentences:
# armed forces, police and armed groups (never "officials" or "member states")
ARMED_SECTORS = {"MIL", "COP", "REB", "CRM"}
# and a country's own people: protesters, opposition, workers, students, farmers
# (never plain "people" or "civilians": they are acted on, rarely actors)
PEOPLE_SECTORS = {"OPP", "LAB", "EDU", "AGR"}
# who, unnamed, acts for the one state of a story at home: its government,
# courts, parliament and people
HOME_SECTORS = {"GOV", "JUD", "LEG", "CVL"}


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    kind: str  # state | demonym | metonym | bloc | person
    sector: str | None = None
    person: str | None = None
    role: str | None = None
    start: str = ""
    end: str = ""


@dataclass(frozen=True)
class Mention:
    start: int  # token indexes in the Doc
    end: int
    entries: tuple[Entry, ...]
    text: str = ""  # the dictionary name that matched
    # a surname the article also gives with another given name ("Judge Bruce
    # Schroeder"): the dictionary's person only if in office on the date
    namesake: bool = False

    def resolve(self, text: str, date: str) -> Actor | None:
        return resolve_entries(self.entries, text, date, namesake=self.namesake)


def resolve_entries(entries: tuple[Entry, ...], text: str, date: str, namesake: bool = False) -> Actor | None:
    people = [e for e in entries if e.kind == "person"]
    if people:
        live = [e for e in people if e.start <= date and (not e.end or date < e.end)]
        if live:
            e = live[0]
            return Actor(text, e.code, _display_name(e.code), e.sector, e.role, e.person, "person")
        if namesake:
            return None  # a former leader's surname on someone else
        # Out of office on this date: the person still belongs to their state
        # but speaks for no office, so no role, no sector, and no bloc code.
        before = [e for e in people if e.start <= date]
        e = max(before, key=lambda x: x.start) if before else min(people, key=lambda x: x.start)
        role = f"former {e.role}" if before else None
        code = _home_state(people) or e.code
        return Actor(text, code, _display_name(code), None, role, e.person, "person")
    e = entries[0]
    return Actor(text, e.code, _display_name(e.code), e.sector, None, None, e.kind)


# codes of blocs and bodies (every code of blocs.tsv) and generic codes: no state
BODY_CODES = frozenset(row[0] for row in load_tsv("blocs.tsv") if row) | words("actors", "generic_codes")


def _home_state(people: list[Entry]) -> str | None:
    for e in people:
        if e.code not in BODY_CODES:
            return e.code
    return None


@lru_cache(maxsize=None)
def _display_name(code: str) -> str:
    lex = lexicon()
    if code in lex.names:
        return lex.names[code]
    c = pycountry.countries.get(alpha_3=code)
    return getattr(c, "common_name", None) or (c.name if c else code)


class Lexicon:
    """Every actor name, compiled once. ``entries[text]`` lists the readings
    of one surface string (a person may have several dated rows)."""

    def __init__(self) -> None:
        self.entries: dict[str, list[Entry]] = {}
        self.names: dict[str, str] = {}
        self.roles: dict[str, tuple[str, str]] = {}  # lemma -> (sector, role)
        self.offices: dict[str, tuple[str, str]] = {}  # phrase -> (role, sector)
        self.people_by_role: dict[tuple[str, str], list[Entry]] = {}
        self._load()

    def add(self, text: str, entry: Entry) -> None:
        lst = self.entries.setdefault(text, [])
        if entry not in lst:
            lst.append(entry)

    def _load(self) -> None:
        short_names = {"United States": "United States", "United Kingdom": "United Kingdom"}
        for row in load_tsv("countries.tsv"):
            code, names, demonyms, metonyms = (list(row) + ["", "", "", ""])[:4]
            names_l = split_list(names)
            self.names[code] = short_names.get(names_l[0], names_l[0]) if names_l else code
            for n in names_l:
                self.add(n, Entry(code, self.names[code], "state"))
            for d in split_list(demonyms):
                self.add(d, Entry(code, self.names[code], "demonym"))
            for m in split_list(metonyms):
                self.add(m, Entry(code, self.names[code], "metonym", "GOV"))
        # Official and common names from ISO 3166 for every state not listed above.
        for c in pycountry.countries:
            code = c.alpha_3
            self.names.setdefault(code, str(getattr(c, "common_name", None) or c.name))
            for iso_name in {c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)}:
                if iso_name and iso_name not in self.entries:
                    self.add(str(iso_name), Entry(code, self.names[code], "state"))
        for row in load_tsv("blocs.tsv"):
            code, name, names, sector = (list(row) + [""] * 4)[:4]
            self.names[code] = name
            for n in split_list(names):
                self.add(n, Entry(code, name, "bloc", sector or "IGO"))
        for row in load_tsv("groups.tsv"):
            names, code, sector = (list(row) + [""] * 3)[:3]
            for n in split_list(names):
                self.add(n, Entry(code, self.names.get(code, code), "group", sector or None))
        for row in load_tsv("people.tsv"):
            names, code, person, role, sector, start, end = (list(row) + [""] * 7)[:7]
            e = Entry(code, "", "person", sector or None, person, role, start, end)
            for n in split_list(names):
                self.add(n, e)
            self.people_by_role.setdefault((code, role.lower()), []).append(e)
        for lemma, sector, role in ((list(r) + ["", "", ""])[:3] for r in load_tsv("roles.tsv")):
            self.roles[lemma] = (sector, role)
        for phrase, role, sector in ((list(r) + ["", "", ""])[:3] for r in load_tsv("offices.tsv")):
            self.offices[phrase] = (role, sector)

    @property
    def anaphors(self) -> dict[str, tuple[str, int]]:
        """lemma -> (antecedent kind, window in sentences), from anaphors.tsv."""
        return {lemma: (kind, int(window or 2)) for lemma, kind, window in
                ((list(r) + ["", "", ""])[:3] for r in load_tsv("anaphors.tsv"))}

    def holder(self, code: str, role: str, date: str) -> Entry | None:
        for e in self.people_by_role.get((code, role.lower()), []):
            if e.start <= date and (not e.end or date < e.end):
                return e
        return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()


class ActorMatcher:
    """Finds actor mentions in a parsed Doc (longest match wins)."""

    def __init__(self, nlp) -> None:
        self.lex = lexicon()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._texts: dict[int, str] = {}
        for text in self.lex.entries:
            key = nlp.vocab.strings.add("A:" + text)
            self._texts[key] = text
            self.matcher.add("A:" + text, [nlp.make_doc(text)])
        self.outlets = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.outlets.add("OUTLET", [nlp.make_doc(name) for name in OUTLETS if " " in name or "-" in name])
        if not Doc.has_extension("fp_mentions"):
            Doc.set_extension("fp_mentions", default=None)

    def __call__(self, doc: Doc) -> dict[int, Mention]:
        spans = []
        for match_id, start, end in self.matcher(doc):
            spans.append((start, end, self._texts[match_id]))
        spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
        # an outlet's name, written as a name ("Pakistan Today", not "Pakistan
        # today threatened"), is taken first
        taken: set[int] = {i for _, start, end in self.outlets(doc)
                           if all(t.text[:1].isupper() for t in doc[start:end] if t.is_alpha and t.lower_ not in NAME_LINKS)
                           for i in range(start, end)}
        by_token: dict[int, Mention] = {}
        namesakes = _namesakes(doc, spans)
        for start, end, text in spans:
            if any(i in taken for i in range(start, end)):
                continue
            entries = tuple(self.lex.entries[text])
            namesake = end - start == 1 and doc[start].text in namesakes
            if namesake and entries[0].kind != "person":
                continue  # "Sudesh Amman" ... "Amman said": a person's surname, not Jordan's capital
            if start > 0 and doc[start - 1].text == "New" and entries[0].kind in ("state", "metonym"):
                continue  # "New Jersey", "New Mexico": a place of its own, not Jersey or Mexico
            # "Georgia" the US state, "Jordan" the person: an entity label
            # that contradicts a state reading vetoes it.
            if text in PERSON_NAMED_STATES and doc[start].ent_type_ == "PERSON":
                continue
            if text in ("Turkey", "China") and doc[start].is_lower:
                continue
            if text.lower() == "alliance" and (start == 0 or doc[start - 1].lower_ not in ("the", "atlantic", "western", "transatlantic")):
                continue  # "a Saudi-led alliance", "an opposition alliance": not NATO, which is "the alliance"
            if start > 0 and doc[start - 1].lower_ in REGION_QUALIFIERS and entries[0].kind == "demonym":
                continue  # "South American nations", "Latin American", "West African states": a region's, not a state's
            if doc[end - 1].lower_ in REGION_QUALIFIERS and end < len(doc) and doc[end].text[:1].isupper() \
                    and doc[end].lower_.endswith(("an", "ese", "ic", "ish")):
                continue  # "West African leaders": not "the West"
            if entries[0].kind == "bloc":
                # "Moldova's Supreme Security Council", "Russia's Security
                # Council": a body of a state, not of the UN
                head = doc[end - 1]
                if any(c.i < start and c.dep_ in ("poss", "compound", "amod") and (c.text[:1].isupper()) for c in head.children):
                    continue
            m = Mention(start, end, entries, text, namesake)
            for i in range(start, end):
                taken.add(i)
                by_token[i] = m
        _read_ambiguous(by_token, self.lex)
        doc._.fp_mentions = by_token
        return by_token


def _organisation_keys(name: str) -> set[str]:
    """How an organisation is named again: in full, or by its first word ("Mahan Air", "Mahan")."""
    return {name.lower(), name.split()[0].lower()}


def _namesakes(doc: Doc, spans: list[tuple[int, int, str]]) -> set[str]:
    """Words the article uses as the surname of a person it names in full
    with another given name ("Sudesh Amman", "Judge Bruce Schroeder"): there
    they are that person, not a capital or a leader of the same name, and so
    are their other bare mentions in the article (one sense a word per article)."""
    single = {start: text for start, end, text in spans if end - start == 1}
    out = set()
    for ent in doc.ents:
        if ent.label_ != "PERSON" or len(ent) < 2:
            continue
        last = ent.end - 1
        whole = any(start <= ent.start and end >= ent.end for start, end, _ in spans)
        if last in single and not whole and ent[0].text[:1].isupper() and ent[0].pos_ == "PROPN":
            out.add(doc[last].text)
    return out


@lru_cache(maxsize=1)
def _anaphor_table() -> dict[str, tuple[str, int]]:
    return lexicon().anaphors


def _window_start(starts: list[int], sent_start: int, window: int) -> int:
    """The first token of the sentence ``window`` sentences before this one."""
    import bisect

    k = bisect.bisect_right(starts, sent_start) - 1
    return starts[max(0, k - window)]


@lru_cache(maxsize=1)
def _ambiguous_names() -> dict[str, tuple[str, ...]]:
    return {row[0]: tuple(split_list(row[1])) for row in load_tsv("ambiguous.tsv") if len(row) > 1}


def _read_ambiguous(by_token: dict[int, "Mention"], lex: "Lexicon") -> None:
    """"Congo" names the DR Congo or the Republic of the Congo: the one the
    article's other actor words (capitals, groups such as the M23, demonyms,
    full names) name more often; the table's first code by default."""
    table = _ambiguous_names()
    unique = list({id(m): m for m in by_token.values()}.values())
    if not table or not any(m.text in table for m in unique):
        return
    counts: dict[str, int] = {}
    for m in unique:
        if m.text not in table:
            counts[m.entries[0].code] = counts.get(m.entries[0].code, 0) + 1
    for m in unique:
        codes = table.get(m.text)
        if not codes:
            continue
        best = max(codes, key=lambda c: (counts.get(c, 0), -codes.index(c)))
        if best != m.entries[0].code:
            entry = replace(m.entries[0], code=best, name=lex.names.get(best, best))
            new = Mention(m.start, m.end, (entry,) + m.entries[1:], m.text)
            for i in range(m.start, m.end):
                by_token[i] = new


def _name_keys(ent: Span) -> list[str]:
    """A person's full name and, for a name of two or more words, the surname."""
    words = [t.text for t in ent if (t.pos_ == "PROPN" or t.ent_type_ == "PERSON") and t.text not in ("'s", "’s")]
    if not words:
        return []
    keys = [" ".join(words).lower()]
    if len(words) > 1:
        keys.append(words[-1].lower())
    return keys


def np_span(tok: Token) -> Span:
    """The noun phrase of ``tok`` without its relative clauses and trailing
    prepositional phrases: "the Russian foreign minister"."""
    left = tok.i
    for child in tok.lefts:
        if child.dep_ in NP_MODIFIER_DEPS or child.dep_ in ("case", "punct", "advmod", "quantmod", "cc", "conj", "prep"):
            left = min(left, child.left_edge.i)
    right = tok.i
    for child in tok.rights:
        if child.dep_ in ("compound", "case", "flat", "appos") and child.i == right + 1:
            right = child.right_edge.i
    doc = tok.doc
    while left < tok.i and doc[left].dep_ in ("punct", "cc", "prep"):
        left += 1
    return doc[left : right + 1]


class ActorResolver:
    """Resolves the noun phrase headed by a token to actors on a date."""

    def __init__(self, doc: Doc, mentions: dict[int, Mention], date: str) -> None:
        self.doc = doc
        self.mentions = mentions
        self.date = date
        self.lex = lexicon()
        self._anaphors = _anaphor_table()
        # mentions in text order, each once: where "the group" looks back
        self._ordered = sorted({id(m): m for m in mentions.values()}.values(), key=lambda m: m.start)
        self._people: dict[str, list[tuple[int, Actor]]] | None = None
        self._organisations: list[tuple[int, str, str]] | None = None

    def sector_of(self, tok: Token) -> str | None:
        # the word itself, else a compound modifier ("police officers"), else
        # the people counted ("thousands of protesters", "dozens of soldiers")
        heads = [tok] + [c for c in tok.children if c.dep_ == "compound"]
        if tok.pos_ in ("NOUN", "NUM") and tok.tag_ in ("NNS", "CD"):
            heads += [o for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
        for h in heads:
            role = self.lex.roles.get(h.lemma_.lower())
            if role is not None:
                return role[0] or None
        return None

    def _from_mention(self, m: Mention, head: Token, text: str) -> Actor | None:
        actor = m.resolve(text, self.date)
        if actor is None:
            return None
        if head.i in range(m.start, m.end):
            return actor
        # The mention modifies a head noun ("Russian troops", "Ukraine's defence
        # ministry"): the head gives the sector, an office gives the person.
        sector = self.sector_of(head) or actor.sector
        role = person = None
        phrase = " ".join(t.lower_ for t in head.doc[m.end : head.i + 1] if t.dep_ != "case" and t.text != "'s")
        office = self.lex.offices.get(phrase) or self.lex.offices.get(head.lower_)
        if office:
            role, osector = office
            sector = osector or sector
            holder = self.lex.holder(actor.code, role, self.date)
            if holder:
                person = holder.person
        kind = "office" if office else ("group" if actor.kind in ("demonym", "state", "metonym") else actor.kind)
        return Actor(text, actor.code, actor.name, sector, role, person, kind)

    def both_sides(self, tok: Token) -> list[Actor]:
        """"the two sides", "both countries": the two states the article has
        named most up to here, when two clearly lead (a third named as often
        leaves it open)."""
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in PAIR_NOUNS:
            return []
        if not any(c.lower_ in ("both", "two") and c.dep_ in ("det", "nummod", "predet") for c in tok.lefts):
            return []
        counts: Counter = Counter()
        first: dict[str, Mention] = {}
        for m in self._ordered:
            if m.start >= tok.i:
                break
            e = m.entries[0]
            if e.code in BODY_CODES:
                continue
            counts[e.code] += 1
            first.setdefault(e.code, m)
        ranked = counts.most_common(3)
        if len(ranked) < 2 or (len(ranked) == 3 and ranked[2][1] == ranked[1][1]):
            return []
        out = []
        for code, _ in ranked[:2]:
            m = first[code]
            a = m.resolve(self.doc[m.start:m.end].text, self.date)
            if a is None:
                return []
            out.append(Actor(np_span(tok).text, a.code, a.name, None, None, None, "the two sides"))
        return out

    def anaphor(self, tok: Token) -> Actor | None:
        """"the group", "these militants", "the country": the nearest earlier
        actor of the kind anaphors.tsv gives, within its window of sentences."""
        rule = self._anaphors.get(tok.lemma_.lower())
        if tok.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in tok.lefts):
            return None
        if rule is None:
            return self._same_head(tok)
        if any(c.dep_ in ("poss", "compound", "amod") and c.pos_ == "PROPN" for c in tok.lefts):
            return None  # "the Sudanese army" names its own state
        kind, window = rule
        first = _window_start(self._starts(), tok.sent.start, window)
        for m in reversed(self._ordered):
            if m.start >= np_span(tok).start or m.start < first:
                continue
            e = m.entries[0]
            if kind == "group" and not (e.kind == "group" and (e.sector or "") in ("REB", "MIL", "CRM")):
                continue
            if kind == "state" and e.kind not in ("state", "metonym", "demonym"):
                continue
            if kind == "actor" and e.kind in ("bloc",) and e.code in ("NGO", "IGO"):
                continue
            a = m.resolve(self.doc[m.start:m.end].text, self.date)
            if a is None:
                continue
            sector = e.sector if kind == "group" else (self.sector_of(tok) or a.sector)
            return Actor(np_span(tok).text, a.code, a.name, sector, None, None, "anaphor")
        return None

    def named_before(self, tok: Token) -> Actor | None:
        """A person named again by name ("Murkomen accused Somalia") who was
        first named with whom they act for ("Kenya's interior minister
        Kipchumba Murkomen", "Tibor Nagy, the US's top diplomat"), earlier in
        the article; not when two people of that name act for different states.
        Likewise an organisation first named with its nationality ("Iranian
        airline Mahan Air" ... "Mahan flies fighters to Syria")."""
        # (a name the tagger read as a common noun but the entity tagger as a
        # person counts; the tagger's label of a company's name is no guide)
        if not (tok.pos_ == "PROPN" or tok.ent_type_ == "PERSON"):
            return None
        if self._people is None:
            self._people = self._learn_people()
        if not self._people:
            return None
        # the name as written here (the model may not tag a lone surname PERSON)
        name = self.doc[min([tok.i] + [c.i for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]) : tok.i + 1]
        # A name the entity tagger calls a place or a body is looked up among
        # the organisations only ("Mahan" may be tagged anything); but the
        # tagger often calls a lone surname an organisation, and as the
        # subject of a reporting verb ("Saree said") it is a speaker.
        person_ok = tok.ent_type_ in ("PERSON", "") or (
            tok.ent_type_ == "ORG" and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in REPORT_VERBS)
        person_keys = set(_name_keys(name))
        found = {a.code: a for k in person_keys | _organisation_keys(name.text) for start, a in self._people.get(k, [])
                 if start < name.start and (a.kind == "organisation" or (person_ok and k in person_keys))}
        if len(found) != 1:
            return None
        a = next(iter(found.values()))
        return Actor(name.text, a.code, a.name, a.sector, a.role, a.person, "named before")

    def _learn_people(self) -> dict[str, list[tuple[int, Actor]]]:
        """Every person the article names with a state they act for, by full
        name and by surname."""
        self._people = {}  # no look-ups of people while learning them
        learned: dict[str, list[tuple[int, Actor]]] = {}
        for ent in self.doc.ents:
            if ent.label_ != "PERSON":
                continue
            root = ent.root
            a = self._resolve_one(root, 1)
            if a is None and root.dep_ == "appos":
                a = self._resolve_one(root.head, 1)  # "the leader of X, Jane Doe,"
            if a is None or not a.code:
                continue
            for k in _name_keys(ent):
                learned.setdefault(k, []).append((ent.start, a))
        for start, name, code in self._named_organisations():
            a = Actor(name, code, _display_name(code), "BUS", None, None, "organisation")
            for k in _organisation_keys(name):
                learned.setdefault(k, []).append((start, a))
        return learned

    def names_not_places(self) -> frozenset[str]:
        """Names (lower case) that are no place in this article, whatever towns
        share them: the organisations it introduces with a nationality ("Mahan
        Air", "Mahan") and the surnames of the people it names in full
        ("Sudesh Amman" ... "Amman")."""
        orgs = {k for _, name, _ in self._named_organisations() for k in _organisation_keys(name)}
        surnames = {ent[-1].lower_ for ent in self.doc.ents if ent.label_ == "PERSON" and len(ent) >= 2
                    and ent[0].pos_ == "PROPN" and ent[-1].pos_ == "PROPN"}
        return frozenset(orgs | surnames)

    def _named_organisations(self) -> list[tuple[int, str, str]]:
        """Names introduced with a nationality and a kind of organisation:
        "Iranian airline Mahan Air", "the Chinese telecoms giant Huawei"
        (start, the name, the state's code); found once per article, read by
        the places stage and by the people learned for ``named_before``."""
        if self._organisations is not None:
            return self._organisations
        out: list[tuple[int, str, str]] = []
        for tok in self.doc:
            if tok.pos_ != "PROPN" or tok.dep_ == "compound":
                continue
            parts = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i == tok.i - 1]
            while parts and parts[0].i > 0 and self.doc[parts[0].i - 1].dep_ == "compound" and self.doc[parts[0].i - 1].pos_ == "PROPN":
                parts.insert(0, self.doc[parts[0].i - 1])
            first = parts[0].i if parts else tok.i
            if first in self.mentions or tok.i in self.mentions:
                continue  # a name of the dictionary is resolved as such
            # the kind as the name's modifier ("Iranian airline Mahan Air"), or
            # in apposition either way ("the Iranian airline, Mahan Air";
            # "Mahan Air, an Iranian airline")
            kind = next((c for c in tok.lefts if c.i < first and c.lemma_.lower() in ORG_KINDS), None)
            if kind is None and tok.dep_ == "appos" and tok.head.lemma_.lower() in ORG_KINDS:
                kind = tok.head
            if kind is None:
                kind = next((c for c in tok.rights if c.dep_ == "appos" and c.lemma_.lower() in ORG_KINDS), None)
            if kind is None:
                continue
            name = set(range(first, tok.i + 1))
            scope = [kind] if kind.head.i == tok.i or kind.i == tok.head.i else [c for c in tok.lefts if c.i <= kind.i]
            codes = {m.entries[0].code for c in scope for t in c.subtree if t.i not in name and (t.i < kind.i or t.head.i == kind.i)
                     for m in [self.mentions.get(t.i)] if m is not None and m.entries[0].kind in ("state", "demonym")}
            if len(codes) == 1:
                out.append((first, self.doc[first: tok.i + 1].text, codes.pop()))
        self._organisations = out
        return out

    def _same_head(self, tok: Token) -> Actor | None:
        """"the officers", "the troops", "the protesters": the same people
        named earlier with their country ("Kenyan police officers"), at most
        three sentences back."""
        if self.sector_of(tok) is None or any(c.dep_ in ("poss", "compound", "amod") for c in tok.lefts if c.pos_ == "PROPN"):
            return None
        lemma = tok.lemma_.lower()
        first = _window_start(self._starts(), tok.sent.start, 3)
        for t in reversed(self.doc[first: tok.i]):
            if t.lemma_.lower() != lemma or t.pos_ != "NOUN":
                continue
            for child in t.lefts:
                m = self.mentions.get(child.i)
                if child.dep_ in ("amod", "compound", "poss", "nmod") and m is not None and \
                        m.entries[0].kind in ("state", "demonym", "metonym", "group"):
                    a = m.resolve(self.doc[m.start:m.end].text, self.date)
                    if a is not None:
                        return Actor(np_span(tok).text, a.code, a.name, self.sector_of(tok), None, None, "anaphor")
        return None

    def same_head_before(self, tok: Token, start: int, need: frozenset = frozenset()) -> Actor | None:
        """The actor of the last phrase between token ``start`` and ``tok``
        whose head is ``tok``'s word and which names one ("the ministry said"
        after "Russia's foreign ministry"); ``need``: words that phrase must
        also have before its head ("Secretary" for "the Secretary-General")."""
        lemma = tok.lemma_.lower()
        for t in reversed(self.doc[start:tok.i]):
            if (t.lemma_.lower() != lemma and t.lower_ != tok.lower_) or not need <= {c.lemma_.lower() for c in t.lefts}:
                continue
            head = t
            while head.dep_ in ("compound", "flat") and head.head.i != head.i and head.head.pos_ in ("NOUN", "PROPN"):
                head = head.head
            found = self.resolve(head, with_conjuncts=False)
            if found:
                return found[0]
        return None

    def _named_before_as(self, tok: Token) -> Actor | None:
        """"The Secretary-General calls for ...", "the ministry added": an
        office or a body named again with "the" is the one named before with
        the same head word and an actor ("UN Secretary-General Antonio
        Guterres", "Russia's foreign ministry"), at most ``SAME_HEAD_WINDOW``
        sentences back, the nearest first."""
        if self.sector_of(tok) is None or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "poss")]
        if any(self.mentions.get(t.i) is not None for c in mods for t in c.subtree):
            return None  # "the Libyan army": its own words say whose
        first = _window_start(self._starts(), tok.sent.start, SAME_HEAD_WINDOW)
        # "the Secretary-General": "Secretary" must be there too
        a = self.same_head_before(tok, first, frozenset(c.lemma_.lower() for c in mods))
        if a is None:
            return None
        return replace(a, text=np_span(tok).text, kind="named before" if a.kind in ("person", "office", "named before") else "named before (body)")

    def context_actor(self, tok: Token, exclude: set[str], place_codes: dict[int, str]) -> Actor | None:
        """An actor phrase with no country of its own ("President Yoweri
        Museveni", "the army", "a roadside bombing") acts for the state its
        sentence is about: the first state named in the sentence that is not
        the event's target (the coding practice of PLOVER/CAMEO coders)."""
        if not (tok.ent_type_ in ("PERSON", "ORG", "NORP") or self.sector_of(tok) or tok.pos_ == "NOUN"):
            return None
        if tok.lemma_.lower() in RELATIONAL_HEADS:
            return None  # "Israel's allies": others, whom the sentence does not name
        earlier = self._named_before_as(tok)
        if earlier is not None:
            return earlier
        sent = tok.sent
        inside = {t.i for t in tok.subtree}
        # the backer of a group ("Turkish-backed militias", "rebels backed by
        # Rwanda") is not whom the group acts for
        backer = {t.i for c in tok.subtree if c.i != tok.i and c.lemma_.lower() in BACKERS for t in c.subtree}
        candidates: list[tuple[int, str]] = []
        for i in range(sent.start, sent.end):
            if i in backer:
                continue
            m = self.mentions.get(i)
            code = None
            if m is not None and m.start == i and m.entries[0].kind in ("state", "demonym", "metonym", "group"):
                code = m.entries[0].code
            elif i in place_codes:
                code = place_codes[i]
            if code and code not in BODY_CODES:
                # the phrase's own words first, then where it happens ("in
                # Tbilisi"), then other states named, the event's target last
                # (a judge's investigation of his own country's officials)
                rank = 0 if i in inside else 1 if i in place_codes else 3 if code in exclude else 2
                candidates.append((rank, code))
        how = "context"
        sector = self.sector_of(tok)
        if not candidates and sector in PEOPLE_SECTORS:
            # "most opposition parties boycotted", "protesters stormed": a
            # country's own people, where the article's places lie
            home = self._home_country(place_codes)
            if home:
                candidates.append((4, home))
                how = "context (where the article's places lie)"
        if not candidates and sector in ARMED_SECTORS:
            # "Troops raided the village", "police fired tear gas": nobody named
            # in the sentence. Police and armies act where the story happens
            # (the country most of its places lie in); rebels and militants are
            # the armed group or state named last, at most two sentences back.
            home = self._home_country(place_codes)
            # police act against their own people; an army rarely, except in
            # a civil war (a story whose states are all its home)
            if home and (sector == "COP" or (sector == "MIL" and (home not in exclude or self._only_state(home)))
                         or (sector == "REB" and self._only_state(home))):
                candidates.append((4, home))
                how = "context (where the article's places lie)"
            else:
                first = _window_start(self._starts(), sent.start, 2)
                for m in reversed(self._ordered):
                    if first <= m.start < sent.start and m.entries[0].kind in ("state", "demonym", "metonym", "group") \
                            and m.entries[0].code not in BODY_CODES and m.entries[0].code not in exclude:
                        candidates.append((4, m.entries[0].code))
                        how = "context (earlier sentence)"
                        break
        if sector in HOME_SECTORS and (not candidates or min(candidates)[0] == 3):
            # "the prime minister resigned", "a court sentenced", "residents
            # took to the streets": in a story about one state at home (its
            # places lie there, or no places are named, and it has most of
            # the states' mentions), that state's; so too where the only state
            # the sentence names is the act's target ("the prime minister
            # accused Serbia")
            home = self._home_country(place_codes) or self._main_state()
            if home and self._mostly_state(home):
                candidates = [(2, home)]
                how = "context (a story at home)"
        if not candidates:
            return None
        code = sorted(candidates, key=lambda c: c[0])[0][1]
        return Actor(np_span(tok).text, code, _display_name(code), self.sector_of(tok), None, None, how)

    def _main_state(self) -> str | None:
        """The state named most in the article, if it has most of the states' mentions."""
        codes = [m.entries[0].code for m in self._ordered
                 if m.entries[0].kind in ("state", "demonym", "metonym") and m.entries[0].code not in BODY_CODES]
        if not codes:
            return None
        top = max(set(codes), key=codes.count)
        return top if self._mostly_state(top) else None

    def _mostly_state(self, home: str, share: float = 0.6) -> bool:
        """Whether `home` has most of the article's mentions of states (a
        story about one state's politics, other states named in passing)."""
        codes = [m.entries[0].code for m in self._ordered
                 if m.entries[0].kind in ("state", "demonym", "metonym") and m.entries[0].code not in BODY_CODES]
        return bool(codes) and codes.count(home) >= share * len(codes)

    def _only_state(self, home: str, allowed: set[str] | frozenset[str] = frozenset()) -> bool:
        """Whether the article names no state but `home` (and `allowed`): a
        civil conflict, where unnamed troops and rebels are the home country's."""
        return all(m.entries[0].code == home or m.entries[0].code in allowed for m in self._ordered
                   if m.entries[0].kind in ("state", "demonym", "metonym") and m.entries[0].code not in BODY_CODES)

    def _home_country(self, place_codes: dict[int, str]) -> str | None:
        """The country most of the article's places lie in, if one leads."""
        from collections import Counter

        # one vote per place named ("New York" is one mention, not two tokens)
        counts = Counter(code for i, code in place_codes.items() if place_codes.get(i - 1) != code)
        if not counts:
            return None
        (code, n), *rest = counts.most_common(2) + [(None, 0)]
        # a clear home only: most of the places, and more than the runner-up
        # (an Israel-Iran story has none)
        return code if n > rest[0][1] and n >= 0.5 * sum(counts.values()) else None

    def _starts(self) -> list[int]:
        if not hasattr(self, "_sent_starts"):
            self._sent_starts = [s.start for s in self.doc.sents]
        return self._sent_starts

    def resolve(self, tok: Token | None, *, with_conjuncts: bool = True, depth: int = 0) -> list[Actor]:
        if tok is None or depth > 3:
            return []
        pair = self.both_sides(tok)
        if pair:
            return pair
        heads = [tok] + (list(tok.conjuncts) if with_conjuncts else [])
        out: list[Actor] = []
        for h in heads:
            a = self._resolve_one(h, depth)
            found = [a] if a is not None else []
            if a is not None:
                # "Russian and Belarusian forces": conjoined modifiers are
                # actors of the same phrase
                for mod in h.lefts:
                    if mod.dep_ in ("amod", "compound") and self.mentions.get(mod.i) is not None:
                        for conj in mod.conjuncts:
                            m = self.mentions.get(conj.i)
                            if m is not None:
                                b = self._from_mention(m, h, a.text)
                                if b is not None:
                                    found.append(b)
            for b in found:
                if all(b.code != o.code for o in out):
                    out.append(b)
        return out

    def _resolve_one(self, tok: Token, depth: int) -> Actor | None:
        doc = self.doc
        text = np_span(tok).text
        m = self.mentions.get(tok.i)
        if m is not None:
            # a person's full name: use the whole mention as the text
            return self._from_mention(m, tok, text if tok.i >= m.end - 1 else doc[m.start : m.end].text)
        # modifiers to the left: compound, amod, poss (and the poss's own
        # modifiers); "Israel's allies", "Russia's neighbours" are others
        # ("its Western partners" are the West)
        relational = tok.lemma_.lower() in RELATIONAL_HEADS
        # the nearest modifier names the actor ("Russian Defence Ministry
        # spokesman"), except before an envoy or a mission, where the first
        # names the sender and the next where it is sent ("the US Ukraine envoy")
        sender_first = tok.lemma_.lower() in ASSIGNMENT_HEADS
        for child in sorted(tok.lefts, key=lambda c: c.i if sender_first else -c.i):
            if child.dep_ == "poss" and relational:
                continue
            if child.lemma_.lower() in BACKERS or child.lower_.split("-")[-1] in BACKERS:
                continue  # "an Iranian-backed militia": the backer is not the group
            if child.dep_ == "amod" and child.tag_ == "VBG":
                continue  # "Sudan-killing riots": what the riots are about, not who riots
            if child.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod"):
                # (a subtree comes in text order: the sender first)
                for t in (child.subtree if sender_first else [child] + [g for g in child.subtree if g.i != child.i]):
                    m = self.mentions.get(t.i)
                    if m is not None:
                        return self._from_mention(m, tok, text)
        # "the president of Russia", "rebels in the Ivory Coast", "officials from Kyiv"
        for child in tok.rights:
            if child.dep_ == "prep" and child.lower_ in GROUP_PREPS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        inner = self._resolve_one(pobj, depth + 1)
                        # "the president of Russia", "officials from Kyiv": a head
                        # that names people; "the price of China" names none
                        if inner is not None and (self.sector_of(tok) is not None or (
                                child.lower_ in ("of", "from") and tok.ent_type_ in ("PERSON", "ORG", "NORP"))):
                            sector = self.sector_of(tok) or inner.sector
                            office = self.lex.offices.get(tok.lower_)
                            role = person = None
                            if office and child.lower_ == "of":
                                role, sector = office[0], office[1] or sector
                                h = self.lex.holder(inner.code, role, self.date)
                                person = h.person if h else None
                            return Actor(doc[tok.left_edge.i : pobj.right_edge.i + 1].text if len(text) < 80 else text,
                                         inner.code, inner.name, sector, role, person, "group")
        for child in tok.rights:
            if child.dep_ == "appos":
                inner = self._resolve_one(child, depth + 1)
                if inner is not None:
                    return inner
        found = self.anaphor(tok)
        if found is not None:
            return found
        found = self.named_before(tok)
        if found is not None:
            return found
        # "militants loyal to Iraq's ...", "rebels backed by Moscow": a group
        # belongs to the state its allegiance names
        if self.sector_of(tok) is not None:
            for child in tok.rights:
                if child.dep_ in ("amod", "acl") and child.lemma_.lower() in ALLEGIANCE:
                    for t in child.subtree:
                        m = self.mentions.get(t.i)
                        if m is not None and m.entries[0].kind in ("state", "demonym", "metonym"):
                            a = m.resolve(doc[m.start:m.end].text, self.date)
                            if a is not None:
                                return Actor(text, a.code, a.name, self.sector_of(tok), None, None, "group")
        return None


@register_stage("actors", reads=("doc", "published"), writes=("mentions", "resolver", "actor_counts", "actor_names"))
def find_actors(state, ctx) -> None:
    """Actor mentions of the article, resolved on its date and counted with the copies of their paragraph."""
    matcher = ctx.resource("actor_matcher", lambda: ActorMatcher(ctx.nlp))
    state.mentions = matcher(state.doc)
    state.resolver = ActorResolver(state.doc, state.mentions, state.published)
    for m in {id(m): m for m in state.mentions.values()}.values():
        a = m.resolve(state.doc[m.start:m.end].text, state.published)
        if a is not None:
            start = state.doc[m.start].idx
            state.actor_counts[a.code] += state.repeats(start, start + 1)
            state.actor_names[a.code] = a.name
