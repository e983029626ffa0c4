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
from policytext.engine import Engine, LocalEngine, make_engine
from policytext.errors import NoDocumentsProcessedError
from policytext.extract.terms import NgramCounts, count_ngrams
from policytext.faults import checkpoint
from policytext.ingest import SourceFile, discover
from policytext.keyword_pass import CHUNK_DOCS, keyword_pass
from policytext.lexicon import load_stopwords
from policytext.options import PipelineOptions, StageChoice, make_options
from policytext.records import INTERNAL_ERROR, CorpusResult, DocumentResult
from policytext.runlog import RunLog
from policytext.segment import get_segmenter
from policytext.stage import CorpusInput, CorpusStage

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
    """One chunk of stage 1: the files, the options and where to keep the results travel together."""

    items: tuple[tuple[SourceFile, meta.Metadata | None], ...]
    options: PipelineOptions
    keys: tuple[str | None, ...] = ()  # each file's cache key (cache.ResultCache.key), None: not kept
    cache: ResultCache | None = None


def read_chunk(task: ReadTask) -> tuple[list[DocumentResult], NgramCounts]:
    """Stage 1 for a chunk of files, and their n-gram counts for the corpus phrases; each
    result is kept in the cache as it is made."""
    stopwords = load_stopwords(task.options.stopword_files)
    docs = []
    total = NgramCounts()
    for i, (source, metadata) in enumerate(task.items):
        doc = process_source(source, metadata, task.options)
        counts = count_ngrams((s.tokens for s in doc.sentences), stopwords) if doc.ok else NgramCounts()
        key = task.keys[i] if task.keys else None
        if task.cache is not None and key:
            task.cache.put(key, doc, counts)
        docs.append(doc)
        total += counts
    return docs, total


# --- public API ---------------------------------------------------------------------------


def analyze_text(text: str, doc_id: str = "text", *, options: PipelineOptions | None = None) -> DocumentResult:
    """Analyse one text as a corpus of one (so TF-IDF is plain term frequency here).

    Raises DocumentReadError when the text has no content.
    """
    options = options or PipelineOptions()
    prepare_process(options)
    doc = process_text(doc_id, text, options)
    counts = count_ngrams((s.tokens for s in doc.sentences), load_stopwords(options.stopword_files))
    docs, _, _ = keyword_pass([doc], counts, options, engine=LocalEngine(1), timings={})
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
    engine: str = "local",
    dask_scheduler: str | None = None,
    cache: ResultCache | None = None,
) -> CorpusResult:
    """Process every document under ``path``; failures are recorded, never raised.

    ``on_document(doc, done, total)`` is called as each file finishes reading and segmenting,
    ``on_stage(message)`` as each corpus-wide stage after that begins.
    Folders in ``exclude`` (such as the output folder, when it lies inside ``path``) are not read.
    With ``run_log``, every file not processed is logged, internal errors with their
    traceback, and such a document's error names the log line.
    ``engine`` is where the work runs: ``local`` (this machine's processes) or ``dask`` (a
    ``distributed.LocalCluster`` of ``workers`` processes, or the cluster at
    ``dask_scheduler``); the results are the same. With ``cache``, files whose results it
    holds (same bytes, path, metadata and settings) are not read again, and every new result
    is added to it.
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
    with make_engine(engine, workers=workers, scheduler=dask_scheduler) as runner:
        docs, ngram_counts, cache_hits = _read_all(items, options, runner, on_document=on_document, run_log=run_log, cache=cache)
        timings = {"read_segment_s": time.perf_counter() - t0}
        if not any(d.ok for d in docs):
            raise NoDocumentsProcessedError(f"none of the {len(docs)} file(s) under {root} could be processed")
        stage = on_stage or (lambda message: None)
        stage("Finding phrases and keywords ...")
        docs, corpus_kw, sentence_terms = keyword_pass(docs, ngram_counts, options, engine=runner, timings=timings)
        corpus = CorpusInput(tuple(d for d in docs if d.ok), sentence_terms, tuple(corpus_kw), runner)
        records, stage_warnings, stage_errors = _corpus_stages(options, corpus, stage, timings, run_log)
        engine_used = runner.describe()
    warnings = [*warnings, *stage_warnings]
    timings["total_s"] = time.perf_counter() - t0
    return CorpusResult(
        documents=tuple(docs),
        corpus_keywords=tuple(corpus_kw),
        records=records,
        settings={**options.as_dict(), "workers": workers, "engine": engine_used, "metadata_warnings": warnings},
        timings={k: round(v, 3) for k, v in timings.items()},
        input_root=str(root),
        stage_errors=tuple(stage_errors),
        stages=tuple(c.stage for c in options.stages),
        cache_hits=cache_hits,
    )


def _read_all(
    items: list, options: PipelineOptions, engine: Engine, *, on_document, run_log, cache: ResultCache | None
) -> tuple[list[DocumentResult], NgramCounts, int]:
    """Stage 1 over every file, in chunks, documents back in input order, and how many came
    from the cache."""
    keys = [cache.key(source, metadata) for source, metadata in items] if cache else [None] * len(items)
    found: dict[int, DocumentResult] = {}
    total = NgramCounts()  # integer counts: the order documents arrive in does not matter
    for i, key in enumerate(keys):
        entry = cache.get(key) if cache and key else None
        if entry is not None:
            found[i], counts = entry
            total += counts
    todo = [i for i in range(len(items)) if i not in found]
    chunks = [todo[a : a + CHUNK_DOCS] for a in range(0, len(todo), CHUNK_DOCS)]
    tasks = [ReadTask(tuple(items[i] for i in chunk), options, tuple(keys[i] for i in chunk), cache) for chunk in chunks]
    done = 0

    def arrived(i: int, doc: DocumentResult) -> None:
        nonlocal done
        checkpoint("reading")
        found[i] = _logged(doc, run_log) if run_log else doc
        done += 1
        if on_document:
            on_document(found[i], done, len(items))

    for i in sorted(found):
        arrived(i, found[i])
    if tasks:
        prepare_process(options)
    sizes = [sum(parallel.file_size(source.path) for source, _ in task.items) for task in tasks]
    for index, (chunk_docs, counts) in engine.run_unordered(
        read_chunk, tasks, sizes=sizes, prepare=prepare_process, prepare_args=(options,)
    ):
        total += counts
        for i, doc in zip(chunks[index], chunk_docs):
            arrived(i, doc)
    return [found[i] for i in range(len(items))], total, len(items) - len(todo)


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


def _logged(doc: DocumentResult, run_log: RunLog) -> DocumentResult:
    """``doc``, written to the run's log when it was not processed; an internal error's
    traceback is logged and its line put into the error, so the table points at it."""
    if doc.status == INTERNAL_ERROR:
        line = run_log.internal_error(doc.path, doc.error, doc.traceback)
        return replace(doc, error=f"{doc.error}; traceback in run.log line {line}")
    if not doc.ok:
        run_log.warning(f"{doc.status}: {doc.path}: {doc.error}")
    return doc
