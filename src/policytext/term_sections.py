"""Documents cut into sections of about ``SECTION_TERMS`` terms and counted: what themes are
fitted on (``themes.ThemeModel``), made per chunk by the keyword pass (``keyword_pass``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

SECTION_TERMS = 800  # about 3,000 characters of policy prose: a long report is fitted in sections


def split_sections(sentence_terms: Sequence[Sequence[str]], size: int = SECTION_TERMS) -> list[list[str]]:
    """A document's terms in sections of about ``size`` terms, cut between sentences; a
    document under twice that stays whole."""
    total = sum(len(s) for s in sentence_terms)
    if total < 2 * size:
        return [[t for s in sentence_terms for t in s]]
    n = round(total / size)
    target = total / n
    sections: list[list[str]] = []
    current: list[str] = []
    filled = 0
    for s in sentence_terms:
        current.extend(s)
        filled += len(s)
        if filled >= target * (len(sections) + 1) and len(sections) < n - 1:
            sections.append(current)
            current = []
    if current:
        sections.append(current)
    return sections


@dataclass(frozen=True)
class SectionCounts:
    """Documents cut into sections (``split_sections``), as a sections × terms CSR matrix of
    counts; ``owners``: each section's document."""

    counts: Any
    terms: Sequence[str]
    owners: np.ndarray
    n_documents: int


def count_sections(
    documents: Sequence[Sequence[Sequence[str]]], *, size: int | None = SECTION_TERMS, keep_empty: bool = False
) -> SectionCounts:
    """``documents``: each one's sentences' terms; ``size=None`` keeps each document whole.
    Terms are numbered in the order they first occur; empty sections are left out unless
    ``keep_empty``."""
    from scipy.sparse import csr_matrix

    vocabulary: dict[str, int] = {}
    indptr, owners = [0], []
    indices: list[int] = []
    data: list[int] = []
    for i, sentences in enumerate(documents):
        parts = split_sections(sentences, size) if size else [[t for s in sentences for t in s]]
        for section in parts:
            if not section and not keep_empty:
                continue
            row: dict[int, int] = {}
            for t in section:
                j = vocabulary.setdefault(t, len(vocabulary))
                row[j] = row.get(j, 0) + 1
            indices += row
            data += row.values()
            indptr.append(len(indices))
            owners.append(i)
    matrix = csr_matrix(
        (np.array(data, dtype=np.int64), np.array(indices, dtype=np.int64), np.array(indptr)),
        shape=(len(owners), len(vocabulary)),
    )
    return SectionCounts(matrix, list(vocabulary), np.array(owners, dtype=np.int64), len(documents))
