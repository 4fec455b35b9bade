"""A page that kills or hangs the cleaner every time (a poison page) is counted in the crawl state,
run after run, and given up after CLEANCRAWL_MAX_CLEANING_ATTEMPTS consecutive failures (recorded
``dropped`` as ``cleaning-failed``: done); a page that fails once then cleans fine starts again
from 0. Unit tests of both state stores (the crawl itself: test_crawl_lost_pages.py)."""

from __future__ import annotations

import sqlite3

import pytest

from crawler.safety.setting_checks import check_setting
from crawler.state.crawl_state import (
    CLEANING_FAILED,
    DROPPED,
    UNCLEANED,
    WRITTEN,
    PageState,
    RedisCrawlState,
    SQLiteCrawlState,
)
from crawler.state.sources import SourceError

URL = "https://example.com/poison.html"


def _sqlite(tmp_path):
    return SQLiteCrawlState(tmp_path / "state.sqlite3")


def _check_counts_and_resets(state) -> None:
    assert state.note_cleaning_failure("s", URL) == 1
    known = state.get("s", URL)
    assert known is not None and known.status == UNCLEANED and not known.done
    assert state.note_cleaning_failure("s", URL) == 2
    # cleaned fine (or rejected as no article) the next time: back to 0
    state.record("s", PageState(URL, WRITTEN, "fp1", etag='"v1"'))
    assert state.get("s", URL).cleaning_failures == 0
    assert state.note_cleaning_failure("s", URL) == 1
    known = state.get("s", URL)
    assert (known.status, known.fingerprint, known.etag) == (WRITTEN, "fp1", '"v1"')  # only the count moved
    state.record("s", PageState(URL, DROPPED, None, reason="too-short"))
    assert state.get("s", URL).cleaning_failures == 0


def _check_give_up_keeps_count(state) -> None:
    for _ in range(3):
        state.note_cleaning_failure("s", URL)
    state.record("s", PageState(URL, DROPPED, None, lastmod="2026-01-02", reason=CLEANING_FAILED))
    known = state.get("s", URL)
    assert (known.status, known.reason, known.cleaning_failures, known.done) == (DROPPED, CLEANING_FAILED, 3, True)
    assert known.lastmod == "2026-01-02"
    # fetched again (it changed) and failing again: the count goes on from there
    assert state.note_cleaning_failure("s", URL) == 4


def _check_written_page_given_up_stays_written(state) -> None:
    other = URL + "?w"
    state.record("s", PageState(other, WRITTEN, "fpw", lastmod="2026-01-01"))
    state.note_cleaning_failure("s", other)
    state.record("s", PageState(other, DROPPED, None, lastmod="2026-02-01", reason=CLEANING_FAILED))
    known = state.get("s", other)
    expected = (WRITTEN, "fpw", "2026-02-01", 1)
    assert (known.status, known.fingerprint, known.lastmod, known.cleaning_failures) == expected
    assert other in set(state.written_urls("s"))


def test_sqlite_counts_consecutive_cleaning_failures_and_resets_them(tmp_path):
    state = _sqlite(tmp_path)
    try:
        _check_counts_and_resets(state)
        _check_give_up_keeps_count(state)
        _check_written_page_given_up_stays_written(state)
    finally:
        state.close()


def test_sqlite_state_of_an_older_file_gains_the_column(tmp_path):
    path = tmp_path / "state.sqlite3"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE pages (source TEXT NOT NULL, url TEXT NOT NULL, status TEXT NOT NULL, fingerprint TEXT, "
        "etag TEXT, last_modified TEXT, lastmod TEXT, updated_at REAL NOT NULL, reason TEXT, "
        "PRIMARY KEY (source, url)) WITHOUT ROWID"
    )
    db.execute("INSERT INTO pages VALUES ('s', ?, 'written', 'fp', NULL, NULL, NULL, 1.0, NULL)", (URL,))
    db.commit()
    db.close()
    state = SQLiteCrawlState(path)
    try:
        assert state.get("s", URL) == PageState(URL, WRITTEN, "fp", updated_at=1.0)
        assert state.note_cleaning_failure("s", URL) == 1
    finally:
        state.close()


@pytest.mark.slow
def test_redis_counts_consecutive_cleaning_failures_and_resets_them(redis_url):
    state = RedisCrawlState(redis_url, prefix="t")
    try:
        _check_counts_and_resets(state)
        _check_give_up_keeps_count(state)
        _check_written_page_given_up_stays_written(state)
        # an entry written before the count existed (or by anyone, malformed) reads as 0 failures
        state.redis.hset("t:s:pages", "u2", b'{"url": "u2", "status": "written", "cleaning_failures": "x"}')
        assert state.get("s", "u2").cleaning_failures == 0
        state.redis.hset("t:s:pages", "u3", b'{"url": "u3", "status": "written"}')
        assert state.note_cleaning_failure("s", "u3") == 1
    finally:
        state.close()


@pytest.mark.parametrize("value", ["-1", "two", "1.5"])
def test_a_bad_max_cleaning_attempts_is_refused(value):
    with pytest.raises(SourceError, match="CLEANCRAWL_MAX_CLEANING_ATTEMPTS"):
        check_setting("CLEANCRAWL_MAX_CLEANING_ATTEMPTS", value)


@pytest.mark.parametrize("value", ["0", "1", "3"])
def test_a_good_max_cleaning_attempts_passes(value):
    check_setting("CLEANCRAWL_MAX_CLEANING_ATTEMPTS", value)


def _pipeline(settings: dict[str, str]):
    from scrapy.utils.test import get_crawler

    from crawler.components.pipelines import CleanPipeline

    crawler = get_crawler(settings_dict=settings)
    return CleanPipeline(crawler), crawler.stats


def _item(url: str):
    from crawler.items import PageItem

    return PageItem(url + "?after-redirect", b"", 200, "text/html", "s", "2026-12-07T00:00:00Z", state_url=url)


def test_the_pipeline_gives_a_page_up_at_the_limit_and_counts_it(tmp_path, caplog):
    pipeline, stats = _pipeline({"CLEANCRAWL_MAX_CLEANING_ATTEMPTS": "2"})
    pipeline.state = state = _sqlite(tmp_path)
    try:
        first = pipeline._lost("worker-crashed", _item(URL))
        assert (first.reason, first.transient) == ("worker-crashed", True)
        assert "giving up" not in caplog.text
        second = pipeline._lost("cleaner-timeout", _item(URL))
        assert (second.reason, second.transient) == (CLEANING_FAILED, False)
        assert state.get("s", URL).cleaning_failures == 2  # counted under the state's URL
        assert stats.get_value("cleancrawl/dropped/cleaning-failed") == 1
        assert stats.get_value("cleancrawl/given_up/cleaner-timeout") == 1
        assert stats.get_value("cleancrawl/not_cleaned/worker-crashed") == 1
        assert stats.get_value("cleancrawl/not_cleaned/cleaner-timeout") is None  # not lost: given up
        assert caplog.text.count("giving up on " + URL) == 1
    finally:
        state.close()


def test_max_cleaning_attempts_0_never_gives_up(tmp_path):
    pipeline, stats = _pipeline({"CLEANCRAWL_MAX_CLEANING_ATTEMPTS": "0"})
    pipeline.state = state = _sqlite(tmp_path)
    try:
        assert all(pipeline._lost("cleaner-timeout", _item(URL)).transient for _ in range(5))
        assert stats.get_value("cleancrawl/not_cleaned/cleaner-timeout") == 5
    finally:
        state.close()
