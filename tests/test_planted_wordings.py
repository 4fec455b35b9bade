"""benchmarks/planted.py --wordings: the wordings file is validated before anything is planted,
and its junk lands between the article's paragraphs, deterministically, in plain varied markup.

Written without reading the wordings' text: the tests check the file's shape (classes, languages,
placeholders), not what it says, so that they can run where the rule writers work.
"""

from __future__ import annotations

import copy
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
import planted_wordings  # noqa: E402 - on sys.path once planted.py is loaded

WORDINGS = ROOT / "benchmarks" / "planted_unseen" / "wordings.json"
PARAGRAPHS = [
    f"Paragraph {i} of the report: the council met on the {i}th and talked about the bridge, the budget "
    f"and the school roof for a long while, number {i}."
    for i in range(1, 9)
]


def _raw() -> dict:
    return json.loads(WORDINGS.read_text(encoding="utf-8"))


def _errors(data: dict, tmp_path: Path) -> str:
    path = tmp_path / "wordings.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(planted_wordings.WordingsError) as caught:
        planted_wordings.load_wordings(path)
    return str(caught.value)


def test_the_shipped_file_has_every_class_in_at_least_six_languages() -> None:
    wordings = planted_wordings.load_wordings(WORDINGS)
    assert set(wordings.classes) == set(planted_wordings.PLACEHOLDERS)
    assert {"en", "de", "es", "fr", "pt", "it"} <= set(wordings.languages)
    for cls, by_lang in wordings.classes.items():
        for lang in wordings.languages:
            assert len({t.casefold() for t in by_lang[lang]}) >= planted_wordings.MIN_WORDINGS, (cls, lang)


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["classes"]["related"]["en"].append("See this: {headlines}"), "uses ['headlines']"),
    (lambda d: d["classes"]["related"]["de"].append("Lesen ohne Link"), "lacks ['headline']"),
    (lambda d: d["classes"].pop("like"), "classes.like: missing"),
    (lambda d: d["classes"]["share"].__setitem__("fr", d["classes"]["share"]["fr"][:3]),
     "classes.share.fr: 3 wordings"),
    (lambda d: d["classes"]["like"]["es"].append("Me gusta {n:>4}"), "only plain {name}"),
    (lambda d: d["classes"]["like"]["es"].append("Me gusta {n"), "classes.like.es"),
    (lambda d: d["parts"]["caption-credit"]["it"].append("Foto: {photographer}"), "parts.caption-credit.it"),
    (lambda d: d["classes"]["ad-marker"].__setitem__("xx", ["Ad"] * 8), "languages ['xx'] have no vocab"),
    (lambda d: d["vocab"]["pt"].__setitem__("months", ["janeiro"]), "vocab.pt.months"),
    (lambda d: d["classes"].__setitem__("popup", {}), "['popup'] unknown"),
    (lambda d: d["classes"]["newsletter"]["nl"].append(d["classes"]["newsletter"]["nl"][0]), "the same wording twice"),
])
def test_the_loader_names_what_is_wrong(change, expected: str, tmp_path: Path) -> None:
    data = copy.deepcopy(_raw())
    change(data)
    assert expected in _errors(data, tmp_path)


def test_an_unreadable_file_and_a_bad_file_on_the_command_line_are_usage_errors(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert planted.main([str(tmp_path), "--wordings", str(broken)]) == 2
    assert planted.main([str(tmp_path), "--wordings", str(tmp_path / "absent.json")]) == 2
    assert "broken.json" in capsys.readouterr().err


def _page(paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html lang='pt'><head><title>Ponte adiada outra vez | Jornal</title></head><body>"
            f"<div id='main'><article><h1>Ponte adiada</h1>\n{body}\n</article></div></body></html>")


def _plant(seed: int, per_page: int = 4):
    junk = planted.junk_set(WORDINGS)
    return planted.plant("k", _page(PARAGRAPHS).encode(), "https://jornal.example/a/1", "aeb", "\n".join(PARAGRAPHS),
                         ["Another page's headline about the harbour"], seed, per_page, junk)


def _spaced(el) -> str:
    return planted.words(" ".join(el.itertext()))


@pytest.mark.parametrize("seed", range(1, 9))
def test_each_item_sits_between_two_article_paragraphs_without_class_or_id(seed: int) -> None:
    page = _plant(seed)
    assert len({line.cls for line in page.lines}) == 4
    doc = lxml_html.document_fromstring(planted.decode_html(page.planted))
    article = doc.find(".//article")
    body = [p for p in article.iter("p") if planted.normalise(p.text_content()).startswith("paragraph")]
    assert len(body) == len(PARAGRAPHS)
    for line in page.lines:
        holder = [el for el in article.iter() if planted.words(line.text) in _spaced(el)][-1]
        item = next(el for el in (holder, *holder.iterancestors()) if el.getparent() is article)
        before = item.getprevious()
        while before is not None and before not in body:  # other planted items after the same paragraph
            before = before.getprevious()
        after = item.getnext()
        while after is not None and after not in body:
            after = after.getnext()
        assert before is not None and after is not None, (line, lxml_html.tostring(item))
    marked = [el for el in doc.iter() if isinstance(el.tag, str) and (el.get("class") or el.get("id"))]
    assert [el.get("id") for el in marked] == ["main"]


def test_planting_is_deterministic_by_seed() -> None:
    first = _plant(3)
    assert first.planted == _plant(3).planted and first.lines == _plant(3).lines
    assert any(_plant(seed).planted != first.planted for seed in (4, 5, 6))


def test_the_markup_varies_beyond_plain_paragraphs() -> None:
    tags: set[str] = set()
    for seed in range(1, 41):
        doc = lxml_html.document_fromstring(planted.decode_html(_plant(seed, per_page=6).planted))
        tags |= {el.tag for el in doc.find(".//article").iter() if isinstance(el.tag, str)}
    assert {"small", "span", "em", "ul", "li", "aside", "strong", "a", "figure", "time"} <= tags


def test_every_class_and_language_can_be_drawn_and_filled() -> None:
    """Every wording of every class renders with no placeholder left (a ``{`` in the text would
    be a placeholder the filler does not know)."""
    import random

    wordings = planted_wordings.load_wordings(WORDINGS)
    classes = planted_wordings.junk_classes(wordings)
    for cls, generate in classes.items():
        for lang in wordings.languages:
            ctx = planted.Context(random.Random(f"{cls}:{lang}"), lang, "https://site.example", ["Other headline"])
            for _ in range(30):
                markup, lines = generate(ctx)
                assert lines and all(text and "{" not in text and "}" not in text for text, _ in lines), (cls, lang)
                assert lxml_html.fragments_fromstring(markup)


def test_a_line_is_kept_when_its_words_are_in_the_output_whatever_comes_between() -> None:
    line = planted.PlantedLine("share", "de", "Artikel teilen Facebook X E-Mail", None, loose=True)
    assert line.survives(planted.normalise("Erster Absatz.\n- Artikel teilen\n- Facebook\n- X\n- E-Mail\nZweiter."))
    assert not line.survives(planted.normalise("Erster Absatz.\n- Facebook\n- X\nZweiter."))
    assert not line.survives(planted.normalise("Artikel teilen Facebook Xavier E-Mail"))  # whole words only
    teaser = planted.PlantedLine("related", "en", "Read more: Bridge vote delayed", "Bridge vote delayed", loose=True)
    assert teaser.survives(planted.normalise("Text. Bridge vote delayed. More text."))


def _as_an_extractor_prints_it(body: bytes, _: str, __: str) -> str:
    """The whole page as text, list items as bulleted lines (as trafilatura prints them)."""
    doc = lxml_html.document_fromstring(planted.decode_html(body))
    for item in doc.iter("li"):
        item.text = "- " + (item.text or "")
    return "\n".join(doc.itertext())


def _systems():
    return {"keeps the page": _as_an_extractor_prints_it, "keeps nothing": lambda body, html, url: ""}


def test_a_run_from_the_file_counts_per_class_and_per_language(tmp_path: Path) -> None:
    truth = {}
    (tmp_path / "html").mkdir()
    for n in range(6):
        paragraphs = [p.replace("report", f"report {n}") for p in PARAGRAPHS]
        (tmp_path / "html" / f"p{n}.html.gz").write_bytes(gzip.compress(_page(paragraphs).encode()))
        truth[f"p{n}"] = {"url": f"https://jornal.example/a/{n}", "articleBody": "\n".join(paragraphs)}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    report = planted.run(tmp_path, seed=2, per_page=8, processes=1, systems=_systems, wordings=WORDINGS)
    assert report["wordings"] == str(WORDINGS) and report["planted_pages"] == 6
    everything, nothing = report["systems"]["keeps the page"], report["systems"]["keeps nothing"]
    assert everything["survived"] == everything["planted"] == report["lines"] >= 48
    assert nothing["survived"] == 0
    assert sum(c["planted"] for c in everything["per_language"].values()) == report["lines"]
    assert everything["text_planted"]["recall"] == pytest.approx(everything["text_unplanted"]["recall"])
