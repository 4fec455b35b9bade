"""A body cut at DOWNLOAD_MAXSIZE while it streams in (no Content-Length, so Scrapy cannot refuse
it up front) is counted ``too-large`` with the reason in the log, like one whose Content-Length
says it is too big, not as a reasonless ``DownloadCancelledError``."""

from __future__ import annotations

import socket
import threading

from mockserver import article_html

MAX_SIZE = 100_000


class StreamingServer:
    """``/streamed``: 300 KB of HTML with no Content-Length (the end is the closed connection);
    ``/declared``: the same with its Content-Length. Raw sockets on 127.0.0.1."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> StreamingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(30)
            try:
                request = conn.recv(65536).decode("latin-1")
                path = request.split(" ", 2)[1] if request.count(" ") >= 2 else "/"
                if path == "/robots.txt":
                    conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    return
                chunk = b"<p>" + b"many words of a page that never ends " * 100 + b"</p>"
                body = b"<html><body>" + chunk * (3 * MAX_SIZE // len(chunk))
                length = f"Content-Length: {len(body)}\r\n" if path == "/declared" else ""
                head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n{length}Connection: close\r\n\r\n"
                conn.sendall(head.encode())
                for start in range(0, len(body), 8192):
                    conn.sendall(body[start : start + 8192])
            except OSError:  # the crawler hung up on us: that is the point
                pass


def test_a_body_cut_at_max_size_while_streaming_is_counted_too_large(server, crawl) -> None:
    good = server.add("/ok.html", article_html("A story of normal size"))
    with StreamingServer() as big:
        server.add_sitemap("/sm.xml", [good, big.base + "/streamed", big.base + "/declared"])
        # the streaming server is another port of the start URL's address: allowed by name
        result = crawl(
            server.url("/sm.xml"),
            "-s",
            f"DOWNLOAD_MAXSIZE={MAX_SIZE}",
            "-s",
            "DOWNLOAD_TIMEOUT=20",
            "-s",
            "CLEANCRAWL_ALLOW_NETWORKS=127.0.0.1/32",
        )
    assert [r["url"] for r in result.records] == [good]
    failed = next(line for line in result.stderr.splitlines() if "failed:" in line)
    assert "too-large 2" in failed and "DownloadCancelledError" not in failed, failed
    for path in ("/streamed", "/declared"):
        line = next(line for line in result.stderr.splitlines() if f"gave up on {big.base}{path}" in line)
        assert f"larger than DOWNLOAD_MAXSIZE ({MAX_SIZE} bytes)" in line, line
