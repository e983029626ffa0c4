import codecs
import csv
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EMBEDDED_CORPUS, REPORT_TEXT, earlier_outputs, pdf_bytes
from policytext.cli import main


def read_csv(path: Path) -> list[dict]:
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(path.open(encoding="utf-8-sig", newline="")))


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def stale(out: Path, *names: str) -> Path:
    """An earlier run's output folder holding ``names``."""
    return earlier_outputs(out, dict.fromkeys(names, "old run"))


def test_help_documents_every_option():
    result = invoke("run", "--help")
    assert result.exit_code == 0
    for option in [
        "--output",
        "--force",
        "--workers",
        "--userdict",
        "--stopwords",
        "--font",
        "--wordclouds",
        "--mask",
        "--wordcloud-size",
        "--no-ner",
        "--ner-rules",
        "--ner-aliases",
        "--no-quantities",
        "--quantity-units",
        "--no-references",
        "--formulas",
        "--no-themes",
        "--themes",
        "--theme-model",
    ]:
        assert option in result.output
    assert "metadata.csv" in result.output
    assert invoke("--help").exit_code == 0
    assert "policytext" in invoke("--version").output


def test_run_writes_every_output(small_corpus, tmp_path):
    out = tmp_path / "out"
    result = invoke("run", str(small_corpus), "-o", str(out), "--workers", "1", "--wordcloud-size", "640x360")
    assert result.exit_code == 0, result.output
    assert "3 document(s) processed, 0 failed" in result.output
    docs = read_csv(out / "documents.csv")
    assert [d["doc_id"] for d in docs] == ["plan", "report", "sub/notice_gbk"]
    assert {d["status"] for d in docs} == {"ok"}
    keywords = read_csv(out / "keywords.csv")
    assert keywords[0]["doc_id"] == "__corpus__"
    assert {k["method"] for k in keywords} == {"tfidf", "textrank"}
    sentences = read_csv(out / "sentences.csv")
    report = [s for s in sentences if s["doc_id"] == "report"]
    assert report[0]["text"] == "政府工作报告"
    assert "乡村振兴" in " ".join(s["tokens"] for s in report).split()
    assert read_csv(out / "errors.csv") == []
    entities = read_csv(out / "entities.csv")
    assert list(entities[0]) == [
        "doc_id",
        "sentence_id",
        "start",
        "end",
        "text",
        "label",
        "name",
        "entity_id",
        "code",
        "code_system",
        "source",
    ]
    by_sentence = {(s["doc_id"], s["sentence_id"]): s for s in sentences}
    for e in entities:  # offsets are into the text sentences.csv shows
        sent = by_sentence[(e["doc_id"], e["sentence_id"])]
        assert int(sent["start"]) <= int(e["start"]) < int(e["end"]) <= int(sent["end"])
        assert sent["text"][int(e["start"]) - int(sent["start"]) : int(e["end"]) - int(sent["start"])] == e["text"]
    assert any(e["text"].endswith("全国人民代表大会") and e["label"] == "ORG" for e in entities)
    assert {(e["doc_id"], e["text"], e["label"]) for e in entities} >= {
        ("report", "国务院", "ORG"),
        ("sub/notice_gbk", "国务院办公厅", "ORG"),
        ("plan", "中国", "LOC"),
    }
    counts = read_csv(out / "entity_counts.csv")
    assert counts[0] == {
        "doc_id": "__corpus__",
        "entity_id": "LOC:中国",
        "name": "中国",
        "label": "LOC",
        "code": "CN",
        "code_system": "ISO 3166-1",
        "documents": "1",
        "mentions": "2",
        "texts": "中国 (2)",
    }  # 数字中国 twice
    corpus_mentions = [int(c["mentions"]) for c in counts if c["doc_id"] == "__corpus__"]
    assert corpus_mentions == sorted(corpus_mentions, reverse=True)
    assert {"doc_id": "report", "name": "国务院", "label": "ORG", "documents": "1", "mentions": "1"} in [
        {k: c[k] for k in ("doc_id", "name", "label", "documents", "mentions")} for c in counts
    ]
    assert "named entities:" in result.output
    quantities = read_csv(out / "quantities.csv")
    assert [(q["doc_id"], q["text"], q["value"], q["unit"], q["kind"], q["subject"], q["modality"]) for q in quantities] == [
        ("report", "126万亿元", "126000000000000", "元", "money", "国内生产总值", "achieved"),
        ("report", "5.2%", "5.2", "%", "percent", "国内生产总值", "achieved"),
        ("report", "1244万人", "12440000", "人", "count", "城镇新增就业", "achieved"),
        ("report", "5.2%", "5.2", "%", "percent", "城镇调查失业率", "achieved"),
    ]
    for q in quantities:  # offsets are into the text sentences.csv shows, and the sentence comes along
        sent = by_sentence[(q["doc_id"], q["sentence_id"])]
        assert sent["text"] == q["sentence"]
        assert sent["text"][int(q["start"]) - int(sent["start"]) : int(q["end"]) - int(sent["start"])] == q["text"]
    series = read_csv(out / "claims_by_subject.csv")
    assert list(series[0]) == [
        "subject", "unit", "kind", "documents", "claims", "doc_id", "date", "period", "modality", "value", "value_high", "approx", "text",
    ]  # fmt: skip
    assert ("国内生产总值", "%", "2024-03-05", "5.2") in [(r["subject"], r["unit"], r["date"], r["value"]) for r in series]
    assert "quantitative claims: 4 (4 achieved, 0 target, 0 other)" in result.output
    assert "Quantitative claims" in (out / "report.html").read_text(encoding="utf-8")
    references = read_csv(out / "references.csv")
    assert [(r["doc_id"], r["kind"], r["text"], r["normalized"]) for r in references] == [
        ("report", "formula", "一带一路", "一带一路"),
        ("sub/notice_gbk", "document_number", "国办发〔2018〕123号", "国办发〔2018〕123号"),
        ("sub/notice_gbk", "cited_document", "《数字中国建设整体布局规划》", "数字中国建设整体布局规划"),
    ]
    assert json.loads(references[1]["details"]) == {"issuer_code": "国办发", "year": 2018, "serial": 123}
    assert read_csv(out / "formulas.csv") == [
        {"formula": "一带一路", "documents": "1", "mentions": "1", "first_year": "2024", "last_year": "2024"}
    ]
    assert read_csv(out / "citations.csv") == [
        {"citing_doc": "sub/notice_gbk", "cited_doc": "plan", "title": "数字中国建设整体布局规划"}
    ]
    assert (out / "citation_graph.png").stat().st_size > 10_000
    assert read_csv(out / "themes.csv") == []  # three documents are too few to group
    assert "warning: no themes: themes need at least 6 documents" in result.output
    assert "Policy references" in (out / "report.html").read_text(encoding="utf-8")
    assert "citation_graph.png" in (out / "report.html").read_text(encoding="utf-8")
    notice = next(d for d in docs if d["doc_id"] == "sub/notice_gbk")
    assert (notice["issuer"], notice["doc_number"]) == ("国务院办公厅", "国办发〔2018〕123号")  # from the text
    assert "policy references: 3 (1 cited documents, 1 document numbers, 1 formulas, 0 periods)" in result.output
    assert (out / "wordclouds" / "corpus.png").stat().st_size > 10_000
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["processed"] == 3
    assert manifest["counts"]["quantities"] == 4
    assert {o["file"] for o in manifest["outputs"]} >= {
        "documents.csv",
        "keywords.csv",
        "sentences.csv",
        "errors.csv",
        "entities.csv",
        "entity_counts.csv",
        "quantities.csv",
        "claims_by_subject.csv",
        "wordclouds/corpus.png",
    }
    assert all(len(i["sha256"]) == 64 for i in manifest["inputs"])
    report_html = (out / "report.html").read_text(encoding="utf-8")
    assert "政府工作报告" in report_html
    assert "Named entities" in report_html and "<td>国务院办公厅</td>" in report_html
    assert not list(out.rglob("*.tmp"))


def test_wordclouds_all_and_none(small_corpus, tmp_path):
    out = tmp_path / "all"
    assert (
        invoke(
            "run", str(small_corpus), "-o", str(out), "--workers", "1", "--wordclouds", "all", "--wordcloud-size", "400x300"
        ).exit_code
        == 0
    )
    assert sorted(p.name for p in (out / "wordclouds").iterdir()) == [
        "corpus.png",
        "doc_plan.png",
        "doc_report.png",
        "doc_sub_notice_gbk.png",
    ]
    out = tmp_path / "none"
    assert invoke("run", str(small_corpus), "-o", str(out), "--workers", "1", "--wordclouds", "none").exit_code == 0
    assert not (out / "wordclouds").exists()


def test_user_stopwords_remove_keywords(small_corpus, tmp_path):
    stop = tmp_path / "stop.txt"
    stop.write_text("乡村振兴\n营商环境\n", encoding="utf-8")
    out = tmp_path / "out"
    assert (
        invoke(
            "run", str(small_corpus), "-o", str(out), "--workers", "1", "--wordclouds", "none", "--stopwords", str(stop)
        ).exit_code
        == 0
    )
    terms = {k["term"] for k in read_csv(out / "keywords.csv")}
    assert "乡村振兴" not in terms and "营商环境" not in terms


def test_missing_path_and_empty_folder_exit_2(tmp_path):
    result = invoke("run", str(tmp_path / "nope"), "-o", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert "does not exist" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke("run", str(empty), "-o", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert "contains no files" in result.output


def test_bad_size_option():
    result = CliRunner().invoke(main, ["run", "--wordcloud-size", "big"])
    assert result.exit_code == 2
    assert "WIDTHxHEIGHT" in result.output


# --- bad input: every bad file is reported, every good file processed ---------------------


@pytest.fixture
def messy_folder(tmp_path, monkeypatch):
    root = tmp_path / "messy"
    root.mkdir()
    good = {
        "good_utf8.txt": REPORT_TEXT.encode("utf-8"),
        "good_gbk.txt": "国务院关于促进综合保税区高水平开放高质量发展的若干意见。".encode("gbk"),
        "good_gb18030.txt": "欧元€与扩展汉字㐀：推动数字经济发展。".encode("gb18030"),
        "good_utf16.txt": "政务新媒体健康有序发展。".encode("utf-16"),
    }
    bad = {
        "empty.txt": b"",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        "corrupt.docx": b"PK\x03\x04not a zip",
        "scan.pdf": pdf_bytes(None),
        "locked.txt": "无法读取。".encode(),
    }
    for name, data in {**good, **bad}.items():
        (root / name).write_bytes(data)
    with open(root / "huge.txt", "wb") as f:  # 50 MB of real text
        chunk = ("推进高质量发展。" * 4096).encode("utf-8")
        while f.tell() < 50 * 2**20:
            f.write(chunk)
    (root / "notes.doc").write_bytes(b"\xd0\xcf\x11\xe0")  # old Word: unsupported, reported as skipped

    real_open = os.open

    def os_open(path, flags, *args, **kwargs):  # root can read anything, so simulate the permission error
        if Path(path).name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", os_open)
    return root


def test_bad_files_are_reported_and_good_files_processed(messy_folder, tmp_path):
    out = tmp_path / "out"
    result = invoke("run", str(messy_folder), "-o", str(out), "--workers", "1", "--wordclouds", "none")
    assert result.exit_code == 0, result.output
    docs = {d["doc_id"]: d for d in read_csv(out / "documents.csv")}
    assert {k for k, d in docs.items() if d["status"] == "ok"} == {"good_utf8", "good_gbk", "good_gb18030", "good_utf16"}
    assert docs["good_gbk"]["encoding"] == "gbk"
    assert docs["good_gb18030"]["encoding"] == "gb18030"
    assert docs["good_utf16"]["encoding"] == "utf-16-le"
    errors = {e["doc_id"]: e for e in read_csv(out / "errors.csv")}
    expected = {
        "empty": "empty",
        "binary": "binary",
        "corrupt": "corrupt",
        "scan": "no_text_layer",
        "locked": "unreadable",
        "huge": "too_large",
        "notes": "unsupported",
    }
    assert {k: e["reason"] for k, e in errors.items()} == expected
    assert docs["locked"]["error"] == "permission denied: the file cannot be read"
    assert docs["notes"]["status"] == "skipped"
    for doc_id in expected:
        assert docs[doc_id]["error"]
        assert f"{doc_id}." in result.output  # the summary names every failure
    assert "4 document(s) processed, 6 failed, 1 skipped" in result.output


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_real_permission_error(tmp_path):
    root = tmp_path / "c"
    root.mkdir()
    (root / "ok.txt").write_text(REPORT_TEXT, encoding="utf-8")
    locked = root / "locked.txt"
    locked.write_text("内容。", encoding="utf-8")
    locked.chmod(0)
    result = invoke("run", str(root), "-o", str(tmp_path / "o"), "--workers", "1", "--wordclouds", "none")
    assert result.exit_code == 0
    assert "permission denied" in result.output


def test_no_document_processable_exits_1(tmp_path):
    root = tmp_path / "bad"
    root.mkdir()
    (root / "a.txt").write_bytes(b"")
    result = invoke("run", str(root), "-o", str(tmp_path / "o"), "--workers", "1")
    assert result.exit_code == 1
    assert "none of the 1 file(s)" in result.output


def test_outputs_inside_the_input_folder_are_not_read_back(small_corpus):
    out = small_corpus / "outputs"
    assert invoke("run", str(small_corpus), "-o", str(out), "--workers", "1", "--wordclouds", "none").exit_code == 0
    again = invoke("run", str(small_corpus), "-o", str(out), "--workers", "1", "--wordclouds", "none")
    assert "3 document(s) processed, 0 failed, 0 skipped" in again.output


def test_unusable_font_fails_before_processing(small_corpus, tmp_path):
    bad_font = tmp_path / "font.ttf"
    bad_font.write_text("not a font", encoding="utf-8")
    result = invoke("run", str(small_corpus), "-o", str(tmp_path / "o"), "--font", str(bad_font))
    assert result.exit_code == 2
    assert "not a usable font file" in result.output
    assert not (tmp_path / "o").exists()


def test_broken_metadata_and_replaced_bytes_are_reported(small_corpus, tmp_path):
    (small_corpus / "metadata.csv").write_text("name,title\nx,y\n", encoding="utf-8")
    (small_corpus / "truncated.txt").write_bytes(("推进高质量发展。" * 400).encode("utf-8") + b"\xff")
    result = invoke("run", str(small_corpus), "-o", str(tmp_path / "o"), "--workers", "1", "--wordclouds", "none")
    assert result.exit_code == 0
    assert "warning: metadata.csv ignored: it has no 'id' column" in result.output
    assert "2 document(s) processed with warnings" in result.output  # truncated, and plan: no date anywhere
    docs = {d["doc_id"]: d for d in read_csv(tmp_path / "o" / "documents.csv")}
    assert "replaced by U+FFFD" in docs["truncated"]["warnings"]
    assert docs["plan"]["warnings"] == "no date found in the text or the file name"
    report = (tmp_path / "o" / "report.html").read_text(encoding="utf-8")
    assert "truncated.txt: 1 invalid UTF-8 byte sequence(s) replaced" in report


def test_two_runs_write_identical_files(small_corpus, tmp_path):
    """And with 2 workers the pictures are drawn in helper processes: the same bytes."""
    for name, workers in (("a", "1"), ("b", "2")):
        args = ["run", str(small_corpus), "-o", str(tmp_path / name), "--workers", workers, "--wordcloud-size", "400x300"]
        assert invoke(*args).exit_code == 0
    for file in [
        "documents.csv",
        "keywords.csv",
        "sentences.csv",
        "quantities.csv",
        "claims_by_subject.csv",
        "references.csv",
        "formulas.csv",
        "citations.csv",
        "themes.csv",
        "document_themes.csv",
        "trends.csv",
        "cooccurrence.csv",
        "errors.csv",
        "wordclouds/corpus.png",
        "citation_graph.png",
    ]:
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes(), file


def test_no_ner_writes_no_entity_files_and_removes_stale_ones(small_corpus, tmp_path):
    out = stale(tmp_path / "out", "entities.csv")
    (out / "my notes.txt").write_text("分析笔记", encoding="utf-8")  # the user's own: kept
    result = invoke("run", str(small_corpus), "-o", str(out), "--workers", "1", "--wordclouds", "none", "--no-ner")
    assert result.exit_code == 0, result.output
    assert not (out / "entities.csv").exists() and not (out / "entity_counts.csv").exists()
    assert (out / "my notes.txt").read_text(encoding="utf-8") == "分析笔记"
    assert "named entities" not in result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["settings"]["ner"] is False


def test_user_ner_rules_are_used_and_bad_ones_rejected(small_corpus, tmp_path):
    rules = tmp_path / "names.txt"
    rules.write_text("政务新媒体\tORG\n", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("run", str(small_corpus), "-o", str(out), "--wordclouds", "none", "--ner-rules", str(rules))
    assert result.exit_code == 0, result.output
    counts = [
        {k: row[k] for k in ("doc_id", "name", "label", "documents", "mentions")} for row in read_csv(out / "entity_counts.csv")
    ]
    assert {"doc_id": "sub/notice_gbk", "name": "政务新媒体", "label": "ORG", "documents": "1", "mentions": "2"} in counts
    rules.write_text("政务新媒体 ORG\n", encoding="utf-8")
    result = invoke("run", str(small_corpus), "-o", str(tmp_path / "out2"), "--ner-rules", str(rules))
    assert result.exit_code == 2 and "line 1" in result.output
    result = invoke("run", str(small_corpus), "-o", str(tmp_path / "out3"), "--no-ner", "--ner-rules", str(rules))
    assert result.exit_code == 2 and "drop --no-ner" in result.output


def test_user_aliases_rename_entities_and_a_bad_alias_file_fails_before_any_work(small_corpus, tmp_path):
    aliases = tmp_path / "aliases.txt"
    aliases.write_text("政务新媒体\t政府网站与政务新媒体\tORG\n", encoding="utf-8")
    rules = tmp_path / "names.txt"
    rules.write_text("政务新媒体\tORG\n", encoding="utf-8")
    out = tmp_path / "out"
    options = ["--wordclouds", "none", "--ner-rules", str(rules), "--ner-aliases", str(aliases)]
    result = invoke("run", str(small_corpus), "-o", str(out), *options)
    assert result.exit_code == 0, result.output
    rows = [r for r in read_csv(out / "entities.csv") if r["text"] == "政务新媒体"]
    assert rows and {(r["name"], r["entity_id"]) for r in rows} == {("政府网站与政务新媒体", "ORG:政府网站与政务新媒体")}
    aliases.write_text("# mine\n政务新媒体\t政府网站与政务新媒体\tGOV\n", encoding="utf-8")
    result = invoke("run", str(small_corpus), "-o", str(tmp_path / "out2"), *options)
    assert result.exit_code == 2 and "line 2" in result.output and "aliases.txt" in result.output
    assert not (tmp_path / "out2" / "entities.csv").exists()


def test_no_quantities_removes_stale_files_and_unit_files_are_checked(small_corpus, tmp_path):
    out = tmp_path / "out"
    stale(out, "quantities.csv")
    result = invoke("run", str(small_corpus), "-o", str(out), "--wordclouds", "none", "--no-ner", "--no-quantities")
    assert result.exit_code == 0, result.output
    assert not (out / "quantities.csv").exists() and not (out / "claims_by_subject.csv").exists()
    assert "quantitative claims" not in result.output
    units = tmp_path / "units.txt"
    units.write_text("人次\tpeople\n", encoding="utf-8")
    result = invoke("run", str(small_corpus), "-o", str(tmp_path / "o2"), "--no-ner", "--quantity-units", str(units))
    assert result.exit_code == 2 and "unit<TAB>kind" in result.output
    result = invoke("run", str(small_corpus), "-o", str(tmp_path / "o3"), "--no-quantities", "--quantity-units", str(units))
    assert result.exit_code == 2 and "drop --no-quantities" in result.output


def test_no_references_removes_stale_files_and_formula_files_extend_the_dictionary(small_corpus, tmp_path):
    out = tmp_path / "out"
    stale(out, "references.csv", "citation_graph.png")
    result = invoke("run", str(small_corpus), "-o", str(out), "--wordclouds", "none", "--no-ner", "--no-references")
    assert result.exit_code == 0, result.output
    for name in ("references.csv", "formulas.csv", "citations.csv", "citation_graph.png"):
        assert not (out / name).exists(), name
    assert "policy references" not in result.output
    words = tmp_path / "formulas.txt"
    words.write_text("# our own\n乡村振兴\n", encoding="utf-8")
    result = invoke(
        "run", str(small_corpus), "-o", str(tmp_path / "o2"), "--wordclouds", "none", "--no-ner", "--formulas", str(words)
    )
    assert result.exit_code == 0, result.output
    assert [r["formula"] for r in read_csv(tmp_path / "o2" / "formulas.csv")] == ["一带一路", "乡村振兴"]
    result = invoke("run", str(small_corpus), "-o", str(tmp_path / "o3"), "--no-references", "--formulas", str(words))
    assert result.exit_code == 2 and "drop --no-references" in result.output


def test_themes_of_the_sample_corpus_and_their_pictures(tmp_path):
    out = tmp_path / "out"
    args = ["run", str(EMBEDDED_CORPUS), "-o", str(out), "--no-ner", "--no-quantities", "--no-references"]
    result = invoke(*args, "--wordcloud-size", "400x300", "--themes", "6")
    assert result.exit_code == 0, result.output
    themes = read_csv(out / "themes.csv")
    assert [t["theme_id"] for t in themes] == ["1", "2", "3", "4", "5", "6"]
    assert all(t["label"].count("·") == 2 and t["top_terms"] for t in themes)
    rows = read_csv(out / "document_themes.csv")
    main = [r for r in rows if r["rank"] == "1"]
    assert len(main) == len({r["doc_id"] for r in rows}) >= 30
    trends = read_csv(out / "trends.csv")
    assert {r["kind"] for r in trends} == {"theme", "keyword"} and len({r["year"] for r in trends}) > 5
    assert read_csv(out / "cooccurrence.csv")[0].keys() == {"source", "target", "count", "pmi"}
    for picture in [
        "wordclouds/theme_1.png",
        "themes_heatmap.png",
        "trends_themes.png",
        "trends_keywords.png",
        "cooccurrence_network.png",
    ]:
        assert (out / picture).stat().st_size > 10_000, picture
    assert "Themes" in (out / "report.html").read_text(encoding="utf-8")
    assert "themes: 6 (1 " in result.output


def test_no_themes_removes_stale_files_and_theme_options_are_checked(small_corpus, tmp_path):
    out = stale(tmp_path / "out", "themes.csv", "themes_heatmap.png", "wordclouds/theme_9.png")
    result = invoke("run", str(small_corpus), "-o", str(out), "--wordclouds", "none", "--no-ner", "--no-themes")
    assert result.exit_code == 0, result.output
    for name in ("themes.csv", "document_themes.csv", "trends.csv", "cooccurrence.csv", "themes_heatmap.png"):
        assert not (out / name).exists(), name
    assert not (out / "wordclouds" / "theme_9.png").exists()
    assert "warning: no themes" not in result.output
    result = invoke("run", str(small_corpus), "-o", str(tmp_path / "o3"), "--themes", "many")
    assert result.exit_code == 2 and "'auto' or a whole number" in result.output
    result = invoke("run", str(small_corpus), "-o", str(tmp_path / "o4"), "--no-themes", "--themes", "5")
    assert result.exit_code == 2 and "drop --no-themes" in result.output


# --- internal errors: bugs are visible, in run.log and in the exit code -------------------


def _references_bug(monkeypatch):
    """A bug in the references extractor, met only by the GBK notice."""
    from policytext.stages import references

    real = references.document_references

    def buggy(doc_id, *args, **kwargs):
        if doc_id == "sub/notice_gbk":
            raise ZeroDivisionError("reference bug")
        return real(doc_id, *args, **kwargs)

    monkeypatch.setattr(references, "document_references", buggy)


def test_an_internal_error_goes_to_run_log_and_the_exit_code(small_corpus, tmp_path, monkeypatch):
    _references_bug(monkeypatch)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(small_corpus), "-o", str(out), "--workers", "1", "--wordclouds", "none"])
    assert result.exit_code == 3, result.output
    assert "2 document(s) processed, 0 failed, 0 skipped, 1 internal error(s)" in result.output
    assert f"tracebacks in {out / 'run.log'}" in result.output
    doc = {d["doc_id"]: d for d in read_csv(out / "documents.csv")}["sub/notice_gbk"]
    assert doc["status"] == "internal error"
    assert doc["error"].startswith(
        "internal error (ZeroDivisionError: reference bug); please report it; traceback in run.log line "
    )
    line = int(doc["error"].rsplit(" ", 1)[1])
    log = (out / "run.log").read_text(encoding="utf-8").splitlines()
    assert "ERROR internal error in sub/notice_gbk.txt: internal error (ZeroDivisionError: reference bug)" in log[line - 1]
    assert log[line] == "Traceback (most recent call last):"
    assert 'raise ZeroDivisionError("reference bug")' in "\n".join(log[line:])
    assert {e["doc_id"]: e["reason"] for e in read_csv(out / "errors.csv")} == {"sub/notice_gbk": "internal"}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["internal_errors"] == 1


def test_keep_going_exits_0_despite_internal_errors(small_corpus, tmp_path, monkeypatch):
    _references_bug(monkeypatch)
    out = tmp_path / "out"
    args = ["run", str(small_corpus), "-o", str(out), "--workers", "1", "--wordclouds", "none", "--keep-going"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "1 internal error(s)" in result.output and "Traceback" in (out / "run.log").read_text(encoding="utf-8")


def test_a_run_without_bugs_logs_its_failures_and_exits_0(messy_folder, tmp_path):
    out = tmp_path / "out"
    result = invoke("run", str(messy_folder), "-o", str(out), "--workers", "1", "--wordclouds", "none")
    assert result.exit_code == 0 and "0 internal error(s)" in result.output
    log = (out / "run.log").read_text(encoding="utf-8")
    assert "WARNING failed: empty.txt: empty file" in log and "Traceback" not in log


def test_a_bug_in_the_themes_stage_is_counted_and_logged(tmp_path, monkeypatch):
    from policytext.stages import themes

    def buggy(*args, **kwargs):
        raise KeyError("theme bug")

    monkeypatch.setattr(themes, "counted_themes", buggy)
    out = tmp_path / "out"
    args = ["run", str(EMBEDDED_CORPUS), "-o", str(out), "--workers", "1", "--no-ner", "--wordclouds", "none"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 3, result.output
    assert "0 failed, 0 skipped, 1 internal error(s)" in result.output
    assert "internal error: no themes: internal error (KeyError: 'theme bug'); please report it; traceback in run.log line" in (
        result.output
    )
    assert 'raise KeyError("theme bug")' in (out / "run.log").read_text(encoding="utf-8")


def test_a_bug_outside_any_document_stops_the_run_with_its_log_line(small_corpus, tmp_path, monkeypatch):
    from policytext import cli

    def buggy(*args, **kwargs):
        raise RuntimeError("writer bug")

    monkeypatch.setattr(cli, "write_files", buggy)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(small_corpus), "-o", str(out), "--workers", "1", "--keep-going"])
    assert result.exit_code == 3
    staging = tmp_path / ".out.policytext-partial"
    assert f"Error: internal error (RuntimeError: writer bug); traceback in {staging / 'run.log'} line 2" in result.output
    assert f"nothing was written to {out}" in result.output and not out.exists()
    log = (staging / "run.log").read_text(encoding="utf-8").splitlines()
    assert "internal error in the run: RuntimeError: writer bug" in log[1] and log[2].startswith("Traceback")


def test_a_folder_of_other_files_is_refused_unless_forced_and_one_holding_the_input_always(small_corpus, tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "预算.xlsx").write_bytes(b"PK")
    args = ("run", str(small_corpus), "-o", str(out), "--workers", "1", "--wordclouds", "none", "--no-ner", "--no-themes")
    result = invoke(*args)
    assert result.exit_code == 2
    assert "is not empty and has no policytext manifest.json" in result.output and "--force" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["预算.xlsx"]
    result = invoke(*args, "--force")
    assert result.exit_code == 0, result.output
    assert (out / "预算.xlsx").read_bytes() == b"PK" and (out / "manifest.json").exists()
    result = invoke("run", str(small_corpus), "-o", str(small_corpus.parent), "--no-ner")
    assert result.exit_code == 2
    assert f"the output folder {small_corpus.parent} contains the input {small_corpus}" in result.output


def test_a_run_after_a_crashed_one_says_what_it_found(small_corpus, tmp_path):
    out = tmp_path / "out"
    partial = tmp_path / ".out.policytext-partial"
    partial.mkdir()
    (partial / "documents.csv").write_text("half", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["run", str(small_corpus), "-o", str(out), "--workers", "1", "--wordclouds", "none", "--no-ner"]
    )
    assert result.exit_code == 0, result.output
    assert f"Note: an earlier run into {out} did not finish (killed or crashed)" in result.output
    assert "held nothing complete until this run" in result.output
    assert "did not finish" in (out / "run.log").read_text(encoding="utf-8")
    assert not partial.exists()
