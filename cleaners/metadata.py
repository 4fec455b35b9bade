"""Metadata beyond what trafilatura returns, read from the same parsed tree."""

from __future__ import annotations

from lxml import etree

_LANG = etree.XPath(
    "string((/html/@lang | /html/@xml:lang"
    " | //meta[@http-equiv='content-language' or @http-equiv='Content-Language']/@content"
    " | //meta[@property='og:locale']/@content)[1])",
    namespaces={"xml": "http://www.w3.org/XML/1998/namespace"},
)


def page_language(tree: etree._Element) -> str | None:
    """The language the page declares (``<html lang>``, Content-Language, og:locale) as ``en``/``pt-br``."""
    value = str(_LANG(tree)).strip().replace("_", "-").lower()
    value = value.split(",")[0].strip()
    return value or None


def split_list(value: str | list[str] | None, separator: str = ";") -> list[str]:
    """trafilatura joins authors, tags and categories into one string; split them back."""
    if not value:
        return []
    items = value if isinstance(value, list) else value.split(separator)
    out: list[str] = []
    for item in items:
        item = " ".join(item.split())
        if item and item not in out:
            out.append(item)
    return out
