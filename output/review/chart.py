"""A histogram as inline SVG: real axes, ticks and labels, no script and no library."""

from __future__ import annotations

import math
from html import escape

WIDTH, HEIGHT = 520, 230
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 42


def nice_step(span: float, parts: int) -> float:
    """A round step (1, 2 or 5 times a power of ten) that cuts ``span`` into about ``parts``."""
    if span <= 0:
        return 1.0
    raw = span / parts
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def _bins(values: list[int], target_bins: int) -> tuple[float, list[int], bool]:
    """Bin width, counts, and whether the last bin holds an overflow: the top 1 % are gathered
    in one last bin so that one huge page does not squash every other bar into the first."""
    ordered = sorted(values)
    cap = ordered[min(len(ordered) - 1, math.ceil(0.99 * len(ordered)) - 1)]
    overflow = ordered[-1] > cap * 1.2
    top = cap if overflow else ordered[-1]
    width = max(1.0, nice_step(top, target_bins))
    count = max(1, math.floor(top / width) + 1)
    counts = [0] * (count + (1 if overflow else 0))
    for v in values:
        index = min(int(v // width), count - 1) if not overflow or v <= top else count
        counts[index] += 1
    return width, counts, overflow


def histogram_svg(values: list[int], *, x_label: str, y_label: str, target_bins: int = 20) -> str:
    """The SVG markup of a histogram of ``values`` (non-negative integers)."""
    if not values:
        return '<p class="note">No articles, so no histogram.</p>'
    width, counts, overflow = _bins(values, target_bins)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    bar_w = plot_w / len(counts)
    y_step = nice_step(max(counts), 4)
    y_max = y_step * math.ceil(max(counts) / y_step)
    out = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(x_label)} histogram</title>'
    ]
    tick = 0.0
    while tick <= y_max + 1e-9:
        y = TOP + plot_h - plot_h * tick / y_max
        out.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{int(tick)}</text>')
        tick += y_step
    for i, n in enumerate(counts):
        h = plot_h * n / y_max
        x = LEFT + i * bar_w
        lo = int(i * width)
        label = f"≥ {lo}" if overflow and i == len(counts) - 1 else f"{lo}–{int((i + 1) * width) - 1}"
        out.append(
            f'<rect class="bin" x="{x + 1:.1f}" y="{TOP + plot_h - h:.1f}" width="{max(bar_w - 2, 1):.1f}" '
            f'height="{h:.1f}"><title>{label} words: {n} pages</title></rect>'
        )
    label_every = max(1, math.ceil(len(counts) / 8))
    for i in range(0, len(counts) + (0 if overflow else 1), label_every):
        x = LEFT + i * bar_w
        text = f"{int(i * width)}" + ("+" if overflow and i == len(counts) - 1 else "")
        out.append(f'<line class="axis" x1="{x:.1f}" x2="{x:.1f}" y1="{TOP + plot_h}" y2="{TOP + plot_h + 4}"/>')
        out.append(f'<text x="{x:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">{text}</text>')
    out.append(f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}"/>')
    out.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + plot_h}"/>')
    out.append(f'<text x="{LEFT + plot_w / 2:.0f}" y="{HEIGHT - 6}" text-anchor="middle">{escape(x_label)}</text>')
    mid = TOP + plot_h / 2
    out.append(f'<text transform="translate(12 {mid:.0f}) rotate(-90)" text-anchor="middle">{escape(y_label)}</text>')
    out.append("</svg>")
    return "".join(out)
