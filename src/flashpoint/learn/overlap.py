"""Keeping PLOVER's gold standard records out of training data.

About 260 sentences of the PLV training set are also PLOVER gold records
(sometimes cut or re-punctuated), and half of those records are the unseen
test of this project. A training sentence is refused when most of its
content words are those of a gold record: ``containment`` (shared content
words over the smaller set) of at least ``THRESHOLD``, with at least
``MIN_SHARED`` words in common.

Gold records are kept as fingerprints (sorted crc32 of their content words)
in ``data/classifier/gold_fingerprints.npz`` so the check, and its test, run
without the records' text.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np

from ..resources import data_path

THRESHOLD = 0.5  # the scores are bimodal: copies at 0.9-1.0, unrelated sentences below 0.5
MIN_SHARED = 4
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    text = data_path("classifier/function_words.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


def fingerprint(text: str) -> np.ndarray:
    """Sorted unique crc32 of a sentence's content words."""
    skip = function_words()
    words = {w for w in _WORD.findall(text.lower()) if w not in skip}
    return np.array(sorted(zlib.crc32(w.encode()) for w in words), dtype=np.uint32)


def containment(a: np.ndarray, b: np.ndarray) -> tuple[float, int]:
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / min(len(a), len(b)), shared


def overlaps(fp: np.ndarray, gold: Sequence[np.ndarray]) -> int | None:
    """Index of the first gold fingerprint ``fp`` overlaps, else None."""
    for i, g in enumerate(gold):
        share, shared = containment(fp, g)
        if share >= THRESHOLD and shared >= MIN_SHARED:
            return i
    return None


def pack(fps: Iterable[np.ndarray]) -> dict[str, np.ndarray]:
    """Fingerprints as two flat arrays (for an .npz)."""
    fps = list(fps)
    return {"hashes": np.concatenate(fps) if fps else np.zeros(0, dtype=np.uint32),
            "offsets": np.cumsum([0] + [len(f) for f in fps]).astype(np.int64)}


def unpack(hashes: np.ndarray, offsets: np.ndarray) -> list[np.ndarray]:
    return [hashes[offsets[i] : offsets[i + 1]] for i in range(len(offsets) - 1)]


@lru_cache(maxsize=1)
def gold_fingerprints() -> list[np.ndarray]:
    with np.load(data_path("classifier/gold_fingerprints.npz")) as z:
        return unpack(z["hashes"], z["offsets"])
