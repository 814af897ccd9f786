"""TF-IDF of words and adjacent word pairs (sublinear tf, l2-normalised).

Written here rather than taken from scikit-learn so that extraction needs only
numpy and the vectors at run time are exactly those the weights were fitted on.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Iterable

import numpy as np

_WORD = re.compile(r"[a-z][a-z'\-]*|\d+")


def terms(text: str) -> list[str]:
    """Words (numbers folded to one token) and adjacent word pairs."""
    words = ["<num>" if w[0].isdigit() else w for w in _WORD.findall(text.lower())]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


class Tfidf:
    def __init__(self, vocab: dict[str, int], idf: np.ndarray) -> None:
        self.vocab = vocab
        self.idf = idf

    @classmethod
    def fit(cls, texts: Iterable[str], min_df: int = 2) -> "Tfidf":
        docs = [set(terms(t)) for t in texts]
        df = Counter(term for d in docs for term in d)
        kept = sorted(t for t, n in df.items() if n >= min_df)
        vocab = {t: i for i, t in enumerate(kept)}
        n = len(docs)
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in kept], dtype=np.float32)
        return cls(vocab, idf)

    def sparse_rows(self, texts: Iterable[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each text as (column indices, weights)."""
        rows = []
        for text in texts:
            counts = Counter(i for t in terms(text) if (i := self.vocab.get(t)) is not None)
            if not counts:
                rows.append((np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)))
                continue
            idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
            w = (1.0 + np.log(tf)) * self.idf[idx]
            rows.append((idx, w / np.linalg.norm(w)))
        return rows

    def matrix(self, texts: Iterable[str]):
        """A scipy CSR matrix (for training; scipy comes with scikit-learn)."""
        from scipy.sparse import csr_matrix

        rows = self.sparse_rows(texts)
        indptr = np.cumsum([0] + [len(i) for i, _ in rows])
        indices = np.concatenate([i for i, _ in rows]) if rows else np.zeros(0, dtype=np.int64)
        data = np.concatenate([w for _, w in rows]) if rows else np.zeros(0, dtype=np.float32)
        return csr_matrix((data, indices, indptr), shape=(len(rows), len(self.vocab)))
