import pytest

import policytext
from conftest import EMBEDDED_CORPUS
from policytext.errors import InputPathError, NoDocumentsProcessedError, ResourceError


def test_analyze_text_returns_sentences_keywords_and_metadata(report_text):
    doc = policytext.analyze_text(report_text, doc_id="gwr")
    assert doc.ok and doc.doc_id == "gwr"
    assert doc.title == "政府工作报告"
    assert doc.date == "2024-03-05"
    assert doc.sentences[0].text == "政府工作报告"
    sent = doc.sentence_at(doc.text.index("城镇新增就业"))
    assert sent.text == "城镇新增就业1244万人，城镇调查失业率平均为5.2%。"
    methods = {k.method for k in doc.keywords}
    assert methods == {"tfidf", "textrank"}
    terms = [k.term for k in doc.keywords]
    assert "推进" not in terms and "的" not in terms
    assert "乡村振兴" in terms or "营商环境" in terms


def test_analyze_folder_joins_metadata_and_reads_every_format(small_corpus):
    result = policytext.analyze_folder(small_corpus, workers=1)
    by_id = {d.doc_id: d for d in result.documents}
    assert set(by_id) == {"report", "sub/notice_gbk", "plan"}
    assert all(d.ok for d in result.documents)
    assert by_id["report"].title == "2024年政府工作报告"  # from metadata.csv
    assert by_id["report"].issuer == "国务院"
    assert by_id["sub/notice_gbk"].encoding == "gbk"
    assert by_id["sub/notice_gbk"].title == "国务院办公厅关于推进政务新媒体健康有序发展的意见"  # inferred
    assert by_id["plan"].encoding == "docx"
    assert result.corpus_keywords and result.corpus_keywords[0].doc_id == "__corpus__"
    frames = result.to_frames()
    assert set(frames) == {
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
        "formulas",
        "citations",
        "themes",
        "document_themes",
        "trends",
        "cooccurrence",
        "errors",
    }
    assert len(frames["documents"]) == 3 and frames["errors"].empty
    assert list(frames["sentences"].columns) == ["doc_id", "sentence_id", "start", "end", "text", "tokens"]


def test_workers_do_not_change_results(tmp_path):
    from policytext.store import CHUNK_DOCS

    folder = tmp_path / "c"
    folder.mkdir()
    smallest = sorted(EMBEDDED_CORPUS.glob("*.txt"), key=lambda p: p.stat().st_size)[: 2 * CHUNK_DOCS + 1]
    for path in smallest:  # three chunks, so the process pool is really used
        (folder / path.name).write_bytes(path.read_bytes())
    one = policytext.analyze_folder(folder, workers=1)
    two = policytext.analyze_folder(folder, workers=2)
    assert len(one.processed) == 2 * CHUNK_DOCS + 1
    assert one.documents == two.documents  # results, quantities included, survive the trip between processes
    assert any(d.quantities for d in one.processed)
    assert one.corpus_keywords == two.corpus_keywords


def test_same_input_same_keywords_on_embedded_sample(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    for name in ["gwr_2024.txt", "gwr_2025.txt", "prov_gwr_2026_hebei.txt"]:
        (folder / name).write_bytes((EMBEDDED_CORPUS / name).read_bytes())
    first = policytext.analyze_folder(folder, workers=1)
    second = policytext.analyze_folder(folder, workers=1)
    assert first.corpus_keywords == second.corpus_keywords
    hebei = next(d for d in first.documents if d.doc_id == "prov_gwr_2026_hebei")
    top = [k.term for k in hebei.keywords if k.method == "tfidf"][:10]
    assert "河北" in top


def test_missing_and_empty_inputs(tmp_path):
    with pytest.raises(InputPathError):
        policytext.analyze_folder(tmp_path / "missing")
    with pytest.raises(InputPathError):
        policytext.analyze_folder(tmp_path)


def test_nothing_processable(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(NoDocumentsProcessedError, match="none of the 2"):
        policytext.analyze_folder(tmp_path, workers=1)


def test_a_bug_in_one_document_does_not_stop_the_run(small_corpus, monkeypatch):
    from policytext import document

    real = document.normalise

    def flaky(text):
        if "政务新媒体" in text:
            raise ValueError("boom")
        return real(text)

    monkeypatch.setattr(document, "normalise", flaky)
    result = policytext.analyze_folder(small_corpus, workers=1)
    bad = next(d for d in result.documents if d.doc_id == "sub/notice_gbk")
    assert bad.status == "internal error" and bad.error_code == "internal" and "boom" in bad.error
    assert 'raise ValueError("boom")' in bad.traceback  # for the run's log
    assert len(result.processed) == 2 and result.internal_error_count == 1 and not result.failed


def test_title_terms_rank_higher():
    from policytext.keyword_pass import TITLE_BOOST, boost_title

    scores = {"体育竞赛表演产业": 0.2, "体育": 0.3}
    assert boost_title(scores, frozenset({"体育竞赛表演产业"}))["体育竞赛表演产业"] == 0.2 * TITLE_BOOST
    assert boost_title(scores, frozenset()) is scores


def test_make_options_checks_word_lists_before_the_run(tmp_path):
    from policytext.errors import ResourceError

    bad = tmp_path / "stop.txt"
    bad.write_bytes("停用词".encode("gbk"))
    with pytest.raises(ResourceError, match="not UTF-8"):
        policytext.make_options(stopwords=[bad])
    with pytest.raises(ResourceError, match="not found"):
        policytext.make_options(userdicts=[tmp_path / "missing.txt"])


def test_entities_come_with_the_document_and_ner_can_be_switched_off(report_text, tmp_path):
    doc = policytext.analyze_text(report_text)
    assert ("国务院", "ORG") in [(e.text, e.label) for e in doc.entities]
    assert all(doc.text[e.start : e.end] == e.text for e in doc.entities)
    assert policytext.analyze_text(report_text, options=policytext.make_options(ner=False)).entities == ()
    with pytest.raises(ResourceError, match="not found"):
        policytext.make_options(ner_model=tmp_path / "missing.crfsuite")
    with pytest.raises(ValueError, match="switched off"):
        policytext.make_options(ner=False, ner_rules=[tmp_path / "x.txt"])


def test_quantities_come_with_the_document_and_can_be_switched_off(report_text, tmp_path):
    doc = policytext.analyze_text(report_text)
    assert [(q.text, q.value, q.unit, q.subject, q.modality) for q in doc.quantities] == [
        ("126万亿元", 126e12, "元", "国内生产总值", "achieved"),
        ("5.2%", 5.2, "%", "国内生产总值", "achieved"),
        ("1244万人", 12_440_000, "人", "城镇新增就业", "achieved"),
        ("5.2%", 5.2, "%", "城镇调查失业率", "achieved"),
    ]  # 2024年, 第十四届 and 一带一路 are not claims
    assert [q.period for q in doc.quantities] == ["过去一年"] * 4
    off = policytext.analyze_text(report_text, options=policytext.make_options(quantities=False))
    assert off.quantities == ()
    with pytest.raises(ValueError, match="switched off"):
        policytext.make_options(quantities=False, quantity_units=[tmp_path / "x.txt"])
    with pytest.raises(ResourceError, match="not found"):
        policytext.make_options(quantity_units=[tmp_path / "missing.txt"])


def test_text_without_shared_terms_gets_no_themes_and_a_reason_not_a_crash(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    for i, text in enumerate(["Hello world 123.", "42", "α β γ", "♠♣♥", "ok ok ok", "第1条。", "——", "x"]):
        (folder / f"d{i}.txt").write_text(text, encoding="utf-8")
    result = policytext.analyze_folder(folder, workers=1, options=policytext.make_options(ner=False))
    assert result.themes == () and result.document_themes == ()
    assert any(w.startswith("no themes: ") for w in result.settings["metadata_warnings"])


def test_a_bug_in_the_theme_stage_is_a_warning_not_a_lost_run(monkeypatch):
    from policytext.stages import themes

    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(themes, "counted_themes", broken)
    result = policytext.analyze_folder(EMBEDDED_CORPUS, workers=1, options=policytext.make_options(ner=False))
    assert len(result.processed) > 30 and result.themes == ()
    assert "no themes: internal error (ZeroDivisionError: boom); please report it" in result.settings["metadata_warnings"]
    assert result.trends  # keyword trends and co-occurrence still come


def test_a_pdf_broken_by_its_layout_reads_as_one_text(tmp_path):
    """Running header, page numbers, and a number and a word broken over the page ends."""
    from conftest import chinese_pdf_bytes

    header = "2017年政府工作报告（摘要）"
    pages = [
        [
            header,
            "政府工作报告",
            "——2017年3月5日在第十二届全国人民代表大会第五次会议上",
            "一、2016年工作回顾",
            "过去一年，经济运行缓中趋稳、稳中向好。国内生产总值达到74.4",
            "- 1 -",
        ],
        [header, "万亿元，增长6.7%，对全球经济增长的贡献率超过30%。我们提出了三", "- 2 -"],
        [header, "大全球倡议，城镇新增就业1314万人，年末城镇登记失业率4.02%。", "- 3 -"],
    ]
    (tmp_path / "report_2017.pdf").write_bytes(chinese_pdf_bytes(pages))
    options = policytext.make_options(ner=False, themes=False)
    doc = policytext.analyze_folder(tmp_path, options=options, workers=1).documents[0]
    assert doc.ok, doc.error
    texts = [s.text for s in doc.sentences]
    assert not any(header in t or "- 1 -" in t or "- 2 -" in t or "- 3 -" in t for t in texts)
    assert "国内生产总值达到74.4万亿元，增长6.7%，对全球经济增长的贡献率超过30%。" in texts
    gdp = next(q for q in doc.quantities if q.text.startswith("74.4"))
    assert (gdp.value, gdp.unit, gdp.subject, gdp.modality) == (74400000000000, "元", "国内生产总值", "achieved")
    growth = next(q for q in doc.quantities if q.text == "6.7%")
    assert growth.subject != "万亿元"
    assert "三大全球倡议" in {r.normalized for r in doc.references if r.kind == "formula"}


def test_letter_spaced_numbers_are_read_whole():
    text = "政府工作报告\n过去的五年，1 9 9 7 年国内生产总值达到7 4 7 7 2 亿元，按可比价格计算，平均每年增长1 1 ％。去年经济增长8 ．8 ％。\n"
    doc = policytext.analyze_text(text, options=policytext.make_options(ner=False, themes=False))
    claims = {q.text: q for q in doc.quantities}
    assert (claims["74772亿元"].value, claims["74772亿元"].unit, claims["74772亿元"].subject) == (
        7477200000000,
        "元",
        "国内生产总值",
    )
    assert claims["11%"].value == 11 and claims["8.8%"].value == 8.8
    assert "1997年" not in claims
