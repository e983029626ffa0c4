"""No CSV cell taken from a document can start a spreadsheet formula (issue 20).

A run over real Chinese documents with hostile file names, a hostile sentence and a hostile
metadata.csv title; then every table the run writes is checked, one test per table.
"""

from __future__ import annotations

import codecs
import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EMBEDDED_CORPUS, REPORT_TEXT
from policytext.cli import main
from policytext.outputs.files import FORMULA_TRIGGERS, neutralise_formula, write_csv
from policytext.outputs.tables import TABLES
from policytext.outputs.writer import OutputOptions, write_outputs
from policytext.records import Cooccurrence, CorpusResult, DocumentResult, Reference, Theme, TrendPoint

HOSTILE_SENTENCE = '=HYPERLINK("http://x","y")推进数字中国建设，加快发展数字经济。'
HOSTILE_CLAIM = "-全年城镇新增就业1244万人，国内生产总值增长5.2%。"  # a claim's sentence column
HOSTILE_TARGET = "-2025年城镇新增就业1200万人以上。"  # a target's text in targets_outcomes
HOSTILE_TITLE = "=cmd|' /C calc'!A0"

# tables in which the run below puts document text that starts with a trigger
FROM_DOCUMENTS = {
    "documents",
    "keywords",
    "sentences",
    "sections",
    "entities",
    "entity_counts",
    "quantities",
    "claims_by_subject",
    "indicators",
    "targets_outcomes",
    "references",
    "citations",
    "document_themes",
    "errors",
}
# tables whose text cells are terms and labels: keyword terms cannot start with a trigger,
# so these are checked on a corpus result that has them anyway (test_corpus_tables_...)
FROM_TERMS = {"themes", "trends", "cooccurrence", "formulas"}


def read_rows(path: Path) -> list[list[str]]:
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    return list(csv.reader(path.open(encoding="utf-8-sig", newline="")))


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile") / "corpus"
    root.mkdir()
    for name in ("gwr_2024", "gwr_2025", "sc_guofa_2018_39", "sc_guobanfa_2018_108", "xv_cn_020"):
        shutil.copy(EMBEDDED_CORPUS / f"{name}.txt", root / f"{name}.txt")
    (root / "=HYPERLINK(1).txt").write_text(
        "\n".join(
            [
                "数字中国建设整体布局规划",
                HOSTILE_SENTENCE,
                HOSTILE_CLAIM,
                HOSTILE_TARGET,
                "加快建设网络强国、数字中国，发展数字经济。",
                REPORT_TEXT,
            ]
        ),
        encoding="utf-8",
    )
    (root / "@SUM(1+1).txt").write_text(
        "国务院办公厅关于推进政务新媒体健康有序发展的意见\n国办发〔2018〕123号\n各省、自治区、直辖市人民政府：\n"
        "推进政务新媒体健康有序发展，落实《数字中国建设整体布局规划》。北京市城镇新增就业26.1万人。\n",
        encoding="utf-8",
    )
    (root / "-empty.txt").write_bytes(b"")
    (root / "metadata.csv").write_text(f'id,title\n@SUM(1+1),"{HOSTILE_TITLE}"\n', encoding="utf-8")
    out = root.parent / "out"
    result = CliRunner().invoke(
        main, ["run", str(root), "-o", str(out), "--workers", "1", "--wordclouds", "none"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return root, out


def _hostile(cell: str) -> bool:
    """A CSV cell a spreadsheet would run as a formula (a number such as -1 is read as a number)."""
    try:
        float(cell)
        return False
    except ValueError:
        return cell.startswith(FORMULA_TRIGGERS)


@pytest.mark.parametrize("table", [t.name for t in TABLES])
def test_no_cell_of_the_table_starts_a_formula(hostile_run, table):
    root, out = hostile_run
    rows = read_rows(out / f"{table}.csv")
    assert rows[1:], f"{table}.csv is empty: the test proves nothing"
    assert not [cell for row in rows[1:] for cell in row if _hostile(cell)]
    neutralised = [cell for row in rows[1:] for cell in row if cell.startswith("'") and _hostile(cell[1:])]
    if table in FROM_DOCUMENTS:
        assert neutralised, f"{table}.csv has no document text starting with a trigger: the test proves nothing"
    else:
        assert table in FROM_TERMS, f"{table}: add it to FROM_DOCUMENTS or FROM_TERMS"


def test_the_hostile_sentence_file_names_and_title_are_written_as_text(hostile_run):
    root, out = hostile_run
    docs = {r[0]: r for r in read_rows(out / "documents.csv")[1:]}
    assert "'=HYPERLINK(1)" in docs and "'@SUM(1+1)" in docs and "'-empty" in docs
    assert docs["'@SUM(1+1)"][2] == "'" + HOSTILE_TITLE
    assert docs["'=HYPERLINK(1)"][1] == "'=HYPERLINK(1).txt"
    sentences = [r[4] for r in read_rows(out / "sentences.csv")[1:]]
    assert "'" + HOSTILE_SENTENCE in sentences
    claims = read_rows(out / "quantities.csv")
    sentence_column = claims[0].index("sentence")
    assert "'" + HOSTILE_CLAIM in [r[sentence_column] for r in claims[1:]]


def test_negative_numbers_stay_numbers(hostile_run):
    root, out = hostile_run
    rows = read_rows(out / "sections.csv")
    parents = [r[rows[0].index("parent_id")] for r in rows[1:]]
    assert "-1" in parents and "'-1" not in parents


def test_the_api_frames_keep_the_text_as_written(hostile_run):
    import policytext

    root, _ = hostile_run
    frames = policytext.analyze_folder(root, workers=1, options=policytext.make_options(ner=False)).to_frames()
    assert "=HYPERLINK(1)" in set(frames["documents"]["doc_id"])
    assert HOSTILE_SENTENCE in set(frames["sentences"]["text"])


def test_write_csv_neutralises_text_cells_only(tmp_path):
    path = tmp_path / "t.csv"
    write_csv(path, ["a", "b", "c", "d"], [("-3.5", -3.5, "\t=1+1", "\r@A1"), ("+86", -2, "正文", None)])
    assert read_rows(path)[1:] == [["'-3.5", "-3.5", "'\t=1+1", "'\r@A1"], ["'+86", "-2", "正文", ""]]
    assert neutralise_formula(-3.5) == -3.5 and neutralise_formula("a=b") == "a=b"


def test_corpus_tables_of_terms_are_neutralised_too(tmp_path):
    """Terms cannot start with a trigger today; a user dictionary or a later change might make one."""
    doc = DocumentResult(
        doc_id="d",
        text="落实+两个确立。",
        year=2024,
        records={"references": (Reference("d", 0, 2, 7, "formula", "+两个确立", "+两个确立", "{}"),)},
    )
    result = CorpusResult.of_documents(
        (doc,),
        records={
            "themes": (Theme(1, "=主题·数据", "-数据、平台", 1, 1.0, -0.25),),
            "trends": (TrendPoint(2024, "keyword", None, "@数字经济", -1.5, "per 10k tokens", 1),),
            "cooccurrences": (Cooccurrence("+数字", "=经济", 3, -0.5),),
        },
        settings={"references": True, "themes": True},
    )
    write_outputs(result, tmp_path, OutputOptions(wordclouds="none"))
    for table, cells in {
        "themes": ["'=主题·数据", "'-数据、平台", "-0.25"],
        "trends": ["'@数字经济", "-1.5"],
        "cooccurrence": ["'+数字", "'=经济", "-0.5"],
        "formulas": ["'+两个确立"],
    }.items():
        written = [cell for row in read_rows(tmp_path / f"{table}.csv")[1:] for cell in row]
        assert set(cells) <= set(written), (table, written)
        assert not [c for c in written if _hostile(c)], (table, written)
