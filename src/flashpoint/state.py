"""One article on its way through the stages: what each stage reads and writes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span

from .model import Claim, Event, Place

if TYPE_CHECKING:
    from .pipeline import Prepared
    from .stages.actors import ActorResolver, Mention
    from .stages.events import Candidate

# fields set before the first stage runs
INITIAL_FIELDS = ("prepared", "doc", "text", "published", "pub", "sentences", "sentence_spans")


@dataclass
class ArticleState:
    prepared: "Prepared"
    doc: Doc
    text: str  # the cleaned text all offsets refer to
    published: str  # the date offices are resolved on (the publication date, else UNDATED_OFFICE_DATE)
    pub: date | None  # the publication date; None for an undated article
    sentences: list[Span]  # non-empty sentences, in order
    sentence_spans: list[tuple[int, int]]  # each sentence's offsets without surrounding blanks
    # actors
    mentions: dict[int, "Mention"] = field(default_factory=dict)
    resolver: "ActorResolver | None" = None
    actor_counts: Counter = field(default_factory=Counter)
    actor_names: dict[str, str] = field(default_factory=dict)
    # places
    places: list[Place] = field(default_factory=list)
    place_by_token: dict[int, Place] = field(default_factory=dict)
    # events: candidates per sentence index, then records with (copies, told in a summary bullet)
    candidates: list[tuple[int, "Candidate"]] = field(default_factory=list)
    finder: Any = None  # the events stage's EventFinder, for the status stage's speaker checks
    event_rows: list[tuple[Event, int, bool]] = field(default_factory=list)
    claim_rows: list[tuple[Claim, int]] = field(default_factory=list)
    # merged, as handed out
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # for user stages

    def repeats(self, start: int, end: int) -> int:
        return self.prepared.clean.repeat_count(start, end)

    def place_countries(self) -> dict[int, str]:
        """Token index -> country of the place named there (empty when the
        places stage is off): where the article's acts happen."""
        return {i: p.country for i, p in self.place_by_token.items() if p.country}


class PipelineContext:
    """What every article shares in one pipeline: the model, the
    configuration, and resources built once on first use (the actor matcher,
    the gazetteer, the trigger tables)."""

    def __init__(self, nlp: Any, config: Any) -> None:
        self.nlp = nlp
        self.config = config
        self._cache: dict[str, Any] = {}

    def resource(self, name: str, factory: Any) -> Any:
        if name not in self._cache:
            self._cache[name] = factory()
        return self._cache[name]
