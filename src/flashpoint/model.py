"""The data model: every record flashpoint hands out, defined once.

The JSON output (``to_dict``), the DuckDB tables (``flashpoint.store``) and the
API schemas are all derived from these frozen dataclasses, so a field is added
here and nowhere else. Field names follow ``CONTRACT.md`` at the repository root.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import Any, Literal, Union, get_args

Status = Literal["asserted", "planned", "hypothetical", "negated"]
# The statuses in order of how far an event is from having happened; where two
# cues disagree the higher one wins, and where tellings of an act are ranked
# the lower one is preferred. Defined here once; every module reads it.
STATUSES: tuple[str, ...] = get_args(Status)
STATUS_RANK: dict[str, int] = {s: i for i, s in enumerate(STATUSES)}
Quad = Literal["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"]


@dataclass(frozen=True)
class Cue:
    """What set an event's status: a structured value, rendered to a string
    only at the edge (``str(cue)``, the event's ``status_cue``).

    kind: condition ("if Russia invades": the condition itself), consequent
    (the clause a condition governs: "the EU will impose sanctions if..."),
    negated, hypothetical (a modal, a fear, a possibility noun), planned (an
    auxiliary of future, an intention), reported_future ("said it would"), or
    open (a negated denial: "would not rule out")."""

    kind: str
    word: str

    @property
    def status(self) -> str:
        return CUE_STATUS[self.kind]

    def __str__(self) -> str:
        if self.kind == "consequent":
            return f"if-clause: {self.word}"
        if self.kind == "reported_future":
            return f"{self.word} (reported)"
        return self.word


CUE_STATUS = {"condition": "hypothetical", "consequent": "hypothetical", "open": "hypothetical", "hypothetical": "hypothetical",
              "negated": "negated", "planned": "planned", "reported_future": "planned"}
# precedence among cues of one event: a condition beats a negation ("if Russia
# does not withdraw"), a negation beats a modal, a modal beats a plan
CUE_RANK = {"planned": 1, "reported_future": 1, "hypothetical": 2, "open": 2, "negated": 3, "condition": 4, "consequent": 4}


@dataclass(frozen=True)
class Actor:
    text: str
    code: str
    name: str
    sector: str | None = None
    # Added fields (the contract allows additions): who, in which office, and
    # which dictionary entry resolved the text.
    role: str | None = None
    person: str | None = None
    kind: str | None = None  # state | bloc | person | office | metonym | demonym | group


@dataclass(frozen=True)
class Place:
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    feature: str | None
    mentions: int = 1
    confidence: float = 0.0
    geonameid: int | None = None
    resolved_by: str | None = None  # alias | city | country: which gazetteer table answered
    forms: tuple[str, ...] = ()  # the spellings the article used ("Kharkov", "Kharkiv")


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    mode: str | None
    quad: str
    intensity: float
    status: str
    source: Actor
    target: Actor | None
    date: str | None
    place: Place | None
    sentence: str
    sentence_index: int
    span: tuple[int, int]
    mentions: int
    evidence: str
    trigger: str = ""
    trigger_span: tuple[int, int] = (0, 0)
    status_cue: str | None = None
    date_text: str | None = None
    date_precision: str | None = None  # day | week | month | year | publication; None: date words unresolved (undated article)
    also_in: tuple[int, ...] = ()  # other sentence indexes telling the same event
    also_in_spans: tuple[tuple[int, int], ...] = ()  # and their character spans
    # how deep the trigger sits below the sentence's main clause (0 = the main
    # event; a statement of intent ranks just above what it announces)
    clause_depth: float = 0.0


@dataclass(frozen=True)
class Claim:
    value: Union[float, tuple[float, float]]
    unit: str
    subject: str
    claimant: Actor | None
    status: str
    sentence: str
    sentence_index: int
    span: tuple[int, int]
    qualifier: str | None = None  # up to | at least | about | nearly | more than ...
    number_text: str = ""
    number_span: tuple[int, int] = (0, 0)
    claimant_phrase: str | None = None
    mentions: int = 1


@dataclass(frozen=True)
class ActorCount:
    code: str
    name: str
    mentions: int


@dataclass(frozen=True)
class ArticleInfo:
    id: str
    title: str | None
    published: str | None  # YYYY-MM-DD, or None when neither the input nor the user gave a date
    url: str | None
    text: str
    # What the cleaner removed, so a person can check nothing meaningful went.
    removed: tuple[dict, ...] = ()
    # where ``published`` came from: field (a JSON or feed field), metadata
    # (the HTML page's), dateline (the text's top), default (--published),
    # override (--override-date); None when there is no date
    published_from: str | None = None


@dataclass(frozen=True)
class ArticleResult:
    article: ArticleInfo
    events: tuple[Event, ...]
    claims: tuple[Claim, ...]
    places: tuple[Place, ...]
    actors: tuple[ActorCount, ...]


@dataclass(frozen=True)
class ErrorRecord:
    id: str | None
    code: str
    message: str
    source: str | None = None

    def to_dict(self) -> dict:
        return {"id": self.id, "error": {"code": self.code, "message": self.message}}


def to_dict(obj: Any) -> Any:
    """Plain JSON-ready structure of a record (tuples become lists)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_dict(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    return obj


def stable_id(*parts: Any, length: int = 16) -> str:
    h = hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]
