"""Clean saved pages, one at a time, into records: the work ``cleancrawl clean`` runs in its worker
processes, which ``review``, ``diff`` and ``fixtures`` run too (so they clean exactly as ``clean`` does).

A page never raises out of ``clean_page``: what became of it is an ``Outcome`` (a record, a
rejection reason, a failure named in words, or an input that could not be read). A rule file that
cannot be used is the exception: ``RuleFileError`` is a configuration error of the whole run.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cleaners import DEFAULT_MIN_WORDS, RuleFileError, clean_html
from cleaners.pipeline import WARM_UP_PAGE, warm_tables
from cleaners.ruleset import checkout_rules_dir
from cleaners.safe_regex import PatternTimeout
from crawler.offline.page_inputs import SavedPage
from crawler.workers.pool import CLEANER_TIMEOUT, WORKER_CRASHED
from output.record import make_record

# The name the command line's -v shows these lines under (as before they moved out of cli/clean.py).
log = logging.getLogger("cleancrawl.clean")
FAILURE_TEXT = {
    WORKER_CRASHED: "the cleaning process died (killed, or out of memory)",
    CLEANER_TIMEOUT: "cleaning took longer than --page-timeout",
}


@dataclass(frozen=True, slots=True)
class Options:
    rule_files: tuple[str, ...] = ()
    min_words: int = DEFAULT_MIN_WORDS
    provenance: bool = False
    format: str = "text"
    block_model: bool | None = None
    """The block model after the rules (None: the default setting; docs/block-model.md)."""
    model_threshold: float | None = None


@dataclass(slots=True)
class Outcome:
    """What became of one entry: a record, a rejection reason, a failed page (``failure`` names
    why, ``error`` says it in words) or an input that could not be read (``input_error``)."""

    label: str
    record: dict[str, Any] | None = None
    rejected: str | None = None
    error: str | None = None
    failure: str | None = None
    input_error: str | None = None
    rule_counts: dict[str, int] = field(default_factory=dict)
    progress: int = 0
    protected: list[str] = field(default_factory=list)
    """The record's code lines and table rows, which site repetition leaves alone."""
    model_held_back: str | None = None
    """Why the block model's removals were not applied (``Article.model_held_back``), if so."""


def clean_page(page: SavedPage, options: Options) -> Outcome:
    """Clean one saved page into a record, or say why there is none. Never raises for a page."""
    if page.error:
        return Outcome(page.label, input_error=page.error, progress=page.progress)
    if page.rejected:
        return Outcome(page.label, rejected=page.rejected, progress=page.progress)
    try:
        article = clean_html(
            page.body,
            page.url,
            content_type=page.content_type,
            rule_files=options.rule_files,
            min_words=options.min_words,
            format=options.format,
            positions=options.provenance,  # a record carries them only with provenance
            block_model=options.block_model,
            model_threshold=options.model_threshold,
        )
    except RuleFileError:
        raise
    except PatternTimeout as err:  # the user's rule, not the page: named, and only this page lost
        return Outcome(page.label, error=str(err), failure=err.reason, progress=page.progress)
    except MemoryError:  # past the worker's CLEAN_WORKER_MEMORY: a page too large to clean
        return Outcome(page.label, rejected="too-large", progress=page.progress)
    except Exception as err:  # a bug or a pathological page must not end the run
        log.exception("cleaning %s failed", page.label)
        return Outcome(page.label, error=f"cleaning failed: {err!r}", failure="cleaner-error", progress=page.progress)
    counts = article.rule_counts()
    if article.rejected:
        return Outcome(page.label, rejected=article.rejected, rule_counts=counts, progress=page.progress,
                       model_held_back=article.model_held_back)
    # (fetched_at and status: known for a WARC record, from the WARC)
    fetched = {"fetched_at": page.fetched_at, "status": page.status}
    record = make_record(article, url=page.url, file=page.file, provenance=options.provenance, **fetched)
    return Outcome(page.label, record=record, rule_counts=counts, progress=page.progress, protected=article.protected,
                   model_held_back=article.model_held_back)


def clean_in_worker(args: tuple[SavedPage, Options]) -> Outcome:
    return clean_page(*args)


# What one cleaning worker may allocate beyond its size at birth: the page bounds
# (cleaners/page_bounds.py) keep the worst known page near 300 MB, this catches the unknown ones
# as a ``too-large`` rejection before the OOM killer picks a process.
CLEAN_WORKER_MEMORY = 2 * 1024**3

def warm_up_with(options: Options) -> Callable[[], object]:
    """``cleaners.pipeline.warm_up`` with the run's own rules: one page cleaned in this process
    before the workers fork, and the tables it does not reach (``warm_tables``); the language
    model, trafilatura's lazy parts, the rules and those tables are then loaded in every worker
    from birth (a second or more each)."""

    def warm_up() -> None:
        with contextlib.suppress(Exception):  # nothing but time rides on it: a page would say what fails
            clean_page(SavedPage("warm-up", WARM_UP_PAGE.encode()), options)
            warm_tables()

    return warm_up


def task_label(args: tuple[SavedPage, Options]) -> str:
    """How the worker pool names a page in its log."""
    return args[0].label


def failed_outcome(args: tuple[SavedPage, Options], reason: str) -> Outcome:
    page = args[0]
    return Outcome(page.label, error=FAILURE_TEXT[reason], failure=reason, progress=page.progress)


def base_rules() -> tuple[list[str], str | None]:
    """What "the built-in rules" are here: the checkout's folder when run inside one (and a note
    saying so), else none added to the installed package's."""
    checkout = checkout_rules_dir()
    if checkout is None:
        return [], None
    return [str(checkout)], f"rules from the checkout {checkout} (not the installed package's)"


def rule_file_lines(files: list[dict[str, str]], indent: str = "  ") -> list[str]:
    """One line per rule file a run used: its path, short sha256, and whether it was given."""
    return [f"{indent}{f['path']}  sha256 {f['sha256']}" + ("" if f["origin"] == "built-in" else " (given)")
            for f in files]
