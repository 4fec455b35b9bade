"""benchmarks/planted.py's planting and counting, on small synthetic pages (no ../shared).

The benchmark is only worth its figures if junk really lands between the article's paragraphs,
inside its container, in plain markup; if a seed gives the same pages every time; and if a
system that keeps everything scores 100% survival and one that keeps nothing 0%.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("planted_benchmark", ROOT / "benchmarks" / "planted.py")
planted = importlib.util.module_from_spec(_spec)
sys.modules["planted_benchmark"] = planted  # dataclasses look their module up by name
_spec.loader.exec_module(planted)

PARAGRAPHS = [
    f"Paragraph {i} of the story: the council met on the {i}th and talked about the bridge, the budget "
    f"and the school roof for a long while, number {i}."
    for i in range(1, 8)
]
# what a page's own template says already: a planted copy of it could not be told from the original
SIDEBAR_JUNK = ("Advertisement. Share this article. Comments. Leave a comment. Home. Related. Anzeige. "
                "Sign up for our daily newsletter to get the top stories in your inbox. Publicidad. Publicité")


def _page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html lang='en'><head><title>{title} | Town Paper</title></head><body>"
        "<nav><a href='/'>Front page</a> <a href='/about'>About us</a></nav>"
        f"<div id='main'><article><h1>{title}</h1>{body}</article></div>"
        "<aside><p>A long sidebar paragraph about something else entirely, which is not the article.</p>"
        f"<p>{SIDEBAR_JUNK}</p></aside>"
        "</body></html>"
    )


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    truth = {}
    (tmp_path / "html").mkdir()
    for n, title in enumerate(["Council argues over the bridge budget", "School roof repairs start next week"]):
        key = f"page{n}"
        paragraphs = [p.replace("story", f"story {key}") for p in PARAGRAPHS]
        (tmp_path / "html" / f"{key}.html.gz").write_bytes(gzip.compress(_page(title, paragraphs).encode()))
        truth[key] = {"url": f"https://town.example/news/{key}.html", "articleBody": "\n".join(paragraphs)}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return tmp_path


def _plant(directory: Path, key: str = "page0", seed: int = 1, per_page: int = 3):
    data = planted.load_dataset(directory)
    body = gzip.decompress(data.page_path(key).read_bytes())
    return planted.plant(key, body, data.urls[key], data.kind, data.truth[key],
                         ["A headline from some other page of the set"], seed, per_page)


def _holder(doc, text: str):
    """The deepest element whose text holds ``text`` (the planted item itself)."""
    wanted = planted.normalise(text)
    holders = [el for el in doc.iter() if isinstance(el.tag, str) and wanted in planted.normalise(el.text_content())]
    return holders[-1]


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_junk_lands_inside_the_container_between_paragraphs_in_plain_markup(dataset: Path, seed: int) -> None:
    page = _plant(dataset, seed=seed, per_page=4)
    assert len({line.cls for line in page.lines}) == 4
    doc = lxml_html.document_fromstring(planted.decode_html(page.planted))
    order = {el: i for i, el in enumerate(doc.iter())}
    article = doc.find(".//article")
    paragraphs = [p for p in article.iter("p") if planted.normalise(p.text_content()).startswith("paragraph")]
    assert len(paragraphs) == len(PARAGRAPHS)
    for line in page.lines:
        holder = _holder(doc, line.text)
        assert article in holder.iterancestors(), line
        assert order[paragraphs[0]] < order[holder] < order[paragraphs[-1]], line
    marked = [el for el in doc.iter() if isinstance(el.tag, str) and (el.get("class") or el.get("id"))]
    assert [el.get("id") for el in marked] == ["main"]  # the page's own id, nothing planted carries one


def test_the_same_seed_plants_the_same_page_and_another_seed_another(dataset: Path) -> None:
    first, again = _plant(dataset, seed=7), _plant(dataset, seed=7)
    assert first.planted == again.planted
    assert first.lines == again.lines
    assert any(_plant(dataset, seed=seed).planted != first.planted for seed in (8, 9, 10))
    assert first.baseline == _plant(dataset, seed=8).baseline  # the unplanted page does not depend on the seed


def test_a_page_without_two_truth_paragraphs_is_skipped(tmp_path: Path) -> None:
    body = _page("Only one paragraph matches here", [PARAGRAPHS[0], "Something not in the truth at all, no."])
    assert planted.plant("k", body.encode(), "https://town.example/a", "aeb", PARAGRAPHS[0], [], 1, 3) is None


def _page_text(body: bytes, _: str, __: str) -> str:
    return lxml_html.document_fromstring(planted.decode_html(body)).text_content()


def _systems():
    return {"keeps the page": _page_text, "keeps nothing": lambda body, html, url: ""}


def test_survival_is_counted_from_what_a_system_returns(dataset: Path) -> None:
    report = planted.run(dataset, seed=1, per_page=3, processes=1, systems=_systems)
    assert report["planted_pages"] == 2 and report["skipped_no_container"] == 0
    assert report["lines"] >= 6
    everything, nothing = report["systems"]["keeps the page"], report["systems"]["keeps nothing"]
    assert everything["survived"] == everything["planted"] == report["lines"]
    assert everything["survival"] == 1.0
    assert nothing["survived"] == 0 and nothing["survival"] == 0.0
    assert sum(c["planted"] for c in everything["per_class"].values()) == report["lines"]
    # the article's text, scored with the planted lines cut out: the same on the planted page as without
    assert everything["text_planted"]["recall"] == pytest.approx(everything["text_unplanted"]["recall"])
    assert nothing["text_planted"]["recall"] == 0.0


def test_no_planted_line_is_in_the_unplanted_page(dataset: Path) -> None:
    """Else finding it in an output would prove nothing: the page said it already."""
    for seed in range(1, 31):
        page = _plant(dataset, seed=seed, per_page=6)
        before = planted.normalise(_page_text(page.baseline, "", ""))
        assert not any(line.survives(before) for line in page.lines)


def test_a_teaser_whose_marker_alone_was_dropped_still_survives() -> None:
    line = planted.PlantedLine("related", "en", "Related  Bridge vote delayed again", "Bridge vote delayed again")
    assert line.survives(planted.normalise("The article.\nBridge vote delayed again\nMore article."))
    assert not line.survives(planted.normalise("The article.\nMore article."))
    cut = planted.without_junk("The article.\nRELATED\u00a0 bridge vote   delayed again\nMore.", [line])
    assert "bridge" not in cut.lower() and cut.startswith("The article.") and cut.endswith("More.")


def test_markup_labels_name_the_planted_elements() -> None:
    from planted_why import line_markups, markup_label

    assert markup_label("<p><span>Like 12</span></p>") == ["p>span"]
    assert markup_label("<p>Tags: <a href='/x/'>X</a></p>") == ["p+a"]
    assert markup_label("<p><a href='/n/'><strong>Sign up</strong></a></p>") == ["p>a>strong"]
    assert line_markups("<h3>Comments</h3><p>Be kind.</p>", 2) == ["h3", "p"]
    assert line_markups("<figure><img src='a.jpg'><figcaption>A</figcaption></figure><p>A</p>", 1) == [
        "figure>figcaption+p"]


def test_why_counts_every_surviving_line_once_by_markup_and_reason(dataset: Path) -> None:
    """--why: each line kept by 'cleancrawl' gets one reason; the markup table covers every line."""
    def systems():
        return {"cleancrawl": _page_text}

    report = planted.run(dataset, seed=1, per_page=3, processes=1, systems=systems, why=True)
    found = report["why"]
    assert sum(n for n, _ in found["markup"].values()) == report["lines"]
    kept = report["systems"]["cleancrawl"]["survived"]
    assert sum(k for _, k in found["markup"].values()) == kept == report["lines"]
    assert sum(n for reason, (n, _) in found["why"].items() if ": " not in reason) == kept
    assert "?" not in found["why"]
