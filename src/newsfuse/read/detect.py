"""Bytes in, text and format out: gzip, size limits, binary files, encodings, format sniffing.

Everything here raises :mod:`newsfuse.errors` input errors naming the item; the reader turns them
into :class:`~newsfuse.models.Problem` entries so a batch never stops on one bad file.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import logging
import re
import zlib
from pathlib import Path
from typing import BinaryIO

from newsfuse.errors import EmptyInput, InputTooLarge, UnknownFormat, UnreadableInput

__all__ = [
    "FORMATS",
    "decode_bytes",
    "is_gzip",
    "open_maybe_gzip",
    "read_bytes",
    "sniff_format",
]

log = logging.getLogger(__name__)

FORMATS = ("text", "html", "jsonl", "csv", "multinews", "feed", "warc")
"""The input formats newsfuse reads (``format=`` / ``--format``)."""

GZIP_MAGIC = b"\x1f\x8b"
SNIFF_BYTES = 65536

_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".warc": "warc",
    ".arc": "warc",
}


def is_gzip(head: bytes) -> bool:
    return head[:2] == GZIP_MAGIC


def open_maybe_gzip(path: Path) -> BinaryIO:
    """Open a file for binary reading, decompressing it on the fly when it is gzip."""
    raw = path.open("rb")
    if is_gzip(raw.read(2)):
        raw.seek(0)
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    raw.seek(0)
    return raw


def read_bytes(path: Path, item: str, max_bytes: int) -> bytes:
    """The file's bytes, gunzipped when it is gzip, refusing more than ``max_bytes``."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableInput(item, f"cannot read the file ({exc.strerror})") from exc
    if size > max_bytes:
        raise InputTooLarge(item, _too_large(size, max_bytes))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableInput(item, f"cannot read the file ({exc.strerror})") from exc
    if is_gzip(data):
        data = _gunzip(data, item, max_bytes)
    if not data.strip():
        raise EmptyInput(item, "the file is empty")
    return data


def _too_large(size: int, max_bytes: int) -> str:
    return (
        f"{size / 2**20:.1f} MB is over the {max_bytes / 2**20:.0f} MB limit "
        f"(raise it with ReadOptions(max_bytes=...) / --max-mb if this really is one article)"
    )


def _gunzip(data: bytes, item: str, max_bytes: int) -> bytes:
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            while chunk := stream.read(1 << 20):
                out += chunk
                if len(out) > max_bytes:
                    raise InputTooLarge(item, _too_large(len(out), max_bytes) + ", decompressed")
    except EOFError as exc:
        raise UnreadableInput(
            item, "truncated gzip file: it ends before the compressed data does (re-download it)"
        ) from exc
    except (OSError, zlib.error) as exc:
        raise UnreadableInput(item, f"corrupt gzip data ({exc})") from exc
    return bytes(out)


# --------------------------------------------------------------------------------------------
# Encodings

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


_CONTROL_BYTES = bytes([*range(9), *range(14, 32), 127])
"""Control bytes that do not occur in text (tab, line feed, vertical tab, form feed and
carriage return do)."""


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: NUL bytes or many control bytes in its first 8 KB."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls / len(head) > 0.05


def decode_bytes(data: bytes, item: str, encoding: str | None = None) -> str:
    """Decode bytes to text.

    UTF-8 (with or without BOM) and UTF-16 with BOM are decoded as such. Otherwise the text is
    decoded line by line: lines that are valid UTF-8 as UTF-8, the others as Windows-1252 (a
    superset of Latin-1 for printable text). That repairs the common real-world cases: a cp1252
    or Latin-1 file, a page that declares UTF-8 but is Latin-1, and files that mix both. Texts
    in other legacy encodings are detected with charset-normalizer.
    """
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise UnreadableInput(item, f"cannot decode as {encoding} ({exc})") from exc
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableInput(item, f"invalid UTF-16 text ({exc})") from exc
    if looks_binary(data):
        raise UnreadableInput(item, "binary data, not text (is this the right file?)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _decode_legacy(data)
    if text is None:
        raise UnreadableInput(
            item, "undecodable text: not UTF-8 and no other encoding fits (pass encoding=...)"
        )
    log.info("%s: not valid UTF-8, decoded line by line (UTF-8 / Windows-1252)", item)
    return text


def _decode_legacy(data: bytes) -> str | None:
    lines = data.split(b"\n")
    bad = [ln for ln in lines if not _valid_utf8(ln)]
    high = sum(1 for ln in bad for b in ln if b >= 0x80)
    if high and _is_multibyte_legacy(data):
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding not in ("utf_8", "ascii"):
            return str(best)
    out = []
    for line in lines:
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode("cp1252", errors="replace"))
    text = "\n".join(out)
    if text.count("\ufffd") > max(10, len(text) // 100):
        return None
    return text


def _valid_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_multibyte_legacy(data: bytes) -> bool:
    """True when most bytes are high bytes: a CJK or Cyrillic legacy encoding, not cp1252."""
    high = sum(1 for b in data[:20000] if b >= 0x80)
    return high > len(data[:20000]) * 0.25


# --------------------------------------------------------------------------------------------
# Formats


def sniff_format(head: bytes, name: str = "") -> str:
    """The format of a file from its first bytes (already gunzipped) and, for ties, its name.

    Raises :class:`UnknownFormat` for data no reader handles (e.g. a PDF or an image).
    """
    text = head[:SNIFF_BYTES].decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    lower = text[:4096].lower()
    suffix = _suffix(name)
    if lower.startswith(("warc/", "filedesc://")):
        return "warc"
    if head.startswith((b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise UnknownFormat(name, "not a news text format (PDF, ZIP or image data)")
    if lower.startswith("<"):
        if re.search(r"<(rss|feed|rdf:rdf)\b", lower):
            return "feed"
        return "html"
    if suffix == "feed" and not lower.startswith("<"):
        return "feed"  # a .rss/.atom/.xml file that is not XML: the feed reader says so
    if lower.startswith(("{", "[")):
        return "jsonl"
    if "|||||" in text:
        return "multinews"
    if suffix == "csv" or (suffix not in ("text", "html") and _looks_like_csv(text)):
        return "csv"
    if suffix in ("html", "feed") and re.search(r"<(html|body|p|div)\b", lower):
        return "html"
    return "text"


def _suffix(name: str) -> str | None:
    suffixes = [s.lower() for s in Path(name).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return _EXTENSIONS.get(suffixes[-1]) if suffixes else None


_CSV_HEADER = re.compile(r"^[\"']?[\w .-]{1,40}[\"']?(?:[,;\t|][\"']?[\w .-]{1,40}[\"']?){1,60}$")


def _looks_like_csv(text: str) -> bool:
    """A header line of short column names, one of them a text column, then data rows."""
    first = text.split("\n", 1)[0].strip().lower()
    if not _CSV_HEADER.match(first):
        return False
    names = {n.strip(" \"'") for n in re.split(r"[,;\t|]", first)}
    return bool(names & {"text", "content", "body", "article"})


def parse_json_document(text: str) -> object | None:
    """The value of a file that is one JSON document (not JSON lines), or ``None``."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None
