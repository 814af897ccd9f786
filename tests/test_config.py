"""The pipeline as configured stages: a user adds, removes or reorders stages
and trigger tables without editing the package."""

from __future__ import annotations

import pytest

from flashpoint.config import DEFAULT_STAGES, PipelineConfig
from flashpoint.stages import REGISTRY, ConfigError, get_stage, load_builtin_stages, register_stage


def test_every_default_stage_is_registered_and_declares_its_data():
    load_builtin_stages()
    for name in DEFAULT_STAGES:
        info = get_stage(name)
        assert info.writes, name
        assert info.doc, f"stage {name} has no one-line description"
    PipelineConfig().check()


def test_a_stage_reading_what_nobody_wrote_is_refused():
    with pytest.raises(ConfigError, match="reads"):
        PipelineConfig(stages=("events",)).check()
    with pytest.raises(ConfigError, match="unknown pipeline stage"):
        PipelineConfig(stages=("actors", "no_such_stage")).check()


def test_config_from_toml(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text('stages = ["actors", "events", "status", "dates", "records", "merge"]\ntriggers = ["triggers.toml"]\n')
    cfg = PipelineConfig.from_toml(f)
    assert "places" not in cfg.stages and cfg.triggers == ("triggers.toml",)
    bad = tmp_path / "bad.toml"
    bad.write_text("stages = [")
    with pytest.raises(ConfigError, match="bad.toml"):
        PipelineConfig.from_toml(bad)


def test_a_user_stage_changes_the_output(pipeline):
    from flashpoint import RawArticle
    from flashpoint.pipeline import Pipeline

    @register_stage("test_drop_negated", reads=("candidates",), writes=("candidates",))
    def drop_negated(state, ctx):
        state.candidates = [(si, c) for si, c in state.candidates if c.status != "negated"]

    try:
        stages = list(DEFAULT_STAGES)
        stages.insert(stages.index("status") + 1, "test_drop_negated")
        custom = Pipeline(pipeline.nlp, config=PipelineConfig(stages=tuple(stages)))
        text = "Russia denied plans to invade Ukraine. Russian forces shelled Kharkiv on Monday."
        plain = [(e.type, e.status) for e in pipeline.extract(RawArticle("t", text=text, published="2024-01-01")).events]
        mine = [(e.type, e.status) for e in custom.extract(RawArticle("t", text=text, published="2024-01-01")).events]
        assert ("ASSAULT", "negated") in plain and ("ASSAULT", "asserted") in plain
        assert ("ASSAULT", "negated") not in mine and ("ASSAULT", "asserted") in mine
    finally:
        REGISTRY.pop("test_drop_negated", None)


def test_without_places_no_places_come_out(pipeline):
    from flashpoint import RawArticle
    from flashpoint.pipeline import Pipeline

    p = Pipeline(pipeline.nlp, places=False)
    assert "places" not in p.config.stages
    r = p.extract(RawArticle("t", text="Russian forces shelled Kharkiv on Monday.", published="2024-01-01"))
    assert r.places == () and r.events
