"""Kill campaign: the crash-consistency scenarios over many seeds, the distributed mid-crawl kill
over many repetitions, one table of kills, duplicates and losses.

CI runs tests/test_crash_consistency.py with one seed and the distributed kill test once. This
script runs them again and again, one pytest process at a time (signals sent mid-crawl are timing
sensitive; the machine is shared), and reads the figures back:

- single machine: every scenario of test_crash_consistency.py per seed (CLEANCRAWL_KILL_SEED picks
  the seed of its random stop points); the test prints "kills, runs, records, duplicates, losses"
  before it asserts, so a failing run still gives its figures;
- distributed: test_distributed_ack.py's mid-crawl kill (three workers, one killed with requests in
  flight), under a --basetemp of the script's own, whose worker folders it counts itself
  (duplicates and losses over the 36 articles), whatever the test concluded.

    python benchmarks/kill_campaign.py --seeds 1-10 --repeats 10 [--only SUBSTRING] [--budget MIN]

A failure prints the seed (or repetition), the scenario and the test's failure text. Exit status:
0 every run clean, 1 any duplicate, loss or failure, 2 a usage error.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CRASH_TEST = "tests/test_crash_consistency.py"
DIST_TEST = "tests/test_distributed_ack.py::test_killing_a_worker_mid_crawl_loses_nothing_and_doubles_nothing"
DIST_ARTICLES = 36  # the test's /mid/{i}.html pages
DIST_WORKERS = ("m1", "m2", "m3")
FIGURES = re.compile(
    r"^(?P<id>\S+): kills (?P<kills>\d+), runs (?P<runs>\d+), records (?P<records>\d+), "
    r"duplicates (?P<dups>\d+), losses (?P<losses>\d+)$",
    re.M,
)
RESULT = re.compile(r"^(PASSED|FAILED|ERROR) \S+?\[(?P<id>[^\]]+)\]", re.M)


@dataclass
class Row:
    """One scenario's totals over every seed (or repetition) it ran."""

    runs: int = 0  # pytest runs of the scenario (one per seed)
    crawls: int = 0  # crawl processes started (the killed ones and the finishing one)
    kills: int = 0
    duplicates: int = 0
    losses: int = 0
    failures: list[str] = field(default_factory=list)  # "seed N: what failed"


def seed_range(text: str) -> list[int]:
    """``1-10`` or ``3,7,9`` or ``5``."""
    seeds: list[int] = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        seeds += range(int(low), int(high or low) + 1)
    return seeds


def pytest(args: list[str], env: dict[str, str], timeout: float) -> tuple[int, str]:
    cmd = [sys.executable, "-m", "pytest", "-n", "0", "-s", "-rA", "-p", "no:cacheprovider", *args]
    try:
        done = subprocess.run(cmd, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        return -1, out + f"\n[kill_campaign] pytest timed out after {timeout}s"
    return done.returncode, done.stdout + done.stderr


def failure_text(output: str, scenario: str) -> str:
    """The assertion lines pytest printed for this scenario (the short summary line at least)."""
    lines = [line for line in output.splitlines() if scenario in line and line.startswith(("FAILED", "ERROR"))]
    errors = [line.strip() for line in output.splitlines() if line.startswith("E ")][:6]
    return " | ".join(lines + errors)[:1500]


def crash_seed(seed: int, only: str, rows: dict[str, Row], log: Path) -> None:
    args = [CRASH_TEST, "-k", only] if only else [CRASH_TEST]
    code, out = pytest(args, {"CLEANCRAWL_KILL_SEED": str(seed)}, timeout=3600)
    (log / f"crash-seed{seed}.log").write_text(out)
    figures = {m["id"]: m for m in FIGURES.finditer(out)}
    results = {m["id"]: m[1] for m in RESULT.finditer(out)}
    for scenario in sorted(set(figures) | set(results)):
        row = rows.setdefault(scenario, Row())
        row.runs += 1
        if scenario in figures:
            f = figures[scenario]
            row.crawls += int(f["runs"])
            row.kills += int(f["kills"])
            row.duplicates += int(f["dups"])
            row.losses += int(f["losses"])
        if results.get(scenario) != "PASSED":
            row.failures.append(f"seed {seed}: {results.get(scenario, 'NO RESULT')} {failure_text(out, scenario)}")
    if code != 0 and not results:
        rows.setdefault("(crash test module)", Row()).failures.append(f"seed {seed}: exit {code}: {out[-1500:]}")


def dist_counts(basetemp: Path) -> tuple[collections.Counter, int]:
    """URL counts over the workers' output folders of the one test run under ``basetemp``."""
    counts: collections.Counter = collections.Counter()
    folders = 0
    # pytest also links <test>current to the test's folder: count the real folders only
    tests = [path for path in basetemp.iterdir() if path.is_dir() and not path.is_symlink()]
    for name in DIST_WORKERS:
        for folder in (test / name for test in tests if (test / name).is_dir()):
            folders += 1
            for path in folder.glob("data/*/*.jsonl"):
                for line in path.read_text().splitlines():
                    if line.strip():
                        counts[json.loads(line)["url"]] += 1
    return counts, folders


def dist_repeat(rep: int, rows: dict[str, Row], log: Path) -> None:
    row = rows.setdefault("distributed: kill 1 of 3 workers mid-crawl", Row())
    with tempfile.TemporaryDirectory(prefix="killcampaign-") as tmp:
        basetemp = Path(tmp) / "t"
        code, out = pytest([DIST_TEST, "--basetemp", str(basetemp)], {}, timeout=900)
        (log / f"dist-rep{rep}.log").write_text(out)
        counts, folders = dist_counts(basetemp)
    row.runs += 1
    row.crawls += len(DIST_WORKERS)
    row.kills += 1
    doubled = {u: n for u, n in counts.items() if n > 1}
    row.duplicates += sum(n - 1 for n in doubled.values())
    mids = {u for u in counts if "/mid/" in u}
    lost = DIST_ARTICLES - len(mids) if folders else 0
    row.losses += lost
    if code != 0 or doubled or lost:
        row.failures.append(
            f"repetition {rep}: exit {code}, doubled {sorted(doubled)}, lost {lost} "
            f"(seen {sorted(int(u.rsplit('/', 1)[1].split('.')[0]) for u in mids)}) {failure_text(out, 'test_')}"
        )


def table(rows: dict[str, Row]) -> str:
    head = f"{'scenario':<58} {'runs':>4} {'crawls':>6} {'kills':>5} {'dups':>4} {'losses':>6} {'failures':>8}"
    lines = [head, "-" * len(head)]
    total = Row()
    for name, row in rows.items():
        lines.append(
            f"{name:<58} {row.runs:>4} {row.crawls:>6} {row.kills:>5} {row.duplicates:>4} "
            f"{row.losses:>6} {len(row.failures):>8}"
        )
        total.runs += row.runs
        total.crawls += row.crawls
        total.kills += row.kills
        total.duplicates += row.duplicates
        total.losses += row.losses
        total.failures += row.failures
    lines.append("-" * len(head))
    lines.append(
        f"{'total':<58} {total.runs:>4} {total.crawls:>6} {total.kills:>5} {total.duplicates:>4} "
        f"{total.losses:>6} {len(total.failures):>8}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="1-10", help="seeds of the crash scenarios: 1-10, 3,7 or 0 for none")
    parser.add_argument("--repeats", type=int, default=10, help="repetitions of the distributed kill test")
    parser.add_argument("--only", default="", help="pytest -k expression to pick crash scenarios")
    parser.add_argument("--budget", type=float, default=0, help="stop starting new runs after this many minutes")
    parser.add_argument(
        "--log",
        type=Path,
        default=Path(tempfile.gettempdir()) / "kill-campaign-logs",
        help="folder for each run's output",
    )
    args = parser.parse_args(argv)
    try:
        seeds = [] if args.seeds == "0" else seed_range(args.seeds)
    except ValueError:
        parser.error(f"--seeds: not a range: {args.seeds!r}")
    args.log.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()

    def over_budget() -> bool:
        return bool(args.budget) and time.monotonic() - start > args.budget * 60

    rows: dict[str, Row] = {}
    # Interleaved, so that a budget cut short still leaves figures for both kinds.
    plan = [("crash", s) for s in seeds]
    reps = [("dist", r) for r in range(1, args.repeats + 1)]
    jobs = [job for pair in zip(plan, reps, strict=False) for job in pair] + plan[len(reps) :] + reps[len(plan) :]
    for kind, n in jobs:
        if over_budget():
            print(f"[kill_campaign] budget of {args.budget} min reached, stopping", flush=True)
            break
        t0 = time.monotonic()
        if kind == "crash":
            crash_seed(n, args.only, rows, args.log)
        else:
            dist_repeat(n, rows, args.log)
        print(f"[kill_campaign] {kind} {n} done in {time.monotonic() - t0:.0f}s", flush=True)
    print(table(rows))
    failures = [(name, f) for name, row in rows.items() for f in row.failures]
    for name, text in failures:
        print(f"FAILURE {name}: {text}")
    return 1 if failures or any(r.duplicates or r.losses for r in rows.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
