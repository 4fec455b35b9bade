"""trafilatura's link-density test, its element's text measured only as far as the test reads it.

``link_density_test`` (trafilatura/htmlprocessing.py), which ``delete_by_link_density`` runs on
every ``div``, list, paragraph, heading and quote of the extraction (twice per extraction for the
divs), builds the whole text of each element holding a link (``text_content()``, then ``trim``)
to read one number, its length: whether it is under a limit (100 or 300 characters for a block,
30 or 60 for a paragraph), and, for an element with one long link or more than four links, how it
compares with the links' text. A nested ``div`` of a page holds most of the page's text, so most
of that text is built and re-spaced again and again.

Here the text is read piece by piece (``itertext``: the same text nodes in the same order as
``text_content()``) and re-spaced only as far as needed: the re-spaced length of a prefix of the
text is never more than the whole text's (its words are the whole text's first words, the last
perhaps cut short), so once a prefix reaches the length past which every comparison the test makes
has the same answer, the rest is not read. Short texts, and comparisons a bound cannot settle, get
the exact length; the answer is trafilatura's in every case.
"""

from __future__ import annotations

import math

from lxml import etree
from trafilatura.htmlprocessing import LOGGER, collect_link_info, is_paragraph_listing
from trafilatura.utils import LINK_FARM_RATIO, trim

# the share of the element's text its one link must exceed (link_density_test's shortcut)
ONE_LINK_SHARE = 0.9


def trimmed_length(element: etree._Element, needed: int) -> tuple[int, bool]:
    """``len(trim(element.text_content()))`` and True when it is under ``needed``; else a length
    of at least ``needed`` that the whole text's is not under, and False (the rest of the text
    not read). A prefix is re-spaced each time its raw length has grown enough to reach
    ``needed`` (at least by half: the work stays linear in what is read)."""
    pieces: list[str] = []
    raw = 0
    check_at = needed
    for piece in element.itertext():
        pieces.append(piece)
        raw += len(piece)
        if raw >= check_at:
            length = len(trim("".join(pieces)))
            if length >= needed:
                return length, False
            check_at = raw + max(needed - length, raw // 2)
    length = len(trim("".join(pieces)))
    return length, length < needed


def _limit(element: etree._Element) -> int:
    """link_density_test's ``limitlen``: under it, an element's links are weighed against its text."""
    if element.tag == "p":
        return 60 if element.getnext() is None else 30
    return 300 if element.getnext() is None else 100


def link_density_test(element: etree._Element, favor_precision: bool = False) -> tuple[bool, bool]:
    """trafilatura's ``link_density_test`` (htmlprocessing.py): the same answer, the element's
    text measured by ``trimmed_length`` as far as its comparisons need. The links' own texts
    (``collect_link_info``) are read as trafilatura reads them, and only where it reads them:
    every call with more than four links reads them, whatever the text's length."""
    links_xpath = element.findall(".//ref")
    if not links_xpath:
        return False, False
    # preserve image containers
    if element.find(".//graphic") is not None:
        return False, False
    limitlen = _limit(element)
    needed = limitlen
    long_link = 0  # the one link's text length, where it passes the shortcut's threshold
    if len(links_xpath) == 1:
        len_threshold = 10 if favor_precision else 100
        link_length = len(trim(links_xpath[0].text_content()))
        if link_length > len_threshold:
            long_link = link_length
            needed = max(needed, math.ceil(link_length / ONE_LINK_SHARE) + 1)
    info = collect_link_info(links_xpath) if len(links_xpath) > 4 else None
    if info is not None:
        needed = max(needed, math.ceil(info[0] / LINK_FARM_RATIO) + 1)
    elemlen, exact = trimmed_length(element, needed)
    unsettled = (long_link and long_link > elemlen * ONE_LINK_SHARE) or (
        info is not None and info[0] > elemlen * LINK_FARM_RATIO)
    if not exact and unsettled:  # the bound does not settle a comparison (rounding): the exact length
        elemlen, exact = len(trim(element.text_content())), True
    # elemlen is exact, or a bound at or above limitlen under which every comparison below is False
    if long_link and long_link > elemlen * ONE_LINK_SHARE:
        return True, False
    if elemlen < limitlen:
        linklen, elemnum, shortelems, _ = info if info is not None else collect_link_info(links_xpath)
        if elemnum == 0:
            return True, False
        LOGGER.debug(
            "list link text/total: %s/%s – short elems/total: %s/%s", linklen, elemlen, shortelems, elemnum)
        return linklen > elemlen * 0.8 or (elemnum > 1 and shortelems / elemnum > 0.8), True
    if info is not None:
        linklen, elemnum, _, _ = info
        if linklen > elemlen * LINK_FARM_RATIO and linklen < 100 * elemnum and not is_paragraph_listing(links_xpath):
            return True, False
    return False, False
