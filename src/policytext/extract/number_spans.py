"""Where the numbers of a sentence are, read with magnitude, unit and approximation words.

Steps 1 and 2 of the quantity extractor (``quantities`` adds the context):

1. mask what is a number but not a claim: dates, document numbers, ordinals, numbered
   slogans, period names, phone numbers, URLs, model names (5G, C919), footnote marks;
2. scan the rest for numerals and read each with its magnitude (万, 亿), unit (from the
   unit lexicon, ``resources/quantity_units.txt``) and approximation words (多, 左右, 以上);
   join ranges (5%—6%, 3至5年) and give a list's bare numbers the unit of the last one.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from policytext.errors import ResourceError
from policytext.extract.numbers import CHINESE_DIGITS, MAGNITUDES, NumberTooLong, parse_arabic, parse_chinese
from policytext.lexicon import read_word_lines
from policytext.resources import QUANTITY_UNITS, resource_path

KINDS = ("count", "amount", "money", "percent", "pct_point", "ratio", "rank", "duration")

# --- the unit lexicon ------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitLexicon:
    kinds: dict[str, str]  # unit -> kind
    pattern: re.Pattern  # any unit, longest first, optionally /unit (元/吨)
    may_have_claim: re.Pattern  # a quick test that a sentence can hold a claim at all

    def match(self, text: str, pos: int) -> str:
        m = self.pattern.match(text, pos)
        return m.group() if m else ""

    def kind(self, unit: str) -> str:
        return self.kinds.get(unit.split("/")[0], "count")


def read_units(path: Path) -> dict[str, str]:
    units = {}
    for fields in read_word_lines(path):
        if len(fields) != 2 or fields[1] not in KINDS:
            raise ResourceError(f"{path}: each line must be 'unit<TAB>kind' with kind one of {', '.join(KINDS)}: {fields}")
        units[fields[0]] = fields[1]
    return units


@lru_cache(maxsize=8)
def load_units(extra_files: tuple[str, ...] = ()) -> UnitLexicon:
    """The packaged unit lexicon plus the user's files (later files win); cached per process."""
    kinds = read_units(resource_path(QUANTITY_UNITS))
    for name in extra_files:
        kinds.update(read_units(Path(name)))
    alternatives = "|".join(re.escape(u) for u in sorted(kinds, key=len, reverse=True))
    first = re.escape("".join(sorted({u[0] for u in kinds})))
    # digits, or a Chinese numeral before a unit (一个 / 一批 are never claims: 一 only with a magnitude)
    quick = rf"\d|分之|番|一半|首位|(?:[零〇二两三四五六七八九十百千万亿]|一(?=[十百千万亿倍%]))[{_CN}]*[多余]?[{first}]"
    return UnitLexicon(kinds, re.compile(f"(?:{alternatives})(?:/(?:{alternatives}))?"), re.compile(quick))


# --- step 1: numbers that are not claims ----------------------------------------------------

_CN = "零〇一二两三四五六七八九十百千万亿"
_CN_SMALL = "一二两三四五六七八九十"
_TO = r"[-—–－~～至到]+"
_DAY = r"\d{1,2}\s*[日号]"
_YEAR = r"(?:1[89]\d{2}|20\d{2}|[〇○零一二三四五六七八九]{4})"
# A run of numerals is read from its first character: a pattern with [...]+ tried again at every
# character of a long run (1111…) takes quadratic time. A period name 十四五 may end just before it.
_RUN_START = rf"(?:(?<![\d{_CN_SMALL}])|(?<=十[{_CN_SMALL}]五))"
_CN_RUN_START = rf"(?:(?<![{_CN_SMALL}])|(?<=十[{_CN_SMALL}]五))"
_NOT_CLAIMS = [
    # document numbers: 国发〔2018〕1号, 京政发【2018】3号
    ("doc_number", r"[〔\[【(（]\s*(?:19|20)\d{2}\s*[〕\]】)）]\s*第?\s*\d+\s*号?"),
    # dates and year ranges: 2023年, 2021—2025年, 2022年12月, 1-10月, 3月5日, 90年代
    ("date", rf"{_YEAR}\s*(?:[-—–~～至到]+\s*{_YEAR}\s*)?年(?:度|代)?"),
    ("date", rf"{_YEAR}\s*[-/.]\s*\d{{1,2}}\s*[-/.]\s*\d{{1,2}}"),
    (
        "date",
        rf"(?<![\d.])\d{{1,2}}\s*(?:{_TO}\s*\d{{1,2}}\s*)?月(?:份)?(?:\s*{_DAY}(?:\s*{_TO}\s*(?:\d{{1,2}}\s*月\s*)?{_DAY})?)?",
    ),
    ("date", rf"(?<![{_CN}])[一二三四五六七八九十]{{1,3}}月(?:份)?(?:[一二三四五六七八九十]{{1,3}}日)?"),
    ("date", r"\d{2}\s*年代|\d{1,2}\s*[:：]\s*\d{2}"),
    # a year mistyped (到4544年) or glued to a list number (1.0400年底前): no duration is that long
    ("date", r"^\s*\d{1,2}[.．]\d{4}\s*年|(?<=[到至于在])[1-9]\d{3}\s*年|(?<![\d.])\d{4}\s*年(?=度|底|末|初|前)"),
    # period names: 十四五, 五年来, 过去五年, 近5年, 今后三年
    ("period_name", r"[“\"]?十[一二三四五六七八九十]五[”\"]?"),
    ("period_name", rf"(?:过去|近|今后|未来|最近|这|此前|前|后|头)[\d{_CN_SMALL}]+多?个?年(?:来|以来|间|中|里)?"),
    ("period_name", rf"{_RUN_START}[\d{_CN_SMALL}]+多?个?多?(?:年|月)多?(?:来|以来)"),  # 五年多来, 八个多月以来
    ("date", r"(?<![\d.])\d{1,2}\s*日(?=晚|早|凌晨|上午|中午|下午|夜)"),  # 19日晚8时35分
    # ordinals: 第二条, （三）, 一是, 1. at the start
    ("ordinal", rf"第[\d{_CN}]+(?:、[\d{_CN_SMALL}]+)*"),
    ("ordinal", rf"[（(]\s*[\d{_CN_SMALL}]+\s*[）)]"),
    ("ordinal", rf"^\s*[\d{_CN_SMALL}]+\s*[、.．](?!\d)"),
    ("ordinal", rf"(?:^|(?<=[，。；：、\s]))[{_CN_SMALL}]+(?:是|要|者)"),
    # numbered slogans: 两个毫不动摇, 四个全面, 五位一体, short quoted formulas “三农”
    (
        "slogan",
        rf"{_CN_RUN_START}[{_CN_SMALL}]+[个位项](?=[“\"]|规定|全面|意识|自信|维护|确立|毫不动摇|一百年|百年|必须|务必|坚持|没有变|"
        r"不动摇|统筹|结合|大局|一体|优先|转变|代表|机制|着力|更加|稳定|凡是|基本原则|原则)",
    ),
    ("slogan", rf"[“\"][^”\"\d]{{0,10}}[{_CN_SMALL}][^”\"\d]{{0,10}}[”\"]"),
    ("slogan", r"两个市场|两种资源"),  # 统筹国际国内两个市场、两种资源
    # figures and tables referred to: 如图3所示, 见表2, 详见附表1-2
    ("other", r"(?:(?<=如)|(?<=见))(?:图|表|附图|附表)\s*\d+(?:[-.．]\d+)*|(?:图|表)\s*\d+(?:[-.．]\d+)*(?=\s*所示)"),
    # not amounts: URLs, e-mail, phone numbers, codes and model names (5G, C919, PM2.5), footnotes
    ("other", r"https?://\S+|www\.\S+|(?<![A-Za-z0-9._-])[A-Za-z0-9._-]+@[A-Za-z0-9.-]+"),
    ("other", r"(?<!\d)(?:\d{3,4}-)?\d{7,8}(?![\d.万亿%])|(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)\d+(?=\s*(?:热线|服务热线))"),
    ("other", r"(?<![A-Za-z])[A-Za-z][A-Za-z\d.]*\d[A-Za-z\d]*|(?<!\d)\d+(?:\.\d+)?[A-Za-z]+"),
    ("other", r"\[\d+\]|[①-⑳]"),
]
_NOT_CLAIM_ANY = "|".join(f"(?P<m{i}>{p})" for i, (_, p) in enumerate(_NOT_CLAIMS))
# Every character an alternative above can start with (a superset): re tries all of them at
# each position, and this test turns most positions away at once (5x faster, same matches;
# a test checks that over the sample corpus). Add here the first character of a new pattern.
_NOT_CLAIM_FIRST = r"(?=[\d\s〇○零一二三四五六七八九十两〔\[【(（“\"过近今未最这此前后头第图表附hwA-Za-z0-9._\-①-⑳])"
_NOT_CLAIM = re.compile(f"{_NOT_CLAIM_FIRST}(?:{_NOT_CLAIM_ANY})")
_METADATA_LINE = re.compile(r"^\s*(?:文章编号|中图分类号|文献标识码|DOI|doi|ISSN|CN\s*\d|收稿日期|基金项目|作者简介)")


def not_claim_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, reason)`` of every number-like span in ``text`` that is not a claim."""
    if _METADATA_LINE.match(text):
        return [(0, len(text), "other")]
    out = []
    for m in _NOT_CLAIM.finditer(text):
        if m.end() > m.start():
            group = m.lastgroup
            assert group is not None  # every alternative of _NOT_CLAIM is a named group
            out.append((m.start(), m.end(), _NOT_CLAIMS[int(group[1:])][0]))
    return out


# --- step 2: numerals, magnitudes, units, ranges -----------------------------------------------

_NUMERAL = re.compile(
    rf"(?P<lead>百分之|千分之)?(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?|[{_CN}]+(?:点[〇零一二三四五六七八九]+[万亿]*)?)"
)
_SPECIAL = re.compile(r"翻(?:了)?(?P<n>[一二两三四五\d])?番|一半(?=[。，；、]|以上|左右)|首位")
_APPROX_BEFORE = re.compile(r"(?:约|近|逾|超过|超|不到|不足|不低于|不少于|不超过|不高于|高于|低于|多于|少于|将近|接近|大约|上)$")
_APPROX_AFTER = re.compile(r"以上|以下|以内|左右|上下|多|余|强")
_RANGE_JOIN = re.compile(r"\s*(?:—{1,2}|–|-|－|~|～|至|到)\s*")
_RANK_BEFORE = re.compile(r"(?:(?:居|列|位居|位列|排名|排|跃居|升至|保持)[^，。；,;]{0,10}|全国|全省|全球|世界|全市|全区)$")
# a unit that is the first character of a longer word: 二元结构, 一次性, 年级
_UNIT_WORD = re.compile(
    r"位(?:数|置|于)|元(?:化|结构|论|素|首)|部(?:门|署)|字(?:路口|架|号|母|段)|次(?:性|序|产业|会议|全会|全体会议|开发|分配|元)|家(?:庭|长|属|电|乡)|年(?:级|纪)|条(?:件|例|款)|名(?:称|义|单|录)|种(?:子|植)|处(?:理|置|罚)"
)
_CN_DIGIT_CHARS = set(CHINESE_DIGITS)
# characters that make a word with a following 一 (统一, 唯一, 之一, 同一, 进一步, 万一, 逐一)
_YI_WORDS = frozenset("统唯之同进万逐单划整均合专")


@dataclass(frozen=True)
class NumberSpan:
    """A numeral read with what follows it, before context is added (offsets into the sentence)."""

    start: int
    end: int
    value: float | None  # None: not parsed (absurdly long)
    unit: str
    kind: str
    approx: bool
    has_magnitude: bool
    mantissa: float | None  # the value without its magnitude (a range's low end may borrow the high end's)


def _read_number(text: str, m: re.Match, units: UnitLexicon) -> NumberSpan | None:
    lead, num = m.group("lead"), m.group("num")
    start, pos = m.start(), m.end()
    arabic = num[0].isdigit()
    if not arabic and not _chinese_numeral_ok(text, start, num, lead):
        return None
    try:
        value = parse_arabic(num) if arabic else parse_chinese(num)
        mantissa = value if arabic else None
    except NumberTooLong:
        return NumberSpan(start, pos, None, "", "count", False, False, None)
    except ValueError:
        return None
    approx = bool(_APPROX_BEFORE.search(text, max(0, start - 4), start))
    if lead:  # 百分之二十, 千分之五, 百分之十以上
        pos, bound = _approx_after(text, pos)
        approx = approx or bound
        return NumberSpan(start, pos, value, "%" if lead == "百分之" else "‰", "percent", approx, False, value)
    if text.startswith("分之", pos):  # 三分之一
        return _fraction(text, start, pos, value, approx)
    slash = _SLASH_FRACTION.match(text, pos) if arabic else None
    if slash and int(slash.group(1)):  # 1/3以上 (dates such as 2023/12/1 are masked before)
        fraction = round(value / int(slash.group(1)), 6)
        return NumberSpan(start, slash.end(), fraction, "", "ratio", approx or bool(slash.group(2)), False, None)
    magnitude_text = ""
    if arabic:
        if text.startswith(("多", "余"), pos) and pos + 1 < len(text) and text[pos + 1] in MAGNITUDES:
            approx, pos = True, pos + 1  # 110多万人
        while pos < len(text) and text[pos] in MAGNITUDES and not units.match(text, pos):  # 3千万 but 3千瓦
            magnitude_text += text[pos]
            value *= MAGNITUDES[text[pos]]
            pos += 1
        if not math.isfinite(value):  # 1亿亿亿…: past any float, reported as not parsed like a too long number
            return NumberSpan(start, pos, None, "", "count", False, False, None)
    else:
        magnitude_text = "".join(ch for ch in num if ch in "万亿")
    if text.startswith(("多", "余"), pos):
        approx, pos = True, pos + 1
    unit = units.match(text, pos)
    if unit and _UNIT_WORD.match(text, pos):
        unit = ""
    if not arabic and not _chinese_unit_ok(text, start, pos, num, unit, magnitude_text):
        return None
    pos, bound = _approx_after(text, pos + len(unit))
    approx = approx or bound
    kind = units.kind(unit) if unit else "count"
    if not arabic and not _CN_DIGIT_CHARS.intersection(num) and text[start - 1 : start] in _BARE_MAGNITUDE_PREFIX:
        start, approx = start - 1, True  # 近百个, 超千亿元: the prefix is part of the number
    return NumberSpan(start, pos, _clean_float(value), unit, kind, approx, bool(magnitude_text), mantissa)


_BARE_MAGNITUDE_PREFIX = ("近", "上", "逾", "超")


_SLASH_FRACTION = re.compile(r"/(\d{1,3})(?!\d)(以上|以下|左右)?")


def _clean_float(value: float) -> float:
    """5.1 × 1e8 is 509999999.99999994 in binary floating point; 15 significant digits give 510000000."""
    return float(f"{value:.15g}")


def _chinese_numeral_ok(text: str, start: int, num: str, lead: str | None) -> bool:
    """A run of Chinese numeral characters that can be a number: it has a digit (十分 and
    千家万户 have none), unless it is 近百, 上千, 超百亿 or a magnitude pair such as 千亿."""
    if set(num) <= set("零〇") or (num[0] in "万亿" and text[start - 1 : start] not in _BARE_MAGNITUDE_PREFIX):
        return False  # 零部件; but 超万亿元
    if _CN_DIGIT_CHARS.intersection(num) or lead or text.startswith("分之", start + len(num)):
        return True
    return len(num) >= 2 or text[start - 1 : start] in _BARE_MAGNITUDE_PREFIX


def _chinese_unit_ok(text: str, start: int, pos: int, num: str, unit: str, magnitude_text: str) -> bool:
    """Chinese numerals are claims only with a unit, and not in the words they often form:
    一个 / 一批 (an article), 五年计划 and 经过五年 (names and periods)."""
    if not unit:
        return text.startswith("部门", pos)  # 三部门联合印发: a count of departments
    if (num == "一" and unit not in ("倍", "%")) or unit == "字":
        return False  # (十六字方针 is a formula; 500字 a length)
    if unit == "年" and not magnitude_text:
        return bool(_DURATION_BEFORE.search(text, max(0, start - 3), start)) or bool(
            re.match(r"年(?:内|以内|以上|以下|左右|时间|期限|多)", text[pos:])
        )
    return True


_DURATION_BEFORE = re.compile(r"(?:连续|用|历时|仅用|花了?|留存|保存|为期|期限为?)$")


def _value(num: str) -> float | None:
    """An Arabic or Chinese numeral's value; None when it cannot be read (NumberTooLong included)."""
    try:
        return parse_arabic(num) if num[0].isdigit() else parse_chinese(num)
    except ValueError:
        return None


def _approx_after(text: str, end: int) -> tuple[int, bool]:
    """(new end, approximate) after reading 以上, 左右, 多 … at ``end``."""
    m = _APPROX_AFTER.match(text, end)
    return (m.end(), True) if m else (end, False)


def _fraction(text: str, start: int, pos: int, denominator: float, approx: bool) -> NumberSpan | None:
    """三分之一, 十分之一以上 (``pos`` is at 分之)."""
    m = _NUMERAL.match(text, pos + 2)
    if not m or m.group("lead") or not denominator:
        return None
    numerator = _value(m.group("num"))
    if numerator is None:
        return None
    end, bound = _approx_after(text, m.end())
    return NumberSpan(start, end, round(numerator / denominator, 6), "", "ratio", approx or bound, False, None)


def _rank(text: str, start: int, units: UnitLexicon) -> NumberSpan | None:
    """第二位, 居全国第3, 全国第一: a rank (``start`` is at 第); None for a plain ordinal."""
    m = _NUMERAL.match(text, start + 1)
    if not m or m.group("lead"):
        return None
    end = m.end()
    unit = text[end] if text.startswith(("位", "名", "个"), end) else ""
    ranked = unit in ("位", "名") or _RANK_BEFORE.search(text, max(0, start - 12), start)
    if not ranked or text.startswith("者", end + len(unit)):  # 列第一位者: the first one listed
        return None
    value = _value(m.group("num"))
    if value is None:
        return None
    approx = start > 0 and text[start - 1] == "前"  # 前10位: a bound
    return NumberSpan(start, end + len(unit), value, unit or "位", "rank", approx, False, value)


def _numbers(text: str, units: UnitLexicon, masked: list[tuple[int, int, str]]) -> list[NumberSpan]:
    """Every numeral of ``text`` outside ``masked``, read with magnitude, unit and approximation."""
    out: list[NumberSpan] = []
    blocked = []
    for a, b, reason in masked:
        rank = _rank(text, a, units) if reason == "ordinal" and text[a] == "第" else None
        if rank:
            out.append(rank)
        blocked.append((a, b))
    m: re.Match[str] | None
    for m in _SPECIAL.finditer(text):  # 翻一番 = 2, 翻两番 = 4, 一半 = 0.5, 居全国首位 = rank 1
        if m.group() == "一半":
            out.append(NumberSpan(m.start(), m.end(), 0.5, "", "ratio", False, False, None))
        elif m.group() == "首位":
            if not _RANK_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                continue  # 摆在首位: first in importance, not a rank
            out.append(NumberSpan(m.start(), m.end(), 1.0, "位", "rank", False, False, 1.0))
        else:
            n = m.group("n")
            times = 1 if not n else int(n) if n.isdigit() else CHINESE_DIGITS[n]
            out.append(NumberSpan(m.start(), m.end(), float(2**times), "倍", "ratio", False, False, None))
        blocked.append(m.span())
    merged = _disjoint(blocked)
    merged_starts = [a for a, _ in merged]
    pos = 0
    while True:
        m = _NUMERAL.search(text, pos)
        if not m:
            break
        pos = m.end()
        num = m.group("num")
        if num[0] == "一" and len(num) > 1 and not m.group("lead") and text[m.start() - 1 : m.start()] in _YI_WORDS:
            pos = m.start() + 1  # 统一五项标准: 一 belongs to 统一, the number is 五项
            continue
        i = bisect.bisect_left(merged_starts, m.end()) - 1  # the last blocked span starting before its end
        if i >= 0 and merged[i][1] > m.start():
            continue
        number = _read_number(text, m, units) or _percent_range_end(text, m, out)
        if number is None:
            continue
        pos = max(pos, number.end)
        out.append(number)
    out.sort(key=lambda n: n.start)
    return out


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping (start, end) spans merged: sorted and disjoint, for lookup by bisection."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _percent_range_end(text: str, m: re.Match, before: list[NumberSpan]) -> NumberSpan | None:
    """The bare high end of 百分之四到五: a percentage too."""
    prev = before[-1] if before else None
    if m.group("lead") or not prev or not text.startswith(("百分之", "千分之"), prev.start):
        return None
    if not _RANGE_JOIN.fullmatch(text, prev.end, m.start()):
        return None
    value = _value(m.group("num"))
    if value is None:
        return None
    end, approx = _approx_after(text, m.end())
    return NumberSpan(m.start(), end, value, prev.unit, "percent", approx, False, value)


def _share_list_units(text: str, numbers: list[NumberSpan]) -> list[NumberSpan]:
    """分别达1409万、1305万人次: a number in a 、 list without a unit takes the next one's."""
    out = list(numbers)
    for i in range(len(out) - 2, -1, -1):
        n, nxt = out[i], out[i + 1]
        if not n.unit and nxt.unit and n.value is not None and text[n.end : nxt.start] == "、" and n.kind == "count":
            out[i] = replace(n, unit=nxt.unit, kind=nxt.kind)
    return out


def _join_ranges(text: str, numbers: list[NumberSpan]) -> list[tuple[NumberSpan, float | None]]:
    """(number, high end) pairs: 5%—6%, 3至5年, 7万至8万人 become one claim with both ends."""
    out: list[tuple[NumberSpan, float | None]] = []
    for n in numbers:
        if out:
            prev, prev_high = out[-1]
            if (
                prev_high is None
                and _RANGE_JOIN.fullmatch(text, prev.end, n.start)
                and n.value is not None
                and prev.value is not None
                and (not prev.unit or prev.unit == n.unit)
                and "rank" not in (prev.kind, n.kind)
            ):
                low: float | None = prev.value
                if not prev.has_magnitude and not prev.unit and n.has_magnitude and n.mantissa:
                    low = _clean_float(prev.value * (n.value / n.mantissa))  # 7至8万: the low end borrows 万
                out[-1] = (replace(n, start=prev.start, value=low, approx=prev.approx or n.approx), n.value)
                continue
        low = _spoken_range_low(text, n)
        if low is not None:  # 两、三倍 (an estimate), 三到五年 (a range)
            approx = n.approx or text[n.start - 1] == "、"
            out.append((replace(n, start=n.start - 2, value=low, approx=approx), n.value))
            continue
        out.append((n, None))
    return out


def _spoken_range_low(text: str, n: NumberSpan) -> float | None:
    """The low end of a spoken range of two neighbouring digits, 两、三倍 or 三、五年 (not a
    list such as 一、二、三): the digit before 、 when it is one or two below the number; or
    the digit before 到/至 (三到五年) when it is below the number."""
    if n.start < 2 or n.value is None or text[n.start - 2] not in _CN_DIGIT_CHARS:
        return None
    if n.start > 2 and text[n.start - 3] in _CN + "、第":
        return None
    low = float(CHINESE_DIGITS[text[n.start - 2]])
    if text[n.start - 1] in "到至":  # 三到五年, 三至五个: a range of small numbers written out
        return low if 0 < low < n.value <= 10 else None
    if text[n.start - 1] != "、":
        return None
    return low if 1 <= n.value - low <= 2 and n.value <= 10 else None


def find_numbers(text: str, units: UnitLexicon) -> list[tuple[NumberSpan, float | None]]:
    """Every number of ``text`` that may be a claim, in text order, with a range's high end."""
    if not units.may_have_claim.search(text):
        return []
    return _join_ranges(text, _share_list_units(text, _numbers(text, units, not_claim_spans(text))))
