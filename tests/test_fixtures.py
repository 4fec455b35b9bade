"""Every saved page in tests/fixtures is a test; the harness that checks them is tested here too."""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from cleaners.ruleset import RULES_DIR
from crawler.cli import fixtures as cmd_fixtures
from crawler.offline.fixture_cases import (
    FixtureError,
    case_directories,
    check_case,
    discover_cases,
    load_case,
    snippet_found,
)

FIXTURES = Path(__file__).parent / "fixtures"
# Folders only: a case that cannot be read fails as its own test instead of hiding the others.
CASE_DIRS = case_directories(FIXTURES)


@pytest.mark.parametrize("case_dir", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_fixture_case(case_dir):
    result = check_case(load_case(case_dir))
    if not result.ok:
        pytest.fail(result.report(), pytrace=False)


def test_there_are_enough_cases_and_each_says_what_it_proves():
    cases = discover_cases(FIXTURES)
    assert len(cases) >= 28
    for case in cases:
        assert case.description.strip(), f"{case.directory}/meta.json: write what the case proves"


# --- the harness itself ------------------------------------------------------------------------

PARAGRAPHS = [
    "The harbour authority approved the new ferry timetable on Monday after months of consultation"
    " with island residents, who had complained that the last boat left the mainland too early.",
    "Under the plan, an extra evening crossing will run from May to September, and the winter"
    " service will keep its two daily sailings instead of dropping to one as first proposed.",
    "Residents' groups welcomed the change but said they would watch whether the operator keeps to"
    " the schedule, since cancellations rose sharply last summer because of crew shortages.",
]


def _page(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        '<html lang="en"><head><title>Ferry timetable approved</title></head><body>'
        f"<article><h1>Ferry timetable approved</h1>{body}</article></body></html>"
    )


def _cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    cmd_fixtures.add_parser(parser.add_subparsers())
    args = parser.parse_args(["fixtures", *argv])
    return args.run(args)


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    page = tmp_path / "saved.html"
    page.write_text(_page(PARAGRAPHS), encoding="utf-8")
    root = tmp_path / "cases"
    assert _cli("add", str(page), "--name", "ferry", "--url", "https://news.example/ferry", "--dir", str(root)) == 0
    return root


def _expected(root: Path) -> dict:
    return json.loads((root / "ferry" / "expected.json").read_text(encoding="utf-8"))


def _set_snippets(root: Path, **snippets: list) -> None:
    data = _expected(root) | snippets
    (root / "ferry" / "expected.json").write_text(json.dumps(data), encoding="utf-8")


def test_add_records_the_current_output_and_check_passes(case_dir, capsys):
    assert (case_dir / "ferry" / "page.html").is_file()
    assert json.loads((case_dir / "ferry" / "meta.json").read_text())["url"] == "https://news.example/ferry"
    expected = _expected(case_dir)
    assert expected["text"] == PARAGRAPHS
    assert expected["rejected"] is None
    assert expected["must_contain"] == [] and expected["must_not_contain"] == []
    assert _cli("check", "--dir", str(case_dir)) == 0
    assert "1 passed, 0 failed" in capsys.readouterr().out


def test_changed_output_prints_a_diff_and_fails(case_dir, capsys):
    changed = [*PARAGRAPHS[:2], PARAGRAPHS[2].replace("crew shortages", "engine faults")]
    (case_dir / "ferry" / "page.html").write_text(_page(changed), encoding="utf-8")
    assert _cli("check", "--dir", str(case_dir)) == 1
    out = capsys.readouterr().out
    assert "FAIL ferry" in out
    assert "-" + PARAGRAPHS[2] in out
    assert "+" + changed[2] in out
    assert "1 failed" in out


def test_update_records_new_output_and_keeps_the_snippets(case_dir, capsys):
    _set_snippets(case_dir, must_contain=["extra evening crossing"], must_not_contain=[{"line": "Ferry"}])
    changed = [
        *PARAGRAPHS,
        "The operator said it would publish punctuality figures every quarter from now on.",
    ]
    (case_dir / "ferry" / "page.html").write_text(_page(changed), encoding="utf-8")
    assert _cli("check", "--dir", str(case_dir), "--update") == 0
    expected = _expected(case_dir)
    assert expected["text"] == changed
    assert expected["must_contain"] == ["extra evening crossing"]
    assert expected["must_not_contain"] == [{"line": "Ferry"}]
    assert "RECORDED ferry" in capsys.readouterr().out
    assert _cli("check", "--dir", str(case_dir)) == 0


def test_update_refuses_a_case_whose_snippets_fail(case_dir, capsys):
    _set_snippets(case_dir, must_not_contain=["extra evening crossing"], must_contain=["night bus"])
    before = (case_dir / "ferry" / "expected.json").read_text()
    (case_dir / "ferry" / "page.html").write_text(_page(PARAGRAPHS[:2]), encoding="utf-8")
    assert _cli("check", "--dir", str(case_dir), "--update") == 1
    out = capsys.readouterr().out
    assert "must_not_contain present: 'extra evening crossing'" in out
    assert "must_contain missing: 'night bus'" in out
    assert "REFUSED ferry" in out and "not written" in out
    assert (case_dir / "ferry" / "expected.json").read_text() == before


def test_missing_snippet_names_the_rule_that_removed_it(tmp_path, capsys):
    page = tmp_path / "saved.html"
    comment = "Your email address will not be published. Required fields are marked *"
    form = f'<div id="comments" class="comments-area"><h3>Leave a Reply</h3><p>{comment}</p></div>'
    page.write_text(_page(PARAGRAPHS).replace("</article>", f"</article>{form}"), encoding="utf-8")
    root = tmp_path / "cases"
    assert _cli("add", str(page), "--name", "ferry", "--dir", str(root)) == 0
    _set_snippets(root, must_contain=["Your email address"])
    assert _cli("check", "--dir", str(root), "--show-removed") == 1
    out = capsys.readouterr().out
    assert "must_contain missing: 'Your email address'" in out
    assert "removed in ferry:" in out


def test_gzipped_page_is_read(tmp_path):
    page = tmp_path / "saved.html.gz"
    page.write_bytes(gzip.compress(_page(PARAGRAPHS).encode("utf-8")))
    root = tmp_path / "cases"
    assert _cli("add", str(page), "--name", "ferry", "--dir", str(root)) == 0
    assert (root / "ferry" / "page.html.gz").is_file()
    assert _expected(root)["text"] == PARAGRAPHS


def test_unrecorded_case_fails_and_says_to_update(case_dir, capsys):
    _set_snippets(case_dir)
    data = _expected(case_dir)
    del data["text"]
    (case_dir / "ferry" / "expected.json").write_text(json.dumps(data), encoding="utf-8")
    assert _cli("check", "--dir", str(case_dir)) == 1
    assert "not recorded yet: text" in capsys.readouterr().out


def test_errors_name_the_case_and_what_to_do(case_dir, tmp_path, capsys):
    assert _cli("check", "--dir", str(case_dir), "nosuchcase") == 2
    assert "no case named nosuchcase" in capsys.readouterr().err
    (case_dir / "ferry" / "page.html").unlink()
    with pytest.raises(FixtureError, match=r"ferry: no page.html"):
        discover_cases(case_dir)
    assert _cli("add", str(tmp_path / "missing.html"), "--name", "x", "--dir", str(case_dir)) == 2
    assert "missing.html: no such file" in capsys.readouterr().err
    (case_dir / "ferry" / "page.html").write_text(_page(PARAGRAPHS), encoding="utf-8")
    assert _cli("add", str(case_dir / "ferry" / "page.html"), "--name", "ferry", "--dir", str(case_dir)) == 2
    assert "exists already" in capsys.readouterr().err


def test_bad_snippet_shape_is_refused(case_dir):
    _set_snippets(case_dir, must_contain=[{"line": "x", "once": "y"}])
    with pytest.raises(FixtureError, match=r"expected.json: 'must_contain' must be a list"):
        check_case(discover_cases(case_dir)[0])
    _set_snippets(case_dir, must_contain=[], must_not_contain=[{"once": "Ferry"}])
    with pytest.raises(FixtureError, match=r"'once'/'twice' snippets belong in must_contain"):
        check_case(discover_cases(case_dir)[0])


@pytest.mark.parametrize(
    ("snippet", "found"),
    [
        ("Ad", True),  # a string snippet is found inside words
        ({"line": "Ad"}, False),  # a line snippet must be a whole paragraph
        ({"line": "  Advertisement "}, True),  # whitespace runs compare as one space
        ("read   more here", True),
        ("Read more", False),  # case matters: junk "READ MORE" is not prose "read more"
        ({"once": "read more"}, True),
        ({"once": "Ad"}, False),  # twice in the text: a duplicate that was not dropped
        ({"once": "Sponsored"}, False),
    ],
)
def test_snippet_matching(snippet, found):
    paragraphs = ["Admission is free; read more here.", "Advertisement"]
    assert snippet_found(snippet, paragraphs) is found


def test_junk_snippet_the_page_lacks_is_reported(case_dir, capsys):
    _set_snippets(case_dir, must_not_contain=["Sign up for our newsletter"])
    assert _cli("check", "--dir", str(case_dir)) == 1
    assert "must_not_contain not in the page at all: 'Sign up for our newsletter'" in capsys.readouterr().out


def test_must_be_article_is_kept_by_update_and_checked(case_dir, capsys):
    _set_snippets(case_dir, must_be_article=False)
    assert _cli("check", "--dir", str(case_dir), "--update") == 1
    assert "must_be_article is false: the page gave a record" in capsys.readouterr().out
    _set_snippets(case_dir, must_be_article=True)
    (case_dir / "ferry" / "page.html").write_text(_page(["The ferry runs daily."]), encoding="utf-8")
    assert _cli("check", "--dir", str(case_dir), "--update") == 1
    assert "must_be_article: the page was rejected (too-short)" in capsys.readouterr().out
    (case_dir / "ferry" / "page.html").write_text(_page(PARAGRAPHS[:2]), encoding="utf-8")
    assert _cli("check", "--dir", str(case_dir), "--update") == 0
    assert _expected(case_dir)["must_be_article"] is True


# --- intent keys, pages from a cache or a WARC, the checkout's rules ---------------------------------

FIXTURES_DOC = Path(__file__).resolve().parent.parent / "docs" / "fixtures.md"


def test_add_writes_every_intent_key_the_docs_list(case_dir):
    section = FIXTURES_DOC.read_text(encoding="utf-8")
    intent = section.split("the intent:", 1)[1].split(")", 1)[0]
    listed = set(re.findall(r"`(must_[a-z_]+)`", intent))
    assert listed >= {"must_be_article", "must_contain", "must_not_contain"}, intent
    expected = _expected(case_dir)
    assert listed <= set(expected), f"fixtures add left out {sorted(listed - set(expected))}"
    assert expected["must_be_article"] is True and expected["must_contain"] == []


def _clone(root: Path, name: str) -> Path:
    """A checkout of cleancrawl as a new user makes one: a pyproject naming the project, the
    rules folder, and a fixtures folder with one case."""
    clone = root / name
    (clone / "cleaners").mkdir(parents=True)
    shutil.copytree(Path(str(RULES_DIR)), clone / "cleaners" / "rules")
    (clone / "pyproject.toml").write_text('[project]\nname = "cleancrawl"\n', encoding="utf-8")
    page = root / f"{name}.html"
    page.write_text(_page([*PARAGRAPHS, "Ferry timetable: see the harbour office."]), encoding="utf-8")
    assert _cli("add", str(page), "--name", "ferry", "--dir", str(clone / "tests" / "fixtures")) == 0
    return clone


def test_check_inside_a_checkout_uses_that_checkouts_rules_and_names_them(tmp_path, monkeypatch, capsys):
    """Two clones: a rule added in the second must fail the second's case, and only there (with
    the installed package's rules it would pass silently)."""
    first = _clone(tmp_path, "first")
    second = _clone(tmp_path, "second")
    new_rule = second / "cleaners" / "rules" / "95-timetables.toml"
    new_rule.write_text(
        '[[text]]\nid = "notices.timetable"\ndescription = "Timetable pointers"\npattern = "Ferry timetable:"\n',
        encoding="utf-8",
    )
    capsys.readouterr()
    monkeypatch.chdir(second / "tests")
    assert _cli("check", "--dir", "fixtures") == 1
    out = capsys.readouterr().out
    assert f"rules from the checkout {second / 'cleaners' / 'rules'}" in out
    assert re.search(rf"{re.escape(str(new_rule))}  sha256 [0-9a-f]{{12}}", out), out
    assert "-  \"Ferry timetable: see the harbour office.\"" in out or "Ferry timetable: see" in out
    monkeypatch.chdir(first)
    assert _cli("check", "--dir", "tests/fixtures") == 0
    out = capsys.readouterr().out
    assert f"rules from the checkout {first / 'cleaners' / 'rules'}" in out and "95-timetables" not in out


def test_add_takes_a_page_from_a_warc_record(tmp_path, capsys):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    warc = tmp_path / "crawl.warc.gz"
    with open(warc, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for slug, paragraphs in (("other", PARAGRAPHS[:1]), ("ferry", PARAGRAPHS)):
            body = _page(paragraphs).encode("iso-8859-1")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=iso-8859-1")],
                                       protocol="HTTP/1.1")
            record = writer.create_warc_record(f"https://news.example/{slug}", "response",
                                               payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)
    root = tmp_path / "cases"
    assert _cli("add", str(warc), "--url", "https://news.example/ferry", "--name", "ferry", "--dir", str(root)) == 0
    meta = json.loads((root / "ferry" / "meta.json").read_text())
    assert meta == {"url": "https://news.example/ferry", "description": "",
                    "content_type": "text/html; charset=iso-8859-1"}
    assert _expected(root)["text"] == PARAGRAPHS
    capsys.readouterr()
    assert _cli("add", str(warc), "--url", "https://news.example/gone", "--name", "gone", "--dir", str(root)) == 2
    err = capsys.readouterr().err
    assert "no HTML response record for https://news.example/gone" in err and "https://news.example/ferry" in err
    assert _cli("add", str(warc), "--name", "gone", "--dir", str(root)) == 2


def test_add_takes_a_page_from_the_http_cache_of_a_real_crawl(server, crawl, tmp_path, monkeypatch, capsys):
    from mockserver import article_html

    html = article_html("Cached ferry story", words=150)
    url = server.add("/news/ferry.html", html)
    result = crawl(url, "-s", "HTTPCACHE_ENABLED=True", "-s", "CLEANCRAWL_STATE=off")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / ".scrapy" / "httpcache").is_dir(), "the crawl kept no cache where Scrapy puts it"
    monkeypatch.chdir(tmp_path)  # the default cache folder is found as Scrapy finds it, from here
    root = tmp_path / "cases"
    assert _cli("add", url, "--name", "cached", "--dir", str(root)) == 0
    assert (root / "cached" / "page.html").read_bytes() == html.encode("utf-8")
    meta = json.loads((root / "cached" / "meta.json").read_text())
    assert meta["url"] == url and meta["content_type"].startswith("text/html")
    expected = json.loads((root / "cached" / "expected.json").read_text(encoding="utf-8"))
    assert expected["text"] == next(r for r in result.records if r["url"] == url)["text"].split("\n")
    assert _cli("check", "--dir", str(root)) == 0
    capsys.readouterr()
    assert _cli("add", server.url("/never-fetched.html"), "--name", "missing", "--dir", str(root)) == 2
    assert "not in the HTTP cache" in capsys.readouterr().err


def test_check_html_shows_failing_cases_expected_against_actual_with_provenance(case_dir, tmp_path, capsys):
    page = case_dir / "ferry" / "page.html"
    page.write_text(_page([PARAGRAPHS[0], "Share this article", *PARAGRAPHS[2:]]), encoding="utf-8")
    report = tmp_path / "report.html"
    assert _cli("check", "--dir", str(case_dir), "--html", str(report)) == 1
    assert f"review of the 1 failing cases: {report}" in capsys.readouterr().out
    html = report.read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script id="review-data" type="application/json">(.*?)</script>', html, re.S)[1])
    (shown,) = data["pages"]
    assert shown["title"].startswith("ferry: ")
    ops = shown["compare"]["ops"]
    assert shown["compare"]["label_a"] == "ferry/expected.json"
    assert " ".join(t for op, t in ops if op == "-").split() == PARAGRAPHS[1].split()  # expected, now gone
    assert "prompts.share" in [b["rule"] for b in shown["removed"]]  # and what the rules took, by whom
    assert "60-prompts.toml" in html
