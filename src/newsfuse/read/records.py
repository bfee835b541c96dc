"""Readers for files that hold many articles as records: JSON lines, CSV, Multi-News bundles.

Each reader takes the decoded text of one file and yields uncleaned articles (``id`` empty unless
the record gives one; ``path`` names the record: ``file#line`` / ``file#row`` / ``file#doc``) or
a :class:`~newsfuse.models.Problem` for each record it cannot use. Column names come from
:class:`newsfuse.read.ReadOptions`.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from newsfuse.errors import UnreadableInput
from newsfuse.models import Article, Problem, to_date

if TYPE_CHECKING:
    from newsfuse.read import ReadOptions

__all__ = ["read_csv", "read_jsonl", "read_multinews", "record_to_article"]

log = logging.getLogger(__name__)

Item = Article | Problem


def _field(record: Mapping[str, Any], names: Sequence[str]) -> Any:
    """The first non-empty value among ``names`` (matched case-insensitively)."""
    lowered = {str(k).lower(): v for k, v in record.items()}
    for name in names:
        value = lowered.get(name.lower())
        if value not in (None, "", [], {}):
            return value
    return None


def _as_text(value: Any) -> str | None:
    """A metadata value as one string: lists are joined, {"name": ...} objects give the name."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        value = value.get("name") or value.get("title") or value.get("id")
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value if v)
    text = " ".join(str(value).split())
    return text or None


def record_to_article(
    record: Mapping[str, Any], item: str, options: ReadOptions, *, text: str | None = None
) -> Item:
    """One record (a JSON object or CSV row) as an uncleaned article, or a skip naming why."""
    if text is None:
        value = _field(record, options.text_fields)
        if value is None:
            html = _field(record, options.html_fields)
            if isinstance(html, str):
                return _from_html(html, record, item, options)
            return Problem(
                item,
                f"no text: none of the columns {', '.join(options.text_fields)} has a value "
                f"(set ReadOptions(text_fields=...) / --text-field)",
                "skipped",
            )
        text = value if isinstance(value, str) else _as_text(value) or ""
    if not text.strip():
        return Problem(item, "the text is empty", "skipped")
    notes: tuple[str, ...] = ()
    published = None
    raw_date = _field(record, options.published_fields)
    if raw_date is not None:
        try:
            published = to_date(str(raw_date))
        except ValueError:
            notes = (f"unparsed date: {str(raw_date)[:40]}",)
            log.info("%s: unparsed date %r", item, raw_date)
    given_id = _as_text(_field(record, options.id_fields))
    return Article(
        id=given_id or "",
        text=text,
        title=_as_text(_field(record, options.title_fields)),
        outlet=_as_text(_field(record, options.outlet_fields)),
        url=_as_text(_field(record, options.url_fields)),
        published=published,
        author=_as_text(_field(record, options.author_fields)),
        path=item,
        notes=notes,
    )


def _from_html(html: str, record: Mapping[str, Any], item: str, options: ReadOptions) -> Item:
    import dataclasses

    from newsfuse.errors import InputError
    from newsfuse.read.html import extract_page

    try:
        page = extract_page(html, _as_text(_field(record, options.url_fields)), item)
    except InputError as exc:
        return Problem(item, exc.cause, exc.kind)  # type: ignore[arg-type]
    meta = record_to_article(record, item, options, text=page.text)
    if isinstance(meta, Problem):
        return meta
    return dataclasses.replace(
        meta,
        title=meta.title or page.title,
        outlet=meta.outlet or page.outlet,
        url=meta.url or page.url,
        published=meta.published or page.published,
        author=meta.author or page.author,
    )


def _documents(record: Mapping[str, Any]) -> list[Any] | None:
    docs = record.get("documents")
    if isinstance(docs, list) and docs and all(isinstance(d, (str, Mapping)) for d in docs):
        return docs
    return None


def _expand_record(record: Any, item: str, options: ReadOptions) -> Iterator[Item]:
    if not isinstance(record, Mapping):
        yield Problem(item, f"expected a JSON object, got {type(record).__name__}")
        return
    docs = _documents(record)
    if docs is None:
        yield record_to_article(record, item, options)
        return
    # A bundle record (Multi-News style): one article per document, sharing the metadata.
    shared = {k: v for k, v in record.items() if k != "documents"}
    for k, doc in enumerate(docs, start=1):
        sub = f"{item}.{k}"
        if isinstance(doc, str):
            meta = {k2: v for k2, v in shared.items() if k2.lower() not in ("id", "summary")}
            yield record_to_article(meta, sub, options, text=doc)
        else:
            yield record_to_article({**shared, **doc}, sub, options)


def read_jsonl(text: str, path: str, options: ReadOptions) -> Iterator[Item]:
    """JSON lines (one object per line); also a single JSON object or a JSON array of objects."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("[") or (stripped.startswith("{") and "\n{" not in stripped):
        try:
            document = json.loads(stripped)
        except json.JSONDecodeError:
            document = None
        if isinstance(document, list):
            for i, record in enumerate(document, start=1):
                yield from _expand_record(record, f"{path}#{i}", options)
            return
        if isinstance(document, Mapping):
            yield from _expand_record(document, f"{path}#1", options)
            return
        if stripped.startswith("["):
            raise UnreadableInput(path, "malformed JSON array (not valid JSON)")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        item = f"{path}#{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(item, f"malformed JSON line ({exc.msg} at column {exc.colno})")
            continue
        yield from _expand_record(record, item, options)


def read_csv(text: str, path: str, options: ReadOptions) -> Iterator[Item]:
    """CSV or TSV with a header row; the delimiter is sniffed."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    sample = text[:20000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel_tab if path.lower().endswith((".tsv", ".tsv.gz")) else csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    header = [h.lower().strip() for h in (reader.fieldnames or [])]
    wanted = {n.lower() for n in (*options.text_fields, *options.html_fields)}
    if not wanted & set(header):
        raise UnreadableInput(
            path,
            f"no text column: the header has {', '.join(header[:12]) or 'no columns'}; "
            f"expected one of {', '.join(options.text_fields)} (set --text-field)",
        )
    start = reader.line_num + 1
    try:
        for row in reader:
            item = f"{path}#{start}"  # the line the record starts on
            start = reader.line_num + 1
            if None in row:  # more cells than header columns
                row.pop(None)  # type: ignore[call-overload]
            yield record_to_article({k: v for k, v in row.items() if k}, item, options)
    except csv.Error as exc:
        yield Problem(f"{path}#{reader.line_num}", f"malformed CSV ({exc})")


_NEWLINE_CHAR = re.compile(r"\s*NEWLINE_CHAR\s*")


def read_multinews(text: str, path: str, options: ReadOptions) -> Iterator[Item]:
    """Multi-News bundles: documents separated by ``|||||``.

    The released ``.src`` files hold one cluster per line with ``NEWLINE_CHAR`` for line breaks
    (articles ``file#line.doc``); a file with real line breaks is one bundle (``file#doc``).
    """
    lines = [ln for ln in text.split("\n") if ln.strip()]
    clusters = sum("|||||" in ln and ln.replace("|||||", "").strip() != "" for ln in lines)
    if "NEWLINE_CHAR" in text or clusters > 1:
        bundles = [(f"{path}#{i}.", ln) for i, ln in enumerate(text.split("\n"), 1) if ln.strip()]
    else:
        bundles = [(f"{path}#", text)]
    for prefix, bundle in bundles:
        for k, doc in enumerate(bundle.split("|||||"), start=1):
            doc = _NEWLINE_CHAR.sub("\n", doc).strip()
            item = f"{prefix}{k}"
            if not doc:
                yield Problem(item, "empty document in the bundle", "skipped")
                continue
            yield Article(id="", text=doc, path=item)
