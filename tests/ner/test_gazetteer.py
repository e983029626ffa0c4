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


def _reference_matches(names: dict[str, str], text: str) -> list[tuple[int, int]]:
    """Leftmost-longest, trying every length at every position."""
    out, i = [], 0
    longest = max(map(len, names))
    while i < len(text):
        for length in range(min(longest, len(text) - i), 0, -1):
            if text[i : i + length] in names:
                out.append((i, i + length))
                i += length
                break
        else:
            i += 1
    return out


def test_matches_agree_with_trying_every_length_in_short_and_long_texts():
    names = {"北京": "p", "北京市": "p", "京": "x", "英国": "c", "英国伦敦": "c", "海淀区": "c", "区": "x"}
    g = Gazetteer(names)
    # a name cut off by the end of the text must not match a longer name's length
    assert g.matches("去北京") == [(1, 3)] and g.matches("英国伦") == [(0, 2)]
    assert g.matches("京") == [(0, 1)]
    for text in ["英国伦敦北京市海淀区京区", "北京北京市京英国伦区", "去北京"]:
        long = text * 30  # past Gazetteer.SHORT: the numpy path
        assert len(long) >= Gazetteer.SHORT
        assert g.matches(text) == _reference_matches(names, text)
        assert g.matches(long) == _reference_matches(names, long)
    assert g.positions("北京市京区") == ["B", "M", "E", "S", "S"]
