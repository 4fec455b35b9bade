"""A crawl's log stays readable: a dropped or scraped item is logged as its URL, the reason and a
few small fields, never its page body or text, and no line of the log is longer than
``log_filters.MAX_LINE_CHARS`` (``crawl -v`` printed each dropped page whole: 300 kB a line)."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from conftest import FAST, ROOT
from mockserver import MockServer, article_html
from scrapy.exceptions import DropItem

from crawler.components import log_filters
from crawler.components.drops import NotAnArticle
from crawler.components.log_formatter import ItemLogFormatter
from crawler.items import PageItem

BIG = 300 * 1024
URL = "http://127.0.0.1:9/big.html"


def _spider() -> SimpleNamespace:
    return SimpleNamespace(crawler=SimpleNamespace(settings={"DEFAULT_DROPITEM_LOG_LEVEL": "INFO"}))


def _message(entry: dict) -> str:
    return entry["msg"] % entry["args"]


def _big_page() -> PageItem:
    return PageItem(
        url=URL, body=b"<p>" + b"x" * BIG + b"</p>", status=200, content_type="text/html",
        source="http://127.0.0.1:9/", fetched_at="2026-12-06T20:00:00Z",
    )


def test_a_dropped_page_is_logged_by_url_and_reason_not_body() -> None:
    entry = ItemLogFormatter().dropped(_big_page(), NotAnArticle("too-short", URL), None, _spider())

    message = _message(entry)
    assert entry["level"] == logging.INFO  # DEFAULT_DROPITEM_LOG_LEVEL, as Scrapy's
    assert "\n" not in message
    assert len(message) < 1000, message[:300]
    assert URL in message and "too-short" in message and "status=200" in message
    assert "xxxxxxxx" not in message


def test_a_dropped_record_is_logged_without_its_text() -> None:
    record = {"url": URL, "title": "A title", "text": "word " * BIG, "words": BIG, "fingerprint": "ab" * 16}
    entry = ItemLogFormatter().dropped(record, DropItem(f"duplicate-url: {URL}"), None, _spider())

    message = _message(entry)
    assert len(message) < 1000 and "word word" not in message
    assert URL in message and "duplicate-url" in message and "title='A title'" in message


def test_scraped_and_failed_items_are_summarised_too() -> None:
    record = {"url": URL, "text": "word " * BIG}
    formatter = ItemLogFormatter()
    for entry in (
        formatter.scraped(record, None, _spider()),
        formatter.item_error(record, ValueError("boom"), None, _spider()),
    ):
        message = _message(entry)
        assert URL in message and len(message) < 1000, message[:300]


def test_a_long_exception_message_is_cut() -> None:
    entry = ItemLogFormatter().dropped({"url": URL}, DropItem("y" * BIG), None, _spider())
    assert len(_message(entry)) < 1000


def test_no_formatted_line_is_longer_than_the_cap() -> None:
    formatter = log_filters.RedactingFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "first %s\nshort line", ("z" * BIG,), None)

    lines = formatter.format(record).splitlines()

    assert [len(line) <= log_filters.MAX_LINE_CHARS for line in lines] == [True, True]
    assert lines[0].startswith("INFO: first zzz") and "more characters" in lines[0]
    assert lines[1] == "short line"


def test_crawl_verbose_logs_a_dropped_300kb_page_in_one_short_line(tmp_path: Path) -> None:
    with MockServer() as server:
        # not an article: 300 kB of script, no prose
        big = server.add("/big.html", "<html><body><script>" + "x" * BIG + "</script><p>Hi.</p></body></html>")
        # the same 300 kB article under two URLs: the second is dropped as a duplicate
        story = article_html("Long story", words=BIG // 10)
        first, second = server.add("/a.html", story), server.add("/b.html", story)
        proc = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "-vv", "crawl", *FAST, "--state", "off", big, first, second,
             "-o", str(tmp_path / "out.jsonl")],
            cwd=tmp_path, capture_output=True, text=True, timeout=240,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        )

    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    dropped = [line for line in proc.stderr.splitlines() if "Dropped:" in line]
    assert any(big in line for line in dropped), proc.stderr[-3000:]
    assert any("duplicate" in line for line in dropped), proc.stderr[-3000:]
    longest = max(proc.stderr.splitlines(), key=len)
    assert len(longest) <= log_filters.MAX_LINE_CHARS, longest[:300]
    assert "x" * 1000 not in proc.stderr and "council reviewed" not in proc.stderr[proc.stderr.find("Dropped"):]
