"""How a crawl logs an item: by its URL and a few small fields, never by its page body or text.

Scrapy's ``LogFormatter`` logs a dropped item (``DEFAULT_DROPITEM_LOG_LEVEL``: INFO, so ``crawl
-v``), a scraped one (DEBUG, ``-vv``) and one that failed in a pipeline (ERROR) with the item's
``repr``: the whole page (``PageItem.body``) or article (a record's ``text``), hundreds of kB on
one line. ``ItemLogFormatter`` (the ``LOG_FORMATTER`` setting) logs the same events, at the same
levels, as one line: ``Dropped: <reason> <url> (status=200, content_type='text/html', ...)``.
Every other line is capped by the handler's formatter (``log_filters.MAX_LINE_CHARS``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Any

from scrapy.logformatter import LogFormatter, LogFormatterResult

# Fields worth showing beside the URL, in this order, when the item has them; anything else
# (the body, the text, lists, hints) is left out.
SHOWN_FIELDS = (
    "status",
    "content_type",
    "source",
    "fetched_at",
    "title",
    "words",
    "language",
    "fingerprint",
    "near_duplicate_of",
)
# A field's value or an exception's message longer than this is cut (with "...").
MAX_VALUE_CHARS = 200
MAX_REASON_CHARS = 500


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text) - limit} more characters)"


def _fields(item: Any) -> Mapping[str, Any]:
    if isinstance(item, Mapping):
        return item
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return {f.name: getattr(item, f.name, None) for f in dataclasses.fields(item)}
    return {}


def _small_fields(fields: Mapping[str, Any]) -> Iterator[str]:
    for name in SHOWN_FIELDS:
        value = fields.get(name)
        if value is None or value == "" or not isinstance(value, str | int | float | bool):
            continue
        yield f"{name}={_cut(repr(value), MAX_VALUE_CHARS)}"


def describe_item(item: Any) -> str:
    """``<url> (status=200, title='...')``: what tells an item apart in a log, in one short line
    (an item of an unknown kind is named by its type only)."""
    fields = _fields(item)
    url = fields.get("url")
    if not isinstance(url, str):
        return f"<{type(item).__name__}>"
    small = ", ".join(_small_fields(fields))
    return _cut(url, MAX_VALUE_CHARS * 4) + (f" ({small})" if small else "")


class ItemLogFormatter(LogFormatter):
    """Scrapy's messages about items, with the item described (``describe_item``), not printed."""

    def scraped(self, item: Any, response: Any, spider: Any) -> LogFormatterResult:
        entry = super().scraped(item, response, spider)
        entry["msg"] = "Scraped from %(src)s: %(item)s"
        entry["args"] = {**entry["args"], "item": describe_item(item)}
        return entry

    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any) -> LogFormatterResult:
        entry = super().dropped(item, exception, response, spider)  # its level: the exception's or the setting
        entry["msg"] = "Dropped: %(exception)s; item: %(item)s"
        entry["args"] = {"exception": _cut(str(exception), MAX_REASON_CHARS), "item": describe_item(item)}
        return entry

    def item_error(self, item: Any, exception: BaseException, response: Any, spider: Any) -> LogFormatterResult:
        entry = super().item_error(item, exception, response, spider)
        entry["args"] = {**entry["args"], "item": describe_item(item)}
        return entry
