"""Site repetition in a crawl: a short block that recurs in many pages of one host is template text.

A local site of articles that share a signature line and a "posted in" line (the template), a long
standing paragraph (a series' introduction, over max_words: substance, never stripped), a code line
(protected) and a short line two articles share (under min_pages: stays). The counts live beside
the crawl state (``data/state.site-rep.sqlite3``, or the Redis of ``--redis`` workers), so they hold
across runs and workers; a URL is counted once however often it is fetched."""

from __future__ import annotations

import random
import sqlite3
from html import escape

import pytest
from mockserver import listing_html

SIGNATURE = "Maria Keller reports on the harbour and the city council for the Ledger."
POSTED = "Posted in Harbour, City Hall"
SERIES = (
    "This story is part of Harbour Watch, our year-long series on the port, the people who work "
    "there and the decisions the city council takes about its future; every week our reporters "
    "visit the docks, read the minutes and ask the questions readers send us about the harbour."
)
CODE = "curl -s https://ledger.example/api/tides"
SHARED_BY_TWO = "Update: the council meets again on Monday evening."
TEMPLATE = (SIGNATURE, POSTED)
_VOCABULARY = [f"{a}{b}" for a in ("tor", "mel", "sam", "kin", "dru", "val", "pek", "ros") for b in range(60)]


def own_paragraphs(slug: str) -> list[str]:
    """An article's own prose: words no other article has (so no near-duplicate either)."""
    rng = random.Random(slug)
    return [" ".join(rng.choice(_VOCABULARY) for _ in range(30)) + "." for _ in range(4)]


def article(slug: str, *, extra: str = "") -> str:
    own = "".join(f"<p>{escape(p)}</p>" for p in own_paragraphs(slug))
    more = f"<p>{escape(extra)}</p>" if extra else ""
    return (
        f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Story {slug}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><main><article><h1>Story {slug}</h1><p>{escape(POSTED)}</p>{own}"
        f"{more}<p>{escape(SERIES)}</p><pre><code>{escape(CODE)}</code></pre><p>{escape(SIGNATURE)}</p>"
        f"</article></main><footer>The Ledger</footer></body></html>"
    )


def serve(server, slugs: list[str], home: str = "/") -> str:
    for i, slug in enumerate(slugs):
        server.add(f"/news/{slug}.html", article(slug, extra=SHARED_BY_TWO if i in (3, 5) else ""))
    return server.add(home, listing_html([server.url(f"/news/{slug}.html") for slug in slugs]))


def lines(record: dict) -> list[str]:
    return record["text"].split("\n")


def kept_template(records: list[dict]) -> list[dict]:
    return [r for r in records if any(line in TEMPLATE for line in lines(r))]


def check_substance_stays(records: list[dict]) -> None:
    for r in records:
        slug = r["url"].rsplit("/", 1)[1].removesuffix(".html")
        text = lines(r)
        assert all(p in text for p in own_paragraphs(slug)), r["text"]
        assert SERIES in text and CODE in text  # long paragraph (> max_words), code line: never stripped
    assert sum(SHARED_BY_TWO in lines(r) for r in records) == 2  # two pages: under min_pages


def site_counts(tmp_path) -> tuple[int, dict[bytes, int]]:
    with sqlite3.connect(tmp_path / "data" / "state.site-rep.sqlite3") as db:
        (pages,) = db.execute("SELECT pages FROM site_rep_hosts WHERE host = '127.0.0.1'").fetchone()
        blocks = dict(db.execute("SELECT key, pages FROM site_rep_blocks WHERE host = '127.0.0.1'"))
    return pages, blocks


SLUGS = [f"a{i}" for i in range(8)]
# These sites are small: judge from the third page on, as `clean` would (the default waits for 10).
EARLY = ("-s", "CLEANCRAWL_SITE_REPETITION_MIN_HOST_PAGES=3")


@pytest.fixture
def crawl(crawl):  # type: ignore[no-untyped-def]
    return lambda url, *args, **options: crawl(url, *args, *EARLY, **options)


def test_the_template_goes_from_the_third_page_on_and_the_counts_hold_across_runs(server, crawl, tmp_path):
    home = serve(server, SLUGS)
    first = crawl(home, "--provenance")
    assert first.returncode == 0, first.stderr[-3000:]
    records = first.records
    assert len(records) == 8
    # judged against the pages counted so far, this one included: pages 1 and 2 keep the template
    assert len(kept_template(records)) == 2, [r["text"] for r in records]
    stripped = [r for r in records if r not in kept_template(records)]
    for r in stripped:
        assert r["removed"]["site.repeated-block"] == 2
        gone = [b for b in r["removed_blocks"] if b["rule"] == "site.repeated-block"]
        assert sorted(b["text"] for b in gone) == sorted(TEMPLATE)
        assert r["word_count"] == len(r["text"].split())  # derived fields follow the text
    check_substance_stays(records)
    assert "site repetition: blocks 12, records 6" in first.stderr  # the summary line
    pages, blocks = site_counts(tmp_path)
    assert pages == 8
    # posted-in and signature on every page; the line two pages share; code lines are not counted
    assert sorted(blocks.values(), reverse=True)[:3] == [8, 8, 2]

    # the same URLs again (a re-run, a retry, a re-fetch after a kill): not counted twice
    again = crawl(home, output="again.jsonl")
    assert again.returncode == 0, again.stderr[-3000:]
    assert site_counts(tmp_path) == (pages, blocks)
    # the two pages written with their template are written again without it (their words changed);
    # the others are unchanged
    assert sorted(r["url"] for r in again.records) == sorted(r["url"] for r in kept_template(records))
    assert kept_template(again.records) == []
    check_substance_stays(again.records + stripped)

    # a second run over new pages of the site: stripped from its first page on
    serve(server, [f"b{i}" for i in range(3)], home="/more")
    second = crawl(server.url("/more"), output="second.jsonl")
    assert second.returncode == 0, second.stderr[-3000:]
    assert len(second.records) == 3
    assert kept_template(second.records) == []
    assert all(r["removed"]["site.repeated-block"] == 2 for r in second.records)
    assert site_counts(tmp_path)[0] == 11


def test_off_leaves_every_record_as_cleaned(server, crawl, tmp_path):
    home = serve(server, SLUGS)
    result = crawl(home, "-s", "CLEANCRAWL_SITE_REPETITION=False")
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(kept_template(result.records)) == 8
    assert not any("site.repeated-block" in r["removed"] for r in result.records)
    assert not (tmp_path / "data" / "state.site-rep.sqlite3").exists()
    switch = crawl(home, "--no-site-repetition", "--state", "off", output="switch.jsonl")
    assert switch.returncode == 0, switch.stderr[-3000:]
    assert len(kept_template(switch.records)) == 8


@pytest.mark.filterwarnings("default::scrapy.exceptions.ScrapyDeprecationWarning:scrapy_redis")
def test_two_redis_workers_share_one_count_per_site(server, redis_url, tmp_path):
    import redis
    from conftest import FAST
    from test_distributed import finish, records_of, start_worker

    slugs = [f"r{i}" for i in range(32)]
    for i, slug in enumerate(slugs):
        # slow pages, two at a time a worker: the first worker cannot take them all before the second joins
        server.add(f"/news/{slug}.html", article(slug, extra=SHARED_BY_TWO if i in (3, 5) else ""), delay=0.25)
    home = server.add("/", listing_html([server.url(f"/news/{slug}.html") for slug in slugs]))
    (tmp_path / "sources.toml").write_text(f'[sources.news]\nurls = ["{home}"]\nmax_depth = 1\n')
    common = [*FAST, "--redis", redis_url, "-s", "CLEANCRAWL_REDIS_IDLE_TIMEOUT=3", "-s", "CONCURRENT_REQUESTS=2",
              *EARLY]
    sources = ["--sources", str(tmp_path / "sources.toml")]
    first = start_worker("cli.crawl", [*common, *sources, "-s", "CLEANCRAWL_WORKER_ID=w1"], tmp_path / "m1")
    second = start_worker("cli.crawl", [*common, "-s", "CLEANCRAWL_WORKER_ID=w2"], tmp_path / "m2")
    finish(first)
    finish(second)
    shares = {name: records_of(tmp_path / name) for name in ("m1", "m2")}
    assert shares["m1"] and shares["m2"], "each worker wrote a share"
    records = shares["m1"] + shares["m2"]
    assert len(records) == 32
    # one count for both workers: only the first two pages of the whole crawl keep the template
    # (with counts of their own, each worker would keep it on two)
    assert len(kept_template(records)) == 2, [r["text"] for r in records]
    check_substance_stays(records)
    client = redis.Redis.from_url(redis_url)
    assert int(client.hget("cleancrawl:state:site-rep:hosts", "127.0.0.1")) == 32
    assert client.keys("cleancrawl:state:site-rep:*")
    client.close()
