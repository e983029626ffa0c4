"""The stage interface: what an extractor declares, once, so that the pipeline, the CLI, the
option checks, the tables, the report, the terminal summary and the manifest follow from it.

A per-document stage (``DocumentStage``) reads one document (``StageInput``: the normalised
text, its sentences and tokens, sections, year and kind, and the records of the stages before
it) and returns records, which the pipeline keeps in ``DocumentResult.records[stage.records]``.
A corpus stage (``CorpusStage``) reads the corpus's term counts and the documents' summaries
(and the results store, chunk by chunk, for more) and writes corpus records into
``CorpusResult.records``. ``policytext.stages.REGISTRY`` lists the stages in the order they run;
docs/architecture.md adds one as a worked example.

A stage's options are a frozen dataclass whose fields are made with ``option``: the field's
name is the keyword of ``make_options`` and, with ``-`` for ``_``, the CLI flag, unless the
option names another flag.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policytext.engine import Engine
    from policytext.keyword_pass import CorpusTerms
    from policytext.outputs.wordclouds import WordCloudStyle
    from policytext.records import CorpusResult, DocumentResult, DocumentSummary, Keyword, Section, Sentence
    from policytext.store import ResultStore

OPTION_KINDS = ("files", "file", "choice", "text")


def option(
    *,
    help: str,
    kind: str = "files",
    default: Any = None,
    flag: str = "",
    choices: Sequence[str] = (),
    parse: Callable[[str], Any] | None = None,
) -> Any:
    """A field of a stage's options with what the CLI and ``make_options`` need to offer it.

    ``kind``: ``files`` (repeatable paths to existing files, kept resolved as a tuple),
    ``file`` (one existing file, "" for none), ``choice`` (one of ``choices``) or ``text``
    (a value the stage's ``prepare`` checks; ``parse`` turns the CLI's string into it and
    raises ValueError with the reason)."""
    if kind not in OPTION_KINDS:
        raise ValueError(f"option kind must be one of {', '.join(OPTION_KINDS)}, not {kind!r}")
    if default is None:
        default = () if kind == "files" else ""
    metadata = {"help": help, "kind": kind, "flag": flag, "choices": tuple(choices), "parse": parse}
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class StageOption:
    """One option of a stage, as the CLI offers it."""

    name: str  # the options field, and the keyword of make_options
    flag: str  # --ner-rules
    kind: str
    help: str
    default: Any
    choices: tuple[str, ...] = ()
    parse: Callable[[str], Any] | None = None  # the CLI's string -> the value (text options)


def stage_options(options_type: type) -> tuple[StageOption, ...]:
    """The options declared by the fields of ``options_type``."""
    out = []
    for f in dataclasses.fields(options_type):
        meta = f.metadata
        flag = meta.get("flag") or "--" + f.name.replace("_", "-")
        kind, choices, parse = meta.get("kind", "text"), meta.get("choices", ()), meta.get("parse")
        out.append(StageOption(f.name, flag, kind, meta.get("help", ""), f.default, choices, parse))
    return tuple(out)


@dataclass(frozen=True)
class NoOptions:
    """The options of a stage that has none."""


@dataclass(frozen=True)
class StageInput:
    """What a per-document stage reads: one normalised document and the stages before it."""

    doc_id: str
    text: str  # the normalised body: every offset indexes it
    sentences: tuple[Sentence, ...]
    sections: tuple[Section, ...]
    year: int | None  # the document's year (a work report: the year it plans)
    kind: str  # work_report | plan | opinion | ... (metadata.document_info)
    cut: Callable[[str], list[str]]  # the run's segmenter
    records: Mapping[str, tuple] = field(default_factory=dict)  # earlier stages' records by name
    title: str = ""
    issuer: str = ""


# --- tables ------------------------------------------------------------------------------


def _always(result: CorpusResult) -> bool:
    return True


@dataclass(frozen=True)
class Table:
    """An output table: the CSV file ``name``.csv and the DataFrame ``to_frames()[name]``."""

    name: str  # file stem: documents -> documents.csv
    columns: tuple[str, ...]
    rows: Callable[[CorpusResult], Iterable[tuple]]
    written: Callable[[CorpusResult], bool] = _always  # False: the stage did not run, so no file

    @property
    def of_document(self) -> Callable[[DocumentResult], Iterable[tuple]] | None:
        """The rows of one document, when the table is each document's own rows in document
        order (``rows`` has ``of_document``): workers then format them as they read the
        documents, the cache keeps them, and the writer joins them."""
        return getattr(self.rows, "of_document", None)


def number_cell(value: float | None):
    """Whole numbers as int, so Excel shows 1500000000000 and not 1.5e+12; None stays empty."""
    return int(value) if value is not None and value.is_integer() else value


def record_row(record, columns: tuple[str, ...]) -> tuple:
    return tuple(number_cell(v) if isinstance(v, float) else v for v in (getattr(record, c) for c in columns))


def record_columns(record_type: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(record_type))


# Row makers and switches are small frozen dataclasses, not closures: stages travel to worker
# processes inside the options, so everything in them must pickle.


@dataclass(frozen=True)
class document_records:
    """Rows of the records each processed document holds under ``name``, from the store."""

    name: str
    columns: tuple[str, ...]

    def __call__(self, result: CorpusResult) -> Iterable[tuple]:
        for row in result.store.rows(self.name, self.columns):
            yield tuple(number_cell(v) if isinstance(v, float) else v for v in row)

    def of_document(self, doc: DocumentResult) -> Iterable[tuple]:
        for record in doc.records.get(self.name, ()):
            yield record_row(record, self.columns)


@dataclass(frozen=True)
class corpus_view:
    """Rows of a corpus view: ``view(documents)`` returns records, where ``documents`` are the
    processed documents with the records named in ``reads`` (no text or sentences), read from
    the store one chunk at a time each time they are iterated (``CorpusResult.corpus_view``)."""

    view: Callable[[Sequence[DocumentResult]], Iterable]
    columns: tuple[str, ...]
    reads: tuple[str, ...]

    def __call__(self, result: CorpusResult) -> Iterable[tuple]:
        for record in result.corpus_view(self.view, *self.reads):
            yield record_row(record, self.columns)


@dataclass(frozen=True)
class corpus_records:
    """Rows of the corpus records a corpus stage wrote under ``name``."""

    name: str
    columns: tuple[str, ...]

    def __call__(self, result: CorpusResult) -> Iterable[tuple]:
        for record in result.records.get(self.name, ()):
            yield record_row(record, self.columns)


@dataclass(frozen=True)
class ran:
    """``Table.written`` of a stage's tables: whether the stage ``name`` ran."""

    name: str

    def __call__(self, result: CorpusResult) -> bool:
        return bool(result.settings.get(self.name))


# --- stages ------------------------------------------------------------------------------


def _nothing(options: Any) -> None:
    return None


@dataclass(frozen=True)
class Picture:
    """A picture a stage asks for, planned in the main process and drawn anywhere (the writer
    draws them in other processes while it writes the tables, so ``args`` must pickle):
    ``draw(*args, target=OUT/name, **kwargs)`` returns whether it drew one."""

    name: str  # relative to the output folder: themes_heatmap.png, wordclouds/theme_3.png
    draw: Callable[..., bool]
    args: tuple = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def draw_into(self, out_dir: Path) -> bool:
        return self.draw(*self.args, target=out_dir / self.name, **self.kwargs)


Report = Callable[["CorpusResult", frozenset[str]], str]
Pictures = Callable[["CorpusResult", "WordCloudStyle", bool], list[Picture]]  # (result, style, word clouds wanted)


@dataclass(frozen=True)
class DocumentStage:
    """An extractor run on every document, declared once (see the module docstring)."""

    name: str  # the switch: --no-<name> on the CLI, make_options(<name>=False), settings[<name>]
    records: str  # the key of its records: DocumentResult.records[<records>], counts in manifest.json
    record_type: type  # a frozen dataclass whose first field is doc_id
    title: str  # what it finds, in messages: "named entities"
    help: str  # the help of --no-<name>
    run: Callable[[StageInput, Any], Iterable]  # (document, options) -> records, in text order
    options: type = NoOptions  # frozen dataclass, fields made with ``option``
    prepare: Callable[[Any], None] = _nothing  # loads resources once per process; bad files raise here
    needs: tuple[str, ...] = ()  # stages whose records it reads (earlier in the registry): off when one is off
    tables: tuple[Table, ...] = ()
    report: Report | None = None  # (result, pictures written) -> its HTML section of report.html
    summary: Callable[[CorpusResult], str] | None = None  # its line of the terminal summary
    pictures: Pictures | None = None  # the pictures it asks for (Picture jobs)
    picture_names: frozenset[str] = frozenset()  # every picture file it may write

    @property
    def option_list(self) -> tuple[StageOption, ...]:
        return stage_options(self.options)


@dataclass(frozen=True)
class CorpusInput:
    """What a corpus stage reads: the processed documents' summaries, the corpus's term counts
    from the keyword pass, and the store for anything else (read it one chunk at a time)."""

    documents: tuple[DocumentSummary, ...]  # processed documents, in input order
    terms: CorpusTerms  # documents × terms and sections × terms counts, rows in the order of ``documents``
    corpus_keywords: tuple[Keyword, ...]
    engine: Engine  # where the stage's own tasks run: engine.map(fn, tasks) keeps their order
    store: ResultStore


@dataclass(frozen=True)
class CorpusOutput:
    """What a corpus stage gives back: records by name, and a warning when it left them out."""

    records: Mapping[str, tuple] = field(default_factory=dict)
    warning: str = ""  # "no themes: the corpus is too small ..."
    traceback: str = ""  # a bug the stage caught to keep the rest of its records: logged and counted


@dataclass(frozen=True)
class CorpusStage:
    """A stage run once over the corpus after the keyword pass (themes, trends, networks)."""

    name: str
    records: tuple[str, ...]  # the keys it writes into CorpusResult.records; the first is counted
    title: str
    help: str
    run: Callable[[CorpusInput, Any], CorpusOutput]  # raises only on a bug
    options: type = NoOptions
    prepare: Callable[[Any], None] = _nothing
    tables: tuple[Table, ...] = ()
    report: Report | None = None
    summary: Callable[[CorpusResult], str] | None = None
    pictures: Pictures | None = None
    picture_names: frozenset[str] = frozenset()

    @property
    def option_list(self) -> tuple[StageOption, ...]:
        return stage_options(self.options)


Stage = DocumentStage | CorpusStage
