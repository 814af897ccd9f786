"""Issue 14.4: output that reads at 80 columns and when piped; --format
table|json|jsonl|csv on extract, stats and claims (--json kept); a progress
bar with a total and an ETA where the input's size is known."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from flashpoint import cli
from flashpoint.cli import app
from flashpoint.inputs import input_bytes, iter_inputs
from flashpoint.progress import ProgressBar
from flashpoint.store import ingest_articles

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
BUILDUP = SAMPLES / "01_buildup_yelnya.txt"


@pytest.fixture
def narrow(monkeypatch):
    """Standard output as a pipe or an 80-column terminal gives it."""
    monkeypatch.setattr(cli.out, "width", 80)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, pipeline):
    db = tmp_path_factory.mktemp("out") / "c.duckdb"
    ingest_articles(iter_inputs([SAMPLES], "2022-02-23"), db, pipeline=pipeline)
    return db


def _fits(text: str, width: int = 80) -> None:
    lines = text.splitlines()
    assert lines and max(len(x) for x in lines) <= width, [x for x in lines if len(x) > width][:3]


def test_extract_table_reads_at_80_columns(narrow):
    res = runner.invoke(app, ["extract", str(BUILDUP), "--published", "2022-02-23"])
    assert res.exit_code == 0, res.output
    d = json.loads(runner.invoke(app, ["extract", str(BUILDUP), "--published", "2022-02-23", "--json"]).stdout)
    _fits(res.stdout)
    # two lines an event, not a column a character: no code or type is broken across lines
    assert len(res.stdout.splitlines()) <= 2 * len(d["events"]) + 40
    for e in d["events"]:
        assert e["type"] in res.stdout and e["source"]["code"] in res.stdout
    long = max((e["sentence"] for e in d["events"]), key=len)
    assert len(long) > 80 and long[:40] in res.stdout and "…" in res.stdout  # shortened, and says so


def test_stats_and_claims_tables_read_at_80_columns(narrow, corpus):
    res = runner.invoke(app, ["stats", "--db", str(corpus)])
    assert res.exit_code == 0, res.output
    _fits(res.stdout)
    assert "MOBILIZE" in res.stdout and "most widely reported events" in res.stdout
    res = runner.invoke(app, ["claims", "--db", str(corpus)])
    assert res.exit_code == 0, res.output
    _fits(res.stdout)


def test_extract_formats(tmp_path):
    base = ["extract", str(BUILDUP), "--published", "2022-02-23"]
    one = json.loads(runner.invoke(app, base + ["--json"]).stdout)
    assert json.loads(runner.invoke(app, base + ["--format", "json"]).stdout) == one
    lines = runner.invoke(app, base + ["--format", "jsonl"]).stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0]) == one
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, base + ["--format", "csv"]).stdout)))
    assert len(rows) == len(one["events"])
    assert [(r["type"], r["status"], r["source_code"], r["date"]) for r in rows] == \
        [(e["type"], e["status"], e["source"]["code"], e["date"]) for e in one["events"]]
    res = runner.invoke(app, base + ["--format", "yaml"])
    assert res.exit_code == 2 and "--format must be one of table, json, jsonl, csv" in res.output
    res = runner.invoke(app, base + ["--format", "csv", "--json"])
    assert res.exit_code == 2 and "--json means --format json" in res.output


def test_stats_and_claims_formats(corpus):
    s = json.loads(runner.invoke(app, ["stats", "--db", str(corpus), "--json"]).stdout)
    assert s == json.loads(runner.invoke(app, ["stats", "--db", str(corpus), "--format", "json"]).stdout)
    assert s["articles"] > 5 and s["top_clusters"] and isinstance(s["top_clusters"][0][3], str)
    rows = [json.loads(x) for x in runner.invoke(app, ["stats", "--db", str(corpus), "--format", "jsonl"]).stdout.splitlines()]
    assert {"section": "totals", "name": "events", "value": s["events"]} in rows
    by_type = [r for r in rows if r["section"] == "events_by_type_status"]
    assert sum(r["value"] for r in by_type) == s["events"]
    table = list(csv.DictReader(io.StringIO(runner.invoke(app, ["stats", "--db", str(corpus), "--format", "csv"]).stdout)))
    assert len(table) == len(rows) and table[0]["section"] == "totals"
    groups = json.loads(runner.invoke(app, ["claims", "--db", str(corpus), "--format", "json"]).stdout)
    flat = [json.loads(x) for x in runner.invoke(app, ["claims", "--db", str(corpus), "--format", "jsonl"]).stdout.splitlines()]
    assert len(flat) == sum(len(g["claims"]) for g in groups) > 0
    assert all(isinstance(r["value_low"], float) and r["value_low"] <= r["value_high"] for r in flat)
    table = list(csv.DictReader(io.StringIO(runner.invoke(app, ["claims", "--db", str(corpus), "--format", "csv"]).stdout)))
    assert len(table) == len(flat) and {"unit", "claimant", "value_low", "value_high"} <= set(table[0])


def test_progress_has_a_total_and_an_eta(tmp_path):
    p = tmp_path / "b.jsonl"
    p.write_text("".join(json.dumps({"id": str(k), "text": f"Poland deployed {k} troops.", "published": "2022-01-01"}) + "\n"
                         for k in range(200)))
    total = input_bytes([p, SAMPLES])
    assert total == p.stat().st_size + sum(f.stat().st_size for f in SAMPLES.iterdir() if f.is_file())
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120)
    with ProgressBar(console, total, "reading") as bar:
        items = list(iter_inputs([p, SAMPLES], progress=bar.read))
        assert bar.done == total  # every byte counted: the bar reaches its end exactly
    assert len(items) > 200
    shown = screen.getvalue()
    assert "100%" in shown and "ETA" in shown
