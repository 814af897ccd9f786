"""Shared fixtures. The spaCy pipeline is loaded once per session; tests that
need it take the ``pipeline`` fixture and are marked ``model``."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GOLD = ROOT / "eval" / "plover_gsr_dev.jsonl"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite tests/golden/*.json from the current output instead of comparing.")


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture(scope="session")
def pipeline():
    from flashpoint.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def extract(pipeline):
    """extract(text, published="2022-02-07") -> the article's dict."""
    from flashpoint import RawArticle, to_dict

    def run(text: str, published: str = "2022-02-07") -> dict:
        return to_dict(pipeline.extract(RawArticle("test", text=text, published=published)))

    return run


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory, pipeline) -> Path:
    """The sample articles and the merge cases ingested once, for the API and
    dashboard tests (which read it, and write only to copies of it)."""
    from flashpoint.inputs import iter_inputs
    from flashpoint.store import ingest_articles

    path = tmp_path_factory.mktemp("corpus") / "c.duckdb"
    ingest_articles(iter_inputs([SAMPLES, ROOT / "tests" / "data" / "merge"], "2022-02-23"), path, pipeline=pipeline)
    return path


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "pipeline" in getattr(item, "fixturenames", ()) or "extract" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.model)
