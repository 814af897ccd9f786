from flashpoint.stages.actors import lexicon, resolve_entries


def actor(name, date):
    return resolve_entries(tuple(lexicon().entries[name]), name, date)


def test_same_name_resolves_by_date():
    assert actor("Tusk", "2018-03-01").code == "EU"
    assert actor("Tusk", "2024-03-01").code == "POL"
    assert actor("Tusk", "2024-03-01").role == "Prime Minister"
    out = actor("Tusk", "2021-03-01")  # between offices: his state, no office
    assert out.code == "POL" and out.sector is None and out.role.startswith("former")


def test_role_changes_sector():
    assert actor("Shoigu", "2022-02-01").sector == "MIL"
    assert actor("Shoigu", "2024-06-01").role == "Security Council Secretary"
    assert actor("Kallas", "2023-01-01").code == "EST"
    assert actor("Kallas", "2025-01-01").code == "EU"


def test_metonyms_and_blocs():
    assert actor("Kremlin", "2022-01-01").code == "RUS"
    assert actor("Downing Street", "2022-01-01").code == "GBR"
    assert actor("the West", "2022-01-01").code == "WST"
    assert actor("NATO", "2022-01-01").code == "NATO"


def test_office_holder_lookup():
    lex = lexicon()
    assert lex.holder("RUS", "Foreign Minister", "2021-12-07").person == "Sergei Lavrov"
    assert lex.holder("USA", "President", "2021-12-07").person == "Joe Biden"
    assert lex.holder("USA", "President", "2019-12-07").person == "Donald Trump"
    assert lex.holder("UKR", "Defence Minister", "2021-12-07").person == "Oleksii Reznikov"


def test_a_regions_demonym_is_no_states(extract):
    doc = extract("South American nations condemned the attack. West African leaders met in Abuja on Sunday.")
    codes = {e["source"]["code"] for e in doc["events"]}
    assert "USA" not in codes and "WST" not in codes, doc["events"]
