"""Whole sample articles against golden files, and the invariants every
output keeps (offsets point at the text, repeats are counted not repeated).

Golden files change only on purpose: ``pytest --update-golden``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flashpoint import to_dict
from flashpoint.inputs import iter_inputs
from flashpoint.model import ErrorRecord

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

GOLDEN = Path(__file__).parent / "golden"
SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.is_file())


def project(article: dict) -> dict:
    """The parts of an output a reviewer checks, in a diff-friendly shape."""
    return {
        "id": article["article"]["id"],
        "title": article["article"]["title"],
        "events": [
            f"{e['type']}/{e['mode'] or '-'} {e['status']} {e['source']['code']}->{e['target']['code'] if e['target'] else '-'}"
            f" {e['date']} x{e['mentions']} @{e['sentence_index']} place={(e['place'] or {}).get('name')}"
            for e in article["events"]],
        "claims": [
            f"{c['qualifier'] + ' ' if c['qualifier'] else ''}{c['value']} {c['unit']} | {c['subject']} | "
            f"{c['claimant']['code'] if c['claimant'] else c['claimant_phrase']} | {c['status']}"
            for c in article["claims"]],
        "places": [f"{p['name']} {p['country']} {p['feature']} x{p['mentions']}" for p in article["places"]],
    }


@pytest.fixture(scope="module")
def outputs(pipeline):
    out = {}
    for path in SAMPLE_FILES:
        out[path.name] = [r for r in pipeline.run(iter_inputs([path], "2022-02-23"))]
    return out


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_golden(outputs, path, update_golden):
    got = [project(to_dict(r)) if not isinstance(r, ErrorRecord) else {"error": r.code} for r in outputs[path.name]]
    gold_file = GOLDEN / (path.name + ".json")
    if update_golden or not gold_file.exists():
        if not update_golden:
            pytest.fail(f"no golden file {gold_file.name}: run pytest --update-golden and review it")
        gold_file.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    expected = json.loads(gold_file.read_text(encoding="utf-8"))
    assert got == expected


def test_offsets_point_at_the_text(outputs):
    n = 0
    for results in outputs.values():
        for r in results:
            if isinstance(r, ErrorRecord):
                continue
            text = r.article.text
            for e in r.events:
                assert text[e.span[0]:e.span[1]] == e.sentence
                assert len(e.also_in_spans) == len(e.also_in)
                for (a, b) in e.also_in_spans:
                    assert 0 <= a < b <= len(text) and (a, b) != tuple(e.span)
                assert e.span[0] <= e.trigger_span[0] < e.trigger_span[1] <= e.span[1]
                assert text[e.trigger_span[0]:e.trigger_span[1]] == e.trigger
                n += 1
            for c in r.claims:
                assert text[c.span[0]:c.span[1]] == c.sentence
                assert text[c.number_span[0]:c.number_span[1]] == c.number_text
    assert n > 100


def first(outputs, name):
    return next(r for r in outputs[name] if not isinstance(r, ErrorRecord))


def test_no_feared_conditional_or_denied_event_is_asserted(outputs):
    r = first(outputs, "01_buildup_yelnya.txt")
    for e in r.events:
        if e.type == "ASSAULT" and e.status == "asserted":
            assert "seized Crimea" in e.sentence, e.sentence
    crimea = [e for e in r.events if e.type == "ASSAULT" and "seized Crimea" in e.sentence]
    assert crimea and crimea[0].status == "asserted" and crimea[0].date == "2014-01-01"
    assert any(e.type == "ASSAULT" and e.status == "negated" for e in r.events)
    assert any(e.type == "ASSAULT" and e.status == "hypothetical" for e in r.events)


def test_repeats_are_counted_not_duplicated(outputs):
    r = first(outputs, "08_belarus_border.txt")
    gas = [e for e in r.events if e.type == "ASSAULT" and e.mode == "crowd-control"]
    assert len(gas) == 1 and gas[0].mentions == 2
    assert r.article.text.count("Polish border guards used tear gas") == 1
    r = first(outputs, "05_tbilisi_protest.txt")
    protests = [e for e in r.events if e.type == "PROTEST" and e.mode == "demo"]
    assert len(protests) == 1 and protests[0].mentions >= 2
    r = first(outputs, "01_buildup_yelnya.txt")
    yelnya = [p for p in r.places if p.name == "Yelnya"]
    assert yelnya and yelnya[0].mentions == 3  # the caption appears three times
    # the bullet summary restates the body: one event, two tellings
    mob = [e for e in r.events if e.type == "MOBILIZE" and e.source.code == "RUS" and e.status == "asserted"]
    assert mob[0].mentions >= 2


def test_place_traps_in_articles(outputs):
    r = first(outputs, "01_buildup_yelnya.txt")
    by_name = {p.name: p for p in r.places}
    assert by_name["Brest"].country == "BLR"
    assert by_name["Voronezh Baltimor air base"].country == "RUS"
    assert "Baltimore" not in by_name or by_name["Baltimore"].country != "USA"
    r = first(outputs, "05_tbilisi_protest.txt")
    assert {p.country for p in r.places if p.name == "Tbilisi"} == {"GEO"}


def test_claims_with_claimants(outputs):
    r = first(outputs, "01_buildup_yelnya.txt")
    by_value = {c.value if not isinstance(c.value, list) else tuple(c.value): c for c in r.claims}
    assert by_value[94300].unit == "troops" and by_value[94300].claimant.code == "UKR"
    c = by_value[175000]
    assert c.qualifier == "up to" and c.claimant.code == "USA" and c.status == "hypothetical"
    r = first(outputs, "08_belarus_border.txt")
    rng = [c for c in r.claims if c.number_text == "3,000 to 4,000"]
    assert rng and tuple(rng[0].value) == (3000, 4000) and rng[0].unit == "migrants" and rng[0].mentions == 1
    assert rng[0].claimant.code == "POL" and rng[0].claimant_phrase == "Polish officials"
    gas = [c for c in r.claims if c.number_text == "about 100"]
    assert gas[0].mentions == 2 and gas[0].qualifier == "about"  # its paragraph is repeated


def test_bad_lines_in_a_batch_become_error_records(outputs):
    results = outputs["10_batch.jsonl"]
    errors = [r for r in results if isinstance(r, ErrorRecord)]
    assert [e.code for e in errors] == ["no_text", "bad_date", "bad_json"]
    assert sum(not isinstance(r, ErrorRecord) for r in results) == 3
