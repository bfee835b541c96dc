"""The ``newsfuse`` command: a thin layer over the library (parse, call, print).

Exit codes (as trafilatura's batch mode): 0 everything was read, 1 some items failed or were
skipped (the rest was processed), 2 usage error or nothing could be processed.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsfuse.errors import NewsfuseError
from newsfuse.models import Article, Brief, Problem

__all__ = ["app", "main"]

app = typer.Typer(
    name="newsfuse",
    help="Turn many news reports about one event into one verified, sourced brief.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console(soft_wrap=True, highlight=False, markup=False, emoji=False)

DEFAULT_DB = "newsfuse.db"

PathsArg = Annotated[
    list[str] | None,
    typer.Argument(help="Files, directories or globs: text, HTML, JSONL, CSV, feeds, WARC, gzip."),
]
FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="Input format, when detection by content is not wanted: "
        "text, html, jsonl, csv, multinews, feed, warc.",
    ),
]
DbOpt = Annotated[
    Path | None, typer.Option("--db", help=f"SQLite store (default for ingest: {DEFAULT_DB}).")
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Log what each stage does.")]


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=err, show_path=False, show_time=False)],
        force=True,
    )


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]newsfuse: error:[/] {message}", markup=True, highlight=False)
    raise typer.Exit(code)


def _report_problems(problems: Sequence[Problem]) -> None:
    for p in problems:
        colour = "yellow" if p.kind == "skipped" else "red"
        err.print(f"[{colour}]{p.kind}:[/] ", end="", markup=True)
        err.print(str(p), markup=False, highlight=False)


@contextmanager
def _progress(label: str, total: int | None) -> Iterator[Progress]:
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    with progress:
        progress.add_task(label, total=total)
        yield progress


def _read(paths: Sequence[str], fmt: str | None) -> tuple[list[Article], list[Problem]]:
    from newsfuse.read import iter_read

    articles: list[Article] = []
    problems: list[Problem] = []
    with _progress("Reading", None) as progress:
        for item in iter_read(list(paths), format=fmt):
            if isinstance(item, Problem):
                problems.append(item)
            else:
                articles.append(item)
            progress.advance(progress.task_ids[0])
    _report_problems(problems)
    return articles, problems


def _write(text: str, output: Path | None) -> None:
    if output is None:
        out.print(text, end="" if text.endswith("\n") else "\n")
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"{output}: cannot write: {exc.strerror}")
    err.print(f"wrote {output}", highlight=False)


def _exit_code(problems: Sequence[Problem], processed: int) -> int:
    if processed == 0:
        return 2
    return 1 if problems else 0


@app.command()
def brief(
    paths: PathsArg = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, json or html.")] = "md",
    output: OutputOpt = None,
    words: Annotated[int, typer.Option("--words", "-w", help="Summary length in words.")] = 250,
    db: DbOpt = None,
    story: Annotated[
        str | None, typer.Option("--story", help="With --db: the story to brief.")
    ] = None,
    input_format: FromOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Brief the articles in PATH... (one story), or a story stored in --db."""
    from newsfuse.brief import brief as make_brief
    from newsfuse.render import FORMATS, render

    _setup_logging(verbose)
    if fmt not in FORMATS:
        _fail(f"unknown --format {fmt!r}: choose one of {', '.join(FORMATS)}")
    problems: list[Problem] = []
    try:
        if paths:
            articles, problems = _read(paths, input_format)
            if not articles:
                _fail("nothing could be read from the given paths")
            with _progress("Annotating", len(articles)) as progress:
                result = make_brief(
                    articles,
                    max_words=words,
                    on_done=lambda _: progress.advance(progress.task_ids[0]),
                )
        elif db is not None:
            result = _stored_brief(db, story, words)
        else:
            _fail("give PATH... to brief, or --db FILE to brief a stored story")
        _write(render(result, fmt), output)
    except NewsfuseError as exc:
        _fail(str(exc))
    raise typer.Exit(1 if problems else 0)


def _stored_brief(db: Path, story: str | None, words: int) -> Brief:
    from newsfuse.brief import stored_brief
    from newsfuse.store import Store

    if not db.exists():
        _fail(f"{db}: no such store; create it with `newsfuse ingest PATH... --db {db}`")
    with Store(db) as store:
        return stored_brief(store, story, max_words=words)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or globs to store.")],
    db: Annotated[Path, typer.Option("--db", help="SQLite store to add to.")] = Path(DEFAULT_DB),
    input_format: FromOpt = None,
    processes: Annotated[
        int | None,
        typer.Option(
            "--processes", "-p", help="Worker processes for annotation [default: all cores]."
        ),
    ] = None,
    verbose: VerboseOpt = False,
) -> None:
    """Read, analyse and store articles in an embedded SQLite database (re-ingest is a no-op)."""
    from newsfuse.ingest import ingest as run_ingest

    _setup_logging(verbose)
    try:
        with _progress("Ingesting", None) as progress:
            report = run_ingest(
                paths,
                db,
                format=input_format,
                processes=processes,
                on_article=lambda: progress.advance(progress.task_ids[0]),
            )
    except NewsfuseError as exc:
        _fail(str(exc))
    _report_problems(report.problems)
    err.print(report.summary(), highlight=False)
    raise typer.Exit(_exit_code(report.problems, report.read))


@app.command()
def events(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or globs.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, json or geojson.")] = "csv",
    output: OutputOpt = None,
    input_format: FromOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Extract structured events (ACLED columns, PLOVER types) from the articles in PATH...."""
    import json

    from newsfuse.brief import prepare
    from newsfuse.entities import resolve_entities
    from newsfuse.events import merge_events
    from newsfuse.pipeline import annotate_all
    from newsfuse.render.acled import events_to_csv, events_to_geojson

    _setup_logging(verbose)
    if fmt not in ("csv", "json", "geojson"):
        _fail(f"unknown --format {fmt!r}: choose one of csv, json, geojson")
    articles, problems = _read(paths, input_format)
    if not articles:
        _fail("nothing could be read from the given paths")
    try:
        annotated = annotate_all(prepare(articles))
        found = merge_events(annotated, resolve_entities(annotated))
    except NewsfuseError as exc:
        _fail(str(exc))
    if fmt == "csv":
        text = events_to_csv(found)
    elif fmt == "geojson":
        text = json.dumps(events_to_geojson(found), indent=2, ensure_ascii=False)
    else:
        text = json.dumps([e.to_dict() for e in found], indent=2, ensure_ascii=False)
    _write(text, output)
    raise typer.Exit(1 if problems else 0)


def _open_store(db: Path | None):  # type: ignore[no-untyped-def]  # returns a Store
    from newsfuse.store import Store

    path = db or Path(DEFAULT_DB)
    if not path.exists():
        _fail(f"{path}: no such store; create it with `newsfuse ingest PATH... --db {path}`")
    return Store(path)


@app.command()
def stories(
    db: DbOpt = None,
    why: Annotated[
        str | None, typer.Option("--why", help="Say which story ARTICLE joined, and why.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    verbose: VerboseOpt = False,
) -> None:
    """List the stories in a store (title, articles, outlets, first/last date, top places)."""
    import json

    _setup_logging(verbose)
    try:
        with _open_store(db) as store:
            if why is not None:
                decision = store.explain(why)
                text = (
                    json.dumps(decision.to_dict(), indent=2, ensure_ascii=False)
                    if as_json
                    else f"{why} -> story {decision.story_id}\n{decision.reason}"
                )
                _write(text, None)
                return
            found = store.stories()
    except NewsfuseError as exc:
        _fail(str(exc))
    if as_json:
        _write(json.dumps([s.to_dict() for s in found], indent=2, ensure_ascii=False), None)
        return
    lines = [f"{'story':<20} {'arts':>4} {'outl':>4}  {'first':<10}  {'last':<10}  title / places"]
    for s in found:
        first = s.first.isoformat() if s.first else "undated"
        last = s.last.isoformat() if s.last else ""
        flags = " (brief stale)" if s.brief_stale else ""
        lines.append(
            f"{s.id:<20} {s.articles:>4} {s.outlets:>4}  {first:<10}  {last:<10}  {s.title}{flags}"
        )
        if s.places:
            lines.append(f"{'':<57}places: {', '.join(s.places)}")
    lines.append(f"{len(found)} stor{'y' if len(found) == 1 else 'ies'}")
    _write("\n".join(lines), None)


@app.command("merge-stories")
def merge_stories(
    keep: Annotated[str, typer.Argument(help="Story that keeps its id.")],
    other: Annotated[str, typer.Argument(help="Story whose articles move into KEEP.")],
    db: DbOpt = None,
) -> None:
    """Merge story OTHER into story KEEP (a correction to the automatic grouping)."""
    try:
        with _open_store(db) as store:
            store.merge_stories(keep, other)
            n = len(store.articles(keep))
    except NewsfuseError as exc:
        _fail(str(exc))
    err.print(f"merged {other} into {keep}: {n} articles", highlight=False)


@app.command("split-story")
def split_story(
    story: Annotated[str, typer.Argument(help="Story to split.")],
    articles: Annotated[list[str], typer.Argument(help="Ids of the articles to move out.")],
    db: DbOpt = None,
) -> None:
    """Move ARTICLES out of STORY into a new story (a correction to the automatic grouping)."""
    try:
        with _open_store(db) as store:
            new_id = store.split_story(story, articles)
    except NewsfuseError as exc:
        _fail(str(exc))
    out.print(new_id)


@app.command()
def serve(
    db: Annotated[Path, typer.Option("--db", help="SQLite store to serve.")] = Path(DEFAULT_DB),
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to bind (other than localhost: read-only unless --token is given).",
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option("--token", envvar="NEWSFUSE_TOKEN", help="Token required for every write."),
    ] = None,
    verbose: VerboseOpt = False,
) -> None:
    """Serve the web UI and REST API over a store (http://127.0.0.1:8000/ by default)."""
    _setup_logging(verbose)
    try:
        from newsfuse.web import serve as run_server
    except ImportError as exc:
        _fail(f"the web app needs {exc.name}: pip install 'newsfuse[web]'")
    shown = f"[{host}]" if ":" in host else host
    err.print(f"newsfuse: serving {db} at http://{shown}:{port}/ (Ctrl+C to stop)", markup=False)
    run_server(db, host, port, token=token, log_level="debug" if verbose else "warning")


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: domain errors become one line and exit code 2; an unexpected error
    also prints one line (the traceback with ``--verbose``) and asks for a bug report."""
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        app(args=args, prog_name="newsfuse")
    except NewsfuseError as exc:
        err.print(f"newsfuse: error: {exc}", highlight=False, markup=False)
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("newsfuse: interrupted", highlight=False)
        sys.exit(130)
    except Exception as exc:
        if "-v" in args or "--verbose" in args:
            raise
        err.print(
            f"newsfuse: internal error: {type(exc).__name__}: {exc} "
            "(run again with --verbose for the traceback, and please report it)",
            highlight=False,
            markup=False,
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
