"""Crawl throughput: ``cleancrawl crawl`` against a naive Scrapy spider, same pages, same run.

Serves N article pages from a local server (default: the 181 pages of the scrapinghub article
extraction benchmark, each under --copies URLs made distinct, so 543 pages), lists them in a
sitemap, then crawls them twice in fresh processes:

- cleancrawl: ``cleancrawl crawl SITEMAP -o out.jsonl`` (cleaning in worker processes);
- naive: a Scrapy SitemapSpider that calls ``trafilatura.bare_extraction(..., with_metadata=True)``
  in its callback, on the reactor's thread;
- distributed: two ``cleancrawl crawl --redis URL SITEMAP`` workers sharing one local redis-server
  (needs redis-server and scrapy-redis), the cleaning processes split between them;
- re-run: ``cleancrawl crawl SITEMAP`` with the project's own politeness settings (AutoThrottle
  on), then the same crawl again on unchanged pages: the server sends ETag and answers the second
  crawl's conditional requests with 304 (the sitemap has no lastmod, so every page is asked for).
  Target: re-run time / first run time <= 1.0 (a 304 costs no politeness delay a 200 would not).

It samples the whole process tree's memory (RSS and PSS, from /proc) every 100 ms and prints
pages/s, peak memory and the ratios. PSS is the fair sum for several processes: pages shared
by the forkserver's children are counted once, not once per worker.

    python benchmarks/crawl.py [../shared/benchmarks/scrapinghub-aeb/] [--copies 3]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PAGES = ROOT.parent / "shared" / "benchmarks" / "scrapinghub-aeb"

# Download settings both crawls share, so only the extraction differs: robots.txt obeyed,
# 16 requests at once, no AutoThrottle ramp (a local server answers in microseconds).
SHARED_SETTINGS = {
    "ROBOTSTXT_OBEY": "True",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "LOG_LEVEL": "WARNING",
    "TELNETCONSOLE_ENABLED": "False",
}

NAIVE_SPIDER = r"""
import sys
import trafilatura
from scrapy.crawler import CrawlerProcess
from scrapy.spiders import SitemapSpider


class NaiveSpider(SitemapSpider):
    name = "naive"

    def parse(self, response):
        doc = trafilatura.bare_extraction(response.body, url=response.url, with_metadata=True)
        if doc is not None and doc.text:
            yield {"url": response.url, "title": doc.title, "author": doc.author, "date": doc.date,
                   "text": doc.text}


settings = dict(arg.split("=", 1) for arg in sys.argv[3:])
settings["FEEDS"] = {sys.argv[2]: {"format": "jsonlines"}}
settings["TWISTED_REACTOR"] = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
process = CrawlerProcess(settings)
process.crawl(NaiveSpider, sitemap_urls=[sys.argv[1]])
process.start()
"""


def load_pages(folder: Path) -> list[bytes]:
    html_dir = folder / "html" if (folder / "html").is_dir() else folder
    files = sorted(html_dir.glob("*.html.gz")) or sorted(html_dir.glob("*.html"))
    if not files:
        sys.exit(f"no *.html.gz or *.html pages in {html_dir}")
    return [gzip.decompress(f.read_bytes()) if f.suffix == ".gz" else f.read_bytes() for f in files]


_CANONICAL = re.compile(rb"<link[^>]+rel=[\"']?canonical[^>]*>|<meta[^>]+property=[\"']og:url[^>]*>", re.I)
_TITLE = re.compile(rb"(<title[^>]*>)", re.I)
_PARA_END = re.compile(rb"</p>", re.I)


def distinct(page: bytes, copy: int) -> bytes:
    """Copy ``copy`` of a page: no canonical link (each copy is its own page) and a marker in the
    title and every paragraph, so neither URL nor content dedup folds the copies together."""
    if copy == 0:
        return page
    page = _CANONICAL.sub(b"", page)
    marker = f" copy{copy}".encode()
    page = _TITLE.sub(lambda m: m.group(1) + marker + b" ", page, count=1)
    return _PARA_END.sub(marker + b"</p>", page)


class Site:
    def __init__(self, pages: list[bytes], copies: int) -> None:
        self.routes: dict[str, tuple[str, bytes]] = {}
        for i, page in enumerate(pages):
            for k in range(copies):
                self.routes[f"/a/{i}-{k}.html"] = ("text/html", distinct(page, k))
        routes = self.routes
        etags = {path: f'"{hashlib.blake2b(body, digest_size=8).hexdigest()}"' for path, (_, body) in routes.items()}

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                ctype, body = routes.get(self.path, ("text/plain", b"not found"))
                etag = etags.get(self.path)
                if etag and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)  # only a crawl that knows the page asks conditionally
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200 if self.path in routes else 404)
                self.send_header("Content-Type", ctype)
                if etag:
                    self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        locs = "".join(f"<url><loc>{self.base}{path}</loc></url>" for path in list(self.routes))
        sitemap = (
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{locs}</urlset>"
        ).encode()
        self.pages = len(self.routes)
        self.routes["/sitemap.xml"] = ("application/xml", sitemap)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo += _children(p)
    return pids


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; (0, 0) once it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def measure(cmd: list[str], cwd: Path) -> dict:
    """Run ``cmd``; wall time and the peak summed RSS / PSS of its process tree."""
    # Output goes to files: a full pipe would stall the crawl being measured.
    out_file, err_file = (cwd / "stdout.txt").open("w+"), (cwd / "stderr.txt").open("w+")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=out_file, stderr=err_file, text=True)
    peak_rss = peak_pss = 0
    while proc.poll() is None:
        rss = pss = 0
        for p in _tree(proc.pid):
            r, s = _memory(p)
            rss, pss = rss + r, pss + s
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.1)
    elapsed = time.perf_counter() - start
    out_file.seek(0)
    err_file.seek(0)
    out, err = out_file.read(), err_file.read()[-5000:]
    out_file.close()
    err_file.close()
    if proc.returncode != 0:
        print(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{out}\n{err}", file=sys.stderr)
    return {
        "seconds": elapsed,
        "rss_mb": peak_rss / 1024,
        "pss_mb": peak_pss / 1024,
        "stdout": out,
        "returncode": proc.returncode,
    }


def count_lines(path: Path) -> int:
    return sum(1 for _ in path.open("rb")) if path.exists() else 0


# A worker stops once the shared crawl has been quiet this long: part of the distributed wall time.
DISTRIBUTED_IDLE_TIMEOUT = 2


def measure_distributed(sitemap: str, settings: list[str], work: Path, workers: int = 2) -> dict | None:
    """``workers`` cleancrawl workers sharing one local redis-server (``cleancrawl crawl --redis``),
    all given the sitemap, each writing its own file. Wall time from the first start to the last
    exit (including the final quiet period), peak memory of all their process trees together; the
    cleaning processes are split between the workers, so the machine runs as many as in the
    single-process row. None when redis-server or scrapy-redis is missing."""
    import shutil
    import socket

    binary = shutil.which("redis-server")
    try:
        import redis
        import scrapy_redis  # noqa: F401
    except ImportError:
        binary = None
    if binary is None:
        print("distributed: skipped (needs redis-server, redis and scrapy-redis)", file=sys.stderr)
        return None
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    folder = work / "redis"
    folder.mkdir()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    cleaning = max(1, (os.cpu_count() or 1) // workers)
    outs = [work / f"distributed-{w}.jsonl" for w in range(workers)]
    procs, files = [], []
    start = time.perf_counter()
    for w, out in enumerate(outs):
        cmd = [sys.executable, "-m", "crawler.cli", "crawl", "--redis", url, sitemap, "-o", str(out)]
        extra = [
            f"CLEANCRAWL_WORKERS={cleaning}",
            f"CLEANCRAWL_WORKER_ID=w{w}",
            f"CLEANCRAWL_REDIS_IDLE_TIMEOUT={DISTRIBUTED_IDLE_TIMEOUT}",
        ]
        for item in settings + extra:
            cmd += ["-s", item]
        log = (work / f"distributed-{w}.log").open("w")
        files.append(log)
        procs.append(subprocess.Popen(cmd, cwd=work, stdout=log, stderr=subprocess.STDOUT))
    peak_rss = peak_pss = 0
    while any(p.poll() is None for p in procs):
        rss = pss = 0
        for p in procs:
            for pid in _tree(p.pid):
                r, s = _memory(pid)
                rss, pss = rss + r, pss + s
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.1)
    elapsed = time.perf_counter() - start
    for log in files:
        log.close()
    server.terminate()
    server.wait()
    urls = [json.loads(line)["url"] for out in outs if out.exists() for line in out.open("rb")]
    shares = [count_lines(out) for out in outs]
    for w, p in enumerate(procs):
        if p.returncode != 0:
            print((work / f"distributed-{w}.log").read_text()[-5000:], file=sys.stderr)
    print(f"distributed: {elapsed:.1f}s, records per worker {shares}, {len(urls) - len(set(urls))} duplicates")
    return {
        "seconds": elapsed,
        "rss_mb": peak_rss / 1024,
        "pss_mb": peak_pss / 1024,
        "records": len(set(urls)),
        "duplicates": len(urls) - len(set(urls)),
        "shares": shares,
        "returncode": max(p.returncode for p in procs),
    }


def measure_rerun(sitemap: str, work: Path, extra: list[str]) -> dict:
    """The first crawl of the site, then a re-run on unchanged pages, both with the project's
    politeness settings (AutoThrottle from its 1 s start delay) and one state: wall times and ratio."""
    data = work / "rerun-data"
    times, records = [], []
    for run in (1, 2):
        out = work / f"rerun-{run}.jsonl"
        cmd = [sys.executable, "-m", "crawler.cli", "crawl", sitemap, "-o", str(out)]
        for item in ["LOG_LEVEL=WARNING", *extra, f"CLEANCRAWL_DATA_DIR={data}"]:
            cmd += ["-s", item]
        result = measure(cmd, work)
        if result["returncode"] != 0:
            return {"seconds": 0.0, "records": 0, "returncode": result["returncode"], "rss_mb": 0, "pss_mb": 0}
        times.append(result["seconds"])
        records.append(count_lines(out))
        print(f"re-run: crawl {run} {result['seconds']:.1f}s, {records[-1]} records", file=sys.stderr)
    return {
        "first_seconds": times[0],
        "seconds": times[1],
        "ratio": times[1] / times[0],
        "records": records[1],
        "first_records": records[0],
        "returncode": 0,
        "rss_mb": 0.0,
        "pss_mb": 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "pages", nargs="?", type=Path, default=DEFAULT_PAGES, help="folder of *.html.gz pages"
    )
    parser.add_argument("--copies", type=int, default=3, help="URLs per page, each made distinct (default 3)")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N pages")
    parser.add_argument("--workers", type=int, default=0, help="CLEANCRAWL_WORKERS (default: one per core)")
    parser.add_argument("--only", choices=["cleancrawl", "naive", "distributed", "rerun"], help="run one side only")
    parser.add_argument(
        "--rounds", type=int, default=1, help="alternate the naive and cleancrawl crawls N times, keep the fastest"
    )
    args = parser.parse_args(argv)

    pages = load_pages(args.pages)[: args.limit or None]
    site = Site(pages, args.copies)
    settings = [f"{k}={v}" for k, v in SHARED_SETTINGS.items()]
    sitemap = site.base + "/sitemap.xml"
    print(
        f"{site.pages} pages ({len(pages)} x {args.copies} URLs) served at {site.base}; {os.cpu_count()} cores"
    )

    print(f"load average before: {os.getloadavg()[0]:.2f} (anything else running skews the numbers)")
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        script = work / "naive_spider.py"
        # A file, not -c: Scrapy reads a callback's source to check generators.
        script.write_text(NAIVE_SPIDER, encoding="utf-8")
        extra = [f"CLEANCRAWL_WORKERS={args.workers}"] if args.workers else []
        commands = {
            "naive": lambda out: [sys.executable, str(script), sitemap, str(out), *settings],
            # = cleancrawl crawl SITEMAP -o OUT -s ...
            # Each round gets a data folder of its own: an incremental crawl would skip the pages
            # an earlier round wrote (its state writes are still part of the measured work).
            "cleancrawl": lambda out: [sys.executable, "-m", "crawler.cli", "crawl", sitemap, "-o", str(out)]
            + [
                arg
                for item in [*settings, *extra, f"CLEANCRAWL_DATA_DIR={out.with_suffix('')}"]
                for arg in ("-s", item)
            ],
        }
        # Rounds alternate the two crawls; the fastest round of each is kept (the one least
        # disturbed by anything else on the machine), memory is the highest peak of all rounds.
        for round_ in range(args.rounds):
            for name, command in commands.items():
                if args.only not in (None, name):
                    continue
                out = work / f"{name}-{round_}.jsonl"
                result = measure(command(out), work)
                result["records"] = count_lines(out)
                print(f"round {round_ + 1}: {name} {result['seconds']:.1f}s", file=sys.stderr)
                best = results.get(name)
                if best is None or result["seconds"] < best["seconds"]:
                    if best is not None:
                        result["rss_mb"] = max(result["rss_mb"], best["rss_mb"])
                        result["pss_mb"] = max(result["pss_mb"], best["pss_mb"])
                    results[name] = result
                else:
                    best["rss_mb"] = max(result["rss_mb"], best["rss_mb"])
                    best["pss_mb"] = max(result["pss_mb"], best["pss_mb"])
        if args.only in (None, "distributed"):
            distributed = measure_distributed(sitemap, settings, work)
            if distributed is not None:
                results["distributed"] = distributed
        rerun = measure_rerun(sitemap, work, extra) if args.only in (None, "rerun") else None

    if results:
        print(
            f"\n{'crawler':<12} {'seconds':>8} {'pages/s':>8} {'peak PSS MB':>12} {'peak RSS MB':>12} {'records':>8}"
        )
    for name, r in results.items():
        r["pages_per_s"] = site.pages / r["seconds"]
        print(
            f"{name:<12} {r['seconds']:>8.1f} {r['pages_per_s']:>8.1f} {r['pss_mb']:>12.0f} {r['rss_mb']:>12.0f} "
            f"{r['records']:>8}"
        )
    if "cleancrawl" in results and "naive" in results:
        c, n = results["cleancrawl"], results["naive"]
        print(
            f"{'ratio':<12} {'':>8} {c['pages_per_s'] / n['pages_per_s']:>7.2f}x "
            f"{c['pss_mb'] / n['pss_mb']:>11.2f}x {c['rss_mb'] / n['rss_mb']:>11.2f}x"
        )
        print("\ntargets: pages/s ratio >= 1.6, peak memory ratio <= 1.5")
    if rerun is not None and rerun["returncode"] == 0:
        print(
            f"\nre-run of unchanged pages (all 304, AutoThrottle on): first crawl {rerun['first_seconds']:.1f}s "
            f"({rerun['first_records']} records), re-run {rerun['seconds']:.1f}s ({rerun['records']} records); "
            f"re-run / first = {rerun['ratio']:.2f} (target <= 1.0)"
        )
    summary = {k: {kk: vv for kk, vv in v.items() if kk != "stdout"} for k, v in results.items()}
    if rerun is not None:
        summary["rerun"] = rerun
    print(json.dumps(summary))
    failed = any(r["returncode"] != 0 for r in results.values()) or (rerun is not None and rerun["returncode"] != 0)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
