"""Bad responses are retried, counted and survived: HTTP errors, timeouts, binary and legacy-encoded bodies."""

from __future__ import annotations

from mockserver import article_html


def test_errors_and_timeouts_are_retried_then_counted_not_fatal(server, crawl):
    good = server.add("/ok.html", article_html("Good story"))
    flaky = server.add("/flaky.html", article_html("Flaky story"), statuses=[503, 200])
    server.add("/broken.html", article_html("Broken"), status=500)
    server.add("/slow.html", article_html("Slow"), delay=2.5)
    urls = [good, flaky, server.url("/broken.html"), server.url("/gone.html"), server.url("/slow.html")]
    server.add_sitemap("/sm.xml", urls)

    result = crawl(server.url("/sm.xml"), "-s", "DOWNLOAD_TIMEOUT=1")

    assert result.returncode == 0, result.stderr
    assert sorted(r["url"] for r in result.records) == sorted([good, flaky])
    # 500 and timeouts: first try plus RETRY_TIMES (2) retries; 404 is not retried.
    assert len(server.hits["/broken.html"]) == 3
    assert len(server.hits["/slow.html"]) == 3
    assert len(server.hits["/gone.html"]) == 1
    assert len(server.hits["/flaky.html"]) == 2
    failed = next(line for line in result.stderr.splitlines() if "failed:" in line)
    assert "DownloadTimeoutError 1" in failed and "http_500 1" in failed and "http_404 1" in failed
    assert "retried" in result.stderr


def test_retries_back_off(server, crawl):
    server.add("/broken.html", article_html("Broken"), status=500)
    crawl(server.url("/broken.html"), "-s", "RETRY_BACKOFF_BASE=0.4")
    first, second, third = server.hits["/broken.html"]
    # Waits of about 0.4 s then 0.8 s (±25 %) between tries.
    assert second - first >= 0.3
    assert third - second >= 0.6


def test_non_articles_are_dropped_with_their_reasons(server, crawl):
    good = server.add("/ok.html", article_html("Good story"))
    server.add("/binary.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)  # binary served as text/html
    server.add("/short.html", article_html("Short", words=8))
    server.add("/empty.html", b"   \n")
    server.add("/photo", b"\x89PNG\r\n\x1a\n" + bytes(100), content_type="image/png")
    server.add("/nav.html", "<html><body><ul><li><a href='/a'>A</a></li></ul></body></html>")
    urls = [
        good,
        *(server.url(p) for p in ("/binary.html", "/short.html", "/empty.html", "/photo", "/nav.html")),
    ]
    server.add_sitemap("/sm.xml", urls)

    result = crawl(server.url("/sm.xml"))

    assert result.returncode == 0, result.stderr
    assert [r["url"] for r in result.records] == [good]
    dropped = next(line for line in result.stderr.splitlines() if "dropped:" in line)
    for reason in ("binary-body", "too-short", "empty-page", "wrong-content-type"):
        assert reason in dropped, (reason, result.stderr)


def test_legacy_encodings_are_decoded(server, crawl):
    text = (
        "Zürich und Genf melden für das Jahr höhere Umsätze, während Bäcker über Preise klagen. " * 8
    ).strip()
    latin = article_html("Große Überraschung", text=text, lang="de", charset="iso-8859-1").encode(
        "iso-8859-1"
    )
    header_only = article_html("Ärger in Köln", text=text.replace("Zürich", "Köln"), lang="de", charset=None)
    russian = "Правительство объявило о новых мерах поддержки экономики и граждан страны. " * 8
    cyrillic = article_html("Новости дня", text=russian.strip(), lang="ru", charset="windows-1251")
    u1 = server.add("/latin1.html", latin, content_type="text/html")
    u2 = server.add(
        "/cp1252.html", header_only.encode("cp1252"), content_type="text/html; charset=windows-1252"
    )
    u3 = server.add("/cp1251.html", cyrillic.encode("cp1251"), content_type="text/html")
    server.add_sitemap("/sm.xml", [u1, u2, u3])

    result = crawl(server.url("/sm.xml"))

    by_url = {r["url"]: r for r in result.records}
    assert by_url[u1]["title"] == "Große Überraschung"
    assert "Zürich und Genf melden für das Jahr höhere Umsätze" in by_url[u1]["text"]
    assert "Köln und Genf melden für" in by_url[u2]["text"]
    assert "Правительство объявило" in by_url[u3]["text"]
    assert all("\ufffd" not in r["text"] for r in result.records)


def test_oversized_page_is_refused_and_counted(server, crawl):
    good = server.add("/ok.html", article_html("Good story"))
    huge = article_html("Huge", words=40000)
    server.add("/huge.html", huge)
    server.add_sitemap("/sm.xml", [good, server.url("/huge.html")])

    result = crawl(server.url("/sm.xml"), "-s", "DOWNLOAD_MAXSIZE=100000", "-s", "DOWNLOAD_WARNSIZE=50000")

    assert result.returncode == 0, result.stderr
    assert [r["url"] for r in result.records] == [good]
    assert "failed:" in result.stderr


def test_broken_markup_is_cleaned_or_dropped_never_fatal(server, crawl):
    broken = article_html("Broken markup story").replace("</p>", "").replace("</article>", "<div><span>")
    u1 = server.add("/broken.html", broken[: len(broken) - 40])  # cut off mid-document
    u2 = server.add("/garbage.html", "<<<>>><html<<body>>>&&&;;;</<//")
    u3 = server.add("/nul.html", article_html("Nul bytes story").replace("</h1>", "</h1>\x00\x00"))
    server.add_sitemap("/sm.xml", [u1, u2, u3])

    result = crawl(server.url("/sm.xml"))

    assert result.returncode == 0, result.stderr
    by_url = {r["url"]: r for r in result.records}
    assert "The council reviewed proposal" in by_url[u1]["text"]
    assert u2 not in by_url and "dropped:" in result.stderr
    assert u3 in by_url


def test_a_page_that_hangs_the_cleaner_is_dropped_and_the_crawl_goes_on(server, crawl):
    # 90,000 one-word paragraphs stand in for any page the cleaner gets stuck on: under the page
    # bounds (cleaners/page_bounds.py; deep nesting is now rejected at once), and seconds of
    # trafilatura before the block bound rejects it.
    stuck = server.add("/stuck.html", "<html><body>" + "<p>word " * 90_000 + article_html("Stuck story"))
    fine = [server.add(f"/fine{i}.html", article_html(f"Fine story {i}")) for i in range(4)]
    server.add_sitemap("/sm.xml", [stuck, *fine])

    result = crawl(server.url("/sm.xml"), "-s", "CLEANCRAWL_PAGE_TIMEOUT=2")

    # the crawl goes on, but the page was lost by this run (not marked done): exit 1, as `clean`
    assert result.returncode == 1, result.stderr
    assert sorted(r["url"] for r in result.records) == sorted(fine)
    assert "not cleaned (not marked done: fetched again next run): cleaner-timeout 1" in result.stderr


def test_a_user_rule_that_runs_out_of_time_drops_only_its_page(server, crawl, tmp_path):
    # A user rule with catastrophic backtracking: the time limit on users' patterns stops it, the
    # page is dropped as rule-timeout with the rule named, and no worker has to be replaced.
    (tmp_path / "slow.toml").write_text(
        '[[text]]\nid = "local.backtrack"\ndescription = "pathological"\nmax_words = 5\n'
        "pattern = '''^(a|aa)+$'''\n",
        encoding="utf-8",
    )
    stuck = server.add("/stuck.html", article_html("Stuck story", junk=["a" * 60 + "!"]))
    fine = [server.add(f"/fine{i}.html", article_html(f"Fine story {i}")) for i in range(4)]
    (tmp_path / "sources.toml").write_text(
        f'[sources.slow]\nurls = ["{stuck}"]\nrule_files = ["slow.toml"]\n'
        f'[sources.fine]\nurls = ["{server.url("/sm.xml")}"]\n',
        encoding="utf-8",
    )
    server.add_sitemap("/sm.xml", fine)

    result = crawl("--sources", str(tmp_path / "sources.toml"))

    assert result.returncode == 0, result.stderr
    assert sorted(r["url"] for r in result.records) == sorted(fine)
    assert "rule-timeout 1" in result.stderr
    assert "local.backtrack" in result.stderr
    assert "cleaner-timeout" not in result.stderr
