"""How occupation and skill labels, and what people type, are cut into comparable words, per language.

A text becomes words in four steps, the same for a label and for a query:

1. folding: case, accents and, in Arabic, the short vowels, tatweel and letter variants (أ إ آ → ا,
   ى → ي, ة → ه), so spelling habits do not matter;
2. the article and the clitic prefixes of Arabic (ال، وال، بال، كال، فال، لل، و، ف، ب، ك، ل) are taken
   off a word long enough to keep a stem;
3. the language's lexicon (``data/search_lexicon.json``) replaces abbreviations and jargon with the
   words labels use ("RN" → nurse, "HGV" → heavy goods vehicle, "OSS" → operatore socio sanitario,
   "شوفير" → سائق); stop words and one-letter words go;
4. each word is stemmed: Snowball for English, French and Italian (after the masculine singular, since
   titles vary most in gender and number), light stemming for Arabic (article, then suffixes of number,
   gender and possession), so "midwives", "infirmières", "camerieri" and "الممرضات" meet the labels'
   forms.

Words the lexicon marks as noise (shifts, contracts, offers, cities: "night shift", "CDI", "H/F",
"cercasi", "مطلوب") are kept but flagged: they count where a label has them ("night porter") and are
otherwise ignored, so they never push a title away from its occupation.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from imis_shared.text import normalise_arabic
from imis_shared.text import stem as snowball_stem

LANGUAGES = ("en", "fr", "it", "ar")
_WORD = re.compile(r"[^\W_]+")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_TANWEEN_ALEF = re.compile("\u0627\u064b|\u064b\u0627")
# Light stemming after Larkey's "light10" (folded letters): the article with the particles joined to it
# (longest first), then suffixes of number, gender and possession, each at most once, in this order;
# at least three letters stay. One-letter clitics (و ف ب ك ل) are left to the index, which takes them
# off only when what remains is a word it knows ("كممرض", but not "كلارك").
_ARABIC_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
_ARABIC_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
CLITICS = ("و", "ف", "ب", "ك", "ل")
# French and Italian job titles vary in gender and number more than in anything Snowball takes off
# ("infirmière", "serveuse", "infermiere"/"infermieri"): the masculine singular first, then Snowball.
_FRENCH_FEMININE = (
    ("euse", "eur"),
    ("rice", "eur"),
    ("iere", "ier"),
    ("ienne", "ien"),
    ("ere", "er"),
    ("ante", "ant"),
)
_STOP_WORDS = {
    "en": {"a", "an", "and", "the", "of", "for", "in", "on", "to", "with", "or", "at", "by", "as", "from"},
    "fr": {
        "de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "a", "au", "aux", "pour", "un", "une",
        "sur", "dans", "par", "ou", "avec",
    },
    "it": {
        "di", "del", "della", "dello", "dei", "degli", "delle", "da", "dal", "dalla", "la", "il", "lo", "i",
        "gli", "le", "l", "e", "ed", "in", "per", "un", "una", "uno", "con", "al", "alla", "allo", "ai",
        "agli", "alle", "nel", "nella", "o", "su",
    },
    "ar": {"في", "من", "على", "علي", "الى", "الي", "عن", "مع", "او", "و", "ثم", "ذو", "ذات"},
}  # fmt: skip
MAX_REMEMBERED = 200_000  # stems remembered per language (the labels have about 40,000 words)
MAX_PHRASE = 4  # the longest lexicon entry, in words


def is_arabic(text: str) -> bool:
    """Whether ``text`` is written in Arabic script (more Arabic letters than Latin ones)."""
    arabic = len(_ARABIC_LETTER.findall(text))
    return arabic > 0 and arabic >= sum(1 for ch in text if "a" <= ch.lower() <= "z")


def fold(text: str) -> str:
    """Lower case without accents; Arabic without marks and with one form of each variant letter."""
    if text.isascii():  # most labels and queries: nothing to decompose, nothing Arabic
        return text.lower()
    text = normalise_arabic(_TANWEEN_ALEF.sub("", text))  # "ممرضاً": the accusative's alef is not the word's
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) or "\u0600" <= ch <= "\u06ff")


def _strip_article(word: str) -> str:
    for prefix in _ARABIC_ARTICLES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    return word


def arabic_light_stem(word: str) -> str:
    """A folded Arabic word without its article and its suffixes of number, gender and possession."""
    word = _strip_article(word)
    for suffix in _ARABIC_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
    return word


def _french_base(word: str) -> str:
    if len(word) > 3 and word[-1] in "sx" and not word.endswith("ss"):
        word = word[:-1]
    for feminine, masculine in _FRENCH_FEMININE:
        if word.endswith(feminine) and len(word) > len(feminine) + 2:
            return word[: -len(feminine)] + masculine
    return word


def _english_base(word: str) -> str:
    """Plurals Snowball leaves apart from their singular: "midwives", "craftsmen"."""
    if len(word) > 6 and word.endswith(("ment", "ments")):
        return word.removesuffix("s")  # kept whole below: "management" is not the "manager"
    if len(word) > 5 and word.endswith("ives"):
        return word[:-3] + "fe"
    if len(word) > 4 and word.endswith("men"):
        return word[:-3] + "man"
    return word


def _italian_base(word: str) -> str:
    return word[:-1] if len(word) > 4 and word[-1] in "aeio" else word


@dataclass(frozen=True, slots=True)
class Word:
    surface: str  # folded, as typed (after the lexicon)
    stem: str
    noise: bool  # says nothing of the job unless a label has it too


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, dict[str, object]]:
    raw = resources.files("imis_shared.reference").joinpath("data", "search_lexicon.json").read_text("utf-8")
    loaded: dict[str, dict[str, object]] = json.loads(raw)
    return loaded


class Analyzer:
    """The words of a text in one language (labels and queries alike); thread-safe, build once."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.head_first = language != "en"  # "infirmier de bloc", "سائق شاحنة"; but "theatre nurse"
        self._stems: dict[str, str] = {}  # the labels' words, and queries' up to MAX_REMEMBERED
        entry = _lexicon()[language]
        replace = entry["replace"]
        noise = entry["noise"]
        assert isinstance(replace, dict) and isinstance(noise, list)
        self._stop = frozenset(_STOP_WORDS[language])
        self._replace = {
            tuple(self._split(key)): [w for w in self._split(value) if w not in self._stop]
            for key, value in replace.items()
        }
        self._noise = frozenset(w for entry_word in noise for w in self._split(entry_word))
        generic = entry.get("generic", [])
        assert isinstance(generic, list)
        # Qualifiers naming a job's default kind: "infirmier de soins généraux" is "infirmier".
        self.generic = frozenset(self.stem(w) for entry_word in generic for w in self._split(entry_word))
        self._silenced = {key for key, value in self._replace.items() if not value}
        # The words that begin a lexicon entry: a word that begins none is looked up alone, once.
        self._starts = frozenset(key[0] for key in self._replace)

    def _split(self, text: str) -> list[str]:
        words = _WORD.findall(fold(text))
        if self.language == "ar":
            words = [_strip_article(word) for word in words]
        return words

    def stem(self, word: str) -> str:
        """The stem of a folded word (remembered: labels and queries repeat few words)."""
        found = self._stems.get(word)
        if found is None:
            found = self._stem(word)
            if len(self._stems) < MAX_REMEMBERED:  # anyone may send words: the memory stays bounded
                self._stems[word] = found
        return found

    def _stem(self, word: str) -> str:
        if self.language == "ar":
            return arabic_light_stem(word)
        if self.language == "en":
            word = _english_base(word)
            if word.endswith("ment"):
                return word
        elif self.language == "fr":
            word = _french_base(word)
        elif self.language == "it":
            word = _italian_base(word)
        return snowball_stem(word, self.language)

    def words(self, text: str) -> list[Word]:
        """The text's words in order: lexicon applied, stop words and single letters gone."""
        if self.language == "en":
            text = re.sub(r"\bIT\b", "ict", text)  # "IT support": the upper case is what tells it
        raw = self._split(text)
        out: list[Word] = []
        i = 0
        while i < len(raw):
            longest = min(MAX_PHRASE, len(raw) - i) if raw[i] in self._starts else 0
            for size in range(longest, 0, -1):
                phrase = tuple(raw[i : i + size])
                replacement = self._replace.get(phrase)
                if replacement is not None:
                    if phrase in self._silenced:
                        out.extend(Word(w, self.stem(w), True) for w in phrase if len(w) > 1)
                    else:
                        out.extend(Word(w, self.stem(w), False) for w in replacement)
                    i += size
                    break
            else:
                word = raw[i]
                i += 1
                if len(word) > 1 and word not in self._stop and not word.isdigit():
                    out.append(Word(word, self.stem(word), word in self._noise))
        return out

    def head(self, text: str, stems: list[str]) -> str:
        """The stem of the word that says what the person is: the first in French, Italian and Arabic;
        in English the last before a qualifier ("nurse" in "nurse responsible for general care" and in
        "theatre nurse")."""
        if not stems:
            return ""
        if self.head_first:
            return stems[0]
        before = re.split(
            r"\b(?:for|of|in|on|at|with|responsible|to|from|by)\b", text.casefold(), maxsplit=1
        )[0]
        own = self.stems(before)
        return own[-1] if own else stems[-1]

    def stems(self, text: str) -> list[str]:
        """The stems of a label's words (noise words included: a label's words are all its own)."""
        return [word.stem for word in self.words(text)]


@lru_cache(maxsize=len(LANGUAGES))
def analyzer(language: str) -> Analyzer:
    return Analyzer(language)
