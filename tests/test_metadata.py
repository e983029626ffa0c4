import datetime

import pytest

import policytext
from policytext.metadata import (
    NO_DATE_WARNING,
    Metadata,
    document_info,
    file_name_title,
    file_name_year,
    find_date,
    infer_author,
    infer_date,
    infer_doc_number,
    infer_issuer,
    infer_kind,
    infer_title,
    load_metadata_csv,
    match_metadata,
    parse_date,
)


def test_parse_arabic_and_chinese_dates():
    assert parse_date("——2024年3月5日在第十四届全国人民代表大会第二次会议上") == "2024-03-05"
    assert parse_date("二〇一八年十二月二十九日") == "2018-12-29"
    assert parse_date("2024年13月5日") == ""
    assert parse_date("2024年") == ""


def test_infer_title_and_date_from_header_and_signature():
    text = (
        "国务院关于做好当前和今后一个时期促进就业工作的若干意见\n各省、自治区、直辖市人民政府：\n正文。\n国务院\n2018年11月16日\n"
    )
    assert infer_title(text) == "国务院关于做好当前和今后一个时期促进就业工作的若干意见"
    assert infer_date(text) == "2018-11-16"
    assert infer_title("各位代表：\n现在，我代表国务院。") == ""


def test_a_title_over_three_lines_its_number_issuer_and_date_of_issue():
    # sc_guobanhan_2004_71: the title set in three lines, the signature above the date of issue
    text = (
        "国务院办公厅\n关于四川省在温家宝总理考察工作时\n所提问题和建议办理情况的函\n国办函〔2004〕71号\n四川省人民政府：\n"
        "你省《关于…的报告》（川府〔2004〕20号）收悉。自2004年8月5日起执行。\n国务院办公厅\n二〇〇四年十月十五日\n（本文有删减）\n"
    )
    title = infer_title(text)
    assert title == "国务院办公厅关于四川省在温家宝总理考察工作时所提问题和建议办理情况的函"
    assert infer_doc_number(text) == "国办函〔2004〕71号"
    assert infer_issuer(text, title) == "国务院办公厅"
    assert infer_date(text) == "2004-10-15"  # the date of issue, not a date in the text


def test_a_number_joined_to_the_title_two_issuers_and_a_forwarding_office():
    # sc_guohan_2006_38 after PDF lines were joined; sc_guobanfa_1996_25 signed by two offices
    text = "国务院关于同意组建2008年北京奥运会\n首都国际机场协调委员会的批复国函〔2006〕38号\n民航总局：\n同意。\n国务院\n二〇〇六年五月二十三日\n"
    assert infer_title(text) == "国务院关于同意组建2008年北京奥运会首都国际机场协调委员会的批复"
    assert infer_doc_number(text) == "国函〔2006〕38号"
    signed = "各省：\n请遵照执行。\n国务院办公厅　中央军委办公厅\n一九九六年六月二十九日\n"
    assert infer_issuer(signed) == "国务院办公厅、中央军委办公厅"
    forwarded = "国务院办公厅转发国家教委关于内地西藏班扩大规模有关问题请示的通知"
    assert infer_issuer("正文。\n国家教委\n一九九六年五月十三日\n", forwarded) == "国务院办公厅"


def test_an_article_author_line():
    assert infer_author("题目\n作者：张三　李四\n正文。") == "张三 李四"
    assert infer_author("正文。", "摘要：……\n作者: 王五") == "王五"
    assert infer_author("他是作者：不是开头。\n") == ""


def test_a_decree_is_titled_by_what_it_enacts():
    text = "中华人民共和国国务院令\n第706号\n《专利代理条例》已经国务院常务会议通过，现予公布。\n总理　李克强\n2018年11月6日\n专利代理条例\n第一章　总则\n"
    assert infer_title(text) == "专利代理条例"
    assert infer_issuer(text) == "国务院"
    assert infer_date(text) == "2018-11-06"


def test_metadata_csv_in_gbk_matches_on_file_stem(tmp_path):
    path = tmp_path / "metadata.csv"
    path.write_bytes("ID,Title,Date,Issuer,kind\ngwr_2024,2024年政府工作报告,2024-03-05,国务院,work_report\n".encode("gbk"))
    rows, warnings = load_metadata_csv(path)
    assert warnings == []
    assert match_metadata(rows, "reports/gwr_2024").title == "2024年政府工作报告"
    assert match_metadata(rows, "gwr_2024").issuer == "国务院"
    assert match_metadata(rows, "other") is None


def test_metadata_csv_without_id_column_is_a_warning(tmp_path):
    path = tmp_path / "metadata.csv"
    path.write_text("name,title\na,b\n", encoding="utf-8")
    rows, warnings = load_metadata_csv(path)
    assert rows == {}
    assert "no 'id' column" in warnings[0]


# --- document_info: the document's context from the text and the file name ---------------------

TODAY = datetime.date(2026, 6, 1)

WORK_REPORT_2024 = (
    "政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理　李强\n各位代表：\n"
    "现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。\n一、2023年工作回顾\n"
    "过去一年，国内生产总值超过126万亿元，增长5.2%。1913年4月3日以来的旧账不再提。\n"
)

GUOFA_2018_39 = (
    "国务院关于做好当前和今后一个时期促进就业工作的若干意见\n国发〔2018〕39号\n"
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
    "就业是最大的民生。自2019年1月1日起施行。为做好当前和今后一个时期的就业工作，现提出如下意见。\n"
    "一、支持企业稳定发展\n（一）加大稳岗支持力度。\n国务院\n2018年11月16日\n（此件公开发布）\n"
)


def test_a_work_report_is_dated_by_its_date_line():
    info = document_info(WORK_REPORT_2024, doc_id="reports/gwr_2024", today=TODAY)
    assert (info.date, info.year, info.date_source) == ("2024-03-05", 2024, "header")
    assert (info.title, info.title_source) == ("政府工作报告", "header")
    assert (info.kind, info.kind_source) == ("work_report", "title")
    assert info.warnings == ()


def test_a_state_council_document_is_dated_by_its_signature_not_a_date_in_its_text():
    info = document_info(GUOFA_2018_39, doc_id="sc_guofa_2018_39", today=TODAY)
    assert (info.date, info.year, info.date_source) == ("2018-11-16", 2018, "signature")  # not 2019-01-01
    assert info.doc_number == "国发〔2018〕39号"
    assert (info.issuer, info.kind, info.kind_source) == ("国务院", "opinion", "title")
    # without its signature, the year of its own number, not the date it takes effect
    unsigned = GUOFA_2018_39.replace("国务院\n2018年11月16日\n", "")
    info = document_info(unsigned, doc_id="doc", today=TODAY)
    assert (info.date, info.year, info.date_source) == ("2018", 2018, "doc_number")


def test_a_work_report_without_a_date_gets_its_year_from_the_file_name():
    text = "各位代表：\n现在，我代表国务院，向大会作政府工作报告，请予审议。\n一、2018年工作回顾\n2018年是全面贯彻党的十九大精神的开局之年。\n"
    info = document_info(text, doc_id="gwr_2019", today=TODAY)
    assert (info.date, info.year, info.date_source) == ("2019", 2019, "file_name")
    assert (info.title, info.title_source) == ("2019年政府工作报告", "text")  # 向大会作政府工作报告
    assert (info.kind, info.kind_source) == ("work_report", "text")
    assert info.warnings == ()


def test_a_date_before_1949_or_after_today_is_not_the_date():
    assert find_date("1913年4月3日", TODAY) == ""
    assert find_date("1913年4月3日，2013年4月3日", TODAY) == "2013-04-03"
    assert find_date("2027年3月5日", TODAY) == ""
    assert find_date("2027年3月5日", datetime.date(2027, 12, 31)) == "2027-03-05"
    assert find_date("2019年2月30日", TODAY) == ""  # not a day
    text = "智能网联汽车道路测试与示范应用管理规范（试行）\n1913年4月3日\n第一条 为规范智能网联汽车道路测试，制定本规范。\n"
    info = document_info(text, doc_id="xv_cn_070", today=TODAY)
    assert (info.date, info.year, info.date_source) == ("", None, "")
    later = "政府工作报告\n——2027年3月5日在第十五届全国人民代表大会第二次会议上\n各位代表：\n"
    assert document_info(later, doc_id="report", today=TODAY).date == ""


def test_a_document_with_no_date_anywhere_keeps_an_empty_date_and_says_so():
    text = "第一章 总则\n第一条 为加快青岛市人工智能产业园建设，制定本细则。\n第二条 本细则自印发之日起施行。\n"
    info = document_info(text, doc_id="xv_sd_043", today=TODAY)
    assert (info.date, info.year, info.date_source) == ("", None, "")
    assert info.warnings == (NO_DATE_WARNING,) == ("no date found in the text or the file name",)
    assert (info.title, info.title_source) == ("", "")
    assert (info.kind, info.kind_source) == ("measures", "text")  # 本细则


def test_metadata_overrides_field_by_field():
    known = Metadata(title="", date="1954", issuer="国务院", kind="")
    info = document_info(WORK_REPORT_2024, doc_id="gwr_1954", known=known, today=TODAY)
    assert (info.date, info.year, info.date_source) == ("1954", 1954, "metadata")
    assert (info.title, info.title_source) == ("政府工作报告", "header")  # an empty field does not erase the text's
    assert (info.issuer, info.kind, info.kind_source) == ("国务院", "work_report", "title")
    known = Metadata(title="2024年政府工作报告", date="2024-03-05", kind="speech")
    info = document_info(WORK_REPORT_2024, doc_id="x", known=known, today=TODAY)
    assert (info.title, info.title_source, info.kind, info.kind_source) == (
        "2024年政府工作报告",
        "metadata",
        "speech",
        "metadata",
    )
    # the corpus's coarse kind "policy" says only that it is not a work report
    notice = document_info(GUOFA_2018_39, doc_id="x", known=Metadata(kind="policy"), today=TODAY)
    assert (notice.kind, notice.kind_source) == ("opinion", "title")
    report = document_info(WORK_REPORT_2024, doc_id="x", known=Metadata(kind="policy"), today=TODAY)
    assert (report.kind, report.kind_source) == ("other", "metadata")


BROKEN_METADATA = (
    "id,title,date,issuer,kind\n"
    "gwr_1954,1954年中华人民共和国国务院政府工作报告,1954,国务院,work_report\n"
    "gwr_1955,1955年政府工作报告,1955,国务院,work_report,extra\n"
    "gwr_1956,1956年政府工作报告\n"
    "sc_guofa_2018_39,国务院关于做好当前和今后一个时期促进就业工作的若干意见,2019-13-45,国务院,opinion\n"
    "sc_guofa_2019_4,国务院关于印发国家职业教育改革实施方案的通知,2019/1/24,国务院,circular\n"
    '"gwr_2024","2024年政府工作报告",2024年3月5日,国务院,work_report\n'
)


def test_a_malformed_metadata_row_is_reported_with_its_line_and_the_rest_is_used(tmp_path):
    path = tmp_path / "metadata.csv"
    path.write_text(BROKEN_METADATA, encoding="utf-8")
    rows, warnings = load_metadata_csv(path)
    assert warnings == [
        "metadata.csv line 3: 6 fields where the header has 5; the row is not used",
        "metadata.csv line 4: 2 fields where the header has 5; the row is not used",
        "metadata.csv line 5: date '2019-13-45' is not a date; the date is read from the text",
        "metadata.csv line 6: kind 'circular' is not one of work_report, plan, opinion, notice, measures, law, decision,"
        " reply, speech, article, other, policy; the kind is read from the text",
    ]
    assert sorted(rows) == ["gwr_1954", "gwr_2024", "sc_guofa_2018_39", "sc_guofa_2019_4"]
    assert rows["gwr_1954"] == Metadata("1954年中华人民共和国国务院政府工作报告", "1954", "国务院", "work_report")
    assert rows["sc_guofa_2018_39"] == Metadata("国务院关于做好当前和今后一个时期促进就业工作的若干意见", "", "国务院", "opinion")
    assert (rows["sc_guofa_2019_4"].date, rows["sc_guofa_2019_4"].kind) == ("2019-01-24", "")
    assert rows["gwr_2024"].date == "2024-03-05"


def test_metadata_row_warnings_reach_the_run_and_the_documents(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "metadata.csv").write_text(BROKEN_METADATA, encoding="utf-8")
    (folder / "sc_guofa_2018_39.txt").write_text(GUOFA_2018_39, encoding="utf-8")
    (folder / "gwr_1954.txt").write_text(
        "各位代表：\n我们第一届全国人民代表大会第一次会议，听了关于宪法草案的报告。\n", encoding="utf-8"
    )
    (folder / "关于加强三级公立医院绩效考核工作的意见(2019).txt").write_text(
        "各省、自治区、直辖市人民政府：\n三级公立医院是我国医疗服务体系的主体。现提出如下意见。\n", encoding="utf-8"
    )
    options = policytext.make_options(ner=False, quantities=False, references=False, themes=False)
    result = policytext.analyze_folder(folder, workers=1, options=options)
    assert (
        "metadata.csv line 5: date '2019-13-45' is not a date; the date is read from the text"
        in result.settings["metadata_warnings"]
    )
    docs = {d.doc_id: d for d in result.documents}
    sc = docs["sc_guofa_2018_39"]
    assert (sc.date, sc.year, sc.date_source, sc.title_source, sc.kind, sc.kind_source) == (
        "2018-11-16",
        2018,
        "signature",
        "metadata",
        "opinion",
        "metadata",
    )
    old = docs["gwr_1954"]
    assert (old.date, old.year, old.date_source, old.kind, old.kind_source) == (
        "1954",
        1954,
        "metadata",
        "work_report",
        "metadata",
    )
    named = docs["关于加强三级公立医院绩效考核工作的意见(2019)"]
    assert (named.title, named.title_source, named.year, named.date_source) == (
        "关于加强三级公立医院绩效考核工作的意见",
        "file_name",
        2019,
        "file_name",
    )
    assert (named.kind, named.kind_source) == ("opinion", "file_name")
    columns = list(result.to_frames()["documents"].columns)
    assert columns[columns.index("date") : columns.index("date") + 3] == ["date", "year", "kind"]
    assert columns[-4:] == ["date_source", "title_source", "kind_source", "warnings"]


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("国务院办公厅关于印发《政府网站集约化试点工作方案》的通知", "notice"),
        ("国务院关于做好当前和今后一个时期促进就业工作的若干意见", "opinion"),
        ("国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见", "opinion"),
        ("个人所得税专项附加扣除暂行办法", "measures"),
        ("国家智慧教育平台数字教育资源内容审核规范实施细则（试行）", "measures"),
        ("专利代理条例", "law"),
        ("中华人民共和国个人所得税法", "law"),
        ("“十四五”数字经济发展规划", "plan"),
        ("2024年政府工作报告", "work_report"),
        ("2026年北京市政府工作报告（摘要）", "work_report"),
        ("第十四届全国人民代表大会第一次会议关于政府工作报告的决议", "decision"),
        ("国务院关于2018年度国家科学技术奖励的决定", "decision"),
        ("国务院关于河北雄安新区总体规划（2018—2035年）的批复", "reply"),
        ("国务院办公厅关于科技节水建议的复函", "reply"),
    ],
)
def test_the_kind_of_a_title(title, kind):
    assert infer_kind(title, "正文。") == (kind, "title")


def test_a_scheme_is_a_plan_only_where_it_sets_targets():
    assert infer_kind("山东省推动智能传感器产业发展行动计划（2021-2023年）", "到2023年，产业规模突破500亿元。") == (
        "plan",
        "title",
    )
    assert infer_kind("国家职业教育改革实施方案", "一、完善国家职业教育制度体系。") == ("other", "title")
    assert infer_kind("", "作者：张三\n正文。") == ("article", "text")
    assert infer_kind("", "第一条 为规范管理，制定本办法。\n第二条 本办法适用于……") == ("measures", "text")


def test_years_and_titles_from_file_names():
    assert file_name_year("gwr_2019", TODAY) == 2019
    assert file_name_year("prov_gwr_2026_beijing", TODAY) == 2026
    assert file_name_year("sc_guofa_2018_39", TODAY) == 2018
    assert file_name_year("关于加强三级公立医院绩效考核工作的意见(2019)", TODAY) == 2019
    assert file_name_year("2024年政府工作报告", TODAY) == 2024
    assert file_name_year("规划_2021-2025", TODAY) is None  # a range, not the date
    assert file_name_year("xv_cn_154", TODAY) is None
    assert file_name_year("scan_1913", TODAY) is None
    assert file_name_year("gwr_2030", TODAY) is None  # after today
    assert file_name_title("关于加强三级公立医院绩效考核工作的意见(2019)") == "关于加强三级公立医院绩效考核工作的意见"
    assert file_name_title("2024年政府工作报告") == "2024年政府工作报告"
    assert file_name_title("01_国务院关于印发国家职业教育改革实施方案的通知") == "国务院关于印发国家职业教育改革实施方案的通知"
    assert file_name_title("gwr_2019") == ""
    assert file_name_title("新建文本文档") == ""


def test_titles_stated_by_the_text():
    resolution = (
        "第十二届全国人民代表大会第一次会议听取和审议了国务院总理温家宝所作的政府工作报告。会议充分肯定国务院过去五年的工作。\n"
    )
    info = document_info(resolution, doc_id="npc_res_2013", today=TODAY)
    assert (info.title, info.title_source, info.kind) == (
        "第十二届全国人民代表大会第一次会议关于政府工作报告的决议",
        "text",
        "decision",
    )
    issuing = "各省、自治区、直辖市及新疆生产建设兵团工业和信息化主管部门：\n现将《中小企业数字化转型指南》印发给你们，请结合实际认真贯彻执行。\n工业和信息化部办公厅\n2022年11月3日\n"
    info = document_info(issuing, doc_id="xv_cn_039", today=TODAY)
    assert (info.title, info.title_source, info.kind) == ("关于印发《中小企业数字化转型指南》的通知", "text", "notice")
    assert (info.date, info.date_source, info.issuer) == ("2022-11-03", "signature", "工业和信息化部办公厅")
    planned = "各位代表：\n我受国务院的委托，现在向大会提出关于1980、1981年国民经济计划安排的报告，请予审议。\n"
    info = document_info(planned, doc_id="gwr_1980", today=TODAY)
    assert (info.title, info.kind, info.year) == ("关于1980、1981年国民经济计划安排的报告", "work_report", 1980)


def test_process_text_fills_the_document_context():
    text = "各位代表：\n现在，我代表国务院，向大会作政府工作报告，请予审议。\n一、2018年工作回顾\n国内生产总值增长6.6%。\n"
    doc = policytext.analyze_text(text, doc_id="reports/gwr_2019", options=policytext.make_options(ner=False))
    assert (doc.title, doc.date, doc.year, doc.kind) == ("2019年政府工作报告", "2019", 2019, "work_report")
    assert (doc.title_source, doc.date_source, doc.kind_source) == ("text", "file_name", "text")
    undated = policytext.analyze_text("推进高质量发展。", doc_id="note", options=policytext.make_options(ner=False))
    assert (undated.date, undated.year, undated.warnings) == ("", None, (NO_DATE_WARNING,))
