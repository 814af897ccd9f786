"""``flashpoint train``: the classifier's weights from a data folder.

The folder holds ``PLV_train.tsv`` and ``PLV_test.tsv`` from
github.com/snowood1/Zero-Shot-PLOVER (``datasets/``); the PLOVER development
set (``eval/plover_gsr_dev.jsonl``) is added. Every PLV sentence that overlaps
one of PLOVER's gold standard records is refused (:mod:`.overlap`). The
development set's records are the only gold records ever trained on, and only
inside cross-validation folds that do not score them; the shipped weights are
fitted on PLV alone.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from ..errors import FlashpointError
from .classifier import EventClassifier
from .features import Tfidf
from .overlap import fingerprint, gold_fingerprints, overlaps, pack

PLV_FILES = ("PLV_train.tsv", "PLV_test.tsv")
# PLOVER 2021 names; the development set's older names are read from its event_2021 field
MERGED = {"RETREAT": "YIELD", "CONCEDE": "YIELD"}


class TrainingDataError(FlashpointError):
    code = "bad_training_data"


@dataclass
class Example:
    text: str
    label: str  # PLV's classes: PLOVER 2021 with RETREAT and CONCEDE as YIELD
    origin: str  # "PLV_train.tsv:17", "dev:PLOVER-GSR01-AGREE-0001"
    dev: bool = False


@dataclass
class TrainingSet:
    examples: list[Example]
    refused: list[tuple[str, str]] = field(default_factory=list)  # (origin, gold record id)


def load_plv(folder: Path) -> list[Example]:
    found = [folder / name for name in PLV_FILES if (folder / name).exists()]
    if not found:
        raise TrainingDataError(f"{folder}: no {' or '.join(PLV_FILES)} (from github.com/snowood1/Zero-Shot-PLOVER, datasets/)")
    out = []
    for path in found:
        with open(path, encoding="utf-8", newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh, delimiter="\t"), 2):
                text, label = (row.get("sentence") or "").strip(), (row.get("gold_root") or "").strip()
                if text and label:
                    out.append(Example(text, label, f"{path.name}:{n}"))
    return out


def load_dev(path: Path) -> list[Example]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            label = rec.get("event_2021") or rec["event"]
            out.append(Example(rec["text"], MERGED.get(label, label), f"dev:{rec.get('id')}", dev=True))
    return out


def training_set(folder: Path, dev_path: Path) -> TrainingSet:
    """PLV without the gold records it shares, plus the development set."""
    gold = gold_fingerprints()
    from ..resources import data_path

    with np.load(data_path("classifier/gold_fingerprints.npz")) as z:
        ids = [str(i) for i in z["ids"]]
    kept, refused = [], []
    for ex in load_plv(folder):
        hit = overlaps(fingerprint(ex.text), gold)
        if hit is None:
            kept.append(ex)
        else:
            refused.append((ex.origin, ids[hit]))
    return TrainingSet(kept + load_dev(dev_path), refused)


# -- embeddings, cached by text (embedding 2,000 sentences takes a minute) -----
def embed_cached(texts: Sequence[str], cache: Path | None, embed: Callable[[Sequence[str]], np.ndarray]) -> np.ndarray:
    keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
    known: dict[str, np.ndarray] = {}
    if cache is not None and cache.exists():
        with np.load(cache) as z:
            known = dict(zip((str(k) for k in z["keys"]), z["vectors"]))
    todo = [t for t, k in zip(texts, keys) if k not in known]
    if todo:
        for k, v in zip((hashlib.sha1(t.encode("utf-8")).hexdigest() for t in todo), embed(todo)):
            known[k] = v
        if cache is not None:
            np.savez(cache, keys=np.array(list(known)), vectors=np.stack(list(known.values())))
    return np.stack([known[k] for k in keys])


def fit(texts: Sequence[str], labels: Sequence[str] | np.ndarray, embeddings: np.ndarray, c: float = 10.0,
        embed_scale: float = 1.0, meta: dict | None = None) -> EventClassifier:
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    tfidf = Tfidf.fit(texts)
    x = hstack([tfidf.matrix(texts), csr_matrix(embeddings * embed_scale)]).tocsr()
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
    model.fit(x, list(labels))
    v = len(tfidf.vocab)
    w = model.coef_.T.astype(np.float32)  # (features, classes)
    # the classifier multiplies the embedding by embed_scale itself
    return EventClassifier([str(k) for k in model.classes_], tfidf, w[:v], w[v:], model.intercept_.astype(np.float32),
                           embed_scale, meta)


def folds(n: int, k: int, seed: int = 13) -> list[np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    return [order[i::k] for i in range(k)]


def training_manifest(texts: Sequence[str]) -> dict[str, np.ndarray]:
    """Fingerprints of every training sentence, stored beside the weights so a
    test can prove none is a gold record outside the development set."""
    packed = pack(fingerprint(t) for t in texts)
    return {"train_hashes": packed["hashes"], "train_offsets": packed["offsets"]}


def save(model: EventClassifier, path: Path, texts: Sequence[str]) -> None:
    model.save(path)
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays.update(training_manifest(texts))
    np.savez_compressed(path, **arrays)


# -- the whole job ------------------------------------------------------------
@dataclass
class TrainReport:
    n_plv: int
    n_dev: int
    refused: list[tuple[str, str]]
    classes: list[str]
    cv_classifier: float  # development set, 5-fold: the classifier's own type accuracy
    cv_rules: dict[str, float] = field(default_factory=dict)  # rules alone and rules + classifier, same folds
    cv_per_type: dict[str, dict[str, float]] = field(default_factory=dict)  # the classifier alone, per gold type
    cv_plv: dict[str, float] = field(default_factory=dict)  # PLV sentences, k-fold: rules alone and rules + classifier
    out: str = ""
    sha256: str = ""

    def to_dict(self) -> dict:
        return {"n_plv": self.n_plv, "n_dev": self.n_dev, "refused": len(self.refused), "classes": self.classes,
                "cv_classifier": round(self.cv_classifier, 4), "cv_rules": {k: round(v, 4) for k, v in self.cv_rules.items()},
                "cv_per_type": self.cv_per_type, "cv_plv": {k: round(v, 4) for k, v in self.cv_plv.items()},
                "out": self.out, "sha256": self.sha256}


C = 10.0
EMBED_SCALE = 1.0


def run_training(data_dir: Path, dev_path: Path, out: Path, *, k: int = 5, with_rules: bool = False, plv_cv: bool = False,
                 cache: Path | None = None, embed: Callable[[Sequence[str]], np.ndarray] | None = None,
                 nlp=None, progress: Callable[[str], None] = lambda s: None) -> TrainReport:
    """Build the training set, score by k-fold cross-validation on the
    development set (each fold trained on PLV and the other folds only), then
    fit on PLV alone and write the weights to ``out``: the development set
    trains only inside the folds, so ``flashpoint eval`` on it stays a fair
    score of the shipped pipeline."""
    ts = training_set(data_dir, dev_path)
    texts = [e.text for e in ts.examples]
    labels = np.array([e.label for e in ts.examples])
    dev = [i for i, e in enumerate(ts.examples) if e.dev]
    plv = [i for i, e in enumerate(ts.examples) if not e.dev]
    progress(f"{len(plv)} PLV sentences kept, {len(ts.refused)} refused as gold records, {len(dev)} development sentences")
    if embed is None:
        from .embed import embedder

        embed = embedder()
    vectors = embed_cached(texts, cache, embed)
    progress("sentences embedded")
    hits = 0
    fold_models = []
    predicted = np.empty(len(texts), dtype=object)
    for fold in folds(len(dev), k):
        scored = {dev[j] for j in fold}
        train = plv + [i for i in dev if i not in scored]
        model = fit([texts[i] for i in train], labels[train], vectors[train], C, EMBED_SCALE)
        test = sorted(scored)
        pred = np.array(model.classes)[model.scores([texts[i] for i in test], vectors[test]).argmax(axis=1)]
        hits += int((pred == labels[test]).sum())
        predicted[test] = pred
        fold_models.append((model, [dev.index(i) for i in test]))
    report = TrainReport(len(plv), len(dev), ts.refused, [], hits / max(len(dev), 1))
    for label in sorted(set(labels[dev])):
        rows = [i for i in dev if labels[i] == label]
        said = [i for i in dev if predicted[i] == label]
        right = sum(predicted[i] == label for i in rows)
        report.cv_per_type[str(label)] = {"support": len(rows), "recall": round(right / len(rows), 3),
                                          "precision": round(right / len(said), 3) if said else 0.0}
    progress(f"classifier alone, {k}-fold on the development set: {report.cv_classifier:.3f}")
    if with_rules:
        report.cv_rules = _cv_with_rules(dev_path, fold_models, nlp)
        progress("rules and rules + classifier scored on the same folds")
    if plv_cv:
        report.cv_plv = _cv_on_plv(texts, labels, vectors, plv, dev, k, nlp)
        progress("PLV sentences scored by folds that never trained on them")
    final = fit([texts[i] for i in plv], labels[plv], vectors[plv], C, EMBED_SCALE,
                meta={"n_plv": len(plv), "n_dev": len(dev), "refused": len(ts.refused), "c": C, "embed_scale": EMBED_SCALE,
                      "cv_classifier": round(report.cv_classifier, 4), "cv_rules": report.cv_rules})
    report.classes = final.classes
    save(final, out, [texts[i] for i in plv])
    report.out = str(out)
    report.sha256 = hashlib.sha256(out.read_bytes()).hexdigest()
    return report


def _cv_on_plv(texts: list[str], labels: np.ndarray, vectors: np.ndarray, plv: list[int], dev: list[int], k: int,
               nlp=None) -> dict[str, float]:
    """Type accuracy on PLV sentences (which the rules were never tuned on) of
    the rules alone and of rules + classifier, each fold's classifier trained
    on the other folds and the development set. A YIELD sentence is right as
    RETREAT or CONCEDE."""
    from ..config import PipelineConfig
    from ..evaluate import main_event
    from ..inputs import RawArticle
    from ..pipeline import Pipeline

    rules = Pipeline(nlp=nlp, config=PipelineConfig().without("classify"))
    both = Pipeline(nlp=rules.nlp)

    def right(pipe, idx: list[int]) -> int:
        raws = [RawArticle(f"plv:{i}", text=texts[i], published="2019-01-01") for i in idx]
        n = 0
        for i, res in zip(idx, pipe.run(raws)):
            main = main_event(list(getattr(res, "events", [])))
            got = main.type if main is not None else None
            n += got == labels[i] or (labels[i] == "YIELD" and got in ("RETREAT", "CONCEDE"))
        return n

    alone = with_model = 0
    for fold in folds(len(plv), k):
        test = [plv[j] for j in fold]
        held = set(test)
        train = [i for i in plv if i not in held] + dev
        both.ctx._cache["classifier"] = fit([texts[i] for i in train], labels[train], vectors[train], C, EMBED_SCALE)
        alone += right(rules, test)
        with_model += right(both, test)
    return {"rules_type": alone / len(plv), "with_classifier_type": with_model / len(plv)}


def _cv_with_rules(dev_path: Path, fold_models: list, nlp=None) -> dict[str, float]:
    """Type recall and type+source of the rules alone and of rules + classifier
    on the development set, each sentence scored by the fold model that never
    trained on it."""
    from ..config import PipelineConfig
    from ..evaluate import evaluate_records
    from ..pipeline import Pipeline

    records = [json.loads(line) for line in dev_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rules = Pipeline(nlp=nlp, config=PipelineConfig().without("classify"))
    both = Pipeline(nlp=rules.nlp)
    alone = evaluate_records(records, rules)
    n = len(records)
    hits = hits_src = 0.0
    for model, idx in fold_models:
        both.ctx._cache["classifier"] = model
        part = evaluate_records([records[i] for i in idx], both)
        hits += part.type_recall * len(idx)
        hits_src += part.type_source * len(idx)
    return {"rules_type": alone.type_recall, "rules_type_source": alone.type_source,
            "with_classifier_type": hits / n, "with_classifier_type_source": hits_src / n}
