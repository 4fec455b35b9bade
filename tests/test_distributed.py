"""Workers sharing one Redis split one crawl: every article is written exactly once, each worker a share.

Each test starts its own redis-server on a free port of 127.0.0.1 in a temporary folder. A missing
redis-server, redis or scrapy-redis is a skip on a developer machine and a failure in CI (CI set to
anything but false), where .ci/run installs them.
"""

from __future__ import annotations

import itertools
import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FAST, ROOT, _free_port, _require_redis
from mockserver import MockServer, article_html, listing_html

# scrapy-redis 0.9.1 predates Scrapy 2.13+; a deprecation it raises itself is not ours to fix
# (crawler/distributed/worker.py explains), ours still fail the test.
pytestmark = pytest.mark.filterwarnings("default::scrapy.exceptions.ScrapyDeprecationWarning:scrapy_redis")

SECTIONS, PER_SECTION, MIRRORS = 10, 30, 5
# The crawl commands run in fresh interpreters with Scrapy deprecations as errors, as in conftest.
CHILD = (
    "import sys, warnings\n"
    "from scrapy.exceptions import ScrapyDeprecationWarning\n"
    "warnings.simplefilter('error', ScrapyDeprecationWarning)\n"
    "from crawler.{module} import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def news_site(server: MockServer) -> tuple[str, set[str], dict[str, str]]:
    """A 300-article site: home -> 10 sections -> 30 articles each; the last section also links
    copies of five articles at other URLs. Returns (home URL, article URLs, mirror -> original)."""
    articles, mirrors = set(), {}
    sections = []
    for s in range(SECTIONS):
        links = []
        for a in range(PER_SECTION):
            n = s * PER_SECTION + a
            page = article_html(f"Story {n}", links=[server.url("/")])
            links.append(server.add(f"/a/{n}.html", page))
            if n < MIRRORS:
                mirrors[server.url(f"/m/{n}.html")] = links[-1]
                server.add(f"/m/{n}.html", page)  # the same words at a second URL, no canonical link
        if s == SECTIONS - 1:
            links += list(mirrors)
        articles.update(links[:PER_SECTION])
        sections.append(server.add(f"/s/{s}.html", listing_html(links, title=f"Section {s}")))
    home = server.add("/", listing_html(sections))
    return home, articles, mirrors


def start_worker(module: str, args: list[str], cwd: Path) -> subprocess.Popen:
    cwd.mkdir(exist_ok=True)
    if module == "cli.crawl":
        # Start URLs fed through Redis do not open internal addresses to a worker (crawler/safety/address_guard.py);
        # the test site is on loopback, so the workers allow it as an operator would an intranet.
        args = [*args, "-s", "CLEANCRAWL_ALLOW_NETWORKS=127.0.0.1/32"]
    return subprocess.Popen(
        [sys.executable, "-c", CHILD.format(module=module), *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )


def finish(proc: subprocess.Popen, timeout: float = 180) -> tuple[str, str]:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"worker did not finish in {timeout}s:\n{out}\n{err[-3000:]}")
    assert proc.returncode == 0, f"{out}\n{err[-3000:]}"
    assert "Traceback" not in err, err[-3000:]
    ours = [line for line in err.splitlines() if "DeprecationWarning" in line and "scrapy_redis" not in line]
    assert not ours, err[-3000:]
    return out, err


def records_of(folder: Path) -> list[dict]:
    return [json.loads(line) for path in folder.glob("data/*/*.jsonl") for line in path.read_text().splitlines()]


def test_two_workers_split_a_crawl_and_write_each_article_once(server, redis_url, tmp_path):
    import redis

    home, articles, mirrors = news_site(server)
    (tmp_path / "sources.toml").write_text(f'[sources.news]\nurls = ["{home}"]\nmax_depth = 2\n')
    common = [*FAST, "--redis", redis_url, "-s", "CLEANCRAWL_REDIS_IDLE_TIMEOUT=3"]

    # The first worker brings the sources; the second knows only the Redis URL and crawls what was fed.
    first = start_worker(
        "cli.crawl",
        [
            *common,
            "--sources",
            str(tmp_path / "sources.toml"),
            "-s",
            "CLEANCRAWL_WORKER_ID=w1",
            "--stats-file",
            "s.json",
        ],
        tmp_path / "m1",
    )
    second = start_worker(
        "cli.crawl", [*common, "-s", "CLEANCRAWL_WORKER_ID=w2", "--stats-file", "s.json"], tmp_path / "m2"
    )
    finish(first)
    finish(second)

    shares = {name: records_of(tmp_path / name) for name in ("m1", "m2")}
    records = shares["m1"] + shares["m2"]
    urls = [r["url"] for r in records]
    # Every article exactly once, across both workers: by URL, and by content (an article and its
    # copy at another URL are one article, whichever worker found which).
    assert len(urls) == len(set(urls)) == len(articles)
    assert len({r["fingerprint"] for r in records}) == len(records)
    for mirror, original in mirrors.items():
        assert (mirror in urls) != (original in urls)
    assert set(urls) - set(mirrors) <= articles
    # Each worker did a share, in its own files named after it.
    for name, worker in (("m1", "w1"), ("m2", "w2")):
        assert len(shares[name]) >= len(articles) // 10, {k: len(v) for k, v in shares.items()}
        assert all(p.stem.endswith(f"-{worker}") for p in (tmp_path / name).glob("data/news/*.jsonl"))
    # Each page was fetched once by the two of them (robots.txt once per worker), retries aside.
    stats = [json.loads((tmp_path / name / "s.json").read_text())["stats"] for name in ("m1", "m2")]
    retries = sum(s.get("retry/count", 0) for s in stats)
    fetched = {path: len(hits) for path, hits in server.hits.items() if path != "/robots.txt"}
    assert sum(fetched.values()) - len(fetched) <= retries, {p: n for p, n in fetched.items() if n > 1}
    assert all(s["cleancrawl/distributed/worker"] in ("w1", "w2") for s in stats)
    # The last worker to leave ended the run: its request and article dedup are gone from Redis.
    client = redis.Redis.from_url(redis_url)
    assert not client.exists("cleancrawl:dupefilter", "cleancrawl:article-urls", "cleancrawl:sources")
    assert client.zcard("cleancrawl:workers") == 0


def test_a_worker_started_first_crawls_what_is_fed_later(server, redis_url, tmp_path):
    import redis

    urls = [server.add(f"/late/{i}.html", article_html(f"Late {i}")) for i in range(6)]
    sitemap = server.add_sitemap("/late.xml", urls)
    worker = start_worker(
        "cli.crawl",
        [*FAST, "--redis", redis_url, "-s", "CLEANCRAWL_REDIS_IDLE_TIMEOUT=3", "-s", "CLEANCRAWL_WORKER_ID=w1"],
        tmp_path / "m1",
    )
    time.sleep(1.5)  # the worker is up and waits for sources (for ever, by default)
    fed = subprocess.run(
        [sys.executable, "-c", CHILD.format(module="cli.feed"), "--redis", redis_url, sitemap],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert fed.returncode == 0, fed.stderr
    assert "fed 1 source(s) and 1 start URL(s)" in fed.stdout

    finish(worker)

    assert sorted(r["url"] for r in records_of(tmp_path / "m1")) == sorted(urls)
    assert len(server.hits["/late.xml"]) == 1  # fed and also a start URL of the source: fetched once
    assert redis.Redis.from_url(redis_url).llen("cleancrawl:start") == 0


def test_feed_without_redis_is_a_clear_error(tmp_path):
    _require_redis()
    port = _free_port()  # nothing listens there
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD.format(module="cli.feed"),
            "--redis",
            f"redis://127.0.0.1:{port}/0",
            "http://x.test/",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert proc.returncode == 2
    assert f"cannot use Redis at redis://127.0.0.1:{port}/0" in proc.stderr and "Traceback" not in proc.stderr


def test_queued_requests_are_plain_json_and_come_back_equal():
    _require_redis()
    from scrapy import Request, Spider
    from scrapy.utils.request import request_from_dict

    from crawler.distributed.worker import JsonRequests

    class NewsSpider(Spider):
        name = "news"

        def parse_page(self, response):
            pass

    spider = NewsSpider()
    request = Request(
        "http://news.test/a?b=1",
        callback=spider.parse_page,
        headers={"User-Agent": "bot", "Accept": ["text/html", "*/*"]},
        body=b"\xff\x00body",
        meta={"source": "news", "page_depth": 2, "hints": {"title": "T"}, "retry_times": 1},
        priority=3,
        dont_filter=True,
    )

    data = JsonRequests.dumps(request.to_dict(spider=spider))
    back = request_from_dict(JsonRequests.loads(data), spider=spider)

    assert isinstance(json.loads(data), dict)  # JSON, not pickle: nothing in Redis can run code
    assert (back.url, back.body, back.meta, back.priority, back.dont_filter) == (
        request.url,
        request.body,
        request.meta,
        3,
        True,
    )
    assert back.headers == request.headers and back.callback == spider.parse_page


def test_the_next_run_starts_afresh_once_the_last_worker_has_left(server, redis_url, tmp_path):
    urls = [server.add(f"/again/{i}.html", article_html(f"Again {i}")) for i in range(3)]
    sitemap = server.add_sitemap("/again.xml", urls)
    args = [*FAST, "--redis", redis_url, "-s", "CLEANCRAWL_REDIS_IDLE_TIMEOUT=1", sitemap]

    for run in ("first", "second"):
        _, err = finish(start_worker("cli.crawl", args, tmp_path / run))
        assert "finish reason: finished" in err

    # The first run's request dedup was dropped when its last worker left: the second run fetched
    # the sitemap again (what it writes is up to the incremental state).
    assert len(server.hits["/again.xml"]) == 2
    assert len(records_of(tmp_path / "first")) == 3


def test_feed_reset_forgets_an_unfinished_run_but_not_under_running_workers(redis_url, tmp_path):
    import redis

    client = redis.Redis.from_url(redis_url)
    client.zadd("cleancrawl:requests", {b"left over": 0})
    client.sadd("cleancrawl:dupefilter", "fp")

    def feed(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", CHILD.format(module="cli.feed"), "--redis", redis_url, *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        )

    now = client.time()[0]
    client.zadd("cleancrawl:workers", {"alive": now})
    refused = feed("--reset", "http://news.test/sitemap.xml")
    assert refused.returncode == 2 and "1 worker(s)" in refused.stderr
    assert client.exists("cleancrawl:requests") and not client.exists("cleancrawl:start")

    client.zadd("cleancrawl:workers", {"alive": now - 3600})  # it died an hour ago
    done = feed("--reset", "http://news.test/sitemap.xml")
    assert done.returncode == 0, done.stderr
    assert not client.exists("cleancrawl:requests", "cleancrawl:dupefilter", "cleancrawl:workers")
    assert client.llen("cleancrawl:start") == 1


def test_a_source_fed_after_a_worker_started_is_left_to_workers_that_know_it(server, redis_url, tmp_path):
    alpha = [server.add(f"/alpha/{i}.html", article_html(f"Alpha {i}")) for i in range(40)]
    beta = [server.add(f"/beta/{i}.html", article_html(f"Beta {i}")) for i in range(40)]
    for name, urls in (("alpha", alpha), ("beta", beta)):
        sitemap = server.add_sitemap(f"/{name}.xml", urls)
        (tmp_path / f"{name}.toml").write_text(f'[sources.{name}]\nurls = ["{sitemap}"]\n')
    common = [*FAST, "--redis", redis_url, "-s", "CLEANCRAWL_REDIS_IDLE_TIMEOUT=4", "--stats-file", "s.json"]

    first = start_worker("cli.crawl", [*common, "--sources", str(tmp_path / "alpha.toml")], tmp_path / "m1")
    time.sleep(2)  # the first worker runs, with a feed for alpha only
    second = start_worker("cli.crawl", [*common, "--sources", str(tmp_path / "beta.toml")], tmp_path / "m2")
    finish(first)
    finish(second)

    first_records, second_records = records_of(tmp_path / "m1"), records_of(tmp_path / "m2")
    urls = [r["url"] for r in first_records + second_records]
    assert sorted(urls) == sorted(alpha + beta)  # each once
    assert not any(r["source"] == "beta" for r in first_records)  # it has no file for beta


def test_a_worker_stopped_with_sigterm_leaves_the_rest_for_the_next_one(server, redis_url, tmp_path):
    import redis

    urls = [server.add(f"/slow/{i}.html", article_html(f"Slow {i}"), delay=0.5) for i in range(24)]
    sitemap = server.add_sitemap("/slow.xml", urls)
    common = [*FAST, "--redis", redis_url, "-s", "CLEANCRAWL_REDIS_IDLE_TIMEOUT=1", "-s", "CONCURRENT_REQUESTS=2"]

    first = start_worker("cli.crawl", [*common, sitemap], tmp_path / "m1")
    client = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + 30
    while not (tmp_path / "m1" / "data").exists() and time.monotonic() < deadline:
        time.sleep(0.2)  # until it writes its first article
    time.sleep(1)
    first.send_signal(signal.SIGTERM)  # graceful: what it has in flight is finished and written
    _, err = first.communicate(timeout=60)
    assert "finish reason: shutdown" in err and "Traceback" not in err, err[-3000:]
    assert client.zcard("cleancrawl:requests") > 0

    # A worker that knows only the Redis URL resumes the run.
    finish(start_worker("cli.crawl", common, tmp_path / "m2"))

    first_urls = [r["url"] for r in records_of(tmp_path / "m1")]
    second_urls = [r["url"] for r in records_of(tmp_path / "m2")]
    assert first_urls and second_urls
    assert sorted(first_urls + second_urls) == sorted(urls)
    assert len(server.hits["/slow.xml"]) == 1


def test_max_pages_holds_for_the_whole_crawl_not_per_worker(server, redis_url, tmp_path):
    home, _, _ = news_site(server)
    for path in [p for p in server.routes if p.startswith("/s/")]:
        server.routes[path].delay = 0.3  # slow sections, few requests at once: both workers read some
    (tmp_path / "sources.toml").write_text(f'[sources.news]\nurls = ["{home}"]\nmax_depth = 2\nmax_pages = 60\n')
    args = [*FAST, "--redis", redis_url, "-s", "CLEANCRAWL_REDIS_IDLE_TIMEOUT=2", "-s", "CONCURRENT_REQUESTS=2"]

    workers = [
        start_worker("cli.crawl", [*args, "--sources", str(tmp_path / "sources.toml")], tmp_path / name)
        for name in ("m1", "m2")
    ]
    for worker in workers:
        finish(worker)

    # Each worker alone would have allowed 60; the start page is not counted.
    pages = sum(len(hits) for path, hits in server.hits.items() if path.startswith(("/s/", "/a/", "/m/")))
    assert 40 <= pages <= 60, pages
    assert len(records_of(tmp_path / "m1")) + len(records_of(tmp_path / "m2")) <= 60 - SECTIONS


def test_max_pages_counts_only_pages_fetched_in_full_for_all_workers(redis_url, tmp_path):
    """A page answering 304 (unchanged since the last run) gives its place in the shared budget to
    a page held back over it, whichever worker fetched which: each re-run reaches the next pages."""
    from newssite import NewsSite

    with NewsSite(24, lastmod=False) as site:  # ETag and Last-Modified, no lastmod: known pages answer 304
        (tmp_path / "sources.toml").write_text(
            f'[sources.news]\nurls = ["{site.base}/sitemap.xml"]\nmax_pages = 8\n'
        )
        args = [*FAST, "--redis", redis_url, "-s", "CLEANCRAWL_REDIS_IDLE_TIMEOUT=2", "-s", "CONCURRENT_REQUESTS=2"]
        written: list[list[str]] = []
        full: list[int] = []
        for run in range(3):
            before = {str(p) for name in ("m1", "m2") for p in (tmp_path / name).glob("data/*/*.jsonl")}
            site.reset_counts()
            workers = [
                start_worker(
                    "cli.crawl",
                    [*args, "--sources", str(tmp_path / "sources.toml"), "-s", f"CLEANCRAWL_WORKER_ID=r{run}{name}"],
                    tmp_path / name,
                )
                for name in ("m1", "m2")
            ]
            errors = [finish(worker)[1] for worker in workers]
            assert not any("dropped meta" in err for err in errors), errors
            new = [
                p for name in ("m1", "m2") for p in (tmp_path / name).glob("data/*/*.jsonl") if str(p) not in before
            ]
            written.append([json.loads(line)["url"] for p in new for line in p.read_text().splitlines()])
            full.append(site.article_fetches())

        # Each run fetched 8 pages in full (the 304s were free) and wrote them: 24 articles, each once.
        assert full == [8, 8, 8], (full, [len(w) for w in written])
        assert [len(w) for w in written] == [8, 8, 8]
        urls = [u for w in written for u in w]
        assert sorted(urls) == sorted(site.base + p for p in site.pages)


def test_a_worker_with_no_sources_gives_up_after_the_wait_it_was_given(redis_url, run_cleancrawl):
    proc = run_cleancrawl("cli.crawl", ["--redis", redis_url, "-s", "CLEANCRAWL_REDIS_SOURCES_WAIT=1"])
    assert proc.returncode == 2
    assert f"no sources were fed to {redis_url} (key cleancrawl) within 1s" in proc.stderr


def test_a_sites_crawl_delay_holds_for_all_workers_together(server, redis_url, tmp_path):
    server.add("/robots.txt", "User-agent: *\nCrawl-delay: 0.4\n", content_type="text/plain")
    urls = [server.add(f"/polite/{i}.html", article_html(f"Polite {i}")) for i in range(10)]
    sitemap = server.add_sitemap("/polite.xml", urls)
    # Two requests at once per worker: the queue keeps work for the other one.
    args = [
        *FAST,
        "--redis",
        redis_url,
        "-s",
        "CLEANCRAWL_REDIS_IDLE_TIMEOUT=2",
        "-s",
        "CONCURRENT_REQUESTS=2",
        sitemap,
    ]

    workers = [start_worker("cli.crawl", args, tmp_path / name) for name in ("m1", "m2")]
    for worker in workers:
        finish(worker)

    assert all(records_of(tmp_path / name) for name in ("m1", "m2"))  # both fetched pages
    times = sorted(t for path, hits in server.hits.items() if path != "/robots.txt" for t in hits)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(times) == 11 and min(gaps) >= 0.3, gaps


# --- The Redis is untrusted input: what is read from it cannot touch files or steer requests ----------


def test_a_planted_dead_run_cannot_make_a_worker_touch_files(server, redis_url, tmp_path):
    """A fake dead run of this host naming files outside (and inside) the data folder: the next worker
    "repaired" (truncated) them. Now it touches only files that carry that run's token."""
    import redis

    outside = tmp_path / "config.env"
    outside.write_bytes(b"DB_USER=app\nDB_PASSWORD=correct horse battery")  # no final newline
    worker_dir = tmp_path / "m1"
    inside = worker_dir / "data" / "news" / "notes.jsonl"
    inside.parent.mkdir(parents=True)
    inside.write_bytes(b'{"a": 1}\n{"half": ')
    link = worker_dir / "data" / "news" / "link.out"
    link.symlink_to(outside)
    before = {path: path.read_bytes() for path in (outside, inside)}
    client = redis.Redis.from_url(redis_url)
    planted = {
        "run_id": "evil",
        "host": socket.gethostname(),
        "pid": 999999,
        "outputs": [str(outside), str(inside), str(link), "data/news/%(batch_id)d.jsonl", "../config.env"],
        "started_at": 0.0,
    }
    client.hset(
        "cleancrawl:state:runs",
        mapping={
            "evil": json.dumps(planted),
            "garbage": b"\x80 not json",
            "wrong-types": json.dumps({"run_id": 1, "host": [], "pid": "x", "outputs": 5}),
        },
    )
    urls = [server.add(f"/p/{i}.html", article_html(f"Planted {i}")) for i in range(3)]
    sitemap = server.add_sitemap("/p.xml", urls)

    _, err = finish(
        start_worker(
            "cli.crawl", [*FAST, "--redis", redis_url, "-s", "CLEANCRAWL_REDIS_IDLE_TIMEOUT=1", sitemap], worker_dir
        )
    )

    assert {path: path.read_bytes() for path in (outside, inside)} == before
    assert "not touched" in err
    written = [p for p in worker_dir.glob("data/*/*.jsonl") if p != inside]
    assert sum(len(p.read_text().splitlines()) for p in written) == 3


def test_invalid_entries_in_redis_are_logged_counted_and_skipped(server, redis_url, tmp_path):
    import pickle

    import redis

    with MockServer(host="127.0.0.2") as internal:
        internal.add("/secret", article_html("Internal"))
        client = redis.Redis.from_url(redis_url)
        good = server.add("/q/good.html", article_html("Queued good"))
        base = {
            "url": good,
            "callback": "parse_page",
            "errback": "on_error",
            "method": "GET",
            "meta": {"source": "news", "page_depth": 2, "hints": {}, "leaf": True},
        }
        hostile = [
            pickle.dumps({"url": good}),  # pickle is not read at all
            b"{not json",
            json.dumps({**base, "_class": "subprocess.Popen"}),  # Scrapy would import and build it
            json.dumps({**base, "url": "file:///etc/passwd"}),
            json.dumps({**base, "url": internal.url("/secret")}),  # a URL is fine, the guard refuses it
            json.dumps({**base, "callback": "close"}),
            json.dumps({**base, "method": "POST"}),
            json.dumps({**base, "meta": {**base["meta"], "page_depth": "deep"}}),
            json.dumps({**base, "url": "http://x/" + "a" * 300_000}),
        ]
        # a meta 'proxy' would route the request through a host of the writer's choosing: dropped
        proxied = json.dumps({**base, "meta": {**base["meta"], "proxy": internal.base}})
        client.zadd("cleancrawl:requests", {entry: 0 for entry in [*hostile, proxied]})
        client.rpush("cleancrawl:start", b"nope", json.dumps({"source": "news", "url": "file:///etc/hosts"}))
        client.hset(
            "cleancrawl:sources",
            mapping={
                "broken": b"[sources.broken\nurls = ",
                "zero": b'[sources.zero]\nurls = ["http://127.0.0.1/"]\nrule_files = ["/dev/zero"]\n',
                "files": b'[sources.files]\nurls = ["file:///etc/passwd"]\n',
                "news": f'[sources.news]\nurls = ["{server.url("/q/")}"]\nmax_depth = 0\n'.encode(),
            },
        )
        server.add("/q/", listing_html([good]))

        _, err = finish(
            start_worker(
                "cli.crawl",
                [*FAST, "--redis", redis_url, "-s", "CLEANCRAWL_REDIS_IDLE_TIMEOUT=1", "--stats-file", "s.json"],
                tmp_path / "m1",
            )
        )

        stats = json.loads((tmp_path / "m1" / "s.json").read_text())["stats"]
        assert not internal.hits, dict(internal.hits)
    assert [r["url"] for r in records_of(tmp_path / "m1")] == [good]
    assert stats["cleancrawl/distributed/invalid/request"] == len(hostile) - 1, stats
    assert stats["cleancrawl/distributed/invalid/start"] == 2
    assert stats.get("cleancrawl/refused/loopback", 0) + stats.get("cleancrawl/refused/offsite", 0) >= 1
    assert "dropped meta 'proxy'" in err
    assert "source 'zero'" in err and "source 'files'" in err and "source 'broken'" in err


def test_malformed_state_in_redis_is_skipped_not_fatal(server, redis_url, tmp_path):
    import redis

    urls = [server.add(f"/st/{i}.html", article_html(f"State {i}")) for i in range(3)]
    sitemap = server.add_sitemap("/st.xml", urls)
    source = f"127.0.0.1_{server.port}"
    client = redis.Redis.from_url(redis_url)
    dead = {"run_id": "gone", "host": socket.gethostname(), "pid": 999999, "outputs": [], "started_at": 0.0}
    client.hset("cleancrawl:state:runs", "gone", json.dumps(dead))  # so that pending entries are read
    client.hset(f"cleancrawl:state:{source}:pending", mapping={"fp1": b"\xff garbage", "fp2": b'{"run_id": 5}'})
    client.hset(f"cleancrawl:state:{source}:pages", mapping={urls[0]: b"[1, 2]", urls[1]: b'{"url": 1, "x": 2}'})

    worker_dir = tmp_path / "m1"
    finish(
        start_worker(
            "cli.crawl", [*FAST, "--redis", redis_url, "-s", "CLEANCRAWL_REDIS_IDLE_TIMEOUT=1", sitemap], worker_dir
        )
    )

    assert sorted(r["url"] for r in records_of(worker_dir)) == sorted(urls)
