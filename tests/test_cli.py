"""The command line: contract JSON, errors without tracebacks, batches that go on."""

import json

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app

runner = CliRunner()
CONTRACT_EVENT_KEYS = {"id", "type", "mode", "quad", "intensity", "status", "source", "target", "date", "place",
                       "sentence", "sentence_index", "span", "mentions", "evidence"}


@pytest.fixture(autouse=True)
def _warm(pipeline):
    """The CLI reuses the session's model (loaded once per process)."""


def test_extract_one_article_prints_the_contract(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Talks in Vienna\n\nThe Russian foreign minister met his Ukrainian counterpart in Vienna on Monday. "
                 "Ukraine said Russia had massed 90,000 troops near the border. If Russia attacks, the European Union "
                 "will impose sanctions, the bloc warned.\n")
    res = runner.invoke(app, ["extract", str(p), "--published", "2022-02-07", "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert set(d) >= {"article", "events", "claims", "places", "actors"}
    assert d["article"]["title"] == "Talks in Vienna" and d["article"]["published"] == "2022-02-07"
    assert d["events"] and all(CONTRACT_EVENT_KEYS <= set(e) for e in d["events"])
    assert {"value", "unit", "subject", "claimant", "status", "sentence", "sentence_index", "span"} <= set(d["claims"][0])
    assert {"name", "lat", "lon", "country", "feature", "mentions"} <= set(d["places"][0])
    sanction = [e for e in d["events"] if e["type"] == "SANCTION"]
    assert sanction and sanction[0]["status"] == "hypothetical"


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (b"\x00\x01\x02\x03binary\x00\x00", "binary"),
])
def test_bad_single_input_is_a_clear_error(tmp_path, content, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    res = runner.invoke(app, ["extract", str(p), "--published", "2022-02-07", "--json"])
    assert res.exit_code == 2
    assert message in res.output and str(p) in res.output and "Traceback" not in res.output


def test_invalid_date_is_a_clear_error(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Russia massed troops.")
    res = runner.invoke(app, ["extract", str(p), "--published", "2022-02-30"])
    assert res.exit_code == 2 and "not a real date" in res.output and "Traceback" not in res.output
    res = runner.invoke(app, ["extract", str(p), "--override-date", "sometime"])
    assert res.exit_code == 2 and "--override-date" in res.output and "not a date" in res.output


def test_jsonl_batch_goes_on_after_bad_lines(tmp_path):
    p = tmp_path / "b.jsonl"
    p.write_text(json.dumps({"id": "one", "text": "Lithuania expelled the Russian ambassador on Monday.", "published": "2022-04-05"})
                 + "\n{broken\n"
                 + json.dumps({"id": "two", "html": "<html><body><p>Poland deployed troops to the border with Belarus.</p></body></html>", "published": "2021-11-09"})
                 + "\n")
    res = runner.invoke(app, ["extract", str(p), "--json"])
    assert res.exit_code == 1, res.output  # the run goes on, but a script is told one line could not be read
    assert "1 input(s) could not be read" in res.stderr
    lines = [json.loads(x) for x in res.stdout.strip().splitlines()]
    assert [x.get("article", {}).get("id") or x["error"]["code"] for x in lines] == ["one", "bad_json", "two"]
    assert lines[1]["id"] is None and "b.jsonl:2" in lines[1]["error"]["message"]


def test_human_output(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Headline\n\nLithuania expelled the Russian ambassador on Monday.\n")
    res = runner.invoke(app, ["extract", str(p), "--published", "2022-04-05"])
    assert res.exit_code == 0 and "SANCTION" in res.output


def test_eval_command_with_floors(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "x", "date": "2022-04-05", "text": "Lithuania expelled the Russian ambassador.",
                                "event": "SANCTION", "source": [{"code": "LTU"}], "target": [{"code": "RUS"}]}) + "\n")
    res = runner.invoke(app, ["eval", str(gold), "--min-type-recall", "0.9"])
    assert res.exit_code == 0, res.output
    assert "type recall" in res.output and "1.000" in res.output
    gold.write_text(json.dumps({"id": "y", "date": "2022-04-05", "text": "Lithuania expelled the Russian ambassador.",
                                "event": "AID", "source": [{"code": "LTU"}]}) + "\n")
    res = runner.invoke(app, ["eval", str(gold), "--min-type-recall", "0.9"])
    assert res.exit_code == 1 and "floor" in res.output


def test_claims_command_shows_disagreement(tmp_path):
    a = tmp_path / "a.jsonl"
    a.write_text(json.dumps({"id": "kyiv", "published": "2021-12-03", "text": "Ukraine's defence ministry said Russia had massed 94,300 troops near the border."}) + "\n"
                 + json.dumps({"id": "wash", "published": "2021-12-04", "text": "Russia has massed about 70,000 troops near the border, according to US intelligence."}) + "\n")
    res = runner.invoke(app, ["claims", str(a), "--json", "--disputed"])
    assert res.exit_code == 0, res.output
    groups = json.loads(res.stdout)
    troops = [g for g in groups if g["unit"] == "troops"]
    assert troops and troops[0]["disputed"] and {c["claimant"] for c in troops[0]["claims"]} == {"UKR", "USA"}


def test_eval_places_and_claims_from_one_command():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "eval"
    res = runner.invoke(app, ["eval", "--places", str(root / "places_gold.jsonl"), "--claims", str(root / "claims_gold.jsonl"),
                              "--min-place-exact", "0.9", "--min-claim-recall", "0.9"])
    assert res.exit_code == 0, res.output
    assert "places (" in res.output and "claims (" in res.output


def test_extract_with_a_pipeline_configuration(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Russian forces shelled Kharkiv on Monday, killing 12 people.\n")
    cfg = tmp_path / "p.toml"
    cfg.write_text('stages = ["actors", "events", "status", "dates", "records", "merge"]\n')
    res = runner.invoke(app, ["extract", str(art), "--published", "2024-01-01", "--json", "--config", str(cfg)])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["events"] and d["places"] == [] and d["claims"] == []  # no places or claims stage configured
    bad = tmp_path / "bad.toml"
    bad.write_text('stages = ["events"]\n')
    res = runner.invoke(app, ["extract", str(art), "--published", "2024-01-01", "--config", str(bad)])
    assert res.exit_code == 2 and "reads resolver" in res.output
