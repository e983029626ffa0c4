"""Frozen records passed between pipeline stages and returned by the API."""

from __future__ import annotations

import bisect
import dataclasses
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field

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
    """A named entity; ``start``/``end`` index ``DocumentResult.text`` (``text`` is that slice)."""

    doc_id: str
    sentence_id: int
    start: int
    end: int
    text: str
    label: str  # "PER" | "LOC" | "ORG"
    source: str  # "model" | "rule"


@dataclass(frozen=True)
class EntityCount:
    """Mentions of one entity (text and label) in one document, or in the corpus (``CORPUS_DOC_ID``)."""

    doc_id: str
    text: str
    label: str
    documents: int
    mentions: int


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
class DocumentResult:
    """Everything the pipeline knows about one input file, processed or not."""

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
    text: str = ""  # normalised body text: the reference for every offset
    front_matter: str = ""  # journal front matter (摘要, 关键词, 中图分类号 ...), kept out of the body
    back_matter: str = ""  # references, notes, editor lines, kept out of the body
    sentences: tuple[Sentence, ...] = ()
    keywords: tuple[Keyword, ...] = ()
    term_counts: tuple[tuple[str, int], ...] = ()  # keyword-candidate terms (phrases merged), most frequent first
    sections: tuple[Section, ...] = ()
    records: Mapping[str, tuple] = field(default_factory=dict)  # each stage's records, by the stage's ``records`` name
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
    return type(rows[0]), [dataclasses.astuple(r)[1:] for r in rows]


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
    """The result of ``analyze_folder``: every document plus corpus-level keywords."""

    documents: tuple[DocumentResult, ...]
    corpus_keywords: tuple[Keyword, ...] = ()
    records: Mapping[str, tuple] = field(default_factory=dict)  # corpus stages' records by name (themes, trends ...)
    settings: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)
    input_root: str = ""
    stage_errors: tuple[str, ...] = ()  # internal errors of corpus-wide stages (themes), in words
    cache_hits: int = 0  # documents whose results came from the previous run's cache
    stages: tuple = ()  # the run's stages (policytext.stage), registry order; empty: policytext.stages.REGISTRY

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

    @property
    def processed(self) -> tuple[DocumentResult, ...]:
        return tuple(d for d in self.documents if d.ok)

    @property
    def failed(self) -> tuple[DocumentResult, ...]:
        return tuple(d for d in self.documents if d.status == "failed")

    @property
    def skipped(self) -> tuple[DocumentResult, ...]:
        return tuple(d for d in self.documents if d.status == "skipped")

    @property
    def internal_errors(self) -> tuple[DocumentResult, ...]:
        """Documents a bug in policytext stopped (their tracebacks are in run.log)."""
        return tuple(d for d in self.documents if d.status == INTERNAL_ERROR)

    @property
    def internal_error_count(self) -> int:
        """Bugs met in the run: in documents and in corpus-wide stages."""
        return len(self.internal_errors) + len(self.stage_errors)

    def term_counts(self) -> dict[str, int]:
        """Corpus-wide counts of keyword-candidate terms (stopwords removed, phrases merged)."""
        total: dict[str, int] = {}
        for doc in self.processed:
            for term, n in doc.term_counts:
                total[term] = total.get(term, 0) + n
        return total

    def to_frames(self) -> dict:
        """pandas DataFrames named and shaped like the CSV files ``policytext run`` writes."""
        from policytext.outputs.tables import corpus_frames

        return corpus_frames(self)
