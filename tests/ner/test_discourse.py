from policytext.ner.discourse import carry_names
from policytext.segment import get_segmenter


def _carry(texts, spans):
    cut = get_segmenter().cut
    return carry_names(texts, [cut(t) for t in texts], spans)


def test_a_name_tagged_once_is_tagged_at_its_other_mentions():
    texts = ["国家统计局发布数据。", "据国家统计局介绍，物价平稳。", "国家统计局局长出席。"]
    found = _carry(texts, [[(0, 5, "ORG")], [], []])
    assert found == [[(0, 5, "ORG")], [(1, 6, "ORG")], [(0, 5, "ORG")]]


def test_only_whole_words_and_untagged_characters_are_taken():
    texts = ["北京举行会议。", "北京市政府召开会议。", "在北京大学，北京代表发言。"]
    spans = [[(0, 2, "LOC")], [(0, 5, "ORG")], [(1, 5, "ORG")]]
    found = _carry(texts, spans)
    assert found[1] == [(0, 5, "ORG")]  # 北京 inside a span already tagged: untouched
    assert found[2] == [(1, 5, "ORG"), (6, 8, "LOC")]  # the 北京 of 北京代表 is carried


def test_the_label_given_most_often_wins_and_one_character_names_stay():
    texts = ["华为发布新品。", "华为表示。", "华为回应。", "据华为称。"]
    found = _carry(texts, [[(0, 2, "ORG")], [(0, 2, "LOC")], [(0, 2, "LOC")], []])
    # the one ORG is outvoted; a tie would keep each mention's own label
    assert found == [[(0, 2, "LOC")], [(0, 2, "LOC")], [(0, 2, "LOC")], [(1, 3, "LOC")]]
    tied = _carry(texts[:2], [[(0, 2, "ORG")], [(0, 2, "LOC")]])
    assert tied == [[(0, 2, "ORG")], [(0, 2, "LOC")]]
    texts = ["中美合作。", "中方表示。"]
    assert _carry(texts, [[(0, 1, "LOC"), (1, 2, "LOC")], []])[1] == []  # 中 is not carried to 中方


def test_a_name_tagged_in_part_gives_way_to_the_whole_name():
    texts = [
        "于金山回忆说。",
        "当时于金山距董存瑞仅20米。",
        "阿南史代喜欢听中国人讲故事。",
        "年轻时，阿南史代先后在加州大学读书。",
    ]
    spans = [[(0, 3, "PER")], [(3, 5, "LOC"), (6, 9, "PER")], [(0, 4, "PER")], [(4, 6, "PER"), (11, 15, "ORG")]]
    found = _carry(texts, spans)
    assert found[1] == [(2, 5, "PER"), (6, 9, "PER")]  # 金山/LOC inside 于金山 is dropped
    assert found[3] == [(4, 8, "PER"), (11, 15, "ORG")]
    # a span that reaches outside the name stays, and the name is not added over it
    assert _carry(["于金山回忆说。", "当时于金山距"], [[(0, 3, "PER")], [(0, 4, "ORG")]])[1] == [(0, 4, "ORG")]


def test_nothing_to_carry():
    assert _carry(["没有名字的句子。"], [[]]) == [[]]
    assert carry_names([], [], []) == []
