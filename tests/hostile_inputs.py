"""Hostile saved inputs, made at test time (nothing large lives in the repo), and a way to run
``cleancrawl clean`` on them in a fresh interpreter that reports its own peak memory."""

from __future__ import annotations

import gzip
import io
import re
import subprocess
import sys
import uuid
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = "The ferry service to the islands will run twice a day through the winter, the operator said on Monday."
MIB = 1024 * 1024

# Runs the command, then prints the peak resident memory of the main process (where every
# input is read and unpacked) on stderr. VmHWM, not getrusage: ru_maxrss survives exec, so it
# would report the forking test process's own peak.
_CHILD = (
    "import re, sys\n"
    "from crawler.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "status = open('/proc/self/status').read()\n"
    "print('peak-rss-kib', re.search(r'VmHWM:\\s*(\\d+)', status).group(1), file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def article(title: str, words: str = PARAGRAPH) -> str:
    body = "".join(f"<p>{words} Note {i} on {title}.</p>" for i in range(5))
    return f"<html><head><title>{title}</title></head><body><article>{body}</article></body></html>"


def write_gzip_bomb(path: Path, unpacked: int, chunk: bytes = b"\0" * MIB) -> Path:
    """A gzip file of ``unpacked`` bytes of ``chunk``s (1 GiB of zeros packs to about 1 MB)."""
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6) as out:
        for _ in range(unpacked // len(chunk)):
            out.write(chunk)
    return path


def gzip_stream(chunks: Iterable[bytes]) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return b"".join(compressor.compress(c) for c in chunks) + compressor.flush()


def write_warc_record(
    out: io.RawIOBase,
    uri: str,
    body_chunks: Iterable[bytes],
    body_length: int,
    content_type: str = "text/html; charset=utf-8",
    extra_headers: tuple[tuple[str, str], ...] = (),
) -> None:
    """One WARC response record as its own gzip member, its body streamed: a huge record never
    sits in the test's memory either."""
    http = [("Content-Type", content_type), ("Content-Length", str(body_length)), *extra_headers]
    http_head = ("HTTP/1.1 200 OK\r\n" + "".join(f"{k}: {v}\r\n" for k, v in http) + "\r\n").encode()
    warc_head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http_head) + body_length}\r\n\r\n"
    ).encode()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=1) as member:
        member.write(warc_head + http_head)
        for chunk in body_chunks:
            member.write(chunk)
        member.write(b"\r\n\r\n")


def write_warc(path: Path, pages: list[tuple[str, bytes]]) -> Path:
    with path.open("wb") as out:
        for uri, body in pages:
            write_warc_record(out, uri, [body], len(body))
    return path


@dataclass
class CleanRun:
    returncode: int
    stderr: str
    records: list[dict]
    peak_rss_mib: float


def run_clean(args: list[str], cwd: Path, out: Path | None = None, timeout: float = 240, **kwargs) -> CleanRun:
    import orjson

    out = out or cwd / "out.jsonl"
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, "clean", *args, "-o", str(out)],
        cwd=cwd,
        capture_output=True,
        timeout=timeout,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        **kwargs,
    )
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    match = re.search(r"peak-rss-kib (\d+)", stderr)
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()] if out.exists() else []
    return CleanRun(proc.returncode, stderr, records, int(match.group(1)) / 1024 if match else -1.0)
