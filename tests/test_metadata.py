from policytext.metadata import (
    infer_author,
    infer_date,
    infer_doc_number,
    infer_issuer,
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
