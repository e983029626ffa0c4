"""Documents in and out of the results store (``policytext.store``): a chunk's documents
written as its parts, and read back whole (``StoredDocuments``) or with only some records."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator, Sequence
from typing import Any

from policytext.records import DocumentFields, DocumentResult, DocumentSummary, Keyword, Section, Sentence
from policytext.store import (
    CHUNK_DOCS,
    DOCUMENTS,
    KEYWORDS,
    SECTIONS,
    SENTENCES,
    TERM_COUNTS,
    TEXTS,
    CsvPart,
    DocumentText,
    ResultStore,
    SectionRow,
    SentenceRow,
    TermCount,
    csv_part,
)


def write_documents(
    store: ResultStore,
    chunk: int,
    docs: Sequence[DocumentResult],
    stage_types: dict[str, type],
    csv_parts: Sequence[dict[str, tuple[str, int]]] = (),
) -> None:
    """The parts stage 1 makes of a chunk's documents: their texts, sentences, sections and
    each per-document stage's records (``stage_types``: records name -> record type), and
    with ``csv_parts`` (each document's, in order) their rows of the CSV tables."""
    ok = [d for d in docs if d.ok]
    tables = sorted({name for parts in csv_parts for name in parts})
    for table in tables:
        rows = [CsvPart(d.doc_id, *parts[table]) for d, parts in zip(docs, csv_parts) if d.ok and table in parts]
        store.write(csv_part(table), chunk, rows, CsvPart)
    store.write(TEXTS, chunk, [DocumentText(d.doc_id, d.text, d.front_matter, d.back_matter) for d in ok], DocumentText)
    store.write_columns(SENTENCES, chunk, _keyed_columns([(d.doc_id, s) for d in ok for s in d.sentences], Sentence), SentenceRow)
    store.write_columns(SECTIONS, chunk, _keyed_columns([(d.doc_id, s) for d in ok for s in d.sections], Section), SectionRow)
    for name, record_type in stage_types.items():
        store.write(name, chunk, [r for d in ok for r in d.records.get(name, ())], record_type)


def _keyed_columns(pairs: list[tuple[str, Any]], record_type: type) -> dict[str, list]:
    """Columns of (doc_id, record) pairs: doc_id, then the record's fields."""
    columns = {"doc_id": [doc_id for doc_id, _ in pairs]}
    for f in dataclasses.fields(record_type):
        columns[f.name] = [getattr(r, f.name) for _, r in pairs]
    return columns


def store_documents(store: ResultStore, docs: Sequence[DocumentResult], stage_types: dict[str, type]) -> None:
    """Documents made in memory (tests, other tools) into the store, chunk by chunk, with
    their summaries, keywords and term counts."""
    for chunk, start in enumerate(range(0, len(docs), CHUNK_DOCS)):
        part = docs[start : start + CHUNK_DOCS]
        write_documents(store, chunk, part, stage_types)
        store.write(DOCUMENTS, chunk, [DocumentSummary.of(d) for d in part], DocumentSummary)
        store.write(KEYWORDS, chunk, [k for d in part if d.ok for k in d.keywords], Keyword)
        counts = [TermCount(d.doc_id, t, n) for d in part if d.ok for t, n in d.term_counts]
        store.write(TERM_COUNTS, chunk, counts, TermCount)


def _by_doc(rows: list) -> dict[str, list]:
    out: dict[str, list] = {}
    for row in rows:
        out.setdefault(row.doc_id, []).append(row)
    return out


def read_documents(
    store: ResultStore, chunk: int, summaries: Sequence[DocumentSummary], stage_types: dict[str, type], *, whole: bool = True
) -> list[DocumentResult]:
    """The chunk's documents again, for ``summaries`` (the chunk's, in order): whole, or
    (``whole=False``) with only their fields and the records of ``stage_types``."""
    records = {name: _by_doc(store.read(name, chunk, t)) for name, t in stage_types.items()}
    if whole:
        texts = {t.doc_id: t for t in store.read(TEXTS, chunk, DocumentText)}
        sentences = _by_doc(store.read(SENTENCES, chunk, SentenceRow))
        sections = _by_doc(store.read(SECTIONS, chunk, SectionRow))
        keywords = _by_doc(store.read(KEYWORDS, chunk, Keyword))
        terms = _by_doc(store.read(TERM_COUNTS, chunk, TermCount))
    docs = []
    for s in summaries:
        fields = {f.name: getattr(s, f.name) for f in dataclasses.fields(DocumentFields)}
        found = {name: tuple(by_doc.get(s.doc_id, ())) for name, by_doc in records.items()} if s.ok else {}
        if not (whole and s.ok):
            docs.append(DocumentResult(**fields, records=found))
            continue
        text = texts[s.doc_id]
        docs.append(
            DocumentResult(
                **fields,
                text=text.text,
                front_matter=text.front_matter,
                back_matter=text.back_matter,
                sentences=tuple(Sentence(r.sentence_id, r.start, r.end, r.text, r.tokens) for r in sentences.get(s.doc_id, ())),
                sections=tuple(
                    Section(r.section_id, r.start, r.end, r.level, r.heading, r.role, r.parent_id)
                    for r in sections.get(s.doc_id, ())
                ),
                keywords=tuple(keywords.get(s.doc_id, ())),
                term_counts=tuple((t.term, t.count) for t in terms.get(s.doc_id, ())),
                records=found,
            )
        )
    return docs


class StoredDocuments(Sequence[DocumentResult]):
    """Documents read back from the store on demand: indexing loads the document's chunk (the
    last one is kept), iterating goes chunk by chunk. ``positions``: which of the run's
    documents (all of them by default) this sequence holds, in order; ``whole=False``: only
    their fields and the records of ``stage_types``."""

    def __init__(
        self,
        store: ResultStore,
        summaries: Sequence[DocumentSummary],
        stage_types: dict[str, type],
        positions: Sequence[int] | None = None,
        *,
        whole: bool = True,
    ) -> None:
        self._store, self._summaries, self._types, self._whole = store, tuple(summaries), dict(stage_types), whole
        self._positions = tuple(range(len(self._summaries)) if positions is None else positions)
        self._loaded: tuple[int, list[DocumentResult]] | None = None

    def __len__(self) -> int:
        return len(self._positions)

    def _document(self, position: int) -> DocumentResult:
        chunk, offset = divmod(position, CHUNK_DOCS)
        if self._loaded is None or self._loaded[0] != chunk:
            part = self._summaries[chunk * CHUNK_DOCS : (chunk + 1) * CHUNK_DOCS]
            self._loaded = (chunk, read_documents(self._store, chunk, part, self._types, whole=self._whole))
        return self._loaded[1][offset]

    @typing.overload
    def __getitem__(self, index: int) -> DocumentResult: ...

    @typing.overload
    def __getitem__(self, index: slice) -> list[DocumentResult]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._document(p) for p in self._positions[index]]
        return self._document(self._positions[index])

    def __iter__(self) -> Iterator[DocumentResult]:
        for position in self._positions:
            yield self._document(position)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]  # equal by contents, like a list

    def __repr__(self) -> str:
        return f"<{len(self)} stored documents in {self._store.root}>"


def corpus_of_documents(cls: type, documents: Sequence[DocumentResult], *, store, **fields):
    """``CorpusResult.of_documents``: the documents written to a store (``store``, or a
    temporary folder), their summaries and term totals kept."""
    from policytext.stages import REGISTRY, document_record_types
    from policytext.store import open_store

    results = open_store(store)
    store_documents(results, documents, document_record_types(tuple(fields.get("stages", ())) or REGISTRY))
    totals: dict[str, int] = {}
    for doc in documents:
        for term, n in doc.term_counts:
            totals[term] = totals.get(term, 0) + n
    fields.setdefault("term_totals", totals)
    return cls(summaries=tuple(DocumentSummary.of(d) for d in documents), store=results, **fields)
