"""The backlog's rule when Scrapy consumes several callbacks' output in turns (as it does when the
sitemaps of an index arrive together): a sitemap that starts while another is halfway through its
batch waits behind it, so the sitemaps together keep about one batch queued."""

from __future__ import annotations

import itertools

from scrapy import Request

from crawler.state.backlog import Backlog


def _entries(site: str, n: int) -> list[Request]:
    return [Request(f"http://{site}/{i}.html") for i in range(n)]


def _continuation(key: int, slot: str) -> Request:
    return Request(f"data:,{key}", meta={"backlog": key, "slot": slot})


def _is_continuation(request: Request) -> bool:
    return request.url.startswith("data:")


def test_a_sitemap_arriving_mid_batch_waits_behind_the_one_being_read():
    backlog = Backlog(batch=10)
    first = backlog.requests(_entries("a.test", 25), _continuation)
    second = backlog.requests(_entries("a.test", 25), _continuation)
    # The first stream is read halfway, then the second one starts, then the first goes on.
    out = list(itertools.islice(first, 5))
    out += list(second)
    out += list(first)
    pages = [r for r in out if not _is_continuation(r)]
    assert len(pages) == 10, [r.url for r in pages]
    assert sum(map(_is_continuation, out)) == 2
    assert len(backlog) == 2


def test_a_stream_closed_midway_does_not_make_the_next_one_wait_for_ever():
    backlog = Backlog(batch=10)
    first = backlog.requests(_entries("a.test", 25), _continuation)
    list(itertools.islice(first, 3))
    first.close()
    later = list(backlog.requests(_entries("a.test", 5), _continuation))
    assert [r.url for r in later] == [r.url for r in _entries("a.test", 5)]


def test_every_entry_comes_out_through_the_continuations():
    backlog = Backlog(batch=4)
    streams = [backlog.requests(_entries(f"s{n}.test", 9), _continuation) for n in range(3)]
    queue = [r for s in streams for r in s]
    seen = []
    while queue:
        request = queue.pop(0)
        if _is_continuation(request):
            queue += list(backlog.resume(request.meta["backlog"], _continuation))
        else:
            seen.append(request.url)
    assert sorted(seen) == sorted(r.url for n in range(3) for r in _entries(f"s{n}.test", 9))
    assert len(backlog) == 0
