"""``cleancrawl diff``: a rule change measured on saved pages before it is merged.

The adversarial case is the one the command exists for: a copy of a built-in rule file, edited
so that one rule is far too greedy, must be caught (exit 1) with the rule, the pages and the
words it took named; an unchanged copy must give exit 0.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from cleaners.ruleset import RULES_DIR, rule_file_paths
from crawler.cli import main
from output.run_diff import Side, compare_page, match_runs, word_diff

FIXTURES = Path(__file__).parent / "fixtures"
CASES = ["amp-wire-story-byline-copyright", "de-regionalbahn-lesen-sie-auch", "cut-after-comments-heading"]
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


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    """A few saved pages of the fixtures, plus one plain article: a small corpus."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in CASES:
        case = FIXTURES / name
        page = case / "page.html"
        if page.is_file():
            shutil.copyfile(page, folder / f"{name}.html")
        else:
            (folder / f"{name}.html").write_bytes(gzip.decompress((case / "page.html.gz").read_bytes()))
    (folder / "ferry.html").write_text(_page(PARAGRAPHS), encoding="utf-8")
    return folder


def _copy_of(tmp_path: Path, name: str) -> Path:
    copy = tmp_path / "edited" / name
    copy.parent.mkdir(exist_ok=True)
    copy.write_text((RULES_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    return copy


def _make_greedy(path: Path, rule_id: str) -> None:
    """The rule's pattern becomes "any line with 'the' in it", of up to 400 words."""
    text = path.read_text(encoding="utf-8")
    block = re.compile(rf'(id = "{re.escape(rule_id)}"\n.*?)max_words = \d+\npattern = \'\'\'.*?\'\'\'', re.S)
    edited, n = block.subn(lambda m: m.group(1) + "max_words = 400\npattern = '(?i).*\\bthe\\b'", text, count=1)
    assert n == 1, "the test's edit no longer applies to the rule file"
    path.write_text(edited, encoding="utf-8")


def run_diff(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["diff", "-j", "1", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_greedy_edit_of_a_builtin_rule_file_is_caught_with_its_rule_pages_and_words(tmp_path, pages, capsys):
    greedy = _copy_of(tmp_path, "60-prompts.toml")
    _make_greedy(greedy, "prompts.share")
    code, out, err = run_diff(capsys, "--rules-b", str(greedy), str(pages))
    assert code == 1, out + err
    changed = int(re.search(r"pages changed: (\d+)", out).group(1))
    assert changed >= 3, out
    lost_by_rule = re.search(r"words lost in B, by the rule that removed them:\n  (\S+): (\d+) words", out)
    assert lost_by_rule and lost_by_rule.group(1) == "prompts.share", out
    assert int(lost_by_rule.group(2)) > 100, out
    assert "ferry.html" in out and "amp-wire-story-byline-copyright.html" in out
    lost = re.findall(r"lost: '(.*)'", out)
    assert any("the" in sample.lower().split() for sample in lost), out
    assert str(greedy) in out, "the summary names the rule file B used"


def test_an_unchanged_copy_of_a_builtin_file_changes_nothing(tmp_path, pages, capsys):
    copy = _copy_of(tmp_path, "60-prompts.toml")
    code, out, _ = run_diff(capsys, "--rules-b", str(copy), str(pages))
    assert code == 0, out
    assert "pages compared: 4, pages changed: 0" in out
    assert "words lost: 0, words gained: 0" in out


def test_a_copy_replaces_the_builtin_file_of_its_name_so_a_deleted_rule_is_gone(tmp_path, capsys):
    """Added after the built-ins, the copy would only override same ids: a rule deleted in the
    copy would live on from the original and the edit could not be tried."""
    copy = _copy_of(tmp_path, "60-prompts.toml")
    text = copy.read_text(encoding="utf-8")
    start = text.index('[[text]]\nid = "prompts.share"')
    end = text.index("[[text]]", start + 1)
    copy.write_text(text[:start] + text[end:], encoding="utf-8")
    assert [p for p in rule_file_paths(None, [copy]) if p.name == "60-prompts.toml"] == [copy]
    folder = tmp_path / "pages"
    folder.mkdir()
    # a wording prompts.share alone takes (a share prompt such as 'Share this article' or 'Share this page
    # with friends' is concepts.share's too, and the wording table reads 'Share this page' as furniture)
    prompt = "Enjoyed this post? Pass it on!"
    (folder / "share.html").write_text(_page([PARAGRAPHS[0], prompt, *PARAGRAPHS[1:]]), "utf-8")
    code, out, _ = run_diff(capsys, "--rules-b", str(copy), str(folder))
    assert code == 1, out
    assert "words gained in B, by the rule that removed them in A:\n  prompts.share: 6 words on 1 page" in out


def _record(file: str | None, url: str | None, text: str, blocks=()) -> dict:
    return {"file": file, "url": url, "text": text, "removed_blocks": [{"rule": r, "stage": "text", "text": t}
                                                                        for r, t in blocks]}


def test_two_runs_are_matched_by_file_then_url_and_a_page_missing_from_b_is_newly_rejected(tmp_path, capsys):
    a = [_record("one.html", None, "\n".join(PARAGRAPHS)), _record(None, "https://x.example/2", PARAGRAPHS[0]),
         _record("three.html", None, PARAGRAPHS[1])]
    b = [_record(None, "https://x.example/2", PARAGRAPHS[0]),
         _record("one.html", None, "\n".join(PARAGRAPHS[:2]), [("notices.greedy", PARAGRAPHS[2])])]
    run_a, run_b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    run_a.write_text("".join(json.dumps(r) + "\n" for r in a), "utf-8")
    run_b.write_text("".join(json.dumps(r) + "\n" for r in b), "utf-8")
    code, out, _ = run_diff(capsys, str(run_a), str(run_b))
    assert code == 1
    assert "pages compared: 3, pages changed: 2" in out
    assert "pages newly rejected: 1 (missing 1)" in out
    assert "notices.greedy: 27 words on 1 page" in out


def test_identical_runs_exit_0_and_bad_input_exits_2(tmp_path, capsys):
    run = tmp_path / "a.jsonl"
    run.write_text(json.dumps(_record("one.html", None, PARAGRAPHS[0])) + "\n", "utf-8")
    assert run_diff(capsys, str(run), str(run))[0] == 0
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json\n", "utf-8")
    code, _, err = run_diff(capsys, str(run), str(broken))  # the contract: skipped, named, exit 1
    assert code == 1 and f"cleancrawl diff: skipped {broken}:1: not a JSON line" in err
    bad_rules = tmp_path / "bad.toml"
    bad_rules.write_text('[[text]]\nid = "x.bad"\ndescription = "x"\npattern = "("\n', "utf-8")
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>x</p></body></html>", "utf-8")
    code, _, err = run_diff(capsys, "--rules-b", str(bad_rules), str(page))
    assert code == 2 and "x.bad" in err
    code, _, err = run_diff(capsys, "--rules-b", str(bad_rules))
    assert code == 2


def test_the_word_diff_is_runs_of_kept_lost_and_gained_words():
    assert word_diff("a b c d", "a c d e") == [["=", "a"], ["-", "b"], ["=", "c d"], ["+", "e"]]
    ops = word_diff("one two\nthree four\nfive", "one two\nfive")
    assert ops == [["=", "one two\n"], ["-", "three four\n"], ["=", "five"]]
    assert "".join(t for op, t in ops if op != "+") == "one two\nthree four\nfive"


def test_lost_words_go_to_the_rule_whose_removed_block_holds_them():
    a = Side({"text": "\n".join(PARAGRAPHS), "removed_blocks": [{"rule": "old.rule", "text": "Advertisement"}]})
    b = Side({"text": PARAGRAPHS[0], "removed_blocks": [
        {"rule": "old.rule", "text": "Advertisement"},
        {"rule": "x.first", "text": PARAGRAPHS[1]},
        {"rule": "x.second", "text": PARAGRAPHS[2]},
    ]})
    page = compare_page("p", a, b)
    assert page.status == "changed"
    assert dict(page.lost_by_rule) == {"x.first": 31, "x.second": 27}
    rejected = compare_page("p", a, Side(rejected="too-short"))
    assert rejected.status == "newly-rejected" and dict(rejected.lost_by_rule) == {"rejected:too-short": 87}


def test_a_run_with_one_page_at_two_urls_pairs_each_once():
    a = [_record(None, "https://x.example/1", "a"), _record(None, "https://x.example/1", "b")]
    b = [_record(None, "https://x.example/1", "a")]
    keys = [(side_a.text, side_b.rejected) for _, side_a, side_b in match_runs(a, b)]
    assert keys == [("a", None), ("b", "missing")]


def test_truth_prints_the_f1_of_both_sides_and_the_change(tmp_path, capsys):
    """A two-page benchmark in the scrapinghub format: the greedy rule costs F1."""
    bench = tmp_path / "bench"
    (bench / "html").mkdir(parents=True)
    truth = {}
    for key, paragraphs in (("p1", PARAGRAPHS), ("p2", PARAGRAPHS[::-1])):
        (bench / "html" / f"{key}.html.gz").write_bytes(gzip.compress(_page(paragraphs).encode()))
        truth[key] = {"articleBody": "\n".join(paragraphs), "url": f"https://news.example/{key}"}
    (bench / "ground-truth.json").write_text(json.dumps(truth), "utf-8")
    greedy = _copy_of(tmp_path, "60-prompts.toml")
    _make_greedy(greedy, "prompts.share")
    code, out, _ = run_diff(capsys, "--rules-b", str(greedy), "--truth", str(bench))
    assert code == 1
    found = re.search(r"F1 on bench \(2 of 2 pages\): A ([\d.]+), B ([\d.]+), change ([-+][\d.]+)", out)
    assert found, out
    f1_a, f1_b, change = map(float, found.groups())
    assert f1_a == 1.0 and f1_b < 0.5 and change < -0.5
    code, _, err = run_diff(capsys, "--rules-b", str(greedy), "--truth", str(tmp_path))
    assert code == 2 and "not a benchmark folder" in err


def review_data(path: Path) -> dict:
    """The page dicts the review file carries (the JSON its script renders)."""
    found = re.search(r'<script id="review-data" type="application/json">(.*?)</script>', path.read_text("utf-8"), re.S)
    assert found, "no review data in the HTML file"
    return json.loads(found.group(1))


def test_the_review_shows_each_changed_page_with_its_side_by_side_word_diff(tmp_path, pages, capsys):
    greedy = _copy_of(tmp_path, "60-prompts.toml")
    _make_greedy(greedy, "prompts.share")
    review = tmp_path / "diff.html"
    code, out, err = run_diff(capsys, "--rules-b", str(greedy), str(pages), "-o", str(review))
    assert code == 1, err
    data = review_data(review)
    changed = int(re.search(r"pages changed: (\d+)", out).group(1))
    assert len(data["pages"]) == changed
    for page in data["pages"]:
        compare = page["compare"]
        assert compare["label_a"] == "built-in rules" and compare["label_b"] == str(greedy)
        lost = " ".join(text for op, text in compare["ops"] if op == "-")
        assert "the" in lost.split(), page["label"]
    ferry = next(p for p in data["pages"] if p["label"].endswith("ferry.html"))
    assert ferry["rejected"] and "prompts.share" in {b["rule"] for b in ferry["removed"]}
    assert str(greedy) in review.read_text("utf-8"), "the review names the rule files"
    code, _, err = run_diff(capsys, "--rules-b", str(greedy), str(pages), "-o", str(tmp_path / "no" / "x.html"))
    assert code == 2 and "does not exist" in err


def test_clean_verbose_names_the_rule_files_it_loaded_with_their_sha256(tmp_path, capsys):
    page = tmp_path / "ferry.html"
    page.write_text(_page(PARAGRAPHS), encoding="utf-8")
    copy = _copy_of(tmp_path, "60-prompts.toml")
    assert main(["-v", "clean", "-j", "1", "--rules", str(copy), str(page), "-o", str(tmp_path / "out.jsonl")]) == 0
    err = capsys.readouterr().err
    listed = re.findall(r"^  (\S+)  sha256 ([0-9a-f]{12})$", err, re.M)
    assert (str(copy), hashlib.sha256(copy.read_bytes()).hexdigest()[:12]) in listed
    assert len(listed) == sum(1 for p in RULES_DIR.iterdir() if p.name.endswith(".toml"))  # the copy replaced one


def test_a_rules_folder_stands_for_its_files_and_its_site_files(tmp_path):
    folder = tmp_path / "rules"
    (folder / "sites").mkdir(parents=True)
    own = _copy_of(tmp_path, "60-prompts.toml")
    shutil.copyfile(own, folder / "60-prompts.toml")
    (folder / "95-extra.toml").write_text("", encoding="utf-8")
    (folder / "sites" / "example.com.toml").write_text("", encoding="utf-8")
    later = tmp_path / "later" / "95-extra.toml"
    later.parent.mkdir()
    later.write_text("", encoding="utf-8")
    paths = rule_file_paths("news.example.com", [folder, later])
    names = [(p.name, str(p).startswith(str(tmp_path))) for p in paths]
    assert ("60-prompts.toml", True) in names and ("60-prompts.toml", False) not in names
    assert later in paths and folder / "95-extra.toml" not in paths, "a later file of its name replaces it"
    assert folder / "sites" / "example.com.toml" in paths
    assert folder / "sites" / "example.com.toml" not in rule_file_paths("other.example", [folder])
