"""A small news site on 127.0.0.1 for incremental and resume tests: articles that can change, a
sitemap with <lastmod>, ETag / Last-Modified with real 304 answers, and per-path counters of
requests and of full (200) answers, so a test can count what a crawl fetched."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from dataclasses import dataclass
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from mockserver import HTML, article_html, listing_html

_BASE_TIME = 1_764_000_000  # 2025-11-24T16:00:00Z


@dataclass
class Page:
    body: bytes
    version: int

    @property
    def etag(self) -> str:
        return '"' + hashlib.blake2b(self.body, digest_size=8).hexdigest() + '"'

    @property
    def modified(self) -> float:
        return _BASE_TIME + 3600 * self.version

    @property
    def last_modified(self) -> str:
        return formatdate(self.modified, usegmt=True)

    @property
    def lastmod(self) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.modified))


def _prose(slug: str, version: int) -> str:
    sentences = [
        f"Reporters covering {slug} learned detail {i} of version {version} from the council today."
        for i in range(12)
    ]
    return " ".join(sentences)


class NewsSite:
    """``/sitemap.xml`` lists ``/news/<slug>.html``; ``/`` links to them all (a start page)."""

    def __init__(
        self,
        n: int,
        *,
        validators: bool = True,
        lastmod: bool = True,
        delay: float = 0.0,
        etag: bool | None = None,
        last_modified: bool | None = None,
    ) -> None:
        # ``validators`` sends both ETag and Last-Modified; ``etag`` / ``last_modified`` pick one.
        self.etag = validators if etag is None else etag
        self.last_modified = validators if last_modified is None else last_modified
        self.validators = self.etag or self.last_modified
        self.lastmod = lastmod
        self.delay = delay
        self.pages: dict[str, Page] = {}
        self.hits: Counter[str] = Counter()
        self.full: Counter[str] = Counter()
        self._lock = threading.Lock()
        for i in range(n):
            self.add(f"story-{i:03d}")
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                site._serve(self)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                pass  # a crawl killed mid-request resets its connections: expected here

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.source = f"127.0.0.1_{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> NewsSite:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # --- content ----------------------------------------------------------------------------

    def path(self, slug: str) -> str:
        return f"/news/{slug}.html"

    def url(self, slug: str) -> str:
        return self.base + self.path(slug)

    def add(self, slug: str, version: int = 0) -> None:
        body = article_html(slug.replace("-", " ").title(), text=_prose(slug, version)).encode()
        self.pages[self.path(slug)] = Page(body, version)

    def change(self, slug: str) -> None:
        """New words (and a newer lastmod, ETag and Last-Modified) for an article."""
        self.add(slug, self.pages[self.path(slug)].version + 1)

    def restyle(self, slug: str) -> None:
        """Other markup, same words: a new ETag, but no new record is due."""
        page = self.pages[self.path(slug)]
        body = page.body.replace(b"<footer>", b"<footer><span>New look</span>")
        self.pages[self.path(slug)] = Page(body, page.version + 1)

    def article_paths(self) -> set[str]:
        return set(self.pages)

    def article_hits(self) -> int:
        return sum(n for p, n in self.hits.items() if p in self.pages)

    def article_fetches(self) -> int:
        """Article pages sent in full (200): what a crawl really downloaded."""
        return sum(n for p, n in self.full.items() if p in self.pages)

    def reset_counts(self) -> None:
        with self._lock:
            self.hits.clear()
            self.full.clear()

    def sitemap(self) -> bytes:
        entries = []
        for path, page in sorted(self.pages.items()):
            lastmod = f"<lastmod>{page.lastmod}</lastmod>" if self.lastmod else ""
            entries.append(f"<url><loc>{escape(self.base + path)}</loc>{lastmod}</url>")
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + "".join(entries) + "</urlset>"
        ).encode()

    # --- serving ----------------------------------------------------------------------------

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        with self._lock:
            self.hits[path] += 1
        headers: dict[str, str] = {}
        status, ctype = 200, HTML
        page = self.pages.get(path)
        if path == "/sitemap.xml":
            body, ctype = self.sitemap(), "application/xml"
        elif path == "/":
            body = listing_html([self.base + p for p in sorted(self.pages)]).encode()
        elif page is not None:
            body = page.body
            if self.delay:
                time.sleep(self.delay)
            if self.etag:
                headers["ETag"] = page.etag
            if self.last_modified:
                headers["Last-Modified"] = page.last_modified
            if_none_match = handler.headers.get("If-None-Match") if self.etag else None
            if_modified_since = handler.headers.get("If-Modified-Since") if self.last_modified else None
            if if_none_match == page.etag or (not if_none_match and if_modified_since == page.last_modified):
                status, body = 304, b""
        else:
            status, body = 404, b"<html><body>Not found</body></html>"
        if status == 200:
            with self._lock:
                self.full[path] += 1
        try:
            handler.send_response(status)
            if status != 304:
                handler.send_header("Content-Type", ctype)
            for key, value in headers.items():
                handler.send_header(key, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
