"""Policy references on real sentences (quoted from ../shared/corpus documents)."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policytext.extract.references import (
    citations,
    cited_documents,
    document_numbers,
    document_references,
    find_references,
    formula_counts,
    formulas,
    is_document_title,
    load_formulas,
    normalise_title,
    periods,
    title_type,
)
from policytext.normalise import normalise
from policytext.records import DocumentResult
from policytext.segment import get_segmenter
from policytext.sentences import split_sentences


def spans(found, text):
    return [(text[r.start : r.end], r.normalized, r.details) for r in found]


def test_cited_titles_with_drafts_periods_nesting_and_line_breaks():
    text = (
        "审议《中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要（草案）》，"
        "落实《国家中长期教育改革和发展规划纲要（2010—2020年）》和《关于印发〈国务院工作规则〉的通知》，"
        "依据《中华人民共和国就业促进法》《个人所得税专项附加扣除暂行办法（试行）》，见《求是》，"
        "执行《“十四五”智能制造\n发展规划》。"
    )
    assert spans(cited_documents(text), text) == [
        (
            "《中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要（草案）》",
            "中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要",
            {"type": "规划", "draft": True},
        ),
        (
            "《国家中长期教育改革和发展规划纲要（2010—2020年）》",
            "国家中长期教育改革和发展规划纲要",
            {"type": "规划", "period": "2010—2020年"},
        ),
        ("《关于印发〈国务院工作规则〉的通知》", "关于印发〈国务院工作规则〉的通知", {"type": "通知"}),
        ("《中华人民共和国就业促进法》", "中华人民共和国就业促进法", {"type": "法"}),
        ("《个人所得税专项附加扣除暂行办法（试行）》", "个人所得税专项附加扣除暂行办法（试行）", {"type": "办法"}),
        ("《求是》", "求是", {"type": "other"}),
        ("《“十四五”智能制造\n发展规划》", "“十四五”智能制造发展规划", {"type": "规划"}),
    ]
    assert cited_documents("一个没有结尾的《标题。下一句》") == []  # a stray 《 is not a title


@pytest.mark.parametrize(
    "title, kind",
    [("专利代理条例", "条例"), ("政府网站集约化试点工作方案", "方案"), ("国家智能制造标准体系建设指南", "指南"),
     ("个人所得税专项附加扣除暂行办法", "办法"), ("巴黎协定", "公约"), ("政府工作报告", "报告"), ("工作方法", "other")],
)  # fmt: skip
def test_title_type_by_head_word(title, kind):
    assert title_type(title) == kind


@pytest.mark.parametrize(
    "inner, is_document",
    [("四川省人口与计划生育条例", True), ("全球发展倡议", True), ("中美联合声明（1972年）", True),
     ("告台湾同胞书", True), ("南京暴行", False), ("周恩来在国统区", False), ("人民日报", False)],
)  # fmt: skip
def test_document_titles_by_head_word_after_notes(inner, is_document):
    assert is_document_title(inner) is is_document


def test_trial_marks_stay_in_the_title_editions_go_to_details():
    assert normalise_title("智慧商店建设技术指南（试行）") == ("智慧商店建设技术指南（试行）", {"type": "指南"})
    assert normalise_title("产业结构调整指导目录（2019年本）") == ("产业结构调整指导目录（2019年本）", {"type": "other"})
    assert normalise_title("国家职业教育专业目录（2021年版）") == (
        "国家职业教育专业目录",
        {"type": "other", "edition": "2021年版"},
    )
    assert normalise_title("数据安全法（2021年修订）") == ("数据安全法", {"type": "法", "edition": "2021年修订"})


def test_document_numbers_in_every_bracket_and_decrees():
    text = (
        "根据国发〔2018〕39号和京政发【2018】3号、鲁政办字[2019]12号文件，印发《通知》（国办函〔2018〕71号），"
        "…的批复国函〔2006〕38号。中华人民共和国国务院令第706号。"
    )
    assert [(text[r.start : r.end], r.normalized, r.details["serial"]) for r in document_numbers(text)] == [
        ("国发〔2018〕39号", "国发〔2018〕39号", 39),
        ("京政发【2018】3号", "京政发〔2018〕3号", 3),
        ("鲁政办字[2019]12号", "鲁政办字〔2019〕12号", 12),
        ("国办函〔2018〕71号", "国办函〔2018〕71号", 71),
        ("国函〔2006〕38号", "国函〔2006〕38号", 38),
        ("中华人民共和国国务院令第706号", "国务院令第706号", 706),
    ]
    assert document_numbers(text)[0].details == {"issuer_code": "国发", "year": 2018, "serial": 39}


def test_formulas_quoted_by_shape_and_from_the_dictionary():
    text = "坚持“两个毫不动摇”，做好“六稳”“六保”工作，推进三去一降一补，落实一国两制。聚焦“投什么、谁来投”四个问题，两个方面。"
    found = formulas(text, dictionary=load_formulas())
    assert [(r.normalized, r.details["quoted"]) for r in found] == [
        ("两个毫不动摇", True),
        ("六稳", True),
        ("六保", True),
        ("三去一降一补", False),
        ("一国两制", False),
    ]
    # a formula quoted once is found unquoted later in the same document
    assert [r.normalized for r in formulas("实施“千万工程”。千万工程成效显著。")] == ["千万工程", "千万工程"]


def test_quoted_words_that_are_not_formulas_and_a_never_list(tmp_path):
    text = "不搞“一刀切”，评选“十佳场景示范”，实现“十连丰”，坚持“九二共识”，“十五”期间，十月十五日，做好“一老一小”服务。"
    assert [r.normalized for r in formulas(text, dictionary=load_formulas())] == ["一老一小"]
    own = tmp_path / "formulas.txt"
    own.write_text("!一老一小\n十连丰\n", encoding="utf-8")
    words = load_formulas((str(own),))
    assert [r.normalized for r in formulas(text, dictionary=words)] == ["十连丰"]


def test_programmes_named_by_a_number_are_formulas_counts_of_items_are_not():
    # prov_gwr_2026_guizhou and prov_gwr_2026_shandong
    text = "实施“七大工程”“四大行动”“六大重大科技战略行动”，深化“四在农家·和美乡村”创建，办好“十件民生实事”，完善“四梁八柱”，两院院士。"
    assert [(r.normalized, r.details["quoted"]) for r in formulas(text, dictionary=load_formulas())] == [
        ("七大工程", True),
        ("四大行动", True),
        ("六大重大科技战略行动", True),
        ("四在农家", True),
        ("两院", False),
    ]


def test_long_n_major_names_are_formulas_places_named_by_numbers_are_not():
    # prov_gwr_2026_hunan and prov_gwr_2026_fujian
    text = "办好“十大重点民生实事”，深化“小三通”，建设“八闽书房”“百姓大舞台”。"
    assert [r.normalized for r in formulas(text, dictionary=load_formulas())] == ["十大重点民生实事", "小三通"]


def test_periods_plans_ranges_and_horizons():
    text = (
        "“十三五”时期，十二五期间，2021—2025年，2018年至2020年，到2035年，截至2020年底，第十四个五年规划，"
        "“九五”计划，二十五个，到一九八五年，有效期至2023年12月31日，从10.5万元提高到2025年的14万元。"
    )
    assert [(r.normalized, r.details) for r in periods(text)] == [
        ("十三五", {"start": 2016, "end": 2020}),
        ("十二五", {"start": 2011, "end": 2015}),
        ("2021-2025", {"start": 2021, "end": 2025}),
        ("2018-2020", {"start": 2018, "end": 2020}),
        ("到2035年", {"end": 2035}),
        ("十四五", {"start": 2021, "end": 2025}),
        ("九五", {"start": 1996, "end": 2000}),
        ("到1985年", {"end": 1985}),
    ]


def test_a_cited_title_holds_what_is_inside_it():
    text = "印发《国家标准化发展纲要（2021—2025年）》，坚持“四个全面”。"
    assert [(r.kind, r.normalized) for r in find_references(text, formula_words=load_formulas())] == [
        ("cited_document", "国家标准化发展纲要"),
        ("formula", "四个全面"),
    ]


def test_records_carry_sentences_offsets_and_json_details():
    body = normalise(
        "国务院关于印发《国务院工作规则》的通知\n国发〔2004〕18号\n各省、自治区、直辖市人民政府：\n坚持“两个毫不动摇”。"
    ).body
    sentences = split_sentences(body, get_segmenter())
    refs = document_references("d", body, sentences)
    assert [(r.kind, r.text) for r in refs] == [
        ("cited_document", "《国务院工作规则》"),
        ("document_number", "国发〔2004〕18号"),
        ("formula", "两个毫不动摇"),
    ]
    for r in refs:
        assert body[r.start : r.end] == r.text
        sentence = next(s for s in sentences if s.sentence_id == r.sentence_id)
        assert sentence.start <= r.start < sentence.end
    assert json.loads(refs[1].details) == {"issuer_code": "国发", "serial": 18, "year": 2004}
    assert document_references("d", "", []) == []


def test_formula_counts_and_citations_across_documents():
    def doc(doc_id, title, date, text):
        body = normalise(text).body
        sentences = split_sentences(body, get_segmenter())
        refs = tuple(document_references(doc_id, body, sentences))
        return DocumentResult(doc_id=doc_id, title=title, date=date, text=body, sentences=sentences, records={"references": refs})

    docs = [
        doc("a", "“十四五”智能制造发展规划", "2021-12-21", "坚持“两个毫不动摇”。"),
        doc("b", "关于推进智能制造的意见", "2023-01-01", "落实《“十四五”智能制造发展规划》，坚持两个毫不动摇。两个毫不动摇。"),
        doc("c", "国务院关于印发国务院工作规则的通知", "2004-06-26", "全文。"),
        doc("d", "政府工作报告", "2024-03-05", "依照《国务院工作规则》和《政府工作报告》。"),
        doc("e", "政府工作报告", "2025-03-05", "全文。"),
    ]
    counts = formula_counts(docs)
    assert [(c.formula, c.documents, c.mentions, c.first_year, c.last_year) for c in counts] == [
        ("两个毫不动摇", 2, 3, 2021, 2023)
    ]
    links = [(c.citing_doc, c.cited_doc) for c in citations(docs)]
    assert links == [("b", "a"), ("d", "c")]  # 《政府工作报告》 is the title of two documents: no link


_PIECES = list('《》〈〉〔〕【】[]（）()“”"两个十四五三农号国发令第年到至—-\n。，') + ["2018", "12", "2035", "国办函"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=80), st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)))
def test_arbitrary_text_never_raises_and_spans_map_back(text):
    found = find_references(text, formula_words=load_formulas())
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start  # in order, no overlaps
    for r in found:
        assert 0 <= r.start < r.end <= len(text)
        assert r.normalized


def test_many_references_take_linear_time():
    import time

    def best(n: int) -> float:
        text = "坚持三农，落实国发〔2018〕1号，“十四五”，" * n
        times = []
        for _ in range(3):
            t = time.perf_counter()
            found = find_references(text, formula_words=load_formulas())
            times.append(time.perf_counter() - t)
        assert len(found) == 3 * n
        return min(times)

    # four times the references: about four times the time (a quadratic merge would take sixteen)
    assert best(8_000) < 9 * best(2_000)
