"""cleancrawl's cleaning library: trafilatura extraction plus junk rules.

Pure functions over HTML and text: no Scrapy, no network. ``clean_html`` is the entry point.

The names below are imported on first use (PEP 562), not with the package: importing a light
module of it (``cleaners.words``, ``crawler.offline.page_inputs``) must not load trafilatura and numpy,
half a second that ``cleancrawl runs`` or ``--version`` would pay for nothing.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cleaners.pipeline import DEFAULT_MIN_WORDS, FORMATS, clean_html
    from cleaners.result import Article, RemovedBlock
    from cleaners.ruleset import RuleFileError, RuleSet, rules_for, validate_rule_files
    from cleaners.site_repetition import SiteRepetition
    from cleaners.words import count_words

# name -> the module that defines it
_EXPORTS = {
    "DEFAULT_MIN_WORDS": "cleaners.pipeline",
    "FORMATS": "cleaners.pipeline",
    "clean_html": "cleaners.pipeline",
    "Article": "cleaners.result",
    "RemovedBlock": "cleaners.result",
    "RuleFileError": "cleaners.ruleset",
    "RuleSet": "cleaners.ruleset",
    "rules_for": "cleaners.ruleset",
    "validate_rule_files": "cleaners.ruleset",
    "SiteRepetition": "cleaners.site_repetition",
    "count_words": "cleaners.words",
}

__all__ = [
    "DEFAULT_MIN_WORDS",
    "FORMATS",
    "Article",
    "RemovedBlock",
    "RuleFileError",
    "RuleSet",
    "SiteRepetition",
    "clean_html",
    "count_words",
    "rules_for",
    "validate_rule_files",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # once: later look-ups do not come here
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
