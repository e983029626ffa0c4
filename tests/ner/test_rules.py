import pytest

from policytext.errors import ResourceError
from policytext.ner.rules import build_rules, merge_spans, read_rule_file
from policytext.segment import get_segmenter

PACKAGED = build_rules()


def rule_entities(text: str, rules=None) -> list[tuple[str, str]]:
    rules = rules or PACKAGED
    return [(text[s:e], label) for s, e, label in rules.spans(text, get_segmenter().cut(text))]


def test_government_bodies_and_abbreviations_are_org():
    text = "国家卫生健康委、省发展改革委、中国贸促会和国务院办公厅联合印发"
    assert rule_entities(text) == [
        ("国家卫生健康委", "ORG"),
        ("省发展改革委", "ORG"),
        ("中国贸促会", "ORG"),
        ("国务院办公厅", "ORG"),
    ]


def test_international_organisations_and_groupings():
    text = "加强与世界贸易组织、金砖国家、二十国集团、亚投行的合作"
    assert rule_entities(text) == [("世界贸易组织", "ORG"), ("金砖国家", "ORG"), ("二十国集团", "ORG"), ("亚投行", "ORG")]


def test_countries_short_forms_world_cities_and_regions_are_loc():
    assert rule_entities("英国伦敦市和沙特、新西兰、巴基斯坦") == [
        ("英国", "LOC"),
        ("伦敦市", "LOC"),
        ("沙特", "LOC"),
        ("新西兰", "LOC"),
        ("巴基斯坦", "LOC"),
    ]
    assert rule_entities("长三角、京津冀、西部地区、北美和非洲") == [
        ("长三角", "LOC"),
        ("京津冀", "LOC"),
        ("西部地区", "LOC"),
        ("北美", "LOC"),
        ("非洲", "LOC"),
    ]


def test_place_inside_an_organisation_name_stays_in_the_org():
    assert rule_entities("广东省人民政府办公厅印发通知") == [("广东省人民政府办公厅", "ORG")]
    assert rule_entities("北京市科学技术委员会发布") == [("北京市科学技术委员会", "ORG")]


def test_an_org_suffix_without_a_name_before_it_is_not_an_org():
    # 服务中心 after a verb and plain nouns: no place or national head word, so no name
    assert rule_entities("建设社区卫生服务中心") == []
    # the walk left stops at 的, so 北京 is not glued to 研究中心
    assert rule_entities("北京的研究中心") == [("北京", "LOC")]


def test_no_organisation_from_verbs_or_a_bare_place_and_generic_suffix():
    assert rule_entities("重庆市中心城区") == [("重庆市", "LOC")]
    assert "ORG" not in {label for _, label in rule_entities("江苏省已成立股份制有限公司")}
    assert "ORG" not in {label for _, label in rule_entities("营口市支队加强基层党组织")}
    assert rule_entities("河北省人民政府") == [("河北省人民政府", "ORG")]  # a government body may follow the place directly


def test_city_short_forms_that_are_words_are_not_places():
    assert rule_entities("白银价格") == [] and rule_entities("大同社会") == []
    assert rule_entities("白银市") == [("白银市", "LOC")] and rule_entities("广州和深圳") == [("广州", "LOC"), ("深圳", "LOC")]


def test_matches_respect_token_boundaries():
    assert rule_entities("这种做法国家支持") == []  # 法国 lies across 做法|国家


def test_county_short_forms_are_not_places_but_full_names_are():
    text = "丁青县的丁青"
    assert rule_entities(text) == [("丁青县", "LOC")]


def test_merge_longer_span_wins_and_rule_wins_ties():
    rule = [(0, 3, "LOC"), (10, 12, "ORG")]
    model = [(0, 10, "ORG"), (10, 12, "LOC"), (20, 22, "PER")]
    assert merge_spans(rule, model) == [(0, 10, "ORG"), (10, 12, "ORG"), (20, 22, "PER")]
    assert merge_spans([], []) == []


def test_user_rule_files_add_names_and_bad_lines_are_reported(tmp_path):
    good = tmp_path / "mine.txt"
    good.write_text("# my names\n雄安集团\tORG\n", encoding="utf-8")
    rules = build_rules([good])
    assert rule_entities("雄安集团成立", rules) == [("雄安集团", "ORG")]
    bad = tmp_path / "bad.txt"
    bad.write_text("雄安集团 ORG\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="line 1"):
        read_rule_file(bad)
    with pytest.raises(ResourceError, match="cannot read"):
        read_rule_file(tmp_path / "missing.txt")


def test_none_rules_and_document_numbers_remove_model_mistakes():
    text = "通知（国办发〔2018〕108号）要求推进碳达峰工作"
    found = PACKAGED.spans(text, get_segmenter().cut(text))
    assert [(text[s:e], label) for s, e, label in found] == [("国办发〔2018〕108号", "NONE"), ("碳达峰", "NONE")]
    model = [(3, 5, "ORG"), (21, 24, "LOC")]  # the model's 国办 and 碳达峰
    assert [lab for *_, lab in merge_spans(found, model)] == ["NONE", "NONE"]


def test_names_inside_a_cited_title_are_part_of_the_title():
    text = "修改《四川省人口与计划生育条例》，四川省人民政府负责"
    found = PACKAGED.spans(text, get_segmenter().cut(text))
    assert [(text[s:e], label) for s, e, label in found] == [("《四川省人口与计划生育条例》", "NONE"), ("四川省人民政府", "ORG")]


def test_names_inside_the_title_of_a_book_are_mentions():
    text = "他写了《周恩来在重庆》一书，又读了《北京市人民代表大会常务委员会公告（第5号）》"
    found = PACKAGED.spans(text, get_segmenter().cut(text))
    spans = [(text[s:e], label) for s, e, label in found]
    assert ("《周恩来在重庆》", "NONE") not in spans and ("重庆", "LOC") in spans
    assert spans[-1] == ("《北京市人民代表大会常务委员会公告（第5号）》", "NONE")


def test_drop_unlikely_model_spans():
    from policytext.ner.rules import drop_unlikely

    text = "外国人来华工作，中美关系，IBM公司，师德师风"
    spans = [(4, 5, "LOC"), (8, 9, "LOC"), (9, 10, "LOC"), (13, 16, "ORG"), (20, 23, "PER")]
    # 华 inside 来华 stays (it resolves to 中国); IBM has no Chinese character; 德师风 is not a name
    assert text[20:23] == "德师风"
    kept = drop_unlikely(text, spans, frozenset({"德师风"}))
    assert kept == [(4, 5, "LOC"), (8, 9, "LOC"), (9, 10, "LOC")]
    assert PACKAGED.not_names >= {"德师风", "两岸", "人大"}


def test_a_document_matched_at_once_finds_what_its_sentences_find_one_by_one():
    texts = [
        "国家卫生健康委、省发展改革委、中国贸促会和国务院办公厅联合印发",
        "",
        "修改《四川省人口与计划生育条例》，四川省人民政府负责",
        # over 64 characters: the gazetteer's numpy search
        "英国伦敦市与北京市、上海市开展合作，世界贸易组织和二十国集团发表声明，长三角、京津冀协同发展，"
        "广东省人民政府办公厅印发通知，巴基斯坦和新西兰代表出席",
    ]
    cut = get_segmenter().cut
    token_lists = [cut(t) for t in texts]
    batch = PACKAGED.spans_batch(texts, token_lists)
    assert batch == [PACKAGED.spans(t, toks) for t, toks in zip(texts, token_lists)]
    assert [texts[3][s:e] for s, e, _ in batch[3]][:3] == ["英国", "伦敦市", "北京市"]
    assert batch[1] == [] and PACKAGED.spans_batch([], []) == []
