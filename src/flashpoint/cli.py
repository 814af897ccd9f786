"""The ``flashpoint`` command: a thin layer over the library. Every command's
work is done by a library function; this module parses options and prints."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .errors import FlashpointError
from .inputs import iter_inputs, parse_published
from .model import ArticleResult, ErrorRecord, to_dict

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
                  help="Turn news articles about political crises into checkable PLOVER event data.")
out = Console()
err = Console(stderr=True, soft_wrap=True)


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def _pipeline(**kw):
    from .pipeline import Pipeline

    try:
        return Pipeline(**kw)
    except FlashpointError as exc:
        _fail(str(exc))


def _is_batch(paths: list[str]) -> bool:
    if len(paths) != 1:
        return True
    p = Path(paths[0])
    return p.is_dir() or p.suffix.lower() in (".jsonl", ".ndjson", ".rss", ".atom", ".xml")


def _json_line(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


@app.command()
def extract(
    paths: List[str] = typer.Argument(..., help="Article files or folders: .txt, .html, .json, .jsonl, RSS/Atom; '-' reads standard input."),
    published: Optional[str] = typer.Option(None, "--published", "-p", help="Publication date YYYY-MM-DD, for inputs that carry none."),
    as_json: bool = typer.Option(False, "--json", help="Print the contract's JSON: one object for one article, JSON Lines for many."),
    output: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the JSON (Lines) to this file instead of standard output."),
    batch_size: int = typer.Option(16, help="Articles per nlp.pipe batch."),
    no_places: bool = typer.Option(False, "--no-places", help="Skip place resolution (faster)."),
    no_claims: bool = typer.Option(False, "--no-claims", help="Skip claim extraction."),
) -> None:
    """Extract events, claims, places and actors from articles."""
    if published is not None:
        try:
            published = parse_published(published, "--published")
        except FlashpointError as exc:
            _fail(str(exc))
    batch = _is_batch(paths)
    pipe = _pipeline(batch_size=batch_size, places=not no_places, claims=not no_claims)
    results = pipe.run(iter_inputs(paths, published))
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
            v = cl["value"]
            val = f"{v[0]:,}–{v[1]:,}" if isinstance(v, list) else f"{v:,}"
            c.add_row(((cl["qualifier"] + " ") if cl["qualifier"] else "") + val, cl["unit"], cl["subject"],
                      cl["claimant_text"] or "-", cl["status"])
        out.print(c)
    if d["places"]:
        out.print("places: " + ", ".join(
            f"{p['name']} ({p['country'] or '?'}{'' if p['lat'] is not None else ', unresolved'}) x{p['mentions']}" for p in d["places"]),
            highlight=False)


@app.command("eval")
def eval_cmd(
    gold: Path = typer.Argument(..., exists=True, dir_okay=False, help="Gold standard JSON Lines (PLOVER GSR shape)."),
    json_out: Optional[Path] = typer.Option(None, "--json-out", help="Write the figures as JSON here."),
    errors: int = typer.Option(0, "--errors", help="Show this many misclassified sentences."),
    min_type_recall: Optional[float] = typer.Option(None, help="Exit 1 if type recall falls below this floor."),
    min_type_source: Optional[float] = typer.Option(None, help="Exit 1 if type+source accuracy falls below this floor."),
) -> None:
    """Score the event coder on a gold standard: per-type precision, recall, F1; type+source accuracy."""
    from .evaluate import evaluate

    report = evaluate(gold, _pipeline(places=False, claims=False))
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
        json_out.write_text(json.dumps(report.to_dict(), indent=2))
    failed = []
    if min_type_recall is not None and report.type_recall < min_type_recall:
        failed.append(f"type recall {report.type_recall:.3f} < floor {min_type_recall}")
    if min_type_source is not None and report.type_source < min_type_source:
        failed.append(f"type+source {report.type_source:.3f} < floor {min_type_source}")
    if failed:
        _fail("; ".join(failed), 1)


@app.command()
def bench(
    n: int = typer.Option(200, "--n", help="Articles in the generated corpus."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the figures as JSON here."),
    batch_size: int = typer.Option(16, help="Articles per nlp.pipe batch."),
) -> None:
    """Measure extraction speed against spaCy's own parse of the same texts, side by side."""
    from .bench import run_bench

    figures = run_bench(n, batch_size=batch_size)
    t = Table(title=f"flashpoint bench: {figures['articles']} articles, {figures['words']:,} words")
    for col in ("stage", "seconds", "articles/s", "words/s", "ratio to spaCy"):
        t.add_column(col, justify="right" if col != "stage" else "left")
    for row in figures["rows"]:
        t.add_row(row["stage"], f"{row['seconds']:.2f}", f"{row['articles_per_s']:.1f}", f"{row['words_per_s']:,.0f}",
                  f"{row['ratio']:.3f}")
    out.print(t)
    out.print(f"peak RSS: {figures['peak_rss_mb']:.0f} MB")
    if json_out:
        json_out.write_text(json.dumps(figures, indent=2))


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
