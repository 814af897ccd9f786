"""Every engine stores the same rows: one process, N worker processes, Ray."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from test_store import _corpus as corpus  # noqa: E402
from test_store import snapshot  # noqa: E402

# every corpus here holds one broken line: a run exits 1, having stored the rest

HERE = Path(__file__).parent


def ingest(src: Path, db: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flashpoint.cli", "ingest", str(src), "--db", str(db), "-q", "--batch-size", "4",
                           *extra], capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def local_rows(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("engines")
    src = corpus(tmp, 12)
    db = tmp / "local.duckdb"
    res = ingest(src, db)
    assert res.returncode == 1, res.stderr
    return src, snapshot(db)


@pytest.mark.slow
def test_worker_processes_store_the_same_rows(tmp_path, local_rows):
    src, rows = local_rows
    res = ingest(src, tmp_path / "w2.duckdb", "--workers", "2")
    assert res.returncode == 1, res.stderr
    assert snapshot(tmp_path / "w2.duckdb") == rows


@pytest.mark.slow
def test_ray_engine_stores_the_same_rows(tmp_path, local_rows):
    pytest.importorskip("ray")
    src, rows = local_rows
    res = ingest(src, tmp_path / "ray.duckdb", "--engine", "ray", "--workers", "2")
    assert res.returncode == 1, res.stderr[-3000:]
    assert snapshot(tmp_path / "ray.duckdb") == rows


def test_extract_with_workers_prints_the_same(tmp_path):
    src = corpus(tmp_path, 6)
    one = subprocess.run([sys.executable, "-m", "flashpoint.cli", "extract", str(src), "--json"], capture_output=True, text=True, timeout=600)
    two = subprocess.run([sys.executable, "-m", "flashpoint.cli", "extract", str(src), "--json", "--workers", "2"],
                         capture_output=True, text=True, timeout=600)
    assert one.returncode == 1 and two.returncode == 1, two.stderr
    assert one.stdout == two.stdout and one.stdout.count("\n") == 7


def test_workers_keep_the_no_places_switch(tmp_path):
    src = corpus(tmp_path, 4)
    res = subprocess.run([sys.executable, "-m", "flashpoint.cli", "extract", str(src), "--json", "--workers", "2", "--no-places"],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 1, res.stderr
    import json

    rows = [json.loads(x) for x in res.stdout.splitlines() if x.startswith('{"article"')]
    assert rows and all(r["places"] == [] for r in rows)
