"""How well occupation search finds the right ESCO occupation from titles as people write them, in
English, French, Italian and Arabic, beside a BM25 baseline over the same labels.

    python bench/occupation_search_languages.py [EVAL_CSV] [--write-docs] [--misses]

EVAL_CSV defaults to bench/data/occupation_titles.csv (the project's own set, bench/data/README.md:
titles with abbreviations, typos, gender and plural forms, shift and contract noise, places and
colloquial Arabic trade names, never an ESCO label). Each title is sent, with its language, to the
search the jobs service serves at GET /api/v1/jobs/occupations?q=&lang=; a result is right when it is
one of the occupations the row accepts. Reported per language: top-1, top-5, MRR@20 (the reciprocal
rank of the first right occupation in the top 20), and the latency per query (p50, p95, worst).

The baseline is BM25 (rank-bm25's BM25Okapi, k1 = 1.5, b = 0.75) over the same labels of the same
language, each label a document and an occupation scored by its best label, with words folded (case,
accents, Arabic letter variants) but neither stemmed nor expanded: what a plain full-text index gives.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from proxy_clients import cpu_model, write_docs
from rank_bm25 import BM25Okapi

from imis_jobs.taxonomy.service import get_taxonomy
from imis_shared import reference
from imis_shared.reference.analysis import fold

ROOT = Path(__file__).resolve().parent
DEFAULT_EVAL = ROOT / "data" / "occupation_titles.csv"
DOCS = ROOT.parent / "docs" / "benchmarks.md"
START, END = "<!-- occupation-search-languages:start -->", "<!-- occupation-search-languages:end -->"
HEADING = "## Occupation search in four languages"
LANGUAGES = ("en", "fr", "it", "ar")
TOP = 20


@dataclass
class Tally:
    count: int = 0
    top1: int = 0
    top5: int = 0
    reciprocal: float = 0.0
    latencies: list[float] = field(default_factory=list)

    def add(self, ids: list[str], wanted: set[str], latency_ms: float | None = None) -> bool:
        self.count += 1
        ranks = [rank for rank, concept in enumerate(ids[:TOP]) if concept in wanted]
        self.top1 += bool(ranks) and ranks[0] == 0
        self.top5 += bool(ranks) and ranks[0] < 5
        self.reciprocal += 1 / (ranks[0] + 1) if ranks else 0.0
        if latency_ms is not None:
            self.latencies.append(latency_ms)
        return bool(ranks) and ranks[0] < 5

    def row(self, name: str) -> str:
        n = max(1, self.count)
        rates = [f"{self.top1 / n:.1%}", f"{self.top5 / n:.1%}", f"{self.reciprocal / n:.3f}"]
        cells = [name, str(self.count), *rates]
        return "| " + " | ".join(cells) + " |"


class Bm25:
    """BM25 over one language's occupation labels; an occupation scores its best label."""

    def __init__(self, language: str) -> None:
        labels = reference.labels(language).occupations
        self.owners: list[str] = []
        documents: list[list[str]] = []
        for concept, (label, alternatives) in labels.items():
            for text in (label, *alternatives):
                self.owners.append(concept)
                documents.append(self.words(text))
        self.index = BM25Okapi(documents)

    @staticmethod
    def words(text: str) -> list[str]:
        return [w for w in "".join(ch if ch.isalnum() else " " for ch in fold(text)).split() if w]

    def search(self, query: str) -> list[str]:
        scores = self.index.get_scores(self.words(query))
        best: dict[str, float] = {}
        for owner, score in zip(self.owners, scores, strict=True):
            if score > 0 and score > best.get(owner, 0.0):
                best[owner] = float(score)
        return [concept for concept, _ in sorted(best.items(), key=lambda item: (-item[1], item[0]))[:TOP]]


def evaluate(path: Path, show_misses: bool) -> str:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    taxonomy = get_taxonomy()
    started = time.perf_counter()
    for language in LANGUAGES:
        taxonomy.occupation_index_in(language)
        if language != "en":
            taxonomy.group_index_in(language)
    build_s = time.perf_counter() - started
    ours: dict[str, Tally] = defaultdict(Tally)
    baseline: dict[str, Tally] = defaultdict(Tally)
    bm25 = {language: Bm25(language) for language in LANGUAGES}
    misses: list[str] = []
    for row in rows:
        language, title = row["language"], row["title"]
        wanted = set(row["occupation_ids"].split("|"))
        for key in (language, "all"):
            ours.setdefault(key, Tally())
        began = time.perf_counter()
        ranked = taxonomy.search_occupations(title, None, TOP, 0, language)
        latency = (time.perf_counter() - began) * 1000
        ids = [occupation.id for occupation, _hit in ranked.items]
        found = ours[language].add(ids, wanted, latency)
        ours["all"].add(ids, wanted, latency)
        plain = bm25[language].search(title)
        baseline[language].add(plain, wanted)
        baseline["all"].add(plain, wanted)
        if not found:
            first = taxonomy.occupations[ids[0]].label if ids else "(nothing)"
            wanted_labels = " / ".join(taxonomy.occupations[w].label for w in sorted(wanted))
            misses.append(f"| {language} | {title} | {wanted_labels} | {first} |")
    every = ours["all"].latencies
    lines = [
        "Generated by `python bench/occupation_search.py --write-docs` (`make bench-occupation-search`).",
        "",
        f"- Date (UTC): {datetime.now(UTC):%Y-%m-%d}; machine: {cpu_model()},"
        f" Python {sys.version.split()[0]}",
        f"- Data: bench/data/{path.name}, {len(rows)} titles as job ads and job seekers write them, each with"
        " the ESCO occupations accepted as right (bench/data/README.md); the query is the title, with its"
        " language as `lang`.",
        f"- Latency of the search itself, one process, indexes built ({build_s:.1f} s for the four"
        f" languages): p50 {statistics.median(every):.2f} ms,"
        f" p95 {statistics.quantiles(every, n=100)[94]:.2f} ms, worst {max(every):.2f} ms.",
        "",
        "| language | titles | top-1 | top-5 | MRR@20 | BM25 top-1 | BM25 top-5 | BM25 MRR@20 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for language in (*LANGUAGES, "all"):
        mine, plain = ours[language], baseline[language]
        n = max(1, plain.count)
        lines.append(
            mine.row(language)
            + f" {plain.top1 / n:.1%} | {plain.top5 / n:.1%} | {plain.reciprocal / n:.3f} |"
        )
    if show_misses:
        lines += ["", f"Not in the top 5 ({len(misses)}):", "", "| lang | title | accepted | first result |"]
        lines += ["| --- | --- | --- | --- |", *misses]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("eval_csv", nargs="?", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list the titles not found in the top 5")
    args = parser.parse_args(argv)
    block = evaluate(args.eval_csv, args.misses)
    print(block)
    if args.write_docs:
        write_docs(DOCS, block, START, END, HEADING)
    return 0


if __name__ == "__main__":
    sys.exit(main())
