import pytest

from conftest import EMBEDDED_CORPUS
from policytext.normalise import clean_line, is_heading, join_broken_lines, normalise, unify_characters, wrap_width


def test_full_width_digits_and_letters_become_ascii_but_punctuation_stays():
    raw = "１９５５年国家决算，收入增长３．６８％；ＧＤＰ与ＡＩ：“十三五”。"
    assert unify_characters(raw) == "1955年国家决算，收入增长3.68%；GDP与AI：“十三五”。"


def test_chinese_thousands_separators_in_old_reports():
    assert (
        unify_characters("本年收入合计２７，２０３，３１９，０００元，增长５，６月份")
        == "本年收入合计27,203,319,000元，增长5，6月份"
    )


def test_markdown_emphasis_and_footnotes_are_removed():
    assert clean_line("**文章编号：**1000-0000") == "文章编号：1000-0000"
    assert clean_line("## 一、总体要求") == "一、总体要求"
    assert clean_line("这是制度优势。[3]我们要坚持。^[12]") == "这是制度优势。我们要坚持。"
    assert clean_line("正如文献[4]所述，改革[5]。") == "正如文献[4]所述，改革。"


def test_spaces_inside_chinese_are_dropped_but_not_between_latin_words():
    assert clean_line("2022 年， 5G 用户达 5.61 亿户") == "2022年，5G 用户达5.61亿户"
    assert clean_line("前 言") == "前言"
    assert clean_line("Key words: smart city") == "Key words: smart city"


@pytest.mark.parametrize(
    "line",
    [
        "（一）指导思想",
        "(3)加强组织领导",
        "一、总体要求",
        "第三章 保障措施",
        "第十二条 专利代理机构",
        "1.基本原则",
        "附件1",
        "目录",
        "一是联合港澳承办十五运会",
    ],
)
def test_headings(line):
    assert is_heading(line)


@pytest.mark.parametrize("line", ["1.5万亿元的投资", "2022年，各地区", "18.45亿户"])
def test_not_headings(line):
    assert not is_heading(line)


WRAPPED = """党的二十大报告指出，要加快建设网络强国、数字中国。
建设数字中国是数字时代推进中国式现代化的重要引擎，是构
筑国家竞争新优势的有力支撑。中共中央、国务院印发《数字
中国建设整体布局规划》，按照夯实基础、赋能全局、强化能
力、优化环境的战略路径，明确了数字中国建设“2522”的整体
框架，从党和国家事业发展全局的战略高度作出了全面部署。
一、2022年数字中国建设取得显著成效
数字基础设施规模能级大幅提升。截至2022年底，累计建
成开通5G基站231.2万个，5G用户达5.61亿户，全球占比均
超过60%。全国110个城市达到千兆城市建设标准，坚持推进

高质量发展，千兆光网具备覆盖超过5亿户家庭能力。"""


def test_pdf_wrapped_lines_are_rejoined_but_headings_kept():
    lines = [clean_line(x) for x in WRAPPED.split("\n")]
    assert wrap_width(lines) is not None
    body, joined = join_broken_lines(lines)
    paragraphs = body.split("\n")
    assert paragraphs[0] == "党的二十大报告指出，要加快建设网络强国、数字中国。"
    assert paragraphs[1].startswith("建设数字中国是数字时代推进中国式现代化的重要引擎，是构筑国家竞争新优势")
    assert "《数字中国建设整体布局规划》" in paragraphs[1]
    assert paragraphs[1].endswith("作出了全面部署。")
    assert paragraphs[2] == "一、2022年数字中国建设取得显著成效"
    # joined across the blank line the converter left between 推进 and 高质量发展
    assert paragraphs[3].startswith("数字基础设施规模能级大幅提升。截至2022年底，累计建成开通5G基站")
    assert "坚持推进高质量发展，千兆光网" in paragraphs[3]
    assert len(paragraphs) == 4
    assert joined == 7


def test_one_paragraph_per_line_documents_are_not_joined():
    text = "过去五年国内工作的基本总结\n五年来，我国国民经济持续发展，总的形势是很好的\n国家经济实力继续得到显著增强。\n"
    body, joined = join_broken_lines(text.split("\n"))
    assert joined == 0
    assert body.split("\n")[1] == "五年来，我国国民经济持续发展，总的形势是很好的"


def test_a_comma_at_line_end_always_continues():
    body, joined = join_broken_lines(["标题", "一年来，我们坚持稳中求进，", "推动高质量发展。"])
    assert body == "标题\n一年来，我们坚持稳中求进，推动高质量发展。"
    assert joined == 1


ARTICLE = """**数字政府建设的路径研究**
张三
**摘要：**本文讨论数字政府建设。
**关键词：**数字政府；治理
中图分类号：D63 文献标识码：A
文章编号：1000-0000（2024）02-0001-05
一、引言
2024年，数字政府建设加快推进。[1]
责任编辑：李四
参考文献
[1] 王五. 数字政府研究[J]. 中国行政管理, 2024, (2).
[2] 赵六. 治理现代化[M]. 北京: 人民出版社, 2023."""


def test_journal_front_and_back_matter_are_kept_apart():
    norm = normalise(ARTICLE)
    assert norm.body == "数字政府建设的路径研究\n张三\n一、引言\n2024年，数字政府建设加快推进。"
    assert "摘要：本文讨论数字政府建设。" in norm.front_matter
    assert "中图分类号：D63" in norm.front_matter
    assert "文章编号：1000-0000（2024）02-0001-05" in norm.front_matter
    assert norm.back_matter.startswith("参考文献\n[1] 王五. 数字政府研究[J]")
    assert "责任编辑：李四" in norm.back_matter
    assert "2023" not in norm.body


def test_reference_list_without_heading_is_back_matter():
    text = "正文第一段。\n正文第二段。\n[1] 王五. 数字政府研究[J]. 中国行政管理, 2024, (2).\n[2] 赵六. 治理现代化[M]. 北京: 人民出版社, 2023."
    norm = normalise(text)
    assert norm.body == "正文第一段。\n正文第二段。"
    assert norm.back_matter.count("\n") == 1


def test_embedded_corpus_pdf_document_is_rejoined():
    path = EMBEDDED_CORPUS / "xv_cn_025.txt"
    norm = normalise(path.read_text(encoding="utf-8"))
    raw_lines = path.read_text(encoding="utf-8").count("\n")
    assert norm.lines_joined > 0.7 * raw_lines  # most breaks were PDF wrapping
    assert "是构筑国家竞争新优势的有力支撑" in norm.body


def test_full_width_report_of_1956():
    norm = normalise((EMBEDDED_CORPUS / "gwr_1956.txt").read_text(encoding="utf-8"))
    assert "关于1955年国家决算和1956年国家预算的报告" in norm.body
    assert "１" not in norm.body


def test_half_width_keeps_offsets():
    from policytext.normalise import half_width

    raw = "一九九八年（附图片１张）ＡＰＥＣ会议，增长３％"
    assert half_width(raw) == "一九九八年（附图片1张）APEC会议，增长3%"
    assert len(half_width(raw)) == len(raw)


# --- text repair: letter-spaced numbers, numbers and words broken by layout, page furniture ---


def test_letter_spaced_numbers_of_the_1998_report_are_joined():
    raw = "1 9 9 7 年国内生产总值达到7 4 7 7 2 亿元，平均每年增长1 1 ％。去年经济增长8 ．8 ％。"
    assert unify_characters(raw) == "1997 年国内生产总值达到74772 亿元，平均每年增长11%。去年经济增长8.8%。"
    assert normalise("标题\n" + raw).body.split("\n")[1] == "1997年国内生产总值达到74772亿元，平均每年增长11%。去年经济增长8.8%。"


def test_numbers_that_are_their_own_stay_apart():
    # two years, a table row of cells and a version number are not one letter-spaced number
    assert unify_characters("2019 2020年") == "2019 2020年"
    assert unify_characters("1 2 3\n4 5 6") == "1 2 3\n4 5 6"
    assert unify_characters("V1.0 版") == "V1.0 版"


def test_a_number_broken_from_its_unit_at_a_line_end_is_joined():
    body = normalise("政府工作报告\n——经济运行缓中趋稳、稳中向好。国内生产总值达到74.4\n万亿元，增长6.7%。\n").body
    assert body.split("\n")[1] == "——经济运行缓中趋稳、稳中向好。国内生产总值达到74.4万亿元，增长6.7%。"


def test_a_row_number_before_a_name_is_not_joined():
    body = normalise("标题\n服务商名单如下：\n4\n天基人才网（河南天基咨询有限责任公司）\n").body
    assert body.split("\n")[2:] == ["4", "天基人才网（河南天基咨询有限责任公司）"]


def test_words_broken_across_a_blank_line_are_rejoined():
    raw = (
        "标题\n"
        "中国坚定维护多边主义，推动构建人类命运共同体，提出全球发展倡议等三\n\n"
        "大全球倡议，积极回应各方关切，中国坚定维护多边主义推动构建人类命运共同回\n\n"
        "应国际社会关切。\n"
    )
    body = normalise(raw).body
    assert "提出全球发展倡议等三大全球倡议，积极回应各方关切" in body
    assert "命运共同回应国际社会关切。" in body


def test_a_short_heading_is_not_glued_to_its_first_sentence():
    raw = (
        "国务院办公厅关于进一步支持文化企业发展的规定\n" * 1
        + "进一步支持文化企业发展的规定\n为进一步深化文化体制改革，促进文化企业发展，特制定以下规定：\n"
        + ("一、财政税收。经营性文化事业单位转制为企业后，自转制注册之日起五年内免征企业所得税。\n" * 3)
    )
    assert normalise(raw).body.split("\n")[1] == "进一步支持文化企业发展的规定"


def test_page_numbers_and_running_headers_are_removed():
    pages = [
        [
            "济南市人民政府办公厅文件",
            "第一条 为规范智能网联汽车道路测试，推动技术进步，根据有关规定，结合本市实际，制定本办法。",
            "第二条 本办法所称测试区，是指具备测试所需道路、网联等设",
        ],
        [
            "济南市人民政府办公厅文件",
            "施及环境条件的场地，面积不少于2平方公里。",
            "第三条 测试主体应当购买不低于500万元的交通事故责任保险。",
        ],
        ["济南市人民政府办公厅文件", "第四条 本办法自印发之日起施行，有效期5年。"],
    ]
    raw = "\f".join("\n".join(lines + [f"— {n} —"]) for n, lines in enumerate(pages, 1))
    body = normalise(raw).body
    assert "济南市人民政府办公厅文件" not in body
    assert "—" not in body
    assert "具备测试所需道路、网联等设施及环境条件的场地，面积不少于2平方公里。" in body


def test_a_page_number_glued_into_a_sentence_is_cut_out_but_codes_stay():
    body = normalise("标题\n具备完善的交通基础- 3 -设施运维用电负荷，编码21-04-02，达到— 12 —100%。\n").body
    assert body.split("\n")[1] == "具备完善的交通基础设施运维用电负荷，编码21-04-02，达到100%。"


def test_lone_numbers_counting_up_are_page_numbers():
    raw = "标题\n轻工重点企业数字化研发设计\n1\n工具普及率达到90%，关键工序数控化率达到75%。\n2\n重点行业打造150个以上典型场景。\n3\n"
    body = normalise(raw).body
    assert "数字化研发设计工具普及率达到90%" in body
    assert "\n2\n" not in body and not body.endswith("3")
