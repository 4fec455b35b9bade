"""``cleancrawl clean`` when its cleaning processes die or hang: a worker killed as the OOM killer
would (SIGKILL to the biggest process), a page that never finishes, a main process killed
mid-run. One page may be lost, counted and named; never the run, never the other records."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from hostile_inputs import PARAGRAPH, ROOT, article

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

# About 15 MB of paragraphs (under the 20 MB page limit and, at 90,000 tags, under MAX_PAGE_TAGS of
# cleaners/page_bounds.py): many seconds of cleaning and hundreds of MB of tree, where an ordinary
# page takes milliseconds and no extra memory. No test waits for it: each kills or times out its
# worker within seconds.
HEAVY_PARAGRAPHS = 45_000
HEAVY_RSS_KIB = 200 * 1024


def heavy_page() -> str:
    body = "".join(f"<p>{PARAGRAPH} {PARAGRAPH} {PARAGRAPH} {i}</p>\n" for i in range(HEAVY_PARAGRAPHS))
    return f"<html><head><title>Heavy</title></head><body><article>{body}</article></body></html>"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(30):
        (pages / f"p{i:02}.html").write_text(article(f"Page {i}"), encoding="utf-8")
    (pages / "p10-heavy.html").write_text(heavy_page(), encoding="utf-8")
    return pages


def start_clean(args: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from crawler.cli import main; sys.exit(main(sys.argv[1:]))",
            "clean",
            *args,
        ],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def _parents() -> dict[int, int]:
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def descendants(pid: int) -> list[int]:
    parents = _parents()
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        children = [p for p, parent in parents.items() if parent == current]
        found += children
        frontier += children
    return found


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def wait_for_heavy_worker(proc: subprocess.Popen, deadline: float = 120) -> int:
    """The pid of the worker holding the heavy page: the one whose memory climbs past the rest."""
    end = time.monotonic() + deadline
    while time.monotonic() < end and proc.poll() is None:
        for pid in descendants(proc.pid):
            if rss_kib(pid) > HEAVY_RSS_KIB:
                return pid
        time.sleep(0.05)
    raise AssertionError("no worker took the heavy page")


def records(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_a_worker_killed_like_the_oom_killer_would_costs_one_page(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    proc = start_clean([str(folder), "--jobs", "2", "-o", str(out)], tmp_path)
    os.kill(wait_for_heavy_worker(proc), signal.SIGKILL)
    _, stderr = proc.communicate(timeout=180)
    stderr = stderr.decode()
    assert "Traceback" not in stderr, stderr
    assert proc.returncode == 1, stderr
    assert "pages read: 31, articles written: 30" in stderr
    assert "pages failed: 1 (worker-crashed 1)" in stderr
    assert f"{folder / 'p10-heavy.html'}: the cleaning process died" in stderr
    assert [r["title"] for r in records(out)] == [f"Page {i}" for i in range(30)]


def test_a_page_that_takes_too_long_costs_only_itself(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    proc = start_clean([str(folder), "--jobs", "2", "--page-timeout", "2", "-o", str(out)], tmp_path)
    _, stderr = proc.communicate(timeout=180)
    stderr = stderr.decode()
    assert proc.returncode == 1, stderr
    assert "pages failed: 1 (cleaner-timeout 1)" in stderr
    assert f"{folder / 'p10-heavy.html'}: cleaning took longer than --page-timeout" in stderr
    assert [r["title"] for r in records(out)] == [f"Page {i}" for i in range(30)]


def test_workers_do_not_outlive_a_killed_main_process(folder: Path, tmp_path: Path) -> None:
    proc = start_clean([str(folder), "--jobs", "2", "-o", str(tmp_path / "out.jsonl")], tmp_path)
    busy = wait_for_heavy_worker(proc)
    helpers = descendants(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    end = time.monotonic() + 10  # far less than the heavy page's cleaning time
    while time.monotonic() < end and _living(helpers):
        time.sleep(0.1)
    alive = _living(helpers)
    for pid in alive:  # do not leave them spinning when the test fails
        os.kill(pid, signal.SIGKILL)
    assert busy in helpers and alive == [], alive


def _living(pids: list[int]) -> list[int]:
    return [pid for pid in pids if _state(pid) not in ("Z", "X")]


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_ctrl_c_stops_the_run_with_a_summary_and_no_tracebacks(folder: Path, tmp_path: Path) -> None:
    """Ctrl-C in a terminal signals the whole foreground process group, workers included. A last
    input on standard input, held open, keeps the run from ending before the signal lands (on a
    loaded machine the heavy page could be rejected and the rest cleaned first: exit 0, all done)."""
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from crawler.cli import main; sys.exit(main(sys.argv[1:]))",
            "clean",
            str(folder),
            "-",
            "--jobs",
            "2",
            "-o",
            str(out),
        ],
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        start_new_session=True,
    )
    wait_for_heavy_worker(proc)
    helpers = descendants(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    stderr = stderr.decode()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert "interrupted: the pages above were done" in stderr
    written = records(out)
    assert len(written) == int(stderr.split("articles written: ")[1].split()[0])
    assert _living(helpers) == []
