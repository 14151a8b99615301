"""imis_shared.text: folding, Snowball stems and the Arabic forms a query word meets (pure, no I/O)."""

from __future__ import annotations

import pytest

from imis_shared.text import (
    arabic_remainders,
    fold,
    fold_accents,
    index_forms,
    normalise_arabic,
    query_forms,
    stem,
    word_spans,
    words,
)

pytestmark = pytest.mark.database_independent


def meets(query: str, text_word: str, language: str) -> bool:
    return not query_forms(query, language).isdisjoint(index_forms(text_word, language))


class TestNormalisation:
    def test_arabic_marks_tatweel_and_letter_variants_fold(self) -> None:
        assert normalise_arabic("تَأْشِيرَة") == "تاشيره"
        assert normalise_arabic("إيطاليـــا") == "ايطاليا"
        assert normalise_arabic("آمن ٱلمسؤول على") == "امن المسوول علي"
        assert normalise_arabic("Infirmière") == "Infirmière"  # other scripts unchanged

    def test_fold_and_accents(self) -> None:
        assert fold("ÉTÉ") == "été"
        assert fold_accents("infirmière") == "infirmiere"

    def test_words_keep_their_marks_and_spans_line_up(self) -> None:
        text = "عمل كَمُمَرِّض, nurse_aid l'infirmière"
        assert words(text) == ["عمل", "كَمُمَرِّض", "nurse", "aid", "l", "infirmière"]
        assert [text[a:b] for a, b in word_spans(text)] == words(text)


class TestArabic:
    @pytest.mark.parametrize(
        "written", ["ممرض", "كممرض", "ممرضاً", "الممرضات", "للممرضين", "والممرضة", "ممرضة"]
    )
    def test_nurse_meets_its_inflected_and_prefixed_forms(self, written: str) -> None:
        assert meets("ممرض", written, "ar")

    @pytest.mark.parametrize("query", ["الممرضات", "ممرضات", "للممرضين", "ممرضة", "ممرضاً"])
    def test_inflected_queries_meet_the_bare_word(self, query: str) -> None:
        assert meets(query, "ممرض", "ar")

    @pytest.mark.parametrize(
        ("one", "other"),
        [
            ("زيارة", "وزارة"),
            ("عامل", "عمل"),
            ("عمال", "عمل"),
            ("كتاب", "كاتب"),
            ("سفر", "سفارة"),
            ("امل", "كاملة"),
        ],
    )
    def test_words_that_only_look_alike_stay_apart(self, one: str, other: str) -> None:
        assert not meets(one, other, "ar")
        assert not meets(other, one, "ar")

    def test_definite_and_bare_forms_meet_where_snowball_alone_parts_them(self) -> None:
        # Snowball: "وظيفة" → ظيف but "الوظيفة" → وظيف; "ممرضات" → ممرضا but "الممرضات" → ممرض.
        assert meets("وظيفة", "الوظيفة", "ar") and meets("الوظيفة", "وظيفة", "ar")
        assert meets("ممرضات", "الممرضات", "ar")

    def test_a_query_word_is_looked_up_as_typed_the_index_also_without_proclitics(self) -> None:
        assert query_forms("كممرض", "ar") == {"كممرض"}
        assert index_forms("كممرض", "ar") == {"كممرض", "ممرض"}
        assert not meets("كتاب", "تاب", "ar")

    def test_remainders_need_three_letters_and_no_bare_alef(self) -> None:
        assert arabic_remainders("والممرضه") == ["الممرضه"]
        assert arabic_remainders("وبمدينه") == ["بمدينه", "مدينه"]
        assert arabic_remainders("كامله") == []
        assert arabic_remainders("ولد") == []

    def test_forms_are_few(self) -> None:
        assert all(
            len(query_forms(word, "ar")) <= 2 for word in ["ممرض", "ممرضات", "وظيفة", "كممرض", "تاشيره"]
        )


class TestLatin:
    def test_french_plural_and_feminine_meet(self) -> None:
        assert meets("infirmières", "infirmier", "fr")
        assert meets("santé", "sante", "fr")

    def test_italian_iere_nouns_meet_their_plural(self) -> None:
        assert stem("infermiere", "it") == stem("infermieri", "it")
        assert meets("infermieri", "infermiere", "it")
        assert meets("camerieri", "cameriere", "it")

    def test_english_is_snowball(self) -> None:
        assert meets("permits", "permit", "en")
        assert meets("Nurses", "nursing", "en")

    def test_language_without_stemmer_keeps_the_folded_word(self) -> None:
        assert query_forms("Ökonomie", "xx") == {"okonomie"}

    def test_no_letters_no_forms(self) -> None:
        assert query_forms("--", "en") == frozenset()
