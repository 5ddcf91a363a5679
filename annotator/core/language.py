"""Which language an article is in, from its script first, and which way it is written.

Analysts' files rarely say their language, and the English pipeline run on Arabic
marks nonsense; the script of the letters settles most cases offline. Where one
script serves several languages, a few letters or stopwords decide (Persian's
پ چ ژ گ ی ک against Arabic; Ukrainian's і ї є ґ and Serbian's ђ ј љ њ ћ џ against
Russian; common function words among Latin-script languages). Codes are ISO 639-1.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

NAMES = {
    "ar": "Arabic",
    "fa": "Persian",
    "he": "Hebrew",
    "ur": "Urdu",
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "hr": "Croatian",
    "ru": "Russian",
    "uk": "Ukrainian",
    "sr": "Serbian",
    "el": "Greek",
}
#: Languages written right to left.
RTL = frozenset({"ar", "fa", "he", "ur", "ps", "yi", "dv", "ku"})
#: How much of a long text is looked at: the first this many characters.
SAMPLE = 20_000

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefe]")
_PERSIAN = re.compile("[\u067e\u0686\u0698\u06af\u06cc\u06a9]")  # پ چ ژ گ ی ک
_HEBREW = re.compile("[\u0590-\u05ff]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_UKRAINIAN = re.compile("[іїєґІЇЄҐ]")
_SERBIAN = re.compile("[ђјљњћџЂЈЉЊЋЏ]")
_GREEK = re.compile("[\u0370-\u03ff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_WORD = re.compile(r"[^\W\d_]+")
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "said", "was", "for", "with", "on"},
    "fr": {"le", "la", "les", "et", "des", "est", "que", "une", "dans", "du", "pour", "pas"},
    "de": {"der", "die", "und", "das", "ist", "nicht", "mit", "den", "sich", "auf", "ein"},
    "es": {"el", "los", "las", "y", "que", "del", "una", "por", "con", "para", "se"},
    "hr": {"je", "i", "u", "da", "na", "se", "su", "od", "za", "nije", "što", "koji"},
}


def detect(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when it has no letters to go by."""
    sample = text[:SAMPLE]
    counts = {
        "arabic": len(_ARABIC.findall(sample)),
        "hebrew": len(_HEBREW.findall(sample)),
        "cyrillic": len(_CYRILLIC.findall(sample)),
        "greek": len(_GREEK.findall(sample)),
        "latin": len(_LATIN.findall(sample)),
    }
    script, most = max(counts.items(), key=lambda kv: kv[1])
    if most == 0:
        return None
    if script == "arabic":
        persian = len(_PERSIAN.findall(sample))
        return "fa" if persian >= max(2, most // 50) else "ar"
    if script == "hebrew":
        return "he"
    if script == "greek":
        return "el"
    if script == "cyrillic":
        if len(_SERBIAN.findall(sample)) >= 2:
            return "sr"
        return "uk" if len(_UKRAINIAN.findall(sample)) >= 2 else "ru"
    return _latin(sample)


def _latin(sample: str) -> str:
    """English unless another language's function words clearly outnumber its own."""
    words = Counter(w.lower() for w in _WORD.findall(sample))
    scores = {code: sum(words[w] for w in stop) for code, stop in _STOPWORDS.items()}
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] >= 3 and scores[best] > scores["en"] else "en"


def normalise(value: object) -> str | None:
    """An ISO 639-1 code from what files say ("ar", "AR", "ar-SA", "ar_EG", "Arabic"); else None."""
    if not isinstance(value, str):
        return None
    word = value.strip().lower().replace("_", "-").split("-")[0]
    if len(word) == 2 and word.isascii() and word.isalpha():
        return word
    by_name = {name.lower(): code for code, name in NAMES.items()}
    return by_name.get(word)


def of_meta(meta: dict[str, object]) -> str | None:
    """A document's language from its metadata (``language``, else ``lang``), as a code."""
    return normalise(meta.get("language")) or normalise(meta.get("lang"))


def of_document(meta: dict[str, object], text: str) -> str | None:
    """A document's language: the one its metadata gives, else guessed from its script."""
    return of_meta(meta) or detect(text)


def name(code: str | None) -> str:
    """ "Arabic (ar)", for messages; the bare code when the name is not known."""
    if not code:
        return "unknown language"
    return f"{NAMES[code]} ({code})" if code in NAMES else code


def is_rtl(code: str | None) -> bool:
    """Whether a language is written right to left."""
    return code in RTL


def right_to_left(text: str) -> bool:
    """Whether ``text`` starts, by its first strong letter, right to left (Unicode's rule P2)."""
    for ch in text[:SAMPLE]:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False
