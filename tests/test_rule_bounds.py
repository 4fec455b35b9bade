"""User rules cannot exhaust memory: a pattern whose compiled form would take gigabytes, and a
rule file of megabytes, are one-line configuration errors (exit 2) before any page is read."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaners import RuleFileError
from cleaners.ruleset import MAX_RULE_FILE_BYTES, builtin_rule_files, load_rule_file
from cleaners.safe_regex import _EXPANSION_TRUSTED, compile_rule_pattern, expansion

ROOT = Path(__file__).resolve().parent.parent
# 40^5 copies of "a" once regex writes the counted repeats out: 23.6 GB before the OOM killer.
EXPLODING = "(?:(?:(?:(?:a{40}){40}){40}){40}){40}"
PAGE = (
    "<html><head><title>Ferry</title></head><body><article>"
    + "<p>The ferry service to the islands will run twice a day through the winter, the operator said.</p>" * 6
    + "</article></body></html>"
)


def _rule_file(path: Path, pattern: str) -> Path:
    path.write_text(f"[[text]]\nid = \"boom\"\ndescription = \"d\"\npattern = '{pattern}'\n", encoding="utf-8")
    return path


def _limit_memory() -> None:
    """What the issue ran under: a 4 GB ``ulimit -v``, so the old code failed, not the machine."""
    resource.setrlimit(resource.RLIMIT_AS, (4 * 1024**3, 4 * 1024**3))


def test_a_pattern_that_expands_to_gigabytes_is_a_one_line_configuration_error(tmp_path: Path) -> None:
    rules = _rule_file(tmp_path / "user.toml", EXPLODING)
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    child = "import sys\nfrom crawler.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    proc = subprocess.run(
        [sys.executable, "-c", child, "clean", str(page), "--rules", str(rules), "-o", str(tmp_path / "o.jsonl")],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, preexec_fn=_limit_memory,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{rules}: rule 'boom': bad pattern" in lines[0], lines
    assert "MiB" in lines[0] or "more than 5 s" in lines[0], lines  # its memory or its time bound
    assert not (tmp_path / "o.jsonl").exists() or not (tmp_path / "o.jsonl").read_text()


def test_counted_repeats_that_fit_still_compile() -> None:
    pattern = "(?:(?:a{40}){40}){40}"  # 64,000 copies: tried in the child, small enough
    assert expansion(pattern) > _EXPANSION_TRUSTED
    assert compile_rule_pattern(pattern, "/tmp/user.toml", "fits").search("a" * 64_000) is not None
    # refused by its memory bound, or on a loaded machine by its time bound first: refused either way
    with pytest.raises(Exception, match=r"MiB of memory|more than 5 s"):
        compile_rule_pattern(EXPLODING, "/tmp/user.toml", "boom")


def test_built_in_patterns_compile_without_a_child() -> None:
    for rule_file in builtin_rule_files():
        for rule in load_rule_file(rule_file).text:
            if rule.pattern is not None:
                assert expansion(rule.pattern.pattern) <= _EXPANSION_TRUSTED, rule.id


def test_a_rule_file_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    rules = tmp_path / "huge.toml"
    one = '[[text]]\nid = "r{i}"\ndescription = "a rule"\npattern = "Advert {i}$"\n'
    with rules.open("w", encoding="utf-8") as out:
        i = 0
        while out.tell() <= 2 * MAX_RULE_FILE_BYTES:
            out.write(one.format(i=i))
            i += 1
    start = time.perf_counter()
    with pytest.raises(RuleFileError, match=r"larger than 1024 KiB"):
        load_rule_file(str(rules))
    assert time.perf_counter() - start < 5
    # a rule file under the limit loads as before
    small = tmp_path / "small.toml"
    small.write_text(one.format(i=1), encoding="utf-8")
    assert [rule.id for rule in load_rule_file(str(small)).text] == ["r1"]
