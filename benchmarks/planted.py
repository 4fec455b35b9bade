"""Junk planted inside the article's body: how much of it each system keeps, and what it costs the text.

Usage:
    python benchmarks/planted.py ../shared/benchmarks/scrapinghub-aeb [../shared/benchmarks/trafilatura-eval] \\
        [--seed 1] [--per-page 3] [--processes 2] [--json OUT] [--wordings FILE]

``--wordings benchmarks/planted_unseen/wordings.json`` plants the classes and wordings of that file
(written apart from the rule work, in eleven languages, with more varied markup: see
``benchmarks/planted_wordings.py`` and the README beside the file) instead of the tables below,
which stay the default so that the figures documented for them reproduce.

Pages with junk at the edges of an article are what every extractor is tuned on; junk between the
article's own paragraphs is what a rule must tell from text by what it is, not where it is. For
each page of a benchmark set (read with ``output.benchmark_sets.load_dataset``):

1. The container: the deepest element holding more than half of the page's ``<p>`` whose text is in
   the ground truth (scrapinghub: the article body; trafilatura's set: a ``with`` passage). A page
   with fewer than two such paragraphs is skipped and counted.
2. ``--per-page`` items of distinct junk classes (below), each after a body paragraph chosen at
   random from all but the last, so each sits between two of the article's paragraphs. Plain
   markup, no class or id: a ``<p>``, ``<div>``, ``<p><span>``, links inside a ``<p>``, a
   ``<figure>``+``<figcaption>`` with the caption again as a ``<p>``, an ``<h3>``. An item none of
   whose texts is already in the page, nor overlaps another item's, so that finding it in an
   output can only mean it survived. The item's language is the page's (``<html lang>``) three
   times in four when that is English, German, Spanish or French, else any of the four.
3. cleancrawl through ``crawler.offline.page_cleaning.clean_page`` (as ``benchmarks/quality.py`` runs it:
   default settings, one page at a time, so no site-repetition pass) and ``trafilatura.extract``
   default (``include_comments=False``) on the planted page and on the unplanted page. Both are
   the same parse and serialisation of the page (UTF-8 behind a BOM), so junk is the only change.
4. A junk line survives when its text, or its payload (a teaser's other-page headline, a "posted
   in" line's categories, a credited caption without its credit), is in the output; both compared
   NFKC-normalised, whitespace collapsed, case folded. The article's own text is scored on the
   planted page's output with the planted lines cut out, and on the unplanted page's output, with
   the set's metric (shingle recall/F1, or snippet recall/F1 over the planted pages), so a rule
   that takes real text along with the junk shows as lost recall (junk kept is the survival
   column, not counted twice).

Deterministic for a seed: each page's draws come from ``random.Random(f"{seed}:{key}")``.

Classes: ``caption`` (photo caption repeated as text, half with a credit), ``relative-date``,
``absolute-date``, ``syndication`` ("This story originally appeared in...", "Mit Material von
dpa"), ``disclaimer`` (views-are-own, affiliate notes), ``share`` (network link bars, "Share this
article", "Like 12"), ``comment-heading`` (with the form's notice line half the time),
``breadcrumb`` (same-site links), ``posted-in`` (category links), ``related`` (a marker and a
same-site link to another page's headline, separated by spaces only), ``newsletter``,
``ad-marker``. The wording was written from what news and blog templates print, not from
cleancrawl's rule files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import multiprocessing
import random
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(1, str(Path(__file__).resolve().parent))

from planted_why import line_markups, print_tally, tally, why_survived
from planted_wordings import WordingsError, junk_classes, load_wordings

from cleaners.decoding import decode_html
from output import aeb_metric, snippet_metric
from output.benchmark_sets import load_dataset

LANGS = ("en", "de", "es", "fr")

SITES = {
    "en": ["The Harbour Herald", "Northfield Gazette", "Metro Ledger", "Valley Courier", "The Daily Compass",
           "Coastline Weekly", "Prairie Post"],
    "de": ["Rheintal Kurier", "Nordstadt Anzeiger", "Allgäuer Morgenpost", "Weserbote"],
    "es": ["Diario del Levante", "El Correo Austral", "La Voz de la Ribera"],
    "fr": ["La Gazette du Centre", "Le Petit Riverain", "Ouest Matin", "L'Écho des Vallées"],
}
AGENCIES = ["AP", "Reuters", "AFP", "dpa", "EFE", "Getty Images", "picture alliance", "Europa Press",
            "KEYSTONE", "ANSA", "Shutterstock", "iStock", "MAXPPP", "imago images"]
FIRST = ["Maria", "James", "Anna", "Lukas", "Sofia", "Pierre", "Elena", "David", "Claire", "Jonas",
         "Lucía", "Thomas", "Camille", "Miguel", "Sarah", "Hannah", "Carlos", "Julien", "Emma", "Felix"]
LAST = ["Keller", "Morgan", "García", "Dubois", "Schneider", "Okafor", "Lindqvist", "Moreau", "Brennan",
        "Fernández", "Hoffmann", "Nakamura", "Rossi", "Petit", "Wagner", "Castillo", "Fischer", "Laurent"]
CITIES = ["Lisbon", "Hamburg", "Sevilla", "Lyon", "Denver", "Leeds", "Graz", "Bilbao", "Nantes", "Austin"]

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
}
WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
    "es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
}

Line = tuple[str, str | None]


@dataclass
class Context:
    """What a template may draw on: the page's language, its site root, other pages' headlines."""

    rng: random.Random
    lang: str
    root: str  # scheme://host of the page, for same-site links
    headlines: list[str]

    def person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def site(self) -> str:
        return self.rng.choice(SITES[self.lang])

    def headline(self) -> str:
        return self.rng.choice(self.headlines)

    def date(self) -> dt.datetime:
        day = dt.date(2016, 1, 1) + dt.timedelta(days=self.rng.randrange(3000))
        return dt.datetime(day.year, day.month, day.day, self.rng.randrange(6, 23), self.rng.randrange(60))

    def link(self, path: str) -> str:
        return f"{self.root}/{path.strip('/')}/"

    def slug(self, text: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "story"


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _wrap(text: str, ctx: Context) -> str:
    tag = ctx.rng.choice(["p", "p", "div", "span"])
    if tag == "span":
        return f"<p><span>{escape(text)}</span></p>"
    return f"<{tag}>{escape(text)}</{tag}>"


# --- junk templates: each returns (html, [(text, payload)]) ------------------------------------

# --- photo caption repeated as text --------------------------------------------------------------

CAPTIONS = {
    "en": ["{person} speaks to reporters outside the courthouse in {city}.",
           "Volunteers hand out water to residents waiting in line on {weekday}.",
           "A view of the harbour in {city} after the storm passed through overnight.",
           "{person}, left, and {person2} at the opening of the new exhibition.",
           "Firefighters work to contain the blaze near a residential area of {city}.",
           "Shoppers walk past a closed store on the main street of {city}.",
           "Students attend a class at a secondary school in {city} earlier this year."],
    "de": ["{person} bei einer Pressekonferenz in {city}.",
           "Einsatzkräfte sichern am {weekday} die Unfallstelle auf der Bundesstraße.",
           "Blick auf die Innenstadt von {city} am frühen Morgen.",
           "{person} (l.) und {person2} bei der Eröffnung der Ausstellung.",
           "Demonstranten versammeln sich vor dem Rathaus in {city}."],
    "es": ["{person} atiende a los medios a su llegada a {city}.",
           "Vecinos observan los daños causados por el temporal en {city}.",
           "{person}, a la izquierda, junto a {person2} durante el acto de presentación.",
           "Varias personas hacen cola frente a un centro de salud de {city} el {weekday}."],
    "fr": ["{person} s'adresse à la presse à son arrivée à {city}.",
           "Des habitants constatent les dégâts après le passage de la tempête à {city}.",
           "{person}, à gauche, et {person2} lors de l'inauguration du nouveau site.",
           "Des manifestants rassemblés devant la préfecture de {city} ce {weekday}."],
}
CREDITS = {
    "en": ["Photo: {person} / {agency}", "(Photo: {agency})", "Photo by {person}/{agency}",
           "Credit: {person} for {site}", "Image: {agency}", "{agency} Photo/{person}"],
    "de": ["Foto: {person}/{agency}", "(Foto: {agency})", "Bild: {agency}", "© {agency} / {person}"],
    "es": ["Foto: {person} / {agency}", "(Foto: {agency})", "Imagen: {agency}"],
    "fr": ["Photo : {person} / {agency}", "(Photo {agency})", "Crédit photo : {person}"],
}


def caption(ctx: Context) -> tuple[str, list[Line]]:
    rng = ctx.rng
    text = rng.choice(CAPTIONS[ctx.lang]).format(
        person=ctx.person(), person2=ctx.person(), city=rng.choice(CITIES),
        weekday=rng.choice(WEEKDAYS[ctx.lang]))
    payload = None
    if rng.random() < 0.5:  # with a credit: the caption alone surviving is still junk
        payload = text
        text += " " + rng.choice(CREDITS[ctx.lang]).format(person=ctx.person(), agency=rng.choice(AGENCIES),
                                                          site=ctx.site())
    image = f"{ctx.root}/media/{rng.randrange(2018, 2025)}/{rng.randrange(10**6, 10**7)}.jpg"
    figure = f'<figure><img src="{image}" alt=""><figcaption>{escape(text)}</figcaption></figure>'
    repeat = _p(text) if rng.random() < 0.7 else f"<p><em>{escape(text)}</em></p>"
    return figure + repeat, [(text, payload)]


# --- relative and absolute date lines ------------------------------------------------------------

RELATIVE = {
    "en": ["{n} hours ago", "{n} minutes ago", "Updated {n} hours ago", "{n} days ago", "Published {n} hours ago",
           "{n}h ago", "Posted {n} days ago", "Last updated {n} minutes ago"],
    "de": ["vor {n} Stunden", "vor {n} Minuten", "Aktualisiert vor {n} Stunden", "vor {n} Tagen",
           "Veröffentlicht vor {n} Std.", "Zuletzt aktualisiert vor {n} Minuten", "vor {n} Std."],
    "es": ["hace {n} horas", "hace {n} minutos", "Actualizado hace {n} horas", "hace {n} días",
           "Publicado hace {n} horas"],
    "fr": ["il y a {n} heures", "il y a {n} minutes", "Mis à jour il y a {n} heures", "Publié il y a {n} jours",
           "Publié il y a {n} h"],
}


def relative_date(ctx: Context) -> tuple[str, list[Line]]:
    text = ctx.rng.choice(RELATIVE[ctx.lang]).format(n=ctx.rng.randrange(2, 23))
    if ctx.rng.random() < 0.3:
        return f"<p><time>{escape(text)}</time></p>", [(text, None)]
    return _wrap(text, ctx), [(text, None)]


def _absolute(ctx: Context) -> str:
    d, lang, rng = ctx.date(), ctx.lang, ctx.rng
    wd, mo = WEEKDAYS[lang][d.weekday()], MONTHS[lang][d.month - 1]
    hm = f"{d.hour}:{d.minute:02d}"
    short = mo if len(mo) <= 4 else mo[:3] + "."  # AP style: "Dec.", but "May", "June"
    clock12 = f"{(d.hour - 1) % 12 + 1}:{d.minute:02d} {'a.m.' if d.hour < 12 else 'p.m.'}"
    forms = {
        "en": [f"{wd}, {mo} {d.day}", f"{wd}, {mo} {d.day}, {d.year}", f"Published {mo} {d.day}, {d.year}",
               f"{short} {d.day}, {d.year} at {clock12} ET", f"Updated: {d.day} {mo} {d.year}, {hm}",
               f"{d.day} {mo} {d.year}"],
        "de": [f"{d.day}. {mo} {d.year}", f"{wd}, {d.day}. {mo} {d.year}, {hm} Uhr",
               f"Stand: {d.day:02d}.{d.month:02d}.{d.year} {hm} Uhr", f"Veröffentlicht am {d.day}. {mo} {d.year}"],
        "es": [f"{wd.capitalize()}, {d.day} de {mo} de {d.year}", f"{d.day} de {mo} de {d.year} - {hm} h",
               f"Actualizado el {d.day:02d}/{d.month:02d}/{d.year} a las {hm}"],
        "fr": [f"{wd} {d.day} {mo} {d.year}", f"Publié le {d.day} {mo} {d.year} à {d.hour}h{d.minute:02d}",
               f"Mis à jour le {d.day:02d}/{d.month:02d}/{d.year} à {hm}"],
    }
    return rng.choice(forms[lang])


def absolute_date(ctx: Context) -> tuple[str, list[Line]]:
    text = _absolute(ctx)
    return _wrap(text, ctx), [(text, None)]


# --- syndication and disclaimer notes ------------------------------------------------------------

SYNDICATION = {
    "en": ["This story originally appeared in {site}.", "This article was first published by {site} and is "
           "republished here with permission.", "Reporting by {person}; Editing by {person2}",
           "Additional reporting by {agency}.", "This story was produced in partnership with {site}.",
           "A version of this story first ran on {site}.", "Copyright {year} {agency}. All rights reserved."],
    "de": ["Mit Material von {agency}", "Dieser Artikel erschien zuerst bei {site}.", "Quelle: {agency}",
           "Dieser Text ist zuerst im {site} erschienen. Wir veröffentlichen ihn mit freundlicher Genehmigung.",
           "Mitarbeit: {person}", "Der Beitrag erschien zuerst in der Printausgabe des {site}.",
           "Mit Material der Nachrichtenagenturen {agency} und dpa"],
    "es": ["Este artículo fue publicado originalmente en {site}.", "Con información de {agency}.",
           "Con información de agencias", "Redacción {site} / {agency}",
           "Este texto se publicó por primera vez en {site} y se reproduce con permiso."],
    "fr": ["Cet article a d'abord été publié sur {site}.", "Avec {agency}", "Article initialement paru dans {site}.",
           "Par {person} avec {agency}", "Cet article est republié à partir de {site}. Lire l'article original."],
}
DISCLAIMER = {
    "en": ["The views expressed in this article are the author's own and do not necessarily reflect those of "
           "{site}.", "This post contains affiliate links. If you buy something through them, we may earn a "
           "small commission at no extra cost to you.", "Opinions expressed by contributors are their own.",
           "{site} may receive compensation for some links to products and services on this page.",
           "This article is for informational purposes only and does not constitute financial advice."],
    "de": ["Die in diesem Beitrag geäußerten Ansichten sind die des Autors und entsprechen nicht unbedingt "
           "denen der Redaktion.", "Hinweis: Dieser Artikel enthält Affiliate-Links. Bei einem Kauf über diese "
           "Links erhalten wir eine Provision, für Sie ändert sich der Preis nicht.",
           "Gastbeiträge geben nicht notwendigerweise die Meinung der Redaktion wieder."],
    "es": ["Las opiniones expresadas en este artículo son responsabilidad exclusiva de su autor.",
           "Este artículo contiene enlaces de afiliados: si compras a través de ellos, {site} puede recibir una "
           "comisión."],
    "fr": ["Les opinions exprimées dans cette tribune n'engagent que leur auteur.",
           "Cet article contient des liens affiliés : {site} peut percevoir une commission en cas d'achat."],
}


def _note(table: dict[str, list[str]], ctx: Context) -> tuple[str, list[Line]]:
    text = ctx.rng.choice(table[ctx.lang]).format(
        site=ctx.site(), person=ctx.person(), person2=ctx.person(), agency=ctx.rng.choice(AGENCIES),
        year=ctx.rng.randrange(2016, 2025))
    if ctx.rng.random() < 0.3:
        return f"<p><em>{escape(text)}</em></p>", [(text, None)]
    if ctx.rng.random() < 0.2:
        return f"<p><small>{escape(text)}</small></p>", [(text, None)]
    return _wrap(text, ctx), [(text, None)]


def syndication(ctx: Context) -> tuple[str, list[Line]]:
    return _note(SYNDICATION, ctx)


def disclaimer(ctx: Context) -> tuple[str, list[Line]]:
    return _note(DISCLAIMER, ctx)


# --- share / like widget text --------------------------------------------------------------------

SHARE_TITLES = {"en": ["Share this article", "Share this story", "Share", "Share on"],
                "de": ["Artikel teilen", "Teilen", "Beitrag teilen"],
                "es": ["Compartir", "Comparte esta noticia", "Compartir en"],
                "fr": ["Partager", "Partager cet article", "Partager sur"]}
NETWORKS = {"Facebook": "https://www.facebook.com/sharer/sharer.php?u=", "Twitter": "https://twitter.com/intent/tweet?url=",
            "WhatsApp": "https://wa.me/?text=", "LinkedIn": "https://www.linkedin.com/shareArticle?url=",
            "Pinterest": "https://pinterest.com/pin/create/button/?url=", "Email": "mailto:?body=",
            "Reddit": "https://www.reddit.com/submit?url="}
MAIL = {"en": "Email", "de": "E-Mail", "es": "Correo", "fr": "E-mail"}
COUNTS = {"en": ["Like {n}", "{n} Shares", "{n} Comments", "Tweet {n}"],
          "de": ["Gefällt mir {n}", "{n} Kommentare", "{n} mal geteilt"],
          "es": ["Me gusta {n}", "{n} comentarios", "{n} veces compartido"],
          "fr": ["J'aime {n}", "{n} partages", "{n} commentaires"]}


def share(ctx: Context) -> tuple[str, list[Line]]:
    rng = ctx.rng
    form = rng.randrange(3)
    if form == 2:
        text = rng.choice(COUNTS[ctx.lang]).format(n=rng.randrange(3, 900))
        return _wrap(text, ctx), [(text, None)]
    names = rng.sample(sorted(NETWORKS), rng.randrange(2, 5))
    labels = [MAIL[ctx.lang] if name == "Email" else name for name in names]
    links = " ".join(f'<a href="{NETWORKS[n]}{escape(ctx.root)}">{escape(label)}</a>'
                     for n, label in zip(names, labels, strict=True))
    text = " ".join(labels)
    if form == 1:
        title = rng.choice(SHARE_TITLES[ctx.lang])
        text = f"{title} {text}"
        links = f"{escape(title)} {links}"
    tag = rng.choice(["div", "p"])
    return f"<{tag}>{links}</{tag}>", [(text, None)]


# --- comment-form heading ------------------------------------------------------------------------

COMMENT_HEADINGS = {
    "en": ["Leave a Reply", "Leave a comment", "Join the conversation", "Add a comment", "Comments",
           "What do you think?", "Post a comment"],
    "de": ["Schreibe einen Kommentar", "Kommentar verfassen", "Kommentare", "Diskutieren Sie mit",
           "Ihre Meinung ist gefragt"],
    "es": ["Deja un comentario", "Deja una respuesta", "Comentarios", "Añadir comentario"],
    "fr": ["Laisser un commentaire", "Réagir à cet article", "Commentaires", "Ajouter un commentaire"],
}
COMMENT_NOTES = {
    "en": ["Your email address will not be published. Required fields are marked *",
           "You must be logged in to post a comment."],
    "de": ["Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert",
           "Sie müssen angemeldet sein, um kommentieren zu können."],
    "es": ["Tu dirección de correo electrónico no será publicada. Los campos obligatorios están marcados con *"],
    "fr": ["Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *"],
}


def comment_heading(ctx: Context) -> tuple[str, list[Line]]:
    text = ctx.rng.choice(COMMENT_HEADINGS[ctx.lang])
    tag = ctx.rng.choice(["h3", "h3", "h2", "h4"])
    html, lines = f"<{tag}>{escape(text)}</{tag}>", [(text, None)]
    if ctx.rng.random() < 0.5:
        note = ctx.rng.choice(COMMENT_NOTES[ctx.lang])
        html += _p(note)
        lines.append((note, None))
    return html, lines


# --- breadcrumb and "posted in" lines ------------------------------------------------------------

HOME = {"en": ["Home"], "de": ["Startseite", "Home"], "es": ["Inicio", "Portada"], "fr": ["Accueil"]}
SECTIONS = {
    "en": ["News", "Local", "Politics", "World", "Business", "Sports", "Opinion", "Health", "Tech", "Culture"],
    "de": ["Nachrichten", "Politik", "Lokales", "Wirtschaft", "Sport", "Kultur", "Panorama", "Inland"],
    "es": ["Noticias", "Política", "Local", "Economía", "Deportes", "Cultura", "Sociedad"],
    "fr": ["Actualités", "Politique", "Société", "Économie", "Sports", "Culture", "Région"],
}


def _links(ctx: Context, names: list[str], prefix: str = "") -> list[str]:
    return [f'<a href="{escape(ctx.link(prefix + ctx.slug(n)))}">{escape(n)}</a>' for n in names]


def breadcrumb(ctx: Context) -> tuple[str, list[Line]]:
    rng = ctx.rng
    names = [rng.choice(HOME[ctx.lang]), *rng.sample(SECTIONS[ctx.lang], rng.randrange(1, 4))]
    sep = rng.choice(["›", ">", "/", "»", "|"])
    links = _links(ctx, names)
    links[0] = f'<a href="{escape(ctx.root)}/">{escape(names[0])}</a>'
    if rng.random() < 0.3:  # the last crumb unlinked, as many templates print the current section
        links[-1] = escape(names[-1])
    tag = rng.choice(["p", "div"])
    return f"<{tag}>{f' {sep} '.join(links)}</{tag}>", [(f" {sep} ".join(names), None)]


POSTED_IN = {"en": ["Posted in", "Filed under:", "Categories:", "Filed Under:", "Tags:", "Topics:"],
             "de": ["Veröffentlicht in", "Kategorie:", "Themen:", "Schlagwörter:"],
             "es": ["Publicado en", "Categorías:", "Temas:", "Etiquetas:"],
             "fr": ["Publié dans", "Catégories :", "Thèmes :", "Mots-clés :"]}


def posted_in(ctx: Context) -> tuple[str, list[Line]]:
    rng = ctx.rng
    marker = rng.choice(POSTED_IN[ctx.lang])
    names = rng.sample(SECTIONS[ctx.lang], rng.randrange(1, 4))
    joiner = rng.choice([", ", " | ", " · "])
    links = joiner.join(_links(ctx, names, "category/"))
    payload = joiner.join(names)
    return f"<p>{escape(marker)} {links}</p>", [(f"{marker} {payload}", payload)]


# --- related teaser, marker separated by spaces only ---------------------------------------------

RELATED = {"en": ["Related", "RELATED", "Read more", "READ MORE", "See also", "MORE:", "Also read", "Read also"],
           "de": ["MEHR ZUM THEMA", "Lesen Sie auch", "Auch interessant", "Mehr dazu", "LESEN SIE AUCH"],
           "es": ["Lee también", "LEA TAMBIÉN", "Te puede interesar", "Relacionado", "MÁS INFORMACIÓN"],
           "fr": ["À lire aussi", "LIRE AUSSI", "Lire aussi", "À voir aussi", "Sur le même sujet"]}


def related(ctx: Context) -> tuple[str, list[Line]]:
    rng = ctx.rng
    marker, headline = rng.choice(RELATED[ctx.lang]), ctx.headline()
    gap = rng.choice(["  ", "   ", " \u00a0 ", "\u00a0\u00a0", "    "])
    href = ctx.link(f"{rng.choice(SECTIONS['en']).lower()}/{rng.randrange(2017, 2025)}/{ctx.slug(headline)}")
    link = f'<a href="{escape(href)}">{escape(headline)}</a>'
    shown = f"<strong>{escape(marker)}</strong>" if rng.random() < 0.3 else escape(marker)
    return f"<p>{shown}{gap}{link}</p>", [(f"{marker} {headline}", headline)]


# --- newsletter prompt and ad marker -------------------------------------------------------------

NEWSLETTER = {
    "en": ["Sign up for our daily newsletter to get the top stories in your inbox.",
           "Get the best of {site} delivered to your inbox every morning. Sign up here.",
           "Subscribe to our weekly briefing", "Never miss a story: sign up for {site} alerts.",
           "Want more stories like this? Subscribe to our free newsletter."],
    "de": ["Abonnieren Sie unseren Newsletter", "Jetzt den kostenlosen Newsletter von {site} bestellen",
           "Die wichtigsten Nachrichten des Tages direkt in Ihr Postfach: Hier anmelden."],
    "es": ["Suscríbete a nuestro boletín y recibe las noticias más importantes del día.",
           "Apúntate gratis a la newsletter de {site}"],
    "fr": ["Inscrivez-vous à notre newsletter pour recevoir l'essentiel de l'actualité.",
           "Recevez chaque matin notre sélection d'articles : abonnez-vous gratuitement."],
}
ADS = {"en": ["Advertisement", "ADVERTISEMENT", "Sponsored", "Story continues below advertisement",
              "Article continues below", "Advertisement - scroll to continue"],
       "de": ["Anzeige", "ANZEIGE", "Werbung", "Artikel wird nach der Anzeige fortgesetzt"],
       "es": ["Publicidad", "PUBLICIDAD", "Contenido patrocinado"],
       "fr": ["Publicité", "PUBLICITÉ", "Contenu sponsorisé", "L'article continue après la publicité"]}


def newsletter(ctx: Context) -> tuple[str, list[Line]]:
    text = ctx.rng.choice(NEWSLETTER[ctx.lang]).format(site=ctx.site())
    if ctx.rng.random() < 0.4:
        href = ctx.link("newsletter")
        return f'<p><a href="{escape(href)}"><strong>{escape(text)}</strong></a></p>', [(text, None)]
    return _wrap(text, ctx), [(text, None)]


def ad_marker(ctx: Context) -> tuple[str, list[Line]]:
    text = ctx.rng.choice(ADS[ctx.lang])
    if ctx.rng.random() < 0.5:
        return f"<div>{escape(text)}<div></div></div>", [(text, None)]
    return _wrap(text, ctx), [(text, None)]


CLASSES: dict[str, Callable[[Context], tuple[str, list[Line]]]] = {
    "caption": caption,
    "relative-date": relative_date,
    "absolute-date": absolute_date,
    "syndication": syndication,
    "disclaimer": disclaimer,
    "share": share,
    "comment-heading": comment_heading,
    "breadcrumb": breadcrumb,
    "posted-in": posted_in,
    "related": related,
    "newsletter": newsletter,
    "ad-marker": ad_marker,
}


@dataclass(frozen=True)
class JunkSet:
    """What is planted: the classes' generators, the languages an item may be in, and how a
    line is found in an output (``loose``: as a sequence of words, for wordings whose markup puts
    bullets or line breaks between a label and its links)."""

    classes: dict[str, Callable[[Context], tuple[str, list[Line]]]]
    langs: tuple[str, ...]
    loose: bool = False
    source: str = "built-in"


BUILT_IN = JunkSet(CLASSES, LANGS)


def junk_set(wordings: Path | None) -> JunkSet:
    """The built-in wordings (``None``: the documented figures), or a validated wordings file's
    (``WordingsError`` when it is not valid)."""
    if wordings is None:
        return BUILT_IN
    loaded = load_wordings(wordings)
    return JunkSet(junk_classes(loaded), loaded.languages, loose=True, source=str(wordings))

# --- planting ------------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
MIN_PARAGRAPH_CHARS = 30  # a shorter <p> ("Advertisement", "Photo: AP") says nothing about where the body is
MIN_FILLER_WORDS = 8  # snippet set: other <p> between two matched ones that count as the body's paragraphs
MAX_TRIES = 25


_WORD = re.compile(r"\w+")


def words(text: str) -> str:
    """The normalised text as its words alone, space-padded so that a match is whole words."""
    return f" {' '.join(_WORD.findall(normalise(text)))} "


def normalise(text: str) -> str:
    """The form both a planted line and a system's output are compared in: NFKC (a no-break
    space is a space), whitespace collapsed, case folded, so that no system gains or loses by how
    it spaces or types the same characters."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text or "")).strip().casefold()


@dataclass(frozen=True)
class PlantedLine:
    cls: str
    lang: str
    text: str
    payload: str | None = None
    loose: bool = False  # matched as a sequence of words (a wordings file's lines), not as text
    markup: str = ""  # the planted element(s) ('p', 'p>span', 'div+a', 'figure+p': planted_why.markup_label)

    def survives(self, output_normalised: str) -> bool:
        """The line is in the output, or its payload is (a teaser whose marker word alone went)."""
        if self.loose:
            output_words = words(output_normalised)
            return any(s and words(s).strip() and words(s) in output_words for s in (self.text, self.payload))
        if normalise(self.text) in output_normalised:
            return True
        return bool(self.payload) and normalise(self.payload) in output_normalised


def without_junk(output: str, lines: list[PlantedLine]) -> str:
    """The output with every planted line (and payload) cut out, each cut leaving a line break.

    The article's text is scored on this, not on the raw output: the shingle metric's 4-grams
    span paragraph boundaries, so a junk line left between two paragraphs would cost recall on
    the words around it even though not one word of the article was lost (on a 150-word article
    three items cost trafilatura up to 9 points of recall that way)."""
    for line in lines:
        for text in (s for s in (line.text, line.payload) if s):
            if line.loose:  # its words with anything but words between them (bullets, breaks)
                pattern = r"\W+".join(re.escape(word) for word in _WORD.findall(text))
            else:
                pattern = r"\s+".join(re.escape(word) for word in text.split())
            if pattern:
                output = re.sub(pattern, "\n", output, flags=re.IGNORECASE)
    return output


@dataclass
class PlantedPage:
    key: str
    planted: bytes  # UTF-8 with a BOM, so every system decodes it alike whatever the page declared
    baseline: bytes  # the same page through the same parse and serialisation, without the junk
    lines: list[PlantedLine]


def _matches_truth(text: str, kind: str, truth: Any) -> bool:
    if len(text) < MIN_PARAGRAPH_CHARS:
        return False
    if kind == "aeb":
        return text in truth
    return any(snippet in text or (len(text) >= 40 and text in snippet) for snippet in truth)


def _truth_for_matching(kind: str, truth: Any) -> Any:
    if kind == "aeb":
        return normalise(truth)
    return [normalise(s) for s in truth.get("with", ()) if normalise(s)]


def find_container(doc: HtmlElement, kind: str, truth: Any) -> tuple[HtmlElement, list[HtmlElement]] | None:
    """The article's container and the body paragraphs in it that junk may follow, or None.

    The container is the deepest element holding more than half of the page's ``<p>`` whose text
    is in the ground truth (aeb: the article body; snippets: a ``with`` passage). Its matched
    paragraphs are the anchors; in the snippet set (three passages a page) the longer ``<p>``
    between the first and last matched one count too. Fewer than two anchors: no place that is
    between the article's paragraphs, so None.
    """
    wanted = _truth_for_matching(kind, truth)
    paragraphs = list(doc.iter("p"))
    matched = [p for p in paragraphs if _matches_truth(normalise(p.text_content()), kind, wanted)]
    if len(matched) < 2:
        return None
    counts: dict[HtmlElement, int] = {}
    depth: dict[HtmlElement, int] = {}
    for p in matched:
        for level, ancestor in enumerate(reversed(list(p.iterancestors()))):
            counts[ancestor] = counts.get(ancestor, 0) + 1
            depth[ancestor] = level
    holding = [el for el, n in counts.items() if n * 2 > len(matched)]
    container = max(holding, key=lambda el: depth[el])
    inside = {p for p in container.iter("p")}
    anchors = [p for p in matched if p in inside]
    if kind == "snippets" and len(anchors) >= 2:
        first, last = paragraphs.index(anchors[0]), paragraphs.index(anchors[-1])
        chosen = set(anchors)
        anchors = [p for p in paragraphs[first : last + 1]
                   if p in chosen or (p in inside and len(p.text_content().split()) >= MIN_FILLER_WORDS)]
    return (container, anchors) if len(anchors) >= 2 else None


STOPWORDS = {
    "en": {"the", "and", "of", "to", "is", "that", "with", "for"},
    "de": {"der", "die", "und", "das", "ist", "nicht", "mit", "sich"},
    "es": {"el", "los", "que", "y", "del", "por", "una", "las"},
    "fr": {"le", "les", "et", "des", "est", "une", "dans", "pour"},
}


def page_language(doc: HtmlElement, body_text: str) -> str:
    """The page's language from its markup, else the one of the four whose common words the
    article's paragraphs use most (a page without ``lang`` gets junk in its own language too)."""
    lang = (doc.get("lang") or doc.get("xml:lang") or "").lower()[:2]
    if not lang:
        found = doc.xpath("//meta[@http-equiv='content-language' or @property='og:locale']/@content")
        lang = found[0].lower()[:2] if found else ""
    if lang:
        return lang
    words = re.findall(r"\w+", body_text.lower())
    votes = {code: sum(word in common for word in words) for code, common in STOPWORDS.items()}
    best = max(votes, key=lambda code: votes[code])
    return best if votes[best] >= 10 and votes[best] > 2 * sorted(votes.values())[-2] else ""


def headline_of(doc: HtmlElement) -> str | None:
    """A page's headline for other pages' teasers: og:title, else <title>, site suffix dropped."""
    found = doc.xpath("//meta[@property='og:title']/@content") or doc.xpath("//title/text()")
    if not found:
        return None
    text = _SPACES.sub(" ", found[0]).strip()
    parts = [part.strip() for part in re.split(r" [|–—-] | :: ", text) if part.strip()]
    best = max(parts, key=len) if parts else ""
    return best if len(best.split()) >= 4 else None


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _parse(body: bytes) -> HtmlElement | None:
    """The page's tree, decoded as cleancrawl decodes it; None for a page lxml cannot build one of."""
    text = _XML_DECLARATION.sub("", decode_html(body), count=1)  # lxml refuses str with a declaration
    try:
        return lxml_html.document_fromstring(text)
    except (ValueError, etree.ParserError):
        return None


def _serialise(doc: HtmlElement) -> bytes:
    """UTF-8 behind a BOM, which decides over any charset the page declares (cleaners.decoding)."""
    return b"\xef\xbb\xbf" + lxml_html.tostring(doc, encoding="unicode", doctype="<!DOCTYPE html>").encode("utf-8")


def _root(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme or 'https'}://{parts.netloc or 'example.org'}"


def _draw(ctx: Context, cls: str, taken: list[str], page_text: str,
          junk: JunkSet = BUILT_IN) -> tuple[str, list[PlantedLine]] | None:
    """One junk item of class ``cls`` that can be measured: none of its texts is in the page
    already or overlaps another planted item's (else finding it in an output proves nothing).
    ``page_text`` is normalised, or for a loose set in ``words`` form, as the keys are."""
    key_of = words if junk.loose else normalise
    for _ in range(MAX_TRIES):
        markup, lines = junk.classes[cls](ctx)
        keys = [key_of(s) for text, payload in lines for s in (text, payload) if s]
        clash = any(not k.strip() or k in page_text or any(k in t or t in k for t in taken) for k in keys)
        if not clash:
            taken.extend(keys)
            labels = line_markups(markup, len(lines))
            return markup, [PlantedLine(cls, ctx.lang, text, payload, junk.loose, label)
                            for (text, payload), label in zip(lines, labels, strict=True)]
    return None


def plant(key: str, body: bytes, url: str, kind: str, truth: Any, headlines: list[str],
          seed: int, per_page: int, junk: JunkSet = BUILT_IN) -> PlantedPage | None:
    """Plant ``per_page`` junk items of distinct classes after randomly chosen body paragraphs
    (never the last one, so every item sits between two of the article's paragraphs)."""
    doc = _parse(body)
    found = find_container(doc, kind, truth) if doc is not None else None
    if found is None:
        return None
    baseline = _serialise(doc)
    _, anchors = found
    rng = random.Random(f"{seed}:{key}")
    lang = page_language(doc, " ".join(p.text_content() for p in anchors))
    page_text = words(doc.text_content()) if junk.loose else normalise(doc.text_content())
    others = [h for h in headlines if normalise(h) not in page_text] or ["A headline from another page"]
    taken: list[str] = []
    lines: list[PlantedLine] = []
    slots = list(range(len(anchors) - 1))
    positions = rng.sample(slots, per_page) if len(slots) >= per_page else [rng.choice(slots) for _ in range(per_page)]
    for cls, position in zip(rng.sample(sorted(junk.classes), per_page), positions, strict=True):
        item_lang = lang if lang in junk.langs and rng.random() < 0.75 else rng.choice(junk.langs)
        drawn = _draw(Context(rng, item_lang, _root(url), others), cls, taken, page_text, junk)
        if drawn is None:
            continue
        markup, item_lines = drawn
        anchor = anchors[position]
        for element in reversed(lxml_html.fragments_fromstring(markup)):
            if isinstance(element, str):
                continue
            anchor.addnext(element)
        lines.extend(item_lines)
    return PlantedPage(key, _serialise(doc), baseline, lines)


# --- running the systems and counting ------------------------------------------------------------

SYSTEM_NAMES = ("cleancrawl", "trafilatura (default)")
Extractor = Callable[[bytes, str, str], str]  # (page bytes, decoded page, url) -> text, as in quality.py
_STATE: dict[str, Any] = {}


def load_systems() -> dict[str, Extractor]:
    """The same two extractors as ``benchmarks/quality.py`` (cleancrawl through ``clean_page``)."""
    import quality  # benchmarks/quality.py, on sys.path beside this script

    return {name: quality.SYSTEMS[name]() for name in SYSTEM_NAMES}


def _extract(extract: Extractor, body: bytes, url: str, key: str, name: str) -> str:
    try:
        return extract(body, decode_html(body), url) or ""
    except Exception as err:  # a crash scores as an empty output, as in benchmarks/quality.py
        print(f"{name} failed on {key}: {err!r}", file=sys.stderr)
        return ""


def _worker_init(directory: str, seed: int, per_page: int, headlines: list[tuple[str, str]],
                 systems: Callable[[], dict[str, Extractor]], wordings: str | None = None, why: bool = False,
                 wording_folds: str | None = None) -> None:
    dataset = load_dataset(Path(directory))
    if wording_folds:  # each page read by the wording table that never saw its site (quality.py's option)
        import quality

        quality.WORDING_TABLES.clear()
        quality.WORDING_TABLES.update(quality.wording_fold_tables(dataset, Path(wording_folds)))
    _STATE.update(dataset=dataset, seed=seed, per_page=per_page, headlines=headlines, systems=systems(),
                  junk=junk_set(Path(wordings) if wordings else None), why=why)


def _score(kind: str, truth: Any, text: str) -> Any:
    if kind == "aeb":
        return aeb_metric.score_page(truth, text)
    return snippet_metric.score_page(text, truth.get("with", ()), truth.get("without", ()))


def measure_page(key: str) -> dict[str, Any] | None:
    """Plant one page, run each system on the planted and the unplanted page, count what stays."""
    dataset = _STATE["dataset"]
    body = gzip.decompress(dataset.page_path(key).read_bytes())
    url = dataset.urls[key]
    others = [h for k, h in _STATE["headlines"] if k != key]
    page = plant(key, body, url, dataset.kind, dataset.truth[key], others, _STATE["seed"], _STATE["per_page"],
                 _STATE["junk"])
    if page is None:
        return None
    result: dict[str, Any] = {"key": key, "lines": [asdict(line) for line in page.lines], "systems": {}}
    for name, extract in _STATE["systems"].items():
        planted = _extract(extract, page.planted, url, key, name)
        baseline = _extract(extract, page.baseline, url, key, name)
        out = normalise(planted)
        result["systems"][name] = {
            "survived": [line.survives(out) for line in page.lines],
            "planted_score": _score(dataset.kind, dataset.truth[key], without_junk(planted, page.lines)),
            "baseline_score": _score(dataset.kind, dataset.truth[key], baseline),
        }
    if _STATE.get("why") and "cleancrawl" in result["systems"]:
        kept = result["systems"]["cleancrawl"]["survived"]
        result["why"] = why_survived(page.planted, url, [(line.text, line.payload, k)
                                                          for line, k in zip(page.lines, kept, strict=True)])
    return result


def _headlines(dataset: Any) -> list[tuple[str, str]]:
    found = []
    for key in sorted(dataset.truth):
        doc = _parse(gzip.decompress(dataset.page_path(key).read_bytes()))
        headline = headline_of(doc) if doc is not None else None
        if headline:
            found.append((key, headline))
    return found


def run(directory: Path, seed: int, per_page: int, processes: int,
        systems: Callable[[], dict[str, Extractor]] = load_systems, wordings: Path | None = None,
        why: bool = False, wording_folds: Path | None = None) -> dict[str, Any]:
    """The report for one set; ``systems`` builds the extractors (in each worker: they are not
    all picklable, and each loads its models once); ``wordings`` a wordings file to plant from
    instead of the built-in tables; ``why``: also count why cleancrawl kept what it kept
    (benchmarks/planted_why.py); ``wording_folds``: as benchmarks/quality.py ``--wording-folds``."""
    dataset = load_dataset(directory)
    headlines = _headlines(dataset)
    keys = sorted(dataset.truth)
    initargs = (str(directory), seed, per_page, headlines, systems, str(wordings) if wordings else None, why,
                str(wording_folds) if wording_folds else None)
    if processes > 1:
        with multiprocessing.get_context("fork").Pool(processes, _worker_init, initargs) as pool:
            results = pool.map(measure_page, keys, chunksize=4)
    else:
        _worker_init(*initargs)
        results = [measure_page(key) for key in keys]
    pages = [r for r in results if r is not None]
    report = summarise(dataset.name, dataset.kind, len(keys), pages)
    report["wordings"] = str(wordings) if wordings else "built-in"
    if why:
        report["why"] = tally(pages)
    return report


def _text_kept(kind: str, scores: list[Any]) -> dict[str, float]:
    if kind == "aeb":
        summary = aeb_metric.summarise(scores, resamples=1)
        return {"recall": summary.recall, "precision": summary.precision, "f1": summary.f1}
    total = sum(scores, snippet_metric.Counts())
    return {"recall": total.recall, "precision": total.precision, "f1": total.f1}


def _rates(table: dict[str, list[int]]) -> dict[str, dict[str, float]]:
    return {label: {"planted": n, "survived": k, "survival": k / n} for label, (n, k) in sorted(table.items())}


def summarise(name: str, kind: str, total: int, pages: list[dict[str, Any]]) -> dict[str, Any]:
    """Survival per system overall and per class, and the article text kept on planted vs unplanted."""
    report: dict[str, Any] = {"set": name, "kind": kind, "pages": total, "planted_pages": len(pages),
                              "skipped_no_container": total - len(pages), "systems": {}}
    lines = [(page, i, line) for page in pages for i, line in enumerate(page["lines"])]
    report["lines"] = len(lines)
    for system in pages[0]["systems"] if pages else ():
        per_class: dict[str, list[int]] = {}
        per_lang: dict[str, list[int]] = {}
        for page, i, line in lines:
            kept = int(page["systems"][system]["survived"][i])
            for table, label in ((per_class, line["cls"]), (per_lang, line["lang"])):
                counts = table.setdefault(label, [0, 0])
                counts[0] += 1
                counts[1] += kept
        survived = sum(kept for _, kept in per_class.values())
        report["systems"][system] = {
            "planted": len(lines),
            "survived": survived,
            "survival": survived / len(lines) if lines else 0.0,
            "per_class": _rates(per_class),
            "per_language": _rates(per_lang),
            "text_planted": _text_kept(kind, [p["systems"][system]["planted_score"] for p in pages]),
            "text_unplanted": _text_kept(kind, [p["systems"][system]["baseline_score"] for p in pages]),
        }
    return report


def _cell(counts: dict[str, float] | None) -> str:
    return f"{counts['survived']} ({counts['survival']:.0%})" if counts else "-"


def print_report(report: dict[str, Any]) -> None:
    metric = "shingle metric" if report["kind"] == "aeb" else "snippet metric"
    print(f"\n{report['set']}: {report['planted_pages']} of {report['pages']} pages planted "
          f"({report['skipped_no_container']} without a container found), {report['lines']} junk lines, "
          f"wordings: {report.get('wordings', 'built-in')}")
    print("| system | junk lines | surviving | survival | article recall planted / unplanted "
          f"| article F1 planted / unplanted ({metric}, planted lines cut out) |")
    print("|---|---|---|---|---|---|")
    for system, row in report["systems"].items():
        tp, tu = row["text_planted"], row["text_unplanted"]
        print(f"| {system} | {row['planted']} | {row['survived']} | {row['survival']:.1%} "
              f"| {tp['recall']:.4f} / {tu['recall']:.4f} | {tp['f1']:.4f} / {tu['f1']:.4f} |")
    classes = sorted({c for row in report["systems"].values() for c in row["per_class"]})
    systems = list(report["systems"])
    print("\n| class | lines | " + " | ".join(systems) + " |")
    print("|---|---|" + "---|" * len(systems))
    for cls in classes:
        cells = [report["systems"][s]["per_class"].get(cls) for s in systems]
        count = next(c["planted"] for c in cells if c)
        print(f"| {cls} | {count} | " + " | ".join(_cell(c) for c in cells) + " |")
    langs = sorted({c for row in report["systems"].values() for c in row["per_language"]})
    print("\n| junk language | lines | " + " | ".join(systems) + " |")
    print("|---|---|" + "---|" * len(systems))
    for lang in langs:
        cells = [report["systems"][s]["per_language"][lang] for s in systems]
        print(f"| {lang} | {cells[0]['planted']} | " + " | ".join(_cell(c) for c in cells) + " |")
    if "why" in report:
        print_tally(report["why"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", type=Path, nargs="+", help="benchmark folders (ground-truth.json or snippets.json)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-page", type=int, default=3, choices=range(1, 21), metavar="K",
                        help=f"junk items per page, each of another class (1 to {len(CLASSES)} built-in; default 3)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--wordings", type=Path, metavar="FILE",
                        help="plant the junk classes and wordings of this file (benchmarks/planted_unseen/"
                             "wordings.json: written apart from the rules) instead of the built-in ones")
    parser.add_argument("--why", action="store_true",
                        help="also count, by markup and by what the shape rules saw, why cleancrawl kept "
                             "the junk it kept (counts only; cleans each page with survivors once more)")
    parser.add_argument("--wording-folds", type=Path, metavar="DIR",
                        help="as benchmarks/quality.py --wording-folds: the rule model.wording out-of-fold by site")
    args = parser.parse_args(argv)
    try:
        junk = junk_set(args.wordings)
    except WordingsError as err:
        print(f"planted.py: {err}", file=sys.stderr)
        return 2
    if args.per_page > len(junk.classes):
        parser.error(f"--per-page {args.per_page}: the wordings have {len(junk.classes)} classes")
    reports = []
    for directory in args.datasets:
        started = time.perf_counter()
        report = run(directory, args.seed, args.per_page, args.processes, wordings=args.wordings, why=args.why,
                     wording_folds=args.wording_folds)
        report |= {"seed": args.seed, "per_page": args.per_page}
        print_report(report)
        print(f"({time.perf_counter() - started:.0f} s for this set)")
        reports.append(report)
    if args.json:
        args.json.write_text(json.dumps(reports, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
