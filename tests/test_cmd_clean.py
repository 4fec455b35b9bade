"""``cleancrawl clean`` end to end over saved files, folders and a WARC file."""

from __future__ import annotations

import gzip
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.cli import main

ROOT = Path(__file__).resolve().parent.parent
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


def test_markdown_format_adds_the_article_as_markdown(tmp_path: Path) -> None:
    page = tmp_path / "list.html"
    body = "".join(f"<p>{PARAGRAPH} Note {i}.</p>" for i in range(3))
    page.write_text(
        f"<html><head><title>Ferries</title></head><body><article>{body}<h2>Timetable changes</h2>"
        "<ul><li>Morning boat leaves at seven from the north pier</li>"
        "<li>Evening boat leaves at six from the south pier</li></ul></article></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(page), "-o", str(out), "--format", "markdown", "--quiet"]) == 0
    [record] = read_lines(out)
    assert "## Timetable changes" in record["markdown"]
    assert "- Morning boat leaves at seven" in record["markdown"]
    assert "##" not in record["text"] and "Timetable changes" in record["text"]
    plain = tmp_path / "plain.jsonl"
    assert main(["clean", str(page), "-o", str(plain), "--quiet"]) == 0
    assert "markdown" not in read_lines(plain)[0]


def test_provenance_lists_removed_blocks(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    main(["clean", str(inputs / "a.html"), "-o", str(out), "--provenance", "--quiet"])
    blocks = read_lines(out)[0]["removed_blocks"]
    assert {"rule": "ads.marker", "stage": "text", "text": "Advertisement", "at": 0} in blocks


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
                f"https://news.example/{name}",
                "response",
                payload=io.BytesIO(article(name.title()).encode()),
                http_headers=headers,
            )
            writer.write_record(record)
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(warc), "-o", str(out), "--quiet"]) == 0
    records = read_lines(out)
    assert [r["url"] for r in records] == ["https://news.example/one", "https://news.example/two"]
    assert all(r["file"] == str(warc) for r in records)


def _run_cli(args: list[str], stdin: bytes = b"", cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import sys; from crawler.cli import main; sys.exit(main(sys.argv[1:]))", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.parametrize("target", ["missing/dir/x.jsonl", "somefolder"])
def test_a_bad_output_path_is_one_line_and_exit_2(inputs: Path, tmp_path: Path, target: str) -> None:
    (tmp_path / "somefolder").mkdir()
    proc = _run_cli(["clean", str(inputs), "-o", target], cwd=tmp_path)
    stderr = proc.stderr.decode()
    assert proc.returncode == 2, stderr
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert stderr.startswith("cleancrawl clean: ") and target in stderr


def test_dash_reads_one_page_from_standard_input() -> None:
    proc = _run_cli(["clean", "-", "--jobs", "1"], stdin=article("Piped").encode())
    assert proc.returncode == 0, proc.stderr.decode()
    records = [orjson.loads(line) for line in proc.stdout.splitlines()]
    assert [r["title"] for r in records] == ["Piped"]
    assert "pages read: 1, articles written: 1" in proc.stderr.decode()


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
def test_dash_reads_a_warc_stream_from_standard_input(tmp_path: Path, compressed: bool) -> None:
    stream = io.BytesIO()
    writer = WARCWriter(stream, gzip=compressed)
    for name in ("one", "two"):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://news.example/{name}", "response", payload=io.BytesIO(article(name).encode()), http_headers=headers
        )
        writer.write_record(record)
    proc = _run_cli(["clean", "-", "--jobs", "1"], stdin=stream.getvalue())
    assert proc.returncode == 0, proc.stderr.decode()
    records = [orjson.loads(line) for line in proc.stdout.splitlines()]
    assert [r["url"] for r in records] == ["https://news.example/one", "https://news.example/two"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_has_a_total_and_an_eta(inputs: Path, tmp_path: Path, monkeypatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["clean", str(inputs), "-o", str(tmp_path / "out.jsonl"), "--jobs", "1"]) == 0
    shown = terminal.getvalue()
    total = sum(p.stat().st_size for p in inputs.rglob("*.htm*"))  # the bar counts input bytes
    assert re.search(rf"100%\|#+\| {total}/{total} \[", shown), shown  # (as wide as the terminal, else 100)
    assert re.search(r"\[\d\d:\d\d<\d\d:\d\d, ", shown), shown  # elapsed<ETA
    assert "3 pages, 2 articles" in shown, shown
