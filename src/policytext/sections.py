"""Sections of a document: its headings, how they nest, and what each part is for.

A policy document says by its headings whether a passage reports what was done
(一、2025年工作回顾), sets targets (主要预期目标), plans work (2026年重点工作) or lays down
rules (第三条, 支持政策). Quantitative claims take their modality from that first, so a plan
section's 改造老旧小区300个以上 is a target whatever the sentence's own words say.

Headings are body paragraphs that open with a numbering (一、 （一） 1. 第三章 第十条) or that
are short lines naming a part of a work report (过去一年的工作回顾, 2026年工作安排).
A section runs from its heading to the next heading of the same or a higher level; its
role is read from its heading, else inherited from the section it sits in; a top-level
section without one that follows a top-level plan or targets section is a plan too (a work
report's 三、加大宏观政策实施力度 after 二、今年发展主要目标).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from policytext.records import Section

REVIEW, TARGETS, PLAN, RULES = "review", "targets", "plan", "rules"
ROLES = (REVIEW, TARGETS, PLAN, RULES)

# numbering -> level (lower is higher up); 一是 and ① number items inside a paragraph, not sections
_NUMBERED = (
    (re.compile(r"^第[一二三四五六七八九十百零〇\d]{1,4}[编篇部](?:分)?"), 0),
    (re.compile(r"^第[一二三四五六七八九十百零〇\d]{1,4}章"), 1),
    (re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]"), 1),
    (re.compile(r"^第[一二三四五六七八九十百零〇\d]{1,4}节"), 2),
    (re.compile(r"^[（(][一二三四五六七八九十]{1,3}[)）]"), 2),
    (re.compile(r"^\d{1,2}[、.．](?!\d)"), 3),
    (re.compile(r"^第[一二三四五六七八九十]{1,3}[，,](?=\S)"), 3),  # 第五，加大对农业和农村投入力度。
    (re.compile(r"^[（(]\d{1,2}[)）]"), 4),
    (re.compile(r"^第[一二三四五六七八九十百零〇\d]{1,4}条"), 5),
)
_ARTICLE_LEVEL = 5
_ENUMERATED = re.compile(r"^第[一二三四五六七八九十]{1,3}[，,]")  # an argument's steps: their words are no role
_NAMED_LEVEL = 1
_CJK_START = re.compile(r"^[\u4e00-\u9fff]{4}")  # a short heading opens with words, not marks or digits
_SHORT_LINE_LEVEL = 6  # below every numbered level: it closes at the next heading of any kind
_NOT_SHORT_HEADING = re.compile(r"[：:]$|^(?:——|—)|^\d|年\d{1,2}月\d{1,2}日$|^[（(]")  # salutations, dates, dash items
_NAMED_MAX_CHARS = 24  # a heading without numbering is a short line
_HEADING_MAX_CHARS = 40  # what is kept of a heading that runs on into its paragraph
_HEADING_END = re.compile(r"[。；;：:！？!?]")
_SENTENCE_PUNCT = re.compile(r"[，,。；;！？!?]")
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_YEAR_PART = re.compile(r"(?:19|20)\d{2}年(?:的)?(?:国家|全省|全市)?(?:工作|决算|预算|计划|国民经济|经济社会发展)")

# role words of headings; a heading with review words and target or plan words has no role
_TARGET_WORDS = "预期目标 主要目标 发展目标 总体目标 目标任务 主要指标 目标要求 工作目标 预期成果 预期成效 预期效果".split()
_REVIEW_WORDS = (
    "回顾 工作总结 主要成绩 成就 发展成效 主要成效 进展情况 基本情况 发展基础 发展现状 现状 取得的成绩 "
    "主要进展 进展和成效 建设成效 取得成效"
).split()
_RULE_WORDS = (
    "总则 附则 罚则 法律责任 申报条件 申请条件 认定条件 适用范围 支持政策 扶持政策 支持标准 补贴标准 奖励标准 资金管理 监督管理"
).split()
_PLAN_WORDS = (
    "工作安排 重点工作 重点任务 主要任务 工作任务 总任务 总体要求 工作部署 保障措施 实施步骤 主要举措 重点举措 "
    "政策措施 下一步 今后 建设任务 行动"
).split()
_NUMERAL = "[一二三四五六七八九十两\\d]+"
_ROLE_WORDS = (
    (TARGETS, re.compile("|".join(_TARGET_WORDS) + r"|^目标$|^[（(]?[一二三四五六七八九十\d]+[)）、.]?\s*目标$")),
    (REVIEW, re.compile("|".join(_REVIEW_WORDS) + f"|过去{_NUMERAL}年|{_NUMERAL}年来")),
    (RULES, re.compile("|".join(_RULE_WORDS) + r"|^第[一二三四五六七八九十百零〇\d]{1,4}条")),
    (PLAN, re.compile("|".join(_PLAN_WORDS) + "|工程$")),
)
# a heading that names a year: later than the document's (or its own) year is a plan
_NAMED_HEADING = re.compile(
    r"^(?:(?:19|20)\d{2}年|今年|明年|过去[一二三四五六七八九十两\d]+年|[一二三四五六七八九十两\d]+年来)?"
    r".{0,12}(?:工作回顾|回顾|工作安排|重点工作|总体要求|目标任务|预期目标|主要目标|政府自身建设|主要任务)"
)


def heading_level(line: str, *, short_lines: bool = False) -> int | None:
    """The level of a heading line (0 highest), or None when the line is no heading. With
    ``short_lines`` (a work report) any short line without punctuation is a heading too, the
    innermost kind (首先报告2001年的工作)."""
    for pattern, level in _NUMBERED:
        if pattern.match(line):
            return level
    if len(line) <= _NAMED_MAX_CHARS and not _SENTENCE_PUNCT.search(line):
        if _NAMED_HEADING.match(line):
            return _NAMED_LEVEL
        if short_lines and _CJK_START.match(line) and not _NOT_SHORT_HEADING.search(line):
            return _SHORT_LINE_LEVEL
    return None


def heading_text(line: str) -> str:
    """The heading as the section is named: up to its first full stop, colon or semicolon."""
    m = _HEADING_END.search(line)
    head = (line[: m.start()] if m else line).strip()
    return head[:_HEADING_MAX_CHARS]


def heading_role(heading: str, *, year: int | None = None) -> str:
    """review, targets, plan, rules or "" from a heading's words (and its year against the
    document's: 2026年重点工作 in a 2026 report is a plan, 2025年工作回顾 a review). A heading
    that names both what was done and what is to come (“十四五”时期发展成就和“十五五”时期主要目标任务)
    has no role of its own: its sentences decide."""
    roles = {role for role, words in _ROLE_WORDS if words.search(heading)}
    if REVIEW in roles and roles & {TARGETS, PLAN}:
        return ""
    for role, _ in _ROLE_WORDS:
        if role in roles:
            return role
    m = _YEAR.search(heading)
    if m and year is not None and _YEAR_PART.search(heading):  # 1955年国家决算, 1956年的国家预算
        return REVIEW if int(m.group(1)) < year else PLAN
    return ""


def document_sections(text: str, *, year: int | None = None, skip_lines: int = 1, work_report: bool = False) -> list[Section]:
    """The sections of a body text (paragraphs separated by newlines), in text order.

    The first ``skip_lines`` paragraphs are the title block and never headings; in a
    ``work_report`` short lines without punctuation are headings too. Each section
    ends where the next heading of the same or a higher level starts; its role is its
    heading's, else its parent's. An empty list when the text has no headings."""
    headings: list[tuple[int, int, str]] = []  # (start, level, heading)
    pos = 0
    for index, line in enumerate(text.split("\n")):
        start, pos = pos, pos + len(line) + 1
        stripped = line.strip()
        if index < skip_lines or not stripped:
            continue
        level = heading_level(stripped, short_lines=work_report)
        if level is not None:
            headings.append((start + len(line) - len(line.lstrip()), level, heading_text(stripped)))
    out: list[Section] = []
    stack: list[Section] = []  # open sections, outermost first
    planning = False  # a top-level plan or targets section came: top-level sections after it plan too
    for i, (start, level, heading) in enumerate(headings):
        while stack and stack[-1].level >= level:
            stack.pop()
        parent = stack[-1] if stack else None
        own = heading_role(heading, year=year) if not _ENUMERATED.match(heading) else ""
        role = own or (RULES if level == _ARTICLE_LEVEL else "") or (parent.role if parent else "")
        if not role and parent is None and planning:
            role = PLAN  # 三、加大宏观政策实施力度 after 二、今年发展主要目标: the rest is the year's work
        planning = planning or (parent is None and role in (PLAN, TARGETS))
        end = next((s for s, lv, _ in headings[i + 1 :] if lv <= level), len(text))
        section = Section(
            section_id=i,
            start=start,
            end=end,
            level=level,
            heading=heading,
            role=role,
            parent_id=parent.section_id if parent else -1,
        )
        out.append(section)
        stack.append(section)
    return out


def section_at(sections: Sequence[Section], starts: Sequence[int], offset: int) -> Section | None:
    """The innermost section holding ``offset``; ``starts`` are the sections' starts (sorted)."""
    i = bisect.bisect_right(starts, offset) - 1
    while i >= 0:
        if sections[i].start <= offset < sections[i].end:
            return sections[i]
        parent = sections[i].parent_id
        i = parent if parent >= 0 else -1
    return None
