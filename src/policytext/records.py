"""Frozen records passed between pipeline stages and returned by the API."""

from __future__ import annotations

import bisect
import dataclasses
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policytext.store import ResultStore

CORPUS_DOC_ID = "__corpus__"
INTERNAL_ERROR = "internal error"  # the status of a document a bug stopped: a failure of policytext, not of the file


@dataclass(frozen=True)
class Sentence:
    """A sentence of the normalised body text; ``start``/``end`` index ``DocumentResult.text``."""

    sentence_id: int
    start: int
    end: int
    text: str
    tokens: tuple[str, ...]  # whitespace tokens dropped; the rest concatenate to ``text`` minus spaces


@dataclass(frozen=True)
class Keyword:
    doc_id: str
    method: str  # "tfidf" | "textrank"
    rank: int  # 1-based
    term: str
    score: float


@dataclass(frozen=True)
class Entity:
    """A named entity mention; ``start``/``end`` index ``DocumentResult.text`` (``text`` is
    that slice). ``name`` is the canonical name it is counted under (policytext.ner.names),
    ``entity_id`` is ``label:name``; both are "" for a mention that names nothing (a lone
    character nothing resolves, 省委 in a national circular), which is not counted."""

    doc_id: str
    sentence_id: int
    start: int
    end: int
    text: str
    label: str  # "PER" | "LOC" | "ORG"
    name: str
    entity_id: str
    code: str  # a division code (GB/T 2260), ISO 3166 or UN M49 code, GeoNames id; "" if none
    code_system: str
    source: str  # "model" | "rule"


@dataclass(frozen=True)
class EntityCount:
    """Mentions of one entity (its canonical name) in one document, or in the corpus
    (``CORPUS_DOC_ID``); ``texts`` lists the forms written, most frequent first."""

    doc_id: str
    entity_id: str
    name: str
    label: str
    code: str
    code_system: str
    documents: int
    mentions: int
    texts: str  # 四川省 (20); 四川 (10); 川 (3)


@dataclass(frozen=True)
class Quantity:
    """A quantitative claim; ``start``/``end`` index ``DocumentResult.text`` (``text`` is that slice)."""

    doc_id: str
    sentence_id: int
    start: int
    end: int
    text: str
    value: float | None  # magnitude applied (1.5万亿元 -> 1.5e12); a range's low end; None: not parsed
    value_high: float | None  # a range's high end (3至5年 -> 5), else None
    unit: str  # 元, 吨, 人, %, 个百分点, 倍 ... ("" for a fraction or a bare number)
    kind: str  # count | amount | money | percent | pct_point | ratio | rank | duration
    subject: str  # what is measured, a short phrase from the sentence
    predicate: str  # the verb carrying the claim (增长, 达到 ...), "" when none
    period: str  # the time the claim refers to, as written, "" when none
    modality: str  # achieved | target | other
    approx: bool  # 多, 近, 左右, 以上 ...: the number is inexact or a bound
    sentence: str  # the sentence's text (the 400 characters around the claim, marked …, when longer)
    note: str = ""  # why a number could not be read ("number too long to parse")
    section: str = ""  # the heading of the innermost section holding the claim ("" before any heading)
    section_role: str = ""  # review | targets | plan | rules | "" (see Section.role)


@dataclass(frozen=True)
class IndicatorValue:
    """A quantitative claim on a known indicator (``extract.indicators``): a target a document
    sets or an outcome it reports, for one place (``scope``) and one year. ``start``/``end``
    index ``DocumentResult.text`` and are the claim's."""

    doc_id: str
    sentence_id: int
    start: int
    end: int
    indicator: str  # the indicator table's name: 国内生产总值增长, 城镇新增就业 ...
    unit: str  # the indicator's unit; ``value`` is converted to it (1.3万亿斤 -> 6.5e8 吨)
    direction: str  # the indicator's: two_sided | floor (more is better) | ceiling (less is better)
    value: float | None
    value_high: float | None  # a range's high end
    bound: str  # about (左右) | at_least (以上, 超过) | at_most (以内, 不超过) | range | exact
    modality: str  # target | achieved
    year: int | None  # the year the value is for (None: several years, or not known)
    scope: str  # 全国, a province (四川省), or "" when the document does not say
    text: str  # the clause as written: 国内生产总值增长5%左右
    section: str  # the heading of the section holding the claim


@dataclass(frozen=True)
class TargetOutcome:
    """A target with the outcome a later document reports for the same indicator, place and
    year, and for a province's target the national target of that year (``extract.targets``)."""

    indicator: str
    unit: str
    scope: str
    target_year: int
    target_doc: str
    target_text: str
    target_value: float | None
    target_value_high: float | None
    approx: bool  # the target is not an exact figure: about, a bound or a range
    bound: str
    outcome_doc: str  # "" when no document of the corpus reports the outcome
    outcome_text: str
    outcome_value: float | None
    gap: float | None  # outcome minus target (a range's low end); None without an outcome
    met: str  # yes | no | unknown
    met_rule: str  # the test applied: "5.2 within 5 ± 0.5", "1244万 ≥ 1200万"
    national_doc: str  # a province's target: the national target of the same year, "" if none
    national_value: float | None
    national_value_high: float | None


@dataclass(frozen=True)
class Section:
    """A part of a document under one heading (``sections``); ``start``/``end`` index
    ``DocumentResult.text``, from the heading to the next heading of the same or a higher level."""

    section_id: int  # position among the document's sections, in text order
    start: int
    end: int
    level: int  # 0 第一部分, 1 一、/第一章/named parts, 2 （一）, 3 1., 4 (1), 5 第一条
    heading: str  # the heading line up to its first full stop or colon
    role: str  # review (what was done) | targets | plan (work to do) | rules (provisions) | ""
    parent_id: int  # section_id of the enclosing section, -1 at the top


@dataclass(frozen=True)
class Reference:
    """A policy reference in the body: a cited title, a document number, a numbered
    formula or a plan period (``extract.references``)."""

    doc_id: str
    sentence_id: int  # -1 when the reference starts between sentences
    start: int
    end: int
    kind: str  # cited_document | document_number | formula | period
    text: str  # as written
    normalized: str  # 京政发〔2018〕3号, 十四五, 2021-2025, the title without （草案）
    details: str  # a JSON object: {"type": "意见"}, {"issuer_code": "国发", "year": 2018, "serial": 12}, ...


@dataclass(frozen=True)
class DocumentFields:
    """What is known about one input file besides its text: the fields a document's summary
    and its full result share."""

    doc_id: str
    path: str = ""  # relative to the input folder; empty for analyze_text
    status: str = "ok"  # "ok" | "failed" | "skipped" | "internal error" (INTERNAL_ERROR)
    error: str = ""  # plain reason when status is not "ok"
    error_code: str = ""  # short machine code: "empty", "binary", "encoding", ...
    title: str = ""
    date: str = ""
    issuer: str = ""
    size: int = 0
    sha256: str = ""
    encoding: str = ""
    doc_number: str = ""  # the document's own 发文字号, from its header
    author: str = ""  # an article's 作者 line
    year: int | None = None  # the document's year (a work report: the year it plans), None when no date is known
    kind: str = ""  # work_report | plan | opinion | notice | measures | law | decision | reply | speech | article | other
    title_source: str = ""  # where title, date and kind came from: metadata | header | signature | title |
    date_source: str = ""  # doc_number | file_name | text ("" when empty; see metadata.document_info)
    kind_source: str = ""
    warnings: tuple[str, ...] = ()
    traceback: str = ""  # with status INTERNAL_ERROR: where the bug is (written to run.log, not to the tables)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True)
class DocumentSummary(DocumentFields):
    """A document without its text and records: what the main process keeps of each document
    while the results themselves stay in the store (``policytext.store``)."""

    chars: int = 0
    sentence_count: int = 0
    token_count: int = 0

    @classmethod
    def of(cls, doc: DocumentResult) -> DocumentSummary:
        fields = {f.name: getattr(doc, f.name) for f in dataclasses.fields(DocumentFields)}
        tokens = sum(len(s.tokens) for s in doc.sentences)
        return cls(**fields, chars=doc.chars, sentence_count=len(doc.sentences), token_count=tokens)


@dataclass(frozen=True)
class DocumentResult(DocumentFields):
    """Everything the pipeline knows about one input file, processed or not."""

    text: str = ""  # normalised body text: the reference for every offset
    front_matter: str = ""  # journal front matter (摘要, 关键词, 中图分类号 ...), kept out of the body
    back_matter: str = ""  # references, notes, editor lines, kept out of the body
    sentences: tuple[Sentence, ...] = ()
    keywords: tuple[Keyword, ...] = ()
    term_counts: tuple[tuple[str, int], ...] = ()  # keyword-candidate terms (phrases merged), most frequent first
    sections: tuple[Section, ...] = ()
    records: Mapping[str, tuple] = field(default_factory=dict)  # each stage's records, by the stage's ``records`` name

    @property
    def chars(self) -> int:
        return len(self.text)

    @property
    def entities(self) -> tuple[Entity, ...]:
        """Named entities (stage ``ner``), in text order."""
        return self.records.get("entities", ())

    @property
    def quantities(self) -> tuple[Quantity, ...]:
        """Quantitative claims (stage ``quantities``), in text order."""
        return self.records.get("quantities", ())

    @property
    def references(self) -> tuple[Reference, ...]:
        """Policy references (stage ``references``), in text order."""
        return self.records.get("references", ())

    def __reduce__(self):
        # Results cross process boundaries in bulk. Sentence texts are slices of ``text``,
        # tokens pack into one string per sentence and records into plain tuples without
        # their doc_id: pickling is several times faster.
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name not in ("sentences", "records")}
        packed = [(s.sentence_id, s.start, s.end, TOKEN_SEP.join(s.tokens)) for s in self.sentences]
        records = {name: _pack_records(rows) for name, rows in self.records.items()}
        return (_unpack_document, (fields, packed, records))

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing character ``offset`` of ``text``, or None between sentences."""
        starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None


TOKEN_SEP = "\x1f"  # ASCII unit separator: never inside a token (control characters are not text)


def _pack_records(rows: tuple) -> tuple[type | None, list[tuple]]:
    """A stage's records as (record type, field values less the leading doc_id)."""
    if not rows:
        return None, []
    names = [f.name for f in dataclasses.fields(rows[0])][1:]  # not astuple: it deep-copies every field
    return type(rows[0]), [tuple(getattr(r, n) for n in names) for r in rows]


def _unpack_document(fields: dict, packed: list, records: dict) -> DocumentResult:
    text, doc_id = fields["text"], fields["doc_id"]
    sentences = tuple(
        Sentence(sid, start, end, text[start:end], tuple(map(sys.intern, joined.split(TOKEN_SEP))) if joined else ())
        for sid, start, end, joined in packed
    )  # tokens interned, as split_sentences makes them: one string per word in the whole corpus
    unpacked = {name: tuple(kind(doc_id, *row) for row in rows) if kind else () for name, (kind, rows) in records.items()}
    return DocumentResult(sentences=sentences, records=unpacked, **fields)


@dataclass(frozen=True)
class Theme:
    """A theme of the corpus (``themes``): its distinctive terms and how much of the corpus it holds."""

    theme_id: int  # 1 = the theme holding the largest share of the corpus
    label: str  # the top three terms: 数字经济·平台·数据
    top_terms: str  # the top ten terms by class-based TF-IDF, joined with 、
    documents: int  # documents whose main theme it is
    share: float  # share of the corpus's terms (documents weighted by length)
    coherence: float  # NPMI of the top terms over sections, -1 … 1
    term_weights: tuple[tuple[str, float], ...] = ()  # top terms with scores, for the theme's word cloud


@dataclass(frozen=True)
class DocumentTheme:
    doc_id: str
    theme_id: int
    weight: float  # the document's share in the theme; a document's weights sum to 1
    rank: int  # 1 = the document's main theme


@dataclass(frozen=True)
class Cooccurrence:
    """Two keyword terms that occur in the same sentences (``cooccurrence``)."""

    source: str
    target: str
    count: int  # sentences holding both
    pmi: float  # log2 of how much more often they meet than chance would have it


@dataclass(frozen=True)
class TrendPoint:
    """One year of a theme or keyword (``trends``)."""

    year: int
    kind: str  # theme | keyword
    theme_id: int | None
    name: str  # the theme's label or the keyword
    value: float
    unit: str  # "share" (of the year's terms) or "per 10k tokens"
    documents: int  # documents dated that year


@dataclass(frozen=True)
class CorpusResult:
    """The result of ``analyze_folder``: every document's summary, corpus records, and each
    document's own results in the store (``policytext.store``), read back chunk by chunk."""

    summaries: tuple[DocumentSummary, ...]  # every input file, input order
    store: ResultStore
    corpus_keywords: tuple[Keyword, ...] = ()
    records: Mapping[str, tuple] = field(default_factory=dict)  # corpus stages' records by name (themes, trends ...)
    term_totals: Mapping[str, int] = field(default_factory=dict)  # corpus-wide keyword-term counts
    settings: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)
    input_root: str = ""
    stage_errors: tuple[str, ...] = ()  # internal errors of corpus-wide stages (themes), in words
    cache_hits: int = 0  # documents whose results came from the previous run's cache
    stages: tuple = ()  # the run's stages (policytext.stage), registry order; empty: policytext.stages.REGISTRY
    _views: dict = field(default_factory=dict, init=False, compare=False, repr=False)  # corpus_view's results

    @classmethod
    def of_documents(cls, documents: Sequence[DocumentResult], *, store: str | Path | None = None, **fields) -> CorpusResult:
        """A result of documents made in memory: they are written to a store (``store``, or a
        temporary folder) like a run's; ``fields`` fill the rest."""
        from policytext.stored_documents import corpus_of_documents

        return corpus_of_documents(cls, documents, store=store, **fields)

    @property
    def themes(self) -> tuple[Theme, ...]:
        return self.records.get("themes", ())

    @property
    def document_themes(self) -> tuple[DocumentTheme, ...]:
        return self.records.get("document_themes", ())

    @property
    def cooccurrences(self) -> tuple[Cooccurrence, ...]:
        return self.records.get("cooccurrences", ())

    @property
    def trends(self) -> tuple[TrendPoint, ...]:
        return self.records.get("trends", ())

    def _stage_types(self) -> dict[str, type]:
        from policytext.stages import document_record_types, stages_of

        return document_record_types(tuple(s for s in stages_of(self) if self.settings.get(s.name)))  # the stages that ran

    @property
    def documents(self) -> Sequence[DocumentResult]:
        """Every document whole (text, sentences, records), read from the store as it is used."""
        from policytext.stored_documents import StoredDocuments

        return StoredDocuments(self.store, self.summaries, self._stage_types())

    @property
    def processed(self) -> Sequence[DocumentResult]:
        """The processed documents whole, read from the store as they are used."""
        from policytext.stored_documents import StoredDocuments

        positions = [i for i, s in enumerate(self.summaries) if s.ok]
        return StoredDocuments(self.store, self.summaries, self._stage_types(), positions)

    def iter_documents(self, *records: str) -> Sequence[DocumentResult]:
        """The processed documents with their fields and only the records named (no text,
        sentences or keywords): what corpus views read, one chunk in memory."""
        from policytext.stored_documents import StoredDocuments

        types = {name: t for name, t in self._stage_types().items() if name in records}
        positions = [i for i, s in enumerate(self.summaries) if s.ok]
        return StoredDocuments(self.store, self.summaries, types, positions, whole=False)

    @property
    def processed_summaries(self) -> tuple[DocumentSummary, ...]:
        return tuple(s for s in self.summaries if s.ok)

    @property
    def failed(self) -> tuple[DocumentSummary, ...]:
        return tuple(d for d in self.summaries if d.status == "failed")

    @property
    def skipped(self) -> tuple[DocumentSummary, ...]:
        return tuple(d for d in self.summaries if d.status == "skipped")

    @property
    def internal_errors(self) -> tuple[DocumentSummary, ...]:
        """Documents a bug in policytext stopped (their tracebacks are in run.log)."""
        return tuple(d for d in self.summaries if d.status == INTERNAL_ERROR)

    @property
    def internal_error_count(self) -> int:
        """Bugs met in the run: in documents and in corpus-wide stages."""
        return len(self.internal_errors) + len(self.stage_errors)

    def iter_records(self, name: str) -> Iterator:
        """Every record a per-document stage wrote under ``name`` (entities, quantities ...), or
        of a core part (sentences, sections, keywords), in document order, one chunk in memory."""
        from policytext.store import part_type

        record_type = self._stage_types().get(name) or part_type(name)
        return self.store.iter_records(name, record_type)

    def iter_values(self, name: str, column: str) -> Iterator:
        """One column (``label``, ``kind`` ...) of the records under ``name``, in document order."""
        return self.store.values(name, column)

    def corpus_view(self, view: Callable, *records: str) -> list:
        """``view(documents)`` over the processed documents with the records named
        (``iter_documents``), computed once per result: tables and report share it."""
        key = (view, records)
        if key not in self._views:
            self._views[key] = list(view(self.iter_documents(*records)))
        return self._views[key]

    def term_counts(self) -> dict[str, int]:
        """Corpus-wide counts of keyword-candidate terms (stopwords removed, phrases merged)."""
        return dict(self.term_totals)

    def to_frames(self) -> dict:
        """pandas DataFrames named and shaped like the CSV files ``policytext run`` writes."""
        from policytext.outputs.tables import corpus_frames

        return corpus_frames(self)
