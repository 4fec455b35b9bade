"""Saved pages to clean: HTML files (plain or gzipped), folders of them, and WARC files.

Pure reading, no Scrapy: ``cleancrawl clean`` and the fixture tools iterate these.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


@dataclass(frozen=True, slots=True)
class SavedPage:
    """One page to clean; ``error`` is set instead of ``body`` when it could not be read."""

    label: str
    body: bytes = b""
    file: str | None = None
    url: str | None = None
    content_type: str | None = None
    error: str | None = None


def _is_html(path: Path) -> bool:
    return path.name.lower().endswith(HTML_SUFFIXES)


def _is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def read_html_file(path: Path) -> SavedPage:
    try:
        data = path.read_bytes()
        if path.name.lower().endswith(".gz"):
            data = gzip.decompress(data)
    except (OSError, EOFError, gzip.BadGzipFile) as err:
        return SavedPage(str(path), file=str(path), error=f"cannot read {path}: {err}")
    return SavedPage(str(path), data, file=str(path))


def read_warc(path: Path) -> Iterator[SavedPage]:
    """Every HTML response record of a WARC file, with its target URI and Content-Type."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        with path.open("rb") as stream:
            for number, record in enumerate(ArchiveIterator(stream, arc2warc=True)):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                if "html" not in content_type.lower():
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                label = f"{path}#{number}"
                try:
                    body = record.content_stream().read()
                except Exception as err:  # a truncated record: report it and go on with the next
                    yield SavedPage(label, file=str(path), url=uri, error=f"cannot read record {label}: {err}")
                    continue
                yield SavedPage(label, body, file=str(path), url=uri, content_type=content_type)
    except (OSError, ArchiveLoadFailed) as err:
        yield SavedPage(str(path), file=str(path), error=f"cannot read WARC {path}: {err}")


def iter_pages(paths: list[str]) -> Iterator[SavedPage]:
    """Pages in the order given; folders are walked recursively in sorted order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if _is_html(child):
                    yield read_html_file(child)
                elif _is_warc(child):
                    yield from read_warc(child)
        elif _is_warc(path):
            yield from read_warc(path)
        elif path.is_file():
            yield read_html_file(path)
        else:
            yield SavedPage(raw, file=raw, error=f"no such file or folder: {raw}")
