"""The contract every ``cleancrawl`` sub-command keeps (docs/cli.md), in one place.

- **Errors**: one line on standard error, ``cleancrawl <command>: <what and why>``, no traceback
  for a user's mistake. A command raises :class:`UsageError` for a mistake found before any work;
  ``crawler.cli.main`` prints it and exits 2.
- **Inputs** (:func:`check_inputs`): every named file or folder exists before any work, ``-`` is
  standard input. A missing one is exit 2, and no output file is created.
- **Outputs** (:func:`check_output`): an output never destroys an input (``crawler/cli/outputs.py``),
  its folder exists and can be written to, a file output is not a folder; all found before any
  work (exit 2). A command that writes a whole file writes it through :func:`atomic_output`
  (a temporary file in the same folder, renamed into place when complete, removed otherwise), so
  a failed or interrupted run never leaves a partial file that looks complete. ``.gz`` is gzip.
- **Corrupt input lines** (:class:`SkippedLines`): every command that reads records skips a line
  that is no record, names it (``FILE:LINE: why``) on standard error, carries on, and exits 1 at
  the end.
- **Progress** (:func:`progress_bar`): tqdm on standard error when it is a terminal (tqdm's
  ``disable=None``), never with ``-q``; a terminal that reports no size gets 100 columns.
- **Settings** (:func:`check_set_options`): ``-s NAME=VALUE`` with a name no part of cleancrawl or
  Scrapy reads is refused with "did you mean".

- **Shared options** (:func:`add_warc_argument`, :func:`add_provenance_argument`,
  :func:`add_model_arguments`): the options
  several commands define alike. This module imports no sub-command module (docs/architecture.md).

Exit codes: 0 done; 1 ran but some input or page failed or was lost; 2 a usage or configuration
error, before any work; 130 interrupted. No Scrapy imported here.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import functools
import gzip
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import IO, Any

from crawler.cli.outputs import PathLike, is_gzip_name, local_path, output_problem
from crawler.state.sources import SourceError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(SourceError):
    """A mistake in the command line or its inputs, found before any work: exit 2, the message
    is the one line (without the ``cleancrawl <command>:`` prefix). A SourceError, so that the
    commands that already answer those with exit 2 answer this one too."""


def say(command: str, message: str) -> None:
    """One line on standard error, prefixed with the command, control characters made visible."""
    from crawler.components.log_filters import printable

    print(f"cleancrawl {command}: {printable(str(message), lines=False)}", file=sys.stderr)


def fail(command: str, message: str, code: int = EXIT_USAGE) -> int:
    say(command, message)
    return code


def answers_usage_errors(command: str) -> Callable[[Callable[..., int]], Callable[..., int]]:
    """Decorate a command's ``run(args)``: a UsageError becomes its one line and exit 2, however
    the command is called (``crawler.cli.main``, ``python -m crawler.cli.crawl``, a test)."""

    def decorate(run: Callable[..., int]) -> Callable[..., int]:
        @functools.wraps(run)
        def guarded(args: argparse.Namespace) -> int:
            try:
                return run(args)
            except UsageError as err:
                return fail(command, str(err))

        return guarded

    return decorate


# --- argument types -------------------------------------------------------------------------


def port_number(value: str) -> int:
    """An argparse type: a TCP port, 0 (any free one) to 65535; argparse turns the ValueError
    into the one-line usage error (``demo --port 99999`` was a traceback from the socket)."""
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (0-65535)") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0-65535; 0 for any free port)")
    return port


def model_threshold(value: str) -> float:
    """An argparse type: the block model's junk-score threshold, strictly between 0 and 1."""
    from cleaners.block_filter import check_threshold

    try:
        threshold = check_threshold(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    assert threshold is not None
    return threshold


# --- inputs ---------------------------------------------------------------------------------


def check_inputs(paths: Iterable[PathLike | None], *, option: str = "") -> None:
    """Every local input exists (``-`` and URLs are not checked): a UsageError names the first
    that does not, before any output is created."""
    for value in paths:
        path = local_path(value)
        if path is not None and not path.exists():
            where = f"{option} " if option else ""
            raise UsageError(f"{where}{value}: no such file or folder")


# --- outputs --------------------------------------------------------------------------------


def _probe_folder(folder: Path) -> str | None:
    """Why no file can be created in ``folder`` (tried: permissions alone lie for root, and for a
    read-only mount), or None."""
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=".cleancrawl-probe-")
    except OSError as err:
        return err.strerror or str(err)
    os.close(handle)
    os.unlink(name)
    return None


def check_output(
    output: PathLike | None,
    inputs: Iterable[PathLike | None],
    option: str = "-o",
    *,
    folder: bool = False,
    makes_folders: bool = False,
) -> None:
    """Refuse, before any work, an output that is an input, a file output that is a folder (or a
    folder output that is a file), one whose folder does not exist, or one that cannot be written
    there. Standard output and remote URIs pass. ``makes_folders``: the command creates missing
    folders on the way (a crawl's feed does), so the nearest existing one must be writable."""
    problem = output_problem(output, inputs, option, folder=folder)
    if problem:
        raise UsageError(problem)
    path = local_path(output)
    if path is None:
        return
    if folder and path.is_dir():
        where = path
    else:
        where = path.parent if str(path.parent) else Path(".")
        while makes_folders and not where.exists() and where != where.parent:
            where = where.parent
        if not where.is_dir():
            reason = "is not a folder" if where.exists() else "does not exist (create it first)"
            raise UsageError(f"{option} {output}: the folder {where} {reason}")
    if not folder and path.exists() and not os.access(path, os.W_OK):
        raise UsageError(f"{option} {output}: cannot write there (permission denied)")
    if not folder and _is_special(path):
        return  # /dev/stdout, a named pipe: written in place, nothing created beside it
    reason = _probe_folder(where)
    if reason:
        raise UsageError(f"{option} {output}: cannot write in {where} ({reason})")


@contextlib.contextmanager
def atomic_output(path: PathLike | None) -> Iterator[IO[bytes]]:
    """A binary stream for a whole-file output: standard output for ``-`` (or None); otherwise a
    temporary file beside ``path`` (gzip for a ``.gz`` name) that replaces ``path`` only when the
    block ends without an exception, and is removed when it does not."""
    if path is None or os.fspath(path) == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    if _is_special(target):  # /dev/stdout, a link, a named pipe: no file to replace, written as it goes
        with open(target, "wb") as raw:
            if is_gzip_name(target):
                with gzip.GzipFile(filename=target.name, mode="wb", fileobj=raw) as stream:
                    yield stream
            else:
                yield raw
        return
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    raw = os.fdopen(handle, "wb")
    stream: IO[bytes] = gzip.GzipFile(filename=target.name, mode="wb", fileobj=raw) if is_gzip_name(target) else raw
    try:
        yield stream
        stream.close()
        raw.close()
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            stream.close()
        with contextlib.suppress(OSError):
            raw.close()
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _is_special(path: Path) -> bool:
    """An output written in place, never replaced by a rename: a symbolic link (``/dev/stdout``:
    a rename would replace the link itself), a device, a pipe, anything under /dev or /proc."""
    if path.is_symlink():
        return True
    if path.exists() and not path.is_file() and not path.is_dir():
        return True
    return path.absolute().parts[1:2] in (("dev",), ("proc",))


def _mode_for(target: Path) -> int:
    """The permissions the output would have had if written in place: the replaced file's own,
    or a new file's (0666 less the umask; mkstemp's 0600 would hide it from other readers)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


@cache
def _umask() -> int:
    mask = os.umask(0o022)  # (reading it means setting it; put back at once, read once)
    os.umask(mask)
    return mask


def write_text_atomic(path: PathLike, text: str) -> None:
    """A whole text output (an HTML review): gzip for a ``.gz`` name, never left half-written."""
    with atomic_output(path) as stream:
        stream.write(text.encode("utf-8"))


# --- corrupt input lines ---------------------------------------------------------------------


class SkippedLines:
    """The lines of record files that were no record: each named on standard error as it is met
    (``cleancrawl <command>: skipped FILE:LINE: why``, the first ``shown``), counted, and the
    command exits 1 at the end (:attr:`exit_code`)."""

    def __init__(self, command: str, shown: int = 20) -> None:
        self.command = command
        self.shown = shown
        self.lines: list[str] = []

    def __call__(self, problem: str) -> None:
        self.lines.append(problem)
        if len(self.lines) <= self.shown:
            say(self.command, f"skipped {problem}")

    def numbered(self, paths: Iterable[str]) -> Iterator[tuple[str, int, dict[str, Any]]]:
        """``(path, line number, record)`` for the records of JSON-lines files in order, corrupt
        lines skipped and named (a file that cannot be read to its end: the rest of it)."""
        from output import jsonlines

        for path in paths:
            try:
                for number, record in jsonlines.numbered_records(path, on_bad_line=self):
                    yield path, number, record
            except jsonlines.BadLine as err:  # a cut-off gzip, a file gone: the rest of it is lost
                self(str(err))

    def records(self, paths: Iterable[str]) -> Iterator[dict[str, Any]]:
        """The records of JSON-lines files in order, corrupt lines skipped and named."""
        return (record for _, _, record in self.numbered(paths))

    def report(self) -> None:
        """The count, when more lines were skipped than named."""
        if len(self.lines) > self.shown:
            say(self.command, f"... {len(self.lines)} corrupt line(s) skipped in all")

    @property
    def exit_code(self) -> int:
        return EXIT_FAILED if self.lines else EXIT_OK

    def __bool__(self) -> bool:
        return bool(self.lines)


# --- progress -------------------------------------------------------------------------------


def progress_bar(*, total: float | None = None, unit: str = "it", desc: str | None = None, quiet: bool = False,
                 **options: Any):
    """A tqdm bar on standard error, or None (nothing to show, tqdm not even imported) when the
    command was given ``-q`` or standard error is no terminal (tqdm's ``disable=None`` rule). A
    terminal that reports a size of 0 (some ptys, a detached pane) gets 100 columns instead of
    an empty bar."""
    isatty = getattr(sys.stderr, "isatty", None)
    if quiet or not (isatty and isatty()):
        return None
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked from us
    return tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, ncols=terminal_columns(), **options)


def terminal_columns(default: int = 100) -> int:
    """The width of the terminal standard error is, or ``default`` when it reports none (0)."""
    try:
        columns = os.get_terminal_size(sys.stderr.fileno()).columns
    except (AttributeError, ValueError, OSError):  # not a real file (a test's StringIO), or no terminal
        columns = 0
    env = os.environ.get("COLUMNS", "")
    return columns or (int(env) if env.isdigit() else 0) or default


# --- -s NAME=VALUE --------------------------------------------------------------------------

# A setting's name in source code: a quoted upper-case word with an underscore (BOT_NAME, ...).
_NAME_IN_SOURCE = re.compile(rb"""["']([A-Z][A-Z0-9]*_[A-Z0-9_]+)["']""")
_OWN_PACKAGES = ("crawler", "cleaners", "output")
_READERS = ("scrapy", "scrapy_redis")  # libraries whose settings a crawl reads


def _names_in_package(package: str) -> set[str]:
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return set()
    names: set[str] = set()
    for root in spec.submodule_search_locations:
        for file in Path(root).rglob("*.py"):
            with contextlib.suppress(OSError):
                names.update(m.decode() for m in _NAME_IN_SOURCE.findall(file.read_bytes()))
    return names


def _module_settings(module: str) -> set[str]:
    import importlib

    try:
        loaded = importlib.import_module(module)
    except Exception:  # a user's module that does not import is Scrapy's to report
        return set()
    return {name for name in vars(loaded) if name.isupper()}


@cache
def declared_settings() -> frozenset[str]:
    """Settings with a default: Scrapy's and ours (crawler/settings.py)."""
    from scrapy.settings import default_settings

    return frozenset(
        {name for name in vars(default_settings) if name.isupper()} | _module_settings("crawler.settings")
    )


@cache
def known_settings() -> frozenset[str]:
    """Every setting name a crawl may read: those with a default, any name our code or Scrapy's
    (and scrapy-redis's) names in quotes, and those of the user's own settings module
    (``SCRAPY_SETTINGS_MODULE``), where settings of a user's own extensions are declared."""
    names = set(declared_settings())
    for package in (*_OWN_PACKAGES, *_READERS):
        names |= _names_in_package(package)
    user = os.environ.get("SCRAPY_SETTINGS_MODULE")
    if user:
        names |= _module_settings(user)
    return frozenset(names)


def check_setting_name(name: str) -> None:
    """Raise UsageError for a name no part of a crawl reads, with the closest known names."""
    if name in declared_settings() or name in known_settings():
        return
    close = difflib.get_close_matches(name.upper(), sorted(known_settings()), n=2, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}?" if close else "see docs/cli.md for where setting names come from"
    raise UsageError(f"-s {name}: no such setting; {hint}")


def check_set_options(items: Iterable[str]) -> list[tuple[str, str]]:
    """``-s NAME=VALUE`` options as (name, value), each name known and each value of its kind
    (crawler/safety/setting_checks.py); a UsageError names the first that is wrong."""
    from crawler.safety.setting_checks import check_setting

    pairs = []
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"-s {item!r}: expected NAME=VALUE")
        check_setting_name(name)
        try:
            check_setting(name, value)
        except SourceError as err:
            raise UsageError(str(err)) from None
        pairs.append((name, value))
    return pairs


def add_warc_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--warc",
        metavar="DIR",
        help="also archive every fetched response and its request as WARC.gz files in DIR "
        "(cleancrawl clean DIR cleans them again; setting CLEANCRAWL_WARC_DIR)",
    )


def add_model_arguments(parser: argparse.ArgumentParser) -> None:
    """``--no-model`` and ``--model-threshold X``: the block model after the text rules
    (docs/block-model.md); read back with :func:`model_options`."""
    parser.add_argument(
        "--no-model",
        action="store_true",
        help="clean with the rules alone, without the block model (setting CLEANCRAWL_BLOCK_MODEL=off)",
    )
    parser.add_argument(
        "--model-threshold",
        type=model_threshold,
        metavar="X",
        help="the block model removes blocks whose junk score is at least X (0 < X < 1; default: the "
        "model's own; setting CLEANCRAWL_BLOCK_MODEL_THRESHOLD). Giving it turns the model on, "
        "unless --no-model",
    )


def model_options(args: argparse.Namespace) -> tuple[bool | None, float | None]:
    """(block_model, model_threshold) for ``clean_html`` from :func:`add_model_arguments`'s
    options: ``--no-model`` is off, a threshold alone is on, neither is the default (None)."""
    threshold = getattr(args, "model_threshold", None)
    if getattr(args, "no_model", False):
        return False, threshold
    return (True if threshold is not None else None), threshold


def model_mode(value: str) -> tuple[bool, float | None]:
    """An argparse type for one side of ``diff``'s ``--model-a``/``--model-b``: ``on``, ``off``
    or a threshold (0 < X < 1, which turns the model on), as (block_model, model_threshold)."""
    lowered = value.strip().lower()
    if lowered == "on":
        return True, None
    if lowered == "off":
        return False, None
    try:
        return True, model_threshold(value)
    except argparse.ArgumentTypeError as err:
        raise argparse.ArgumentTypeError(f"{value!r}: say on, off or a threshold; {err}") from None


def add_provenance_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--provenance",
        action="store_true",
        help="records also carry every removed block with its rule id and position (removed_blocks), "
        "for cleancrawl review (setting CLEANCRAWL_PROVENANCE)",
    )
