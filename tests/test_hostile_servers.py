"""Servers that misbehave: a gzip bomb sent as Content-Encoding, a body dripped a byte at a time, a
server that accepts and never answers, connections reset mid-request, random 5xx. Each costs
only its own page (retried, then counted), the crawl finishes by itself, and its memory stays
bounded. The misbehaving server is a raw socket server on 127.0.0.1, not http.server, so it can
do what no well-behaved HTTP library would.
"""

from __future__ import annotations

import socket
import struct
import threading
import zlib

import pytest
from mockserver import article_html

MIB = 1024 * 1024


def gzip_bomb(unpacked: int) -> bytes:
    """A gzip stream of ``unpacked`` zero bytes, made chunk by chunk (about 1 KB per MB)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\0" * MIB
    parts = [packer.compress(chunk) for _ in range(unpacked // MIB)]
    parts.append(packer.flush())
    return b"".join(parts)


class HostileServer:
    """Answers by path: /drip (headers, then a byte every half second), /silent (accepts, says
    nothing), /reset (reads the request, then resets the connection)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.hits: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> HostileServer:
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
            except OSError:
                return
            path = request.split(" ", 2)[1] if request.count(" ") >= 2 else "/"
            self.hits[path] = self.hits.get(path, 0) + 1
            try:
                if path == "/robots.txt":
                    conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                elif path == "/drip":
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n")
                    while not self._stop.wait(0.5):
                        conn.sendall(b"<")
                elif path == "/silent":
                    self._stop.wait(20)
                elif path == "/reset":
                    # SO_LINGER with a zero timeout: close() sends RST instead of FIN
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:  # the crawler gave up on us
                pass


@pytest.fixture
def hostile():
    with HostileServer() as srv:
        yield srv


def test_misbehaving_servers_cost_only_their_pages(server, hostile, crawl_peak_rss):
    good = [server.add(f"/ok{i}.html", article_html(f"Good story {i}")) for i in range(3)]
    flaky = server.add("/flaky.html", article_html("Flaky story"), statuses=[502, 503, 200])
    bomb = server.add(
        "/bomb.html", gzip_bomb(1024 * MIB), headers={"Content-Encoding": "gzip"}, content_type="text/html"
    )
    bad = [hostile.base + p for p in ("/drip", "/silent", "/reset")]
    server.add_sitemap("/sm.xml", [*good, flaky, bomb, *bad])

    # (the crawl fixture's own time limit would fail a crawl that a server never lets go of)
    # The hostile server is another port of 127.0.0.1, which the start URL does not open by itself.
    result, peak_rss_kb = crawl_peak_rss(
        server.url("/sm.xml"), "-s", "DOWNLOAD_TIMEOUT=2", "-s", "CLEANCRAWL_ALLOW_NETWORKS=127.0.0.1/32"
    )

    assert result.returncode == 0, result.stderr
    assert sorted(r["url"] for r in result.records) == sorted([*good, flaky])
    assert "Traceback" not in result.stderr
    # Each bad page was tried, retried (RETRY_TIMES = 2), then given up on and counted.
    assert {p: n for p, n in hostile.hits.items() if p != "/robots.txt"} == {"/drip": 3, "/silent": 3, "/reset": 3}
    failed = next(line for line in result.stderr.splitlines() if "failed:" in line)
    assert "DownloadTimeoutError 2" in failed and "too-large 1" in failed, failed
    # The 1 GiB bomb is refused at DOWNLOAD_MAXSIZE (16 MB) while it is unpacked, never held whole:
    # the crawl's largest process stayed far below its size.
    assert peak_rss_kb < 600 * 1024, "a crawl held the bomb"
