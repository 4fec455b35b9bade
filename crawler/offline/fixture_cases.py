"""Fixture cases: saved pages with the output ``clean_html`` must give for them.

One case is one folder, ``<fixtures>/<case>/`` (the web-poet layout, flattened):

- ``page.html`` (or ``page.html.gz``): the page as it was saved;
- ``meta.json``: ``{"url": ..., "description": "what this case proves"}``, and ``content_type``
  when the page came with one (an HTTP cache entry, a WARC record: its charset may be there only);
- ``expected.json``: the recorded output (``title``, ``authors``, ``published``, ``language``,
  ``rejected``, and ``text`` as a list of paragraphs so that a changed paragraph is a one-line
  diff in review; a plain string is read too), plus the intent, written by hand:
  ``must_be_article`` (true, or false for a page that must yield no record), ``must_contain``
  and ``must_not_contain``. A snippet is a string, found anywhere in the text,
  ``{"line": "..."}``, a whole paragraph (for junk such as ``Ad`` that is also a substring
  of prose), or, in must_contain only, ``{"once": "..."}``, found exactly once (a duplicate
  dropped, the original kept), or ``{"twice": "..."}``, found exactly twice (a repeat that is
  the text's own, kept). Whitespace runs compare as one space.

The recorded output is rewritten by ``--update`` after review; the intent never is, so a
rule's intent survives harmless changes elsewhere. Imports only the cleaners and the standard
library: no Scrapy, so a page can be checked from the saved file alone.
"""

from __future__ import annotations

import difflib
import gzip
import json
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaners import Article, clean_html
from cleaners.decoding import decode_html
from cleaners.parsing import UnparsableHTML, parse_html

PAGE_NAMES = ("page.html", "page.html.gz")
META_FILE = "meta.json"
EXPECTED_FILE = "expected.json"
RECORDED_KEYS = ("title", "authors", "published", "language", "rejected", "text")
SNIPPET_KEYS = ("must_contain", "must_not_contain")
INTENT_KEYS = ("must_be_article", *SNIPPET_KEYS)
SNIPPET_KINDS = ("line", "once", "twice")
_CASE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_SPACES = re.compile(r"\s+")

Snippet = str | dict[str, str]


class FixtureError(Exception):
    """A case that cannot be read or written; the message names the file and what to do."""


@dataclass(frozen=True, slots=True)
class Case:
    """One fixture case on disk."""

    name: str
    directory: Path
    page_path: Path
    url: str | None
    description: str
    content_type: str | None = None

    @property
    def expected_path(self) -> Path:
        return self.directory / EXPECTED_FILE

    def read_page(self) -> bytes:
        data = self.page_path.read_bytes()
        return gzip.decompress(data) if self.page_path.suffix == ".gz" else data


@dataclass(slots=True)
class CaseResult:
    """How one case fared: the differences from the recorded output and the broken intent."""

    case: Case
    article: Article
    output_diffs: list[str] = field(default_factory=list)
    intent_failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.output_diffs and not self.intent_failures

    def report(self, verdict: str = "FAIL") -> str:
        header = f"{verdict} {self.case.name} ({self.case.directory})"
        return "\n".join([header, *self.output_diffs, *self.intent_failures])


# --- reading cases -------------------------------------------------------------------------


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise FixtureError(f"{path}: missing; every case needs one (see crawler/offline/fixture_cases.py)") from err
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise FixtureError(f"{path}: not readable JSON ({err}); fix or delete the file") from err
    if not isinstance(data, dict):
        raise FixtureError(f"{path}: must hold a JSON object")
    return data


def _page_path(directory: Path) -> Path:
    found = [directory / name for name in PAGE_NAMES if (directory / name).is_file()]
    if not found:
        raise FixtureError(f"{directory}: no page.html or page.html.gz; save the page there")
    if len(found) > 1:
        raise FixtureError(f"{directory}: both page.html and page.html.gz; keep only one")
    return found[0]


def load_case(directory: Path) -> Case:
    """Read one case folder's page location and meta.json."""
    meta = _read_json(directory / META_FILE)
    url = meta.get("url")
    if url is not None and not isinstance(url, str):
        raise FixtureError(f"{directory / META_FILE}: 'url' must be a string or null")
    content_type = meta.get("content_type")
    if content_type is not None and not isinstance(content_type, str):
        raise FixtureError(f"{directory / META_FILE}: 'content_type' must be a string or null")
    return Case(directory.name, directory, _page_path(directory), url, str(meta.get("description", "")), content_type)


def case_directories(root: Path) -> list[Path]:
    """The case folders under ``root``, sorted; folders starting with ``.`` or ``_`` are not cases."""
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def discover_cases(root: Path, names: Sequence[str] = ()) -> list[Case]:
    """Every case under ``root`` (a folder per case, sorted), or only the ``names`` asked for."""
    if not root.is_dir():
        raise FixtureError(f"{root}: no such fixtures folder; pass --dir with the folder of cases")
    if names:
        missing = [n for n in names if not (root / n).is_dir()]
        if missing:
            raise FixtureError(f"{root}: no case named {', '.join(missing)}; the folder names are the cases")
        directories = [root / n for n in names]
    else:
        directories = case_directories(root)
    return [load_case(d) for d in directories]


def load_expected(case: Case) -> dict[str, Any]:
    """The expected.json of a case, with its intent checked for shape."""
    expected = _read_json(case.expected_path)
    if not isinstance(expected.get("must_be_article", False), bool):
        raise FixtureError(f"{case.expected_path}: 'must_be_article' must be true or false")
    for key in SNIPPET_KEYS:
        snippets = expected.get(key, [])
        if not isinstance(snippets, list) or not all(_valid_snippet(s) for s in snippets):
            raise FixtureError(
                f"{case.expected_path}: {key!r} must be a list of strings or of objects with one key,"
                f" {' or '.join(SNIPPET_KINDS)}"
            )
    if any(isinstance(s, dict) and ("once" in s or "twice" in s) for s in expected.get("must_not_contain", [])):
        raise FixtureError(f"{case.expected_path}: 'once'/'twice' snippets belong in must_contain (kept that often)")
    return expected


def _valid_snippet(snippet: object) -> bool:
    if isinstance(snippet, str):
        return bool(snippet.strip())
    if not isinstance(snippet, dict) or len(snippet) != 1:
        return False
    ((kind, text),) = snippet.items()
    return kind in SNIPPET_KINDS and isinstance(text, str) and bool(text.strip())


def _snippet_text(snippet: Snippet) -> str:
    return snippet if isinstance(snippet, str) else next(iter(snippet.values()))


# --- comparing -----------------------------------------------------------------------------


def recorded_output(article: Article) -> dict[str, Any]:
    """What expected.json records for an article: key metadata and the paragraphs."""
    return {
        "title": article.title,
        "authors": list(article.authors),
        "published": article.published,
        "language": article.language,
        "rejected": article.rejected,
        "text": article.paragraphs,
    }


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def as_paragraphs(value: object) -> list[str]:
    if isinstance(value, str):
        return [line for line in value.split("\n") if line]
    return [str(line) for line in value] if isinstance(value, list) else []


def snippet_found(snippet: Snippet, paragraphs: Sequence[str]) -> bool:
    """A string snippet occurs anywhere in the text, a ``line`` one is a whole paragraph, a
    ``once`` one occurs exactly once."""
    normal = [_normal(p) for p in paragraphs]
    needle = _normal(_snippet_text(snippet))
    if isinstance(snippet, dict) and "line" in snippet:
        return needle in normal
    if isinstance(snippet, dict) and "once" in snippet:
        return "\n".join(normal).count(needle) == 1
    if isinstance(snippet, dict) and "twice" in snippet:
        return "\n".join(normal).count(needle) == 2
    return needle in "\n".join(normal)


def _show(snippet: Snippet) -> str:
    return repr(snippet) if isinstance(snippet, str) else f"{next(iter(snippet))} {_snippet_text(snippet)!r}"


def _removed_by(snippet: Snippet, article: Article) -> str:
    needle = _normal(_snippet_text(snippet))
    rules = sorted({b.rule_id for b in article.removed if needle in _normal(b.text)})
    return f" (removed by {', '.join(rules)})" if rules else ""


def check_intent(expected: dict[str, Any], article: Article) -> list[str]:
    """One message per broken intent: a page that should (not) be an article, a must_contain
    snippet missing, a must_not_contain snippet present."""
    failures = _article_failure(expected.get("must_be_article"), article)
    failures += [
        f"  must_contain missing: {_show(s)}{_removed_by(s, article)}"
        for s in expected.get("must_contain", [])
        if not snippet_found(s, article.paragraphs)
    ]
    failures += [
        f"  must_not_contain present: {_show(s)}"
        for s in expected.get("must_not_contain", [])
        if snippet_found(s, article.paragraphs)
    ]
    return failures


def _article_failure(must_be_article: bool | None, article: Article) -> list[str]:
    if must_be_article and article.rejected:
        return [f"  must_be_article: the page was rejected ({article.rejected})"]
    if must_be_article is False and not article.rejected:
        return [f"  must_be_article is false: the page gave a record of {article.word_count} words"]
    return []


def page_text(page: bytes) -> str:
    """All the text of a saved page, tags dropped, for checking that a snippet comes from it."""
    try:
        tree = parse_html(decode_html(page))
    except UnparsableHTML:
        return ""
    return _normal("".join(tree.itertext()))


def vacuous_snippets(expected: dict[str, Any], text_of_page: str) -> list[str]:
    """must_not_contain snippets the page does not hold: they could never fail, so prove nothing."""
    return [
        f"  must_not_contain not in the page at all: {_show(s)}; copy the junk exactly as the page has it"
        for s in expected.get("must_not_contain", [])
        if _normal(_snippet_text(s)) not in text_of_page
    ]


def text_diff(name: str, expected: Sequence[str], actual: Sequence[str]) -> list[str]:
    lines = difflib.unified_diff(
        list(expected), list(actual), f"{name}/expected.json text", f"{name} current output", lineterm=""
    )
    return ["  " + line for line in lines]


def diff_output(case: Case, expected: dict[str, Any], article: Article) -> list[str]:
    """Messages for every recorded field that differs from the current output."""
    actual = recorded_output(article)
    missing = [key for key in RECORDED_KEYS if key not in expected]
    if missing:
        recorded = ", ".join(missing)
        return [f"  not recorded yet: {recorded}; review the output, then run `fixtures check --update`"]
    diffs = [
        f"  {key}: expected {expected[key]!r}, got {actual[key]!r}"
        for key in RECORDED_KEYS
        if key != "text" and expected[key] != actual[key]
    ]
    expected_text = as_paragraphs(expected["text"])
    if expected_text != actual["text"]:
        diffs += text_diff(case.name, expected_text, actual["text"])
    return diffs


RuleFiles = Iterable[str | Path]


# clean_html's (block_model, model_threshold): (None, None) is the default setting.
ModelOptions = tuple[bool | None, float | None]
DEFAULT_MODEL: ModelOptions = (None, None)


def clean_case(case: Case, rule_files: RuleFiles = (), model: ModelOptions = DEFAULT_MODEL) -> Article:
    """The case's page through clean_html, with ``rule_files`` (files or folders, see
    cleaners.ruleset) on top of the built-in rules, and the block model as ``model`` says."""
    return clean_html(case.read_page(), case.url, content_type=case.content_type, rule_files=tuple(rule_files),
                      block_model=model[0], model_threshold=model[1])


def check_case(case: Case, rule_files: RuleFiles = (), model: ModelOptions = DEFAULT_MODEL) -> CaseResult:
    """Run one case through clean_html and compare it with its expected.json."""
    return check_case_against(case, load_expected(case), rule_files, model)


def check_case_against(
    case: Case, expected: dict[str, Any], rule_files: RuleFiles = (), model: ModelOptions = DEFAULT_MODEL
) -> CaseResult:
    page = case.read_page()
    article = clean_case(case, rule_files, model)
    intent = check_intent(expected, article) + vacuous_snippets(expected, page_text(page))
    return CaseResult(case, article, diff_output(case, expected, article), intent)


def removed_report(article: Article) -> list[str]:
    """What each rule removed, in page order: the provenance of a case's output."""
    if not article.removed:
        return ["  (no rule removed anything)"]
    return [
        f"  [{b.rule_id}{'' if b.score is None else f' {b.score:.3f}'} / {b.stage}] {b.text[:160]}"
        for b in article.removed
    ]


# --- writing cases -------------------------------------------------------------------------


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_expected(case: Case, article: Article, intent: dict[str, Any]) -> None:
    """Record the article as the case's expected output, keeping the hand-written intent."""
    data: dict[str, Any] = recorded_output(article)
    if "must_be_article" in intent:
        data["must_be_article"] = intent["must_be_article"]
    for key in SNIPPET_KEYS:
        data[key] = list(intent.get(key, []))
    _write_json(case.expected_path, data)


def update_case(case: Case, rule_files: RuleFiles = (), model: ModelOptions = DEFAULT_MODEL) -> CaseResult:
    """Record the current output of a case unless its intent fails (then nothing is written)."""
    expected = load_expected(case) if case.expected_path.exists() else {}
    result = check_case_against(case, expected, rule_files, model)
    if not result.intent_failures and result.output_diffs:
        write_expected(case, result.article, {k: expected[k] for k in INTENT_KEYS if k in expected})
    return result


def add_case(
    root: Path,
    page: Path | bytes,
    name: str,
    url: str | None,
    description: str = "",
    *,
    content_type: str | None = None,
    rule_files: RuleFiles = (),
    model: ModelOptions = DEFAULT_MODEL,
) -> Case:
    """Save a page (a file, or the bytes of a page from an HTTP cache or a WARC record) as a new
    case, recording its current output as the expected one and every intent key, for the
    author to edit: ``must_be_article`` as the page fares now, ``must_contain`` and
    ``must_not_contain`` empty. ``model`` is the block-model setting the output is cleaned with
    (``fixtures check`` must then be run with the same)."""
    if not _CASE_NAME.match(name):
        raise FixtureError(f"case name {name!r}: use lowercase letters, digits, '.', '-', '_'")
    if isinstance(page, Path) and not page.is_file():
        raise FixtureError(f"{page}: no such file; pass the saved page to add")
    directory = root / name
    if directory.exists():
        raise FixtureError(f"{directory}: the case exists already; pick another --name or delete it")
    directory.mkdir(parents=True)
    if isinstance(page, Path):
        page_name = "page.html.gz" if page.suffix == ".gz" else "page.html"
        shutil.copyfile(page, directory / page_name)
    else:
        (directory / "page.html").write_bytes(page)
    meta: dict[str, Any] = {"url": url, "description": description}
    if content_type:
        meta["content_type"] = content_type
    _write_json(directory / META_FILE, meta)
    case = load_case(directory)
    article = clean_case(case, rule_files, model)
    write_expected(case, article, {"must_be_article": article.rejected is None})
    return case
