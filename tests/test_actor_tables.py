"""The actor tables at world scale: countries.tsv, groups.tsv and blocs.tsv.

Coverage (every UN member and observer has a row; at least 150 armed groups),
valid codes and sectors, a source on every row, no name read two ways, and
spot checks of the readings that matter most in conflict news. No spaCy model
is needed: the Lexicon is read directly, and the longest-match checks use a
blank English tokenizer, which splits words as the full pipeline does.
"""

from __future__ import annotations

from collections import defaultdict

import pycountry
import pytest
import spacy

from flashpoint.resources import data_path, load_tsv, split_list
from flashpoint.stages.actors import ActorMatcher, lexicon, resolve_entries

ISO3 = {c.alpha_3 for c in pycountry.countries} | {"XKX"}  # Kosovo: user-assigned, used by the EU and IMF
GENERIC = {"IMG", "NGO", "IGO"}
BLOC_CODES = {row[0] for row in load_tsv("blocs.tsv")}
SECTORS = {"GOV", "MIL", "REB", "CRM", "SPY", "COP", "LEG", "OPP", "PTY", "JUD", "NGO", "IGO"}
ARMED = {"REB", "MIL", "CRM"}

UN_MEMBERS = set("""
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN BGR
BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU
EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND
IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS
MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK
PLW PAN PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP
SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE
GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split())
OBSERVERS_AND_OTHERS = {"VAT", "PSE", "TWN", "XKX", "ESH"}

# Names that countries.tsv gives to more than one state on purpose: none so
# far. "Congo" is COG only (context logic elsewhere), "Dominican" is DOM only.
SHARED_STATE_NAMES: dict[str, set[str]] = {}


def rows(name: str) -> tuple[tuple[str, ...], ...]:
    return load_tsv(name)


def actor(name: str, date: str = "2025-06-01"):
    return resolve_entries(tuple(lexicon().entries[name]), name, date)


def test_un_members_list_is_complete():
    assert len(UN_MEMBERS) == 193
    assert UN_MEMBERS <= ISO3


def test_every_un_member_and_observer_has_a_row():
    codes = [r[0] for r in rows("countries.tsv")]
    assert len(codes) == len(set(codes)), "a state has two rows"
    missing = (UN_MEMBERS | OBSERVERS_AND_OTHERS) - set(codes)
    assert not missing, sorted(missing)
    assert set(codes) <= ISO3


def test_at_least_190_states_have_a_name():
    lex = lexicon()
    named = {e.code for es in lex.entries.values() for e in es if e.kind == "state" and e.code in ISO3}
    assert len(named) >= 190
    # and from the hand table itself, not only pycountry
    assert sum(1 for r in rows("countries.tsv") if split_list(r[1])) >= 190


def test_most_states_have_demonyms_and_seats_of_power():
    table = {r[0]: r for r in rows("countries.tsv")}
    with_demonym = [c for c in UN_MEMBERS if split_list(table[c][2])]
    with_metonym = [c for c in UN_MEMBERS if split_list(table[c][3])]
    assert len(with_demonym) >= 185
    assert len(with_metonym) >= 160


def test_no_name_means_two_states():
    by_name: dict[str, set[str]] = defaultdict(set)
    for r in rows("countries.tsv"):
        for col in (1, 2, 3):
            for n in split_list(r[col]):
                by_name[n].add(r[0])
    shared = {n: codes for n, codes in by_name.items() if len(codes) > 1}
    assert shared == SHARED_STATE_NAMES


def test_group_rows_have_valid_codes_and_sectors():
    table = rows("groups.tsv")
    for r in table:
        names, code, sector = r[:3]
        assert split_list(names), r
        assert code in ISO3 or code in GENERIC or code in BLOC_CODES, r
        assert sector in SECTORS, r
    armed = [r for r in table if r[2] in ARMED]
    assert len(armed) >= 150
    # non-state: rebels, insurgents and gangs alone already pass 150
    assert sum(1 for r in table if r[2] in ("REB", "CRM")) >= 150
    assert len({r[1] for r in armed}) >= 50, "armed groups of many states"


def test_no_group_name_in_two_rows():
    seen: dict[str, tuple[str, str]] = {}
    for r in rows("groups.tsv"):
        for n in split_list(r[0]):
            assert n not in seen or seen[n] == (r[1], r[2]), (n, seen.get(n), r[1:3])
            seen[n] = (r[1], r[2])


def test_no_group_or_bloc_name_is_shadowed():
    """The loader reads countries, then blocs, then groups; the first reading
    of a name wins. A group or bloc name that a state already took is dead."""
    lex = lexicon()
    for r in rows("blocs.tsv"):
        for n in split_list(r[2]):
            e = lex.entries[n][0]
            assert (e.kind, e.code) == ("bloc", r[0]), (n, e)
    for r in rows("groups.tsv"):
        for n in split_list(r[0]):
            e = lex.entries[n][0]
            assert (e.kind, e.code) == ("group", r[1]), (n, e)


@pytest.mark.parametrize("name,width", [("countries.tsv", 5), ("groups.tsv", 4), ("blocs.tsv", 5)])
def test_every_row_has_a_source(name, width):
    for r in rows(name):
        assert len(r) >= width and r[width - 1], (name, r[:2])
    header = [line for line in data_path(name).read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert any("source" in line for line in header), f"{name}: the header must document the source column"


def test_blocs_have_sectors():
    for r in rows("blocs.tsv"):
        assert r[3] in SECTORS, r
    assert {"ECOWAS", "ASEAN", "SADC", "EAC", "IGAD", "GCC", "CSTO", "SCO", "BRICS", "CIS", "AES", "OAS",
            "CARICOM", "EAEU", "ICC", "ICJ"} <= BLOC_CODES
    assert not any("ECOWAS" in split_list(r[0]) for r in rows("groups.tsv")), "ECOWAS lives in blocs.tsv"


@pytest.mark.parametrize("name,code", [
    # states, demonyms and metonyms
    ("South Sudanese", "SSD"), ("Sudanese", "SDN"), ("Kinshasa", "COD"), ("Brazzaville", "COG"),
    ("Congo", "COG"), ("DRC", "COD"), ("Rawalpindi", "PAK"), ("Islamabad", "PAK"), ("the Kremlin", "RUS"),
    ("the White House", "USA"), ("Downing Street", "GBR"), ("Beijing", "CHN"), ("the Blue House", "KOR"),
    ("Yongsan", "KOR"), ("Pyongyang", "PRK"), ("Naypyidaw", "MMR"), ("Abuja", "NGA"), ("Addis Ababa", "ETH"),
    ("Caracas", "VEN"), ("Miraflores", "VEN"), ("Tehran", "IRN"), ("Nigerien", "NER"), ("Nigerian", "NGA"),
    ("Equatorial Guinean", "GNQ"), ("Guinean", "GIN"), ("Bissau-Guinean", "GNB"), ("Dominican", "DOM"),
    ("Taiwan", "TWN"), ("Kosovo", "XKX"), ("Palestine", "PSE"), ("Western Sahara", "ESH"), ("Sahrawi", "ESH"),
    ("Georgia", "GEO"), ("Chad", "TCD"), ("Burkinabe", "BFA"), ("Eswatini", "SWZ"), ("Timor-Leste", "TLS"),
    # armed groups: the state they belong to or fight in
    ("RSF", "SDN"), ("Rapid Support Forces", "SDN"), ("M23", "COD"), ("AFC/M23", "COD"), ("Houthis", "YEM"),
    ("Ansar Allah", "YEM"), ("Hamas", "PSE"), ("Qassam Brigades", "PSE"), ("Hezbollah", "LBN"),
    ("al-Shabaab", "SOM"), ("Al Shabaab", "SOM"), ("al-Shabab", "SOM"), ("Shabaab", "SOM"), ("JNIM", "MLI"),
    ("ISWAP", "NGA"), ("Boko Haram", "NGA"), ("Lakurawa", "NGA"), ("TTP", "PAK"), ("Pakistani Taliban", "PAK"),
    ("BLA", "PAK"), ("ELN", "COL"), ("EMC", "COL"), ("FARC dissidents", "COL"), ("Arakan Army", "MMR"),
    ("People's Defence Force", "MMR"), ("PDF", "MMR"), ("KIA", "MMR"), ("TNLA", "MMR"), ("MNDAA", "MMR"),
    ("Fano", "ETH"), ("TPLF", "ETH"), ("OLA", "ETH"), ("ADF", "COD"), ("CODECO", "COD"), ("Wagner", "RUS"),
    ("Africa Corps", "RUS"), ("SDF", "SYR"), ("YPG", "SYR"), ("HTS", "SYR"), ("Kataib Hezbollah", "IRQ"),
    ("Popular Mobilization Forces", "IRQ"), ("Islamic Resistance in Iraq", "IRQ"), ("Viv Ansanm", "HTI"),
    ("G9", "HTI"), ("Sinaloa cartel", "MEX"), ("CJNG", "MEX"), ("Tren de Aragua", "VEN"), ("PKK", "TUR"),
    ("Polisario", "ESH"), ("Ambazonian separatists", "CMR"), ("ISKP", "AFG"), ("IS-K", "AFG"),
    ("Islamic State Mozambique", "MOZ"), ("Islamic State Somalia", "SOM"), ("IS Sahel", "MLI"),
    ("Islamic State", "IMG"), ("ISIS", "IMG"),
    # state forces and services named alone
    ("IRGC", "IRN"), ("Revolutionary Guards", "IRN"), ("Tatmadaw", "MMR"), ("IDF", "ISR"), ("Shin Bet", "ISR"),
    ("Mossad", "ISR"), ("SAF", "SDN"), ("Sudanese Armed Forces", "SDN"), ("FARDC", "COD"), ("PLA", "CHN"),
    ("People's Liberation Army", "CHN"), ("China Coast Guard", "CHN"),
    # blocs
    ("ECOWAS", "ECOWAS"), ("ASEAN", "ASEAN"), ("International Criminal Court", "ICC"), ("ICJ", "ICJ"),
    ("Alliance of Sahel States", "AES"), ("Gulf Cooperation Council", "GCC"), ("NATO", "NATO"),
])
def test_spot_checks(name, code):
    assert actor(name).code == code


@pytest.mark.parametrize("name,sector", [
    ("RSF", "REB"), ("M23", "REB"), ("SAF", "MIL"), ("IRGC", "MIL"), ("Tatmadaw", "MIL"), ("Shin Bet", "SPY"),
    ("Sinaloa cartel", "CRM"), ("Viv Ansanm", "CRM"), ("Popular Mobilization Forces", "MIL"), ("Kinshasa", "GOV"),
    ("Rawalpindi", "GOV"), ("ECOWAS", "IGO"), ("ICJ", "JUD"),
])
def test_sectors(name, sector):
    assert actor(name).sector == sector


@pytest.fixture(scope="module")
def matcher():
    return spacy.blank("en"), ActorMatcher(spacy.blank("en"))


@pytest.mark.parametrize("text,span,code", [
    ("South Sudanese troops crossed the border.", "South Sudanese", "SSD"),
    ("Sudanese troops crossed the border.", "Sudanese", "SDN"),
    ("An Equatorial Guinean official spoke.", "Equatorial Guinean", "GNQ"),
    ("The Pakistani Taliban claimed the attack.", "Pakistani Taliban", "PAK"),
    ("Kataib Hezbollah fired drones.", "Kataib Hezbollah", "IRQ"),
    ("Islamic State Khorasan Province claimed it.", "Islamic State Khorasan Province", "AFG"),
    ("The AFC/M23 took Goma.", "AFC/M23", "COD"),
    ("Fighters of the Kachin Independence Army advanced.", "Kachin Independence Army", "MMR"),
    ("The People’s Defense Force attacked.", "People’s Defense Force", "MMR"),
    ("ECOWAS leaders met in Abuja.", "ECOWAS", "ECOWAS"),
])
def test_longest_match_wins(matcher, text, span, code):
    nlp, am = matcher
    doc = nlp.make_doc(text)
    found = {(doc[m.start:m.end].text, m.entries[0].code) for m in am(doc).values()}
    assert (span, code) in found, found
