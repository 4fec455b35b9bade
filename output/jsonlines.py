"""Write records as JSON lines with orjson: one object per line, UTF-8, newline-terminated."""

from __future__ import annotations

import gzip
import os
import sys
import zlib
from collections.abc import Callable, Iterator
from typing import IO, Any

import orjson


def dumps_line(record: dict[str, Any]) -> bytes:
    """One record as one line of bytes; non-str keys and numpy-free values only."""
    return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)


class JsonLinesWriter:
    """Writes whole lines only: a line is built in memory, then written and flushed at once, so a
    reader (or a crash) never sees half a record."""

    def __init__(self, stream: IO[bytes], flush_every: int = 1) -> None:
        self._stream = stream
        self._flush_every = flush_every
        self.count = 0

    def write(self, record: dict[str, Any]) -> None:
        self._stream.write(dumps_line(record))
        self.count += 1
        if self.count % self._flush_every == 0:
            self._stream.flush()

    def close(self) -> None:
        self._stream.flush()


class BadLine(ValueError):
    """A file of records that cannot be read as one: ``path:line: why`` (or ``cannot read path``)."""


def read_records(path: str) -> Iterator[dict[str, Any]]:
    """The records of one JSON-lines file (see :func:`numbered_records`)."""
    return (record for _, record in numbered_records(path))


def numbered_records(
    path: str, on_bad_line: Callable[[str], None] | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, record)`` for the records of one JSON-lines file (``.gz`` too; ``-`` is
    standard input), as ``clean``, ``crawl`` and ``demo`` write them; blank lines are skipped. A
    line that is no JSON object, or a file that cannot be read to its end, raises BadLine naming
    the file and line; with ``on_bad_line``, a line that is no JSON object is handed to it
    (``path:line: why``) and skipped instead (the command-line contract, crawler/cli/common.py)."""
    try:
        if path == "-":
            stream: IO[bytes] = sys.stdin.buffer
        else:
            stream = gzip.open(path, "rb") if path.lower().endswith(".gz") else open(path, "rb")  # noqa: SIM115
    except OSError as err:
        raise BadLine(f"cannot read {path}: {err.strerror or err}") from None
    try:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError as err:
                problem = f"{path}:{number}: not a JSON line ({err})"
            else:
                if isinstance(record, dict):
                    yield number, record
                    continue
                problem = f"{path}:{number}: not a cleancrawl record (not a JSON object)"
            if on_bad_line is None:
                raise BadLine(problem)
            on_bad_line(problem)
    except (OSError, EOFError) as err:  # a cut-off gzip, a file that went away
        raise BadLine(f"cannot read {path}: {err}") from None
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def gzip_members(stream: IO[bytes], chunk_size: int = 1 << 16) -> Iterator[tuple[int, bytes]]:
    """``(end offset, uncompressed bytes)`` of each complete gzip member of ``stream``, in order;
    stops at the first member that is cut off or corrupt (what a killed writer leaves last)."""
    end = 0  # where the members yielded so far end
    fed = 0  # bytes given to the current member's decompressor
    member = zlib.decompressobj(wbits=31)
    out: list[bytes] = []
    data = b""
    while True:
        if not data:
            data = stream.read(chunk_size)
            if not data:
                return
        try:
            out.append(member.decompress(data))
        except zlib.error:
            return
        if not member.eof:
            fed += len(data)
            data = b""
            continue
        rest = member.unused_data
        end += fed + len(data) - len(rest)
        yield end, b"".join(out)
        fed, out, data = 0, [], rest
        member = zlib.decompressobj(wbits=31)


# More than this after the last complete member is no member a crawl was writing (cleancrawl's are
# of up to 1 MB of lines): a gzip file of another kind, left as it is rather than cut.
MAX_TORN_MEMBER = 8 * 1024 * 1024


def repair_gzip(path: str | os.PathLike[str]) -> bool:
    """Cut a torn last member (a killed writer's) off a file of gzip members; True when changed."""
    try:
        with open(path, "r+b") as fh:
            whole = max((end for end, _ in gzip_members(fh)), default=0)
            end = fh.seek(0, os.SEEK_END)
            if whole == end or end - whole > MAX_TORN_MEMBER:
                return False
            fh.truncate(whole)
            fh.flush()
            os.fsync(fh.fileno())
            return True
    except FileNotFoundError:
        return False
