"""Numerals to numbers: Arabic with thousands separators, Chinese numerals, magnitude words.

Pure functions, no context: which numbers are claims is decided in ``quantities``. We parse
Chinese numerals ourselves rather than with cn2an, whose conversion of running text turns
一带一路 into 1带1路; here only a span already known to be a numeral is ever converted.
"""

from __future__ import annotations

import math
import re

CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
MAGNITUDES = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(CHINESE_DIGITS) + "十百千万亿"

MAX_DIGITS = 30  # longer digit runs are not amounts anyone writes; reported as not parsed

_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


class NumberTooLong(ValueError):
    """A numeral with more digits than any real amount (``MAX_DIGITS``)."""


def parse_arabic(text: str) -> float:
    """'1,361' -> 1361.0, '23.8' -> 23.8. Raises NumberTooLong past ``MAX_DIGITS`` digits."""
    digits = text.replace(",", "")
    if sum(ch.isdigit() for ch in digits) > MAX_DIGITS:
        raise NumberTooLong(text)
    return float(digits)


def magnitude(text: str) -> float:
    """The factor of a run of magnitude words: '万亿' -> 1e12, '千万' -> 1e7, '' -> 1."""
    factor = 1.0
    for ch in text:
        factor *= MAGNITUDES[ch]
    return factor


def _below_ten_thousand(text: str) -> float:
    """Numerals below 一万 with 十/百/千: 一百二十 -> 120, 十五 -> 15, 两千零五 -> 2005,
    and the spoken shorthand 三千五 -> 3500 (a digit right after a unit scales one unit down)."""
    total, digit, last_unit = 0, None, 0
    for ch in text:
        if ch in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[ch]
            if ch in "零〇":
                last_unit = 0  # 一百零五: the 5 is ones, not tens
        else:
            unit = SMALL_UNITS[ch]
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
    if digit is not None:
        total += digit * (last_unit // 10 if last_unit >= 100 else 1)
    return float(total)


def parse_chinese(text: str) -> float:
    """A Chinese numeral: 一百二十 -> 120, 一万二千 -> 12000, 三亿五千万 -> 350000000,
    二〇二四 -> 2024 (digits only read positionally), 一万亿 -> 1e12, 四点三 -> 4.3 (digits after
    点 read positionally). Raises ValueError on anything else."""
    whole, point, decimals = text.partition("点")
    if point:  # 四点三亿: (4 + 0.3) × 亿
        digits = decimals.rstrip("万亿")
        if not whole or not digits or any(ch not in CHINESE_DIGITS for ch in digits):
            raise ValueError(f"not a Chinese numeral: {text!r}")
        if len(digits) > MAX_DIGITS:
            raise NumberTooLong(text)
        fraction = float("0." + "".join(str(CHINESE_DIGITS[ch]) for ch in digits))
        return (parse_chinese(whole) + fraction) * magnitude(decimals[len(digits) :])
    if not text or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if len(text) > MAX_DIGITS:
        raise NumberTooLong(text)
    if all(ch in CHINESE_DIGITS for ch in text):
        if len(text) == 1:
            return float(CHINESE_DIGITS[text])
        return float("".join(str(CHINESE_DIGITS[ch]) for ch in text))
    for word, factor in (("亿", 1e8), ("万", 1e4)):
        if word in text:
            # split at the last 亿 (一万亿 = 一万 × 亿) or the last 万 below it
            head, _, tail = text.rpartition(word)
            high = parse_chinese(head) if head else 1.0
            low = parse_chinese(tail) if tail else 0.0
            if tail and len(tail) == 1 and tail in CHINESE_DIGITS and tail not in "零〇":
                low = CHINESE_DIGITS[tail] * factor / 10  # 一万二 = 12000
            return high * factor + low
    return _below_ten_thousand(text)


def parse_number(text: str) -> float:
    """Arabic digits (with an optional magnitude: '1.5万亿') or a Chinese numeral, as a float.
    Raises ValueError when the text is neither, NumberTooLong when it is absurdly long."""
    m = _ARABIC.match(text)
    if m:
        rest = text[m.end() :]
        if any(ch not in MAGNITUDES for ch in rest):
            raise ValueError(f"not a number: {text!r}")
        value = parse_arabic(m.group()) * magnitude(rest)
    else:
        value = parse_chinese(text)
    if not math.isfinite(value):
        raise NumberTooLong(text)
    return value
