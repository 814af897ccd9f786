"""Place resolution on the gazetteer alone (no parser): the classic traps."""

import pytest

from flashpoint.stages.places import PlaceMention, gazetteer, resolve_mention


@pytest.fixture(scope="module")
def gaz():
    return gazetteer()


def resolve(gaz, text, actors=(), places=(), sentence=(), facility=None, hint=None):
    m = PlaceMention(text, 0, 1, 0, facility, True, hint)
    return resolve_mention(m, {c: 1 for c in actors}, {c: 1 for c in places}, set(sentence), gaz)


def test_brest_next_to_ukraine_is_in_belarus(gaz):
    assert resolve(gaz, "Brest", actors=["RUS", "UKR"]).country == "BLR"
    assert resolve(gaz, "Brest", actors=["FRA"], sentence=["FRA"]).country == "FRA"
    assert resolve(gaz, "Brest", hint="BLR").country == "BLR"


def test_baltimore_airfield_is_not_the_us_city(gaz):
    p = resolve(gaz, "Baltimore", actors=["RUS", "UKR"], facility="airfield")
    assert p.country == "RUS" and p.feature == "airfield"
    # with no alias and no context, an airfield named after a foreign city stays unresolved
    p = resolve(gaz, "Chicago", actors=["RUS"], facility="airfield")
    assert p.lat is None


def test_georgia_is_the_country(gaz):
    assert resolve(gaz, "Georgia", actors=["RUS"]).country == "GEO"


def test_transliterations_and_apostrophes(gaz):
    assert resolve(gaz, "Kiev").name == "Kyiv"
    assert resolve(gaz, "Kharkov").country == "UKR"
    for spelling in ("Yelnya", "Yel'nya", "Yel’nya"):
        p = resolve(gaz, spelling, actors=["RUS"])
        assert p.country == "RUS" and abs(p.lat - 54.58) < 0.05


def test_regions_from_the_alias_table(gaz):
    assert resolve(gaz, "Crimea").country == "UKR"
    assert resolve(gaz, "Donbas").feature == "region"
    assert resolve(gaz, "Dagestan").country == "RUS"


def test_big_city_beats_small_namesake_in_context(gaz):
    assert resolve(gaz, "Vienna", actors=["USA", "RUS"]).country == "AUT"
    assert resolve(gaz, "Geneva", actors=["USA", "RUS"], sentence=["USA"]).country == "CHE"


def test_unknown_name_stays_unresolved(gaz):
    p = resolve(gaz, "Zzyzxqk")
    assert p.lat is None and p.country is None
