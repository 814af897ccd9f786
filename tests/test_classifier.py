"""The learned event classifier: its training data never holds a PLOVER gold
record, training refuses one, and the stage adds only what the rules miss."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pytest

from flashpoint.learn.classifier import EventClassifier, shipped, yield_type
from flashpoint.learn.features import Tfidf
from flashpoint.learn.overlap import fingerprint, gold_fingerprints, overlaps, unpack
from flashpoint.resources import data_path

GOLD = Path(__file__).resolve().parents[1] / "eval" / "plover_gsr_dev.jsonl"

DEV = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_no_training_sentence_is_a_gold_record():
    """Every sentence the shipped weights were fitted on, checked against all
    322 PLOVER gold records (the development set's included: the shipped
    weights are fitted on PLV alone)."""
    with np.load(data_path("classifier/event_types.npz")) as z:
        train = unpack(z["train_hashes"], z["train_offsets"])
        meta = json.loads(str(z["meta"]))
    gold = gold_fingerprints()
    assert len(gold) == 322
    assert len(train) == meta["n_plv"] > 1500
    hits = [i for i, fp in enumerate(train) if overlaps(fp, gold) is not None]
    assert hits == []


@pytest.mark.parametrize("edit", [
    lambda s: s,
    lambda s: s.lower(),
    lambda s: "WASHINGTON (Reuters) - " + s,
    lambda s: s.rsplit(" ", 3)[0],  # cut short
    lambda s: re.sub(r"[,.;]", "", s).replace('"', "'"),
])
def test_overlap_check_finds_edited_gold_sentences(edit):
    gold = gold_fingerprints()
    found = sum(overlaps(fingerprint(edit(rec["text"])), gold) is not None for rec in DEV[:40])
    assert found == 40


def test_overlap_check_passes_unrelated_sentences():
    gold = gold_fingerprints()
    for text in ("Kenyan police fired tear gas at students marching on parliament in Nairobi.",
                 "The central bank raised interest rates by half a point to curb inflation."):
        assert overlaps(fingerprint(text), gold) is None


def test_tfidf_rows_match_the_training_matrix():
    texts = ["Troops shelled the town.", "The town was shelled again by troops.", "Talks resumed in Doha."]
    tf = Tfidf.fit(texts, min_df=1)
    m = tf.matrix(texts).toarray()
    for row, (idx, w) in zip(m, tf.sparse_rows(texts)):
        dense = np.zeros(len(tf.vocab), dtype=np.float32)
        dense[idx] = w
        assert np.allclose(row, dense)
        assert abs(np.linalg.norm(row) - 1) < 1e-5


def test_yield_splits_into_retreat_and_concede():
    assert yield_type("the rebels withdrew from the town".split()) == "RETREAT"
    assert yield_type("the government eased curbs on the press".split()) == "CONCEDE"


def _fake_embed(texts):
    """A stand-in for MiniLM in training tests: a vector from the words."""
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for k, t in enumerate(texts):
        for w in t.lower().split():
            out[k, int(hashlib.md5(w.encode()).hexdigest(), 16) % 384] += 1
    return out / np.clip(np.linalg.norm(out, axis=1, keepdims=True), 1e-9, None)


def _plv_file(folder: Path, rows: list[tuple[str, str]]) -> None:
    lines = ["\tsentence_id\tsentence\tgold_root"] + [f"{k}\t{k}\t{s}\t{label}" for k, (s, label) in enumerate(rows)]
    (folder / "PLV_train.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


SYNTHETIC = [
    ("Army units shelled the rebel town at dawn.", "ASSAULT"),
    ("Jets bombed militant bases near the border.", "ASSAULT"),
    ("Gunmen attacked a police post overnight.", "ASSAULT"),
    ("The minister met his counterpart in Geneva.", "CONSULT"),
    ("The two leaders held talks in Ankara.", "CONSULT"),
    ("The envoy visited Cairo for consultations.", "CONSULT"),
    ("Thousands marched against the new law.", "PROTEST"),
    ("Students rallied outside parliament.", "PROTEST"),
    ("Workers went on strike over unpaid wages.", "PROTEST"),
]


def test_training_refuses_gold_records_and_writes_usable_weights(tmp_path):
    from flashpoint.learn.train import run_training

    pytest.importorskip("sklearn")
    smuggled = DEV[3]["text"]
    _plv_file(tmp_path, SYNTHETIC + [(smuggled, "AGREE")])
    dev = tmp_path / "dev.jsonl"
    dev.write_text("\n".join(json.dumps(r) for r in DEV[:12]) + "\n", encoding="utf-8")
    out = tmp_path / "w.npz"
    report = run_training(tmp_path, dev, out, k=3, embed=_fake_embed)
    assert [origin for origin, _ in report.refused] == ["PLV_train.tsv:11"]
    assert report.refused[0][1] == DEV[3]["id"]
    model = EventClassifier.load(out)
    assert set(model.classes) == {"ASSAULT", "CONSULT", "PROTEST"}  # fitted on PLV alone
    pred = model.scores(["Artillery shelled the rebel town."], _fake_embed(["Artillery shelled the rebel town."]))
    assert model.classes[int(pred.argmax())] == "ASSAULT"
    with np.load(out) as z:
        assert len(unpack(z["train_hashes"], z["train_offsets"])) == len(SYNTHETIC)


def test_training_data_folder_must_hold_plv(tmp_path):
    from flashpoint.learn.train import TrainingDataError, training_set

    with pytest.raises(TrainingDataError, match="PLV_train.tsv"):
        training_set(tmp_path, GOLD)


# -- with the embedding model ----------------------------------------------------
def test_embeddings_are_unit_vectors_that_keep_meaning():
    from flashpoint.learn.embed import embedder

    v = embedder()(["Troops shelled the town.", "Soldiers fired artillery at the village.",
                    "The central bank cut interest rates."])
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.1


@pytest.mark.parametrize("text,etype", [
    ("Thousands of demonstrators marched through the capital demanding new elections.", "PROTEST"),
    ("Artillery units bombarded rebel positions outside the city overnight.", "ASSAULT"),
    ("The foreign minister held talks with his Turkish counterpart in Ankara.", "CONSULT"),
])
def test_shipped_classifier_reads_plain_cases(text, etype):
    assert shipped().predict([text])[0].type == etype


# -- the stage ------------------------------------------------------------------
@pytest.mark.model
def test_classifier_codes_a_paraphrase_the_rules_miss(extract, pipeline):
    from flashpoint import RawArticle
    from flashpoint.config import PipelineConfig
    from flashpoint.pipeline import Pipeline

    text = "Kenya's president heaped praise on Ethiopia for the peace deal."
    events = extract(text)["events"]
    assert [(e["type"], e["source"]["code"], e["target"]["code"], e["status"]) for e in events] == [
        ("SUPPORT", "KEN", "ETH", "asserted")]
    assert events[0]["evidence"].startswith("classifier (p=")
    rules = Pipeline(nlp=pipeline.nlp, config=PipelineConfig().without("classify"))
    assert not rules.extract(RawArticle("t", text=text, published="2024-05-01")).events


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "The Kremlin has not issued any statement about the visit.",  # 'not' is no refusal
    "Militia leaders said in a statement that a survey found many homes were destroyed.",  # 'said' attacks no one
    "Chile, a leading copper exporter, has a large role in world metal markets.",  # no act
])
def test_classifier_adds_nothing_without_an_act(extract, text):
    assert extract(text)["events"] == []
