#!/usr/bin/env python3
"""Build src/flashpoint/data/triggers_cameo.toml from the PETRARCH2 CAMEO verb dictionary.

Usage:
    python scripts/build_cameo_lexicon.py CAMEO.2.0.txt eval/CAMEO2PLOVER-2021.txt
        [--triggers src/flashpoint/data/triggers.toml]
        [--out src/flashpoint/data/triggers_cameo.toml] [--report]

CAMEO.2.0.txt is petrarch2/data/dictionaries/CAMEO.2.0.txt from
github.com/openeventdata/petrarch2 (MIT licence; see src/flashpoint/data/LICENSES.md),
e.g. from a clone:  git -C petrarch2 show HEAD:petrarch2/data/dictionaries/CAMEO.2.0.txt > CAMEO.2.0.txt
The reviewed table was built from commit 676801cd9cb2 (2019-03-18). The
dictionary is an input only: neither it nor PETRARCH2 code is copied here.

What is kept from the dictionary:
  * bare verbs: a single-word verb line of a verb block, whose code is its own
    "[code]" or else the block's "--- NAME [code] ---" code. Pattern lines
    ("- * OBJECT [code]") are ignored: those codes need the pattern words.
    A code of "---" (or an empty primary code, "[:173]") means the verb alone
    is no event, so it is dropped.
  * verb + particle pairs: "+VERB_PARTICLE" lines whose second word is a
    particle (up, down, out, off, back, ...). Written as [[phrase]] rules.

Each CAMEO code is mapped to a PLOVER type and mode through CAMEO2PLOVER: the
full code when the file lists it, else its shorter parents. CAMEO 01 (public
statement) is no event. CAMEO 02 (appeal) is not in the file; its sub-codes
run parallel to 10 (demand), so 02xx is read as 10xx (REQUEST, same mode).
Modes not defined for the type in plover_types.json are renamed (MODE_ALIAS)
or dropped.

A lemma the dictionary puts under more than one PLOVER type is dropped (the
source itself says it is ambiguous) unless the review re-adds it. Lemmas
already present anywhere in triggers.toml (verbs, nouns, phrase verbs, sense
lemmas) are left out: the hand-made table wins.

Then the hand review: REMOVE (lemmas dropped) and ADD (lemmas the dictionary
lacks or codes wrongly), each with a one-line reason. The output is sorted and
depends only on the inputs (the two files named, triggers.toml and
plover_types.json), so running the script again reproduces
the reviewed file exactly.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "flashpoint" / "data"

# "on", "at", "with", "for" are left out: spaCy parses them as prepositions, not particles
PARTICLES = {"up", "down", "out", "off", "back", "away", "over", "in", "forth", "aside"}

# CAMEO2PLOVER modes that plover_types.json names differently.
MODE_ALIAS = {
    ("ASSAULT", "assassinate"): "targeted",  # PLOVER calls assassination mode "targeted"
    ("ASSAULT", "seize"): "destroy",  # 1712 "destroy property" is coded ASSAULT; its PLOVER mode is destroy
    ("RETREAT", "return"): "release",  # 0842 return of property: PLOVER's release covers persons and property
    ("COERCE", "ban"): "restrict",  # 1722 ban parties: a restriction
    ("THREATEN", "ban"): "restrict",  # 132 threaten administrative sanctions
}


def _split_words(words: str) -> list[str]:
    """'a b c give up' -> ['a', 'b', 'c', 'give up']: a particle joins the word before it."""
    out: list[str] = []
    for w in words.split():
        if w in PARTICLES and out:
            out[-1] += " " + w
        else:
            out.append(w)
    return out


# ---------------------------------------------------------------------------
# Hand review. Rule: keep a lemma only if, in most news sentences where it has
# political actors as its subject, the act is of the given type by itself.
# ---------------------------------------------------------------------------

REMOVE_GROUPS: list[tuple[str, str]] = [
    # (one-line reason, lemmas it applies to)
    # -- not lemmas
    ("inflected form or typo in the source: spaCy lemmas never equal it",
     "forgave forgiven touring satify expediate supervize"),
    # -- AGREE (CAMEO 030, intent to cooperate)
    ("intention or planning verb: says nothing about cooperating with anyone",
     "aim decide determine endeavor endeavour ensure expect intend mean plan prepare ready strive want gear up"),
    ("too general or other senses dominate (vote, certify results, revive economy)",
     "certify groom resurrect resuscitate revive signal subscribe vote vouch volunteer"),
    # -- CONSULT (CAMEO 04)
    ("cognition verb, not a meeting", "consider contemplate excogitate hear learn meditate mull muse ponder "
     "reason reconsider ruminate speculate think weigh find out"),
    ("movement or travel alone is not a meeting (hand table keeps travel as a mode cue only)",
     "depart egress embark go journey leave tour travel go away go forth"),
    ("crowds gathering: a protest or an assembly more often than a consultation",
     "assemble cluster congregate converge flock"),
    ("informing or generic communication, no meeting implied",
     "acquaint apprise apprize cable communicate interact notify promulgate elicit"),
    ("other senses dominate (approach a deadline, face charges, confront a crisis, parliament debates)",
     "approach brave confront debate encounter face"),
    ("not a consultation at all (WordNet synonyms pulled into CAMEO 040)",
     "conglomerate conjoin constellate innovate insert unite reinvite"),
    # -- SUPPORT (CAMEO 05)
    ("disclosure verb (CAMEO 050 'disclose'), not support", "admit confess confide divulge expose profess reveal"),
    ("influence or persuasion, neither praise nor support", "affect impact influence persuade tempt"),
    ("celebration or emotion, no supported party", "celebrate cheer clap commemorate exuberate exult rejoice "
     "toast triumph bless sanctify"),
    ("regard or preference verb: a stance, not an act", "esteem exalt glorify prize value prefer favor favour"),
    ("causes a mood; says nothing about support (emboldened by)", "embolden enliven galvanize inspire "
     "invigorate revitalize rouse spur encourage"),
    ("organisation or alignment verb, too general for diplomatic cooperation",
     "associate concert correlate conform integrate harmonise harmonize synchronise synchronize orchestrate "
     "organise organize unionise unionize promote advertise advertize"),
    ("ambiguous between SUPPORT and AGREE or mostly statements (affirmed that...)",
     "affirm reassert respect formalize ally"),
    ("other senses dominate (honor the agreement, greet the news, reward with sanctions)",
     "honor honour greet reward"),
    ("trade verb, not support", "barter"),
    # -- CONCEDE (CAMEO 08)
    ("permission verb: 'authorized the use of force' is the opposite of yielding",
     "allow permit authorise authorize enable empower"),
    ("legal verdict or policy change, not a yielding to an actor",
     "absolve acquit exculpate exonerate vindicate legalise legalize decriminalise decriminalize declassify legislate"),
    ("too general (submit a proposal, pass a law, clear the area, resolve to...)",
     "submit pass clear resolve fill undo retire resettle verify tease bide recede abstain countenance"),
    ("ambiguous: victims succumb to wounds; forces give up ground or hope",
     "succumb give up drop out get out talk over"),
    ("untie/detach verbs from a WordNet synset, no concession in news",
     "detach disconnect disentangle unloose untie unblock"),
    ("ambiguous object: liberate a city is an assault, liberate hostages a release", "liberate emancipate"),
    ("rare or unclear in news prose", "forswear intermediate conciliate tolerate"),
    # -- COOPERATE (CAMEO 06)
    ("governance verb: ruling or managing is not cooperation", "administer command control govern handle lead "
     "manage oversee regulate rule steer supervise direct dictate prescribe enjoin institute enact found constitute"),
    ("change-of-degree verb: says nothing about cooperation", "abate ameliorate amplify appease assuage augment "
     "better deepen enhance enlarge escalate exaggerate heighten improve intensify magnify mitigate redouble simplify step up"),
    ("joining verb from a WordNet synset, no actor-to-actor cooperation",
     "attach bind blend chain coalesce combine compound conflate connect fuse relate unify link merge tie in"),
    ("allocation verb: domestic budgets far more often than cooperation",
     "allocate allot apportion assign award bequeath bestow endow entrust add"),
    ("buying and paying: a standing trade relation, not an event", "buy import pay purchase trade"),
    ("other senses dominate (enlist help, furnish evidence, sponsor a resolution, serve a sentence, tender resignation)",
     "enlist enroll furnish outfit sponsor serve tender render stock gear attire task benefit facilitate"),
    # -- AID (CAMEO 07)
    ("guard/protect: routine security or modal talk ('must protect civilians'), not aid given",
     "guard protect safeguard shield ward tend shelter"),
    ("intervene and interfere name military or electoral meddling more often than aid", "intervene interfere step in"),
    ("ambiguous: contribute to tensions; stabilize the economy", "contribute stabilise stabilize"),
    # -- REQUEST (CAMEO 02 / 10)
    ("opinion or proposal verb: no one is asked anything", "advise advocate counsel hint hope propose recommend suggest"),
    ("too general (apply, bid to, campaign, push into a city, need, desire, decree)",
     "apply bid campaign crusade decree desire necessitate need push"),
    # -- ACCUSE (CAMEO 09 / 11)
    ("speech or assertion verb, no disapproval by itself", "argue aver avow claim contend cry express swear curse"),
    ("emotion or sorrow verb, not a criticism of an actor",
     "bemoan lament regret grieve mourn wail weep whine despair sadden dismay dishearten disappoint discourage"),
    ("delay or obstruction verbs filed under CAMEO 112 (BLAME block) by mistake: no accusation",
     "defer delay forestall hamper hinder impede inhibit obstruct override overrule postpone prevent "
     "procrastinate remit retard shelve stall stymie table"),
    ("routine examination verb: 'will examine the proposal' is no investigation of an actor",
     "analyse ascertain check comb dig examine explore mine monitor rake reexamine research scan scrutinize "
     "search skim study sweep unearth glance over look over"),
    ("disagreement or contest, often a legal or electoral act, not disapproval",
     "challenge contest contradict counter counterbalance compete contrast differ disagree dissent distrust suspect wrangle"),
    ("causes shame or harm; not an accusation by the subject",
     "debase defile degrade disgrace humble humiliate slight blaspheme crucify oppugn reprobate chasten"),
    ("ambiguous (grill a suspect or a steak; spy is espionage, lecture is teaching)", "grill spy lecture"),
    ("renounce violence is cooperative, renounce a treaty is a rejection", "renounce"),
    # -- REJECT / THREATEN (CAMEO 12 / 13)
    ("defection is no rejection of a demand or proposal", "defect"),
    ("mild advice or risk talk, not a threat", "caution endanger risk"),
    # -- PROTEST (CAMEO 14)
    ("annoyance verbs from a WordNet synset: no demonstration", "agonise agonize annoy arouse badger bother "
     "discomfit disconcert disquiet disturb enkindle irk irritate pester plague rag torment upset vex"),
    ("ambiguous: coast guards harass ships, provoke a crisis, agitate for reform",
     "agitate harass harry hassle provoke"),
    # -- SANCTION (CAMEO 16)
    ("no reduction of relations by itself (abort a mission, betray, disrupt supplies, sabotage talks or pipelines)",
     "abort betray countermine disarray disassociate disorder disrupt sabotage undermine"),
    ("secession and disbanding are not sanctions", "secede disband"),
    # -- MOBILIZE (CAMEO 15)
    ("gathering support, a parade or a routine patrol is no increase of force",
     "garner marshal parade patrol drum up"),
    # -- COERCE (CAMEO 17)
    ("too general (force, compel, contain, enforce, punish, exclude, restrain)",
     "compel constrain contain enforce force impel moderate punish restrain exclude enclose"),
    ("other senses dominate (appropriate funds, bill, catch, extract, grab headlines, pluck, steal the show)",
     "appropriate bill cage catch extract grab pluck steal snatch pirate"),
    ("WordNet synonyms of 'occupy' meaning to live in (CAMEO 192)", "infest inhabit reside"),
    ("too general or mostly political-process senses (overturn a ruling, oust a leader, reimpose measures)",
     "overturn oust reimpose subvert revolutionise revolutionize disallow inflict segregate subdue tax confine"),
    ("take over a city, a ministry or a company: too many senses", "take over"),
    # -- ASSAULT (CAMEO 18-20)
    ("figurative senses dominate (crush hopes, hammer out, defeat in elections, damage relations)",
     "best blitz bruise bust clobber combat conflict crush damage decimate defeat devastate dominate duel engage "
     "eradicate flatten hammer harm hurt impair mar master match overcome overpower overshadow overtake "
     "overwhelm pit quarrel ravage ravish ruin shatter smash spoil struggle subjugate surmount tarnish tear "
     "thump vitiate whip wrestle altercate grapple"),
    ("the subject is the victim or the device, not an attacker", "die explode"),
    ("too general: target covers sanctions, abuse covers power, corrupt and contaminate are not violence",
     "target abuse corrupt contaminate"),
    ("geometric senses dominate (surrounding controversy, ring, circle)", "surround circle ring"),
    ("ambiguous: snipe at is verbal, kick and lash and rip have everyday senses, siege is rarely a verb",
     "snipe kick lash rip siege foray rampage desolate despoil reave dishonor dishonour"),
    ("figurative particle verbs (stamp out corruption, wipe out gains, square off in debate)",
     "fight down stamp out wipe out square off string up"),
    # -- parser
    ("the parser lemmatizes it otherwise (lambasted -> lambast, already in triggers.toml; caned -> can)",
     "lambaste cane"),
]

REMOVE: dict[str, str] = {w: why for why, words in REMOVE_GROUPS for w in _split_words(words)}

# lemma -> (PLOVER type, mode or None, reason). A key with a space is a
# "verb particle" pair. ADD entries win over the dictionary's own coding
# (retyping), and are still dropped if triggers.toml already has the lemma.
ADD: dict[str, tuple[str, str | None, str]] = {
    # AGREE
    "comply": ("CONCEDE", None, "complying with a demand or ruling is yielding (CAMEO 083), not intent to cooperate"),
    "reconcile": ("AGREE", None, "factions that reconcile settle their dispute"),
    "initial": ("AGREE", None, "'initialled the agreement'"),
    "countersign": ("AGREE", None, "signing an agreement"),
    "ink": ("AGREE", None, "news idiom for signing: 'inked a deal'"),
    # CONSULT
    "convene": ("CONSULT", None, "convening a meeting; source code 042 (visit) gives the wrong mode"),
    "reconvene": ("CONSULT", None, "talks or negotiators reconvene (source codes it ---)"),
    "parley": ("CONSULT", None, "talks between adversaries"),
    "broker": ("CONSULT", "third-party", "brokering a deal is mediation"),
    "arbitrate": ("CONSULT", "third-party", "mediation, not yielding (source files it under 080)"),
    "intercede": ("CONSULT", "third-party", "mediation, not yielding (source files it under 080)"),
    "shuttle": ("CONSULT", "third-party", "shuttle diplomacy between capitals"),
    "bargain": ("CONSULT", None, "negotiation (source codes 050)"),
    "haggle": ("CONSULT", None, "negotiation (source codes 050)"),
    "hash out": ("CONSULT", None, "negotiating the terms of a deal"),
    # SUPPORT
    "champion": ("SUPPORT", None, "'championed Kyiv's bid'"),
    "lionize": ("SUPPORT", None, "praise"),
    "lionise": ("SUPPORT", None, "praise"),
    "sympathize": ("SUPPORT", None, "'sympathized with the protesters'"),
    "sympathise": ("SUPPORT", None, "'sympathised with the protesters'"),
    # CONCEDE
    "backtrack": ("CONCEDE", None, "backing off a position"),
    "commute": ("CONCEDE", None, "commuting a sentence, like the hand table's pardon"),
    "cave": ("CONCEDE", None, "'caved to pressure'"),
    "cave in": ("CONCEDE", None, "giving in to demands"),
    "climb down": ("CONCEDE", None, "backing off a position"),
    # COOPERATE
    "team up": ("COOPERATE", None, "joint action"),
    # AID
    "bankroll": ("AID", None, "funding, like the hand table's fund/finance (source: COOPERATE 061)"),
    "underwrite": ("AID", None, "guaranteeing funds (source: COOPERATE 061)"),
    "equip": ("AID", None, "supplying forces with arms (CAMEO 072 military aid)"),
    "airdrop": ("AID", None, "'airdropped aid'"),
    "resupply": ("AID", None, "delivering supplies"),
    "bail out": ("AID", None, "financial rescue"),
    "disburse": ("AID", None, "paying out aid or loans"),
    "gift": ("AID", None, "'gifted tanks to Ukraine'"),
    # RETREAT
    "surrender": ("RETREAT", "disarm", "CAMEO 0874 'retreat or surrender militarily' maps to RETREAT disarm"),
    "disengage": ("RETREAT", "withdraw", "forces disengaging pull back (source: 080)"),
    "unfreeze": ("RETREAT", None, "easing an economic sanction (CAMEO 085 maps to RETREAT)"),
    "decommission": ("RETREAT", "disarm", "decommissioning weapons"),
    "demilitarize": ("RETREAT", "disarm", "demilitarizing a zone"),
    "demilitarise": ("RETREAT", "disarm", "demilitarising a zone"),
    "denuclearize": ("RETREAT", "disarm", "giving up nuclear arms"),
    "denuclearise": ("RETREAT", "disarm", "giving up nuclear arms"),
    "vacate": ("RETREAT", "withdraw", "forces vacating positions"),
    "abdicate": ("RETREAT", "resign", "giving up office"),
    "step down": ("RETREAT", "resign", "leaving office"),
    "stand down": ("RETREAT", None, "forces standing down, or a leader leaving office"),
    "hand back": ("RETREAT", None, "returning territory, bodies or property (CAMEO 084)"),
    "give back": ("RETREAT", None, "returning territory or property (CAMEO 084)"),
    # REQUEST
    "lobby": ("REQUEST", None, "'lobbied Washington for more arms'"),
    "prod": ("REQUEST", None, "'prodded Tehran to return to talks'"),
    "beseech": ("REQUEST", None, "pleading"),
    # ACCUSE
    "implicate": ("ACCUSE", "allege", "implicating someone in a crime is an allegation"),
    "assail": ("ACCUSE", "disapprove", "in news prose almost always verbal ('assailed the decision'); source 190"),
    "vilify": ("ACCUSE", "disapprove", "denunciation"),
    "excoriate": ("ACCUSE", "disapprove", "denunciation"),
    "upbraid": ("ACCUSE", "disapprove", "rebuke"),
    "demonize": ("ACCUSE", "disapprove", "denunciation"),
    "demonise": ("ACCUSE", "disapprove", "denunciation"),
    "sue": ("ACCUSE", "allege", "CAMEO 115 'bring lawsuit against' maps to ACCUSE allege (source: 173)"),
    "impeach": ("ACCUSE", "allege", "a formal charge against an office holder"),
    "subpoena": ("ACCUSE", "investigate", "compelling testimony in an inquiry"),
    "incriminate": ("ACCUSE", "allege", "implicating someone in a crime"),
    # REJECT
    "dispute": ("REJECT", None, "'disputed the figures': rejecting a claim, like deny (source: 110)"),
    "refute": ("REJECT", None, "rejecting an allegation, like deny (source: 110)"),
    "contravene": ("REJECT", "yield", "CAMEO 128 'defy norms, law', like violate (source: 110)"),
    "flout": ("REJECT", "yield", "CAMEO 128 'defy norms, law'"),
    "disobey": ("REJECT", "yield", "CAMEO 128 'defy norms, law'"),
    "shun": ("REJECT", None, "'shunned talks' (source: COERCE 170)"),
    "disavow": ("REJECT", None, "repudiation"),
    "disown": ("REJECT", None, "repudiation"),
    "abrogate": ("REJECT", None, "abrogating a treaty"),
    "stonewall": ("REJECT", None, "refusing to cooperate"),
    "balk": ("REJECT", None, "'balked at the demand'"),
    "baulk": ("REJECT", None, "'baulked at the demand'"),
    "scupper": ("REJECT", None, "'scuppered the deal'"),
    "vote down": ("REJECT", None, "a legislature rejecting a proposal (source: COERCE 170)"),
    "rule out": ("REJECT", None, "'ruled out talks' (source codes it ---)"),
    "turn down": ("REJECT", None, "'turned down the offer'"),
    "brush off": ("REJECT", None, "dismissing criticism or a demand"),
    "brush aside": ("REJECT", None, "dismissing criticism or a demand"),
    "shrug off": ("REJECT", None, "dismissing a threat or demand"),
    "walk away": ("REJECT", None, "'walked away from the talks'"),
    "back out": ("REJECT", None, "'backed out of the deal'"),
    # THREATEN
    "blackmail": ("THREATEN", None, "coercion by threat (source: COERCE 170)"),
    "brandish": ("THREATEN", "violence", "'brandished its nuclear arsenal'"),
    # PROTEST
    "walk out": ("PROTEST", None, "a walkout: a strike by workers or a protest by delegates (source: 040)"),
    "barricade": ("PROTEST", "obstruct", "blocking passage (CAMEO 144)"),
    # SANCTION
    "ostracize": ("SANCTION", None, "diplomatic isolation reduces relations (source: COERCE 170)"),
    "ostracise": ("SANCTION", None, "diplomatic isolation reduces relations (source: COERCE 170)"),
    "defund": ("SANCTION", "discontinue", "cutting funding"),
    "kick out": ("SANCTION", "expel", "expelling diplomats, like the hand table's expel (source: COERCE 174)"),
    "boot out": ("SANCTION", "expel", "expelling diplomats, like the hand table's expel (source: COERCE 174)"),
    # MOBILIZE
    "scramble": ("MOBILIZE", None, "'scrambled fighter jets'"),
    "militarize": ("MOBILIZE", None, "'militarized the islands'"),
    "militarise": ("MOBILIZE", None, "'militarised the islands'"),
    "fortify": ("MOBILIZE", None, "fortifying positions"),
    "garrison": ("MOBILIZE", "troops", "stationing troops"),
    "overfly": ("MOBILIZE", None, "show of air power (source: 150)"),
    # COERCE
    "withhold": ("COERCE", "withhold", "plover_types.json has COERCE mode withhold (source: 170, no mode)"),
    "incarcerate": ("COERCE", "arrest", "imprisonment (source: 170, no mode)"),
    "nab": ("COERCE", "arrest", "police nab suspects (source: 171 seize)"),
    "arraign": ("COERCE", "arrest", "CAMEO 173 includes charging with legal action"),
    "handcuff": ("COERCE", "arrest", "arrest"),
    "expropriate": ("COERCE", "seize", "confiscating property (CAMEO 1711)"),
    "muzzle": ("COERCE", "censor", "silencing the press"),
    "quell": ("COERCE", "restrict", "putting down protests (source: 170, no mode)"),
    "repress": ("COERCE", "restrict", "repression (source: 170, no mode)"),
    "suppress": ("COERCE", "restrict", "suppressing protest or speech (source: 170, no mode)"),
    "cordon off": ("COERCE", "restrict", "restricting movement (source: 170, no mode)"),
    "lock up": ("COERCE", "arrest", "jailing"),
    "purge": ("COERCE", None, "mass dismissal or arrest of officials or officers"),
    # ASSAULT
    "hijack": ("ASSAULT", "abduct", "CAMEO 181 'abduct, hijack' (source: 171 seize)"),
    "bulldoze": ("ASSAULT", "destroy", "demolition of property (CAMEO 1712)"),
    "raze": ("ASSAULT", "destroy", "destroying buildings"),
    "decapitate": ("ASSAULT", "targeted", "as the hand table's behead"),
    "hang": ("ASSAULT", "targeted", "execution, as the hand table's execute"),
    "detonate": ("ASSAULT", "explosives", "setting off a bomb"),
    "dynamite": ("ASSAULT", "explosives", "source's 193 (small arms) mode is wrong"),
    "firebomb": ("ASSAULT", "explosives", "arson attack"),
    "bludgeon": ("ASSAULT", "beat", "beating"),
    "flog": ("ASSAULT", "beat", "beating as punishment"),
    "stab": ("ASSAULT", "primitive", "knife attack: PLOVER's primitive-weapons mode (source: 182 beat)"),
    "stone": ("ASSAULT", "primitive", "stoning"),
    "pelt": ("ASSAULT", "primitive", "'pelted police with stones'"),
    "strafe": ("ASSAULT", "aerial", "attack from aircraft"),
    "maim": ("ASSAULT", None, "wounding"),
    "mutilate": ("ASSAULT", None, "wounding"),
    "lynch": ("ASSAULT", None, "mob killing"),
    "exterminate": ("ASSAULT", None, "mass killing"),
    "poison": ("ASSAULT", None, "poisoning an opponent (Novichok)"),
    "terrorise": ("ASSAULT", None, "British spelling of terrorize"),
    "counterattack": ("ASSAULT", None, "military attack"),
    "knife": ("ASSAULT", "primitive", "knife attack"),
    "molest": ("ASSAULT", "sexual", "sexual assault"),
}


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------

HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
VERB_LINE = re.compile(r"^([A-Z+_'\-]+)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?")


def primary_code(code: str | None) -> str | None:
    """'042:043' -> '042'; '---', ':173' or '' -> None."""
    if code is None:
        return None
    first = code.strip().split(":")[0].strip()
    if not first or first.startswith("-") or not first.isdigit():
        return None
    return first


def parse_verb_dictionary(path: Path):
    """Yields (kind, lemma, particle, code, block) for bare verbs and verb+particle pairs."""
    in_verbs = False
    block_name, block_code = None, None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.rstrip()
        if line.startswith("####### VERB PATTERNS"):
            in_verbs = True
            continue
        if line.startswith("######## TRANSFORMATIONS"):
            break
        if not in_verbs or not line.strip() or line.lstrip().startswith("#"):
            continue
        m = HEADER.match(line)
        if m:
            block_name, block_code = m.group(1), m.group(2)
            continue
        if line.startswith("-"):
            continue  # a pattern: its code needs the pattern words
        m = VERB_LINE.match(line)
        if not m or block_name is None:
            continue
        word = m.group(1)
        code = primary_code(m.group(3)[1:-1] if m.group(3) else block_code)
        if "_" in word:
            if not word.startswith("+"):
                continue  # the verb is not the first word ("WIRE_+TAP")
            parts = word[1:].lower().split("_")
            if len(parts) == 2 and parts[1] in PARTICLES and parts[0].isalpha():
                yield "pair", parts[0], parts[1], code, block_name
            continue
        if "-" in word or "+" in word or "'" in word:
            continue  # hyphenated: spaCy splits "re-arrest", it never matches one token
        yield "verb", word.lower(), None, code, block_name


def parse_mapping(path: Path) -> dict[str, tuple[str, str]]:
    mapping: dict[str, tuple[str, str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d+):\s*([^#]*)", raw)
        if not m:
            continue
        fields = [f.strip() for f in m.group(2).split(",")]
        etype = fields[0].upper()
        mode = fields[1] if len(fields) > 1 else ""
        mapping.setdefault(m.group(1), (etype, mode))  # first line wins ("08" is listed twice)
    return mapping


def map_code(code: str, mapping, types) -> tuple[str, str | None] | None:
    root = code[:2]
    if root == "01":
        return None  # public statement: no event
    force_type = None
    if root == "02":
        code, force_type = "10" + code[2:], "REQUEST"  # appeal runs parallel to demand
    hit = None
    for n in range(len(code), 1, -1):
        if code[:n] in mapping:
            hit = mapping[code[:n]]
            break
    if hit is None:
        return None
    etype, mode = hit
    etype = force_type or etype
    if etype not in types:
        return None
    mode = MODE_ALIAS.get((etype, mode), mode) or None
    if mode not in types[etype]["modes"]:
        mode = None
    return etype, mode


def present_in_triggers(path: Path):
    cfg = tomllib.loads(path.read_text(encoding="utf-8"))
    lemmas: set[str] = set()
    pairs: set[tuple[str, str]] = set()

    def add(items):
        for item in [items] if isinstance(items, str) else items or []:
            lemmas.add(item.partition("=")[0].strip().lower())

    for key, spec in cfg.items():
        if isinstance(spec, dict):
            add(spec.get("verbs"))
            add(spec.get("nouns"))
    for rule in cfg.get("phrase", []):
        add(rule.get("verbs"))
        for v in rule.get("verbs", []):
            for p in rule.get("particle", []):
                pairs.add((v.lower(), p.lower()))
    for sense in cfg.get("sense", []):
        add(sense.get("lemma"))
    return lemmas, pairs


# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------

def build(cameo: Path, c2p: Path, trig: Path, report):
    types = json.loads((DATA / "plover_types.json").read_text(encoding="utf-8"))["types"]
    mapping = parse_mapping(c2p)
    present, present_pairs = present_in_triggers(trig)

    occ: dict[str, list] = defaultdict(list)  # key -> [(code, (type, mode) | None)]
    for kind, lemma, particle, code, _block in parse_verb_dictionary(cameo):
        key = lemma if kind == "verb" else f"{lemma} {particle}"
        occ[key].append((code, map_code(code, mapping, types) if code else None))

    entries: dict[str, tuple[str, str | None, str]] = {}  # key -> (type, mode, comment)
    dropped = defaultdict(list)
    for key in sorted(occ):
        coded = [(c, tm) for c, tm in occ[key] if tm is not None]
        if not coded:
            continue
        kinds = {tm[0] for _, tm in coded}
        codes = ", ".join(sorted({c for c, _ in coded}))
        if len(kinds) > 1:
            dropped["conflict"].append(f"{key} ({codes}: {'/'.join(sorted(kinds))})")
            continue
        modes = {tm[1] for _, tm in coded}
        mode = modes.pop() if len(modes) == 1 else None
        entries[key] = (kinds.pop(), mode, f"CAMEO {codes}")

    both = sorted(set(REMOVE) & set(ADD))
    if both:
        raise SystemExit(f"review lists these in both REMOVE and ADD: {both}")
    words = [w for _, ws in REMOVE_GROUPS for w in _split_words(ws)]
    twice = sorted({w for w in words if words.count(w) > 1})
    if twice:
        raise SystemExit(f"REMOVE lists these twice: {twice}")
    for key, why in REMOVE.items():
        if key not in entries:
            print(f"note: REMOVE {key!r} matches no dictionary entry", file=sys.stderr)
        entries.pop(key, None)
    for key, (etype, mode, why) in ADD.items():
        if etype not in types:
            raise SystemExit(f"ADD {key!r}: unknown type {etype}")
        if mode is not None and mode not in types[etype]["modes"]:
            raise SystemExit(f"ADD {key!r}: mode {mode!r} is not a mode of {etype}")
        old = entries.get(key)
        if old is None:
            comment = "review"
        elif old[:2] != (etype, mode):
            comment = f"{old[2]}; review: {etype}{'=' + mode if mode else ''}"
        else:
            comment = old[2]
        entries[key] = (etype, mode, comment)

    verbs = defaultdict(list)
    pairs = defaultdict(list)
    for key in sorted(entries):
        etype, mode, comment = entries[key]
        if " " in key:
            v, p = key.split(" ", 1)
            if (v, p) in present_pairs:
                if key in ADD:
                    print(f"note: ADD {key!r} skipped, triggers.toml has it", file=sys.stderr)
                dropped["in triggers.toml"].append(key)
                continue
            pairs[etype].append((v, p, mode, comment))
        else:
            if key in present:
                if key in ADD:
                    print(f"note: ADD {key!r} skipped, triggers.toml has it", file=sys.stderr)
                dropped["in triggers.toml"].append(key)
                continue
            verbs[etype].append((key, mode, comment))

    if report:
        for why, keys in dropped.items():
            print(f"-- dropped ({why}): {len(keys)}", file=sys.stderr)
            for k in keys:
                print(f"   {k}", file=sys.stderr)
        for etype in types:
            print(f"-- {etype}: {len(verbs[etype])} verbs, {len(pairs[etype])} pairs", file=sys.stderr)
            for lemma, mode, comment in verbs[etype]:
                print(f"   {lemma}{'=' + mode if mode else ''}  # {comment}", file=sys.stderr)
            for v, p, mode, comment in pairs[etype]:
                print(f"   {v} {p}{'=' + mode if mode else ''}  # {comment}", file=sys.stderr)
    return types, verbs, pairs


HEAD = """\
# Verb triggers from the PETRARCH2 CAMEO verb dictionary, reviewed by hand.
# GENERATED FILE: do not edit. Change the REMOVE / ADD review tables in
# scripts/build_cameo_lexicon.py and regenerate:
#
#   python scripts/build_cameo_lexicon.py CAMEO.2.0.txt eval/CAMEO2PLOVER-2021.txt
#
# where CAMEO.2.0.txt is petrarch2/data/dictionaries/CAMEO.2.0.txt from
# github.com/openeventdata/petrarch2 (built from commit 676801cd9cb2, 2019-03-18;
# MIT licence, Copyright (c) 2015 Open Event Data Alliance; see LICENSES.md).
# Only lemma lists derived from it are kept here, not the dictionary itself.
#
# Each bare verb's CAMEO code is mapped to a PLOVER type and mode by
# eval/CAMEO2PLOVER-2021.txt; lemmas already present anywhere in triggers.toml
# are left out. Same format as triggers.toml: per type, verbs = ["lemma",
# "lemma=mode"]; [[phrase]] rules for verb + particle pairs. The comment after
# each lemma gives its CAMEO code(s); "review: TYPE=mode" where the hand
# review retyped it, plain "review" where the review added it.
#
# This table is read AFTER triggers.toml: where both name a lemma, the
# hand-made triggers.toml entry wins.
"""


def render(types, verbs, pairs) -> str:
    out = [HEAD]
    for etype in types:
        if not verbs[etype]:
            continue
        out.append(f"\n[{etype}]\nverbs = [\n")
        for lemma, mode, comment in verbs[etype]:
            item = json.dumps(f"{lemma}={mode}" if mode else lemma) + ","
            out.append(f"  {item:<28} # {comment}\n")
        out.append("]\n")
    rules = [(etype, *p) for etype in types for p in pairs[etype]]
    if rules:
        out.append("\n# --- verb + particle pairs -------------------------------------------------\n")
    for etype, v, p, mode, comment in rules:
        out.append(f"\n[[phrase]]  # {comment}\nverbs = [{json.dumps(v)}]\nparticle = [{json.dumps(p)}]\n"
                   f"type = {json.dumps(etype)}\n")
        if mode:
            out.append(f"mode = {json.dumps(mode)}\n")
    return "".join(out)


def validate(text: str, types: dict) -> None:
    """The output loads, names only PLOVER types, and only modes of those types."""
    cfg = tomllib.loads(text)
    for key, spec in cfg.items():
        if key == "phrase":
            continue
        if key not in types:
            raise SystemExit(f"output names unknown type {key}")
        for item in spec["verbs"]:
            mode = item.partition("=")[2]
            if mode and mode not in types[key]["modes"]:
                raise SystemExit(f"{key}: {item!r} has a mode {key} does not define")
    for rule in cfg.get("phrase", []):
        if rule["type"] not in types:
            raise SystemExit(f"phrase {rule['verbs']}: unknown type {rule['type']}")
        if "mode" in rule and rule["mode"] not in types[rule["type"]]["modes"]:
            raise SystemExit(f"phrase {rule['verbs']}: {rule['type']} has no mode {rule['mode']}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cameo", type=Path, help="PETRARCH2 CAMEO verb dictionary (CAMEO.2.0.txt)")
    ap.add_argument("cameo2plover", type=Path, help="CAMEO -> PLOVER table (eval/CAMEO2PLOVER-2021.txt)")
    ap.add_argument("--triggers", type=Path, default=DATA / "triggers.toml", help="hand-made trigger table")
    ap.add_argument("--out", type=Path, default=DATA / "triggers_cameo.toml")
    ap.add_argument("--report", action="store_true", help="list kept and dropped lemmas on stderr")
    args = ap.parse_args(argv)
    types, verbs, pairs = build(args.cameo, args.cameo2plover, args.triggers, args.report)
    text = render(types, verbs, pairs)
    validate(text, types)
    args.out.write_text(text, encoding="utf-8")
    n = sum(len(v) for v in verbs.values())
    m = sum(len(v) for v in pairs.values())
    print(f"wrote {args.out}: {n} verbs, {m} verb+particle rules", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
