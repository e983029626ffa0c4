"""Quantitative claims: every number in the body text that says how many, how much, what
share, what rank or how long, with its value, unit, what it counts and whether it is a
result or a target.

The extractor works on one sentence at a time, in four steps:

1. mask what is a number but not a claim: dates, document numbers, ordinals, numbered
   slogans, period names, phone numbers, URLs, model names (5G, C919), footnote marks;
2. scan the rest for numerals and read each with its magnitude (万, 亿), unit (from the
   unit lexicon, ``resources/quantity_units.txt``) and approximation words (多, 左右, 以上);
   join ranges (5%—6%, 3至5年);
3. give each claim its context: predicate (the verb before it), subject (the phrase the
   number is predicated of), period (the nearest time expression), modality;
4. drop numbers with neither unit nor predicate: a bare number is rarely a claim.

Everything here is rules over characters, so it runs in a few milliseconds per document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from policytext.errors import ResourceError
from policytext.extract.numbers import CHINESE_DIGITS, MAGNITUDES, NumberTooLong, parse_arabic, parse_chinese
from policytext.lexicon import read_word_lines, verbs
from policytext.records import DocumentResult, Quantity, Sentence
from policytext.resources import QUANTITY_UNITS, resource_path

KINDS = ("count", "amount", "money", "percent", "pct_point", "ratio", "rank", "duration")
ACHIEVED, TARGET, OTHER = "achieved", "target", "other"

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
    quick = rf"\d|分之|番|一半|(?:[零〇二两三四五六七八九十百千万亿]|一(?=[十百千万亿倍%]))[{_CN}]*[多余]?[{first}]"
    return UnitLexicon(kinds, re.compile(f"(?:{alternatives})(?:/(?:{alternatives}))?"), re.compile(quick))


# --- step 1: numbers that are not claims ----------------------------------------------------

_CN = "零〇一二两三四五六七八九十百千万亿"
_CN_SMALL = "一二两三四五六七八九十"
_TO = r"[-—–~～至到]+"
_DAY = r"\d{1,2}\s*[日号]"
_YEAR = r"(?:1[89]\d{2}|20\d{2}|[〇零一二三四五六七八九]{4})"
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
    # period names: 十四五, 五年来, 过去五年, 近5年, 今后三年
    ("period_name", r"[“\"]?十[一二三四五六七八九十]五[”\"]?"),
    ("period_name", rf"(?:过去|近|今后|未来|最近|这|此前|前|后|头)[\d{_CN_SMALL}]+多?个?年(?:来|以来|间|中|里)?"),
    ("period_name", rf"[\d{_CN_SMALL}]+多?年(?:来|以来)"),
    # ordinals: 第二条, （三）, 一是, 1. at the start
    ("ordinal", rf"第[\d{_CN}]+"),
    ("ordinal", rf"[（(]\s*[\d{_CN_SMALL}]+\s*[）)]"),
    ("ordinal", rf"^\s*[\d{_CN_SMALL}]+\s*[、.．](?!\d)"),
    ("ordinal", rf"(?:^|(?<=[，。；：、\s]))[{_CN_SMALL}]+(?:是|要|者)"),
    # numbered slogans: 两个毫不动摇, 四个全面, 五位一体, short quoted formulas “三农”
    (
        "slogan",
        rf"[{_CN_SMALL}]+[个位项](?=[“\"]|规定|全面|意识|自信|维护|确立|毫不动摇|一百年|百年|必须|务必|坚持|没有变|"
        r"不动摇|统筹|结合|大局|一体|优先|转变|代表|机制|着力|更加|稳定|凡是)",
    ),
    ("slogan", rf"[“\"][^”\"\d]{{0,10}}[{_CN_SMALL}][^”\"\d]{{0,10}}[”\"]"),
    # not amounts: URLs, e-mail, phone numbers, codes and model names (5G, C919, PM2.5), footnotes
    ("other", r"https?://\S+|www\.\S+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+"),
    ("other", r"(?<!\d)(?:\d{3,4}-)?\d{7,8}(?![\d.万亿%])|(?<!\d)1[3-9]\d{9}(?!\d)|\d+(?=\s*(?:热线|服务热线))"),
    ("other", r"[A-Za-z][A-Za-z\d.]*\d[A-Za-z\d]*|\d+(?:\.\d+)?[A-Za-z]+"),
    ("other", r"\[\d+\]|[①-⑳]"),
]
_NOT_CLAIM = re.compile("|".join(f"(?P<m{i}>{p})" for i, (_, p) in enumerate(_NOT_CLAIMS)))
_METADATA_LINE = re.compile(r"^\s*(?:文章编号|中图分类号|文献标识码|DOI|doi|ISSN|CN\s*\d|收稿日期|基金项目|作者简介)")


def not_claim_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, reason)`` of every number-like span in ``text`` that is not a claim."""
    if _METADATA_LINE.match(text):
        return [(0, len(text), "other")]
    out = []
    for m in _NOT_CLAIM.finditer(text):
        if m.end() > m.start():
            out.append((m.start(), m.end(), _NOT_CLAIMS[int(m.lastgroup[1:])][0]))
    return out


# --- step 2: numerals, magnitudes, units, ranges -----------------------------------------------

_NUMERAL = re.compile(rf"(?P<lead>百分之|千分之)?(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?|[{_CN}]+)")
_SPECIAL = re.compile(r"翻(?:了)?(?P<n>[一二两三四五\d])?番|一半(?=[。，；、]|以上|左右)")
_APPROX_BEFORE = re.compile(r"(?:约|近|逾|超过|超|不到|不足|不低于|不少于|不超过|不高于|高于|低于|多于|少于|将近|接近|大约|上)$")
_APPROX_AFTER = re.compile(r"以上|以下|以内|左右|上下|多|余|强")
_RANGE_JOIN = re.compile(r"\s*(?:—{1,2}|–|-|~|～|至|到)\s*")
_RANK_BEFORE = re.compile(r"(?:(?:居|列|位居|位列|排名|排|跃居|升至|保持)[^，。；,;]{0,8}|全国|全省|全球|世界|全市|全区)$")
# a unit that is the first character of a longer word: 二元结构, 一次性, 年级
_UNIT_WORD = re.compile(
    r"元(?:化|结构|论|素|首)|次(?:性|序|产业|会议|全会|全体会议)|家(?:庭|长|属|电|乡)|年(?:级|纪)|条(?:件|例|款)|名(?:称|义|单|录)|种(?:子|植)|处(?:理|置|罚)"
)
_CN_DIGIT_CHARS = set(CHINESE_DIGITS)


@dataclass(frozen=True)
class _Number:
    """A numeral read with what follows it, before context is added."""

    start: int
    end: int
    value: float | None  # None: not parsed (absurdly long)
    unit: str
    kind: str
    approx: bool
    has_magnitude: bool
    mantissa: float | None  # the value without its magnitude (a range's low end may borrow the high end's)


def _read_number(text: str, m: re.Match, units: UnitLexicon) -> _Number | None:
    lead, num = m.group("lead"), m.group("num")
    start, pos = m.start(), m.end()
    arabic = num[0].isdigit()
    if not arabic and not _chinese_numeral_ok(text, start, num, lead):
        return None
    try:
        mantissa = parse_arabic(num) if arabic else None
        value = mantissa if arabic else parse_chinese(num)
    except NumberTooLong:
        return _Number(start, pos, None, "", "count", False, False, None)
    except ValueError:
        return None
    approx = bool(_APPROX_BEFORE.search(text, max(0, start - 4), start))
    if lead:  # 百分之二十, 千分之五
        return _Number(start, pos, value, "%" if lead == "百分之" else "‰", "percent", approx, False, value)
    if text.startswith("分之", pos):  # 三分之一
        return _fraction(text, start, pos, value, approx)
    magnitude_text = ""
    if arabic:
        if text.startswith(("多", "余"), pos) and pos + 1 < len(text) and text[pos + 1] in MAGNITUDES:
            approx, pos = True, pos + 1  # 110多万人
        while pos < len(text) and text[pos] in MAGNITUDES and not units.match(text, pos):  # 3千万 but 3千瓦
            magnitude_text += text[pos]
            value *= MAGNITUDES[text[pos]]
            pos += 1
    else:
        magnitude_text = "".join(ch for ch in num if ch in "万亿")
    if text.startswith(("多", "余"), pos):
        approx, pos = True, pos + 1
    unit = units.match(text, pos)
    if unit and _UNIT_WORD.match(text, pos):
        unit = ""
    if not arabic and not _chinese_unit_ok(text, start, pos, num, unit, magnitude_text):
        return None
    pos += len(unit)
    m_after = _APPROX_AFTER.match(text, pos)
    if m_after:
        approx, pos = True, m_after.end()
    kind = units.kind(unit) if unit else "count"
    if not arabic and not _CN_DIGIT_CHARS.intersection(num) and text[start - 1 : start] in _BARE_MAGNITUDE_PREFIX:
        start, approx = start - 1, True  # 近百个, 超千亿元: the prefix is part of the number
    return _Number(start, pos, value, unit, kind, approx, bool(magnitude_text), mantissa)


_BARE_MAGNITUDE_PREFIX = ("近", "上", "逾", "超")


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
        return False
    if num == "一" and unit not in ("倍", "%"):
        return False
    if unit == "年" and not magnitude_text:
        return bool(_DURATION_BEFORE.search(text, max(0, start - 3), start)) or bool(
            re.match(r"年(?:内|以内|以上|以下|左右|时间|期限|多)", text[pos:])
        )
    return True


_DURATION_BEFORE = re.compile(r"(?:连续|用|历时|仅用|花了?|留存|保存|为期|期限为?)$")


def _fraction(text: str, start: int, pos: int, denominator: float, approx: bool) -> _Number | None:
    """三分之一, 十分之一以上 (``pos`` is at 分之)."""
    m = _NUMERAL.match(text, pos + 2)
    if not m or m.group("lead") or not denominator:
        return None
    num = m.group("num")
    try:
        numerator = parse_arabic(num) if num[0].isdigit() else parse_chinese(num)
    except ValueError:
        return None
    end = m.end()
    m_after = _APPROX_AFTER.match(text, end)
    if m_after:
        approx, end = True, m_after.end()
    return _Number(start, end, round(numerator / denominator, 6), "", "ratio", approx, False, None)


def _rank(text: str, start: int, units: UnitLexicon) -> _Number | None:
    """第二位, 居全国第3, 全国第一: a rank (``start`` is at 第); None for a plain ordinal."""
    m = _NUMERAL.match(text, start + 1)
    if not m or m.group("lead"):
        return None
    end = m.end()
    unit = text[end] if text.startswith(("位", "名", "个"), end) else ""
    ranked = unit in ("位", "名") or _RANK_BEFORE.search(text, max(0, start - 12), start)
    if not ranked or text.startswith("者", end + len(unit)):  # 列第一位者: the first one listed
        return None
    num = m.group("num")
    try:
        value = parse_arabic(num) if num[0].isdigit() else parse_chinese(num)
    except ValueError:  # NumberTooLong is a ValueError too
        return None
    approx = start > 0 and text[start - 1] == "前"  # 前10位: a bound
    return _Number(start, end + len(unit), value, unit or "位", "rank", approx, False, value)


def _numbers(text: str, units: UnitLexicon, masked: list[tuple[int, int, str]]) -> list[_Number]:
    """Every numeral of ``text`` outside ``masked``, read with magnitude, unit and approximation."""
    out: list[_Number] = []
    blocked = []
    for a, b, reason in masked:
        rank = _rank(text, a, units) if reason == "ordinal" and text[a] == "第" else None
        if rank:
            out.append(rank)
        blocked.append((a, b))
    for m in _SPECIAL.finditer(text):  # 翻一番 = 2, 翻两番 = 4, 一半 = 0.5
        if m.group() == "一半":
            out.append(_Number(m.start(), m.end(), 0.5, "", "ratio", False, False, None))
        else:
            n = m.group("n")
            times = 1 if not n else int(n) if n.isdigit() else CHINESE_DIGITS[n]
            out.append(_Number(m.start(), m.end(), float(2**times), "倍", "ratio", False, False, None))
        blocked.append(m.span())
    pos = 0
    while True:
        m = _NUMERAL.search(text, pos)
        if not m:
            break
        pos = m.end()
        if any(a < m.end() and m.start() < b for a, b in blocked):
            continue
        number = _read_number(text, m, units)
        if number is None:
            continue
        pos = max(pos, number.end)
        out.append(number)
    out.sort(key=lambda n: n.start)
    return out


def _share_list_units(text: str, numbers: list[_Number]) -> list[_Number]:
    """分别达1409万、1305万人次: a number in a 、 list without a unit takes the next one's."""
    out = list(numbers)
    for i in range(len(out) - 2, -1, -1):
        n, nxt = out[i], out[i + 1]
        if not n.unit and nxt.unit and n.value is not None and text[n.end : nxt.start] == "、" and n.kind == "count":
            out[i] = replace(n, unit=nxt.unit, kind=nxt.kind)
    return out


def _join_ranges(text: str, numbers: list[_Number]) -> list[tuple[_Number, float | None]]:
    """(number, high end) pairs: 5%—6%, 3至5年, 7万至8万人 become one claim with both ends."""
    out: list[tuple[_Number, float | None]] = []
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
                low = prev.value
                if not prev.has_magnitude and not prev.unit and n.has_magnitude and n.mantissa:
                    low = prev.value * (n.value / n.mantissa)  # 7至8万: the low end borrows 万
                out[-1] = (replace(n, start=prev.start, value=low, approx=prev.approx or n.approx), n.value)
                continue
        out.append((n, None))
    return out


# --- step 3: context ---------------------------------------------------------------------------

_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?\n]")
_VERBS = (
    "增长 下降 上涨 下跌 增加 减少 提高 降低 提升 上升 回落 扩大 缩小 缩短 延长 放宽 压减 压降 压缩 化解 "
    "达到 突破 超过 超出 新增 累计 完成 实现 建成 新建 改造 改建 开工 新开工 投产 安置 退出 控制 保持 稳定 "
    "投入 下达 发放 惠及 覆盖 吸引 引进 带动 拉动 贡献 节约 筹集 拨付 安排 支出 扣除 补贴 奖励 给予 资助 "
    "补助 减免 减税 退税 修建 收到 年满 新建 支持 开通 设立 建立 认定 创建 培育 组建 吸纳 转移 招收 扩招 帮助 解决 占 占到 "
    "增至 降至 升至 减至 增 减 降 升 涨 达 约为 接近 不超过 不低于 不少于 不高于 低于 高于 多于 少于"
).split()
_VERB_SET = frozenset(_VERBS)
_PREDICATE = re.compile(
    "(?:" + "|".join(sorted(_VERBS, key=len, reverse=True)) + ")(?:到|至|为|了|在)?$|(?:为|是|有|共有|共计|总计|合计|相当于)$"
)
# words between the subject and the number that belong to neither
_GLUE = re.compile(
    r"(?:分别|同比|比上年|比去年|较上年|比上年同期|平均|年均|年平均|累计|共|已经|已|又|再|都|均|仅|只|就|则|也|即|还|"
    r"将|要|力争|预计|确保|争取|计划|从|由|达|约|近|逾|了|的|每[家人个户年月名项次]|最高|最多|、|\s)+$"
)
_SUBJECT_LEAD = re.compile(
    r"^(?:其中|此外|同时|另外|目前|截至|截止|到|至|在|从|全年|去年|今年|明年|当年|上年|上半年|下半年|前三季度|"
    r"[一二三四]季度|(?:19|20)\d{2}年(?:\d{1,2}月)?(?:底|末|初|以来)?|过去[一二两三四五六七八九十\d]+年(?:来|间|中)?|"
    r"[一二两三四五六七八九十\d]+年来|[“\"]?十[一二三四五六七八九]五[”\"]?(?:时期|期间|期末|以来)?|全国|全省|全市|全区|"
    r"我国|我省|我市|我区|累计|共|和|及|与|并|或者|或|也可以|也|可以|按照|按|对于|对|，|、|：|\s)+"
)
# where the subject ends: a comparison (比上年, 由1954年的), or a relation verb before an object (完成预算的)
_SUBJECT_END = re.compile(
    r"(?:比|较)(?!重|例|率|较)|同比|由(?!于)|从|即|占|完成|相当于|达到|增长(?!率)|下降(?!率)|增加(?!值)|减少|提高(?!率)|降低|上升|超过|突破"
    r"|共有|共计|合计"
    r"|[高低快慢多少]于"
)
_NOT_PREDICATES = frozenset(("比", "较", "同比", "由", "从", "即"))
_SUBJECT_IS_PREVIOUS = re.compile(r"^(?:是|为|相当于|约为|占|达)")
_PERIOD = re.compile(
    r"(?:到|至|截至|截止)?(?<![比较同由从])(?:19|20)\d{2}年(?:\d{1,2}(?:[-—至]\d{1,2})?月)?(?:底|末|初|以来)?"
    r"|[“\"]?十[一二三四五六七八九]五[”\"]?(?:时期|期间|期末|以来)?"
    r"|(?:过去|今后|未来|近)[一二两三四五六七八九十\d]+年|[一二两三四五六七八九十\d]+多?年来"
    r"|去年|今年|明年|全年|上半年|下半年|前三季度|[一二三四]季度|本届政府任期内"
)
# a paragraph listing targets: 主要预期目标是, 目标为 (not 完成了预期目标, 圆满完成目标任务)
_TARGET_CONTEXT = re.compile(r"(?<!完成)(?<!实现)(?:预期目标|主要目标)(?!任务)|目标(?:是|为)")
# modality cues are whole tokens of the segmenter: 要 is a cue, 主要 is not
_TARGET_CUES = frozenset("目标 预期目标 力争 争取 确保 将 要 拟 今年 明年 今后 未来 规划".split())
_ACHIEVED_CUES = frozenset("已 已经 了 累计 比上年 同比 去年 上年 过去 以来 目前 截至 完成 原定 原计划 超额".split())
_RULE_CUES = frozenset("可 可以 按 按照 申请 条件 符合 之日起 最高 不超过 不低于 对于".split())  # provisions of a policy
_THIS_YEAR = re.compile(r"今年|明年")
_OTHER_CUE = re.compile(r"标准|扣除|给予|奖励|补贴|资助|补助|年满|周岁|日内|工作日|最高|限额|额度|期限|不超过|每[人户月年名]")
_YEAR_IN = re.compile(r"(?:19|20)\d{2}")


@dataclass(frozen=True)
class DocumentContext:
    """What modality and period depend on beyond the sentence."""

    year: int | None = None  # the document's year: later years are targets, earlier ones results
    work_report: bool = False  # numbers without cues are results in a work report, rules elsewhere


def _predicate(left: str) -> tuple[str, str]:
    """(predicate, text before it) from the text between the subject's clause start and the number."""
    rest = left
    for _ in range(3):
        m = _PREDICATE.search(rest)
        if m:
            return m.group(), rest[: m.start()]
        glue = _GLUE.search(rest)
        if not glue or glue.start() == len(rest):
            break
        rest = rest[: glue.start()]
    return "", left


def _clean_subject(text: str, boundaries: Sequence[int], offset: int, max_chars: int = 12) -> str:
    """The subject phrase from the text before the predicate: leading time words and
    connectives off, trailing glue off, at most ``max_chars`` kept from the end (cut at a
    word boundary when one is at hand)."""
    end = offset + len(text)
    glue = _GLUE.search(text)
    if glue:
        text = text[: glue.start()]
        end = offset + len(text)
    lead = _SUBJECT_LEAD.match(text)
    if lead:
        offset += lead.end()
        text = text[lead.end() :]
    if len(text) > max_chars:
        cut = next((b for b in boundaries if end - max_chars <= b < end), end - max_chars)
        text = text[cut - offset :]
    return text.strip('，、：“”"（）() ')


def _modality(clause: str, cues: set[str], period: str, in_targets: bool, context: DocumentContext) -> str:
    """achieved, target or other, from (in this order) rule words in the clause, the year the
    claim refers to against the document's year, the paragraph being a list of targets, target
    and result words (``cues``: the tokens before the number and in its clause), the kind of document."""
    if in_targets:
        return TARGET
    if _OTHER_CUE.search(clause) or (not context.work_report and cues & _RULE_CUES):
        return OTHER
    years = [int(y) for y in _YEAR_IN.findall(period)]
    if years and context.year:
        if years[-1] > context.year and (context.work_report or period.startswith(("到", "至"))):
            return TARGET
        if years[-1] < context.year:
            return ACHIEVED
        if context.work_report:  # a work report's own year is the year it plans
            return TARGET
    if cues & _TARGET_CUES or (context.work_report and _THIS_YEAR.search(period)):
        return TARGET
    if cues & _ACHIEVED_CUES or context.work_report:
        return ACHIEVED
    return OTHER


def _token_boundaries(sentence: Sentence) -> list[int]:
    """Offsets in ``sentence.text`` where a token starts (tokens skip whitespace)."""
    out, pos, text = [], 0, sentence.text
    for tok in sentence.tokens:
        found = text.find(tok, pos)
        if found < 0:
            break
        out.append(found)
        pos = found + len(tok)
    return out


def _list_subjects(left: str, count: int, sentence: Sentence, offset: int) -> list[str] | None:
    """Subjects for "A、B投资分别增长9.4%、9.1%": one per number when the list before 分别 has as
    many items; items lacking the last item's head word get it (基础设施 -> 基础设施投资)."""
    head_text = left[: left.rfind("分别")]
    lead = _SUBJECT_LEAD.match(head_text)
    if lead:
        head_text = head_text[lead.end() :]
    items = [i for i in head_text.split("、") if i]
    if len(items) != count or count < 2:
        return None
    last = items[-1]
    last_start = offset + left.rfind(last, 0, len(head_text) + (lead.end() if lead else 0))
    inner = [b - last_start for b in _token_boundaries(sentence) if last_start < b < last_start + len(last)]
    head = last[inner[-1] :] if inner else ""
    return [item if not head or item.endswith(head) else item + head for item in items]


# between a verb and its number: 给予每家最高500万元
_BEFORE_NUMBER = re.compile(r"(?:每[家人个户年月名项次]|最高|最多|最低|分别|共|约|近|超|逾|了|、|\s)+$")
_LIST_JOIN = re.compile(r"\s*(?:和|及|与|以及|、)\s*")
_NOUN_AFTER_END = re.compile(r"[、，,；;：:。和及与]|等")


def _noun_after(text: str, start: int, end: int, max_chars: int = 10) -> str:
    """What a number counts when it follows: 53条断头路 -> 断头路, 1万千瓦的自动化水轮发电机 -> 自动化水轮发电机."""
    after = text[start:end]
    if "的" in after[:12]:
        after = after[after.index("的") + 1 :]
    m = _NOUN_AFTER_END.search(after)
    noun = after[: m.start()] if m else after
    noun = noun.strip('“”"（）() ')[:max_chars]
    return noun if noun and "\u4e00" <= noun[0] <= "\u9fff" else ""


_NOT_A_SUBJECT = re.compile(r"^(?:由于|因为|根据|据|按照|按|随着|如果|为了|通过)")


def _previous_clause(text: str, breaks: list[int], boundaries: Sequence[int]) -> str:
    """The subject of a clause that starts with its verb (由1954年的33%上升到34%): the nearest
    clause before it that is not an adverbial (由于…, 根据…)."""
    for i in range(len(breaks) - 1, -1, -1):
        start = breaks[i - 1] + 1 if i else 0
        clause = text[start : breaks[i]]
        if clause.strip() and not _NOT_A_SUBJECT.match(clause.strip()):
            return _clean_subject(clause, boundaries, start)
    return ""


def _verb_ends_at(token_ends: dict[int, str], end: int) -> bool:
    """Whether the segmenter's word ending at ``end`` is a verb (打通, 给予; not 总值)."""
    word = token_ends.get(end)
    return word is not None and (word in verbs() or word in _VERB_SET)


def _own_subject(left: str, before: str, left_start: int, after: str, boundaries, token_ends) -> str:
    """The subject from the clause itself: the phrase before the number (地区生产总值5.2万亿元),
    or the noun after it when a verb or nothing comes before (打通53条断头路, 给予最高100万元奖励)."""
    subject = _clean_subject(before, boundaries, left_start)
    bare = _BEFORE_NUMBER.sub("", left)
    if after and (not subject or _verb_ends_at(token_ends, left_start + len(bare))):
        return after
    return subject


@dataclass
class _Sentence:
    """One sentence as the context steps see it, and what the claims before the current one left."""

    text: str
    breaks: list[int]  # clause boundaries (，；： …)
    boundaries: list[int]  # token starts
    tokens: list[tuple[int, str]]  # (start, token)
    token_ends: dict[int, str]  # end offset -> token
    periods: list[tuple[int, int, str]]
    previous_subject: str = ""
    previous_end: int = 0
    list_subjects: list[str] = field(default_factory=list)  # the rest of an "A、B分别…" list
    list_predicate: str = ""

    @classmethod
    def of(cls, sentence: Sentence) -> _Sentence:
        text = sentence.text
        boundaries = _token_boundaries(sentence)
        tokens = list(zip(boundaries, sentence.tokens))
        return cls(
            text=text,
            breaks=[m.start() for m in _CLAUSE_BREAK.finditer(text)],
            boundaries=boundaries,
            tokens=tokens,
            token_ends={b + len(tok): tok for b, tok in tokens},
            periods=[(m.start(), m.end(), m.group()) for m in _PERIOD.finditer(text)],
        )

    def clause(self, number: _Number) -> tuple[int, int]:
        start = max([b + 1 for b in self.breaks if b < number.start], default=0)
        end = min([b for b in self.breaks if b >= number.end], default=len(self.text))
        return start, end

    def period(self, number: _Number, carried: str) -> str:
        """The nearest time expression before the number, else the first after it, else ``carried``."""
        before = [p for p in self.periods if p[1] <= number.start]
        if before:
            return before[-1][2]
        after = [p for p in self.periods if p[0] >= number.end]
        return after[0][2] if after else carried


def _subject_and_predicate(view: _Sentence, sentence: Sentence, numbers: list, i: int) -> tuple[str, str]:
    number = numbers[i][0]
    text = view.text
    clause_start, clause_end = view.clause(number)
    follows_claim = view.previous_end > clause_start  # another claim of this clause comes right before
    left = text[view.previous_end if follows_claim else clause_start : number.start].lstrip("、 ")
    left_start = number.start - len(left)
    predicate, before = _predicate(left)
    cut = _SUBJECT_END.search(before)
    compared = ""
    if cut:  # 比1954年增长9%, 由1954年的97个增加到, 完成预算的96.98%: the subject ends there
        if cut.group() in ("比", "较") and not predicate:  # 比预算数28,049,780,000元: the number is the base's
            compared = _clean_subject(before[cut.end() :], view.boundaries, left_start + cut.end())
        before = before[: cut.start()]
        if cut.group() not in _NOT_PREDICATES:
            predicate = predicate or cut.group()
    next_start = numbers[i + 1][0].start if i + 1 < len(numbers) else len(text)
    after = _noun_after(text, number.end, min(next_start, clause_end))

    def own() -> str:
        return _own_subject(left, before, left_start, after, view.boundaries, view.token_ends)

    if compared:
        subject = compared
    elif view.list_subjects:
        subject, predicate = view.list_subjects.pop(0), predicate or view.list_predicate
    elif "分别" in left:
        run = [n for n, _ in numbers[i:] if n.start < clause_end]
        view.list_subjects = _list_subjects(before, len(run), sentence, left_start) or []
        view.list_predicate = predicate
        subject = view.list_subjects.pop(0) if view.list_subjects else own()
    elif _SUBJECT_IS_PREVIOUS.match(left) and view.previous_subject:
        subject = view.previous_subject
    elif follows_claim and after and _LIST_JOIN.fullmatch(left):  # 5个地级市和5个县级城市
        subject = after
    else:
        subject = own()
    if not subject:
        subject = view.previous_subject or _previous_clause(text, [b for b in view.breaks if b < clause_start], view.boundaries)
    return subject, predicate


def sentence_quantities(
    doc_id: str,
    sentence: Sentence,
    *,
    units: UnitLexicon,
    context: DocumentContext = DocumentContext(),
    carried_period: str = "",
    in_targets: bool = False,
) -> list[Quantity]:
    """The claims of one sentence. ``carried_period`` is the last period named earlier in the
    paragraph; ``in_targets`` says the paragraph so far is a list of targets."""
    text = sentence.text
    if not units.may_have_claim.search(text):
        return []
    numbers = _join_ranges(text, _share_list_units(text, _numbers(text, units, not_claim_spans(text))))
    if not numbers:
        return []
    view = _Sentence.of(sentence)
    out: list[Quantity] = []
    for i, (number, high) in enumerate(numbers):
        subject, predicate = _subject_and_predicate(view, sentence, numbers, i)
        view.previous_end = number.end
        if number.value is not None and not (number.unit or predicate or number.has_magnitude or number.kind != "count"):
            continue  # a bare number with no verb: an identifier or a list count, not a claim
        view.previous_subject = subject
        clause_start, clause_end = view.clause(number)
        period = view.period(number, carried_period)
        cues = {tok for b, tok in view.tokens if b < number.start or clause_start <= b < clause_end}
        targets = in_targets or bool(_TARGET_CONTEXT.search(text, 0, number.start))
        out.append(
            Quantity(
                doc_id=doc_id,
                sentence_id=sentence.sentence_id,
                start=sentence.start + number.start,
                end=sentence.start + number.end,
                text=text[number.start : number.end],
                value=number.value,
                value_high=high,
                unit=number.unit,
                kind=number.kind,
                subject=subject,
                predicate=predicate,
                period=period,
                modality=_modality(text[clause_start:clause_end], cues, period, targets, context),
                approx=number.approx,
                sentence=text,
                note="" if number.value is not None else "number too long to parse",
            )
        )
    return out


_PARAGRAPH_END = frozenset("。！？!?”")


def document_quantities(
    doc_id: str,
    text: str,
    sentences: Sequence[Sentence],
    *,
    units: UnitLexicon | None = None,
    context: DocumentContext = DocumentContext(),
) -> list[Quantity]:
    """Every claim of a document, in text order; ``text`` is the body the sentences index.
    An empty list when there are none."""
    units = units or load_units()
    out: list[Quantity] = []
    carried, targets, prev_end = "", False, None
    for sent in sentences:
        if prev_end is not None and "\n" in text[prev_end : sent.start]:
            carried = ""  # a new paragraph; a list of targets goes on past a line ending in ： or mid-sentence
            targets = targets and text[prev_end - 1] not in _PARAGRAPH_END
        out += sentence_quantities(doc_id, sent, units=units, context=context, carried_period=carried, in_targets=targets)
        found = _PERIOD.findall(sent.text)
        if found:
            carried = found[-1]
        targets = targets or bool(_TARGET_CONTEXT.search(sent.text))
        prev_end = sent.end
    return out


def document_context(*, date: str = "", title: str = "") -> DocumentContext:
    year = _YEAR_IN.match(date)
    return DocumentContext(year=int(year.group()) if year else None, work_report="工作报告" in title)


# --- the corpus view -----------------------------------------------------------------------------

_SUBJECT_NOISE = re.compile(r"[\s“”\"'‘’（）()《》]")


def normalise_subject(subject: str) -> str:
    """The grouping key of a subject: quotes, brackets and spaces removed."""
    return _SUBJECT_NOISE.sub("", subject)


@dataclass(frozen=True)
class SubjectClaim:
    """One claim in the corpus view: claims grouped by normalised subject and unit."""

    subject: str
    unit: str
    kind: str
    documents: int  # documents with a claim in this group
    claims: int  # claims in this group
    doc_id: str
    date: str
    period: str
    modality: str
    value: float | None
    value_high: float | None
    approx: bool
    text: str


def claims_by_subject(documents: Iterable[DocumentResult]) -> list[SubjectClaim]:
    """Claims of all documents grouped by (normalised subject, unit): groups found in the most
    documents first, and within a group by document date, so a series reads top to bottom."""
    groups: dict[tuple[str, str], list[tuple[DocumentResult, Quantity]]] = {}
    for doc in documents:
        for q in doc.quantities:
            key = (normalise_subject(q.subject), q.unit)
            if key[0] and q.value is not None:
                groups.setdefault(key, []).append((doc, q))
    ranked = sorted(groups.items(), key=lambda kv: (-len({d.doc_id for d, _ in kv[1]}), -len(kv[1]), kv[0]))
    out = []
    for (subject, unit), members in ranked:
        n_docs = len({d.doc_id for d, _ in members})
        for doc, q in sorted(members, key=lambda m: (m[0].date, m[0].doc_id, m[1].start)):
            out.append(
                SubjectClaim(
                    subject,
                    unit,
                    q.kind,
                    n_docs,
                    len(members),
                    doc.doc_id,
                    doc.date,
                    q.period,
                    q.modality,
                    q.value,
                    q.value_high,
                    q.approx,
                    q.text,
                )
            )
    return out
