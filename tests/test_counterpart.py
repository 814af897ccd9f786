"""The story's parties as targets of acts that name no one on the other end
(stage "counterpart")."""

from collections import Counter

import pytest

from flashpoint.stages.counterpart import story_parties, story_rules


def test_two_parties_are_the_pair_the_acts_join():
    counts = Counter({"ISR": 9, "SYR": 7, "USA": 2})
    pairs = Counter({("ISR", "SYR"): 3, ("SYR", "USA"): 1})
    assert story_parties(counts, pairs, story_rules()) == ("ISR", "SYR")


def test_a_state_named_only_for_reference_is_no_party():
    # Georgia's protest story names Russia often ("a Russian-style law") but no act joins them
    counts = Counter({"GEO": 10, "RUS": 4})
    assert story_parties(counts, Counter(), story_rules()) == ()
    # an act pair outside the most named actors is no story dyad either
    counts = Counter({"GEO": 10, "RUS": 4, "EU": 3, "USA": 2})
    assert story_parties(counts, Counter({("FRA", "USA"): 3}), story_rules()) == ()


def test_a_tie_between_pairs_leaves_the_story_open():
    counts = Counter({"RUS": 6, "UKR": 5, "EU": 5})
    pairs = Counter({("RUS", "UKR"): 2, ("EU", "RUS"): 2})
    assert story_parties(counts, pairs, story_rules()) == ()


def test_a_tie_is_broken_by_the_two_actors_that_carry_the_story():
    # one act each joins Poland to Lithuania and to Russia; Poland and Russia
    # carry the article, Lithuania is named now and then
    counts = Counter({"POL": 17, "RUS": 12, "LTU": 5, "UKR": 4, "UN": 2})
    pairs = Counter({("LTU", "POL"): 1, ("POL", "RUS"): 1})
    assert story_parties(counts, pairs, story_rules()) == ("POL", "RUS")
    # no two actors carry it (the third is named nearly as often): still open
    counts = Counter({"POL": 17, "RUS": 12, "LTU": 10})
    assert story_parties(counts, pairs, story_rules()) == ()


def test_outsiders_reactions_do_not_dissolve_the_story_of_the_two_that_carry_it():
    # Turkey's offensive in Syria joins the two once; the EU's condemnation and
    # NATO's call join outsiders to Turkey once each
    counts = Counter({"SYR": 22, "TUR": 18, "IMG": 4, "USA": 4, "NATO": 3, "EU": 1})
    pairs = Counter({("SYR", "TUR"): 1, ("EU", "TUR"): 1, ("NATO", "TUR"): 1})
    assert story_parties(counts, pairs, story_rules()) == ("SYR", "TUR")
    # without two actors that carry the article, a pair one act in three joins is no story
    counts = Counter({"SYR": 10, "TUR": 9, "NATO": 8, "EU": 8})
    assert story_parties(counts, pairs, story_rules()) == ()


def test_one_state_with_nearly_all_mentions_is_a_domestic_story():
    assert story_parties(Counter({"SRB": 12, "EU": 1}), Counter(), story_rules()) == ("SRB",)
    assert story_parties(Counter({"SRB": 6, "EU": 3}), Counter(), story_rules()) == ()


def _events(doc):
    return {(e["type"], e["source"]["code"], e["target"]["code"] if e["target"] else None, e["status"]) for e in doc["events"]}


def test_an_act_deep_in_a_two_sided_story_is_aimed_at_the_other_party(extract):
    doc = extract("Israeli jets struck Syrian army positions near Damascus on Monday. "
                  "Syria condemned Israel for the raids. "
                  "Israel's defence minister vowed to attack again. "
                  "Israeli drones later hit a convoy on the highway.")
    got = _events(doc)
    assert {("THREATEN", "ISR", "SYR", "asserted"), ("ASSAULT", "ISR", "SYR", "planned"),
            ("ASSAULT", "ISR", "SYR", "asserted")} <= got, got
    told = [e for e in doc["events"] if e["trigger"] == "hit"]
    assert "the story's other party" in told[0]["evidence"]


def test_no_guess_where_the_act_names_others(extract):
    got = _events(extract("Israeli jets struck Syrian army positions near Damascus on Monday. "
                          "Syria condemned Israel for the raids. "
                          "Israel warned other countries not to interfere."))
    assert not any(t == "THREATEN" and s == "ISR" and tg == "SYR" for t, s, tg, _ in got), got


def test_a_reference_state_is_not_the_target_of_a_crackdown(extract):
    doc = extract("Thousands rallied in Tbilisi against a bill that critics call a Russian-style law. "
                  "Riot police fired tear gas at the crowd outside parliament in Tbilisi. "
                  "Opponents say the law mirrors Russian legislation used against critics of the Kremlin. "
                  "Georgia's president said she would veto the law.")
    assert ("ASSAULT", "GEO", "GEO", "asserted") in _events(doc)
    guessed = [e for e in doc["events"] if "story's" in e["evidence"]]
    assert not any(e["target"]["code"] == "RUS" for e in guessed), guessed


def test_a_launch_with_no_one_hit_is_a_show_of_force_outside_a_war(extract):
    got = _events(extract("North Korea fired two short-range ballistic missiles on Thursday, South Korea's military said. "
                          "The United States called on Pyongyang to stop its provocations."))
    assert ("MOBILIZE", "PRK", None, "asserted") in got, got
    assert not any(t == "ASSAULT" for t, *_ in got), got


def test_in_a_war_a_launch_stays_the_attack(extract):
    got = _events(extract("Russian forces shelled Kharkiv on Monday. Ukraine's army struck a Russian depot. "
                          "Russia fired ten missiles overnight."))
    assert not any(t == "MOBILIZE" for t, *_ in got), got


def test_a_weapons_test_is_aimed_at_no_one_even_in_a_two_sided_story(extract):
    doc = extract("The United States condemned North Korea's latest launch. Washington called on Pyongyang to return to talks. "
                  "North Korea fired two ballistic missiles toward the East Sea on Thursday.")
    launches = [e for e in doc["events"] if e["trigger"] == "fired"]
    assert launches and all(e["type"] == "MOBILIZE" and e["target"] is None for e in launches), launches


def test_a_story_at_home_codes_its_unnamed_government_courts_and_people(extract):
    got = _events(extract("Nepal's government faced its worst unrest in decades this week in Kathmandu. "
                          "Thousands of young people took to the streets of Kathmandu on Monday. "
                          "The prime minister resigned on Tuesday after the protests. "
                          "A court sentenced the opposition leader to 14 years in prison. "
                          "The government imposed a curfew in Kathmandu."))
    assert ("PROTEST", "NPL", "NPL", "asserted") in got, got
    assert any(t == "RETREAT" and s == "NPL" for t, s, _, _ in got), got
    assert any(t == "SANCTION" and s == "NPL" for t, s, _, _ in got), got
    assert ("COERCE", "NPL", "NPL", "asserted") in got, got


def test_an_unnamed_government_in_a_story_between_states_is_not_guessed_as_home(extract):
    got = _events(extract("Ukraine said Russian forces shelled Kharkiv overnight. Russia denied it. "
                          "The government in Kyiv said the army repelled the attack. "
                          "The prime minister resigned on Tuesday."))
    assert not any(t == "RETREAT" for t, *_ in got), got


def test_without_a_pair_of_parties_most_mentions_make_a_domestic_story():
    # a protest story that also names the two countries its leader did not visit
    assert story_parties(Counter({"BGD": 9, "ESP": 2, "BRA": 2}), Counter(), story_rules()) == ("BGD",)
    # a pair the acts join still wins
    assert story_parties(Counter({"ISR": 9, "LBN": 3, "SYR": 2}), Counter({("ISR", "LBN"): 2}), story_rules()) == ("ISR", "LBN")
    # but not a pair whose second party the article barely names: a South
    # Sudan story that names Sudan twice is South Sudan's own
    assert story_parties(Counter({"SSD": 17, "COD": 3, "SDN": 2}), Counter({("SDN", "SSD"): 3}), story_rules()) == ("SSD",)
    # and a second actor named often leaves it open
    assert story_parties(Counter({"GEO": 10, "RUS": 4}), Counter(), story_rules()) == ()


def test_acts_that_did_not_happen_join_no_parties(extract):
    doc = extract("Kenya's president called off plans to fly to Germany and Italy next week for official visits. "
                  "He has scrapped his trips to Germany and Italy because of the unrest, his spokesman said. "
                  "Police in Nairobi banned all marches after protests spread to six towns. Police fired tear gas at "
                  "students in Nairobi on Saturday. Authorities cut mobile internet services across Kenya.", "2024-06-20")
    got = _events(doc)
    assert not any(t in ("DEU", "ITA") for typ, s, t, st in got if typ != "CONSULT"), got
    assert any(typ == "ASSAULT" and s == "KEN" and t == "KEN" for typ, s, t, st in got), got


def test_an_act_told_with_no_doer_takes_it_from_the_story(extract):
    home = ("Protesters marched through Dhaka on Monday. Police fired tear gas at students in Dhaka. "
            "Protesters burned buses in Chittagong, police in Bangladesh said. Officials in Dhaka imposed a curfew. "
            "Two more students were shot dead in Chittagong on Tuesday.")
    got = _events(extract(home, "2024-07-20"))
    assert ("ASSAULT", "BGD", "BGD", "asserted") in got, got
    war = ("Israeli jets struck Hezbollah positions in southern Lebanon on Monday. Hezbollah fired rockets at northern Israel. "
           "Israel said it would keep striking Lebanon. Lebanon condemned the Israeli strikes. "
           "Five Lebanese civilians were killed in Nabatieh on Tuesday.")
    got = _events(extract(war, "2024-09-20"))
    assert ("ASSAULT", "ISR", "LBN", "asserted") in got, got


def test_no_doer_is_guessed_outside_a_clear_story_nor_for_results(extract):
    # three states, no pair: the killed have no doer to take
    doc = extract("France, Italy and Spain met in Rome. Two people were killed in Lyon on Monday.", "2024-07-20")
    assert not any(t == "ASSAULT" for t, *_ in _events(doc)), _events(doc)
    # injuries are the result of an act told already, not a new one
    doc = extract("Protesters marched through Dhaka on Monday. Police fired tear gas at students in Dhaka. "
                  "Officials in Dhaka imposed a curfew. Police in Bangladesh arrested dozens. "
                  "Nine students and 14 officers were wounded in Sylhet.", "2024-07-20")
    assert sum(1 for t, *_ in _events(doc) if t == "ASSAULT") == 1, _events(doc)
    # nor for a toll over a period
    doc = extract("Protesters marched through Dhaka on Monday. Police fired tear gas at students in Dhaka. "
                  "Officials in Dhaka imposed a curfew. Police in Bangladesh arrested dozens. "
                  "Some 800 people were killed or wounded in Bangladesh over the past two months.", "2024-07-20")
    assert sum(1 for t, *_ in _events(doc) if t == "ASSAULT") == 1, _events(doc)


def test_one_act_joining_the_two_actors_that_carry_the_story_makes_them_its_parties():
    counts = Counter({"VEN": 11, "GUY": 6, "RUS": 2, "UKR": 2, "GBR": 2})
    assert story_parties(counts, Counter({("GUY", "VEN"): 1}), story_rules()) == ("GUY", "VEN")
    # not where a third actor is named nearly as often as the second
    counts = Counter({"VEN": 11, "GUY": 6, "BRA": 5})
    assert story_parties(counts, Counter({("GUY", "VEN"): 1}), story_rules()) == ()


@pytest.mark.parametrize("text,expected", [
    ("Guyana insists Essequibo's frontiers were settled by an arbitration panel in 1899.", ("REJECT", "GUY", None, "asserted")),
    ("Pakistani security forces rescued 155 hostages in Balochistan.", ("ASSAULT", "PAK", "PAK", "asserted")),
])
def test_insisting_on_a_position_and_rescuing_by_force(extract, text, expected):
    assert expected in _events(extract(text, "2024-07-20"))


def test_a_parliament_approving_its_own_bill_agrees_with_no_one(extract):
    got = _events(extract("Russia's parliament approved a bill to make the occupied region a Russian province.", "2024-07-20"))
    assert not any(t == "AGREE" for t, *_ in got), got


def test_an_outsiders_call_in_a_two_sided_story_is_aimed_at_its_parties(extract):
    doc = extract("Pakistani forces struck Afghan border posts on Saturday. Afghanistan accused Pakistan of violating its airspace. "
                  "Afghan forces fired on Pakistani troops near Torkham. Pakistan said Afghanistan shelters militants. "
                  "China urged restraint on Sunday.", "2025-10-12")
    got = _events(doc)
    assert any(t == "REQUEST" and s == "CHN" and tg in ("AFG", "PAK") for t, s, tg, st in got), got


def test_in_a_two_sided_story_a_victims_state_does_not_attack_itself(extract):
    story = ("US warships struck Houthi targets in Yemen on Monday. The Houthis fired missiles at US ships in the Red Sea. "
             "The United States vowed more strikes on Yemen. Yemen's Houthis threatened US forces. ")
    got = _events(extract(story + "A Maltese-flagged tanker was hit by a drone in the Gulf of Aden on Wednesday.", "2024-01-16"))
    assert not any(t == "ASSAULT" and s == "MLT" for t, s, *_ in got), got
    # while violence at the story's home stays its own factions'
    home = ("Protests spread across Georgia on Saturday. The EU condemned Georgia's crackdown. "
            "Georgian police detained dozens in Tbilisi. The EU urged Georgia to free the protesters. ")
    got = _events(extract(home + "Georgian police clashed with protesters in Tbilisi.", "2024-12-01"))
    assert not any(t == "ASSAULT" and s == "EU" for t, s, *_ in got), got


def test_the_doers_own_side_is_no_target(extract):
    story = ("Uganda sent troops to South Sudan on Monday. South Sudan thanked Uganda for its support. "
             "Uganda pledged to defend South Sudan's government. South Sudan and Uganda signed a security pact. ")
    got = _events(extract(story + "Uganda's leader flew to Juba days after deploying Ugandan soldiers to guard the city.", "2025-03-20"))
    assert not any(t == "MOBILIZE" and s == "UGA" and tg == "UGA" for t, s, tg, st in got), got


def test_summoning_an_envoy_is_a_protest_and_curfews_at_home_fall_on_the_own_people(extract):
    story = ("Sudanese forces killed South Sudanese nationals in Wad Madani. South Sudan condemned Sudan. "
             "Sudan's army said the killings were isolated. Riots broke out in Juba, South Sudan, on Friday. "
             "South Sudan's foreign ministry summoned the Sudanese ambassador on Saturday. "
             "The government in Juba imposed a curfew on Sunday.")
    got = _events(extract(story, "2025-01-20"))
    assert ("ACCUSE", "SSD", "SDN", "asserted") in got, got
    assert not any(t == "REQUEST" and s == "SSD" for t, s, *_ in got), got
    assert any(t == "COERCE" and s == "SSD" and tg == "SSD" for t, s, tg, st in got), got


def test_a_state_named_bare_restricting_at_home_acts_on_its_own_people(extract):
    # the story's own people are a target of their own, not the doer's mention read twice
    story = ("Kenya imposes curfew, shuts down internet as protests spread\n\n"
             "Police in Nairobi fired tear gas at protesters on Tuesday. Kenyan police arrested dozens of demonstrators. "
             "Kenya's interior minister said the curfew would last a week. Protesters in Mombasa blocked roads. "
             "Kenyan officials said the internet would be restored on Friday.")
    doc = extract(story, "2024-06-26")
    at_home = [e for e in doc["events"] if e["type"] == "COERCE" and e["trigger"] in ("imposes", "shuts")]
    assert {e["trigger"] for e in at_home} == {"imposes", "shuts"}, _events(doc)
    assert all(e["source"]["code"] == "KEN" and e["target"]["code"] == "KEN" for e in at_home)


def test_a_state_named_bare_that_threatens_is_not_aimed_at_its_own_people(extract):
    story = ("Iranian police arrested three activists in Tehran. Iran's judiciary charged the activists on Monday. "
             "Iranian courts sentenced a journalist. Police in Tehran detained protesters. "
             "Iran threatened harsh consequences.")
    got = _events(extract(story, "2025-08-28"))
    assert not any(t == "THREATEN" and s == "IRN" and tg == "IRN" for t, s, tg, _ in got), got


def test_two_states_that_carry_the_whole_article_are_its_parties_without_a_joint_act():
    counts = Counter({"ETH": 14, "ERI": 10})
    assert story_parties(counts, Counter(), story_rules()) == ("ERI", "ETH")
    # a state named once beside the story's own is no party
    assert story_parties(Counter({"ZWE": 3, "ZAF": 1}), Counter(), story_rules()) != ("ZAF", "ZWE")
    # nor is a pair when others share the article
    assert story_parties(Counter({"ETH": 8, "ERI": 6, "EGY": 4, "SOM": 3}), Counter(), story_rules()) == ()


def test_an_outsiders_call_into_a_story_at_home_is_aimed_at_its_state(extract):
    text = ("Rival Libyan armed groups clashed in Tripoli on Friday. Libyan police sealed roads in the capital. "
            "Residents of Tripoli fled the fighting in Libya. The UN mission urged restraint.")
    evs = [e for e in extract(text, "2024-06-01")["events"] if e["type"] == "REQUEST"]
    assert [(e["source"]["code"], e["target"]["code"] if e["target"] else None) for e in evs] == [("UN", "LBY")]
    # a call aimed at others in general stays without the story's state
    text = text.replace("urged restraint", "urged member states to help")
    evs = [e for e in extract(text, "2024-06-01")["events"] if e["type"] == "REQUEST"]
    assert [e["target"] for e in evs] == [None]
