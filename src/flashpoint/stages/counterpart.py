"""Targets from the story's parties: an act whose sentence names no one on the
other end is aimed at the other party of a two-sided story, or, in a story
about one state's own politics, at that state's own people.

Most real news is about two parties (a war, a dispute, talks) or about one
state and its people (a crackdown, a protest); a sentence deep in such a story
often leaves the other party unsaid ("Israel will continue to attack regime
forces", "police arrested the organisers"). The parties are read from the
article's actor mentions and used only where they leave no doubt; the
evidence says so. Which acts take a counterpart, and the thresholds, are data
(``[story]`` in ``lexicon.toml``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model import Actor
from ..resources import load_toml
from . import register_stage
from .actors import BODY_CODES, _display_name
from .events import Candidate
from .places import event_place


@dataclass(frozen=True)
class StoryRules:
    counterpart_types: frozenset
    third_party_types: frozenset
    domestic_types: frozenset
    dyad_share: float
    dyad_min_acts: int
    dyad_min_ratio: float
    domestic_share: float
    domestic_share_without_pair: float
    domestic_min_sentences: int
    other_addressees: frozenset
    launch_verbs: frozenset
    launch_objects: frozenset
    pair_share_without_acts: float
    pair_min_mentions: int
    pair_min_ratio: float


def story_rules() -> StoryRules:
    raw = load_toml("lexicon.toml")["story"]
    return StoryRules(frozenset(raw["counterpart_types"]), frozenset(raw["third_party_types"]), frozenset(raw["domestic_types"]),
                      float(raw["dyad_share"]), int(raw["dyad_min_acts"]), float(raw["dyad_min_ratio"]), float(raw["domestic_share"]), float(raw["domestic_share_without_pair"]), int(raw["domestic_min_sentences"]),
                      frozenset(raw["other_addressees"]), frozenset(raw["launch_verbs"]), frozenset(raw["launch_objects"]),
                      float(raw["pair_share_without_acts"]), int(raw["pair_min_mentions"]), float(raw["pair_min_ratio"]))


def _story_actor(code: str) -> Actor:
    """An actor the story's parties supply (the evidence says "story")."""
    return Actor(_display_name(code), code, _display_name(code), None, None, None, "story")


def _named_at_home(cand: Candidate) -> bool:
    """Whether an act with no target is told as one at home: done by a force,
    an office or a person ("police fired", "the president warned"), or a
    restriction or arrest. A state named bare ("Iran threatened harsh
    consequences") speaks abroad as often as at home."""
    return cand.type == "COERCE" or cand.sources[0].kind not in ("state", "story")


def story_parties(counts: Counter, pairs: Counter, rules: StoryRules) -> tuple[str, ...]:
    """The story's two parties, or its one state, or nothing when the article
    leaves it open. Two parties are the pair the article's own acts most often
    join (who does what to whom where the sentence says so), both among its
    most named actors: a state named only as a reference ("a Russian-style
    law") is no party. One state is the story's when it has nearly all the
    mentions, or most of them when no pair of parties stands out."""
    ranked = counts.most_common(3)
    total = sum(counts.values())
    if not ranked or total == 0:
        return ()
    (a, na) = ranked[0]
    if na / total >= rules.domestic_share and (len(ranked) < 2 or ranked[1][1] * 4 <= na):
        return (a,)
    dyad = _dyad(pairs, {code for code, _ in ranked}, rules, _two_leaders(counts))
    if dyad and min(counts[dyad[0]], counts[dyad[1]]) >= rules.dyad_min_ratio * max(counts[dyad[0]], counts[dyad[1]]):
        return dyad
    if na / total >= rules.domestic_share_without_pair and (len(ranked) < 2 or ranked[1][1] * 4 <= na):
        return (a,)
    if not dyad and len(ranked) >= 2 and (na + ranked[1][1]) / total >= rules.pair_share_without_acts \
            and ranked[1][1] >= max(rules.pair_min_mentions, rules.pair_min_ratio * na) \
            and not (len(ranked) > 2 and ranked[2][1] == ranked[1][1]) \
            and a not in BODY_CODES and ranked[1][0] not in BODY_CODES:
        # two states that carry the whole article, each named often and the
        # one nearly as often as the other ("Ethiopia ... Eritrea ..."), are
        # its parties even where no sentence names both in one act
        return tuple(sorted((a, ranked[1][0])))
    return ()


def _two_leaders(counts: Counter) -> frozenset:
    """The two most named actors where they carry the story: most of all
    mentions, and the third named at most half as often as the second."""
    ranked = counts.most_common(3)
    total = sum(counts.values())
    if len(ranked) < 2 or (ranked[0][1] + ranked[1][1]) < 0.6 * total or (len(ranked) > 2 and ranked[2][1] * 2 > ranked[1][1]):
        return frozenset()
    return frozenset((ranked[0][0], ranked[1][0]))


def _dyad(pairs: Counter, top: set, rules: StoryRules, leaders: frozenset = frozenset()) -> tuple[str, ...]:
    if not pairs:
        return ()
    ranked = pairs.most_common()
    ((x, y), n), *rest = ranked
    tied = [pair for pair, m in ranked if m == n]
    if len(tied) > 1 and leaders and tuple(sorted(leaders)) in tied:
        # pairs joined as often: the one of the two actors that carry the story
        (x, y), rest = tuple(sorted(leaders)), []
    # one act joining the two actors that carry the story is enough, however
    # many outsiders' acts there are ("the EU condemned", "NATO urged")
    carried = {x, y} == leaders
    enough = rules.dyad_min_acts if not carried else 1
    if n < enough or (n < rules.dyad_share * sum(pairs.values()) and not carried) or (rest and rest[0][1] == n):
        return ()
    if x not in top or y not in top:
        return ()
    return (x, y)


def _launches_as_shows_of_force(candidates, rules: StoryRules) -> None:
    """"North Korea fired two ballistic missiles": with no one named as hit
    and no attack between any two parties told in the article, a launch is a
    show of force, not an assault on the story's other party."""
    war = any(c.type == "ASSAULT" and c.targets and c.sources and c.targets[0].code != c.sources[0].code
              and not _is_launch(c, rules) for _, c in candidates)
    if war:
        return
    for _, cand in candidates:
        if cand.type == "ASSAULT" and not cand.targets and _is_launch(cand, rules):
            cand.type, cand.mode = "MOBILIZE", "weapons"
            cand.rule += "; a launch with no one hit in a story with no attack: a show of force"


def _is_launch(cand, rules: StoryRules) -> bool:
    trig = cand.trigger
    if trig.lemma_.lower() not in rules.launch_verbs:
        return False
    return any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in rules.launch_objects for c in trig.children)


def _story_doer(si: int, cand, parties: tuple[str, ...], home: str | None, state) -> bool:
    """Give an act told with no doer ("52 people were killed in the capital")
    the doer the story's parties leave no doubt about; False: none (the act is
    dropped). In a story at home, violence among its people is the state's own
    (PLOVER codes a state's factions by the state); in a story of two parties,
    violence on one party (its people or its places) is the other's."""
    where = event_place({t.i for t in cand.anchor.subtree}, state.sentences[si], state.place_by_token)
    place = where.country if where is not None else None
    victims = {t.code for t in cand.targets}
    if len(parties) == 1:
        own = parties[0]
        if own != home or victims - {own} or (place and place != own):
            return False
        doer, why = own, "the story's own state (a domestic story)"
        cand.targets = cand.targets or [_story_actor(own)]
    elif len(parties) == 2:
        hit = victims if victims else ({place} if place else set())
        if len(hit) != 1 or not hit <= set(parties):
            return False
        (struck,) = hit
        doer = next(p for p in parties if p != struck)
        why = f"the story's other party ({parties[0]}–{parties[1]})"
        if not cand.targets:
            cand.targets = [_story_actor(struck)]
    else:
        return False
    cand.sources = [_story_actor(doer)]
    cand.rule += f"; source: {why}"
    return True


def _self_attack(cand, parties: tuple[str, ...], home: str | None) -> bool:
    """In a story of two parties, an attack whose doer was only guessed from
    the sentence's own country and lands on that same country ("a
    Greek-owned ship was hit by a missile"): the victims' state did not attack
    itself. The doer is the story's other party where the victims are one
    party's; otherwise the act is left out (False keeps it). Violence in the
    story's home country stays its own factions' (Georgia's police and
    protesters, Mali's army and jihadists)."""
    if cand.type != "ASSAULT" or len(cand.sources) != 1 or not cand.targets:
        return False
    src = cand.sources[0]
    if not src.kind.startswith("context") or src.kind == "context (a region's)" or any(t.code != src.code for t in cand.targets) or src.code == home:
        return False
    if any(p in BODY_CODES for p in parties):
        return False  # a bloc or a group code is no state that attacks
    if src.code in parties:
        doer = next(p for p in parties if p != src.code)
        cand.sources = [_story_actor(doer)]
        cand.rule += f"; source: the story's other party ({parties[0]}–{parties[1]}), not the victims' own state"
        return False
    return True


def _drop_own_side_target(cand, parties: tuple[str, ...], home: str | None, rules: StoryRules) -> None:
    """A target that is the doer's own state, outside a story at the doer's
    home, is the doer's own side read from the object ("deploying Ugandan
    troops", "the US pledged to continue strikes"), not whom the act is
    aimed at: it is cleared, for the story's other party to fill."""
    if len(cand.sources) != 1 or len(cand.targets) != 1 or cand.targets[0].code != cand.sources[0].code:
        return
    src = cand.sources[0].code
    if cand.type == "MOBILIZE" or (len(parties) == 2 and src in parties and src != home
                                   and cand.type in rules.counterpart_types and cand.type not in rules.domestic_types - {"ASSAULT"}):
        cand.targets = []
        cand.rule += "; own side is no target"


def _addresses_others(cand, rules: StoryRules) -> bool:
    """The act names whom it is aimed at, by a word for states or allies
    in general: someone other than the story's other party."""
    return any(ch.dep_ in ("dobj", "dative") and ch.lemma_.lower() in rules.other_addressees
               for ch in cand.trigger.children)


@register_stage("counterpart", reads=("candidates", "actor_counts", "resolver"), writes=("candidates",))
def fill_counterparts(state, ctx) -> None:
    """An act with no target takes the story's other party (or, in a domestic
    story, the state's own people) where the article's mentions are clear."""
    rules = ctx.resource("story_rules", story_rules)
    _launches_as_shows_of_force(state.candidates, rules)
    # the pairs the article's own acts join; an act denied or called off
    # ("cancelled visits to Spain") joins no one, while acts feared count,
    # since a crisis before a war is told in them
    pairs = Counter(tuple(sorted((c.sources[0].code, c.targets[0].code))) for _, c in state.candidates
                    if len(c.sources) == 1 and len(c.targets) == 1 and c.sources[0].code != c.targets[0].code
                    and c.status != "negated")
    parties = story_parties(state.actor_counts, pairs, rules)
    if len(parties) == 1 and len(state.sentences) < rules.domestic_min_sentences:
        parties = ()
    home = state.resolver._home_country(state.place_countries()) if state.resolver is not None else None
    if home is None and len(parties) == 1 and state.resolver is not None and state.resolver._only_state(parties[0]):
        home = parties[0]  # a story that names no state but one is set in it, whether or not it names its towns
    state.candidates = [(si, c) for si, c in state.candidates if c.sources or _story_doer(si, c, parties, home, state)]
    if len(parties) == 2:
        state.candidates = [(si, c) for si, c in state.candidates if not _self_attack(c, parties, home)]
    if not parties:
        return
    for _, cand in state.candidates:
        _drop_own_side_target(cand, parties, home, rules)
    for _, cand in state.candidates:
        if cand.targets or len(cand.sources) != 1:
            continue
        if cand.type == "MOBILIZE" and cand.mode == "weapons":
            continue  # a launch or a weapons test is aimed at no one (a show of force)
        src = cand.sources[0].code
        other_party = next((p for p in parties if p != src), None) if len(parties) == 2 and src in parties else None
        if other_party is not None and (cand.sources[0].kind == "implicit agent" or src == home and (
                (other_party in BODY_CODES and cand.type in rules.domestic_types and _named_at_home(cand)) or cand.type == "COERCE")):
            # a state at home with a bloc or body as the story's other party
            # (Georgia's crackdown watched by the EU): its force and charges
            # fall on its own people, not on the bloc; and whoever the other
            # party, a curfew, arrests or restrictions it imposes at home
            # with no one named fall on its own people, as do the charges and
            # sentences of its unnamed courts and prosecutors
            other, why = src, "the story's own state (at home)"
        elif other_party is not None and cand.type in rules.counterpart_types and not _addresses_others(cand, rules):
            other = other_party
            why = f"the story's other party ({parties[0]}–{parties[1]})"
        elif len(parties) == 2 and src not in parties and cand.type in rules.third_party_types \
                and (cand.type != "CONSULT" or cand.mode == "third-party") and not _addresses_others(cand, rules):
            # an outsider's call or mediation in a two-sided story: to its parties
            other = max(parties, key=lambda p: state.actor_counts.get(p, 0))
            why = f"a party of the story ({parties[0]}–{parties[1]}), addressed by an outsider"
        elif len(parties) == 1 and src != parties[0] and cand.type in rules.third_party_types \
                and (cand.type != "CONSULT" or cand.mode == "third-party") and not _addresses_others(cand, rules):
            # likewise an outsider's call into a story about one state's own
            # crisis ("the UN mission urged all sides to stop fighting")
            other = parties[0]
            why = "the story's state, addressed by an outsider"
        elif len(parties) == 1 and src == parties[0] == home and cand.type in rules.domestic_types and _named_at_home(cand):
            # a domestic story happens in the state's own places; a state
            # named alone with no place ("Russia would respond") is no story
            # about its own people; nor is a state named bare ("Iran threatened
            # harsh consequences") unless it restricts or arrests at home
            other = src
            why = "the story's own state (a domestic story)"
        else:
            continue
        cand.targets = [_story_actor(other)]
        cand.rule += f"; target: {why}"
