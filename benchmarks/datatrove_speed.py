"""cleancrawl on datatrove: scaling over tasks, cost per page against ``cleancrawl clean``, and
datatrove's own trafilatura extractor beside cleancrawl's, on the pages of benchmark sets.

Usage:
    python benchmarks/datatrove_speed.py ../shared/benchmarks/trafilatura-eval [../shared/benchmarks/scrapinghub-aeb]
        [--limit N] [--skip-jobs]

For the first set given, its pages are written to one WARC (their own URLs as WARC-Target-URI)
and run through:

- ``cleancrawl process WARC --tasks 1`` and ``--tasks 2`` (the whole job: cleaning, site
  repetition, near-duplicates): wall time each and the speed-up (the target is 1.8x or more on two
  free cores: a loaded machine gives less);
- ``cleancrawl clean WARC --jobs 1`` against ``cleancrawl process WARC --tasks 1
  --no-near-dup`` (the same work: cleaning and site repetition, one core each): CPU seconds per
  page of each, the command and all its processes (``RUSAGE_CHILDREN``), so other processes on
  the machine do not count.

For every set given, in this process, one page at a time (process CPU time, warm-up page first):
``CleancrawlExtractor.extract`` (cleancrawl's step) and datatrove's ``Trafilatura`` extractor's
``extract`` (its defaults: favour_precision, deduplicate), each scored with the set's own metric
(benchmarks/quality.py: the snippet metric or the shingle metric), pages per CPU-second beside.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from quality import Dataset, load_dataset  # noqa: E402

from output import aeb_metric, snippet_metric  # noqa: E402

SMALL = 10  # pages of the WARC that measures a command's start-up cost


def write_set_warc(dataset: Dataset, path: Path, limit: int | None) -> int:
    """The set's pages as WARC response records (text/html, their URL as the target)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from hostile_inputs import write_warc

    keys = list(dataset.bodies)[:limit]
    write_warc(path, [(dataset.urls[key] or f"https://bench.example/{key}", dataset.bodies[key]) for key in keys])
    return len(keys)


def run_command(args: list[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the command and its processes, exit status)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "crawler.cli", *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        print(f"  ({' '.join(args[:1])} exit {proc.returncode}: {proc.stderr.strip()[-500:]})", file=sys.stderr)
    return wall, cpu, proc.returncode


def jobs(dataset: Dataset, folder: Path, limit: int | None, repeat: int) -> None:
    warc, small = folder / "pages.warc.gz", folder / "small.warc.gz"
    pages = write_set_warc(dataset, warc, limit)
    few = write_set_warc(dataset, small, SMALL)

    def best(args: list[str]) -> tuple[float, float, int]:
        """The run of least CPU of ``repeat`` (a loaded machine only ever adds)."""
        runs = []
        for n in range(repeat):
            runs.append(run_command([*args[:-1], f"{args[-1]}-{n}"]))
        return min(runs, key=lambda run: run[1])

    def cost(command: list[str], name: str) -> tuple[tuple[float, float, int], tuple[float, float, int]]:
        whole = best([*command[:1], str(warc), *command[1:], "-o", str(folder / f"{name}")])
        start = best([*command[:1], str(small), *command[1:], "-o", str(folder / f"{name}-small")])
        return whole, start

    clean = cost(["clean", "--jobs", "1", "-q"], "clean.jsonl")
    step = cost(["process", "--tasks", "1", "--no-near-dup", "-q"], "step")
    one = best(["process", str(warc), "--tasks", "1", "-q", "-o", str(folder / "t1")])
    two = best(["process", str(warc), "--tasks", "2", "-q", "-o", str(folder / "t2")])
    print(f"\nWARC of {pages} pages (and one of {few} for the start-up cost), cores: {os.cpu_count()}, "
          f"load average at the end: {os.getloadavg()[0]:.1f}, best of {repeat} runs (least CPU)")
    print("| run | wall s | CPU s | CPU ms/page | start-up CPU s | CPU ms/page past start-up |")
    print("|---|---|---|---|---|---|")
    marginal = []
    for name, (whole, start) in (
        ("clean --jobs 1 (clean + site repetition)", clean),
        ("process --tasks 1 --no-near-dup (same work)", step),
    ):
        marginal.append((whole[1] - start[1]) / (pages - few))
        print(f"| {name} | {whole[0]:.1f} | {whole[1]:.1f} | {1000 * whole[1] / pages:.1f} | {start[1]:.1f} "
              f"| {1000 * marginal[-1]:.1f} |")
    for name, (wall, cpu, _code) in (("process --tasks 1 (whole job)", one), ("process --tasks 2 (whole job)", two)):
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {1000 * cpu / pages:.1f} | | |")
    ratio = step[0][1] / clean[0][1]
    past = marginal[1] / marginal[0]
    print(f"\nspeed-up, 2 tasks over 1 (wall): {one[0] / two[0]:.2f}x (target >= 1.8x on two free cores)")
    print(f"step's CPU per page over clean's: {ratio:.3f} whole runs, {past:.3f} past start-up (target <= 1.10)")


def extractors(dataset: Dataset, limit: int | None) -> None:
    from datatrove.pipeline.extractors import Trafilatura

    from cleaners.decoding import decode_html
    from crawler.datatrove_steps import CleancrawlExtractor

    ours, theirs = CleancrawlExtractor(), Trafilatura()
    keys = list(dataset.bodies)[:limit]

    def cleancrawl(key: str) -> str:
        outcome = ours.extract(dataset.bodies[key], dataset.urls[key], None, None, None, None)
        return outcome["record"]["text"] if "record" in outcome else ""

    def trafilatura(key: str) -> str:
        return theirs.extract(decode_html(dataset.bodies[key])) or ""

    rows = []
    for name, extract in (("cleancrawl (CleancrawlExtractor)", cleancrawl), ("datatrove Trafilatura", trafilatura)):
        extract(keys[0])  # warm-up: imports, language model, rules
        texts, cpu = {}, 0.0
        for key in keys:
            started = time.process_time()
            try:
                texts[key] = extract(key)
            except Exception as err:  # scored as an empty page
                print(f"{name} failed on {key}: {err!r}", file=sys.stderr)
                texts[key] = ""
            cpu += time.process_time() - started
        truth = {key: dataset.truth[key] for key in keys}
        metric = aeb_metric if dataset.kind == "aeb" else snippet_metric
        scored = metric.evaluate(truth, texts)
        rows.append((name, scored.f1, scored.precision, scored.recall, len(keys) / cpu))
    print(f"\n{dataset.name}: {len(keys)} pages, {'shingle' if dataset.kind == 'aeb' else 'snippet'} metric")
    print("| extractor | F1 | precision | recall | pages per CPU-second |")
    print("|---|---|---|---|---|")
    for name, f1, precision, recall, speed in rows:
        print(f"| {name} | {f1:.4f} | {precision:.4f} | {recall:.4f} | {speed:.1f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", type=Path, nargs="+", help="benchmark folders (the first one makes the WARC)")
    parser.add_argument("--limit", type=int, help="only the first N pages of each set")
    parser.add_argument("--skip-jobs", action="store_true", help="only the extractor table")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each command, the least CPU kept")
    args = parser.parse_args(argv)
    sets = [load_dataset(directory) for directory in args.datasets]
    if not args.skip_jobs:
        with tempfile.TemporaryDirectory(prefix="cleancrawl-datatrove-bench-") as folder:
            jobs(sets[0], Path(folder), args.limit, args.repeat)
    for dataset in sets:
        extractors(dataset, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
