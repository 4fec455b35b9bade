"""Words that call on the reader to act ('leave', 'write', 'share', 'teilen', 'paylaş', 'bagikan'),
in many languages: the comment lexicon's invitations (``cleaners.label_rules.COMMENTS.invite``:
'Leave a comment', 'Kommentar schreiben'), which the network guard of ``cleaners.shape_rules``
also reads as calls ('Auf Facebook teilen', 'Bagikan di WhatsApp').

Both modules import this one, so the guard's call words no longer depend on ``label_rules``
having been imported first (it used to hand them over when it was built). Pure data; add words
here only when they invite the reader in a comment section too.
"""

from __future__ import annotations

_INVITATION_WORDS = (
    "leave post write add join share have tell submit start enter give cancel hide speak drop let know"
    " geben gib geef daj дайте дай verin beri berikan dê dai dá"
    " schreiben schreibe schreib verfassen hinterlassen abgeben teilen sagen diskutieren"
    " laisser laissez écrire écrivez ajouter ajoutez poster postez publier donnez donner partagez"
    " rejoignez participez"
    " deja dejar escribe escribir añade añadir únete publica publicar comparte danos dinos participa haz"
    " lascia lasciare scrivi aggiungi partecipa condividi"
    " deixe deixar escreva escrever adicione envie participe compartilhe faça"
    " plaats laat schrijf doe deel praat"
    " dodaj napisz zostaw skomentuj podziel weź dołącz déjanos dejanos"
    " оставить оставьте оставь добавить добавьте написать напишите поделитесь присоединяйтесь высказаться"
    " выскажите читайте показать смотреть"
    " залишити залиште додати написати напишіть"
    " yap yapın yaz yazın bırak bırakın ekle paylaş paylaşın katıl katılın bekliyoruz yazmak tıklayın"
    " bildir bildirin"
    " tinggalkan tulis berikan kirim bagikan ikut"
    " přidat napište přidejte pridať napíšte napísať"
    " szólj írja írd"
    " lasă lăsați adaugă scrie"
    " lämna skriv skriv legg"
    " jätä kirjoita"
    " αφήστε γράψτε προσθέστε"
    " הוסף הוסיפו כתבו"
    " أضف اترك اكتب شارك"
    " दें लिखें करें"
    " viết gửi 쓰기 달기 남기기 发表 發表 写 寫 書く 投稿 する"
    # cancelling a reply ('Cancel reply', 'Antworten abbrechen', 'Yanıtı iptal et')
    " abbrechen annuler cancelar annulla anuluj отменить скасувати iptal batalkan annuleren zrušit mégse"
    " anulează avbryt peruuta"
    " пишите diccelo escríbenos schreibt"
)
COMMENT_INVITATIONS: frozenset[str] = frozenset(w.casefold() for w in _INVITATION_WORDS.split())
