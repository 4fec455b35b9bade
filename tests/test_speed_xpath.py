"""cleaners.fast_xpath and cleaners.regex_literals: trafilatura's expressions, made cheaper,
select the same nodes; the literals read off a pattern are in every match of it."""

from __future__ import annotations

import _sre
import re
import sys
from pathlib import Path
from re._casefix import _EXTRA_CASES

import pytest
import trafilatura
from lxml import etree

from cleaners import extraction, fast_xpath
from cleaners.parsing import parse_html
from cleaners.pipeline import DATE_PARAMS
from cleaners.regex_literals import _FOLD_AFTER_LOWER, fold, required_literals

FIXTURES = Path(__file__).parent / "fixtures"
# attribute values built to sit on each side of trafilatura's tests: a token alone, inside a
# longer word, at the start (its patterns anchor some with ^), in capitals, and missing
VALUES = ["", "comments", "comment-list", "post-comments x", "xcomments", "Comments", "share-buttons",
          "hidden", "x hidden", "hide-print", "author-name", "AuthorName", "byline", "Byline", "footer",
          "infinite-scroll", "mvp-post-add-box", "cookie-consent", "COOKIE", "tags", "post-meta",
          "entry-title", "headline", "sidebar", "display:none", "social", "related-posts"]


def _crafted_page() -> str:
    blocks = []
    for i, value in enumerate(VALUES):
        for tag in ("div", "section", "p", "span", "a", "ul", "aside", "h1"):
            blocks.append(f'<{tag} class="{value}" id="{VALUES[-1 - i]}" style="{value}">{tag} {i}</{tag}>')
            blocks.append(f'<{tag} id="{value}">only id {i}</{tag}>')
    return "<html><body><article>" + "".join(blocks) + "</article></body></html>"


def _switched() -> list[tuple[str, fast_xpath.SwitchedXPath]]:
    extraction.install()
    found: dict[int, tuple[str, fast_xpath.SwitchedXPath]] = {}
    for name, module in list(sys.modules.items()):
        if module is not None and name.startswith("trafilatura"):
            for attr, value in vars(module).items():
                for item in value if isinstance(value, list | tuple) else [value]:
                    if isinstance(item, fast_xpath.SwitchedXPath):
                        found[id(item)] = (f"{name}.{attr}", item)
    return list(found.values())


def test_trafilatura_expressions_are_switched() -> None:
    names = {name for name, _ in _switched()}
    assert "trafilatura.core.RAW_TREE_PRUNE_XPATH" in names
    assert len(names) >= 10


@pytest.mark.parametrize("page", ["crafted", *sorted(p.name for p in FIXTURES.iterdir() if (p / "page.html").exists())])
def test_rewrites_select_the_same_nodes(page: str) -> None:
    html = _crafted_page() if page == "crafted" else (FIXTURES / page / "page.html").read_text(encoding="utf-8")
    tree = parse_html(html)
    for name, expression in _switched():
        original, fast = expression.original(tree), expression.fast(tree)
        assert len(original) == len(fast) and all(a is b for a, b in zip(original, fast, strict=True)), name
    assert any(expression.original(tree) for _, expression in _switched()) or page != "crafted"


def test_only_our_extraction_uses_the_rewrites(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    _, expression = next(item for item in _switched() if item[0] == "trafilatura.core.RAW_TREE_PRUNE_XPATH")
    fast = expression.fast
    monkeypatch.setattr(expression, "fast", lambda tree: calls.append(1) or fast(tree))
    page = "<html><body><article><p>" + "A sentence of the article. " * 40 + "</p></article></body></html>"
    trafilatura.bare_extraction(page, with_metadata=True)
    assert calls == []
    extraction.extract_document(parse_html(page), None, DATE_PARAMS)
    assert calls


def test_a_test_that_cannot_be_read_is_left_as_it_is() -> None:
    assert fast_xpath.rewrite(".//*[re:test(text(), 'x')]") is None
    assert fast_xpath.rewrite(".//*[re:test(@class, 'share')]") == (
        ".//*[((contains(string(@class), 'share')) and re:test(string(@class), 'share'))]"
    )
    # a pattern that matches "" keeps the elements without the attribute
    assert "and" not in fast_xpath.rewrite(".//*[re:test(@class, '^(?:x)?')]")
    tree = etree.fromstring("<r><a/><b class='y'/></r>")
    path = fast_xpath.rewrite(".//*[re:test(@class, '^(?:x)?')]")
    rewritten = etree.XPath(path, namespaces={"re": fast_xpath.EXSLT_RE})
    assert len(rewritten(tree)) == 2


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"^hide-|comments-title| hidden", {"hide-", "comments-title", " hidden"}),
        (r"[Aa]uthor|writer", {"uthor", "writer"}),
        (r"(^|\s)bottom|bottom(\s|$)", {"bottom"}),
        (r"x(?:ab)+y?", {"ab"}),
    ],
)
def test_literals_of_a_pattern(pattern: str, literals: set[str]) -> None:
    assert required_literals(pattern) == (frozenset(literals), False)


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"^[^.]{10,200}\s\[(?:NEWS|VIDEO)\]\s*$", {"[NEWS]", "[VIDEO]"}),
        (r"(?:notas|noticias)\ relacionad[oa]s", {"notas relacionados", "notas relacionadas", "noticias relacionados",
                                                 "noticias relacionadas"}),
        (r"consider\ support(?:ing)?\ our\b", {"consider support our", "consider supporting our"}),
        # a part that is not fixed strings ends a run: each side is a run of its own
        (r"sign\ up\b\w*\ for\ (?:our|the)", {" for our", " for the"}),
        (r"x(?:ab)?", {"x"}),
        # past JOINED_MAX_STRINGS, a new run starts: the longest of the runs
        ("(?:" + "|".join(f"{c}a" for c in "bcdefghij") + ")(?:" + "|".join(f"{c}z" for c in "klmnopqrs") + ")",
         {f"{c}a" for c in "bcdefghij"}),
    ],
)
def test_joined_literals_of_a_pattern(pattern: str, literals: set[str]) -> None:
    assert required_literals(pattern, joined=True) == (frozenset(literals), False)


def test_joined_literals_under_ignorecase_are_folded_and_joined() -> None:
    literals, folded = required_literals(r"(?i)^share\ (?:this|on)|tweet", ignorecase=True, joined=True)
    assert folded and literals == {"share this", "share on", "tweet"}
    # not folded (a cased letter under IGNORECASE): only the uncased space is sure
    assert required_literals(r"(?i)^share\ (?:this|on)", joined=True) == (frozenset({" "}), False)


@pytest.mark.parametrize("pattern", [r"\w+", r"a|\d", r"(?:ab)?c?", r"(?i:share)", r"(?=ab)\w"])
def test_no_literals_where_a_match_may_lack_them(pattern: str) -> None:
    assert required_literals(pattern) is None


def test_case_insensitive_literals_are_folded() -> None:
    literals, folded = required_literals(r"(?i)^share\ (?:this|on)|tweet", ignorecase=True)
    assert folded and literals == {"share ", "tweet"}
    assert any(lit in fold("ſHARE ON Facebook") for lit in literals) == bool(re.match(r"(?i)share on", "ſHARE ON"))


FOLDED_TEXTS = [
    "Caf\u00e9 \u201cquoted\u201d", "\u017fHARE \u0130stanbul \u03a3\u038a\u03a3\u03a5\u03a6\u039f\u03a3 \u00b5",
    "\u00c9t\u00e9 \u0131\u0130 \ufb06", "plain ascii",
]


@pytest.mark.parametrize("text", FOLDED_TEXTS)
def test_fold_of_a_text_is_its_lowering_translated(text: str) -> None:
    """fold translates only the texts that hold a character its table maps: the same text."""
    assert fold(text) == text.replace("\u0130", "i").lower().translate(_FOLD_AFTER_LOWER)


def test_fold_is_the_case_folding_of_re() -> None:
    """re.IGNORECASE compares simple lowercase mappings, a few classes of them as one: fold must
    give every code point its class's one member, or a case-insensitive prefilter could miss."""
    for code in range(sys.maxunicode + 1):
        lower = _sre.unicode_tolower(code)
        expected = chr(min((lower, *_EXTRA_CASES.get(lower, ()))))
        assert fold(chr(code)) == expected, hex(code)
