"""Rebuild services/info/src/imis_info/search/stop_words.json: the words a search leaves out.

English, French and Italian: the Snowball project's stop-word lists, as PostgreSQL ships them for its
text-search configurations (``<sharedir>/tsearch_data/<language>.stop``, found with ``pg_config
--sharedir``), so both databases leave out the same words. Arabic: Snowball has no list and
PostgreSQL's ``arabic`` configuration none, so the project keeps its own short list of function words
here (prepositions, pronouns, demonstratives, particles), folded as the index folds text.

Run it from the repository root: ``.venv/bin/python scripts/build_stop_words.py``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from imis_info.search.normalise import normalise

TARGET = Path("services/info/src/imis_info/search/stop_words.json")
SNOWBALL = {"en": "english", "fr": "french", "it": "italian"}
# Words the Snowball lists keep that are in nearly every text of their language (PostgreSQL's french
# configuration indexes "les" as "le"): left out of queries too, which both databases then see alike.
EXTRA = {"fr": ["les"]}
ATTRIBUTION = (
    "en, fr, it: Snowball stop-word lists (https://snowballstem.org, BSD 3-Clause licence, "
    "Copyright (c) 2001 Dr Martin Porter and Richard Boulton), as shipped by PostgreSQL; "
    "ar: the IMIS project's own list."
)
ARABIC = [
    "في",
    "من",
    "الى",
    "إلى",
    "على",
    "عن",
    "مع",
    "ب",
    "ل",
    "ك",
    "و",
    "ف",
    "ثم",
    "او",
    "أو",
    "ام",
    "أم",
    "بل",
    "لا",
    "لم",
    "لن",
    "ما",
    "ماذا",
    "متى",
    "اين",
    "أين",
    "كيف",
    "هل",
    "قد",
    "لقد",
    "ان",
    "إن",
    "أن",
    "انه",
    "إنه",
    "كان",
    "كانت",
    "يكون",
    "تكون",
    "ليس",
    "ليست",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "هؤلاء",
    "اولئك",
    "أولئك",
    "هنا",
    "هناك",
    "الذي",
    "التي",
    "الذين",
    "اللذان",
    "اللتان",
    "اللواتي",
    "هو",
    "هي",
    "هم",
    "هما",
    "هن",
    "انا",
    "أنا",
    "نحن",
    "انت",
    "أنت",
    "انتم",
    "أنتم",
    "كل",
    "بعض",
    "غير",
    "بين",
    "عند",
    "عندما",
    "حتى",
    "بعد",
    "قبل",
    "منذ",
    "خلال",
    "حول",
    "دون",
    "لدى",
    "لكن",
    "لكي",
    "كي",
    "اذا",
    "إذا",
    "لو",
    "لولا",
    "ايضا",
    "أيضا",
    "فقط",
    "جدا",
    "مثل",
    "او",
    "يا",
    "اي",
    "أي",
]


def snowball(sharedir: Path, language: str) -> list[str]:
    lines = (sharedir / "tsearch_data" / f"{language}.stop").read_text(encoding="utf-8").splitlines()
    return sorted({line.strip().lower() for line in lines if line.strip()})


def main() -> None:
    pg_config = shutil.which("pg_config")
    if pg_config is None:
        raise SystemExit("pg_config not found: install PostgreSQL (its stop-word files come with it)")
    found = subprocess.run([pg_config, "--sharedir"], capture_output=True, text=True, check=True)  # noqa: S603
    sharedir = Path(found.stdout.strip())
    words = {
        code: sorted({*snowball(sharedir, name), *EXTRA.get(code, [])}) for code, name in SNOWBALL.items()
    }
    words["ar"] = sorted({normalise(word) for word in ARABIC})
    TARGET.write_text(
        json.dumps({"attribution": ATTRIBUTION, "words": words}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {TARGET}: " + ", ".join(f"{code} {len(found)}" for code, found in sorted(words.items())))


if __name__ == "__main__":
    main()
