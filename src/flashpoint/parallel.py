"""Scale-out engines. Every engine yields the same results in the same order
as ``Pipeline.run_prepared``, so the rows stored are identical whichever ran.

- ``local``: one process (the default).
- ``processes``: N worker processes on this machine, each loading the model
  once (``--workers N``).
- ``ray``: Ray Data ``map_batches`` with the model loaded once per actor; a
  local Ray by default, or an existing cluster (``--ray-address``).
"""

from __future__ import annotations

import multiprocessing as mp
import pickle
from itertools import islice
from typing import TYPE_CHECKING, Iterable, Iterator

from .guard import DEFAULT_TIME_BUDGET
from .model import ArticleResult, ErrorRecord

if TYPE_CHECKING:
    from .pipeline import Pipeline

_worker_pipeline: Pipeline | None = None  # this worker's own, made by _init_worker


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while True:
        chunk = list(islice(it, size))
        if not chunk:
            return
        yield chunk


def _one_thread_each() -> None:
    """N workers on N cores: each worker's numerical libraries use one thread,
    or they fight over the cores (set before numpy loads in the worker)."""
    import os

    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ.setdefault(var, "1")


def _init_worker(pipeline_kw: dict) -> None:
    global _worker_pipeline
    _one_thread_each()
    from .pipeline import Pipeline

    _worker_pipeline = Pipeline(**pipeline_kw)


def _code_chunk(chunk: list) -> list:
    if _worker_pipeline is None:
        raise RuntimeError("_code_chunk runs only in a worker process started by _init_worker")
    return list(_worker_pipeline.run_prepared(chunk))


def run_processes(prepared: Iterable, workers: int, *, batch_size: int = 16, pipeline_kw: dict | None = None
                  ) -> Iterator[ArticleResult | ErrorRecord]:
    """Code cleaned articles in ``workers`` processes (spawned, so each loads
    the model once and shares nothing unsafe), results in input order."""
    ctx = mp.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(pipeline_kw or {"batch_size": batch_size},)) as pool:
        # a few chunks in flight per worker keeps every core busy without
        # reading the whole corpus into memory
        for results in pool.imap(_code_chunk, _chunks(prepared, batch_size), chunksize=1):
            yield from results


class _RayCoder:
    """A Ray Data actor: loads the pipeline once, codes batches of pickled
    cleaned articles, returns pickled results."""

    def __init__(self, pipeline_kw: dict) -> None:
        _one_thread_each()
        from .pipeline import Pipeline

        self.pipeline = Pipeline(**pipeline_kw)

    def __call__(self, batch: dict) -> dict:
        items = [pickle.loads(b) for b in batch["item"]]
        return {"result": [pickle.dumps(r) for r in self.pipeline.run_prepared(items)]}


def run_ray(prepared: Iterable, *, workers: int | None = None, batch_size: int = 16, address: str | None = None,
            pipeline_kw: dict | None = None, window: int = 2000) -> Iterator[ArticleResult | ErrorRecord]:
    """Code cleaned articles on Ray. The corpus streams through in windows of
    ``window`` articles (never all in memory); within a window Ray Data runs
    ``map_batches`` over a pool of actors, order preserved."""
    try:
        import ray
        import ray.data
    except ImportError:
        from .errors import FlashpointError

        raise FlashpointError("the Ray engine needs Ray: pip install 'flashpoint[ray]'", code="missing_extra") from None
    if not ray.is_initialized():
        if address:
            ray.init(address=address, ignore_reinit_error=True, log_to_driver=False)
        else:
            ray.init(num_cpus=workers or None, include_dashboard=False, ignore_reinit_error=True, log_to_driver=False,
                     configure_logging=False)
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    n_actors = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    kw = pipeline_kw or {"batch_size": batch_size}
    for chunk in _chunks(prepared, window):
        ds = ray.data.from_items([{"item": pickle.dumps(x)} for x in chunk])
        out = ds.map_batches(_RayCoder, fn_constructor_kwargs={"pipeline_kw": kw}, batch_size=batch_size,
                             concurrency=min(n_actors, max(1, len(chunk) // batch_size or 1)), num_cpus=1)
        for batch in out.iter_batches(batch_size=batch_size, batch_format="numpy"):
            for blob in batch["result"]:
                yield pickle.loads(blob)


def run_engine(pipeline, prepared: Iterable, *, engine: str = "local", workers: int = 1, batch_size: int = 16,
               ray_address: str | None = None, places: bool = True, claims: bool = True, config=None,
               time_budget: float | None = DEFAULT_TIME_BUDGET) -> Iterator[ArticleResult | ErrorRecord]:
    """Stages 2-9 over cleaned articles on the chosen engine. ``pipeline`` is
    this process's own, used only by the local one-process engine; workers
    build theirs with the same ``places``/``claims`` switches and configuration."""
    kw = {"batch_size": batch_size, "places": places, "claims": claims, "config": config, "time_budget": time_budget}
    if engine == "ray":
        return run_ray(prepared, workers=workers if workers > 1 else None, batch_size=batch_size, address=ray_address,
                       pipeline_kw=kw)
    if engine != "local":
        raise ValueError(f"unknown engine '{engine}': local or ray")
    if workers > 1:
        return run_processes(prepared, workers, batch_size=batch_size, pipeline_kw=kw)
    return pipeline.run_prepared(prepared)


def needs_local_pipeline(engine: str, workers: int) -> bool:
    """Only the local one-process engine codes in this process."""
    return engine == "local" and workers <= 1
