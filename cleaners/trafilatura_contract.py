"""The trafilatura code cleancrawl patches, wraps or re-implements, pinned to the version it was checked on.

cleaners.extraction replaces eight of trafilatura's functions in its modules (``_extract_and_compare``,
``extract_license``, ``extract_author``, ``xmltotxt``, ``html2txt`` where its length is bounded,
``_prepare_tree`` and ``justext_rescue`` to defer a copy, ``try_justext`` to make jusText's paragraphs
without its bookkeeping: cleaners.justext_paragraphs, copies of it and of jusText's paragraph maker
and classification; and readability's ``Document.remove_unlikely_candidates``, its boxes found
by the walk of ``_unlikely_boxes``), and the ``copy`` and ``prune_unwanted_nodes``
its core module calls (bare_extraction's copy of the page skipped) and the ``extract_metadata`` it
calls (its category and tag expressions answered from one walk) and the ``extract_meta_json`` that
calls (cleaners.json_ld: a copy of it and of ``normalize_json``, each script minified without a
replacement template), and the ``extract_catstags`` it calls and the ``extract_opengraph`` its
``examine_meta`` calls (cleaners.head_metas: copies of them, the page's head metas read below its
``<head>`` elements), and the ``link_density_test`` its ``delete_by_link_density`` calls
(cleaners.link_density: a copy of it, the element's text read only as far as needed), and
re-implements another's test
(``_prefer_readability``) and copies ``tree_cleaning``, its deletion walks only for the tags there;
cleaners.parsing re-implements ``repair_faulty_html`` and
builds the tree ``load_html`` would;
cleaners.fast_xpath and cleaners.xpath_python evaluate trafilatura's module-level XPath expressions
in Python. Each is equivalent to trafilatura's code as it is in ``CHECKED_VERSION``
(tests/test_trafilatura_contract.py runs both on every fixture page; tests/test_xpath_python.py the
expressions). ``RELIED_ON`` records a hash of the source of each upstream function (or module,
or the set of XPath expressions) that equivalence rests on; ``upstream_changes`` names those a
newer trafilatura changed, and ``check_upstream`` (run when the extraction is set up) warns about
them, so an upgrade says what to re-check rather than quietly changing or breaking the output.

After re-checking a change (and the contract tests passing), record the new hashes:
``python -c "from cleaners import trafilatura_contract as c; print(c.table())"`` prints them.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import warnings
from collections.abc import Callable
from typing import NamedTuple

import trafilatura
from lxml import etree

CHECKED_VERSION = "2.3.1"
XPATHS = "trafilatura module-level XPath expressions"
# the modules whose module-level XPath expressions cleaners.fast_xpath swaps
XPATH_MODULES = (
    "trafilatura.baseline", "trafilatura.core", "trafilatura.external", "trafilatura.htmlprocessing",
    "trafilatura.main_extractor", "trafilatura.metadata", "trafilatura.settings", "trafilatura.xpaths",
)


class Reliance(NamedTuple):
    """One piece of upstream code: the hash of its source as checked, and what of ours rests on it."""

    digest: str
    ours: str


RELIED_ON: dict[str, Reliance] = {
    "trafilatura.core._extract_and_compare": Reliance(
        "f7d056c2118222e8", "cleaners/extraction.py _extract_and_compare_where_needed (a copy of it)"),
    "trafilatura.core.trafilatura_sequence": Reliance(
        "f03dc4d2946dacbd", "cleaners/extraction.py install (replaces the _extract_and_compare and html2txt it "
        "calls), _page_text_where_measured (only the length of html2txt's text is read, against five times the "
        "extraction, which only grows after _extract_and_compare), _copy_unless_lent and _prune_on_copy (the tree it "
        "is given only pruned, then read or copied)"),
    "trafilatura.core._recall_retry": Reliance(
        "59594c39714f57be", "cleaners/extraction.py _copy_unless_lent and _prune_on_copy (trafilatura_sequence's "
        "stage 4 re-runs the extraction on the tree it was given, the lent one: only read, or copied, there too)"),
    "trafilatura.core.bare_extraction": Reliance(
        "2e57adb3062086f9", "cleaners/extraction.py _text_where_read (Document.text and raw_text left empty), "
        "_copy_unless_lent (its copy of the tree it is given skipped: the first copy of that tree)"),
    "trafilatura.external._prefer_readability": Reliance(
        "f6ee688e9ae60074", "cleaners/extraction.py readability_may_win, _deficient (its conditions re-written)"),
    "trafilatura.external.compare_extraction": Reliance(
        "2d3d1ffea3ba469f", "cleaners/extraction.py _extract_and_compare_where_needed (an empty page for readability)"),
    "trafilatura.external.try_readability": Reliance(
        "538e3c8e5ab7e4d4", "cleaners/extraction.py readability_bound (bounds its text's length)"),
    "trafilatura.readability_lxml": Reliance(
        "d308e782a00344fd", "cleaners/extraction.py readability_bound (drops script/style, writes VIDEO), "
        "_unlikely_boxes (remove_unlikely_candidates: its test of class and id, re-written)"),
    "trafilatura.readability_lxml.Document.remove_unlikely_candidates": Reliance(
        "6ef38c8475242af9", "cleaners/extraction.py _unlikely_dropped (the outermost boxes found by _unlikely_boxes, "
        "deleted in the same order after the walk)"),
    "trafilatura.utils.trim": Reliance(
        "b82ffd884c0dc230", "cleaners/extraction.py readability_bound (its whitespace collapse)"),
    "trafilatura.core._prepare_tree": Reliance(
        "9595f0642825c2c7", "cleaners/extraction.py _prepare_tree_deferring_backup (a copy of it, backup deferred)"),
    "trafilatura.htmlprocessing.tree_cleaning": Reliance(
        "828e83a7393082de", "cleaners/extraction.py _tree_cleaning (a copy of it, walking only for the tags the tree "
        "holds)"),
    "trafilatura.external.justext_rescue": Reliance(
        "43d803082a76d38a", "cleaners/extraction.py _justext_rescue_on_built (the only reader of the deferred backup)"),
    "trafilatura.external.try_justext": Reliance(
        "6f0fa6cffc365def", "cleaners/justext_paragraphs.py try_justext (a copy of it, jusText's paragraphs made and "
        "classified there), hooked by cleaners/extraction.py _justext_without_bookkeeping"),
    "justext.core.ParagraphMaker": Reliance(
        "b41fe77fbc5b6a64", "cleaners/justext_paragraphs.py make_paragraphs, _Maker (its handler code, fed "
        "saxify's events by a walk of ours, the path a chain of names)"),
    "justext.core.classify_paragraphs": Reliance(
        "37149c0348a99b3c", "cleaners/justext_paragraphs.py classify_paragraphs (a copy of it with "
        "trafilatura's arguments, each text read once)"),
    "justext.paragraph.Paragraph": Reliance(
        "638810ac2d88e31c", "cleaners/justext_paragraphs.py Paragraph (its text made once, when closed; its "
        "truth its text's length)"),
    "justext.utils.normalize_whitespace": Reliance(
        "9bffba6a89181d2c", "cleaners/justext_paragraphs.py spaced (the same spacing by str.split where no run holds a "
        "line break)"),
    "trafilatura.baseline.html2txt": Reliance(
        "a8c97eab2097c57d", "cleaners/extraction.py page_text_bound, _page_text_where_measured (bounds its length)"),
    "trafilatura.baseline._spaced_text": Reliance(
        "d04314f988c6afae", "cleaners/extraction.py page_text_bound (one space before each block's text and tail)"),
    "trafilatura.metadata.extract_metadata": Reliance(
        "40ba8cda7a32c71a", "cleaners/extraction.py install (replaces the extract_author, extract_license it calls), "
        "_copy_unless_lent (it only reads the lent tree, or copies it), _metadata_walking_once (the tree unchanged "
        "from its first call of a category or tag expression to its last)"),
    "trafilatura.metadata.extract_meta_json": Reliance(
        "f4232983df26bffd", "cleaners/json_ld.py extract_meta_json (a copy of it, a script's HTML character "
        "references read; its JSON_MINIFY checked against "
        "json_ld.MINIFY_PATTERN when called, by cleaners/extraction.py _meta_json_minified)"),
    "trafilatura.json_metadata.normalize_json": Reliance(
        "0de27e0e4bdaf2f2", "cleaners/json_ld.py normalized (a copy of it, surrogates dropped only where there are "
        "some)"),
    "trafilatura.metadata.extract_catstags": Reliance(
        "3f8fb883298aab2e", "cleaners/extraction.py _metadata_walking_once (it calls its expressions one after "
        "another with the tree, and changes nothing in it meanwhile); cleaners/head_metas.py extract_catstags (a "
        "copy of it, its fallback's XPath read below the page's heads)"),
    "trafilatura.metadata.extract_opengraph": Reliance(
        "89aedc122ad1074e", "cleaners/head_metas.py extract_opengraph (a copy of it, its XPath read below the "
        "page's heads)"),
    "trafilatura.metadata.examine_meta": Reliance(
        "c9ce5fa107b6421a", "cleaners/extraction.py _opengraph_without_walk (it calls extract_opengraph with the "
        "tree extract_metadata reads, which it only reads)"),
    "trafilatura.htmlprocessing.prune_unwanted_nodes": Reliance(
        "4731f8e24ef86449", "cleaners/extraction.py _prune_on_copy (a tree no expression selects in is left as it is; "
        "else the lent tree is copied, then pruned)"),
    "htmldate.core.find_date": Reliance(
        "dc635ec48332f635", "cleaners/extraction.py _copy_unless_lent (it deep-copies a tree it is given before "
        "pruning it)"),
    "trafilatura.metadata.extract_author": Reliance(
        "e356580cb8515cbb", "cleaners/extraction.py _author_where_found, _author_unpruned (its search and "
        "normalisation re-written, on the page itself)"),
    "trafilatura.metadata.extract_metainfo": Reliance(
        "a93943e7782f221a", "cleaners/extraction.py _author_unpruned (its loop re-written: the first result "
        "whose trimmed text fits)"),
    "trafilatura.xml.delete_element": Reliance(
        "76e448c154eb43ba", "cleaners/extraction.py _author_unpruned (a pruned element goes with its subtree; "
        "its tail joins its previous sibling's tail or its parent's text; no other element changes)"),
    "trafilatura.metadata.extract_license": Reliance(
        "325f32c77557da67", "cleaners/extraction.py _license_where_read (not run: licence left None)"),
    "trafilatura.xml.xmltotxt": Reliance(
        "61e912d41ea49c05", "cleaners/extraction.py _text_where_read (not run: text and raw_text left empty)"),
    "trafilatura.utils.repair_faulty_html": Reliance(
        "7e68c7a3cb24910c", "cleaners/parsing.py repair_html (a copy of it)"),
    "trafilatura.utils.load_html": Reliance(
        "bc0039c89805dea3", "cleaners/parsing.py parse_html (the tree it would build, parsed our way)"),
    "trafilatura.htmlprocessing.link_density_test": Reliance(
        "0b3d71f252bf1963", "cleaners/link_density.py link_density_test (a copy of it, the element's text read only "
        "as far as its comparisons need), hooked by cleaners/extraction.py _link_density_where_bounded"),
    "trafilatura.htmlprocessing.delete_by_link_density": Reliance(
        "306ab5a31636cd08", "cleaners/extraction.py _link_density_where_bounded (it calls link_density_test from "
        "its module with an element and favor_precision, and only reads the answer)"),
    XPATHS: Reliance("b899c058cb47bf71", "cleaners/xpath_python.py, cleaners/fast_xpath.py (evaluated in Python)"),
}


class TrafilaturaChanged(UserWarning):
    """trafilatura's code that cleancrawl patches differs from the version it was checked on."""


# The originals of the functions cleaners.extraction rebinds in trafilatura's modules, by dotted
# name, registered by that module when it is imported (``keep_original``): registered rather than
# fetched from it, so this module does not import the one that imports it. Before it is imported,
# trafilatura's own attribute is the original.
_ORIGINALS: dict[str, Callable[[], object]] = {}


def keep_original(name: str, original: Callable[[], object]) -> None:
    """Record how to get what trafilatura defines under ``name`` (before it is rebound): a getter,
    read at each check, so the original kept in the registering module is what is compared."""
    _ORIGINALS[name] = original


def _resolve(name: str) -> object:
    """The module, or module attribute, a dotted name stands for, as trafilatura defines it."""
    if name in _ORIGINALS:
        return _ORIGINALS[name]()
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError:
        module_name, _, attr = name.rpartition(".")
        return getattr(importlib.import_module(module_name), attr)


def _xpath_paths() -> list[str]:
    """Every distinct module-level XPath expression of trafilatura (as trafilatura wrote it)."""
    paths: set[str] = set()
    for module_name in XPATH_MODULES:
        for value in vars(importlib.import_module(module_name)).values():
            for item in value if isinstance(value, list | tuple) else [value]:
                item = getattr(item, "original", item)  # cleaners.fast_xpath.SwitchedXPath
                if isinstance(item, etree.XPath):
                    paths.add(item.path)
    return sorted(paths)


def source_digest(name: str) -> str:
    """The hash of the source of the upstream code ``name`` stands for (``XPATHS``: the expressions)."""
    text = "\n".join(_xpath_paths()) if name == XPATHS else inspect.getsource(_resolve(name))  # type: ignore[arg-type]
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def upstream_changes() -> list[str]:
    """One message for each piece of upstream code that differs from its recorded hash (or is gone),
    after one naming the installed version when it is not the one checked (a patch release changes
    code too: 2.3.0 -> 2.3.1 changed xpaths.py)."""
    version = getattr(trafilatura, "__version__", "?")
    messages = []
    if version != CHECKED_VERSION:
        messages.append(
            f"trafilatura {version} is installed; cleancrawl's patches of it were checked on {CHECKED_VERSION}: "
            "run tests/test_trafilatura_contract.py, then set CHECKED_VERSION in cleaners/trafilatura_contract.py"
        )
    for name, reliance in RELIED_ON.items():
        try:
            digest = source_digest(name)
        except (AttributeError, ImportError, OSError, TypeError) as err:
            digest = f"unreadable ({err})"
        if digest != reliance.digest:
            messages.append(
                f"trafilatura {version} changed `{name}` which cleancrawl patches (checked on {CHECKED_VERSION}): "
                f"re-check {reliance.ours}, run tests/test_trafilatura_contract.py, then record the new hash "
                "in cleaners/trafilatura_contract.py"
            )
    return messages


def check_upstream() -> list[str]:
    """Warn (TrafilaturaChanged) about every piece of patched upstream code that changed; the messages."""
    messages = upstream_changes()
    for message in messages:
        warnings.warn(message, TrafilaturaChanged, stacklevel=2)
    return messages


def table() -> str:
    """The installed trafilatura's hashes, one line each, in RELIED_ON's order (to record them)."""
    return "\n".join(f"{source_digest(name)}  {name}" for name in RELIED_ON)
