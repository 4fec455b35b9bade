"""Turn the bytes of a page into text, the way its author meant them.

Order of trust:

1. A byte-order mark decides.
2. A declared charset (HTTP ``Content-Type``, then ``<meta charset>`` or the XML declaration)
   wins when the whole page decodes with it cleanly. A declaration that does not fit the bytes
   is the page's mistake, not ours: a page declared UTF-8 but written in Latin-1 goes on to
   detection; any other declared charset that leaves a few bytes undecodable is still used,
   with those bytes replaced, unless the page is almost entirely valid UTF-8.
3. Undeclared pages that are valid UTF-8, or mostly valid (more valid multi-byte sequences than
   invalid bytes), are UTF-8, the bad bytes replaced by U+FFFD: one stray byte in a UTF-8
   article must not turn every "é" of it into "Ã©" because a detector saw one non-UTF-8 byte.
4. Everything else is charset-normalizer's call; it also recognises UTF-16 and UTF-32 without
   a BOM (text full of NUL bytes, which is why those pages skip step 3 and why ``looks_binary``
   asks it before calling such a body binary). Undecodable bytes become U+FFFD, never an error.
"""

from __future__ import annotations

import charset_normalizer
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
    to_unicode,
)

_DETECT_BYTES = 200_000
_HEAD_BYTES = 4096
# More NULs than this share of the head: not UTF-8 text (UTF-16/32, or binary).
_MAX_NUL_SHARE = 0.01
_HIGH_BYTES = bytes(range(0x80, 0x100))
_REPLACEMENT_UTF8 = "\ufffd".encode()


def _detect(data: bytes) -> str | None:
    best = charset_normalizer.from_bytes(data[:_DETECT_BYTES]).best()
    return best.encoding if best else None


def _declared(data: bytes, content_type: str | None) -> str | None:
    name = http_content_type_encoding(content_type) if content_type else None
    name = name or html_body_declared_encoding(data)
    return resolve_encoding(name) if name else None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _many_nuls(data: bytes) -> bool:
    head = data[:_HEAD_BYTES]
    return head.count(0) > len(head) * _MAX_NUL_SHARE


def mostly_utf8(data: bytes) -> str | None:
    """The page as UTF-8 when it is valid UTF-8 but for a few bad bytes, else None.

    "A few" means fewer invalid sequences than valid multi-byte characters: a Latin-1 or
    Windows-1252 page has almost no valid multi-byte sequences by chance, so it never passes;
    an ASCII page with one stray byte has no evidence either way and is left to detection.
    """
    text = data.decode("utf-8", "replace")
    invalid = text.count("\ufffd") - data.count(_REPLACEMENT_UTF8)
    if invalid == 0:
        return text
    ascii_bytes = len(data.translate(None, _HIGH_BYTES))
    valid_multibyte = (len(text) - ascii_bytes) - invalid
    return text if valid_multibyte > invalid else None


def decode_html(data: bytes | str, content_type: str | None = None) -> str:
    """Decode page bytes to text (see the module docstring for the order of trust)."""
    if isinstance(data, str):
        return data
    bom_encoding, bom = read_bom(data)
    if bom_encoding:
        return to_unicode(data[len(bom) :], bom_encoding)
    declared = _declared(data, content_type)
    if declared:
        text = _strict(data, declared)
        if text is not None:
            return text
        if not _many_nuls(data) and (text := mostly_utf8(data)) is not None:
            return text
        if declared != "utf-8":
            return to_unicode(data, declared)
    elif not _many_nuls(data) and (text := mostly_utf8(data)) is not None:
        return text
    return to_unicode(data, _detect(data) or "utf-8")


def _is_wide_unicode(head: bytes) -> bool:
    encoding = _detect(head) or ""
    return encoding.startswith(("utf_16", "utf_32"))


# Control characters text does not use (tab, newlines, form feed and carriage return aside).
_CONTROL_BYTES = bytes(range(9)) + bytes(range(14, 32))


def looks_binary(data: bytes) -> bool:
    """True for bodies that are not text at all (images, archives, PDFs served as text/html)."""
    head = data[:_HEAD_BYTES]
    if not head:
        return False
    if head.startswith((b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")):
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 BOM: text with many NULs
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls / len(head) <= 0.10:
        return False
    return not _is_wide_unicode(head)
