"""Issue 14.5: exits a script can trust. Any unreadable input makes the
exit status non-zero and says how many; a run that stores nothing creates
nothing; export --out never clobbers a file nor makes a folder of a file
name; serve needs nothing a plain install lacks; stats stops counting as
rejected an input stored since."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
GOOD = "Border tensions\n\nPoland deployed troops to the border with Belarus on Monday.\n"


@pytest.fixture(autouse=True)
def _warm(pipeline):
    """The CLI reuses the session's model."""


def test_extract_exits_non_zero_when_any_input_is_unreadable(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    res = runner.invoke(app, ["extract", str(tmp_path / "nosuch.txt"), str(good), "--published", "2022-02-07", "--json"])
    assert res.exit_code == 1
    assert '"MOBILIZE"' in res.stdout  # the readable one is still coded
    assert "1 input(s) could not be read" in res.stderr and "nosuch.txt" in res.stderr
    assert runner.invoke(app, ["extract", str(good), str(good), "--published", "2022-02-07", "--json"]).exit_code == 0


def test_ingest_of_nothing_creates_nothing(tmp_path):
    db = tmp_path / "c.duckdb"
    res = runner.invoke(app, ["ingest", str(tmp_path / "nosuch"), "--db", str(db), "-q"])
    assert res.exit_code == 1 and "1 input(s) could not be read" in res.stderr
    assert "no database created" in res.stdout
    assert not db.exists() and not Path(str(db) + ".wal").exists()


def test_ingest_exits_non_zero_when_any_input_is_unreadable(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    (folder / "empty.txt").write_text("")
    db = tmp_path / "c.duckdb"
    res = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "-q"])
    assert res.exit_code == 1 and "1 stored" in res.stdout and "1 input(s) could not be read" in res.stderr


def test_stats_forgets_a_rejection_once_the_input_is_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    late = folder / "late.txt"
    late.write_text("")
    db = tmp_path / "c.duckdb"
    runner.invoke(app, ["ingest", str(folder), "--db", str(db), "-q"])
    assert '"rejected": 1' in runner.invoke(app, ["stats", "--db", str(db), "--json"]).stdout
    late.write_text("Lithuania expelled the Russian ambassador on Monday.\n")
    res = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "-q"])
    assert res.exit_code == 0, res.output
    assert '"rejected": 0' in runner.invoke(app, ["stats", "--db", str(db), "--json"]).stdout


def test_export_out_paths(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    db = tmp_path / "c.duckdb"
    runner.invoke(app, ["ingest", str(folder), "--db", str(db), "-q"])
    existing = tmp_path / "existing"
    existing.write_text("keep me")
    for fmt in ("parquet", "gdelt"):
        res = runner.invoke(app, ["export", "--db", str(db), "--format", fmt, "--out", str(existing)])
        assert res.exit_code == 2 and "already exists" in res.output and "Traceback" not in res.output
        assert existing.read_text() == "keep me"
    tsv = tmp_path / "events.tsv"
    res = runner.invoke(app, ["export", "--db", str(db), "--format", "gdelt", "--out", str(tsv)])
    assert res.exit_code == 0, res.output
    assert tsv.is_file() and tsv.read_text().strip()
    res = runner.invoke(app, ["export", "--db", str(db), "--format", "parquet", "--out", str(tmp_path / "tables.parquet")])
    assert res.exit_code == 2 and "one file per table" in res.output and not (tmp_path / "tables.parquet").exists()
    res = runner.invoke(app, ["export", "--db", str(db), "--format", "csv", "--out", str(tmp_path / "tables")])
    assert res.exit_code == 0 and (tmp_path / "tables" / "events.csv").is_file()


def _requirement_names(reqs: list[str]) -> set[str]:
    out = set()
    for r in reqs:
        if "extra ==" in r or "extra==" in r:
            continue
        out.add(re.split(r"[\s<>=!~;\[(]", r, maxsplit=1)[0].lower().replace("_", "-"))
    return out


def test_serve_needs_nothing_a_plain_install_lacks():
    """Every module serve.py imports (but the test helper wait_until_up) is
    installed by [project.dependencies] itself or by what they require."""
    deps = _requirement_names(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"])
    assert {"fastapi", "uvicorn"} <= deps
    reachable, todo = set(), list(deps)
    while todo:
        name = todo.pop()
        if name in reachable:
            continue
        reachable.add(name)
        try:
            todo += _requirement_names(metadata.requires(name) or [])
        except metadata.PackageNotFoundError:
            pass
    tree = ast.parse((ROOT / "src" / "flashpoint" / "serve.py").read_text())
    helper = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "wait_until_up")
    skip = {id(n) for n in ast.walk(helper)}
    modules = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            modules |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module.split(".")[0])
    third = {m for m in modules if m not in sys.stdlib_module_names}
    dists = metadata.packages_distributions()
    for m in third:
        assert any(d.lower().replace("_", "-") in reachable for d in dists.get(m, [])), f"serve imports {m}, not a dependency"


def test_extract_out_to_a_missing_folder_is_a_message(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    res = runner.invoke(app, ["extract", str(good), "--out", str(tmp_path / "no" / "such" / "out.jsonl")])
    assert res.exit_code == 2 and "cannot write there" in res.output and "Traceback" not in res.output
