"""Metadata beyond what trafilatura returns, read from the same parsed tree."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

_LANG = etree.XPath(
    "string((/html/@lang | /html/@xml:lang"
    " | //meta[@http-equiv='content-language' or @http-equiv='Content-Language']/@content"
    " | //meta[@property='og:locale']/@content)[1])",
    namespaces={"xml": "http://www.w3.org/XML/1998/namespace"},
)


_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
# Tags that say "no language given", not a language.
_NOT_A_LANGUAGE = {"und", "zxx", "mul", "mis", "xx"}
# Below this many characters of text, language identification is a guess.
DETECT_MIN_CHARS = 20
DETECT_MAX_CHARS = 3000


def normalise_language(value: str | None) -> str | None:
    """One BCP 47 tag in its canonical case (``en``, ``pt-BR``, ``zh-Hant-TW``), or None for
    values that are no language tag (``x-default``, ``und``, ``{{lang}}``)."""
    if not value:
        return None
    value = value.strip().replace("_", "-").split(",")[0].split(";")[0].strip()
    if not _TAG.match(value) or value.lower() in _NOT_A_LANGUAGE:
        return None
    primary, *rest = value.split("-")
    parts = [primary.lower()]
    for part in rest:
        if len(part) == 2 and part.isalpha():
            parts.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            parts.append(part.title())
        else:
            parts.append(part.lower())
    return "-".join(parts)


def page_language(tree: etree._Element) -> str | None:
    """The language the page declares (``<html lang>``, Content-Language, og:locale), normalised."""
    return normalise_language(str(_LANG(tree)))


@lru_cache(maxsize=1)
def _identifier():  # returns py3langid.langid.LanguageIdentifier (imported lazily)
    """py3langid's model ships inside its wheel: loaded once per process, never downloaded."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, min_probability: float = 0.5) -> str | None:
    """The language of ``text`` by py3langid, when the text is long enough and the model sure."""
    if len(text) < DETECT_MIN_CHARS:
        return None
    language, probability = _identifier().classify(text[:DETECT_MAX_CHARS])
    return normalise_language(language) if probability >= min_probability else None


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
