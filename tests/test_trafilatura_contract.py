"""Contract tests: each trafilatura function cleancrawl patches, wraps or re-implements, run as
trafilatura wrote it and as we run it, on every fixture page (plus a licensed page), held to the
equivalence cleancrawl documents (cleaners/extraction.py, cleaners/parsing.py):

- ``_extract_and_compare``: the same body and text, bit for bit;
- ``_prefer_readability``: never true where ``readability_may_win`` says readability cannot win,
  for any readability text up to ``readability_bound`` (and that bound holds for readability);
- ``_prepare_tree`` (its backup for jusText deferred) and ``justext_rescue``: the same cleaned
  tree, the same backup once built, the same jusText result and comparison, the page untouched;
- ``extract_author``: the same author; ``extract_catstags`` (its expressions answered from one walk
  of the page, made at the first): the same categories and tags, in the whole document;
- ``html2txt``: its text never longer than ``page_text_bound`` (on the page and on the tree
  trafilatura measures, pruned as trafilatura_sequence prunes it);
- ``bare_extraction`` as a whole: the same document, but for the documented differences
  (``license`` None, ``text`` and ``raw_text`` empty: the pipeline reads neither); and given the
  page's own tree (its copy skipped, the tree lent: ``trafilatura_sequence``, ``prune_unwanted_nodes``,
  ``extract_metadata`` and htmldate's ``find_date`` only read it or copy it), the same document
  and the tree unchanged;
- ``repair_faulty_html``: the same string; ``load_html``: the same tree as ``parse_html``'s;
- the module-level XPath expressions cleaners.fast_xpath swaps: the same result from each page's root.

Each contract is also run against a deliberately altered copy of trafilatura's function (its own
source with one change, as an upgrade could make it) and must then fail: a contract that cannot
fail proves nothing. cleaners/trafilatura_contract.py pins the source of each to trafilatura
2.3.1; tests/test_xpath_python.py holds the XPath expressions to libxml2's nodes in every context.
The licence and text hooks are held by the whole-document contract (``bare_extraction``)."""

from __future__ import annotations

import importlib
import inspect
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from copy import copy, deepcopy
from pathlib import Path

import pytest
import trafilatura
from justext import core as justext_core
from justext import paragraph as justext_paragraph
from justext import utils as justext_utils
from lxml import etree
from trafilatura import core, external, htmlprocessing
from trafilatura import metadata as trafilatura_metadata
from trafilatura import utils as trafilatura_utils
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor
from trafilatura.utils import trim

from cleaners import extraction, fast_xpath, justext_paragraphs, parsing, trafilatura_contract
from cleaners.decoding import decode_html
from cleaners.pipeline import DATE_PARAMS
from cleaners.trafilatura_contract import XPATHS
from crawler.offline.fixture_cases import discover_cases

# the module (trafilatura's package attribute of that name is its function baseline())
baseline = importlib.import_module("trafilatura.baseline")
FIXTURES = Path(__file__).parent / "fixtures"
_LICENSED = (
    "<html><head><title>Harbour budget</title></head><body><article><h1>Harbour budget</h1>"
    + "".join(f"<p>On day {i} the committee went through item {i} of the harbour budget.</p>" for i in range(8))
    + "</article><footer><a rel='license' href='https://creativecommons.org/licenses/by/4.0/'>CC BY</a>"
    "</footer></body></html>"
)
# (name, url, decoded page): every fixture case, and a page whose licence trafilatura finds
PAGES = [(case.name, case.url, decode_html(case.read_page(), case.content_type)) for case in discover_cases(FIXTURES)]
PAGES.append(("licensed", "https://example.com/news/harbour", _LICENSED))
# a page trafilatura_sequence prunes before extracting (a comment section, an infinite-scroll box
# without the headline): the tree lent to it is then copied before the prune, never pruned itself
_PRUNED = (
    "<html><head><title>Harbour dredging</title></head><body><article><h1>Harbour dredging</h1>"
    + "".join(f"<p>Dredging of berth {i} went on through the night, the harbour master said.</p>" for i in range(8))
    + "</article><section id='comments'><p>Reader one: dredging again, at this hour of the night?</p>"
    "<p>Reader two: the berths have needed it for years and years.</p></section>"
    "<div class='infinite-scroll'><h2>Next story</h2><p>The ferry timetable changes on Monday.</p></div>"
    "</body></html>"
)
PAGES.append(("pruned", "https://example.com/news/dredging", _PRUNED))
# a page whose categories and tags only trafilatura's expressions find (no meta, no JSON-LD)
_FILED = (
    "<html><head><title>Harbour lights</title></head><body><article><h1>Harbour lights</h1>"
    "<div class='post-meta'><a href='/category/harbour/'>Harbour</a> <a href='/about/'>About</a></div>"
    + "".join(f"<p>Light {i} on the harbour wall was replaced on Tuesday, the port said.</p>" for i in range(8))
    + "<div class='tags'><a href='/tag/lights/'>Lights</a><a href='/tag/port/'>Port</a></div>"
    "<footer class='entry-footer'><a href='/category/news/'>News</a></footer></article></body></html>"
)
PAGES.append(("filed", "https://example.com/news/lights", _FILED))
# a page whose balanced extraction is short against the page's text (one paragraph under a long menu
# and footer): trafilatura_sequence's stage 4, the recall escalation, re-runs the extraction on the
# tree it was given, the lent one (test_a_contract_page_reaches_the_recall_escalation keeps it so)
_ESCALATED = (
    "<html><head><title>Harbour notice</title></head><body><nav><ul>"
    + "".join(f"<li><a href='/section/{i}/'>Section {i} of the harbour pages</a></li>" for i in range(60))
    + "</ul></nav><article><h1>Harbour notice</h1><p>The harbour office closes early on Friday for the annual"
    " inspection of the cranes, the port said.</p></article><footer>"
    + "".join(f"<p>Footer note {i}: the harbour publishes its tide tables and fees here.</p>" for i in range(40))
    + "</footer></body></html>"
)
PAGES.append(("escalated", "https://example.com/news/notice", _ESCALATED))

Mismatches = list[str]


@pytest.fixture(scope="module", autouse=True)
def installed() -> None:
    """The hooks in place, as in any cleaning process (altered copies are made after this)."""
    extraction.install()


@contextmanager
def shortcuts(on: bool) -> Iterator[None]:
    token = extraction._SHORTCUTS.set(on)
    try:
        yield
    finally:
        extraction._SHORTCUTS.reset(token)


def _options(url: str | None, recall: bool = False) -> Extractor:
    """The options extract_document gives bare_extraction."""
    return Extractor(
        output_format="python", comments=False, tables=True, dedup=False, url=url, with_metadata=True,
        date_params=DATE_PARAMS, recall=recall,
    )


def _xml(element: etree._Element | None) -> bytes | None:
    return None if element is None else etree.tostring(element)


# --- the contracts: each returns where ours and trafilatura's disagree --------------------------


def extract_and_compare_mismatches() -> Mismatches:
    """Ours (shortcuts on) against trafilatura's ``_extract_and_compare`` (kept in cleaners.extraction)."""
    found = []
    for name, url, page in PAGES:
        tree, options = parsing.parse_html(page), _options(url)
        cleaned, backup = core._prepare_tree(tree, options, url)
        with shortcuts(False):
            body, text = extraction._extract_and_compare(deepcopy(cleaned), deepcopy(backup), tree, options)
        with shortcuts(True):
            our_body, our_text = extraction._extract_and_compare_where_needed(
                deepcopy(cleaned), deepcopy(backup), tree, options
            )
        if (_xml(body), text) != (_xml(our_body), our_text):
            found.append(f"{name}: {len(text)} characters from trafilatura, {len(our_text)} from ours")
    return found


def prepare_tree_mismatches() -> Mismatches:
    """Ours (shortcuts on: the backup deferred) against trafilatura's ``_prepare_tree``, balanced and
    recall: the same cleaned tree; the backup, built, the same tree; jusText on it the same result;
    the comparison given it the same body and text; and the raw page as it was."""
    found = []
    for name, url, page in PAGES:
        for recall in (False, True):
            tree, options = parsing.parse_html(page), _options(url, recall)
            before = etree.tostring(tree)
            with shortcuts(False):
                cleaned, backup = extraction._prepare_tree(tree, options, url)
                jt_body, jt_text = extraction.justext_rescue(deepcopy(backup), options)
                body, text = extraction._extract_and_compare(cleaned, deepcopy(backup), tree, options)
            with shortcuts(True):
                our_cleaned, deferred = extraction._prepare_tree_deferring_backup(tree, options, url)
                our_cleaned_xml = _xml(our_cleaned)
                our_jt_body, our_jt_text = extraction._justext_rescue_on_built(deferred, options)
                our_body, our_text = extraction._extract_and_compare_where_needed(our_cleaned, deferred, tree, options)
            built = deferred.build() if isinstance(deferred, extraction._Deferred) else None
            label = f"{name} (recall {recall})"
            if built is None or _xml(built) != _xml(backup):
                found.append(f"{label}: another backup")
            if our_cleaned_xml != _xml(extraction._prepare_tree(tree, options, url)[0]):
                found.append(f"{label}: another cleaned tree")
            if (_xml(jt_body), jt_text) != (_xml(our_jt_body), our_jt_text):
                found.append(f"{label}: another jusText result")
            if (_xml(body), text) != (_xml(our_body), our_text):
                found.append(f"{label}: another comparison result")
            if etree.tostring(tree) != before:
                found.append(f"{label}: the page changed")
    return found


# a page for jusText's paragraph maker: comments and a processing instruction (their tails read),
# line breaks (one a space, two a paragraph break), links, a form's select, a copyright line, blank
# text and nested blocks
_JUSTEXT_PAGE = (
    "<html><body><div><h2>Harbour <a href='/a'>news</a></h2><!-- a note -->after the note"
    "<p>The harbour master said the dredging of the inner berths would go on through the night, and the"
    " ferry would leave from the outer pier until the work was done.<br>A line<br><br>A new paragraph"
    " <a href='/b'>with a link</a> in it and enough words that it is not short for the classifier, the"
    " port said on Tuesday.</p><?pi data?>pi tail<ul><li><a href='/c'>One</a></li><li>Two &amp; three</li>"
    "</ul><form><select><option>Pick a harbour from the list of all of them</option></select></form>"
    "<p>\u00a9 2024 The Harbour Gazette, all rights reserved on this page and the others.</p><p>   </p>"
    "<div><div><p>Nested text of a box inside a box, long enough to be more than a short paragraph of"
    " text for the classification.</p></div>tail of a box</div></div></body></html>"
)


def _justext_paragraphs(paragraphs: list[object]) -> list[tuple[object, ...]]:
    return [(p.text, p.dom_path, p.chars_count_in_links, p.tags_count, p.cf_class, p.class_type, p.heading)
            for p in paragraphs]


def justext_mismatches() -> Mismatches:
    """Ours (cleaners.justext_paragraphs) against trafilatura's ``try_justext`` on each page as
    ``justext_rescue`` gives it (basic_cleaning done), with no language and with one: the same body;
    and the paragraphs jusText makes, classifies and revises with trafilatura's arguments: the same
    texts, paths, link and tag counts and classes."""
    found = []
    pages = [*PAGES, ("justext", "https://example.com/news/justext", _JUSTEXT_PAGE)]
    for name, url, page in pages:
        tree = baseline.basic_cleaning(parsing.parse_html(page))
        for language in (None, "en"):
            with shortcuts(False):
                body = external.try_justext(deepcopy(tree), url, language)
            with shortcuts(True):
                our_body = external.try_justext(deepcopy(tree), url, language)
            if _xml(body) != _xml(our_body):
                found.append(f"{name} ({language}): another jusText body")
        stoplist = external.JT_STOPLIST or external.jt_stoplist_init()
        theirs = external.ParagraphMaker.make_paragraphs(deepcopy(tree))  # as trafilatura calls them
        external.classify_paragraphs(theirs, stoplist, 50, 150, 0.1, 0.2, 0.25, True)
        external.revise_paragraph_classification(theirs, 150)
        ours = justext_paragraphs.make_paragraphs(deepcopy(tree))
        assert ours is not None
        justext_paragraphs.classify_paragraphs(ours, stoplist)
        justext_core.revise_paragraph_classification(ours, 150)
        if _justext_paragraphs(theirs) != _justext_paragraphs(ours):
            found.append(f"{name}: other jusText paragraphs")
    return found


def spacing_mismatches() -> Mismatches:
    """``justext_paragraphs.spaced`` against jusText's ``normalize_whitespace`` on strings made of
    every whitespace character, words, and line breaks, in runs of every length up to three."""
    spaces = [chr(c) for c in range(0x3001) if chr(c).isspace()]
    pieces = ["a", "b", "", *spaces]
    found = []
    for first in pieces:
        for second in pieces:
            for third in ("", "c", " ", "\u3000", "\n"):
                text = f"{first}{second}x{third}{first}"
                if justext_paragraphs.spaced(text) != justext_utils.normalize_whitespace(text):
                    found.append(f"{text!r}: spaced otherwise")
    return found


def _lengths_up_to(bound: int, len_text: int, min_size: int) -> list[int]:
    """Readability text lengths to try: every threshold _prefer_readability tests, and a sweep."""
    edges = {0, 1, len_text, 2 * len_text, 3 * len_text // 2, 2 * min_size, bound}
    tried = {n + d for n in edges for d in (-1, 0, 1)} | set(range(0, bound + 1, max(1, bound // 64)))
    return sorted(n for n in tried if 0 <= n <= bound)


def prefer_readability_mismatches() -> Mismatches:
    """Where ``readability_may_win`` is False, trafilatura's ``_prefer_readability`` must be False for
    every readability text the bound allows (``x`` * n: not JSON, so the most it can prefer)."""
    found, exercised = [], 0
    for name, url, page in PAGES:
        tree, options = parsing.parse_html(page), _options(url)
        cleaned, _ = core._prepare_tree(tree, options, url)
        body, text = extract_content(cleaned, options)
        if extraction.readability_may_win(tree, body, len(text), options):
            continue
        exercised += 1
        algo_body = external.try_readability(copy(tree))
        bound = extraction.readability_text_bound(tree)
        for n in _lengths_up_to(bound, len(text), options.min_extracted_size):
            if external._prefer_readability(body, algo_body, "x" * n, len(text), n, options):
                found.append(f"{name}: readability preferred at {n} characters (own {len(text)}, bound {bound})")
                break
    assert exercised >= 10, f"only {exercised} pages where readability is skipped: the contract tests little"
    return found


def readability_bound_mismatches() -> Mismatches:
    """The length of readability's trimmed text (as compare_extraction measures it) <= the bound,
    and <= the lower bound that leaves out the boxes readability deletes (``readability_text_bound``)."""
    found, lowered = [], 0
    for name, _, page in PAGES + UNLIKELY_PAGES:
        tree = parsing.parse_html(page)
        algo_text = trim(etree.tostring(external.try_readability(copy(tree)), method="text", encoding="utf-8").decode())
        bound, text_bound = extraction.readability_bound(tree), extraction.readability_text_bound(tree)
        lowered += text_bound < bound
        if len(algo_text) > bound:
            found.append(f"{name}: readability gave {len(algo_text)} > bound {bound}")
        if len(algo_text) > text_bound:
            found.append(f"{name}: readability gave {len(algo_text)} > the bound without its boxes {text_bound}")
    assert lowered >= 10, f"only {lowered} pages with boxes readability deletes: the contract tests little"
    return found


def unlikely_dropped_mismatches() -> Mismatches:
    """readability with its unlikely boxes deleted our way (``_unlikely_dropped``, shortcuts on)
    against its own ``remove_unlikely_candidates``: the same summary of every page."""
    found = []
    for name, _, page in PAGES + UNLIKELY_PAGES:
        tree = parsing.parse_html(page)
        with shortcuts(False):
            theirs = _xml(external.try_readability(copy(tree)))
        with shortcuts(True):
            ours = _xml(external.try_readability(copy(tree)))
        if theirs != ours:
            found.append(f"{name}: another readability summary")
    return found


# pages where readability keeps nearly all the text beside its deleted boxes: the text of words
# joined across a deleted box, and a box inside a box (counted once)
UNLIKELY_PAGES = [
    ("joined", None, "<html><body><div><p>" + "".join(
        f"word{i}<span class='sponsor'>  ad{i}  </span>tail{i} " for i in range(200)) + "</p></div></body></html>"),
    ("nested", None, "<html><body><div>" + "<p>" + "Story text, long enough, line. " * 20 + "</p>" + "".join(
        f"<div class='sidebar'>side {i}<div id='comment-{i}'>note {i}</div></div>after {i}" for i in range(50))
     + "</div></body></html>"),
]


# pages whose html2txt text comes near the bound: blocks with no whitespace between them (each
# space html2txt writes counts), and text the bound leaves out (scripts, styles) beside text it keeps
TIGHT_PAGES = [
    ("blocks", None, "<html><body>" + "".join(f"<p>w{i}</p><div>x{i}</div>" for i in range(300)) + "</body></html>"),
    ("scripts", None, "<html><head><style>" + "p{}" * 500 + "</style></head><body><p>One line.</p><script>"
     + "var a = 1;" * 500 + "</script><aside>" + "side " * 100 + "</aside><p>Two lines.</p></body></html>"),
]


def page_text_bound_mismatches() -> Mismatches:
    """The length of html2txt's text (the page measure of trafilatura's recall retry) <= the bound
    cleaners.extraction skips it by, on each page as parsed and as trafilatura_sequence measures it."""
    found = []
    for name, _, page in PAGES + TIGHT_PAGES:
        tree = parsing.parse_html(page)
        pruned = core.prune_unwanted_nodes(
            core.prune_unwanted_nodes(copy(tree), core.RAW_TREE_PRUNE_XPATH), core.REMOVE_COMMENTS_AND_LISTS_XPATH
        )
        for label, measured in (("page", tree), ("pruned", pruned)):
            length = len(extraction.html2txt(measured))
            bound = extraction.page_text_bound(measured, extraction.readability_bound(measured))
            if length > bound:
                found.append(f"{name} ({label}): html2txt gave {length} > the bound {bound}")
    return found


def author_mismatches() -> Mismatches:
    """Ours (shortcuts on: not run where no byline can be) against trafilatura's ``extract_author``."""
    found = []
    for name, _, page in PAGES:
        tree = parsing.parse_html(page)
        theirs = extraction.extract_author(tree)
        with shortcuts(True):
            ours = extraction._author_where_found(tree)
        if ours != theirs:
            found.append(f"{name}: author {theirs!r} from trafilatura, {ours!r} from ours")
    return found


DOCUMENTED = {"license": None, "text": "", "raw_text": ""}  # what ours leaves unread
NOT_COMPARED = {"body", "commentsbody"}  # compared as XML


def _document_fields(document: object) -> dict[str, object]:
    fields = {k: getattr(document, k) for k in type(document).__slots__ if k not in NOT_COMPARED}
    return fields | {k: _xml(getattr(document, k)) for k in NOT_COMPARED}


def document_mismatches() -> Mismatches:
    """extract_document (every shortcut) against trafilatura's ``bare_extraction`` with the same
    options, balanced and recall: equal but for the documented fields."""
    found = []
    for name, url, page in PAGES:
        tree = parsing.parse_html(page)
        for recall in (False, True):
            theirs = core.bare_extraction(copy(tree), url=url, options=_options(url, recall))
            ours = extraction.extract_document(copy(tree), url, DATE_PARAMS, favor_recall=recall)
            if (theirs is None) != (ours is None):
                found.append(f"{name} (recall {recall}): a document from only one of them")
                continue
            if theirs is None:
                continue
            expected, got = _document_fields(theirs) | DOCUMENTED, _document_fields(ours)
            differing = sorted(k for k in expected.keys() | got.keys() if expected.get(k) != got.get(k))
            if differing:
                found.append(f"{name} (recall {recall}): {', '.join(differing)} differ")
    return found


def lent_tree_mismatches() -> Mismatches:
    """extract_document given the page's tree itself (bare_extraction's copy of it skipped: the tree
    lent) against trafilatura's ``bare_extraction`` on a copy, balanced then recall on the same
    tree (as the pipeline's retry does): the same document, and the tree as it was."""
    found = []
    for name, url, page in PAGES:
        tree = parsing.parse_html(page)
        before = etree.tostring(tree.getroottree())  # the doctype and what sits outside the root too
        for recall in (False, True):
            theirs = core.bare_extraction(copy(tree), url=url, options=_options(url, recall))
            ours = extraction.extract_document(tree, url, DATE_PARAMS, favor_recall=recall)
            if etree.tostring(tree.getroottree()) != before:
                found.append(f"{name} (recall {recall}): the lent tree changed")
                break
            if (theirs is None) != (ours is None):
                found.append(f"{name} (recall {recall}): a document from only one of them")
            elif theirs is not None and _document_fields(theirs) | DOCUMENTED != _document_fields(ours):
                found.append(f"{name} (recall {recall}): another document")
    return found


XHTML_DOCTYPE = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1.dtd">'
)


def _repair_inputs(page: str) -> list[str]:
    return [page, f"{XHTML_DOCTYPE}\n{page}", f"{XHTML_DOCTYPE}\n<html lang='en' />\n{page}", page + "\x0b\ufffe"]


def repair_mismatches() -> Mismatches:
    """cleaners.parsing.repair_html against trafilatura's ``repair_faulty_html``, each page also
    with a doctype, a self-closing <html/> and characters XML forbids."""
    found = []
    for name, _, page in PAGES:
        for i, text in enumerate(_repair_inputs(page)):
            beginning = text[:50].lower()
            if parsing.repair_html(text, beginning) != trafilatura_utils.repair_faulty_html(text, beginning):
                found.append(f"{name} (variant {i}): not the same string")
    return found


def parse_mismatches() -> Mismatches:
    """cleaners.parsing.parse_html against trafilatura's ``load_html`` (which bare_extraction runs on
    a page given as text): the same tree, serialised, for each page and its repair variants."""
    found = []
    for name, _, page in PAGES:
        for i, text in enumerate(_repair_inputs(page)):
            theirs = trafilatura_utils.load_html(text)
            if theirs is None or etree.tostring(theirs) != etree.tostring(parsing.parse_html(text)):
                found.append(f"{name} (variant {i}): another tree" if theirs is not None else f"{name}: no tree")
    return found


def _switched_expressions() -> dict[str, fast_xpath.SwitchedXPath]:
    """Every trafilatura expression our extraction evaluates its own way, by where it is defined."""
    found: dict[int, tuple[str, fast_xpath.SwitchedXPath]] = {}
    for module_name in trafilatura_contract.XPATH_MODULES:
        for attr, value in vars(importlib.import_module(module_name)).items():
            items = value if isinstance(value, list | tuple) else [value]
            for i, item in enumerate(items):
                if isinstance(item, fast_xpath.SwitchedXPath) and id(item) not in found:
                    found[id(item)] = (f"{module_name}.{attr}" + (f"[{i}]" if items is value else ""), item)
    return dict(found.values())


def _same_result(a: object, b: object) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(x is y or x == y for x, y in zip(a, b, strict=True))
    return a == b


def xpath_mismatches() -> Mismatches:
    """Each switched expression's own evaluation (cleaners.fast_xpath) against trafilatura's XPath,
    from each page's root (tests/test_xpath_python.py: every context, and generated trees)."""
    found, expressions = [], _switched_expressions()
    assert len(expressions) >= 40, f"only {len(expressions)} expressions switched"
    for name, _, page in PAGES:
        tree = parsing.parse_html(page)
        for label, expression in expressions.items():
            if not _same_result(expression.original(tree), expression.fast(tree)):
                found.append(f"{name}: {label} selects otherwise")
    return found


# elements whose link-density answer turns on their text's length: one long link in a short text or
# a long one, many links in a text just under or over what they need to be a farm, a list of links
LINK_PAGES = [
    ("links", None, "<html><body>" + "".join(
        f"<div><p>{'Lead words here. ' * n}<a href='/a{n}'>{'a long link text ' * k}</a>{' and tail' * n}</p></div>"
        for n in (0, 1, 3, 8, 30) for k in (1, 7, 12)) + "".join(
        f"<div>{'Some prose before the links. ' * n}" + "".join(f"<a href='/x{i}'>{'link words ' * k}</a> "
        for i in range(m)) + "</div><div>after</div>"
        for n in (0, 1, 2, 5, 12, 40) for m in (2, 5, 9) for k in (1, 3, 11)) + "<ul>" + "".join(
        f"<li><a href='/l{i}'>item {i}</a></li>" for i in range(12)) + "</ul><p>Closing line.</p></body></html>"),
]


def link_density_mismatches() -> Mismatches:
    """Ours (cleaners.link_density) against trafilatura's ``link_density_test`` on every element of
    each page's cleaned and converted tree, with and without ``favor_precision``: the same answer."""
    found = []
    for name, url, page in PAGES + LINK_PAGES:
        tree, options = parsing.parse_html(page), _options(url)
        cleaned, _ = core._prepare_tree(tree, options, url)
        for element in cleaned.iter():
            for precision in (False, True):
                with shortcuts(False):
                    theirs = htmlprocessing.link_density_test(element, precision)
                with shortcuts(True):
                    ours = htmlprocessing.link_density_test(element, precision)
                if theirs != ours:
                    found.append(f"{name}: <{element.tag}> {theirs} from trafilatura, {ours} from ours")
    return found


CONTRACTS: dict[str, Callable[[], Mismatches]] = {
    XPATHS: xpath_mismatches,
    "trafilatura.metadata.extract_license": document_mismatches,
    "trafilatura.core._extract_and_compare": extract_and_compare_mismatches,
    "trafilatura.external._prefer_readability": prefer_readability_mismatches,
    "trafilatura.external.try_readability": readability_bound_mismatches,
    "trafilatura.readability_lxml": readability_bound_mismatches,
    "trafilatura.readability_lxml.Document.remove_unlikely_candidates": unlikely_dropped_mismatches,
    "trafilatura.baseline.html2txt": page_text_bound_mismatches,
    "trafilatura.core._prepare_tree": prepare_tree_mismatches,
    "trafilatura.external.justext_rescue": prepare_tree_mismatches,
    "trafilatura.external.try_justext": justext_mismatches,
    "justext.core.ParagraphMaker": justext_mismatches,
    "justext.core.classify_paragraphs": justext_mismatches,
    "justext.paragraph.Paragraph": justext_mismatches,
    "justext.utils.normalize_whitespace": spacing_mismatches,
    "trafilatura.baseline._spaced_text": page_text_bound_mismatches,
    "trafilatura.metadata.extract_author": author_mismatches,
    "trafilatura.core.bare_extraction": document_mismatches,
    "trafilatura.xml.xmltotxt": document_mismatches,
    "trafilatura.utils.repair_faulty_html": repair_mismatches,
    "trafilatura.utils.load_html": parse_mismatches,
    "trafilatura.metadata.extract_catstags": document_mismatches,
    "trafilatura.metadata.extract_opengraph": document_mismatches,
    "trafilatura.metadata.examine_meta": document_mismatches,
    "trafilatura.core.trafilatura_sequence": lent_tree_mismatches,
    "trafilatura.core._recall_retry": lent_tree_mismatches,
    "trafilatura.htmlprocessing.prune_unwanted_nodes": lent_tree_mismatches,
    "trafilatura.metadata.extract_metadata": lent_tree_mismatches,
    "htmldate.core.find_date": lent_tree_mismatches,
    "trafilatura.htmlprocessing.link_density_test": link_density_mismatches,
    "trafilatura.htmlprocessing.delete_by_link_density": document_mismatches,
}


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_contract_holds_on_every_fixture_page(name: str) -> None:
    assert CONTRACTS[name]() == [], f"cleancrawl's version of {name} no longer matches trafilatura's"


# --- each contract can fail: altered copies of trafilatura's functions --------------------------


def altered_copy(function: Callable[..., object], old: str, new: str) -> Callable[..., object]:
    """``function`` compiled from its own source with ``old`` replaced by ``new`` (once), in a copy
    of its module's namespace (so the module keeps its own)."""
    source = textwrap.dedent(inspect.getsource(function))
    assert source.count(old) == 1, f"{function.__qualname__}: {old!r} is not in its source once"
    namespace = dict(function.__globals__)
    exec(compile(source.replace(old, new), f"<altered {function.__qualname__}>", "exec"), namespace)
    return namespace[function.__name__]


# contract, where its code looks trafilatura's function up, the change (as an upgrade could make it)
ALTERATIONS = [
    ("trafilatura.core._extract_and_compare", extraction, "_extract_and_compare",
     "compare_extraction(cleaned_tree_backup, copy(tree),", "compare_extraction(cleaned_tree_backup, cleaned_tree,"),
    ("trafilatura.external._prefer_readability", external, "_prefer_readability",
     "(len_algo > 2 * len_text and", "(len_algo > 1.2 * len_text and"),
    ("trafilatura.external.try_readability", external, "try_readability",
     "fromstring_bytes(doc.summary())", "fromstring_bytes(doc.summary().replace('</body>', '<p>VIDEO</p>' * 10**4))"),
    # readability keeping the boxes it deleted (whose text the lower bound leaves out)
    ("trafilatura.readability_lxml", extraction, "_REMOVE_UNLIKELY",
     "        if verdicts[attrs]:", "        if verdicts[attrs] and False:"),
    # readability deleting its unlikely boxes otherwise (cleaners.extraction deletes them its own way)
    ("trafilatura.readability_lxml.Document.remove_unlikely_candidates", extraction, "_REMOVE_UNLIKELY",
     "elem.drop_tree()", "elem.drop_tag()"),
    # a backup that is not the cleaned page (an upgrade that prepares it otherwise)
    ("trafilatura.core._prepare_tree", extraction, "_prepare_tree",
     "backup = copy(cleaned)", "backup = copy(cleaned)\n    backup.append(backup.makeelement('p', {}))"),
    # the page measured without its cleaning (scripts and styles kept), or with wider spacing
    ("trafilatura.baseline.html2txt", extraction, "html2txt",
     "basic_cleaning(body) if clean else body", "body"),
    ("trafilatura.baseline._spaced_text", baseline, "_spaced_text",
     'elem.text = f" {remove_control_characters(elem.text)}" if elem.text else " "',
     'elem.text = f" - {remove_control_characters(elem.text)}" if elem.text else " - "'),
    ("trafilatura.metadata.extract_author", extraction, "extract_author",
     "author = extract_metainfo(subtree, AUTHOR_XPATHS, len_limit=120)",
     "author = extract_metainfo(subtree, AUTHOR_XPATHS, len_limit=120) or tree.findtext('.//title')"),
    ("trafilatura.core.bare_extraction", core, "bare_extraction",
     "document.raw_text = document.text", "document.raw_text = document.text\n"
     "        document.fingerprint = content_fingerprint(document.text)"),
    ("trafilatura.metadata.extract_license", extraction, "extract_metadata",
     "metadata.license = extract_license(tree)", "metadata.license = extract_license(tree)\n"
     "    metadata.sitename = metadata.license or metadata.sitename"),
    # the two that the shortcuts skip (licence, text): an upgrade that gives them a side effect on
    # the tree (pruning a paragraph, emptying the body) must show in the document
    ("trafilatura.metadata.extract_license", extraction, "extract_license",
     "    return None", "    for p in tree.findall('.//p')[:1]:\n        p.getparent().remove(p)\n    return None"),
    ("trafilatura.xml.xmltotxt", extraction, "xmltotxt",
     "process_element(xmloutput, returnlist, include_formatting)",
     "process_element(xmloutput, returnlist, include_formatting)\n    xmloutput.clear()"),
    # an upgrade that changes the raw tree in place after bare_extraction's copy (not a prune)
    ("trafilatura.core.trafilatura_sequence", core, "trafilatura_sequence",
     "is_forum = _forum_thread_page(tree)", "is_forum = _forum_thread_page(tree)\n"
     "    for h1 in tree.iter('h1'):\n        h1.text = 'Breaking'"),
    # an upgrade whose recall escalation changes the tree it re-runs on (the lent one, in place)
    ("trafilatura.core._recall_retry", core, "_recall_retry",
     "    return _extract_and_compare(", "    for footer in esc_tree.findall('.//footer'):\n"
     "        footer.getparent().remove(footer)\n    return _extract_and_compare("),
    # a prune that changes the tree where none of its expressions selects anything (ours then
    # skips it: nothing to prune)
    ("trafilatura.htmlprocessing.prune_unwanted_nodes", extraction, "prune_unwanted_nodes",
     "            for subtree in expression(tree):", "            for p in tree.findall('.//p')[:1]:\n"
     "                p.getparent().remove(p)\n            for subtree in expression(tree):"),
    # an upgrade whose category search changes the tree the tag search reads after it (the
    # original as cleaners.extraction keeps it: its hook calls that one outside our extraction)
    ("trafilatura.metadata.extract_catstags", extraction, "extract_catstags",
     "    return [r for r in dict.fromkeys(", "    for box in tree.findall('.//div[@class=\"tags\"]'):\n"
     "        box.getparent().remove(box)\n    return [r for r in dict.fromkeys("),
    # an upgrade that reads the OpenGraph metas otherwise (cleaners.head_metas keeps a copy)
    ("trafilatura.metadata.extract_opengraph", extraction, "extract_opengraph",
     "result[OG_PROPERTIES[property_name]] = content", "result[OG_PROPERTIES[property_name]] = content.upper()"),
    # an upgrade whose category fallback reads other metas (cleaners.head_metas keeps a copy)
    ("trafilatura.metadata.extract_catstags", extraction, "extract_catstags",
     'contains(@name, "subject")', 'contains(@name, "subject") or @name="keywords"'),
    # an upgrade whose metadata pass or date search changes the tree it reads (the lent one): a
    # paragraph pruned; htmldate's search cleaning the page without its copy of it
    ("trafilatura.metadata.extract_metadata", extraction, "extract_metadata",
     "    metadata = examine_meta(tree)", "    for p in tree.findall('.//p')[:1]:\n"
     "        p.getparent().remove(p)\n    metadata = examine_meta(tree)"),
    ("htmldate.core.find_date", trafilatura_metadata, "find_date",
     "pruning_tree = deepcopy(tree) if isinstance(htmlobject, HtmlElement) else tree", "pruning_tree = tree"),
    # jusText's paragraphs made, classified or read otherwise (trafilatura's try_justext calls them)
    ("trafilatura.external.try_justext", extraction, "try_justext",
     "classify_paragraphs(paragraphs, justext_stoplist, 50, 150, 0.1, 0.2, 0.25, True)",
     "classify_paragraphs(paragraphs, justext_stoplist, 50, 150, 0.1, 0.2, 0.25, False)"),
    ("justext.core.ParagraphMaker", justext_core.ParagraphMaker, "characters",
     "if is_blank(content):", "if is_blank(content) or content.startswith('after'):"),
    ("justext.core.classify_paragraphs", external, "classify_paragraphs",
     "elif length < length_low:", "elif length < 2 * length_low:"),
    ("justext.paragraph.Paragraph", justext_paragraph.Paragraph, "append_text",
     "text = normalize_whitespace(text)", "text = normalize_whitespace(text).upper()"),
    ("justext.utils.normalize_whitespace", justext_utils, "normalize_whitespace",
     "MULTIPLE_WHITESPACE_PATTERN.sub(_replace_whitespace, text)",
     "MULTIPLE_WHITESPACE_PATTERN.sub(_replace_whitespace, text.lstrip())"),
    ("trafilatura.utils.repair_faulty_html", trafilatura_utils, "repair_faulty_html",
     'DOCTYPE_TAG.sub("", firstline, count=1)', "firstline"),
    # a link-density test that weighs a long link or a farm against the text otherwise
    ("trafilatura.htmlprocessing.link_density_test", extraction, "link_density_test",
     "len(link_text) > len(text) * 0.9", "len(link_text) > len(text) * 0.5"),
    ("trafilatura.htmlprocessing.link_density_test", extraction, "link_density_test",
     "linklen > len(text) * LINK_FARM_RATIO", "linklen > len(text) * 0.5"),
    ("trafilatura.utils.load_html", trafilatura_utils, "load_html",
     "htmlobject = repair_faulty_html(htmlobject, beginning)", "pass"),
]


@pytest.mark.parametrize(
    ("contract", "module", "attr", "old", "new"),
    ALTERATIONS,
    ids=[f"{contract.rsplit('.', 1)[1]}-{module.__name__.rsplit('.', 1)[-1]}.{attr}"
         for contract, module, attr, *_ in ALTERATIONS],
)
def test_contract_fails_against_an_altered_trafilatura(
    monkeypatch: pytest.MonkeyPatch, contract: str, module: object, attr: str, old: str, new: str
) -> None:
    monkeypatch.setattr(module, attr, altered_copy(getattr(module, attr), old, new))
    assert CONTRACTS[contract](), f"the {contract} contract passes against a changed {attr}: it tests nothing"


def test_the_xpath_contract_fails_against_an_altered_expression(monkeypatch: pytest.MonkeyPatch) -> None:
    expression = trafilatura.settings.BASIC_CLEAN_XPATH
    assert isinstance(expression, fast_xpath.SwitchedXPath)
    altered = expression.original.path.replace(".//footer|.//script|", "")
    assert altered != expression.original.path
    monkeypatch.setattr(expression, "original", etree.XPath(altered, namespaces={"re": fast_xpath.EXSLT_RE}))
    assert any("BASIC_CLEAN_XPATH" in found for found in xpath_mismatches()), xpath_mismatches()


# --- the recorded sources -----------------------------------------------------------------------


def test_a_contract_page_reaches_the_recall_escalation(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lent tree's contract covers trafilatura's stage 4 (its recall re-run on the tree it was
    given) only if a page gets there: the "escalated" page must, through extract_document."""
    reached: list[str] = []
    retry = core._recall_retry

    def counted(*args: object, **kwargs: object) -> object:
        reached.append("retry")
        return retry(*args, **kwargs)

    monkeypatch.setattr(core, "_recall_retry", counted)
    name, url, page = next(entry for entry in PAGES if entry[0] == "escalated")
    extraction.extract_document(parsing.parse_html(page), url, DATE_PARAMS)
    assert reached == ["retry"], f"{name}: trafilatura's recall escalation was not reached"


def test_every_contract_is_pinned_in_the_table() -> None:
    assert set(CONTRACTS) <= set(trafilatura_contract.RELIED_ON)


def test_the_installed_trafilatura_is_the_one_checked() -> None:
    assert trafilatura_contract.upstream_changes() == [], "\n".join(trafilatura_contract.upstream_changes())


def test_another_version_of_trafilatura_is_named_even_where_no_patched_code_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(trafilatura, "__version__", "2.3.2")
    (message,) = trafilatura_contract.upstream_changes()
    assert "trafilatura 2.3.2 is installed" in message and "checked on 2.3.1" in message
    monkeypatch.setattr(extraction, "_XPATHS_SWITCHED", False)
    with pytest.warns(trafilatura_contract.TrafilaturaChanged, match="2.3.2 is installed"):
        extraction.install()


def test_a_changed_upstream_function_is_named_with_the_version_and_what_to_recheck(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(trafilatura, "__version__", "9.9.9")
    monkeypatch.setattr(extraction, "_extract_and_compare", altered_copy(
        extraction._extract_and_compare, "if not options.fast:", "if options.fast is False:"))
    version, *messages = trafilatura_contract.upstream_changes()
    assert version.startswith("trafilatura 9.9.9 is installed; cleancrawl's patches of it were checked on 2.3.1")
    assert len(messages) == 1
    assert "trafilatura 9.9.9 changed `trafilatura.core._extract_and_compare` which cleancrawl patches" in messages[0]
    assert "re-check cleaners/extraction.py _extract_and_compare_where_needed" in messages[0]
    # the extraction's set-up says so (its first call in a process)
    monkeypatch.setattr(extraction, "_XPATHS_SWITCHED", False)
    with pytest.warns(trafilatura_contract.TrafilaturaChanged) as caught:
        extraction.install()
    said = [str(w.message) for w in caught]
    assert any("9.9.9 is installed" in m for m in said) and any("9.9.9 changed" in m for m in said), said


def test_justext_paragraphs_leave_a_tree_saxify_reads_otherwise_to_justext() -> None:
    """An entity node (or a namespaced tag, or a processing instruction beside the root) is not
    walked as lxml's saxify walks it: no paragraphs, and the hook runs jusText's own."""
    tree = baseline.basic_cleaning(parsing.parse_html(_JUSTEXT_PAGE))
    entity = etree.Entity("amp")
    entity.tail = "entity tail " * 10
    tree.find(".//p").append(entity)
    assert justext_paragraphs.make_paragraphs(deepcopy(tree)) is None
    with shortcuts(False):
        body = external.try_justext(deepcopy(tree), None, None)
    with shortcuts(True):
        assert _xml(external.try_justext(deepcopy(tree), None, None)) == _xml(body)
