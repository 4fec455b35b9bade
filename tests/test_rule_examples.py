"""Every built-in rule proves itself: an example it removes and a near miss it must keep.

Adding a rule without an entry in ``EXAMPLES`` fails ``test_every_builtin_rule_has_an_example``,
naming the rule and its file (cleaners/rules/README.md says how to write the entry).
"""

from __future__ import annotations

import pytest

from cleaners import clean_html, rules_for

PROSE = [
    f"The harbour board met on day {i} to discuss dredging, moorings and the cost of a new slipway, "
    f"and members argued for {i + 1} hours before agreeing to consult residents again."
    for i in range(8)
]
TITLE = "Harbour board delays dredging decision"
QUOTE = "We will not let this harbour silt up while the board argues about who pays for the dredger."


def page(middle: list[str] = (), end: list[str] = (), extra_html: str = "", title: str = TITLE) -> str:
    body = [*PROSE[:4], *middle, *PROSE[4:], *end]
    paragraphs = "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in body)
    return (
        f"<html lang='en'><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{paragraphs}</article>{extra_html}</body></html>"
    )


def links(*titles: str) -> str:
    items = "".join(f"<li><a href='/story/{i}'>{t}</a> Operators and crews react.</li>" for i, t in enumerate(titles))
    return f"<ul>{items}</ul>"


def boxed(inside: list[str] = (), after: str = "") -> str:
    """The article's paragraphs in a box of their own, ``inside`` it, and ``after`` it siblings."""
    paragraphs = "".join(f"<p>{p}</p>" for p in (*PROSE, *inside))
    return (
        f"<html lang='en'><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>"
        f"<div class='c1'>{paragraphs}</div>{after}</article></body></html>"
    )


# rule id -> (page that holds the junk, text that must go, page with a near miss, text that must stay)
EXAMPLES: dict[str, tuple[str, str, str, str]] = {
    "dom.comment-sections": (
        page(extra_html="<div id='comments'><h3>3 thoughts on this</h3><p>Great read, thanks for posting.</p></div>"),
        "Great read, thanks for posting.",
        page(["In his reply to the board, the harbour master said the comments period would close in May."]),
        "In his reply to the board, the harbour master said the comments period would close in May.",
    ),
    "dom.related-widgets": (
        page(["<div class='related-posts'><h4>Related posts</h4><p>Ferry fares to rise in spring</p></div>"]),
        "Ferry fares to rise in spring",
        page(["Related posts on the council website explain how the ferry fares are set each spring."]),
        "Related posts on the council website explain how the ferry fares are set each spring.",
    ),
    "dom.share-bars": (
        page(["<div class='share-buttons'><a>Share on Facebook</a> <a>Share on Mastodon</a></div>"]),
        "Share on Mastodon",
        page(["Residents can share their views on the plan at the library until the end of the month."]),
        "Residents can share their views on the plan at the library until the end of the month.",
    ),
    "dom.newsletter-boxes": (
        page(["<div class='newsletter-signup'><p>The Harbour Weekly lands every Friday morning.</p></div>"]),
        "The Harbour Weekly lands every Friday morning.",
        page(["The harbour newsletter first reported the delay, which the board confirmed on Friday morning."]),
        "The harbour newsletter first reported the delay, which the board confirmed on Friday morning.",
    ),
    "dom.ad-slots": (
        page(["<div class='ad-container'><p>Boat insurance from 9 pounds a month</p></div>"]),
        "Boat insurance from 9 pounds a month",
        page(["An ad placed by the board in March drew only two bids for the dredging contract."]),
        "An ad placed by the board in March drew only two bids for the dredging contract.",
    ),
    "dom.caps-link-teaser": (
        page(["<p><strong><a href='/other'>FERRY CAPTAIN RESCUES SWIMMER OFF NORTH PIER</a></strong></p>"]),
        "FERRY CAPTAIN RESCUES SWIMMER OFF NORTH PIER",
        page(["<h2>WHAT THE BOARD DECIDED ON TUESDAY</h2>"]),
        "WHAT THE BOARD DECIDED ON TUESDAY",
    ),
    "dom.small-print": (
        page(["<p><small>Pictures courtesy of the Harbour Trust. Reproduction only with permission.</small></p>"]),
        "Pictures courtesy of the Harbour Trust",
        page(["<p>Each mooring will cost 40 pounds a year <small>(before VAT)</small>, the treasurer said.</p>"]),
        "Each mooring will cost 40 pounds a year (before VAT), the treasurer said.",
    ),
    "dom.site-branding": (
        page(extra_html="<div class='site-branding'><p class='site-description'>Your weekly voice of the quay</p>"
             "</div>"),
        "Your weekly voice of the quay",
        page(["The branding of the new ferry, in the harbour's blue and white, was unveiled on Tuesday."]),
        "The branding of the new ferry, in the harbour's blue and white, was unveiled on Tuesday.",
    ),
    "text.title-repeat": (page(), TITLE, page([TITLE + " until spring, members said on Tuesday."]), TITLE + " until"),
    "text.duplicate-paragraph": (
        page([QUOTE, "The vote was put off until the survey is complete, probably in late spring.",
              f"<blockquote><p>{QUOTE}</p></blockquote>"]),
        QUOTE,
        page(["Ingredients", "Ingredients"]),
        "Ingredients\nIngredients",
    ),
    "text.dangling-heading": (
        page(end=["Elsewhere on the quay:"]),
        "Elsewhere on the quay:",
        page(end=["<h2>What happens next</h2>", "The board meets again in May, when the survey results are due."]),
        "What happens next",
    ),
    "text.outside-container-tail": (
        boxed(after="<div class='x'><p>Harbour office: 01632 960 555</p></div>"),
        "Harbour office: 01632 960 555",
        boxed(["The harbour office on 01632 960 555 takes questions."]),
        "The harbour office on 01632 960 555 takes questions.",
    ),
    "text.repeated-caption": (
        page(["Boats at the north quay at dawn.", "Boats at the north quay at dawn. Photograph: Ann Lee"]),
        "Boats at the north quay at dawn. Photograph: Ann Lee",
        page(["Keyboard", "Keyboards on the harbour office computers were replaced last year after a flood, "
              "the board heard, at a cost of several thousand pounds."]),
        "Keyboards on the harbour office computers",
    ),
    "related.inline-link": (
        page(["Also read: Ferry fares to rise in spring"]),
        "Also read: Ferry fares to rise in spring",
        page(["Also, read the small print: the fee applies to every boat moored longer than a week."]),
        "Also, read the small print",
    ),
    "related.titlecase-marker": (
        page(["Also Read Ferry Fares To Rise In Spring"]),
        "Also Read Ferry Fares To Rise In Spring",
        page(["Also read the harbour plan before the meeting, the chair urged residents on Tuesday."]),
        "Also read the harbour plan before the meeting",
    ),
    "related.bracketed-link": (
        page(["(See also Ferry fares to rise in spring)"]),
        "(See also Ferry fares to rise in spring)",
        page(["[The board's chair] said the vote would come in May, after residents had been consulted."]),
        "[The board's chair] said",
    ),
    "related.heading-block": (
        page(end=["You may also like", "Ferry fares to rise in spring", "Lifeboat crew wins award"]),
        "Lifeboat crew wins award",
        page(["Related to this, the board will publish the full dredging survey online next week."]),
        "Related to this, the board will publish",
    ),
    "related.tagged-teaser": (
        page(["Lifeboat crew called out twice in one night [PICTURES]"]),
        "Lifeboat crew called out twice in one night [PICTURES]",
        page(["The board's minutes [see appendix] show that the vote was close."]),
        "The board's minutes [see appendix] show that the vote was close.",
    ),
    "related.link-list": (
        page(end=[links("Ferry fares to rise in spring", "Lifeboat crew wins national award")]),
        "Lifeboat crew wins national award",
        page(end=["<ul><li>Dredging of the inner harbour, costed at two million</li>"
                  "<li>New moorings along the east quay for visiting yachts</li></ul>"]),
        "New moorings along the east quay for visiting yachts",
    ),
    "notices.link-trail": (
        page(["<p>Filed in <a href='/news'>Harbour news</a> / <a href='/news/dredging'>Dredging</a> /"
              " <a href='/news/board'>Board meetings</a></p>"]),
        "Board meetings",
        page(["<p>The <a href='/board'>harbour board</a> and the <a href='/council'>town council</a> will share"
              " the cost, the chair said.</p>"]),
        "will share the cost",
    ),
    "related.teaser-links": (
        page(["<p><a href='/2024/ferry-fares'>Ferry fares to rise in spring as fuel costs climb</a></p>"
              "<p><a href='/2024/lifeboat'>Lifeboat crew wins national award for winter rescue</a></p>"]),
        "Lifeboat crew wins national award",
        page(["<p>The survey is <a href='/2024/survey'>published on the board's site</a> and runs to"
              " forty pages, with maps of every mooring.</p>"]),
        "published on the board's site",
    ),
    "comments.form-text": (
        page(["Leave a Reply", "Your email address will not be published. Required fields are marked *"]),
        "Your email address will not be published.",
        page(["In her reply, the mayor said the board would not be rushed into a decision."]),
        "In her reply, the mayor said",
    ),
    "comments.heading": (
        page(["<h3>Diskutieren Sie mit</h3>"]),
        "Diskutieren Sie mit",
        page(["What do you think?", "The chair put that question to the board before the vote on Tuesday."]),
        "What do you think?",
    ),
    "comments.section-cut": (
        page(end=["Comments", "Typical board, always delaying things."]),
        "Typical board, always delaying things.",
        page(["Comments from residents will be collected until the end of May, the chair said."]),
        "Comments from residents will be collected",
    ),
    "ads.marker": (
        page(["Story continues below advertisement"]),
        "Story continues below advertisement",
        page(["The advertisement for the harbour master's post drew forty applicants."]),
        "The advertisement for the harbour master's post",
    ),
    "ads.affiliate-disclosure": (
        page(["If you buy something through our links, we may earn a commission."]),
        "we may earn a commission",
        page(["The board may earn a small income from mooring fees once the new pontoons open."]),
        "The board may earn a small income",
    ),
    "prompts.share": (
        page(["Share this article"]),
        "Share this article",
        page(["The board will share the survey with residents before the vote in May."]),
        "The board will share the survey",
    ),
    "prompts.follow": (
        page(["Follow us on Google News for the latest updates."]),
        "Follow us on Google News",
        page(["Members will follow the consultation closely, the chair said on Tuesday."]),
        "Members will follow the consultation closely",
    ),
    "prompts.counter": (
        page(["312 Shares"]),
        "312 Shares",
        page(["Readers left 500 comments on the post."]),
        "Readers left 500 comments on the post.",
    ),
    "prompts.newsletter": (
        page(["Sign up for our daily newsletter"]),
        "Sign up for our daily newsletter",
        page(["Residents who signed up for the consultation will be invited to a meeting in May."]),
        "Residents who signed up for the consultation",
    ),
    "prompts.app": (
        page(["CLICK HERE TO GET THE HARBOUR NEWS APP"]),
        "CLICK HERE TO GET THE HARBOUR NEWS APP",
        page(["The board's new app for booking moorings went live last week, the chair said."]),
        "The board's new app for booking moorings",
    ),
    "prompts.contact": (
        page(["Have a tip? Ann Lee may be reached at ann.lee@harbour.example."]),
        "Have a tip?",
        page(["Residents can email the board with their views until the end of May, the chair said."]),
        "Residents can email the board",
    ),
    "prompts.tweetable-quote": (
        page(["A harbour without dredging is a harbour without a future.Click To Tweet"]),
        "Click To Tweet",
        page(["A harbour without dredging is a harbour without a future, the chair told the meeting."]),
        "A harbour without dredging is a harbour without a future, the chair",
    ),
    "prompts.promo-click-here": (
        page(["Get The Harbour Times delivered every week. 12 issues for 9 pounds. Click here for more."]),
        "12 issues for 9 pounds",
        page(["Click here, the council's website says, but the link to the survey has been broken for weeks."]),
        "the link to the survey has been broken for weeks",
    ),
    "notices.syndication": (
        page(end=["This article originally appeared on The Harbour Times."]),
        "This article originally appeared on The Harbour Times.",
        page(["The plan originally appeared in the board's 2019 report, but was shelved for lack of money."]),
        "The plan originally appeared in the board's 2019 report",
    ),
    "notices.disclaimer": (
        page(["Les opinions exprimées dans ce billet n'engagent que leur auteur."]),
        "n'engagent que leur auteur",
        page(["The senator said the views expressed in the memo were her own."]),
        "The senator said the views expressed in the memo were her own.",
    ),
    "notices.own-address": (
        page(["https://www.harbour.example/news/1/"]),
        "https://www.harbour.example/news/1/",
        page(["https://harbour.example/news/2"]),
        "https://harbour.example/news/2",
    ),
    "notices.image-url": (
        page(["https://cdn.harbour.example/media/2024/bridge-reopens-500-250.jpg"]),
        "bridge-reopens-500-250.jpg",
        page(["https://harbour.example/reports/bridge-2024"]),
        "https://harbour.example/reports/bridge-2024",
    ),
    "notices.copyright": (
        page(end=["© 2024 Harbour Times Ltd. All rights reserved."]),
        "All rights reserved.",
        page(["The copyright on the old harbour photographs belongs to the town museum, the board heard."]),
        "The copyright on the old harbour photographs",
    ),
    "notices.taxonomy": (
        page(end=["Tags: harbour, dredging, council"]),
        "Tags: harbour, dredging, council",
        page(["Tags on each mooring will show its owner's name and the date the fee was paid."]),
        "Tags on each mooring will show",
    ),
    "notices.ui-strings": (
        page(["An error has occurred, please try again later."]),
        "An error has occurred",
        page(["An error in the survey put the cost of dredging at twice its real figure, the board said."]),
        "An error in the survey put the cost",
    ),
    "notices.cookie-consent": (
        page(["We use cookies to improve your experience and to show you personalised ads."]),
        "We use cookies",
        page(["The bakery on the quay sells cookies to the ferry crews every morning, its owner said."]),
        "sells cookies to the ferry crews",
    ),
    "notices.labelled-link": (
        page(["Download: https://harbour.example/survey.pdf"]),
        "Download: https://harbour.example/survey.pdf",
        page(["The survey can be downloaded from the board's website until the end of May."]),
        "The survey can be downloaded",
    ),
    "notices.shortcode": (
        page(["[button link=\"/survey\"] Take the survey[/button]"]),
        "Take the survey[/button]",
        page(["Residents [and visitors] can take the survey online or at the library."]),
        "Residents [and visitors] can take the survey",
    ),
    "datelines.date-only": (
        page(["Tuesday, March 21"]),
        "Tuesday, March 21",
        page(["On Tuesday, March 21, the board met for the first time since the storm."]),
        "On Tuesday, March 21, the board met",
    ),
    "datelines.byline-only": (
        page(["By Ann Lee"]),
        "By Ann Lee",
        page(["By the end of May, the board expects to have heard from most residents."]),
        "By the end of May, the board expects",
    ),
    "datelines.relative-time": (
        page(["Updated 3 hours ago"]),
        "Updated 3 hours ago",
        page(["The harbour master resigned 3 hours ago, the board said in a short statement."]),
        "The harbour master resigned 3 hours ago",
    ),
    "datelines.reading-time": (
        page(["5 min read"]),
        "5 min read",
        page(["It takes 5 minutes to read the summary, the board says, and an hour for the full report."]),
        "It takes 5 minutes to read the summary",
    ),
    "captions.figure": (
        page(["<figure><img src='/img/quay.jpg' alt='quay'><figcaption>Fishing boats tied up at the north quay"
              " at dawn</figcaption></figure>", "Fishing boats tied up at the north quay at dawn"]),
        "Fishing boats tied up at the north quay at dawn",
        page(["<figure><img src='/img/quay.jpg' alt='quay'><figcaption>The north quay</figcaption></figure>",
              "The north quay at dawn is where the fishing boats tie up before the market opens."]),
        "The north quay at dawn is where the fishing boats tie up",
    ),
    "captions.credit-only": (
        page(["Boats at the north quay.", "Photo: AP"]),
        "Boats at the north quay.",
        page(["Photography of the harbour from drones is banned during the dredging, the board said."]),
        "Photography of the harbour from drones is banned",
    ),
    "captions.with-credit": (
        page(["Boats at the north quay at dawn. Photograph: Ann Lee / Reuters"]),
        "Boats at the north quay at dawn. Photograph: Ann Lee / Reuters",
        page(["The photograph that started the campaign showed boats stuck in the mud at low tide."]),
        "The photograph that started the campaign",
    ),
    "captions.agency-credit": (
        page(["A dredger at work on the inner harbour. (Getty Images)"]),
        "A dredger at work on the inner harbour. (Getty Images)",
        page(["A dredger hired from Rotterdam (the only one available) would cost more, members heard."]),
        "A dredger hired from Rotterdam (the only one available)",
    ),
    "captions.video-embed-title": (
        page(["Storm batters the harbour wall - video"]),
        "Storm batters the harbour wall - video",
        page(["The storm that battered the harbour wall was caught on video by a ferry passenger."]),
        "caught on video by a ferry passenger",
    ),
    "related.labelled-teaser": (
        page(["<p>Worth a look: <a href='/story/7'>Ferry fares to rise in spring</a></p>"]),
        "Ferry fares to rise in spring",
        page(["<p>Update: <a href='/survey'>the survey</a> is now online, and the board has added the tide "
              "records it used.</p>"]),
        "is now online, and the board has added the tide",
    ),
    "text.share-bar": (
        page(["<p>Spread the word <a href='https://www.facebook.com/sharer/sharer.php?u=x'>Facebook</a> | "
              "<a href='https://wa.me/?text=x'>WhatsApp</a></p>"]),
        "WhatsApp",
        page(["<p>Members read the <a href='https://facebook.com/harbourboard'>Facebook</a> and "
              "<a href='https://twitter.com/harbourboard'>Twitter</a> posts of the board aloud at the meeting.</p>"]),
        "posts of the board aloud at the meeting",
    ),
    "text.breadcrumb": (
        page(["<p><a href='/'>Harbour News</a> / Ports</p>"]),
        "Ports",
        page(["<p><a href='/'>Harbour News</a> / Ports: the board's dredging plan explained in six maps.</p>"]),
        "the board's dredging plan explained in six maps",
    ),
    "text.taxonomy-links": (
        page(["<p>Filed under <a href='/category/ports/'>Ports</a></p>"]),
        "Filed under",
        page(["<p>Every earlier report on the silt is filed under <a href='/tag/dredging/'>dredging</a>.</p>"]),
        "Every earlier report on the silt is filed under dredging.",
    ),
    "labels.comments": (
        page(["<h3>Yorumlarınızı bekliyoruz</h3>"]),
        "Yorumlarınızı bekliyoruz",
        page(["<h3>Reader reactions in the harbour towns</h3>"]),
        "Reader reactions in the harbour towns",
    ),
    "labels.like": (
        page(["<p>👍 Gefällt mir</p>"]),
        "Gefällt mir",
        page(["<h3>Useful links for ferry passengers</h3>"]),
        "Useful links for ferry passengers",
    ),
    "labels.ad-marker": (
        page(["<p>— Reklam —</p>"]),
        "— Reklam —",
        page(["<h3>Advertising revenue fell at the port</h3>"]),
        "Advertising revenue fell at the port",
    ),
    "shapes.bracketed-note": (
        page(["(Laporan oleh Budi Santoso, disunting oleh Rina)"]),
        "(Laporan oleh Budi Santoso, disunting oleh Rina)",
        page(["(The board, for once, agreed on something.)"]),
        "(The board, for once, agreed on something.)",
    ),
    "shapes.category-line": (
        page(["<p>Weitere Nachrichten aus dem Ressort <a href='/hafen/'>Hafen</a> | "
              "<a href='/tag/schiffe'>Schiffe</a></p>"]),
        "Weitere Nachrichten aus dem Ressort",
        page(["<p>Every earlier report on the silt is collected in <a href='/ports/'>Ports</a>.</p>"]),
        "Every earlier report on the silt is collected in Ports.",
    ),
    "shapes.cluster": (
        page(["Beğen 45", "Telegram: @liman_haber"]),
        "Telegram: @liman_haber",
        page(["2 dredgers", "3 tugs"]),
        "3 tugs",
    ),
    "model.wording": (
        page(["Bu haberi beğendiniz mi? Paylaşmayı unutmayın"]),
        "Bu haberi beğendiniz mi? Paylaşmayı unutmayın",
        page(["Kullanıcılar, yeni uygulamanın WhatsApp mesajlarını paylaştığını iddia etti."]),
        "Kullanıcılar, yeni uygulamanın WhatsApp mesajlarını paylaştığını iddia etti.",
    ),
    "shapes.count-widget": (
        page(["Beğen 45"]),
        "Beğen 45",
        page(["<h3>Berth 4</h3>", "<p>Berth 4 reopens in May.</p>", "<h3>Berth 5</h3>"]),
        "Berth 5",
    ),
    "shapes.network-prompt": (
        page(["Ikuti kami di Telegram dan WhatsApp"]),
        "Ikuti kami di Telegram dan WhatsApp",
        page(["The harbour master posted the new tide tables on Facebook."]),
        "The harbour master posted the new tide tables on Facebook.",
    ),
    "shapes.date-line": (
        page(["5 марта 2024, 10:15"]),
        "5 марта 2024, 10:15",
        page(["<ul><li>5 March 2024: first dredger arrives</li><li>9 March 2024: survey</li></ul>"]),
        "5 March 2024: first dredger arrives",
    ),
    "shapes.breadcrumb-line": (
        page(["Startseite › Hafen › Schifffahrt"]),
        "Startseite › Hafen › Schifffahrt",
        page(["Ankara / Istanbul"]),
        "Ankara / Istanbul",
    ),
    "shapes.lone-link": (
        page(["<p><a href='/newsletter'>Kanalımıza katılın, haberler cebinize gelsin</a></p>"]),
        "Kanalımıza katılın, haberler cebinize gelsin",
        page(["<p>The minutes are <a href='/minutes'>on the board's page</a>, with the votes.</p>"]),
        "on the board's page",
    ),
    "concepts.newsletter": (
        page(["Haftalık bültenimize abone olun, öne çıkan haberler her pazartesi gelsin"]),
        "Haftalık bültenimize abone olun",
        page(["The harbour master's newsletter, which residents receive each month, first reported the silt."]),
        "The harbour master's newsletter, which residents receive each month",
    ),
    "concepts.comment-form": (
        page(end=["Ваш адрес электронной почты не будет опубликован."]),
        "Ваш адрес электронной почты не будет опубликован.",
        page(["The board said the address of the new slipway would not be published until the survey is done."]),
        "would not be published until the survey is done",
    ),
    "concepts.comment-section": (
        page(["Yorumunuz onay bekliyor."]),
        "Yorumunuz onay bekliyor.",
        page(["The forum was closed after moderators received hundreds of abusive comments from one town."]),
        "The forum was closed after moderators received hundreds of abusive comments",
    ),
    "concepts.views-own": (
        page(end=["Görüşler yalnızca yazara aittir ve gazetemizin yayın politikasını yansıtmayabilir."]),
        "Görüşler yalnızca yazara aittir",
        page(["The author of the survey told the board that her views on dredging had not changed."]),
        "her views on dredging had not changed",
    ),
    "concepts.affiliate": (
        page(end=["Kupując przez linki w tym artykule, możemy otrzymać prowizję."]),
        "Kupując przez linki w tym artykule",
        page(["The commission will buy two dredgers from the yard in 2025, the chair said."]),
        "The commission will buy two dredgers",
    ),
    "concepts.not-advice": (
        page(end=["Dit artikel is geen beleggingsadvies."]),
        "Dit artikel is geen beleggingsadvies.",
        page(["\u201cI had no legal advice when I signed the lease,\u201d the boatyard owner said."]),
        "I had no legal advice when I signed the lease",
    ),
    "concepts.messenger": (
        page(end=["Подписывайтесь на наш канал, чтобы первыми узнавать новости"]),
        "Подписывайтесь на наш канал",
        page(["The harbour master joined the board's channel committee as its secretary."]),
        "The harbour master joined the board's channel committee as its secretary.",
    ),
    "concepts.share": (
        page(["Podziel się artykułem"]),
        "Podziel się artykułem",
        page(["Compartir contraseñas de Netflix costará dinero desde marzo."]),
        "Compartir contraseñas de Netflix costará dinero desde marzo.",
    ),
    "concepts.syndication": (
        page(end=["This story was originally published by The Harbour Review."]),
        "This story was originally published by The Harbour Review.",
        page(["The survey of the estuary first appeared in a small journal read by boatyard owners."]),
        "The survey of the estuary first appeared in a small journal",
    ),
    "concepts.agency-credit": (
        page(end=["Kaynak: Anadolu Ajansı"]),
        "Kaynak: Anadolu Ajansı",
        page(["Reuters reported that the harbour board would meet again to discuss the dredger."]),
        "Reuters reported that the harbour board would meet again",
    ),
    "concepts.ai-note": (
        page(end=["Dieser Text wurde mithilfe von KI übersetzt."]),
        "Dieser Text wurde mithilfe von KI übersetzt.",
        page(["The harbour board said artificial intelligence helped it plan the dredging this spring."]),
        "artificial intelligence helped it plan the dredging",
    ),
    "concepts.corrections": (
        page(end=["Sprostowanie: we wcześniejszej wersji artykułu błędnie podaliśmy nazwisko burmistrza."]),
        "we wcześniejszej wersji artykułu błędnie podaliśmy",
        page(["An earlier version of the harbour bill was rejected by the council before the summer recess."]),
        "An earlier version of the harbour bill was rejected",
    ),
    "concepts.rights": (
        page(end=["Полное или частичное копирование материалов запрещено."]),
        "Полное или частичное копирование материалов запрещено.",
        page(["Reproduction of the harbour painting is prohibited by the museum that owns it."]),
        "Reproduction of the harbour painting is prohibited",
    ),
    "concepts.prices": (
        page(end=["Fiyatlar yayın tarihinde geçerlidir."]),
        "Fiyatlar yayın tarihinde geçerlidir.",
        page(["The price of the dredger was correct, the yard insisted, whatever the survey said."]),
        "The price of the dredger was correct",
    ),
    "concepts.independence": (
        page(end=["Das hat keinen Einfluss auf unsere Berichterstattung."]),
        "Das hat keinen Einfluss auf unsere Berichterstattung.",
        page(["The storm did not affect our coverage of the election, the editor said on Monday evening."]),
        "The storm did not affect our coverage of the election",
    ),
    "concepts.disclosure": (
        page(["<p>Transparenz: Die Reise wurde vom Fremdenverkehrsamt unterstützt.</p>"]),
        "Die Reise wurde vom Fremdenverkehrsamt unterstützt.",
        page(["Der Transparenzhinweis im Lobbyregister fehlt bei vierzig Verbänden, kritisiert der Verein."]),
        "Der Transparenzhinweis im Lobbyregister fehlt",
    ),
    "labels.share": (
        page(["<p>Artikel per E-Mail teilen</p>"]),
        "Artikel per E-Mail teilen",
        page(["<p>Der Verlag der Hafenzeitung stellte im Mai die gedruckte Ausgabe ein und schrieb nur noch "
              "im Netz.</p>", "<p>Artikel drucken lassen wollte der Verlag nicht mehr.</p>"]),
        "Artikel drucken lassen wollte der Verlag nicht mehr.",
    ),
    "labels.related": (
        page(["<p>Das könnte dich auch interessieren</p>"]),
        "Das könnte dich auch interessieren",
        page(["<h3>Ähnliche Fälle in Bayern</h3>"]),
        "Ähnliche Fälle in Bayern",
    ),
    "concepts.sponsored": (
        page(end=["Gesponsert von Acme"]),
        "Gesponsert von Acme",
        page(["The survey of the estuary was sponsored by the ministry and took two years."]),
        "was sponsored by the ministry",
    ),
    "related.further-links": (
        page(end=["Further information:", "<ul><li><a href='https://tides.example/estuary'>Tide tables for the "
                  "estuary</a> (port authority)</li><li><a href='https://dredging.example/guide'>A guide to "
                  "dredging licences</a> (ministry)</li></ul>"]),
        "Tide tables for the estuary",
        page(end=["<h2>Further information</h2>", "The board will publish further information on the dredging "
                  "contract, including the bids it received and the costs of each, at its meeting in May."]),
        "Further information",
    ),
    "notices.contact-block": (
        page(end=["Press contact:", "Mara Quinn", "Harbour Board press office", "Tel. 01632 960 118"]),
        "Harbour Board press office",
        page(["Contacts:", "Two ferry operators", "One lifeboat crew"]),
        "Two ferry operators",
    ),
    "prompts.subscription": (
        page(end=["Already a subscriber? Log in to keep reading."]),
        "Already a subscriber? Log in to keep reading.",
        page(end=["The harbour master, already a member of the board for ten years, said the delay was avoidable."]),
        "already a member of the board for ten years",
    ),
    "prompts.support": (
        page(end=["Enjoyed this story? Please support our journalism with a small monthly gift."]),
        "Please support our journalism",
        page(end=["Fishermen said they would support the plan if the board paid for the survey itself."]),
        "Fishermen said they would support the plan",
    ),
    "captions.image-credits": (
        page(end=["Titelbild: Ann Lee / Harbour Images"]),
        "Titelbild: Ann Lee / Harbour Images",
        page(end=["Credits for the survey go to the volunteers who counted boats all summer, the chair said."]),
        "Credits for the survey go to the volunteers",
    ),
}


def example_gaps(rules: dict[str, str], examples: dict[str, object]) -> list[str]:
    """One line per built-in rule with no example (naming its file) and per example whose rule
    is gone, each saying what to do."""
    missing = [
        f"rule {rule_id!r} ({source}) has no example: add EXAMPLES[{rule_id!r}] = (page with the junk, "
        "the junk, page with a near miss, the near miss) in tests/test_rule_examples.py "
        "(see cleaners/rules/README.md)"
        for rule_id, source in sorted(rules.items())
        if rule_id not in examples
    ]
    stale = [
        f"EXAMPLES[{rule_id!r}] names no built-in rule: rename it with its rule, or delete it"
        for rule_id in sorted(set(examples) - set(rules))
    ]
    return missing + stale


def _builtin_rule_sources() -> dict[str, str]:
    ruleset = rules_for()
    return {rule.id: rule.source.rsplit("/", 1)[-1] for rule in (*ruleset.dom, *ruleset.text)}


def test_every_builtin_rule_has_an_example() -> None:
    gaps = example_gaps(_builtin_rule_sources(), EXAMPLES)
    assert not gaps, "\n".join(gaps)


def test_a_rule_without_an_example_is_named_with_its_file() -> None:
    rules = {**_builtin_rule_sources(), "ads.new-slot": "50-ads.toml"}
    examples = {**EXAMPLES, "ads.retired": EXAMPLES["captions.video-embed-title"]}
    gaps = example_gaps(rules, examples)
    assert len(gaps) == 2
    assert gaps[0].startswith("rule 'ads.new-slot' (50-ads.toml) has no example: add EXAMPLES['ads.new-slot']")
    assert gaps[1].startswith("EXAMPLES['ads.retired'] names no built-in rule")


@pytest.mark.parametrize("rule_id", sorted(EXAMPLES))
def test_rule_removes_its_example(rule_id: str) -> None:
    junk_page, junk, _, _ = EXAMPLES[rule_id]
    article = clean_html(junk_page, "https://harbour.example/news/1")
    assert article.text.count(junk) < junk_page.count(junk)
    assert any(junk in block.text or block.text in junk for block in article.removed if block.rule_id == rule_id), (
        f"{rule_id} did not remove {junk!r}: {[(b.rule_id, b.text[:60]) for b in article.removed]}"
    )
    assert all(p in article.text for p in PROSE), "the article's own paragraphs must all stay"


@pytest.mark.parametrize("rule_id", sorted(EXAMPLES))
def test_rule_keeps_its_near_miss(rule_id: str) -> None:
    _, _, prose_page, prose = EXAMPLES[rule_id]
    article = clean_html(prose_page, "https://harbour.example/news/1")
    assert prose in article.text, f"{rule_id}: {[(b.rule_id, b.text[:60]) for b in article.removed]}"
