"""The wording model (cleaners/wording_model.py, rule ``model.wording``): a short line the other
rules kept, whose words the learned table reads as page furniture, goes; story lines using the
same words, the headline and long paragraphs stay; a table that cannot be read turns the rule
off with one warning, never an error.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

import cleaners.wording_model as wording_model
from benchmarks.train_lexical_junk import encode, fit_lexical, table_bytes
from benchmarks.train_wording_model import MAX_STORY_SHARE, pick_threshold, wording_rows
from cleaners import clean_html
from cleaners.blocks import Block
from cleaners.lexical_junk import LexicalModel
from cleaners.ruleset import rules_for
from cleaners.text_rules import PageContext, apply_text_rules
from cleaners.words import count_words

WORDINGS = Path(__file__).parent / "wordings"
STORY_BUDGET = MAX_STORY_SHARE
"""The share of a story file's lines the table may take as paragraphs: the threshold was chosen
to keep out-of-fold story lines under it."""
PROSE = [
    f"The ferry operator said on day {i} that crossings would resume once the harbour wall is repaired, "
    f"and that passengers booked for the {i + 1} sailings would be moved to the next free boat."
    for i in range(6)
]
# Furniture in wordings no wording file holds and no phrase, label or concept rule takes.
UNSEEN = [
    "Bu haberi beğendiniz mi? Paylaşmayı unutmayın",
    "Te-a ajutat acest articol? Spune-ne în comentarii",
    "Czy ten artykuł był pomocny? Daj znać w komentarzu",
    "Vous avez aimé cet article ? Faites-le savoir",
]


def page(middle: str, title: str = "Ferry crossings halted") -> str:
    body = "".join(f"<p>{p}</p>" for p in PROSE[:3]) + middle + "".join(f"<p>{p}</p>" for p in PROSE[3:])
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"


def removed(html: str) -> dict[str, str]:
    article = clean_html(html, "https://ferry.example/news/1")
    assert all(p in article.text for p in PROSE), "the story's own paragraphs must all stay"
    return {b.text: b.rule_id for b in article.removed}


def model_rule():
    return next(r for r in rules_for().text if r.id == "model.wording")


@pytest.mark.parametrize("line", UNSEEN)
def test_furniture_in_an_unseen_wording_goes_as_model_wording(line: str) -> None:
    assert removed(page(f"<p>{line}</p>")).get(line) == "model.wording"


def test_a_line_another_rule_explains_keeps_that_rule() -> None:
    """The wording model judges only what every other rule kept."""
    line = "Подпишитесь на нашу рассылку"
    assert wording_model.packaged_table().junk_score(line) >= wording_model.packaged_table().card["threshold"]
    assert removed(page(f"<p>{line}</p>")).get(line) == "concepts.newsletter"


def story_lines(path: Path) -> list[str]:
    return [t.strip() for t in path.read_text(encoding="utf-8").splitlines() if t.strip() and not t.startswith("#")]


@pytest.mark.parametrize("path", sorted(WORDINGS.glob("*_story_lines.txt")), ids=lambda p: p.name)
def test_story_lines_using_furniture_words_stay(path: Path) -> None:
    """News sentences using the furniture's words stay as headings, all of them, and as paragraphs
    all but at most ``STORY_BUDGET`` of them (the threshold's budget: the table cannot tell a
    how-to step printed as a paragraph, 'Hoe je je afmeldt voor een nieuwsbrief', from a prompt).
    They are training negatives: this guards the shipped table and the rule's reading of it; out of
    fold they are cleaners/models/README.md's. A bare label of one or two words between
    paragraphs ('Kein Kommentar') is the table's to judge (``LABEL_MAX_WORDS``)."""
    table = wording_model.packaged_table()
    lines = story_lines(path)
    sentences = [t for t in lines if count_words(t) > wording_model.LABEL_MAX_WORDS]
    _, gone = apply_text_rules([PROSE[0], *sentences], [model_rule()], PageContext())
    assert len(gone) <= STORY_BUDGET * len(sentences), [(b.text, round(table.junk_score(b.text), 3)) for b in gone]
    headings = tuple(Block(t, "head", None, count_words(t)) for t in lines)
    _, gone = apply_text_rules(lines, [model_rule()], PageContext(blocks=headings))
    assert gone == []


def test_a_short_label_goes_between_paragraphs_and_stays_as_a_heading() -> None:
    label = "Kommentare lesen"
    assert count_words(label) <= wording_model.LABEL_MAX_WORDS
    assert removed(page(f"<p>{label}</p>")).get(label) == "model.wording"
    assert label not in removed(page(f"<h3>{label}</h3>"))


# Furniture the table scores under its threshold but over ``OFF_TOPIC_THRESHOLD``.
OFF_TOPIC = ["Más información deportiva en Líbero.pe", "Gleich können Sie weiterlesen!"]


@pytest.mark.parametrize("line", OFF_TOPIC)
def test_a_line_sharing_no_word_of_the_story_goes_at_the_lower_threshold(line: str) -> None:
    table = wording_model.packaged_table()
    assert wording_model.OFF_TOPIC_THRESHOLD <= table.junk_score(line) < table.card["threshold"]
    assert removed(page(f"<p>{line}</p>")).get(line) == "model.wording"


def test_a_line_sharing_a_word_of_the_story_needs_the_tables_threshold() -> None:
    """The same lines in a story that uses their words ('deportiva', 'weiterlesen') are read as
    the story's: a line of the story shares its words."""
    story = ("<p>La información deportiva del puerto dice que los ferris vuelven el lunes, según el operador "
             "del muelle y los pasajeros que esperaban desde la mañana.</p>"
             "<p>Die Passagiere wollten nach der Pause weiterlesen, bis die Fähre am Abend wieder fuhr und der "
             "Hafen die Sperre aufhob.</p>")
    for line in OFF_TOPIC:
        assert line not in removed(page(f"{story}<p>{line}</p>"))


def test_a_line_of_two_words_is_never_off_the_topic() -> None:
    """A label of two words says too little to be off a story's topic."""
    assert not wording_model._Topic(["Jetzt weiterlesen", PROSE[0]], [0, 1], ()).off_topic(0)
    assert wording_model._Topic(["Gleich können Sie weiterlesen!", PROSE[0]], [0, 1], ()).off_topic(0)


def between(line: str) -> list[str]:
    return [PROSE[0], line, PROSE[1]]


def test_the_headline_stays_however_it_reads() -> None:
    line = UNSEEN[0]
    rule = model_rule()
    kept, gone = apply_text_rules(between(line), [rule], PageContext(titles=(line,)))
    assert kept == between(line) and gone == []
    kept, gone = apply_text_rules(between(line), [rule], PageContext(titles=("Ferry crossings halted",)))
    assert kept == PROSE[:2] and [b.rule_id for b in gone] == ["model.wording"]


def test_never_every_line_the_other_rules_kept() -> None:
    assert apply_text_rules([UNSEEN[0]], [model_rule()], PageContext())[1] == []
    assert apply_text_rules(UNSEEN[:2], [model_rule()], PageContext())[1] == []
    _, gone = apply_text_rules([*UNSEEN[:2], PROSE[0]], [model_rule()], PageContext())
    assert [b.text for b in gone] == UNSEEN[:2]


@pytest.mark.parametrize("line", UNSEEN)
def test_a_heading_stays_whatever_it_says(line: str) -> None:
    """How-to and Q&A articles print their steps as headings ('Jak wyłączyć komentarze na
    Facebooku'): the table never judges a heading."""
    assert line not in removed(page(f"<h3>{line}</h3>"))


def test_a_line_over_the_rules_word_cap_is_not_read() -> None:
    rule = model_rule()
    long_line = " ".join([UNSEEN[0]] * 8)
    assert len(long_line.split()) > rule.max_words
    assert apply_text_rules(between(long_line), [rule], PageContext())[1] == []


def test_a_table_in_use_replaces_the_packaged_one_inside_its_block() -> None:
    silent = LexicalModel(-10.0, {}, {"threshold": 0.5})
    rule = model_rule()
    with wording_model.table_in_use(silent):
        assert wording_model.current_table() is silent
        assert apply_text_rules(between(UNSEEN[1]), [rule], PageContext())[1] == []
    assert wording_model.current_table() is wording_model.packaged_table()
    assert [b.rule_id for b in apply_text_rules(between(UNSEEN[1]), [rule], PageContext())[1]] == ["model.wording"]


@pytest.mark.parametrize(("card", "problem"), [({}, "threshold"), ({"threshold": 1.5}, "between"),
                                               ({"threshold": "high"}, "cannot be used")])
def test_a_table_without_a_usable_threshold_is_refused(card: dict, problem: str) -> None:
    text = LexicalModel(0.0, {"=a": 1.0}, card).to_json()
    with pytest.raises(ValueError, match=problem):
        wording_model.read_table(text)


def test_a_missing_table_turns_the_rule_off_with_one_warning(monkeypatch, caplog) -> None:
    monkeypatch.setattr(wording_model, "TABLE_FILE", "no-such-table.json")
    wording_model.packaged_table.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="cleaners.wording_model"):
            for _ in range(3):
                assert apply_text_rules(between(UNSEEN[0]), [model_rule()], PageContext())[1] == []
        assert [r.getMessage() for r in caplog.records if "model.wording off" in r.getMessage()] == [
            caplog.records[0].getMessage()
        ]
    finally:
        monkeypatch.undo()
        wording_model.packaged_table.cache_clear()
    assert wording_model.packaged_table() is not None


def test_the_packaged_table_says_how_it_was_made() -> None:
    table = wording_model.packaged_table()
    assert table is not None and 0.5 < table.card["threshold"] < 1.0
    assert "tests/wordings" in table.card["trained_on"]
    assert set(table.card["out_of_fold"]) == {"junk", "story", "article"}


def test_the_wording_files_give_junk_and_story_samples_per_file() -> None:
    rows = wording_rows(WORDINGS)
    files = {p.name.removesuffix("_wordings.json") for p in WORDINGS.glob("*_wordings.json")}
    files |= {p.name.removesuffix("_story_lines.txt") for p in WORDINGS.glob("*_story_lines.txt")}
    assert {source.removeprefix("wordings:") for source, *_ in rows} == files
    junk = [r for r in rows if r[3] == 0]
    story = [r for r in rows if r[3] == 1]
    assert len(junk) > 4000 and len(story) > 500
    assert all(page.endswith("/story") for _, page, _, _ in story)
    german = json.loads((WORDINGS / "german_wordings.json").read_text(encoding="utf-8"))
    first = next(v for k, v in german.items() if not k.startswith("_"))[0]
    assert ("wordings:german", first, 0) in {(s, t, label) for s, _, t, label in junk}


def test_training_on_the_same_samples_gives_the_same_table_bytes() -> None:
    samples = encode(sorted(wording_rows(WORDINGS)))
    assert table_bytes(fit_lexical(samples, c=4.0)) == table_bytes(fit_lexical(samples, c=4.0))


def test_the_threshold_is_the_lowest_within_both_budgets() -> None:
    import numpy as np

    junk = np.array([0.99, 0.97, 0.95, 0.9])
    story = np.array([0.1] * 99 + [0.93])  # 1% at or above 0.93
    article = np.array([0.1] * 999 + [0.96])  # 0.1% at or above 0.96
    assert pick_threshold(junk, story, article) == 0.8
    story = np.array([0.1] * 98 + [0.93, 0.93])  # 2% up to 0.93
    assert pick_threshold(junk, story, article) == 0.94


def test_a_removal_carries_its_score_into_the_record() -> None:
    from output.record import provenance_rule, split_provenance_rule

    article = clean_html(page(f"<p>{UNSEEN[0]}</p>"), "https://ferry.example/news/1")
    block = next(b for b in article.removed if b.rule_id == "model.wording")
    expected = round(wording_model.packaged_table().junk_score(UNSEEN[0]), 3)
    assert block.score == expected >= wording_model.packaged_table().card["threshold"]
    assert split_provenance_rule(provenance_rule(block.rule_id, block.score)) == ("model.wording", expected)
    assert all(b.score is None for b in article.removed if b.rule_id != "model.wording")
