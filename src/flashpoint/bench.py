"""``flashpoint bench``: extraction speed next to spaCy's own parse of the
same texts, measured side by side in one run.

The corpus is built from the bundled sample articles; each copy is made
distinct (its numbers and the order of its paragraphs change) so that no
cache can skip work. Figures are ratios of throughputs measured in the same
process, so they travel between machines better than seconds do.
"""

from __future__ import annotations

import random
import re
import resource
import time
from pathlib import Path

from .errors import FlashpointError
from .inputs import RawArticle, iter_inputs
from .model import ArticleResult
from .resources import data_path

# package data, so that bench runs from an installed package as from a checkout
SAMPLES = data_path("samples")


def sample_articles(folder: Path = SAMPLES) -> list[RawArticle]:
    return [a for a in iter_inputs([folder]) if isinstance(a, RawArticle)]


def make_corpus(n: int, seed: int = 7, folder: Path = SAMPLES) -> list[RawArticle]:
    """n distinct plain-text articles made from the samples."""
    from .errors import InputError
    from .pipeline import prepare_article

    base = []
    for raw in sample_articles(folder):
        try:
            p = prepare_article(raw)
        except InputError:
            continue  # a sample that cannot be read is simply not used
        if p.published is not None:  # the samples that carry their own date, the corpus bench has always used
            base.append(p)
    if not base:
        raise FlashpointError(f"no readable sample articles in {folder}; bench builds its corpus from them", source=str(folder))
    rng = random.Random(seed)
    out = []
    for k in range(n):
        p = base[k % len(base)]
        paras = p.clean.text.split("\n\n")
        head, rest = paras[:1], paras[1:]
        rng.shuffle(rest)
        # an edition line keeps even a short, number-free article distinct
        text = "\n\n".join(head + rest + [f"Crisis desk edition {k + 1}."])
        text = re.sub(r"\d[\d,]*", lambda m: f"{int(m.group().replace(',', '')) + k + 1:,}", text)
        out.append(RawArticle(f"bench-{k}", text=text, published=p.published, id=f"bench-{k}", title=p.title))
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_bench(n: int = 200, *, batch_size: int = 16, ingest_db: str | None = None, workers: int = 1, repeat: int = 3) -> dict:
    """Time spaCy's own parse, flashpoint's extraction and (where the
    pipeline has the classifier) the rules alone, on one generated corpus.
    The three are timed in turn ``repeat`` times and each keeps its fastest
    round: on a shared machine the other processes slow a round down, never
    speed it up, so the fastest rounds are the comparable ones."""
    from .pipeline import Pipeline

    corpus = make_corpus(n)
    pipe = Pipeline(batch_size=batch_size)
    nlp = pipe.nlp
    texts = [a.text or "" for a in corpus]  # make_corpus gives every article its text
    words = sum(len(t.split()) for t in texts)
    # warm up both paths once (model weights, gazetteer, lexicon)
    list(pipe.run(corpus[:4]))
    rows = []

    rules = None
    if "classify" in pipe.config.stages:
        # the same extraction without the learned classifier: what the model costs
        rules = Pipeline(nlp, batch_size=batch_size, config=pipe.config.without("classify"))
        list(rules.run(corpus[:4]))
    spacy_s = fp_s = rules_s = float("inf")
    n_events = 0
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
        spacy_s = min(spacy_s, time.perf_counter() - t0)
        t0 = time.perf_counter()
        n_events = sum(len(r.events) for r in pipe.run(corpus) if isinstance(r, ArticleResult))
        fp_s = min(fp_s, time.perf_counter() - t0)
        if rules is not None:
            t0 = time.perf_counter()
            sum(1 for _ in rules.run(corpus))
            rules_s = min(rules_s, time.perf_counter() - t0)
    rows.append(_row("spaCy nlp.pipe alone", spacy_s, n, words, spacy_s))
    rows.append(_row("flashpoint extract (clean+parse+code)", fp_s, n, words, spacy_s))
    if rules is not None:
        rows.append(_row("flashpoint extract, rules only (no classifier)", rules_s, n, words, spacy_s))

    if workers > 1:
        # the same engine with 1 and with N workers, start-up included
        from .parallel import run_processes
        from .pipeline import prepare_all

        one_s = None
        for w in (1, workers):
            t0 = time.perf_counter()
            sum(1 for _ in run_processes(prepare_all(corpus), w, batch_size=batch_size))
            par_s = time.perf_counter() - t0
            one_s = one_s or par_s
            row = _row(f"flashpoint extract, {w} worker process{'es' if w > 1 else ''}", par_s, n, words, spacy_s)
            row["speedup_over_1"] = one_s / par_s
            rows.append(row)

    if ingest_db is not None:
        from .store import ingest_articles

        t0 = time.perf_counter()
        ingest_articles(corpus, ingest_db, pipeline=pipe)
        ing_s = time.perf_counter() - t0
        rows.append(_row("flashpoint ingest (extract+DuckDB)", ing_s, n, words, spacy_s))
    return {"articles": n, "words": words, "events": n_events, "batch_size": batch_size, "rows": rows,
            "peak_rss_mb": peak_rss_mb()}


def _row(stage: str, seconds: float, n: int, words: int, spacy_s: float) -> dict:
    return {"stage": stage, "seconds": seconds, "articles_per_s": n / seconds, "words_per_s": words / seconds,
            "ratio": spacy_s / seconds}
