import pytest

from policytext.errors import ResourceError
from policytext.ner.names import Mention, Reading, build_table, name_table, read_alias_file, resolve


@pytest.fixture(scope="module")
def table():
    return name_table()


def names(mentions, table, **kw):
    return [r.name if r else None for r in resolve(mentions, table, **kw)]


def chain(text, label="LOC", start=0):
    """One-character mentions written side by side (中苏, 苏浙沪)."""
    return [Mention(ch, label, start + i, start + i + 1) for i, ch in enumerate(text)]


def test_places_resolve_to_one_name_with_their_code(table):
    mentions = [
        Mention(t, "LOC", 10 * i, 10 * i + len(t))
        for i, t in enumerate(["四川省", "四川", "莫斯科市", "中华人民共和国", "大韩民国"])
    ]
    readings = resolve(mentions, table)
    assert [(r.name, r.code, r.code_system) for r in readings] == [
        ("四川", "510000", "GB/T 2260"),
        ("四川", "510000", "GB/T 2260"),
        ("莫斯科", "524901", "GeoNames"),
        ("中国", "CN", "ISO 3166-1"),
        ("韩国", "KR", "ISO 3166-1"),
    ]


def test_an_abbreviation_with_two_readings_follows_its_neighbours(table):
    assert names(chain("中苏"), table) == ["中国", "苏联"]
    assert names(chain("苏浙沪"), table) == ["江苏", "浙江", "上海"]
    assert names(chain("港澳"), table) == ["香港", "澳门"]
    assert names(chain("中澳"), table) == ["中国", "澳大利亚"]
    # the neighbours win over the document (中苏 in a report that names 江苏 too); alone, the
    # reading the document names in full wins
    assert names([*chain("中苏"), Mention("江苏省", "LOC", 20, 23)], table) == ["中国", "苏联", "江苏"]
    assert names([Mention("苏", "LOC", 0, 1), Mention("江苏省", "LOC", 20, 23)], table) == ["江苏", "江苏"]
    assert names([Mention("中华", "LOC", 0, 2, "民族")], table) == [None]  # the nation, not a place to count


def test_people_by_surname_and_title_or_by_the_full_name_in_the_document(table):
    assert names([Mention("毛", "PER", 0, 1, "主席指出")], table) == ["毛泽东"]
    assert names([Mention("周", "PER", 0, 1, "说"), Mention("周恩来", "PER", 9, 12)], table) == ["周恩来", "周恩来"]
    # two people of that surname, or none: the surname alone names nobody
    assert names([Mention("王", "PER", 0, 1), Mention("王明", "PER", 5, 7), Mention("王稼祥", "PER", 9, 12)], table)[0] is None
    assert names([Mention("陈", "PER", 0, 1)], table) == [None]


def test_one_character_mentions_that_resolve_to_nothing_name_nothing(table):
    assert names([Mention("江", "LOC", 0, 1)], table) == [None]
    # a one-character alias must agree in label: 马 as a person is not Malaysia
    assert names([Mention("马", "PER", 0, 1)], table) == [None]


def test_relative_bodies_take_the_documents_province(table):
    mentions = [
        Mention("省政府", "ORG", 0, 3),
        Mention("省工业和信息化厅", "ORG", 5, 13),
        Mention("山东省人民政府", "ORG", 20, 27),
    ]
    assert names(mentions, table, context="山东省人民政府关于印发的通知") == [
        "山东省人民政府",
        "山东省工业和信息化厅",
        "山东省人民政府",
    ]
    # no province in the title: the one that holds most place mentions
    places = [Mention("济南", "LOC", 40, 42), Mention("青岛", "LOC", 50, 52), Mention("山东", "LOC", 60, 62)]
    assert names(mentions + places, table)[:2] == ["山东省人民政府", "山东省工业和信息化厅"]
    # a national circular: 省政府 is every province's, 市委 every city's
    assert names([Mention("省政府", "ORG", 0, 3), Mention("市委", "ORG", 5, 7)], table, context="国务院关于") == [None, None]
    # a city's document: its 市 bodies are the city's; a province's: they stay unresolved
    city = [Mention("济南", "LOC", 40, 42), Mention("历下区", "LOC", 50, 53), Mention("济南市", "LOC", 60, 63)]
    assert names([Mention("市科技局", "ORG", 0, 4), *city], table)[0] == "济南市科技局"
    assert names([Mention("省残联", "ORG", 0, 3)], table, context="山东省人民政府办公厅") == ["山东省残联"]
    # 香港 and 台湾 never anchor a relative body
    assert names([Mention("省委", "ORG", 0, 2), *chain("港澳台", start=10), Mention("台湾", "LOC", 20, 22)], table)[0] is None
    # 市场监管总局 starts with 市 but is not a city's body
    assert names([Mention("市场监管总局", "ORG", 0, 6)], table) == ["国家市场监督管理总局"]


def test_short_forms_and_terms_of_office(table):
    found = names([Mention("国家局", "ORG", 0, 3), Mention("国家药品监督管理局", "ORG", 9, 18)], table)
    assert found == ["国家药品监督管理局", "国家药品监督管理局"]
    assert (
        names([Mention("第十四届全国人民代表大会", "ORG", 0, 12), Mention("全国人大", "ORG", 20, 24)], table)
        == ["全国人民代表大会"] * 2
    )
    assert names([Mention("中华人民共和国财政部", "ORG", 0, 10)], table) == ["财政部"]
    # a table's label wins over the model's for names of two or more characters
    assert resolve([Mention("联合国", "LOC", 0, 3)], table)[0] == Reading("联合国", "ORG")


def test_traditional_text_resolves_on_its_simplified_form(table):
    assert names([Mention("國務院辦公廳", "ORG", 0, 6), Mention("臺灣", "LOC", 9, 11)], table) == ["国务院办公厅", "台湾"]


def test_user_aliases_replace_the_packaged_readings(tmp_path):
    path = tmp_path / "aliases.txt"
    path.write_text("# mine\n苏\t苏州\tLOC\t320500\tGB/T 2260\n两新\t两新组织\tORG\n", encoding="utf-8")
    table = build_table([path])
    assert table.get("苏") == (Reading("苏州", "LOC", "320500", "GB/T 2260"),)
    assert [r.name for r in resolve([Mention("两新", "ORG", 0, 2)], table)] == ["两新组织"]


@pytest.mark.parametrize(
    "line", ["发改委\t国家发展和改革委员会", "发改委\t国家发展和改革委员会\tGOV", "川\t四川\tLOC\t510000", "\t四川\tLOC"]
)
def test_a_malformed_alias_line_is_reported_with_its_number(tmp_path, line):
    path = tmp_path / "aliases.txt"
    path.write_text(f"# comment\n京\t北京\tLOC\n{line}\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"aliases.txt, line 3"):
        read_alias_file(path)
    with pytest.raises(ResourceError, match="cannot read"):
        read_alias_file(tmp_path / "missing.txt")
