"""Issue 14.7: JSON Lines and feeds are read as streams (peak memory flat in
the input's size), and bench needs nothing outside the installed package."""

from __future__ import annotations

import fnmatch
import json
import tomllib
import tracemalloc
from pathlib import Path

import pytest

import flashpoint
from flashpoint.errors import FlashpointError
from flashpoint.inputs import RawArticle, read_path

ROOT = Path(__file__).resolve().parents[1]
BODY = "Poland deployed troops to the border with Belarus, the defence ministry said. " * 12


def _jsonl(path: Path, n: int) -> Path:
    path = path.with_suffix(".jsonl")
    with open(path, "w") as fh:
        for k in range(n):
            fh.write(json.dumps({"id": f"a{k}", "text": BODY, "published": "2022-01-01"}) + "\n")
    return path


def _rss(path: Path, n: int) -> Path:
    path = path.with_suffix(".rss")
    with open(path, "w") as fh:
        fh.write('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>\n')
        for k in range(n):
            fh.write(f"<item><title>T{k}</title><guid>g{k}</guid><pubDate>Tue, 05 Apr 2022 09:30:00 GMT</pubDate>"
                     f"<description>{BODY}</description></item>\n")
        fh.write("</channel></rss>\n")
    return path


def _peak(path: Path) -> tuple[int, int]:
    """(articles read, peak bytes allocated while reading them one by one)."""
    tracemalloc.start()
    try:
        n = sum(1 for item in read_path(path) if isinstance(item, RawArticle))
        return n, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("make", [_jsonl, _rss], ids=["jsonl", "rss"])
def test_peak_memory_is_flat_in_the_input_size(tmp_path, make):
    small = make(tmp_path / "small", 500)
    big = make(tmp_path / "big", 10_000)  # about 10 MB
    n_small, peak_small = _peak(small)
    n_big, peak_big = _peak(big)
    assert (n_small, n_big) == (500, 10_000)
    assert big.stat().st_size > 9_000_000
    # twenty times the input, the same memory: nowhere near the file's size
    assert peak_big < max(3 * peak_small, 1_000_000) and peak_big < big.stat().st_size / 10


def test_a_stream_still_reports_its_bad_lines(tmp_path):
    p = tmp_path / "mixed.jsonl"
    p.write_bytes(b'{"id": "a", "text": "Hello.", "published": "2022-01-01"}\n{broken\n\n'
                  + '{"id": "c", "text": "Caf\u00e9 talks.", "published": "2022-01-02"}\n'.encode("cp1252"))
    items = list(read_path(p))
    assert [getattr(i, "id", None) or i.code for i in items] == ["a", "bad_json", "c"]
    assert items[2].text == "Café talks." and f"{p}:2" in items[1].message
    bad = tmp_path / "bad.rss"
    bad.write_text("<rss><channel><item><title>x</title><description>Talks.</description></item><item>")
    out = list(read_path(bad))
    assert isinstance(out[0], RawArticle) and out[-1].code == "bad_feed"


def test_bench_samples_are_package_data():
    from flashpoint.bench import SAMPLES, make_corpus

    package = Path(flashpoint.__file__).resolve().parent
    assert SAMPLES.resolve().is_relative_to(package)
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["flashpoint"]
    files = [f for f in SAMPLES.rglob("*") if f.is_file()]
    assert len(files) >= 5
    for f in files:  # each would be in a wheel
        rel = f.resolve().relative_to(package).as_posix()
        assert any(fnmatch.fnmatch(rel, g) and rel.count("/") == g.count("/") for g in globs), rel
    assert len(make_corpus(7)) == 7


def test_bench_without_samples_is_a_clear_error(tmp_path):
    from flashpoint.bench import make_corpus

    with pytest.raises(FlashpointError) as exc:
        make_corpus(5, folder=tmp_path)
    assert "no readable sample articles" in str(exc.value)


def test_standard_input_json_lines_are_a_batch(pipeline):
    from typer.testing import CliRunner

    from flashpoint.cli import app

    lines = (json.dumps({"id": "one", "text": "Lithuania expelled the Russian ambassador.", "published": "2022-04-05"}) + "\n"
             + "{broken\n" + json.dumps({"id": "two", "text": "Poland deployed troops to the border.", "date": 1649116800}) + "\n")
    res = CliRunner().invoke(app, ["extract", "-", "--json"], input=lines)
    assert res.exit_code == 1  # the broken line: the run goes on, then says so
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert [o.get("article", {}).get("id") or o["error"]["code"] for o in out] == ["one", "bad_json", "two"]
    assert out[2]["article"]["published"] == "2022-04-05" and "<stdin>:2" in out[1]["error"]["message"]


def test_a_json_lines_line_past_one_articles_limit_is_too_large_and_the_stream_goes_on():
    import io
    import json

    from flashpoint.inputs import MAX_BYTES, iter_jsonl

    good = json.dumps({"id": "a", "text": "Russia attacked Ukraine.", "published": "2022-02-24"}).encode() + b"\n"
    huge = b'{"id": "b", "text": "' + b"x" * (3 * MAX_BYTES) + b'"}\n'
    out = list(iter_jsonl(io.BytesIO(good + huge + good.replace(b'"a"', b'"c"')), "f.jsonl", None))
    assert [getattr(o, "id", None) for o in out] == ["a", None, "c"]
    assert out[1].code == "too_large" and "f.jsonl:2" in out[1].message


def test_bench_times_each_path_in_rounds_and_keeps_the_fastest(monkeypatch):
    import flashpoint.bench as bench

    # the first round is slowed down (5 s a timing), the second is not (1 s)
    steps = iter([5, 5, 5, 1, 1, 1])
    now = [0.0]
    starts: list[bool] = []

    def clock() -> float:
        starts.append(not starts or not starts[-1])
        if not starts[-1]:  # an end of a timing
            now[0] += next(steps)
        return now[0]

    monkeypatch.setattr(bench.time, "perf_counter", clock)
    figures = bench.run_bench(4, repeat=2)
    rows = {r["stage"]: r for r in figures["rows"]}
    assert set(rows) == {"spaCy nlp.pipe alone", "flashpoint extract (clean+parse+code)",
                         "flashpoint extract, rules only (no classifier)"}
    assert all(r["seconds"] == 1.0 and r["ratio"] == 1.0 for r in rows.values()), rows
    assert figures["events"] > 0
