from policytext.metadata import infer_date, infer_title, load_metadata_csv, match_metadata, parse_date


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
