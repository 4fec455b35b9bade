"""``cleancrawl review`` without a browser: page dicts from records, a hostile page's text kept
inert in the HTML, and the command over pages and over a JSON-lines run."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from crawler.cli import main
from output.review import page_from_record, render_review, rule_catalogue

PARAGRAPH = "The ferry service to the islands will run twice a day through the winter, the operator said on Monday."
HOSTILE = 'Before </script><script>window.pwned=1</script> and <img src=x onerror="window.pwned=2"> after <!--'


def article(title: str, junk: str = "Advertisement") -> str:
    body = "".join(f"<p>{PARAGRAPH} Note {i} on {title}.</p>" for i in range(5))
    return f"<html><head><title>{title}</title></head><body><article><p>{junk}</p>{body}</article></body></html>"


def embedded_data(document: str) -> dict:
    match = re.search(r'<script id="review-data" type="application/json">(.*?)</script>', document, re.S)
    assert match, "no data element"
    return json.loads(match.group(1))


def record(**fields) -> dict:
    base = {
        "url": "https://news.example/a", "file": None, "source": None, "title": "A title", "authors": ["Ann Lee"],
        "published": "2024-01-02", "language": "en", "images": [], "text": "First kept.\nSecond kept.",
        "removed": {"ads.marker": 1},
        "removed_blocks": [{"rule": "ads.marker", "stage": "text", "text": "Advertisement", "at": 12}],
    }
    return base | fields


def test_a_record_becomes_a_page_with_its_blocks_in_place() -> None:
    page = page_from_record(record())
    assert page["label"] == "https://news.example/a"
    assert page["site"] == "news.example"
    assert page["href"] == "https://news.example/a"
    assert page["removed"] == [
        {"rule": "ads.marker", "stage": "text", "text": "Advertisement", "at": 12, "score": None}]
    assert page["text"][page["removed"][0]["at"] :] == "Second kept."
    assert (page["words_kept"], page["words_removed"], page["rejected"]) == (4, 1, None)


def test_an_old_record_without_positions_or_provenance_still_renders() -> None:
    old = record(removed_blocks=[{"rule": "ads.marker", "stage": "dom", "text": "Buy now"}])
    assert page_from_record(old)["removed"][0]["at"] is None
    bare = record()
    del bare["removed_blocks"]
    assert page_from_record(bare)["removed"] == []
    beyond = record(removed_blocks=[{"rule": "x.y", "stage": "text", "text": "t", "at": 10_000}])
    assert page_from_record(beyond)["removed"][0]["at"] == len(beyond["text"])


def test_a_rejection_row_is_a_rejected_page() -> None:
    page = page_from_record({"file": "pages/c.htm", "rejected": "too-short", "text": ""})
    assert page["rejected"] == "too-short"
    assert page["label"] == "pages/c.htm"
    assert page["href"].startswith("file:///") and page["href"].endswith("/pages/c.htm")


def test_a_hostile_url_is_not_linked() -> None:
    assert page_from_record(record(url="javascript:alert(1)"))["href"] is None


def test_hostile_page_text_stays_inert_and_round_trips() -> None:
    page = page_from_record(record(title=HOSTILE, text=f"{HOSTILE}\nMore.", url="https://e.example/<b>"))
    page["removed"][0]["rule"] = 'ads.x"><img src=y onerror=alert(3)>'
    document = render_review([page], title="review </title><script>x()</script>", rules={}, rule_files=[])
    assert document.count("</script>") == 2  # the data element's and the script's own
    assert "<img" not in document and "<!--" not in document
    assert "<script>x()" not in document
    data = embedded_data(document)
    assert data["pages"][0]["text"].startswith(HOSTILE)
    assert data["pages"][0]["title"] == HOSTILE


def test_overview_counts_rules_reasons_and_lengths() -> None:
    pages = [page_from_record(record()), page_from_record({"file": "b.html", "rejected": "no-text", "text": ""})]
    rules, files = rule_catalogue()
    document = render_review(pages, title="t", rules=rules, rule_files=files, summary_extra={"pages changed": 3})
    assert "data-filter-rule='ads.marker'" in document
    assert "data-filter-reason='no-text'" in document
    assert "<svg class=\"chart\"" in document and "words in the article" in document
    assert "<th>pages changed</th><td>3</td>" in document
    assert all(len(f["sha256"]) == 64 for f in files)
    assert rules["ads.marker"]["family"] == "ads" and rules["ads.marker"]["description"]


def test_a_model_removal_shows_its_rule_and_score() -> None:
    blocks = [{"rule": "model.block@0.873", "stage": "text", "text": "Follow us on the messenger channel", "at": 0},
              {"rule": "ads.marker", "stage": "text", "text": "Advertisement", "at": 12}]
    page = page_from_record(record(removed_blocks=blocks, removed={"model.block": 1, "ads.marker": 1}))
    assert [(b["rule"], b["score"]) for b in page["removed"]] == [("model.block", 0.873), ("ads.marker", None)]
    rules, files = rule_catalogue()
    document = render_review([page], title="t", rules=rules, rule_files=files)
    assert "data-filter-rule='model.block'" in document  # one row for the model, whatever the scores
    assert "block model" in rules["model.block"]["description"]
    shown = embedded_data(document)["pages"][0]["removed"][0]
    assert (shown["rule"], shown["score"]) == ("model.block", 0.873)
    script = (Path(__file__).parent.parent / "output" / "review" / "review.js").read_text(encoding="utf-8")
    assert "block.score.toFixed(3)" in script  # the tag and the title show it


def test_compare_contract_is_embedded_as_given() -> None:
    page = page_from_record(record())
    ops = [["=", "Kept "], ["-", "lost"], ["+", "won"]]
    page["compare"] = {"label_a": "old.toml", "label_b": "new.toml", "ops": ops}
    data = embedded_data(render_review([page], title="t", rules={}, rule_files=[]))
    assert data["pages"][0]["compare"]["ops"][1] == ["-", "lost"]


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.html").write_text(article("Alpha"), encoding="utf-8")
    (folder / "b.html.gz").write_bytes(gzip.compress(article("Bravo").encode()))
    (folder / "c.htm").write_text("<html><body><p>Nothing here.</p></body></html>", encoding="utf-8")
    return folder


def test_review_of_pages_cleans_them_and_keeps_the_rejected(pages: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "review.html"
    assert main(["review", str(pages), "-o", str(out), "-j", "1"]) == 0
    data = embedded_data(out.read_text(encoding="utf-8"))
    by_name = {Path(p["file"]).name: p for p in data["pages"]}
    assert set(by_name) == {"a.html", "b.html.gz", "c.htm"}
    assert by_name["c.htm"]["rejected"] == "too-short"
    blocks = by_name["a.html"]["removed"]
    assert [b["rule"] for b in blocks] == ["ads.marker"]
    err = capsys.readouterr().err
    assert "pages: 3 (2 articles, 1 rejected)" in err
    assert re.search(r"30-related\.toml  [0-9a-f]{12}", err)
    assert f"output: {out}" in err


def test_review_of_a_run_shows_its_records(pages: Path, tmp_path: Path, capsys) -> None:
    run = tmp_path / "run.jsonl.gz"
    assert main(["clean", str(pages), "-o", str(tmp_path / "run.jsonl"), "--provenance", "-q"]) == 0
    run.write_bytes(gzip.compress((tmp_path / "run.jsonl").read_bytes()))
    out = tmp_path / "review.html"
    assert main(["review", str(run), "-o", str(out)]) == 0
    data = embedded_data(out.read_text(encoding="utf-8"))
    assert len(data["pages"]) == 2
    assert data["pages"][0]["removed"][0]["rule"] == "ads.marker"
    assert "as loaded now" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"text": "ok"}\nnot json\n', "run.jsonl:2: not a JSON line"),
        (b"[1, 2]\n", "run.jsonl:1: not a cleancrawl record"),
    ],
)
def test_a_broken_line_is_skipped_named_and_exit_1(tmp_path: Path, capsys, content: bytes, expected: str) -> None:
    """The contract (docs/cli.md): a corrupt line is skipped and named, the rest reviewed, exit 1."""
    run = tmp_path / "run.jsonl"
    run.write_bytes(content)
    assert main(["review", str(run), "-o", str(tmp_path / "r.html")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith("cleancrawl review: skipped ") and expected in err[0]
    assert "Traceback" not in "\n".join(err)
    # the good record is reviewed; with none left, no review is written
    assert (tmp_path / "r.html").exists() == content.startswith(b'{"text"')


@pytest.mark.parametrize("target", ["missing-folder/r.html", "."])
def test_bad_arguments_are_one_line_and_exit_2(pages: Path, tmp_path: Path, capsys, target: str) -> None:
    assert main(["review", str(pages), "-o", str(tmp_path / target)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert main(["review", str(tmp_path / "nothing.jsonl"), "-o", str(tmp_path / "r.html")]) == 2
    assert "no such file" in capsys.readouterr().err



def test_review_inside_a_checkout_cleans_with_that_checkouts_rules(pages: Path, tmp_path: Path, monkeypatch, capsys):
    """The rules being edited, not the installed package's: a checkout whose ads file lost its
    marker rule reviews the page with the ad line kept, and says whose rules it used."""
    import shutil

    from cleaners.ruleset import builtin_rule_files

    clone = tmp_path / "clone"
    rules = clone / "cleaners" / "rules"
    shutil.copytree(Path(str(builtin_rule_files()[0])).parent, rules)
    (clone / "pyproject.toml").write_text('[project]\nname = "cleancrawl"\n', encoding="utf-8")
    ads = rules / "50-ads.toml"
    ads.write_text("# every ad rule deleted in this checkout\n", encoding="utf-8")
    (rules / "97-labels.toml").write_text("# and the label rules, which know ad markers too\n", encoding="utf-8")
    monkeypatch.chdir(clone)
    out = tmp_path / "review.html"
    assert main(["review", str(pages / "a.html"), "-o", str(out), "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert f"rules from the checkout {rules}" in err
    assert str(ads) in err
    (page,) = embedded_data(out.read_text(encoding="utf-8"))["pages"]
    assert [b["rule"] for b in page["removed"]] == []
    assert "Advertisement" in page["text"]


def test_a_crawl_with_provenance_is_reviewed_with_its_removed_blocks_in_place(crawl, server, tmp_path, capsys):
    """Auditing a crawl: `crawl --provenance` records carry what each rule removed and where, and
    `cleancrawl review` of the crawl's output shows it (without --provenance there is nothing to show)."""
    from mockserver import article_html

    urls = [server.add(f"/news/{i}.html", article_html(f"Harbour story {i}", junk=["Advertisement"]))
            for i in range(3)]
    server.add_sitemap("/sitemap.xml", urls)
    result = crawl(server.url("/sitemap.xml"), "--provenance", "--state", "off")
    assert result.returncode == 0, result.stderr
    assert len(result.records) == 3
    for record in result.records:
        (block,) = [b for b in record["removed_blocks"] if b["rule"] == "ads.marker"]
        assert block["text"] == "Advertisement" and block["stage"] == "text"
        first_paragraph = record["text"].split("\n")[0]
        assert block["at"] == len(first_paragraph) + 1  # it stood between the first and second paragraph
    plain = crawl(server.url("/sitemap.xml"), "--state", "off", output="plain.jsonl")
    assert all("removed_blocks" not in r for r in plain.records)

    out = tmp_path / "review.html"
    assert main(["review", str(tmp_path / "out.jsonl"), "-o", str(out)]) == 0
    pages = embedded_data(out.read_text(encoding="utf-8"))["pages"]
    assert len(pages) == 3 and all(any(b["rule"] == "ads.marker" for b in p["removed"]) for p in pages)
    assert "carry no removed_blocks" not in capsys.readouterr().err
