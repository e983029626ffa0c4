"""The named-entity stage: people, places and organisations (``extract.entities``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape

from policytext.extract.entities import document_entities, entity_counts
from policytext.ner.labels import LABELS
from policytext.ner.names import name_table
from policytext.records import CORPUS_DOC_ID, CorpusResult, Entity, EntityCount
from policytext.stage import DocumentStage, StageInput, Table, corpus_view, document_records, option, ran, record_columns


@dataclass(frozen=True)
class NerOptions:
    ner_model: str = option(
        kind="file",
        help="A NER model (.npz) trained with `python -m policytext.training.ner`; a CRFsuite .crfsuite file is "
        "compiled on loading (needs policytext[train]) [default: the bundled one].",
    )
    ner_rules: tuple[str, ...] = option(
        help="Extra entity names, 'name<TAB>PER|LOC|ORG' per line (NONE: never an entity); they win over the model. Repeatable."
    )
    ner_aliases: tuple[str, ...] = option(
        help="Extra canonical names, 'alias<TAB>name<TAB>PER|LOC|ORG[<TAB>code<TAB>code_system]' per line "
        "(发改委<TAB>国家发展和改革委员会<TAB>ORG); they replace the packaged readings of the same alias. Repeatable."
    )


def ner_nlp(options: NerOptions):
    """The NER spaCy pipeline these options ask for (built once per process)."""
    from policytext.ner.spacy_pipeline import ner_pipeline

    return ner_pipeline(options.ner_model, rule_files=options.ner_rules)


def prepare(options: NerOptions) -> None:
    """Load the model, the rules and the name tables: a bad file fails here, before any work."""
    ner_nlp(options)
    name_table(options.ner_aliases)


def find_entities(doc: StageInput, options: NerOptions) -> list[Entity]:
    context = f"{doc.title} {doc.issuer}".strip()
    names = name_table(options.ner_aliases)
    return document_entities(doc.doc_id, doc.sentences, nlp=ner_nlp(options), cut=doc.cut, names=names, context=context)


_LABEL_NAMES = {"PER": "people (PER)", "LOC": "places (LOC)", "ORG": "organisations (ORG)"}
TOP_ENTITIES = 30  # rows of the report's entity table


def report_section(result: CorpusResult, pictures: frozenset[str]) -> str:
    """The most mentioned entities of each label, side by side."""
    corpus = [c for c in result.corpus_view(entity_counts, "entities") if c.doc_id == CORPUS_DOC_ID]
    by_label = {label: [c for c in corpus if c.label == label][:TOP_ENTITIES] for label in LABELS}
    rows = ["<h2>Named entities</h2><table><tr><th class='num'>rank</th>"]
    rows.append("".join(f"<th>{_LABEL_NAMES[label]}</th><th class='num'>mentions (documents)</th>" for label in LABELS) + "</tr>")
    for i in range(max((len(v) for v in by_label.values()), default=0)):
        cells = []
        for label in LABELS:
            c = by_label[label][i] if i < len(by_label[label]) else None
            cell = f"<td>{escape(c.name)}</td><td class='num'>{c.mentions} ({c.documents})</td>" if c else "<td></td><td></td>"
            cells.append(cell)
        rows.append(f"<tr><td class='num'>{i + 1}</td>{''.join(cells)}</tr>")
    rows.append("</table>")
    return "\n".join(rows)


def summary_line(result: CorpusResult) -> str:
    labels = Counter(
        label
        for label, entity_id in zip(result.iter_values("entities", "label"), result.iter_values("entities", "entity_id"))
        if entity_id
    )
    found = ", ".join(f"{labels[label]} {label}" for label in LABELS)
    return f"named entities: {sum(labels.values())} mentions ({found})"


_ENTITY_COLUMNS = record_columns(Entity)
_COUNT_COLUMNS = record_columns(EntityCount)

STAGE = DocumentStage(
    name="ner",
    records="entities",
    record_type=Entity,
    title="named entities",
    help="Skip named entities (entities.csv, entity_counts.csv); faster.",
    run=find_entities,
    options=NerOptions,
    prepare=prepare,
    tables=(
        Table("entities", _ENTITY_COLUMNS, document_records("entities", _ENTITY_COLUMNS), ran("ner")),
        Table("entity_counts", _COUNT_COLUMNS, corpus_view(entity_counts, _COUNT_COLUMNS, reads=("entities",)), ran("ner")),
    ),
    report=report_section,
    summary=summary_line,
)
