"""The pipeline: clean and segment (here, no model), parse (one spaCy
``nlp.pipe``), then the configured stages over one article state each
(``flashpoint.config.DEFAULT_STAGES``: actors, places, events, classify, status, requested, reported, counterpart, dates,
records, claims, merge). Each stage lives in ``flashpoint.stages``; this
module only runs them in order and hands out the contract's records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .config import PipelineConfig
from .errors import InputError
from .guard import BUDGET_CHARS, DEFAULT_TIME_BUDGET, budget_for, check_year, error_record, time_budget
from .inputs import MAX_ARTICLE_CHARS, RawArticle, article_id
from .model import ActorCount, ArticleInfo, ArticleResult, ErrorRecord
from .pubdate import choose_published
from .stages import StageInfo, get_stage
from .stages.clean import CleanText, clean_text
from .stages.parse import load_model
from .state import ArticleState, PipelineContext


UNDATED_OFFICE_DATE = "9999-12-31"


@Language.component("fp_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: a caption or bullet never runs into the
    next paragraph. Runs before the parser, which respects preset starts."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


@Language.component("fp_conjunct_repair")
def conjunct_repair(doc: Doc) -> Doc:
    """A finite verb the parser hung on an infinitive ("urged the envoy to
    rethink and then met the minister": "met" read as a second thing urged)
    is conjoined to the finite verb above the infinitive: an infinitive's
    conjuncts share its bare form, so a past or present-tense one cannot be
    among them."""
    for tok in doc:
        head = tok.head
        if tok.dep_ != "conj" or tok.tag_ not in ("VBD", "VBZ") or head.tag_ != "VB" or head.dep_ != "xcomp":
            continue
        finite = head.head
        if finite.tag_ in ("VBD", "VBZ", "VBP") and finite.i < head.i:
            tok.head = finite
    return doc


@dataclass
class Prepared:
    raw: RawArticle
    id: str
    published: str | None  # None: no date in the input and none given
    title: str | None
    url: str | None
    clean: CleanText
    published_from: str | None = None  # field | metadata | dateline | default | override


def prepare_article(raw: RawArticle) -> Prepared:
    """Stage 1, clean, for one article (needs no model)."""
    title, url, text, pub = raw.title, raw.url, raw.text, raw.published
    own_kind = "field"
    if raw.html is not None and not text:
        import trafilatura

        # the page's date from its markup only (meta tags, JSON-LD, <time>), the
        # publication date before a modification date: htmldate's extensive
        # search would take a date the story tells ("on 18 March 2014") for
        # the page's own
        doc = trafilatura.bare_extraction(raw.html, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True,
                                          date_extraction_params={"extensive_search": False, "original_date": True})
        meta: dict = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else dict(doc or {})
        text = meta.get("text") or ""
        title = title or meta.get("title")
        url = url or meta.get("url")
        if not pub and meta.get("date"):
            pub, own_kind = meta.get("date"), "metadata"  # the page's own date (meta tags, JSON-LD)
        if not text.strip():
            raise InputError("no article text found in the HTML page", source=raw.source, code="no_text")
    if text is None or not text.strip():
        raise InputError("the article text is empty", source=raw.source, code="empty")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(f"the article has {len(text):,} characters, over the {MAX_ARTICLE_CHARS:,} limit",
                         source=raw.source, code="too_large")
    published, published_from = choose_published(pub, source=raw.source, fallback=raw.published_default,
                                                  override=raw.published_override, text=text, own_kind=own_kind)
    check_year(published, raw.source)
    cleaned = clean_text(text, title=title, detect_title=title is None and raw.html is None,
                         lines_are_paragraphs=raw.html is not None)
    if not cleaned.text.strip():
        raise InputError("nothing is left of the article after cleaning (only page furniture)", source=raw.source, code="empty")
    aid = article_id(raw, cleaned.text)
    return Prepared(raw, aid, published, cleaned.title, url, cleaned, published_from)


def prepare_all(items: Iterable[RawArticle | ErrorRecord]) -> Iterator[Prepared | ErrorRecord]:
    """Stage 1 over a stream: cleaned articles, or ErrorRecords in place
    (whatever fails on one article, ``flashpoint.guard``)."""
    for item in items:
        if isinstance(item, ErrorRecord):
            yield item
            continue
        try:
            yield prepare_article(item)
        except Exception as exc:  # noqa: BLE001 - the boundary around one article
            yield error_record(exc, item.id, item.source, "cleaner")


class Pipeline:
    """Loads the model once; ``run`` streams articles through ``nlp.pipe`` and
    the configured stages."""

    def __init__(self, nlp=None, *, batch_size: int = 16, places: bool = True, claims: bool = True,
                 config: PipelineConfig | None = None, time_budget: float | None = DEFAULT_TIME_BUDGET) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        config = config or PipelineConfig()
        if not places:
            config = config.without("places")
        if not claims:
            config = config.without("claims")
        config.check()
        self.config = config
        self.nlp = nlp or load_model()
        if "fp_paragraph_breaks" not in self.nlp.pipe_names:
            self.nlp.add_pipe("fp_paragraph_breaks", before="parser")
        if "fp_conjunct_repair" not in self.nlp.pipe_names:
            self.nlp.add_pipe("fp_conjunct_repair", after="parser")
        self.batch_size = batch_size
        self._warmed = False
        self.time_budget = time_budget  # seconds per article of up to 100,000 characters (guard.budget_for); None: none
        self.ctx = PipelineContext(self.nlp, config)
        self.stages: list[StageInfo] = [get_stage(name) for name in config.stages]

    # -- stage 1: clean ------------------------------------------------------
    def prepare(self, raw: RawArticle) -> Prepared:
        return prepare_article(raw)

    def prepare_all(self, items: Iterable[RawArticle | ErrorRecord]) -> Iterator[Prepared | ErrorRecord]:
        return prepare_all(items)

    def run(self, items: Iterable[RawArticle | ErrorRecord]) -> Iterator[ArticleResult | ErrorRecord]:
        """Results in input order; a bad item becomes an ErrorRecord in place."""
        return self.run_prepared(self.prepare_all(items))

    def run_prepared(self, items: Iterable[Prepared | ErrorRecord]) -> Iterator[ArticleResult | ErrorRecord]:
        """Parse and the stages over cleaned articles, ``batch_size`` at a
        time through ``nlp.pipe``. A failure on one article (or a coder
        slower than the time budget) is an ErrorRecord in its place."""
        for chunk in _chunks(items, self.batch_size):
            todo = [it for it in chunk if not isinstance(it, ErrorRecord)]
            if todo and self.time_budget:
                self._warm_up()
            docs = self._parse(todo)
            for it in chunk:
                if isinstance(it, ErrorRecord):
                    yield it
                    continue
                doc = docs[id(it)]
                if isinstance(doc, ErrorRecord):
                    yield doc
                    continue
                result: ArticleResult | ErrorRecord
                try:
                    with time_budget(budget_for(self.time_budget, len(it.clean.text)), it.raw.source):
                        result = self.analyse(doc, it)
                except Exception as exc:  # noqa: BLE001 - the boundary around one article
                    result = error_record(exc, it.id, it.raw.source)
                yield result

    def _warm_up(self) -> None:
        """Load the stages' tables (gazetteer, actor matcher: seconds) once,
        outside any article's time budget, by coding a one-line article."""
        if self._warmed:
            return
        self._warmed = True
        p = prepare_article(RawArticle("<warm-up>", "Russia's army attacked Kyiv, Ukraine, on Monday.", None, "2022-02-24"))
        try:
            self.analyse(self.nlp(p.clean.text), p)
        except Exception:  # noqa: BLE001 - a stage failing here fails again, inside the boundary, on real articles
            pass

    def _parse(self, todo: list[Prepared]) -> dict[int, Doc | ErrorRecord]:
        """Parse a batch in one ``nlp.pipe``; if that fails or overruns the
        batch's time, each article alone, so one article's fault is only its own."""
        if not todo:
            return {}
        budget = budget_for(self.time_budget, sum(max(len(p.clean.text), BUDGET_CHARS) for p in todo))
        try:
            with time_budget(budget, todo[0].raw.source):
                docs = list(self.nlp.pipe([p.clean.text for p in todo], batch_size=self.batch_size))
            return {id(p): d for p, d in zip(todo, docs)}
        except Exception as exc:  # noqa: BLE001 - find the article at fault
            if len(todo) == 1:
                return {id(todo[0]): error_record(exc, todo[0].id, todo[0].raw.source, "parser")}
        out: dict[int, Doc | ErrorRecord] = {}
        for p in todo:
            try:
                with time_budget(budget_for(self.time_budget, len(p.clean.text)), p.raw.source):
                    out[id(p)] = self.nlp(p.clean.text)
            except Exception as exc:  # noqa: BLE001 - the boundary around one article
                out[id(p)] = error_record(exc, p.id, p.raw.source, "parser")
        return out

    def extract(self, raw: RawArticle) -> ArticleResult:
        """One article; raises InputError for a bad one."""
        p = self.prepare(raw)
        return self.analyse(self.nlp(p.clean.text), p)

    def analyse(self, doc: Doc, p: Prepared) -> ArticleResult:
        """Run the configured stages over one parsed article."""
        state = self.new_state(doc, p)
        for stage in self.stages:
            stage.func(state, self.ctx)
        return result_of(state)

    @staticmethod
    def new_state(doc: Doc, p: Prepared) -> ArticleState:
        text = p.clean.text
        sents = [s for s in doc.sents if s.text.strip()]
        # An undated article: people are resolved to the offices they hold in
        # the latest rows of the tables (those in office now), and only dates
        # the text gives absolutely are resolved (state.pub is None).
        on = p.published or UNDATED_OFFICE_DATE
        return ArticleState(p, doc, text, on, date.fromisoformat(p.published) if p.published else None, sents,
                            [_trimmed(text, s.start_char, s.end_char) for s in sents])


def result_of(state: ArticleState) -> ArticleResult:
    p = state.prepared
    info = ArticleInfo(p.id, p.title, p.published, p.url, state.text, tuple(p.clean.removed), p.published_from)
    actors = tuple(ActorCount(code, state.actor_names[code], n) for code, n in state.actor_counts.most_common())
    return ArticleResult(info, tuple(state.events), tuple(state.claims), tuple(state.places), actors)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
