"""Hostile-site probes against a real crawl: what happened, peak memory, time.

Loopback only: 127.0.0.1 plays the site, 127.0.0.2 an internal service whose every request is
counted. Probes:

- ``ssrf``: 302 redirects, a redirect chain, a meta refresh and a sitemap entry leading to
  http://127.0.0.2:P/secret, plus decimal/octal/IPv4-mapped spellings of it; the source's allowed
  domains name both hosts, so only the address guard stands in the way;
- ``sitemap``: a sitemap of --sitemap-urls entries (default 200,000; their pages answer 404 at once),
  crawled for --seconds (default 60) or until done; reports the most requests ever enqueued;
- ``trap``: a site that makes up links (``/?pg=N&sort=<random>``, ``/tag/<random>``), max_depth 30,
  no max_pages; reports how many pages it took to stop by itself.

Each crawl is a fresh ``cleancrawl crawl`` process; memory is sampled every 100 ms from /proc: the
crawl process's own peak RSS and the peak summed RSS of its tree (with the cleaning processes).
``--code DIR`` runs another checkout's code (e.g. the commit before the fixes) with this interpreter.

    python benchmarks/hostile.py [--sitemap-urls 200000] [--seconds 60] [--code /tmp/old-checkout]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from crawl import _memory, _tree  # noqa: E402  (the /proc sampling of benchmarks/crawl.py)


class Site:
    """Routes: path -> (status, headers, body); anything else is a fast 404. Counts hits by path."""

    def __init__(self, host: str = "127.0.0.1", dynamic=None) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.hits: Counter[str] = Counter()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                site.hits[self.path] += 1
                found = site.routes.get(self.path) or (dynamic(self.path) if dynamic else None)
                status, headers, body = found or (404, {}, b"not found")
                self.send_response(status)
                headers = {"Content-Type": "text/html; charset=utf-8", **headers}
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://{host}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def add(self, path: str, body: bytes | str = b"", status: int = 200, **headers: str) -> str:
        self.routes[path] = (status, headers, body.encode() if isinstance(body, str) else body)
        return self.base + path


def page(title: str, links: list[str] = (), words: int = 150, head: str = "") -> str:
    text = " ".join(f"Sentence {i} of the story {escape(title)} tells the readers more." for i in range(words // 9))
    nav = "".join(f'<a href="{escape(u)}">link</a> ' for u in links)
    return (
        f"<!DOCTYPE html><html lang=en><head><title>{escape(title)}</title>{head}</head><body><nav>{nav}</nav>"
        f"<article><h1>{escape(title)}</h1><p>{text}</p></article></body></html>"
    )


def sitemap(urls) -> bytes:
    entries = "".join(f"<url><loc>{escape(u)}</loc></url>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}</urlset>"
    ).encode()


def run_crawl(args: list[str], code: Path, work: Path, seconds: float) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-c", "import sys; from crawler.cli.crawl import main; sys.exit(main(sys.argv[1:]))"]
    cmd += [*args, "-o", "out.jsonl", "--stats-file", "stats.json", "-s", "CLOSESPIDER_TIMEOUT=" + str(seconds)]
    env = {**os.environ, "PYTHONPATH": str(code)}
    start = time.perf_counter()
    with (work / "stderr.txt").open("w") as err:
        proc = subprocess.Popen(cmd, cwd=work, stdout=subprocess.DEVNULL, stderr=err, env=env)
        own = tree = pss = 0
        while proc.poll() is None:
            sizes = [_memory(p) for p in _tree(proc.pid)]
            own = max(own, sizes[0][0] if sizes else 0)
            tree = max(tree, sum(rss for rss, _ in sizes))
            pss = max(pss, sum(p for _, p in sizes))
            time.sleep(0.1)
    elapsed = time.perf_counter() - start
    stats_file = work / "stats.json"
    stats = json.loads(stats_file.read_text())["stats"] if stats_file.exists() else {}
    out = work / "out.jsonl"
    records = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    return {
        "seconds": elapsed,
        "rss_mb": own / 1024,
        "tree_mb": tree / 1024,
        "pss_mb": pss / 1024,
        "stats": stats,
        "records": records,
    }


def probe_ssrf(code: Path, work: Path) -> tuple[str, dict]:
    site, internal = Site(), Site("127.0.0.2")
    secret = internal.add("/secret", page("Internal secret"))
    port = internal.base.rsplit(":", 1)[1]
    site.add("/r1", status=302, Location=secret)
    site.add("/c1", status=301, Location=site.base + "/c2")
    site.add("/c2", status=307, Location=secret)
    site.add("/m1", f'<html><head><meta http-equiv="refresh" content="0; url={secret}"></head></html>')
    site.add("/d1", status=302, Location=f"http://2130706434:{port}/secret")
    site.add("/o1", status=302, Location=f"http://0177.0.0.2:{port}/secret")
    site.add("/v1", status=302, Location=f"http://[::ffff:127.0.0.2]:{port}/secret")
    site.add("/good", page("A real story"))
    links = [site.base + p for p in ("/r1", "/c1", "/m1", "/d1", "/o1", "/v1", "/good")]
    site.add("/", page("Home", links, words=10))
    site.add("/sitemap.xml", sitemap([site.base + "/r1", site.base + "/good"]), **{"Content-Type": "application/xml"})
    work.mkdir(parents=True, exist_ok=True)
    (work / "sources.toml").write_text(
        f'[sources.site]\nurls = ["{site.base}/", "{site.base}/sitemap.xml"]\n'
        'allowed_domains = ["127.0.0.1", "127.0.0.2"]\n'
    )
    result = run_crawl(["--sources", "sources.toml"], code, work, 60)
    leaked = sum(internal.hits.values())
    refused = {k.rsplit("/", 1)[1]: v for k, v in result["stats"].items() if k.startswith("cleancrawl/refused/")}
    urls = [r["url"] for r in result["records"]]
    return f"{leaked} requests reached 127.0.0.2; records {urls}; refused {refused}", result


def probe_sitemap(code: Path, work: Path, n: int, seconds: float) -> tuple[str, dict]:
    short = page("Short", words=10).encode()  # a 200 that is no article: AutoThrottle speeds up, nothing written
    site = Site(dynamic=lambda path: (200, {}, short) if path.startswith("/p/") else None)
    big = sitemap(f"{site.base}/p/{i}.html" for i in range(n))
    site.routes["/big.xml"] = (200, {"Content-Type": "application/xml"}, big)
    result = run_crawl([site.base + "/big.xml", "-s", "AUTOTHROTTLE_START_DELAY=0"], code, work, seconds)
    stats = result["stats"]
    return (
        f"{n} entries; {stats.get('scheduler/enqueued', '?')} requests enqueued, "
        f"{stats.get('response_received_count', 0)} responses, finish {stats.get('finish_reason')}"
    ), result


def probe_trap(code: Path, work: Path, seconds: float) -> tuple[str, dict]:
    def made_up(path: str):
        if path == "/robots.txt":
            return None
        rng = random.Random()
        links = [f"/?pg={rng.randint(1, 40)}&sort={rng.getrandbits(40):x}" for _ in range(5)]
        links += [f"/tag/{rng.getrandbits(40):x}" for _ in range(5)]
        return 200, {}, page("Browse", links, words=10).encode()

    site = Site(dynamic=made_up)
    work.mkdir(parents=True, exist_ok=True)
    (work / "sources.toml").write_text(f'[sources.trap]\nurls = ["{site.base}/"]\nmax_depth = 30\n')
    result = run_crawl(["--sources", "sources.toml"], code, work, seconds)
    stats = result["stats"]
    return (
        f"{sum(site.hits.values())} pages served; finish {stats.get('finish_reason')}; "
        f"family refusals {stats.get('cleancrawl/links/trap/family', 0)}"
    ), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sitemap-urls", type=int, default=200_000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose crawler to run")
    parser.add_argument("--only", choices=["ssrf", "sitemap", "trap"], action="append")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        probes = {
            "ssrf": lambda: probe_ssrf(args.code, work / "ssrf"),
            "sitemap": lambda: probe_sitemap(args.code, work / "sitemap", args.sitemap_urls, args.seconds),
            "trap": lambda: probe_trap(args.code, work / "trap", args.seconds),
        }
        for name in args.only or list(probes):
            outcome, result = probes[name]()
            rows.append((name, outcome, result))
    print("| probe | outcome | peak RSS MB, crawl process | peak PSS MB, with cleaners | RSS MB summed | seconds |")
    print("|---|---|---|---|---|---|")
    for name, outcome, r in rows:
        memory = f"{r['rss_mb']:.0f} | {r['pss_mb']:.0f} | {r['tree_mb']:.0f}"
        print(f"| {name} | {outcome} | {memory} | {r['seconds']:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
