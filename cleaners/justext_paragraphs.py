"""jusText as trafilatura's ``try_justext`` runs it, without the work whose results it never reads.

trafilatura runs jusText (``try_justext``) when an extraction is unclean or short, and as a
candidate of its recall escalation: about ten of scrapinghub's 181 pages, 6-19 ms each, a twentieth
of the cleaning's time. Most of it is not jusText's algorithm but its bookkeeping:

- ``ParagraphMaker`` walks the tree through ``lxml.sax.saxify``, which builds for every element a
  SAX attribute object, its qualified name and its namespace map (an ancestor walk), none of which
  the paragraph maker reads; and every paragraph it starts (at each block tag's start and end,
  most of them never given text) formats its path as an XPath string that nothing reads;
- ``Paragraph.text`` joins and re-spaces the paragraph's text (a regular expression with a Python
  callback for each run of whitespace) at every read: classification and revision read it six
  times or more per paragraph.

Here the same walk (``saxify``'s events in its order: each element's start, its text, its children,
its end, its tail; a comment's or processing instruction's tail alone) feeds the same handler
code, the path kept as a chain of names, a paragraph's path read only when classification asks
for it, a paragraph dropped (no text) made new in place, its text made once, when it is closed (it
gets no text after), and whitespace re-spaced by ``str.split`` where no run holds a line break
(``spaced``). The classification is jusText's ``classify_paragraphs`` on that text, each text split
once; the revision is jusText's own function. The paragraphs, their classes and texts, so the body
written, are the ones jusText gives. A tree this walk does not follow as saxify would (an entity
node, a namespaced tag, a processing instruction beside the root) gets jusText's own run.
"""

from __future__ import annotations

from justext.core import PARAGRAPH_TAGS, define_stoplist, revise_paragraph_classification
from justext.paragraph import HEADINGS_PATTERN
from justext.utils import get_stoplist, normalize_whitespace
from lxml import etree
from trafilatura import external
from trafilatura.settings import JUSTEXT_LANGUAGES

# the arguments trafilatura's try_justext gives jusText's classification and revision
_LENGTH_LOW, _LENGTH_HIGH, _STOPWORDS_LOW, _STOPWORDS_HIGH = 50, 150, 0.1, 0.2
_MAX_LINK_DENSITY, _NO_HEADINGS = 0.25, True
_MAX_HEADING_DISTANCE = 150

# A path of the walk: (tag name, the path of its parent), None at the top.
_Path = tuple[str, "_Path"] | None


class Paragraph:
    """jusText's ``Paragraph`` as classified and read by trafilatura: its text made once, when it
    is closed, and its dom path (its tag names joined by dots) made when read."""

    __slots__ = (
        "cf_class",
        "chars_count_in_links",
        "class_type",
        "heading",
        "path",
        "tags_count",
        "text",
        "text_nodes",
    )

    def __init__(self, path: _Path) -> None:
        self.path = path
        self.text_nodes: list[str] = []
        self.chars_count_in_links = 0
        self.tags_count = 0
        self.class_type = ""
        self.cf_class = ""
        self.heading = False
        self.text = ""

    @property
    def dom_path(self) -> str:
        names = []
        path = self.path
        while path is not None:
            names.append(path[0])
            path = path[1]
        return ".".join(reversed(names))

    @property
    def is_boilerplate(self) -> bool:
        return self.class_type != "good"

    def close(self) -> None:
        self.text = spaced("".join(self.text_nodes).strip())


class _Maker:
    """jusText's ``ParagraphMaker`` (its handler code, the path a chain of names)."""

    def __init__(self) -> None:
        self.path: _Path = None
        self.paragraphs: list[Paragraph] = []
        self.paragraph = Paragraph(None)
        self.link = False
        self.br = False

    def _start_new_paragraph(self) -> None:
        # jusText's test `self.paragraph and self.paragraph.contains_text()`: a Paragraph's truth is
        # its text's length (__len__), so one with only blank text is dropped too. A paragraph
        # dropped is made new again in place (most are: a block tag's start or end with no text)
        paragraph = self.paragraph
        if paragraph.text_nodes:
            paragraph.close()
            if paragraph.text:
                self.paragraphs.append(paragraph)
                self.paragraph = Paragraph(self.path)
                return
            paragraph.text_nodes, paragraph.chars_count_in_links, paragraph.text = [], 0, ""
        paragraph.path, paragraph.tags_count = self.path, 0

    def start(self, name: str) -> None:
        self.path = (name, self.path)
        if name in PARAGRAPH_TAGS or (name == "br" and self.br):
            if name == "br":
                self.paragraph.tags_count -= 1
            self._start_new_paragraph()
        else:
            self.br = name == "br"
            if self.br:
                self.paragraph.text_nodes.append(" ")  # append_text(' '): normalize_whitespace(' ') is ' '
            elif name == "a":
                self.link = True
            self.paragraph.tags_count += 1

    def end(self, name: str) -> None:
        self.path = self.path[1]  # type: ignore[index]
        if name in PARAGRAPH_TAGS:
            self._start_new_paragraph()
        if name == "a":
            self.link = False

    def characters(self, content: str) -> None:
        if not content or content.isspace():  # justext.utils.is_blank
            return
        text = spaced(content)
        self.paragraph.text_nodes.append(text)
        if self.link:
            self.paragraph.chars_count_in_links += len(text)
        self.br = False


def spaced(text: str) -> str:
    """jusText's ``normalize_whitespace(text)``: each run of whitespace one space, or one line break
    where the run holds a line break or carriage return; where none does, by ``str.split`` (which
    splits at the characters its ``\\s`` matches) instead of a Python call for each run."""
    if "\n" in text or "\r" in text:
        return normalize_whitespace(text)
    joined = " ".join(text.split())
    if not joined:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + joined + (" " if text[-1].isspace() else "")


def make_paragraphs(root: etree._Element) -> list[Paragraph] | None:
    """``ParagraphMaker.make_paragraphs(root)``'s paragraphs, or None where this walk would not
    give saxify's events (then run jusText's own)."""
    for sibling in (root.getprevious(), root.getnext()):
        if sibling is not None and sibling.tag is etree.ProcessingInstruction:
            return None
    maker = _Maker()
    if not _start(maker, root):
        return None
    stack = [(root, iter(root))]
    while stack:
        element, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            maker.end(element.tag)
            if element.tail:
                maker.characters(element.tail)
        elif child.tag is etree.Comment or child.tag is etree.ProcessingInstruction:
            if child.tail:
                maker.characters(child.tail)
        elif _start(maker, child):
            stack.append((child, iter(child)))
        else:
            return None
    maker._start_new_paragraph()  # endDocument
    return maker.paragraphs


def _start(maker: _Maker, element: etree._Element) -> bool:
    """An element's start and its text; False for a node saxify would read otherwise."""
    tag = element.tag
    if not isinstance(tag, str) or tag.startswith("{"):
        return False
    maker.start(tag)
    if element.text:
        maker.characters(element.text)
    return True


def classify_paragraphs(paragraphs: list[Paragraph], stoplist: object) -> None:
    """jusText's ``classify_paragraphs`` with trafilatura's arguments, each paragraph's text read
    from the paragraph (made once) and split once."""
    stopwords = define_stoplist(stoplist)
    for paragraph in paragraphs:
        text = paragraph.text
        length = len(text)
        words = text.split()
        # the count of words whose lower case is a stop word, in C (True counts 1, as in jusText's sum)
        stopword_density = sum(map(stopwords.__contains__, map(str.lower, words))) / len(words) if words else 0
        link_density = paragraph.chars_count_in_links / length if length else 0
        paragraph.heading = bool(not _NO_HEADINGS and HEADINGS_PATTERN.search(paragraph.dom_path))
        if link_density > _MAX_LINK_DENSITY or "\xa9" in text or "&copy" in text or "select" in paragraph.dom_path:
            paragraph.cf_class = "bad"
        elif length < _LENGTH_LOW:
            paragraph.cf_class = "bad" if paragraph.chars_count_in_links > 0 else "short"
        elif stopword_density >= _STOPWORDS_HIGH:
            paragraph.cf_class = "good" if length > _LENGTH_HIGH else "neargood"
        elif stopword_density >= _STOPWORDS_LOW:
            paragraph.cf_class = "neargood"
        else:
            paragraph.cf_class = "bad"


def try_justext(tree: etree._Element, url: str | None, target_language: str | None) -> etree._Element | None:
    """trafilatura's ``try_justext`` (external.py), jusText's paragraphs made and classified here
    (the same paragraphs, classes and texts); None where this walk does not apply (run jusText's own)."""
    result_body = etree.Element("body")
    if target_language in JUSTEXT_LANGUAGES:
        justext_stoplist = get_stoplist(JUSTEXT_LANGUAGES[target_language])
    else:
        justext_stoplist = external.JT_STOPLIST or external.jt_stoplist_init()
    try:
        paragraphs = make_paragraphs(tree)
        if paragraphs is None:
            return None
        classify_paragraphs(paragraphs, justext_stoplist)
        revise_paragraph_classification(paragraphs, _MAX_HEADING_DISTANCE)
    except Exception as err:
        external.LOGGER.error("justext %s %s", err, url)
    else:
        for paragraph in paragraphs:
            if not paragraph.is_boilerplate:
                etree.SubElement(result_body, "p").text = paragraph.text
    return result_body
