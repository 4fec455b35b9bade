"""``cleancrawl fixtures``: check saved pages against their expected output, record, add cases.

The rules a check uses are the ones being edited: run inside a cleancrawl checkout that is not
where the package is installed from (another clone, a wheel), ``check`` and ``add`` use that
checkout's ``cleaners/rules/`` and say so; every run names the rule files it loaded, each with a
short sha256. ``--rules`` puts more files or folders on top (a file named like a built-in one
replaces it).

``add`` takes a page from a saved file, from a WARC file (``--url`` picks the record), or by URL
from the HTTP cache of a crawl run with ``-s HTTPCACHE_ENABLED=1`` (Scrapy's
``FilesystemCacheStorage``: ``<HTTPCACHE_DIR>/<spider>/<fp[:2]>/<fp>/`` where ``fp`` is the
request fingerprint of the URL, files gzipped when ``HTTPCACHE_GZIP`` is on, as in our settings).
"""

from __future__ import annotations

import argparse
import ast
import gzip
import sys
import zlib
from pathlib import Path
from typing import Any

from cleaners import RuleFileError, validate_rule_files
from cleaners.pipeline import MAX_PAGE_BYTES
from cleaners.ruleset import describe_rule_files
from crawler.cli.common import (
    UsageError,
    add_model_arguments,
    answers_usage_errors,
    check_inputs,
    check_output,
    model_options,
    write_text_atomic,
)
from crawler.cli.outputs import output_problem
from crawler.offline.fixture_cases import (
    CaseResult,
    FixtureError,
    add_case,
    as_paragraphs,
    check_case,
    discover_cases,
    load_expected,
    removed_report,
    update_case,
)
from crawler.offline.page_cleaning import base_rules, rule_file_lines
from crawler.offline.page_inputs import read_limited, read_warc
from output.record import make_record
from output.run_diff import word_diff

DEFAULT_DIR = Path("tests/fixtures")
_GZIP_MAGIC = b"\x1f\x8b"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "fixtures",
        help="check the saved pages in tests/fixtures against their expected output",
        description="Each case is a folder with page.html, meta.json and expected.json. Inside a cleancrawl "
        "checkout the checkout's cleaners/rules/ are used, not the installed package's.",
    )
    actions = parser.add_subparsers(dest="fixtures_command", required=True, metavar="ACTION")

    check = actions.add_parser("check", help="run every case and show what differs from expected.json")
    check.add_argument("cases", nargs="*", metavar="CASE", help="only these cases (folder names)")
    check.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder of cases (default: %(default)s)")
    check.add_argument(
        "--update",
        action="store_true",
        help="after review: record the current output in expected.json (must_be_article, "
        "must_contain and must_not_contain stay as written; a case that breaks them is not written)",
    )
    check.add_argument("--show-removed", action="store_true", help="print what each rule removed per case")
    check.add_argument("--html", type=Path, metavar="FILE", help="also write the failing cases as an HTML review")
    _rules_option(check)
    add_model_arguments(check)

    add = actions.add_parser("add", help="save a page as a new case, with its current output as expected")
    add.add_argument(
        "source",
        metavar="SOURCE",
        help="the saved page (.html or .html.gz), a WARC file (with --url: the record), or the URL of a page "
        "in the HTTP cache of a crawl run with -s HTTPCACHE_ENABLED=1",
    )
    add.add_argument("--name", required=True, help="the case name: the folder it goes in")
    add.add_argument("--url", help="the page's URL (picks the site rules); for a WARC file, the record's")
    add.add_argument("--description", default="", help="what this case proves")
    add.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder of cases (default: %(default)s)")
    add.add_argument(
        "--cache-dir",
        type=Path,
        help="the HTTP cache folder (HTTPCACHE_DIR; default: where Scrapy puts it, .scrapy/httpcache)",
    )
    _rules_option(add)
    add_model_arguments(add)
    parser.set_defaults(run=run)


def _rules_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="PATH",
        help="rule file or folder on top of the built-in rules (repeatable; a file named like a built-in "
        "one replaces it)",
    )


def _check_paths(args: argparse.Namespace) -> None:
    """``check --html FILE`` must not overwrite or land among the cases or rules it reads, and
    must be writable; ``add`` writes a new case folder, which must not be the page it copies.
    The cases folder, the page and the rules must exist. All before any work (exit 2)."""
    if args.fixtures_command == "add":
        local_source = [] if "://" in args.source else [args.source]
        check_inputs([*args.rules, *local_source])
        case, inputs = args.dir / args.name, [*local_source, *args.rules]
        if args.dir.is_dir():
            check_output(case, inputs, "--dir/--name", folder=True)
        elif problem := output_problem(case, inputs, "--dir/--name", folder=True):  # a new --dir: made with the case
            raise UsageError(problem)
        return
    check_inputs([args.dir, *args.rules])
    check_output(args.html, [args.dir, *args.rules], "--html")


@answers_usage_errors("fixtures")
def run(args: argparse.Namespace) -> int:
    _check_paths(args)
    try:
        base, note = base_rules()
        rule_files = [*base, *args.rules]
        validate_rule_files(rule_files)
        if note:
            print(note)
        print("rules:\n" + "\n".join(rule_file_lines(describe_rule_files(None, rule_files))))
        if args.fixtures_command == "add":
            return _add(args, rule_files)
        return _check(args, rule_files)
    except (FixtureError, RuleFileError) as err:
        raise UsageError(str(err)) from None


# --- add -----------------------------------------------------------------------------------------


def _add(args: argparse.Namespace, rule_files: list[str]) -> int:
    source = args.source
    content_type = None
    url = args.url
    page: Path | bytes
    if source.startswith(("http://", "https://")):
        page, content_type, url = cached_page(source, args.cache_dir)
        print(f"from the HTTP cache: {source}")
    elif source.lower().endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
        if not url:
            raise FixtureError(f"{source}: a WARC file holds many pages; pass --url with the record's URL")
        page, content_type = warc_page(Path(source), url)
        print(f"from the WARC record {url} in {source}")
    else:
        page = Path(source)
    case = add_case(args.dir, page, args.name, url, args.description, content_type=content_type,
                    rule_files=rule_files, model=model_options(args))
    print(f"added {case.name}: {case.directory}")
    print(
        f"next: read {case.expected_path}; write what the case proves in meta.json, and in "
        "expected.json the intent: must_be_article, must_contain, must_not_contain"
    )
    return 0


def warc_page(path: Path, url: str) -> tuple[bytes, str | None]:
    """The body and content type of the HTML response record for ``url`` in a WARC file."""
    if not path.is_file():
        raise FixtureError(f"{path}: no such WARC file")
    seen: list[str] = []
    for page in read_warc(path):
        if page.error:
            raise FixtureError(page.error)
        if page.url == url or (page.url and page.url.rstrip("/") == url.rstrip("/")):
            if page.rejected:
                raise FixtureError(f"{path}: the record for {url} is {page.rejected}")
            return page.body, page.content_type
        if page.url:
            seen.append(page.url)
    listed = ", ".join(seen[:5]) + (f" and {len(seen) - 5} more" if len(seen) > 5 else "")
    raise FixtureError(f"{path}: no HTML response record for {url}" + (f"; it holds {listed}" if seen else ""))


def default_cache_dir() -> Path:
    """Where a crawl run from here keeps its HTTP cache: Scrapy's own ``data_path``."""
    from scrapy.utils.project import data_path

    from crawler.settings import HTTPCACHE_DIR

    return Path(data_path(HTTPCACHE_DIR))


def _read_cache_file(path: Path) -> bytes:
    with open(path, "rb") as stream:
        head = stream.read(2)
        stream.seek(0)
        reader = gzip.GzipFile(fileobj=stream) if head == _GZIP_MAGIC else stream
        data = read_limited(reader, MAX_PAGE_BYTES)
    if data is None:
        raise FixtureError(f"{path}: larger than the page limit ({MAX_PAGE_BYTES} bytes)")
    return data


def _entry_dirs(root: Path, url: str) -> list[Path]:
    """Cache entries for ``url``: by its request fingerprint, else any entry whose ``meta``
    names it as request or response URL (the crawl may have asked for a normalised URL)."""
    from scrapy import Request
    from scrapy.utils.request import fingerprint

    key = fingerprint(Request(url)).hex()
    found = sorted(p for p in root.glob(f"*/{key[:2]}/{key}") if p.is_dir())
    if found:
        return found
    return [meta.parent for meta in sorted(root.glob("*/*/*/meta")) if url in _meta(meta).values()]


def _meta(path: Path) -> dict[str, Any]:
    try:
        value = ast.literal_eval(_read_cache_file(path).decode("utf-8"))
    except (OSError, ValueError, SyntaxError, UnicodeDecodeError, FixtureError):
        return {}
    return value if isinstance(value, dict) else {}


def _headers(raw: bytes) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in raw.decode("latin-1").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            headers.setdefault(name.strip().lower(), value.strip())
    return headers


def cached_page(url: str, cache_dir: Path | None) -> tuple[bytes, str | None, str]:
    """The body, content type and response URL of ``url`` in Scrapy's filesystem HTTP cache."""
    root = cache_dir or default_cache_dir()
    if not root.is_dir():
        raise FixtureError(
            f"{root}: no HTTP cache there; crawl with -s HTTPCACHE_ENABLED=1 first, or pass --cache-dir"
        )
    entries = _entry_dirs(root, url)
    if not entries:
        raise FixtureError(f"{url}: not in the HTTP cache {root}; crawl it with -s HTTPCACHE_ENABLED=1 first")
    entry = entries[0]
    meta = _meta(entry / "meta")
    headers = _headers(_read_cache_file(entry / "response_headers"))
    body = _read_cache_file(entry / "response_body")
    encoding = headers.get("content-encoding", "identity").lower()
    if encoding in ("gzip", "x-gzip"):
        body = gzip.decompress(body)
    elif encoding == "deflate":
        body = zlib.decompress(body)
    elif encoding not in ("identity", ""):
        raise FixtureError(f"{entry}: the cached body is {encoding}-encoded; save the page and add the file")
    if meta.get("status") not in (None, 200):
        raise FixtureError(f"{url}: the cache holds a {meta['status']} answer for it, not a page")
    return body, headers.get("content-type"), str(meta.get("response_url") or url)


# --- check ---------------------------------------------------------------------------------------


def _check(args: argparse.Namespace, rule_files: list[str]) -> int:
    cases = discover_cases(args.dir, args.cases)
    if not cases:
        print(f"cleancrawl fixtures: no cases in {args.dir}", file=sys.stderr)
        return 1
    model = model_options(args)
    results = [update_case(c, rule_files, model) if args.update else check_case(c, rule_files, model) for c in cases]
    for result in results:
        _print_result(result, args.update, args.show_removed)
    print(_summary(results, args.update))
    if args.html:
        failing = [r for r in results if not r.ok]
        _write_html(args.html, failing, results, rule_files)
        print(f"review of the {len(failing)} failing cases: {args.html}")
    failed = [r for r in results if r.intent_failures or (r.output_diffs and not args.update)]
    return 1 if failed else 0


def case_page(result: CaseResult) -> dict[str, Any]:
    """A failing case as an ``output.review`` page dict: the current output with the provenance
    of every removed block, and the expected text against it as the side-by-side diff."""
    from output.review import page_from_record

    case, article = result.case, result.article
    if article.rejected:
        record: dict[str, Any] = {"url": case.url, "text": "", "rejected": article.rejected, "removed_blocks": [
            {"rule": b.rule_id, "stage": b.stage, "text": b.text} for b in article.removed]}
    else:
        record = make_record(article, url=case.url, provenance=True)
    record["file"] = str(case.page_path)
    record["title"] = f"{case.name}: {record.get('title') or '(no title)'}"
    try:
        expected = as_paragraphs(load_expected(case).get("text", []))
    except FixtureError:
        expected = []
    page = page_from_record(record)
    page["compare"] = {
        "label_a": f"{case.name}/expected.json",
        "label_b": "current output",
        "ops": word_diff("\n".join(expected), "\n".join(article.paragraphs)),
    }
    return page


def _write_html(path: Path, failing: list[CaseResult], results: list[CaseResult], rule_files: list[str]) -> None:
    from cleaners.ruleset import rules_for
    from output.review import render_review

    extra: dict[str, Any] = {"cases": len(results), "failing": len(failing)}
    for result in failing:
        extra[result.case.name] = "; ".join(m.strip() for m in result.intent_failures) or "output differs"
    rules = {rule: {"description": text} for rule, text in rules_for(None, rule_files).describe().items()}
    html = render_review(
        [case_page(r) for r in failing],
        title=f"cleancrawl fixtures check: {len(failing)} of {len(results)} cases failing",
        rules=rules,
        rule_files=describe_rule_files(None, rule_files),
        summary_extra=extra,
    )
    write_text_atomic(path, html)


def _print_result(result: CaseResult, update: bool, show_removed: bool) -> None:
    if not update and not result.ok:
        print(result.report())
    elif update and result.intent_failures:
        print(result.report("REFUSED"))
        print(f"  not written: fix the rules, or the intent in {result.case.expected_path}")
    elif update and result.output_diffs:
        print(result.report("RECORDED"))
        print(f"  written to {result.case.expected_path}")
    if show_removed:
        print(f"removed in {result.case.name}:")
        print("\n".join(removed_report(result.article)))


def _summary(results: list[CaseResult], update: bool) -> str:
    intent_failed = sum(1 for r in results if r.intent_failures)
    output_changed = sum(1 for r in results if r.output_diffs)
    passed = sum(1 for r in results if r.ok)
    if update:
        written = sum(1 for r in results if r.output_diffs and not r.intent_failures)
        return f"{len(results)} cases: {passed} unchanged, {written} recorded, {intent_failed} refused (intent broken)"
    return (
        f"{len(results)} cases: {passed} passed, {len(results) - passed} failed "
        f"({output_changed} differ from expected.json, {intent_failed} break their intent)"
    )
