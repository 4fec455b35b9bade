"""Page dicts: what the review shows of one cleaned page, built from a record or a rejection row.

A page dict is the contract between whoever produces pages (``cleancrawl review``, ``cleancrawl
diff``) and the renderer. Keys (all present after ``page_from_record``):

- ``label``: what names the page (its file, else its URL);
- ``url``, ``file``, ``site`` (``source`` of a crawl, else the URL's host), ``href`` (a link to
  the saved page or the URL, ``None`` when neither is safe to link);
- ``title``, ``authors``, ``published``, ``language``, ``images`` (``[{"src", "alt", "caption",
  "credit"}]``): the record's metadata;
- ``rejected``: the rejection reason, ``None`` for an article;
- ``text``: the kept text, paragraphs joined by newlines;
- ``removed``: ``[{"rule", "stage", "text", "at", "score"}]``, ``at`` the character offset in ``text``
  where the block stood (``None`` when the record predates positions: shown apart); ``score`` a
  model's junk score for its removals (``model.block@0.873``, ``model.wording@0.975`` in the record), else ``None``;
- ``words_kept``, ``words_removed``.

Optional: ``compare`` = ``{"label_a", "label_b", "ops": [[op, text], ...]}`` with op ``=`` (in
both), ``-`` (only in A), ``+`` (only in B), rendered side by side.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cleaners.urls import site_host
from cleaners.words import count_words
from output.record import split_provenance_rule


def _href(file: str | None, url: str | None) -> str | None:
    """A link the review may carry: the saved file as a file: URL, else an http(s) URL. Never a
    ``javascript:`` or other scheme a hostile record could plant."""
    if file:
        path = Path(file.split("#", 1)[0])
        try:
            return path.resolve().as_uri()
        except (OSError, ValueError):
            pass
    if url and urlsplit(url).scheme.lower() in ("http", "https"):
        return url
    return None


def _position(block: dict[str, Any], text_length: int) -> int | None:
    at = block.get("at")
    if isinstance(at, bool) or not isinstance(at, int):
        return None
    return min(max(at, 0), text_length)


def _removed(record: dict[str, Any], text: str) -> list[dict[str, Any]]:
    blocks = record.get("removed_blocks")
    if not isinstance(blocks, list):
        return []
    out = []
    for block in blocks:
        if not isinstance(block, dict):
            continue
        rule, score = split_provenance_rule(str(block.get("rule") or "?"))
        out.append(
            {
                "rule": rule,
                "stage": str(block.get("stage") or ""),
                "text": str(block.get("text") or ""),
                "at": _position(block, len(text)),
                "score": score,
            }
        )
    return out


def _strings(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _images(value: Any) -> list[dict[str, str | None]]:
    if not isinstance(value, list):
        return []
    keys = ("src", "alt", "caption", "credit")
    return [{k: (str(i[k]) if i.get(k) is not None else None) for k in keys} for i in value if isinstance(i, dict)]


def page_from_record(record: dict[str, Any]) -> dict[str, Any]:
    """One JSON-lines record (written with ``--provenance``), or a rejection row (a record with
    ``rejected`` set and no text), as the page dict the review renders."""
    text = record.get("text") if isinstance(record.get("text"), str) else ""
    url = record.get("url") or record.get("canonical_url")
    url = url if isinstance(url, str) else None
    file = record.get("file") if isinstance(record.get("file"), str) else None
    removed = _removed(record, text)
    page: dict[str, Any] = {
        "label": file or url or "(no name)",
        "url": url,
        "file": file,
        "site": record.get("source") or site_host(url) or "(no site)",
        "href": _href(file, url),
        "title": record.get("title") if isinstance(record.get("title"), str) else None,
        "authors": _strings(record.get("authors")),
        "published": record.get("published") if isinstance(record.get("published"), str) else None,
        "language": record.get("language") if isinstance(record.get("language"), str) else None,
        "images": _images(record.get("images")),
        "rejected": str(record["rejected"]) if record.get("rejected") else None,
        "text": text,
        "removed": removed,
        "words_kept": count_words(text),
        "words_removed": sum(count_words(b["text"]) for b in removed),
    }
    if isinstance(record.get("compare"), dict):
        page["compare"] = record["compare"]
    return page
