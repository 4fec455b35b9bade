"""``cleancrawl clean`` end to end over saved files, folders and a WARC file."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import orjson
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.cli import main

PARAGRAPH = "The ferry service to the islands will run twice a day through the winter, the operator said on Monday."


def article(title: str, junk: str = "Advertisement") -> str:
    body = "".join(f"<p>{PARAGRAPH} Note {i} on {title}.</p>" for i in range(5))
    return f"<html><head><title>{title}</title></head><body><article><p>{junk}</p>{body}</article></body></html>"


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.html").write_text(article("Alpha"), encoding="utf-8")
    (folder / "sub" / "b.html.gz").write_bytes(gzip.compress(article("Bravo").encode()))
    (folder / "c.htm").write_text("<html><body><p>Nothing here.</p></body></html>", encoding="utf-8")
    (folder / "notes.txt").write_text("not a page", encoding="utf-8")
    return folder


def read_lines(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_folder_is_cleaned_in_order_with_rejections_counted(inputs: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(inputs), "-o", str(out), "--jobs", "2"]) == 0
    records = read_lines(out)
    assert [Path(r["file"]).name for r in records] == ["a.html", "b.html.gz"]
    assert all("Advertisement" not in r["text"] for r in records)
    assert records[0]["removed"]["ads.marker"] == 1
    assert records[0]["word_count"] == len(records[0]["text"].split())
    summary = capsys.readouterr().err
    assert "pages read: 3, articles written: 2" in summary
    assert "too-short 1" in summary


def test_unreadable_file_is_reported_by_name_and_the_run_goes_on(inputs: Path, tmp_path: Path, capsys) -> None:
    bad = inputs / "broken.html.gz"
    bad.write_bytes(b"not gzip at all")
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(bad), str(inputs / "a.html"), "-o", str(out), "--jobs", "1"]) == 1
    assert len(read_lines(out)) == 1
    assert str(bad) in capsys.readouterr().err


def test_stdout_is_the_default_output(inputs: Path, capsysbinary) -> None:
    assert main(["clean", str(inputs / "a.html"), "--jobs", "1", "--quiet"]) == 0
    lines = capsysbinary.readouterr().out.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["title"] == "Alpha"


def test_provenance_lists_removed_blocks(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    main(["clean", str(inputs / "a.html"), "-o", str(out), "--provenance", "--quiet"])
    blocks = read_lines(out)[0]["removed_blocks"]
    assert {"rule": "ads.marker", "stage": "text", "text": "Advertisement"} in blocks


def test_bad_rule_file_stops_before_any_page(inputs: Path, tmp_path: Path, capsys) -> None:
    rules = tmp_path / "r.toml"
    rules.write_text('[[text]]\nid = "x"\ndescription = "d"\npattern = "("\n', encoding="utf-8")
    assert main(["clean", str(inputs), "--rules", str(rules), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert f"{rules}: rule 'x': bad pattern" in capsys.readouterr().err


def test_warc_records_carry_their_target_uri(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    with warc.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for name in ("one", "two"):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://news.example/{name}", "response",
                payload=io.BytesIO(article(name.title()).encode()), http_headers=headers,
            )
            writer.write_record(record)
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(warc), "-o", str(out), "--quiet"]) == 0
    records = read_lines(out)
    assert [r["url"] for r in records] == ["https://news.example/one", "https://news.example/two"]
    assert all(r["file"] == str(warc) for r in records)
