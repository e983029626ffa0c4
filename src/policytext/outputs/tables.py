"""The output tables, defined once: the CSV writer and ``CorpusResult.to_frames`` both use
them. The core tables are here; each stage declares its own (``policytext.stage``)."""

from __future__ import annotations

from policytext.outputs.files import csv_rows
from policytext.records import CorpusResult, DocumentResult, Section
from policytext.stage import Stage, Table, record_columns, record_row
from policytext.stages import REGISTRY, stages_of
from policytext.store import KEYWORDS, SECTIONS, SENTENCES

DOCUMENT_COLUMNS = (
    "doc_id",
    "path",
    "title",
    "date",
    "year",
    "kind",
    "issuer",
    "doc_number",
    "author",
    "chars",
    "sentences",
    "status",
    "error",
    "encoding",
    "bytes",
    "sha256",
    "date_source",
    "title_source",
    "kind_source",
    "warnings",
)


def _documents(result: CorpusResult):
    for d in result.summaries:
        yield (
            d.doc_id,
            d.path,
            d.title,
            d.date,
            d.year,
            d.kind,
            d.issuer,
            d.doc_number,
            d.author,
            d.chars,
            d.sentence_count,
            d.status,
            d.error,
            d.encoding,
            d.size,
            d.sha256,
            d.date_source,
            d.title_source,
            d.kind_source,
            " | ".join(d.warnings),
        )


def _keywords(result: CorpusResult):
    for k in result.corpus_keywords:
        yield (k.doc_id, k.method, k.rank, k.term, k.score)
    yield from result.store.rows(KEYWORDS, KEYWORD_COLUMNS)


class _Sentences:
    def __call__(self, result: CorpusResult):
        return result.store.rows(SENTENCES, SENTENCE_COLUMNS, joined=frozenset({"tokens"}))

    def of_document(self, doc: DocumentResult):
        for s in doc.sentences:
            yield (doc.doc_id, s.sentence_id, s.start, s.end, s.text, " ".join(s.tokens))


KEYWORD_COLUMNS = ("doc_id", "method", "rank", "term", "score")
SENTENCE_COLUMNS = ("doc_id", "sentence_id", "start", "end", "text", "tokens")
SECTION_COLUMNS = record_columns(Section)  # section_id, start, end, level, heading, role, parent_id


class _Sections:
    def __call__(self, result: CorpusResult):
        return result.store.rows(SECTIONS, ("doc_id", *SECTION_COLUMNS))

    def of_document(self, doc: DocumentResult):
        for section in doc.sections:
            yield (doc.doc_id, *record_row(section, SECTION_COLUMNS))


def _errors(result: CorpusResult):
    for d in result.summaries:
        if not d.ok:
            yield (d.doc_id, d.path, d.status, d.error_code, d.error)


CORE_TABLES = (
    Table("documents", DOCUMENT_COLUMNS, _documents),
    Table("keywords", KEYWORD_COLUMNS, _keywords),
    Table("sentences", SENTENCE_COLUMNS, _Sentences()),
    Table("sections", ("doc_id", *SECTION_COLUMNS), _Sections()),
)
ERRORS_TABLE = Table("errors", ("doc_id", "path", "status", "reason", "error"), _errors)


def tables_of(stages: tuple[Stage, ...]) -> tuple[Table, ...]:
    """Every table of a run with these stages, in the order they are written."""
    return (*CORE_TABLES, *(t for s in stages for t in s.tables), ERRORS_TABLE)


TABLES = tables_of(REGISTRY)


def result_tables(result: CorpusResult) -> tuple[Table, ...]:
    """The tables ``result`` writes: those of the stages it ran, none for a stage switched off."""
    return tuple(t for t in tables_of(stages_of(result)) if t.written(result))


def document_tables(stages: tuple[Stage, ...]) -> tuple[Table, ...]:
    """The tables of a run with these stages (the enabled ones) made of each document's own rows."""
    return tuple(t for t in tables_of(stages) if t.of_document)


def document_parts(doc: DocumentResult, tables: tuple[Table, ...]) -> dict[str, tuple[str, int]]:
    """The document's rows of each table, formatted as CSV text (``files.csv_rows``)."""
    return {t.name: csv_rows(t.of_document(doc)) for t in tables if t.of_document}


def corpus_frames(result: CorpusResult) -> dict:
    import pandas as pd

    return {t.name: pd.DataFrame(list(t.rows(result)), columns=list(t.columns)) for t in result_tables(result)}
