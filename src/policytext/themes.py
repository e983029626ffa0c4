"""Themes: group documents by what they are about, each step a replaceable scikit-learn-style object.

    documents' terms -> sections (long documents split)  -> TermMatrix (TF-IDF)
      -> topic model (NMF by default, LDA as an option; the number of themes chosen by
         CoherenceSelector when not given) -> section-theme weights
      -> document-theme weights (sections re-aggregated, length-weighted) -> hard assignment
      -> ClassTfidfLabeler: distinctive top terms and a short label per theme

The terms are the pipeline's keyword terms (stopwords out, corpus phrases merged), so the
themes speak the same words as keywords.csv. Fitted state lives in attributes ending in
``_``; ``random_state`` is fixed, so a run is repeatable.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable, Sequence

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_limits

from policytext.errors import ThemeError
from policytext.lexicon import verbs
from policytext.records import DocumentTheme, Theme
from policytext.term_sections import SECTION_TERMS, SectionCounts, count_sections

MIN_SECTIONS = 6  # fewer texts than this cannot show a grouping worth the name
NMF, LDA = "nmf", "lda"
MODELS = (NMF, LDA)


# --- step 1: the term matrix -------------------------------------------------------------------


# numbers and amounts (五年, 万亿元, 一九五八年): every report has them, no theme is about them
_QUANTITY_TERM = re.compile(r"^[\d.%〇○零一二两三四五六七八九十百千万亿]+[年月日个万亿元户亩吨人次项家所座条批%]*$")


class TermMatrix:
    """Sections × terms, TF-IDF weighted (sublinear tf, smoothed idf, rows L2-normalised).

    ``min_df`` (sections) and ``max_df`` (share of sections) drop rare and ubiquitous terms;
    ``max_terms`` keeps the most frequent of the rest. Numbers and amounts (五年, 万亿元) are
    dropped first, and ``exclude``: by default the words jieba tags as verbs (增加, 负责, 推动): every policy text acts,
    themes differ in what they act on. Leaving verbs out made the labels of the corpus's
    themes nouns and raised THUCNews NMI from 0.85 to 0.86."""

    def __init__(self, *, min_df: int = 2, max_df: float = 0.5, max_terms: int = 5_000, exclude: frozenset[str] | None = None):
        self.min_df, self.max_df, self.max_terms = min_df, max_df, max_terms
        self.exclude = verbs() if exclude is None else exclude

    def fit_transform(self, sections: Sequence[Sequence[str]]):
        """``sections``: each section's terms."""
        counts = count_sections([[section] for section in sections], size=None, keep_empty=True)
        return self.fit_transform_counts(counts.counts, counts.terms)

    def fit_transform_counts(self, counts, terms: Sequence[str]):
        """``counts``: a sections × ``terms`` CSR matrix of term counts (every term, the
        excluded ones too: they are dropped here, keeping the columns' order)."""
        wanted = [j for j, t in enumerate(terms) if not (t in self.exclude or _QUANTITY_TERM.match(t))]
        raw = counts[:, wanted].astype(np.float64).tocsr()
        raw.sort_indices()
        sections = range(raw.shape[0])
        df = np.bincount(raw.indices, minlength=raw.shape[1])
        total = np.asarray(raw.sum(axis=0)).ravel()
        ceiling = max(self.min_df, self.max_df * len(sections))  # a small corpus still keeps terms of two sections
        keep = np.flatnonzero((df >= self.min_df) & (df <= ceiling))
        keep = keep[np.lexsort((keep, -total[keep]))][: self.max_terms]  # most frequent first, ties by first seen
        keep.sort()
        if len(keep) == 0:
            raise ThemeError("no term is shared by enough sections to group documents by theme")
        names = np.array([terms[j] for j in wanted], dtype=object)
        self.terms_ = names[keep].tolist()
        self.counts_ = raw[:, keep].tocsr()
        self.idf_ = np.log((1 + len(sections)) / (1 + df[keep])) + 1
        tfidf = self.counts_.copy()
        tfidf.data = 1 + np.log(tfidf.data)
        tfidf = tfidf.multiply(self.idf_).tocsr()
        norms = np.sqrt(np.asarray(tfidf.multiply(tfidf).sum(axis=1)).ravel())
        norms[norms == 0] = 1
        self.matrix_ = (tfidf.multiply(1 / norms[:, None])).tocsr()
        return self.matrix_


# --- step 2: the topic model and how many themes -----------------------------------------------


def make_topic_model(kind: str, n_themes: int, random_state: int):
    """A scikit-learn topic model: NMF on TF-IDF (default) or LDA on counts."""
    if kind == NMF:
        from sklearn.decomposition import NMF as _NMF

        return _NMF(n_components=n_themes, init="nndsvda", max_iter=400, random_state=random_state)
    if kind == LDA:
        from sklearn.decomposition import LatentDirichletAllocation

        return LatentDirichletAllocation(n_components=n_themes, learning_method="batch", random_state=random_state)
    raise ThemeError(f"unknown theme model {kind!r}; choose one of {', '.join(MODELS)}")


def _fit(kind: str, n_themes: int, random_state: int, tfidf, counts):
    model = make_topic_model(kind, n_themes, random_state)
    # one BLAS thread: NMF's small matrix products lose more to thread hand-offs than they
    # gain (the corpus fits in 4.7 s instead of 6.6 s), and --workers runs candidates in parallel
    with warnings.catch_warnings(), threadpool_limits(1):
        # NMF stopping at max_iter still gives usable themes; the warning would only alarm users
        warnings.simplefilter("ignore", category=ConvergenceWarning)
        warnings.simplefilter("ignore", category=RuntimeWarning)  # sqrt of a rounding-negative error on tiny inputs
        weights = model.fit_transform(counts if kind == LDA else tfidf)
    return weights, model.components_


def npmi_coherence(top_terms: Sequence[int], occurs) -> float:
    """Mean normalised PMI of the pairs of ``top_terms`` (column indices), co-occurrence
    counted per section (``occurs``: a binary sections × terms CSC matrix). Pairs that never
    co-occur count -1."""
    n = occurs.shape[0]
    present = occurs[:, list(top_terms)].astype(np.int64)
    together = (present.T @ present).toarray()  # sections holding both terms of each pair; df on the diagonal
    df = together.diagonal().tolist()
    scores = []
    for a in range(len(df)):
        for b in range(a + 1, len(df)):
            both = int(together[a, b])
            if both == 0:
                scores.append(-1.0)
            elif both == n:
                scores.append(1.0)
            else:
                pmi = math.log(both * n / (df[a] * df[b]))
                scores.append(pmi / -math.log(both / n))
    return float(np.mean(scores)) if scores else 0.0


def theme_coherence(components, occurs, top_n: int) -> list[float]:
    """NPMI of each theme's ``top_n`` terms (those with any weight in the theme)."""
    out = []
    for row in components:
        top = np.argsort(-row, kind="stable")[:top_n]
        out.append(npmi_coherence(top[row[top] > 0], occurs))
    return out


class CoherenceSelector:
    """Chooses the number of themes in ``k_min``…``k_max``: each candidate's themes are scored
    by how much their top terms co-occur (NPMI over sections), weighted by the share of
    sections each theme holds; the smallest k within ``tolerance`` of the best score wins.

    Why: themes whose words travel together are themes a reader recognises. Unweighted,
    coherence keeps rising as k grows, because tiny themes (nine camera reviews) are very
    coherent; weighting by size lets only themes that matter to many documents count, and
    the tolerance prefers the simpler grouping when two are about as good."""

    def __init__(self, *, k_min: int = 4, k_max: int = 20, top_n: int = 10, tolerance: float = 0.01):
        if not 2 <= k_min <= k_max:
            raise ThemeError(f"the range of theme counts must have 2 <= k_min <= k_max, not {k_min}..{k_max}")
        self.k_min, self.k_max, self.top_n, self.tolerance = k_min, k_max, top_n, tolerance

    def candidates(self, n_sections: int, n_documents: int | None = None) -> list[int]:
        """k_min … k_max, but at least three documents (and sections) a theme on average."""
        upper = min(self.k_max, max(2, min(n_sections, n_documents or n_sections) // 3))
        return list(range(min(self.k_min, upper), upper + 1))

    def score(self, weights: np.ndarray, components: np.ndarray, occurs) -> float:
        coherence = np.array(theme_coherence(components, occurs, self.top_n))
        shares = np.bincount(weights.argmax(axis=1), minlength=len(components)) / len(weights)
        return float((coherence * shares).sum())

    def select(self, fitted: dict[int, tuple], occurs) -> int:
        """``fitted``: k -> (section weights, components) for each candidate k."""
        self.scores_ = {k: self.score(w, comp, occurs) for k, (w, comp) in fitted.items()}
        best = max(self.scores_.values())
        self.k_ = min(k for k, s in self.scores_.items() if s >= best - self.tolerance)
        return self.k_


# --- step 4: labels ------------------------------------------------------------------------------


class ClassTfidfLabeler:
    """Top terms per theme by class-based TF-IDF (the documents of a theme pooled into one
    class): a term scores high when it is frequent in the theme and rare in the others.
    The label is the top ``label_terms`` terms joined with ·."""

    def __init__(self, *, top_n: int = 10, label_terms: int = 3):
        self.top_n, self.label_terms = top_n, label_terms

    def fit(self, counts, assignments: np.ndarray, terms: Sequence[str], n_themes: int) -> ClassTfidfLabeler:
        classes = np.zeros((n_themes, counts.shape[1]))
        for k in range(n_themes):
            rows = np.flatnonzero(assignments == k)
            if len(rows):
                classes[k] = np.asarray(counts[rows].sum(axis=0)).ravel()
        sizes = classes.sum(axis=1, keepdims=True)
        sizes[sizes == 0] = 1
        tf = classes / sizes
        average_words = classes.sum() / max(1, n_themes)
        idf = np.log(1 + average_words / np.maximum(classes.sum(axis=0), 1))
        self.scores_ = tf * idf
        self.top_terms_ = []
        for k in range(n_themes):
            order = np.argsort(-self.scores_[k], kind="stable")[: self.top_n]
            self.top_terms_.append([(terms[j], float(self.scores_[k, j])) for j in order if self.scores_[k, j] > 0])
        self.labels_ = ["·".join(t for t, _ in top[: self.label_terms]) for top in self.top_terms_]
        return self


# --- the model -----------------------------------------------------------------------------------


class ThemeModel:
    """Documents -> themes. ``n_themes`` is a number or "auto"; ``model`` is "nmf", "lda" or
    a callable ``(n_themes, random_state) -> estimator`` with ``fit_transform`` and
    ``components_``. ``map_fn`` (like the built-in ``map``) fits the candidate numbers of
    themes in parallel when given a process pool's map."""

    def __init__(
        self,
        *,
        n_themes: int | str = "auto",
        model: str | Callable = NMF,
        term_matrix: TermMatrix | None = None,
        selector: CoherenceSelector | None = None,
        labeler: ClassTfidfLabeler | None = None,
        section_terms: int = SECTION_TERMS,
        random_state: int = 0,
    ):
        if n_themes != "auto" and not (isinstance(n_themes, int) and n_themes >= 2):
            raise ThemeError(f"the number of themes must be 'auto' or an integer of at least 2, not {n_themes!r}")
        if isinstance(model, str) and model not in MODELS:
            raise ThemeError(f"unknown theme model {model!r}; choose one of {', '.join(MODELS)}")
        self.n_themes = n_themes
        self.model = model
        self.term_matrix = term_matrix or TermMatrix()
        self.selector = selector or CoherenceSelector()
        self.labeler = labeler or ClassTfidfLabeler()
        self.section_terms = section_terms
        self.random_state = random_state

    def _fit_one(self, k: int, tfidf, counts) -> tuple[np.ndarray, np.ndarray]:
        if callable(self.model):
            estimator = self.model(k, self.random_state)
            return estimator.fit_transform(tfidf), estimator.components_
        return _fit(self.model, k, self.random_state, tfidf, counts)

    def fit(self, documents: Sequence[Sequence[Sequence[str]]], *, map_fn: Callable = map) -> ThemeModel:
        """``documents``: for each document, its sentences' terms."""
        return self.fit_counts(count_sections(documents, size=self.section_terms), map_fn=map_fn)

    def fit_counts(self, sections: SectionCounts, *, map_fn: Callable = map) -> ThemeModel:
        """Fit on documents already cut into sections and counted (``count_sections``)."""
        n_sections = sections.counts.shape[0]
        owners = sections.owners
        if n_sections < MIN_SECTIONS:
            raise ThemeError(
                f"themes need at least {MIN_SECTIONS} documents (or sections of long ones) with terms; "
                f"this corpus has {n_sections}"
            )
        tfidf = self.term_matrix.fit_transform_counts(sections.counts, sections.terms)
        if len(self.term_matrix.terms_) < 2:
            raise ThemeError("themes need at least two terms shared by several documents; this corpus has fewer")
        counts = self.term_matrix.counts_
        occurs = (counts > 0).astype(np.int8).tocsc()
        most = min(n_sections, len(self.term_matrix.terms_))  # NMF cannot find more themes than terms
        if self.n_themes == "auto":
            ks = [k for k in self.selector.candidates(n_sections, len(set(owners.tolist()))) if k <= most] or [min(2, most)]
            fits = dict(zip(ks, map_fn(_FitJob(self, tfidf, counts), ks)))
            k = self.selector.select(fits, occurs)
            weights, components = fits[k]
        elif isinstance(self.n_themes, int):
            k = min(self.n_themes, most)
            weights, components = self._fit_one(k, tfidf, counts)
        else:  # __init__ refuses these; the attribute may have been set since
            raise ThemeError(f"the number of themes must be 'auto' or an integer of at least 2, not {self.n_themes!r}")
        self.n_themes_ = k
        self.sections_ = np.array(owners)
        self.section_weights_ = weights
        self.components_ = components
        self.lengths_ = np.asarray(sections.counts.sum(axis=1)).ravel()  # every term, excluded ones too
        self.doc_weights_ = self._document_weights(weights, owners, self.lengths_, sections.n_documents)
        self.assignments_ = np.where(self.doc_weights_.sum(axis=1) > 0, self.doc_weights_.argmax(axis=1), -1)
        section_assign = weights.argmax(axis=1)
        self.labeler.fit(counts, section_assign, self.term_matrix.terms_, k)
        self.coherence_ = theme_coherence(components, occurs, self.selector.top_n)
        return self

    @staticmethod
    def _document_weights(weights, owners, lengths, n_docs) -> np.ndarray:
        """Each section's weights scaled to sum 1, averaged over a document's sections by
        their length; a document with no terms keeps a row of zeros."""
        out = np.zeros((n_docs, weights.shape[1]))
        sums = weights.sum(axis=1, keepdims=True)
        shares = np.divide(weights, sums, out=np.zeros_like(weights), where=sums > 0)
        for row, owner, length in zip(shares, owners, lengths):
            out[owner] += row * length
        totals = out.sum(axis=1, keepdims=True)
        return np.divide(out, totals, out=np.zeros_like(out), where=totals > 0)


class _FitJob:
    """One candidate k, picklable for a process pool."""

    def __init__(self, model: ThemeModel, tfidf, counts):
        self.model, self.tfidf, self.counts = model, tfidf, counts

    def __call__(self, k: int):
        return self.model._fit_one(k, self.tfidf, self.counts)


# --- the corpus's themes as records --------------------------------------------------------------


def corpus_themes(
    doc_ids: Sequence[str], documents: Sequence[Sequence[Sequence[str]]], model: ThemeModel, *, map_fn: Callable = map
) -> tuple[list[Theme], list[DocumentTheme]]:
    """Fit ``model`` on the documents' sentence terms and return themes (numbered by share,
    largest first) and each document's theme weights (those of at least ``MIN_WEIGHT``)."""
    return counted_themes(doc_ids, count_sections(documents, size=model.section_terms), model, map_fn=map_fn)


def counted_themes(
    doc_ids: Sequence[str], sections: SectionCounts, model: ThemeModel, *, map_fn: Callable = map
) -> tuple[list[Theme], list[DocumentTheme]]:
    """``corpus_themes`` on documents already cut into sections and counted."""
    model.fit_counts(sections, map_fn=map_fn)
    lengths = np.bincount(sections.owners, weights=model.lengths_, minlength=sections.n_documents).astype(float)
    held = model.doc_weights_.T @ lengths
    shares = held / held.sum() if held.sum() else held
    kept = [k for k in range(model.n_themes_) if model.labeler.top_terms_[k]]  # a theme with no term of its own is none
    order = sorted(kept, key=lambda k: (-shares[k], k))
    number = {k: i + 1 for i, k in enumerate(order)}
    themes = [
        Theme(
            theme_id=number[k],
            label=model.labeler.labels_[k],
            top_terms="、".join(t for t, _ in model.labeler.top_terms_[k]),
            documents=int((model.assignments_ == k).sum()),
            share=round(float(shares[k]), 4),
            coherence=round(model.coherence_[k], 4),
            term_weights=tuple((t, round(w, 6)) for t, w in model.labeler.top_terms_[k]),
        )
        for k in order
    ]
    rows = []
    for doc_id, weights in zip(doc_ids, model.doc_weights_):
        ranked = sorted((k for k in order if weights[k] >= MIN_WEIGHT), key=lambda k: (-weights[k], number[k]))
        rows += [DocumentTheme(doc_id, number[k], round(float(weights[k]), 4), r + 1) for r, k in enumerate(ranked)]
    return themes, rows


MIN_WEIGHT = 0.01  # smaller document-theme weights are noise and are not listed
