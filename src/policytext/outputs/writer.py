"""Write every output of a run into one folder; the manifest is written last, the folder swapped in whole."""

from __future__ import annotations

import hashlib
import json
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from policytext.extract.references import citations
from policytext.faults import checkpoint
from policytext.outputs.charts import render_citation_graph, render_network, render_theme_heatmap, render_trends
from policytext.outputs.files import write_csv, write_text
from policytext.outputs.folder import MANIFEST, OutputFolder
from policytext.outputs.report import render_report
from policytext.outputs.tables import TABLES
from policytext.outputs.wordclouds import WordCloudStyle, render_wordcloud
from policytext.parallel import ignore_interrupts
from policytext.records import CorpusResult

WORDCLOUD_SCOPES = ("corpus", "all", "none")
WORDCLOUD_DIR = "wordclouds"
CITATION_GRAPH = "citation_graph.png"
THEME_PICTURES = ("themes_heatmap.png", "trends_themes.png", "trends_keywords.png", "cooccurrence_network.png")
HEATMAP_DOCUMENTS = 60
TREND_LINES = 10  # more lines than this make a chart nobody can read; trends.csv has them all
NETWORK_EDGES = 400  # strongest pairs drawn; the layout keeps the best-connected 60 terms


@dataclass(frozen=True)
class OutputOptions:
    wordclouds: str = "corpus"  # corpus | all | none
    style: WordCloudStyle = WordCloudStyle()

    def __post_init__(self) -> None:
        if self.wordclouds not in WORDCLOUD_SCOPES:
            raise ValueError(f"wordclouds must be one of {', '.join(WORDCLOUD_SCOPES)}, not {self.wordclouds!r}")


# every file a run may write (names and glob patterns): in an earlier folder these are policytext's
OUTPUT_NAMES = frozenset(
    {f"{t.name}.csv" for t in TABLES} | {CITATION_GRAPH, *THEME_PICTURES, "report.html", MANIFEST, f"{WORDCLOUD_DIR}/*.png"}
)


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
    with OutputFolder(out_dir, output_names=OUTPUT_NAMES, force=force) as folder:
        written = write_files(result, folder.staging, options, workers=workers)
        folder.commit()
    return written


def write_files(
    result: CorpusResult, out_dir: Path, options: OutputOptions = OutputOptions(), *, workers: int = 1
) -> dict[str, int]:
    """Write every output into ``out_dir``, an empty (staging) folder; manifest.json is written
    last, so a folder with a manifest is complete. With ``workers`` > 1 the word clouds render
    in other processes while the CSVs are written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    clouds = _planned_wordclouds(result, options.wordclouds)
    pool = ProcessPoolExecutor(min(workers, len(clouds)), initializer=ignore_interrupts) if workers > 1 and clouds else None
    try:
        pending = (
            {name: pool.submit(render_wordcloud, freqs, out_dir / name, options.style) for name, freqs in clouds} if pool else {}
        )
        written: dict[str, int] = {}
        for table in TABLES:
            if table.written(result):  # a stage that did not run writes no file
                path = out_dir / f"{table.name}.csv"
                written[path.name] = write_csv(path, table.columns, table.rows(result))
                checkpoint("writing")
        for name, freqs in clouds:
            drawn = pending[name].result() if pool else render_wordcloud(freqs, out_dir / name, options.style)
            if drawn:
                written[name] = 1
    finally:
        if pool:
            pool.shutdown()
    if result.settings.get("references"):
        links = citations(result.processed)
        labels = {d.doc_id: d.title for d in result.processed}
        edges = [(c.citing_doc, c.cited_doc) for c in links]
        if render_citation_graph(edges, labels, out_dir / CITATION_GRAPH, font_path=options.style.font_path()):
            written[CITATION_GRAPH] = 1
    if result.settings.get("themes"):
        written.update(_theme_pictures(result, out_dir, options.style, clouds=options.wordclouds != "none"))
    corpus_cloud = f"{WORDCLOUD_DIR}/corpus.png"
    report = render_report(
        result,
        wordcloud=corpus_cloud if corpus_cloud in written else None,
        citation_graph=CITATION_GRAPH if CITATION_GRAPH in written else None,
        pictures=frozenset(written),
    )
    write_text(out_dir / "report.html", report)
    written["report.html"] = 1
    write_text(out_dir / MANIFEST, json.dumps(manifest(result, out_dir, written, options), ensure_ascii=False, indent=2))
    return written


def _theme_pictures(result: CorpusResult, out_dir: Path, style: WordCloudStyle, *, clouds: bool) -> dict[str, int]:
    """A word cloud per theme (with ``clouds``), the document-theme heatmap, the trend charts, the network."""
    written: dict[str, int] = {}
    font = style.font_path()
    for theme in result.themes if clouds else ():
        name = f"{WORDCLOUD_DIR}/theme_{theme.theme_id}.png"
        if render_wordcloud(dict(theme.term_weights), out_dir / name, style):
            written[name] = 1
    doc_ids, rows = _heatmap_rows(result)
    labels = [t.label for t in result.themes]
    if render_theme_heatmap(doc_ids, labels, rows, out_dir / "themes_heatmap.png", font_path=font):
        written["themes_heatmap.png"] = 1
    for kind, name, title, ylabel in (
        ("theme", "trends_themes.png", "主题随年份的变化 (theme share by year)", "share of the year's terms"),
        ("keyword", "trends_keywords.png", "关键词随年份的变化 (keywords by year)", "per 10,000 tokens"),
    ):
        series: dict[str, list[tuple[int, float]]] = {}
        for point in result.trends:
            if point.kind == kind:
                key = f"{point.theme_id} {point.name}" if kind == "theme" else point.name
                series.setdefault(key, []).append((point.year, point.value))
        series = dict(list(series.items())[:TREND_LINES])  # themes come largest first, keywords by TF-IDF
        if render_trends(series, out_dir / name, title=title, ylabel=ylabel, font_path=font):
            written[name] = 1
    # pairs that meet more often than chance, weighted by count × PMI: frequent and specific
    edges = sorted(((c.source, c.target, c.count * c.pmi) for c in result.cooccurrences if c.pmi > 0), key=lambda e: -e[2])
    edges = edges[:NETWORK_EDGES]
    if render_network(edges, out_dir / "cooccurrence_network.png", font_path=font):
        written["cooccurrence_network.png"] = 1
    return written


def _heatmap_rows(result: CorpusResult) -> tuple[list[str], list[list[float]]]:
    """Up to ``HEATMAP_DOCUMENTS`` documents, grouped by main theme, each theme's strongest
    documents first, themes taking turns so every theme shows."""
    n = len(result.themes)
    weights: dict[str, list[float]] = {}
    for row in result.document_themes:
        weights.setdefault(row.doc_id, [0.0] * n)[row.theme_id - 1] = row.weight
    by_theme: dict[int, list[str]] = {}
    for doc_id, w in weights.items():
        by_theme.setdefault(max(range(n), key=lambda k: (w[k], -k)), []).append(doc_id)
    queues = [sorted(by_theme.get(k, []), key=lambda d: (-weights[d][k], d)) for k in range(n)]
    chosen: set[str] = set()
    while len(chosen) < HEATMAP_DOCUMENTS and any(queues):
        for q in queues:
            if q and len(chosen) < HEATMAP_DOCUMENTS:
                chosen.add(q.pop(0))
    order = sorted(chosen, key=lambda d: (max(range(n), key=lambda k: (weights[d][k], -k)), -max(weights[d]), d))
    return order, [weights[d] for d in order]


def _planned_wordclouds(result: CorpusResult, scope: str) -> list[tuple[str, dict[str, int]]]:
    if scope == "none":
        return []
    clouds = [(f"{WORDCLOUD_DIR}/corpus.png", result.term_counts())]
    if scope == "all":
        clouds += [(f"{WORDCLOUD_DIR}/doc_{safe_filename(d.doc_id)}.png", dict(d.term_counts)) for d in result.processed]
    return clouds


def manifest(result: CorpusResult, out_dir: Path, written: dict[str, int], options: OutputOptions) -> dict:
    from policytext import __version__

    docs = result.documents
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
            "processed": len(result.processed),
            "failed": len(result.failed),
            "skipped": len(result.skipped),
            "internal_errors": result.internal_error_count,  # bugs; tracebacks in run.log
            "characters": sum(d.chars for d in result.processed),
            "sentences": sum(len(d.sentences) for d in result.processed),
            "tokens": sum(len(s.tokens) for d in result.processed for s in d.sentences),
            "entities": sum(len(d.entities) for d in result.processed),
            "quantities": sum(len(d.quantities) for d in result.processed),
            "references": sum(len(d.references) for d in result.processed),
            "themes": len(result.themes),
        },
        "timings_s": result.timings,
        "inputs": [{"doc_id": d.doc_id, "path": d.path, "bytes": d.size, "sha256": d.sha256, "status": d.status} for d in docs],
        "outputs": [{"file": name, "rows": n, "sha256": _sha256(out_dir / name)} for name, n in sorted(written.items())],
    }


def safe_filename(doc_id: str) -> str:
    """doc ids may contain folders; file names may not."""
    return re.sub(r"[^\w.\-]+", "_", doc_id)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
