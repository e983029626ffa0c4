"""Change over time and terms that travel together: yearly shares of themes and keywords,
and keyword co-occurrence within sentences."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from policytext.records import Cooccurrence, DocumentFields, DocumentTheme, Theme, TrendPoint

PER_TOKENS = 10_000  # keyword frequencies per 10,000 tokens, so long and short years compare
_YEAR = re.compile(r"(?:1[89]|20)\d{2}")


def document_year(date: str) -> int | None:
    m = _YEAR.match(date or "")
    return int(m.group()) if m else None


def yearly_trends(
    documents: Sequence[DocumentFields],
    term_totals: Sequence[int],
    token_totals: Sequence[int],
    keyword_counts: Sequence[Mapping[str, int]] = (),
    *,
    themes: Sequence[Theme] = (),
    document_themes: Sequence[DocumentTheme] = (),
    keywords: Sequence[str] = (),
) -> list[TrendPoint]:
    """For each year with dated documents: each theme's share of the year's terms (documents
    weighted by their number of terms) and each keyword's frequency per 10,000 tokens.
    ``term_totals``, ``token_totals`` and ``keyword_counts`` are the documents' numbers of
    keyword terms, of segmenter tokens and of each of ``keywords``, in the order of
    ``documents``. Empty when no document has a date."""
    years: dict[int, list[int]] = {}
    for i, doc in enumerate(documents):
        year = doc.year if doc.year is not None else document_year(doc.date)  # year: checked against today
        if year is not None:
            years.setdefault(year, []).append(i)
    weights: dict[str, dict[int, float]] = {}
    for row in document_themes:
        weights.setdefault(row.doc_id, {})[row.theme_id] = row.weight
    out = []
    for year in sorted(years):
        members = years[year]
        total = sum(term_totals[i] for i in members)
        tokens = sum(token_totals[i] for i in members)
        if not total or not tokens:
            continue
        for theme in themes:
            held = sum(weights.get(documents[i].doc_id, {}).get(theme.theme_id, 0.0) * term_totals[i] for i in members)
            out.append(TrendPoint(year, "theme", theme.theme_id, theme.label, round(held / total, 4), "share", len(members)))
        counts: Counter[str] = Counter()
        for i in members:
            if keyword_counts:
                counts.update(keyword_counts[i])
        for term in keywords:
            value = round(counts[term] * PER_TOKENS / tokens, 3)
            out.append(TrendPoint(year, "keyword", None, term, value, f"per {PER_TOKENS // 1000}k tokens", len(members)))
    return out


@dataclass
class PairCounts:
    """Sentences with terms, and in how many of them each term and each pair of terms of a
    vocabulary occur: sums of chunks (``+``) are the corpus's."""

    sentences: int = 0
    single: Counter = field(default_factory=Counter)
    pairs: Counter = field(default_factory=Counter)

    def __add__(self, other: PairCounts) -> PairCounts:
        return PairCounts(self.sentences + other.sentences, self.single + other.single, self.pairs + other.pairs)


def count_pairs(sentence_terms: Iterable[Sequence[str]], vocabulary: Iterable[str]) -> PairCounts:
    wanted = set(vocabulary)
    counts = PairCounts()
    for terms in sentence_terms:
        if terms:
            counts.sentences += 1
        present = sorted(wanted.intersection(terms))
        counts.single.update(present)
        counts.pairs.update(combinations(present, 2))
    return counts


def pair_records(counts: PairCounts, *, min_count: int = 3) -> list[Cooccurrence]:
    """Pairs that share at least ``min_count`` sentences, with the count and PMI (log2
    p(a,b) / p(a)p(b) over sentences), most frequent pairs first."""
    out = []
    for (a, b), count in counts.pairs.items():
        if count >= min_count:
            pmi = math.log2(count * counts.sentences / (counts.single[a] * counts.single[b]))
            out.append(Cooccurrence(a, b, count, round(pmi, 4)))
    return sorted(out, key=lambda c: (-c.count, -c.pmi, c.source, c.target))


def cooccurrences(
    sentence_terms: Sequence[Sequence[str]], vocabulary: Sequence[str], *, min_count: int = 3
) -> list[Cooccurrence]:
    """Pairs of ``vocabulary`` terms that share at least ``min_count`` sentences (``pair_records``)."""
    return pair_records(count_pairs(sentence_terms, vocabulary), min_count=min_count)
