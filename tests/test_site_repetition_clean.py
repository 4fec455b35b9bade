"""``cleancrawl clean`` over many pages of one site: blocks every page repeats are template text.

The template lines below are chosen so that no phrase rule knows them (no "filed under", no
"posted in"): only their recurrence across the host's pages marks them.
"""

from __future__ import annotations

import io
from pathlib import Path

import orjson
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaners import Article
from crawler.cli import main
from output.record import make_record

TOPICS = ["harbour dredging budget", "ferry timetable change", "island school funding", "bridge repair works",
          "coastal flood defences"]
MASTHEAD = "Harbour Gazette, the voice of the north quay since 1921"
SIGNATURE = "Mara Lindqvist writes about the islands every week"
LONG = " ".join(["The harbour board has published its accounts for the year and the ferry operator agrees."] * 4)
RULE = "site.repeated-block"


def story(topic: str, j: int) -> str:
    return (f"Paragraph {j} of the story about the {topic}: the council met on Tuesday and members argued "
            f"for an hour before the vote was taken on item {j}.")


def page(topic: str, extra: list[str], url: str | None = None, paragraphs: int = 5) -> str:
    body = [story(topic, j) for j in range(paragraphs)]
    body[2:2] = extra[:1]
    body += extra[1:]
    canonical = f"<link rel='canonical' href='{url}'>" if url else ""
    return (f"<html lang='en'><head><title>Story about the {topic}</title>{canonical}</head><body><article>"
            f"<h1>Story about the {topic}</h1>" + "".join(f"<p>{p}</p>" for p in body) + "</article></body></html>")


def write_site(folder: Path, extra: list[str], host: str | None = "news.example", count: int = 5) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, topic in enumerate(TOPICS[:count]):
        url = f"https://{host}/story-{i}" if host else None
        (folder / f"{i}.html").write_text(page(topic, extra, url), encoding="utf-8")
    return folder


def clean(tmp_path: Path, *args: str) -> list[dict]:
    out = tmp_path / "out.jsonl"
    assert main(["clean", *args, "-o", str(out), "--jobs", "1", "--quiet"]) == 0
    return [orjson.loads(line) for line in out.read_bytes().splitlines()]


def test_template_lines_on_every_page_of_a_host_go_and_are_logged(tmp_path: Path, capsys) -> None:
    folder = write_site(tmp_path / "site", [MASTHEAD, SIGNATURE])
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(folder), "-o", str(out), "--jobs", "1", "--provenance"]) == 0
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert len(records) == 5
    for record, topic in zip(records, TOPICS, strict=True):
        assert MASTHEAD not in record["text"] and SIGNATURE not in record["text"]
        assert all(story(topic, j) in record["text"] for j in range(5))
        site_blocks = [b for b in record["removed_blocks"] if b["rule"] == RULE]
        # where each stood: the masthead before the story's third paragraph, the signature last
        masthead_at, signature_at = record["text"].index(story(topic, 2)), len(record["text"])
        assert site_blocks == [{"rule": RULE, "stage": "site", "text": MASTHEAD, "at": masthead_at},
                               {"rule": RULE, "stage": "site", "text": SIGNATURE, "at": signature_at}]
        assert record["removed"][RULE] == 2
    assert f"{RULE} 10" in capsys.readouterr().err


def test_a_long_paragraph_repeated_is_kept_and_so_is_a_line_on_too_few_pages(tmp_path: Path) -> None:
    folder = write_site(tmp_path / "site", [LONG])
    two = tmp_path / "two"
    write_site(two, [MASTHEAD], count=2)
    for record in clean(tmp_path, str(folder)) + clean(tmp_path, str(two)):
        assert LONG in record["text"] or MASTHEAD in record["text"]
        assert RULE not in record["removed"]


def warc_of(path: Path, pages: list[tuple[str, str]]) -> Path:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode()), http_headers=headers))
    return path


def test_two_hosts_do_not_share_counts(tmp_path: Path) -> None:
    # the same line on 2 pages of each of two hosts: 4 pages in all, but never 3 of one host
    pages = [(f"https://{host}/story-{i}", page(TOPICS[i], [MASTHEAD]))
             for i, host in enumerate(["a.example", "b.example", "a.example", "b.example"])]
    records = clean(tmp_path, str(warc_of(tmp_path / "two-hosts.warc.gz", pages)))
    assert [r["url"] for r in records] == [url for url, _ in pages]
    assert all(MASTHEAD in r["text"] for r in records)
    # the same four pages, all from one host, lose it
    one_host = [(f"https://a.example/story-{i}", html) for i, (_, html) in enumerate(pages)]
    records = clean(tmp_path, str(warc_of(tmp_path / "one-host.warc.gz", one_host)))
    assert all(MASTHEAD not in r["text"] for r in records)


def test_no_site_repetition_keeps_the_template_lines(tmp_path: Path) -> None:
    folder = write_site(tmp_path / "site", [MASTHEAD, SIGNATURE])
    records = clean(tmp_path, str(folder), "--no-site-repetition")
    assert all(MASTHEAD in r["text"] and SIGNATURE in r["text"] for r in records)


def test_order_and_count_are_those_of_the_input(tmp_path: Path) -> None:
    folder = write_site(tmp_path / "site", [MASTHEAD, SIGNATURE])
    (folder / "2b.html").write_text("<html><body><p>Nothing here.</p></body></html>", encoding="utf-8")
    on, off = clean(tmp_path, str(folder)), clean(tmp_path, str(folder), "--no-site-repetition")
    assert [Path(r["file"]).name for r in on] == [Path(r["file"]).name for r in off] == [
        "0.html", "1.html", "2.html", "3.html", "4.html"]


def test_stripped_records_carry_the_word_count_and_fingerprint_of_their_text(tmp_path: Path) -> None:
    folder = write_site(tmp_path / "site", [MASTHEAD, SIGNATURE])
    for record in clean(tmp_path, str(folder), "--format", "markdown"):
        expected = make_record(Article(text=record["text"]))
        assert MASTHEAD not in record["text"]
        assert (record["word_count"], record["fingerprint"]) == (expected["word_count"], expected["fingerprint"])
        assert MASTHEAD not in record["markdown"] and SIGNATURE not in record["markdown"]
        assert record["markdown"].count("Paragraph ") == 5 and "\n\n\n" not in record["markdown"]
        assert not record["markdown"].endswith("\n")


def test_site_option_groups_pages_without_a_url(tmp_path: Path) -> None:
    folder = write_site(tmp_path / "site", [MASTHEAD, SIGNATURE], host=None)
    assert all(MASTHEAD in r["text"] for r in clean(tmp_path, str(folder)))  # no host: nothing to count
    assert all(MASTHEAD not in r["text"] for r in clean(tmp_path, str(folder), "--site", "gazette"))


def test_a_record_left_too_short_after_stripping_is_rejected_and_counted(tmp_path: Path, capsys) -> None:
    folder = write_site(tmp_path / "site", [MASTHEAD, SIGNATURE])
    short = page("pier lights", [MASTHEAD, SIGNATURE], "https://news.example/short", paragraphs=1)
    (folder / "5.html").write_text(short, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    # 28 words of story + 18 of template: over 30 before stripping, under it after
    assert main(["clean", str(folder), "-o", str(out), "--jobs", "1", "--min-words", "30"]) == 0
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert [Path(r["file"]).name for r in records] == [f"{i}.html" for i in range(5)]
    summary = capsys.readouterr().err
    assert "pages read: 6, articles written: 5" in summary and "too-short 1" in summary


def test_standard_input_alone_is_passed_through_in_one_pass(tmp_path: Path, monkeypatch) -> None:
    pages = [(f"https://a.example/story-{i}", page(topic, [MASTHEAD])) for i, topic in enumerate(TOPICS)]
    data = warc_of(tmp_path / "stream.warc.gz", pages).read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    records = clean(tmp_path, "-")
    assert [r["url"] for r in records] == [url for url, _ in pages]
    assert all(MASTHEAD in r["text"] for r in records)  # nothing counted: the stream is not held back


def test_a_spool_that_cannot_be_created_is_one_line_and_exit_2(tmp_path: Path, monkeypatch, capsys) -> None:
    folder = write_site(tmp_path / "site", [MASTHEAD])
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "missing"))
    assert main(["clean", str(folder), "-o", str(tmp_path / "out.jsonl"), "--jobs", "1"]) == 2
    error = capsys.readouterr().err
    assert "cannot create the spool file" in error and "--no-site-repetition" in error
    assert main(["clean", str(folder), "-o", str(tmp_path / "out.jsonl"), "--no-site-repetition", "-q"]) == 0


def test_a_code_line_every_page_repeats_stays(tmp_path: Path) -> None:
    """A docs site prints the same install command on every page: it is code, not template text,
    and site repetition (which reads only the record's lines) must leave it, as every text rule does."""
    folder = tmp_path / "docs"
    folder.mkdir()
    command = "pip install harbour-tools --upgrade"
    for i, topic in enumerate(TOPICS):
        body = "".join(f"<p>{story(topic, j)}</p>" for j in range(5))
        (folder / f"{i}.html").write_text(
            f"<html lang='en'><head><title>Guide to the {topic}</title>"
            f"<link rel='canonical' href='https://docs.example/guide-{i}'></head><body><article>"
            f"<h1>Guide to the {topic}</h1>{body}<pre><code>{command}</code></pre><p>{MASTHEAD}</p>"
            "</article></body></html>",
            encoding="utf-8",
        )
    records = clean(tmp_path, str(folder))
    assert len(records) == len(TOPICS)
    for record in records:
        assert command in record["text"]
        assert MASTHEAD not in record["text"]
