"""cleancrawl's cleaning library: trafilatura extraction plus junk rules.

Pure functions over HTML and text: no Scrapy, no network. ``clean_html`` is the entry point.
"""

from cleaners.pipeline import DEFAULT_MIN_WORDS, FORMATS, clean_html
from cleaners.result import Article, RemovedBlock
from cleaners.ruleset import RuleFileError, RuleSet, rules_for, validate_rule_files
from cleaners.site_repetition import SiteRepetition
from cleaners.words import count_words

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
