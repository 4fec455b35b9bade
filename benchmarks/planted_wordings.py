"""Junk classes for ``benchmarks/planted.py`` drawn from a wordings file, not from its own tables.

``benchmarks/planted_unseen/wordings.json`` holds wordings written apart from the rule work (see
the README beside it): templates per junk class and language with ``{placeholders}`` this module
fills in (names, sites, agencies, dates, counts, and links: another page's headline, category
links, share links, breadcrumb crumbs). The markup varies too: ``<p>``, ``<p><small>``,
``<div><span>``, ``<p><em>``, an ``<aside>`` without class, a ``<strong>`` label before a link,
a ``<ul>`` of links, a whole line as a link, ``<time>``; a caption goes in a ``<figure>`` and again
as text. Nothing planted carries a class or an id.

``load_wordings`` validates the file before any page is planted (every class has at least
``MIN_WORDINGS`` wordings in every language the file declares, every placeholder is one the class
knows, the link a class is about is in every one of its wordings, the vocabulary is complete), so
a typo costs a clear error, not a skewed figure. ``junk_classes`` turns it into the same
``{class: generator}`` table ``planted.py`` plants from; each generator returns
``(html, [(text, payload)])``. The texts are matched in the outputs as word sequences (see
``planted.PlantedLine``), so a ``<ul>`` rendered with bullets or a label glued to its link still
counts as kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from string import Formatter
from typing import Any

MIN_WORDINGS = 8
DEFAULT_PATH = Path(__file__).resolve().parent / "planted_unseen" / "wordings.json"

_DATE = {"day", "dd", "month", "MM", "year", "weekday", "hh", "mm", "h12", "ampm"}
# the placeholders each class may use, and the one every wording of it must use (what it links to)
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "syndication": frozenset({"person", "person2", "agency", "site", "city", "year"}),
    "disclaimer": frozenset({"site", "person", "year"}),
    "share": frozenset({"networks"}),
    "messenger": frozenset({"messenger", "network", "site"}),
    "like": frozenset({"n"}),
    "posted-in": frozenset({"categories"}),
    "related": frozenset({"headline"}),
    "newsletter": frozenset({"site"}),
    "ad-marker": frozenset(),
    "comment-heading": frozenset({"n", "site"}),
    "relative-date": frozenset({"n"}),
    "absolute-date": frozenset(_DATE),
    "breadcrumb": frozenset({"home", "section", "section2", "section3"}),
    "caption": frozenset({"person", "person2", "city", "weekday"}),
}
REQUIRED: dict[str, frozenset[str]] = {
    "share": frozenset({"networks"}),
    "posted-in": frozenset({"categories"}),
    "related": frozenset({"headline"}),
    "breadcrumb": frozenset({"section"}),
}
PARTS: dict[str, frozenset[str]] = {
    "caption-credit": frozenset({"person", "agency", "site"}),
    "comment-note": frozenset({"site"}),
}
VOCAB_LISTS = {"sites": 2, "agencies": 2, "cities": 2, "sections": 4, "home": 1, "months": 12, "weekdays": 7}
VOCAB_WORDS = ("email", "copy_link")
SHARED_LISTS = ("messengers", "networks")
COUNTS = {"like": (3, 900), "comment-heading": (2, 400), "relative-date": (2, 23)}


class WordingsError(ValueError):
    """The wordings file cannot be planted from; the message lists every problem found."""


@dataclass(frozen=True)
class Wordings:
    path: Path
    languages: tuple[str, ...]
    classes: dict[str, dict[str, list[str]]]
    parts: dict[str, dict[str, list[str]]]
    vocab: dict[str, dict[str, Any]]
    shared: dict[str, Any]


def placeholders(template: str) -> list[str]:
    """The ``{names}`` a template uses, in order; a format spec, conversion, index or attribute
    (``{n:>3}``, ``{site!r}``, ``{x[0]}``) or an unbalanced brace is an error, not a silent miss."""
    try:
        fields = list(Formatter().parse(template))
    except ValueError as err:
        raise WordingsError(f"{template!r}: {err}") from None
    names = []
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            raise WordingsError(f"{template!r}: only plain {{name}} placeholders are filled in, not {{{name}...}}")
        names.append(name)
    return names


def _check_templates(where: str, templates: Any, allowed: frozenset[str], required: frozenset[str],
                     problems: list[str]) -> None:
    if not isinstance(templates, list) or not all(isinstance(t, str) and t.strip() for t in templates):
        problems.append(f"{where}: not a list of non-empty strings")
        return
    distinct = len({t.casefold() for t in templates})  # outputs are matched case-folded
    if distinct < MIN_WORDINGS:
        problems.append(f"{where}: {distinct} wordings that differ in more than case, at least {MIN_WORDINGS} wanted")
    if len(set(templates)) < len(templates):
        problems.append(f"{where}: the same wording twice")
    for template in templates:
        try:
            names = set(placeholders(template))
        except WordingsError as err:
            problems.append(f"{where}: {err}")
            continue
        if unknown := names - allowed:
            problems.append(f"{where}: {template!r} uses {sorted(unknown)}, this class knows {sorted(allowed)}")
        if missing := required - names:
            problems.append(f"{where}: {template!r} lacks {sorted(missing)}, which every wording of it needs")


def _check_vocab(lang: str, vocab: Any, problems: list[str]) -> None:
    if not isinstance(vocab, dict):
        problems.append(f"vocab.{lang}: missing")
        return
    for key, least in VOCAB_LISTS.items():
        value = vocab.get(key)
        exact = key in ("months", "weekdays")
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value) \
                or (len(value) != least if exact else len(value) < least):
            problems.append(f"vocab.{lang}.{key}: {'exactly' if exact else 'at least'} {least} names wanted")
    for key in VOCAB_WORDS:
        if not isinstance(vocab.get(key), str) or not vocab[key].strip():
            problems.append(f"vocab.{lang}.{key}: a word wanted")


def validate(data: Any, path: Path) -> Wordings:
    """The file's content as ``Wordings``, or ``WordingsError`` naming every problem in it."""
    if not isinstance(data, dict):
        raise WordingsError(f"{path}: a JSON object wanted")
    problems: list[str] = []
    classes, parts = data.get("classes") or {}, data.get("parts") or {}
    vocab, shared = data.get("vocab") or {}, data.get("shared") or {}
    languages = tuple(vocab) if isinstance(vocab, dict) else ()
    if not languages:
        problems.append("vocab: no language")
    if unknown := sorted(set(classes) - set(PLACEHOLDERS)):
        problems.append(f"classes: {unknown} unknown (the planter knows {sorted(PLACEHOLDERS)})")
    for table, names, allowed_of in (("classes", PLACEHOLDERS, PLACEHOLDERS), ("parts", PARTS, PARTS)):
        content = classes if table == "classes" else parts
        for name in names:
            by_lang = content.get(name)
            if not isinstance(by_lang, dict):
                problems.append(f"{table}.{name}: missing")
                continue
            for lang in languages:
                _check_templates(f"{table}.{name}.{lang}", by_lang.get(lang), allowed_of[name],
                                 REQUIRED.get(name, frozenset()) if table == "classes" else frozenset(), problems)
            if extra := sorted(set(by_lang) - set(languages)):
                problems.append(f"{table}.{name}: languages {extra} have no vocab")
    for lang in languages:
        _check_vocab(lang, vocab[lang], problems)
    for key in SHARED_LISTS:
        if not isinstance(shared.get(key), list) or len(shared[key]) < 2:
            problems.append(f"shared.{key}: at least 2 names wanted")
    links = shared.get("share_links")
    if not isinstance(links, dict) or len(links) < 5 or not all(
            isinstance(u, str) and u.startswith("https://") for u in links.values()):
        problems.append("shared.share_links: at least 5 {network: https share endpoint} wanted")
    if problems:
        raise WordingsError(f"{path}: " + "; ".join(problems))
    return Wordings(path, languages, classes, parts, vocab, shared)


def load_wordings(path: Path = DEFAULT_PATH) -> Wordings:
    """Read and validate a wordings file (``WordingsError`` for an unreadable or invalid one)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise WordingsError(f"{path}: {err}") from None
    return validate(data, Path(path))


# --- rendering -----------------------------------------------------------------------------------

Segment = tuple[str, str | None]  # (text, href or None)
Line = tuple[str, str | None]
_SPACES = re.compile(r"\s+")


def _slug(text: str, fallback: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or fallback


def _inline(segments: list[Segment]) -> str:
    return "".join(f'<a href="{escape(href)}">{escape(text)}</a>' if href else escape(text)
                   for text, href in segments)


def _text(segments: list[Segment]) -> str:
    return _SPACES.sub(" ", "".join(text for text, _ in segments)).strip()


def _lead(segments: list[Segment]) -> tuple[str, list[Segment]]:
    """The text before the first link, and the rest."""
    for i, (_, href) in enumerate(segments):
        if href:
            return "".join(t for t, _ in segments[:i]), segments[i:]
    return "", segments


def render(segments: list[Segment], wrapper: str, cta_href: str) -> str:
    """One line's markup in one of the plain wrappers (no class, no id)."""
    inner = _inline(segments)
    if wrapper == "p-small":
        return f"<p><small>{inner}</small></p>"
    if wrapper == "div-span":
        return f"<div><span>{inner}</span></div>"
    if wrapper == "p-em":
        return f"<p><em>{inner}</em></p>"
    if wrapper == "aside":
        return f"<aside>{inner}</aside>"
    if wrapper == "time":
        return f"<p><time>{inner}</time></p>"
    if wrapper == "link":  # the whole line as a call-to-action link
        return f'<p><a href="{escape(cta_href)}"><strong>{escape(_text(segments))}</strong></a></p>'
    if wrapper == "strong-label":
        lead, rest = _lead(segments)
        if lead.strip() and rest:
            return f"<p><strong>{escape(lead.strip())}</strong> {_inline(rest).lstrip()}</p>"
        return f"<p><strong>{inner}</strong></p>"
    if wrapper == "ul":
        lead, rest = _lead(segments)
        items = [escape(lead.strip())] if lead.strip() else []
        for text, href in rest:
            if href:
                items.append(f'<a href="{escape(href)}">{escape(text)}</a>')
            elif text.strip(" ,·|/›>»-") and items:  # trailing words stay with the last item
                items[-1] += escape(text)
        return "<ul>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>"
    return f"<p>{inner}</p>"


WRAPPERS: dict[str, list[str]] = {
    "syndication": ["p", "p", "p-small", "p-em", "div-span", "aside"],
    "disclaimer": ["p", "p", "p-small", "p-em", "div-span", "aside"],
    "share": ["ul", "ul", "p", "div-span", "strong-label", "aside"],
    "messenger": ["p", "link", "strong-label", "p-em", "div-span", "aside"],
    "like": ["p", "div-span", "p-small", "aside"],
    "posted-in": ["p", "strong-label", "ul", "p-small", "div-span"],
    "related": ["p", "strong-label", "strong-label", "p-em", "aside", "div-span"],
    "newsletter": ["p", "link", "strong-label", "p-em", "aside", "div-span"],
    "ad-marker": ["p", "p-small", "div-span", "aside"],
    "relative-date": ["p", "time", "p-small", "div-span", "p-em"],
    "absolute-date": ["p", "time", "p-small", "div-span", "p-em"],
    "breadcrumb": ["p", "div-span", "ul", "p-small", "aside"],
    "comment-note": ["p", "p-small", "p-em"],
    "caption-repeat": ["p", "p", "p-em", "p-small", "div-span", "aside"],
}


class _Filler:
    """Fills one template's placeholders for one item, drawing each value once from the page's rng."""

    def __init__(self, ctx: Any, wordings: Wordings, cls: str) -> None:
        self.ctx, self.cls = ctx, cls
        self.vocab = wordings.vocab[ctx.lang]
        self.shared = wordings.shared
        self.values: dict[str, Any] = {}
        self.date: Any = None

    def segments(self, template: str) -> list[Segment]:
        out: list[Segment] = []
        for literal, name, _, _ in Formatter().parse(template):
            if literal:
                out.append((literal, None))
            if name is not None:
                out.extend(self.value(name))
        return out

    def value(self, name: str) -> list[Segment]:
        if name not in self.values:
            self.values[name] = self._draw(name)
        found = self.values[name]
        return found if isinstance(found, list) else [(found, None)]

    def _sections(self) -> list[str]:
        if "_sections" not in self.values:
            self.values["_sections"] = self.ctx.rng.sample(self.vocab["sections"], 3)
        return self.values["_sections"]

    def _draw(self, name: str) -> str | list[Segment]:
        ctx, rng, vocab = self.ctx, self.ctx.rng, self.vocab
        if name in ("person", "person2"):
            return ctx.person()
        if name in ("site", "agency", "city"):
            return rng.choice(vocab[{"site": "sites", "agency": "agencies", "city": "cities"}[name]])
        if name == "n":
            return str(rng.randrange(*COUNTS.get(self.cls, (2, 23))))
        if name == "messenger":
            return rng.choice(self.shared["messengers"])
        if name == "network":
            return rng.choice(self.shared["networks"])
        if name == "weekday" and self.cls == "caption":
            return rng.choice(vocab["weekdays"])
        if name in _DATE:
            return self._date_part(name)
        if name == "headline":
            headline = ctx.headline()
            section = _slug(rng.choice(self._sections()), "news")
            return [(headline, ctx.link(f"{section}/{rng.randrange(2017, 2026)}/{_slug(headline, 'story')}"))]
        if name == "categories":
            names = rng.sample(vocab["sections"], rng.randrange(1, 4))
            joiner, kind = rng.choice([", ", " | ", " · ", " "]), rng.choice(["category", "tag", "topics"])
            out: list[Segment] = []
            for i, section in enumerate(names):
                if i:
                    out.append((joiner, None))
                out.append((section, ctx.link(f"{kind}/{_slug(section, f'topic-{i}')}")))
            return out
        if name == "networks":
            return self._networks()
        if name == "home":
            return [(rng.choice(vocab["home"]), ctx.root + "/")]
        if name in ("section", "section2", "section3"):
            index = {"section": 0, "section2": 1, "section3": 2}[name]
            section = self._sections()[index]
            path = "/".join(_slug(s, f"s{i}") for i, s in enumerate(self._sections()[: index + 1]))
            return [(section, ctx.link(path))]
        raise WordingsError(f"no value for {{{name}}}")  # validate() lets no such template through

    def _networks(self) -> list[Segment]:
        rng, root = self.ctx.rng, self.ctx.root
        links = self.shared["share_links"]
        names = rng.sample(sorted(links), rng.randrange(2, 5))
        found: list[Segment] = [(name, links[name] + root) for name in names]
        if rng.random() < 0.5:
            found.append((self.vocab["email"], f"mailto:?subject=&body={root}"))
        if rng.random() < 0.3:
            found.append((self.vocab["copy_link"], "#"))
        out: list[Segment] = []
        for i, segment in enumerate(found):
            if i:
                out.append((" ", None))
            out.append(segment)
        return out

    def _date_part(self, name: str) -> str:
        if self.date is None:
            self.date = self.ctx.date()
        d = self.date
        return {
            "day": str(d.day), "dd": f"{d.day:02d}", "month": self.vocab["months"][d.month - 1],
            "MM": f"{d.month:02d}", "year": str(d.year), "weekday": self.vocab["weekdays"][d.weekday()],
            "hh": f"{d.hour:02d}", "mm": f"{d.minute:02d}", "h12": str((d.hour - 1) % 12 + 1),
            "ampm": "a.m." if d.hour < 12 else "p.m.",
        }[name]


def _line(ctx: Any, wordings: Wordings, cls: str, table: dict[str, dict[str, list[str]]],
          name: str | None = None) -> tuple[_Filler, list[Segment]]:
    filler = _Filler(ctx, wordings, cls)
    template = ctx.rng.choice(table[name or cls][ctx.lang])
    return filler, filler.segments(template)


def _cta(ctx: Any, cls: str) -> str:
    return ctx.link({"newsletter": "newsletter", "messenger": "follow-us"}.get(cls, cls))


def _generic(wordings: Wordings, cls: str) -> Callable[[Any], tuple[str, list[Line]]]:
    """A one-line class: the wording in one of its wrappers; the payload is the linked part of
    a teaser (the headline) or a category line (the categories), else none."""

    def generate(ctx: Any) -> tuple[str, list[Line]]:
        _, segments = _line(ctx, wordings, cls, wordings.classes)
        wrapper = ctx.rng.choice(WRAPPERS[cls])
        text = _text(segments)
        payload = None
        if cls in ("related", "posted-in"):
            _, rest = _lead(segments)
            payload = _text(rest) or None
        return render(segments, wrapper, _cta(ctx, cls)), [(text, payload)]

    return generate


def _caption(wordings: Wordings) -> Callable[[Any], tuple[str, list[Line]]]:
    def generate(ctx: Any) -> tuple[str, list[Line]]:
        rng = ctx.rng
        _, segments = _line(ctx, wordings, "caption", wordings.classes)
        caption = _text(segments)
        text, payload = caption, None
        if rng.random() < 0.6:  # credited: the caption surviving without its credit is still junk
            _, credit = _line(ctx, wordings, "caption", wordings.parts, "caption-credit")
            text, payload = f"{caption} {_text(credit)}", caption
        image = f"{ctx.root}/media/{rng.randrange(2018, 2026)}/{rng.randrange(10**6, 10**7)}.jpg"
        figure = f'<figure><img src="{escape(image)}" alt=""><figcaption>{escape(text)}</figcaption></figure>'
        return figure + render([(text, None)], rng.choice(WRAPPERS["caption-repeat"]), ""), [(text, payload)]

    return generate


def _comment_heading(wordings: Wordings) -> Callable[[Any], tuple[str, list[Line]]]:
    def generate(ctx: Any) -> tuple[str, list[Line]]:
        rng = ctx.rng
        _, segments = _line(ctx, wordings, "comment-heading", wordings.classes)
        heading = _text(segments)
        tag = rng.choice(["h2", "h3", "h3", "h4"])
        html, lines = f"<{tag}>{escape(heading)}</{tag}>", [(heading, None)]
        if rng.random() < 0.6:
            _, note = _line(ctx, wordings, "comment-heading", wordings.parts, "comment-note")
            html += render(note, rng.choice(WRAPPERS["comment-note"]), "")
            lines.append((_text(note), None))
        return html, lines

    return generate


def junk_classes(wordings: Wordings) -> dict[str, Callable[[Any], tuple[str, list[Line]]]]:
    """``{class: generator}`` for ``planted.py``: each generator takes its ``Context`` (rng,
    language, site root, other pages' headlines) and returns ``(html, [(text, payload)])``."""
    classes: dict[str, Callable[[Any], tuple[str, list[Line]]]] = {}
    for cls in sorted(PLACEHOLDERS):
        if cls == "caption":
            classes[cls] = _caption(wordings)
        elif cls == "comment-heading":
            classes[cls] = _comment_heading(wordings)
        else:
            classes[cls] = _generic(wordings, cls)
    return classes
