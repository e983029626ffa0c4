"""Claims on known indicators: the indicator of a subject, the year a value is for, the scope
of a document, the bound of a figure, and the user's indicator files."""

from __future__ import annotations

import pytest

from policytext.errors import ResourceError
from policytext.extract.indicators import (
    claim_bound,
    clause_of,
    document_scope,
    load_indicators,
    match_indicator,
    read_indicator_file,
    value_year,
)


@pytest.mark.parametrize(
    ("subject", "unit", "indicator"),
    [
        ("国内生产总值", "%", "国内生产总值增长"),
        ("全年国内生产总值", "%", "国内生产总值增长"),
        ("2026年全省地区生产总值", "%", "国内生产总值增长"),
        ("地区生产总值增长", "%", "国内生产总值增长"),
        ("国内生产总值", "元", "国内生产总值"),
        ("居民消费价格涨幅", "%", "居民消费价格涨幅"),
        ("年末全国城镇调查失业率", "%", "城镇调查失业率"),
        ("城镇调查失业率全年", "%", "城镇调查失业率"),
        ("城镇新增就业", "人", "城镇新增就业"),
        ("粮食产量", "斤", "粮食产量"),
        ("广义货币M2预期", "%", "广义货币增长"),
        ("数字经济增长", "%", None),  # a whole subject, not a substring: not GDP growth
        ("城镇新增就业", "%", None),  # a share is not a number of jobs
        ("五年总体赤字率", "%", None),
    ],
)
def test_a_subject_names_an_indicator_only_as_a_whole_and_in_a_unit_of_its_kind(subject, unit, indicator):
    found = match_indicator(subject, unit, load_indicators())
    assert (found.name if found else None) == indicator


def test_values_are_converted_to_the_indicator_unit_with_its_direction():
    table = load_indicators()
    grain = table.get("粮食产量")
    assert grain is not None and grain.unit == "吨" and grain.direction == "floor"
    cpi = table.get("居民消费价格涨幅")
    assert cpi is not None and cpi.direction == "ceiling"


@pytest.mark.parametrize(
    ("period", "modality", "clause", "section", "year"),
    [
        ("今年", "target", "国内生产总值增长5%左右", "二、对今年政府工作的建议", 2023),
        ("", "achieved", "增长5.2%", "一、2023年工作回顾", 2023),  # the 2024 report reviews 2023
        ("2025年", "target", "到2025年城镇化率达到65%", "", 2025),
        ("“十四五”", "target", "城镇新增就业5000万人以上", "", None),
        ("", "target", "实现城镇新增就业5000万人以上", "二、“十三五”时期主要目标任务和重大举措", None),
        ("年均", "achieved", "年均增长6.6%", "", None),
        ("去年", "target", "赤字率从去年的2.1%", "", None),  # last year's target mentioned: not one set now
    ],
)
def test_the_year_a_value_is_for(period, modality, clause, section, year):
    doc_year = 2023 if "今年" in section else 2024
    found = value_year(period, modality, year=doc_year, work_report=True, clause=clause, section=section)
    assert found == year


def test_outside_a_work_report_only_a_named_year_dates_a_value():
    assert value_year("", "target", year=2018, work_report=False) is None
    assert value_year("2020年", "target", year=2018, work_report=False) == 2020


@pytest.mark.parametrize(
    ("title", "issuer", "text", "scope"),
    [
        ("2026年安徽省政府工作报告", "", "", "安徽省"),
        ("政府工作报告", "", "政府工作报告\n——2026年1月在广东省第十四届人民代表大会第五次会议上", "广东省"),
        ("政府工作报告", "国务院", "", "全国"),
        ("政府工作报告", "", "——2024年3月5日在第十四届全国人民代表大会第二次会议上", "全国"),
        ("关于加强社区工作的意见", "", "各单位：", ""),
        ("", "", "内蒙古自治区人民政府", "内蒙古自治区"),
    ],
)
def test_the_scope_of_a_document(title, issuer, text, scope):
    assert document_scope(title=title, issuer=issuer, text=text) == scope


@pytest.mark.parametrize(
    ("text", "before", "high", "bound"),
    [
        ("5%左右", "国内生产总值增长", None, "about"),
        ("1100万人以上", "城镇新增就业", None, "at_least"),
        ("4.5%以内", "城镇登记失业率", None, "at_most"),
        ("4.6%", "城镇登记失业率控制在", None, "at_most"),
        ("6%－6.5%", "国内生产总值增长", 6.5, "range"),
        ("600多万套", "棚户区住房改造", None, "at_least"),
        ("5.2%", "增长", None, "exact"),
    ],
)
def test_the_bound_of_a_figure(text, before, high, bound):
    assert claim_bound(text, before, high) == bound


def test_the_clause_of_a_claim_starts_after_the_last_separator():
    text = "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人左右，城镇调查失业率5.5%左右。"
    start = text.index("1200")
    assert clause_of(text, start, start + len("1200万人左右")) == "城镇新增就业1200万人左右"


def test_a_user_file_adds_and_replaces_indicators(tmp_path):
    extra = tmp_path / "indicators.txt"
    extra.write_text("# mine\n快递业务量增长\t%\ttwo_sided\t快递业务量|快递\n粮食产量\t吨\tfloor\t粮食产量\n", encoding="utf-8")
    table = load_indicators([extra])
    assert match_indicator("快递业务量", "%", table).name == "快递业务量增长"
    assert table.get("粮食产量").subjects == ("粮食产量",)  # replaced: 粮食总产 no longer names it
    assert match_indicator("粮食总产", "吨", table) is None
    assert [i.name for i in table.indicators].count("粮食产量") == 1


@pytest.mark.parametrize(
    "line",
    ["快递业务量增长\t%\ttwo_sided", "快递\t件\tfloor\t快递", "快递\t%\tup\t快递", "快递 % floor 快递"],
)
def test_a_malformed_indicator_line_is_refused_with_its_number(tmp_path, line):
    bad = tmp_path / "bad.txt"
    bad.write_text("# comment\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"bad.txt, line 3: expected indicator<TAB>unit"):
        read_indicator_file(bad)
