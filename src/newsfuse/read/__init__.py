"""Stage 1, read: files in, cleaned articles out (plus a problem for every item not used).

Reads paths (files, directories, globs; gzip transparently) in any of the formats of
:data:`FORMATS`, detected by content unless ``format=`` says otherwise::

    text       one article per file
    html       a saved web page: main text and metadata with trafilatura
    jsonl      JSON lines (or one JSON document / array); column names from ReadOptions
    csv        CSV/TSV with a header row; column names from ReadOptions
    multinews  documents separated by "|||||" (Multi-News bundles)
    feed       RSS/Atom: entries with full text, or linked pages given alongside as HTML files
    warc       WARC/ARC archives: every HTML response record

Adds to every article: cleaned text (:func:`newsfuse.clean.clean_article`, ``cleaned=True``),
``language`` (:mod:`newsfuse.language`), a stable ``id`` (content hash unless the input gives one),
and ``path`` (the file, plus ``#record`` for files holding several articles). Bad items never stop
the batch: each becomes a :class:`~newsfuse.models.Problem` naming the item and the cause.
"""

from __future__ import annotations

import dataclasses
import glob
import logging
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from newsfuse.clean import clean_article
from newsfuse.errors import EmptyInput, InputError, MissingInput, UnknownFormat, UsageError
from newsfuse.language import flag_language
from newsfuse.models import Article, Problem, article_id_for
from newsfuse.read.detect import (
    FORMATS,
    SNIFF_BYTES,
    decode_bytes,
    is_gzip,
    read_bytes,
    sniff_format,
)
from newsfuse.read.feeds import FeedLink, link_key, read_feed
from newsfuse.read.html import extract_page
from newsfuse.read.records import read_csv, read_jsonl, read_multinews
from newsfuse.read.warc import read_warc

__all__ = [
    "FORMATS",
    "ReadOptions",
    "ReadResult",
    "extract_html",
    "finish_article",
    "iter_read",
    "read",
]

log = logging.getLogger(__name__)

PathLike = str | Path


@dataclasses.dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read input: record column names (tried in order, case-insensitively), limits.

    ``max_bytes`` caps one file (after gunzip) or one WARC record; ``min_feed_chars`` is the
    shortest feed entry text taken as a full article; ``clean=False`` keeps the raw text
    (benchmarks only: the pipeline expects cleaned articles); ``encoding`` forces a text encoding.
    """

    text_fields: tuple[str, ...] = ("text", "content", "body", "article")
    title_fields: tuple[str, ...] = ("title",)
    outlet_fields: tuple[str, ...] = ("outlet", "source", "site")
    url_fields: tuple[str, ...] = ("url", "uri")
    published_fields: tuple[str, ...] = ("published", "date", "dct")
    author_fields: tuple[str, ...] = ("author",)
    id_fields: tuple[str, ...] = ("id",)
    html_fields: tuple[str, ...] = ("html",)
    max_bytes: int = 50 * 2**20
    min_feed_chars: int = 400
    clean: bool = True
    encoding: str | None = None


class ReadResult(list[Article]):
    """The articles read (a list), with ``problems``: the items skipped or failed, and why."""

    def __init__(self, articles: Iterable[Article] = (), problems: Iterable[Problem] = ()) -> None:
        super().__init__(articles)
        self.problems: list[Problem] = list(problems)

    @property
    def failed(self) -> list[Problem]:
        return [p for p in self.problems if p.kind == "failed"]

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.kind == "skipped"]

    def __repr__(self) -> str:
        return f"ReadResult({len(self)} articles, {len(self.problems)} problems)"


def read(
    paths: PathLike | Sequence[PathLike],
    format: str | None = None,
    *,
    options: ReadOptions | None = None,
) -> ReadResult:
    """Read articles from files, directories or globs (public API). See the module docstring.

    Bad items do not raise: they are listed in ``result.problems``. Raises
    :class:`~newsfuse.errors.UsageError` only for an unknown ``format``.
    """
    result = ReadResult()
    for item in iter_read(paths, format, options=options):
        if isinstance(item, Problem):
            result.problems.append(item)
        else:
            result.append(item)
    return result


def extract_html(html: str | bytes, url: str | None = None) -> Article:
    """The article in one HTML page, cleaned and with its language (trafilatura + cleaning).

    Raises :class:`~newsfuse.errors.EmptyInput` for a page with no article text and
    :class:`~newsfuse.errors.UnreadableInput` for content that cannot be decoded or parsed.
    """
    item = url or "<html>"
    text = decode_bytes(html, item) if isinstance(html, bytes) else html
    article = extract_page(text, url, item)
    return finish_article(dataclasses.replace(article, path=None), ReadOptions(), markup=True)


def finish_article(article: Article, options: ReadOptions, *, markup: bool = False) -> Article:
    """Clean an uncleaned article, flag its language and give it its content-hash id.

    ``markup`` says the text was extracted from HTML (lighter cleaning, see ``clean``).
    """
    raw_text = article.text
    if options.clean:
        article = clean_article(article, markup=markup)
    if not article.id:
        article = dataclasses.replace(article, id=article_id_for(raw_text))
    if not article.text.strip():
        kinds = Counter(r.reason for r in article.removed)
        what = ", ".join(f"{n} {reason}" for reason, n in kinds.most_common())
        raise EmptyInput(
            article.path or article.id, f"no body text left after cleaning (removed: {what})"
        )
    language = article.language
    if language is not None:
        # A declared language (HTML lang, a record column) is only a hint: the text decides.
        article = dataclasses.replace(article, language=None)
    article = flag_language(article)
    if language and article.language == "und":
        article = flag_language(dataclasses.replace(article, language=language))
    return article


# --------------------------------------------------------------------------------------------
# Paths


def _expand(paths: PathLike | Sequence[PathLike]) -> Iterator[Path | Problem]:
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not files:
                yield Problem(str(path), "the directory holds no files", "skipped")
            yield from files
        elif path.exists():
            yield path
        elif glob.has_magic(str(entry)):
            matches = sorted(Path(p) for p in glob.glob(str(entry), recursive=True))
            files = [p for p in matches if p.is_file()]
            if not files:
                yield Problem(str(entry), "no file matches this pattern", "failed")
            yield from files
        else:
            error = MissingInput(str(entry), "no such file or directory")
            yield Problem(error.item, error.cause, "failed")


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _head(path: Path) -> bytes:
    """The first bytes of a file, gunzipped if need be; as much as decodes for broken gzip."""
    with path.open("rb") as raw:
        head = raw.read(SNIFF_BYTES)
    if not is_gzip(head):
        return head
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        return inflate.decompress(head, SNIFF_BYTES)
    except zlib.error:
        return b""


# --------------------------------------------------------------------------------------------
# The reader


def iter_read(
    paths: PathLike | Sequence[PathLike],
    format: str | None = None,
    *,
    options: ReadOptions | None = None,
) -> Iterator[Article | Problem]:
    """Read lazily: yields each article as it is read, and a :class:`Problem` for each bad item.

    Feeds are read first so that the pages their entries link to, given as HTML files in the
    same call, get the entry's metadata; everything else comes in path order.
    """
    if format is not None and format not in FORMATS:
        raise UsageError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    options = options or ReadOptions()
    seen_ids: set[str] = set()
    planned: list[tuple[Path, str]] = []
    for entry in _expand(paths):
        if isinstance(entry, Problem):
            yield entry
            continue
        try:
            fmt = format or _sniff(entry)
        except InputError as exc:
            yield Problem(exc.item, exc.cause, exc.kind)  # type: ignore[arg-type]
            continue
        planned.append((entry, fmt))

    links: dict[str, FeedLink] = {}
    by_name: dict[str, FeedLink] = {}
    used: set[str] = set()
    for path, fmt in planned:
        if fmt != "feed":
            continue
        for found in _guarded(str(path), lambda p=path: _read_feed_file(p, options)):
            if isinstance(found, FeedLink):
                links[link_key(found.url)] = found
                name = found.url.rstrip("/").rsplit("/", 1)[-1]
                by_name.setdefault(name, found)
            else:
                yield from _finish(found, options, seen_ids, markup=True)

    for path, fmt in planned:
        if fmt == "feed":
            continue
        for found in _guarded(str(path), lambda p=path, f=fmt: _read_file(p, f, options)):
            if isinstance(found, Article) and (links or by_name):
                found = _apply_link(found, path, links, by_name, used)
            yield from _finish(found, options, seen_ids, markup=fmt in _MARKUP_FORMATS)

    for link in {id(v): v for v in (*links.values(), *by_name.values())}.values():
        if link.item not in used:
            yield Problem(
                link.item,
                f"the entry has no full text and its page ({link.url}) was not given as an "
                f"HTML file",
                "skipped",
            )


def _apply_link(
    article: Article,
    path: Path,
    links: dict[str, FeedLink],
    by_name: dict[str, FeedLink],
    used: set[str],
) -> Article:
    """Fill an HTML article's missing metadata from the feed entry that links to it."""
    link = links.get(link_key(article.url)) if article.url else None
    if link is None:
        link = by_name.get(path.name) or by_name.get(path.stem)
    if link is None:
        return article
    used.add(link.item)
    return dataclasses.replace(
        article,
        title=article.title or link.title,
        outlet=link.outlet or article.outlet,
        url=article.url or link.url,
        published=article.published or link.published,
        author=article.author or link.author,
    )


def _sniff(path: Path) -> str:
    try:
        head = _head(path)
    except OSError as exc:
        raise UnknownFormat(str(path), f"cannot read the file ({exc})") from exc
    if not head.strip():
        raw = path.read_bytes()[:2]
        if is_gzip(raw):
            return "text"  # reading reports the truncated or empty gzip precisely
        raise EmptyInput(str(path), "the file is empty")
    return sniff_format(head, path.name)


def _guarded(item: str, produce: object) -> Iterator[Article | Problem | FeedLink]:
    """Run a reader, turning an input error into a problem for the item (the batch goes on)."""
    try:
        yield from produce()  # type: ignore[operator]
    except InputError as exc:
        yield Problem(exc.item, exc.cause, exc.kind)  # type: ignore[arg-type]
    except (OSError, MemoryError, RecursionError) as exc:
        log.warning("%s: %s", item, exc)
        yield Problem(item, f"cannot be read ({type(exc).__name__}: {exc})")


def _read_feed_file(path: Path, options: ReadOptions) -> Iterator[Article | Problem | FeedLink]:
    data = read_bytes(path, str(path), options.max_bytes)
    yield from read_feed(data, str(path), options)


def _read_file(path: Path, fmt: str, options: ReadOptions) -> Iterator[Article | Problem]:
    item = str(path)
    if fmt == "warc":
        yield from read_warc(path, item, options)
        return
    data = read_bytes(path, item, options.max_bytes)
    text = decode_bytes(data, item, options.encoding)
    if fmt == "text":
        yield Article(id="", text=text, path=item)
    elif fmt == "html":
        yield extract_page(text, None, item)
    elif fmt == "jsonl":
        yield from read_jsonl(text, item, options)
    elif fmt == "csv":
        yield from read_csv(text, item, options)
    elif fmt == "multinews":
        yield from read_multinews(text, item, options)
    else:  # pragma: no cover - FORMATS is checked on entry
        raise UnknownFormat(item, f"no reader for {fmt!r}")


_MARKUP_FORMATS = frozenset({"html", "warc", "feed"})


def _finish(
    found: Article | Problem | FeedLink,
    options: ReadOptions,
    seen_ids: set[str],
    *,
    markup: bool = False,
) -> Iterator[Article | Problem]:
    if isinstance(found, FeedLink):
        return
    if isinstance(found, Problem):
        yield found
        return
    try:
        article = finish_article(found, options, markup=markup)
    except InputError as exc:
        yield Problem(exc.item, exc.cause, exc.kind)  # type: ignore[arg-type]
        return
    if article.id in seen_ids:
        # The same text twice (an exact duplicate): keep both, with distinct ids;
        # dedupe.find_duplicates links the copy to the first one.
        article = dataclasses.replace(article, id=article_id_for(f"{article.path}\n{found.text}"))
    seen_ids.add(article.id)
    yield article
