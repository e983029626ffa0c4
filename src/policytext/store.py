"""The results store: every document's results as Parquet files, one file per part and chunk.

A run's documents are cut, in input order, into chunks of ``CHUNK_DOCS``; the process that
reads a chunk writes its parts (``texts``, ``sentences``, ``sections`` and each per-document
stage's records), the keyword pass adds ``term_counts``, ``sentence_terms`` and ``keywords``
and the main process ``documents``. The main process keeps only what the corpus stages need
(each document's summary, the term matrices); the tables, the report and
``CorpusResult.documents`` read the store back one chunk at a time, so memory does not grow
with the corpus.

Layout: ``<root>/<part>/<chunk:06d>.parquet``, each file written atomically (a temporary file
renamed into place). ``policytext run`` keeps the store in its output folder as ``store/``;
``pandas.read_parquet("OUT/store/quantities")`` reads a part whole.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import typing
import weakref
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from policytext.errors import OutputFolderError
from policytext.outputs.files import atomic_path
from policytext.records import DocumentSummary, Keyword, Section, Sentence

STORE_DIR = "store"  # inside the output folder
CHUNK_DOCS = 8  # documents per chunk: per task of every pass, whatever the number of workers

TEXTS, SENTENCES, SECTIONS, KEYWORDS, DOCUMENTS = "texts", "sentences", "sections", "keywords", "documents"
TERM_COUNTS, SENTENCE_TERMS = "term_counts", "sentence_terms"


@dataclass(frozen=True)
class DocumentText:
    doc_id: str
    text: str
    front_matter: str
    back_matter: str


def _keyed(record_type: type) -> type:
    """A frozen dataclass of ``doc_id`` and then the fields of ``record_type`` (a record kept
    per document without a doc_id of its own, such as ``Sentence``)."""
    hints = typing.get_type_hints(record_type)
    fields = [("doc_id", str), *((f.name, hints[f.name]) for f in dataclasses.fields(record_type))]
    return dataclasses.make_dataclass(f"{record_type.__name__}Row", fields, frozen=True)


SentenceRow = _keyed(Sentence)  # doc_id, sentence_id, start, end, text, tokens
SectionRow = _keyed(Section)  # doc_id, section_id, start, end, level, heading, role, parent_id


@dataclass(frozen=True)
class TermCount:
    doc_id: str
    term: str
    count: int


@dataclass(frozen=True)
class SentenceTerms:
    doc_id: str
    sentence_id: int
    terms: tuple[str, ...]


_CORE_TYPES: dict[str, type] = {
    TEXTS: DocumentText,
    SENTENCES: SentenceRow,
    SECTIONS: SectionRow,
    KEYWORDS: Keyword,
    DOCUMENTS: DocumentSummary,
    TERM_COUNTS: TermCount,
    SENTENCE_TERMS: SentenceTerms,
}
CORE_PARTS = tuple(_CORE_TYPES)


def part_type(part: str) -> type:
    """The record type of a core part of the store."""
    try:
        return _CORE_TYPES[part]
    except KeyError:
        raise ValueError(f"the store has no part {part!r}; it has {', '.join(CORE_PARTS)} and the stages' records") from None


@dataclass(frozen=True)
class CsvPart:
    """A document's rows of one CSV table, formatted (``outputs.files.csv_rows``): the part
    ``csv.<table>`` of the store, joined into ``<table>.csv`` by the writer."""

    doc_id: str
    text: str
    rows: int


def csv_part(table: str) -> str:
    return f"csv.{table}"


# --- Parquet columns from a record's annotations -----------------------------------------------


@cache
def _layout(record_type: type) -> tuple[Any, tuple[tuple[str, bool], ...]]:
    """The Arrow schema of ``record_type`` and, per field, whether it is a tuple (Arrow gives
    lists back)."""
    import pyarrow as pa

    scalar = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}
    hints = typing.get_type_hints(record_type)
    fields, shapes = [], []
    for f in dataclasses.fields(record_type):
        hint = hints[f.name]
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        is_tuple = typing.get_origin(hint) is tuple
        if is_tuple:
            arrow = pa.list_(scalar[args[0]])
        elif hint in scalar:
            arrow = scalar[hint]
        elif len(args) == 1 and args[0] in scalar:  # X | None
            arrow = scalar[args[0]]
        else:
            raise TypeError(f"{record_type.__name__}.{f.name}: {hint} has no Parquet column type")
        fields.append(pa.field(f.name, arrow))
        shapes.append((f.name, is_tuple))
    return pa.schema(fields), tuple(shapes)


@dataclass(frozen=True)
class ResultStore:
    """The store at ``root``; a picklable handle, so tasks carry it to any worker that sees
    the same path."""

    root: Path

    def path(self, part: str, chunk: int) -> Path:
        return self.root / part / f"{chunk:06d}.parquet"

    def write(self, part: str, chunk: int, records: Sequence, record_type: type) -> None:
        """Write ``records`` (all of ``record_type``) as the chunk's file of ``part``, atomically."""

        _, shapes = _layout(record_type)
        self.write_columns(part, chunk, {name: [getattr(r, name) for r in records] for name, _ in shapes}, record_type)

    def write_columns(self, part: str, chunk: int, columns: Mapping[str, Sequence], record_type: type) -> None:
        """``write`` of records given as columns (each field's values, in field order): no
        record objects made, for the parts with many small rows."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema, _ = _layout(record_type)
        table = pa.table(dict(columns), schema=schema)
        with atomic_path(self.path(part, chunk)) as tmp:
            pq.write_table(table, tmp, compression="zstd")

    def _table(self, part: str, chunk: int, columns: Sequence[str] | None = None):
        import pyarrow.parquet as pq

        path = self.path(part, chunk)
        if not path.exists():
            return None
        # one thread: the callers are already one per core, and pq.read_table's dataset layer
        # costs more than reading a small file
        return pq.ParquetFile(path).read(columns=columns, use_threads=False)

    def read(self, part: str, chunk: int, record_type: type) -> list:
        """The chunk's records of ``part``; none when the chunk wrote no such file."""
        table = self._table(part, chunk)
        if table is None:
            return []
        _, shapes = _layout(record_type)
        columns = []
        for name, is_tuple in shapes:
            values = table.column(name).to_pylist()
            columns.append([tuple(v) for v in values] if is_tuple else values)
        return [record_type(*row) for row in zip(*columns)]

    def rows(
        self, part: str, columns: Sequence[str], *, joined: frozenset[str] = frozenset(), chunks: Sequence[int] | None = None
    ) -> Iterator[tuple]:
        """The values of ``columns`` of every record of ``part`` (of ``chunks``, or all), chunk
        after chunk, as tuples; list columns named in ``joined`` come as one string, items
        joined by spaces."""
        import pyarrow.compute as pc

        for chunk in self.chunks(part) if chunks is None else chunks:
            table = self._table(part, chunk, columns)
            if table is None or not table.num_rows:
                continue
            values = [(pc.binary_join(table.column(c), " ") if c in joined else table.column(c)).to_pylist() for c in columns]
            yield from zip(*values)

    def chunks(self, part: str) -> list[int]:
        folder = self.root / part
        if not folder.is_dir():
            return []
        return sorted(int(p.stem) for p in folder.glob("*.parquet") if p.stem.isdigit())

    def chunk_paths(self, chunk: int, parts: Sequence[str] | None = None) -> dict[str, Path]:
        """The files of ``chunk`` (of ``parts``, or all) that exist, by part: what the cache keeps of a chunk."""
        name = self.path("", chunk).name
        paths = [self.path(p, chunk) for p in parts] if parts is not None else sorted(self.root.glob(f"*/{name}"))
        return {path.parent.name: path for path in paths if path.exists()}

    def link_chunk_files(self, chunk: int, files: Mapping[str, Path]) -> None:
        """Files kept by the cache (``chunk_paths`` of an earlier run) back into the store as
        the chunk's, each atomically: hard links where the file system allows (a store file
        is never changed once written, so store and cache can share it), else copies."""
        for part, source in files.items():
            with atomic_path(self.path(part, chunk)) as tmp:
                link_or_copy(source, tmp)

    def count(self, part: str) -> int:
        """How many records ``part`` holds (from the files' footers: nothing is read)."""
        import pyarrow.parquet as pq

        return sum(pq.ParquetFile(self.path(part, chunk)).metadata.num_rows for chunk in self.chunks(part))

    def values(self, part: str, column: str) -> Iterator:
        """One column of every record of ``part``, chunk after chunk."""
        for (value,) in self.rows(part, (column,)):
            yield value

    def iter_records(self, part: str, record_type: type) -> Iterator:
        """Every record of ``part``, chunk after chunk (input order)."""
        for chunk in self.chunks(part):
            yield from self.read(part, chunk, record_type)

    def copy_to(self, target: Path) -> None:
        """The store's files under ``target`` too: hard links where the file system allows."""
        for path in sorted(self.root.rglob("*.parquet")):
            dest = target / path.relative_to(self.root)
            dest.parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(path, dest)


def link_or_copy(source: Path, target: Path) -> None:
    """``target`` as a hard link to ``source`` (no bytes copied), or a copy where the file
    system cannot link (another device, no hard links)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def open_store(folder: str | Path | None) -> ResultStore:
    """A store in ``folder`` (new or empty), or in a temporary folder removed when the store
    object is no longer used (the main process's; copies in workers do not remove it)."""
    if folder is None:
        store = ResultStore(Path(tempfile.mkdtemp(prefix="policytext-store-")))
        weakref.finalize(store, shutil.rmtree, store.root, True)
        return store
    root = Path(folder)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise OutputFolderError(f"the results store {root} must be a new or empty folder")
    root.mkdir(parents=True, exist_ok=True)
    return ResultStore(root)
