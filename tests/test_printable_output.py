"""File names, WARC-Target-URIs and URLs with terminal escape sequences are printed escaped:
an input cannot recolour, clear or retitle the terminal of whoever reads the log."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from hostile_inputs import write_warc_record

from crawler.components.log_filters import printable, redact, redact_record

ROOT = Path(__file__).resolve().parent.parent
ESC = "\x1b"


def test_printable_escapes_control_characters_and_keeps_text() -> None:
    assert printable("caf\u00e9 \u65e5\u672c") == "caf\u00e9 \u65e5\u672c"
    assert printable(f"a{ESC}[2Jb\rc\u202ed\x9b") == "a\\x1b[2Jb\\x0dc\\u202ed\\x9b"
    assert printable("line one\n\tline two") == "line one\n\tline two"
    assert printable("name\nfake line", lines=False) == "name\\x0afake line"
    assert redact(f"redis://:secret@host/{ESC}]0;title\x07") == "redis://:***@host/\\x1b]0;title\\x07"


def test_every_log_record_is_escaped() -> None:
    args = (f"http://h/{ESC}[2J", "e")
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "gave up on %s: %s", args, None)
    assert ESC not in redact_record(record).getMessage()
    assert "http://h/\\x1b[2J" in record.getMessage()


def test_clean_prints_hostile_file_names_and_uris_escaped(tmp_path: Path) -> None:
    warc = tmp_path / f"crawl{ESC}[31m.warc.gz"
    with warc.open("wb") as out:
        body = b"<html><body><p>short</p></body></html>"
        write_warc_record(out, f"http://example.com/{ESC}[2Jpage", [body], len(body))
    truncated = tmp_path / f"cut{ESC}]0;pwned\x07.warc.gz"
    truncated.write_bytes(warc.read_bytes()[:-40])
    page = tmp_path / f"page{ESC}[7m.html"
    page.write_text("<html><body><p>tiny</p></body></html>", encoding="utf-8")
    missing = tmp_path / f"missing{ESC}[5m.html"
    rules = tmp_path / f"rules{ESC}[1m.toml"
    rules.write_text("[[text]]\nid = 'x'\npattern = '('\n", encoding="utf-8")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    base = [sys.executable, "-m", "crawler.cli", "-v", "clean"]
    out = ["-o", str(tmp_path / "out.jsonl")]
    run = subprocess.run(
        [*base, str(warc), str(truncated), str(page), *out],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env,
    )
    assert ESC not in run.stderr and "\x07" not in run.stderr, run.stderr
    assert "crawl\\x1b[31m.warc.gz" in run.stderr, run.stderr
    # A missing input is refused before any work (docs/cli.md), its name escaped in the one line.
    missed = subprocess.run(
        [*base, str(page), str(missing), *out], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env
    )
    assert missed.returncode == 2
    assert ESC not in missed.stderr and "missing\\x1b[5m.html" in missed.stderr, missed.stderr
    bad_rules = subprocess.run(
        [*base, str(page), "--rules", str(rules), *out],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env,
    )
    assert bad_rules.returncode == 2
    assert ESC not in bad_rules.stderr and "rules\\x1b[1m.toml" in bad_rules.stderr, bad_rules.stderr
