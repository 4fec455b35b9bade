"""Turn the bytes of a page into text: BOM, then the HTTP/meta declared charset, then detection."""

from __future__ import annotations

import charset_normalizer
from w3lib.encoding import html_to_unicode


def _detect(data: bytes) -> str | None:
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    return best.encoding if best else None


def decode_html(data: bytes | str, content_type: str | None = None) -> str:
    """Decode page bytes to text.

    Order of trust, as browsers do: a byte-order mark, the HTTP ``Content-Type`` charset when
    given, a ``<meta charset>`` in the page, then content detection; undecodable bytes become
    U+FFFD rather than failing, so a page with one bad byte still yields its article.
    """
    if isinstance(data, str):
        return data
    _, text = html_to_unicode(content_type, data, auto_detect_fun=_detect)
    return text


def looks_binary(data: bytes) -> bool:
    """True for bodies that are not text at all (images, archives, PDFs served as text/html)."""
    head = data[:4096]
    if not head:
        return False
    if head.startswith((b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")):
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 BOM: text with many NULs
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > 0.10
