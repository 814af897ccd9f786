"""The dated office-holder table (people.tsv): its rows are well formed, it
covers every state's head of state or government, and the lookups the actor
stage makes by office and date name the right person."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict

import pytest

from flashpoint.resources import load_tsv
from flashpoint.stages.actors import lexicon

ROWS = load_tsv("people.tsv")

# Roles that make a head of state or of government (see the table's header).
HEAD_ROLES = {
    "president", "prime minister", "chancellor", "premier", "king", "queen", "emperor", "emir", "sultan",
    "grand duke", "prince", "pope", "supreme leader", "acting president", "co-president",
    "chairman of the sovereignty council", "chairman of the transitional military council",
    "chairman of the presidential council", "chairman of the presidential leadership council",
    "chairman of the transitional presidential council", "chairman of the state administration council",
    "chairman of the state security and peace commission", "president of the council of ministers",
    "chief adviser", "state counsellor", "de facto leader", "chief executive",
    "bosniak member of the presidency", "serb member of the presidency", "croat member of the presidency",
}
FOREIGN_ROLES = {"foreign minister", "foreign secretary", "secretary of state"}
DEFENCE_ROLES = {"defence minister", "defence secretary", "secretary of defense"}
# Offices held by several people at once: their rows may overlap.
SHARED_ROLES = {"deputy foreign minister", "deputy defence minister", "foreign ministry spokesman",
                "foreign ministry spokeswoman"}
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _live(row, date: str) -> bool:
    return row[5] <= date and (not row[6] or date < row[6])


def _valid_date(s: str) -> bool:
    if not DATE.fullmatch(s):
        return False
    try:
        datetime.date.fromisoformat(s)
    except ValueError:
        return False
    return True


def test_every_row_parses():
    assert len(ROWS) > 1000
    for row in ROWS:
        assert len(row) >= 7, row
        names, code, person, role, sector, start, end = row[:7]
        assert names and code and person and role and sector, row
        assert person in names.split("|"), row
        assert all(n.strip() == n and n for n in names.split("|")), row
        assert _valid_date(start), row
        assert end == "" or _valid_date(end), row
        if end:
            assert start < end, row


def test_every_row_has_a_source():
    for row in ROWS:
        assert len(row) >= 8 and row[7].strip(), row[:7]


def test_no_overlapping_terms_in_one_office():
    by_office = defaultdict(list)
    for row in ROWS:
        if row[3].lower() not in SHARED_ROLES:
            by_office[(row[1], row[3].lower())].append(row)
    for office, rows in by_office.items():
        rows.sort(key=lambda r: r[5])
        for a, b in zip(rows, rows[1:]):
            assert a[6] and a[6] <= b[5], (office, a[2], a[5], a[6], b[2], b[5])


def test_heads_of_state_or_government_of_every_state():
    codes = {r[1] for r in ROWS if r[3].lower() in HEAD_ROLES and _live(r, "2025-06-01")}
    assert len(codes) >= 190
    for code in ("USA", "CHN", "RUS", "SDN", "SSD", "HTI", "MMR", "AFG", "LBY", "YEM", "PSE", "TWN", "XKX", "VAT", "TUV"):
        assert code in codes, code


@pytest.mark.parametrize("code", "SDN COD ETH SOM MLI BFA NER NGA TCD ISR LBN SYR IRQ IRN YEM PAK AFG MMR UKR GEO VEN HTI".split())
def test_crisis_states_have_a_head_on_every_date_since_2015(code):
    rows = [r for r in ROWS if r[1] == code and r[3].lower() in HEAD_ROLES]
    for year in range(2015, 2026):
        for month in (1, 4, 7, 10):
            date = f"{year}-{month:02d}-15"
            assert any(_live(r, date) for r in rows), (code, date)


def test_foreign_and_defence_ministers_of_sixty_states():
    foreign = {r[1] for r in ROWS if r[3].lower() in FOREIGN_ROLES}
    defence = {r[1] for r in ROWS if r[3].lower() in DEFENCE_ROLES}
    assert len(foreign) >= 60
    assert len(defence) >= 60
    for row in ROWS:
        if row[3].lower() in DEFENCE_ROLES:
            assert row[4] == "MIL", row[:7]


def test_names_are_not_shared_between_people_unless_dated_apart():
    people_by_name = defaultdict(set)
    for row in ROWS:
        for name in row[0].split("|"):
            people_by_name[name].add(row[2])
    shared = {n: p for n, p in people_by_name.items() if len(p) > 1}
    # "Bush" (two presidents) and "Khamenei" (father and son) are dated apart
    assert set(shared) <= {"Bush", "Khamenei"}, shared
    for banned in ("Kim", "Lee", "Khan", "Sharif", "Li", "Wang", "Ali", "Said", "Musa", "Store", "Sharon"):
        assert banned not in people_by_name, banned


@pytest.mark.parametrize("code, role, date, person", [
    ("USA", "President", "2022-03-01", "Joe Biden"),
    ("USA", "President", "2025-06-01", "Donald Trump"),
    ("USA", "Secretary of State", "2019-06-01", "Mike Pompeo"),
    ("USA", "Secretary of Defense", "2020-12-01", "Christopher Miller"),
    ("FRA", "President", "2019-01-01", "Emmanuel Macron"),
    ("FRA", "Prime Minister", "2021-01-01", "Jean Castex"),
    ("GBR", "King", "2023-05-06", "Charles III"),
    ("GBR", "Foreign Secretary", "2020-01-01", "Dominic Raab"),
    ("DEU", "Chancellor", "2023-01-01", "Olaf Scholz"),
    ("IND", "Foreign Minister", "2024-01-01", "Subrahmanyam Jaishankar"),
    ("IND", "Defence Minister", "2016-01-01", "Manohar Parrikar"),
    ("SDN", "President", "2018-06-01", "Omar al-Bashir"),
    ("SDN", "Chairman of the Sovereignty Council", "2024-01-01", "Abdel Fattah al-Burhan"),
    ("SDN", "Prime Minister", "2020-06-01", "Abdalla Hamdok"),
    ("PAK", "Prime Minister", "2020-01-01", "Imran Khan"),
    ("PAK", "Prime Minister", "2024-06-01", "Shehbaz Sharif"),
    ("PAK", "Chief of Army Staff", "2023-06-01", "Asim Munir"),
    ("ISR", "Defence Minister", "2021-01-01", "Benny Gantz"),
    ("SYR", "President", "2025-06-01", "Ahmed al-Sharaa"),
    ("IRQ", "Prime Minister", "2021-01-01", "Mustafa al-Kadhimi"),
    ("MLI", "President", "2023-01-01", "Assimi Goïta"),
    ("BFA", "President", "2023-01-01", "Ibrahim Traoré"),
    ("NGA", "President", "2020-01-01", "Muhammadu Buhari"),
    ("ETH", "Prime Minister", "2022-01-01", "Abiy Ahmed"),
    ("MMR", "State Counsellor", "2019-01-01", "Aung San Suu Kyi"),
    ("AFG", "Supreme Leader", "2023-01-01", "Hibatullah Akhundzada"),
    ("KOR", "Acting President", "2025-01-15", "Choi Sang-mok"),
    ("VAT", "Pope", "2025-06-01", "Pope Leo XIV"),
    ("CHE", "President", "2025-06-01", "Karin Keller-Sutter"),
    ("HTI", "Prime Minister", "2022-06-01", "Ariel Henry"),
    ("LBY", "Prime Minister", "2022-06-01", "Abdul Hamid Dbeibah"),
    ("IRN", "Supreme Leader", "2020-01-01", "Ali Khamenei"),
    ("IRN", "Supreme Leader", "2026-04-01", "Mojtaba Khamenei"),
    ("VEN", "Acting President", "2026-02-01", "Delcy Rodríguez"),
    ("UKR", "Defence Minister", "2026-02-01", "Mykhailo Fedorov"),
])
def test_holder_on_date(code, role, date, person):
    holder = lexicon().holder(code, role, date)
    assert holder is not None and holder.person == person


def test_no_holder_outside_terms():
    lex = lexicon()
    assert lex.holder("LBN", "President", "2023-06-01") is None  # vacancy 2022-2025
    assert lex.holder("TUR", "Prime Minister", "2020-01-01") is None  # office abolished 2018
    assert lex.holder("SDN", "President", "2020-01-01") is None


def test_full_names_resolve_to_their_state_on_a_date():
    from flashpoint.stages.actors import resolve_entries

    def actor(name, date):
        return resolve_entries(tuple(lexicon().entries[name]), name, date)

    a = actor("Shehbaz Sharif", "2024-06-01")
    assert (a.code, a.role) == ("PAK", "Prime Minister")
    a = actor("Hemedti", "2024-06-01")
    assert a.code == "SDN" and a.sector == "REB"
    a = actor("Zelenskyy", "2023-01-01")
    assert (a.code, a.role) == ("UKR", "President")
    a = actor("Israel Katz", "2025-01-01")
    assert (a.code, a.role) == ("ISR", "Defence Minister")
