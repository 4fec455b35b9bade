"""A test hook for crawls: the crawl's cleaning pipeline with slow cleaning, chosen per test.

``crawl(..., *slow_cleaning_options(cwd, delay=..., matching=..., marks=...))`` runs the crawl with
:class:`SlowCleanPipeline` in place of ``CleanPipeline``: in its worker, each page whose URL
contains ``matching`` first writes a file named by the worker's pid (holding the URL) into the
``marks`` folder, if given, then sleeps ``delay`` seconds, then is cleaned as usual. A test can
then find a worker that holds a page (and SIGKILL it), or make cleaning slower than fetching.

The settings come from ``slow_cleaning.json`` in the crawl's working folder (a crawl refuses
``-s`` names it does not know), which ``slow_cleaning_options`` writes.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crawler.components.pipelines import CleanPipeline
from crawler.workers import cleaning

CONFIG = "slow_cleaning.json"
_CLEAN = "crawler.components.pipelines.CleanPipeline"


def slow_cleaning_options(cwd: Path, *, delay: float, matching: str = "", marks: Path | None = None) -> list[str]:
    """``-s ITEM_PIPELINES=...`` for a crawl run in ``cwd``: the project's pipelines, with the slow one."""
    from crawler import settings

    (cwd / CONFIG).write_text(
        json.dumps({"delay": delay, "matching": matching, "marks": str(marks) if marks else ""}), encoding="utf-8"
    )
    pipelines = dict(settings.ITEM_PIPELINES)
    pipelines["tests.slow_cleaning.SlowCleanPipeline"] = pipelines.pop(_CLEAN)
    return ["-s", f"ITEM_PIPELINES={json.dumps(pipelines)}"]


def slow_clean_page(config: dict[str, Any], url: str, *args: Any, **kwargs: Any) -> Any:
    """In the worker: mark, sleep, then ``cleaning.clean_page``."""
    if config["matching"] in url:
        if config["marks"]:
            mark = Path(config["marks"], str(os.getpid()))
            mark.with_suffix(".tmp").write_text(url, encoding="utf-8")
            mark.with_suffix(".tmp").rename(mark)
        time.sleep(config["delay"])
    return cleaning.clean_page(url, *args, **kwargs)


class SlowCleanPipeline(CleanPipeline):
    """CleanPipeline whose page cleaning goes through :func:`slow_clean_page`."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.config = json.loads(Path(CONFIG).read_text(encoding="utf-8"))

    async def run_in_worker(self, fn: Callable[..., Any], /, *args: Any, timeout: float, what: str, **kw: Any) -> Any:
        if fn is cleaning.clean_page:
            fn, args = slow_clean_page, (self.config, *args)
        return await super().run_in_worker(fn, *args, timeout=timeout, what=what, **kw)
