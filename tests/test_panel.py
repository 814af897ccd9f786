"""The panel scorer: exhaustive gold makes precision a measured number, so a
wrong or extra event must cost as surely as a missing one. Built from records
directly (no model), so these run in milliseconds."""

from __future__ import annotations

import json

from flashpoint.model import Actor, ArticleInfo, ArticleResult, Claim, Event, Place
from flashpoint.panel import evaluate_panel, load_panel, relocate, score_article

TEXT = "Russia shelled Kharkiv on Monday. Ukraine said 12 people were killed. Kyiv urged the West to send more air defence."


def _at(word: str) -> list[int]:
    i = TEXT.index(word)
    return [i, i + len(word)]


S1 = (0, TEXT.index(" Ukraine"))
S2 = (TEXT.index("Ukraine"), TEXT.index(" Kyiv"))
S3 = (TEXT.index("Kyiv"), len(TEXT))


def _actor(code: str | None) -> Actor | None:
    return Actor(code, code, code) if code else None


def _event(etype: str, src: str, tgt: str | None, status: str, span: tuple[int, int], eid: str = "e") -> Event:
    return Event(eid, etype, None, "material_conflict", -9.0, status, _actor(src), _actor(tgt), "2024-01-01", None,
                 TEXT[span[0]:span[1]], 0, span, 1, "test")


GOLD = {
    "id": "t1", "published": "2024-01-01", "split": "dev",
    "events": [
        {"type": "ASSAULT", "source": ["RUS"], "target": ["UKR"], "status": "asserted", "spans": [_at("shelled")]},
        {"type": "REQUEST", "alt_types": ["AID"], "source": ["UKR"], "target": ["WST", "NATO"], "status": "asserted",
         "spans": [_at("urged")]},
        {"type": "AID", "source": ["WST"], "target": ["UKR"], "status": "hypothetical", "spans": [_at("send")],
         "optional": True},
    ],
    "claims": [{"value": 12, "unit": "people", "claimant": ["UKR"], "span": _at("12")}],
    "places": [{"name": "Kharkiv", "country": "UKR"}, {"name": "Kyiv", "country": "UKR"}],
}


def _result(events, claims=(), places=()) -> ArticleResult:
    return ArticleResult(ArticleInfo("t1", None, "2024-01-01", None, TEXT), tuple(events), tuple(claims), tuple(places), ())


def test_a_right_event_and_a_missed_one():
    tally, items = score_article(GOLD, _result([_event("ASSAULT", "RUS", "UKR", "asserted", S1)]))
    f = tally.figures()
    assert f["events_out"] == 1 and f["events_gold"] == 2  # the optional event never counts against recall
    assert f["whole_precision"] == 1.0 and f["recall_status"] == 0.5
    assert [i["kind"] for i in items if "claim" not in i["kind"] and "place" not in i["kind"]] == ["missed"]


def test_a_wrong_target_and_a_spurious_event_cost_precision():
    events = [_event("ASSAULT", "RUS", None, "asserted", S1, "a"),  # target missing
              _event("CONSULT", "UKR", "RUS", "asserted", S2, "b")]  # nothing told in that sentence
    tally, items = score_article(GOLD, _result(events))
    f = tally.figures()
    assert f["type_precision"] == 0.5 and f["target_precision"] == 0.0 and f["whole_precision"] == 0.0
    kinds = {i["kind"] for i in items}
    assert "wrong target" in kinds and "spurious" in kinds


def test_a_second_telling_of_a_matched_event_is_wrong():
    events = [_event("ASSAULT", "RUS", "UKR", "asserted", S1, "a"), _event("ASSAULT", "RUS", "UKR", "asserted", S1, "b")]
    f = score_article(GOLD, _result(events))[0].figures()
    assert f["whole_precision"] == 0.5


def test_alternative_types_optional_events_and_status():
    events = [_event("AID", "UKR", "WST", "asserted", S3, "a"),  # an accepted sibling type of the REQUEST
              _event("AID", "WST", "UKR", "hypothetical", S3, "b"),  # the optional content event: right, not required
              _event("ASSAULT", "RUS", "UKR", "hypothetical", S1, "c")]  # wrong status
    f = score_article(GOLD, _result(events))[0].figures()
    assert f["type_precision"] == 1.0 and f["status_precision"] == round(2 / 3, 3)
    assert f["recall_status"] == 0.5  # the ASSAULT was found, with the wrong status


def test_claims_and_places():
    claim = Claim(12, "people", "people", _actor("UKR"), "asserted", TEXT[S2[0]:S2[1]], 1, S2, number_text="12",
                  number_span=tuple(_at("12")))
    wrong = Claim(3, "people", "people", None, "asserted", TEXT[S1[0]:S1[1]], 0, S1, number_text="3", number_span=(0, 1))
    places = [Place("Kharkiv", 50.0, 36.2, "UKR", "city", forms=("Kharkiv",)), Place("Monday", 0.0, 0.0, "USA", "city")]
    f = score_article(GOLD, _result([], [claim, wrong], places))[0].figures()
    assert f["claims_precision"] == 0.5 and f["claimant_right"] == 1.0 and f["claims_recall"] == 1.0
    assert f["places_precision"] == 0.5 and f["places_recall"] == 0.5


def test_a_place_found_under_two_gold_names_finds_both_whatever_the_hash_seed():
    gold = {**GOLD, "places": [{"name": "Karabakh", "country": "AZE"}, {"name": "Nagorno-Karabakh", "country": "AZE"},
                               {"name": "Kharkiv", "country": "UKR"}]}
    place = Place("Nagorno-Karabakh", 39.8, 46.8, "AZE", "region", forms=("Karabakh", "Nagorno-Karabakh"))
    tally, items = score_article(gold, _result([], [], [place]))
    f = tally.figures()
    assert f["places_precision"] == 1.0 and f["places_recall"] == round(2 / 3, 3)
    assert [i["place"] for i in items if i["kind"] == "missed place"] == ["kharkiv"]


def test_the_actors_stage_is_scored_apart():
    from flashpoint.model import ActorCount

    result = ArticleResult(ArticleInfo("t1", None, "2024-01-01", None, TEXT), (), (), (), (ActorCount("RUS", "Russia", 2),))
    f = score_article(GOLD, result)[0].figures()
    assert f["actors_recall"] == 0.5  # RUS named, UKR (the REQUEST's doer) not; the optional WST never counts


def test_gold_offsets_follow_the_cleaned_text():
    raw = "By A Reporter\n" + TEXT
    shelled = _at("shelled")
    moved = relocate({**GOLD, "events": [{**GOLD["events"][0], "spans": [[shelled[0] + 14, shelled[1] + 14]]}]}, raw, TEXT)
    assert moved["events"][0]["spans"] == [shelled]


def test_the_panel_folder_is_read_and_missing_texts_are_named(tmp_path, pipeline):
    (tmp_path / "texts").mkdir()
    rec = {**GOLD, "text_sha256": "0" * 64}
    (tmp_path / "articles.jsonl").write_text(json.dumps(rec) + "\n")
    assert [r["id"] for r in load_panel(tmp_path)] == ["t1"]
    report = evaluate_panel(tmp_path, pipeline)
    assert report.missing == ["t1"] and report.articles == []  # no text: named, never scored as zero
    (tmp_path / "articles.jsonl").write_text(json.dumps({**GOLD}) + "\n")
    (tmp_path / "texts" / "t1.txt").write_text(TEXT)
    report = evaluate_panel(tmp_path, pipeline)
    assert report.missing == [] and report.splits["dev"]["events_gold"] == 2
