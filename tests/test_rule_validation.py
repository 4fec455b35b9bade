"""Rules validated for what they will do (issue 18): a DOM rule's XPath is compiled as it will run
and tried on a small page when its file is loaded, and must select elements; a rule that still
fails on a page is a configuration error (the crawl stops, exit 2), never a per-page transient."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from conftest import FAST, run_command
from lxml import html
from mockserver import article_html
from scrapy.utils.test import get_crawler

from cleaners.dom_rules import apply_dom_rules
from cleaners.ruleset import DomRule, RuleFileError, RuleRunError, load_rule_file
from crawler.cli import main
from crawler.components.drops import NotAnArticle
from crawler.components.pipelines import RULE_ERROR, RULE_ERROR_STAT, CleanPipeline
from crawler.items import PageItem


def _rule_file(tmp_path: Path, *, xpath: str | None = None, css: str | None = None, name: str = "my.toml") -> Path:
    path = tmp_path / name
    selector = f"xpath = {xpath!r}" if xpath is not None else f"css = {css!r}"
    path.write_text(f'[[dom]]\nid = "my-rule"\ndescription = "a user rule"\n{selector}\n', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("xpath", "reason"),
    [
        ('//div[re:test(@class, "ad")]', "cannot run"),  # a prefix no namespace is given for
        ("//div[exsl:node-set(.)]", "cannot run"),
        ("//div[$wanted]", "cannot run"),  # a variable
        ("//div[no-such-function(.)]", "cannot run"),
        ("count(//p)", "gives a number"),
        ("string(//title)", "gives a string"),
        ("boolean(//p)", "gives a boolean"),
        ("//p/text()", "selects text or attributes"),
        ("//a/@href", "selects text or attributes"),
    ],
)
def test_a_dom_rule_that_cannot_select_elements_is_refused_at_load(tmp_path, xpath, reason):
    path = _rule_file(tmp_path, xpath=xpath)
    with pytest.raises(RuleFileError) as caught:
        load_rule_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: rule 'my-rule': ") and reason in message, message
    assert "\n" not in message


def test_a_faulty_expression_among_several_is_named(tmp_path):
    path = tmp_path / "two.toml"
    path.write_text(
        '[[dom]]\nid = "two"\ndescription = "d"\nxpath = ["//aside", "count(//p)"]\ncss = ["div.share > span"]\n',
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError, match=r"rule 'two': XPath 'count\(//p\)' gives a number"):
        load_rule_file(path)


def test_rules_that_select_elements_still_load_and_drop_the_same_nodes(tmp_path):
    path = _rule_file(tmp_path, xpath="//div[contains(concat(' ', @class, ' '), ' share ')] | //aside")
    (rule,) = load_rule_file(path).dom
    css = load_rule_file(_rule_file(tmp_path, css="article > div.share span", name="css.toml")).dom[0]
    tree = html.fromstring("<html><body><p>Keep</p><div class='share'>Share</div><aside>Side</aside></body></html>")
    removed = apply_dom_rules(tree, [rule, css])
    assert [b.text for b in removed] == ["Share", "Side"]
    assert tree.text_content() == "Keep"


def test_a_rule_that_fails_on_a_page_raises_a_rule_error_naming_it():
    # a rule that got past the loader (built by hand here): the page is not the fault
    from lxml import etree

    rule = DomRule("counted", "d", (), etree.XPath("count(//p)"), "/rules/mine.toml")
    tree = html.fromstring("<html><body><p>x</p></body></html>")
    with pytest.raises(RuleRunError) as caught:
        apply_dom_rules(tree, [rule])
    assert str(caught.value).startswith("/rules/mine.toml: rule 'counted': XPath 'count(//p)' gives a number")
    import pickle  # raised in a cleaning worker: it must reach the crawl whole

    again = pickle.loads(pickle.dumps(caught.value))
    assert isinstance(again, RuleRunError) and str(again) == str(caught.value)


def test_a_rule_error_in_the_crawl_stops_it_and_is_not_a_page_verdict(monkeypatch):
    crawler = get_crawler(settings_dict={})
    crawler.stats.open_spider()
    pipeline = CleanPipeline(crawler)
    pipeline.pool = object()  # the cleaning is replaced below

    async def failing(item):
        raise RuleRunError("/rules/mine.toml", "XPath 'count(//p)' gives a number", "counted")

    monkeypatch.setattr(pipeline, "_clean", failing)
    page = PageItem(url="http://x/1", body=b"<p>x</p>", status=200, content_type="text/html", source="s",
                    fetched_at="")  # fmt: skip
    for _ in range(2):
        with pytest.raises(NotAnArticle) as caught:
            asyncio.run(pipeline.process_item(page))
        # not a verdict on the page: never marked done, fetched again once the rule is fixed
        assert caught.value.reason == RULE_ERROR and caught.value.transient
    assert crawler.stats.get_value(RULE_ERROR_STAT).startswith("/rules/mine.toml: rule 'counted'")
    assert crawler.stats.get_value(f"cleancrawl/dropped/{RULE_ERROR}") == 2


@pytest.mark.parametrize("command", ["clean", "review", "fixtures"])
def test_the_offline_commands_exit_2_naming_the_file_and_the_rule(tmp_path, capsys, command):
    rules = _rule_file(tmp_path, xpath='//div[re:test(@class, "ad")]')
    page = tmp_path / "page.html"
    page.write_text(article_html("A story"), encoding="utf-8")
    args = {
        "clean": ["clean", "--rules", str(rules), str(page), "-o", str(tmp_path / "out.jsonl")],
        "review": ["review", "--rules", str(rules), str(page), "-o", str(tmp_path / "review.html")],
        "fixtures": ["fixtures", "check", "--rules", str(rules), "--dir", str(tmp_path)],
    }[command]
    code = main(args)
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "my-rule" in line]
    assert code == 2, err
    assert len(lines) == 1 and str(rules) in lines[0] and "cannot run" in lines[0], err


def test_a_crawl_with_a_bad_rule_exits_2_before_any_fetch(server, tmp_path):
    url = server.add("/story.html", article_html("A story"))
    rules = _rule_file(tmp_path, xpath="count(//p)")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[sources.news]\nurls = ["{url}"]\nrule_files = ["{rules}"]\n', encoding="utf-8")
    proc = run_command("cli", ["crawl", *FAST, "--sources", str(sources), "-o", str(tmp_path / "out.jsonl")],
                       cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "rule 'my-rule'" in proc.stderr and "gives a number" in proc.stderr and str(rules) in proc.stderr
    assert not server.hits, dict(server.hits)


def test_a_crawl_stopped_by_a_rule_error_exits_2_naming_it(tmp_path, monkeypatch, capsys):
    # the crawl itself is stood in for: what matters here is what its stats make the command say
    from crawler.cli import crawl as crawl_command
    from crawler.crawl_runner import Crawled

    message = "/rules/mine.toml: rule 'counted': XPath 'count(//p)' gives a number (2.0), not elements"
    stats = {"finish_reason": RULE_ERROR, RULE_ERROR_STAT: message, "cleancrawl/dropped/rule-error": 3}
    monkeypatch.setattr(crawl_command, "crawl", lambda sources, settings: Crawled(stats, [], []))
    monkeypatch.chdir(tmp_path)
    code = main(["crawl", "http://127.0.0.1:9/story.html", "-o", str(tmp_path / "out.jsonl")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"cleancrawl crawl: {message}" in err.splitlines(), err


@pytest.mark.parametrize("share", ["0", "1.5", "-0.2", '"half"', "true"])
def test_a_page_share_that_is_no_share_is_refused_naming_the_rule(tmp_path, share):
    path = tmp_path / "my.toml"
    path.write_text(f'[[dom]]\nid = "my-rule"\ndescription = "d"\nxpath = "//aside"\nmax_page_share = {share}\n',
                    encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"rule 'my-rule': 'max_page_share' must be a number above 0"):
        load_rule_file(path)


def test_a_rule_over_its_page_share_drops_nothing_on_that_page(tmp_path):
    path = tmp_path / "my.toml"
    path.write_text('[[dom]]\nid = "notes"\ndescription = "d"\nxpath = "//p[small]"\nmax_page_share = 0.3\n',
                    encoding="utf-8")
    (rule,) = load_rule_file(path).dom
    story = "<p>" + "The ferry ran late again. " * 8 + "</p>"
    side = html.fromstring(f"<html><body>{story * 3}<p><small>Photo: the trust</small></p></body></html>")
    assert [b.text for b in apply_dom_rules(side, [rule])] == ["Photo: the trust"]
    # a page printed in <small>: each paragraph alone is small, together they are the page's text
    small = story.replace("<p>", "<p><small>").replace("</p>", "</small></p>")
    printed_small = html.fromstring(f"<html><body>{small * 3}<p>Menu</p></body></html>")
    assert apply_dom_rules(printed_small, [rule]) == []
    assert printed_small.text_content().count("The ferry ran late again.") == 24
