"""The ``flashpoint`` command: a thin layer over the library. Every command's
work is done by a library function; this module parses options and prints."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, List, NoReturn, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from . import __version__
from .errors import FlashpointError
from .inputs import input_bytes, iter_inputs, parse_published
from .model import ErrorRecord, to_dict
from .render import EVENT_COLUMNS, FORMATS, CsvOut, claim_value, csv_text, event_rows, json_default, json_line, print_article

if TYPE_CHECKING:
    from .pipeline import Pipeline

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
                  help="Turn news articles about political crises into checkable PLOVER event data.")
out = Console()
err = Console(stderr=True, soft_wrap=True)


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)  # a path may hold "[/]"
    raise typer.Exit(code)


def _pipeline(**kw: Any) -> Pipeline:
    from .pipeline import Pipeline

    try:
        return Pipeline(**kw)
    except FlashpointError as exc:
        _fail(str(exc))


def _checked_date(published: Optional[str], option: str = "--published") -> Optional[str]:
    if published is None:
        return None
    try:
        return parse_published(published, option)
    except FlashpointError as exc:
        _fail(str(exc))


def _checked_format(fmt: str, as_json: bool) -> str:
    """--format, with --json kept as the alias of --format json."""
    if fmt not in FORMATS:
        _fail(f"--format must be one of {', '.join(FORMATS)}, not '{fmt}'")
    if as_json:
        if fmt not in ("table", "json"):
            _fail(f"--json means --format json; it cannot be given with --format {fmt}")
        return "json"
    return fmt


def _unreadable(n_bad: int) -> None:
    """Any input that could not be read makes the exit status 1: a script
    must not take a partial run for a whole one."""
    if n_bad:
        err.print(f"[bold red]error:[/] {n_bad} input(s) could not be read (listed above)", highlight=False)
        raise typer.Exit(1)


def _checked_engine(engine: str) -> None:
    if engine not in ("local", "ray"):
        _fail(f"--engine must be local or ray, not '{engine}'")


PUBLISHED = typer.Option(None, "--published", "-p",
                         help="Publication date for the articles that carry none of their own (no date field, page metadata or dateline).")
OVERRIDE_DATE = typer.Option(None, "--override-date", help="Publication date for every article, replacing any date the input carries.")
FORMAT = typer.Option("table", "--format", "-f", help="table (for people; fits the terminal, 80 columns when piped), json, jsonl or csv.")
QUIET = typer.Option(False, "--quiet", "-q", help="No progress bar.")
BATCH_SIZE = typer.Option(16, min=1, max=10_000, help="Articles per nlp.pipe batch.")
WORKERS = typer.Option(1, "--workers", "-w", min=1, max=1024, help="Worker processes, each loading the model once.")
TIME_BUDGET = typer.Option(60.0, "--time-budget", min=0.0,
                           help="Seconds to parse, and again to code, an article of up to 100,000 characters "
                                "(longer ones get proportionally more); past it the article is rejected (too_slow). 0: no limit.")
ENGINE = typer.Option("local", "--engine", help="local (this machine) or ray (Ray Data; pip install 'flashpoint[ray]').")
RAY_ADDRESS = typer.Option(None, "--ray-address", help="Join this Ray cluster instead of starting a local one.")


def _open_store(db: Path):
    from .store import Store

    try:
        return Store(db, read_only=True)
    except FlashpointError as exc:
        _fail(str(exc))


def _is_batch(paths: list[str]) -> bool:
    if len(paths) != 1:
        return True
    p = Path(paths[0])
    return p.is_dir() or p.suffix.lower() in (".jsonl", ".ndjson", ".rss", ".atom", ".xml")



CONFIG = typer.Option(None, "--config", exists=True, dir_okay=False,
                      help="Pipeline configuration (TOML): which stages run and which trigger tables they read (see README, Pipeline).")


def _config(path: Optional[Path]) -> Any:
    if path is None:
        return None
    from .config import PipelineConfig

    try:
        return PipelineConfig.from_toml(path)
    except FlashpointError as exc:
        _fail(str(exc))


@app.command()
def extract(
    paths: List[str] = typer.Argument(..., help="Article files or folders: .txt, .html, .json, .jsonl, RSS/Atom; '-' reads standard input."),
    published: Optional[str] = PUBLISHED,
    override_date: Optional[str] = OVERRIDE_DATE,
    fmt: str = FORMAT,
    as_json: bool = typer.Option(False, "--json", help="The same as --format json: one object for one article, JSON Lines for many."),
    output: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the output to this file instead of standard output."),
    batch_size: int = BATCH_SIZE,
    no_places: bool = typer.Option(False, "--no-places", help="Skip place resolution (faster)."),
    no_claims: bool = typer.Option(False, "--no-claims", help="Skip claim extraction."),
    workers: int = WORKERS,
    engine: str = ENGINE,
    ray_address: Optional[str] = RAY_ADDRESS,
    config_file: Optional[Path] = CONFIG,
    quiet: bool = QUIET,
    time_budget: float = TIME_BUDGET,
) -> None:
    """Extract events, claims, places and actors from articles. Exits 1 if any input could not be read."""
    from .parallel import needs_local_pipeline, run_engine
    from .pipeline import prepare_all
    from .progress import ProgressBar

    published = _checked_date(published)
    override_date = _checked_date(override_date, "--override-date")
    fmt = _checked_format(fmt, as_json)
    _checked_engine(engine)
    batch = _is_batch(paths)
    config = _config(config_file)
    pipe = (_pipeline(batch_size=batch_size, places=not no_places, claims=not no_claims, config=config,
                      time_budget=time_budget or None)
            if needs_local_pipeline(engine, workers) else None)
    bar = ProgressBar(err, input_bytes(paths), "extracting", enabled=batch and not quiet and err.is_terminal)
    results = run_engine(pipe, prepare_all(iter_inputs(paths, published, override=override_date, progress=bar.read)),
                         engine=engine, workers=workers, batch_size=batch_size, ray_address=ray_address,
                         places=not no_places, claims=not no_claims, config=config, time_budget=time_budget or None)
    if not batch:  # one file or standard input: a batch if it turns out to hold more than one article
        import itertools

        head = list(itertools.islice(results, 2))
        batch = len(head) > 1
        results = itertools.chain(head, results)
    try:
        sink = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    except OSError as exc:
        _fail(f"--out {output}: cannot write there ({exc.strerror or exc})")
    view = Console(file=sink, width=100) if output else out
    table = CsvOut(sink, EVENT_COLUMNS) if fmt == "csv" else None
    n_ok = n_bad = n_undated = 0
    try:
        with bar:
            for res in results:
                if isinstance(res, ErrorRecord):
                    n_bad += 1
                    if not batch:
                        _fail(res.message)
                    if fmt in ("json", "jsonl"):
                        sink.write(json_line({**res.to_dict(), "source": res.source}) + "\n")
                    err.print(f"[yellow]skipped[/] {escape(res.message)}", highlight=False)
                    continue
                n_ok += 1
                d = to_dict(res)
                n_undated += d["article"]["published"] is None
                if fmt == "json" and not batch:
                    sink.write(json.dumps(d, ensure_ascii=False, indent=2) + "\n")
                elif fmt in ("json", "jsonl"):
                    sink.write(json_line(d) + "\n")
                elif table is not None:
                    for row in event_rows(d):
                        table.write(row)
                else:
                    print_article(view, d)
                bar.note(f"{n_ok} articles, {n_bad} unreadable")
    finally:
        if output:
            sink.close()
    if batch or n_undated:
        undated = (f"; {n_undated} without a publication date (published null; only dates the text gives in full are resolved)"
                   if n_undated else "")
        err.print(f"{n_ok} article(s) extracted, {n_bad} could not be read{undated}", highlight=False)
    _unreadable(n_bad)


@app.command("eval")
def eval_cmd(
    gold: Optional[Path] = typer.Argument(None, exists=True, dir_okay=False, help="Event gold standard JSON Lines (PLOVER GSR shape)."),
    places: Optional[Path] = typer.Option(None, "--places", exists=True, dir_okay=False, help="Place gold file (eval/places_gold.jsonl shape)."),
    claims: Optional[Path] = typer.Option(None, "--claims", exists=True, dir_okay=False, help="Claim gold file (eval/claims_gold.jsonl shape)."),
    panel: Optional[Path] = typer.Option(None, "--panel", exists=True, file_okay=False,
                                         help="Real-text panel folder (eval/panel): per-article and total precision per field, whole-event precision, recall."),
    split: str = typer.Option("all", "--split", help="With --panel: score one part ('dev', 'aside', 'fresh', 'fresh2', 'fresh6' and 'wiki', the tuned-on parts; 'fresh3', 'fresh4', 'fresh5' and 'wiki_held', the parts kept aside) or 'all' (each reported apart)."),
    json_out: Optional[Path] = typer.Option(None, "--json-out", help="Write the figures as JSON here."),
    config_file: Optional[Path] = CONFIG,
    errors: int = typer.Option(0, "--errors", help="Show this many misclassified items."),
    min_type_recall: Optional[float] = typer.Option(None, help="Exit 1 if type recall falls below this floor."),
    min_type_source: Optional[float] = typer.Option(None, help="Exit 1 if type+source accuracy falls below this floor."),
    min_place_exact: Optional[float] = typer.Option(None, help="Exit 1 if place exact-match accuracy falls below this floor."),
    min_claim_recall: Optional[float] = typer.Option(None, help="Exit 1 if claim recall falls below this floor."),
) -> None:
    """Score the coder: events (per-type P/R/F1, type+source), places (exact and country match), claims."""
    from .evaluate import evaluate, evaluate_claims, evaluate_places

    if gold is None and places is None and claims is None and panel is None:
        _fail("give an event gold file, --places FILE, --claims FILE and/or --panel DIR")
    if panel is not None and split != "all":
        from .panel import load_panel

        known = sorted({r.get("split", "dev") for r in load_panel(panel)})
        if split not in known:
            _fail(f"--split must be all or one of the panel's parts ({', '.join(known)}), not {split!r}")
    pipe = _pipeline(config=_config(config_file))
    figures: dict = {}
    failed = []
    if panel is not None:
        figures["panel"] = _print_panel(panel, pipe, split, errors)
    if places is not None:
        pr = evaluate_places(places, pipe)
        figures["places"] = {k: v for k, v in pr.items() if k != "misses"}
        out.print(f"places ({pr['mentions']} mentions in {places.name}): exact {pr['exact']:.3f}, country {pr['country']:.3f}, "
                  f"detected {pr['detected']:.3f}, wrong country {pr['wrong_country']:.3f}, unresolved {pr['unresolved']:.3f}",
                  highlight=False)
        for m in pr["misses"][:errors]:
            out.print(f"- {m['id']}: {m['mention']} -> {m['got']}", highlight=False)
        if min_place_exact is not None and pr["exact"] < min_place_exact:
            failed.append(f"place exact {pr['exact']:.3f} < floor {min_place_exact}")
    if claims is not None:
        cr = evaluate_claims(claims, pipe)
        figures["claims"] = {k: v for k, v in cr.items() if k != "misses"}
        out.print(f"claims ({cr['claims']} in {claims.name}): recall {cr['recall']:.3f}, precision {cr['precision']:.3f}, "
                  f"unit {cr['unit']:.3f}, claimant {cr['claimant']:.3f}, qualifier {cr['qualifier']:.3f}", highlight=False)
        for m in cr["misses"][:errors]:
            out.print(f"- {m}", highlight=False)
        if min_claim_recall is not None and cr["recall"] < min_claim_recall:
            failed.append(f"claim recall {cr['recall']:.3f} < floor {min_claim_recall}")
    if gold is None:
        if json_out:
            json_out.write_text(json.dumps(figures, indent=2))
        if failed:
            _fail("; ".join(failed), 1)
        return
    report = evaluate(gold, pipe)
    t = Table(title=f"PLOVER event coding on {gold.name} ({report.n} sentences)")
    for col in ("type", "precision", "recall", "f1", "support"):
        t.add_column(col, justify="right" if col != "type" else "left")
    for typ, m in sorted(report.per_type.items()):
        t.add_row(typ, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", str(m["support"]))
    out.print(t)
    out.print(f"type recall (main event has the gold type): [bold]{report.type_recall:.3f}[/]")
    out.print(f"type+source accuracy:                       [bold]{report.type_source:.3f}[/]")
    out.print(f"gold type among any event of the sentence:  {report.any_recall:.3f}")
    out.print(f"sentences with no event:                    {report.no_event}")
    for e in report.errors[:errors]:
        out.print(f"- gold {e['gold']} / coded {e['pred']}: {e['text'][:160]}", highlight=False)
    if json_out:
        json_out.write_text(json.dumps({**figures, "events": report.to_dict()}, indent=2))
    if min_type_recall is not None and report.type_recall < min_type_recall:
        failed.append(f"type recall {report.type_recall:.3f} < floor {min_type_recall}")
    if min_type_source is not None and report.type_source < min_type_source:
        failed.append(f"type+source {report.type_source:.3f} < floor {min_type_source}")
    if failed:
        _fail("; ".join(failed), 1)


def _print_panel(folder: Path, pipe, split: str, errors: int) -> dict:
    from .panel import evaluate_panel

    try:
        rep = evaluate_panel(folder, pipe, split)
    except (ValueError, KeyError) as exc:
        _fail(f"{folder}: {exc}")
    cols = [("events_gold", "gold"), ("events_out", "out"), ("type_precision", "type P"), ("source_precision", "src P"),
            ("target_precision", "tgt P"), ("status_precision", "status P"), ("whole_precision", "whole P"),
            ("recall_status", "recall"), ("claims_precision", "claim P"), ("claimant_right", "claimant"),
            ("places_precision", "place P"), ("actors_recall", "actors")]
    t = Table(title=f"real-text panel {folder} ({split})")
    t.add_column("article")
    t.add_column("split")
    for _, head in cols:
        t.add_column(head, justify="right")
    for row in rep.articles:
        t.add_row(row["id"], row["split"], *(str(row[k]) for k, _ in cols))
    for name, fig in sorted(rep.splits.items()):
        t.add_row(f"[bold]{name}[/]", "", *(f"[bold]{fig[k]}[/]" for k, _ in cols))
    out.print(t)
    if rep.missing:
        out.print(f"not scored, text missing or changed (python eval/panel/fetch.py): {', '.join(rep.missing)}", highlight=False)
    if errors:
        for aid, items in rep.items.items():
            for it in items[:errors]:
                out.print(f"- {aid} {json.dumps(it, ensure_ascii=False)}", highlight=False, markup=False)
    return {"splits": rep.splits, "articles": rep.articles, "missing": rep.missing, "items": rep.items}


@app.command()
def bench(
    n: int = typer.Option(200, "--n", help="Articles in the generated corpus."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the figures as JSON here."),
    batch_size: int = BATCH_SIZE,
    ingest: bool = typer.Option(True, "--ingest/--no-ingest", help="Also time ingest into a fresh DuckDB file."),
    workers: int = typer.Option(1, "--workers", "-w", help="Also time extraction with this many worker processes (start-up included)."),
    repeat: int = typer.Option(3, "--repeat", min=1, help="Rounds of the spaCy / flashpoint / rules-only timings, taken in turn; each keeps its fastest round."),
) -> None:
    """Measure extraction speed against spaCy's own parse of the same texts, side by side."""
    import tempfile

    from .bench import run_bench

    with tempfile.TemporaryDirectory() as tmp:
        figures = run_bench(n, batch_size=batch_size, ingest_db=str(Path(tmp) / "bench.duckdb") if ingest else None,
                            workers=workers, repeat=repeat)
    t = Table(title=f"flashpoint bench: {figures['articles']} articles, {figures['words']:,} words")
    for col in ("stage", "seconds", "articles/s", "words/s", "ratio to spaCy", "speed-up"):
        t.add_column(col, justify="right" if col != "stage" else "left")
    for row in figures["rows"]:
        t.add_row(row["stage"], f"{row['seconds']:.2f}", f"{row['articles_per_s']:.1f}", f"{row['words_per_s']:,.0f}",
                  f"{row['ratio']:.3f}", f"{row['speedup_over_1']:.2f}x" if "speedup_over_1" in row else "")
    out.print(t)
    out.print(f"peak RSS: {figures['peak_rss_mb']:.0f} MB")
    if json_out:
        json_out.write_text(json.dumps(figures, indent=2))


@app.command()
def train(
    data: Path = typer.Argument(..., exists=True, file_okay=False, metavar="DIR",
                                help="Folder with PLV_train.tsv and PLV_test.tsv (github.com/snowood1/Zero-Shot-PLOVER, datasets/)."),
    dev: Path = typer.Option(Path("eval/plover_gsr_dev.jsonl"), "--dev", exists=True, dir_okay=False,
                             help="The PLOVER development set (trained on only in the folds that do not score it)."),
    weights: Optional[Path] = typer.Option(None, "--out", help="Where to write the weights (default: the package's own data/classifier/event_types.npz)."),
    folds: int = typer.Option(5, "--folds", min=2, help="Cross-validation folds on the development set."),
    with_rules: bool = typer.Option(True, "--with-rules/--classifier-only",
                                    help="Also score rules alone and rules + classifier on the same folds (loads the spaCy model)."),
    plv_cv: bool = typer.Option(False, "--plv-cv", help="Also score rules alone and rules + classifier on PLV sentences by k-fold (about 2 minutes)."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the figures as JSON here."),
) -> None:
    """Train the event classifier: refuse PLOVER gold records, cross-validate, write the weights."""
    from .learn.train import run_training
    from .resources import data_path

    target = weights or data_path("classifier/event_types.npz")
    cache = data / ".embed_cache.npz"
    report = run_training(data, dev, target, k=folds, with_rules=with_rules, plv_cv=plv_cv, cache=cache,
                          progress=lambda msg: err.print(msg))
    t = Table(title=f"flashpoint train: {report.n_plv} PLV + {report.n_dev} development sentences ({len(report.refused)} refused)")
    t.add_column(f"{folds}-fold cross-validation (development set unless named)")
    t.add_column("type", justify="right")
    t.add_column("type+source", justify="right")
    t.add_row("classifier alone", f"{report.cv_classifier:.3f}", "")
    if report.cv_rules:
        r = report.cv_rules
        t.add_row("rules alone", f"{r['rules_type']:.3f}", f"{r['rules_type_source']:.3f}")
        t.add_row("rules + classifier", f"{r['with_classifier_type']:.3f}", f"{r['with_classifier_type_source']:.3f}")
    if report.cv_plv:
        t.add_row(f"PLV sentences, {folds}-fold: rules alone", f"{report.cv_plv['rules_type']:.3f}", "")
        t.add_row(f"PLV sentences, {folds}-fold: rules + classifier", f"{report.cv_plv['with_classifier_type']:.3f}", "")
    out.print(t)
    out.print(f"weights: {report.out} (sha256 {report.sha256[:16]}...)")
    if json_out:
        json_out.write_text(json.dumps(report.to_dict(), indent=2))


@app.command()
def claims(
    paths: List[str] = typer.Argument(None, help="Articles (files, folders, JSONL) to read claims from; or none with --db."),
    db: Optional[Path] = typer.Option(None, "--db", help="Read the claims stored in this corpus instead of coding articles."),
    published: Optional[str] = PUBLISHED,
    override_date: Optional[str] = OVERRIDE_DATE,
    only_disputed: bool = typer.Option(False, "--disputed", help="Show only quantities on which claimants disagree."),
    tolerance: float = typer.Option(0.1, help="Relative gap between two figures that counts as disagreement."),
    fmt: str = FORMAT,
    as_json: bool = typer.Option(False, "--json", help="The same as --format json: the groups as one JSON array."),
) -> None:
    """Group the numbers claimed across articles by what they count and show where claimants disagree.
    Exits 1 if any input could not be read."""
    from .claimsview import ClaimRow, group_claim_rows

    fmt = _checked_format(fmt, as_json)
    if bool(paths) == (db is not None):
        _fail("give article paths or --db CORPUS (one of them)")
    n_bad = 0
    if db is not None:
        from .corpus import Corpus

        try:
            with Corpus(db) as corpus:
                rows = [ClaimRow(aid, pub, c) for aid, pub, c in corpus.claim_records()]
        except FlashpointError as exc:
            _fail(str(exc))
    else:
        pipe = _pipeline()
        rows = []
        for res in pipe.run(iter_inputs(paths, _checked_date(published), override=_checked_date(override_date, "--override-date"))):
            if isinstance(res, ErrorRecord):
                n_bad += 1
                err.print(f"[yellow]skipped[/] {escape(res.message)}", highlight=False)
            else:
                rows += [ClaimRow(res.article.id, res.article.published, c) for c in res.claims]
    groups = [g for g in group_claim_rows(rows) if not only_disputed or g.disagreement(tolerance)]
    flat = [{"unit": g.unit, "of": g.owner, "status": g.status, "disputed": g.disagreement(tolerance),
             "value": to_dict(r.claim.value), "value_low": r.low, "value_high": r.high, "qualifier": r.claim.qualifier,
             "claimant": r.claimant, "subject": r.claim.subject, "article": r.article_id, "published": r.published,
             "sentence": r.claim.sentence} for g in groups for r in g.rows]
    if fmt == "json":
        sys.stdout.write(json.dumps([{"unit": g.unit, "of": g.owner, "status": g.status, "disputed": g.disagreement(tolerance),
                                      "claims": [{k: v for k, v in row.items() if k not in ("unit", "of", "status", "disputed")}
                                                 for row in flat if (row["unit"], row["of"], row["status"]) == (g.unit, g.owner, g.status)]}
                                     for g in groups], ensure_ascii=False, indent=2, default=json_default) + "\n")
    elif fmt == "jsonl":
        sys.stdout.write("".join(json_line(row) + "\n" for row in flat))
    elif fmt == "csv":
        sys.stdout.write(csv_text(flat, list(flat[0]) if flat else ["unit"]))
    else:
        for g in groups:
            flag = " [bold red]claimants disagree[/]" if g.disagreement(tolerance) else ""
            t = Table(title=f"{g.unit}{' of ' + g.owner if g.owner else ''} ({g.status}){flag}", expand=True, title_justify="left")
            t.add_column("value", no_wrap=True)
            t.add_column("claimant", no_wrap=True, overflow="ellipsis", max_width=24)
            t.add_column("published", no_wrap=True)
            t.add_column("subject", no_wrap=True, overflow="ellipsis", ratio=1)
            for r in g.rows:
                t.add_row(claim_value(r.claim.qualifier, r.claim.value), r.claimant, r.published or "no date",
                          " ".join(r.claim.subject.split()))
            out.print(t)
    _unreadable(n_bad)


def _with_reads(db: Path, run, **kw):
    from .live import reading_endpoint

    with reading_endpoint(db):
        return run(**kw)


@app.command()
def ingest(
    paths: List[str] = typer.Argument(..., help="Files and folders to ingest (recursively): .txt, .html, .json, .jsonl, RSS/Atom."),
    db: Path = typer.Option(Path("corpus.duckdb"), "--db", help="The corpus database (created when the first article is stored)."),
    published: Optional[str] = PUBLISHED,
    override_date: Optional[str] = OVERRIDE_DATE,
    replace: bool = typer.Option(False, "--replace", help="Code again, in place of the stored one, an article whose input or date changed."),
    batch_size: int = BATCH_SIZE,
    commit_every: int = typer.Option(64, min=1, help="Articles per database transaction (a crash loses at most this many, to redo)."),
    cluster_window: int = typer.Option(3, min=0, max=36500, help="Days within which the same event told by several articles is one cluster."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, only the summary."),
    json_out: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    max_bytes: int = typer.Option(5 * 1024 * 1024, min=1, help="Largest single article file; larger files are rejected (too_large)."),
    workers: int = WORKERS,
    engine: str = ENGINE,
    ray_address: Optional[str] = RAY_ADDRESS,
    config_file: Optional[Path] = CONFIG,
    time_budget: float = TIME_BUDGET,
) -> None:
    """Code articles into a DuckDB corpus. Safe to re-run and to kill: nothing is lost or doubled.
    Exits 1 if any input could not be read."""
    from .progress import ProgressBar
    from .store import Store, ingest_articles

    published = _checked_date(published)
    override_date = _checked_date(override_date, "--override-date")
    _checked_engine(engine)

    from .live import find_server, wait_for_ingest

    server = find_server(db)
    if server is not None and server.get("role") == "ingest":  # another ingest holds it: one writer at a time
        server = wait_for_ingest(db, server, lambda m: err.print(m, highlight=False))
    if server is None and db.exists():
        try:  # fail early, before the model loads, if another process holds the database
            Store(db).close()
        except FlashpointError as exc:
            _fail(str(exc))
    elif server is not None and not quiet:  # a server owns the database: it codes and stores, this process reads and sends
        err.print(f"{db} is served by {server['url']} (pid {server['pid']}): handing the articles to it"
                  + (" (it codes them itself: --workers, --engine, --config and --replace apply to local ingests)"
                     if workers != 1 or engine != "local" or config_file or replace else ""), highlight=False)
    from .parallel import needs_local_pipeline

    bar = ProgressBar(err, input_bytes(paths), "ingesting", enabled=not quiet)
    items = iter_inputs(paths, published, override=override_date, max_bytes=max_bytes, progress=bar.read)
    if server is not None:
        from .live import hand_off

        run = functools.partial(hand_off, server, items)
    else:
        config = _config(config_file)
        pipe = (_pipeline(batch_size=batch_size, config=config, time_budget=time_budget or None)
                if needs_local_pipeline(engine, workers) else None)
        run = functools.partial(ingest_articles, items, db, pipeline=pipe, batch_size=batch_size, commit_every=commit_every,
                                cluster_window=cluster_window, engine=engine, workers=workers, ray_address=ray_address,
                                config=config, replace=replace)
        run = functools.partial(_with_reads, db, run)  # while this process holds the database, reads go through it

    def tick(r) -> None:
        bar.note(f"{r.stored} stored, {r.skipped} known, {r.rejected} unreadable, {bar.rate(r.read):.1f}/s")

    try:
        with bar:
            report = run(progress=tick)
    except FlashpointError as exc:
        _fail(str(exc))
    if json_out:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2) + "\n")
    else:
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(report.rejected_codes.items()))
        where = str(db) if db.exists() else f"nothing stored, no database created at {db}"
        replaced = f" ({report.replaced} in place of older versions)" if report.replaced else ""
        out.print(f"{report.stored} stored{replaced}, {report.skipped} already in the corpus"
                  f"{' (--replace codes again those whose date or text changed)' if report.skipped and not replace else ''}, "
                  f"{report.rejected} could not be read{' (' + codes + ')' if codes else ''}; {report.events} events, "
                  f"{report.clusters} event clusters; {report.read / max(report.seconds, 1e-9):.1f} articles/s -> {where}",
                  highlight=False, markup=False)
        shown = getattr(report, "rejected_inputs", [])
        for r in shown:  # which inputs, and why: a rejection is never silent
            err.print(f"rejected ({r['code']}): {r['message']}", highlight=False, markup=False)
        if report.rejected > len(shown):
            err.print(f"... and {report.rejected - len(shown)} more: SELECT * FROM rejected in {db}", highlight=False, markup=False)
        if report.undated:
            out.print(f"{report.undated} article(s) without a publication date: published is null, and only dates the text "
                      "gives in full are resolved (give --published for a default)", highlight=False)
    _unreadable(report.rejected)


@app.command()
def export(
    db: Path = typer.Option(Path("corpus.duckdb"), "--db", help="The corpus database."),
    fmt: str = typer.Option("parquet", "--format", "-f", help="parquet, csv or jsonl (every table); gdelt (GDELT 2.0 event table: 61 tab-separated columns, no header, one row per event cluster), polecat (POLECAT's TSV) or plover (PLOVER JSON records, one a line)."),
    out_dir: Path = typer.Option(Path("export"), "--out", "-o",
                                 help="Folder to write into (made if missing; its files of the same names are replaced); for gdelt, polecat and plover, a file name (events.tsv) is the file to write. An existing file is never overwritten."),
    status: Optional[str] = typer.Option(None, "--status", help="gdelt, polecat, plover: the statuses to export, comma-separated (asserted, planned, hypothetical, negated) or 'all'; asserted only by default."),
) -> None:
    """Write the corpus tables out as Parquet, CSV or JSON Lines, or the events as GDELT 2.0, POLECAT or PLOVER."""
    from .exports import FORMATS, export_corpus, parse_statuses, write_export
    from .live import find_server, remote_export

    if fmt not in ("parquet", "csv", "jsonl", *FORMATS):
        _fail(f"--format must be parquet, csv, jsonl, gdelt, polecat or plover, not '{fmt}'")
    if status is not None and fmt not in FORMATS:
        _fail(f"--status applies to gdelt, polecat and plover, not to --format {fmt}")
    try:
        statuses = parse_statuses(status)
    except FlashpointError as exc:
        _fail(str(exc))
    file_target: Path | None = None
    if out_dir.is_file() or (out_dir.suffix and not out_dir.exists()):
        if out_dir.exists():
            _fail(f"--out {out_dir}: the file already exists; remove it or choose another path")
        if fmt not in FORMATS:
            _fail(f"--out {out_dir}: --format {fmt} writes one file per table; give a folder, not a file name")
        file_target = out_dir
    server = find_server(db)
    try:
        if server is not None:  # the process that holds the database writes the files
            if file_target is not None:
                written, n = _remote_export_to_file(server, fmt, file_target, statuses)
            else:
                written, n = remote_export(server, fmt, out_dir.resolve(), statuses)
        else:
            with _open_store(db) as store:
                if file_target is not None:
                    file_target.parent.mkdir(parents=True, exist_ok=True)
                    path, n = write_export(store, fmt, file_target, statuses)
                    written = [path]
                else:
                    written, n = export_corpus(store, fmt, out_dir, statuses)
    except FlashpointError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"--out {out_dir}: cannot write there ({exc.strerror or exc})")
    if n is not None:
        err.print(f"{n} {'event clusters' if fmt == 'gdelt' else 'events'} ({', '.join(statuses)})", highlight=False)
    for w in written:
        out.print(str(w), highlight=False, soft_wrap=True)  # a path is never wrapped


def _remote_export_to_file(server: dict, fmt: str, target: Path, statuses) -> tuple[list[Path], int | None]:
    """A served corpus exported to one named file: the server writes into a
    fresh folder beside it, whose file then takes the name asked for."""
    import shutil
    import tempfile

    from .live import remote_export

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".flashpoint-export-", dir=target.parent))
    try:
        written, n = remote_export(server, fmt, tmp.resolve(), statuses)
        Path(written[0]).replace(target)
        return [target], n
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@app.command()
def stats(
    db: Path = typer.Option(Path("corpus.duckdb"), "--db", help="The corpus database."),
    top: int = typer.Option(10, help="How many actor pairs and clusters to list."),
    fmt: str = FORMAT,
    json_out: bool = typer.Option(False, "--json", help="The same as --format json."),
) -> None:
    """Articles, events by type and status, top actor pairs, most widely reported events.
    jsonl and csv give one row per figure, with its section."""
    from .live import find_server, remote_stats

    fmt = _checked_format(fmt, json_out)
    server = find_server(db)
    if server is not None:  # the server owns the file: ask it (it answers while it ingests)
        try:
            s = remote_stats(server, top)
        except FlashpointError as exc:
            _fail(str(exc))
    else:
        try:
            with _open_store(db) as store:
                s = store.stats(top)
        except FlashpointError as exc:  # a damaged database: the message, exit 2
            _fail(str(exc))
    if fmt == "json":
        sys.stdout.write(json.dumps(s, indent=2, default=json_default) + "\n")
        return
    if fmt in ("jsonl", "csv"):
        rows = _stats_rows(s)
        if fmt == "jsonl":
            sys.stdout.write("".join(json_line(r) + "\n" for r in rows))
        else:
            cols = list(dict.fromkeys(k for r in rows for k in r))
            sys.stdout.write(csv_text(rows, cols))
        return
    out.print(f"{s['articles']} articles ({s['near_duplicates']} near-duplicates, {s['undated']} without a date), "
              f"{s['rejected']} inputs that could not be read, {s['events']} events, {s['claims']} claims, {s['places']} places",
              highlight=False)
    t = Table(title="events by type and status")
    for col in ("type", "status", "events"):
        t.add_column(col, no_wrap=True)
    for typ, status, n in s["events_by_type_status"]:
        t.add_row(typ, status, str(n))
    out.print(t)
    t = Table(title="top actor pairs")
    for col in ("source", "target", "events", "mean intensity"):
        t.add_column(col, no_wrap=True)
    for a, b, n, i in s["top_pairs"]:
        t.add_row(a, b, str(n), str(i))
    out.print(t)
    if s["top_clusters"]:
        t = Table(title="most widely reported events", expand=True)
        for col, head in (("type", "type"), ("source", "src"), ("target", "tgt"), ("date", "first date"), ("articles", "arts"),
                          ("sources", "srcs"), ("mentions", "ment")):
            t.add_column(head, no_wrap=True)
        t.add_column("example", no_wrap=True, overflow="ellipsis", ratio=1)
        for row in s["top_clusters"]:
            t.add_row(*["" if x is None else str(x) for x in row[:7]], " ".join(str(row[7]).split()))
        out.print(t)


def _stats_rows(s: dict) -> list[dict]:
    """The figures of ``Store.stats`` as flat rows, each with its section."""
    rows: list[dict] = [{"section": "totals", "name": k, "value": v} for k, v in s.items() if isinstance(v, int)]
    rows += [{"section": "events_by_type_status", "type": t, "status": st, "value": n} for t, st, n in s["events_by_type_status"]]
    rows += [{"section": "top_pairs", "source": a, "target": b, "value": n, "mean_intensity": i} for a, b, n, i in s["top_pairs"]]
    rows += [{"section": "top_clusters", "type": r[0], "source": r[1], "target": r[2], "date": r[3], "articles": r[4],
              "sources": r[5], "value": r[6], "example": r[7]} for r in s["top_clusters"]]
    for r in rows:
        for k, v in r.items():
            if hasattr(v, "isoformat"):
                r[k] = v.isoformat()
    return rows


@app.command()
def serve(
    db: Path = typer.Option(Path("corpus.duckdb"), "--db", help="The corpus database; this process owns it while it serves."),
    host: str = typer.Option("127.0.0.1", help="Address to bind; anything but loopback exposes the corpus."),
    port: int = typer.Option(8000, help="Port (0: any free port; the address is printed and written to DB.server.json)."),
    token: Optional[str] = typer.Option(None, envvar="FLASHPOINT_TOKEN", help="Require this bearer token on the whole API (FLASHPOINT_TOKEN); else reads are open and only posting articles needs the token written to DB.server.json."),
    watch: Optional[Path] = typer.Option(None, "--watch", help="Ingest files that arrive in this folder (recursively), each once it has stopped growing."),
    published: Optional[str] = PUBLISHED,
    poll: float = typer.Option(2.0, help="Seconds between two looks at the --watch folder."),
    batch_size: int = BATCH_SIZE,
    commit_every: int = typer.Option(64, help="Articles per database transaction when ingesting."),
    cluster_window: int = typer.Option(3, help="Days within which the same event told by several articles is one cluster."),
    config_file: Optional[Path] = CONFIG,
    insecure: bool = typer.Option(False, "--insecure", help="Serve an address other than loopback without a token (anyone who reaches it reads the corpus)."),
    allow_host: List[str] = typer.Option([], "--allow-host", help="Also answer requests for this Host name (a proxy's or DNS name); others are refused."),
) -> None:
    """Serve the HTTP API and the offline dashboard, and own the corpus: ingest what arrives in --watch,
    what is posted to /api/articles and what `flashpoint ingest` hands over, while it is read."""
    from .live import find_server, serve_live, wait_for_ingest

    published = _checked_date(published)
    running = find_server(db)
    if running is not None and running.get("role") == "ingest":  # serve once that ingest is done
        running = wait_for_ingest(db, running, lambda m: err.print(m, highlight=False))
    if running is not None:
        _fail(f"{db} is already served by {running['url']} (pid {running['pid']}); one process owns a database")
    if watch is not None and not watch.is_dir():
        _fail(f"--watch {watch}: no such folder")
    if watch is None and not db.exists():
        _fail(f"{db}: no corpus database; create it with `flashpoint ingest PATH --db {db}` or serve it with --watch FOLDER")
    if poll <= 0 or commit_every < 1 or batch_size < 1:
        _fail("--poll, --commit-every and --batch-size must be positive")
    from .serve import allowed_hosts_for, check_exposure

    try:
        check_exposure(host, token, insecure)
        if db.exists():
            _open_store(db).close()  # a damaged or foreign database: say so now, not as 503s
    except FlashpointError as exc:
        _fail(str(exc))
    if host not in ("127.0.0.1", "localhost", "::1") and not token:
        err.print("[yellow]warning:[/] serving on a public address without a token (--insecure)", highlight=False)
    config = _config(config_file)

    def ready(url: str, info: Path) -> None:
        out.print(f"flashpoint dashboard on {url}/  (API description at /openapi.json)", highlight=False, soft_wrap=True)
        out.print(f"POST /api/articles and `flashpoint ingest --db {db}` store into this server; its token is in {info}",
                  highlight=False, soft_wrap=True)
        if watch is not None:
            out.print(f"watching {watch}: files are ingested once they stop growing", highlight=False, soft_wrap=True)

    serve_live(db, host=host, port=port, token=token, watch=watch, published=published, interval=poll,
               commit_every=commit_every, batch_size=batch_size, cluster_window=cluster_window, config=config,
               on_ready=ready, allowed_hosts=allowed_hosts_for(host, tuple(allow_host)))


@app.callback(invoke_without_command=True)
def _root(version: bool = typer.Option(False, "--version", help="Print the version.")) -> None:
    if version:
        out.print(__version__)
        raise typer.Exit()


def main() -> None:
    try:
        app()
    except FlashpointError as exc:  # a user error never prints a traceback
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
