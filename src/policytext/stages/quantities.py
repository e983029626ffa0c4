"""The quantitative-claims stage: numbers with what they count, target or achieved (``extract.quantities``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from policytext.extract.number_spans import load_units
from policytext.extract.quantities import SubjectClaim, claims_by_subject, document_context, document_quantities
from policytext.outputs.html import html_table
from policytext.records import CorpusResult, Quantity
from policytext.stage import DocumentStage, StageInput, Table, corpus_view, document_records, option, ran, record_columns

MODALITIES = ("achieved", "target", "other")
TOP_SUBJECTS = 30  # rows of the report's subject table


@dataclass(frozen=True)
class QuantityOptions:
    quantity_units: tuple[str, ...] = option(
        help="Extra units for quantitative claims, 'unit<TAB>kind' per line (kinds as in the bundled list). Repeatable."
    )


def prepare(options: QuantityOptions) -> None:
    load_units(options.quantity_units)  # a malformed unit file fails here, not in a worker


def find_quantities(doc: StageInput, options: QuantityOptions) -> list[Quantity]:
    context = document_context(year=doc.year, kind=doc.kind)
    units = load_units(options.quantity_units)
    return document_quantities(doc.doc_id, doc.text, doc.sentences, units=units, context=context, sections=doc.sections)


def report_section(result: CorpusResult, pictures: frozenset[str]) -> str:
    """Claims by kind and modality, and the subjects followed across the most documents."""
    by_kind = Counter(result.store.rows("quantities", ("kind", "modality")))
    kinds = sorted({k for k, _ in by_kind})
    rows = [
        f"<h2>Quantitative claims</h2><p>{sum(by_kind.values()):,} claims (quantities.csv); "
        "series by subject in claims_by_subject.csv.</p>"
    ]
    rows.append("<table><tr><th>kind</th>" + "".join(f"<th class='num'>{m}</th>" for m in MODALITIES) + "</tr>")
    for k in kinds:
        rows.append(f"<tr><td>{k}</td>" + "".join(f"<td class='num'>{by_kind[(k, m)]:,}</td>" for m in MODALITIES) + "</tr>")
    rows.append("</table>")
    groups, seen = [], set()
    for c in result.corpus_view(claims_by_subject, "quantities"):
        if (c.subject, c.unit) not in seen and c.documents > 1:
            seen.add((c.subject, c.unit))
            groups.append(c)
    if groups:
        rows.append("<h3>Subjects found in several documents</h3>")
        table = [(c.subject, c.unit, c.documents, c.claims) for c in groups[:TOP_SUBJECTS]]
        rows.append(html_table(["subject", "unit", "documents", "claims"], table, numeric=frozenset({2, 3})))
    return "\n".join(rows)


def summary_line(result: CorpusResult) -> str:
    modalities = Counter(result.iter_values("quantities", "modality"))
    found = ", ".join(f"{modalities[m]} {m}" for m in MODALITIES)
    return f"quantitative claims: {sum(modalities.values())} ({found})"


QUANTITY_COLUMNS = record_columns(Quantity)  # doc_id, ..., value, value_high, unit, ...
SUBJECT_CLAIM_COLUMNS = record_columns(SubjectClaim)

STAGE = DocumentStage(
    name="quantities",
    records="quantities",
    record_type=Quantity,
    title="quantitative claims",
    help="Skip quantitative claims (quantities.csv, claims_by_subject.csv).",
    run=find_quantities,
    options=QuantityOptions,
    prepare=prepare,
    tables=(
        Table("quantities", QUANTITY_COLUMNS, document_records("quantities", QUANTITY_COLUMNS), ran("quantities")),
        Table(
            "claims_by_subject",
            SUBJECT_CLAIM_COLUMNS,
            corpus_view(claims_by_subject, SUBJECT_CLAIM_COLUMNS, reads=("quantities",)),
            ran("quantities"),
        ),
    ),
    report=report_section,
    summary=summary_line,
)
