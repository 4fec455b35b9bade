"""``cleancrawl process WARC... -o DIR --tasks N``: clean, strip site repetition and mark
near-duplicates of saved pages on datatrove (``pip install "cleancrawl[datatrove]"``).

The same records as ``cleancrawl clean`` followed by ``cleancrawl dedup`` over the same pages, in
``N`` tasks: on this machine (``--executor local``, the default), or on a cluster through
datatrove's Slurm and Ray executors (``--executor slurm|ray``, their own options passed with
``-E KEY=VALUE``). The stages are crawler/datatrove_steps/pipeline.py's. ``DIR`` receives one
file of records per task (``00000.jsonl``..., or ``.parquet`` with ``--parquet``); the hand-over
files between stages and datatrove's logs go under ``DIR/.cleancrawl/`` (hidden, so a reader of
the folder's ``*.jsonl``/``*.parquet`` never sees them), and a job run again into the same DIR
carries on, skipping the tasks already done.

``--hub`` (implies Parquet): once every task is done, ``DIR`` becomes a Hugging Face dataset
folder: the tasks' files (written under ``DIR/.cleancrawl/shards``) named
``DIR/data/train-0000i-of-0000N.parquet`` and ``DIR/README.md``, the dataset card of
output/dataset_card.py. A job on Slurm or Ray is only submitted; the same command with
``--executor local`` afterwards finds every task done, runs none, and finishes the folder (it is
refused while the cluster still has tasks to do, so none runs twice at once).

Exit status: 0 every input read and every page cleaned; 1 some input could not be read fully
or a page was lost (failed cleaning, time limit, a crashed cleaning process), each counted in
the summary, or a task failed; 2 bad arguments, before any work. A Slurm job is submitted and
its status is then Slurm's.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from cleaners import DEFAULT_MIN_WORDS, FORMATS, RuleFileError, validate_rule_files
from crawler.cli.common import (
    UsageError,
    add_model_arguments,
    answers_usage_errors,
    check_inputs,
    check_output,
    model_options,
)
from crawler.cli.forked_workers import workers_die_on_sigterm
from crawler.components.log_filters import printable

PROG = "cleancrawl process"
HIDDEN = ".cleancrawl"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "process",
        help="clean, strip site repetition and mark near-duplicates of WARC files on datatrove (local, Slurm, Ray)",
        description="The records of `cleancrawl clean` then `cleancrawl dedup` over the same pages, built by "
        "datatrove in parallel tasks: one file of records per task in DIR. Exit status: 0 done, 1 some input or "
        "page was lost (counted in the summary) or a task failed, 2 bad arguments.",
    )
    parser.add_argument("paths", nargs="+", metavar="WARC", help="WARC/ARC files (.warc.gz...), HTML files or folders")
    parser.add_argument("-o", "--output", required=True, metavar="DIR", help="folder for the records (made if absent)")
    parser.add_argument("--tasks", type=int, default=os.cpu_count() or 1, help="tasks per stage (default: cores)")
    parser.add_argument(
        "--workers", type=int, default=-1, help="local executor: tasks run at once (default: all of them)"
    )
    parser.add_argument("--executor", choices=("local", "slurm", "ray"), default="local", help="datatrove executor")
    parser.add_argument(
        "-E", "--executor-option", action="append", default=[], metavar="KEY=VALUE",
        help="an option of datatrove's executor, e.g. -E partition=cpu -E time=04:00:00 (VALUE read as JSON "
        "when it parses: -E cpus_per_task=2); repeatable",
    )
    parser.add_argument(
        "--work", metavar="FOLDER", help=f"where stages hand over their files (default DIR/{HIDDEN}/work; s3://... "
        "works: any fsspec folder every task can reach)",
    )
    parser.add_argument("--parquet", action="store_true", help="write Parquet (cleancrawl export's columns)")
    parser.add_argument(
        "--hub", action="store_true",
        help="write a Hugging Face dataset folder (implies --parquet): DIR/data/train-0000i-of-0000N.parquet and "
        "DIR/README.md, the dataset card, once every task is done (docs/datasets.md)",
    )
    parser.add_argument("--rules", action="append", default=[], metavar="FILE", help="extra rule file (repeatable)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="markdown: records carry Markdown too")
    parser.add_argument("--min-words", type=int, default=DEFAULT_MIN_WORDS, help="shorter articles are rejected")
    parser.add_argument("--provenance", action="store_true", help="add every removed block with its rule")
    add_model_arguments(parser)
    parser.add_argument("--site", metavar="NAME", help="count every page as one site NAME for site repetition")
    parser.add_argument("--no-site-repetition", action="store_true", help="keep blocks that recur across a host")
    parser.add_argument("--no-near-dup", action="store_true", help="no duplicate marks (near_duplicate_of null)")
    parser.add_argument("--drop-duplicates", action="store_true", help="leave duplicates out instead of marking")
    parser.add_argument("--threshold", type=float, default=None, help="near-duplicate threshold (as dedup's)")
    parser.add_argument(
        "--page-timeout", type=float, default=120.0, metavar="SECONDS",
        help="a page still being cleaned after this long is counted failed (cleaner-timeout)",
    )
    parser.set_defaults(run=run)


def _options(pairs: list[str]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"-E {pair}: expected KEY=VALUE")
        try:
            options[key.strip()] = json.loads(value)
        except ValueError:
            options[key.strip()] = value
    return options


def _check(args: argparse.Namespace) -> str | None:
    if importlib.util.find_spec("datatrove") is None:
        return 'datatrove is not installed: pip install "cleancrawl[datatrove]"'
    if args.executor == "ray" and importlib.util.find_spec("ray") is None:
        return "--executor ray: ray is not installed (pip install ray)"
    if args.tasks < 1:
        return "--tasks must be at least 1"
    if args.workers == 0 or args.workers < -1:
        return "--workers must be -1 (all tasks at once) or at least 1"
    if args.page_timeout <= 0:
        return "--page-timeout must be more than 0 seconds"
    if "-" in args.paths:
        return "standard input cannot be shared by tasks: name WARC files"
    check_inputs(args.paths)
    try:
        validate_rule_files(args.rules)
    except RuleFileError as err:
        return str(err)
    check_output(args.output, args.paths, folder=True, makes_folders=True)
    if args.hub:
        return foreign_dataset(Path(args.output))
    return None


def foreign_dataset(folder: Path) -> str | None:
    """Why ``--hub`` may not write into ``folder``: it holds a README.md or Hub shards that no
    ``cleancrawl process`` job of its own left (a job's second run finds its own and carries on)."""
    from output.dataset_card import CARD_NAME, hub_shards

    if (folder / HIDDEN / "job.json").is_file():
        return None
    if (folder / CARD_NAME).exists() or hub_shards(folder):
        return f"-o {folder} already holds a dataset or a {CARD_NAME} of its own: give an empty folder"
    return None


def settings_from(args: argparse.Namespace) -> Any:
    from crawler.datatrove_steps.pipeline import JobSettings
    from output.near_dup import NearDupConfig

    hidden = Path(args.output) / HIDDEN
    config = NearDupConfig() if args.threshold is None else NearDupConfig(threshold=args.threshold)
    block_model, model_threshold = model_options(args)
    return JobSettings(
        paths=[os.path.abspath(p) if args.executor != "local" else p for p in args.paths],
        output=str(hidden / "shards") if args.hub else args.output,
        work=args.work or str(hidden / "work"),
        logs=str(hidden / "logs"),
        tasks=args.tasks,
        rule_files=tuple(args.rules),
        min_words=args.min_words,
        format=args.format,
        provenance=args.provenance,
        site=args.site,
        site_repetition=not args.no_site_repetition,
        near_dup=not args.no_near_dup,
        drop_duplicates=args.drop_duplicates,
        near_dup_config=config,
        output_format="parquet" if args.parquet or args.hub else "jsonl",
        page_timeout=args.page_timeout,
        block_model=block_model,
        model_threshold=model_threshold,
    )


def stage_counts(logs: str) -> Counter[str]:
    """Every counter of every step of every stage, summed over the tasks' stats files."""
    totals: Counter[str] = Counter()
    for path in sorted(Path(logs).glob("*/stats/*.json")):
        for step in json.loads(path.read_text()):
            for label, value in step.get("stats", {}).items():
                total = value.get("total", 0) if isinstance(value, dict) else value
                totals[f"{step['name']}|{label}"] += int(total)
    return totals


def summarise(totals: Counter[str]) -> tuple[list[str], bool]:
    """The summary's lines, and whether everything was read and cleaned."""
    def by_prefix(prefix: str) -> Counter[str]:
        found: Counter[str] = Counter()
        for key, n in totals.items():
            label = key.split("|", 1)[1]
            if label.startswith(prefix):
                found[label[len(prefix):]] += n
        return found

    def one(label: str, step: str) -> int:
        return sum(n for key, n in totals.items() if key.endswith(f"|{label}") and step in key)

    pages = one("pages", "cleancrawl pages")
    written = sum(n for key, n in totals.items() if key.endswith("|total") and "cleancrawl jsonl" in key)
    written += sum(n for key, n in totals.items() if key.endswith("|total") and "cleancrawl parquet" in key)
    rejected, failed, skipped = by_prefix("rejected."), by_prefix("failed."), by_prefix("skipped.")
    unread = one("input_errors", "cleancrawl pages")
    lines = [f"pages read: {pages}, articles written: {written}"]
    if rejected:
        lines.append(f"pages rejected: {rejected.total()} ({_counts(rejected)})")
    if failed:
        lines.append(f"pages failed: {failed.total()} ({_counts(failed)})")
    if unread:
        lines.append(f"inputs not read fully: {unread} (each named in the tasks' logs)")
    if skipped:
        lines.append(f"records skipped: {skipped.total()} ({_counts(skipped)})")
    exact, near = one("exact_duplicates", "clusters"), one("near_duplicates", "clusters")
    if exact or near:
        lines.append(f"duplicates: {exact} exact, {near} near")
    return lines, not failed and not unread


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{reason} {n}" for reason, n in counter.most_common())


def _quiet_datatrove() -> None:
    """datatrove's own log lines (pipelines, per-task stats) off, in this process and the tasks it
    forks; the steps' warnings (an input not read fully, a page lost) still go to each task's log."""
    from datatrove.utils.logging import logger

    logger.disable("datatrove")


def job_identity(settings: Any, hub: bool = False) -> dict[str, Any]:
    """What makes two runs into one DIR the same job (so the second carries on the first): the
    inputs and every setting that changes the records or their split into tasks."""
    identity = {
        "paths": [os.path.abspath(p) for p in settings.paths],
        "tasks": settings.tasks,
        "rule_files": [os.path.abspath(p) for p in settings.rule_files],
        "min_words": settings.min_words,
        "format": settings.format,
        "provenance": settings.provenance,
        "site": settings.site,
        "site_repetition": settings.site_repetition,
        "near_dup": settings.near_dup,
        "drop_duplicates": settings.drop_duplicates,
        "threshold": settings.near_dup_config.threshold,
        "output_format": settings.output_format,
        "work": settings.work,
    }
    if settings.block_model is not None or settings.model_threshold is not None:
        # only then, as hub: a folder of a job from before the block model still matches itself
        identity["block_model"] = settings.block_model
        identity["model_threshold"] = settings.model_threshold
    if hub:  # only then: a folder of an earlier job without --hub still matches itself
        identity["hub"] = True
    return identity


def claim_folder(path: Path, identity: dict[str, Any]) -> str | None:
    """None when DIR is new or holds this same job (datatrove then skips the tasks already done);
    else why not: datatrove would take another job's completed tasks for this one's and write
    nothing."""
    if path.is_file():
        try:
            known = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = None
        if known != identity:
            changed = sorted(k for k in identity if not isinstance(known, dict) or known.get(k) != identity[k])
            return (
                f"-o {path.parent.parent} holds another job (different {', '.join(changed) or 'settings'}): "
                "give another folder, or delete it to start again"
            )
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(identity, indent=1), encoding="utf-8")
    except OSError as err:
        return f"cannot write {path}: {err.strerror or err}"
    return None


def command_line(args: argparse.Namespace) -> str:
    """The process command as the card states it: input names (not the paths of the machine
    that ran it) and the options that change the records."""
    words = ["cleancrawl", "process", *(Path(p).name for p in args.paths), "--tasks", str(args.tasks), "--hub"]
    words += [w for rules in args.rules for w in ("--rules", Path(rules).name)]
    if args.format != "text":
        words += ["--format", args.format]
    if args.min_words != DEFAULT_MIN_WORDS:
        words += ["--min-words", str(args.min_words)]
    if args.site:
        words += ["--site", args.site]
    if args.threshold is not None:
        words += ["--threshold", str(args.threshold)]
    if getattr(args, "model_threshold", None) is not None:
        words += ["--model-threshold", str(args.model_threshold)]
    flags = ("provenance", "no_site_repetition", "no_near_dup", "drop_duplicates", "no_model")
    words += ["--" + flag.replace("_", "-") for flag in flags if getattr(args, flag, False)]
    return " ".join(words)


def finish_hub_folder(args: argparse.Namespace, settings: Any) -> str | None:
    """After every task of a ``--hub`` job: the tasks' Parquet files named as the Hub names shards
    (``DIR/data/train-0000i-of-0000N.parquet``) and the dataset card written from them. A second
    run of the same job finds the shards named: it writes the card only if it is missing (a run
    stopped between the two), and never rewrites one (the user may have set its license).
    Returns why the folder could not be finished, or None."""
    from output.dataset_card import (
        CARD_NAME,
        CardError,
        hub_shards,
        name_shards_for_hub,
        write_dataset_card,
        write_empty_shard,
    )

    folder = Path(args.output)
    staged = sorted(Path(settings.output).rglob("*.parquet")) if Path(settings.output).is_dir() else []
    try:
        if not hub_shards(folder):
            name_shards_for_hub(staged or [write_empty_shard(Path(settings.output) / "empty.parquet")], folder)
        elif staged:
            return f"{folder / 'data'} already holds shards and {len(staged)} more were written: not named"
        if not (folder / CARD_NAME).exists():
            how_made = (
                f"Cleaned, stripped of site repetition and marked for near-duplicates on datatrove with "
                f"`{command_line(args)}` ({args.tasks} task(s) per stage), the records `cleancrawl clean` "
                "then `cleancrawl dedup` give for the same pages."
            )
            write_dataset_card(folder, rule_files=args.rules, how_made=how_made)
    except (CardError, OSError) as err:
        return f"dataset card not written: {printable(str(err))}"
    return None


def unfinished_cluster_job(submitted: Path, executors: list[Any]) -> str | None:
    """A local run into a DIR whose job was submitted to a cluster (``submitted`` names the
    executor) goes on only once every task of every stage is done there: it then runs nothing and
    only finishes the folder (``--hub``: names the shards, writes the card). Run earlier, it would
    run the cluster's unfinished tasks here as well, twice at once into the same files."""
    if not submitted.is_file():
        return None
    left = sum(len(executor.get_incomplete_ranks()) for executor in executors)
    if not left:
        return None
    total = sum(executor.world_size for executor in executors)
    cluster = submitted.read_text(encoding="utf-8").strip() or "a cluster"
    return (
        f"the job submitted to {cluster} into -o {submitted.parent.parent} has not finished ({left} of {total} "
        f"task(s) still to do): run again once it has (to run them here instead, delete {submitted})"
    )


def _warm_up(executors: list[Any]) -> None:
    """One page cleaned here before the local tasks fork: the language model, trafilatura's lazy
    parts and the rules are then loaded in every task and sandbox from birth (a second or more each)."""
    from crawler.datatrove_steps.extractor import WARM_UP_PAGE, CleancrawlExtractor

    for executor in executors:
        for step in executor.pipeline:
            if isinstance(step, CleancrawlExtractor):
                step.extract(*WARM_UP_PAGE)
                return


@answers_usage_errors("process")
def run(args: argparse.Namespace) -> int:
    problem = _check(args)
    options: dict[str, Any] = {}
    if problem is None:
        try:
            options = _options(args.executor_option)
        except ValueError as err:
            problem = str(err)
    if problem is not None:
        raise UsageError(printable(problem))
    from crawler.datatrove_steps.pipeline import build_executors, build_stages

    settings = settings_from(args)
    if not getattr(args, "verbose", 0):
        _quiet_datatrove()
    try:
        executors = build_executors(build_stages(settings), settings.logs, args.executor, options, args.workers)
    except (TypeError, ValueError) as err:  # an executor option it does not take
        print(f"{PROG}: --executor {args.executor}: {printable(str(err))}", file=sys.stderr)
        return 2
    problem = claim_folder(Path(args.output) / HIDDEN / "job.json", job_identity(settings, args.hub))
    if problem is not None:
        print(f"{PROG}: {printable(problem)}", file=sys.stderr)
        return 2
    submitted = Path(args.output) / HIDDEN / "submitted"
    if args.executor == "local":
        problem = unfinished_cluster_job(submitted, executors)
        if problem is not None:
            print(f"{PROG}: {printable(problem)}", file=sys.stderr)
            return 2
        _warm_up(executors)
    else:
        try:
            submitted.write_text(args.executor, encoding="utf-8")
        except OSError as err:
            print(f"{PROG}: cannot write {submitted}: {err.strerror or err}", file=sys.stderr)
            return 2
    try:
        with workers_die_on_sigterm():  # datatrove's pool ends its idle workers by SIGTERM
            executors[-1].run()
    except Exception as err:  # a task that raised: datatrove logged its traceback
        print(f"{PROG}: a task failed: {printable(str(err) or repr(err))}", file=sys.stderr)
        return 1
    if args.executor != "local":
        print(f"{PROG}: job submitted to {args.executor}; records will be in {args.output}", file=sys.stderr)
        if args.hub:
            print(
                f"{PROG}: once it has finished, run the same command with --executor local to name the shards "
                "and write the dataset card (every task is then found done; none runs again)",
                file=sys.stderr,
            )
        return 0
    lines, complete = summarise(stage_counts(settings.logs))
    if args.hub:
        problem = finish_hub_folder(args, settings)
        if problem is not None:
            lines.append(problem)
            complete = False
        elif complete:
            lines.append(f"dataset card: {Path(args.output) / 'README.md'}")
    if not args.quiet or not complete:
        for line in lines:
            print(line, file=sys.stderr)
        if not args.quiet:
            print(f"output: {args.output} (logs: {settings.logs})", file=sys.stderr)
    return 0 if complete else 1
