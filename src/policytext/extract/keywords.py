"""Keywords per document and for the corpus: TF-IDF against the corpus, and TextRank.

Both work from the terms the pipeline already made (``extract.terms.keyword_terms``); nothing
here segments text again. Scores are comparable within a method: TF-IDF rows are L2-normalised
per document, TextRank scores are scaled so that a document's top term scores 1.0. Corpus-level
scores are the mean of the document scores over all documents.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np

from policytext.records import CORPUS_DOC_ID, Keyword

TFIDF = "tfidf"
TEXTRANK = "textrank"


def textrank_scores(
    term_sentences: Sequence[Sequence[str]], *, window: int = 5, damping: float = 0.85, max_iter: int = 100
) -> dict[str, float]:
    """TextRank (Mihalcea & Tarau 2004) over a co-occurrence graph of terms within ``window``
    terms of each other inside a sentence; PageRank by power iteration; top term scores 1.0."""
    from scipy.sparse import coo_matrix

    vocab: dict[str, int] = {}
    ids = np.fromiter((vocab.setdefault(t, len(vocab)) for terms in term_sentences for t in terms), dtype=np.int64)
    n = len(vocab)
    if n == 0:
        return {}
    sentence_of = np.repeat(np.arange(len(term_sentences)), [len(t) for t in term_sentences])
    row_parts, col_parts = [], []
    for k in range(1, window):  # pairs k apart inside one sentence
        same = (sentence_of[k:] == sentence_of[:-k]) & (ids[k:] != ids[:-k])
        row_parts.append(ids[:-k][same])
        col_parts.append(ids[k:][same])
    rows, cols = np.concatenate(row_parts), np.concatenate(col_parts)
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n)).tocsr()
    graph = (graph + graph.T).tocsr()  # undirected; repeated pairs add up to edge weights
    strength = np.asarray(graph.sum(axis=1)).ravel()
    strength[strength == 0] = 1.0
    transition = graph.multiply(1.0 / strength[:, None]).T.tocsr()
    score = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        new = (1 - damping) / n + damping * (transition @ score)
        done = np.abs(new - score).sum() < 1e-9
        score = new
        if done:
            break
    score = score / score.max()
    return dict(zip(vocab, score.tolist()))


def tfidf_matrix(term_counts: Sequence[dict[str, int]]):
    """Sublinear TF-IDF over the corpus: the weighting of scikit-learn's
    ``TfidfTransformer(sublinear_tf=True)`` (tf = 1 + ln count, idf = ln((1 + n) / (1 + df)) + 1,
    rows L2-normalised), written out with numpy because importing scikit-learn costs a second
    per run; tests/extract/test_keywords.py checks it against scikit-learn.

    Returns ``(matrix, terms)``: a CSR matrix with one row per document and sorted terms.
    """
    from scipy.sparse import csr_matrix

    terms = sorted(set().union(*term_counts)) if term_counts else []
    index = {t: i for i, t in enumerate(terms)}
    indptr = [0]
    indices: list[int] = []
    data: list[int] = []
    for counts in term_counts:
        indices.extend(index[t] for t in counts)
        data.extend(counts.values())
        indptr.append(len(indices))
    matrix = csr_matrix(
        (np.array(data, dtype=float), np.array(indices, dtype=np.int64), np.array(indptr)), shape=(len(term_counts), len(terms))
    )
    return tfidf_from_counts(matrix), terms


def tfidf_from_counts(counts):
    """The TF-IDF weighting of ``tfidf_matrix`` applied to a documents × terms CSR matrix of
    counts (float): a new matrix, indices sorted within rows."""
    matrix = counts.copy()
    matrix.sort_indices()
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    idf = np.log((1 + matrix.shape[0]) / (1 + df)) + 1
    matrix.data = (1 + np.log(matrix.data)) * idf[matrix.indices]
    row_of = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    norms = np.sqrt(np.bincount(row_of, weights=matrix.data**2, minlength=matrix.shape[0]))
    matrix.data /= norms[row_of]
    return matrix


def top_keywords(doc_id: str, method: str, scores: dict[str, float], k: int) -> list[Keyword]:
    """The ``k`` best terms, ties broken by the term so runs are deterministic.

    A term contained in a better-ranked term (改革 under 全面深化改革) is skipped: it adds
    nothing a reader does not already see.
    """
    order = lambda kv: (-kv[1], kv[0])  # noqa: E731
    for pool_size in (4 * k + 16, len(scores)):  # a short heap almost always suffices
        chosen: list[tuple[str, float]] = []
        for term, score in heapq.nsmallest(pool_size, scores.items(), key=order):
            if len(chosen) >= k:
                break
            if score <= 0 or any(term in better for better, _ in chosen):
                continue
            chosen.append((term, score))
        if len(chosen) >= k or pool_size >= len(scores):
            break
    return [Keyword(doc_id, method, rank, term, round(score, 6)) for rank, (term, score) in enumerate(chosen, 1)]


def corpus_keywords(score_sums: dict[str, float], n_docs: int, method: str, k: int) -> list[Keyword]:
    """Corpus keywords: each term's mean score over ``n_docs`` documents (absent counts as 0),
    from the sum of its document scores."""
    n = max(n_docs, 1)
    return top_keywords(CORPUS_DOC_ID, method, {t: s / n for t, s in score_sums.items()}, k)


def tfidf_row_scores(matrix, terms: list[str], row: int) -> dict[str, float]:
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    return {terms[j]: float(v) for j, v in zip(matrix.indices[start:end], matrix.data[start:end])}
