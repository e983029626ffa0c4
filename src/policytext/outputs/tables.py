"""The output tables, defined once: the CSV writer and ``CorpusResult.to_frames`` both use them."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from policytext.extract.entities import entity_counts
from policytext.extract.quantities import SubjectClaim, claims_by_subject
from policytext.extract.references import Citation, FormulaCount, citations, formula_counts
from policytext.records import Cooccurrence, CorpusResult, DocumentTheme, Quantity, Reference, Section, TrendPoint


def _always(result: CorpusResult) -> bool:
    return True


def _ner_ran(result: CorpusResult) -> bool:
    return bool(result.settings.get("ner"))


@dataclass(frozen=True)
class Table:
    name: str  # file stem: documents -> documents.csv
    columns: tuple[str, ...]
    rows: Callable[[CorpusResult], Iterable[tuple]]
    written: Callable[[CorpusResult], bool] = _always  # False: the stage did not run, so no file


def _documents(result: CorpusResult):
    for d in result.documents:
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
            len(d.sentences),
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
    for d in result.processed:
        for k in d.keywords:
            yield (k.doc_id, k.method, k.rank, k.term, k.score)


def _sentences(result: CorpusResult):
    for d in result.processed:
        for s in d.sentences:
            yield (d.doc_id, s.sentence_id, s.start, s.end, s.text, " ".join(s.tokens))


def _entities(result: CorpusResult):
    for d in result.processed:
        for e in d.entities:
            yield (e.doc_id, e.sentence_id, e.start, e.end, e.text, e.label, e.source)


def _entity_counts(result: CorpusResult):
    for c in entity_counts(result.processed):
        yield (c.doc_id, c.text, c.label, c.documents, c.mentions)


def _quantities_ran(result: CorpusResult) -> bool:
    return bool(result.settings.get("quantities"))


def _number(value: float | None):
    """Whole numbers as int, so Excel shows 1500000000000 and not 1.5e+12; None stays empty."""
    return int(value) if value is not None and value.is_integer() else value


def _record_row(record, columns: tuple[str, ...]) -> tuple:
    return tuple(_number(v) if isinstance(v, float) else v for v in (getattr(record, c) for c in columns))


def _columns(record_type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(record_type))


def _document_records(attribute: str, columns: tuple[str, ...]) -> Callable[[CorpusResult], Iterable[tuple]]:
    """Rows of the records each processed document holds in ``attribute``."""

    def rows(result: CorpusResult):
        for d in result.processed:
            for record in getattr(d, attribute):
                yield _record_row(record, columns)

    return rows


def _corpus_records(view: Callable, columns: tuple[str, ...]) -> Callable[[CorpusResult], Iterable[tuple]]:
    """Rows of a corpus view (``view(processed documents)`` returns records)."""

    def rows(result: CorpusResult):
        for record in view(result.processed):
            yield _record_row(record, columns)

    return rows


def _references_ran(result: CorpusResult) -> bool:
    return bool(result.settings.get("references"))


QUANTITY_COLUMNS = _columns(Quantity)  # doc_id, ..., value, value_high, unit, ...
SECTION_COLUMNS = _columns(Section)  # section_id, start, end, level, heading, role, parent_id


def _sections(result: CorpusResult):
    for d in result.processed:
        for section in d.sections:
            yield (d.doc_id, *_record_row(section, SECTION_COLUMNS))


SUBJECT_CLAIM_COLUMNS = _columns(SubjectClaim)
REFERENCE_COLUMNS = _columns(Reference)
FORMULA_COLUMNS = _columns(FormulaCount)
CITATION_COLUMNS = _columns(Citation)


def _themes_ran(result: CorpusResult) -> bool:
    return bool(result.settings.get("themes"))


THEME_COLUMNS = ("theme_id", "label", "top_terms", "documents", "share", "coherence")
DOCUMENT_THEME_COLUMNS = _columns(DocumentTheme)
TREND_COLUMNS = _columns(TrendPoint)
COOCCURRENCE_COLUMNS = _columns(Cooccurrence)


def _corpus_attribute(attribute: str, columns: tuple[str, ...]) -> Callable[[CorpusResult], Iterable[tuple]]:
    """Rows of the records the corpus result holds in ``attribute``."""

    def rows(result: CorpusResult):
        for record in getattr(result, attribute):
            yield _record_row(record, columns)

    return rows


def _errors(result: CorpusResult):
    for d in result.documents:
        if not d.ok:
            yield (d.doc_id, d.path, d.status, d.error_code, d.error)


TABLES = (
    Table(
        "documents",
        (
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
        ),
        _documents,
    ),
    Table("keywords", ("doc_id", "method", "rank", "term", "score"), _keywords),
    Table("sentences", ("doc_id", "sentence_id", "start", "end", "text", "tokens"), _sentences),
    Table("sections", ("doc_id", *SECTION_COLUMNS), _sections),
    Table("entities", ("doc_id", "sentence_id", "start", "end", "text", "label", "source"), _entities, _ner_ran),
    Table("entity_counts", ("doc_id", "text", "label", "documents", "mentions"), _entity_counts, _ner_ran),
    Table("quantities", QUANTITY_COLUMNS, _document_records("quantities", QUANTITY_COLUMNS), _quantities_ran),
    Table("claims_by_subject", SUBJECT_CLAIM_COLUMNS, _corpus_records(claims_by_subject, SUBJECT_CLAIM_COLUMNS), _quantities_ran),
    Table("references", REFERENCE_COLUMNS, _document_records("references", REFERENCE_COLUMNS), _references_ran),
    Table("formulas", FORMULA_COLUMNS, _corpus_records(formula_counts, FORMULA_COLUMNS), _references_ran),
    Table("citations", CITATION_COLUMNS, _corpus_records(citations, CITATION_COLUMNS), _references_ran),
    Table("themes", THEME_COLUMNS, _corpus_attribute("themes", THEME_COLUMNS), _themes_ran),
    Table("document_themes", DOCUMENT_THEME_COLUMNS, _corpus_attribute("document_themes", DOCUMENT_THEME_COLUMNS), _themes_ran),
    Table("trends", TREND_COLUMNS, _corpus_attribute("trends", TREND_COLUMNS), _themes_ran),
    Table("cooccurrence", COOCCURRENCE_COLUMNS, _corpus_attribute("cooccurrences", COOCCURRENCE_COLUMNS), _themes_ran),
    Table("errors", ("doc_id", "path", "status", "reason", "error"), _errors),
)


def corpus_frames(result: CorpusResult) -> dict:
    import pandas as pd

    return {t.name: pd.DataFrame(list(t.rows(result)), columns=list(t.columns)) for t in TABLES if t.written(result)}
