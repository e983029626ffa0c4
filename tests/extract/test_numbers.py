import pytest

from policytext.extract.numbers import MAX_DIGITS, NumberTooLong, parse_chinese, parse_number


@pytest.mark.parametrize(
    "text, value",
    [
        ("一百二十", 120),
        ("十五", 15),
        ("两千", 2000),
        ("两千零五", 2005),
        ("三千五", 3500),  # spoken shorthand: 三千五百
        ("一万二千", 12000),
        ("一万二", 12000),
        ("三亿五千万", 350_000_000),
        ("一万亿", 1e12),
        ("二〇二四", 2024),  # digits only: read positionally
        ("五十万零三千", 503_000),
        ("一千二百四十四万", 12_440_000),
        ("百", 100),  # as in 近百
        ("四点三", 4.3),  # decimals of a 1978 report: 百分之四点三
        ("四点三亿", 430_000_000),
    ],
)
def test_chinese_numerals(text, value):
    assert parse_chinese(text) == value


@pytest.mark.parametrize(
    "text, value",
    [("1,361", 1361), ("23.8", 23.8), ("1.5万亿", 1.5e12), ("110万", 1_100_000), ("3千万", 3e7), ("八千三百万", 83_000_000)],
)
def test_arabic_with_magnitude_and_chinese(text, value):
    assert parse_number(text) == value


def test_not_numbers_and_absurd_lengths_raise():
    for text in ("一带一路", "", "12abc"):
        with pytest.raises(ValueError):
            parse_number(text)
    with pytest.raises(NumberTooLong):
        parse_number("9" * (MAX_DIGITS + 1))
    with pytest.raises(NumberTooLong):
        parse_number("9" * 400 + "亿")
