"""``cleancrawl fixtures``: check saved pages against their expected output, record, add cases."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cleaners import RuleFileError
from cleaners.fixture_cases import (
    CaseResult,
    FixtureError,
    add_case,
    check_case,
    discover_cases,
    removed_report,
    update_case,
)

DEFAULT_DIR = Path("tests/fixtures")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "fixtures",
        help="check the saved pages in tests/fixtures against their expected output",
        description="Each case is a folder with page.html, meta.json and expected.json.",
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

    add = actions.add_parser("add", help="save a page as a new case, with its current output as expected")
    add.add_argument("file", type=Path, metavar="FILE", help="the saved page (.html or .html.gz)")
    add.add_argument("--name", required=True, help="the case name: the folder it goes in")
    add.add_argument("--url", help="the page's URL (picks the site rules)")
    add.add_argument("--description", default="", help="what this case proves")
    add.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder of cases (default: %(default)s)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        if args.fixtures_command == "add":
            return _add(args)
        return _check(args)
    except (FixtureError, RuleFileError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


def _add(args: argparse.Namespace) -> int:
    case = add_case(args.dir, args.file, args.name, args.url, args.description)
    print(f"added {case.name}: {case.directory}")
    print(
        f"next: read {case.expected_path}; write what the case proves in meta.json, and in "
        "expected.json the intent: must_be_article, must_contain, must_not_contain"
    )
    return 0


def _check(args: argparse.Namespace) -> int:
    cases = discover_cases(args.dir, args.cases)
    if not cases:
        print(f"no cases in {args.dir}", file=sys.stderr)
        return 1
    results = [update_case(c) if args.update else check_case(c) for c in cases]
    for result in results:
        _print_result(result, args.update, args.show_removed)
    print(_summary(results, args.update))
    failed = [r for r in results if r.intent_failures or (r.output_diffs and not args.update)]
    return 1 if failed else 0


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
