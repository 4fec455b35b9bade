"""One rule for what every sub-command writes: an output never destroys an input, and a ``.gz``
output is gzip.

``clean p.html -o p.html`` used to empty the page (the output is opened, so truncated, before the
page is read), ``review X.jsonl -o X.jsonl`` and ``diff A.jsonl B.jsonl -o A.jsonl`` overwrote a
run, and ``clean dir/ -o dir/x.html`` wrote into the folder being read. Each sub-command therefore
asks :func:`output_problem` before any work, and refuses with exit status 2 and the one line it
returns. An output clashes with an input when it is the same file (``os.path.samefile``: hard and
symbolic links too), resolves to the same path, or lies inside an input folder. Standard output
(``-``), remote feed URIs (``s3://...``) and inputs that are not local files (``-``, URLs) never
clash.

``clean -o x.jsonl.gz`` and ``dedup -o x.jsonl.gz`` wrote plain text under a gzip name that
cleancrawl itself then could not read: :func:`open_output` and :func:`write_text` gzip a ``.gz``
output. No Scrapy here.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urlsplit

PathLike = str | os.PathLike[str]
STANDARD_STREAMS = ("-", "stdout:", "stdin:")


def local_path(value: PathLike | None) -> Path | None:
    """The local file a command-line value names, or None for standard streams and URLs
    (``file://`` URIs and ``sqlite:///`` state locations are local files)."""
    if value is None:
        return None
    text = os.fspath(value)
    if not text or text in STANDARD_STREAMS:
        return None
    scheme = urlsplit(text).scheme.lower()
    if scheme == "file":
        return Path(unquote(urlsplit(text).path))
    if scheme == "sqlite":  # sqlite:///relative/path, sqlite:////abs/path (crawler/state/crawl_state.py)
        rest = text[len("sqlite://"):]
        return Path(rest[1:] if rest.startswith("/") else rest)
    if len(scheme) > 1:  # http://, s3://, redis://... (a single letter is a Windows drive)
        return None
    return Path(text)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return a.resolve() == b.resolve()


def clash(output: PathLike | None, inputs: Iterable[PathLike | None]) -> str | None:
    """Why writing ``output`` would destroy or pollute one of ``inputs``, or None."""
    out = local_path(output)
    if out is None:
        return None
    resolved = out.resolve()
    for value in inputs:
        source = local_path(value)
        if source is None or not source.exists():
            continue
        if _same_file(out, source):
            return f"is also an input ({value}); write somewhere else"
        if source.is_dir() and resolved.is_relative_to(source.resolve()):
            return f"is inside the input folder {value}; write somewhere else"
    return None


def output_problem(
    output: PathLike | None, inputs: Iterable[PathLike | None], option: str = "-o", *, folder: bool = False
) -> str | None:
    """The one line that refuses ``option output`` before any work, or None when it may be written.

    A file output (``folder=False``) must not be a folder and its folder must exist; a folder
    output (``export -o DIR``, ``crawl --warc DIR``) must not be a file. Either must not clash
    with an input (:func:`clash`)."""
    out = local_path(output)
    if out is None:
        return None
    if folder and out.exists() and not out.is_dir():
        return f"{option} {output}: is a file; give a folder"
    if not folder and out.is_dir():
        return f"{option} {output}: is a folder; name a file, such as {out / 'out.jsonl'}"
    problem = clash(output, inputs)
    return f"{option} {output}: {problem}" if problem else None


def is_gzip_name(path: PathLike) -> bool:
    return os.fspath(path).lower().endswith(".gz")


def open_output(path: PathLike) -> IO[bytes]:
    """The file to write ``path`` through: gzip for a ``.gz`` name, so cleancrawl can read it back."""
    if is_gzip_name(path):
        return gzip.open(path, "wb")
    return open(path, "wb")


def write_text(path: PathLike, text: str) -> None:
    """Write a whole text output (an HTML review, a stats file): gzip for a ``.gz`` name."""
    with open_output(path) as stream:
        stream.write(text.encode("utf-8"))
