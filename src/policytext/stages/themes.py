"""The corpus stage of themes, their trends by year and the keyword co-occurrence network."""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from policytext.engine import Engine
from policytext.errors import ThemeError
from policytext.extract import keywords as kw
from policytext.outputs.charts import render_network, render_theme_heatmap, render_trends
from policytext.outputs.html import html_table, picture
from policytext.outputs.wordclouds import WordCloudStyle, render_wordcloud
from policytext.records import Cooccurrence, CorpusResult, DocumentTheme, TrendPoint
from policytext.stage import CorpusInput, CorpusOutput, CorpusStage, Picture, Table, corpus_records, option, ran, record_columns
from policytext.store import SENTENCE_TERMS, ResultStore, SentenceTerms
from policytext.themes import MODELS, SectionCounts, ThemeModel, counted_themes
from policytext.trends import PairCounts, count_pairs, pair_records, yearly_trends

if TYPE_CHECKING:
    from policytext.keyword_pass import CorpusTerms

TREND_KEYWORDS = 20  # corpus TF-IDF keywords followed year by year
NETWORK_TERMS = 150  # most frequent corpus terms considered for co-occurrence
HEATMAP_DOCUMENTS = 60
TREND_LINES = 10  # more lines than this make a chart nobody can read; trends.csv has them all
NETWORK_EDGES = 400  # strongest pairs drawn; the layout keeps the best-connected 60 terms
WORDCLOUD_DIR = "wordclouds"
THEME_PICTURES = ("themes_heatmap.png", "trends_themes.png", "trends_keywords.png", "cooccurrence_network.png")


def parse_theme_count(value: str) -> int | str:
    """``--themes``: "auto" or a whole number of at least 2."""
    if value == "auto":
        return value
    if value.isdigit() and int(value) >= 2:
        return int(value)
    raise ValueError(f"expected 'auto' or a whole number of at least 2, not {value!r}")


@dataclass(frozen=True)
class ThemeOptions:
    n_themes: int | str = option(
        kind="text",
        default="auto",
        flag="--themes",
        parse=parse_theme_count,
        help="Number of themes, or 'auto' to choose it (4–20) by how coherent the themes are.",
    )
    theme_model: str = option(kind="choice", default="nmf", choices=MODELS, help="Topic model for themes.")


def prepare(options: ThemeOptions) -> None:
    ThemeModel(n_themes=options.n_themes, model=options.theme_model)  # checks both


def themes_and_trends(corpus: CorpusInput, options: ThemeOptions) -> CorpusOutput:
    """Themes, each document's themes, yearly trends and co-occurrence, from the corpus's term
    counts. Themes are left out, and the warning says why, when the corpus is too small to
    group; a bug in fitting them leaves them out too, with its traceback, and the trends and
    network are still made."""
    terms = corpus.terms
    model = ThemeModel(n_themes=options.n_themes, model=options.theme_model)
    sections = SectionCounts(terms.section_counts, terms.terms, terms.section_owners, len(terms.doc_ids))
    warning = bug = ""
    try:
        themes, doc_themes = counted_themes(terms.doc_ids, sections, model, map_fn=theme_map(corpus.engine))
    except ThemeError as exc:
        themes, doc_themes, warning = [], [], f"no themes: {exc}"
    except Exception as exc:  # a bug in fitting must not cost the user the trends and the network
        themes, doc_themes = [], []
        warning = f"no themes: internal error ({type(exc).__name__}: {exc}); please report it"
        bug = traceback.format_exc()
    keywords = [k.term for k in corpus.corpus_keywords if k.method == kw.TFIDF][:TREND_KEYWORDS]
    trends = yearly_trends(
        corpus.documents,
        terms.document_lengths().tolist(),
        [d.token_count for d in corpus.documents],
        _keyword_counts(terms, keywords),
        themes=themes,
        document_themes=doc_themes,
        keywords=keywords,
    )
    frequency = terms.totals()
    vocabulary = [t for t, _ in sorted(frequency.items(), key=lambda kv: (-kv[1], kv[0])) if len(t) > 1][:NETWORK_TERMS]
    tasks = [PairTask(corpus.store, chunk, tuple(vocabulary)) for chunk in corpus.store.chunks(SENTENCE_TERMS)]
    pairs = pair_records(sum(corpus.engine.map(count_chunk_pairs, tasks), PairCounts()))
    records = {
        "themes": tuple(themes),
        "document_themes": tuple(doc_themes),
        "trends": tuple(trends),
        "cooccurrences": tuple(pairs),
    }
    return CorpusOutput(records=records, warning=warning, traceback=bug)


def _keyword_counts(terms: CorpusTerms, keywords: list[str]) -> list[dict[str, int]]:
    """Each document's count of each keyword (those it has)."""
    columns = {t: j for j, t in enumerate(terms.terms)}
    wanted = [t for t in keywords if t in columns]
    block = terms.doc_counts[:, [columns[t] for t in wanted]].toarray()
    return [{t: int(n) for t, n in zip(wanted, row) if n} for row in block]


@dataclass(frozen=True)
class PairTask:
    """Co-occurrence counts of one chunk's sentences, read from the store."""

    store: ResultStore
    chunk: int
    vocabulary: tuple[str, ...]


def count_chunk_pairs(task: PairTask) -> PairCounts:
    rows = task.store.read(SENTENCE_TERMS, task.chunk, SentenceTerms)
    return count_pairs((r.terms for r in rows), task.vocabulary)


def _run_fit(task):
    job, k = task
    return job(k)


def theme_map(engine: Engine):
    """A ``map`` that fits candidate numbers of themes on ``engine``, in order. Each task
    carries its job (the term matrices), so no process keeps state between tasks."""

    def map_fn(job, ks):
        ks = list(ks)
        return engine.map(_run_fit, [(job, k) for k in ks], sizes=ks)

    return map_fn


# --- pictures and the report ---------------------------------------------------------------


def theme_pictures(result: CorpusResult, style: WordCloudStyle, clouds: bool) -> list[Picture]:
    """A word cloud per theme (with ``clouds``), the document-theme heatmap, the trend charts, the network."""
    font = {"font_path": style.font_path()}
    pictures = [
        Picture(f"{WORDCLOUD_DIR}/theme_{t.theme_id}.png", render_wordcloud, (dict(t.term_weights),), {"style": style})
        for t in (result.themes if clouds else ())
    ]
    doc_ids, rows = _heatmap_rows(result)
    pictures.append(Picture("themes_heatmap.png", render_theme_heatmap, (doc_ids, [t.label for t in result.themes], rows), font))
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
        pictures.append(Picture(name, render_trends, (series,), {"title": title, "ylabel": ylabel, **font}))
    # pairs that meet more often than chance, weighted by count × PMI: frequent and specific
    edges = sorted(((c.source, c.target, c.count * c.pmi) for c in result.cooccurrences if c.pmi > 0), key=lambda e: -e[2])
    pictures.append(Picture("cooccurrence_network.png", render_network, (edges[:NETWORK_EDGES],), font))
    return pictures


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


def report_section(result: CorpusResult, pictures: frozenset[str]) -> str:
    """The themes with their terms and word clouds, then the heatmap, trends and network."""
    if not result.themes:
        return ""
    rows = [
        f"<h2>Themes</h2><p>{len(result.themes)} themes (themes.csv, document_themes.csv); "
        "share: part of the corpus's terms in the theme; coherence: how much its top terms "
        "co-occur (NPMI, −1 … 1).</p>"
    ]
    table = []
    for t in result.themes:
        cloud = f"{WORDCLOUD_DIR}/theme_{t.theme_id}.png"
        image = picture(cloud, f"theme {t.theme_id}", style="max-width:240px") if cloud in pictures else ""
        table.append((t.theme_id, t.label, t.top_terms, t.documents, f"{t.share:.1%}", f"{t.coherence:.2f}", image))
    columns = ["theme", "label", "top terms", "documents", "share", "coherence", "word cloud"]
    rows.append(html_table(columns, table, numeric=frozenset({0, 3, 4, 5}), raw=frozenset({6})))
    for name, title in (
        ("themes_heatmap.png", "Documents and themes"),
        ("trends_themes.png", "Themes by year (trends.csv)"),
        ("trends_keywords.png", "Keywords by year (trends.csv)"),
        ("cooccurrence_network.png", "Keywords that share sentences (cooccurrence.csv)"),
    ):
        if name in pictures:
            rows.append(f"<h3>{escape(title)}</h3>" + picture(name, title))
    return "\n".join(rows)


def summary_line(result: CorpusResult) -> str:
    if not result.themes:
        return ""
    labels = "; ".join(f"{t.theme_id} {t.label}" for t in result.themes[:5])
    more = " …" if len(result.themes) > 5 else ""
    return f"themes: {len(result.themes)} ({labels}{more})"


THEME_COLUMNS = ("theme_id", "label", "top_terms", "documents", "share", "coherence")
DOCUMENT_THEME_COLUMNS = record_columns(DocumentTheme)
TREND_COLUMNS = record_columns(TrendPoint)
COOCCURRENCE_COLUMNS = record_columns(Cooccurrence)

STAGE = CorpusStage(
    name="themes",
    records=("themes", "document_themes", "trends", "cooccurrences"),
    title="themes",
    help="Skip themes, trends and co-occurrence (themes.csv, trends.csv, … and their pictures).",
    run=themes_and_trends,
    options=ThemeOptions,
    prepare=prepare,
    tables=(
        Table("themes", THEME_COLUMNS, corpus_records("themes", THEME_COLUMNS), ran("themes")),
        Table(
            "document_themes", DOCUMENT_THEME_COLUMNS, corpus_records("document_themes", DOCUMENT_THEME_COLUMNS), ran("themes")
        ),
        Table("trends", TREND_COLUMNS, corpus_records("trends", TREND_COLUMNS), ran("themes")),
        Table("cooccurrence", COOCCURRENCE_COLUMNS, corpus_records("cooccurrences", COOCCURRENCE_COLUMNS), ran("themes")),
    ),
    report=report_section,
    summary=summary_line,
    pictures=theme_pictures,
    picture_names=frozenset(THEME_PICTURES),
)
