"""A worker pool's warm-up runs once in the parent, before the workers fork: what it loads, each
worker has from birth, a worker started in place of a killed one included (its first page is not
charged the loading against --page-timeout)."""

from __future__ import annotations

import os
import sys

import pytest

from crawler.workers.pool import CLEANER_TIMEOUT, WorkerPool

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork on Linux only")

LOADED: list[int] = []


def _load() -> None:
    LOADED.append(os.getpid())


def _what_the_worker_has(item: str) -> tuple[str, list[int], int]:
    if item == "hang":
        import time

        time.sleep(60)
    return item, list(LOADED), os.getpid()


def _failed(item: str, reason: str) -> tuple[str, list[int], int]:
    return item, [], -1 if reason == CLEANER_TIMEOUT else -2


def test_workers_are_born_with_what_the_warm_up_loaded() -> None:
    LOADED.clear()
    pool = WorkerPool(2, page_timeout=2, warm_up=_load)
    results = list(pool.map_ordered(_what_the_worker_has, ["a", "hang", "b", "c", "d"], _failed))
    parent = os.getpid()
    assert LOADED.count(parent) == len(LOADED) == 1  # once, here
    assert [r[0] for r in results] == ["a", "hang", "b", "c", "d"]
    assert results[1][2] == -1  # the hanging page timed out, and its worker was replaced
    assert pool.restarts == 1
    for item, loaded, pid in (r for r in results if r[0] != "hang"):
        assert loaded == [parent] and pid != parent, item


def test_without_a_warm_up_workers_load_nothing_beforehand() -> None:
    LOADED.clear()
    results = list(WorkerPool(1).map_ordered(_what_the_worker_has, ["a"], _failed))
    assert results[0][1] == []
