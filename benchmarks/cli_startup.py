"""How long short ``cleancrawl`` commands take from the shell: start-up and import cost.

Usage:
    python benchmarks/cli_startup.py [--runs N]

Each command runs ``N`` times (default 7) as ``python -m crawler.cli ...`` in a fresh interpreter,
in a scratch folder; the table gives the median wall time, its ratio to ``python -c pass``
measured in the same run (the interpreter's own start-up on this machine, now: a loaded machine
slows both) and the median CPU time (user + system, with the cleaning workers: steadier than the
wall time on a shared machine). Commands: ``--version``, ``-h``, ``clean`` of one saved page (a fixture case's
page.html) and ``fixtures check`` of that one case.

The targets (issue 18) are checked here, never in timed unit tests: ``--version`` under 0.3 s and
``clean`` of one page under 1 s. The exit status is 1 when a median misses its target, 2 when a
command fails. ``python -X importtime -m crawler.cli ARGS`` says where an import-heavy command's
time goes.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = "amp-wire-story-byline-copyright"
PAGE = ROOT / "tests" / "fixtures" / CASE / "page.html"

# (name, arguments after the interpreter, target median in seconds or None)
COMMANDS: list[tuple[str, list[str], float | None]] = [
    ("python -c pass", ["-c", "pass"], None),
    ("cleancrawl --version", ["-m", "crawler.cli", "--version"], 0.3),
    ("cleancrawl -h", ["-m", "crawler.cli", "-h"], None),
    ("cleancrawl clean (one page)", ["-m", "crawler.cli", "clean", str(PAGE), "-o", "out.jsonl"], 1.0),
    (
        "cleancrawl fixtures check (one case)",
        ["-m", "crawler.cli", "fixtures", "check", CASE, "--dir", str(ROOT / "tests" / "fixtures")],
        None,
    ),
]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_command(args: list[str], cwd: str, runs: int) -> tuple[list[float], list[float]]:
    """Wall times and CPU times (the command and the workers it waited for) of ``runs`` runs of
    the interpreter with ``args``; raises if one fails."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    walls, cpus = [], []
    for _ in range(runs):
        cpu, start = _children_cpu(), time.perf_counter()
        proc = subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, timeout=300)
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - cpu)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return walls, cpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each command (default: %(default)s)")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="cli-startup-") as scratch:
        try:
            for name, command, target in COMMANDS:
                walls, cpus = time_command(command, scratch, args.runs)
                rows.append((name, statistics.median(walls), statistics.median(cpus), target))
        except RuntimeError as err:
            print(f"cli_startup: {err}", file=sys.stderr)
            return 2
    baseline = rows[0][1]
    missed = 0
    print(f"{'command':<40} {'median s':>9} {'x pass':>7} {'cpu s':>6}  target")
    for name, median, cpu, target in rows:
        verdict = ""
        if target is not None:
            ok = median < target
            missed += not ok
            verdict = f"< {target:g} s {'ok' if ok else 'MISSED'}"
        print(f"{name:<40} {median:>9.3f} {median / baseline:>7.1f} {cpu:>6.2f}  {verdict}")
    print(f"({args.runs} runs each, {sys.executable}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f})")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
