"""A real HTTP server on 127.0.0.1 for crawl tests: a table of routes, served from a thread.

Each route answers with a fixed body, status and headers, optionally after a delay or with a
different status on each hit (to exercise retries). Hits are recorded with their times.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count

HTML = "text/html; charset=utf-8"
_words = count()


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str | None = HTML
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # Status per successive hit (the last one repeats), overriding ``status``.
    statuses: Sequence[int] = ()


class _IPv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


class MockServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, list[float]] = defaultdict(list)
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                with server._lock:
                    server.hits[self.path].append(time.monotonic())
                    n = len(server.hits[self.path])
                route = server.routes.get(self.path)
                if route is None:
                    body, status, ctype, headers, delay = (
                        b"<html><body>Not found</body></html>",
                        404,
                        HTML,
                        {},
                        0,
                    )
                else:
                    status = (
                        route.statuses[min(n, len(route.statuses)) - 1] if route.statuses else route.status
                    )
                    body, ctype, headers, delay = route.body, route.content_type, route.headers, route.delay
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    if ctype:
                        self.send_header("Content-Type", ctype)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                    pass

        # host: another loopback address (127.0.0.2) plays an internal service in the address guard tests
        # and ::1 an IPv6 site (legitimate IPv6 literals in URLs)
        server_class = _IPv6Server if ":" in host else ThreadingHTTPServer
        self.httpd = server_class((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://[{host}]:{self.port}" if ":" in host else f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> MockServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: bytes | str, **kwargs) -> str:
        """Serve ``body`` at ``path`` (path plus query, as requested); returns the full URL."""
        self.routes[path] = Route(body.encode("utf-8") if isinstance(body, str) else body, **kwargs)
        return self.url(path)

    def add_sitemap(
        self,
        path: str,
        urls: Sequence[str],
        *,
        news: dict[str, dict[str, str]] | None = None,
        gz: bool = False,
    ) -> str:
        return self.add(
            path,
            sitemap_xml(urls, news=news, gz=gz),
            content_type="application/gzip" if gz else "application/xml",
        )


def article_html(
    title: str,
    *,
    words: int = 120,
    canonical: str | None = None,
    lang: str | None = "en",
    junk: Sequence[str] = (),
    links: Sequence[str] = (),
    meta: str = "",
    charset: str | None = "utf-8",
    text: str | None = None,
) -> str:
    """An article page with ``words`` words of unique prose (or ``text``), optional junk paragraphs
    inside the article body and links in a nav bar."""
    if text is None:
        sentences = []
        while sum(len(s.split()) for s in sentences) < words:
            n = next(_words)
            sentences.append(f"The council reviewed proposal {n} about {title.lower()} and found it sound.")
        paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    else:
        paragraphs = [text]
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs[:1])
    body += "".join(f"<p>{escape(j)}</p>" for j in junk)
    body += "".join(f"<p>{escape(p)}</p>" for p in paragraphs[1:])
    nav = "".join(f'<a href="{escape(href)}">link {i}</a> ' for i, href in enumerate(links))
    head = f'<meta charset="{charset}">' if charset else ""
    head += f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    lang_attr = f' lang="{lang}"' if lang else ""
    return (
        f"<!DOCTYPE html><html{lang_attr}><head>{head}<title>{escape(title)}</title>{meta}</head><body>"
        f"<nav>{nav}</nav><main><article><h1>{escape(title)}</h1>{body}</article></main>"
        f"<footer>Copyright Example News</footer></body></html>"
    )


def listing_html(links: Sequence[str], title: str = "Home") -> str:
    items = "".join(f'<li><a href="{escape(href)}">Story {i}</a></li>' for i, href in enumerate(links))
    return f"<!DOCTYPE html><html lang=en><head><title>{title}</title></head><body><ul>{items}</ul></body></html>"


def sitemap_xml(
    urls: Sequence[str], *, news: dict[str, dict[str, str]] | None = None, gz: bool = False
) -> bytes:
    entries = []
    for url in urls:
        extra = ""
        if news and url in news:
            n = news[url]
            extra = (
                "<news:news><news:publication><news:name>Example News</news:name>"
                f"<news:language>{n.get('language', 'en')}</news:language></news:publication>"
                f"<news:publication_date>{n['publication_date']}</news:publication_date>"
                f"<news:title>{escape(n['title'])}</news:title></news:news>"
            )
        entries.append(f"<url><loc>{escape(url)}</loc>{extra}</url>")
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + "".join(entries) + "</urlset>"
    ).encode()
    return gzip.compress(xml) if gz else xml


def sitemap_index_xml(urls: Sequence[str]) -> bytes:
    entries = "".join(f"<sitemap><loc>{escape(u)}</loc></sitemap>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
    ).encode()


def rss_xml(urls: Sequence[str]) -> bytes:
    items = "".join(
        f"<item><title>Story {i}</title><link>{escape(u)}</link></item>" for i, u in enumerate(urls)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example</title>'
        f"<link>http://example.invalid/</link>{items}</channel></rss>"
    ).encode()


def atom_xml(urls: Sequence[str]) -> bytes:
    entries = "".join(
        f'<entry><title>Story {i}</title><link rel="alternate" href="{escape(u)}"/><id>{escape(u)}</id></entry>'
        for i, u in enumerate(urls)
    )
    return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>E</title>{entries}</feed>'.encode()
