"""Normalise raw document text into the body text every later stage indexes.

What it does, in order: unify characters (full-width digits and letters to half-width,
Chinese punctuation kept), clean each line (markdown emphasis, footnote markers, stray
spaces between Chinese characters), set journal front matter and back matter (references,
editor lines) apart from the body, and rejoin lines that PDF extraction broke mid-sentence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class NormalisedText:
    body: str  # the text all offsets refer to
    front_matter: str = ""
    back_matter: str = ""
    lines_joined: int = 0  # how many line breaks were removed as PDF wrapping


def normalise(raw: str) -> NormalisedText:
    lines = [clean_line(line) for line in unify_characters(raw).split("\n")]
    front, lines = split_front_matter(lines)
    lines, back = split_back_matter(lines)
    body, joined = join_broken_lines(lines)
    return NormalisedText(body=body, front_matter="\n".join(front), back_matter="\n".join(back), lines_joined=joined)


# --- characters ---------------------------------------------------------------------------

# One character for one: offsets survive this part (NER training data is converted with it).
_ONE_FOR_ONE = {cp: cp - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for cp in range(r[0], r[1] + 1)}
_ONE_FOR_ONE.update({0xFF05: ord("%"), 0x3000: ord(" "), 0x00A0: ord(" "), 0x2028: ord("\n"), 0x2029: ord("\n")})
_HALF_WIDTH = dict(_ONE_FOR_ONE)
_HALF_WIDTH.update({cp: None for cp in (0x200B, 0x200C, 0x200D, 0xFEFF, 0x00AD)})  # zero-width, soft hyphen
_HALF_WIDTH.update({cp: None for cp in [*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F]})  # stray control bytes
_FULLWIDTH_DECIMAL = re.compile(r"(?<=\d)[．・](?=\d)")
# 27，203，319，000元 in older reports: a Chinese comma between digit groups of three
_FULLWIDTH_THOUSANDS = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")


def half_width(text: str) -> str:
    """Full-width digits, letters, ％ and spaces to ASCII, one character for one, so offsets keep."""
    return text.translate(_ONE_FOR_ONE)


def unify_characters(text: str) -> str:
    """Line ends to \\n; full-width digits, letters and ％ to ASCII; Chinese punctuation untouched."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_HALF_WIDTH)
    text = _FULLWIDTH_DECIMAL.sub(".", text)
    return _FULLWIDTH_THOUSANDS.sub(",", text)


# --- lines --------------------------------------------------------------------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_CARET_FOOTNOTE = re.compile(r"\^\[\d{1,3}\]")
# [3] right after punctuation, or right before it after a Chinese character: a note marker.
_BRACKET_FOOTNOTE = re.compile(rf"(?<=[。，；：！？”’、）.,;:!?])\[\d{{1,3}}\]|(?<=[{_CJK}”])\[\d{{1,3}}\](?=[。，；：！？、）])")
_CJK_PUNCT = "，。、；：！？“”‘’《》（）【】〔〕"
_SPACE_NEAR_CJK = re.compile(
    rf"(?<=[{_CJK}\d%{_CJK_PUNCT}])[ \t]+(?=[{_CJK}{_CJK_PUNCT}])|(?<=[{_CJK}{_CJK_PUNCT}])[ \t]+(?=[\d{_CJK}])"
)


def clean_line(line: str) -> str:
    line = line.strip()
    if not line:
        return ""
    line = _MD_HEADING.sub("", line)
    line = _MD_EMPHASIS.sub(r"\2", line)
    line = _CARET_FOOTNOTE.sub("", line)
    line = _BRACKET_FOOTNOTE.sub("", line)
    return _SPACE_NEAR_CJK.sub("", line)


# --- front and back matter ----------------------------------------------------------------

_FRONT_LABEL = re.compile(
    r"^[【\[]?(摘\s*要|内容提要|关\s*键\s*[词字]|中图分类号|中图法分类号|文献标[识志]码|文章编号|DOI|doi|基金项目|收稿日期|"
    r"作者简介|作\s*者|Abstract|ABSTRACT|Key\s*words|KEY\s*WORDS)[】\]]?\s*[:：]"
)
_FRONT_REGION = 40  # front matter sits in the first lines of an article
_BACK_HEADING = re.compile(r"^[【\[]?(参考文献|注\s*释|参考资料|References|REFERENCES)[】\]]?\s*[:：]?\s*$")
_REFERENCE_ENTRY = re.compile(r"^(\[\d{1,3}\]|［\d{1,3}］|\d{1,3}[.、])\s*\S")
_REFERENCE_TYPE = re.compile(r"\[(J|M|N|C|D|R|S|P|Z|EB/OL|J/OL|N/OL|M/OL)\]")
_EDITOR_LINE = re.compile(r"^[（(]?(责任编辑|责编|校\s*对|审\s*校|审\s*核|编\s*辑)\s*[:：]")


def split_front_matter(lines: list[str]) -> tuple[list[str], list[str]]:
    """Take labelled journal front-matter lines (摘要, 关键词, 中图分类号 …) out of the first lines."""
    front = [line for line in lines[:_FRONT_REGION] if _FRONT_LABEL.match(line)]
    if not front:
        return [], lines
    kept = [line for line in lines[:_FRONT_REGION] if not _FRONT_LABEL.match(line)]
    return front, kept + lines[_FRONT_REGION:]


def split_back_matter(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split off a references/notes section and editor lines; returns ``(body_lines, back_lines)``."""
    editor = [line for line in lines if _EDITOR_LINE.match(line)]
    if editor:
        lines = [line for line in lines if not _EDITOR_LINE.match(line)]
    cut = _references_start(lines)
    if cut is None:
        return lines, editor
    return lines[:cut], lines[cut:] + editor


def _references_start(lines: list[str]) -> int | None:
    n = len(lines)
    for i, line in enumerate(lines):
        if _BACK_HEADING.match(line):
            following = [x for x in lines[i + 1 : i + 6] if x][:3]
            if any(_REFERENCE_ENTRY.match(x) for x in following) or i >= 0.5 * n:
                return i
    # No heading: a trailing run of reference-like entries ([4] 作者. 题名 [J]. 刊名, 2024.)
    i = n
    while i > 0 and (not lines[i - 1] or (_REFERENCE_ENTRY.match(lines[i - 1]) and _REFERENCE_TYPE.search(lines[i - 1]))):
        i -= 1
    if any(lines[i:]) and sum(1 for x in lines[i:] if x) >= 2:
        return i
    return None


# --- broken lines -------------------------------------------------------------------------

_HEADING = re.compile(
    r"^([（(][一二三四五六七八九十百零〇\d]{1,4}[)）]"
    r"|[一二三四五六七八九十百]{1,3}[、.．]"
    r"|\d{1,2}[、.．](?!\d)"
    r"|\d{1,2}(\.\d{1,2}){1,3}\s"
    r"|第[一二三四五六七八九十百零〇\d]{1,4}[章节条编部分篇款]"
    r"|[①-⑳]"
    r"|[一二三四五六七八九十]是"
    r"|(附件|附录|附表)\s*\d*"
    r"|(目\s*录|前\s*言|引\s*言|序\s*言|结\s*语|结束语|后\s*记)$)"
)
_DASH_ITEM = re.compile(r"^——")  # "——经济运行稳中向好…" starts a new item, but may itself wrap
_FINAL = set("。！？；：…!?;:")
_CLOSERS = set("）)】」』〕]")
_CONTINUES = set("，、,“‘《（(—-")  # a line ending in these is certainly mid-sentence
_STARTS_CONTINUATION = re.compile(rf"^[{_CJK}\dA-Za-z“《]")
_WRAP_MIN_WIDTH = 20  # display columns; shorter lines are headings, names, dates
_WRAP_MIN_LINES = 5
_WRAP_TOLERANCE = 6  # display columns (3 Chinese characters) short of the wrap width still count


def display_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def is_heading(line: str) -> bool:
    return bool(_HEADING.match(line))


def _ends_sentence(line: str) -> bool:
    last = line[-1]
    if last in '”’"':  # 。” ends a sentence, 的“数字”  does not
        return len(line) > 1 and line[-2] in _FINAL
    return last in _FINAL or last in _CLOSERS


def wrap_width(lines: list[str]) -> int | None:
    """The column width at which a converter wrapped lines, if the document looks wrapped.

    Wrapped lines end without sentence punctuation and share (almost) one display width;
    paragraphs written one per line vary widely. None when there is no such width.
    """
    widths = sorted(
        display_width(line)
        for line in lines
        if line and not _ends_sentence(line) and not is_heading(line) and display_width(line) >= _WRAP_MIN_WIDTH
    )
    if len(widths) < _WRAP_MIN_LINES:
        return None
    best_width, best_count = 0, 0
    lo = 0
    for hi, width in enumerate(widths):  # sliding band [width-3, width]
        while widths[lo] < width - 3:
            lo += 1
        if hi - lo + 1 >= best_count:
            best_width, best_count = width, hi - lo + 1
    if best_count >= _WRAP_MIN_LINES and best_count >= 0.3 * len(widths):
        return best_width
    return None


def _should_join(prev: str, nxt: str, width: int | None) -> bool:
    if is_heading(prev) or is_heading(nxt) or _DASH_ITEM.match(nxt) or _ends_sentence(prev):
        return False
    if not _STARTS_CONTINUATION.match(nxt):
        return False
    if prev[-1] in _CONTINUES:
        return True
    return width is not None and display_width(prev) >= width - _WRAP_TOLERANCE


def join_broken_lines(lines: list[str]) -> tuple[str, int]:
    """Rejoin lines broken inside a sentence, also across blank lines; keep paragraphs and headings.

    Returns the body text (paragraphs separated by one newline) and the number of joins.
    """
    width = wrap_width(lines)
    paragraphs: list[str] = []
    joined = 0
    nonempty = [line for line in lines if line]
    for index, line in enumerate(nonempty):
        prev = nonempty[index - 1] if index else ""
        # the first line is usually a title: glue text onto it only when it plainly goes on
        may_join = index > 1 or (index == 1 and prev[-1] in _CONTINUES)
        if may_join and _should_join(prev, line, width):
            paragraphs[-1] += " " + line if _latin_edge(prev[-1], line[0]) else line
            joined += 1
        else:
            paragraphs.append(line)
    return "\n".join(paragraphs), joined


def _latin_edge(left: str, right: str) -> bool:
    return left.isascii() and left.isalpha() and right.isascii() and right.isalpha()
