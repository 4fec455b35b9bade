"""Saved pages to clean: HTML files (plain or gzipped), folders of them, WARC files, standard input.

From a WARC response record a page takes its URL (``WARC-Target-URI``), fetch time (``WARC-Date``)
and HTTP status, so cleaning the archive of a crawl (``--warc``, output/warc.py) gives back the
records that crawl wrote; the body is decoded by its ``Content-Encoding`` (archived as received).

Pure reading, no Scrapy: ``cleancrawl clean`` and the fixture tools iterate these.

Inputs are hostile until read: every read is bounded. A page body is read up to ``max_bytes``
(the cleaner's own page limit) and no further, whether it comes from a plain file, a gzip
stream (a 10 MB ``.html.gz`` of zeros unpacks to 10 GiB) or a WARC record (a record's
``Content-Encoding`` is decompressed as it streams too); a larger one is counted ``too-large``
and the rest of it is skipped, never held in memory. Anything that could not be read fully is
reported as an input problem naming the path and the reason, never skipped in silence:
unreadable files and folders, truncated gzip streams and WARC files, garbage in a WARC, links
that loop or point nowhere. One cut cannot be seen: a ``.warc.gz`` cut exactly between two
records (gzip members) is a valid, shorter WARC file, and WARC holds no record count.

The folder walk is ``os.scandir`` by hand rather than ``Path.rglob`` because rglob swallows the
errors we must report (a folder it cannot list, a dangling link, a link loop).
"""

from __future__ import annotations

import dataclasses
import errno
import gzip
import io
import os
import sys
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cleaners.page_bounds import MAX_PAGE_BYTES

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
STDIN = "-"
STDIN_LABEL = "<stdin>"
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class SavedPage:
    """One page to clean. ``error`` is set instead of ``body`` for an input that could not be
    read fully (it names the input and the reason); ``rejected`` for a page refused before
    cleaning (``too-large``). ``progress`` is how many bytes of input this entry accounts for."""

    label: str
    body: bytes = b""
    file: str | None = None
    url: str | None = None
    content_type: str | None = None
    error: str | None = None
    rejected: str | None = None
    progress: int = 0
    # From a WARC response record: its WARC-Date and HTTP status, the record's fetched_at and status
    fetched_at: str | None = None
    status: int | None = None


@dataclass(frozen=True, slots=True)
class InputEntry:
    """One input found by the walk: a page file, a WARC file, standard input, or a problem."""

    path: str
    kind: str  # "html", "warc", "stdin" or "problem"
    size: int = 0
    problem: str | None = None


def _is_html(name: str) -> bool:
    return name.lower().endswith(HTML_SUFFIXES)


def _is_warc(name: str) -> bool:
    return name.lower().endswith(WARC_SUFFIXES)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _link_problem(path: str) -> str | None:
    """Why a symbolic link cannot be followed, or None when it leads somewhere."""
    try:
        os.stat(path)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return f"symbolic link loops: {path}"
        if err.errno == errno.ENOENT:
            return f"symbolic link points nowhere: {path} -> {os.readlink(path)}"
        return f"cannot follow link {path}: {err.strerror}"
    return None


def _walk(folder: str, ancestors: frozenset[str]) -> Iterator[InputEntry]:
    """Page and WARC files under ``folder``, depth first in the order of their sorted paths."""
    try:
        with os.scandir(folder) as scan:
            entries = list(scan)
    except OSError as err:
        yield InputEntry(folder, "problem", problem=f"cannot read folder {folder}: {err.strerror or err}")
        return
    # Sorting on name + "/" for folders gives the order of their full paths ("a.html" < "a/b.html").
    keyed = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        keyed.append((entry.name + ("/" if is_dir else ""), entry, is_dir))
    for _, entry, is_dir in sorted(keyed, key=lambda k: k[0]):
        if entry.is_symlink():
            problem = _link_problem(entry.path)
            if problem:
                yield InputEntry(entry.path, "problem", problem=problem)
                continue
        if is_dir:
            real = os.path.realpath(entry.path)
            if real in ancestors:
                yield InputEntry(entry.path, "problem", problem=f"symbolic link loops: {entry.path} -> {real}")
                continue
            yield from _walk(entry.path, ancestors | {real})
        elif _is_html(entry.name):
            yield InputEntry(entry.path, "html", _size(entry.path))
        elif _is_warc(entry.name):
            yield InputEntry(entry.path, "warc", _size(entry.path))


def find_inputs(paths: list[str]) -> list[InputEntry]:
    """Every input named on the command line, folders walked: known up front, so a run can show
    a total (their bytes) before it reads the first page."""
    found: list[InputEntry] = []
    for raw in paths:
        if raw == STDIN:
            found.append(InputEntry(STDIN, "stdin"))
        elif os.path.isdir(raw):
            found.extend(_walk(raw, frozenset({os.path.realpath(raw)})))
        elif os.path.isfile(raw):
            found.append(InputEntry(raw, "warc" if _is_warc(raw) else "html", _size(raw)))
        elif os.path.islink(raw):
            found.append(InputEntry(raw, "problem", problem=_link_problem(raw) or f"cannot read {raw}"))
        else:
            found.append(InputEntry(raw, "problem", problem=f"no such file or folder: {raw}"))
    return found


def read_limited(stream: BinaryIO, limit: int) -> bytes | None:
    """At most ``limit`` bytes of ``stream``; None when it holds more (then at most one byte more
    than the limit was read, so a gzip bomb is never unpacked past it)."""
    data = stream.read(limit + 1)
    return None if len(data) > limit else data


def _open_page(path: str) -> BinaryIO:
    raw = open(path, "rb")  # noqa: SIM115 (closed by the caller, through the gzip wrapper if any)
    if path.lower().endswith(".gz"):
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


def read_html_file(path: str | Path, max_bytes: int = MAX_PAGE_BYTES, progress: int = 0) -> SavedPage:
    path = str(path)
    try:
        with _open_page(path) as stream:
            body = read_limited(stream, max_bytes)
            if isinstance(stream, gzip.GzipFile):
                stream.fileobj.close()  # type: ignore[union-attr]
    except EOFError as err:
        return SavedPage(path, file=path, error=f"truncated gzip file {path}: {err}", progress=progress)
    except (OSError, zlib.error) as err:
        return SavedPage(path, file=path, error=f"cannot read {path}: {err}", progress=progress)
    if body is None:
        return SavedPage(path, file=path, rejected="too-large", progress=progress)
    return SavedPage(path, body, file=path, progress=progress)


def _archive_iterator_class() -> type:
    from warcio.archiveiterator import ArchiveIterator

    class CheckedArchiveIterator(ArchiveIterator):
        """Notes, before warcio drops its reader, whether the stream ended cleanly: warcio takes
        a gzip member that stops short, or a record cut inside its headers, for a normal end."""

        ended_inside_member = False
        leftover = 0

        def close(self) -> None:
            decompressor = getattr(self.reader, "decompressor", None) if self.reader else None
            if decompressor is not None and getattr(decompressor, "eof", True) is False:
                self.ended_inside_member = True
            try:  # bytes after the end of the last whole record: a record cut short, or garbage
                self.leftover = max(0, self.fh.tell() - self.offset)
            except (OSError, ValueError):
                self.leftover = 0
            super().close()

    return CheckedArchiveIterator


class _Tell:
    """The byte position of the raw input, for progress: warcio reads it in blocks."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.done = 0

    def delta(self) -> int:
        try:
            position = self.stream.tell()
        except (OSError, ValueError):
            return 0
        step, self.done = position - self.done, position
        return max(0, step)


def read_warc_stream(
    stream: BinaryIO,
    name: str,
    max_bytes: int = MAX_PAGE_BYTES,
    *,
    file: str | None = None,
    arc: bool = False,
    skipped: Callable[[str], None] | None = None,
) -> Iterator[SavedPage]:
    """Every HTML response record of a WARC stream, with its target URI and Content-Type; a
    record body over ``max_bytes`` is counted ``too-large`` (and skipped unread); a truncated
    record or stream, or garbage where a record should be, ends with an error naming ``name``.
    ``skipped(kind)`` hears of each record passed over: ``not-response`` (request, metadata,
    warcinfo...) or ``not-html`` (a response of another Content-Type), for whoever counts them."""
    iterator = _archive_iterator_class()(stream, arc2warc=arc)
    if not arc:  # a .warc holds WARC records only: anything else is garbage, not an ARC record
        iterator.known_format = "warc"
    tell = _Tell(stream)
    number = -1
    try:
        for number, record in enumerate(iterator):
            if record.rec_type is None and not record.rec_headers.protocol:
                # warcio skips a leading blank line and then takes whatever follows for a record
                # with no header at all: garbage, not a record of an unknown type
                raise ValueError("not a WARC record")
            label = f"{name}#{number}"
            page = _warc_page(record, label, max_bytes, file)
            if page is None and skipped is not None:
                skipped("not-response" if record.rec_type != "response" or record.http_headers is None else "not-html")
            iterator.read_to_end()
            if getattr(record.raw_stream, "limit", 0) > 0:
                yield SavedPage(label, file=file, error=f"WARC {name} is truncated inside record {number}")
                return
            if page is not None:
                yield _with_progress(page, tell.delta())
    except Exception as err:  # warcio raises ArchiveLoadFailed, but also AttributeError... on broken input
        where = f"after record {number}" if number >= 0 else "at its start"
        yield SavedPage(name, file=file, error=f"cannot read WARC {name} {where}: {err}".strip())
        return
    if iterator.ended_inside_member or iterator.leftover:
        why = "its gzip stream ends early" if iterator.ended_inside_member else f"{iterator.leftover} bytes follow"
        yield SavedPage(name, file=file, error=f"WARC {name} is truncated: {why} after record {number}")



def _with_progress(page: SavedPage, progress: int) -> SavedPage:
    return dataclasses.replace(page, progress=progress)


def _status(record) -> int | None:
    try:
        return int(record.http_headers.get_statuscode())
    except (TypeError, ValueError):
        return None


def _warc_page(record, label: str, max_bytes: int, file: str | None) -> SavedPage | None:
    """The page of an HTML response record, with what the record says of its fetch: target URI,
    WARC-Date (the record's ``fetched_at``) and HTTP status. A response that is not a success (a
    redirect, a 404 page, a 503 with a retry's HTML) is rejected as ``http-<status>``, as a crawl
    never cleans one: its body is not the page at that URL. A record marked ``WARC-Truncated``
    (its body cut by the crawler's size limit) is rejected as ``warc-truncated``."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    if "html" not in content_type.lower():
        return None
    found = {
        "file": file,
        "url": record.rec_headers.get_header("WARC-Target-URI"),
        "fetched_at": record.rec_headers.get_header("WARC-Date"),
        "status": _status(record),
    }
    if found["status"] is not None and not 200 <= found["status"] < 300:
        return SavedPage(label, content_type=content_type, rejected=f"http-{found['status']}", **found)
    if record.rec_headers.get_header("WARC-Truncated"):
        # the crawler kept only the start of the body (Common Crawl: the first MiB): the article
        # may end mid-sentence or be missing, so the page is not cleaned as if whole
        return SavedPage(label, content_type=content_type, rejected="warc-truncated", **found)
    try:
        body = read_limited(record.content_stream(), max_bytes)
    except Exception as err:  # a broken Content-Encoding or chunking: report it and go on with the next
        return SavedPage(label, error=f"cannot read record {label}: {err}", **found)
    if body is None:
        return SavedPage(label, content_type=content_type, rejected="too-large", **found)
    return SavedPage(label, body, content_type=content_type, **found)


def read_warc(
    path: str | Path, max_bytes: int = MAX_PAGE_BYTES, skipped: Callable[[str], None] | None = None
) -> Iterator[SavedPage]:
    path = str(path)
    try:
        stream = open(path, "rb")  # noqa: SIM115 (closed below, after the generator is done)
    except OSError as err:
        yield SavedPage(path, file=path, error=f"cannot read WARC {path}: {err.strerror or err}")
        return
    with stream:
        arc = path.lower().endswith((".arc", ".arc.gz"))
        yield from read_warc_stream(stream, path, max_bytes, file=path, arc=arc, skipped=skipped)


def _archive_kind(head: bytes) -> str | None:
    """ "warc" or "arc" when the first bytes (maybe gzipped) start such a record, else None."""
    if head.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error:
            return None
    head = head.lstrip()
    return "warc" if head.startswith(b"WARC/") else "arc" if head.startswith(b"filedesc://") else None


def read_stdin(stream: BinaryIO, max_bytes: int = MAX_PAGE_BYTES) -> Iterator[SavedPage]:
    """Standard input: a WARC stream (plain or gzipped, told by its first bytes) or one page."""
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[arg-type]
    head = buffered.peek(4096)[:4096]  # type: ignore[attr-defined]
    kind = _archive_kind(head)
    if kind:
        yield from read_warc_stream(buffered, STDIN_LABEL, max_bytes, arc=kind == "arc")
        return
    try:
        source = gzip.GzipFile(fileobj=buffered, mode="rb") if head.startswith(_GZIP_MAGIC) else buffered
        body = read_limited(source, max_bytes)  # type: ignore[arg-type]
    except (EOFError, OSError, zlib.error) as err:
        yield SavedPage(STDIN_LABEL, error=f"cannot read standard input: {err}")
        return
    if body is None:
        yield SavedPage(STDIN_LABEL, rejected="too-large")
    else:
        yield SavedPage(STDIN_LABEL, body)


def read_inputs(
    entries: list[InputEntry], max_bytes: int = MAX_PAGE_BYTES, stdin: BinaryIO | None = None
) -> Iterator[SavedPage]:
    """The pages of every input, in order; input problems come as pages with ``error`` set."""
    for entry in entries:
        if entry.kind == "problem":
            yield SavedPage(entry.path, file=entry.path, error=entry.problem)
        elif entry.kind == "stdin":
            yield from read_stdin(stdin if stdin is not None else sys.stdin.buffer, max_bytes)
        elif entry.kind == "warc":
            yield from read_warc(entry.path, max_bytes)
        else:
            yield read_html_file(entry.path, max_bytes, progress=entry.size)


def iter_pages(paths: list[str], max_bytes: int = MAX_PAGE_BYTES) -> Iterator[SavedPage]:
    """Pages in the order given; folders are walked recursively in sorted order."""
    return read_inputs(find_inputs(paths), max_bytes)
