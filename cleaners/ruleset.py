"""Junk rules as data: load TOML rule files, validate them, and pick the rules for a page.

A rule file holds ``[[dom]]`` rules (CSS or XPath selectors whose nodes are dropped before
extraction) and ``[[text]]`` rules (applied to the extracted paragraphs). Built-in files live in
``cleaners/rules/``; ``cleaners/rules/sites/<domain>.toml`` adds rules for one site and its
subdomains; users pass more files by path. A user file may carry ``domains = [...]`` to apply
only to those sites and ``disable = [rule ids]`` to switch built-in rules off.

A user file named like a built-in one (``50-ads.toml``) REPLACES it rather than being added after
it: that is how an edited copy of a built-in file is tried (a rule deleted in the copy is gone,
not kept from the original). A folder stands for its ``*.toml`` files, sorted, and its
``sites/<domain>.toml`` files replace the bundled site files of the same name: a checkout's
``cleaners/rules/`` passed as one folder is that checkout's rules (``checkout_rules_dir``).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from cssselect import GenericTranslator, SelectorError
from lxml import etree

from cleaners.safe_regex import compile_rule_pattern

# Through importlib.resources, not __file__: deployed to scrapyd, the package is inside a zipped egg.
RULES_DIR: Traversable = files("cleaners") / "rules"
SITES_DIR = RULES_DIR / "sites"
TEXT_KINDS = (
    "line", "line-with-list", "heading-block", "cut-after", "credit-with-caption", "duplicate", "repeated-caption",
    "title-repeat", "link-list-block", "teaser-links", "figure-caption", "dangling-heading",
    "link-trail", "outside-container-tail", "labelled-teaser", "label-block",
    "share-bar", "breadcrumb", "taxonomy-links", "own-address",
    # by shape, any language (cleaners/shape_rules.py)
    "bracketed-note", "count-widget", "network-prompt", "date-line", "lone-link", "category-line",
    "breadcrumb-line",
    # by a class's multilingual words, any wording (cleaners/label_rules.py)
    "comment-label", "ad-label", "like-label", "share-label", "related-label",
    # by the concepts a sentence joins, any language (cleaners/concept_rules.py)
    "concept-note",
    # widgets in a run between paragraphs, after every other rule (cleaners/shape_rules.py)
    "shape-cluster",
    # a short line read by the learned wording table, after every other rule (cleaners/wording_model.py)
    "wording-model",
)
PATTERN_KINDS = ("line", "line-with-list", "heading-block", "cut-after", "credit-with-caption", "label-block")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_SIMPLE_CSS = re.compile(r"^([a-zA-Z][a-zA-Z0-9]*)?(?:\.([\w-]+)|#([\w-]+))?$")
_FILE_KEYS = {"dom", "text", "domains", "disable"}
_DOM_KEYS = {"id", "description", "css", "xpath", "keep_tail", "max_page_share"}
_TEXT_KEYS = {"id", "description", "kind", "pattern", "max_words", "min_position", "requires", "blocks"}
# The block kinds of cleaners/blocks.py. A text rule touches prose unless it names others: code
# lines and table rows are the page's data (an HTTP header, a price row), never junk by wording.
BLOCK_KINDS = ("p", "head", "item", "quote", "code", "row")
# A rule file is a few KB (the largest built-in one is under 30 KB); a bigger one is refused
# before it is parsed, so a wrong file passed as rules (a 100 MB dump) cannot eat memory and time.
MAX_RULE_FILE_BYTES = 1024 * 1024
DEFAULT_BLOCKS = ("p", "head", "item", "quote")


class RuleFileError(ValueError):
    """A rule file that cannot be used; the message names the file, the rule and the fault."""

    def __init__(self, path: Path | str, problem: str, rule_id: str | None = None) -> None:
        where = f"{path}: rule {rule_id!r}" if rule_id else str(path)
        super().__init__(f"{where}: {problem}")
        self.path, self.rule_id, self.problem = str(path), rule_id, problem


class RuleRunError(RuleFileError):
    """A DOM rule that raised (or selected something other than elements) on a page, although it
    passed the load-time trial: a configuration error, not a fault of the page. ``clean`` stops
    on it; a crawl stops with exit 2 (crawler/components/pipelines.py), so the page is never marked done."""

    def __reduce__(self) -> tuple:  # raised in a cleaning worker, re-raised in the crawl: picklable
        return (type(self), (self.path, self.problem, self.rule_id))


# The small page every XPath of a DOM rule is tried on at load time, parsed as pages are (lxml.html,
# no namespaces): an expression that cannot run on it (an undefined prefix such as ``re:``, an
# unknown function, a variable) or that gives no node-set (``count(//p)``) is refused there, with
# the file and the rule named, instead of failing on every page of a crawl.
_TRIAL_PAGE = (
    "<html><head><title>Trial</title><meta name='description' content='d'></head><body>"
    "<header id='top' class='site-header'><nav><a href='/'>Home</a></nav></header>"
    "<article class='post'><h1>Title</h1><p>Some <b>text</b> <a href='/x'>link</a>.</p>"
    "<figure><img src='/i.png' alt='i'><figcaption>Caption</figcaption></figure>"
    "<ul><li>One</li></ul><div class='share' data-x='1'><span>Share</span></div></article>"
    "<aside id='side'><section><h2>More</h2></section></aside><footer><p>Footer</p></footer>"
    "</body></html>"
)
_XPATH_HINT = (
    "DOM rules run as plain XPath 1.0 on the page's HTML: no namespace prefixes (re:, exslt:) and no "
    "variables; use contains(), starts-with() or a CSS selector"
)


@lru_cache(maxsize=1)
def _trial_tree() -> etree._Element:
    from lxml import html

    return html.fromstring(_TRIAL_PAGE)


def _result_kind(result: object) -> str:
    if isinstance(result, bool):
        return "a boolean"
    if isinstance(result, int | float):
        return "a number"
    if isinstance(result, str):
        return "a string"
    return type(result).__name__


def select_elements(xpath: etree.XPath, tree: etree._Element) -> list[etree._Element]:
    """What a DOM rule's XPath selects on ``tree``; a ValueError saying why when it cannot run
    there, gives no node-set, or selects text or attributes instead of elements."""
    try:
        result = xpath(tree)
    except etree.XPathError as err:
        raise ValueError(f"XPath {xpath.path!r} cannot run: {err} ({_XPATH_HINT})") from None
    if not isinstance(result, list):
        raise ValueError(
            f"XPath {xpath.path!r} gives {_result_kind(result)} ({result!r}), not elements: "
            "a DOM rule must select the elements to drop"
        )
    others = [r for r in result if not isinstance(r, etree._Element)]
    if others:
        raise ValueError(
            f"XPath {xpath.path!r} selects text or attributes ({str(others[0])[:40]!r}), not elements: "
            "a DOM rule must select the elements to drop"
        )
    return result


def _compiled_xpath(expr: str, path: Path, rule_id: str) -> etree.XPath:
    """``expr`` compiled as it will run (no namespaces, no extensions) and tried on a small page."""
    try:
        compiled = etree.XPath(expr)
    except etree.XPathSyntaxError as err:
        raise RuleFileError(path, f"bad XPath {expr!r}: {err}", rule_id) from err
    try:
        select_elements(compiled, _trial_tree())
    except ValueError as err:
        raise RuleFileError(path, str(err), rule_id) from None
    return compiled


@dataclass(frozen=True, slots=True)
class SimpleSelector:
    """``tag``, ``.class``, ``#id`` or ``tag.class`` / ``tag#id``: matched in one pass over the
    tree instead of one XPath scan per selector, which is what keeps DOM rules nearly free."""

    tag: str | None
    css_class: str | None
    element_id: str | None


@dataclass(frozen=True, slots=True)
class DomRule:
    """Drop every node its selectors match, before trafilatura sees the tree."""

    id: str
    description: str
    simple: tuple[SimpleSelector, ...]
    xpath: etree.XPath | None
    source: str
    max_page_share: float | None = None
    """At most this share of the page's text (characters) may go by this rule on one page, all its
    nodes together; a page where they hold more keeps them all (what a rule takes for a side note
    is then how the page prints its text). None: no bound but the per-node one."""


@dataclass(frozen=True, slots=True)
class TextRule:
    """Act on extracted paragraphs.

    ``line``: drop a paragraph the pattern matches from its start (``re.match``; patterns are
    case-sensitive unless they say ``(?i)``; write ``$`` to demand the whole line) and that has
    at most ``max_words`` words. ``heading-block``: like ``line``, plus the teaser headlines
    and list items right under the heading. ``cut-after``: like ``line``, and everything after
    it goes too, but only when the match lies at or after ``min_position`` (share of
    paragraphs). ``duplicate``: drop exact repeats of an earlier paragraph.
    ``repeated-caption``: drop a short paragraph and the next one when the second repeats the
    first (caption then caption with credit, an embed title then its caption).
    ``title-repeat``: drop the page title repeated at the top of the body.
    ``credit-with-caption``: like ``line`` for a photo credit, plus the short caption above it.
    ``line-with-list``: like ``line``, plus the list items of links right under it.
    ``link-list-block``: two or more list items that each start with a link, at or after
    ``min_position``. ``labelled-teaser``: 'Label: <one same-site link>', any wording.
    ``label-block``: a label line the pattern matches, at or after ``min_position`` (of the words), and the
    short lines or links under it (a contact block, a list of further links). A ``line`` rule
    with ``min_position`` looks only at or after it.

    ``blocks`` names the block kinds the rule may remove (default: ``p``, ``head``, ``item``,
    ``quote``; code lines and table rows only when named).
    """

    id: str
    description: str
    kind: str
    pattern: re.Pattern[str] | None
    max_words: int
    min_position: float
    source: str
    blocks: frozenset[str] = frozenset(DEFAULT_BLOCKS)


@dataclass(frozen=True, slots=True)
class RuleFile:
    path: str
    dom: tuple[DomRule, ...]
    text: tuple[TextRule, ...]
    domains: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The rules that apply to one page, in the order they run."""

    dom: tuple[DomRule, ...] = field(default=())
    text: tuple[TextRule, ...] = field(default=())

    def describe(self) -> dict[str, str]:
        return {rule.id: rule.description for rule in (*self.dom, *self.text)}


def _css_to_xpath(selector: str, path: Path, rule_id: str) -> str:
    try:
        return GenericTranslator().css_to_xpath(selector)
    except SelectorError as err:
        raise RuleFileError(path, f"bad CSS selector {selector!r}: {err}", rule_id) from err


def _as_list(value: object, key: str, path: Path, rule_id: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) and v for v in value):
        return value
    raise RuleFileError(path, f"{key!r} must be a string or a list of non-empty strings", rule_id)


def _common_fields(raw: dict, allowed: set[str], path: Path, index: int, table: str) -> tuple[str, str]:
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise RuleFileError(
            path, f"[[{table}]] number {index + 1} needs an 'id' of lowercase letters, digits, '.', '-', '_'"
        )
    unknown = set(raw) - allowed
    if unknown:
        raise RuleFileError(path, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}", rule_id)
    description = raw.get("description")
    if not isinstance(description, str) or not description.strip():
        raise RuleFileError(path, "needs a one-line 'description'", rule_id)
    return rule_id, description.strip()


def _simple_selector(selector: str) -> SimpleSelector | None:
    match = _SIMPLE_CSS.match(selector.strip())
    if not match or not any(match.groups()):
        return None
    tag, css_class, element_id = match.groups()
    return SimpleSelector(tag.lower() if tag else None, css_class, element_id)


def _dom_rule(raw: dict, path: Path, index: int) -> DomRule:
    rule_id, description = _common_fields(raw, _DOM_KEYS, path, index, "dom")
    if "css" not in raw and "xpath" not in raw:
        raise RuleFileError(path, "needs 'css' or 'xpath' (or both)", rule_id)
    simple: list[SimpleSelector] = []
    exprs: list[str] = []
    for selector in _as_list(raw.get("css", []), "css", path, rule_id) if "css" in raw else []:
        fast = _simple_selector(selector)
        if fast:
            simple.append(fast)
        else:
            exprs.append(_css_to_xpath(selector, path, rule_id))
    exprs += _as_list(raw["xpath"], "xpath", path, rule_id) if "xpath" in raw else []
    compiled = None
    if exprs:
        for expr in exprs:  # each on its own first: the message names the faulty one
            _compiled_xpath(expr, path, rule_id)
        compiled = _compiled_xpath(" | ".join(exprs), path, rule_id)
    share = raw.get("max_page_share")
    if share is not None and (isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share <= 1):
        raise RuleFileError(path, f"'max_page_share' must be a number above 0 and at most 1, not {share!r}", rule_id)
    return DomRule(rule_id, description, tuple(simple), compiled, str(path), None if share is None else float(share))


def _text_rule(raw: dict, path: Path, index: int) -> TextRule:
    rule_id, description = _common_fields(raw, _TEXT_KEYS, path, index, "text")
    kind = raw.get("kind", "line")
    if kind not in TEXT_KINDS:
        raise RuleFileError(path, f"kind {kind!r} is not one of {list(TEXT_KINDS)}", rule_id)
    pattern = None
    if kind in PATTERN_KINDS:
        if not isinstance(raw.get("pattern"), str):
            raise RuleFileError(path, f"kind {kind!r} needs a 'pattern' (a regular expression)", rule_id)
        try:
            pattern = compile_rule_pattern(raw["pattern"], path, rule_id)
        except re.error as err:
            raise RuleFileError(path, f"bad pattern: {err}", rule_id) from err
    elif "pattern" in raw:
        raise RuleFileError(path, f"kind {kind!r} takes no 'pattern'", rule_id)
    max_words = raw.get("max_words", 40)
    if not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1:
        raise RuleFileError(path, "'max_words' must be a positive whole number", rule_id)
    min_position = raw.get("min_position", 0.0)
    if not isinstance(min_position, int | float) or not 0.0 <= min_position <= 1.0:
        raise RuleFileError(path, "'min_position' must be a number from 0 to 1", rule_id)
    blocks = raw.get("blocks", list(DEFAULT_BLOCKS))
    if not isinstance(blocks, list) or not blocks or any(b not in BLOCK_KINDS for b in blocks):
        raise RuleFileError(path, f"'blocks' must be a non-empty list of {list(BLOCK_KINDS)}", rule_id)
    return TextRule(
        rule_id, description, kind, pattern, max_words, float(min_position), str(path), frozenset(blocks)
    )


def _domain_list(raw: object, path: Path) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(d, str) and d for d in raw):
        raise RuleFileError(path, "'domains' must be a list of host names")
    return tuple(d.lower().lstrip(".") for d in raw)


@lru_cache(maxsize=256)
def load_rule_file(path: str | Path | Traversable) -> RuleFile:
    """Read and validate one rule file; cached, since rule files do not change during a run."""
    path = path if isinstance(path, Traversable) else Path(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_RULE_FILE_BYTES + 1)
        if len(data) > MAX_RULE_FILE_BYTES:
            raise RuleFileError(path, f"larger than {MAX_RULE_FILE_BYTES // 1024} KiB: not a rule file (split it)")
        raw = tomllib.loads(data.decode("utf-8"))
    except FileNotFoundError as err:
        raise RuleFileError(path, "no such rule file") from err
    except (OSError, UnicodeDecodeError) as err:
        raise RuleFileError(path, f"cannot read: {err}") from err
    except tomllib.TOMLDecodeError as err:
        raise RuleFileError(path, f"not valid TOML: {err}") from err
    unknown = set(raw) - _FILE_KEYS
    if unknown:
        raise RuleFileError(path, f"unknown top-level key(s) {sorted(unknown)}; allowed: {sorted(_FILE_KEYS)}")
    for table in ("dom", "text"):
        if not isinstance(raw.get(table, []), list):
            raise RuleFileError(path, f"'{table}' must be an array of tables: write [[{table}]]")
    dom = tuple(_dom_rule(r, path, i) for i, r in enumerate(raw.get("dom", [])))
    text = tuple(_text_rule(r, path, i) for i, r in enumerate(raw.get("text", [])))
    seen: set[str] = set()
    for rule in (*dom, *text):
        if rule.id in seen:
            raise RuleFileError(path, "the same id is used twice in this file", rule.id)
        seen.add(rule.id)
    disable = raw.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(d, str) for d in disable):
        raise RuleFileError(path, "'disable' must be a list of rule ids")
    return RuleFile(str(path), dom, text, _domain_list(raw.get("domains"), path), tuple(disable))


@lru_cache(maxsize=1)
def _builtin_rule_files() -> tuple[Traversable, ...]:
    return tuple(sorted((p for p in RULES_DIR.iterdir() if p.name.endswith(".toml")), key=lambda p: p.name))


def builtin_rule_files() -> list[Traversable]:
    return list(_builtin_rule_files())


def site_rule_file(host: str | None) -> list[Traversable]:
    """The bundled site files for a host: ``sites/example.com.toml`` covers ``www.example.com``."""
    if not host:
        return []
    parts = host.lower().split(".")
    candidates = [".".join(parts[i:]) for i in range(len(parts) - 1)]
    return [SITES_DIR / f"{c}.toml" for c in candidates if (SITES_DIR / f"{c}.toml").is_file()]


def _host_matches(host: str | None, domains: Sequence[str]) -> bool:
    if not domains:
        return True
    if not host:
        return False
    host = host.lower()
    return any(host == d or host.endswith("." + d) for d in domains)


def _folder_files(folder: Path, host: str | None) -> tuple[list[Path], list[Path]]:
    """A rules folder's own files, sorted, and those of its ``sites/`` that cover ``host``."""
    own = sorted(p for p in folder.iterdir() if p.name.endswith(".toml") and p.is_file())
    sites = folder / "sites"
    site = []
    if host and sites.is_dir():
        parts = host.split(".")
        site = [sites / f"{c}.toml" for c in (".".join(parts[i:]) for i in range(len(parts) - 1))]
        site = [p for p in site if p.is_file()]
    return own, site


def rule_file_paths(host: str | None = None, extra_files: Iterable[str | Path] = ()) -> list[Path | Traversable]:
    """The rule files a page on ``host`` uses, in the order they apply: the built-in ones (each
    replaced by a user file or a folder's file of the same name), the site's, then the other
    user files. Folders in ``extra_files`` stand for their files (see the module docstring)."""
    base: dict[str, Path | Traversable] = {p.name: p for p in builtin_rule_files()}
    sites: dict[str, Path | Traversable] = {p.name: p for p in site_rule_file(host)}
    added: list[Path] = []
    for entry in map(Path, extra_files):
        if entry.is_dir():  # a rules folder: its files join (or replace) the base, so that a
            own, site = _folder_files(entry, host)  # later copy of one of them replaces it too
            base.update((p.name, p) for p in own)
            sites.update((p.name, p) for p in site)
        elif entry.name in base:
            base[entry.name] = entry
        else:
            added.append(entry)
    return [*base.values(), *sites.values(), *added]


def rule_file_digest(path: Path | Traversable) -> str:
    """A short sha256 of a rule file's bytes: which version of the file a run used."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return "unreadable"


def describe_rule_files(host: str | None = None, extra_files: Iterable[str | Path] = ()) -> list[dict[str, str]]:
    """``{"path", "sha256", "origin"}`` for every rule file in use (``origin``: ``built-in`` or
    ``given``), so that a check or a review says which rules it ran."""
    builtin = {str(p) for p in (*builtin_rule_files(), *site_rule_file(host))}
    return [
        {"path": str(p), "sha256": rule_file_digest(p), "origin": "built-in" if str(p) in builtin else "given"}
        for p in rule_file_paths(host, extra_files)
    ]


def checkout_rules_dir(start: str | Path | None = None) -> Path | None:
    """``cleaners/rules/`` of the cleancrawl checkout ``start`` (default: the current folder) is
    in, when that is not the installed package's own folder; else None.

    Run inside a clone, a check must use the rules being edited there, not those of whatever
    cleancrawl is installed (another clone, a wheel): a new rule would otherwise pass silently.
    A checkout is a folder, ``start`` or one above it, holding ``cleaners/rules/`` and a
    ``pyproject.toml`` that names the project cleancrawl."""
    folder = Path(start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        rules = candidate / "cleaners" / "rules"
        if rules.is_dir() and _names_cleancrawl(candidate / "pyproject.toml"):
            installed = Path(str(RULES_DIR)).resolve() if isinstance(RULES_DIR, Path) else None
            return None if installed is not None and rules.resolve() == installed else rules
    return None


def _names_cleancrawl(pyproject: Path) -> bool:
    try:
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(project, dict) and project.get("name") == "cleancrawl"


@lru_cache(maxsize=1024)
def _ruleset_for(host: str | None, extra: tuple[str, ...]) -> RuleSet:
    files = [load_rule_file(p) for p in rule_file_paths(host, extra)]
    files = [f for f in files if _host_matches(host, f.domains)]
    disabled = {rule_id for f in files for rule_id in f.disable}
    dom: dict[str, DomRule] = {}
    text: dict[str, TextRule] = {}
    for f in files:  # later files override earlier rules with the same id
        dom.update((r.id, r) for r in f.dom)
        text.update((r.id, r) for r in f.text)
    return RuleSet(
        tuple(r for r in dom.values() if r.id not in disabled),
        tuple(r for r in text.values() if r.id not in disabled),
    )


def rules_for(host: str | None = None, extra_files: Iterable[str | Path] = ()) -> RuleSet:
    """The rules for a page on ``host``: built-in, then the site's own, then the user's files."""
    return _ruleset_for(host.lower() if host else None, tuple(str(Path(p)) for p in extra_files))


def validate_rule_files(paths: Iterable[str | Path]) -> list[RuleFile]:
    """Load every file now, so a broken rule file stops a run before any page is read. A folder
    stands for its files (its ``sites/`` ones included)."""
    files: list[str] = []
    for path in map(Path, paths):
        if path.is_dir():
            own = sorted(p for p in path.iterdir() if p.name.endswith(".toml") and p.is_file())
            sites = path / "sites"
            own += sorted(sites.glob("*.toml")) if sites.is_dir() else []
            if not own:
                raise RuleFileError(path, "a folder of rules with no .toml file in it")
            files += map(str, own)
        else:
            files.append(str(path))
    return [load_rule_file(p) for p in files]
