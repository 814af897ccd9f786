"""The pipeline's stages, registered by name.

A stage is a function ``stage(state, ctx)`` over one article's
:class:`flashpoint.state.ArticleState`: it has one job, reads some fields of
the state and writes others (both declared), and may use the pipeline-wide
resources in ``ctx`` (the model, the gazetteer, the trigger tables). Which
stages run, in which order, is configuration (:class:`flashpoint.config.PipelineConfig`);
a user adds a stage of their own with :func:`register_stage` and names it in
the configuration, without editing the package::

    from flashpoint.stages import register_stage

    @register_stage("drop_negated", reads=("candidates",), writes=("candidates",))
    def drop_negated(state, ctx):
        state.candidates = [(si, c) for si, c in state.candidates if c.status != "negated"]

    Pipeline(config=PipelineConfig(stages=(*DEFAULT_STAGES[:4], "drop_negated", *DEFAULT_STAGES[4:])))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..errors import FlashpointError


class ConfigError(FlashpointError):
    """A pipeline configuration names an unknown stage or an unreadable data file."""

    code = "bad_config"


@dataclass(frozen=True)
class StageInfo:
    name: str
    func: Callable[[Any, Any], None]
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    doc: str


REGISTRY: dict[str, StageInfo] = {}


def register_stage(name: str, *, reads: tuple[str, ...], writes: tuple[str, ...]) -> Callable:
    """Register ``func(state, ctx)`` as the stage ``name``."""

    def deco(func: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
        REGISTRY[name] = StageInfo(name, func, tuple(reads), tuple(writes), (func.__doc__ or "").strip().split("\n")[0])
        return func

    return deco


def load_builtin_stages() -> None:
    """Import the modules whose stages ship with flashpoint (they register themselves)."""
    from . import actors, claims_stage, classify, counterpart, dates, events, merge, places, records, reported, requested, status  # noqa: F401


def get_stage(name: str) -> StageInfo:
    load_builtin_stages()
    if name not in REGISTRY:
        raise ConfigError(f"unknown pipeline stage {name!r}; known stages: {', '.join(sorted(REGISTRY))}")
    return REGISTRY[name]
