"""Modality by section: the role of the section a claim sits in comes first."""

from policytext.extract.quantities import document_context, document_quantities
from policytext.segment import get_segmenter
from policytext.sentences import split_sentences

PROVINCIAL_REPORT = (
    "2026年北京市政府工作报告\n"
    "一、2025年工作回顾\n"
    "过去一年，全市地区生产总值增长5.4%左右，城镇新增就业28.1万人。\n"
    "三、2026年重点工作\n"
    "（一）加快超大城市发展方式转型。改造完工老旧小区300个以上，新增城市公园绿地100公顷。\n"
    "（二）稳定就业。城镇新增就业26万人。\n"
)


def _claims(text: str, **context) -> dict[str, tuple[str, str, str]]:
    sentences = split_sentences(text, get_segmenter())
    found = document_quantities("doc", text, sentences, context=document_context(**context))
    return {q.text: (q.modality, q.section, q.section_role) for q in found}


def test_plan_sections_hold_targets_and_review_sections_results():
    claims = _claims(PROVINCIAL_REPORT, date="2026-01-25", title="2026年北京市政府工作报告")
    assert claims["5.4%左右"] == ("achieved", "一、2025年工作回顾", "review")
    assert claims["28.1万人"][0] == "achieved"
    assert claims["300个以上"] == ("target", "（一）加快超大城市发展方式转型", "plan")
    assert claims["100公顷"][0] == "target"
    assert claims["26万人"] == ("target", "（二）稳定就业", "plan")


def test_the_section_decides_whatever_the_metadata_says():
    # no date, no title (a folder without metadata.csv): the sections still decide
    assert _claims(PROVINCIAL_REPORT) == _claims(PROVINCIAL_REPORT, date="2026-01-25", title="2026年北京市政府工作报告")


def test_a_horizon_year_in_a_review_is_still_a_target():
    text = "标题\n一、过去五年工作回顾\n五年来，粮食产量稳定在1.3万亿斤以上，到2030年粮食产能再提高500亿斤。\n"
    claims = _claims(text, date="2026-03-05")
    assert claims["1.3万亿斤以上"][0] == "achieved"
    assert claims["500亿斤"][0] == "target"


def test_provisions_in_a_rules_section_are_other():
    text = "关于支持企业创新的若干措施\n一、支持政策\n对新认定的高新技术企业，给予一次性奖励30万元。\n二、主要任务\n3年内建成海外科技企业孵化器8家。\n"
    claims = _claims(text, date="2024-05-01", title="关于支持企业创新的若干措施")
    assert claims["30万元"] == ("other", "一、支持政策", "rules")
    assert claims["8家"] == ("target", "二、主要任务", "plan")


def test_without_sections_the_sentence_decides():
    text = "关于加快发展的通知\n3年内建成海外科技企业孵化器8家。去年全市新增企业1200家。\n"
    claims = _claims(text, date="2024-05-01")
    assert claims["8家"][0] == "target"  # 3年内: a deadline ahead
    assert claims["1200家"][0] == "achieved"
    assert claims["8家"][1:] == ("", "")


def test_provisions_inside_a_plan_section_are_other():
    text = (
        "关于加快人工智能发展的实施方案\n二、重点任务\n"
        "培育50家以上科技型企业。对新落户的研发机构，给予最高500万元奖励。企业应在30个工作日内完成报送。\n"
        "三、预期成果\n通过3～5年时间，建成10个示范场景。\n"
    )
    claims = _claims(text, date="2024-05-01")
    assert claims["50家以上"][0] == "target"
    assert claims["500万元"][0] == "other"
    assert claims["30个工作日"][0] == "other"
    assert claims["10个"] == ("target", "三、预期成果", "targets")


def test_deadlines_and_forecasts_are_targets_and_looking_back_is_a_result():
    text = (
        "关于推进节水工作的意见\n"
        "2025年底前，建成20个以上的分领域大脑。预计满负荷运行后，每年可实现经济效益4200多万元。"
        "近5年来，全国城市重复利用率提高到70.7%。\n"
    )
    claims = _claims(text, date="2021-05-01", title="关于推进节水工作的意见")
    assert claims["20个以上"][0] == "target"
    assert claims["4200多万元"][0] == "target"  # 预计 outweighs the rule word 可
    assert claims["70.7%"][0] == "achieved"


def test_a_horizon_in_a_document_of_unknown_date_is_a_target():
    claims = _claims("关于加快科创建设的若干措施\n到2025年，新培育技术经纪人1000人。\n")
    assert claims["1000人"][0] == "target"


def test_the_base_of_a_comparison_with_an_earlier_year_is_a_result():
    text = "标题\n二、1959年的国家计划\n计划规定1959年的社会商品零售总额将达到650亿元，比1958年的548亿元增长19%。\n"
    claims = _claims(text, date="1959-04-18")
    assert claims["650亿元"][0] == "target"
    assert claims["548亿元"][0] == "achieved"


def test_jiang_that_marks_the_object_is_not_a_future():
    text = "关于确认全国示范智慧商圈的通知\n商务部决定将北京市三里屯商圈等12个商圈确认为“全国示范智慧商圈”。加快推动等2项国家标准的立项工作。\n"
    claims = _claims(text, date="2023-01-10", title="关于确认全国示范智慧商圈的通知")
    assert claims["12个"][0] != "target"
    assert claims["2项"][0] != "other"  # 国家标准 is a kind of document, not a threshold


def test_an_estimate_of_a_past_year_is_a_result():
    text = "政府工作报告\n工业总产值一九七四年预计比一九六四年增长一点九倍，石油增长六点五倍。\n"
    claims = _claims(text, date="1975-01-13", title="政府工作报告")
    assert claims["一点九倍"][0] == "achieved" and claims["六点五倍"][0] == "achieved"


def test_a_review_section_reports_results_even_after_a_targets_sentence():
    text = "政府工作报告\n一、1999年国内工作回顾\n全年经济增长的预期目标是7%左右。外贸出口全年达到1949亿美元，比上年增长6.1%。\n"
    claims = _claims(text, date="2000-03-05", title="政府工作报告")
    assert claims["1949亿美元"] == ("achieved", "一、1999年国内工作回顾", "review")
    assert claims["6.1%"][0] == "achieved"
