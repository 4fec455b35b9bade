"""An oversized robots.txt: its first 500 KiB are obeyed, as Google does, with a warning naming
it; one Scrapy refuses outright (Content-Length over DOWNLOAD_MAXSIZE) is a warning that says
the site is crawled as if it had none. Never an ERROR naming the page that asked for it."""

from __future__ import annotations

from mockserver import article_html

from crawler.components.robots import ROBOTS_MAX_BYTES


def _big_robots(size: int) -> str:
    """``Disallow: /private/`` first, comment lines up to ``size``, then ``Disallow: /late/``."""
    head = "User-agent: *\nDisallow: /private/\n"
    filler = "# " + "a robots.txt that goes on and on " * 3 + "\n"
    return head + filler * ((size - len(head)) // len(filler)) + "Disallow: /late/\n"


def _site(server) -> list[str]:
    urls = [server.add(p, article_html(f"Story {p}")) for p in ("/news/ok.html", "/private/x.html", "/late/y.html")]
    server.add_sitemap("/sm.xml", urls)
    return urls


def test_the_first_500_kib_of_a_big_robots_txt_are_obeyed(server, crawl) -> None:
    ok, _private, late = _site(server)
    server.add("/robots.txt", _big_robots(4 * ROBOTS_MAX_BYTES), content_type="text/plain")
    result = crawl(server.url("/sm.xml"))
    assert result.returncode == 0, result.stderr
    assert sorted(r["url"] for r in result.records) == sorted([ok, late])  # /late/ lies past the cut
    assert "/private/x.html" not in server.hits
    assert "robots.txt forbade 1" in result.stderr
    assert f"{server.url('/robots.txt')} is larger than 500 KiB: only its first 500 KiB are obeyed" in result.stderr
    assert "ERROR" not in result.stderr and "Traceback" not in result.stderr


def test_a_robots_txt_over_download_maxsize_is_a_warning_that_says_what_follows(server, crawl) -> None:
    ok, private, late = _site(server)
    server.add("/robots.txt", _big_robots(2_000_000), content_type="text/plain")
    result = crawl(server.url("/sm.xml"), "-s", "DOWNLOAD_MAXSIZE=1000000")
    assert result.returncode == 0, result.stderr
    assert sorted(r["url"] for r in result.records) == sorted([ok, private, late])
    host = server.url("/").split("//")[1].rstrip("/")
    assert (
        f"{server.url('/robots.txt')} could not be read (it is larger than DOWNLOAD_MAXSIZE): "
        f"{host} is crawled as if it had no robots.txt"
    ) in result.stderr
    assert "ERROR" not in result.stderr and "Error downloading" not in result.stderr
