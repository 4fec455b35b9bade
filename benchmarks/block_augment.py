"""Training-time augmentation for the block model (issue 19): junk planted in OUR wordings.

The dev sets hold few junk blocks inside the article container, most of one kind per site, so a
model trained on them learns little of what a junk block looks like. Here every training page is
copied and junk planted inside its container, the way ``benchmarks/planted.py`` plants it (its
``plant``: after randomly chosen body paragraphs, never the last, so every item sits between two
of the article's paragraphs); the planted page is cleaned with its block trace and labelled: the
blocks made of the planted lines ``junk``, the page's own blocks as the set's truth labels them
(``benchmarks/block_labels.py``). Planted pages are added to the real ones for training only:
they are never scored as pages, and a planted page belongs to its page's site fold.

What is planted comes ONLY from our own wordings: ``planted.py``'s built-in tables (en, de, es,
fr) and the tables below, written for this module from what news and blog templates print, in
eleven languages (en, de, es, fr, it, pt, nl, pl, tr, id, ru), in varied markup (``<p>``,
``<p><small>``, ``<div><span>``, ``<p><em>``, ``<aside>``, a ``<strong>`` label before a link, a
``<ul>`` of links, a whole line as a link, ``<time>``, ``<h2>``-``<h4>``, ``<figure>``). Nothing
here is read from ``benchmarks/planted_unseen/``. The wording tables are shared by all folds, so an
out-of-fold figure on planted junk in these wordings is an in-wording figure; unseen wordings are
what ``planted.py --wordings`` measures.

Deterministic: a page's copy ``c`` draws its number of items from
``random.Random(f"augment:{seed}:{c}:{key}")`` and plants with ``planted.plant``'s own seeded draws.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from html import escape

from benchmarks import planted
from benchmarks.block_labels import JUNK, KEEP, LabelledPage, labels_for, rule_ids_of
from cleaners.pipeline import BlockTrace, clean_html
from output.benchmark_sets import Dataset

Line = tuple[str, str | None]
Generator = Callable[[planted.Context], tuple[str, list[Line]]]
Markup = Callable[[str, planted.Context], str]
"""A line's text as markup (the context's draws may choose it)."""

LANGS = ("en", "de", "es", "fr", "it", "pt", "nl", "pl", "tr", "id", "ru")
# How many items a planted copy of a page gets (drawn per page and copy).
MIN_ITEMS, MAX_ITEMS = 2, 6

SITES = {
    "en": ["The Lakeside Tribune", "Riverbend Times", "The Evening Standard-Bearer", "Hilltop Chronicle"],
    "de": ["Elbtal Zeitung", "Bergischer Bote", "Seeland Rundschau"],
    "es": ["El Faro del Norte", "Crónica de la Sierra", "Diario Meridiano"],
    "fr": ["Le Courrier des Plaines", "La Voix du Littoral", "L'Indépendant du Sud"],
    "it": ["Il Corriere della Valle", "La Gazzetta del Lago", "Il Giornale di Borgo"],
    "pt": ["Jornal do Planalto", "Diário da Serra", "Folha do Litoral"],
    "nl": ["Het Polderdagblad", "De Rivierbode", "Dagblad van het Oosten"],
    "pl": ["Gazeta Nadwiślańska", "Kurier Pomorski", "Dziennik Górski"],
    "tr": ["Ege Postası", "Karadeniz Haber", "Anadolu Gündem"],
    "id": ["Warta Nusantara", "Kabar Pagi", "Suara Kota"],
    "ru": ["Северный вестник", "Городские ведомости", "Вечерний курьер"],
}
AGENCIES = ["AP", "Reuters", "AFP", "dpa", "EFE", "ANSA", "Lusa", "ANP", "PAP", "Anadolu", "Antara", "TASS",
            "Agência Brasil", "Belga", "Europa Press", "Getty Images", "Shutterstock"]
CITIES = ["Porto", "Bologna", "Utrecht", "Kraków", "Izmir", "Surabaya", "Kazan", "Bremen", "Valencia", "Lille",
          "Leeds", "Curitiba"]

SHARE_LABELS = {
    "en": ["Share this article", "Share", "Share on", "Share this:", "Spread the word"],
    "de": ["Teilen", "Artikel teilen", "Jetzt teilen", "Teilen auf"],
    "es": ["Compartir", "Compartir en", "Comparte", "Compartir artículo"],
    "fr": ["Partager", "Partager l'article", "Partagez"],
    "it": ["Condividi", "Condividi questo articolo", "Condividi su"],
    "pt": ["Compartilhe", "Compartilhar", "Partilhar", "Partilhe este artigo"],
    "nl": ["Delen", "Deel dit artikel", "Deel via"],
    "pl": ["Udostępnij", "Podziel się", "Udostępnij artykuł"],
    "tr": ["Paylaş", "Haberi paylaş", "Bu haberi paylaş"],
    "id": ["Bagikan", "Bagikan artikel ini", "Bagikan:"],
    "ru": ["Поделиться", "Поделиться в соцсетях", "Поделитесь новостью"],
}
NETWORKS = ["Facebook", "X", "Twitter", "WhatsApp", "Telegram", "LinkedIn", "Pinterest", "Flipboard", "Threads",
            "Reddit", "VK", "Bluesky"]
MAIL = {"en": "Email", "de": "E-Mail", "es": "Correo", "fr": "E-mail", "it": "Email", "pt": "E-mail", "nl": "Mail",
        "pl": "E-mail", "tr": "E-posta", "id": "Email", "ru": "Почта"}
LIKES = {
    "en": ["Like {n}", "{n} likes", "Recommend {n}", "{n} reactions", "Was this article helpful? Yes {n} No {m}"],
    "de": ["Gefällt mir {n}", "{n} Likes", "Empfehlen {n}", "War dieser Artikel hilfreich? Ja {n} Nein {m}"],
    "es": ["Me gusta {n}", "{n} me gusta", "{n} reacciones", "¿Te ha resultado útil? Sí {n} No {m}"],
    "fr": ["J'aime {n}", "{n} j'aime", "{n} réactions", "Cet article vous a-t-il été utile ? Oui {n} Non {m}"],
    "it": ["Mi piace {n}", "{n} mi piace", "{n} reazioni"],
    "pt": ["Curtir {n}", "{n} curtidas", "Gosto {n}", "{n} reações"],
    "nl": ["Vind ik leuk {n}", "{n} likes", "{n} reacties op dit bericht"],
    "pl": ["Lubię to {n}", "{n} polubień", "{n} reakcji"],
    "tr": ["Beğen {n}", "{n} beğeni", "{n} tepki"],
    "id": ["Suka {n}", "{n} suka", "{n} reaksi"],
    "ru": ["Нравится {n}", "{n} лайков", "{n} реакций"],
}
MESSENGER = {
    "en": ["Follow us on Telegram for the latest updates.", "Join our WhatsApp channel",
           "Get breaking news on WhatsApp: join our channel.", "Follow {site} on Google News",
           "Follow us on Facebook, X and Instagram"],
    "de": ["Folgen Sie uns auf WhatsApp", "Jetzt unserem WhatsApp-Kanal folgen", "Folgen Sie {site} bei Google News",
           "Hier geht's zu unserem Telegram-Kanal"],
    "es": ["Síguenos en Telegram", "Únete a nuestro canal de WhatsApp", "Sigue a {site} en Google News",
           "Recibe las últimas noticias en tu WhatsApp"],
    "fr": ["Suivez-nous sur Telegram", "Rejoignez notre chaîne WhatsApp", "Suivez {site} sur Google Actualités",
           "Recevez nos alertes sur WhatsApp"],
    "it": ["Seguici su Telegram", "Iscriviti al nostro canale WhatsApp", "Segui {site} su Google News",
           "Ricevi le notizie su WhatsApp"],
    "pt": ["Siga-nos no Telegram", "Entre no nosso canal do WhatsApp", "Siga o {site} no Google Notícias",
           "Receba as notícias no seu WhatsApp"],
    "nl": ["Volg ons op WhatsApp", "Volg {site} via Google Nieuws", "Meld je aan voor ons WhatsApp-kanaal"],
    "pl": ["Obserwuj nas w Google News", "Dołącz do naszego kanału na WhatsAppie", "Śledź {site} na Telegramie"],
    "tr": ["Bizi Telegram'da takip edin", "WhatsApp kanalımıza katılın", "{site} Google Haberler'de",
           "Son dakika haberleri için WhatsApp kanalımıza abone olun"],
    "id": ["Ikuti kami di Telegram", "Gabung saluran WhatsApp {site}", "Ikuti berita terkini {site} di Google News",
           "Simak berita dan artikel lainnya di Google News"],
    "ru": ["Подписывайтесь на наш Telegram-канал", "Читайте нас в Telegram", "Следите за новостями {site} в Дзене",
           "Подпишитесь на наш канал в WhatsApp"],
}
COMMENTS = {
    "en": ["Comments", "Leave a comment", "Join the discussion", "{n} comments", "Show comments", "Comments ({n})",
           "Reader comments"],
    "de": ["Kommentare ({n})", "Kommentieren", "Leserkommentare", "Kommentar schreiben", "{n} Kommentare"],
    "es": ["Comentarios ({n})", "Escribe tu comentario", "Ver comentarios", "{n} comentarios"],
    "fr": ["Réactions ({n})", "Commenter", "Voir les commentaires", "{n} commentaires", "Écrire un commentaire"],
    "it": ["Commenti", "Lascia un commento", "Commenta", "{n} commenti", "Mostra commenti"],
    "pt": ["Comentários", "Deixe seu comentário", "Comente", "{n} comentários", "Ver comentários"],
    "nl": ["Reacties", "Reageer", "Plaats een reactie", "{n} reacties", "Bekijk reacties"],
    "pl": ["Komentarze", "Dodaj komentarz", "Skomentuj", "Komentarze ({n})", "Zobacz komentarze"],
    "tr": ["Yorumlar", "Yorum yap", "Yorum yazın", "{n} yorum", "Yorumları göster"],
    "id": ["Komentar", "Tulis komentar", "Beri komentar", "{n} komentar", "Lihat komentar"],
    "ru": ["Комментарии", "Оставить комментарий", "Комментарии ({n})", "Показать комментарии", "Обсудить"],
}
COMMENT_NOTES = {
    "en": ["Comments are moderated and may take a while to appear.", "Please keep comments civil and on topic."],
    "de": ["Kommentare werden vor der Veröffentlichung geprüft.", "Bitte bleiben Sie sachlich."],
    "es": ["Los comentarios están sujetos a moderación.", "Inicia sesión para comentar."],
    "fr": ["Les commentaires sont soumis à modération.", "Connectez-vous pour réagir."],
    "it": ["I commenti sono moderati.", "Accedi per commentare."],
    "pt": ["Os comentários são moderados.", "Faça login para comentar."],
    "nl": ["Reacties worden gemodereerd.", "Log in om te reageren."],
    "pl": ["Komentarze są moderowane.", "Zaloguj się, aby skomentować."],
    "tr": ["Yorumlar editör onayından sonra yayınlanır.", "Yorum yapmak için giriş yapın."],
    "id": ["Komentar dimoderasi sebelum tayang.", "Masuk untuk berkomentar."],
    "ru": ["Комментарии проходят модерацию.", "Войдите, чтобы оставить комментарий."],
}
SYNDICATION = {
    "en": ["({agency})", "(With {agency})", "(Reporting by {person}; editing by {person2})",
           "(This story has been updated.)", "(Source: {agency})", "With additional reporting by {agency}."],
    "de": ["({agency}/{agency2})", "(mit {agency})", "Quelle: {agency}", "(Dieser Artikel wurde aktualisiert.)",
           "({agency}/{site})"],
    "es": ["({agency})", "(Con información de {agency})", "Fuente: {agency}", "(Noticia en ampliación)",
           "(Con {agency} y {agency2})"],
    "fr": ["(Avec {agency})", "(Source : {agency})", "Avec {agency} et {agency2}", "(Article mis à jour)"],
    "it": ["(Fonte: {agency})", "(Con {agency})", "Riproduzione riservata © {site}", "(Articolo aggiornato)"],
    "pt": ["(Com {agency})", "(Fonte: {agency})", "Com informações da {agency}", "(Notícia atualizada)"],
    "nl": ["(Bron: {agency})", "(Met {agency})", "Bron: {agency}/{site}", "(Dit artikel is bijgewerkt)"],
    "pl": ["(Źródło: {agency})", "({agency}, {agency2})", "Źródło: {agency}", "(Artykuł zaktualizowany)"],
    "tr": ["(Kaynak: {agency})", "({agency})", "Kaynak: {agency}", "(Haber güncellendi)"],
    "id": ["(Sumber: {agency})", "Baca berita lainnya di {site}", "({agency})", "Artikel ini telah tayang di {site}"],
    "ru": ["(Источник: {agency})", "По материалам {agency}", "({agency})",
           "При использовании материалов ссылка на {site} обязательна."],
}
DISCLAIMER = {
    "en": ["Editor's note: this article contains affiliate links.",
           "The opinions in this piece are the author's alone.",
           "This content is sponsored by {site}.",
           "Disclosure: {site} may earn a commission from purchases made through links in this article."],
    "de": ["Redaktioneller Hinweis: Dieser Artikel enthält Affiliate-Links.",
           "Der Gastbeitrag gibt die Meinung des Autors wieder.",
           "Transparenzhinweis: {site} erhält bei Käufen über diese Links eine Provision."],
    "es": ["Nota: este artículo contiene enlaces de afiliado.",
           "Las opiniones de este artículo son responsabilidad de su autor.", "Contenido patrocinado por {site}."],
    "fr": ["Cet article contient des liens d'affiliation.", "Les propos tenus n'engagent que leur auteur.",
           "Contenu sponsorisé par {site}."],
    "it": ["Questo articolo contiene link di affiliazione.",
           "Le opinioni espresse sono dell'autore e non riflettono necessariamente quelle di {site}."],
    "pt": ["Este artigo contém links de afiliados.", "As opiniões expressas são de responsabilidade do autor.",
           "Este conteúdo é patrocinado por {site}."],
    "nl": ["Dit artikel bevat affiliate links.", "De mening in dit stuk is die van de auteur.",
           "Dit artikel is gesponsord door {site}."],
    "pl": ["Artykuł zawiera linki afiliacyjne.", "Opinie wyrażone w tekście są opiniami autora.",
           "Materiał partnera {site}"],
    "tr": ["Bu yazıda yer alan görüşler yazarına aittir.", "Bu içerik {site} iş birliğiyle hazırlanmıştır.",
           "Yazıdaki bağlantılar satış ortaklığı bağlantısıdır."],
    "id": ["Artikel ini merupakan kerja sama dengan {site}.", "Isi tulisan menjadi tanggung jawab penulis.",
           "Disclaimer: artikel ini mengandung tautan afiliasi."],
    "ru": ["Мнение автора может не совпадать с позицией редакции.", "На правах рекламы",
           "Материал подготовлен при поддержке {site}."],
}
CATEGORY_LABELS = {
    "en": ["Category:", "Tags:", "Topics:", "Filed under", "More on:"],
    "de": ["Themen:", "Schlagworte:", "Rubrik:", "Mehr zu:"],
    "es": ["Etiquetas:", "Temas:", "Sección:", "Archivado en:"],
    "fr": ["Tags :", "Rubrique :", "Sujets :", "Thématiques :"],
    "it": ["Tag:", "Argomenti:", "Categoria:"],
    "pt": ["Tags:", "Tópicos:", "Assuntos:", "Categoria:"],
    "nl": ["Tags:", "Onderwerpen:", "Categorie:"],
    "pl": ["Tagi:", "Tematy:", "Kategoria:"],
    "tr": ["Etiketler:", "Kategori:", "Konular:"],
    "id": ["Tag:", "Topik:", "Kategori:"],
    "ru": ["Теги:", "Темы:", "Рубрика:"],
}
SECTIONS = {
    "en": ["Politics", "Business", "World", "Sport", "Science", "Health", "Opinion", "Local news"],
    "de": ["Politik", "Wirtschaft", "Sport", "Kultur", "Wissen", "Regional", "Meinung"],
    "es": ["Política", "Economía", "Internacional", "Deportes", "Cultura", "Sociedad", "Opinión"],
    "fr": ["Politique", "Économie", "International", "Sport", "Culture", "Société", "Faits divers"],
    "it": ["Politica", "Economia", "Esteri", "Sport", "Cultura", "Cronaca", "Spettacoli"],
    "pt": ["Política", "Economia", "Mundo", "Esportes", "Cultura", "Brasil", "Opinião"],
    "nl": ["Politiek", "Economie", "Buitenland", "Sport", "Cultuur", "Binnenland", "Opinie"],
    "pl": ["Polityka", "Gospodarka", "Świat", "Sport", "Kultura", "Kraj", "Opinie"],
    "tr": ["Gündem", "Ekonomi", "Dünya", "Spor", "Kültür", "Siyaset", "Yaşam"],
    "id": ["Nasional", "Ekonomi", "Internasional", "Olahraga", "Hiburan", "Politik", "Gaya Hidup"],
    "ru": ["Политика", "Экономика", "В мире", "Спорт", "Культура", "Общество", "Происшествия"],
}
HOME = {"en": "Home", "de": "Startseite", "es": "Inicio", "fr": "Accueil", "it": "Home", "pt": "Início", "nl": "Home",
        "pl": "Strona główna", "tr": "Ana Sayfa", "id": "Beranda", "ru": "Главная"}
CAPTIONS = {
    "en": ["{person} arrives for a meeting in {city}.", "Residents clear debris in {city} on Tuesday."],
    "de": ["{person} bei einem Termin in {city}.", "Aufräumarbeiten in {city} am Dienstag."],
    "es": ["{person}, a su llegada a la reunión en {city}.", "Vecinos limpian los escombros en {city}."],
    "fr": ["{person} à son arrivée à la réunion à {city}.", "Des habitants déblaient les rues de {city}."],
    "it": ["{person} durante la conferenza stampa a {city}.", "Volontari al lavoro nel centro di {city}."],
    "pt": ["{person} durante entrevista coletiva em {city}.", "Moradores limpam as ruas de {city}."],
    "nl": ["{person} tijdens een persconferentie in {city}.", "Bewoners ruimen puin op in {city}."],
    "pl": ["{person} podczas konferencji prasowej w mieście {city}.", "Mieszkańcy sprzątają ulice, {city}."],
    "tr": ["{person}, {city} ziyareti sırasında gazetecilere açıklama yaptı.",
           "{city} sokaklarında temizlik çalışması."],
    "id": ["{person} saat memberikan keterangan kepada wartawan di {city}.", "Warga membersihkan jalan di {city}."],
    "ru": ["{person} на пресс-конференции, {city}.", "Жители убирают улицы, {city}."],
}
CREDITS = {
    "en": ["Photo: {person}/{agency}", "(Photo: {agency})", "Image credit: {agency}", "Photograph: {person}"],
    "de": ["Foto: {person}/{agency}", "(Foto: {agency})", "Bild: {agency}/{person}"],
    "es": ["Foto: {person}/{agency}", "(Foto: {agency})", "Imagen: {agency}"],
    "fr": ["Photo : {person}/{agency}", "(Photo : {agency})", "Crédit : {agency}"],
    "it": ["Foto: {person}/{agency}", "(Foto {agency})", "Credit: {agency}"],
    "pt": ["Foto: {person}/{agency}", "(Foto: {agency})", "Imagem: {agency}"],
    "nl": ["Foto: {person}/{agency}", "(Foto {agency})", "Beeld: {agency}"],
    "pl": ["Fot. {person}/{agency}", "(Fot. {agency})", "Zdjęcie: {agency}"],
    "tr": ["Fotoğraf: {person}/{agency}", "(Fotoğraf: {agency})", "Görsel: {agency}"],
    "id": ["Foto: {person}/{agency}", "(Foto: {agency})", "Sumber foto: {agency}"],
    "ru": ["Фото: {person}/{agency}", "(Фото: {agency})", "Фото: {agency}"],
}
RELATED = {
    "en": ["Read more:", "Related:", "Also read:", "Recommended:", "Don't miss:", "Watch:"],
    "de": ["Lesen Sie auch:", "Mehr zum Thema:", "Auch interessant:", "Das könnte Sie auch interessieren:"],
    "es": ["Lee también:", "Te puede interesar:", "Más noticias:", "Relacionadas:"],
    "fr": ["Lire aussi :", "À lire également :", "Voir aussi :"],
    "it": ["Leggi anche:", "Potrebbe interessarti:", "Approfondisci:"],
    "pt": ["Leia também:", "Leia mais:", "Veja também:", "Saiba mais:"],
    "nl": ["Lees ook:", "Meer over dit onderwerp:", "Bekijk ook:"],
    "pl": ["Czytaj także:", "Zobacz też:", "Przeczytaj również:"],
    "tr": ["İlgili haber:", "Ayrıca okuyun:", "Bunlar da ilginizi çekebilir:"],
    "id": ["Baca juga:", "Berita terkait:", "Simak juga:"],
    "ru": ["Читайте также:", "По теме:", "Смотрите также:"],
}
NEWSLETTER = {
    "en": ["Sign up for our newsletter", "Get our morning briefing in your inbox",
           "Subscribe to {site}'s free newsletter"],
    "de": ["Newsletter abonnieren", "Jetzt für unseren Newsletter anmelden", "Der {site}-Newsletter: kostenlos"],
    "es": ["Suscríbete a nuestra newsletter", "Recibe nuestro boletín gratis", "Apúntate al boletín de {site}"],
    "fr": ["Abonnez-vous à notre newsletter", "Recevez notre lettre d'information", "La newsletter de {site}"],
    "it": ["Iscriviti alla newsletter", "Ricevi le notizie di {site} nella tua casella di posta"],
    "pt": ["Assine nossa newsletter", "Receba as principais notícias no seu e-mail"],
    "nl": ["Schrijf je in voor onze nieuwsbrief", "Ontvang het laatste nieuws in je mailbox"],
    "pl": ["Zapisz się na newsletter", "Otrzymuj najważniejsze wiadomości na e-mail"],
    "tr": ["Bültenimize abone olun", "Günün öne çıkan haberleri e-postanıza gelsin"],
    "id": ["Berlangganan newsletter {site}", "Dapatkan berita terbaru setiap hari di email Anda"],
    "ru": ["Подпишитесь на нашу рассылку", "Получайте главные новости на почту"],
}
ADS = {
    "en": ["Advertisement", "Sponsored content", "AD", "Continue reading below"],
    "de": ["Anzeige", "Weiterlesen nach der Anzeige", "Werbung"],
    "es": ["Publicidad", "Sigue leyendo después del anuncio", "PUBLICIDAD"],
    "fr": ["Publicité", "La suite après la publicité"],
    "it": ["Pubblicità", "Continua a leggere dopo la pubblicità"],
    "pt": ["Publicidade", "Continua após a publicidade", "PUBLICIDADE"],
    "nl": ["Advertentie", "Lees verder na de advertentie"],
    "pl": ["Reklama", "REKLAMA", "Dalsza część artykułu pod reklamą"],
    "tr": ["Reklam", "Haberin devamı reklamdan sonra"],
    "id": ["Iklan", "Scroll untuk melanjutkan", "ADVERTISEMENT"],
    "ru": ["Реклама", "Продолжение ниже"],
}
META = {
    "en": ["{n} min read", "{n} hours ago", "Updated {n} minutes ago", "Listen to this article"],
    "de": ["Lesezeit: {n} Min.", "vor {n} Stunden", "Aktualisiert vor {n} Minuten", "Artikel anhören"],
    "es": ["Tiempo de lectura: {n} min", "hace {n} horas", "Actualizado hace {n} minutos", "Escuchar noticia"],
    "fr": ["Temps de lecture : {n} min", "il y a {n} heures", "Mis à jour il y a {n} minutes", "Écouter l'article"],
    "it": ["Tempo di lettura: {n} minuti", "{n} ore fa", "Aggiornato {n} minuti fa", "Ascolta l'articolo"],
    "pt": ["Tempo de leitura: {n} min", "há {n} horas", "Atualizado há {n} minutos", "Ouça este conteúdo"],
    "nl": ["Leestijd: {n} minuten", "{n} uur geleden", "Bijgewerkt {n} minuten geleden", "Luister naar dit artikel"],
    "pl": ["Czas czytania: {n} min", "{n} godz. temu", "Aktualizacja: {n} min temu", "Posłuchaj artykułu"],
    "tr": ["Okuma süresi: {n} dk", "{n} saat önce", "Güncelleme: {n} dakika önce", "Haberi dinle"],
    "id": ["Waktu baca {n} menit", "{n} jam yang lalu", "Diperbarui {n} menit lalu", "Dengarkan artikel"],
    "ru": ["Время чтения: {n} мин", "{n} часов назад", "Обновлено {n} минут назад", "Слушать статью"],
}
TOOLS = {
    "en": ["Print", "Email", "Copy link", "Save article", "Text size"],
    "de": ["Drucken", "Link kopieren", "Merken", "Schriftgröße", "Versenden"],
    "es": ["Imprimir", "Copiar enlace", "Guardar", "Enviar por correo"],
    "fr": ["Imprimer", "Copier le lien", "Sauvegarder", "Envoyer"],
    "it": ["Stampa", "Copia link", "Salva", "Invia"],
    "pt": ["Imprimir", "Copiar link", "Salvar", "Enviar"],
    "nl": ["Printen", "Link kopiëren", "Bewaren", "Mailen"],
    "pl": ["Drukuj", "Kopiuj link", "Zapisz", "Wyślij"],
    "tr": ["Yazdır", "Linki kopyala", "Kaydet", "Yazı boyutu"],
    "id": ["Cetak", "Salin tautan", "Simpan", "Kirim"],
    "ru": ["Печать", "Скопировать ссылку", "Сохранить", "Отправить"],
}


def _site(ctx: planted.Context) -> str:
    return ctx.rng.choice(SITES[ctx.lang])


def _fill(template: str, ctx: planted.Context) -> str:
    rng = ctx.rng
    return template.format(site=_site(ctx), person=ctx.person(), person2=ctx.person(), agency=rng.choice(AGENCIES),
                           agency2=rng.choice(AGENCIES), city=rng.choice(CITIES), n=rng.randrange(2, 60),
                           m=rng.randrange(0, 9))


def _text_markup(text: str, ctx: planted.Context) -> str:
    """One line of text in one of the markups a template prints it in (no class, no id)."""
    t = escape(text)
    return ctx.rng.choice([f"<p>{t}</p>", f"<p><small>{t}</small></p>", f"<div><span>{t}</span></div>",
                           f"<p><em>{t}</em></p>", f"<aside>{t}</aside>", f"<div>{t}</div>",
                           f"<p><strong>{t}</strong></p>", f"<p><span>{t}</span></p>"])


def _anchor(href: str, text: str) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>'


def _label_links(label: str, links: list[tuple[str, str]], ctx: planted.Context) -> tuple[str, str]:
    """A label before links: (markup, the line's text). As a ``<strong>`` label and links in a
    ``<p>``, a ``<ul>`` of links after the label, or the links in a ``<div>`` joined by a bar."""
    anchors = [_anchor(href, text) for href, text in links]
    names = " ".join(text for _, text in links)
    form = ctx.rng.randrange(4)
    if form == 0:
        markup = f"<p><strong>{escape(label)}</strong> {' '.join(anchors)}</p>"
    elif form == 1:
        items = "".join(f"<li>{a}</li>" for a in anchors)
        markup = f"<p><strong>{escape(label)}</strong></p><ul>{items}</ul>"
    elif form == 2:
        markup = f"<div><span>{escape(label)}</span> {' | '.join(anchors)}</div>"
    else:
        markup = f"<p>{escape(label)} {' · '.join(anchors)}</p>"
    return markup, f"{label} {names}"


def share(ctx: planted.Context) -> tuple[str, list[Line]]:
    rng = ctx.rng
    names = rng.sample(NETWORKS, rng.randrange(2, 6)) + ([MAIL[ctx.lang]] if rng.random() < 0.4 else [])
    links = [(f"https://share.example/{name.lower()}?u={ctx.root}", name) for name in names]
    if rng.random() < 0.3:  # links alone, as a bar of buttons
        items = "".join(f"<li>{_anchor(h, t)}</li>" for h, t in links)
        return f"<ul>{items}</ul>", [(" ".join(names), None)]
    markup, text = _label_links(rng.choice(SHARE_LABELS[ctx.lang]), links, ctx)
    return markup, [(text, None)]


def _one_line(table: Mapping[str, Sequence[str]], other: tuple[float, Markup] | None = None) -> Generator:
    """A class that plants one line: a template of ``table`` in the context's language, filled,
    in one of the usual markups (``_text_markup``); ``other`` = (share, markup): that share of
    the lines in a markup of the class's own instead (a link, a ``<time>``). Without ``other`` no
    draw is spent on choosing (a class's draws decide the rest of the planted page)."""

    def generate(ctx: planted.Context) -> tuple[str, list[Line]]:
        text = _fill(ctx.rng.choice(table[ctx.lang]), ctx)
        if other is not None and ctx.rng.random() < other[0]:
            return other[1](text, ctx), [(text, None)]
        return _text_markup(text, ctx), [(text, None)]

    return generate


like = _one_line(LIKES)
messenger = _one_line(  # 40%: the whole line a link to the channel
    MESSENGER, (0.4, lambda text, ctx: f"<p>{_anchor('https://t.me/' + ctx.slug(_site(ctx)), text)}</p>"))


def comments(ctx: planted.Context) -> tuple[str, list[Line]]:
    text = _fill(ctx.rng.choice(COMMENTS[ctx.lang]), ctx)
    tag = ctx.rng.choice(["h2", "h3", "h3", "h4", "p"])
    markup, lines = f"<{tag}>{escape(text)}</{tag}>", [(text, None)]
    if ctx.rng.random() < 0.4:
        note = ctx.rng.choice(COMMENT_NOTES[ctx.lang])
        markup += _text_markup(note, ctx)
        lines.append((note, None))
    return markup, lines


syndication = _one_line(SYNDICATION)
disclaimer = _one_line(DISCLAIMER)


def category(ctx: planted.Context) -> tuple[str, list[Line]]:
    rng = ctx.rng
    names = rng.sample(SECTIONS[ctx.lang], rng.randrange(1, 4))
    if rng.random() < 0.3:  # a breadcrumb
        crumbs = [HOME[ctx.lang], *names]
        sep = rng.choice([" › ", " / ", " > ", " » "])
        links = [_anchor(ctx.link(ctx.slug(n)), n) for n in crumbs]
        return f"<div>{sep.join(links)}</div>", [(sep.join(crumbs), None)]
    links = [(ctx.link("tag/" + ctx.slug(n)), n) for n in names]
    markup, text = _label_links(rng.choice(CATEGORY_LABELS[ctx.lang]), links, ctx)
    return markup, [(text, " ".join(names))]


def caption(ctx: planted.Context) -> tuple[str, list[Line]]:
    rng = ctx.rng
    text = _fill(rng.choice(CAPTIONS[ctx.lang]), ctx)
    credit = _fill(rng.choice(CREDITS[ctx.lang]), ctx)
    image = f"{ctx.root}/img/{rng.randrange(10**5, 10**6)}.jpg"
    form = rng.randrange(3)
    if form == 0:  # a credit line alone
        return f"<p><small>{escape(credit)}</small></p>", [(credit, None)]
    line = f"{text} {credit}"
    figure = f'<figure><img src="{image}" alt=""><figcaption>{escape(line)}</figcaption></figure>'
    if form == 1:
        return figure + _text_markup(line, ctx), [(line, text)]
    return figure, [(line, text)]


def related(ctx: planted.Context) -> tuple[str, list[Line]]:
    rng = ctx.rng
    label = rng.choice(RELATED[ctx.lang])
    form = rng.randrange(3)
    if form == 0:  # a whole line a link to another page
        headline = ctx.headline()
        return f"<p>{_anchor(ctx.link(ctx.slug(headline)), headline)}</p>", [(headline, None)]
    if form == 1:
        headline = ctx.headline()
        markup = f"<p><strong>{escape(label)}</strong> {_anchor(ctx.link(ctx.slug(headline)), headline)}</p>"
        return markup, [(f"{label} {headline}", headline)]
    headlines = list(dict.fromkeys(ctx.headline() for _ in range(rng.randrange(2, 4))))
    tag = rng.choice(["h3", "h4", "p"])
    items = "".join(f"<li>{_anchor(ctx.link(ctx.slug(h)), h)}</li>" for h in headlines)
    return f"<{tag}>{escape(label)}</{tag}><ul>{items}</ul>", [(label, None), *((h, None) for h in headlines)]


newsletter = _one_line(NEWSLETTER, (0.3, lambda text, ctx: f"<p>{_anchor(ctx.link('newsletter'), text)}</p>"))


def ad(ctx: planted.Context) -> tuple[str, list[Line]]:
    text = ctx.rng.choice(ADS[ctx.lang])
    return _text_markup(text, ctx), [(text, None)]


meta = _one_line(META, (0.3, lambda text, ctx: f"<p><time>{escape(text)}</time></p>"))


def tools(ctx: planted.Context) -> tuple[str, list[Line]]:
    rng = ctx.rng
    names = rng.sample(TOOLS[ctx.lang], rng.randrange(2, 4))
    if rng.random() < 0.5:
        return f"<ul>{''.join(f'<li>{escape(n)}</li>' for n in names)}</ul>", [(" ".join(names), None)]
    return f"<div>{' '.join(f'<span>{escape(n)}</span>' for n in names)}</div>", [(" ".join(names), None)]


OURS: dict[str, Generator] = {
    "share": share, "like": like, "messenger": messenger, "comments": comments, "syndication": syndication,
    "disclaimer": disclaimer, "category": category, "caption": caption, "related": related,
    "newsletter": newsletter, "ad": ad, "meta": meta, "tools": tools,
}
# planted.py's built-in classes (en, de, es, fr only) and which of ours stands in for each in
# another language.
BUILT_IN_STAND_IN = {
    "caption": "caption", "relative-date": "meta", "absolute-date": "meta", "syndication": "syndication",
    "disclaimer": "disclaimer", "share": "share", "comment-heading": "comments", "breadcrumb": "category",
    "posted-in": "category", "related": "related", "newsletter": "newsletter", "ad-marker": "ad",
}


def _built_in(name: str) -> Generator:
    """planted.py's generator for its class ``name``; in a language it has no table for, ours."""
    theirs, ours = planted.CLASSES[name], OURS[BUILT_IN_STAND_IN[name]]
    return lambda ctx: theirs(ctx) if ctx.lang in planted.LANGS else ours(ctx)


def junk_set() -> planted.JunkSet:
    """Every class we plant in training: ours (``aug-`` names) and planted.py's built-in ones.
    Matched loosely (as word sequences): a ``<ul>`` puts breaks between a label and its links."""
    classes = {f"aug-{name}": generator for name, generator in OURS.items()}
    classes |= {f"built-in-{name}": _built_in(name) for name in planted.CLASSES}
    return planted.JunkSet(classes, LANGS, loose=True, source="block_augment")


# --- article-like short blocks, planted as KEEP examples --------------------------------------
# Junk planted between paragraphs is short; the dev sets label few short article blocks (the
# snippet set labels a few passages a page), so a model trained on planted junk alone learns
# "a short block between paragraphs is junk" and cuts subheadings. Planted beside the junk, in the
# same places and markup, are subheadings and short lines made of the article's own words (drawn
# apart, so no line is a text of the page): the contrast that junk is told from by what it is.
KEEP_PREFIX = "keep-"
MIN_POOL_WORDS = 12


def _article_words(kind: str, truth: object) -> list[str]:
    """The article's words a subheading may be made of (3+ letters, first occurrence order)."""
    text = truth if kind == "aeb" else " ".join(truth.get("with", ()))  # type: ignore[union-attr]
    return list(dict.fromkeys(w for w in planted._WORD.findall(str(text)) if len(w) >= 3 and w.isalpha()))


def _words_line(ctx: planted.Context, pool: Sequence[str], low: int, high: int) -> str:
    chosen = ctx.rng.sample(list(pool), min(len(pool), ctx.rng.randint(low, high)))
    if ctx.rng.random() < 0.25:
        chosen = [w[:1].upper() + w[1:] for w in chosen]
    text = " ".join(chosen)
    return text[:1].upper() + text[1:]


def _subheading_classes(pool: Sequence[str]) -> dict[str, Generator]:
    def heading(ctx: planted.Context) -> tuple[str, list[Line]]:
        text = _words_line(ctx, pool, 2, 7) + ctx.rng.choice(["", "", "", "?", ":"])
        tag = ctx.rng.choice(["h2", "h3", "h3", "h4"])
        return f"<{tag}>{escape(text)}</{tag}>", [(text, None)]

    def strong(ctx: planted.Context) -> tuple[str, list[Line]]:
        text = _words_line(ctx, pool, 2, 6)
        tag = ctx.rng.choice(["strong", "b"])
        return f"<p><{tag}>{escape(text)}</{tag}></p>", [(text, None)]

    def short_line(ctx: planted.Context) -> tuple[str, list[Line]]:
        text = _words_line(ctx, pool, 4, 10) + ctx.rng.choice([".", ".", "!", "?"])
        return f"<p>{escape(text)}</p>", [(text, None)]

    return {f"{KEEP_PREFIX}heading": heading, f"{KEEP_PREFIX}strong": strong, f"{KEEP_PREFIX}line": short_line}


def keep_set(kind: str, truth: object) -> planted.JunkSet | None:
    """The article-like items for one page (None: too few article words to draw from)."""
    pool = _article_words(kind, truth)
    if len(pool) < MIN_POOL_WORDS:
        return None
    return planted.JunkSet(_subheading_classes(pool), LANGS, loose=True, source="block_augment:keep")


def planted_labels(texts: Sequence[str], truth_labels: Sequence[int | None], lines: Sequence[planted.PlantedLine],
                   page_texts: set[str]) -> list[int | None]:
    """The planted page's labels: a block made of planted words only (its words in a planted
    line's, and not a text the unplanted page has) is junk, or keep for an article-like line
    (``KEEP_PREFIX`` classes); a block holding a planted line and more (merged into another block)
    is left out; every other block keeps the truth's label."""
    keys = [(planted.words(s), KEEP if line.cls.startswith(KEEP_PREFIX) else JUNK)
            for line in lines for s in (line.text, line.payload) if s]
    keys = [(k, label) for k, label in keys if k.strip()]
    labels: list[int | None] = []
    for text, label in zip(texts, truth_labels, strict=True):
        block = planted.words(text)
        if not block.strip() or planted.normalise(text) in page_texts:
            labels.append(label)
            continue
        inside = {kind for key, kind in keys if block in key}
        if len(inside) == 1:
            labels.append(inside.pop())
        elif inside or any(key in block for key, _ in keys):
            labels.append(None)
        else:
            labels.append(label)
    return labels


def items_for(seed: int, copy: int, key: str) -> int:
    """How many junk items copy ``copy`` of page ``key`` gets."""
    return random.Random(f"augment:{seed}:{copy}:{key}").randint(MIN_ITEMS, MAX_ITEMS)


def augmented_pages(dataset: Dataset, copies: int, seed: int = 0,
                    page_texts: Mapping[str, Sequence[str]] | None = None) -> Iterator[LabelledPage]:
    """``copies`` planted copies of every page of the set that has a container and blocks, as
    labelled pages keyed ``<key>#aug<copy>`` (their URL the page's, so the same site fold).
    ``page_texts``: each real page's block texts (else the unplanted page is cleaned for them)."""
    junk = junk_set()
    bodies = dataset.bodies()
    headlines = planted._headlines(dataset)
    for copy in range(copies):
        for key in sorted(bodies):
            url = dataset.urls[key]
            others = [h for k, h in headlines if k != key]
            page = planted.plant(key, bodies[key], url, dataset.kind, dataset.truth[key], others,
                                 f"augment-{seed}-{copy}", items_for(seed, copy, key), junk)  # type: ignore[arg-type]
            if page is None or not page.lines:
                continue
            contrast = keep_set(dataset.kind, dataset.truth[key])
            if contrast is not None:
                count = random.Random(f"augment-keep:{seed}:{copy}:{key}").randint(1, len(contrast.classes))
                more = planted.plant(key, page.planted, url, dataset.kind, dataset.truth[key], others,
                                     f"augment-keep-{seed}-{copy}", count, contrast)  # type: ignore[arg-type]
                if more is not None:
                    page = planted.PlantedPage(key, more.planted, page.baseline, [*page.lines, *more.lines])
            trace: list[BlockTrace] = []
            article = clean_html(page.planted, url, positions=False, trace=trace)
            if not trace:
                continue
            texts = [b.text for b in trace[-1].blocks]
            own = page_texts.get(key) if page_texts is not None else None
            if own is None:
                base: list[BlockTrace] = []
                clean_html(page.baseline, url, positions=False, trace=base)
                own = [b.text for b in base[-1].blocks] if base else []
            labels = planted_labels(texts, labels_for(dataset, key, texts), page.lines,
                                    {planted.normalise(t) for t in own})
            yield LabelledPage(dataset.name, f"{key}#aug{copy}", url, article.title, texts, rule_ids_of(trace[-1]),
                               labels, trace[-1])


def source_key(key: str) -> str:
    """The real page a planted page was made from."""
    return key.split("#aug", 1)[0]


def planted_metrics(planted_pages: Sequence, scores: Mapping[str, Sequence[float]], thresholds: Sequence[float]) -> str:
    """Out-of-fold, on the planted pages (IN our wordings: the tables are shared by all folds): of
    the planted junk blocks the rules keep, how many the model drops at its fold's threshold, and
    how many of those pages' keep blocks it drops."""
    junk = dropped = keep = keep_dropped = 0
    for page in planted_pages:
        page_scores = scores[page.set_name + "/" + page.key]
        for i, (label, rule) in enumerate(zip(page.labels, page.rule_ids, strict=True)):
            if rule is not None or label is None:
                continue
            drop = page_scores[i] >= thresholds[page.fold]
            if label == JUNK:
                junk, dropped = junk + 1, dropped + drop
            else:
                keep, keep_dropped = keep + 1, keep_dropped + drop
    return (f"planted pages, out-of-fold (in-wording): planted junk the rules keep {junk}, the model drops "
            f"{dropped} ({dropped / max(1, junk):.1%}); keep blocks {keep}, dropped {keep_dropped} "
            f"({keep_dropped / max(1, keep):.2%})")
