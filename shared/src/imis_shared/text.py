"""Words of a text as a search engine compares them: folding, Arabic normalisation and Snowball stems.

Pure functions, no I/O, for any service that matches what people type against stored text. A word is
analysed in the same way wherever it comes from, so the forms a query word matches
(:func:`query_forms`) are always among the forms the same word is indexed under
(:func:`index_forms`): a text's word is found by a query word when the two sets meet.

- Every language: lower case; Arabic short vowels (tashkeel) and tatweel removed, alef variants
  (أ إ آ ٱ) to ا, ى to ي, ة to ه, ؤ to و, ئ to ي, so spelling habits do not matter.
- Stems: the Snowball algorithms (PyStemmer, the C build of the algorithms PostgreSQL's ``snowball``
  dictionaries use), then Latin accents folded (``santé`` and ``sante`` meet).
- Italian: Snowball takes ``-iere`` for the verb ending ``-ere`` ("infermiere" → "inferm",
  "infermieri" → "infermier"); the occupation nouns in ``-iere`` (infermiere, cameriere, cassiere) are
  stemmed as their plural in ``-ieri`` so they meet.
- Arabic: Snowball's Arabic stemmer treats a word with the article (ال) as a noun and takes off its
  number and gender endings ("الممرضات" → ممرض) but leaves more on a bare word ("ممرضات" → ممرضا),
  and takes off at most one prefix ("الوظيفة" → وظيف but "وظيفة" → ظيف). So a word without the
  article has two forms: its own stem and the stem it has with the article; a prefix Snowball took
  off is not kept in those (that is the index's business, below). The one-letter proclitics
  (و ف ب ك ل, which Snowball leaves or takes off by length alone: "كممرض", "بلاد") cannot be told
  from a word's first letter without a dictionary, so a text's word is also indexed under the
  forms of what remains without them ("كممرض" also as ممرض, "والممرضة" also as ممرض) while a query
  word is looked up as typed: "ممرض" finds "كممرض", but "كتاب" (book) never looks for "تاب".
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import Stemmer

# ISO 639-1 code → Snowball algorithm (those PyStemmer ships that have a two-letter code).
SNOWBALL: dict[str, str] = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "eo": "esperanto", "es": "spanish", "et": "estonian", "eu": "basque",
    "fa": "persian", "fi": "finnish", "fr": "french", "ga": "irish", "hi": "hindi", "hu": "hungarian",
    "hy": "armenian", "id": "indonesian", "it": "italian", "lt": "lithuanian", "ne": "nepali",
    "nl": "dutch", "no": "norwegian", "pl": "polish", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sr": "serbian", "st": "sesotho", "sv": "swedish", "ta": "tamil", "tr": "turkish",
    "yi": "yiddish",
}  # fmt: skip

# Short vowels, shadda, sukun, superscript alef, Quranic marks, and tatweel.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
ALEF, YEH, HEH, WAW, TEH_MARBUTA = "\u0627", "\u064a", "\u0647", "\u0648", "\u0629"
_ARABIC_LETTERS = str.maketrans(
    {
        "\u0623": ALEF,  # alef with hamza above
        "\u0625": ALEF,  # alef with hamza below
        "\u0622": ALEF,  # alef with madda
        "\u0671": ALEF,  # alef wasla
        "\u0649": YEH,  # alef maqsura
        TEH_MARBUTA: HEH,
        "\u0624": WAW,  # waw with hamza
        "\u0626": YEH,  # yeh with hamza
    }
)
# A word as written: letters and digits, with the combining marks (tashkeel, Latin accents written
# apart) and tatweel inside it. Underscores split words, as in both databases' tokenisers.
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640])+")
_TERM = re.compile(r"[^\W_]+")

# The article, alone or after a preposition (li + al is written لل); Snowball takes these off itself.
_ARTICLES = ("\u0627\u0644", "\u0644\u0644", "\u0628\u0627\u0644", "\u0643\u0627\u0644")
_CONJUNCTIONS = ("\u0648", "\u0641")  # wa, fa
_PREPOSITIONS = ("\u0628", "\u0643", "\u0644")  # bi, ka, li
MIN_ARABIC_REMAINDER = 3  # letters left after a proclitic, for it to be taken off


def normalise_arabic(text: str) -> str:
    """``text`` without Arabic tashkeel and tatweel, each variant letter in one form (other scripts
    unchanged): "تَأْشِيرَة" → "تاشيره"."""
    return _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)


def fold_accents(text: str) -> str:
    """Latin (and other) combining accents removed after compatibility decomposition: "infirmière"
    → "infirmiere". Arabic letters with hamza or madda lose them too; use :func:`normalise_arabic`
    first for Arabic text."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def fold(word: str) -> str:
    """The folded word as stop-word lists and stemmers take it: lower case, Arabic normalised."""
    return normalise_arabic(word.lower())


def word_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where each word of ``text`` starts and ends, in order (the words :func:`index_forms` takes).
    Lazy, and no Python code runs per word (snippets take every span of each text shown)."""
    return map(re.Match.span, _WORD.finditer(text))


def words(text: str) -> list[str]:
    """The words of ``text`` as written, in order."""
    return _WORD.findall(text)


def has_stemmer(language: str) -> bool:
    return language in SNOWBALL


_local = threading.local()


def _stemmer(language: str) -> Stemmer.Stemmer | None:
    """One Snowball stemmer per language and thread (a PyStemmer object is not thread-safe)."""
    cache: dict[str, Stemmer.Stemmer] | None = getattr(_local, "stemmers", None)
    if cache is None:
        cache = _local.stemmers = {}
    found = cache.get(language)
    if found is None and language in SNOWBALL:
        found = cache[language] = Stemmer.Stemmer(SNOWBALL[language])
    return found


def stem(word: str, language: str) -> str:
    """The Snowball stem of a folded word (:func:`fold`), accents folded; the word itself when the
    language has no stemmer. Italian ``-iere`` nouns are stemmed as their ``-ieri`` plural."""
    stemmer = _stemmer(language)
    if stemmer is None:
        return fold_accents(word)
    if language == "it" and len(word) >= 6 and word.endswith("iere"):
        word = word[:-1] + "i"
    if language == "ar" and word.endswith(HEH):
        word = word[:-1] + TEH_MARBUTA  # folded ة: Snowball takes the feminine ending off, not ه
    stemmed: str = stemmer.stemWord(word)
    return stemmed if language == "ar" else fold_accents(stemmed)


def _has_article(word: str) -> bool:
    return any(word.startswith(article) and len(word) > len(article) + 1 for article in _ARTICLES)


def _arabic_forms(word: str) -> frozenset[str]:
    if _has_article(word):
        return frozenset({stem(word, "ar")})
    definite = stem(_ARTICLES[0] + word, "ar")
    own = stem(word, "ar")
    # A prefix Snowball took off a bare word (و ف ب by length alone) is for the index to judge.
    return frozenset({definite, own}) if own[:1] == definite[:1] else frozenset({definite})


def arabic_remainders(word: str) -> list[str]:
    """What a folded Arabic word may be without its one-letter proclitics (conjunction و or ف, then
    preposition ب ك ل), longest first; only those of at least three letters that do not start with
    alef unless it is the article's ("والممرضة" → الممرضه; "كامله" keeps its ك)."""

    def plausible(rest: str) -> bool:
        return len(rest) >= MIN_ARABIC_REMAINDER and (not rest.startswith(ALEF) or _has_article(rest))

    found = []
    if word.startswith(_CONJUNCTIONS) and plausible(word[1:]):
        word = word[1:]
        found.append(word)
    if word.startswith(_PREPOSITIONS) and not _has_article(word) and plausible(word[1:]):
        found.append(word[1:])
    return found


@lru_cache(maxsize=65536)
def query_forms(word: str, language: str) -> frozenset[str]:
    """The terms a word typed in a query matches (any of them): usually one stem; two for an Arabic
    word without the article. Empty for a word with no letters or digits."""
    folded = fold(word)
    if not _TERM.fullmatch(folded):
        folded = "".join(_TERM.findall(folded))
        if not folded:
            return frozenset()
    if language == "ar":
        return _arabic_forms(folded)
    return frozenset({stem(folded, language)})


@lru_cache(maxsize=65536)
def index_forms(word: str, language: str) -> frozenset[str]:
    """The terms a word of a stored text is indexed under: its :func:`query_forms` and, in Arabic,
    those of what remains without its one-letter proclitics ("كممرض": كممرض and ممرض)."""
    forms = query_forms(word, language)
    if language != "ar" or not forms:
        return forms
    folded = "".join(_TERM.findall(fold(word)))
    for rest in arabic_remainders(folded):
        forms = forms | _arabic_forms(rest)
    return forms
