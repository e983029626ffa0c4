"""The pipeline: folder -> documents -> sentences and tokens -> each stage's records -> corpus.

Stage 1 runs per document in worker processes (``document.process_source``: read, normalise,
split, segment, then every enabled per-document stage of the registry) and counts n-grams.
The keyword pass (``keyword_pass``) picks corpus phrases, finds each document's terms in
workers and fits TF-IDF. Then each enabled corpus stage (themes) runs once. Work goes out in
fixed chunks that carry what they need, so results are identical for any number of workers.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from policytext import metadata as meta
from policytext import parallel
from policytext.cache import ResultCache
from policytext.document import process_source, process_text
from policytext.engine import Engine, make_engine
from policytext.errors import NoDocumentsProcessedError
from policytext.extract.terms import NgramCounts, count_ngrams
from policytext.faults import checkpoint
from policytext.ingest import SourceFile, discover
from policytext.keyword_pass import keyword_pass, text_keywords
from policytext.lexicon import load_stopwords
from policytext.options import PipelineOptions, StageChoice, make_options
from policytext.outputs.tables import document_parts, document_tables
from policytext.records import INTERNAL_ERROR, CorpusResult, DocumentResult, DocumentSummary
from policytext.runlog import RunLog
from policytext.segment import get_segmenter
from policytext.stage import CorpusInput, CorpusStage
from policytext.stages import document_record_types
from policytext.store import CHUNK_DOCS, DOCUMENTS, ResultStore, open_store
from policytext.stored_documents import write_documents

__all__ = ["PipelineOptions", "analyze_folder", "analyze_text", "make_options", "process_source", "process_text"]


def prepare_process(options: PipelineOptions) -> None:
    """Load what every document needs once per process, before the first file: dictionaries,
    stopwords and each enabled stage's resources (kept in the loaders' caches)."""
    get_segmenter(options.segmenter)
    load_stopwords(options.stopword_files)
    for choice in options.enabled:
        choice.stage.prepare(choice.options)


@dataclass(frozen=True)
class ReadTask:
    """One chunk of stage 1: the files, the options, the store and the cache travel together."""

    chunk: int
    items: tuple[tuple[SourceFile, meta.Metadata | None], ...]
    options: PipelineOptions
    store: ResultStore
    keys: tuple[str | None, ...] = ()  # each file's cache key (cache.ResultCache.key), None: not kept
    cache: ResultCache | None = None


def read_chunk(task: ReadTask) -> tuple[list[DocumentSummary], NgramCounts, int]:
    """Stage 1 for a chunk of files: each document read (or taken from the cache, and kept in
    it when new), the chunk written to the store. Returns the documents' summaries, their
    n-gram counts for the corpus phrases and how many came from the cache. A chunk whose
    files are all the last run's comes from the cache whole: its store files as they were."""
    cache = task.cache
    key = cache.chunk_key(list(task.keys), "read") if cache is not None and task.keys else None
    entry = cache.get_chunk(key) if cache is not None and key else None
    if cache is not None and entry is not None and isinstance(entry[0], tuple) and len(entry[0]) == 2:
        (summaries, counts), files = entry
        task.store.link_chunk_files(task.chunk, files)
        for doc_key in task.keys:
            cache.keep(doc_key or "")
        return summaries, counts, len(summaries)
    summaries, counts, hits = _read_documents(task)
    if cache is not None and key and all(s.status != INTERNAL_ERROR for s in summaries):
        cache.put_chunk(key, (summaries, counts), task.store.chunk_paths(task.chunk))
    return summaries, counts, hits


def _read_documents(task: ReadTask) -> tuple[list[DocumentSummary], NgramCounts, int]:
    """``read_chunk`` document by document, each from the cache when it is there."""
    stopwords = load_stopwords(task.options.stopword_files)
    stages = tuple(c.stage for c in task.options.enabled)
    tables = document_tables(stages)
    docs, parts = [], []
    total = NgramCounts()
    hits = 0
    for i, (source, metadata) in enumerate(task.items):
        key = task.keys[i] if task.keys else None
        doc = task.cache.get(key) if task.cache is not None and key else None
        if doc is not None:
            hits += 1
        else:
            doc = process_source(source, metadata, task.options)
            if task.cache is not None and key:
                task.cache.put(key, doc)
        counts = count_ngrams((s.tokens for s in doc.sentences), stopwords) if doc.ok else NgramCounts()
        docs.append(doc)
        parts.append(document_parts(doc, tables) if doc.ok else {})  # cheap: not worth a place in the cache
        total += counts
    write_documents(task.store, task.chunk, docs, document_record_types(stages), parts)
    return [DocumentSummary.of(d) for d in docs], total, hits


# --- public API ---------------------------------------------------------------------------


def analyze_text(text: str, doc_id: str = "text", *, options: PipelineOptions | None = None) -> DocumentResult:
    """Analyse one text as a corpus of one (so TF-IDF is plain term frequency here).

    Raises DocumentReadError when the text has no content.
    """
    options = options or PipelineOptions()
    prepare_process(options)
    doc = process_text(doc_id, text, options)
    tokens = [s.tokens for s in doc.sentences]
    counts = count_ngrams(tokens, load_stopwords(options.stopword_files))
    keywords, term_counts = text_keywords(doc_id, tokens, bool(meta.infer_title(doc.text)), counts, options)
    return replace(doc, keywords=keywords, term_counts=term_counts)


def analyze_folder(
    path: str | Path,
    *,
    options: PipelineOptions | None = None,
    workers: int | None = None,
    on_document: Callable[[DocumentSummary, int, int], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
    exclude: Sequence[str | Path] = (),
    run_log: RunLog | None = None,
    engine: str = "local",
    dask_scheduler: str | None = None,
    cache: ResultCache | None = None,
    store: str | Path | None = None,
) -> CorpusResult:
    """Process every document under ``path``; failures are recorded, never raised.

    ``on_document(summary, done, total)`` is called as each file finishes reading and
    segmenting (with the document's summary: its fields without text and records),
    ``on_stage(message)`` as each corpus-wide stage after that begins.
    Folders in ``exclude`` (such as the output folder, when it lies inside ``path``) are not read.
    With ``run_log``, every file not processed is logged, internal errors with their
    traceback, and such a document's error names the log line.
    ``engine`` is where the work runs: ``local`` (this machine's processes) or ``dask`` (a
    ``distributed.LocalCluster`` of ``workers`` processes, or the cluster at
    ``dask_scheduler``); the results are the same. With ``cache``, files whose results it
    holds (same bytes, path, metadata and settings) are not read again, and every new result
    is added to it.
    Each document's results go to the results store (``policytext.store``) in the folder
    ``store`` (it must be empty or new; on a cluster, a path every worker sees), or in a
    temporary folder that lasts as long as the result.
    Raises InputPathError when the path is missing or empty and NoDocumentsProcessedError when
    no document could be processed.
    """
    options = options or PipelineOptions()
    workers = workers or parallel.default_workers()
    root = Path(path)
    t0 = time.perf_counter()
    sources = discover(root, exclude=exclude)
    rows, warnings = meta.load_metadata_csv(root / "metadata.csv") if root.is_dir() else ({}, [])
    items = [(s, meta.match_metadata(rows, s.doc_id)) for s in sources]
    results = open_store(store)
    with make_engine(engine, workers=workers, scheduler=dask_scheduler) as runner:
        keys: list[str | None] = [cache.key(s, m) for s, m in items] if cache else [None] * len(items)
        summaries, ngram_counts, cache_hits = _read_all(
            items, keys, options, runner, results, on_document=on_document, run_log=run_log, cache=cache
        )
        timings = {"read_segment_s": time.perf_counter() - t0}
        if not any(d.ok for d in summaries):
            raise NoDocumentsProcessedError(f"none of the {len(summaries)} file(s) under {root} could be processed")
        stage = on_stage or (lambda message: None)
        stage("Finding phrases and keywords ...")
        corpus_kw, terms = keyword_pass(
            results,
            summaries,
            ngram_counts,
            options,
            engine=runner,
            timings=timings,
            chunk_docs=CHUNK_DOCS,
            cache=cache,
            doc_keys=keys,
        )
        ok = tuple(d for d in summaries if d.ok)
        corpus = CorpusInput(ok, terms, tuple(corpus_kw), runner, results)
        records, stage_warnings, stage_errors = _corpus_stages(options, corpus, stage, timings, run_log)
        engine_used = runner.describe()
    warnings = [*warnings, *stage_warnings]
    timings["total_s"] = time.perf_counter() - t0
    return CorpusResult(
        summaries=tuple(summaries),
        store=results,
        corpus_keywords=tuple(corpus_kw),
        records=records,
        term_totals=terms.totals(),
        settings={**options.as_dict(), "workers": workers, "engine": engine_used, "metadata_warnings": warnings},
        timings={k: round(v, 3) for k, v in timings.items()},
        input_root=str(root),
        stage_errors=tuple(stage_errors),
        stages=tuple(c.stage for c in options.stages),
        cache_hits=cache_hits,
    )


def _read_all(
    items: list,
    keys: list[str | None],
    options: PipelineOptions,
    engine: Engine,
    store: ResultStore,
    *,
    on_document,
    run_log,
    cache: ResultCache | None,
) -> tuple[list[DocumentSummary], NgramCounts, int]:
    """Stage 1 over every file, in chunks written to the store; the documents' summaries back
    in input order (also written to the store), their n-gram counts, and how many came from
    the cache."""
    bounds = [(a, min(a + CHUNK_DOCS, len(items))) for a in range(0, len(items), CHUNK_DOCS)]
    tasks = [ReadTask(c, tuple(items[a:b]), options, store, tuple(keys[a:b]), cache) for c, (a, b) in enumerate(bounds)]
    found: dict[int, DocumentSummary] = {}
    total = NgramCounts()  # integer counts: the order chunks arrive in does not matter
    hits = 0
    prepare_process(options)
    sizes = [sum(parallel.file_size(source.path) for source, _ in task.items) for task in tasks]
    for index, (summaries, counts, chunk_hits) in engine.run_unordered(
        read_chunk, tasks, sizes=sizes, prepare=prepare_process, prepare_args=(options,)
    ):
        total += counts
        hits += chunk_hits
        logged = [_logged(s, run_log) if run_log else s for s in summaries]
        store.write(DOCUMENTS, index, logged, DocumentSummary)
        for offset, summary in enumerate(logged):
            checkpoint("reading")
            found[bounds[index][0] + offset] = summary
            if on_document:
                on_document(summary, len(found), len(items))
    return [found[i] for i in range(len(items))], total, hits


def _corpus_stages(options: PipelineOptions, corpus: CorpusInput, stage: Callable[[str], None], timings: dict, run_log):
    """Every enabled corpus stage in turn: (their records, their warnings, the internal
    errors among them, each with its run.log line)."""
    records: dict[str, tuple] = {}
    warnings: list[str] = []
    stage_errors: list[str] = []
    for choice in options.enabled:
        if not isinstance(choice.stage, CorpusStage):
            continue
        stage(f"Finding {choice.stage.title} ...")
        checkpoint(choice.stage.name)
        t0 = time.perf_counter()
        found, warning, bug = _run_corpus_stage(choice, corpus)
        records.update(found)
        if bug:
            if run_log:
                warning += f"; traceback in run.log line {run_log.internal_error(f'the {choice.stage.name} stage', warning, bug)}"
            stage_errors.append(warning)
        if warning:
            warnings.append(warning)
        timings[f"{choice.stage.name}_s"] = time.perf_counter() - t0
    return records, warnings, stage_errors


def _run_corpus_stage(choice: StageChoice, corpus: CorpusInput) -> tuple[dict[str, tuple], str, str]:
    """A corpus stage's records, its warning and the traceback of a bug ("" when none): a bug
    in a last stage must not cost the user the rest of the run, nor hide."""
    stage = choice.stage
    assert isinstance(stage, CorpusStage)
    try:
        out = stage.run(corpus, choice.options)
    except Exception as exc:
        warning = f"no {stage.title}: internal error ({type(exc).__name__}: {exc}); please report it"
        return {}, warning, traceback.format_exc()
    return dict(out.records), out.warning, out.traceback


def _logged(doc: DocumentSummary, run_log: RunLog) -> DocumentSummary:
    """``doc``, written to the run's log when it was not processed; an internal error's
    traceback is logged and its line put into the error, so the table points at it."""
    if doc.status == INTERNAL_ERROR:
        line = run_log.internal_error(doc.path, doc.error, doc.traceback)
        return replace(doc, error=f"{doc.error}; traceback in run.log line {line}")
    if not doc.ok:
        run_log.warning(f"{doc.status}: {doc.path}: {doc.error}")
    return doc
