"""The shipped event-type classifier: a multinomial logistic regression over
TF-IDF terms and a MiniLM sentence embedding, stored as one ``.npz``.

``flashpoint train`` writes the file; :class:`EventClassifier` reads it and
gives, for each sentence, a probability per PLOVER type. The training data
(PLV) has one class YIELD for PLOVER's RETREAT and CONCEDE; which of the two a
YIELD sentence is comes from ``data/classifier/labels.toml``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from ..resources import data_path, load_toml
from .features import Tfidf

DEFAULT_WEIGHTS = "classifier/event_types.npz"


@dataclass
class Prediction:
    type: str
    p: float
    probs: dict[str, float]


class EventClassifier:
    def __init__(self, classes: Sequence[str], tfidf: Tfidf, w_terms: np.ndarray, w_embed: np.ndarray,
                 bias: np.ndarray, embed_scale: float, meta: dict | None = None) -> None:
        self.classes = list(classes)
        self.tfidf = tfidf
        self.w_terms = w_terms.astype(np.float32)
        self.w_embed = w_embed.astype(np.float32)
        self.bias = bias.astype(np.float32)
        self.embed_scale = float(embed_scale)
        self.meta = meta or {}
        self._embedder: Callable[[Sequence[str]], np.ndarray] | None = None

    # -- storage --------------------------------------------------------
    def save(self, path: str | Path) -> None:
        vocab = sorted(self.tfidf.vocab, key=self.tfidf.vocab.__getitem__)
        np.savez_compressed(path, classes=np.array(self.classes), vocab=np.array(vocab), idf=self.tfidf.idf,
                            w_terms=self.w_terms.astype(np.float16), w_embed=self.w_embed, bias=self.bias,
                            embed_scale=np.float32(self.embed_scale), meta=np.array(json.dumps(self.meta)))

    @classmethod
    def load(cls, path: str | Path) -> "EventClassifier":
        with np.load(path, allow_pickle=False) as z:
            vocab = {str(t): i for i, t in enumerate(z["vocab"])}
            return cls([str(c) for c in z["classes"]], Tfidf(vocab, z["idf"]), z["w_terms"], z["w_embed"],
                       z["bias"], float(z["embed_scale"]), json.loads(str(z["meta"])))

    # -- use --------------------------------------------------------------
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if self._embedder is None:
            from .embed import embedder

            self._embedder = embedder()
        return self._embedder(texts)

    def scores(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        """Class probabilities, one row per text."""
        if not texts:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        emb = self.embed(texts) if embeddings is None else embeddings
        logits = emb @ self.w_embed * self.embed_scale + self.bias
        for row, (idx, w) in enumerate(self.tfidf.sparse_rows(texts)):
            if len(idx):
                logits[row] += w @ self.w_terms[idx]
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, texts: Sequence[str], lemmas: Sequence[Sequence[str]] | None = None) -> list[Prediction]:
        out = []
        for k, row in enumerate(self.scores(texts)):
            best = int(row.argmax())
            label = self.classes[best]
            if label == "YIELD":
                label = yield_type(lemmas[k] if lemmas is not None else texts[k].lower().split())
            out.append(Prediction(label, float(row[best]), {c: float(v) for c, v in zip(self.classes, row)}))
        return out


def yield_type(lemmas: Sequence[str]) -> str:
    """RETREAT where the sentence withdraws, releases, disarms, stops firing or
    resigns; CONCEDE otherwise (eases, allows, apologises, gives in)."""
    words = set(load_toml("classifier/labels.toml")["yield"]["retreat_lemmas"])
    return "RETREAT" if any(w.lower() in words for w in lemmas) else "CONCEDE"


@lru_cache(maxsize=4)
def shipped(path: str | None = None) -> EventClassifier:
    return EventClassifier.load(path or data_path(DEFAULT_WEIGHTS))
