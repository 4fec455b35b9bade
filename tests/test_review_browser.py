"""The review file in a real browser: Debian's Chromium, headless, driven by Playwright's Python
API (the system browser: never ``playwright install``). Opened from disk as a user would."""

from __future__ import annotations

import importlib.util
import os
import time
from pathlib import Path

import pytest

from crawler.cli import main
from output.review import page_from_record, render_review, rule_catalogue

CHROMIUM = "/usr/bin/chromium"


def _missing() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install -e '.[test]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"no browser at {CHROMIUM} (apt-get install chromium; .ci/run does)"
    return None


if _missing():  # in CI a missing browser is a failure, as a missing redis-server is (conftest)
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(_missing(), pytrace=False)
    pytest.skip(_missing(), allow_module_level=True)

from playwright import sync_api  # noqa: E402 (only once it is known to be there)

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SITES = ["harbour.example", "island.example", "quay.example"]
HOSTILE = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">'


def sentence(i: int, j: int) -> str:
    return f"Paragraph {j} of story {i}: the ferry to the islands runs twice a day through the winter."


def record(i: int) -> dict:
    """Story ``i``: every page has an ad marker, every third a related box, some are rejected."""
    paragraphs = [sentence(i, j) for j in range(4)]
    text = "\n".join(paragraphs)
    second = len(paragraphs[0]) + 1
    blocks = [{"rule": "ads.marker", "stage": "text", "text": f"Advertisement {i}", "at": second}]
    if i % 3 == 0:
        blocks.append({"rule": "related.more-stories", "stage": "dom", "text": f"More stories {i}", "at": len(text)})
    if i == 4:  # a comment section of a thousand words
        blocks.append({"rule": "dom.comment-sections", "stage": "dom", "text": "Reader says hello. " * 300, "at": 0})
    row = {"url": f"https://{SITES[i % 3]}/story-{i}", "title": f"Story {i} about ferries", "authors": ["Ann Lee"],
           "published": f"2024-03-0{1 + i % 9}", "language": "en", "text": text, "removed_blocks": blocks,
           "images": [{"src": "https://harbour.example/ferry.jpg", "alt": "A ferry", "caption": None, "credit": None}]}
    if i in (7, 8):
        row.update(rejected="too-short", text="")
        for block in blocks:
            block["at"] = 0
    return row


@pytest.fixture(scope="module")
def review_file(tmp_path_factory) -> Path:
    records = [record(i) for i in range(30)]
    records.append({"url": "https://quay.example/hostile", "title": HOSTILE, "text": f"{HOSTILE}\nAfter.",
                    "removed_blocks": [{"rule": "ads.marker", "stage": "text", "text": HOSTILE, "at": 0}]})
    pages = [page_from_record(r) for r in records]
    pages[1]["compare"] = {"label_a": "old.toml", "label_b": "new.toml",
                           "ops": [["=", "The ferry runs "], ["-", "twice"], ["+", "three times"], ["=", " a day."]]}
    rules, files = rule_catalogue()
    rules["related.more-stories"] = {"description": "More-stories boxes", "family": "related"}
    path = tmp_path_factory.mktemp("review") / "review.html"
    path.write_text(render_review(pages, title="Browser test review", rules=rules, rule_files=files), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Opened:
    """One tab on a review file, with every console error and uncaught exception it raised."""

    def __init__(self, browser, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        started = time.perf_counter()
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready='1']")
        self.opened_in = time.perf_counter() - started

    def count(self) -> int:
        return int(self.page.get_attribute("#count", "data-count"))

    def heading(self) -> str:
        return self.page.inner_text("#detail h2")


@pytest.fixture
def tab(browser, review_file):
    opened = Opened(browser, review_file)
    yield opened
    assert opened.errors == []
    opened.page.close()


def test_opens_from_disk_with_the_overview_and_no_errors(tab) -> None:
    assert tab.count() == 31
    assert tab.page.inner_text("#count") == "31 of 31 pages"
    assert tab.page.locator("#overview svg.chart rect.bin").count() > 0
    assert tab.page.locator("#page-list li").count() == 31
    ARTIFACTS.mkdir(exist_ok=True)
    tab.page.screenshot(path=str(ARTIFACTS / "review-overview.png"))


def test_a_rule_filter_shows_its_blocks_and_hides_the_others(tab) -> None:
    tab.page.click("a[data-filter-rule='related.more-stories']")
    assert tab.count() == 10  # stories 0, 3, ... 27
    assert tab.page.locator("#page-list li").count() == 10
    tab.page.keyboard.press("j")
    assert tab.heading() == "Story 0 about ferries"
    ARTIFACTS.mkdir(exist_ok=True)
    tab.page.screenshot(path=str(ARTIFACTS / "review-rule-filter.png"))
    shown = tab.page.locator("#page-text del.removed:visible")
    assert shown.count() == 1
    assert shown.first.get_attribute("data-rule") == "related.more-stories"
    assert "More-stories boxes" in shown.first.get_attribute("title")
    hidden = tab.page.locator("#page-text del.removed[data-rule='ads.marker']")
    assert hidden.count() == 1 and not hidden.first.is_visible()
    tab.page.select_option("#f-rule", "")
    assert tab.count() == 31
    assert tab.page.locator("#page-text del.removed:visible").count() == 2
    ARTIFACTS.mkdir(exist_ok=True)
    tab.page.screenshot(path=str(ARTIFACTS / "review-page.png"))


def test_removed_blocks_stand_in_place_between_the_kept_paragraphs(tab) -> None:
    tab.page.click("#page-list li[data-page='3']")
    order = tab.page.eval_on_selector_all(
        "#page-text > *", "nodes => nodes.map(n => n.tagName + ':' + (n.getAttribute('data-rule') || ''))"
    )
    assert order == ["P:", "DEL:ads.marker", "P:", "P:", "P:", "DEL:related.more-stories"]
    meta = tab.page.inner_text(".page-meta-box")
    assert "Ann Lee" in meta and "2024-03-04" in meta and "A ferry" in meta
    assert tab.page.get_attribute(".saved-link", "href") == "https://harbour.example/story-3"


def test_rejection_and_site_filters_and_search_update_the_count(tab) -> None:
    tab.page.select_option("#f-reason", "too-short")
    assert tab.count() == 2
    tab.page.select_option("#f-reason", "")
    tab.page.select_option("#f-site", "island.example")
    assert tab.count() == 10
    tab.page.click("#f-clear")
    tab.page.fill("#f-q", "story 17:")
    tab.page.locator("#count[data-count='1']").wait_for()  # the search waits for typing to pause
    assert tab.page.inner_text("#page-list li").startswith("Story 17 about ferries")


def test_keyboard_moves_between_pages(tab) -> None:
    tab.page.keyboard.press("j")
    assert tab.heading() == "Story 0 about ferries"
    tab.page.keyboard.press("j")
    tab.page.keyboard.press("ArrowDown")
    assert tab.heading() == "Story 2 about ferries"
    tab.page.keyboard.press("k")
    assert tab.heading() == "Story 1 about ferries"
    assert tab.page.locator("#page-list li.current").get_attribute("data-page") == "1"
    tab.page.keyboard.press("Escape")
    assert tab.page.is_visible("#overview") and not tab.page.is_visible("#detail")
    tab.page.select_option("#f-site", "quay.example")  # then the keys move between its pages
    tab.page.keyboard.press("j")
    tab.page.keyboard.press("j")
    assert tab.heading() == "Story 5 about ferries"
    tab.page.fill("#f-q", "story 26:")
    tab.page.press("#f-q", "Enter")  # opens the first page found
    assert tab.heading() == "Story 26 about ferries"


def test_comparison_shows_lost_words_left_and_gained_right(tab) -> None:
    tab.page.click("#page-list li[data-page='1']")
    assert tab.page.inner_text(".side-a del.lost") == "twice"
    assert tab.page.inner_text(".side-b ins.gained") == "three times"
    assert tab.page.locator(".side-a ins, .side-b del").count() == 0


def test_a_long_removed_block_shows_its_head_and_the_rest_on_demand(tab) -> None:
    tab.page.click("#page-list li[data-page='4']")
    block = tab.page.locator("#page-text del.removed[data-rule='dom.comment-sections']")
    assert len(block.locator(".removed-text").inner_text()) < 700
    block.locator("button.more").click()
    assert block.locator(".removed-text").inner_text().count("Reader says hello.") == 300
    assert block.locator("button.more").count() == 0


def test_a_hostile_page_is_shown_as_text_and_runs_nothing(tab) -> None:
    tab.page.click("#page-list li[data-page='30']")
    assert tab.heading() == HOSTILE
    assert HOSTILE in tab.page.inner_text("#page-text")
    assert tab.page.locator("img").count() == 0
    assert tab.page.evaluate("typeof window.pwned") == "undefined"
    assert tab.dialogs == []


def test_a_review_made_by_the_command_opens_clean(browser, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    body = "".join(f"<p>{sentence(1, j)}</p>" for j in range(5))
    html = (f"<html><head><title>Ferries</title></head><body><article><p>{sentence(2, 0)}</p>"
            f"<div class='sharedaddy'>Share this story</div><p>Advertisement</p>{body}</article></body></html>")
    (pages / "a.html").write_text(html, encoding="utf-8")
    out = tmp_path / "review.html"
    assert main(["review", str(pages), "-o", str(out), "-j", "1"]) == 0
    opened = Opened(browser, out)
    opened.page.keyboard.press("j")
    rules = opened.page.eval_on_selector_all("#page-text del.removed", "n => n.map(x => x.dataset.rule)")
    assert set(rules) >= {"dom.share-bars", "ads.marker"}
    assert opened.errors == []
    opened.page.close()


def test_five_thousand_pages_open_and_render_the_first(browser, tmp_path: Path) -> None:
    records = []
    for i in range(5000):
        row = record(i)
        row["text"] = "\n".join(sentence(i, j) * 3 for j in range(12))  # about 600 words a page
        records.append(row)
    started = time.perf_counter()
    document = render_review([page_from_record(r) for r in records], title="5,000 pages", rules={}, rule_files=[])
    built = time.perf_counter() - started
    path = tmp_path / "big.html"
    path.write_text(document, encoding="utf-8")
    opened = Opened(browser, path)
    started = time.perf_counter()
    opened.page.keyboard.press("j")
    assert opened.heading() == "Story 0 about ferries"
    first_page = time.perf_counter() - started
    assert opened.count() == 5000
    assert opened.page.locator("#page-list li").count() == 100  # the list is drawn a slice at a time
    opened.page.select_option("#f-rule", "related.more-stories")
    assert opened.count() == 1667
    assert opened.errors == []
    print(f"\n5,000 pages, {len(document) / 1e6:.1f} MB: built in {built:.1f} s, opened in {opened.opened_in:.1f} s, "
          f"first page drawn in {first_page * 1000:.0f} ms")
    opened.page.close()


def test_a_long_comparison_stays_in_its_column_and_leads_to_its_changes(browser, tmp_path: Path) -> None:
    """A side-by-side diff of a long page with an unbroken URL in it: the right side must not run
    under the metadata box, and the change far down the page is one click away."""
    url = "https://harbour.example/" + "timetable_" * 40
    same = "\n".join(sentence(1, j) for j in range(60))
    page = page_from_record({"url": "https://harbour.example/long", "title": "Long", "text": same})
    page["compare"] = {"label_a": "old.toml", "label_b": "new.toml",
                       "ops": [["=", f"{url}\n{same}\n"], ["-", "Ferry timetable: see the harbour office."],
                               ["=", "\nThe end."]]}
    path = tmp_path / "long.html"
    rules, files = rule_catalogue()
    path.write_text(render_review([page], title="Long", rules=rules, rule_files=files), encoding="utf-8")
    opened = Opened(browser, path)
    opened.page.click("#page-list li[data-page='0']")
    right = opened.page.locator(".side-b").bounding_box()
    meta = opened.page.locator(".page-meta-box").bounding_box()
    assert right["x"] + right["width"] <= meta["x"], (right, meta)
    change = opened.page.locator(".side-a del.lost")
    assert not change.is_visible() or change.bounding_box()["y"] > 900  # far below the fold
    opened.page.click("button.next-change")
    box = change.bounding_box()
    assert 0 <= box["y"] < 900, box
    assert opened.errors == []
    opened.page.close()
