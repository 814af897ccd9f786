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
from rich.table import Table

from . import __version__
from .errors import FlashpointError
from .inputs import iter_inputs, parse_published
from .model import ArticleResult, ErrorRecord, to_dict

if TYPE_CHECKING:
    from .pipeline import Pipeline

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
                  help="Turn news articles about political crises into checkable PLOVER event data.")
out = Console()
err = Console(stderr=True, soft_wrap=True)


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def _pipeline(**kw: Any) -> Pipeline:
    from .pipeline import Pipeline

    try:
        return Pipeline(**kw)
    except FlashpointError as exc:
        _fail(str(exc))


def _checked_date(published: Optional[str]) -> Optional[str]:
    if published is None:
        return None
    try:
        return parse_published(published, "--published")
    except FlashpointError as exc:
        _fail(str(exc))


def _checked_engine(engine: str) -> None:
    if engine not in ("local", "ray"):
        _fail(f"--engine must be local or ray, not '{engine}'")


PUBLISHED = typer.Option(None, "--published", "-p", help="Publication date YYYY-MM-DD, for inputs that carry none.")
BATCH_SIZE = typer.Option(16, help="Articles per nlp.pipe batch.")
WORKERS = typer.Option(1, "--workers", "-w", help="Worker processes, each loading the model once.")
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


def _claim_value(qualifier: Optional[str], v) -> str:
    val = f"{v[0]:,}–{v[1]:,}" if isinstance(v, (tuple, list)) else f"{v:,}"
    return (qualifier + " " if qualifier else "") + val


def _json_line(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


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
    as_json: bool = typer.Option(False, "--json", help="Print the contract's JSON: one object for one article, JSON Lines for many."),
    output: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the JSON (Lines) to this file instead of standard output."),
    batch_size: int = BATCH_SIZE,
    no_places: bool = typer.Option(False, "--no-places", help="Skip place resolution (faster)."),
    no_claims: bool = typer.Option(False, "--no-claims", help="Skip claim extraction."),
    workers: int = WORKERS,
    engine: str = ENGINE,
    ray_address: Optional[str] = RAY_ADDRESS,
    config_file: Optional[Path] = CONFIG,
) -> None:
    """Extract events, claims, places and actors from articles."""
    from .parallel import needs_local_pipeline, run_engine
    from .pipeline import prepare_all

    published = _checked_date(published)
    _checked_engine(engine)
    batch = _is_batch(paths)
    config = _config(config_file)
    pipe = (_pipeline(batch_size=batch_size, places=not no_places, claims=not no_claims, config=config)
            if needs_local_pipeline(engine, workers) else None)
    results = run_engine(pipe, prepare_all(iter_inputs(paths, published)), engine=engine, workers=workers,
                         batch_size=batch_size, ray_address=ray_address, places=not no_places, claims=not no_claims,
                         config=config)
    sink = open(output, "w", encoding="utf-8") if output else sys.stdout
    n_ok = n_bad = 0
    try:
        for res in results:
            if isinstance(res, ErrorRecord):
                n_bad += 1
                if not batch:
                    _fail(res.message)
                if as_json:
                    sink.write(_json_line({**res.to_dict(), "source": res.source}) + "\n")
                else:
                    err.print(f"[yellow]skipped[/] {res.message}", highlight=False)
                continue
            n_ok += 1
            if as_json:
                d = to_dict(res)
                sink.write((json.dumps(d, ensure_ascii=False, indent=2) if not batch else _json_line(d)) + "\n")
            else:
                _print_article(res)
    finally:
        if output:
            sink.close()
    if batch and (output or not as_json):
        err.print(f"{n_ok} article(s) extracted, {n_bad} rejected", highlight=False)
    if n_ok == 0 and n_bad:
        raise typer.Exit(1)


def _actor(a) -> str:
    if a is None:
        return "-"
    return a["code"] + (f"/{a['sector']}" if a.get("sector") else "")


def _print_article(res: ArticleResult) -> None:
    d = to_dict(res)
    art = d["article"]
    out.rule(f"[bold]{art['title'] or art['id']}[/]  ({art['published']})")
    t = Table(show_lines=False, expand=True, title=f"{len(d['events'])} events")
    for col in ("type", "mode", "status", "source", "target", "date", "place", "n", "sentence"):
        t.add_column(col, overflow="fold", ratio=4 if col == "sentence" else None)
    style = {"asserted": "green", "planned": "cyan", "hypothetical": "magenta", "negated": "red"}
    for e in d["events"]:
        t.add_row(e["type"], e["mode"] or "", f"[{style[e['status']]}]{e['status']}[/]", _actor(e["source"]),
                  _actor(e["target"]), e["date"] or "", (e["place"] or {}).get("name", ""), str(e["mentions"]),
                  e["sentence"][:160])
    out.print(t)
    if d["claims"]:
        c = Table(title=f"{len(d['claims'])} claims", expand=True)
        for col in ("value", "unit", "subject", "claimant", "status"):
            c.add_column(col, overflow="fold")
        for cl in d["claims"]:
            c.add_row(_claim_value(cl["qualifier"], cl["value"]), cl["unit"], cl["subject"], cl["claimant_phrase"] or "-", cl["status"])
        out.print(c)
    if d["places"]:
        out.print("places: " + ", ".join(
            f"{p['name']} ({p['country'] or '?'}{'' if p['lat'] is not None else ', unresolved'}) x{p['mentions']}" for p in d["places"]),
            highlight=False)


@app.command("eval")
def eval_cmd(
    gold: Optional[Path] = typer.Argument(None, exists=True, dir_okay=False, help="Event gold standard JSON Lines (PLOVER GSR shape)."),
    places: Optional[Path] = typer.Option(None, "--places", exists=True, dir_okay=False, help="Place gold file (eval/places_gold.jsonl shape)."),
    claims: Optional[Path] = typer.Option(None, "--claims", exists=True, dir_okay=False, help="Claim gold file (eval/claims_gold.jsonl shape)."),
    panel: Optional[Path] = typer.Option(None, "--panel", exists=True, file_okay=False,
                                         help="Real-text panel folder (eval/panel): per-article and total precision per field, whole-event precision, recall."),
    split: str = typer.Option("all", "--split", help="With --panel: score one part ('dev', the tuned-on part; 'aside', 'fresh' and 'fresh2', the parts kept aside) or 'all' (each reported apart)."),
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
) -> None:
    """Measure extraction speed against spaCy's own parse of the same texts, side by side."""
    import tempfile

    from .bench import run_bench

    with tempfile.TemporaryDirectory() as tmp:
        figures = run_bench(n, batch_size=batch_size, ingest_db=str(Path(tmp) / "bench.duckdb") if ingest else None,
                            workers=workers)
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
    paths: List[str] = typer.Argument(..., help="Articles (files, folders, JSONL) to read claims from."),
    published: Optional[str] = PUBLISHED,
    only_disputed: bool = typer.Option(False, "--disputed", help="Show only quantities on which claimants disagree."),
    tolerance: float = typer.Option(0.1, help="Relative gap between two figures that counts as disagreement."),
    as_json: bool = typer.Option(False, "--json", help="Print the groups as JSON."),
) -> None:
    """Group the numbers claimed across articles by what they count and show where claimants disagree."""
    from .claimsview import group_claims

    pipe = _pipeline()
    results = [r for r in pipe.run(iter_inputs(paths, published)) if not isinstance(r, ErrorRecord)]
    groups = [g for g in group_claims(results) if not only_disputed or g.disagreement(tolerance)]
    if as_json:
        out.print_json(data=[{"unit": g.unit, "of": g.owner, "status": g.status, "disputed": g.disagreement(tolerance),
                              "claims": [{"value": to_dict(r.claim.value), "qualifier": r.claim.qualifier, "claimant": r.claimant,
                                          "subject": r.claim.subject, "article": r.article_id, "published": r.published,
                                          "sentence": r.claim.sentence} for r in g.rows]} for g in groups])
        return
    for g in groups:
        flag = " [bold red]claimants disagree[/]" if g.disagreement(tolerance) else ""
        t = Table(title=f"{g.unit}{' of ' + g.owner if g.owner else ''} ({g.status}){flag}", expand=True, title_justify="left")
        for col in ("value", "claimant", "subject", "published", "article"):
            t.add_column(col, overflow="fold")
        for r in g.rows:
            t.add_row(_claim_value(r.claim.qualifier, r.claim.value), r.claimant, r.claim.subject, r.published, r.article_id)
        out.print(t)


def _with_reads(db: Path, run, **kw):
    from .live import reading_endpoint

    with reading_endpoint(db):
        return run(**kw)


@app.command()
def ingest(
    paths: List[str] = typer.Argument(..., help="Files and folders to ingest (recursively): .txt, .html, .json, .jsonl, RSS/Atom."),
    db: Path = typer.Option(Path("corpus.duckdb"), "--db", help="The corpus database (created if missing)."),
    published: Optional[str] = PUBLISHED,
    batch_size: int = BATCH_SIZE,
    commit_every: int = typer.Option(64, help="Articles per database transaction (a crash loses at most this many, to redo)."),
    cluster_window: int = typer.Option(3, help="Days within which the same event told by several articles is one cluster."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, only the summary."),
    json_out: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    max_bytes: int = typer.Option(5 * 1024 * 1024, help="Largest single article file; larger files are rejected (too_large)."),
    workers: int = WORKERS,
    engine: str = ENGINE,
    ray_address: Optional[str] = RAY_ADDRESS,
    config_file: Optional[Path] = CONFIG,
) -> None:
    """Code articles into a DuckDB corpus. Safe to re-run and to kill: nothing is lost or doubled."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .store import Store, ingest_articles

    published = _checked_date(published)
    _checked_engine(engine)

    from .live import find_server, wait_for_ingest

    server = find_server(db)
    if server is not None and server.get("role") == "ingest":  # another ingest holds it: one writer at a time
        server = wait_for_ingest(db, server, lambda m: err.print(m, highlight=False))
    if server is None:
        try:  # fail early, before the model loads, if another process holds the database
            Store(db).close()
        except FlashpointError as exc:
            _fail(str(exc))
    else:  # a server owns the database: it codes and stores, this process reads and sends
        if not quiet:
            err.print(f"{db} is served by {server['url']} (pid {server['pid']}): handing the articles to it"
                      + (" (it codes them itself: --workers, --engine and --config apply to local ingests)"
                         if workers != 1 or engine != "local" or config_file else ""), highlight=False)
    from .parallel import needs_local_pipeline

    items = iter_inputs(paths, published, max_bytes=max_bytes)
    if server is not None:
        from .live import hand_off

        run = functools.partial(hand_off, server, items)
    else:
        config = _config(config_file)
        pipe = _pipeline(batch_size=batch_size, config=config) if needs_local_pipeline(engine, workers) else None
        run = functools.partial(ingest_articles, items, db, pipeline=pipe, batch_size=batch_size, commit_every=commit_every,
                                cluster_window=cluster_window, engine=engine, workers=workers, ray_address=ray_address,
                                config=config)
        run = functools.partial(_with_reads, db, run)  # while this process holds the database, reads go through it
    if quiet:
        report = run()
    else:
        columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=None),
                   TextColumn("{task.fields[stored]} stored, {task.fields[skipped]} already there, {task.fields[rejected]} rejected"),
                   TextColumn("{task.fields[rate]:.1f} articles/s"), TimeElapsedColumn())
        with Progress(*columns, console=err, transient=False) as bar:
            task = bar.add_task("ingesting", total=None, stored=0, skipped=0, rejected=0, rate=0.0)
            import time

            t0 = time.perf_counter()

            def tick(r) -> None:
                bar.update(task, completed=r.read, stored=r.stored, skipped=r.skipped, rejected=r.rejected,
                           rate=r.read / max(time.perf_counter() - t0, 1e-9))

            report = run(progress=tick)
    if json_out:
        out.print_json(data=report.to_dict())
    else:
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(report.rejected_codes.items()))
        out.print(f"{report.stored} stored, {report.skipped} already in the corpus, {report.rejected} rejected"
                  f"{' (' + codes + ')' if codes else ''}; {report.events} events, {report.clusters} event clusters; "
                  f"{report.read / max(report.seconds, 1e-9):.1f} articles/s -> {db}", highlight=False)
    if report.stored == 0 and report.rejected and report.skipped == 0:
        raise typer.Exit(1)


@app.command()
def export(
    db: Path = typer.Option(Path("corpus.duckdb"), "--db", help="The corpus database."),
    fmt: str = typer.Option("parquet", "--format", "-f", help="parquet, csv or jsonl (every table); gdelt (GDELT 2.0 event table: 61 tab-separated columns, no header, one row per event cluster), polecat (POLECAT's TSV) or plover (PLOVER JSON records, one a line)."),
    out_dir: Path = typer.Option(Path("export"), "--out", "-o", help="Folder to write into."),
    status: Optional[str] = typer.Option(None, "--status", help="gdelt, polecat, plover: the statuses to export, comma-separated (asserted, planned, hypothetical, negated) or 'all'; asserted only by default."),
) -> None:
    """Write the corpus tables out as Parquet, CSV or JSON Lines, or the events as GDELT 2.0, POLECAT or PLOVER."""
    from .exports import FORMATS, export_corpus, parse_statuses
    from .live import find_server, remote_export

    if fmt not in ("parquet", "csv", "jsonl", *FORMATS):
        _fail(f"--format must be parquet, csv, jsonl, gdelt, polecat or plover, not '{fmt}'")
    if status is not None and fmt not in FORMATS:
        _fail(f"--status applies to gdelt, polecat and plover, not to --format {fmt}")
    try:
        statuses = parse_statuses(status)
    except FlashpointError as exc:
        _fail(str(exc))
    server = find_server(db)
    try:
        if server is not None:  # the process that holds the database writes the files
            written, n = remote_export(server, fmt, out_dir.resolve(), statuses)
        else:
            with _open_store(db) as store:
                written, n = export_corpus(store, fmt, out_dir, statuses)
    except FlashpointError as exc:
        _fail(str(exc))
    if n is not None:
        err.print(f"{n} {'event clusters' if fmt == 'gdelt' else 'events'} ({', '.join(statuses)})", highlight=False)
    for w in written:
        out.print(str(w), highlight=False, soft_wrap=True)  # a path is never wrapped


@app.command()
def stats(
    db: Path = typer.Option(Path("corpus.duckdb"), "--db", help="The corpus database."),
    top: int = typer.Option(10, help="How many actor pairs and clusters to list."),
    json_out: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Articles, events by type and status, top actor pairs, most widely reported events."""
    from .live import find_server, remote_stats

    server = find_server(db)
    if server is not None:  # the server owns the file: ask it (it answers while it ingests)
        try:
            s = remote_stats(server, top)
        except FlashpointError as exc:
            _fail(str(exc))
    else:
        with _open_store(db) as store:
            s = store.stats(top)
    if json_out:
        out.print_json(data=s)
        return
    out.print(f"{s['articles']} articles ({s['near_duplicates']} near-duplicates), {s['rejected']} rejected inputs, "
              f"{s['events']} events, {s['claims']} claims, {s['places']} places", highlight=False)
    t = Table(title="events by type and status")
    for col in ("type", "status", "events"):
        t.add_column(col)
    for typ, status, n in s["events_by_type_status"]:
        t.add_row(typ, status, str(n))
    out.print(t)
    t = Table(title="top actor pairs")
    for col in ("source", "target", "events", "mean intensity"):
        t.add_column(col)
    for a, b, n, i in s["top_pairs"]:
        t.add_row(a, b, str(n), str(i))
    out.print(t)
    if s["top_clusters"]:
        t = Table(title="most widely reported events")
        for col in ("type", "source", "target", "date", "articles", "sources", "mentions", "example"):
            t.add_column(col, overflow="fold")
        for row in s["top_clusters"]:
            t.add_row(*[str(x) for x in row[:7]], row[7][:100])
        out.print(t)


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
    if host not in ("127.0.0.1", "localhost", "::1") and not token:
        err.print("[yellow]warning:[/] serving on a public address without --token", highlight=False)
    config = _config(config_file)

    def ready(url: str, info: Path) -> None:
        out.print(f"flashpoint dashboard on {url}/  (API description at /openapi.json)", highlight=False, soft_wrap=True)
        out.print(f"POST /api/articles and `flashpoint ingest --db {db}` store into this server; its token is in {info}",
                  highlight=False, soft_wrap=True)
        if watch is not None:
            out.print(f"watching {watch}: files are ingested once they stop growing", highlight=False, soft_wrap=True)

    serve_live(db, host=host, port=port, token=token, watch=watch, published=published, interval=poll,
               commit_every=commit_every, batch_size=batch_size, cluster_window=cluster_window, config=config,
               on_ready=ready)


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
