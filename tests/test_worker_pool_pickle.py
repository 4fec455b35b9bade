"""What the worker pool (crawler/workers/pool.py) sends to its workers and gets back survives a
pickle round trip: the tasks of a crawl (a page to clean, a page's links to read), of
``cleancrawl clean``, their results, and the pool's own failures. Pure: no process is started."""

from __future__ import annotations

import pickle
from functools import partial

from hostile_inputs import article
from scrapy.http import HtmlResponse

from crawler.offline.page_cleaning import Options, clean_in_worker
from crawler.offline.page_inputs import SavedPage
from crawler.safety import page_links
from crawler.state.sources import Source
from crawler.workers import cleaning
from crawler.workers.pool import CLEANER_TIMEOUT, WORKER_CRASHED, WorkerFailure, _sendable
from output.near_dup import NearDupConfig


def round_trip(value):
    return pickle.loads(pickle.dumps(value))


PAGE = article("A story that travels").encode()
URL = "http://news.test/story.html"


def crawl_clean_task() -> tuple:
    # as CleanPipeline._clean hands it to the pool: (fn, args, kwargs)
    kwargs = dict(
        content_type="text/html; charset=utf-8", status=200, source="news", fetched_at="2026-12-06T20:00:00Z",
        rule_files=(), min_words=25, hints={"language": "en"}, format="text", provenance=True,
        near_dup=NearDupConfig(threshold=0.8, num_perm=128, shingle_size=5),
    )
    return cleaning.clean_page, (URL, PAGE), kwargs


def test_a_crawl_page_task_and_its_record_survive_the_trip() -> None:
    fn, args, kwargs = crawl_clean_task()
    fn2, args2, kwargs2 = round_trip((fn, args, kwargs))
    assert fn2 is cleaning.clean_page and args2 == args and kwargs2 == kwargs
    record, reason = fn2(*args2, **kwargs2)
    assert reason is None and record is not None
    assert round_trip((record, reason)) == (record, reason)
    assert round_trip(fn(*args, **kwargs)) == (record, reason)  # the same page gives the same record


def test_a_link_reading_task_and_its_links_survive_the_trip() -> None:
    source = Source(name="news", urls=(URL,), allowed_domains=("news.test",))
    body = b"<html><body><a href='/a.html'>a</a><a href='http://elsewhere.test/b'>b</a></body></html>"
    job = partial(
        page_links.read_links, URL, body, response_class=HtmlResponse, content_type="text/html",
        source=source, max_links=10, max_attributes=10,
    )
    copy = round_trip(job)
    assert copy.func is page_links.read_links and copy.args == job.args and copy.keywords == job.keywords
    found = copy()
    assert found.urls == ["http://news.test/a.html"]
    back = round_trip(found)
    assert back.urls == found.urls and back.counts == found.counts


def test_a_clean_task_and_its_outcome_survive_the_trip() -> None:
    task = (clean_in_worker, ((SavedPage("p.html", PAGE, url=URL), Options()),), {})
    fn, args, kwargs = round_trip(task)
    outcome = fn(*args, **kwargs)
    assert outcome.record is not None and outcome.record["title"] == "A story that travels"
    assert round_trip(outcome) == outcome


def test_the_pools_failures_keep_their_reason() -> None:
    for reason in (WORKER_CRASHED, CLEANER_TIMEOUT):
        failure = round_trip(WorkerFailure(reason, "cleaning x: its worker (pid 1) was killed by SIGKILL"))
        assert failure.reason == reason and str(failure) == "cleaning x: its worker (pid 1) was killed by SIGKILL"


class _NeedsKeyword(Exception):
    def __init__(self, *, what: str) -> None:
        super().__init__(f"bad {what}")


def test_an_exception_that_cannot_make_the_trip_is_sent_as_one_that_can() -> None:
    ordinary = ValueError("plain")
    assert _sendable(ordinary) is ordinary
    odd = _sendable(_NeedsKeyword(what="page"))
    assert isinstance(round_trip(odd), RuntimeError) and "_NeedsKeyword: bad page" in str(odd)
