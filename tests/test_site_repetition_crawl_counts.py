"""The stores of a crawl's site-repetition counts (crawler/state/site_counts.py), SQLite and Redis alike:
a page counted once whatever re-fetches it, a host's distinct blocks bounded with its template
kept, and two processes counting at once losing nothing."""

from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

from crawler.state.site_counts import RedisSiteCounts, SQLiteSiteCounts, page_keys, sibling_counts_path
from output.site_repetition import block_key

TEMPLATE = [block_key("posted in harbour"), block_key("maria keller reports")]


def own(page: int, n: int = 6) -> list[bytes]:
    return [block_key(f"page {page} line {i}") for i in range(n)]


@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path):
    if request.param == "sqlite":
        counts = SQLiteSiteCounts(tmp_path / "state.site-rep.sqlite3", max_blocks=40)
    else:
        counts = RedisSiteCounts(request.getfixturevalue("redis_url"), prefix="t:site-rep", max_blocks=40)
    yield counts
    counts.close()


def test_a_page_counts_once_by_url_and_once_by_words(store):
    pages, counts = store.observe("ledger.example", page_keys("https://ledger.example/1", "f1"), TEMPLATE + own(1))
    assert pages == 1 and counts == dict.fromkeys(TEMPLATE + own(1), 1)  # this page included
    for url, fingerprint in (
        ("https://ledger.example/1", "f1"),  # a re-fetch, a retry, a re-run
        ("https://ledger.example/1", "f1-changed"),  # the page changed since it was counted
        ("https://ledger.example/1?utm=x", "f1"),  # the same words at another URL
    ):
        pages, counts = store.observe("ledger.example", page_keys(url, fingerprint), TEMPLATE + own(1))
        assert pages == 1 and set(counts.values()) == {1}, (url, fingerprint)
    pages, counts = store.observe("ledger.example", page_keys("https://ledger.example/2", "f2"), TEMPLATE + own(2))
    assert pages == 2 and [counts[k] for k in TEMPLATE] == [2, 2] and counts[own(2)[0]] == 1
    # another host counts apart
    assert store.observe("other.example", page_keys("https://other.example/1", "f1"), TEMPLATE)[0] == 1


def test_a_host_keeps_a_bounded_number_of_blocks_and_its_template_among_them(store):
    for page in range(30):  # 6 lines of its own a page: 182 distinct blocks in all, cap 40
        pages, counts = store.observe(
            "big.example", page_keys(f"https://big.example/{page}", f"f{page}"), TEMPLATE + own(page)
        )
    assert pages == 30
    assert [counts[k] for k in TEMPLATE] == [30, 30]
    if isinstance(store, SQLiteSiteCounts):
        (kept,) = store.db.execute("SELECT COUNT(*) FROM site_rep_blocks WHERE host = 'big.example'").fetchone()
    else:
        kept = store.redis.zcard("t:site-rep:blocks:big.example")
    assert kept <= 40


def test_the_counts_file_sits_beside_the_state(tmp_path):
    assert sibling_counts_path(tmp_path / "data" / "state.sqlite3") == tmp_path / "data" / "state.site-rep.sqlite3"
    SQLiteSiteCounts(tmp_path / "new" / "state.site-rep.sqlite3").close()  # missing folders are made
    with sqlite3.connect(tmp_path / "new" / "state.site-rep.sqlite3") as db:
        assert {"site_rep_hosts", "site_rep_blocks", "site_rep_seen"} <= {
            name for (name,) in db.execute("SELECT name FROM sqlite_master")
        }


def _count_pages(where: str, first: int, barrier) -> None:
    counts = RedisSiteCounts(where, prefix="race") if where.startswith("redis") else SQLiteSiteCounts(where)
    barrier.wait()
    for page in range(first, first + 60):
        counts.observe("ledger.example", page_keys(f"https://ledger.example/{page}", f"f{page}"), TEMPLATE)
        # every page twice, from both processes: a re-fetch racing its first fetch
        counts.observe("ledger.example", page_keys(f"https://ledger.example/{page}", f"f{page}"), TEMPLATE)
    counts.close()


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
def test_two_processes_counting_at_once_lose_no_page_and_count_none_twice(kind, tmp_path, request):
    where = request.getfixturevalue("redis_url") if kind == "redis" else str(tmp_path / "shared.sqlite3")
    if kind == "sqlite":
        SQLiteSiteCounts(where).close()  # the schema, before two processes race to make it
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, context.Pool(2) as pool:
        barrier = manager.Barrier(2)
        runs = [pool.apply_async(_count_pages, (where, first, barrier)) for first in (0, 30)]  # pages 30-59 by both
        for run in runs:
            run.get(timeout=120)
    counts = RedisSiteCounts(where, prefix="race") if kind == "redis" else SQLiteSiteCounts(where)
    pages, blocks = counts.observe("ledger.example", page_keys("https://ledger.example/0", "f0"), TEMPLATE)
    counts.close()
    assert pages == 90 and [blocks[k] for k in TEMPLATE] == [90, 90]


# --- the pipeline on its own: what a stripped record carries on ---------------------------------------


def _pipeline(**settings):
    from scrapy.utils.test import get_crawler

    from crawler.components.site_repetition import SiteRepetitionPipeline

    settings = {"CLEANCRAWL_STATE": "off", "CLEANCRAWL_SITE_REPETITION_MIN_HOST_PAGES": 3, **settings}
    crawler = get_crawler(settings_dict=settings)
    crawler._apply_settings()
    return SiteRepetitionPipeline.from_crawler(crawler), crawler.stats


def _record(n: int, lines: list[str], protected: list[str] = ()):
    from crawler.state.site_counts import with_protected
    from output.near_dup import NearDupConfig, sign
    from output.record import content_fingerprint

    text = "\n".join(lines)
    host = "www.ledger.example" if n < 3 else "ledger.example"  # one host, www. aside
    record = {"url": f"https://{host}/{n}", "text": text, "fingerprint": content_fingerprint(text)}
    record |= {"word_count": len(text.split()), "removed": {}, "markdown": "\n\n".join(lines)}
    return with_protected(sign(record, NearDupConfig()), protected)


def test_a_stripped_record_loses_its_stale_signature_and_one_left_too_short_is_dropped():
    from crawler.components.drops import NotAnArticle

    pipeline, stats = _pipeline()
    template = "Posted in Harbour by Maria Keller, who reports on the city council for the Ledger every week"
    code = "make install"
    prose = [
        f"Story {n} tells of ward {n} and clerk {n} and the long wait for the council's answer today." for n in range(4)
    ]
    for n in range(2):
        item = pipeline.process_item(_record(n, [template, prose[n], prose[n] + " More.", code], [code]))
        assert template in item["text"] and item.near_dup_signature is not None  # counts still building up
    item = pipeline.process_item(_record(2, [template, prose[2], prose[2] + " More.", code], [code]))
    assert item["text"].split("\n") == [prose[2], prose[2] + " More.", code]  # the code line is protected
    assert item.near_dup_signature is None  # the worker's, of the unstripped text: computed again downstream
    assert item["removed"] == {"site.repeated-block": 1} and template not in item["markdown"]
    assert item["word_count"] == len(item["text"].split())
    from cleaners.pipeline import prose_words

    assert prose_words([template, prose[3]]) >= 25 > prose_words([prose[3]])
    with pytest.raises(NotAnArticle) as dropped:  # under min_words once stripped
        pipeline.process_item(_record(3, [template, prose[3]]))
    assert dropped.value.reason == "too-short"
    assert stats.get_value("cleancrawl/site_repetition/blocks") == 2
    pipeline.close_spider()


def test_the_pipeline_is_off_with_the_setting_off():
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        _pipeline(CLEANCRAWL_SITE_REPETITION=False)


def test_a_copy_of_other_pages_of_the_site_is_not_stripped_of_their_words():
    """The same story at three URLs of one host (a reprint, a print view) is no template: its
    paragraphs recur, but they are most of the page; near-duplicate detection sees it whole."""
    pipeline, _ = _pipeline()
    story = [
        f"Paragraph {j} of the dock strike story: the union and the port met for an hour on item {j}." for j in range(6)
    ]
    signature = "Maria Keller reports on the harbour for the Ledger"
    for n in range(3):
        item = pipeline.process_item(_record(n, [f"Headline {n} of the strike", *story, signature]))
        assert all(line in item["text"].split("\n") for line in story), n
    # a page of its own keeps losing the template (on all 4 pages; the copies' story is not on it)
    item = pipeline.process_item(
        _record(
            4,
            [
                "An article of its own about the ferry timetable for the winter months ahead.",
                "The operator will run two boats an hour until March, then three, as the council asked.",
                signature,
            ],
        )
    )
    assert signature not in item["text"] and item["removed"] == {"site.repeated-block": 1}


def test_by_default_a_host_is_judged_only_once_ten_of_its_pages_are_counted():
    from crawler.components.site_repetition import MIN_HOST_PAGES

    pipeline, _ = _pipeline(CLEANCRAWL_SITE_REPETITION_MIN_HOST_PAGES=MIN_HOST_PAGES)
    template = "Posted in Harbour by Maria Keller"
    kept = []
    for n in range(MIN_HOST_PAGES + 2):
        prose = f"Story {n} tells of ward {n} and clerk {n} and the long wait for the council's answer, page {n}."
        item = pipeline.process_item(_record(n, [template, prose, prose + " More words here."]))
        kept.append(template in item["text"])
    # the first nine keep it (their few pages share much by chance), from the tenth on it goes
    assert kept == [True] * (MIN_HOST_PAGES - 1) + [False] * 3
