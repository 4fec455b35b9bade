"""Benchmark folders with their ground truth, and the F1 of a set of texts against them.

Two formats, told apart by what the folder holds (see each folder's README):

- ``ground-truth.json``: the scrapinghub article-extraction benchmark, ``html/<id>.html.gz``
  and ``{"<id>": {"articleBody", "url"}}``, scored with its shingle metric (``output.aeb_metric``);
- ``snippets.json``: trafilatura's evaluation set, ``html/<id>.html.gz`` and
  ``{"<id>.html.gz": {"url", "with", "without"}}``, scored with its snippet metric
  (``output.snippet_metric``).

Shared by ``benchmarks/quality.py`` and ``cleancrawl diff --truth``, so that both score alike.
The page bodies are read only when asked (``bodies``): a diff reads its pages itself.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from output import aeb_metric, snippet_metric


class NotABenchmark(ValueError):
    """A folder with neither ground-truth.json nor snippets.json."""


@dataclass
class Dataset:
    name: str
    directory: Path
    kind: str  # "aeb" or "snippets"
    urls: dict[str, str]
    truth: dict  # aeb: key -> article body; snippets: key -> {"with": [...], "without": [...]}

    def page_path(self, key: str) -> Path:
        return self.directory / "html" / (f"{key}.html.gz" if self.kind == "aeb" else key)

    def bodies(self) -> dict[str, bytes]:
        return {key: gzip.decompress(self.page_path(key).read_bytes()) for key in self.truth}

    def key_for(self, file: str | None) -> str | None:
        """The truth key of a page file (``.../html/<id>.html.gz``), or None for another page."""
        if not file:
            return None
        name = Path(file).name
        key = name.removesuffix(".html.gz") if self.kind == "aeb" else name
        return key if key in self.truth else None

    def score(self, texts: dict[str, str]) -> tuple[float, float, float]:
        """(F1, precision, recall) of ``texts`` (key -> text; a key left out scores as empty)."""
        if self.kind == "aeb":
            summary = aeb_metric.evaluate(self.truth, texts)
            return summary.f1, summary.precision, summary.recall
        counts = snippet_metric.evaluate(self.truth, texts)
        return counts.f1, counts.precision, counts.recall


def load_dataset(directory: Path) -> Dataset:
    directory = Path(directory)
    if (directory / "ground-truth.json").is_file():
        raw = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
        truth = {key: value["articleBody"] for key, value in raw.items()}
        return Dataset(directory.name, directory, "aeb", {k: v["url"] for k, v in raw.items()}, truth)
    if (directory / "snippets.json").is_file():
        raw = json.loads((directory / "snippets.json").read_text(encoding="utf-8"))
        return Dataset(directory.name, directory, "snippets", {k: v["url"] for k, v in raw.items()}, raw)
    raise NotABenchmark(f"{directory}: neither ground-truth.json nor snippets.json found: not a benchmark folder")
