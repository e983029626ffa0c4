from conftest import EMBEDDED_CORPUS
from policytext.normalise import normalise
from policytext.sections import document_sections, heading_level, heading_role, section_at

REPORT = (
    "2026年北京市政府工作报告\n"
    "各位代表：\n"
    "一、2025年工作回顾\n"
    "过去一年，地区生产总值增长5.4%左右。\n"
    "（一）深入推进京津冀协同发展。新开工项目120个。\n"
    "二、“十四五”时期发展成就和“十五五”时期主要目标任务\n"
    "过去五年，地区生产总值年均增长5.2%。\n"
    "三、2026年重点工作\n"
    "（一）增强内需主导能力。改造完工老旧小区300个以上。\n"
    "（二）推进农业农村现代化。建设高标准农田10万亩。\n"
)


def test_headings_nest_and_take_their_roles():
    sections = document_sections(REPORT, year=2026)
    assert [(s.level, s.heading, s.role) for s in sections] == [
        (1, "一、2025年工作回顾", "review"),
        (2, "（一）深入推进京津冀协同发展", "review"),
        (1, "二、“十四五”时期发展成就和“十五五”时期主要目标任务", ""),
        (1, "三、2026年重点工作", "plan"),
        (2, "（一）增强内需主导能力", "plan"),
        (2, "（二）推进农业农村现代化", "plan"),
    ]
    assert [s.parent_id for s in sections] == [-1, 0, -1, -1, 3, 3]
    # a section runs to the next heading of its level or higher
    assert REPORT[sections[0].start : sections[0].end].endswith("新开工项目120个。\n")
    assert sections[3].end == len(REPORT)


def test_the_innermost_section_holds_an_offset():
    sections = document_sections(REPORT, year=2026)
    starts = [s.start for s in sections]
    assert section_at(sections, starts, REPORT.index("300个")).heading == "（一）增强内需主导能力"
    assert section_at(sections, starts, REPORT.index("年均增长")).role == ""
    assert section_at(sections, starts, REPORT.index("各位代表")) is None


def test_heading_roles_from_their_words_and_years():
    assert heading_role("主要预期目标") == "targets"
    assert heading_role("三、2026年政府工作任务") == "plan"
    assert heading_role("一、过去五年工作回顾") == "review"
    assert heading_role("第十二条") == "rules"
    assert heading_role("四、支持政策") == "rules"
    assert heading_role("一、推进解决老年人运用智能技术困难工作的主要进展和成效") == "review"
    assert heading_role("三、智能化建设成效") == "review"
    assert heading_role("一、1955年国家决算", year=1956) == "review"
    assert heading_role("二、1956年的国家预算", year=1956) == "plan"
    assert heading_role("一、全力争创综合性国家科学中心") == ""


def test_what_is_not_a_heading():
    assert heading_level("一是稳住经济基本盘") is None  # an item inside a paragraph
    assert heading_level("1.5万亿元的投资") is None
    assert heading_level("过去一年，地区生产总值增长5.4%左右。") is None
    assert heading_level("2026年工作安排") == 1  # named, without numbering
    assert heading_level("第三章 保障措施") == 1
    assert heading_level("第十二条 专利代理机构") == 5


def test_the_first_line_is_the_title_not_a_heading():
    assert document_sections("一、关于加强管理的通知\n内容。\n") == []
    assert document_sections("") == []


def test_the_2024_report_has_its_three_parts():
    body = normalise((EMBEDDED_CORPUS / "gwr_2024.txt").read_text(encoding="utf-8")).body
    top = [(s.heading, s.role) for s in document_sections(body, year=2024) if s.level == 1]
    assert top == [
        ("一、2023年工作回顾", "review"),
        ("二、2024年经济社会发展总体要求和政策取向", "plan"),
        ("三、2024年政府工作任务", "plan"),
    ]


def test_short_lines_of_a_work_report_and_enumerated_steps_are_headings():
    text = (
        "政府工作报告\n首先报告2001年的工作\n全年规模以上工业企业实现利润4657亿元，增长8.1%。\n"
        "二、2002年主要任务\n第五，加大对农业和农村投入力度。今年中央财政投入增加300亿元以上。\n"
    )
    sections = document_sections(text, year=2002, work_report=True)
    assert [(s.heading, s.level, s.role) for s in sections] == [
        ("首先报告2001年的工作", 6, "review"),
        ("二、2002年主要任务", 1, "plan"),
        ("第五，加大对农业和农村投入力度", 3, "plan"),  # a step of the argument: its parent's role
    ]
    # outside a work report a short line is no heading (table cells, names)
    assert [s.heading for s in document_sections(text, year=2002)] == ["二、2002年主要任务", "第五，加大对农业和农村投入力度"]
