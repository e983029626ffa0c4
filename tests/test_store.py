"""The results store: records round-trip through Parquet, documents come back whole, the
tables a run writes come from it, and the main process keeps only summaries."""

from __future__ import annotations

import pandas as pd
import pytest

import policytext
from conftest import EMBEDDED_CORPUS
from policytext.errors import OutputFolderError
from policytext.records import DocumentSummary, Quantity
from policytext.store import CHUNK_DOCS


def test_records_round_trip_with_none_bools_and_huge_values(tmp_path):
    from policytext.store import ResultStore

    store = ResultStore(tmp_path)
    claims = [
        Quantity("d", 3, 10, 16, "1.5万亿元", 1.5e12, None, "元", "money", "财政赤字", "", "2024年", "target", False, "…"),
        Quantity("d", 4, 20, 30, "10的30次方", 1e30, 2e30, "", "amount", "", "", "", "other", True, "…", note="很大"),
    ]
    store.write("quantities", 0, claims, Quantity)
    assert store.read("quantities", 0, Quantity) == claims
    assert store.count("quantities") == 2
    assert list(store.values("quantities", "value_high")) == [None, 2e30]
    assert store.read("quantities", 1, Quantity) == []  # a chunk with no file has no records


def test_a_store_folder_must_be_new_or_empty(tmp_path):
    from policytext.store import open_store

    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputFolderError, match="new or empty"):
        open_store(tmp_path / "full")
    assert open_store(tmp_path / "new").root.is_dir()


@pytest.fixture(scope="module")
def corpus_result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    files = sorted(EMBEDDED_CORPUS.glob("*.txt"))[: 2 * CHUNK_DOCS + 3]  # three chunks, the last one short
    for path in files:
        (folder / path.name).write_bytes(path.read_bytes())
    options = policytext.make_options(themes=False)
    return policytext.analyze_folder(folder, options=options, workers=1), len(files)


def test_the_result_keeps_summaries_and_reads_documents_from_the_store(corpus_result):
    result, n = corpus_result
    assert len(result.summaries) == n and all(isinstance(s, DocumentSummary) for s in result.summaries)
    report = next(d for d in result.processed if d.doc_id == "gwr_2024")
    summary = next(s for s in result.summaries if s.doc_id == "gwr_2024")
    assert report.chars == summary.chars == len(report.text)
    assert len(report.sentences) == summary.sentence_count
    assert sum(len(s.tokens) for s in report.sentences) == summary.token_count
    assert report.sentences[0].text == report.text[report.sentences[0].start : report.sentences[0].end]
    assert any(q.text and q.unit == "%" for q in report.quantities)  # 增长5%左右 and the like
    assert [k.method for k in report.keywords][:1] == ["tfidf"]
    assert report.term_counts[0][1] >= report.term_counts[-1][1]  # most frequent first


def test_records_stream_in_document_order(corpus_result):
    result, _ = corpus_result
    order = [s.doc_id for s in result.processed_summaries]
    seen = [e.doc_id for e in result.iter_records("entities")]
    assert seen and sorted(set(seen), key=order.index) == list(dict.fromkeys(seen))
    assert sum(1 for _ in result.iter_records("quantities")) == result.store.count("quantities")
    light = result.iter_documents("quantities")
    assert not light[0].text and light[0].records.keys() == {"quantities"}


def test_frames_come_from_the_store(corpus_result):
    result, _ = corpus_result
    frames = result.to_frames()
    stored = pd.read_parquet(result.store.root / "quantities")
    assert len(frames["quantities"]) == len(stored) > 100
    assert set(frames["sentences"]["doc_id"]) == {s.doc_id for s in result.processed_summaries}


def test_an_unknown_part_is_refused_by_name(corpus_result):
    result, _ = corpus_result
    with pytest.raises(ValueError, match="no part 'entitys'"):
        list(result.iter_records("entitys"))


def test_rows_formatted_by_the_workers_are_the_rows_of_the_store(corpus_result, tmp_path):
    """The writer joins each document's CSV rows as the workers formatted them; they must be
    byte for byte what the store's rows give (what to_frames reads)."""
    from policytext.outputs.files import write_csv, write_csv_parts
    from policytext.outputs.tables import result_tables
    from policytext.store import csv_part

    result, _ = corpus_result
    tables = [t for t in result_tables(result) if t.of_document]
    assert {t.name for t in tables} == {"sentences", "sections", "entities", "quantities", "indicators", "references"}
    for table in tables:
        joined = write_csv_parts(tmp_path / "a.csv", table.columns, result.store.rows(csv_part(table.name), ("text", "rows")))
        made = write_csv(tmp_path / "b.csv", table.columns, table.rows(result))
        assert joined == made > 0
        assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes(), table.name


def test_written_outputs_carry_the_store(corpus_result, tmp_path):
    from policytext.outputs.writer import write_outputs

    result, _ = corpus_result
    write_outputs(result, tmp_path / "out")
    copied = pd.read_parquet(tmp_path / "out" / "store" / "entities")
    assert len(copied) == result.store.count("entities") > 0
