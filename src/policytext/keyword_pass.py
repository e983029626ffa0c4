"""The keyword pass, after every document is read: corpus phrases from the n-gram counts,
then (per document, in workers) keyword terms, their counts and TextRank, then TF-IDF over
the corpus. Chunks have a fixed size whatever the number of workers, and partial sums are
added in chunk order, so results are identical for any ``--workers``."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, replace

import numpy as np

from policytext.engine import Engine
from policytext.extract import keywords as kw
from policytext.extract.terms import NgramCounts, document_phrases, keyword_terms, select_phrases
from policytext.lexicon import load_stopwords
from policytext.metadata import infer_title
from policytext.options import PipelineOptions
from policytext.records import DocumentResult, Keyword

CHUNK_DOCS = 8  # documents per task, in both passes
TITLE_BOOST = 1.5  # keyword scores of terms in a document's title line are multiplied by this


@dataclass(frozen=True)
class DocumentTerms:
    """The keyword pass's result for one document: what the main process needs, and no more."""

    counts: tuple[tuple[str, int], ...]  # keyword-candidate terms (phrases merged), most frequent first
    title_terms: frozenset[str]  # terms of the title line, if the document starts with one
    textrank: list  # top-k TextRank keywords
    sentence_terms: tuple[tuple[str, ...], ...]  # each sentence's terms: what themes and co-occurrence read


@dataclass(frozen=True)
class TermsTask:
    """One chunk of the keyword pass: everything a worker needs travels in it."""

    documents: tuple[tuple[str, bool, tuple[tuple[str, ...], ...]], ...]  # (doc_id, has_title, sentence tokens)
    phrases: frozenset[tuple[str, ...]]  # corpus phrases, as token n-grams
    stopword_files: tuple[str, ...]
    top_k: int


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


def terms_chunk(task: TermsTask) -> tuple[list[DocumentTerms], dict[str, float]]:
    """Terms and TextRank for the task's documents, plus their sum of TextRank scores."""
    stopwords = load_stopwords(task.stopword_files)
    out: list[DocumentTerms] = []
    textrank_sum: dict[str, float] = {}
    for doc_id, has_title, tokens in task.documents:
        counts, title_terms, scores, terms = document_terms(tokens, stopwords, task.phrases, has_title=has_title)
        for term, score in scores.items():
            textrank_sum[term] = textrank_sum.get(term, 0.0) + score
        top = kw.top_keywords(doc_id, kw.TEXTRANK, boost_title(scores, title_terms), task.top_k)
        ranked = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        out.append(DocumentTerms(ranked, title_terms, top, tuple(tuple(t) for t in terms)))
    return out, textrank_sum


def _prepare_helper(stopword_files: tuple[str, ...]) -> None:
    load_stopwords(stopword_files)


def keyword_pass(
    docs: list[DocumentResult], ngram_counts: NgramCounts, options: PipelineOptions, *, engine: Engine, timings: dict
):
    """Phrases, the per-document terms and the corpus-level TF-IDF. Returns (documents with
    keywords and term counts, corpus keywords, each document's sentence terms by doc_id)."""
    t0 = time.perf_counter()
    n_ok = sum(1 for d in docs if d.ok)
    phrases = select_phrases(
        ngram_counts,
        stopwords=load_stopwords(options.stopword_files),
        min_count=options.phrase_min_count,
        min_docs=min(options.phrase_min_docs, n_ok),
        min_npmi=options.phrase_min_npmi,
    )
    ok_index = [i for i, d in enumerate(docs) if d.ok]
    documents = [(docs[i].doc_id, bool(infer_title(docs[i].text)), tuple(s.tokens for s in docs[i].sentences)) for i in ok_index]
    tasks = [
        TermsTask(tuple(documents[a : a + CHUNK_DOCS]), phrases, options.stopword_files, options.top_k)
        for a in range(0, len(documents), CHUNK_DOCS)
    ]
    t1 = time.perf_counter()
    timings["phrases_s"] = t1 - t0
    terms, textrank_sum = _run_terms(tasks, engine, options.stopword_files)
    t2 = time.perf_counter()
    timings["terms_textrank_s"] = t2 - t1
    doc_tfidf, tfidf_sum = tfidf_keywords(
        [d[0] for d in documents], [t.counts for t in terms], [t.title_terms for t in terms], options.top_k
    )
    docs = list(docs)
    for i, doc_terms, tfidf in zip(ok_index, terms, doc_tfidf):
        docs[i] = replace(docs[i], keywords=tuple(tfidf + doc_terms.textrank), term_counts=doc_terms.counts)
    corpus_kw = kw.corpus_keywords(tfidf_sum, n_ok, kw.TFIDF, options.corpus_top_k)
    corpus_kw += kw.corpus_keywords(textrank_sum, n_ok, kw.TEXTRANK, options.corpus_top_k)
    timings["tfidf_rank_s"] = time.perf_counter() - t2
    sentence_terms = {docs[i].doc_id: t.sentence_terms for i, t in zip(ok_index, terms)}
    return docs, corpus_kw, sentence_terms


def _run_terms(tasks: list[TermsTask], engine: Engine, stopword_files: tuple[str, ...]):
    """Every task's terms, in task order, and the TextRank sums added in that order."""
    sizes = [sum(len(s) for _, _, sentences in t.documents for s in sentences) for t in tasks]
    results = dict(engine.run_unordered(terms_chunk, tasks, sizes=sizes, prepare=_prepare_helper, prepare_args=(stopword_files,)))
    terms: list[DocumentTerms] = []
    textrank_sum: dict[str, float] = {}
    for index in range(len(tasks)):  # float sums in a fixed order: identical for any --workers
        chunk_terms, chunk_sum = results[index]
        terms.extend(_interned(t) for t in chunk_terms)
        for term, score in chunk_sum.items():
            textrank_sum[term] = textrank_sum.get(term, 0.0) + score
    return terms, textrank_sum


def _interned(terms: DocumentTerms) -> DocumentTerms:
    """The same terms, each one string for the whole corpus: the sentence terms are kept for
    the corpus stages, and a worker's result arrives with its own copy of every string."""
    sentence_terms = tuple(tuple(map(sys.intern, sentence)) for sentence in terms.sentence_terms)
    counts = tuple((sys.intern(term), n) for term, n in terms.counts)
    return replace(terms, counts=counts, sentence_terms=sentence_terms)


def tfidf_keywords(
    doc_ids: list[str], counts: list, title_terms: list, top_k: int
) -> tuple[list[list[Keyword]], dict[str, float]]:
    """TF-IDF over the corpus: each document's top-k keywords and each term's summed score."""
    matrix, vocabulary = kw.tfidf_matrix([dict(c) for c in counts])
    per_doc = [
        kw.top_keywords(doc_id, kw.TFIDF, boost_title(kw.tfidf_row_scores(matrix, vocabulary, row), titles), top_k)
        for row, (doc_id, titles) in enumerate(zip(doc_ids, title_terms))
    ]
    return per_doc, dict(zip(vocabulary, np.asarray(matrix.sum(axis=0)).ravel().tolist()))
