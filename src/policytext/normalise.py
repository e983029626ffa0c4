"""Normalise raw document text into the body text every later stage indexes.

What it does, in order: unify characters (full-width digits and letters to half-width,
Chinese punctuation kept, numbers letter-spaced by a converter joined: 7 4 7 7 2亿元), take
page furniture out (page numbers such as - 1 - or — 12 —, running headers and footers
repeated on many pages), clean each line (markdown emphasis, footnote markers, stray
spaces between Chinese characters), set journal front matter and back matter (references,
editor lines) apart from the body, and rejoin lines that PDF extraction broke mid-sentence,
mid-number (74.4 / 万亿元) or mid-word across a blank line (三 / 大全球倡议).

Every later stage indexes the body this returns, so the repairs cost no offset bookkeeping.
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
    lines = [clean_line(line) for line in remove_page_furniture(unify_characters(raw))]
    front, lines = split_front_matter(lines)
    lines, back = split_back_matter(lines)
    body, joined = join_broken_lines(lines)
    return NormalisedText(body=body, front_matter="\n".join(front), back_matter="\n".join(back), lines_joined=joined)


# --- characters ---------------------------------------------------------------------------

# One character for one: offsets survive this part (NER training data is converted with it).
_ONE_FOR_ONE = {cp: cp - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for cp in range(r[0], r[1] + 1)}
_ONE_FOR_ONE.update({0xFF05: ord("%"), 0x3000: ord(" "), 0x00A0: ord(" "), 0x2028: ord("\n"), 0x2029: ord("\n")})
_HALF_WIDTH: dict[int, int | None] = dict(_ONE_FOR_ONE)
_HALF_WIDTH.update({cp: None for cp in (0x200B, 0x200C, 0x200D, 0xFEFF, 0x00AD)})  # zero-width, soft hyphen
_HALF_WIDTH.update({cp: None for cp in [*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F]})  # stray control bytes
_FULLWIDTH_DECIMAL = re.compile(r"(?<=\d)[．・](?=\d)")
# 27，203，319，000元 in older reports: a Chinese comma between digit groups of three
_FULLWIDTH_THOUSANDS = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")


def half_width(text: str) -> str:
    """Full-width digits, letters, ％ and spaces to ASCII, one character for one, so offsets keep."""
    return text.translate(_ONE_FOR_ONE)


def unify_characters(text: str) -> str:
    """Line ends to \\n; full-width digits, letters and ％ to ASCII; Chinese punctuation untouched;
    numbers a converter letter-spaced joined (1 9 9 7 年, 8 ．8 ％ -> 1997 年, 8.8%)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_HALF_WIDTH)
    text = join_spaced_numbers(text)
    text = _FULLWIDTH_DECIMAL.sub(".", text)
    return _FULLWIDTH_THOUSANDS.sub(",", text)


_CJK_CHAR = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A run of single digits and points, one space apart (7 4 7 7 2, 8 ．8): a converter's letter
# spacing. Only next to Chinese text or a percent sign, so a table row "1 2 3" keeps its cells.
_SPACED_NUMBER = re.compile(r"(?<![\d.．])\d(?: ?[\d.．])*(?: [\d.．])(?: ?[\d.．])*(?![\d.．])")
_SPACED_CONTEXT = re.compile(rf"[{_CJK_CHAR}，。、；：（）%％]")
_SPACE_BEFORE_PERCENT = re.compile(r"(?<=\d) +(?=[%‰])")


def _letter_spaced(pieces: list[str]) -> bool:
    """Single digits, or a digit and its decimal point (8 ．8): not numbers of their own (2019 2020)."""
    return all(len(p) == 1 or (len(p) == 2 and any(c in ".．" for c in p)) for p in pieces)


def join_spaced_numbers(text: str) -> str:
    """Join the digits of letter-spaced numbers: 国内生产总值达到7 4 7 7 2 亿元 -> 74772 亿元."""

    def join(m: re.Match) -> str:
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end() : m.end() + 2].lstrip(" ")[:1] or " "
        pieces = m.group().split(" ")
        if not (_SPACED_CONTEXT.match(before) or _SPACED_CONTEXT.match(after)) or not _letter_spaced(pieces):
            return m.group()
        joined = "".join(pieces)
        if joined[-1] in ".．":  # a point at the end is punctuation, not a decimal point
            return m.group()
        return joined

    if " " in text:
        text = _SPACED_NUMBER.sub(join, text)
    return _SPACE_BEFORE_PERCENT.sub("", text)


# --- page furniture -----------------------------------------------------------------------

_DASHES = "\\-—－–―"
# a page number set between dashes (- 1 -, — 12 —), alone on its line or glued into a
# sentence when the converter joined the page's lines; the spaces inside tell it from 21-04-02
_PAGE_NUMBER = re.compile(rf"[{_DASHES}]{{1,2}}[ \t]+\d{{1,3}}[ \t]+[{_DASHES}]{{1,2}}")
_PAGE_NUMBER_LINE = re.compile(
    rf"^\s*(?:[{_DASHES}]{{1,2}}\s*\d{{1,3}}\s*[{_DASHES}]{{1,2}}|第\s*\d{{1,3}}\s*页(?:\s*共\s*\d+\s*页)?)\s*$"
)
_LONE_NUMBER_LINE = re.compile(r"^\s*(\d{1,3})\s*$")
_FURNITURE_MAX_CHARS = 40
_FURNITURE_MIN_PAGES = 3
_FURNITURE_LINES = 2  # a running header or footer is among the first or last two lines of a page


def remove_page_furniture(text: str) -> list[str]:
    """The text's lines without page numbers and running headers or footers.

    Pages are the form feeds a PDF reader leaves, else the page-number lines themselves.
    Lone numbers on their own line are page numbers when they count up through the
    document (3, 4, 5 …); a short line repeated at the top or bottom of at least three
    pages is a running header or footer. A page number glued into a sentence (交通基础- 3 -设施)
    is cut out."""
    pages: list[list[str]] = [[]]
    for page_text in text.split("\f"):
        if pages[-1]:
            pages.append([])
        for line in page_text.split("\n"):
            if _PAGE_NUMBER_LINE.match(line):
                pages.append([])
                continue
            pages[-1].append(_PAGE_NUMBER.sub("", line) if "-" in line or "—" in line or "－" in line else line)
    lone = [(p, i) for p, page in enumerate(pages) for i, line in enumerate(page) if _LONE_NUMBER_LINE.match(line)]
    values = [int(pages[p][i]) for p, i in lone]
    if len(values) >= _FURNITURE_MIN_PAGES and all(b == a + 1 for a, b in zip(values, values[1:])):
        for p, i in lone:
            pages[p][i] = ""
    if len(pages) >= _FURNITURE_MIN_PAGES:
        _remove_running_lines(pages)
    return [line for page in pages for line in page]


def _remove_running_lines(pages: list[list[str]]) -> None:
    """Blank the lines set at the top or bottom of at least three pages (the same text each time)."""
    from collections import Counter

    def edges(page: list[str]) -> list[int]:
        filled = [i for i, line in enumerate(page) if line.strip()]
        return sorted(set(filled[:_FURNITURE_LINES] + filled[-_FURNITURE_LINES:]))

    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({page[i].strip() for i in edges(page) if len(page[i].strip()) <= _FURNITURE_MAX_CHARS})
    running = {line for line, n in seen.items() if n >= _FURNITURE_MIN_PAGES and not is_heading(line)}
    if not running:
        return
    for page in pages:
        for i in edges(page):
            if page[i].strip() in running:
                page[i] = ""


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


# what may follow a number inside a claim: a magnitude, a percent sign or a unit's first character
_NUMBER_GOES_ON = re.compile(r"^(?:[万亿千百十%‰倍]|个百分点|多|余|[元吨人户家个项次台辆座所条公千米亩平方立年月岁])")
_NUMBER_BREAK_MIN_CHARS = 6  # 附3 / 项目清单 is a heading and its title
_NUMBER_IN_TEXT = re.compile(rf"[{_CJK}，、（(]\d+(?:\.\d*)?$")  # 达到74.4, not a table's row number alone
_CJK_NUMERALS = frozenset("一二两三四五六七八九十百千万亿")
# A line broken mid-word is as long as the document's long lines (it ran into the margin);
# shorter lines without a full stop are headings and names (…发展的规定, 2026年工作安排).
_WORD_BREAK_LONG_SHARE = 0.85  # of the 90th percentile of the document's line widths
_WORD_BREAK_MIN_WIDTH = 20  # display columns


def _breaks_a_number(prev: str, nxt: str) -> bool:
    """达到74.4 / 万亿元, 增长6. / 7%: a line break inside a number or between it and its unit."""
    if len(prev) < _NUMBER_BREAK_MIN_CHARS or not _NUMBER_IN_TEXT.search(prev):
        return False
    if prev[-1] == ".":
        return nxt[0].isdigit()
    return bool(_NUMBER_GOES_ON.match(nxt)) or (nxt[0] == "." and nxt[1:2].isdigit())


def _breaks_a_word(prev: str, nxt: str, long_width: int) -> bool:
    """三 / 大全球倡议, 回 / 应国际社会: the line before is text, not a heading, and the break
    falls after a numeral or the characters on both sides make a word of the segmenter's
    dictionary (回应)."""
    if _rough_width(prev) < long_width or not ("\u4e00" <= prev[-1] <= "\u9fff" and "\u4e00" <= nxt[0] <= "\u9fff"):
        return False
    from policytext.lexicon import jieba_word_tags  # loaded only when a document has such a break

    if prev[-1] in _CJK_NUMERALS:  # 三 / 大全球倡议, 十 / 项措施: a numeral and what it counts
        return True
    words = jieba_word_tags()
    return any(prev[-a:] + nxt[:b] in words for a in (1, 2) for b in (1, 2) if a + b >= 2 and len(prev) >= a and len(nxt) >= b)


def _should_join(prev: str, nxt: str, width: int | None, long_width: int) -> bool:
    if _ends_sentence(prev):
        return False
    if is_heading(prev):  # 第二条 本办法所称测试区，是指…等设 / 施及…: an article that runs on
        long = _rough_width(prev) >= long_width and not is_heading(nxt)
        return long and (_breaks_a_number(prev, nxt) or _breaks_a_word(prev, nxt, long_width))
    if _breaks_a_number(prev, nxt):
        return True
    if is_heading(nxt) or _DASH_ITEM.match(nxt) or not _STARTS_CONTINUATION.match(nxt):
        return False
    if prev[-1] in _CONTINUES:
        return True
    if width is not None and display_width(prev) >= width - _WRAP_TOLERANCE:
        return True
    return _breaks_a_word(prev, nxt, long_width)


def _rough_width(s: str) -> int:
    """Display columns, counting every non-ASCII character as two: display_width's answer for
    Chinese text at a fraction of the cost (it runs over every line of every document)."""
    return 2 * len(s) - len(s.encode("ascii", "ignore"))


def _long_line_width(lines: list[str]) -> int:
    """The width from which a line counts as long in this document (see _WORD_BREAK_LONG_SHARE)."""
    widths = sorted(_rough_width(line) for line in lines if line)
    if not widths:
        return _WORD_BREAK_MIN_WIDTH
    return max(_WORD_BREAK_MIN_WIDTH, int(_WORD_BREAK_LONG_SHARE * widths[int(0.9 * (len(widths) - 1))]))


def join_broken_lines(lines: list[str]) -> tuple[str, int]:
    """Rejoin lines broken inside a sentence, also across blank lines; keep paragraphs and headings.

    Returns the body text (paragraphs separated by one newline) and the number of joins.
    """
    width = wrap_width(lines)
    long_width = _long_line_width(lines)
    paragraphs: list[str] = []
    joined = 0
    nonempty = [line for line in lines if line]
    for index, line in enumerate(nonempty):
        prev = nonempty[index - 1] if index else ""
        # the first line is usually a title: glue text onto it only when it plainly goes on
        may_join = index > 1 or (index == 1 and prev[-1] in _CONTINUES)
        if may_join and _should_join(prev, line, width, long_width):
            paragraphs[-1] += " " + line if _latin_edge(prev[-1], line[0]) else line
            joined += 1
        else:
            paragraphs.append(line)
    return "\n".join(paragraphs), joined


def _latin_edge(left: str, right: str) -> bool:
    return left.isascii() and left.isalpha() and right.isascii() and right.isalpha()
