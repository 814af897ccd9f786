"""Which stages run and which data files they read: a value a user can pass.

``PipelineConfig()`` is the default pipeline. A TOML file gives another one
(``flashpoint extract --config my.toml``)::

    stages = ["actors", "places", "events", "classify", "status", "dates", "records", "claims", "merge"]
    triggers = ["triggers.toml", "triggers_cameo.toml", "/path/to/my_triggers.toml"]

Data file names without a folder are the package's own (``src/flashpoint/data``);
a path names a file of the user's, read instead.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

# The order matters: places before events (a target may be the state a place
# lies in), the classifier after the rules (it codes only what they left),
# what a request asks for and reports of others' acts after status (a request's
# content is what its words leave hypothetical or planned; a report of an act
# is an accusation only if the act is asserted), the story's parties after
# them and the classifier (they fill what all left without a target), status
# before dates (planned events look forward), records after both, merge last.
DEFAULT_STAGES: tuple[str, ...] = ("actors", "places", "events", "classify", "status", "requested", "reported", "counterpart", "dates", "records", "claims", "merge")
DEFAULT_TRIGGERS: tuple[str, ...] = ("triggers.toml", "triggers_cameo.toml")


@dataclass(frozen=True)
class PipelineConfig:
    stages: tuple[str, ...] = DEFAULT_STAGES
    # trigger tables, read in order: a word takes the type of the first table that names it
    triggers: tuple[str, ...] = DEFAULT_TRIGGERS
    extra: dict = field(default_factory=dict, compare=False)  # settings of user stages

    def without(self, *names: str) -> "PipelineConfig":
        return replace(self, stages=tuple(s for s in self.stages if s not in names))

    @classmethod
    def from_toml(cls, path: str | Path) -> "PipelineConfig":
        from .stages import ConfigError

        try:
            with open(path, "rb") as fh:
                raw = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the pipeline configuration ({exc})") from None
        known = {"stages", "triggers"}
        cfg = cls(stages=tuple(raw.get("stages", DEFAULT_STAGES)), triggers=tuple(raw.get("triggers", DEFAULT_TRIGGERS)),
                  extra={k: v for k, v in raw.items() if k not in known})
        cfg.check()
        return cfg

    def check(self) -> None:
        """Every stage is registered and every stage's inputs are written by an earlier one."""
        from .stages import ConfigError, get_stage
        from .state import INITIAL_FIELDS

        have = set(INITIAL_FIELDS)
        for name in self.stages:
            info = get_stage(name)
            missing = [r for r in info.reads if r not in have]
            if missing:
                raise ConfigError(f"stage {name!r} reads {', '.join(missing)}, which no earlier stage writes")
            have |= set(info.writes)
