"""The keyword pass, after every document is read: corpus phrases from the n-gram counts,
then (per chunk of the store, in workers) each document's keyword terms, their counts and
TextRank, then TF-IDF over the corpus in the main process.

Workers write each document's term counts and sentence terms to the store and hand back only
counts in a vocabulary of the chunk's own; the main process merges them into the corpus's
term matrices (documents × terms, and sections × terms for themes). Chunks have a fixed size
whatever the number of workers, and partial sums are added in chunk order, so results are
identical for any ``--workers`` and engine."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy.sparse import csr_matrix

from policytext.cache import ResultCache
from policytext.engine import Engine
from policytext.extract import keywords as kw
from policytext.extract.terms import NgramCounts, document_phrases, keyword_terms, select_phrases
from policytext.lexicon import load_stopwords
from policytext.metadata import infer_title
from policytext.options import PipelineOptions
from policytext.records import DocumentSummary, Keyword
from policytext.store import (
    KEYWORDS,
    SENTENCE_TERMS,
    SENTENCES,
    TERM_COUNTS,
    TEXTS,
    ResultStore,
    SentenceTerms,
    TermCount,
)
from policytext.term_sections import count_sections

TITLE_BOOST = 1.5  # keyword scores of terms in a document's title line are multiplied by this


def document_terms(sentence_tokens, stopwords: frozenset[str], phrases: frozenset, *, has_title: bool):
    """Term counts, title terms and TextRank scores of one document, from its sentences' tokens.

    Corpus phrases and the document's own repeated phrases are merged into single terms.
    """
    terms = keyword_terms(sentence_tokens, stopwords, phrases, extra=document_phrases(sentence_tokens, stopwords))
    counts: dict[str, int] = {}
    for sent in terms:
        for t in sent:
            counts[t] = counts.get(t, 0) + 1
    title_terms = frozenset(terms[0]) if has_title and terms else frozenset()
    return counts, title_terms, kw.textrank_scores(terms), terms


def boost_title(scores: dict[str, float], title_terms: frozenset[str]) -> dict[str, float]:
    """Terms in the title name what a document is about; rank them higher."""
    if not title_terms:
        return scores
    return {t: s * TITLE_BOOST if t in title_terms else s for t, s in scores.items()}


# --- one chunk ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChunkTerms:
    """A chunk's keyword terms as counts over a vocabulary of its own (``terms``, in the order
    the terms first occur): CSR matrices of documents and of their sections (themes fit
    sections); and what keywords need."""

    doc_ids: tuple[str, ...]
    terms: tuple[str, ...]
    doc_counts: csr_matrix  # a row per document
    section_counts: csr_matrix  # a row per non-empty section (themes.split_sections)
    section_owners: np.ndarray  # the document (row of doc_counts) of each section
    title_terms: tuple[frozenset[str], ...]
    textrank: tuple[tuple[Keyword, ...], ...]  # each document's top TextRank keywords
    textrank_sum: np.ndarray  # each term's TextRank scores summed over the chunk's documents, for the corpus keywords


def chunk_terms(
    documents: Sequence[tuple[str, bool, Sequence[Sequence[str]]]], phrases: frozenset, stopwords: frozenset[str], top_k: int
) -> tuple[ChunkTerms, list[list[list[str]]]]:
    """The terms of ``documents`` ((doc_id, has a title line, sentence tokens) each), and
    each document's sentence terms."""
    titles, textrank, all_terms, doc_rows, doc_scores = [], [], [], [], []
    for doc_id, has_title, tokens in documents:
        counts, title_terms, scores, terms = document_terms(tokens, stopwords, phrases, has_title=has_title)
        doc_scores.append(scores)
        titles.append(title_terms)
        textrank.append(tuple(kw.top_keywords(doc_id, kw.TEXTRANK, boost_title(scores, title_terms), top_k)))
        all_terms.append(terms)
        doc_rows.append(counts)
    sections = count_sections(all_terms)  # numbers every term of the chunk, in the order they occur
    index = {t: j for j, t in enumerate(sections.terms)}
    indptr = np.cumsum([0, *map(len, doc_rows)], dtype=np.int64)
    indices = np.fromiter((index[t] for row in doc_rows for t in row), dtype=np.int64, count=int(indptr[-1]))
    data = np.fromiter((n for row in doc_rows for n in row.values()), dtype=np.int64, count=int(indptr[-1]))
    textrank_sum = np.zeros(len(index))
    for scores in doc_scores:  # in document order: float sums identical for any --workers
        for term, score in scores.items():
            textrank_sum[index[term]] += score
    out = ChunkTerms(
        doc_ids=tuple(d[0] for d in documents),
        terms=tuple(sections.terms),
        doc_counts=csr_matrix((data, indices, indptr), shape=(len(doc_rows), len(index))),
        section_counts=sections.counts,
        section_owners=sections.owners,
        title_terms=tuple(titles),
        textrank=tuple(textrank),
        textrank_sum=textrank_sum,
    )
    return out, all_terms


@dataclass(frozen=True)
class TermsTask:
    """One chunk of the keyword pass: it reads the chunk's texts and tokens from the store
    and writes the documents' term counts and sentence terms back."""

    store: ResultStore
    chunk: int
    phrases: frozenset[tuple[str, ...]]  # corpus phrases, as token n-grams
    stopword_files: tuple[str, ...]
    top_k: int
    cache: ResultCache | None = None
    key: str | None = None  # the chunk's cache key: its documents' keys, the phrases, top_k


def terms_chunk(task: TermsTask) -> ChunkTerms:
    """A chunk's terms: computed, or taken from the cache when the chunk's documents and the
    corpus phrases are the last run's; its parts written to the store either way."""
    entry = task.cache.get_chunk(task.key) if task.cache is not None and task.key else None
    if entry is not None and isinstance(entry[0], ChunkTerms):
        found, files = entry
        task.store.link_chunk_files(task.chunk, files)
        return found
    found, counts, sentence_terms = _chunk_terms(task)
    task.store.write_columns(TERM_COUNTS, task.chunk, counts, TermCount)
    task.store.write_columns(SENTENCE_TERMS, task.chunk, sentence_terms, SentenceTerms)
    if task.cache is not None and task.key:
        task.cache.put_chunk(task.key, found, task.store.chunk_paths(task.chunk, (TERM_COUNTS, SENTENCE_TERMS)))
    return found


def _chunk_terms(task: TermsTask) -> tuple[ChunkTerms, dict[str, list], dict[str, list]]:
    """A chunk's terms, its ``term_counts`` and its ``sentence_terms`` (as columns)."""
    store = task.store
    texts = store.rows(TEXTS, ("doc_id", "text"), chunks=(task.chunk,))
    sentences: dict[str, list[tuple[int, list[str]]]] = {}
    for doc_id, sentence_id, tokens in store.rows(SENTENCES, ("doc_id", "sentence_id", "tokens"), chunks=(task.chunk,)):
        sentences.setdefault(doc_id, []).append((sentence_id, tokens))
    documents = [(doc_id, bool(infer_title(text)), [t for _, t in sentences.get(doc_id, ())]) for doc_id, text in texts]
    found, terms = chunk_terms(documents, task.phrases, load_stopwords(task.stopword_files), task.top_k)
    counts: dict[str, list] = {"doc_id": [], "term": [], "count": []}
    sentence_terms: dict[str, list] = {"doc_id": [], "sentence_id": [], "terms": []}
    for doc_id, doc_terms in zip(found.doc_ids, terms):
        tally: dict[str, int] = {}
        for sentence in doc_terms:
            for t in sentence:
                tally[t] = tally.get(t, 0) + 1
        ranked = sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))
        counts["doc_id"] += [doc_id] * len(ranked)
        counts["term"] += [t for t, _ in ranked]
        counts["count"] += [n for _, n in ranked]
        ids = [sentence_id for sentence_id, _ in sentences.get(doc_id, ())]
        sentence_terms["doc_id"] += [doc_id] * len(ids)
        sentence_terms["sentence_id"] += ids
        sentence_terms["terms"] += doc_terms[: len(ids)]
    return found, counts, sentence_terms


# --- the corpus ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusTerms:
    """The processed documents' keyword terms as counts: what the corpus stages read instead
    of texts. ``terms`` is the vocabulary in the order terms first occur in the corpus."""

    doc_ids: tuple[str, ...]
    terms: tuple[str, ...]
    doc_counts: csr_matrix  # documents × terms
    section_counts: csr_matrix  # sections × terms (documents cut by themes.split_sections)
    section_owners: np.ndarray  # each section's row of doc_counts

    def totals(self) -> dict[str, int]:
        """Corpus-wide count of each term."""
        return dict(zip(self.terms, np.asarray(self.doc_counts.sum(axis=0)).ravel().tolist()))

    def document_lengths(self) -> np.ndarray:
        """Each document's number of terms."""
        return np.asarray(self.doc_counts.sum(axis=1)).ravel()


class TermMerger:
    """Chunks' terms merged as they arrive, in any order, into what merging them in chunk
    order gives: the vocabulary in first-occurrence order, the rows in chunk order and the
    TextRank sums added in chunk order. Each chunk's vocabulary is folded in on arrival, so
    only integer and float arrays wait for the chunks before them."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._first: list[tuple[int, int]] = []  # each term's first occurrence: (chunk, position in its vocabulary)
        self._chunks: dict[int, tuple[ChunkTerms, np.ndarray]] = {}

    def add(self, index: int, chunk: ChunkTerms) -> None:
        ids = np.empty(len(chunk.terms), dtype=np.int64)
        for j, term in enumerate(chunk.terms):
            gid = self._ids.setdefault(term, len(self._ids))
            if gid == len(self._first):
                self._first.append((index, j))
            elif (index, j) < self._first[gid]:
                self._first[gid] = (index, j)
            ids[j] = gid
        self._chunks[index] = (replace(chunk, terms=()), ids)  # the chunk's strings are not kept

    def result(self) -> tuple[CorpusTerms, list[ChunkTerms], dict[str, float]]:
        """The corpus's term counts, the chunks in order (without their vocabularies) and the
        summed TextRank scores of every term."""
        order = sorted(range(len(self._first)), key=self._first.__getitem__)
        renumber = np.empty(len(order), dtype=np.int64)
        renumber[order] = np.arange(len(order))
        by_id = list(self._ids)
        terms = tuple(by_id[gid] for gid in order)
        chunks = [self._chunks[i] for i in sorted(self._chunks)]
        sums = np.zeros(len(terms))
        owners, rows = [], 0
        for chunk, ids in chunks:
            sums[renumber[ids]] += chunk.textrank_sum  # chunk order: float sums identical for any --workers
            owners.append(chunk.section_owners + rows)
            rows += len(chunk.doc_ids)
        corpus = CorpusTerms(
            doc_ids=tuple(d for chunk, _ in chunks for d in chunk.doc_ids),
            terms=terms,
            doc_counts=_stack([(c.doc_counts, renumber[ids]) for c, ids in chunks], len(terms)),
            section_counts=_stack([(c.section_counts, renumber[ids]) for c, ids in chunks], len(terms)),
            section_owners=np.concatenate(owners) if owners else np.zeros(0, dtype=np.int64),
        )
        return corpus, [c for c, _ in chunks], dict(zip(terms, sums.tolist()))


def _stack(parts: list[tuple[csr_matrix, np.ndarray]], n_terms: int) -> csr_matrix:
    """The chunks' matrices one under the other, their columns renumbered by ``ids``."""
    indptr, indices, data, offset = [np.zeros(1, dtype=np.int64)], [], [], 0
    for matrix, ids in parts:
        indptr.append(matrix.indptr[1:].astype(np.int64) + offset)
        indices.append(ids[matrix.indices])
        data.append(matrix.data)
        offset += matrix.nnz
    rows = sum(len(p) for p in indptr) - 1
    empty = np.zeros(0, dtype=np.int64)
    return csr_matrix(
        (np.concatenate(data) if data else empty, np.concatenate(indices) if indices else empty, np.concatenate(indptr)),
        shape=(rows, n_terms),
    )


def tfidf_keywords(
    terms: CorpusTerms, title_terms: Sequence[frozenset[str]], top_k: int
) -> tuple[list[list[Keyword]], dict[str, float]]:
    """TF-IDF over the corpus: each document's top-k keywords and each term's summed score."""
    order = sorted(range(len(terms.terms)), key=terms.terms.__getitem__)  # columns in term order, as tfidf_matrix has them
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    counts = csr_matrix(
        (terms.doc_counts.data.astype(float), rank[terms.doc_counts.indices], terms.doc_counts.indptr),
        shape=terms.doc_counts.shape,
    )
    sorted_terms = [terms.terms[j] for j in order]
    matrix = kw.tfidf_from_counts(counts)
    per_doc = [
        kw.top_keywords(doc_id, kw.TFIDF, boost_title(kw.tfidf_row_scores(matrix, sorted_terms, row), titles), top_k)
        for row, (doc_id, titles) in enumerate(zip(terms.doc_ids, title_terms))
    ]
    return per_doc, dict(zip(sorted_terms, np.asarray(matrix.sum(axis=0)).ravel().tolist()))


def corpus_phrases(ngram_counts: NgramCounts, options: PipelineOptions, n_documents: int) -> frozenset:
    return select_phrases(
        ngram_counts,
        stopwords=load_stopwords(options.stopword_files),
        min_count=options.phrase_min_count,
        min_docs=min(options.phrase_min_docs, n_documents),
        min_npmi=options.phrase_min_npmi,
    )


def _prepare_helper(stopword_files: tuple[str, ...]) -> None:
    load_stopwords(stopword_files)


def keyword_pass(
    store: ResultStore,
    summaries: Sequence[DocumentSummary],
    ngram_counts: NgramCounts,
    options: PipelineOptions,
    *,
    engine: Engine,
    timings: dict,
    chunk_docs: int,
    cache: ResultCache | None = None,
    doc_keys: Sequence[str | None] = (),
) -> tuple[list[Keyword], CorpusTerms]:
    """Phrases, every document's terms and keywords (written to the store: ``term_counts``,
    ``sentence_terms``, ``keywords``) and the corpus keywords. Returns (corpus keywords, the
    corpus's term counts)."""
    t0 = time.perf_counter()
    n_ok = sum(1 for s in summaries if s.ok)
    phrases = corpus_phrases(ngram_counts, options, n_ok)
    n_chunks = (len(summaries) + chunk_docs - 1) // chunk_docs
    chunks = [c for c in range(n_chunks) if any(s.ok for s in summaries[c * chunk_docs : (c + 1) * chunk_docs])]
    digest = hashlib.sha256(repr(sorted(phrases)).encode()).hexdigest()
    tasks = []
    for c in chunks:
        keys = [k for s, k in zip(summaries[c * chunk_docs : (c + 1) * chunk_docs], doc_keys[c * chunk_docs :]) if s.ok]
        key = cache.chunk_key(keys, digest, str(options.top_k)) if cache and doc_keys else None
        tasks.append(TermsTask(store, c, phrases, options.stopword_files, options.top_k, cache, key))
    t1 = time.perf_counter()
    timings["phrases_s"] = t1 - t0
    sizes = [sum(s.chars for s in summaries[c * chunk_docs : (c + 1) * chunk_docs]) for c in chunks]
    merger = TermMerger()
    for index, found in engine.run_unordered(
        terms_chunk, tasks, sizes=sizes, prepare=_prepare_helper, prepare_args=(options.stopword_files,)
    ):
        merger.add(index, found)
    terms, results, textrank_sum = merger.result()
    t2 = time.perf_counter()
    timings["terms_textrank_s"] = t2 - t1
    tfidf, tfidf_sum = tfidf_keywords(terms, [t for chunk in results for t in chunk.title_terms], options.top_k)
    row = 0
    for c, chunk in zip(chunks, results):
        rows = [k for i in range(len(chunk.doc_ids)) for k in (*tfidf[row + i], *chunk.textrank[i])]
        store.write(KEYWORDS, c, rows, Keyword)
        row += len(chunk.doc_ids)
    corpus_kw = kw.corpus_keywords(tfidf_sum, n_ok, kw.TFIDF, options.corpus_top_k)
    corpus_kw += kw.corpus_keywords(textrank_sum, n_ok, kw.TEXTRANK, options.corpus_top_k)
    timings["tfidf_rank_s"] = time.perf_counter() - t2
    return corpus_kw, terms


def text_keywords(doc_id: str, sentence_tokens, has_title: bool, ngram_counts: NgramCounts, options: PipelineOptions):
    """A text's keywords and term counts as a corpus of one (TF-IDF is then term frequency)."""
    phrases = corpus_phrases(ngram_counts, options, 1)
    found, _ = chunk_terms([(doc_id, has_title, sentence_tokens)], phrases, load_stopwords(options.stopword_files), options.top_k)
    merger = TermMerger()
    merger.add(0, found)
    terms, _, _ = merger.result()
    tfidf, _ = tfidf_keywords(terms, found.title_terms, options.top_k)
    totals = terms.totals()
    ranked = tuple(sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])))
    return (*tfidf[0], *found.textrank[0]), ranked
