"""Health that measures articles (issue 18): pages an incremental re-run did not fetch again count
as what they were last time, a run that skipped every page by lastmod is judged, and the median
words and the share of rejected pages are judged against the source's own recent runs.

Unit tests: the real incremental middlewares and crawl state (SQLite in tmp_path), no crawl."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from crawler.cli import main
from crawler.components.drops import NotAnArticle
from crawler.state.crawl_state import DROPPED, WRITTEN, PageState, SQLiteCrawlState
from crawler.state.incremental import (
    ConditionalRequestMiddleware,
    IncrementalSpiderMiddleware,
    NotModified,
    WrittenStatePipeline,
)
from crawler.state.run_log import CrawlOutcome, RunLog, outcome_from_stats_file, source_figures
from output.health import RunFigures, figure_values, judge

LASTMOD = "2026-11-01"
_NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _crawler(tmp_path):
    crawler = get_crawler(settings_dict={"CLEANCRAWL_STATE": f"sqlite:///{tmp_path}/state.sqlite3", "FEEDS": {}})
    crawler.stats.open_spider()
    return crawler


def _site(tmp_path, articles: int, teasers: int) -> list[str]:
    """A source done by an earlier crawl: ``articles`` pages written, ``teasers`` dropped as no-text."""
    state = SQLiteCrawlState(tmp_path / "state.sqlite3")
    urls = []
    for i in range(articles + teasers):
        url = f"http://news.test/{i}.html"
        status, reason = (WRITTEN, None) if i < articles else (DROPPED, "no-text")
        state.record("news", PageState(url, status, f"fp{i}" if status == WRITTEN else None, etag=f'"e{i}"',
                                       lastmod=LASTMOD, reason=reason))  # fmt: skip
        urls.append(url)
    state.close()
    return urls


def _figures(**counts) -> dict:
    base = {"fetched": 30, "written": 30, "unchanged": 0, "rejected": {}, "median_words": 324,
            "with": dict.fromkeys(("title", "authors", "published", "language"), 30)}  # fmt: skip
    return base | counts


def _runs(*many: dict) -> list[RunFigures]:
    return [RunFigures(len(many) - i, f"2026-12-0{len(many) - i}T00:00:00Z", f) for i, f in enumerate(many)]


def test_a_304_counts_as_what_its_page_was_last_time(tmp_path):
    # 30 articles and 17 teaser pages, all answered 304 on the re-run: 30 articles, not 47
    urls = _site(tmp_path, articles=30, teasers=17)
    crawler = _crawler(tmp_path)
    middleware = ConditionalRequestMiddleware(crawler)
    for url in urls:
        request = Request(url, meta={"source": "news", "leaf": True})
        middleware.process_request(request)
        assert request.meta.get("conditional"), url
        with pytest.raises(NotModified):
            middleware.process_response(request, Response(url, status=304, request=request))
    middleware.state.close()
    news = source_figures(crawler.stats.get_stats())["news"]
    assert news["not_modified"] == 47
    assert news["spared"] == {"articles": 30, "rejected": {"no-text": 17}}
    values = figure_values(news)
    assert values["articles"] == 30
    assert values["rejected"] == pytest.approx(17 / 47)


def test_spared_pages_of_rejected_pages_are_not_articles_in_the_comparison():
    # the run log figures of that re-run: the 17 teasers are rejections, not articles
    first = _figures(fetched=47, rejected={"no-text": 17})
    rerun = _figures(fetched=0, written=0, median_words=None, not_modified=47,
                     spared={"articles": 30, "rejected": {"no-text": 17}})  # fmt: skip
    report = judge("news", _runs(rerun, first))
    assert report.figures["articles"] == {"last": 30.0, "baseline": 30.0}
    assert report.figures["rejected"]["last"] == pytest.approx(17 / 47)
    assert report.status == "ok"
    # the site dropped ten articles (now teasers, answered 304 no more: fetched and rejected)
    worse = _figures(fetched=10, written=0, median_words=None, not_modified=37,
                     rejected={"no-text": 10}, spared={"articles": 20, "rejected": {"no-text": 17}})  # fmt: skip
    assert {d.figure for d in judge("news", _runs(worse, first)).drops} >= {"articles"}


def test_the_drop_reason_is_kept_in_the_state_and_an_old_state_file_gains_the_column(tmp_path):
    path = tmp_path / "state.sqlite3"
    with sqlite3.connect(path) as db:  # a state file from before reasons were kept
        db.execute(
            "CREATE TABLE pages (source TEXT NOT NULL, url TEXT NOT NULL, status TEXT NOT NULL, fingerprint TEXT,"
            " etag TEXT, last_modified TEXT, lastmod TEXT, updated_at REAL NOT NULL, PRIMARY KEY (source, url))"
            " WITHOUT ROWID"
        )
        db.execute("INSERT INTO pages VALUES ('news', 'http://news.test/old', 'dropped', NULL, NULL, NULL, NULL, 1)")
    crawler = _crawler(tmp_path)
    pipeline = WrittenStatePipeline(crawler)
    url = "http://news.test/teaser"
    request = Request(url, meta={"source": "news", "leaf": True})
    response = HtmlResponse(url, body=b"<p>x</p>", request=request, headers={"ETag": '"t"'})
    pipeline.item_dropped({"url": url}, response, NotAnArticle("too-short", url))
    pipeline.state.close()
    state = SQLiteCrawlState(path)
    assert state.get("news", url).reason == "too-short"
    assert state.get("news", "http://news.test/old").reason is None  # an old row: reason unknown
    state.close()


def test_a_run_that_skipped_every_page_by_lastmod_is_judged(tmp_path, capsys):
    urls = _site(tmp_path, articles=30, teasers=5)
    crawler = _crawler(tmp_path)
    middleware = IncrementalSpiderMiddleware(crawler)
    entries = [Request(url, meta={"source": "news", "leaf": True, "lastmod": LASTMOD}) for url in urls]
    assert list(middleware.process_spider_output(None, entries)) == []  # nothing fetched
    middleware.state.close()
    stats = crawler.stats.get_stats()
    stats_file = tmp_path / "stats.json"
    stats_file.write_text(json.dumps({"stats": stats, "outputs": []}), encoding="utf-8")
    outcome = outcome_from_stats_file(stats_file)
    assert outcome.sources["news"]["skipped"] == 35
    log = RunLog(tmp_path / "runs.sqlite3")
    first = CrawlOutcome(sources={"news": _figures(fetched=35, rejected={"no-text": 5})})
    for figures in (first, outcome):
        run_id = log.started("news", started_at=_NOW, due_at=None, pid=None)
        log.finished(run_id, finished_at=_NOW, status="succeeded", exit_code=0, outcome=figures)
    code = main(["runs", "--health", "--json", "--runs-db", str(tmp_path / "runs.sqlite3")])
    (report,) = map(json.loads, capsys.readouterr().out.splitlines())
    assert code == 0 and report["status"] == "ok" and report["previous"] == 1, report
    assert report["figures"]["articles"] == {"last": 30.0, "baseline": 30.0}


def test_median_words_that_fell_are_flagged_and_named(tmp_path, capsys):
    steady = [_figures() for _ in range(3)]
    report = judge("news", _runs(_figures(median_words=23), *steady))
    assert report.status == "drop" and [d.figure for d in report.drops] == ["median_words"]
    assert (report.drops[0].baseline, report.drops[0].last) == (324, 23)
    # within the allowed fall (default: half), and on too few records, it is not judged
    assert judge("news", _runs(_figures(median_words=200), *steady)).status == "ok"
    few = _figures(written=2, unchanged=28, median_words=23)
    assert judge("news", _runs(few, *steady)).status == "ok"
    assert judge("news", _runs(_figures(median_words=200), *steady), max_words_drop=0.3).status == "drop"
    # the CLI names the figure, and takes the threshold as a setting
    log = RunLog(tmp_path / "runs.sqlite3")
    for figures in (*steady, _figures(median_words=23)):
        run_id = log.started("news", started_at=_NOW, due_at=None, pid=None)
        log.finished(run_id, finished_at=_NOW, status="succeeded", exit_code=0,
                     outcome=CrawlOutcome(sources={"news": figures}))  # fmt: skip
    db = str(tmp_path / "runs.sqlite3")
    assert main(["runs", "--health", "--runs-db", db]) == 1
    assert "median_words 324 -> 23" in capsys.readouterr().out
    assert main(["runs", "--health", "--max-words-drop", "0.95", "--runs-db", db]) == 0
    capsys.readouterr()
    assert main(["runs", "--health", "--max-words-drop", "1", "--runs-db", db]) == 2
    assert "--max-words-drop" in capsys.readouterr().err


def test_a_rising_share_of_rejected_pages_is_flagged():
    before = [_figures(fetched=40, rejected={"no-text": 10}) for _ in range(3)]  # 10 of 40 rejected
    # the articles held up (30), but twice as many pages are now rejected: 25 of 55
    now = _figures(fetched=55, rejected={"no-text": 20, "too-short": 5})
    report = judge("news", _runs(now, *before))
    assert [d.figure for d in report.drops] == ["rejected"]
    assert report.drops[0].baseline == 0.25 and report.drops[0].last == pytest.approx(25 / 55)
    assert judge("news", _runs(now, *before), max_rejected_rise=0.3).status == "ok"
    # duplicates are not rejections: the same page twice says nothing about the site
    copies = _figures(fetched=55, rejected={"no-text": 10, "duplicate-url": 10, "duplicate-content": 5})
    assert judge("news", _runs(copies, *before)).status == "ok"

