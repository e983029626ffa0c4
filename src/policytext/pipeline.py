"""The pipeline: folder -> documents -> sentences and tokens -> entities, claims, keywords.

Stage 1 runs per document in worker processes: read, normalise, split sentences, segment,
find named entities (reusing the tokens) and quantitative claims, count n-grams. The main process then picks corpus
phrases; stage 2 (again per document, in workers) turns tokens into keyword terms, counts
them and runs TextRank; the main process fits TF-IDF over the corpus. Results are identical for any number of workers.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from policytext import metadata as meta
from policytext import parallel
from policytext.errors import DocumentReadError, NoDocumentsProcessedError, ThemeError
from policytext.extract import keywords as kw
from policytext.extract.entities import document_entities
from policytext.extract.number_spans import load_units
from policytext.extract.quantities import document_context, document_quantities
from policytext.extract.references import document_references, load_formulas
from policytext.extract.terms import (
    NgramCounts,
    count_ngrams,
    document_phrases,
    keyword_terms,
    select_phrases,
)
from policytext.faults import checkpoint
from policytext.ingest import SourceFile, discover, name_warnings, read_source
from policytext.ingest.limits import DEFAULT_READ_LIMITS, ReadLimits
from policytext.lexicon import load_stopwords, read_userdict, read_word_lines
from policytext.normalise import normalise
from policytext.records import INTERNAL_ERROR, CorpusResult, DocumentResult, Quantity, Reference
from policytext.runlog import RunLog
from policytext.sections import document_sections
from policytext.segment import SegmenterBackend, SegmenterConfig, check_backend, get_segmenter
from policytext.sentences import split_sentences
from policytext.themes import ThemeModel, corpus_themes
from policytext.trends import cooccurrences, yearly_trends


@dataclass(frozen=True)
class PipelineOptions:
    """Everything that decides what a run produces; recorded in manifest.json."""

    segmenter: SegmenterConfig = field(default_factory=SegmenterConfig)
    stopword_files: tuple[str, ...] = ()
    top_k: int = 20  # keywords per document and method
    corpus_top_k: int = 100  # corpus keywords per method
    read_limits: ReadLimits = field(default_factory=ReadLimits)  # bounds on one input file (size, decompression, pages)
    phrase_min_count: int = 5
    phrase_min_docs: int = 2
    phrase_min_npmi: float = 0.5
    ner: bool = True
    ner_model: str = ""  # empty: the packaged model
    ner_rule_files: tuple[str, ...] = ()  # the user's name<TAB>label files, added to the packaged rules
    quantities: bool = True
    quantity_unit_files: tuple[str, ...] = ()  # the user's unit<TAB>kind files, added to the packaged units
    references: bool = True
    formula_files: tuple[str, ...] = ()  # the user's formula lists, added to the packaged one
    themes: bool = True  # themes, trends and the co-occurrence network
    n_themes: int | str = "auto"
    theme_model: str = "nmf"  # nmf | lda

    @property
    def max_file_size(self) -> int:
        """The largest file read, in bytes (--max-file-size); kept for callers from before ``read_limits``."""
        return self.read_limits.file_bytes

    def as_dict(self) -> dict:
        d = asdict(self)
        d["ner_rule_files"] = list(self.ner_rule_files)
        d["quantity_unit_files"] = list(self.quantity_unit_files)
        d["formula_files"] = list(self.formula_files)
        d["segmenter"]["backend"] = self.segmenter.backend.value
        d["segmenter"]["userdicts"] = list(self.segmenter.userdicts)
        d["stopword_files"] = list(self.stopword_files)
        return d


def make_options(
    *,
    segmenter: str | SegmenterBackend = SegmenterBackend.RJIEBA,
    hmm: bool = False,
    policy_dict: bool = True,
    userdicts: Sequence[str | Path] = (),
    stopwords: Sequence[str | Path] = (),
    top_k: int = 20,
    max_file_size: int | None = None,
    read_limits: ReadLimits = DEFAULT_READ_LIMITS,
    ner: bool = True,
    ner_model: str | Path | None = None,
    ner_rules: Sequence[str | Path] = (),
    quantities: bool = True,
    quantity_units: Sequence[str | Path] = (),
    references: bool = True,
    formulas: Sequence[str | Path] = (),
    themes: bool = True,
    n_themes: int | str = "auto",
    theme_model: str = "nmf",
) -> PipelineOptions:
    """Options from plain values, checked up front: a missing backend, model or an unreadable
    word list fails here with a clear message, not later inside a worker process.
    ``max_file_size`` (bytes), when given, replaces ``read_limits.file_bytes``."""
    backend = SegmenterBackend(segmenter)
    check_backend(backend)
    for path in userdicts:
        read_userdict(Path(path))
    for path in stopwords:
        read_word_lines(Path(path))
    if not ner and (ner_model or ner_rules):
        raise ValueError("a NER model or NER rules were given, but NER is switched off")
    if not quantities and quantity_units:
        raise ValueError("unit files were given, but quantitative claims are switched off")
    if not references and formulas:
        raise ValueError("formula lists were given, but references are switched off")
    if themes:
        ThemeModel(n_themes=n_themes, model=theme_model)  # checks both
    elif n_themes != "auto" or theme_model != "nmf":
        raise ValueError("a number of themes or a theme model was given, but themes are switched off")
    options = PipelineOptions(
        segmenter=SegmenterConfig(
            backend=backend,
            hmm=hmm,
            policy_dict=policy_dict,
            userdicts=tuple(str(Path(p).resolve()) for p in userdicts),
        ),
        stopword_files=tuple(str(Path(p).resolve()) for p in stopwords),
        top_k=top_k,
        read_limits=read_limits if max_file_size is None else replace(read_limits, file_bytes=max_file_size),
        ner=ner,
        ner_model=str(Path(ner_model).resolve()) if ner_model else "",
        ner_rule_files=tuple(str(Path(p).resolve()) for p in ner_rules),
        quantities=quantities,
        quantity_unit_files=tuple(str(Path(p).resolve()) for p in quantity_units),
        references=references,
        formula_files=tuple(str(Path(p).resolve()) for p in formulas),
        themes=themes,
        n_themes=n_themes,
        theme_model=theme_model,
    )
    if quantities:
        load_units(options.quantity_unit_files)  # a malformed unit file fails here, not in a worker
    if references:
        load_formulas(options.formula_files)
    if ner:
        ner_nlp(options)  # loads spaCy, the model and the rules now, so a problem shows before any work
    return options


def ner_nlp(options: PipelineOptions):
    """The NER spaCy pipeline these options ask for (built once per process)."""
    from policytext.ner.spacy_pipeline import ner_pipeline

    return ner_pipeline(options.ner_model, rule_files=options.ner_rule_files)


# --- stage 1: one document ----------------------------------------------------------------


def process_text(doc_id: str, text: str, options: PipelineOptions, **fields) -> DocumentResult:
    """Normalise, split and segment one text. ``fields`` fill the other DocumentResult fields;
    ``title``, ``date``, ``issuer`` and ``kind`` among them are metadata.csv's, which override
    what ``metadata.document_info`` reads from the text and the file name, field by field."""
    norm = normalise(text)
    if not norm.body.strip():
        raise DocumentReadError("empty", "no body text left after normalisation")
    segmenter = get_segmenter(options.segmenter)
    sentences = split_sentences(norm.body, segmenter)
    entities = document_entities(doc_id, sentences, nlp=ner_nlp(options), cut=segmenter.cut) if options.ner else []
    known = meta.Metadata(*(fields.pop(k, "") or "" for k in ("title", "date", "issuer", "kind")))
    info = meta.document_info(norm.body, doc_id=doc_id, front_matter=norm.front_matter, known=known)
    fields.update({k: v for k, v in asdict(info).items() if k != "warnings"})
    fields["warnings"] = (*fields.get("warnings", ()), *info.warnings)
    context = document_context(year=info.year, kind=info.kind)
    sections = tuple(document_sections(norm.body, year=context.year, work_report=context.work_report))
    quantities: tuple[Quantity, ...] = ()
    if options.quantities:
        units = load_units(options.quantity_unit_files)
        quantities = tuple(document_quantities(doc_id, norm.body, sentences, units=units, context=context, sections=sections))
    references: tuple[Reference, ...] = ()
    if options.references:
        words = load_formulas(options.formula_files)
        references = tuple(document_references(doc_id, norm.body, sentences, formula_words=words))
    return DocumentResult(
        doc_id=doc_id,
        status="ok",
        text=norm.body,
        front_matter=norm.front_matter,
        back_matter=norm.back_matter,
        sentences=sentences,
        entities=tuple(entities),
        quantities=quantities,
        references=references,
        sections=sections,
        **fields,
    )


def process_source(source: SourceFile, metadata: meta.Metadata | None, options: PipelineOptions):
    """Stage 1 for one file. Never raises: a failure becomes a DocumentResult with a reason."""
    known = {"title": metadata.title, "date": metadata.date, "issuer": metadata.issuer, "kind": metadata.kind} if metadata else {}
    if source.problem:
        return DocumentResult(
            doc_id=source.doc_id,
            path=source.relpath,
            status="skipped" if source.problem_code == "not_a_file" else "failed",
            error_code=source.problem_code,
            error=source.problem,
        )
    if not source.supported:
        suffix = source.path.suffix or "(no suffix)"
        return DocumentResult(
            doc_id=source.doc_id,
            path=source.relpath,
            status="skipped",
            error_code="unsupported",
            error=f"unsupported file type {suffix}; supported: txt, md, docx, pdf, html",
        )
    try:
        raw = read_source(source.path, limits=options.read_limits)
        return process_text(
            source.doc_id,
            raw.text,
            options,
            path=source.relpath,
            size=raw.size,
            sha256=raw.sha256,
            encoding=raw.encoding,
            warnings=raw.warnings + name_warnings(source.relpath),
            **known,
        )
    except DocumentReadError as exc:
        return DocumentResult(
            doc_id=source.doc_id,
            path=source.relpath,
            status="failed",
            error_code=exc.reason,
            error=exc.message,
            **meta.unread_fields(metadata),
        )
    except Exception as exc:  # a bug must not cost the user the rest of the corpus, nor hide
        return DocumentResult(
            doc_id=source.doc_id,
            path=source.relpath,
            status=INTERNAL_ERROR,
            error_code="internal",
            error=f"internal error ({type(exc).__name__}: {exc}); please report it",
            traceback=traceback.format_exc(),
            **meta.unread_fields(metadata),
        )


# --- stage 2: keyword terms of one document ------------------------------------------------


TITLE_BOOST = 1.5  # keyword scores of terms in a document's title line are multiplied by this


@dataclass(frozen=True)
class DocumentTerms:
    """Stage-2 result of one document: what the main process needs, and no more."""

    counts: tuple[tuple[str, int], ...]  # keyword-candidate terms (phrases merged), most frequent first
    title_terms: frozenset[str]  # terms of the title line, if the document starts with one
    textrank: list  # top-k TextRank keywords
    sentence_terms: tuple[tuple[str, ...], ...]  # each sentence's terms: what themes and co-occurrence read


def document_terms(sentence_tokens, options: PipelineOptions, phrases: frozenset, *, has_title: bool):
    """Term counts, title terms and TextRank scores of one document, from its sentences' tokens.

    Corpus phrases and the document's own repeated phrases are merged into single terms.
    """
    stopwords = load_stopwords(options.stopword_files)
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


# --- chunks: the unit of work of a worker process ------------------------------------------
# Chunks have a fixed size, whatever the number of workers, so that partial sums are added in
# the same order and results are identical for any --workers.

CHUNK_DOCS = 8

_worker_options: PipelineOptions | None = None


def _init_worker(options: PipelineOptions) -> None:
    global _worker_options
    _worker_options = options
    get_segmenter(options.segmenter)  # load dictionaries once per process, before the first file
    load_stopwords(options.stopword_files)
    if options.ner:
        ner_nlp(options)
    if options.quantities:
        load_units(options.quantity_unit_files)


def _options() -> PipelineOptions:
    """This process's options, set by ``_init_worker`` or ``_init_stage2_worker`` before any chunk runs."""
    if _worker_options is None:
        raise RuntimeError("pipeline worker used before its initializer ran")
    return _worker_options


def _stage1_chunk(items) -> tuple[list[DocumentResult], NgramCounts]:
    options = _options()
    docs = [process_source(source, metadata, options) for source, metadata in items]
    stopwords = load_stopwords(options.stopword_files)
    total = NgramCounts()
    for doc in docs:
        if doc.ok:
            total += count_ngrams((s.tokens for s in doc.sentences), stopwords)
    return docs, total


# Stage-2 input: every document's (doc_id, has_title, sentence tokens), and the corpus phrases.
# Helpers get it once, through the pool initializer; forked helpers inherit it without a copy.
_stage2_input: tuple[list, frozenset] = ([], frozenset())


def _init_stage2_worker(options: PipelineOptions, documents: list, phrases: frozenset) -> None:
    global _worker_options, _stage2_input
    _worker_options = options
    _stage2_input = (documents, phrases)
    load_stopwords(options.stopword_files)


def _stage2_chunk(span: tuple[int, int]) -> tuple[list[DocumentTerms], dict[str, float]]:
    """Terms and TextRank for documents ``span[0]:span[1]``, plus their sum of TextRank scores."""
    documents, phrases = _stage2_input
    options = _options()
    out: list[DocumentTerms] = []
    textrank_sum: dict[str, float] = {}
    for doc_id, has_title, tokens in documents[span[0] : span[1]]:
        counts, title_terms, scores, terms = document_terms(tokens, options, phrases, has_title=has_title)
        for term, score in scores.items():
            textrank_sum[term] = textrank_sum.get(term, 0.0) + score
        top = kw.top_keywords(doc_id, kw.TEXTRANK, boost_title(scores, title_terms), options.top_k)
        ranked = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        out.append(DocumentTerms(ranked, title_terms, top, tuple(tuple(t) for t in terms)))
    return out, textrank_sum


def _chunked(items: list, size: int = CHUNK_DOCS) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


# --- public API ---------------------------------------------------------------------------


def analyze_text(text: str, doc_id: str = "text", *, options: PipelineOptions | None = None) -> DocumentResult:
    """Analyse one text as a corpus of one (so TF-IDF is plain term frequency here).

    Raises DocumentReadError when the text has no content.
    """
    options = options or PipelineOptions()
    _init_worker(options)
    doc = process_text(doc_id, text, options)
    counts = count_ngrams((s.tokens for s in doc.sentences), load_stopwords(options.stopword_files))
    docs, _, _ = _keywords([doc], counts, options, workers=1)
    return docs[0]


def analyze_folder(
    path: str | Path,
    *,
    options: PipelineOptions | None = None,
    workers: int | None = None,
    on_document: Callable[[DocumentResult, int, int], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
    exclude: Sequence[str | Path] = (),
    run_log: RunLog | None = None,
) -> CorpusResult:
    """Process every document under ``path``; failures are recorded, never raised.

    ``on_document(doc, done, total)`` is called as each file finishes reading and segmenting,
    ``on_stage(message)`` as each corpus-wide stage after that begins.
    Folders in ``exclude`` (such as the output folder, when it lies inside ``path``) are not read.
    With ``run_log``, every file not processed is logged, internal errors with their
    traceback, and such a document's error names the log line.
    Raises InputPathError when the path is missing or empty and NoDocumentsProcessedError when
    no document could be processed.
    """
    options = options or PipelineOptions()
    workers = workers or parallel.default_workers()
    root = Path(path)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    sources = discover(root, exclude=exclude)
    rows, meta_warnings = meta.load_metadata_csv(root / "metadata.csv") if root.is_dir() else ({}, [])
    items = [(s, meta.match_metadata(rows, s.doc_id)) for s in sources]
    chunks = _chunked(items)
    # This process works on chunks too, so --workers N means N busy processes: N - 1 helpers.
    helpers = min(workers, len(chunks)) - 1
    _init_worker(options)
    by_chunk: dict[int, list[DocumentResult]] = {}
    total = NgramCounts()  # integer counts: the order chunks finish in does not matter
    done = 0
    sizes = [sum(parallel.file_size(source.path) for source, _ in chunk) for chunk in chunks]
    with parallel.helper_pool(helpers, _init_worker, (options,)) as pool:
        for index, (chunk_docs, counts) in parallel.run_shared(_stage1_chunk, chunks, pool=pool, helpers=helpers, sizes=sizes):
            checkpoint("reading")
            total += counts
            by_chunk[index] = [_logged(doc, run_log) for doc in chunk_docs] if run_log else chunk_docs
            for doc in by_chunk[index]:
                done += 1
                if on_document:
                    on_document(doc, done, len(items))
    docs = [doc for index in range(len(chunks)) for doc in by_chunk[index]]
    timings["read_segment_s"] = time.perf_counter() - t0
    if not any(d.ok for d in docs):
        raise NoDocumentsProcessedError(f"none of the {len(docs)} file(s) under {root} could be processed")
    stage = on_stage or (lambda message: None)
    stage("Finding phrases and keywords ...")
    docs, corpus_kw, sentence_terms = _keywords(docs, total, options, workers=workers, timings=timings)
    found = {}
    stage_errors: list[str] = []
    if options.themes:
        stage("Fitting themes, trends and co-occurrence ...")
        checkpoint("themes")
        t1 = time.perf_counter()
        found = themes_and_trends(docs, sentence_terms, corpus_kw, options, workers=workers)
        warning, bug = found.pop("warning"), found.pop("traceback")
        if bug:
            if run_log:
                warning += f"; traceback in run.log line {run_log.internal_error('the themes stage', warning, bug)}"
            stage_errors.append(warning)
        if warning:
            meta_warnings = [*meta_warnings, warning]
        timings["themes_s"] = time.perf_counter() - t1
    timings["total_s"] = time.perf_counter() - t0
    return CorpusResult(
        documents=tuple(docs),
        corpus_keywords=tuple(corpus_kw),
        **found,
        settings={**options.as_dict(), "workers": workers, "metadata_warnings": meta_warnings},
        timings={k: round(v, 3) for k, v in timings.items()},
        input_root=str(root),
        stage_errors=tuple(stage_errors),
    )


def _logged(doc: DocumentResult, run_log: RunLog) -> DocumentResult:
    """``doc``, written to the run's log when it was not processed; an internal error's
    traceback is logged and its line put into the error, so the table points at it."""
    if doc.status == INTERNAL_ERROR:
        line = run_log.internal_error(doc.path, doc.error, doc.traceback)
        return replace(doc, error=f"{doc.error}; traceback in run.log line {line}")
    if not doc.ok:
        run_log.warning(f"{doc.status}: {doc.path}: {doc.error}")
    return doc


def _keywords(docs: list[DocumentResult], ngram_counts: NgramCounts, options: PipelineOptions, *, workers: int, timings=None):
    """Phrases, stage 2 and the corpus-level TF-IDF. Returns (documents with keywords, corpus keywords)."""
    global _stage2_input
    timings = {} if timings is None else timings
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
    documents = [(docs[i].doc_id, bool(meta.infer_title(docs[i].text)), [s.tokens for s in docs[i].sentences]) for i in ok_index]
    spans = [(start, min(start + CHUNK_DOCS, len(documents))) for start in range(0, len(documents), CHUNK_DOCS)]
    helpers = min(workers, len(spans)) - 1
    t1 = time.perf_counter()
    timings["phrases_s"] = t1 - t0
    results: dict[int, tuple] = {}
    sizes = [sum(len(s) for _, _, sentences in documents[a:b] for s in sentences) for a, b in spans]
    _init_stage2_worker(options, documents, phrases)
    try:
        with parallel.helper_pool(helpers, _init_stage2_worker, (options, documents, phrases)) as pool:
            for index, result in parallel.run_shared(_stage2_chunk, spans, pool=pool, helpers=helpers, sizes=sizes):
                results[index] = result
    finally:
        _stage2_input = ([], frozenset())
    terms: list[DocumentTerms] = []
    textrank_sum: dict[str, float] = {}
    for index in range(len(spans)):  # float sums in a fixed order: identical for any --workers
        chunk_terms, chunk_sum = results[index]
        terms.extend(chunk_terms)
        for term, score in chunk_sum.items():
            textrank_sum[term] = textrank_sum.get(term, 0.0) + score
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


# --- stage 3: themes, trends, co-occurrence (main process; candidate theme counts in helpers) ---

TREND_KEYWORDS = 20  # corpus TF-IDF keywords followed year by year
NETWORK_TERMS = 150  # most frequent corpus terms considered for co-occurrence


def themes_and_trends(docs, sentence_terms: dict, corpus_kw, options: PipelineOptions, *, workers: int) -> dict:
    """CorpusResult fields (themes, document_themes, trends, cooccurrences), a warning and a
    traceback: themes are left out, and the warning says why, when the corpus is too small to
    group; the traceback is that of a bug, "" when there was none."""
    ok = [d for d in docs if d.ok]
    documents = [sentence_terms[d.doc_id] for d in ok]
    model = ThemeModel(n_themes=options.n_themes, model=options.theme_model)
    warning = bug = ""
    try:
        themes, doc_themes = corpus_themes([d.doc_id for d in ok], documents, model, map_fn=_theme_map(workers))
    except ThemeError as exc:
        themes, doc_themes, warning = [], [], f"no themes: {exc}"
    except Exception as exc:  # a bug in this last stage must not cost the user the rest of the run
        themes, doc_themes = [], []
        warning = f"no themes: internal error ({type(exc).__name__}: {exc}); please report it"
        bug = traceback.format_exc()
    term_totals = [sum(len(s) for s in doc) for doc in documents]
    keywords = [k.term for k in corpus_kw if k.method == kw.TFIDF][:TREND_KEYWORDS]
    token_totals = [sum(len(s.tokens) for s in d.sentences) for d in ok]
    trends = yearly_trends(ok, term_totals, token_totals, themes=themes, document_themes=doc_themes, keywords=keywords)
    frequency: dict[str, int] = {}
    for d in ok:
        for term, n in d.term_counts:
            frequency[term] = frequency.get(term, 0) + n
    vocabulary = [t for t, _ in sorted(frequency.items(), key=lambda kv: (-kv[1], kv[0])) if len(t) > 1][:NETWORK_TERMS]
    pairs = cooccurrences([s for doc in documents for s in doc], vocabulary)
    return {
        "themes": tuple(themes),
        "document_themes": tuple(doc_themes),
        "trends": tuple(trends),
        "cooccurrences": tuple(pairs),
        "warning": warning,
        "traceback": bug,
    }


_theme_job: Callable[[int], object] | None = None


def _set_theme_job(job) -> None:
    global _theme_job
    _theme_job = job


def _run_theme_job(k: int):
    if _theme_job is None:
        raise RuntimeError("theme job run before _set_theme_job")
    return _theme_job(k)


def _theme_map(workers: int):
    """A ``map`` that fits candidate numbers of themes in ``workers`` processes, in order."""

    def map_fn(job, ks):
        ks = list(ks)
        helpers = min(workers, len(ks)) - 1
        _set_theme_job(job)
        results = {}
        with parallel.helper_pool(helpers, _set_theme_job, (job,)) as pool:
            for index, result in parallel.run_shared(_run_theme_job, ks, pool=pool, helpers=helpers, sizes=ks):
                results[index] = result
        _set_theme_job(None)
        return [results[i] for i in range(len(ks))]

    return map_fn


def tfidf_keywords(doc_ids: list[str], counts: list, title_terms: list, top_k: int) -> tuple[list[list], dict[str, float]]:
    """TF-IDF over the corpus: each document's top-k keywords and each term's summed score."""
    matrix, vocabulary = kw.tfidf_matrix([dict(c) for c in counts])
    per_doc = [
        kw.top_keywords(doc_id, kw.TFIDF, boost_title(kw.tfidf_row_scores(matrix, vocabulary, row), titles), top_k)
        for row, (doc_id, titles) in enumerate(zip(doc_ids, title_terms))
    ]
    return per_doc, dict(zip(vocabulary, np.asarray(matrix.sum(axis=0)).ravel().tolist()))
