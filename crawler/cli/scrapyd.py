"""``cleancrawl scrapyd-schedule``: one scrapyd job per source, spread round-robin over scrapyd nodes.

Each node must have the project deployed (``scrapyd-deploy -a`` with one ``[deploy:NAME]`` target
per node in scrapy.cfg). A job runs the ``articles`` spider with the source handed over as TOML
text (spider argument ``sources_toml``), so a node needs no copy of the sources file. Its items go
where the node's scrapyd puts them (``items_dir``) or to ``-s FEEDS=...``.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from crawler.cli.common import answers_usage_errors
from crawler.components.log_filters import redact
from crawler.state.sources import Source, SourceError, load_sources, source_to_toml


class ScrapydError(RuntimeError):
    """A node refused or could not be reached; the message names the node."""


@dataclass(frozen=True)
class Job:
    source: str
    node: str
    job_id: str


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "scrapyd-schedule",
        help="start one scrapyd job per source, spread round-robin over scrapyd nodes",
        description="Schedules the articles spider once per source of the sources file on scrapyd "
        "nodes (schedule.json), source i on node i mod N. Deploy first: scrapyd-deploy -a.",
    )
    parser.add_argument(
        "--nodes", required=True, metavar="URL[,URL...]", help="scrapyd base URLs, e.g. http://10.0.0.5:6800/"
    )
    parser.add_argument("--sources", type=Path, required=True, metavar="FILE", help="sources TOML file")
    parser.add_argument("--source", action="append", default=[], metavar="NAME", help="only this source (repeatable)")
    parser.add_argument("--project", default="cleancrawl", help="scrapyd project name (default: cleancrawl)")
    parser.add_argument("--spider", default="articles", help="spider name (default: articles)")
    parser.add_argument(
        "-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="Scrapy setting for every job"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object per job")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a node to answer")
    parser.set_defaults(run=run)


def parse_nodes(value: str) -> list[str]:
    nodes = [n.strip() for n in value.split(",") if n.strip()]
    for node in nodes:
        parts = urllib.parse.urlsplit(node)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"--nodes: {node!r} is not a scrapyd URL such as http://127.0.0.1:6800/")
    if not nodes:
        raise ValueError("--nodes: give at least one scrapyd URL")
    return [n if n.endswith("/") else n + "/" for n in nodes]


def assign(sources: Sequence[Source], nodes: Sequence[str]) -> list[tuple[Source, str]]:
    """Source i goes to node i mod len(nodes)."""
    return [(source, nodes[i % len(nodes)]) for i, source in enumerate(sources)]


def check_portable(source: Source, where: Path) -> None:
    if source.rule_files:
        raise SourceError(
            f"{where}: source {source.name!r}, field 'rule_files': rule files are paths on this machine and a "
            "scrapyd node only has the deployed egg; bundle them as cleaners/rules/sites/<domain>.toml and redeploy"
        )


def schedule_job(
    node: str, source: Source, *, project: str, spider: str, settings: Sequence[str], timeout: float
) -> str:
    """POST schedule.json for one source; returns the job id."""
    form = [("project", project), ("spider", spider), ("sources_toml", source_to_toml(source))]
    form += [("setting", item) for item in settings]
    request = urllib.request.Request(urllib.parse.urljoin(node, "schedule.json"), urllib.parse.urlencode(form).encode())
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        raise ScrapydError(f"{node}: schedule.json answered HTTP {exc.code}: {exc.read()[:300]!r}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ScrapydError(f"{node}: cannot reach scrapyd ({reason}); is it running there?") from None
    except ValueError:
        raise ScrapydError(f"{node}: schedule.json did not answer JSON; is this a scrapyd URL?") from None
    if answer.get("status") != "ok":
        message = str(answer.get("message", answer)).strip().splitlines()[-1:]
        raise ScrapydError(
            f"{node}: scrapyd refused the job: {' '.join(message)} "
            f"(is project {project!r} deployed there? scrapyd-deploy -a)"
        )
    return str(answer["jobid"])


@answers_usage_errors("scrapyd-schedule")
def run(args: argparse.Namespace) -> int:
    from crawler.cli.common import check_inputs, check_set_options
    from crawler.crawl_runner import select_sources

    try:
        nodes = parse_nodes(args.nodes)
        check_inputs([args.sources], option="--sources")
        sources = select_sources(load_sources(args.sources), args.source, args.sources)
        for source in sources:
            check_portable(source, args.sources)
        check_set_options(args.set)  # every job would fail on it: said once, now
    except (SourceError, ValueError) as exc:
        print(f"cleancrawl scrapyd-schedule: {redact(str(exc))}", file=sys.stderr)
        return 2
    failures = 0
    for source, node in assign(sources, nodes):
        try:
            job = Job(source.name, node, schedule_job(
                node, source, project=args.project, spider=args.spider, settings=args.set, timeout=args.timeout
            ))  # fmt: skip
        except ScrapydError as exc:
            failures += 1
            print(f"cleancrawl scrapyd-schedule: source {source.name!r}: {redact(str(exc))}", file=sys.stderr)
            continue
        if args.json:
            print(json.dumps({"source": job.source, "node": redact(job.node), "job": job.job_id}))
        else:
            print(f"{job.source}: job {job.job_id} on {redact(job.node)}")
    return 1 if failures else 0
