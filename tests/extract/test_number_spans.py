from policytext.extract.number_spans import find_numbers, load_units, not_claim_spans


def read(text: str) -> list[tuple]:
    return [(text[n.start : n.end], n.value, high, n.unit, n.kind, n.approx) for n, high in find_numbers(text, load_units())]


def test_units_magnitudes_and_lists():
    assert read("装机1万千瓦，容量300万千瓦时，地铁客运量分别达1409万、1305万人次") == [
        ("1万千瓦", 10_000, None, "千瓦", "amount", False),  # 千瓦 is a unit, not 千 × 瓦
        ("300万千瓦时", 3_000_000, None, "千瓦时", "amount", False),
        ("1409万", 14_090_000, None, "人次", "count", False),  # the list's unit
        ("1305万人次", 13_050_000, None, "人次", "count", False),
    ]


def test_slash_fractions_full_width_ranges_and_two_digit_growth():
    assert read("占全国1/3以上，增长6%－6.5%，实现两位数增长") == [
        ("1/3以上", 0.333333, None, "", "ratio", True),
        ("6%－6.5%", 6, 6.5, "%", "percent", False),
    ]


def test_first_place_is_a_rank_but_first_in_importance_is_not():
    assert read("地区生产总值总量连续37年居全国首位，坚持把政治建设摆在首位") == [
        ("37年", 37, None, "年", "duration", False),
        ("首位", 1, None, "位", "rank", False),
    ]


def test_values_are_free_of_binary_float_noise():
    assert read("高原炊具累计销售5.1亿元") == [("5.1亿元", 510_000_000, None, "元", "money", False)]


def test_ranges_approximations_and_words_that_are_not_units():
    assert read("减少10—15个，增加7至8万人，超千亿元，城乡二元结构，一次性，三次产业") == [
        ("10—15个", 10, 15, "个", "count", False),
        ("7至8万人", 70_000, 80_000, "人", "count", False),
        ("超千亿元", 1e11, None, "元", "money", True),
    ]


def test_chinese_decimals_spoken_ranges_and_percentage_ranges():
    # gwr_1978: 增长速度都在百分之四点三以上, 增加两、三倍, 每年要增长百分之四到五
    assert read("都在百分之四点三以上，增加两、三倍，增长百分之四到五，第一、二批，一、二、三年级") == [
        ("百分之四点三以上", 4.3, None, "%", "percent", True),
        ("两、三倍", 2, 3, "倍", "ratio", True),
        ("百分之四到五", 4, 5, "%", "percent", False),
    ]


def test_not_claim_spans_name_their_reason():
    text = "国发〔2018〕1号：2022年12月，一是落实“十四五”规划，第二条，电话010-12345678。"
    reasons = {text[a:b]: reason for a, b, reason in not_claim_spans(text)}
    assert reasons["〔2018〕1号"] == "doc_number"
    assert reasons["2022年"] == "date" and reasons["12月"] == "date"
    assert reasons["一是"] == "ordinal" and reasons["第二"] == "ordinal"
    assert reasons["“十四五”"] == "period_name"
    assert reasons["010-12345678"] == "other"
    assert find_numbers(text, load_units()) == []


def test_figure_references_and_principles_are_not_claims():
    assert read("体系框架如图3所示，详见表2-1，共建成5所学校。") == [("5所", 5, None, "所", "count", False)]
    assert read("坚持和平共处五项原则和四项基本原则") == []


def test_ranges_of_small_numbers_written_out_and_the_two_markets():
    assert read("力争三到五年时间内，建成三至五个中心") == [
        ("三到五年", 3, 5, "年", "duration", False),
        ("三至五个", 3, 5, "个", "count", False),
    ]
    assert read("统筹利用国际国内两个市场、两种资源") == []


def _corpus_texts() -> list[str]:
    from conftest import EMBEDDED_CORPUS

    return [path.read_text(encoding="utf-8") for path in sorted(EMBEDDED_CORPUS.glob("*.txt"))]


def test_the_first_character_guards_change_no_match_on_the_sample_corpus():
    # The guards list the characters a not-claim span or a time expression can start with; a
    # new pattern starting with another character would be skipped silently without this test.
    import re

    from policytext.extract import number_spans, quantities

    unguarded_not_claims = re.compile(number_spans._NOT_CLAIM_ANY)
    unguarded_periods = re.compile(quantities._PERIOD.pattern.removeprefix(quantities._PERIOD_FIRST))
    lines = [line for text in _corpus_texts() for line in text.splitlines() if line.strip()]
    assert len(lines) > 3000

    def spans(pattern, line):
        return [(m.start(), m.end(), m.lastgroup) for m in pattern.finditer(line) if m.end() > m.start()]

    assert [spans(number_spans._NOT_CLAIM, line) for line in lines] == [spans(unguarded_not_claims, line) for line in lines]
    assert [spans(quantities._PERIOD, line) for line in lines] == [spans(unguarded_periods, line) for line in lines]
    assert sum(len(spans(number_spans._NOT_CLAIM, line)) for line in lines) > 1000  # the test reads real spans


def test_not_claim_spans_of_every_kind_still_found_behind_the_guard():
    found = {
        reason
        for _, _, reason in not_claim_spans(
            "国发〔2018〕1号规定，2023年3月5日召开，十四五期间，第二条，两个市场，详见表2，5G网络，电话010-12345678①"
        )
    }
    assert found == {"doc_number", "date", "period_name", "ordinal", "slogan", "other"}
