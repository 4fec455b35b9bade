"""Junk told by what a block IS, in any language: its shape and its links, not its wording.

Phrase rules (cleaners/text_rules.py, the TOML patterns) only catch the wordings someone wrote
down; the same widget in another wording or language slips through. The matchers here look at
what every wording of a widget shares:

- ``bracketed-note``: a whole block inside one pair of parentheses or brackets, short, ending the
  way a note does (a wire credit, a reporting line, an editor's aside);
- ``count-widget``: a short line that is a count and a word or two or a symbol ('Like 12',
  '12 Comments', '♥ 340'), or any short heading that ends in a count in parentheses;
- ``network-prompt``: a short line naming a messenger or social network (the brand names are the
  same in every language) that is not a sentence of the story;
- ``date-line``: a line that is only a date or a time, in any script.

Each is a ``[[text]]`` kind of the rule files (``cleaners/rules/95-shapes.toml``) and registered
in ``cleaners.text_rules.MATCHERS``; each is measured out-of-fold by site on both dev sets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from functools import lru_cache
from typing import Protocol
from urllib.parse import urlsplit

from cleaners.blocks import Block
from cleaners.date_shapes import is_breadcrumb_text, is_date_stamp, is_table_date_line
from cleaners.reader_calls import COMMENT_INVITATIONS
from cleaners.ruleset import RULES_DIR, TextRule, load_rule_file
from cleaners.words import count_words


class PageContext(Protocol):
    """What the matchers read of ``cleaners.text_rules.PageContext`` (which imports this module,
    so it is named here by the shape it has, not imported)."""

    word_counts: tuple[int, ...]
    blocks: tuple[Block, ...]

    def kind(self, i: int) -> str: ...

# --- bracketed notes -----------------------------------------------------------------------------
# A bracketed name of one or two words ('[Engadget]', '(PC World)') is how a round-up cites the
# source of the paragraph above it: the story's (scrapinghub's truth keeps it). A note is longer.
BRACKETED_NOTE_MIN_WORDS = 3
BRACKETED_VALUE_MAX_WORDS = 4
_OPEN_CLOSE = {"(": ")", "[": "]", "（": "）", "【": "】"}


def is_bracketed_note(text: str) -> bool:
    """The whole block is one bracketed span: '(Reporting by A; editing by B)', '[With AFP]'.
    The opening bracket must close only at the end ('(a) one, (b) two' is two spans, a list)."""
    text = text.strip().rstrip(".")
    if len(text) < 4 or text[0] not in _OPEN_CLOSE or text[-1] != _OPEN_CLOSE[text[0]]:
        return False
    opening, closing, depth = text[0], text[-1], 0
    for k, ch in enumerate(text):
        depth += (ch == opening) - (ch == closing)
        if depth == 0 and k < len(text) - 1:
            return False
    inner = text[1:-1].strip()
    # an aside of the story's own ('(I know, radical, right?)') is a sentence: it ends as one; a
    # label and a value ('[Photo=JTBC]', '(Graphic: ...)') is a caption or a credit, and digits
    # make a reference ('[Author, p. 41]'), both of which the story may print as its own
    return (
        len(inner.split()) >= BRACKETED_NOTE_MIN_WORDS
        and any(ch.isalpha() for ch in inner)
        and not inner.endswith((".", "!", "?", "…", "。"))
        and not any(ch.isdigit() or ch in "=" for ch in inner)
        and _short_value(inner)
    )


def _short_value(inner: str) -> bool:
    """'Label: value' inside the brackets only with a short value ('(Fuente: EFE)', '(Bild: A B)');
    a longer one is a caption of the story's own ('(Graphic: Global currencies vs. dollar - here)')."""
    for colon in (":", "："):
        if colon in inner:
            return len(inner.split(colon, 1)[1].split()) <= BRACKETED_VALUE_MAX_WORDS
    return True


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")

# --- count widgets -------------------------------------------------------------------------------
COUNT_WIDGET_MAX_TOKENS = 5
COUNT_WIDGET_MAX_WORDS = 3
_COUNT = re.compile(r"^[(\[]?[+]?\d{1,3}(?:[.,\s]?\d{3})*(?:[.,]\d)?[kKmMкКтТ]?[)\]]?$")
_PAREN_COUNT_END = re.compile(r"\s[(\[]\d{1,6}[)\]]\s*$")


def _word_like(token: str) -> bool:
    return any(ch.isalpha() for ch in token)


def is_count_widget(text: str) -> bool:
    """A count with a word or two or a symbol, and nothing else: 'Like 12', '12 Comments',
    '♥ 340'. Not a numbered heading ('1. Introduction'), not a clock time ('10 p.m.')."""
    tokens = text.split()
    if not 2 <= len(tokens) <= COUNT_WIDGET_MAX_TOKENS or re.match(r"^\d+[.):]", tokens[0]):
        return False
    if text.startswith(("—", "–")):
        return False  # a quote's or a reader's signature ('—Ben, age 8'), as ``is_date_line`` says
    counts = [t for t in tokens if _COUNT.match(t)]
    words = [t for t in tokens if _word_like(t) and not _COUNT.match(t)]
    if len(counts) != 1 or len(words) > COUNT_WIDGET_MAX_WORDS or len(counts) + len(words) + 1 < len(tokens):
        return False
    at_end = _COUNT.match(tokens[-1]) or (_COUNT.match(tokens[-2]) and not _word_like(tokens[-1]))
    if not (_COUNT.match(tokens[0]) or at_end):
        return False  # a widget's count sits at one end ('Gesamtvolumen über 130 Gigawattstunden' is prose)
    # a year is a date ('May 06, 2022', 'Workshop 2014'), a dotted word a clock time ('10 p.m.'),
    # a word with a digit an address or a model ('4940 SW 2nd PL')
    return not _YEAR.fullmatch(counts[0].strip("()[]")) and not any(
        "." in w.strip(".") or any(ch.isdigit() for ch in w) for w in words
    )


def is_counted_heading(text: str) -> bool:
    """A short heading ending in a count in parentheses: 'Comments (12)', 'Yorumlar (3)'. Not one
    that opens with a number ('1 Introduction', '16 turbulente Opernball-Jahre': a numbered
    section, a headline) or ends in a bare one ('Meal 1', 'Wi-Fi 6'): those are the story's."""
    return bool(_PAREN_COUNT_END.search(text)) and 1 <= len(text.split()) <= 5


def count_key(text: str) -> str:
    """The line with its count taken out: 'Meal 1' and 'Meal 2' are one series."""
    return " ".join(t for t in text.casefold().split() if not _COUNT.match(t))


# --- network prompts -----------------------------------------------------------------------------
# Unlinked, a prompt is shorter: 'Follow us on Telegram', 'Kanalımıza WhatsApp'tan katılın'.
UNLINKED_PROMPT_MAX_WORDS = 10
# Brand names are written the same in every language (some also in their Cyrillic form). Not
# those that are also words of a sentence ('Signal', 'Threads', 'LINE', 'X').
_NETWORKS = re.compile(
    r"(?<!\w)(?:Telegram|WhatsApp|Whatsapp|Viber|Facebook|Twitter|VKontakte|ВКонтакте|Вконтакте|VK|ВК"
    r"|Instagram|YouTube|Youtube|TikTok|Tiktok|Google\s+News|Google\s+Новост\w*|Яндекс\.?\s*Дзен\w*|Дзен\w*"
    r"|Dzen|RSS|Bluesky|Mastodon|LinkedIn|Pinterest|Snapchat|Flipboard|Apple\s+News|Odnoklassniki"
    r"|Одноклассник\w*|Telegram-\w+|Телеграм\w*|Телеграмм\w*|X\s*\(Twitter\)|X\s*\(ex-Twitter\))(?!\w)"
)


def names_network(text: str) -> bool:
    return bool(_NETWORKS.search(text))


# --- date lines ----------------------------------------------------------------------------------
DATE_LINE_MAX_TOKENS = 8
_NUMERIC_DATE = re.compile(r"(?<!\d)\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?!\d)")
_DAY = re.compile(r"(?<![\d:.])(?:0?[1-9]|[12]\d|3[01])(?![\d:])")
_TIME = re.compile(r"(?<!\d)\d{1,2}[:.h]\d\d(?!\d)")


def is_date_line(text: str) -> bool:
    """Only a date and/or a time: '12.03.2024, 14:30', 'Tuesday, 5 March 2024', '5 марта 2024';
    or a line made only of the pieces of a date in the tables of ``cleaners.date_shapes``
    ('Pazartesi, 21 Mart', 'vor 3 Stunden', '2 часа назад': no year needed, no digits for 'час
    назад')."""
    return _year_date_line(text) or is_table_date_line(text)


def _year_date_line(text: str) -> bool:
    """A year, a numeric date or a clock time; at most three words (a weekday, a month, 'at'),
    none long, no sentence punctuation."""
    tokens = text.split()
    if not 1 <= len(tokens) <= DATE_LINE_MAX_TOKENS or re.search(r"[!?;…@~]", text) or text.startswith(("—", "–")):
        return False  # ('@' and a leading dash: an embedded post's signature; '~': a range)
    if len(_YEAR.findall(text)) > 1:
        return False  # two dates: a range ('29 November 2018 | 20 January 2019'), an event's run
    day_and_year = _YEAR.search(text) and _DAY.search(_YEAR.sub(" ", text))
    if not (day_and_year or _NUMERIC_DATE.search(text) or (_TIME.search(text) and len(tokens) <= 3)):
        return False  # a year alone names something ('Workshop 2014'), not a day
    head, colon, _ = text.partition(": ")
    if colon and len(head.split()) > 1 and not is_table_date_line(text):
        return False  # a headline's words before its date ('Sunday's vote: 21 March 2024'); a label is a table's
    words = [t for t in tokens if _word_like(t)]
    digits = sum(ch.isdigit() for ch in text)
    # a line ending in ':' introduces the next one ('Nachtrag 22.04.2020 10:30 Uhr:'): the story's
    return len(words) <= 3 and all(len(w.strip(",.")) <= 12 for w in words) and digits >= 4 and not text.endswith(":")


# --- matchers ------------------------------------------------------------------------------------
Shape = Callable[[str], bool]
# A widget set alone between two paragraphs of the story: each at least this long. A run of short
# lines (a recipe's ingredients, an address, a list of dates) is the page's data, not a widget.
PROSE_MIN_WORDS = 15


def between_prose(i: int, context: PageContext) -> bool:
    """Block ``i`` stands alone between two prose paragraphs of the story."""
    counts = context.word_counts
    if i == 0 or i + 1 >= len(counts):
        return False
    return all(
        counts[j] >= PROSE_MIN_WORDS and context.kind(j) in ("p", "quote") for j in (i - 1, i + 1)
    )


def closes_section(i: int, context: PageContext) -> bool:
    """Block ``i`` stands between a prose paragraph of the story and the next subheading (or
    alone between two prose paragraphs): where a whole date line is the page's furniture, not a
    line of data in a run of short lines. Not for the other shapes: a lone count or a network's
    bare name before a subheading ('Step 3', 'Telegram') is a flattened heading of the story."""
    if between_prose(i, context):
        return True
    counts = context.word_counts
    if i == 0 or i + 1 >= len(counts):
        return False
    return counts[i - 1] >= PROSE_MIN_WORDS and context.kind(i - 1) in ("p", "quote") and context.kind(i + 1) == "head"


def _match_text(shape: Shape, rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    counts = context.word_counts
    return {i for i, p in enumerate(paragraphs) if counts[i] <= rule.max_words and shape(p)}


def match_bracketed_notes(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    return _match_text(is_bracketed_note, rule, paragraphs, context)


Guard = Callable[[int, PageContext], bool]


Matcher = Callable[[TextRule, Sequence[str], PageContext], set[int]]


def count_widget_matcher(widget_words: Collection[str] = ()) -> Matcher:
    """The count-widget matcher, whose guard also knows ``widget_words`` (a like or comment
    vocabulary's own words: cleaners/text_rules.py passes cleaners.label_rules'
    ``COUNT_WIDGET_WORDS``; this module cannot import that one, which imports it)."""
    words = frozenset(widget_words)

    def match_count_widgets(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
        """Count widgets, any language. A heading only in the 'Comments (12)' form: a heading that
        is a word and a number is as often the story's ('Meal 1', 'Wi-Fi 6'). A line one of a series
        on the page ('Meal 1', 'Meal 2') is the story's numbering, not a count; list items are data.
        A count with a reaction symbol ('👍 12', '❤️ 45') or a widget word ('Beğeni sayısı: 120')
        goes beside a heading or a short line too: no subheading numbers its section with those."""
        return _count_widgets(rule.max_words, paragraphs, context, _reaction_guard(paragraphs, words))

    return match_count_widgets


# The shape rules' own: reaction symbols only (text_rules gives the judge one with the words).
match_count_widgets = count_widget_matcher()


# A reaction's symbols: the like lexicon's, without the stars of a rating ('★ 4.5' is a review's).
_REACTIONS = frozenset("👍👎❤♥♡💙💚💛🧡💜🖤🤍😍😂😮😢😡🔥👏😀😃😊☺😠😭🙁🙂")


def _reaction_guard(paragraphs: Sequence[str], widget_words: frozenset[str]) -> Guard:
    """The count widget's guard: prose on both sides, or, inside the article, a reaction symbol
    or one of ``widget_words``."""

    def reaction(i: int, context: PageContext) -> bool:
        text = paragraphs[i]
        return any(ch in _REACTIONS for ch in text) or any(
            w in widget_words for w in re.findall(r"\w+", text.casefold())
        )

    return or_inside(between_prose, reaction)


def or_inside(guard: Guard, widget: Guard) -> Guard:
    """``guard``, or, inside the article (not its first or last block), ``widget``: a line that
    is a widget by what it carries goes beside a subheading or a short line too."""

    def either(i: int, context: PageContext) -> bool:
        return guard(i, context) or (0 < i < len(context.word_counts) - 1 and widget(i, context))

    return either


def _count_widgets(max_words: int, paragraphs: Sequence[str], context: PageContext, guard: Guard) -> set[int]:
    counts = context.word_counts
    hits = {
        i for i, p in enumerate(paragraphs)
        if counts[i] <= max_words and (is_count_widget(p) or is_counted_heading(p))
        and (
            (context.kind(i) == "head" and is_counted_heading(p))
            or (context.kind(i) in ("p", "quote") and guard(i, context))
        )
    }
    if hits:
        keys = [count_key(p) for p in paragraphs]
        series = {k for k in keys if keys.count(k) > 1}
        hits = {i for i in hits if keys[i] not in series}
    return hits


# A prompt may close with '!' or '…' ('Follow us on Telegram!'): a sentence of the story ends so.
_PROMPT_SENTENCE_END = (".", "。", "?", "？", "”", '"')
# Beside a cluster, a paragraph that ends so is the story's prose.
_PROSE_SENTENCE_END = (*_PROMPT_SENTENCE_END, "!", "…", "！", "»")


def ends_sentence(text: str, marks: tuple[str, ...] = _PROSE_SENTENCE_END) -> bool:
    """The line ends as a sentence does (``marks``: the closing marks that count)."""
    return text.rstrip().endswith(marks)


def _unlinked_prompt(i: int, text: str, context: PageContext) -> bool:
    """No link at all (a linked line is judged by where it points), short, not a sentence, not
    a headline about the network."""
    linked = bool(context.blocks) and bool(context.blocks[i].links)
    short = context.word_counts[i] <= UNLINKED_PROMPT_MAX_WORDS
    return not linked and short and not ends_sentence(text, _PROMPT_SENTENCE_END) and not network_headline(text)


HEADLINE_MIN_WORDS = 4
_PROMPT_SIGNS = re.compile(r"[:：|→👉➡▶►@#]")


def network_headline(text: str) -> bool:
    """The network is the subject of a headline: the line opens with its bare name and goes on in
    words ('Telegram founder joins French court hearing', 'Facebook users join protest'). A prompt
    names the network as where to go ('Follow us on Telegram', 'Telegram: @paper',
    'Instagram'da bizi takip edin': a suffix, a colon, an arrow)."""
    words = text.split()
    if len(words) < HEADLINE_MIN_WORDS or _PROMPT_SIGNS.search(text):
        return False
    opening = _NETWORKS.match(text)
    return bool(opening) and opening.end() == len(words[0]) and words[1][:1].isalpha() and words[1][:1].islower()


_NETWORK_HOST = re.compile(
    r"(?:^|\.)(?:t\.me|telegram\.(?:me|org)|wa\.me|whatsapp\.com|viber\.com|facebook\.com|fb\.com|twitter\.com|x\.com"
    r"|vk\.com|ok\.ru|instagram\.com|youtube\.com|tiktok\.com|line\.me|dzen\.ru|news\.google\.com|linkedin\.com"
    r"|threads\.net|bsky\.app|pinterest\.[a-z.]{2,6}|flipboard\.com)$"
)
_CHANNEL_SEGMENTS = frozenset({"channel", "c", "s", "user", "joinchat", "join", "publishers", "company"})


def _follow_target(href: str) -> bool:
    """A network's page of an account or a channel ('t.me/name', 'facebook.com/name',
    'youtube.com/channel/ID'), not one of its posts or events ('facebook.com/events/142...')."""
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    if not _NETWORK_HOST.search(parts.hostname or ""):
        return False
    path = [p for p in parts.path.split("/") if p]
    return len(path) <= 1 or path[0].casefold() in _CHANNEL_SEGMENTS or path[0].startswith("@")


def _linked_line(i: int, context: PageContext) -> bool:
    """Mostly a link, to the site itself (its follow-us page), to an account on a network or to a
    network's sharing endpoint (a share button: 'facebook.com/sharer/...')."""
    if not context.blocks or context.blocks[i].link_share < 0.5:
        return False
    block = context.blocks[i]
    return any(s.same_site for s in block.segments) or any(
        _follow_target(h) or _SHARE_TARGET.search(h) for h in block.links
    )


def match_network_prompts(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """A short line naming a network, alone between two paragraphs of the story: mostly a link
    (a follow button), or of at most ``UNLINKED_PROMPT_MAX_WORDS`` words and not ending as a
    sentence does ('Facebook declined to comment.' is the story's); never a heading or an item.
    Beside a heading or a short paragraph too when the line is a widget by more than its network
    (``widget_guard``)."""
    return _network_prompts(rule.max_words, paragraphs, context, widget_guard(paragraphs))


def widget_guard(paragraphs: Sequence[str]) -> Guard:
    """The network prompt's guard: prose on both sides (``between_prose``), or, inside the article
    (not its first or last block), a line that is a widget by what it carries (``is_network_widget``).
    A flattened subheading ('Why Telegram matters', a bare 'Telegram', 'Step 3: Telegram') names
    the network and nothing a widget has, so before a heading it stays the story's."""
    return or_inside(between_prose, lambda i, context: is_network_widget(i, paragraphs[i], context))


# A share button's own links: a network's sharing or sending endpoint, whatever the page.
_SHARE_TARGET = re.compile(
    r"(?:facebook\.com/sharer|facebook\.com/dialog/(?:share|send)|twitter\.com/(?:intent|share)|x\.com/intent"
    r"|api\.whatsapp\.com/send|whatsapp://send|wa\.me/|t\.me/share|telegram\.me/share|linkedin\.com/share"
    r"|vk\.com/share|connect\.ok\.ru|pinterest\.[a-z.]+/pin/create|reddit\.com/submit|news\.google\.com"
    r"|viber://|line\.me/R/msg|bsky\.app/intent|mailto:\?)",
    re.IGNORECASE,
)
NETWORK_WIDGET_MIN_NAMES = 2


def is_network_widget(i: int, text: str, context: PageContext) -> bool:
    """A network line that is a widget by more than its network's name: a share bar naming two
    networks or more ('Facebook | WhatsApp | E-Mail'), a link to a network's sharing endpoint or,
    in a line that is no sentence, to an account on it (``_follow_target``), or a call to the reader as the line's
    first or last words ('Partager sur Facebook', 'Auf Facebook teilen', 'Bizi Instagram'da takip
    edin'): the words the messenger concept and the comment lexicon already hold for a call."""
    if _is_network_list(text):
        return True
    links = context.blocks[i].links if context.blocks else ()
    if any(_SHARE_TARGET.search(h) for h in links):
        return True
    if not ends_sentence(text) and any(_follow_target(h) for h in links):
        return True  # a sentence linking a network's page is the story's ('Playlist auf YouTube.')
    return _calls_the_reader(text)


def _is_network_list(text: str) -> bool:
    """A share bar's buttons: two networks or more, nothing after the last but capitalised words
    or an e-mail button ('..., WhatsApp, E-Mail'), and before the first either nothing (then only
    separators or capitalised words between them: 'Facebook | WhatsApp | E-Mail') or a label
    with a colon or a call ('Jetzt teilen: Facebook, X, WhatsApp', 'Condividi su Facebook,
    WhatsApp e Telegram'). A headline listing networks has words of its own after them or
    between them ('Twitter, Facebook and the 2016 vote', 'YouTube, TikTok and Instagram compared',
    'Facebook vs. Twitter')."""
    found = list(_NETWORKS.finditer(text))
    if len({m.group(0).casefold() for m in found}) < NETWORK_WIDGET_MIN_NAMES:
        return False
    after = re.findall(r"[\w-]+", text[found[-1].end():])
    if any(w[:1].islower() and "mail" not in w.casefold() for w in after):
        return False
    before = text[: found[0].start()].strip()
    if not before:
        between = _NETWORKS.sub(" ", text[found[0].start(): found[-1].end()])
        return not any(w[:1].islower() for w in re.findall(r"\w+", between))
    if before.endswith((":", "：")):
        return True
    exact, stems, _ = _call_words()
    return any(_is_call_word(w, exact, stems) for w in re.findall(r"\w+", before.casefold()))


def _is_call_word(word: str, exact: frozenset[str], stems: frozenset[str]) -> bool:
    """``word`` is a call (``_call_words``): itself, or for a word of eight letters or more its
    first seven ('partager'/'partagez')."""
    return word in exact or (len(word) > _CALL_STEM_LEN and word[:_CALL_STEM_LEN] in stems)


_CALL_STEM_LEN = 7
# Opening on its call, a prompt is a few words: the call, the network, a preposition or two
# ('Teilen auf Facebook war sein Beruf' goes on as a sentence of the story).
CALL_OPENING_MAX_WORDS = 5
# A verb-final call may close on an auxiliary of a few letters ('takip edin', 'abone ol').
_AUXILIARY_MAX_LETTERS = 4


def _calls_the_reader(text: str) -> bool:
    """The line opens on a call word (``_call_words``) in at most ``CALL_OPENING_MAX_WORDS``
    words ('Partager sur Facebook', 'Deel via WhatsApp') or as a label before a colon ('Share
    this: Facebook X LinkedIn Email'), or closes on one after its network
    ('Auf Facebook teilen', 'Bizi Instagram'da takip edin'); no comma (a headline's clause:
    'Where Telegram leads, others follow'). A call word is the word itself, or for a word of eight
    letters or more its first seven ('partager'/'partagez', 'поделиться'/'поделитесь'; 'follow' is
    only itself, not 'Following Twitter's lead'); a phrase of several words is matched whole."""
    if re.search(r"[,;،，]", text):
        return False
    words = re.findall(r"\w+", text.casefold())
    network = _NETWORKS.search(text)
    if not words or network is None:
        return False
    exact, stems, phrases = _call_words()

    def call(w: str) -> bool:
        return _is_call_word(w, exact, stems)

    after = re.findall(r"\w+", text[network.end():].casefold())
    label = ":" in text[: network.start()]  # 'Share this: Facebook X LinkedIn Email'
    opening = (label or len(text.split()) <= CALL_OPENING_MAX_WORDS) and (
        call(words[0]) or any(" ".join(words).startswith(ph + " ") for ph in phrases)
    )
    closing = bool(after) and (
        call(after[-1]) or (len(after) > 1 and len(after[-1]) <= _AUXILIARY_MAX_LETTERS and call(after[-2]))
        or any(" ".join(after).endswith(ph) for ph in phrases)
    )
    return opening or closing


@lru_cache(maxsize=1)
def _call_words() -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """Calls to the reader already in the vocabularies (no word of its own here): the messenger
    concept's actions and the comment lexicon's invitations (``cleaners.reader_calls``). Single
    words exact, their first seven letters as stems (words longer than that), phrases of several
    words whole."""
    from cleaners.concept_stems import CONCEPT_CLASSES

    actions = CONCEPT_CLASSES["messenger"]["concepts"]["action"]
    words = [a.rstrip("$") for a in actions if not a.startswith("*")]
    words += sorted(COMMENT_INVITATIONS)
    single = [w for w in words if " " not in w and w.isalpha()]
    exact = frozenset(single)
    stems = frozenset(w[:_CALL_STEM_LEN] for w in single if len(w) > _CALL_STEM_LEN)
    phrases = tuple(w for w in words if " " in w)
    return exact, stems, phrases


def _is_network_prompt(i: int, paragraphs: Sequence[str], context: PageContext) -> bool:
    return (
        context.kind(i) in ("p", "quote") and names_network(paragraphs[i])
        and (_linked_line(i, context) or _unlinked_prompt(i, paragraphs[i], context))
    )


def _network_prompts(max_words: int, paragraphs: Sequence[str], context: PageContext, guard: Guard) -> set[int]:
    counts = context.word_counts
    return {
        i for i in range(len(paragraphs))
        if counts[i] <= max_words and _is_network_prompt(i, paragraphs, context) and guard(i, context)
    }


def match_date_lines(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """A date or a time alone between two paragraphs of the story (a list of dates is data), or
    closing a section; inside the article anywhere when it names itself the page's stamp
    (``stamp_guard``)."""
    return _date_lines(rule.max_words, paragraphs, context, stamp_guard(paragraphs))


def stamp_guard(paragraphs: Sequence[str]) -> Guard:
    """The date line's guard: ``closes_section``, or, inside the article (not its first or last
    block), a date that says it is the page's stamp ('Updated 3 May 2024', 'vor 3 Stunden':
    ``cleaners.date_shapes.is_date_stamp``) beside a subheading or a short line. A bare date
    under a subheading ('12 March 2024') may be a timeline's, and stays."""
    return or_inside(closes_section, lambda i, _context: is_date_stamp(paragraphs[i]))


def _date_lines(max_words: int, paragraphs: Sequence[str], context: PageContext, guard: Guard) -> set[int]:
    counts = context.word_counts
    return {
        i for i, p in enumerate(paragraphs)
        if counts[i] <= max_words and context.kind(i) in ("p", "quote") and is_date_line(p) and guard(i, context)
    }


LONE_LINK_MIN_SHARE = 0.9


def match_lone_links(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """A paragraph that is one link to another page of the site and nothing else, alone between
    two paragraphs of the story: a call to action ('Subscribe to our newsletter', 'Follow us')
    or a teaser, whatever its words. A link inside a sentence of the story leaves words outside
    it; a list of links is a list, not a paragraph."""
    return _lone_links(rule.max_words, context, between_prose)


def _is_lone_link(block: Block) -> bool:
    return (
        block.kind == "p" and len(block.links) == 1 and block.same_site_links == 1
        and block.link_share >= LONE_LINK_MIN_SHARE
    )


def _lone_links(max_words: int, context: PageContext, guard: Guard) -> set[int]:
    return {
        i for i, block in enumerate(context.blocks)
        if context.word_counts[i] <= max_words and _is_lone_link(block) and guard(i, context)
    }


# --- category lines ------------------------------------------------------------------------------
CATEGORY_LABEL_MAX_WORDS = 8
CATEGORY_LINK_MAX_WORDS = 3
SECTION_PATH_MAX_SEGMENTS = 2


def _section_target(href: str) -> bool:
    """A section front of the site ('/economy/', '/sport/football'): a short path with no digits,
    not an article's ('/news/2024/05/slug-of-the-story')."""
    try:
        path = urlsplit(href).path
    except ValueError:
        return False
    parts = [p for p in path.split("/") if p]
    return 1 <= len(parts) <= SECTION_PATH_MAX_SEGMENTS and not any(ch.isdigit() for ch in path) and not any(
        "." in p for p in parts
    )


_JOINER = re.compile(r"^[\s,;|/·•›»>→-]*$")
_LABEL_SENTENCE_MARKS = re.compile(r"[.!?,;…]")


def is_category_line(block: Block) -> bool:
    """'<label of up to eight words> <a>Economy</a>, <a>World</a>': an unlinked label that is no
    sentence (no sentence marks; a closing ':' is a label's), then only links of a word or three
    to the site's category, tag or section pages (a short path without digits), with separators
    between them. ``text.taxonomy-links`` takes labels of up to three words."""
    segments = block.segments
    if len(segments) < 2 or segments[0].linked or not segments[1].linked:
        return False
    label = segments[0].text.strip().rstrip(":：").strip()
    if not label or _LABEL_SENTENCE_MARKS.search(label) or count_words(label) > CATEGORY_LABEL_MAX_WORDS:
        return False
    if not any(ch.isalpha() for ch in label):
        return False
    for segment in segments[1:]:
        if not segment.linked:
            if not _JOINER.match(segment.text):
                return False
            continue
        if count_words(segment.text) > CATEGORY_LINK_MAX_WORDS or not segment.same_site or segment.offsite:
            return False
        if not all(_section_target(href) for href in segment.hrefs):
            return False
    return True


def match_category_lines(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """Category lines with a label longer than ``text.taxonomy-links`` allows, any language; and
    the same line printed as a list (``category_lists``)."""
    if not context.blocks:
        return set()
    hits = {
        i for i, block in enumerate(context.blocks)
        if block.segments and context.word_counts[i] <= rule.max_words and block.kind in ("p", "quote")
        and is_category_line(block)
    }
    return hits | category_lists(context.blocks)


def _section_link(block: Block) -> bool:
    """A list item that is one link of a word or three to a section of the site, and nothing else."""
    linked = [s for s in block.segments if s.linked]
    return (
        len(linked) == 1 and all(s.linked or _JOINER.match(s.text) for s in block.segments)
        and count_words(linked[0].text) <= CATEGORY_LINK_MAX_WORDS and linked[0].same_site and not linked[0].offsite
        and all(_section_target(href) for href in linked[0].hrefs)
    )


def _list_label(block: Block) -> bool:
    """An unlinked item that reads as a label ('Tags:', 'Filed under'), not as a sentence."""
    if block.links or block.segments:
        return False
    label = block.text.removeprefix("- ").strip().rstrip(":：").strip()
    return (
        bool(label) and any(ch.isalpha() for ch in label) and not _LABEL_SENTENCE_MARKS.search(label)
        and count_words(label) <= CATEGORY_LABEL_MAX_WORDS
    )


def _is_category_list(items: Sequence[Block]) -> bool:
    """A category line printed as a list: a label item, or a link to the front page (a
    breadcrumb's 'Home'), then only items that are each one section link (a breadcrumb's last,
    the page's own section, may be unlinked)."""
    if len(items) < 2:
        return False
    first = items[0]
    if len(first.segments) == 1 and first.segments[0].to_root:  # a breadcrumb
        last = items[-1]
        if len(items) > 2 and _list_label(last) and count_words(last.text) <= CATEGORY_LINK_MAX_WORDS + 1:
            items = items[:-1]
        return all(_section_link(b) for b in items[1:])
    return _list_label(first) and all(_section_link(b) for b in items[1:])


def category_lists(blocks: Sequence[Block]) -> set[int]:
    """The items of each list (the blocks of one list element) that is a category line or a
    breadcrumb printed item by item: 'Tags:' then '<a>Politics</a>', '<a>Economy</a>'."""
    hits: set[int] = set()
    i = 0
    while i < len(blocks):
        element = blocks[i].element
        if blocks[i].kind != "item" or element is None:
            i += 1
            continue
        parent = element.getparent()
        j = i + 1
        while j < len(blocks) and blocks[j].kind == "item" and blocks[j].element is not None and (
            blocks[j].element.getparent() is parent
        ):
            j += 1
        if _is_category_list(blocks[i:j]):
            hits.update(range(i, j))
        i = j
    return hits


# --- clusters ------------------------------------------------------------------------------------
# Junk comes in clusters on real pages (a share bar beside a like count, a heading and its notice
# line) and next to a heading: ``between_prose`` asks each widget to stand alone between two
# paragraphs of the story. ``shape-cluster`` (a rule run after all the others) takes the widgets
# the shape rules left for that reason alone: each in a run of ``CLUSTER_MIN_BLOCKS`` to
# ``CLUSTER_MAX_BLOCKS`` blocks of distinct shapes (a series of one shape is data: ingredients,
# dates, an address), with what the other rules took left out (a run of one beside such a block
# counts), the run bounded by the story's prose on one side at least and by prose or a heading
# on the other.
CLUSTER_MAX_BLOCKS = 3
# a run of one widget beside a heading is no cluster (unless another rule took its neighbour)
CLUSTER_MIN_BLOCKS = 2
# The shapes whose own rule asks for prose on both sides: a cluster may take these (a bracketed
# note or a category line is taken wherever it stands, by its own rule).
CLUSTER_SHAPES = frozenset({"count-widget", "network-prompt", "date-line", "lone-link"})
SHAPES_RULE_FILE = "95-shapes.toml"


@lru_cache(maxsize=1)
def shape_word_limits() -> dict[str, int]:
    """Each shape's own word limit, read from its rule in ``cleaners/rules/95-shapes.toml`` (one
    place to change it); a shape whose rule is gone there has none (0: never a widget)."""
    limits = {rule.kind: rule.max_words for rule in load_rule_file(RULES_DIR / SHAPES_RULE_FILE).text}
    return {kind: limits.get(kind, 0) for kind in SHAPE_MATCHERS}


def shape_at(i: int, paragraphs: Sequence[str], context: PageContext) -> str | None:
    """The first of the six shapes block ``i`` has (without any guard), or None: what makes a
    block one of a cluster of widgets."""
    kind, words, text = context.kind(i), context.word_counts[i], paragraphs[i]
    if kind not in ("p", "quote"):
        return None
    limit = shape_word_limits()
    if words <= limit["count-widget"] and (is_count_widget(text) or is_counted_heading(text)):
        return "count-widget"
    if words <= limit["date-line"] and is_date_line(text):
        return "date-line"
    if words <= limit["network-prompt"] and _is_network_prompt(i, paragraphs, context):
        return "network-prompt"
    if not context.blocks:
        return "bracketed-note" if words <= limit["bracketed-note"] and is_bracketed_note(text) else None
    block = context.blocks[i]
    if words <= limit["lone-link"] and _is_lone_link(block):
        return "lone-link"
    if words <= limit["bracketed-note"] and is_bracketed_note(text):
        return "bracketed-note"
    if words <= limit["category-line"] and block.segments and is_category_line(block):
        return "category-line"
    return None


# Beside a cluster, a shorter paragraph is prose when it ends as a sentence does.
CLUSTER_PROSE_MIN_WORDS = 8


def _boundary(j: int, context: PageContext) -> str:
    if j < 0 or j >= len(context.word_counts):
        return "edge"
    kind, words = context.kind(j), context.word_counts[j]
    if kind in ("p", "quote"):
        if words >= PROSE_MIN_WORDS:
            return "prose"
        sentence = bool(context.blocks) and ends_sentence(context.blocks[j].text)
        return "prose" if words >= CLUSTER_PROSE_MIN_WORDS and sentence else "short"
    return kind


def in_cluster(i: int, context: PageContext, taken: Collection[int], shape: Callable[[int], str | None]) -> bool:
    """Block ``i`` (of a shape) stands in a small run of widgets of distinct shapes, the blocks in
    ``taken`` (what other rules removed) left out, bounded by prose on one side and by prose or a
    heading on the other. A run of one is a cluster only beside a block another rule took, or
    with prose on both sides: one count-like line before a heading ('Step 3', 'Часть 2', 'Serves
    4') numbers the story or gives its data. Not at the article's start or end: a byline link, a
    reference, a line that introduces an embedded post stand there, and are the story's."""
    first = shape(i)
    if first is None:
        return False
    seen, size, ends, beside_taken = {first}, 1, [], False
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(context.word_counts):
            if j in taken:
                beside_taken = True
                j += step
                continue
            found = shape(j)
            if found is None:
                break
            if found in seen or size >= CLUSTER_MAX_BLOCKS:
                return False
            seen.add(found)
            size += 1
            j += step
        ends.append(_boundary(j, context))
    if "prose" not in ends or not all(end in ("prose", "head") for end in ends):
        return False
    return size >= CLUSTER_MIN_BLOCKS or beside_taken or ends == ["prose", "prose"]


def match_shape_clusters(
    rule: TextRule, paragraphs: Sequence[str], context: PageContext, verdict: dict[int, str]
) -> set[int]:
    """The widgets the guarded shape rules (count widget, network prompt, date line, lone link)
    left because they do not stand alone between two paragraphs, taken when they stand in a
    small cluster of widgets (``in_cluster``). Run after all other rules (it reads ``verdict``)."""
    shapes: dict[int, str | None] = {}

    def shape(j: int) -> str | None:
        if j not in shapes:
            shapes[j] = shape_at(j, paragraphs, context)
        return shapes[j]

    taken = set(verdict)
    counts = context.word_counts
    widgets = [
        i for i in range(len(paragraphs))
        if i not in taken and counts[i] <= rule.max_words and shape(i) in CLUSTER_SHAPES
    ]
    if any(shape(i) == "count-widget" for i in widgets):
        # a count line one of a series on the page ('Meal 1', 'Meal 2') is the story's numbering
        keys = [count_key(p) for p in paragraphs]
        series = {k for k in keys if keys.count(k) > 1}
        widgets = [i for i in widgets if shape(i) != "count-widget" or keys[i] not in series]
    return {i for i in widgets if in_cluster(i, context, taken, shape)}


# --- breadcrumbs printed as text ------------------------------------------------------------------
def match_breadcrumb_lines(rule: TextRule, paragraphs: Sequence[str], context: PageContext) -> set[int]:
    """A paragraph that is a breadcrumb printed as text or as links, whatever its words: short
    capitalised crumbs joined by one kind of separator ('Home > News > World', 'Startseite ›
    Politik', 'Inicio / Deportes'; ``cleaners.date_shapes.is_breadcrumb_text``). Taken wherever it
    stands: the trail is the site's, not the story's, at the start as between paragraphs. A trail
    that a story's list could be ('News / UK / Scotland' as 'Madrid / Barcelona / Valencia': no
    front page, no arrow) only before the story's first paragraph of prose."""
    counts = context.word_counts
    first_prose = next((j for j in range(len(paragraphs))
                        if counts[j] >= PROSE_MIN_WORDS and context.kind(j) in ("p", "quote")), len(paragraphs))
    return {
        i for i, p in enumerate(paragraphs)
        if counts[i] <= rule.max_words and context.kind(i) in ("p", "quote")
        and is_breadcrumb_text(p, strong=i > first_prose)
    }


AFTER_SHAPE_MATCHERS: dict[str, Callable[[TextRule, Sequence[str], PageContext, dict[int, str]], set[int]]] = {
    "shape-cluster": match_shape_clusters,
}

SHAPE_MATCHERS: dict[str, Callable[[TextRule, Sequence[str], PageContext], set[int]]] = {
    "bracketed-note": match_bracketed_notes,
    "count-widget": match_count_widgets,
    "network-prompt": match_network_prompts,
    "date-line": match_date_lines,
    "lone-link": match_lone_links,
    "category-line": match_category_lines,
    "breadcrumb-line": match_breadcrumb_lines,
}
