"""The output tables, defined once: the CSV writer and ``CorpusResult.to_frames`` both use them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from policytext.records import CorpusResult


@dataclass(frozen=True)
class Table:
    name: str  # file stem: documents -> documents.csv
    columns: tuple[str, ...]
    rows: Callable[[CorpusResult], Iterable[tuple]]


def _documents(result: CorpusResult):
    for d in result.documents:
        yield (
            d.doc_id,
            d.path,
            d.title,
            d.date,
            d.issuer,
            d.chars,
            len(d.sentences),
            d.status,
            d.error,
            d.encoding,
            d.size,
            d.sha256,
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
            "issuer",
            "chars",
            "sentences",
            "status",
            "error",
            "encoding",
            "bytes",
            "sha256",
            "warnings",
        ),
        _documents,
    ),
    Table("keywords", ("doc_id", "method", "rank", "term", "score"), _keywords),
    Table("sentences", ("doc_id", "sentence_id", "start", "end", "text", "tokens"), _sentences),
    Table("errors", ("doc_id", "path", "status", "reason", "error"), _errors),
)


def corpus_frames(result: CorpusResult) -> dict:
    import pandas as pd

    return {t.name: pd.DataFrame(list(t.rows(result)), columns=list(t.columns)) for t in TABLES}
