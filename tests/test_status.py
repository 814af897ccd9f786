"""Status: an event that is only feared, conditional, planned or denied must
never come out as asserted."""

import pytest


def events(extract, text, etype=None):
    return [e for e in extract(text)["events"] if etype is None or e["type"] == etype]


def statuses(extract, text, etype):
    return {e["status"] for e in events(extract, text, etype)}


@pytest.mark.parametrize("text", [
    "If Russia invades Ukraine, the West will impose sanctions.",
    "Should Russia invade, NATO would respond.",
    "Officials fear that Russia could invade Ukraine within weeks.",
    "Ukraine warned of a possible Russian invasion.",
    "In the event of a Russian invasion, Washington would send more troops to Poland.",
    "Biden warned Putin that Russia would face sanctions if it invaded Ukraine.",
    "Russia has never intended to attack Ukraine, Peskov said.",
    "The Kremlin denied plans to invade Ukraine.",
    "Russia has denied planning to attack Ukraine.",
    "Russia may be preparing to attack Ukraine, US officials warned.",
])
def test_feared_conditional_or_denied_assault_is_not_asserted(extract, text):
    found = statuses(extract, text, "ASSAULT")
    assert found, f"no ASSAULT coded in: {text}"
    assert "asserted" not in found


@pytest.mark.parametrize("text,etype,status", [
    ("Russia seized Crimea in 2014.", "ASSAULT", "asserted"),
    ("Russian forces attacked Kharkiv on Thursday.", "ASSAULT", "asserted"),
    ("Russia has never intended to attack anyone.", "ASSAULT", "negated"),
    ("The Kremlin denied plans to invade Ukraine.", "ASSAULT", "negated"),
    ("If Russia invades Ukraine, the European Union will impose sanctions.", "SANCTION", "hypothetical"),
    ("The European Union will impose new sanctions on Belarus next week.", "SANCTION", "planned"),
    ("China said it would impose tariffs on US goods.", "SANCTION", "planned"),
    ("Russia plans to withdraw its troops from the border.", "RETREAT", "planned"),
    ("Russia has not withdrawn its troops from the border.", "RETREAT", "negated"),
    ("NATO fears Russia could withdraw its troops.", "RETREAT", "hypothetical"),
    ("Armenia said it would not withdraw its troops until Azerbaijan pulled back.", "RETREAT", "hypothetical"),
])
def test_status(extract, text, etype, status):
    found = statuses(extract, text, etype)
    assert status in found, f"{text}: {etype} has {found}"


def test_the_warning_itself_is_asserted(extract):
    evs = events(extract, "Biden warned Putin that Russia would face severe sanctions if it invaded Ukraine.")
    threat = [e for e in evs if e["type"] == "THREATEN"]
    assert threat and threat[0]["status"] == "asserted"
    assert threat[0]["source"]["code"] == "USA" and threat[0]["target"]["code"] == "RUS"
    sanction = [e for e in evs if e["type"] == "SANCTION"]
    assert sanction and sanction[0]["status"] == "hypothetical" and sanction[0]["target"]["code"] == "RUS"


def test_status_cue_is_reported(extract):
    e = events(extract, "Russia has never intended to attack Ukraine.", "ASSAULT")[0]
    assert e["status_cue"] == "never" and "never" in e["evidence"]


@pytest.mark.parametrize("text,etype", [
    ("Biden to visit Israel as Gaza war rages", "CONSULT"),
    ("EU to impose new sanctions on Russia", "SANCTION"),
    ("Russia to withdraw troops from Kherson, Shoigu says", "RETREAT"),
])
def test_a_headline_infinitive_is_what_is_to_come(extract, text, etype):
    assert statuses(extract, text, etype) == {"planned"}


def test_an_infinitive_of_purpose_or_request_is_no_headline(extract):
    assert statuses(extract, "Israel struck Gaza on Monday to punish Hamas.", "ASSAULT") == {"asserted"}
    assert "planned" not in statuses(extract, "The EU asked Russia to withdraw its troops.", "RETREAT")


def test_yet_to_act_has_not_acted(extract):
    assert statuses(extract, "Russia has yet to withdraw its troops from Belarus.", "RETREAT") == {"negated"}


def test_an_acts_own_purpose_is_told_as_done_a_nouns_purpose_is_meant(extract):
    assert statuses(extract, "The EU approved a plan to sanction Russian banks.", "SANCTION") == {"planned"}


def test_a_participle_on_a_plan_is_no_part_of_the_plan(extract):
    assert statuses(extract, "The peace plan, rejected by Kyiv, was drafted in Moscow.", "REJECT") == {"asserted"}
    assert statuses(extract, "Russia announced plans to withdraw troops from Kherson.", "RETREAT") == {"planned"}


def test_what_a_call_for_someone_to_act_asks_is_not_done(extract):
    doc = extract("Hungary called for the EU to drop the sanctions.")
    got = {(e["type"], e["source"]["code"], e["target"]["code"] if e["target"] else None, e["status"]) for e in doc["events"]}
    assert ("REQUEST", "HUN", "EU", "asserted") in got, got
    assert not any(t == "CONCEDE" and st == "asserted" for t, _, _, st in got), got
    doc = extract("Bangladeshi students called for Prime Minister Sheikh Hasina to resign.")
    assert not any(e["type"] == "RETREAT" and e["status"] == "asserted" for e in doc["events"]), doc["events"]


def test_a_visit_or_talks_postponed_or_cancelled_did_not_happen(extract):
    for text in ("The US secretary of state postponed a scheduled visit to Beijing.",
                 "Russia cancelled talks with Ukraine."):
        got = [(e["type"], e["status"]) for e in extract(text)["events"]]
        assert ("CONSULT", "negated") in got and not any(t == "SANCTION" for t, _ in got), (text, got)
