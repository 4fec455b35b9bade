"""The command-line contract (docs/cli.md, crawler/cli/common.py), one table for every sub-command.

Each row is a sub-command; each column a mistake a user makes. A cell is the command line that
makes that mistake (built in a temporary folder), or None when the command takes no such
argument (n/a). Every cell runs in this process through ``crawler.cli.main`` and must answer as
the contract says: the exit status, and ONE line on standard error with the command's prefix and
no traceback. A sub-command added to COMMANDS without a row fails ``test_every_command_has_a_row``.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import crawler.cli
from crawler.cli import COMMAND_MODULES, COMMANDS, build_parser, main

PAGE = (
    "<html><head><title>Storm closes the harbour</title></head><body><article><h1>Storm closes the harbour</h1>"
    + "".join(f"<p>Paragraph {i} of a story about the storm that closed the harbour for three days.</p>"
              for i in range(12))
    + "</article></body></html>"
)
RECORD = {"url": "https://a.example/1", "file": "a.html", "title": "A", "text": "One story about a storm.",
          "word_count": 5, "removed": {}}
# A folder no one may create a file in, not even root (sysfs); where there is no /sys, a folder
# that does not exist: either way the output cannot be written.
UNWRITABLE = "/sys/cleancrawl-contract-test"


class Files:
    """The inputs a row needs, made in ``tmp_path`` on first use."""

    def __init__(self, tmp_path: Path) -> None:
        self.root = tmp_path

    def path(self, name: str) -> str:
        return str(self.root / name)

    @property
    def page(self) -> str:
        path = self.root / "page.html"
        path.write_text(PAGE, encoding="utf-8")
        return str(path)

    def run(self, name: str = "a.jsonl", corrupt: bool = False) -> str:
        path = self.root / name
        lines = [json.dumps(RECORD), "{not json", json.dumps({**RECORD, "url": "https://a.example/2"})]
        path.write_text("\n".join(lines if corrupt else lines[::2]) + "\n", encoding="utf-8")
        return str(path)

    @property
    def sources(self) -> str:
        path = self.root / "sources.toml"
        path.write_text('[sources.a]\nurls = ["http://127.0.0.1:9/"]\n', encoding="utf-8")
        return str(path)

    @property
    def cases(self) -> str:
        (self.root / "cases").mkdir(exist_ok=True)
        return str(self.root / "cases")

    @property
    def missing(self) -> str:
        return str(self.root / "no-such-input.jsonl")


Cell = Callable[[Files], list[str]] | None
MISTAKES = (
    "missing input", "output is an input", "unwritable output", "output in a missing folder", "output is a folder",
    "corrupt line", "unknown option", "unknown -s setting", "-v after the command", "bad model threshold",
)
REDIS = "redis://127.0.0.1:9/0"  # never reached: every mistake is found first
NODES = "http://127.0.0.1:9/"

# command -> mistake -> the command line (None: n/a). "-v after the command" is the command's
# first refusable mistake with -v appended: -v must be taken, and the mistake still named.
TABLE: dict[str, dict[str, Cell]] = {
    "clean": {
        "missing input": lambda f: ["clean", f.missing, "-o", f.path("out.jsonl")],
        "output is an input": lambda f: ["clean", (p := f.page), "-o", p],
        "unwritable output": lambda f: ["clean", f.page, "-o", f"{UNWRITABLE}.jsonl"],
        "output in a missing folder": lambda f: ["clean", f.page, "-o", f.path("nope/out.jsonl")],
        "output is a folder": lambda f: ["clean", f.page, "-o", str(f.root)],
        "corrupt line": None,  # reads pages, not records: an unreadable page is a failed input (exit 1)
        "unknown option": lambda f: ["clean", f.page, "--bogus"],
        "unknown -s setting": None,
        "bad model threshold": lambda f: ["clean", f.page, "-o", f.path("out.jsonl"), "--model-threshold", "1.5"],
    },
    "fixtures": {
        "missing input": lambda f: ["fixtures", "check", "--dir", f.missing],
        "output is an input": lambda f: ["fixtures", "check", "--dir", (c := f.cases), "--html", c],
        "unwritable output": lambda f: ["fixtures", "check", "--dir", f.cases, "--html", f"{UNWRITABLE}.html"],
        "output in a missing folder": lambda f: ["fixtures", "check", "--dir", f.cases, "--html", f.path("no/r.html")],
        "output is a folder": lambda f: ["fixtures", "check", "--dir", f.cases, "--html", str(f.root)],
        "corrupt line": None,
        "unknown option": lambda f: ["fixtures", "check", "--bogus"],
        "unknown -s setting": None,
        "bad model threshold": lambda f: ["fixtures", "check", "--dir", f.cases, "--model-threshold", "0"],
    },
    "diff": {
        "missing input": lambda f: ["diff", f.missing, f.run()],
        "output is an input": lambda f: ["diff", (a := f.run()), f.run("b.jsonl"), "-o", a],
        "unwritable output": lambda f: ["diff", f.run(), f.run("b.jsonl"), "-o", f"{UNWRITABLE}.html"],
        "output in a missing folder": lambda f: ["diff", f.run(), f.run("b.jsonl"), "-o", f.path("no/d.html")],
        "output is a folder": lambda f: ["diff", f.run(), f.run("b.jsonl"), "-o", str(f.root)],
        "corrupt line": lambda f: ["diff", f.run(corrupt=True), f.run("b.jsonl")],
        "unknown option": lambda f: ["diff", f.run(), f.run("b.jsonl"), "--bogus"],
        "unknown -s setting": None,
        "bad model threshold": lambda f: ["diff", f.page, "--model-a", "off", "--model-b", "1.5"],
    },
    "crawl": {
        "missing input": lambda f: ["crawl", "--sources", f.missing],
        "output is an input": lambda f: ["crawl", "--sources", (s := f.sources), "-o", s],
        "unwritable output": lambda f: ["crawl", "--sources", f.sources, "-o", f"{UNWRITABLE}/out.jsonl"],
        "output in a missing folder": None,  # the feed creates it, as Scrapy's does
        "output is a folder": lambda f: ["crawl", "--sources", f.sources, "-o", str(f.root)],
        "corrupt line": None,
        "unknown option": lambda f: ["crawl", "--sources", f.sources, "--bogus"],
        "unknown -s setting": lambda f: ["crawl", "--sources", f.sources, "-s", "DOWNLOAD_DELAYY=1"],
        "bad model threshold": lambda f: ["crawl", "--sources", f.sources,
                                          "-s", "CLEANCRAWL_BLOCK_MODEL_THRESHOLD=2"],
    },
    "feed": {
        "missing input": lambda f: ["feed", "--redis", REDIS, "--sources", f.missing],
        "output is an input": None,  # writes to Redis only
        "unwritable output": None,
        "output in a missing folder": None,
        "output is a folder": None,
        "corrupt line": None,
        "unknown option": lambda f: ["feed", "--redis", REDIS, "--bogus"],
        "unknown -s setting": None,
        "bad model threshold": None,  # cleans nothing
    },
    "demo": {
        "missing input": None,  # its input is the bundled site
        "output is an input": lambda f: ["demo", "-o", str(Path(crawler.__file__).parent / "demo_site" / "x.jsonl")],
        "unwritable output": lambda f: ["demo", "-o", f"{UNWRITABLE}/out.jsonl"],
        "output in a missing folder": None,  # the feed creates it
        "output is a folder": lambda f: ["demo", "-o", str(f.root)],
        "corrupt line": None,
        "unknown option": lambda f: ["demo", "--bogus"],
        "unknown -s setting": lambda f: ["demo", "-s", "CLEANCRAWL_PROVENANSE=1"],
        "bad model threshold": lambda f: ["demo", "--model-threshold", "high"],
    },
    "schedule": {
        "missing input": lambda f: ["schedule", "--sources", f.missing, "--runs-db", f.path("runs.sqlite3")],
        "output is an input": lambda f: ["schedule", "--sources", (s := f.sources), "--runs-db", s],
        "unwritable output": lambda f: ["schedule", "--sources", f.sources, "--runs-db", f"{UNWRITABLE}/r.sqlite3"],
        "output in a missing folder": None,  # the run log's folder is created
        "output is a folder": lambda f: ["schedule", "--sources", f.sources, "--runs-db", str(f.root)],
        "corrupt line": None,
        "unknown option": lambda f: ["schedule", "--sources", f.sources, "--bogus"],
        "unknown -s setting": lambda f: ["schedule", "--sources", f.sources, "-s", "CONCURRENT_REQUEST=2"],
        "bad model threshold": None,  # cleans nothing
    },
    "runs": {
        "missing input": lambda f: ["runs", "--runs-db", f.missing],
        "output is an input": None,  # prints only
        "unwritable output": None,
        "output in a missing folder": None,
        "output is a folder": None,
        "corrupt line": None,
        "unknown option": lambda f: ["runs", "--bogus"],
        "unknown -s setting": None,
        "bad model threshold": None,  # cleans nothing
    },
    "scrapyd-schedule": {
        "missing input": lambda f: ["scrapyd-schedule", "--nodes", NODES, "--sources", f.missing],
        "output is an input": None,  # prints only
        "unwritable output": None,
        "output in a missing folder": None,
        "output is a folder": None,
        "corrupt line": None,
        "unknown option": lambda f: ["scrapyd-schedule", "--nodes", NODES, "--sources", f.sources, "--bogus"],
        "unknown -s setting": lambda f: ["scrapyd-schedule", "--nodes", NODES, "--sources", f.sources,
                                         "-s", "ROBOTSTXT_OBEYY=0"],
        "bad model threshold": None,  # cleans nothing
    },
    "dedup": {
        "missing input": lambda f: ["dedup", f.missing, "-o", f.path("out.jsonl")],
        "output is an input": lambda f: ["dedup", (a := f.run()), "-o", a],
        "unwritable output": lambda f: ["dedup", f.run(), "-o", f"{UNWRITABLE}.jsonl"],
        "output in a missing folder": lambda f: ["dedup", f.run(), "-o", f.path("nope/out.jsonl")],
        "output is a folder": lambda f: ["dedup", f.run(), "-o", str(f.root)],
        "corrupt line": lambda f: ["dedup", f.run(corrupt=True), "-o", f.path("out.jsonl")],
        "unknown option": lambda f: ["dedup", f.run(), "--bogus"],
        "unknown -s setting": None,
        "bad model threshold": None,  # cleans nothing
    },
    "review": {
        "missing input": lambda f: ["review", f.missing, "-o", f.path("r.html")],
        "output is an input": lambda f: ["review", (a := f.run()), "-o", a],
        "unwritable output": lambda f: ["review", f.run(), "-o", f"{UNWRITABLE}.html"],
        "output in a missing folder": lambda f: ["review", f.run(), "-o", f.path("nope/r.html")],
        "output is a folder": lambda f: ["review", f.run(), "-o", str(f.root)],
        "corrupt line": lambda f: ["review", f.run(corrupt=True), "-o", f.path("r.html")],
        "unknown option": lambda f: ["review", f.run(), "-o", f.path("r.html"), "--bogus"],
        "unknown -s setting": None,
        "bad model threshold": lambda f: ["review", f.page, "-o", f.path("r.html"), "--model-threshold", "-0.1"],
    },
    "export": {
        "missing input": lambda f: ["export", f.missing, "-o", f.path("parquet")],
        "output is an input": lambda f: ["export", (a := f.run()), "-o", a],
        "unwritable output": lambda f: ["export", f.run(), "-o", f"{UNWRITABLE}/parquet"],
        "output in a missing folder": lambda f: ["export", f.run(), "-o", f.path("no/such/parquet")],
        "output is a folder": None,  # its output is a folder
        "corrupt line": lambda f: ["export", f.run(corrupt=True), "-o", f.path("parquet")],
        "unknown option": lambda f: ["export", f.run(), "-o", f.path("parquet"), "--bogus"],
        "unknown -s setting": None,
        "bad model threshold": None,  # cleans nothing
    },
    "process": {
        "missing input": lambda f: ["process", f.missing, "-o", f.path("out")],
        "output is an input": lambda f: ["process", (p := f.page), "-o", p],
        "unwritable output": lambda f: ["process", f.page, "-o", f"{UNWRITABLE}/out"],
        "output in a missing folder": None,  # made on the way, as the crawl's feed folders are
        "output is a folder": None,  # its output is a folder
        "corrupt line": None,  # reads pages, not records
        "unknown option": lambda f: ["process", f.page, "-o", f.path("out"), "--bogus"],
        "unknown -s setting": None,
        "bad model threshold": lambda f: ["process", f.page, "-o", f.path("out"), "--model-threshold", "1"],
    },
}


def _first_refusal(command: str) -> Cell:
    """The command's first cell that is refused before any work (for -v after the command)."""
    row = TABLE[command]
    return next(row[m] for m in MISTAKES if m not in ("corrupt line", "-v after the command") and row.get(m))


for _command, _row in TABLE.items():
    _cell = _first_refusal(_command)
    _row["-v after the command"] = (lambda cell: lambda f: [*cell(f), "-v"])(_cell)

CELLS = [(command, mistake) for command in TABLE for mistake in MISTAKES if TABLE[command][mistake] is not None]


def test_every_command_has_a_row_and_every_row_every_mistake():
    """A sub-command added later without a row fails here: its mistakes must be answered too."""
    assert {COMMANDS[command][0] for command in TABLE} == set(COMMAND_MODULES)
    assert set(TABLE) == set(COMMANDS)
    for command, row in TABLE.items():
        assert set(row) == set(MISTAKES), command


def _stderr_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize(("command", "mistake"), CELLS, ids=[f"{c}:{m}" for c, m in CELLS])
def test_mistake(command, mistake, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # nothing a command writes by default lands in the checkout
    files = Files(tmp_path)
    cell = TABLE[command][mistake]
    assert cell is not None
    argv = cell(files)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own refusals
        code = exc.code
    err = capsys.readouterr().err
    assert "Traceback" not in err
    prefix = f"cleancrawl {command}"
    if mistake == "corrupt line":
        # Skipped, named by file and line, the rest done, exit 1 at the end.
        assert code == 1, err
        named = [line for line in _stderr_lines(err) if line.startswith(f"{prefix}: skipped ")]
        assert len(named) == 1 and ".jsonl:2: " in named[0], err
        return
    assert code == 2, err
    lines = _stderr_lines(err)
    assert len(lines) == 1, err
    assert lines[0].startswith(prefix + ":") or lines[0].startswith(prefix + " "), err
    if mistake == "unknown -s setting":
        assert "did you mean" in lines[0], err
    if mistake == "unknown option":
        assert "--bogus" in lines[0], err
    if mistake == "-v after the command":
        assert "unrecognized" not in lines[0], err
    if mistake == "bad model threshold":
        assert "between 0 and 1" in lines[0], err
    # Before any work: no input changed, no output file left (the probe of a folder included).
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before


@pytest.mark.parametrize("position", ["before", "after"])
def test_verbose_and_quiet_are_taken_before_or_after_the_command(position, tmp_path, monkeypatch):
    seen = {}

    def fake_run(args):
        seen.update(verbose=args.verbose, quiet=args.quiet)
        return 0

    parser_argv = ["dedup", str(tmp_path / "a.jsonl")]
    argv = ["-vv", "-q", *parser_argv] if position == "before" else [*parser_argv, "-vv", "-q"]
    monkeypatch.setattr("crawler.cli.dedup.run", fake_run)
    assert main(argv) == 0
    assert seen == {"verbose": 2, "quiet": True}


def test_help_lists_every_command_with_its_own_line():
    """``cleancrawl -h`` lists every command without importing them; each line is the module's own."""
    lazy = build_parser(None)._subparsers._group_actions[0]
    full = build_parser("*")._subparsers._group_actions[0]
    lazy_help = {a.dest: a.help for a in lazy._choices_actions}
    full_help = {a.dest: a.help for a in full._choices_actions}
    assert lazy_help == full_help
    assert set(lazy_help) == set(COMMANDS)


def test_only_the_chosen_command_is_imported(monkeypatch):
    imported = []
    real = crawler.cli.importlib.import_module
    monkeypatch.setattr(crawler.cli.importlib, "import_module", lambda name: imported.append(name) or real(name))
    build_parser("dedup")
    assert imported == ["crawler.cli.dedup"]


def test_ctrl_c_while_starting_is_one_line_and_130(monkeypatch, capsys):
    """Ctrl-C while the command's modules are being imported (Scrapy takes a while) printed a
    traceback; it is one line and exit 130, as Ctrl-C anywhere else."""

    def interrupted(name):
        raise KeyboardInterrupt

    monkeypatch.setattr(crawler.cli.importlib, "import_module", interrupted)
    assert main(["crawl", "http://127.0.0.1:9/"]) == 130
    err = capsys.readouterr().err
    assert err == "cleancrawl crawl: interrupted\n"


def test_demo_port_out_of_range_is_a_usage_error(capsys):
    """``demo --port 99999`` was a traceback (OverflowError from the socket)."""
    with pytest.raises(SystemExit) as exc:
        main(["demo", "--port", "99999"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert _stderr_lines(err) == [
        "cleancrawl demo: argument --port: 99999 is not a port number (0-65535; 0 for any free port) "
        "(see 'cleancrawl demo -h')"
    ]


def test_diff_refuses_runs_given_with_rules(tmp_path, capsys):
    """``diff A.jsonl B.jsonl --rules-b r.toml`` cleaned the runs as pages and exited 0."""
    files = Files(tmp_path)
    rules = tmp_path / "r.toml"
    rules.write_text("", encoding="utf-8")
    assert main(["diff", files.run(), files.run("b.jsonl"), "--rules-b", str(rules)]) == 2
    lines = _stderr_lines(capsys.readouterr().err)
    assert len(lines) == 1 and lines[0].startswith("cleancrawl diff: ") and "is a run" in lines[0]


def test_clean_with_a_missing_input_leaves_no_output(tmp_path, capsys):
    """``clean`` exited 1 and left an empty output file; now 2 before the output exists."""
    out = tmp_path / "out.jsonl"
    assert main(["clean", Files(tmp_path).page, str(tmp_path / "gone.html"), "-o", str(out)]) == 2
    assert not out.exists()
    gone = tmp_path / "gone.html"
    assert _stderr_lines(capsys.readouterr().err) == [f"cleancrawl clean: {gone}: no such file or folder"]


def test_dedup_output_is_replaced_whole_or_not_at_all(tmp_path, monkeypatch, capsys):
    """A dedup that fails part-way leaves the previous output as it was, and no partial file."""
    files = Files(tmp_path)
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")

    def broken(*args, **kwargs):
        yield {"url": "https://a.example/1"}
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("crawler.cli.dedup.mark_duplicates", broken)
    with pytest.raises(OSError):
        main(["dedup", files.run(), "-o", str(out)])
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl", "out.jsonl"]


def test_unknown_setting_suggests_the_closest_name():
    from crawler.cli.common import UsageError, check_set_options

    with pytest.raises(UsageError, match="did you mean DOWNLOAD_DELAY"):
        check_set_options(["DOWNLOAD_DELAYY=1"])
    with pytest.raises(UsageError, match="did you mean CLEANCRAWL_PROVENANCE"):
        check_set_options(["CLEANCRAWL_PROVENANSE=1"])
    # Scrapy's, ours, and a name only our code reads are all taken.
    assert check_set_options(["DOWNLOAD_DELAY=1", "CLEANCRAWL_PROVENANCE=1", "HTTPCACHE_ENABLED=1"]) == [
        ("DOWNLOAD_DELAY", "1"), ("CLEANCRAWL_PROVENANCE", "1"), ("HTTPCACHE_ENABLED", "1")
    ]


def test_a_users_settings_module_names_are_taken(tmp_path, monkeypatch):
    from crawler.cli import common

    (tmp_path / "my_settings.py").write_text("MY_PIPELINE_TOKEN = 'x'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("SCRAPY_SETTINGS_MODULE", "my_settings")
    common.known_settings.cache_clear()
    try:
        assert common.check_set_options(["MY_PIPELINE_TOKEN=y"]) == [("MY_PIPELINE_TOKEN", "y")]
    finally:
        common.known_settings.cache_clear()


class _Terminal(io.StringIO):
    """Standard error as a terminal that reports no size (a pty of height and width 0)."""

    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_never_with_q_and_never_zero_wide(monkeypatch):
    from crawler.cli import common

    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a file or a pipe: no bar
    assert common.progress_bar(total=10) is None
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert common.progress_bar(total=10, quiet=True) is None
    monkeypatch.setattr(common.os, "get_terminal_size", lambda fd=None: os.terminal_size((0, 0)))
    monkeypatch.delenv("COLUMNS", raising=False)
    bar = common.progress_bar(total=10, unit=" pages")
    assert bar is not None
    bar.update(5)
    bar.close()
    assert bar.ncols == 100
    assert "5/10" in terminal.getvalue()


def _pages(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        (folder / f"p{i}.html").write_text(PAGE.replace("harbour", f"harbour {i}"), encoding="utf-8")
    return folder


@pytest.mark.slow  # cleans in worker processes
@pytest.mark.parametrize("command", ["review", "diff"])
def test_review_and_diff_show_progress_on_a_terminal(command, tmp_path, monkeypatch):
    """``review`` and ``diff`` of pages showed no progress, however many pages."""
    pages = str(_pages(tmp_path / "pages", 3))
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    if command == "review":
        assert main(["review", pages, "-o", str(tmp_path / "r.html"), "-j", "1"]) == 0
        assert re.search(r"cleaning: 100%\|.*\| [\d.]+k?/[\d.]+k? ", terminal.getvalue()), terminal.getvalue()
    else:
        rules = tmp_path / "empty.toml"
        rules.write_text("", encoding="utf-8")
        assert main(["diff", "--rules-b", str(rules), pages, "-j", "1"]) == 0
        assert "cleaning twice: 3 pages" in terminal.getvalue(), terminal.getvalue()


def test_an_output_through_a_symbolic_link_is_written_in_place_not_renamed_over_the_link(tmp_path, capsys):
    """``-o /dev/stdout`` is a link: a rename into place would have replaced the link itself (by a
    regular file). A linked output is written through the link; the link stays a link."""
    files = Files(tmp_path)
    target = tmp_path / "real.jsonl"
    target.write_text("", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    assert main(["dedup", files.run(), "-o", str(link)]) == 0
    assert link.is_symlink()
    assert [json.loads(line)["url"] for line in target.read_text().splitlines()] == [
        "https://a.example/1", "https://a.example/2"
    ]


@pytest.mark.slow  # starts the command as a process and interrupts it
def test_ctrl_c_while_a_real_command_starts_is_one_line_and_130(tmp_path):
    """Ctrl-C while ``cleancrawl crawl`` imports Scrapy (the slow part of its start) printed a
    KeyboardInterrupt traceback. ``-X importtime`` says when main() has begun (its first import): the
    SIGINT then lands while the rest of the start-up (the command, Scrapy) still imports."""
    proc = subprocess.Popen(
        [sys.executable, "-X", "importtime", "-m", "crawler.cli", "crawl", "http://127.0.0.1:9/", "-o", "o.jsonl"],
        cwd=tmp_path, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        env={"PYTHONPATH": str(Path(__file__).resolve().parent.parent), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    # The smallest pipe: the command blocks on its next import line until this test has read the
    # last one, so the SIGINT below lands while it still imports even on a loaded machine (with
    # the default 64 KiB it could run ahead through all its imports and into the crawl).
    fcntl.fcntl(proc.stderr.fileno(), fcntl.F_SETPIPE_SZ, 4096)
    seen = []
    try:
        for line in proc.stderr:
            seen.append(line)
            if line.rstrip().endswith("| crawler.cli.common"):  # imported first in main(); Scrapy comes next
                proc.send_signal(signal.SIGINT)
                break
        rest = proc.communicate(timeout=120)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
    messages = [line for line in [*seen, *rest.splitlines(True)] if not line.startswith("import time:")]
    assert "Traceback" not in "".join(messages), "".join(messages)
    assert proc.returncode == 130, "".join(messages)
    assert messages[-1].rstrip() == "cleancrawl crawl: interrupted", "".join(messages)


SLOW_EXTENSION = """
import time
from pathlib import Path


class SlowToLoad:
    \"\"\"An extension whose loading takes seconds: the crawl's start-up, after its imports and before
    the reactor runs (and Scrapy's stop handlers with it).\"\"\"

    @classmethod
    def from_crawler(cls, crawler):
        Path("loading").write_text("now")
        time.sleep(3)
        return cls()
"""


@pytest.mark.slow  # starts the command as a process and interrupts it
def test_ctrl_c_while_the_crawl_sets_up_stops_it_gracefully_without_a_traceback(tmp_path):
    """Scrapy installs its stop handlers once the reactor runs. A Ctrl-C before that, while the
    crawl loaded its extensions and opened the spider, raised KeyboardInterrupt inside a Twisted
    Deferred: a CRITICAL traceback, and the crawl went on to the end (or the signal was lost
    without a word). Held until the reactor runs, it is Scrapy's graceful stop."""
    (tmp_path / "slow_extension.py").write_text(SLOW_EXTENSION, encoding="utf-8")
    root = str(Path(__file__).resolve().parent.parent)
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "crawl", "http://127.0.0.1:9/", "-o", "o.jsonl",
         "-s", 'EXTENSIONS={"slow_extension.SlowToLoad": 0}'],
        cwd=tmp_path, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        env={"PYTHONPATH": f"{root}:{tmp_path}", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    try:
        deadline = time.monotonic() + 120
        while not (tmp_path / "loading").exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, proc.communicate()[1]
        proc.send_signal(signal.SIGINT)
        stderr = proc.communicate(timeout=120)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert "Ctrl-C: stopping" in stderr, stderr
    assert "stopped before the end" in stderr, stderr
    assert proc.returncode == 1, stderr


def test_a_misspelt_command_is_one_line_with_did_you_mean(capsys):
    assert main(["cleen", "x.html"]) == 2
    assert capsys.readouterr().err == "cleancrawl: no command 'cleen'; did you mean clean?\n"


def test_a_replaced_output_keeps_its_permissions(tmp_path, capsys):
    files = Files(tmp_path)
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    assert main(["dedup", files.run(), "-o", str(out)]) == 0
    assert (out.stat().st_mode & 0o777) == 0o640
    new = tmp_path / "new.jsonl"
    assert main(["dedup", files.run(), "-o", str(new)]) == 0
    assert (new.stat().st_mode & 0o777) == 0o666 & ~_current_umask()


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_dedup_shows_progress_on_a_terminal_and_none_with_q(tmp_path, monkeypatch):
    files = Files(tmp_path)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["dedup", files.run(), "-o", str(tmp_path / "out.jsonl")]) == 0
    assert "dedup: 2 records" in terminal.getvalue(), terminal.getvalue()
    quiet = _Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert main(["dedup", files.run(), "-o", str(tmp_path / "out.jsonl"), "-q"]) == 0
    assert "records [" not in quiet.getvalue(), quiet.getvalue()
