"""One self-contained HTML file that shows what cleaning did to every page of a run.

No server, no network: the CSS and the script are inlined, the pages are embedded as JSON in a
``<script type="application/json">`` element and drawn by that script on demand (the page list
a hundred rows at a time, the text of one page at a time), so that a review of 5,000 pages
opens as fast as one of ten. The overview (counts, rules, the length histogram, the pages most
cut) is written here as static HTML and SVG.

Page text is data from the web: it reaches the browser only inside the JSON (with ``<``, ``>``
and ``&`` escaped, so no ``</script>`` in a page can close the element) and is put on screen with
``textContent``; the HTML written here escapes every string it prints.

``page_from_record`` (``output.review.pages``) turns records into the page dicts rendered here;
``rule_catalogue`` (``output.review.rules``) lists the rules and rule files for the header.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from importlib.resources import files
from typing import Any

import orjson

from cleaners.words import count_words
from output.review.chart import histogram_svg
from output.review.pages import page_from_record
from output.review.rules import rule_catalogue, rule_family

__all__ = ["page_from_record", "render_review", "rule_catalogue", "rule_family"]

# Family colours, in order of first use; distinct enough side by side and on a light tint.
PALETTE = (
    "#d1495b", "#2e86ab", "#e08e0b", "#3b8b5a", "#8e5ccf", "#c2549d",
    "#00798c", "#b5651d", "#5d6d7e", "#7cb518", "#a23b72", "#3d5a80",
)
TOP_PAGES = 50


def _asset(name: str) -> str:
    return (files("output.review") / name).read_text(encoding="utf-8")


_JSON_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def embed_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` as ``\\u`` escapes (no
    ``</script>`` or ``<!--`` can end or bend the element) and the two line separators that old
    JavaScript parsers read as line ends."""
    text = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")
    for raw, escaped in _JSON_ESCAPES:
        text = text.replace(raw, escaped)
    return text


def _colours(pages: list[dict[str, Any]], rules: dict[str, dict]) -> dict[str, str]:
    used = {block["rule"] for page in pages for block in page["removed"]}
    families = sorted({rules.get(rule, {}).get("family") or rule_family(rule) for rule in used})
    return {family: PALETTE[i % len(PALETTE)] for i, family in enumerate(families)}


def _share(page: dict[str, Any]) -> float:
    total = page["words_kept"] + page["words_removed"]
    return page["words_removed"] / total if total else 0.0


def _cards(pages: list[dict[str, Any]], extra: dict[str, Any] | None) -> str:
    articles = sum(1 for p in pages if not p.get("rejected"))
    removed = sum(p["words_removed"] for p in pages)
    kept = sum(p["words_kept"] for p in pages)
    items = [
        ("pages", len(pages)), ("articles", articles), ("rejected", len(pages) - articles),
        ("words kept", kept), ("words removed", removed),
    ]
    out = ['<div class="cards">']
    out += [f"<div class='card'><b>{escape(str(v))}</b><span>{escape(k)}</span></div>" for k, v in items]
    out.append("</div>")
    if extra:
        out.append("<table class='summary-extra'><tbody>")
        out += [f"<tr><th>{escape(str(k))}</th><td>{escape(str(v))}</td></tr>" for k, v in extra.items()]
        out.append("</tbody></table>")
    return "".join(out)


def _rule_table(pages: list[dict[str, Any]], rules: dict[str, dict], colours: dict[str, str]) -> str:
    fired: Counter[str] = Counter()
    words: Counter[str] = Counter()
    on_pages: Counter[str] = Counter()
    for page in pages:
        for block in page["removed"]:
            fired[block["rule"]] += 1
            words[block["rule"]] += count_words(block["text"])
        on_pages.update({block["rule"] for block in page["removed"]})
    if not fired:
        return '<p class="note">No rule removed anything (or the run was written without --provenance).</p>'
    most = max(words.values()) or 1
    rows = []
    for rule, n in fired.most_common():
        info = rules.get(rule, {})
        colour = colours.get(info.get("family") or rule_family(rule), "#888")
        bar = max(1, round(120 * words[rule] / most))
        rows.append(
            f"<tr style='--rule-colour:{colour}'><td><span class='swatch'></span>"
            f"<a href='#' data-filter-rule='{escape(rule)}' title='{escape(info.get('description', ''))}'>"
            f"{escape(rule)}</a></td><td class='num'>{n}</td><td class='num'>{on_pages[rule]}</td>"
            f"<td class='num'>{words[rule]}</td><td><span class='bar' style='width:{bar}px'></span></td>"
            f"<td>{escape(info.get('description', 'not in the loaded rule files'))}</td></tr>"
        )
    return (
        "<table class='rules'><thead><tr><th>rule</th><th class='num'>fired</th><th class='num'>pages</th>"
        "<th class='num'>words removed</th><th></th><th>description</th></tr></thead><tbody>"
        + "".join(rows) + "</tbody></table>"
    )


def _reasons_table(pages: list[dict[str, Any]]) -> str:
    reasons = Counter(p["rejected"] for p in pages if p.get("rejected"))
    if not reasons:
        return '<p class="note">No page was rejected (a run written by clean holds articles only).</p>'
    rows = "".join(
        f"<tr><td><a href='#' data-filter-reason='{escape(r)}'>{escape(r)}</a></td><td class='num'>{n}</td></tr>"
        for r, n in reasons.most_common()
    )
    head = "<thead><tr><th>reason</th><th class='num'>pages</th></tr></thead>"
    return f"<table class='reasons'>{head}<tbody>{rows}</tbody></table>"


def _top_pages(pages: list[dict[str, Any]]) -> str:
    ranked = sorted((i for i, p in enumerate(pages) if p["words_removed"]), key=lambda i: (-_share(pages[i]), i))
    if not ranked:
        return '<p class="note">No page lost any words.</p>'
    rows = []
    for i in ranked[:TOP_PAGES]:
        p = pages[i]
        rows.append(
            f"<tr><td class='num'>{round(100 * _share(p))}%</td><td class='num'>{p['words_removed']}</td>"
            f"<td class='num'>{p['words_kept']}</td><td><a href='#page-{i}' data-page='{i}'>"
            f"{escape(p.get('title') or p['label'])}</a>"
            f"{' · ' + escape(p['rejected']) if p.get('rejected') else ''}</td></tr>"
        )
    more = f"<p class='note'>The first {TOP_PAGES} of {len(ranked)}; sort the list by share removed for all.</p>"
    return (
        "<table class='top-pages'><thead><tr><th class='num'>removed</th><th class='num'>words removed</th>"
        "<th class='num'>kept</th><th>page</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        + (more if len(ranked) > TOP_PAGES else "")
    )


def _rule_files(rule_files: list[dict]) -> str:
    if not rule_files:
        return ""
    items = "".join(
        f"<li><code>{escape(str(f.get('path')))}</code> <code title='{escape(str(f.get('sha256')))}'>"
        f"{escape(str(f.get('sha256', ''))[:12])}</code></li>"
        for f in rule_files
    )
    return f"<h3>Rule files</h3><ul class='rule-files'>{items}</ul>"


def _overview(pages, rules, rule_files, summary_extra, colours) -> str:
    lengths = [p["words_kept"] for p in pages if not p.get("rejected")]
    return (
        "<h2>Overview</h2>" + _cards(pages, summary_extra)
        + "<div class='grid2'><div><h3>Article length</h3>"
        + histogram_svg(lengths, x_label="words in the article", y_label="articles")
        + "</div><div><h3>Rejections by reason</h3>" + _reasons_table(pages) + "</div></div>"
        + "<h3>Rules: how often each fired, on how many pages, and the words it removed</h3>"
        + _rule_table(pages, rules, colours)
        + "<h3>Pages by share of words removed (look at these first)</h3>" + _top_pages(pages)
        + _rule_files(rule_files)
    )


def _normal_page(page: dict[str, Any]) -> dict[str, Any]:
    """The keys the script relies on, whoever built the dict (defaults for the ones left out)."""
    text = page.get("text") or ""
    removed = [dict(b) for b in page.get("removed") or []]
    for block in removed:
        block.setdefault("at", None)
        block.setdefault("stage", "")
        block.setdefault("score", None)
        block["rule"] = str(block.get("rule") or "?")
        block["text"] = str(block.get("text") or "")
    out = dict(page)
    out.update(
        text=text,
        removed=removed,
        label=page.get("label") or page.get("file") or page.get("url") or "(no name)",
        site=page.get("site") or "(no site)",
        words_kept=page.get("words_kept", count_words(text)),
        words_removed=page.get("words_removed", sum(count_words(b["text"]) for b in removed)),
    )
    for key in ("url", "file", "href", "title", "published", "language", "rejected"):
        out.setdefault(key, None)
    out.setdefault("authors", [])
    out.setdefault("images", [])
    return out


def render_review(
    pages: list[dict],
    *,
    title: str,
    rules: dict[str, dict],
    rule_files: list[dict],
    summary_extra: dict | None = None,
) -> str:
    """The review's HTML, one string. ``pages`` are page dicts (``page_from_record``), ``rules``
    rule id -> ``{"description", "family"}``, ``rule_files`` ``[{"path", "sha256"}]``;
    ``summary_extra`` adds name/value rows to the overview (a diff's totals)."""
    pages = [_normal_page(p) for p in pages]
    colours = _colours(pages, rules)
    rule_info = {
        rule: {"description": str(info.get("description", "")), "family": str(info.get("family") or rule_family(rule))}
        for rule, info in rules.items()
    }
    data = {"title": title, "pages": pages, "rules": rule_info, "colours": colours}
    return TEMPLATE.format(
        title=escape(title),
        css=_asset("review.css"),
        overview=_overview(pages, rule_info, rule_files, summary_extra, colours),
        data=embed_json(data),
        script=_asset("review.js"),
    )


TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header class="top">
<h1>{title}</h1>
<label>rule <select id="f-rule"><option value="">any</option></select></label>
<label>rejection <select id="f-reason"><option value="">any</option></select></label>
<label>site <select id="f-site"><option value="">any</option></select></label>
<label>search <input id="f-q" type="search" placeholder="words in title, URL or text  (/)"></label>
<label>sort <select id="f-sort"><option value="input">input order</option>
<option value="share">share removed</option><option value="words">words removed</option></select></label>
<button id="f-clear" type="button">clear</button>
<button id="to-overview" type="button">overview</button>
<span id="count"></span>
</header>
<main>
<nav class="list">
<div class="list-controls"><button id="list-prev" type="button">&lsaquo;</button>
<span id="list-pos"></span><button id="list-next" type="button">&rsaquo;</button></div>
<ol id="page-list"></ol>
</nav>
<div class="pane">
<section id="overview">{overview}</section>
<section id="detail" hidden></section>
</div>
</main>
<script id="review-data" type="application/json">{data}</script>
<script>{script}</script>
</body>
</html>
"""
