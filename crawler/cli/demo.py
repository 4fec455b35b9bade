"""``cleancrawl demo``: serve the bundled sample news site on 127.0.0.1 and crawl it end to end.

The site (crawler/demo_site/) has article pages full of the junk the cleaning core removes
("Also Read:" links, "Advertisement", share and newsletter prompts, stray date lines, repeated
captions, "- video" embed titles, a "Leave a Reply" comment form), an AMP copy of one story,
non-article pages, a news sitemap and a gzipped one behind a sitemap index listed in robots.txt,
an RSS feed, and a robots.txt that disallows /private/. Offline, in a few seconds.
"""

from __future__ import annotations

import argparse
import gzip
import mimetypes
import sys
import threading
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from crawler import crawl_runner
from crawler.cli.common import (
    add_model_arguments,
    add_provenance_argument,
    add_warc_argument,
    answers_usage_errors,
    check_output,
    check_set_options,
    port_number,
)
from crawler.safety.setting_checks import check_state
from crawler.state.sources import Source, SourceError

SITE_DIR = Path(__file__).resolve().parent.parent / "demo_site"  # crawler/demo_site
# Sitemaps and feeds need absolute URLs; the files say __BASE__ and get the server's address.
_PLACEHOLDER = b"__BASE__"
_TYPES = {".xml": "application/xml", ".txt": "text/plain; charset=utf-8", ".html": "text/html; charset=utf-8"}


class DemoSite:
    """A static file server for the demo site, in a background thread."""

    def __init__(self, root: Path = SITE_DIR, port: int = 0) -> None:
        self.root = root.resolve()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                status, ctype, body = site.respond(self.path)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def respond(self, raw_path: str) -> tuple[int, str, bytes]:
        path = unquote(urlsplit(raw_path).path)
        if path.endswith("/"):
            path += "index.html"
        gzipped = path.endswith(".gz")
        target = (self.root / path.lstrip("/").removesuffix(".gz")).resolve()
        if not target.is_relative_to(self.root) or not target.is_file():
            return 404, "text/html; charset=utf-8", b"<html><body><h1>Not found</h1></body></html>"
        body = target.read_bytes().replace(_PLACEHOLDER, self.base.encode())
        if gzipped:
            return 200, "application/gzip", gzip.compress(body)
        ctype = _TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return 200, ctype, body

    def start(self) -> DemoSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def source(self) -> Source:
        """Start from the home page (links), robots.txt (sitemaps) and the feed."""
        return Source(name="demo", urls=(f"{self.base}/", f"{self.base}/robots.txt", f"{self.base}/feed.xml"))


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="serve the bundled sample news site on 127.0.0.1 and crawl it (offline, seconds)",
        description="Without -o, records go to data/demo/<UTC timestamp>.jsonl.",
    )
    _add_arguments(parser)
    parser.set_defaults(run=run)


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="write the records to this file instead (- for standard output)"
    )
    parser.add_argument(
        "-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="Scrapy setting"
    )
    add_warc_argument(parser)
    add_provenance_argument(parser)
    add_model_arguments(parser)
    parser.add_argument("--port", type=port_number, default=0, help="port to serve on (default: any free port)")
    parser.add_argument("--serve", action="store_true", help="only serve the site until Ctrl-C, do not crawl")


def _preview(outputs: list[str]) -> list[str]:
    import orjson

    for path in outputs:
        file = Path(path)
        if file.exists() and file.suffix == ".jsonl":
            with file.open("rb") as stream:
                line = stream.readline()
            if line:
                record = orjson.loads(line)
                removed = ", ".join(f"{rule} {n}" for rule, n in record["removed"].items())
                text = record["text"][:300].replace("\n", "\n    ")
                return [
                    f"first record: {record['title']!r} ({record['word_count']} words, {record['url']})",
                    f"    {text}...",
                    f"  junk removed: {removed or 'nothing'}",
                ]
    return []


def _settings(args: argparse.Namespace):
    """The demo crawl's settings: a crawl's (``-s`` checked), tuned for a local site. SourceError
    names a wrong value."""
    from scrapy.settings import SETTINGS_PRIORITIES

    crawl_args = argparse.Namespace(
        urls=[],
        output=args.output,
        sources=None,
        verbose=getattr(args, "verbose", 0),
        quiet=getattr(args, "quiet", False),
        set=list(args.set),
        warc=getattr(args, "warc", None),
        provenance=getattr(args, "provenance", False),
        no_model=getattr(args, "no_model", False),
        model_threshold=getattr(args, "model_threshold", None),
    )
    check_set_options(crawl_args.set)  # a misspelt name: "did you mean"
    settings = crawl_runner.crawl_settings(crawl_args)
    # A local site answers at once: no AutoThrottle ramp-up, so the demo takes seconds. And
    # every run shows the whole job: no state from an earlier demo makes it skip articles.
    for name, value in (("AUTOTHROTTLE_ENABLED", False), ("CLEANCRAWL_STATE", "off")):
        if (settings.getpriority(name) or 0) < SETTINGS_PRIORITIES["cmdline"]:  # unless -s set it
            settings.set(name, value, priority="cmdline")
    check_state(settings)
    # Without a state every run writes every article: an -o file is replaced, not appended to.
    feeds = settings.getdict("FEEDS")
    local = [uri for uri, options in feeds.items() if uri != crawl_runner.STDOUT and "overwrite" in options]
    if local:  # (no -o: FEEDS stays unset, for the default layout)
        settings.set("FEEDS", {**feeds, **{uri: {**feeds[uri], "overwrite": True} for uri in local}}, "cmdline")
    return settings


def _fail(message: str) -> int:
    print(f"cleancrawl demo: {message}", file=sys.stderr)
    return 2


@answers_usage_errors("demo")
def run(args: argparse.Namespace) -> int:
    check_output(args.output, [SITE_DIR], makes_folders=True)
    check_output(getattr(args, "warc", None), [SITE_DIR], "--warc", folder=True, makes_folders=True)
    try:  # the settings first: a mistake in them is found before the site is served
        settings = _settings(args)
    except SourceError as exc:
        return _fail(str(exc))
    try:
        site = DemoSite(port=args.port).start()
    except OSError as exc:
        return _fail(f"--port {args.port}: cannot serve there ({exc.strerror}); pick another or leave --port out")
    try:
        if args.serve:
            print(f"serving the demo site at {site.base}/ (Ctrl-C to stop)", file=sys.stderr)
            threading.Event().wait()
        print(f"crawling the demo site at {site.base}/ ...", file=sys.stderr)
        stats, outputs, not_shown = crawl_runner.crawl([site.source()], settings)
    finally:
        site.stop()
    written = crawl_runner.written_files(outputs)
    crawl_runner.report(stats, outputs, written, not_shown)
    for line in _preview(written):
        print(line, file=sys.stderr)
    failure = crawl_runner.output_failure(stats)
    if failure:
        print(f"cleancrawl demo: {failure}", file=sys.stderr)
        return 1
    wrote = bool(written) or (crawl_runner.STDOUT in outputs and stats.get("cleancrawl/written", 0) > 0)
    return 0 if stats.get("finish_reason") == "finished" and wrote else 1


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m crawler.cli.demo``: this command alone, without the rest of the CLI."""
    parser = argparse.ArgumentParser(prog="cleancrawl demo")
    parser.add_argument("-v", "--verbose", action="count", default=0)
    _add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
