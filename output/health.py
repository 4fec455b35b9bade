"""Is a source still yielding what it used to? The comparison behind ``cleancrawl runs --health``.

Input: for each source, the per-source figures of its complete runs, newest first (the run log
keeps them; crawler/components/health.py collects them in the crawl). The last run is compared with the
median of up to ``baseline`` runs before it (at least one), figure by figure:

- ``articles``: articles written, plus those an incremental re-run found unchanged, plus the pages
  it did not fetch again because the state knew them (a 304 answer, an unchanged sitemap lastmod)
  *that were articles the last time they were fetched* (crawler/components/health_spared.py). An incremental
  re-run writes only what is new; an unchanged site's second run writes nothing yet is perfectly
  healthy, so the figure counts what the site still offers, new or already done. (Runs recorded
  before the state kept outcomes count every page not fetched again as an article.)
- ``yield``: articles written or found unchanged per page fetched (a redesign that turns pages
  into teaser lists, or a template the extractor no longer reads, lowers it);
- ``title``, ``authors``, ``published``, ``language``: the share of written records that have the
  field;
- ``median_words``: the median words of the written records (a template whose text the extractor
  now misses gives 23-word "articles" where it gave 324);
- ``rejected``: the share of pages judged (articles as above, plus rejections) that were rejected,
  counting the pages not fetched again as what they were last time; duplicates (``duplicate-url``,
  ``duplicate-content``) are neither.

The field shares and ``median_words`` are judged only where the run wrote at least ``min_records``
records, ``rejected`` only where at least ``min_records`` pages were judged (an incremental run
that wrote two new ones says little); previous runs below that are left out of the median too.

A falling figure is a drop when it fell by more than its allowed share of the baseline value:
``max_words_drop`` (0.5: under half) for ``median_words``, ``max_drop`` (0.3: under 70%) for the
others; figures whose baseline is 0 or unknown cannot drop. ``rejected`` is flagged when it rose
by more than ``max_rejected_rise`` (0.2: twenty points, 0.10 -> 0.31) above its baseline. A source
with fewer than two complete runs is reported as such and never flagged. Pure functions, no
Scrapy, no I/O.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

COVERED_FIELDS = ("title", "authors", "published", "language")
FIGURES = ("articles", "yield", *COVERED_FIELDS, "median_words", "rejected")
RISING = frozenset({"rejected"})  # figures that are flagged when they rise, not when they fall
DEFAULT_MAX_DROP = 0.3
DEFAULT_MAX_WORDS_DROP = 0.5
DEFAULT_MAX_REJECTED_RISE = 0.2
DEFAULT_BASELINE = 5
DEFAULT_MIN_RECORDS = 5
# Drops that are not a page found wanting: the same page asked for twice, or words already written.
NOT_REJECTIONS = frozenset({"duplicate-url", "duplicate-content"})


@dataclass(frozen=True)
class RunFigures:
    """One complete run's figures for one source (as the run log keeps them)."""

    run_id: int
    started_at: str
    figures: Mapping[str, Any]


@dataclass(frozen=True)
class Drop:
    """A figure that moved beyond its threshold, named, with its baseline and last value."""

    figure: str
    baseline: float
    last: float
    # how much of the baseline was lost (0.5 = half); for a rising figure (``rejected``), by how
    # much its share rose (0.3 = thirty points)
    share: float


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


def _total(counts: Any) -> int:
    return sum(int(v or 0) for v in counts.values()) if isinstance(counts, Mapping) else 0


def figure_values(figures: Mapping[str, Any], *, min_records: int = DEFAULT_MIN_RECORDS) -> dict[str, float | None]:
    """The compared figures of one run; None where the run cannot tell (no page fetched, too few
    records written to judge a share or a median)."""
    fetched = int(figures.get("fetched") or 0)
    written = int(figures.get("written") or 0)
    cleaned = written + int(figures.get("unchanged") or 0)
    spared = figures.get("spared")
    rejected = {k: v for k, v in (figures.get("rejected") or {}).items() if k not in NOT_REJECTIONS}
    if isinstance(spared, Mapping):  # what the pages not fetched again were last time
        articles = cleaned + int(spared.get("articles") or 0)
        rejections = _total(rejected) + _total(spared.get("rejected"))
    else:  # a run recorded before the state kept outcomes: every page not fetched again counted
        articles = cleaned + int(figures.get("not_modified") or 0) + int(figures.get("skipped") or 0)
        rejections = _total(rejected)
    enough = written >= max(1, min_records)
    covered = figures.get("with") or {}
    words = figures.get("median_words")
    judged = articles + rejections
    values: dict[str, float | None] = {
        "articles": float(articles),
        "yield": cleaned / fetched if fetched else None,
    }
    for name in COVERED_FIELDS:
        values[name] = int(covered.get(name) or 0) / written if enough else None
    values["median_words"] = float(words) if enough and isinstance(words, int | float) else None
    values["rejected"] = rejections / judged if judged >= max(1, min_records) else None
    return values


def _moved(name: str, base: float | None, value: float | None, limits: Mapping[str, float]) -> Drop | None:
    """The figure's move from its baseline, when it is beyond its threshold."""
    if value is None or base is None:
        return None
    if name in RISING:
        rise = value - base
        return Drop(name, base, value, round(rise, 4)) if rise > limits[name] else None
    if not base:
        return None
    share = (base - value) / base
    return Drop(name, base, value, round(share, 4)) if share > limits.get(name, limits["*"]) else None


def _check_share(name: str, value: float) -> None:
    if not 0 < value < 1:
        raise ValueError(f"{name} {value}: give a share between 0 and 1 (0.3 = 30%)")


def judge(
    source: str,
    runs: Sequence[RunFigures],
    *,
    baseline: int = DEFAULT_BASELINE,
    max_drop: float = DEFAULT_MAX_DROP,
    min_records: int = DEFAULT_MIN_RECORDS,
    max_words_drop: float = DEFAULT_MAX_WORDS_DROP,
    max_rejected_rise: float = DEFAULT_MAX_REJECTED_RISE,
) -> SourceHealth:
    """The health of one source from its complete runs, newest first."""
    if baseline < 1:
        raise ValueError(f"baseline {baseline}: compare with at least one previous run")
    _check_share("max_drop", max_drop)
    _check_share("max_words_drop", max_words_drop)
    _check_share("max_rejected_rise", max_rejected_rise)
    limits = {"*": max_drop, "median_words": max_words_drop, "rejected": max_rejected_rise}
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
        moved = _moved(name, base, now[name], limits)
        if moved is not None:
            report.drops.append(moved)
    if report.drops:
        report.status = "drop"
    return report


def judge_all(runs_by_source: Mapping[str, Sequence[RunFigures]], **settings: Any) -> list[SourceHealth]:
    """``judge`` for every source, by name; ``settings`` are judge's keyword arguments."""
    return [judge(name, runs, **settings) for name, runs in sorted(runs_by_source.items())]


def _number(name: str, value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if name in ("articles", "median_words") else f"{value:.2f}"


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
