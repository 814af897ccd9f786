"""Claims: which numbers are claims, what they count, and who asserts them.

Each class of the claims stage is tested both ways: what must come out and
what must not."""

import pytest

from flashpoint.model import Claim
from flashpoint.resources import load_toml
from flashpoint.stages.claims import parse_number
from flashpoint.stages.merge import merge_claims


@pytest.mark.parametrize("text,value,qualifier,currency", [
    ("94,300", 94300, None, None),
    ("94.3 thousand", 94300, None, None),
    ("5 million", 5_000_000, None, None),
    ("nearly 100", 100, "nearly", None),
    ("up to 175,000", 175000, "up to", None),
    ("at least 14,000", 14000, "at least", None),
    ("80,000 to 100,000", (80000, 100000), None, None),
    ("between 80,000 and 100,000", (80000, 100000), None, None),
    ("$50 million", 50_000_000, None, "USD"),
    ("1.2 billion euros", 1_200_000_000, None, "EUR"),
    ("tens of thousands", (10000, 99999), "tens of", None),
    ("two hundred", 200, None, None),
    # ranges with spaced dashes, "between ... and", scale on the range's end
    ("30,000 – 40,000", (30000, 40000), None, None),
    ("30,000 - 40,000", (30000, 40000), None, None),
    ("between 5 and 25", (5, 25), None, None),
    ("80 to 100 million", (80_000_000, 100_000_000), None, None),
    ("two or three", (2, 3), None, None),
    # number words: a hyphen inside a number is not a range
    ("twenty-five", 25, None, None),
    ("fourteen", 14, None, None),
    ("three dozen", 36, None, None),
    ("more than three dozen", 36, "more than", None),
    ("a dozen", 12, None, None),
    ("half a million", 500_000, None, None),
    ("$5m", 5_000_000, None, "USD"),
    ("3bn", 3_000_000_000, None, None),
    # vague quantities: a representative range, marked "vague"
    ("thousands", (1000, 9999), "vague", None),
    ("dozens", (24, 99), "vague", None),
    ("hundreds", (100, 999), "vague", None),
    ("several hundred", (200, 900), "vague", None),
    ("more than 60", 60, "more than", None),
    ("at least five", 5, "at least", None),
    ("an estimated 13 million", 13_000_000, "an estimated", None),
])
def test_parse_number(text, value, qualifier, currency):
    v, q, c = parse_number(text)
    assert (tuple(v) if isinstance(v, tuple) else v) == value
    assert q == qualifier and c == currency


def test_word_lists_are_data():
    """Every word list of the stage lives in data/claims.toml."""
    data = load_toml("claims.toml")
    for section in ("numbers", "vague", "qualifiers", "currency", "percent", "measures", "not_counted", "names",
                    "actors", "population", "casualties", "counts", "claimants"):
        assert data[section], section
    assert "said" not in data["claimants"]["verbs"] and "say" in data["claimants"]["verbs"]  # lemmas


def _claims(extract, text, published="2023-06-01"):
    return extract(text, published)["claims"]


def _values(claims):
    return [tuple(c["value"]) if isinstance(c["value"], list) else c["value"] for c in claims]


def _one(claims, value):
    hits = [c for c in claims if (tuple(c["value"]) if isinstance(c["value"], list) else c["value"]) == value]
    assert len(hits) == 1, claims
    return hits[0]


# -- class 1: what is and is not a claim ------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "The two sides agreed to resume talks in Doha next week.",
    "Both countries recalled their ambassadors, and the three leaders spoke by phone.",
    "Officials from 2 nations met in Geneva on Monday.",
    "The two US envoys met the Russian president for talks.",
    "Two European diplomats said the draft had been shelved.",
    "Three senior officials told reporters the deal was close.",
    "Reuters quoted one police officer as saying the crowd was peaceful.",
    "She said she and her two children had fled the city.",
    "It was one of the few towns still under government control.",
])
def test_own_actors_are_not_claims(extract, text):
    assert _claims(extract, text) == []


@pytest.mark.parametrize("text", [
    "The delegations talked for five hours on Tuesday.",
    "The envoy presented a 28-point plan to Kyiv.",
    "The 45-year-old colonel could face up to 99 years in prison.",
    "Allies invoked Article 5 of the treaty for the first time.",
    "Convoys were stuck on Route 66 for days.",
    "The ceasefire took effect at 10 a.m. on June 1.",
    "The blast hit a market in 2019.",
    "The disputed 2020 elections sparked months of protests.",
    "date 2024-12-03 Soldiers patrol the square.",
    "Kenya, a country of more than 50 million people, has sent police.",
    "The village lies 30 km from the front line.",
    "Ships came within 12 nautical miles of the coast.",
    "The BSF guards the 3,323 km border.",
])
def test_dates_names_sizes_and_places_are_not_claims(extract, text):
    assert _claims(extract, text) == []


def test_percent_money_and_hardware_are_claims(extract):
    claims = _claims(extract, "Washington imposed a 25% levy on Chinese steel worth $60 billion.")
    assert _one(claims, 25)["unit"] == "percent"
    assert _one(claims, 60_000_000_000)["unit"] == "USD"
    claims = _claims(extract, "Houthi forces launched 14 drones and four missiles at two tankers, the US military said.")
    assert {c["unit"] for c in claims} == {"drones", "missiles", "tankers"}
    assert all(c["claimant"]["code"] == "USA" for c in claims)
    claims = _claims(extract, "The EU approved a 1.2 billion euro loan package for Moldova.")
    assert _one(claims, 1_200_000_000)["unit"] == "EUR"


def test_counts_of_actors_with_a_qualifier_or_a_harm_are_claims(extract):
    claims = _claims(extract, "More than 40 countries have joined the coalition.")
    assert _one(claims, 40)["unit"] == "countries"
    claims = _claims(extract, "Two leaders of the group were killed in the strike.")
    assert _one(claims, 2)["unit"] == "leaders"


def test_casualties_displaced_troops_are_claims(extract):
    claims = _claims(extract, "The attack killed at least five and displaced 3,000 people, while 2,500 personnel were deployed.")
    assert _one(claims, 5)["unit"] == "people" and _one(claims, 5)["qualifier"] == "at least"
    assert _one(claims, 3000)["unit"] == "people"
    assert _one(claims, 2500)["unit"] == "personnel"


def test_distance_covered_is_a_claim(extract):
    claims = _claims(extract, "The missile flew up to 800 kilometres before falling into the sea.")
    assert _one(claims, 800)["unit"] == "km" and _one(claims, 800)["qualifier"] == "up to"


def test_a_strength_counts_the_force(extract):
    claims = _claims(extract, "Kenya will lead a 1,000-strong police mission.")
    assert _one(claims, 1000)["unit"] == "mission"


# -- class 2: vague quantities ------------------------------------------------------------------------
def test_vague_quantities_are_ranges_marked_vague(extract):
    claims = _claims(extract, "Thousands of people fled to Chad, and dozens were killed in the shelling.")
    th = _one(claims, (1000, 9999))
    assert th["unit"] == "people" and th["qualifier"] == "vague"
    dz = _one(claims, (24, 99))
    assert dz["unit"] == "people" and dz["qualifier"] == "vague"
    claims = _claims(extract, "Hundreds of protesters gathered outside the embassy.")
    assert _one(claims, (100, 999))["unit"] == "protesters"


def test_tens_of_thousands_keeps_its_wording(extract):
    claims = _claims(extract, "Tens of thousands marched through the capital.")
    c = _one(claims, (10000, 99999))
    assert c["unit"] == "people" and c["qualifier"] == "tens of"


def test_vague_words_that_are_not_quantities(extract):
    assert _claims(extract, "The team's test scores improved this year.") == []


# -- class 3: claimants ----------------------------------------------------------------------------------
def test_according_to_anywhere_in_the_sentence(extract):
    claims = _claims(extract, "According to the United Nations, some 40,000 people fled Mariupol on Wednesday.")
    assert _one(claims, 40000)["claimant"]["code"] == "UN"
    claims = _claims(extract, "Armed gangs murdered more than 3,120 residents in 2023, according to the U.N, twice the earlier toll.")
    assert _one(claims, 3120)["claimant"]["code"] == "UN"


def test_said_at_the_end(extract):
    claims = _claims(extract, "Russian forces fired 70 cruise missiles overnight, the Ukrainian air force said.")
    assert _one(claims, 70)["claimant"]["code"] == "UKR"


def test_the_nearest_source_wins(extract):
    text = ("In Skopje, riot police used pepper spray. Dozens of marchers were arrested, according to reporters "
            "at the square, while police said six officers were hurt.")
    claims = _claims(extract, text)
    assert _one(claims, (24, 99))["claimant"] is None
    assert _one(claims, 6)["claimant_phrase"] == "police"


def test_claimant_carries_across_sentences(extract):
    claims = _claims(extract, "Ukraine's air force said Russia launched 52 drones overnight. It later said 47 of them had been shot down.")
    assert _one(claims, 52)["claimant"]["code"] == "UKR"
    c = _one(claims, 47)
    assert c["claimant"]["code"] == "UKR" and c["unit"] == "drones"
    claims = _claims(extract, "Russia's defence ministry said it had destroyed 31 drones. The ministry added that 9 more were downed over Crimea.")
    c = _one(claims, 9)
    assert c["claimant"]["code"] == "RUS" and c["unit"] == "drones"


def test_a_quotes_speaker_after_the_quote(extract):
    claims = _claims(extract, "“We have arrested 45 suspects. Another 12 are being sought,” Armenia's interior minister told reporters.")
    assert _one(claims, 45)["claimant"]["code"] == "ARM"
    assert _one(claims, 12)["claimant"]["code"] == "ARM"


def test_a_count_that_goes_on_keeps_its_source(extract):
    text = ("Ukraine's air force said the overnight wave comprised 120 drones and 30 missiles. "
            "Of these, 100 drones and 20 missiles were intercepted.")
    claims = _claims(extract, text)
    assert [c["claimant"]["code"] for c in claims] == ["UKR"] * 4


def test_a_new_account_does_not_inherit(extract):
    text = ("In Isfahan, state radio said about 60 residents had died. "
            "In Israel, rockets struck Haifa, killing at least three people.")
    claims = _claims(extract, text)
    assert _one(claims, 3)["claimant"] is None


def test_headline_source(extract):
    text = "Raids went on overnight.\n\nIDF: Over 50 targets hit in Gaza since Monday\n\nThe army gave no details."
    claims = _claims(extract, text)
    assert _one(claims, 50)["claimant"]["code"] == "ISR"


def test_whose_envoy_not_where(extract):
    claims = _claims(extract, "According to Iran's U.N. envoy, the bombing killed 78 civilians.", "2025-06-14")
    assert _one(claims, 78)["claimant"]["code"] == "IRN"


def test_a_domestic_office_inside_a_name_speaks_for_the_home_state(extract):
    # the office is a compound inside the name; "he" is that speaker, and
    # his office makes him the state's even though he is not in the tables
    text = ("Gunmen stormed a checkpoint outside Maiduguri in Nigeria. Twelve soldiers died in the assault, "
            "the state prosecutor Musa Bello said. He added that 30 attackers were caught.")
    claims = _claims(extract, text)
    assert _one(claims, 12)["claimant"]["code"] == "NGA"
    assert _one(claims, 30)["claimant"]["code"] == "NGA"


def test_home_state_from_places_where_no_state_acts(extract):
    text = ("Rioting spread through St. Paul, Minnesota, overnight. Police spokeswoman Ann Lind said "
            "21 officers were hurt.")
    assert _one(_claims(extract, text), 21)["claimant"]["code"] == "USA"
    # two states named as often: no home, and the places do not break the tie
    text = ("Serbia and Kosovo traded blame after a shootout near the town of Zvecan. "
            "Police spokesman Ilir Berisha said 4 officers were hurt.")
    assert _one(_claims(extract, text), 4)["claimant"] is None


def test_no_source_no_claimant(extract):
    claims = _claims(extract, "More than 1,500 villagers died in the first quarter of the year.")
    assert _one(claims, 1500)["claimant"] is None


# -- class 4: ranges, estimates, qualifiers ----------------------------------------------------------
def test_spaced_dash_range(extract):
    claims = _claims(extract, "British intelligence put Russian losses at 30,000 – 40,000 troops.")
    c = _one(claims, (30000, 40000))
    assert c["unit"] == "troops" and c["claimant"]["code"] == "GBR"


def test_estimated_at(extract):
    claims = _claims(extract, "The death toll was estimated at 12,400.")
    assert _one(claims, 12400)["unit"] == "deaths"
    claims = _claims(extract, "Police estimated the crowd at 36,000 people.")
    assert _one(claims, 36000)["unit"] == "people"


def test_between_percent_and_qualifiers(extract):
    claims = _claims(extract, "Duties of between 5 and 25 percent will apply, the European Commission said.")
    c = _one(claims, (5, 25))
    assert c["unit"] == "percent" and c["claimant"]["code"] == "EU"
    claims = _claims(extract, "More than 60 people were detained and at least five were injured.")
    assert _one(claims, 60)["qualifier"] == "more than"
    assert _one(claims, 5)["qualifier"] == "at least" and _one(claims, 5)["unit"] == "people"


def test_from_to_is_a_change_not_a_range(extract):
    claims = _claims(extract, "Tariffs rose from 10 to 25 percent.")
    assert sorted(_values(claims)) == [10, 25]


# -- merging tellings --------------------------------------------------------------------------------
def _claim(value, sentence, si, claimant=None, phrase=None, unit="people"):
    return Claim(value=value, unit=unit, subject=unit, claimant=claimant, status="asserted", sentence=sentence,
                 sentence_index=si, span=(0, len(sentence)), claimant_phrase=phrase)


def test_merge_restatements_only():
    a = _claim(1, "The rescue service said a man died in the Odesa region.", 1, phrase="The rescue service")
    b = _claim(1, "The governor said a blast in Rivne killed one man and wounded 25.", 5, phrase="The governor")
    c = _claim(1, "The rescue service said a man died in the Odesa region.", 9, phrase="The rescue service")
    merged = merge_claims([(a, 1), (b, 1), (c, 1)])
    assert len(merged) == 2 and merged[0].mentions == 2


def test_merge_keeps_the_attributed_telling():
    a = _claim(50, "IDF: Over 50 targets hit in Gaza since Monday", 0, unit="strikes")
    b = _claim(50, "The IDF said: over 50 targets hit in Gaza since Monday", 1, phrase="The IDF", unit="airstrikes")
    merged = merge_claims([(a, 1), (b, 1)])
    assert len(merged) == 1 and merged[0].claimant_phrase == "The IDF" and merged[0].mentions == 2
