"""Is a source still yielding what it used to? The comparison behind ``cleancrawl runs --health``.

Input: for each source, the per-source figures of its complete runs, newest first (the run log
keeps them; crawler/health.py collects them in the crawl). The last run is compared with the
median of up to ``baseline`` runs before it (at least one), figure by figure:

- ``articles``: articles written, plus those an incremental re-run found unchanged, plus pages it
  did not fetch again because the state knew them (a 304 answer, an unchanged sitemap lastmod).
  An incremental re-run writes only what is new; an unchanged site's second run writes nothing yet
  is perfectly healthy, so the figure counts what the site still offers, new or already done (the
  pages not fetched again may have been non-articles the first time: it errs high, not low);
- ``yield``: articles written or found unchanged per page fetched (a redesign that turns pages
  into teaser lists, or a template the extractor no longer reads, lowers it);
- ``title``, ``authors``, ``published``, ``language``: the share of written records that have the
  field. Judged only where the run wrote at least ``min_records`` records (an incremental run that
  wrote two new ones says little about a share); previous runs below that are left out of the
  median too.

A figure is a drop when it fell by more than ``max_drop`` of its baseline value (0.3: under 70%
of it). Figures whose baseline is 0 or unknown cannot drop. A source with fewer than two complete
runs is reported as such and never flagged. Pure functions, no Scrapy, no I/O.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

COVERED_FIELDS = ("title", "authors", "published", "language")
FIGURES = ("articles", "yield", *COVERED_FIELDS)
DEFAULT_MAX_DROP = 0.3
DEFAULT_BASELINE = 5
DEFAULT_MIN_RECORDS = 5


@dataclass(frozen=True)
class RunFigures:
    """One complete run's figures for one source (as the run log keeps them)."""

    run_id: int
    started_at: str
    figures: Mapping[str, Any]


@dataclass(frozen=True)
class Drop:
    figure: str
    baseline: float
    last: float
    share: float  # how much of the baseline was lost: 0.5 = half


@dataclass
class SourceHealth:
    source: str
    status: str  # "ok", "drop", or "too-few-runs"
    run_id: int | None = None
    started_at: str | None = None
    previous: int = 0  # runs the baseline is the median of
    figures: dict[str, dict[str, float | None]] = field(default_factory=dict)  # figure -> last, baseline
    drops: list[Drop] = field(default_factory=list)
    rejected: dict[str, int] = field(default_factory=dict)  # the last run's rejections by reason
    median_words: float | None = None
    note: str = ""

    @property
    def flagged(self) -> bool:
        return self.status == "drop"

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["drops"] = [asdict(d) for d in self.drops]
        return data


def figure_values(figures: Mapping[str, Any], *, min_records: int = DEFAULT_MIN_RECORDS) -> dict[str, float | None]:
    """The compared figures of one run; None where the run cannot tell (no page fetched, too few
    records written to judge a share)."""
    fetched = int(figures.get("fetched") or 0)
    written = int(figures.get("written") or 0)
    cleaned = written + int(figures.get("unchanged") or 0)
    spared = int(figures.get("not_modified") or 0) + int(figures.get("skipped") or 0)
    covered = figures.get("with") or {}
    values: dict[str, float | None] = {
        "articles": float(cleaned + spared),
        "yield": cleaned / fetched if fetched else None,
    }
    for name in COVERED_FIELDS:
        values[name] = int(covered.get(name) or 0) / written if written >= max(1, min_records) else None
    return values


def judge(
    source: str,
    runs: Sequence[RunFigures],
    *,
    baseline: int = DEFAULT_BASELINE,
    max_drop: float = DEFAULT_MAX_DROP,
    min_records: int = DEFAULT_MIN_RECORDS,
) -> SourceHealth:
    """The health of one source from its complete runs, newest first."""
    if baseline < 1:
        raise ValueError(f"baseline {baseline}: compare with at least one previous run")
    if not 0 < max_drop < 1:
        raise ValueError(f"max_drop {max_drop}: give a share between 0 and 1 (0.3 = down by 30%)")
    if not runs:
        return SourceHealth(source, "too-few-runs", note="no complete run with figures")
    last, previous = runs[0], list(runs[1 : 1 + baseline])
    report = SourceHealth(
        source,
        "too-few-runs",
        run_id=last.run_id,
        started_at=last.started_at,
        previous=len(previous),
        rejected=dict(last.figures.get("rejected") or {}),
        median_words=last.figures.get("median_words"),
    )
    if not previous:
        report.note = "1 complete run with figures; needs 2 to compare"
        return report
    report.status = "ok"
    now = figure_values(last.figures, min_records=min_records)
    before = [figure_values(r.figures, min_records=min_records) for r in previous]
    for name in FIGURES:
        known = [v[name] for v in before if v[name] is not None]
        base = statistics.median(known) if known else None
        report.figures[name] = {"last": now[name], "baseline": base}
        value = now[name]
        if value is None or not base:
            continue
        share = (base - value) / base
        if share > max_drop:
            report.drops.append(Drop(name, base, value, round(share, 4)))
    if report.drops:
        report.status = "drop"
    return report


def judge_all(
    runs_by_source: Mapping[str, Sequence[RunFigures]],
    *,
    baseline: int = DEFAULT_BASELINE,
    max_drop: float = DEFAULT_MAX_DROP,
    min_records: int = DEFAULT_MIN_RECORDS,
) -> list[SourceHealth]:
    return [
        judge(name, runs, baseline=baseline, max_drop=max_drop, min_records=min_records)
        for name, runs in sorted(runs_by_source.items())
    ]


def _number(name: str, value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if name == "articles" else f"{value:.2f}"


def describe(report: SourceHealth) -> str:
    """The figures of one source as 'name baseline -> last', the dropped ones first."""
    dropped = [d.figure for d in report.drops]
    names = dropped + [n for n in FIGURES if n not in dropped and n in report.figures]
    parts = []
    for name in names:
        values = report.figures[name]
        if values["last"] is None and values["baseline"] is None:
            continue
        parts.append(f"{name} {_number(name, values['baseline'])} -> {_number(name, values['last'])}")
    return ", ".join(parts)


def table(reports: Sequence[SourceHealth]) -> list[str]:
    """A readable table: one line per source."""
    header = ("SOURCE", "HEALTH", "RUN", "STARTED", "BASELINE", "FIGURES (baseline -> last run)")
    rows = []
    for r in reports:
        health = {"drop": "DROP", "ok": "ok", "too-few-runs": "too few runs"}[r.status]
        detail = describe(r) if r.status != "too-few-runs" else r.note
        if r.note and r.status != "too-few-runs":
            detail = f"{detail}; {r.note}"
        rows.append(
            (
                r.source,
                health,
                "" if r.run_id is None else str(r.run_id),
                r.started_at or "",
                f"median of {r.previous}" if r.previous else "",
                detail,
            )
        )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1]
        for row in [header, *rows]
    ]
