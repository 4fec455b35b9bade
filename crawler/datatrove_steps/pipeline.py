"""The whole job as datatrove stages, and executors to run them (``cleancrawl process``).

Stages, each a list of steps run by ``tasks`` tasks unless said otherwise, each waiting for the
one before (datatrove's ``depends``):

1. clean: ``CleancrawlPageReader`` -> ``CleancrawlExtractor`` -> ``SiteRepetitionCounts``;
2. strip: ``SiteRepetitionStrip`` -> ``NearDupSignatures``;
3. clusters: ``NearDupClusters``, one task;
4. write: ``NearDupMarks`` -> ``CleancrawlJsonlWriter`` or ``CleancrawlParquetWriter``.

Without site repetition stage 1 ends in ``NearDupSignatures`` and stage 2 goes; without
near-duplicates stages 3 and 4 go and the last stage writes. The work folder holds what one stage
hands the next (spools, counts, signatures, marks); the logs folder datatrove's logs, stats and
completion marks, so a job run again with the same folders skips the tasks already done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from datatrove.pipeline.base import PipelineStep

from cleaners import DEFAULT_MIN_WORDS
from crawler.datatrove_steps.extractor import PAGE_TIMEOUT, CleancrawlExtractor
from crawler.datatrove_steps.near_dup import NearDupClusters, NearDupMarks, NearDupSignatures
from crawler.datatrove_steps.reader import CleancrawlPageReader
from crawler.datatrove_steps.site_repetition import SiteRepetitionCounts, SiteRepetitionStrip
from crawler.datatrove_steps.writers import CleancrawlJsonlWriter, CleancrawlParquetWriter
from output.near_dup import NearDupConfig

EXECUTORS = ("local", "slurm", "ray")


@dataclass
class JobSettings:
    """What a ``process`` job does; ``clean``'s and ``dedup``'s options under their names."""

    paths: list[str]
    output: str
    work: str
    logs: str
    tasks: int = 1
    rule_files: tuple[str, ...] = ()
    min_words: int = DEFAULT_MIN_WORDS
    format: str = "text"
    provenance: bool = False
    site: str | None = None
    site_repetition: bool = True
    near_dup: bool = True
    drop_duplicates: bool = False
    near_dup_config: NearDupConfig = field(default_factory=NearDupConfig)
    output_format: str = "jsonl"
    page_timeout: float = PAGE_TIMEOUT
    block_model: bool | None = None
    """The block model after the rules (None: the default setting; docs/block-model.md)."""
    model_threshold: float | None = None


@dataclass
class Stage:
    name: str
    steps: list[PipelineStep]
    tasks: int


def _writer(settings: JobSettings) -> PipelineStep:
    if settings.output_format == "parquet":
        return CleancrawlParquetWriter(settings.output)
    return CleancrawlJsonlWriter(settings.output)


def build_stages(settings: JobSettings) -> list[Stage]:
    """The job's stages in order (see the module's docstring)."""
    work = settings.work
    first: list[PipelineStep] = [
        CleancrawlPageReader(settings.paths),
        CleancrawlExtractor(
            settings.rule_files, settings.min_words, settings.format, settings.provenance, settings.page_timeout,
            block_model=settings.block_model, model_threshold=settings.model_threshold,
        ),
    ]
    later: list[PipelineStep] = []
    stages: list[Stage] = []
    if settings.site_repetition:
        stages.append(Stage("clean", [*first, SiteRepetitionCounts(work, settings.site)], settings.tasks))
        later = [SiteRepetitionStrip(work, settings.site, settings.min_words)]
    else:
        later = first
    if not settings.near_dup:
        stages.append(Stage("write" if stages else "clean", [*later, _writer(settings)], settings.tasks))
        return stages
    stages.append(Stage("strip" if stages else "clean", [*later, NearDupSignatures(work, settings.near_dup_config)],
                        settings.tasks))
    stages.append(Stage("clusters", [NearDupClusters(work, settings.near_dup_config)], 1))
    stages.append(Stage("write", [NearDupMarks(work, settings.drop_duplicates), _writer(settings)], settings.tasks))
    return stages


def build_executors(
    stages: list[Stage], logs: str, executor: str = "local", options: dict[str, Any] | None = None, workers: int = -1
) -> list[Any]:
    """One datatrove executor per stage, each depending on the one before; run the last. ``options``
    go to the executor's constructor as they are (Slurm: ``partition``, ``time``, ``cpus_per_task``...;
    Ray: ``cpus_per_task``, ``mem_per_cpu_gb``...). Local stages run ``workers`` tasks at once
    (-1: all), in processes forked from this one (``start_method="fork"`` unless ``options`` says
    otherwise): they start with cleancrawl already imported, and keep this process's log settings."""
    options = dict(options or {})
    built: list[Any] = []
    for number, stage in enumerate(stages):
        common = {
            "pipeline": stage.steps,
            "tasks": stage.tasks,
            "logging_dir": f"{logs}/{number + 1}-{stage.name}",
            "depends": built[-1] if built else None,
        }
        if executor == "local":
            from datatrove.executor import LocalPipelineExecutor

            local = {"start_method": "fork", **options}
            built.append(LocalPipelineExecutor(**common, workers=workers, **local))
        elif executor == "slurm":
            from datatrove.executor import SlurmPipelineExecutor

            slurm = {"job_name": f"cleancrawl-{stage.name}", **options}
            built.append(SlurmPipelineExecutor(**common, **slurm))
        elif executor == "ray":
            from datatrove.executor import RayPipelineExecutor

            built.append(RayPipelineExecutor(**common, **options))
        else:
            raise ValueError(f"unknown executor {executor!r}: expected one of {', '.join(EXECUTORS)}")
    return built
