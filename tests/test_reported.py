"""Reported hostile acts are the speaker's accusations (stage "reported")."""


def _events(doc):
    return {(e["type"], e["source"]["code"], e["target"]["code"] if e["target"] else None, e["status"]) for e in doc["events"]}


def test_a_party_reporting_anothers_attack_accuses_it(extract):
    got = _events(extract("Hamas says Israel targeted a location where a hostage is being held.", "2025-01-20"))
    assert ("ACCUSE", "PSE", "ISR", "asserted") in got, got
    assert any(t == "ASSAULT" and s == "ISR" for t, s, *_ in got), got


def test_no_accusation_from_attribution_own_acts_or_denied_acts(extract):
    # an unnamed official's attribution
    got = _events(extract("A Russian official said Ukraine had launched about 90 drones at Moscow overnight.", "2025-06-14"))
    assert not any(t == "ACCUSE" for t, *_ in got), got
    # the speaker's own side's act
    got = _events(extract("Russia's defence ministry said its forces shot down 30 Ukrainian drones.", "2025-06-14"))
    assert not any(t == "ACCUSE" for t, *_ in got), got
    # a monitor's report
    got = _events(extract("OCHA says settlers attacked Palestinians in the West Bank.", "2025-06-14"))
    assert not any(t == "ACCUSE" and s == "UN" for t, s, *_ in got), got
    # a denial is the speech act
    got = _events(extract("Eritrea denied that Ethiopian troops attacked Tigray.", "2025-06-14"))
    assert not any(t == "ACCUSE" and s == "ERI" for t, s, *_ in got), got
