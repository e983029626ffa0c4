from policytext.ner.gazetteer import Gazetteer, place_gazetteer


def test_packaged_gazetteer_has_countries_and_chinese_divisions():
    names = place_gazetteer().names
    for name in ["英国", "巴基斯坦", "新西兰", "河北省", "河北", "石家庄市", "海淀区"]:
        assert name in names, name
    assert names["河北"] == "province"


def test_leftmost_longest_matches():
    g = Gazetteer({"北京": "province", "北京市": "province", "海淀区": "county", "英国": "country"})
    assert g.matches("英国和北京市海淀区") == [(0, 2), (3, 6), (6, 9)]
    assert g.positions("去北京") == ["O", "B", "E"]
    assert g.matches("北") == []
