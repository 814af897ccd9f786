"""Every engine stores the same rows: one process, N worker processes, Ray."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from test_store import snapshot  # noqa: E402

HERE = Path(__file__).parent


def corpus(tmp_path: Path, n: int = 12) -> Path:
    from flashpoint.bench import make_corpus

    path = tmp_path / "corpus.jsonl"
    with open(path, "w") as fh:
        for a in make_corpus(n):
            fh.write(json.dumps({"id": a.id, "text": a.text, "published": a.published, "title": a.title}) + "\n")
        fh.write("{broken\n")
    return path


def ingest(src: Path, db: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flashpoint.cli", "ingest", str(src), "--db", str(db), "-q", "--batch-size", "4",
                           *extra], capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def local_rows(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("engines")
    src = corpus(tmp)
    db = tmp / "local.duckdb"
    res = ingest(src, db)
    assert res.returncode == 0, res.stderr
    return src, snapshot(db)


@pytest.mark.slow
def test_worker_processes_store_the_same_rows(tmp_path, local_rows):
    src, rows = local_rows
    res = ingest(src, tmp_path / "w2.duckdb", "--workers", "2")
    assert res.returncode == 0, res.stderr
    assert snapshot(tmp_path / "w2.duckdb") == rows


@pytest.mark.slow
def test_ray_engine_stores_the_same_rows(tmp_path, local_rows):
    pytest.importorskip("ray")
    src, rows = local_rows
    res = ingest(src, tmp_path / "ray.duckdb", "--engine", "ray", "--workers", "2")
    assert res.returncode == 0, res.stderr[-3000:]
    assert snapshot(tmp_path / "ray.duckdb") == rows


def test_extract_with_workers_prints_the_same(tmp_path):
    src = corpus(tmp_path, 6)
    one = subprocess.run([sys.executable, "-m", "flashpoint.cli", "extract", str(src), "--json"], capture_output=True, text=True, timeout=600)
    two = subprocess.run([sys.executable, "-m", "flashpoint.cli", "extract", str(src), "--json", "--workers", "2"],
                         capture_output=True, text=True, timeout=600)
    assert one.returncode == 0 and two.returncode == 0, two.stderr
    assert one.stdout == two.stdout and one.stdout.count("\n") == 7
