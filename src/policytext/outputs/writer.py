"""Write every output of a run into one folder; the manifest is written last, the folder swapped in whole."""

from __future__ import annotations

import hashlib
import json
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from policytext.cache import CACHE_DIR
from policytext.faults import checkpoint
from policytext.outputs.files import write_csv, write_csv_parts, write_text
from policytext.outputs.folder import MANIFEST, OutputFolder
from policytext.outputs.report import render_report
from policytext.outputs.tables import result_tables, tables_of
from policytext.outputs.wordclouds import WordCloudStyle, render_wordcloud
from policytext.parallel import ignore_interrupts
from policytext.records import CorpusResult
from policytext.stage import DocumentStage, Picture, Stage
from policytext.stages import REGISTRY, stages_of
from policytext.store import STORE_DIR, TERM_COUNTS, csv_part

WORDCLOUD_SCOPES = ("corpus", "all", "none")
WORDCLOUD_DIR = "wordclouds"


@dataclass(frozen=True)
class OutputOptions:
    wordclouds: str = "corpus"  # corpus | all | none
    style: WordCloudStyle = WordCloudStyle()

    def __post_init__(self) -> None:
        if self.wordclouds not in WORDCLOUD_SCOPES:
            raise ValueError(f"wordclouds must be one of {', '.join(WORDCLOUD_SCOPES)}, not {self.wordclouds!r}")


# every file a run may write (names and glob patterns): in an earlier folder these are policytext's
def output_names(stages: tuple[Stage, ...]) -> frozenset[str]:
    """Every file a run with these stages may write (names and glob patterns)."""
    return frozenset(
        {f"{t.name}.csv" for t in tables_of(stages)}
        | {name for stage in stages for name in stage.picture_names}
        | {"report.html", MANIFEST, f"{WORDCLOUD_DIR}/*.png", f"{CACHE_DIR}/*", f"{STORE_DIR}/*"}
    )


OUTPUT_NAMES = output_names(REGISTRY)


def write_outputs(
    result: CorpusResult,
    out_dir: Path,
    options: OutputOptions = OutputOptions(),
    *,
    workers: int = 1,
    force: bool = False,
) -> dict[str, int]:
    """Write CSVs, pictures, report.html and manifest.json to ``out_dir``, all or nothing: they
    are written into a staging folder and swapped in together (``outputs.folder``). Files of the
    user's own in ``out_dir`` are kept. Returns rows/pictures per file.

    Raises OutputFolderError when ``out_dir`` holds other files and no policytext manifest
    (unless ``force``) or another run is writing it.
    """
    with OutputFolder(out_dir, output_names=output_names(stages_of(result)), force=force) as folder:
        written = write_files(result, folder.staging, options, workers=workers)
        folder.commit()
    return written


def write_files(
    result: CorpusResult, out_dir: Path, options: OutputOptions = OutputOptions(), *, workers: int = 1
) -> dict[str, int]:
    """Write every output into ``out_dir``, an empty (staging) folder; manifest.json is written
    last, so a folder with a manifest is complete. With ``workers`` > 1 the pictures (word
    clouds and each stage's charts) are drawn in other processes while the CSVs are written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if result.store.root.resolve() != (out_dir / STORE_DIR).resolve():
        result.store.copy_to(out_dir / STORE_DIR)
    stages = [s for s in stages_of(result) if result.settings.get(s.name)]
    clouds = options.wordclouds != "none"
    pictures = _planned_wordclouds(result, options.wordclouds, options.style)
    pictures += [p for stage in stages if stage.pictures for p in stage.pictures(result, options.style, clouds)]
    pool = ProcessPoolExecutor(min(workers, len(pictures)), initializer=ignore_interrupts) if workers > 1 and pictures else None
    try:
        pending = {p.name: pool.submit(p.draw_into, out_dir) for p in pictures} if pool else {}
        written: dict[str, int] = {}
        for table in result_tables(result):  # a stage that did not run writes no file
            path = out_dir / f"{table.name}.csv"
            part = csv_part(table.name)
            if table.of_document and result.store.chunks(part):  # formatted by the workers
                written[path.name] = write_csv_parts(path, table.columns, result.store.rows(part, ("text", "rows")))
            else:
                written[path.name] = write_csv(path, table.columns, table.rows(result))
            checkpoint("writing")
        for picture in pictures:
            if pending[picture.name].result() if pool else picture.draw_into(out_dir):
                written[picture.name] = 1
    finally:
        if pool:
            pool.shutdown()
    corpus_cloud = f"{WORDCLOUD_DIR}/corpus.png"
    sections = [stage.report(result, frozenset(written)) for stage in stages if stage.report]
    report = render_report(
        result, sections=[s for s in sections if s], wordcloud=corpus_cloud if corpus_cloud in written else None
    )
    write_text(out_dir / "report.html", report)
    written["report.html"] = 1
    write_text(out_dir / MANIFEST, json.dumps(manifest(result, out_dir, written, options), ensure_ascii=False, indent=2))
    return written


def _planned_wordclouds(result: CorpusResult, scope: str, style: WordCloudStyle) -> list[Picture]:
    if scope == "none":
        return []
    clouds = [Picture(f"{WORDCLOUD_DIR}/corpus.png", render_wordcloud, (result.term_counts(),), {"style": style})]
    if scope == "all":
        counts: dict[str, dict[str, int]] = {}
        for row in result.iter_records(TERM_COUNTS):
            counts.setdefault(row.doc_id, {})[row.term] = row.count
        for d in result.processed_summaries:
            name = f"{WORDCLOUD_DIR}/doc_{safe_filename(d.doc_id)}.png"
            clouds.append(Picture(name, render_wordcloud, (counts.get(d.doc_id, {}),), {"style": style}))
    return clouds


def manifest(result: CorpusResult, out_dir: Path, written: dict[str, int], options: OutputOptions) -> dict:
    from policytext import __version__

    docs = result.summaries
    processed = result.processed_summaries
    return {
        "tool": "policytext",
        "version": __version__,
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "input": result.input_root,
        "settings": {
            **result.settings,
            "wordclouds": options.wordclouds,
            "wordcloud_style": {k: v for k, v in vars(options.style).items()},
        },
        "counts": {
            "files": len(docs),
            "processed": len(processed),
            "failed": len(result.failed),
            "skipped": len(result.skipped),
            "internal_errors": result.internal_error_count,  # bugs; tracebacks in run.log
            "cache_hits": result.cache_hits,  # documents not read again: their results were the last run's
            "characters": sum(d.chars for d in processed),
            "sentences": sum(d.sentence_count for d in processed),
            "tokens": sum(d.token_count for d in processed),
            **{stage_record: n for stage_record, n in _stage_counts(result, stages_of(result))},
        },
        "timings_s": result.timings,
        "inputs": [{"doc_id": d.doc_id, "path": d.path, "bytes": d.size, "sha256": d.sha256, "status": d.status} for d in docs],
        "outputs": [{"file": name, "rows": n, "sha256": _sha256(out_dir / name)} for name, n in sorted(written.items())],
    }


def _stage_counts(result: CorpusResult, stages: tuple[Stage, ...]):
    """(records name, how many) for each stage: per-document records summed, a corpus stage's first records."""
    for stage in stages:
        if isinstance(stage, DocumentStage):
            yield stage.records, result.store.count(stage.records)
        else:
            yield stage.records[0], len(result.records.get(stage.records[0], ()))


def safe_filename(doc_id: str) -> str:
    """doc ids may contain folders; file names may not."""
    return re.sub(r"[^\w.\-]+", "_", doc_id)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
