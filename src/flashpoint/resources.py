"""Bundled data files (rules and dictionaries), read once per process."""

from __future__ import annotations

import csv
import json
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path

DATA = resources.files("flashpoint") / "data"


def data_path(name: str) -> Path:
    return Path(str(DATA / name))


@lru_cache(maxsize=None)
def load_toml(name: str) -> dict:
    with open(data_path(name), "rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=None)
def load_json(name: str) -> dict:
    with open(data_path(name), encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=None)
def load_tsv(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated data file; lines starting with '#' are comments.
    Trailing empty columns are kept so optional fields stay addressable."""
    rows = []
    with open(data_path(name), encoding="utf-8", newline="") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            rows.append(tuple(c.strip() for c in next(csv.reader([line.rstrip("\n")], delimiter="\t"))))
    return tuple(rows)


def split_list(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()] if cell else []


@lru_cache(maxsize=None)
def plover_types() -> dict:
    return load_json("plover_types.json")["types"]


def intensity(event_type: str, mode: str | None) -> float:
    info = plover_types()[event_type]
    if mode and mode in info["modes"]:
        return float(info["modes"][mode])
    return float(info["score"])


@lru_cache(maxsize=None)
def words(section: str, key: str) -> frozenset:
    """A word list of ``lexicon.toml``: one definition of each concept."""
    return frozenset(load_toml("lexicon.toml")[section][key])
