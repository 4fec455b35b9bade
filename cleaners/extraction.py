"""trafilatura's extraction with its readability second opinion run only where it can win.

Out of fast mode, trafilatura runs readability-lxml over every page (``compare_extraction`` in
trafilatura/external.py) and takes its output instead of its own in three cases: its own text is
empty, readability's is more than twice as long, or readability's is longer than twice
``min_extracted_size`` while its own result is structurally deficient (no paragraph text, more
tables than paragraphs). Readability's text is made of the page's own text nodes, some dropped,
in document order (plus ``VIDEO`` for a video iframe it keeps), so the page's text, whitespace
collapsed as trafilatura's ``trim`` does, bounds its length from above. When that bound already
rules out all three cases, readability cannot be chosen and running it is wasted, and so is the
copy of the page made for it; on news pages the bound often settles it. Where it does not,
the bound is lowered by the text of the boxes readability deletes before it looks at anything
(``remove_unlikely_candidates``: an element whose class or id reads like a menu, a footer, a
sidebar or comments, its tail kept), found with readability's own expressions: that settles
about two thirds of the remaining pages (62 of 93 on the scrapinghub set). The walk that finds
those boxes reads nothing inside one; readability's own deletion of them, where it runs, is made
from the same walk (``_unlikely_dropped``: the same boxes deleted in the same order; readability
reads every element, those inside the boxes too, and deletes the inner boxes again from a subtree
already out of its page).
The comparison then gets an empty page in place of that copy, so the rest of
``compare_extraction`` (the jusText check, which also decides on the own result) runs as
written, on the same inputs: the result is the one trafilatura would have given, bit for bit.
Fast mode, which skips both and also keeps teaser blocks, costs recall instead: pages whose
article only the second opinion finds come out empty.

The metadata trafilatura reads is all used (cleaners.pipeline ``_fill_metadata``) except the
licence, which its metadata pass looks for last over every link of the page's footer: skipped.
So is its plain-text rendering of the body (``Document.text`` and ``raw_text``, left empty): cleaners.blocks
renders the body's blocks one by one with the same writer.

Before extracting, trafilatura keeps a copy of the cleaned page (``_prepare_tree``) for jusText,
which the comparison runs only on an unclean or short result (about one extraction in twenty).
Inside our extraction that copy is made only then (``_Deferred``): the same cleaning of the same
untouched page, the same tree.

When jusText runs (an unclean or short extraction, or the recall escalation's candidate), its
paragraphs are made and classified without the bookkeeping trafilatura never reads (SAX events for
every element, an XPath string for every paragraph started, each paragraph's text re-made at every
read): cleaners.justext_paragraphs, the same paragraphs, classes and body.

Its author search copies the whole page and prunes the copy before looking for a byline; where
nothing on the page could be one, the answer is None without the copy, and where no pruned
element lies inside the byline it takes, the answer is read off the page itself
(``_author_unpruned``): the copy is made only when the pruning could change the answer.

When an extraction is short (under 3,000 characters), trafilatura measures the whole page's text
(``html2txt``: a copy of the page, pruned and re-spaced, several milliseconds) to see whether the
extraction covers less than a fifth of it, and then retries in recall mode. The readability bound
above, plus one character for each space ``html2txt`` inserts, bounds that measure from above
(``page_text_bound``); where five times the extraction already reaches the bound, the answer is
"no retry" without the measure (about three pages in four of those measured). Where it does not,
the text basic_cleaning would leave, read off the page itself without the copy (``_kept_text``),
bounds the measure from below and above (``_page_text_settled``): that settles most of the rest
(12 of 16 on the scrapinghub set, 90 of 118 on trafilatura's), each as the measure would.

bare_extraction copies the tree it is given before its first look, so that the prunes of
trafilatura_sequence (a comment section, an infinite-scroll box) do not reach the caller's tree;
everything else it does to that tree is reading it or copying it (its metadata pass, htmldate's
date search, the cleaning for the extraction, readability, the baseline, the page-text measure),
but for one write of ours: ``readability_bound`` empties scripts and styles for the time of its
count and puts them back (in a ``finally``), now on the pipeline's tree itself. In balanced mode
that count is made before, on the copy the tree's preparation cleans (``_bound_of_doomed``), whose
scripts and styles the cleaning deletes anyway: emptied there for good.
The pipeline's tree is its own parse, read again only after the extraction: it is lent
(``_Lent``) instead of copied (``_copy_unless_lent``), and copied only where a prune selects
something in it (``_prune_on_copy``: trafilatura goes on with the pruned copy), which few pages
have. A copy and its freeing less per extraction.

Its metadata pass looks for categories and tags with up to ten expressions, tried one after
another until one finds a fitting link, each a walk of the whole page; it only reads the page,
so they are answered from one walk (``_metadata_walking_once``, cleaners.xpath_python.shared_walk),
made at the first of them. Its JSON-LD pass minifies each script without expanding a replacement
template for each whitespace character (``_meta_json_minified``, cleaners.json_ld), and on the
lent tree reads the scripts its caller found (``extract_document``'s ``json_scripts``) instead of
walking the page for them. Its OpenGraph read and its categories' fallback to the section metas
each test every node of the page against an XPath step ``head``: here the page's ``<head>``
elements are found once for both and their metas read below them (cleaners.head_metas).

Its link-density test of each block (``link_density_test``, run by ``delete_by_link_density`` on
every div, list, paragraph, heading and quote) builds and re-spaces the whole text of each element
holding a link to read its length; here the text is read only as far as the test's comparisons
need (cleaners.link_density: the same answer).

All are wired into trafilatura's modules, where its functions look them up
(``_extract_and_compare``: the four lines that run the comparison on a copy of the page;
``extract_license``; ``extract_author``; ``xmltotxt`` as bare_extraction calls it; ``html2txt`` as
trafilatura_sequence calls it; ``_prepare_tree``; ``justext_rescue`` as compare_extraction calls
it; ``try_justext`` as justext_rescue calls it; readability's ``Document.remove_unlikely_candidates``;
``copy``, ``prune_unwanted_nodes`` and ``extract_metadata`` as its core module calls them;
``extract_meta_json``, ``extract_catstags`` as extract_metadata calls them; ``extract_opengraph``
as examine_meta calls it; ``link_density_test`` as delete_by_link_density calls it), but only apply inside
``extract_document``'s call (a context variable says so): every other caller of trafilatura in
the process, the benchmarks' baselines among them, runs its code unchanged.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from copy import copy, deepcopy
from dataclasses import dataclass

from lxml import etree, html
from trafilatura import core, external, htmlprocessing, readability_lxml
from trafilatura import metadata as trafilatura_metadata
from trafilatura.baseline import _BLOCK_ELEMS, html2txt
from trafilatura.core import ESCALATION_PAGE_SHARE, _extract_and_compare, _prepare_tree
from trafilatura.external import compare_extraction, justext_rescue, try_justext
from trafilatura.htmlprocessing import convert_tags, link_density_test, prune_unwanted_nodes
from trafilatura.main_extractor import extract_content
from trafilatura.metadata import (
    extract_author,
    extract_catstags,
    extract_license,
    extract_meta_json,
    extract_metadata,
    extract_opengraph,
)
from trafilatura.settings import Document, Extractor
from trafilatura.xml import delete_element, xmltotxt

from cleaners import (
    fast_xpath,
    head_metas,
    json_ld,
    justext_paragraphs,
    link_density,
    trafilatura_contract,
    xpath_python,
)

# trafilatura's baseline module (its package exports a function of that name)
_BASELINE = importlib.import_module("trafilatura.baseline")

# What trafilatura_contract compares with upstream: the functions as trafilatura defined them
# (looked up when compared: the names below are this module's).
trafilatura_contract.keep_original("trafilatura.core._extract_and_compare", lambda: _extract_and_compare)
trafilatura_contract.keep_original("trafilatura.metadata.extract_author", lambda: extract_author)
trafilatura_contract.keep_original("trafilatura.metadata.extract_license", lambda: extract_license)
trafilatura_contract.keep_original("trafilatura.baseline.html2txt", lambda: html2txt)
trafilatura_contract.keep_original("trafilatura.core._prepare_tree", lambda: _prepare_tree)
trafilatura_contract.keep_original("trafilatura.external.justext_rescue", lambda: justext_rescue)
trafilatura_contract.keep_original("trafilatura.external.try_justext", lambda: try_justext)
trafilatura_contract.keep_original(
    "trafilatura.readability_lxml.Document.remove_unlikely_candidates", lambda: _REMOVE_UNLIKELY)
trafilatura_contract.keep_original("trafilatura.metadata.extract_metadata", lambda: extract_metadata)
trafilatura_contract.keep_original("trafilatura.metadata.extract_meta_json", lambda: extract_meta_json)
trafilatura_contract.keep_original("trafilatura.metadata.extract_opengraph", lambda: extract_opengraph)
trafilatura_contract.keep_original("trafilatura.metadata.extract_catstags", lambda: extract_catstags)
trafilatura_contract.keep_original("trafilatura.htmlprocessing.link_density_test", lambda: link_density_test)

# The length of an element's text, whitespace runs collapsed, in libxml2 (XPath collapses only
# ASCII whitespace, trafilatura's trim also the Unicode spaces: never less than trim's length).
_TEXT_LENGTH = etree.XPath("string-length(normalize-space(.))")
# readability's own deletion of the unlikely boxes (cleaners' _unlikely_dropped runs in its place)
_REMOVE_UNLIKELY = readability_lxml.Document.remove_unlikely_candidates
# readability drops these first (and <fencedframe>, left in: the bound is only higher)
_DROPPED_FIRST = ("script", "style")
# readability writes this into the video iframes it keeps
_VIDEO_TEXT = len("VIDEO")


# Set for the time of extract_document's call: the shortcuts apply (whether readability may run).
_SHORTCUTS: ContextVar[bool] = ContextVar("cleancrawl_extraction_shortcuts", default=False)


@dataclass(frozen=True, slots=True)
class _Measured:
    """What the last comparison of the extraction knew of the raw page: its readability bound
    (None when not computed) and the length of the text the comparison returned."""

    tree: etree._Element
    text_length: int
    bound: int | None
    final: bool = False
    """The extraction's text is that text as far as the page-text measure goes: long enough (or in
    precision mode) that trafilatura's baseline rescue does not replace it before the measure."""


# Set by the comparison (in extract_document's call), read by the page-text measure after it.
_MEASURED: ContextVar[_Measured | None] = ContextVar("cleancrawl_extraction_measured", default=None)


@dataclass(frozen=True, slots=True)
class _Counted:
    """``readability_bound(tree)``, counted on the copy of ``tree`` made for its cleaning."""

    tree: etree._Element
    bound: int


# Set by the tree's preparation (in extract_document's call), read by the comparison after it.
_COUNTED: ContextVar[_Counted | None] = ContextVar("cleancrawl_extraction_counted", default=None)


def readability_bound(tree: etree._Element) -> int:
    """An upper bound of the length of readability's trimmed text for this page: its text,
    scripts and styles aside (emptied for the time of the count, as readability drops them)."""
    with _script_text_emptied(tree) as iframes:
        return int(_TEXT_LENGTH(tree)) + _VIDEO_TEXT * iframes


@contextmanager
def _script_text_emptied(*trees: etree._Element) -> Iterator[int]:
    """The scripts and styles in ``trees`` (each with its subtree) without their text for the time
    of the block (readability drops them first); yields the number of iframes in them (each may
    get readability's ``VIDEO``)."""
    emptied, iframes = [], 0
    for node in (node for tree in trees for node in tree.iter(*_DROPPED_FIRST, "iframe")):
        if node.tag == "iframe":
            iframes += 1
        elif node.text:
            emptied.append((node, node.text))
    for node, _ in emptied:
        node.text = None
    try:
        yield iframes
    finally:
        for node, text in emptied:
            node.text = text


# readability's test of an element's class and id (Document.remove_unlikely_candidates)
_UNLIKELY = readability_lxml.REGEXES["unlikelyCandidatesRe"]
_MAYBE_CANDIDATE = readability_lxml.REGEXES["okMaybeItsACandidateRe"]
# a removed element's text may join the text around it into one word: up to one character less
# of spacing per removed element than counted (two allowed)
_JOIN_SLACK = 2


def _unlikely_boxes(tree: etree._Element) -> Iterator[etree._Element]:
    """The outermost elements readability's ``remove_unlikely_candidates`` deletes from its copy
    of ``tree`` (the same test of the same elements: every element below the root, class and id
    joined, verdicts as it caches them), in document order, found as the walk goes; the elements
    inside a box are not read (the deletion of the box takes them). A walk in Python reading two
    attributes (an XPath for elements with either took three times as long). The caller may
    change texts while it reads, not the tree's structure."""
    verdicts: dict[str, bool] = {}
    walker = etree.iterwalk(tree, events=("start",), tag=etree.Element)
    next(walker)  # the root itself
    for _, element in walker:
        css_class, element_id = element.get("class"), element.get("id")
        if not (css_class or element_id):
            continue
        attributes = f"{css_class} {element_id}" if css_class and element_id else css_class or element_id
        verdict = verdicts.get(attributes)
        if verdict is None:
            low = attributes.lower()
            verdict = verdicts[attributes] = (
                len(attributes) >= 2 and bool(_UNLIKELY.search(low)) and not _MAYBE_CANDIDATE.search(low)
            )
        if verdict and element.tag not in readability_lxml.FRAME_TAGS:
            walker.skip_subtree()
            yield element


def _unlikely_dropped(document: readability_lxml.Document) -> None:
    """readability's ``Document.remove_unlikely_candidates``, the outermost boxes it deletes found by
    ``_unlikely_boxes`` and deleted (``drop_tree``) in the same order, after the walk: readability
    also deletes the boxes inside them, from a subtree already out of its page, and tests every
    element inside them again; its page ends the same."""
    if not _SHORTCUTS.get():
        _REMOVE_UNLIKELY(document)
        return
    for box in list(_unlikely_boxes(document.doc)):
        box.drop_tree()


def readability_text_bound(tree: etree._Element, bound: int | None = None) -> int:
    """``readability_bound`` (``bound`` when the caller has it) less the text of the boxes
    readability deletes before choosing (``_unlikely_boxes``; each box's tail stays, as
    ``drop_tree`` keeps it): a lower upper bound of its text's length."""
    bound = readability_bound(tree) if bound is None else bound
    boxes = list(_unlikely_boxes(tree))
    if not boxes:
        return bound
    with _script_text_emptied(*boxes):  # only the boxes are measured: only their scripts emptied
        deleted = sum(max(0, int(_TEXT_LENGTH(box)) - _JOIN_SLACK) for box in boxes)
    return bound - deleted


def _deficient(body: etree._Element) -> bool:
    """trafilatura's own test for an extraction readability should replace if it is long enough."""
    return not body.xpath(".//p//text()") or len(body.findall(".//table")) > len(body.findall(".//p"))


def readability_may_win(
    raw_tree: etree._Element, body: etree._Element, text_length: int, options: Extractor, bound: int | None = None
) -> bool:
    """False when no output readability could give this page would be preferred to ``body``
    (trafilatura's ``_prefer_readability``, balanced mode: its only conditions). ``bound``:
    ``readability_bound(raw_tree)`` when the caller has it already; where that bound allows a
    win, the lower ``readability_text_bound`` decides."""
    if options.focus != "balanced" or text_length == 0:
        return True
    bound = readability_bound(raw_tree) if bound is None else bound
    if not _may_win_within(bound, body, text_length, options):
        return False
    return _may_win_within_boxes(raw_tree, bound, body, text_length, options)


def _may_win_within_boxes(
    raw_tree: etree._Element, bound: int, body: etree._Element, text_length: int, options: Extractor
) -> bool:
    """``_may_win_within(readability_text_bound(raw_tree, bound), ...)``, the boxes measured one at
    a time as the walk finds them, the walk left as soon as the bound left rules readability out
    (it only falls with each box: the answer is then known)."""
    for box in _unlikely_boxes(raw_tree):
        with _script_text_emptied(box):
            bound -= max(0, int(_TEXT_LENGTH(box)) - _JOIN_SLACK)
        if not _may_win_within(bound, body, text_length, options):
            return False
    return True


def _may_win_within(bound: int, body: etree._Element, text_length: int, options: Extractor) -> bool:
    """Whether a readability text of at most ``bound`` characters could be preferred."""
    if bound > 2 * text_length:
        return True
    return bound > 2 * options.min_extracted_size and _deficient(body)


def _empty_page() -> html.HtmlElement:
    return html.document_fromstring("<html><body></body></html>")


def _extract_and_compare_where_needed(
    cleaned_tree: html.HtmlElement, cleaned_tree_backup: html.HtmlElement, tree: html.HtmlElement, options: Extractor
) -> tuple[etree._Element, str]:
    """trafilatura's ``_extract_and_compare`` (core.py), the copy of ``tree`` for readability
    made only where readability may win."""
    if not _SHORTCUTS.get():
        return _extract_and_compare(cleaned_tree, cleaned_tree_backup, tree, options)
    postbody, temp_text = extract_content(cleaned_tree, options)
    bound = None
    if not options.fast:
        # computed where readability_may_win needs it, kept for the page-text measure after this
        bound = _bound_of(tree) if options.focus == "balanced" and temp_text else None
        # readability finds nothing in the empty page: "not preferred", the rest runs as is
        may_win = readability_may_win(tree, postbody, len(temp_text), options, bound)
        raw_tree = copy(tree) if may_win else _empty_page()
        postbody, temp_text = compare_extraction(cleaned_tree_backup, raw_tree, postbody, temp_text, options)
    final = len(temp_text) >= options.min_extracted_size or options.focus == "precision"
    _MEASURED.set(_Measured(tree, len(temp_text), bound, final))
    return postbody, temp_text


def _bound_of(tree: etree._Element) -> int:
    """``readability_bound(tree)``: as counted by the tree's preparation, when it counted it."""
    counted = _COUNTED.get()
    return counted.bound if counted is not None and counted.tree is tree else readability_bound(tree)


def _bound_of_doomed(tree: etree._Element) -> int:
    """``readability_bound(tree)`` for a tree whose scripts and styles are then deleted (a copy about
    to be cleaned: ``_tree_cleaning`` deletes them first of all it reads, and its iframes): their
    text emptied for good, not read and put back (two fifths of the bound's time)."""
    iframes = 0
    for node in tree.iter(*_DROPPED_FIRST, "iframe"):
        if node.tag == "iframe":
            iframes += 1
        else:
            node.text = None
    return int(_TEXT_LENGTH(tree)) + _VIDEO_TEXT * iframes


def page_text_bound(tree: etree._Element, bound: int) -> int:
    """An upper bound of ``len(html2txt(tree))`` from ``bound``, the tree's ``readability_bound``.
    html2txt's text is that of the first ``<body>`` (else the tree), scripts, styles and a few
    boxes deleted, whitespace collapsed as Python splits (never longer than XPath's collapse
    counted in the bound), with a space written before the text and the tail of each block
    element left (each adds one character at most): the bound plus two per block element."""
    body = tree.find(".//body")
    blocks = sum(1 for _ in (tree if body is None else body).iter(*_BLOCK_ELEMS))
    return bound + 2 * blocks


def _page_text_where_measured(content: html.HtmlElement, clean: bool = True) -> str:
    """trafilatura's ``html2txt``, which trafilatura_sequence calls only to compare its length with
    five times the extraction's (``ESCALATION_PAGE_SHARE``): "" (no retry, as the page's text
    would say) without the copy and walk where the comparison just made on this very tree
    returned a text that already reaches a fifth of ``page_text_bound`` (the extraction only
    grows after it: trafilatura's baseline rescue replaces it by a longer text or not at all);
    else what ``_page_text_settled`` decides from the text basic_cleaning would leave, if it does."""
    measured = _MEASURED.get() if _SHORTCUTS.get() else None
    if not clean or measured is None or measured.tree is not content:
        return html2txt(content, clean)
    if measured.bound is not None and measured.text_length >= ESCALATION_PAGE_SHARE * page_text_bound(
            content, measured.bound):
        return ""
    settled = _page_text_settled(content, measured)
    return html2txt(content, clean) if settled is None else settled


def _page_text_settled(tree: etree._Element, measured: _Measured) -> str | None:
    """What ``_page_text_where_measured`` may return for ``tree`` without html2txt's copy: "" (no
    retry) where the extraction reaches a fifth of an upper bound of html2txt's length, a text
    of a lower bound's length (a retry) where, final, it stays under a fifth of that; else None.
    html2txt's text is ``_kept_text``'s, whitespace collapsed, but for the spaces it writes
    before the text and the tail of each block element, which can only cut words in two (one
    character each at most), and the characters neither printable nor spaces it drops there (none
    may be there: else None)."""
    body = tree.find(".//body")
    body = tree if body is None else body
    if next(body.iter(etree.Comment, etree.ProcessingInstruction, etree.Entity), None) is not None:
        return None  # text the walk of _kept_text does not see
    words = _kept_text(body).split()
    if not "".join(words).isprintable():
        return None
    low = sum(map(len, words)) + max(len(words) - 1, 0)
    high = low + 2 * sum(1 for _ in body.iter(*_BLOCK_ELEMS))
    if measured.text_length >= ESCALATION_PAGE_SHARE * high:
        return ""
    if measured.final and measured.text_length < ESCALATION_PAGE_SHARE * low:
        return " " * low
    return None


def _kept_text(body: etree._Element) -> str:
    """``body``'s text (its string value, as html2txt reads it) once basic_cleaning has deleted the
    elements BASIC_CLEAN_XPATH selects in it, each with its subtree, its tail kept."""
    removed = set(_BASELINE.BASIC_CLEAN_XPATH(body))  # looked up now: fast_xpath rebinds it
    parts: list[str] = []
    walker = etree.iterwalk(body, events=("start", "end"))
    for event, element in walker:
        if event == "start":
            if element in removed:
                walker.skip_subtree()
            elif element.text:
                parts.append(element.text)
        elif element is not body and element.tail:
            parts.append(element.tail)
    return "".join(parts)


# what _bound_of_doomed empties: tree_cleaning deletes it (unless a caller took a tag off its list)
_CLEANING_DELETES = frozenset(_DROPPED_FIRST)
# the roles of an ARIA layout table, which tree_cleaning turns into a <div>
_LAYOUT_ROLES = ("presentation", "none")


def _tree_cleaning(tree: html.HtmlElement, options: Extractor) -> html.HtmlElement:
    """trafilatura's ``tree_cleaning`` (htmlprocessing.py), the same steps on the same tree, but
    its deletions: a walk of the tree for each of MANUALLY_CLEANED's forty-odd tags, here only for
    the tags the tree holds (a dozen at most on the benchmark pages), found in one walk before. A
    tag the tree does not hold then is not made by deleting others: its walk found nothing."""
    htmlprocessing.recover_math(tree)
    cleaning_list, stripping_list = htmlprocessing.MANUALLY_CLEANED.copy(), htmlprocessing.MANUALLY_STRIPPED.copy()
    clean_forms = "form" in cleaning_list
    if clean_forms:
        cleaning_list.remove("form")
    if not options.tables:
        cleaning_list.extend(["table", "td", "th", "tr"])
    else:
        for elem in tree.iter("figure", "table"):
            layout = elem.find(".//table") is not None if elem.tag == "figure" else elem.get("role") in _LAYOUT_ROLES
            if layout:
                elem.tag = "div"
    if options.images:
        cleaning_list = [e for e in cleaning_list if e not in htmlprocessing.PRESERVE_IMG_CLEANING]
        stripping_list.remove("img")
    etree.strip_tags(tree, stripping_list)
    tcopy = None
    if (
        options.focus == "recall"
        and tree.find(".//p") is not None
        and ("p" in cleaning_list
             or not any(next(p.iterancestors(cleaning_list), tree) is tree for p in tree.iter("p")))
    ):
        tcopy = deepcopy(tree)
    held = {element.tag for element in tree.iter(*cleaning_list)} if cleaning_list else set()
    for expression in cleaning_list:
        if expression in held:
            for element in tree.iter(expression):
                delete_element(element)
    if tcopy is not None and tree.find(".//p") is None:
        tree = tcopy
    if clean_forms:
        htmlprocessing._handle_forms(tree)
    return htmlprocessing.prune_html(tree, options.focus)


@dataclass(frozen=True, slots=True)
class _Deferred:
    """The cleaned copy of ``tree`` that ``_prepare_tree`` keeps for jusText, not made yet."""

    tree: html.HtmlElement
    options: Extractor

    def build(self) -> html.HtmlElement:
        return _tree_cleaning(copy(self.tree), self.options)


def _prepare_tree_deferring_backup(
    tree: html.HtmlElement, options: Extractor, url: str | None
) -> tuple[html.HtmlElement, html.HtmlElement | _Deferred]:
    """trafilatura's ``_prepare_tree`` (core.py), its backup copy deferred (``_Deferred``) inside our
    extraction: made by ``_justext_rescue_on_built`` if jusText runs. The raw ``tree`` is not
    changed before that (readability gets a copy), so the later cleaning gives the same tree; with
    comments on (trafilatura_sequence copies the backup itself) it is made now, as trafilatura does."""
    if not _SHORTCUTS.get() or options.comments:
        return _prepare_tree(tree, options, url)
    raw = copy(tree)
    if options.focus == "balanced" and not options.fast and _CLEANING_DELETES.issubset(htmlprocessing.MANUALLY_CLEANED):
        # the comparison's readability bound (balanced mode), counted on this copy before its cleaning
        _COUNTED.set(_Counted(tree, _bound_of_doomed(raw)))
    return convert_tags(_tree_cleaning(raw, options), options, url), _Deferred(tree, options)


def _justext_rescue_on_built(tree: html.HtmlElement | _Deferred, options: Extractor) -> tuple[etree._Element, str]:
    """trafilatura's ``justext_rescue``, given the deferred backup made now."""
    return justext_rescue(tree.build() if isinstance(tree, _Deferred) else tree, options)


def _justext_without_bookkeeping(tree: etree._Element, url: str | None, target_language: str | None) -> etree._Element:
    """trafilatura's ``try_justext`` as its ``justext_rescue`` calls it, jusText's paragraphs made and
    classified without the work trafilatura never reads (cleaners.justext_paragraphs: the same body)."""
    body = justext_paragraphs.try_justext(tree, url, target_language) if _SHORTCUTS.get() else None
    return try_justext(tree, url, target_language) if body is None else body


def _link_density_where_bounded(element: html.HtmlElement, favor_precision: bool = False) -> tuple[bool, bool]:
    """trafilatura's ``link_density_test`` as its ``delete_by_link_density`` calls it, the element's
    text read only as far as the test needs (cleaners.link_density: the same answer)."""
    if not _SHORTCUTS.get():
        return link_density_test(element, favor_precision)
    return link_density.link_density_test(element, favor_precision)


def _license_where_read(tree: html.HtmlElement) -> str | None:
    return None if _SHORTCUTS.get() else extract_license(tree)


def _text_where_read(body: etree._Element | None, include_formatting: bool) -> str:
    return "" if _SHORTCUTS.get() else xmltotxt(body, include_formatting)


def _in_effect(expression: object) -> object:
    """The version of a (switched) expression that a call makes now (``SwitchedXPath.in_effect``)."""
    return expression.in_effect if isinstance(expression, fast_xpath.SwitchedXPath) else expression


def _selects_any(expression: object, tree: etree._Element) -> bool:
    chosen = _in_effect(expression)
    return chosen.selects_any(tree) if isinstance(chosen, xpath_python.Selector) else bool(expression(tree))  # type: ignore[operator]


# The union of the expressions of a list trafilatura prunes with, read as one path (None: not
# read), by their paths: made at the list's first prune.
_UNIONS: dict[tuple[str, ...], xpath_python.Selector | None] = {}


def _selects_any_of(nodelist: list[etree.XPath], tree: etree._Element) -> bool:
    """Whether an expression of ``nodelist`` selects something in ``tree``: in one walk for them
    all where each is evaluated in Python (``xpath_python``) and so is their union (the branches'
    tests per element in one loop; RAW_TREE_PRUNE_XPATH's two expressions walk the same tags),
    else one by one."""
    fast = len(nodelist) > 1 and all(isinstance(_in_effect(e), xpath_python.Selector) for e in nodelist)
    if fast:
        paths = tuple(expression.path for expression in nodelist)
        if paths not in _UNIONS:
            _UNIONS[paths] = xpath_python.compile_path(" | ".join(paths))
        union = _UNIONS[paths]
        if union is not None:
            return union.selects_any(tree)
    return any(_selects_any(expression, tree) for expression in nodelist)


def _author_where_found(tree: html.HtmlElement) -> str | None:
    """trafilatura's ``extract_author``, read off the page itself where its pruning cannot change
    the answer (``_author_unpruned``: None without any copy where nothing on the page could be an
    author, measured 23 of 75 calls on the scrapinghub set, 286 of 542 on trafilatura's evaluation
    set), else run."""
    if not _SHORTCUTS.get():
        return extract_author(tree)
    found = _author_unpruned(tree)
    return extract_author(tree) if found is _PRUNING_MATTERS else found


class _PruningMatters:
    """The answer of ``_author_unpruned`` when the pruned copy might give another author."""


_PRUNING_MATTERS = _PruningMatters()


def _author_unpruned(tree: html.HtmlElement) -> str | _PruningMatters | None:
    """``extract_author(tree)`` without its deep copy of the page, pruned of AUTHOR_DISCARD_XPATHS'
    elements (``delete_element``: each with its subtree, its tail kept), or ``_PRUNING_MATTERS``.
    An AUTHOR_XPATHS expression tests an element's name and attributes, which pruning leaves as they
    are, so in the copy it selects the page's matching elements that are neither pruned nor in a
    pruned element, in the same order; and such an element's text (``itertext``) is the same in the
    copy unless a pruned element is inside it (the pruned element's text goes, its tail joins a
    neighbour; a tail joined to the element's own tail is not its text): then, or where a ``<rel>``
    child's text decides a match (``rel='me'``), or ``tree`` is not its document's root (the ``//``
    expressions search the whole document), the copy is made after all."""
    not_root = tree.getparent() is not None or tree.getroottree().getroot() is not tree
    if not_root or next(tree.iter("rel"), None) is not None:
        return _PRUNING_MATTERS
    pruned: set[etree._Element] | None = None  # looked for at the first candidate
    for expression in trafilatura_metadata.AUTHOR_XPATHS:
        for element in _as_read(expression, tree):
            if pruned is None:
                pruned = {found for discard in trafilatura_metadata.AUTHOR_DISCARD_XPATHS for found in discard(tree)}
            if element in pruned or any(ancestor in pruned for ancestor in element.iterancestors()):
                continue
            if pruned and any(inner in pruned for inner in element.iterdescendants()):
                return _PRUNING_MATTERS
            # extract_metainfo(..., len_limit=120), then extract_author's normalisation
            content = trafilatura_metadata.trim(" ".join(element.itertext()))
            if content and 2 < len(content) < 120:
                return trafilatura_metadata.normalize_authors(None, content)
    return None


def _as_read(expression: object, tree: etree._Element) -> Iterable[etree._Element]:
    """``expression(tree)``'s elements in the same order, found as they are read where the
    expression is a Python walk (``xpath_python.Selector.iterate``): a reader that stops at the
    first it takes (``_author_unpruned``) leaves the rest of the page unwalked."""
    chosen = _in_effect(expression)
    return chosen.iterate(tree) if isinstance(chosen, xpath_python.Selector) else expression(tree)  # type: ignore[operator]


@dataclass(slots=True)
class _Lent:
    """The caller's tree, lent to trafilatura for the time of extract_document's call in place of
    the copy bare_extraction makes of it (``taken``: that copy skipped)."""

    tree: html.HtmlElement
    taken: bool = False
    json_scripts: Sequence[etree._Element] | None = None
    """The tree's scripts trafilatura's JSON-LD pass reads, in page order, when the caller found
    them (``cleaners.metadata.headline_clues``): read instead of looked for again."""


# Set for the time of extract_document's call (shortcuts on): the tree it was given.
_LENT: ContextVar[_Lent | None] = ContextVar("cleancrawl_extraction_lent", default=None)


def _copy_unless_lent(value: object) -> object:
    """``copy`` as trafilatura's core module calls it, but for bare_extraction's copy of the page
    it was given (its first copy of that tree): the tree itself, which the extraction then only
    reads and copies, but for its prunes (``_prune_on_copy``)."""
    lent = _LENT.get()
    if lent is not None and not lent.taken and value is lent.tree:
        lent.taken = True
        return value
    return copy(value)


def _prune_on_copy(tree: html.HtmlElement, nodelist: list[etree.XPath], with_backup: bool = False) -> html.HtmlElement:
    """trafilatura's ``prune_unwanted_nodes`` as its core module calls it, for the lent tree: the
    tree as it is when no expression selects anything (nearly every page), else a copy, pruned
    (trafilatura_sequence goes on with the tree returned)."""
    lent = _LENT.get()
    if lent is None or not lent.taken or tree is not lent.tree:
        return prune_unwanted_nodes(tree, nodelist, with_backup)
    if not _selects_any_of(nodelist, tree):
        return tree
    return prune_unwanted_nodes(copy(tree), nodelist, with_backup)


# trafilatura's category and tag expressions, evaluated from one walk of the page (set up by install)
_CATSTAGS_WALK: fast_xpath.WalkedTogether | None = None


# [the tree extract_metadata reads, its <head> elements once found (head_metas.page_heads)]: set
# for the time of its call (shortcuts on)
_HEADS: ContextVar[list[object] | None] = ContextVar("cleancrawl_extraction_heads", default=None)


def _metadata_walking_once(filecontent: html.HtmlElement, *args: object, **kwargs: object) -> Document:
    """trafilatura's ``extract_metadata`` as bare_extraction calls it, the category and tag
    expressions its ``extract_catstags`` tries one after another (up to ten, a walk of the page
    each) answered from one walk, made at the first of them, and the page's ``<head>`` elements
    found once for its two reads of their metas (``_heads_of``): it only reads the tree (or
    copies it), so that walk and those heads hold for the rest."""
    if not _SHORTCUTS.get():
        return extract_metadata(filecontent, *args, **kwargs)
    heads = _HEADS.set([filecontent])
    try:
        if _CATSTAGS_WALK is None:
            return extract_metadata(filecontent, *args, **kwargs)
        with _CATSTAGS_WALK.over(filecontent):
            return extract_metadata(filecontent, *args, **kwargs)
    finally:
        _HEADS.reset(heads)


def _heads_of(tree: etree._Element) -> list[etree._Element] | None:
    """``head_metas.page_heads(tree)``, found once for the tree extract_metadata reads."""
    current = _HEADS.get()
    if current is None or current[0] is not tree:
        return head_metas.page_heads(tree)
    if len(current) == 1:
        current.append(head_metas.page_heads(tree))
    return current[1]  # type: ignore[return-value]


def _opengraph_without_walk(tree: html.HtmlElement) -> dict[str, str | None]:
    """trafilatura's ``extract_opengraph`` as examine_meta calls it, the metas read below the
    page's ``<head>`` elements instead of by an XPath testing every node (cleaners.head_metas)."""
    if not _SHORTCUTS.get():
        return extract_opengraph(tree)
    return head_metas.extract_opengraph(tree, _heads_of(tree))


def _catstags_without_walk(metatype: str, tree: html.HtmlElement) -> list[str]:
    """trafilatura's ``extract_catstags`` as extract_metadata calls it, its fallback's metas read
    below the page's ``<head>`` elements instead of by an XPath testing every node (cleaners.head_metas)."""
    if not _SHORTCUTS.get():
        return extract_catstags(metatype, tree)
    return head_metas.extract_catstags(metatype, tree, _heads_of(tree))


def _meta_json_minified(tree: html.HtmlElement, metadata: Document) -> Document:
    """trafilatura's ``extract_meta_json`` as its metadata pass calls it, each script minified
    without a template expanded for each match (cleaners.json_ld) where its minifying expression
    is the one checked; on the lent tree, the scripts are those its caller found."""
    if not _SHORTCUTS.get() or trafilatura_metadata.JSON_MINIFY.pattern != json_ld.MINIFY_PATTERN:
        return extract_meta_json(tree, metadata)
    lent = _LENT.get()
    scripts = lent.json_scripts if lent is not None and tree is lent.tree else None
    return json_ld.extract_meta_json(tree, metadata, scripts)


_HOOKS = ((core, "_extract_and_compare", _extract_and_compare, _extract_and_compare_where_needed),
          (trafilatura_metadata, "extract_license", extract_license, _license_where_read),
          (trafilatura_metadata, "extract_author", extract_author, _author_where_found),
          (core, "xmltotxt", xmltotxt, _text_where_read),
          (core, "html2txt", html2txt, _page_text_where_measured),
          (core, "_prepare_tree", _prepare_tree, _prepare_tree_deferring_backup),
          (external, "justext_rescue", justext_rescue, _justext_rescue_on_built),
          (external, "try_justext", try_justext, _justext_without_bookkeeping),
          (readability_lxml.Document, "remove_unlikely_candidates", _REMOVE_UNLIKELY, _unlikely_dropped),
          (core, "copy", copy, _copy_unless_lent),
          (core, "prune_unwanted_nodes", prune_unwanted_nodes, _prune_on_copy),
          (core, "extract_metadata", extract_metadata, _metadata_walking_once),
          (trafilatura_metadata, "extract_meta_json", extract_meta_json, _meta_json_minified),
          (trafilatura_metadata, "extract_opengraph", extract_opengraph, _opengraph_without_walk),
          (trafilatura_metadata, "extract_catstags", extract_catstags, _catstags_without_walk),
          (htmlprocessing, "link_density_test", link_density_test, _link_density_where_bounded))


_XPATHS_SWITCHED = False
# Threads that install at once (a thread pool's first pages) switch the expressions once: two at a
# time split the category and tag expressions between two walks, and the one walk was lost.
_INSTALLING = threading.Lock()


def install() -> None:
    """Route trafilatura's calls through the shortcuts (idempotent). The first call warns
    (TrafilaturaChanged) about any upstream code they rest on that differs from the version they
    were checked on (cleaners.trafilatura_contract)."""
    global _XPATHS_SWITCHED, _CATSTAGS_WALK
    with _INSTALLING:
        if not _XPATHS_SWITCHED:
            trafilatura_contract.check_upstream()
            fast_xpath.install("trafilatura", _SHORTCUTS)
            _CATSTAGS_WALK = fast_xpath.walk_together(
                trafilatura_metadata.CATEGORIES_XPATHS, trafilatura_metadata.TAGS_XPATHS)
            _XPATHS_SWITCHED = True
    for module, name, original, hook in _HOOKS:
        current = getattr(module, name)
        if current is not hook:
            if current is not original:
                raise RuntimeError(f"{module.__name__}.{name} is already replaced by someone else")
            setattr(module, name, hook)


def extract_document(
    tree: html.HtmlElement, url: str | None, date_params: dict[str, object], *, shortcut: bool = True,
    favor_recall: bool = False, json_scripts: Sequence[etree._Element] | None = None,
) -> Document | None:
    """``trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
    date_extraction_params=date_params, favor_recall=favor_recall)`` (tables kept, no
    deduplication), with readability run only where it can win (balanced mode), no licence
    looked for and ``text`` left empty (read ``body``), unless ``shortcut`` is False.
    ``json_scripts``: the tree's ``<script>`` elements of ``cleaners.metadata.JSON_SCRIPT_TYPES``
    (the root aside) in page order, when the caller has them; its metadata pass then reads those
    instead of walking the tree for them (None: it walks)."""
    install()
    options = Extractor(
        output_format="python", comments=False, tables=True, dedup=False, url=url, with_metadata=True,
        date_params=date_params, recall=favor_recall,
    )
    token, measured, counted = _SHORTCUTS.set(shortcut), _MEASURED.set(None), _COUNTED.set(None)
    lent = _LENT.set(_Lent(tree, json_scripts=json_scripts) if shortcut else None)
    try:
        return core.bare_extraction(tree, url=url, options=options)
    finally:
        _LENT.reset(lent)
        _MEASURED.reset(measured)
        _COUNTED.reset(counted)
        _SHORTCUTS.reset(token)
