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
MAX_CANDIDATES = 8
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

    def find_duplicates(self, sigs: list[np.ndarray], ids: list[str]) -> list[str | None]:
        """For each new article, the original it duplicates (an earlier article
        in the corpus or in this batch), or None. One query per batch."""
        keys = {k for sig in sigs for k in bands(sig)}
        stored: dict[str, tuple[np.ndarray, str]] = {}
        by_key: dict[tuple[int, int], set[str]] = {}
        if keys:
            import pyarrow as pa

            probe = pa.table({"band": [k[0] for k in keys], "bucket": pa.array([k[1] for k in keys], type=pa.uint64())})
            self.con.register("_lsh_probe", probe)
            try:
                # candidates sharing a band bucket; the most-matching first, at
                # most MAX_CANDIDATES per bucket (a story syndicated a hundred
                # times need not be compared a hundred times)
                hits = self.con.execute(
                    f"""SELECT band, bucket, list(article_id ORDER BY article_id)[1:{MAX_CANDIDATES}]
                        FROM (SELECT l.band, l.bucket, l.article_id FROM _lsh_probe p
                              JOIN article_lsh l ON l.band = p.band AND l.bucket = p.bucket)
                        GROUP BY band, bucket""").fetchall()
            finally:
                self.con.unregister("_lsh_probe")
            wanted = set()
            for band, bucket, ids_ in hits:
                by_key[(band, bucket)] = set(ids_)
                wanted |= set(ids_)
            if wanted:
                for aid, sig, original in self.con.execute(
                        "SELECT id, minhash, coalesce(duplicate_of, id) FROM articles WHERE id IN (SELECT unnest(?))",
                        [sorted(wanted)]).fetchall():
                    stored[aid] = (np.asarray(sig, dtype=np.uint64), original)
        out: list[str | None] = []
        for sig, aid in zip(sigs, ids):
            cands = set().union(*(by_key.get(k, set()) for k in bands(sig))) - {aid}
            best = None
            for other in sorted(cands):
                if other not in stored:
                    continue
                other_sig, original = stored[other]
                s = similarity(sig, other_sig)
                if s >= THRESHOLD and (best is None or s > best[0]):
                    best = (s, original)
            dup = best[1] if best else None
            out.append(dup)
            # later articles of the same batch can duplicate this one
            stored[aid] = (sig, dup or aid)
            for k in bands(sig):
                by_key.setdefault(k, set()).add(aid)
        return out
