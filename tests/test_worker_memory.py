"""A cleaning worker's memory is bounded: a page that needs more than the worker may allocate is
a counted ``too-large`` rejection in that worker, not a process the OOM killer picks."""

from __future__ import annotations

import pytest

from crawler.offline.page_cleaning import Options, clean_in_worker, failed_outcome, warm_up_with
from crawler.offline.page_inputs import SavedPage
from crawler.workers.pool import WorkerPool

MIB = 1024 * 1024
PARAGRAPH = "The ferry service to the islands will run twice a day through the winter, the operator said on Monday."


def _allocate(mib: int) -> int:
    return len(bytearray(mib * MIB))


def test_a_worker_cannot_grow_past_its_memory_limit() -> None:
    pool = WorkerPool(1, page_timeout=60, memory_limit=64 * MIB)
    assert list(pool.map_ordered(_allocate, [1, 8], lambda item, reason: -1)) == [MIB, 8 * MIB]
    with pytest.raises(MemoryError):
        pool = WorkerPool(1, page_timeout=60, memory_limit=64 * MIB)
        list(pool.map_ordered(_allocate, [512], lambda item, reason: -1))


def test_a_page_past_the_worker_memory_is_rejected_too_large() -> None:
    prose = "".join(f"<p>{PARAGRAPH} Note {i} on the timetable.</p>" for i in range(6))
    small = f"<html><head><title>Small</title></head><body><article>{prose}</article></body></html>"
    # within the page bounds (45,000 paragraphs, 90,000 tags) but far more than 128 MiB of tree
    body = "".join(f"<p>{PARAGRAPH} {i}</p>" for i in range(45_000))
    heavy = f"<html><body><article>{body}</article></body></html>"
    options = Options((), 25, False, "text")
    pages = [(SavedPage("small", small.encode()), options), (SavedPage("heavy", heavy.encode()), options)]
    # warmed up as cleancrawl clean does: the worker is born with the model and rules loaded
    pool = WorkerPool(1, page_timeout=300, warm_up=warm_up_with(options), memory_limit=128 * MIB)
    small_outcome, heavy_outcome = pool.map_ordered(clean_in_worker, pages, failed_outcome)
    assert small_outcome.record is not None and small_outcome.record["title"] == "Small"
    assert heavy_outcome.rejected == "too-large" and heavy_outcome.failure is None
