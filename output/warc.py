"""Fetched responses (and their requests) into rotating WARC.gz files, with warcio. No Scrapy here:
crawler/components/warc_archive.py hands each exchange over as plain values.

What is written, per exchange: a ``response`` record (``WARC-Target-URI``, ``WARC-Date``,
``WARC-Payload-Digest`` and ``WARC-Block-Digest`` in sha1/base32 as Common Crawl writes them, the
HTTP status line and headers, the body) and a ``request`` record (the request line and headers
as sent) whose ``WARC-Concurrent-To`` names the response's ``WARC-Record-ID``. Each file opens
with a ``warcinfo`` record (software, format, operator's user agent, robots policy).

The body is the one received on the wire: still compressed when the server sent
``Content-Encoding: gzip`` / ``br`` / ``deflate`` (readers decode it from the header kept beside
it), but without ``Transfer-Encoding: chunked`` framing, which the HTTP client has already
removed: that header is dropped, so that no reader de-chunks a body that is not chunked.

``WARC-Date`` is given by the caller (the crawl passes the time it records as ``fetched_at``), to
the second, as WARC/1.0 writes it: so a record cleaned again from the WARC gets the same
``fetched_at`` as the crawl wrote.

Kill safety: a record pair is built in memory and written with one ``write`` of complete gzip
members, then flushed, so a killed crawl leaves whole records only (a torn last member can come
only from the machine stopping mid-write; readers such as ``cleancrawl clean`` read every record
before it and report the cut). A new file is started when one reaches ``max_bytes``, and by
every new process: a file is never appended to by a second writer.
"""

from __future__ import annotations

import io
import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DEFAULT_MAX_BYTES = 1024**3  # 1 GiB per file, as Common Crawl and Heritrix rotate
_DROPPED_HEADERS = {"transfer-encoding"}


@dataclass(frozen=True, slots=True)
class Exchange:
    """One fetch: what was asked and what came back. Headers as (name, value) text pairs."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    status: int
    response_headers: list[tuple[str, str]]
    body: bytes
    date: str  # WARC-Date: 2026-03-01T10:00:00Z
    protocol: str = "HTTP/1.1"
    request_body: bytes = b""
    ip_address: str | None = None


@dataclass
class WarcArchive:
    """Writes exchanges to ``folder/PREFIX-<UTC stamp>-<host>-<pid>-00000.warc.gz``, ``-00001``..."""

    folder: Path
    prefix: str = "cleancrawl"
    max_bytes: int = DEFAULT_MAX_BYTES
    software: str = "cleancrawl (warcio)"
    info: dict[str, str] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    records: int = 0
    bytes_written: int = 0
    _stream: BinaryIO | None = None
    _size: int = 0
    _stamp: str = ""

    def write(self, exchange: Exchange) -> None:
        data = _records(exchange)
        if self._stream is None:
            data = self._open() + data  # the file's warcinfo and first records in one write
        assert self._stream is not None
        self._stream.write(data)  # whole gzip members in one write
        self._stream.flush()
        self._size += len(data)
        self.bytes_written += len(data)
        self.records += 2
        if self._size >= self.max_bytes:
            self.close()

    def _open(self) -> bytes:
        """Create the next file and return its warcinfo record, for the caller to write with the
        first records: a kill between the two would leave a file with no whole record."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if not self._stamp:
            self._stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        host = socket.gethostname().split(".")[0] or "host"
        name = f"{self.prefix}-{self._stamp}-{host}-{os.getpid()}-{len(self.files):05d}.warc.gz"
        path = self.folder / name
        # "xb": never appended to, never overwritten (a second crawl in the same second gets its own pid)
        self._stream = path.open("xb", buffering=0)
        self.files.append(path)
        info = _warcinfo(name, {"software": self.software, "format": "WARC File Format 1.0", **self.info})
        self._size = 0
        return info

    def close(self) -> None:
        if self._stream is not None:
            self._stream.flush()
            os.fsync(self._stream.fileno())
            self._stream.close()
            self._stream = None


def _headers(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(name, value) for name, value in pairs if name.lower() not in _DROPPED_HEADERS]


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _records(exchange: Exchange) -> bytes:
    """The response and request records of one exchange, gzipped member by member."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    warc_headers = {"WARC-Date": exchange.date}
    if exchange.ip_address:
        warc_headers["WARC-IP-Address"] = exchange.ip_address
    response_head = StatusAndHeaders(
        f"{exchange.status} {_reason(exchange.status)}", _headers(exchange.response_headers), protocol=exchange.protocol
    )
    response = writer.create_warc_record(
        exchange.url,
        "response",
        payload=io.BytesIO(exchange.body),
        length=len(exchange.body),
        http_headers=response_head,
        warc_headers_dict=dict(warc_headers),
    )
    target = _request_target(exchange.url)
    request_head = StatusAndHeaders(
        f"{exchange.method} {target} {exchange.protocol}", _headers(exchange.request_headers), is_http_request=True
    )
    request = writer.create_warc_record(
        exchange.url,
        "request",
        payload=io.BytesIO(exchange.request_body),
        length=len(exchange.request_body),
        http_headers=request_head,
        warc_headers_dict=dict(warc_headers),
    )
    # sets WARC-Concurrent-To on the request: the response's record id
    writer.write_request_response_pair(request, response)
    return out.getvalue()


def _request_target(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _warcinfo(filename: str, info: dict[str, str]) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record(filename, info))
    return out.getvalue()
