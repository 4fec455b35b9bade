"""What a date line and a breadcrumb are made of, in many languages: tables of words, not phrases.

``cleaners.shape_rules.is_date_line`` asks of a line that every token is a piece of a date: a
number, a clock time, a month or a weekday name, a time zone, a relative-time unit and its 'ago'
('vor 3 Stunden', '3 saat önce', '2 часа назад', '5 menit yang lalu'), or one of the few labels
a site prints before its dates ('Updated', 'Aktualisiert', 'Güncelleme'). A story's sentence
about a date has other words ('On 12 March the court ruled'); the tables name the pieces of a
date in each language once, so any wording built of them is recognised, not a listed phrase.

``is_breadcrumb_text`` reads a breadcrumb printed as text: short capitalised crumbs joined by one
kind of separator ('Home > News > World', 'Startseite › Politik', 'Inicio / Deportes').
"""

from __future__ import annotations

import re
import unicodedata


def _words(*groups: str) -> frozenset[str]:
    return frozenset(w for group in groups for w in group.split())


# Month names, full and short, nominative and the genitive a date prints ('21 марта', '5 maja').
MONTHS = _words(
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec",
    "januar jänner februar märz mai juni juli oktober dezember mär mrz okt dez",
    "janvier février fevrier mars avril juin juillet août aout septembre octobre novembre décembre decembre"
    " janv févr fév avr juil déc",
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre"
    " ene abr ago dic",
    "gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre gen mag giu lug ott",
    "janeiro fevereiro março marco maio junho julho setembro outubro dezembro fev set out",
    "januari februari maart mei augustus mrt",
    "styczeń stycznia luty lutego marzec marca kwiecień kwietnia maj maja czerwiec czerwca lipiec lipca"
    " sierpień sierpnia wrzesień września październik października listopad listopada grudzień grudnia",
    "январь января февраль февраля март марта апрель апреля май мая июнь июня июль июля август августа"
    " сентябрь сентября октябрь октября ноябрь ноября декабрь декабря янв фев апр авг сен сент окт ноя дек",
    "січень січня лютий лютого березень березня квітень квітня травень травня червень червня липень липня"
    " серпень серпня вересень вересня жовтень жовтня листопад листопада грудень грудня",
    "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
    "maret agustus desember mac ogos disember",
    "leden ledna únor února březen března duben dubna květen května červen června červenec července"
    " srpen srpna září říjen října listopadu prosinec prosince",
    "január február március április május június július augusztus szeptember október",
    "ianuarie februarie martie aprilie iunie iulie septembrie octombrie noiembrie decembrie",
    "augusti marts maj",
    "ιανουαρίου φεβρουαρίου μαρτίου απριλίου μαΐου ιουνίου ιουλίου αυγούστου σεπτεμβρίου οκτωβρίου"
    " νοεμβρίου δεκεμβρίου",
    "يناير فبراير مارس أبريل ابريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    "ינואר פברואר מרץ אפריל מאי יוני יולי אוגוסט ספטמבר אוקטובר נובמבר דצמבר",
    "जनवरी फ़रवरी फरवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर दिसंबर",
)
# The Finnish months are one family: 'maaliskuuta', 'toukokuu'.
_FINNISH_MONTH = re.compile(r"^\w{3,9}kuu(?:ta)?$")

WEEKDAYS = _words(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun",
    "montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag",
    "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "lunes martes miércoles miercoles jueves viernes sábado sabado domingo",
    "lunedì lunedi martedì martedi mercoledì mercoledi giovedì giovedi venerdì venerdi sabato domenica",
    "segunda terça terca quarta quinta sexta segunda-feira terça-feira terca-feira quarta-feira quinta-feira"
    " sexta-feira",
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
    "poniedziałek wtorek środa czwartek piątek sobota niedziela",
    "понедельник вторник среда четверг пятница суббота воскресенье",
    "понеділок вівторок середа четвер п'ятниця пʼятниця субота неділя",
    "pazartesi salı çarşamba perşembe cuma cumartesi pazar",
    "senin selasa rabu kamis jumat jum'at sabtu ahad isnin khamis",
    "pondělí úterý středa čtvrtek pátek neděle",
    "hétfő kedd szerda csütörtök péntek szombat vasárnap",
    "luni marți marti miercuri joi vineri sâmbătă duminică",
    "måndag tisdag onsdag torsdag fredag lördag söndag mandag tirsdag lørdag søndag",
    "maanantai tiistai keskiviikko torstai perjantai lauantai sunnuntai",
    "δευτέρα τρίτη τετάρτη πέμπτη παρασκευή σάββατο κυριακή",
    "الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد",
)
# Two-letter weekdays ('Di., 12.11.2024', 'ma 21 maart') are words of a sentence too: counted only
# with the dot or comma a date prints after them.
SHORT_WEEKDAYS = _words("mo di mi do fr sa so lu ma me je ve ju vi wo vr za zo pt śr cz pn нд пн вт ср чт пт сб вс")

# Units of a relative time ('3 Stunden', 'hace 2 horas'): stems that every inflection starts with.
UNIT_STEMS = (
    "sec", "min", "hour", "hr", "day", "week", "month", "year", "yr",
    "sekund", "minut", "stund", "tag", "woche", "monat", "jahr",
    "segund", "hora", "día", "dia", "semana", "mes", "año", "ano",
    "heure", "jour", "mois", "an", "ans", "ora", "ore", "giorn", "settiman", "mese", "mesi", "anno", "anni",
    "uur", "dag", "weken", "maand", "jaar",
    "godzin", "dni", "dzie", "tydzie", "tygodn", "miesi", "rok", "lat",
    "секунд", "минут", "час", "дн", "день", "недел", "месяц", "год", "лет",
    "хвилин", "годин", "дні", "тижн", "місяц", "рік", "рок",
    "saniye", "dakika", "saat", "gün", "hafta", "ay", "yıl",
    "detik", "menit", "jam", "hari", "minggu", "bulan", "tahun",
    "hodin", "den", "dny", "týd", "měsíc", "let",
    "másodperc", "perc", "órá", "óra", "nap", "hét", "hónap", "év",
    "secund", "zi", "zile", "săptămân", "lun", "ani",
    "timm", "time", "timer", "uge", "vecka", "veckor", "måne", "månad", "år",
    "tunti", "tuntia", "päivä", "viiko", "kuukau", "vuo",
    "δευτερόλεπτ", "λεπτ", "ώρ", "μέρ", "ημέρ", "εβδομάδ", "μήν", "χρόν",
    "ثانية", "ثوان", "دقيق", "دقائق", "ساع", "يوم", "أيام", "أسبوع", "شهر", "سن",
    "שני", "דק", "שע", "יום", "ימים", "שבוע", "חודש", "שנ",
    "सेकंड", "मिनट", "घंट", "दिन", "सप्ताह", "हफ्त", "महीन", "साल",
)
# 'ago' and its kin, before or after the count ('vor', 'hace', 'il y a'; 'önce', 'назад', 'lalu').
AGO = _words(
    "ago vor hace il_y_a fa há ha geleden temu назад тому önce lalu sedan siden sitten πριν από منذ לפני"
    " पहले před acum ezelőtt 前 전",
)
# Hungarian joins the unit and its 'ago' in one word ('3 órája', '2 napja').
AGO_UNITS = _words("órája perce napja hete hónapja éve másodperce")
# A count written as a word ('an hour ago', 'vor einer Stunde', 'bir saat önce').
COUNT_WORDS = _words(
    "a an one two three einer einem eine zwei drei un una une uno dos tres deux trois due tre um uma dois duas"
    " een twee drie bir iki üç satu dua tiga jedną dwie trzy один одну два две три jeden dva tři egy két"
    " o două trei en ett to tre yksi kaksi kolme",
)
# What a site prints before or between the pieces of its date: a label ('Updated', 'Stand'), a
# word for today, a connector ('on', 'am', 'à', 'alle ore'), a clock word ('Uhr', 'h', 'kl.').
DATE_LABELS = _words(
    "updated update published posted modified created last first on at by date today yesterday",
    "aktualisiert veröffentlicht erschienen geändert stand zuletzt am um uhr vom heute gestern datum",
    "actualizado actualización publicado modificado última el a las hoy ayer fecha de del",
    "mis mise à jour publié publiée modifié modifiée dernière le aujourd'hui hier",
    "aggiornato aggiornamento pubblicato modificato ultimo il alle ore oggi ieri",
    "atualizado atualização publicado em às hoje ontem",
    "bijgewerkt gepubliceerd geplaatst gewijzigd laatst op om vandaag gisteren",
    "aktualizacja zaktualizowano opublikowano publikacja ostatnia dnia dzisiaj wczoraj godz",
    "обновлено опубликовано обновление изменено сегодня вчера в оновлено опубліковано сьогодні вчора о",
    "güncelleme güncellendi yayınlanma yayınlandı yayın tarihi son bugün dün",
    "diperbarui dipublikasikan diterbitkan terbit diunggah diposting diposkan dikemas kini pukul hari ini kemarin",
    "aktualizováno publikováno zveřejněno dnes včera frissítve frissítés publikálva ma tegnap",
    "actualizat publicat azi ieri uppdaterad publicerad opdateret publiceret oppdatert publisert kl klo"
    " päivitetty julkaistu idag igår i dag i går tänään eilen",
    "ενημερώθηκε δημοσιεύθηκε σήμερα χθες تحديث نشر آخر اليوم أمس עודכן פורסם היום אתמול प्रकाशित अपडेट आज",
    "h hrs a.m p.m am pm gmt utc yang",
)
_NUMBER = re.compile(r"^\d{1,2}(?:st|nd|rd|th|er|e|º|ª|°|\.)?$")
_YEAR_TOKEN = re.compile(r"^(?:19|20)\d\d(?:\.|年|년)?$")
_CLOCK = re.compile(r"^\d{1,2}[:.h]\d\d(?:[:.]\d\d)?(?:h|uhr)?$", re.I)
_NUMERIC_DATE_TOKEN = re.compile(
    r"^(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4})|\d{4}[./-]\d{1,2}[./-]\d{1,2}"
    r"(?:T\d{1,2}:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?)\.?$"
)
_ZONE = re.compile(r"^\(?(?:[A-Z]{2,5}|(?:GMT|UTC)?[+−-]\d{1,2}(?::?\d\d)?|(?:GMT|UTC)[+−-]\d{1,2}(?::?\d\d)?)\)?$")
# '2024年3月12日', '3月12日', '2024년 3월 12일'; '3小时前', '3時間前', '3시간 전'
_CJK_DATE = re.compile(r"^(?:\d{2,4}[年년])?\d{1,2}[月월](?:\d{1,2}[日일])?$|^\d{1,2}[日일]$")
_CJK_AGO = re.compile(
    r"^\d{1,3}(?:秒|分钟|分鐘|分|小时|小時|時間|天|日|周|週間?|个月|個月|ヶ月|か月|年|초|분|시간|일|주|개월|달|년)(?:前|전)?$"
)
_JOINERS = frozenset("|·•–—-,/")
_STRIP = ",.:;()[]«»\"'“”"


def _unit(word: str) -> bool:
    return len(word) <= 14 and word.startswith(UNIT_STEMS)


def _piece(raw: str) -> str | None:
    """What piece of a date the token is, or None for a word no date is made of."""
    if raw in _JOINERS or all(ch in _JOINERS for ch in raw):
        return "joiner"
    if _ZONE.match(raw.strip(",.")) and not raw.strip(",.()").isdigit():
        return "zone"
    token = unicodedata.normalize("NFC", raw).strip(_STRIP).casefold()
    if not token:
        return "joiner"
    if _NUMERIC_DATE_TOKEN.match(token) or _CJK_DATE.match(token):
        return "date"
    if _CJK_AGO.match(token):
        return "ago-unit" if token[-1] in "前전" else "unit"
    if _YEAR_TOKEN.match(token):
        return "year"
    if _CLOCK.match(token):
        return "time"
    if _NUMBER.match(token) or token.isdigit():
        return "number"
    if token in MONTHS or _FINNISH_MONTH.match(token) or (token.endswith(".") and token[:-1] in MONTHS):
        return "month"
    base = token.removesuffix("-feira")
    if token in WEEKDAYS or base in WEEKDAYS or (raw.rstrip().endswith((".", ",")) and token in SHORT_WEEKDAYS):
        return "weekday"
    if token in AGO:
        return "ago"
    if token in AGO_UNITS:
        return "ago-unit"
    if _unit(token):
        return "unit"
    if token in DATE_LABELS or token in COUNT_WORDS:
        return "label"
    return None


DATE_LINE_MAX_TOKENS = 10
_IL_Y_A = re.compile(r"(?i)\bil y a\b")
_SENTENCE_SIGNS = re.compile(r"[!?;…@~]")


def is_table_date_line(text: str) -> bool:
    """Every token of the line is a piece of a date (a number, a clock time, a month, a weekday, a
    zone, a relative unit and its 'ago', a date label) and the pieces make a date: a numeric date,
    a month beside a day or a year, a relative time (a unit and 'ago'), or a clock time beside a
    weekday or a label. 'Pazartesi, 21 Mart', 'vor 3 Stunden', 'Вторник, 21 марта'."""
    tokens = _IL_Y_A.sub("il_y_a", text).split()
    if not 1 <= len(tokens) <= DATE_LINE_MAX_TOKENS or _SENTENCE_SIGNS.search(text):
        return False
    if text.startswith(("—", "–")) or text.rstrip().endswith(":"):
        return False  # a signature; a line that introduces the next ('Nachtrag 22.04.2020:')
    pieces = []
    for token in tokens:  # most lines fail at their first word: no date is made of it
        piece = _piece(token)
        if piece is None:
            return False
        pieces.append(piece)
    if pieces.count("year") > 1 or pieces.count("date") > 1:
        return False  # two dates are a range, an event's run
    if "date" in pieces or "ago-unit" in pieces:
        return True
    if "unit" in pieces and "ago" in pieces:
        return True
    for k, piece in enumerate(pieces):
        if piece != "month":
            continue
        beside = [pieces[j] for j in (k - 2, k - 1, k + 1, k + 2) if 0 <= j < len(pieces)]
        if "number" in beside or "year" in beside:
            return True
    has_time = "time" in pieces
    return has_time and ("weekday" in pieces or "label" in pieces)


# --- breadcrumbs as text ---------------------------------------------------------------------------
# The separators a breadcrumb prints between its crumbs; '/' and '|' also join two words of a
# sentence ('London / Paris'), so two crumbs joined by them must open with the front page's name.
CRUMB_ARROWS = frozenset("›>»→▸►❯⟩〉＞⇒")
CRUMB_BARS = frozenset("/|\\:")
HOME_NAMES = frozenset({
    "home", "homepage", "startseite", "start", "inicio", "portada", "accueil", "início", "inicial", "página",
    "voorpagina", "strona", "główna", "главная", "головна", "anasayfa", "ana", "sayfa", "beranda", "laman",
    "úvod", "címlap", "acasă", "forsiden", "forside", "etusivu", "αρχική", "首页", "首頁", "ホーム", "トップ", "홈",
    "मुख्य", "पृष्ठ", "الرئيسية", "ראשי",
})
CRUMB_MAX_WORDS = 3
CRUMB_LABEL_MAX_WORDS = 5
_DOUBLED_SEPARATOR = re.compile(r"(?<=\s)(?:>>|»»|::|//)(?=\s)")
_CRUMB_SEPARATOR = re.compile("[" + re.escape("".join(sorted(CRUMB_ARROWS | CRUMB_BARS))) + "]")
LAST_CRUMB_MAX_WORDS = 12
_CRUMB_MARKS = re.compile(r"[.,!?;:…\"“”«»()]")


def _crumb(text: str, max_words: int) -> bool:
    words = text.split()
    if not 1 <= len(words) <= max_words or _CRUMB_MARKS.search(text):
        return False
    first = next((ch for ch in text if ch.isalpha()), "")
    return bool(first) and not first.islower()  # a crumb is a name: capitalised, or a script without case


def is_breadcrumb_text(text: str, strong: bool = False) -> bool:
    """Crumbs of one to three words, each capitalised and without sentence marks, joined by one
    kind of separator with spaces around it (a doubled one, '>>' or '::', counts as one; a label
    of up to five words and a colon may come first, 'You are here:'): three crumbs or more, or two
    joined by an arrow, or two whose first is the front page ('Inicio / Deportes'). The last crumb
    (the page's own title) may be longer when the first names the front page. ``strong``: only
    the trails no story prints, the front page first or an arrow; three crumbs joined by a bar
    or slash ('News / UK / Scotland') are also a story's list ('Madrid / Barcelona / Valencia',
    'Rock / Pop / Jazz'), which the caller tells by where it stands."""
    text = _DOUBLED_SEPARATOR.sub(lambda m: m.group(0)[0], text)  # 'Home >> Sport', 'Home :: Business'
    label, _, rest = text.partition(":")
    if text.count(":") == 1 and rest.strip() and 1 <= len(label.split()) <= CRUMB_LABEL_MAX_WORDS:
        text = rest  # 'You are here: Home > News', 'Sie sind hier: Startseite › Politik'
    separators = set(_CRUMB_SEPARATOR.findall(text))
    if len(separators) != 1:
        return False
    sep = separators.pop()
    if not re.search(rf"\s{re.escape(sep)}\s", text) or re.search(rf"\S{re.escape(sep)}|{re.escape(sep)}\S", text):
        return False  # 'TCP/IP', '24/7': a separator with spaces around it, every time
    crumbs = [c.strip() for c in text.split(sep)]
    home = bool(crumbs[0]) and all(w.casefold() in HOME_NAMES for w in crumbs[0].split())
    last_limit = LAST_CRUMB_MAX_WORDS if home else CRUMB_MAX_WORDS
    if not all(_crumb(c, CRUMB_MAX_WORDS) for c in crumbs[:-1]) or not _crumb(crumbs[-1], last_limit):
        return False
    return sep in CRUMB_ARROWS or home or (len(crumbs) >= 3 and not strong)


# ---- guard3 (issue 19): a date line that names itself the page's stamp ------------------------
# The words of ``DATE_LABELS`` that say a date is when the page was published or changed, and the
# words for today and yesterday (connectors such as 'on', 'am', 'le' are left out: a timeline's
# date has them too).
STAMP_WORDS = _words(
    "updated update published posted modified created today yesterday",
    "aktualisiert veröffentlicht erschienen geändert stand zuletzt heute gestern",
    "actualizado actualización publicado modificado hoy ayer",
    "publié publiée modifié modifiée aujourd'hui hier",
    "aggiornato aggiornamento pubblicato modificato oggi ieri",
    "atualizado atualização hoje ontem",
    "bijgewerkt gepubliceerd geplaatst gewijzigd vandaag gisteren",
    "aktualizacja zaktualizowano opublikowano publikacja dzisiaj wczoraj",
    "обновлено опубликовано обновление изменено сегодня вчера оновлено опубліковано сьогодні вчора",
    "güncelleme güncellendi yayınlanma yayınlandı bugün dün",
    "diperbarui dipublikasikan diterbitkan terbit diunggah diposting diposkan kemarin",
    "aktualizováno publikováno zveřejněno dnes včera frissítve frissítés publikálva tegnap",
    "actualizat publicat azi ieri uppdaterad publicerad opdateret publiceret oppdatert publisert"
    " päivitetty julkaistu idag igår tänään eilen",
    "ενημερώθηκε δημοσιεύθηκε σήμερα χθες تحديث نشر اليوم أمس עודכן פורסם היום אתמול प्रकाशित अपडेट",
)


def is_date_stamp(text: str) -> bool:
    """A date line (the caller's test) that is the page's own stamp by its words: a publishing or
    updating label, today or yesterday, or a relative time ('Updated 3 May 2024', 'vor 3 Stunden',
    'вчера в 18:20'). No story's timeline prints its dates so, so such a line is furniture beside
    a subheading too."""
    for raw in _IL_Y_A.sub("il_y_a", text).split():
        token = unicodedata.normalize("NFC", raw).strip(_STRIP).casefold()
        if token in STAMP_WORDS or _piece(raw) in ("ago", "ago-unit"):
            return True
    return False
