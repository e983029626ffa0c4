"""The policy-references stage: cited documents, document numbers, numbered formulas, plan periods (``extract.references``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from policytext.extract.references import (
    KINDS,
    Citation,
    FormulaCount,
    citations,
    document_references,
    formula_counts,
    load_formulas,
)
from policytext.outputs.charts import render_citation_graph
from policytext.outputs.html import html_table, picture
from policytext.outputs.wordclouds import WordCloudStyle
from policytext.records import CorpusResult, Reference
from policytext.stage import DocumentStage, Picture, StageInput, Table, corpus_view, document_records, option, ran, record_columns

CITATION_GRAPH = "citation_graph.png"
TOP_REFERENCES = 30  # rows of the report's tables


@dataclass(frozen=True)
class ReferenceOptions:
    formulas: tuple[str, ...] = option(
        help="Extra numbered formulas (两个毫不动摇), one per line, found quoted or not. Repeatable."
    )


def prepare(options: ReferenceOptions) -> None:
    load_formulas(options.formulas)


def find_references(doc: StageInput, options: ReferenceOptions) -> list[Reference]:
    return document_references(doc.doc_id, doc.text, doc.sentences, formula_words=load_formulas(options.formulas))


def citation_pictures(result: CorpusResult, style: WordCloudStyle, clouds: bool) -> list[Picture]:
    """The graph of documents citing each other (drawn when any do)."""
    edges = [(c.citing_doc, c.cited_doc) for c in result.corpus_view(citations, "references")]
    nodes = {doc_id for edge in edges for doc_id in edge}
    labels = {d.doc_id: d.title for d in result.processed_summaries if d.doc_id in nodes}
    return [Picture(CITATION_GRAPH, render_citation_graph, (edges, labels), {"font_path": style.font_path()})]


def report_section(result: CorpusResult, pictures: frozenset[str]) -> str:
    """Reference counts by kind, the most cited titles, the formulas over time, the citation graph."""
    by_kind: Counter[str] = Counter()
    cited: Counter[str] = Counter()
    for kind, normalized in result.store.rows("references", ("kind", "normalized")):
        by_kind[kind] += 1
        cited.update([normalized] if kind == "cited_document" else [])
    rows = [
        "<h2>Policy references</h2><p>"
        + " · ".join(f"{by_kind[k]:,} {k.replace('_', ' ')}s" for k in KINDS)
        + " (references.csv; formulas.csv; citations.csv)</p>"
    ]
    if cited:
        top = cited.most_common(TOP_REFERENCES)
        rows.append("<h3>Most cited titles</h3>" + html_table(["title", "mentions"], top, numeric=frozenset({1})))
    formulas = result.corpus_view(formula_counts, "references")
    if formulas:
        table = [(f.formula, f.documents, f.mentions, f.first_year or "", f.last_year or "") for f in formulas[:TOP_REFERENCES]]
        columns = ["formula", "documents", "mentions", "first year", "last year"]
        rows.append("<h3>Numbered formulas</h3>" + html_table(columns, table, numeric=frozenset({1, 2, 3, 4})))
    if CITATION_GRAPH in pictures:
        rows.append("<h3>Documents citing each other</h3>" + picture(CITATION_GRAPH, "citation graph"))
    return "\n".join(rows)


def summary_line(result: CorpusResult) -> str:
    kinds = Counter(result.iter_values("references", "kind"))
    found = ", ".join(f"{kinds[k]} {k.replace('_', ' ')}s" for k in KINDS)
    return f"policy references: {sum(kinds.values())} ({found})"


REFERENCE_COLUMNS = record_columns(Reference)
FORMULA_COLUMNS = record_columns(FormulaCount)
CITATION_COLUMNS = record_columns(Citation)

STAGE = DocumentStage(
    name="references",
    records="references",
    record_type=Reference,
    title="policy references",
    help="Skip policy references (references.csv, formulas.csv, citations.csv).",
    run=find_references,
    options=ReferenceOptions,
    prepare=prepare,
    tables=(
        Table("references", REFERENCE_COLUMNS, document_records("references", REFERENCE_COLUMNS), ran("references")),
        Table(
            "formulas", FORMULA_COLUMNS, corpus_view(formula_counts, FORMULA_COLUMNS, reads=("references",)), ran("references")
        ),
        Table("citations", CITATION_COLUMNS, corpus_view(citations, CITATION_COLUMNS, reads=("references",)), ran("references")),
    ),
    report=report_section,
    summary=summary_line,
    pictures=citation_pictures,
    picture_names=frozenset({CITATION_GRAPH}),
)
