"""Which files a crawl may repair after a crash: only its own, whatever the crawl state says.

Recovery (crawler/state/crawl_state.py) cuts a half-written last line off the output files of a crawl that was
killed. Those file names come from the crawl state, and the state may live in a shared Redis that
others can write to: a planted "dead run" naming ``config.env`` made the next worker truncate it.
So a file named by the state is touched only when

- its resolved path is inside the worker's data folder (``CLEANCRAWL_DATA_DIR``) or is one of this
  crawl's own outputs (``-o FILE --resume`` appends to the file the killed crawl wrote), and
- a run token says that run created it: each crawl writes ``<output>.run`` beside every output
  file when it starts (the run id, nothing else) and removes it when it ends; a file without the
  token of the dead run named in the state, or reached through a symbolic link, is left alone. A
  batched feed's files share one token, named after its template
  (``out-%(batch_id)05d.jsonl.run``), written before its first batch.

Writing to the Redis therefore cannot name a file the worker did not create in that run. This module
does not import Scrapy.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path

logger = logging.getLogger(__name__)

TOKEN_SUFFIX = ".run"
_MAX_TOKEN = 512

# Set by the crawl before it recovers (configure): where the files it may touch live.
_roots: list[Path] = []
_own: set[Path] = set()


def configure(data_dir: str | os.PathLike[str], own_outputs: Iterable[str] = ()) -> None:
    """The data folder and this crawl's own output files: the only places recovery may touch."""
    _roots[:] = [Path(data_dir).resolve()]
    _own.clear()
    _own.update(Path(p).resolve() for p in own_outputs)


def token_path(path: str | os.PathLike[str]) -> Path:
    return Path(os.fspath(path) + TOKEN_SUFFIX)


def claim(paths: Iterable[str], run_id: str) -> None:
    """Write this run's token beside each of its output files (before any line is written)."""
    for path in paths:
        token = token_path(path)  # a batched feed's template: one token for all its batches
        try:
            token.parent.mkdir(parents=True, exist_ok=True)
            if token.is_symlink():
                token.unlink()
            token.write_text(run_id, encoding="utf-8")
        except OSError as exc:  # a read-only folder: this run's files just cannot be repaired later
            logger.warning("cannot write the run token %s: %s", token, exc)


def release(paths: Iterable[str], run_id: str) -> None:
    """Remove this run's tokens (the run ended: nothing of it is left to repair)."""
    for path in paths:
        token = token_path(path)
        if _read_token(token) == run_id:
            token.unlink(missing_ok=True)


def _read_token(token: Path) -> str | None:
    try:
        if token.is_symlink() or not token.is_file():
            return None
        with token.open("rb") as fh:
            return fh.read(_MAX_TOKEN).decode("utf-8", "replace").strip()
    except OSError:
        return None


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def owned_by_run(path: str | os.PathLike[str], run_id: str, template: str | None = None) -> bool:
    """True when recovery may read and repair ``path`` for the dead run ``run_id`` (see the module
    docstring); ``template``: the batched feed ``path`` is a batch of, whose token is the run's.
    A refusal is logged, since it means the state named a file that is not ours."""
    raw = Path(path)
    try:
        resolved = raw.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        resolved = None
    reason = None
    if resolved is None or raw.is_symlink():
        reason = "it is a symbolic link"
    elif not (
        any(_inside(resolved, root) for root in _roots)
        or resolved in _own
        or (template is not None and Path(template).resolve() in _own)
    ):
        reason = "it is outside the data folder"
    elif not resolved.is_file():
        reason = "it is not a regular file"
    elif _read_token(token_path(resolved if template is None else Path(template).resolve())) != run_id:
        reason = f"its run token ({TOKEN_SUFFIX} file) is not that run's"
    if reason:
        if resolved is None or resolved.exists():
            logger.warning("crawl state names %s as an output of run %s; not touched: %s", path, run_id, reason)
        return False
    return True
