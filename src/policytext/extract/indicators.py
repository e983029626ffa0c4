"""Quantitative claims on known indicators: which indicator a claim measures, for which place
and year, and how its figure is bounded (左右, 以上, a range).

A claim (``Quantity``) names an indicator when its subject is one of the indicator's subjects
(``resources/indicators.txt``, plus the user's ``--indicators`` files) once words of place and
time before it (全国, 全年, 年末) and of measure after it (增长, 预期目标) are set aside, and
its unit converts to the indicator's. Matching whole subjects, not substrings, keeps
数字经济增长 from being GDP growth and 五年总体赤字率 from being one year's deficit ratio.

The year a value is for comes from the claim's period when it names one year (2023年, 到2025年),
else from the document: a work report's targets are for its own year and its achieved figures
for the year before (the year it reviews). Figures over several years (年均, 累计, 五年,
“十四五”) have no year. The scope (全国 or a province) is read from the document's issuer,
title and opening lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from policytext.errors import ResourceError
from policytext.records import IndicatorValue, Quantity
from policytext.resources import file_stamp, resource_path

INDICATORS = "indicators.txt"
DIRECTIONS = ("two_sided", "floor", "ceiling")

# units a value converts from, per indicator unit; "" is a bare count (减少1000万以上)
UNIT_FACTORS: dict[str, dict[str, float]] = {
    "%": {"%": 1.0},
    "元": {"元": 1.0},
    "人": {"人": 1.0, "名": 1.0, "人次": 1.0, "": 1.0},
    "吨": {"吨": 1.0, "斤": 0.0005, "公斤": 0.001, "千克": 0.001},
    "套": {"套": 1.0, "": 1.0},
    "户": {"户": 1.0, "": 1.0},
    "个": {"个": 1.0, "": 1.0},
    "公里": {"公里": 1.0, "千米": 1.0},
}

# words around a subject that do not change the indicator: 全年国内生产总值, 年末城镇调查失业率
_LEADING = re.compile(
    r"^(?:(?:19|20)\d{2}年|全国|全省|全市|全区|全自治区|全州|全年|今年|本年|当年|年末|年底|年度|我国|我省|我市|我区|预计|初步核算|实现)+"
)
_TRAILING = re.compile(r"(?:全年|预期目标|预期|目标|增长率|增长|增速|增幅|涨幅|上涨|总量|总体|规模|人数|平均)+$")
# a figure over several years, written just before the number: 年均增长, 累计减少, 五年平均
_SEVERAL_YEARS = re.compile(r"(?:年均|平均每年|累计|合计|五年|十年|多年|以来|期间)[^，。；]{0,4}$")
_PERIOD_SEVERAL = re.compile(r"年均|累计|以来|期间|十[一二三四五六七八九]五|[二三四五六七八九十]年")
# a section of targets for a plan period: its targets are for the period, not one year
_PLAN_SECTION = re.compile(r"十[一二三四五六七八九]五|五年规划|中长期")
_LAST_YEAR = re.compile(r"去年|上年")
# a change against a base year (比2000年增长57.3%): over several years, not for that year
_BASE_YEAR = re.compile(r"[比较][^，。；]{0,3}(?:19|20)\d{2}年")
_LIST_MARK = re.compile(r"^(?:\d{1,2}[.．、]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]{1,2}[、是])")
# a change, not a level, for a count or amount: 比去年增加4000亿元, 增加400亿元
_CHANGE_BEFORE = re.compile(r"(?:比[^，。；]{0,8})?(?:增加|减少|多|少|扩大|压减)$")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_CLAUSE_START = "，。；：、！？\n"
_CLAUSE_CHARS = 40

_BOUND_AFTER = (
    ("左右", "about"),
    ("上下", "about"),
    ("以上", "at_least"),
    ("多", "at_least"),
    ("以内", "at_most"),
    ("以下", "at_most"),
)
_BOUND_BEFORE = (
    ("不低于", "at_least"), ("不少于", "at_least"), ("超过", "at_least"), ("高于", "at_least"), ("突破", "at_least"),
    ("不超过", "at_most"), ("不高于", "at_most"), ("低于", "at_most"), ("控制在", "at_most"), ("力争", "about"),
    ("约", "about"), ("近", "about"),
)  # fmt: skip

PROVINCES = (
    "北京市 天津市 上海市 重庆市 河北省 山西省 辽宁省 吉林省 黑龙江省 江苏省 浙江省 安徽省 福建省 江西省 山东省 "
    "河南省 湖北省 湖南省 广东省 海南省 四川省 贵州省 云南省 陕西省 甘肃省 青海省 台湾省 内蒙古自治区 "
    "广西壮族自治区 西藏自治区 宁夏回族自治区 新疆维吾尔自治区 香港特别行政区 澳门特别行政区"
).split()
_SHORT_NAME = re.compile(r"(?:省|市|特别行政区|壮族自治区|回族自治区|维吾尔自治区|自治区)$")
_PROVINCE_OF = {re.sub(_SHORT_NAME, "", p): p for p in PROVINCES}
_PROVINCE_NAME = re.compile("|".join(sorted(_PROVINCE_OF, key=len, reverse=True)))
_NATIONAL = re.compile(r"国务院|全国人民代表大会|全国人大|中华人民共和国|中共中央|国家发展和改革委员会|国家统计局")
_HEAD_CHARS = 300  # the opening lines that say whose document it is: 在广东省第十四届人民代表大会…


@dataclass(frozen=True)
class Indicator:
    name: str
    unit: str
    direction: str  # two_sided | floor | ceiling
    subjects: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorTable:
    indicators: tuple[Indicator, ...]  # in file order: the order of charts and tables

    def by_subject(self) -> dict[str, list[Indicator]]:
        out: dict[str, list[Indicator]] = {}
        for ind in self.indicators:
            for subject in ind.subjects:
                out.setdefault(subject, []).append(ind)
        return out

    def get(self, name: str) -> Indicator | None:
        return next((i for i in self.indicators if i.name == name), None)


def read_indicator_file(path: Path) -> list[Indicator]:
    """The indicators of an ``indicator<TAB>unit<TAB>direction<TAB>subject|subject…`` file;
    raises ResourceError naming the bad line."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"cannot read indicators {path}: {exc}") from None
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        subjects = tuple(s.strip() for s in fields[3].split("|") if s.strip()) if len(fields) == 4 else ()
        if len(fields) != 4 or not fields[0] or fields[1] not in UNIT_FACTORS or fields[2] not in DIRECTIONS or not subjects:
            raise ResourceError(
                f"{path}, line {number}: expected indicator<TAB>unit<TAB>direction<TAB>subject|subject…, with unit one of "
                f"{' '.join(UNIT_FACTORS)} and direction one of {', '.join(DIRECTIONS)}; got {line!r}"
            )
        out.append(Indicator(fields[0], fields[1], fields[2], subjects))
    return out


def load_indicators(extra_files: Sequence[str | Path] = ()) -> IndicatorTable:
    """The packaged indicators plus the user's files (a later line with the same name replaces
    the earlier one); cached per process and re-read when a file changes."""
    files = tuple(str(p) for p in extra_files)
    return _load_indicators(files, tuple(file_stamp(p) for p in files))


@lru_cache(maxsize=8)
def _load_indicators(files: tuple[str, ...], stamps: tuple) -> IndicatorTable:
    merged: dict[str, Indicator] = {}
    for path in (resource_path(INDICATORS), *map(Path, files)):
        for ind in read_indicator_file(path):
            merged[ind.name] = ind
    return IndicatorTable(tuple(merged.values()))


def match_indicator(subject: str, unit: str, table: IndicatorTable) -> Indicator | None:
    """The indicator a claim's subject and unit measure, or None."""
    core = _LEADING.sub("", re.sub(r"\s+", "", subject))
    by_subject = _by_subject(table)
    for candidate in dict.fromkeys((core, _TRAILING.sub("", core))):
        for ind in by_subject.get(candidate, ()):
            if unit in UNIT_FACTORS[ind.unit]:
                return ind
    return None


@lru_cache(maxsize=8)
def _by_subject(table: IndicatorTable) -> dict[str, list[Indicator]]:
    return table.by_subject()


def document_scope(*, title: str, issuer: str, text: str) -> str:
    """全国, the province a document is of, or "": its issuer, else its title, else its
    opening lines (政府工作报告——在广东省第十四届人民代表大会…)."""
    for source in (issuer, title, text[:_HEAD_CHARS]):
        m = _PROVINCE_NAME.search(source)
        if m:
            return _PROVINCE_OF[m.group()]
        if _NATIONAL.search(source):
            return "全国"
    return ""


def value_year(
    period: str, modality: str, *, year: int | None, work_report: bool, clause: str = "", section: str = ""
) -> int | None:
    """The year a claim's value is for: the one year its period names, else (a work report)
    the document's year for a target and the year before for what was achieved. None for a
    figure over several years, a target of a plan period (its section names “十四五”), and a
    work report's mention of last year's target (去年 in its clause): that is no target set."""
    period = period.strip()
    if (period and _PERIOD_SEVERAL.search(period)) or _BASE_YEAR.search(clause):
        return None
    years = {int(y) for y in _YEAR.findall(period)}
    if len(years) == 1:
        return years.pop()
    if years or year is None or not work_report:
        return None
    if modality == "target":
        if _PLAN_SECTION.search(section) or _LAST_YEAR.search(clause):
            return None
        return year + 1 if "明年" in period else year
    return None if "明年" in period else year - 1


def claim_bound(text: str, before: str, value_high: float | None) -> str:
    """about | at_least | at_most | range | exact, from the claim's text and the words just before it."""
    if value_high is not None:
        return "range"
    for word, bound in _BOUND_AFTER:
        if text.endswith(word) or (word == "多" and re.search(r"\d多", text)):
            return bound
    for word, bound in _BOUND_BEFORE:
        if before.endswith(word):
            return bound
    return "exact"


def clause_of(text: str, start: int, end: int) -> str:
    """The clause a claim ends: from the last comma, stop or semicolon before it to its end."""
    begin = max(0, start - _CLAUSE_CHARS)
    head = text[begin:start]
    cut = max(head.rfind(c) for c in _CLAUSE_START)
    return _LIST_MARK.sub("", re.sub(r"\s+", "", head[cut + 1 :] + text[start:end]))


def document_indicators(
    doc_id: str,
    text: str,
    quantities: Sequence[Quantity],
    *,
    year: int | None,
    work_report: bool,
    scope: str,
    table: IndicatorTable,
) -> list[IndicatorValue]:
    """The document's targets and achieved figures on the table's indicators, in text order."""
    out = []
    for q in quantities:
        if q.modality not in ("target", "achieved") or q.value is None:
            continue
        indicator = match_indicator(q.subject, q.unit, table)
        if indicator is None:
            continue
        before = text[max(0, q.start - 12) : q.start]
        if _SEVERAL_YEARS.search(before) or (indicator.unit != "%" and _CHANGE_BEFORE.search(before)):
            continue
        clause = clause_of(text, q.start, q.end)
        factor = UNIT_FACTORS[indicator.unit][q.unit]
        out.append(
            IndicatorValue(
                doc_id=doc_id,
                sentence_id=q.sentence_id,
                start=q.start,
                end=q.end,
                indicator=indicator.name,
                unit=indicator.unit,
                direction=indicator.direction,
                value=_scaled(q.value, factor),
                value_high=_scaled(q.value_high, factor),
                bound=claim_bound(q.text, before, q.value_high),
                modality=q.modality,
                year=value_year(q.period, q.modality, year=year, work_report=work_report, clause=clause, section=q.section),
                scope=scope,
                text=clause,
                section=q.section,
            )
        )
    return out


def _scaled(value: float | None, factor: float) -> float | None:
    if value is None:
        return None
    scaled = value * factor
    return float(round(scaled)) if abs(scaled - round(scaled)) < 1e-6 * max(1.0, abs(scaled)) else scaled
