"""Policy references: cited documents 《…》, document numbers (国发〔2018〕12号), numbered
formulas (两个毫不动摇, “六稳”) and plan periods (“十四五”, 2021—2025年, 到2035年).

Pure functions over the normalised body text. Each finder returns ``ReferenceSpan`` values
in text order; ``document_references`` runs them all, resolves overlaps (a cited title
holds whatever is inside it) and ties each span to its sentence.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from policytext.extract.numbers import CHINESE_DIGITS, parse_chinese
from policytext.lexicon import read_word_lines
from policytext.records import DocumentResult, Reference, Sentence
from policytext.resources import FORMULAS, resource_path

CITED_DOCUMENT, DOCUMENT_NUMBER, FORMULA, PERIOD = "cited_document", "document_number", "formula", "period"
KINDS = (CITED_DOCUMENT, DOCUMENT_NUMBER, FORMULA, PERIOD)


@dataclass(frozen=True)
class ReferenceSpan:
    start: int
    end: int
    kind: str
    normalized: str
    details: dict


# --- cited documents ---------------------------------------------------------------------------

_TITLE_MAX_CHARS = 150  # a 《 with no 》 this far on is a stray mark, not a title
_TITLE_STOP = frozenset("。；！？")
_TRAILING_NOTE = re.compile(r"[（(]([^（()）]*)[）)]$")
_YEAR_SPAN = re.compile(r"(?:19|20)\d{2}\s*(?:年)?\s*[-—–~～至到]+\s*(?:19|20)\d{2}\s*年?|(?:19|20)\d{2}\s*年")
# head words, longest first where one ends another (办法 before 法); the first that ends the title wins
_TITLE_TYPES = (
    ("办法", "办法"),
    ("方法", "other"),
    ("说法", "other"),
    ("法", "法"),
    ("条例", "条例"),
    ("规定", "规定"),
    ("纲要", "规划"),
    ("规划", "规划"),
    ("方案", "方案"),
    ("意见", "意见"),
    ("通知", "通知"),
    ("决定", "决定"),
    ("指南", "指南"),
    ("指引", "指南"),
    ("规范", "规范"),
    ("标准", "规范"),
    ("公约", "公约"),
    ("协定", "公约"),
    ("协议", "公约"),
    ("报告", "报告"),
)


def title_type(title: str) -> str:
    """The kind of document a title names, by its head word: 法, 条例, 办法, 规划 … or other."""
    for head, kind in _TITLE_TYPES:
        if title.endswith(head):
            return kind
    return "other"


# heads that end the title of a policy document but carry no kind of their own in the table
# above; a title with none of these heads (《南京暴行》, 《周恩来在国统区》) is a book, article or
# programme, and names inside it are mentions (see policytext.ner.rules)
_OTHER_DOCUMENT_HEADS = tuple(
    "计划 倡议 框架 预案 条约 请示 建议 原则 要求 细则 决议 宣言 声明 纲领 议定书 备忘录 批复 制度 体系 目录 名录 清单 导则 守则"
    " 准则 通告 通报 公报 公告 章程 规则 政策 措施 讲话 说明 草案 报告书 申报书 白皮书 同胞书 表 函 令 模型 指标 大典".split()
)


def is_document_title(inner: str) -> bool:
    """Whether the text between 《 and 》 names a policy document (law, plan, opinion, notice,
    standard, treaty, speech …) by its head word, after any trailing （…） notes."""
    title = re.sub(r"\s+", "", inner)
    while (m := _TRAILING_NOTE.search(title)) and m.start() > 0:
        title = title[: m.start()]
    return title_type(title) != "other" or title.endswith(_OTHER_DOCUMENT_HEADS)


def normalise_title(inner: str) -> tuple[str, dict]:
    """(title, details) from the text between 《 and 》: whitespace out, a trailing （草案）,
    period （2021—2025年） or edition （2021年版） moved into details; （试行） and （暂行） are
    part of the name."""
    title = re.sub(r"\s+", "", inner)
    details: dict = {}
    while True:
        m = _TRAILING_NOTE.search(title)
        if not m:
            break
        note = m.group(1)
        if "草案" in note:
            details["draft"] = True
        elif re.fullmatch(r"(?:(?:19|20)\d{2}年)?(?:版|修订|修正|修订版|修正版)", note):
            details["edition"] = note  # （2021年版）, （2019年修订）
        elif _YEAR_SPAN.fullmatch(note):
            details["period"] = note
        else:
            break
        title = title[: m.start()]
    head = _TRAILING_NOTE.sub("", title) or title  # 暂行办法（试行） is a 办法
    details = {"type": title_type(head), **details}
    return title, details


def cited_documents(text: str) -> list[ReferenceSpan]:
    """Titles in 《…》, nested 《》 and 〈〉 kept inside, line breaks allowed (PDF text)."""
    out: list[ReferenceSpan] = []
    pos = 0
    while True:
        start = text.find("《", pos)
        if start < 0:
            return out
        depth, i, limit = 0, start, min(len(text), start + _TITLE_MAX_CHARS)
        end = -1
        while i < limit:
            ch = text[i]
            if ch == "《":
                depth += 1
            elif ch == "》":
                depth -= 1
                if depth == 0:
                    end = i + 1
                    break
            elif ch in _TITLE_STOP:
                break
            i += 1
        if end < 0:
            pos = start + 1
            continue
        title, details = normalise_title(text[start + 1 : end - 1])
        if title:
            out.append(ReferenceSpan(start, end, CITED_DOCUMENT, title, details))
        pos = end


# --- document numbers --------------------------------------------------------------------------

# found from the bracketed year on, then the issuer code is read backwards: a pattern that
# started with the code would be tried at every Chinese character of the text
_YEAR_SERIAL = re.compile(r"\s*[〔\[【(（［]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]】)）］]\s*第?\s*(?P<serial>\d{1,5})\s*号")
_DECREE_SERIAL = re.compile(r"令\s*第\s*(?P<serial>\d{1,5})\s*号")
_CODE_MAX_CHARS = 12
# the end of a title joined to the number (…的批复国函〔2006〕38号); at least one character is left for the code
_BEFORE_CODE = re.compile(
    r".*(?:根据|依据|按照|依照|参照|对照|执行|贯彻|落实|印发|转发|废止|见|即|和|及|与|或|的|了|为|是|文件|号|"
    r"通知|意见|决定|办法|规定|方案|批复|函|请示|报告|纪要|通报)(?=.)"
)
_DECREE_ISSUER = re.compile(r"(?:国务院|部|委员会|委|局|署|行|政府)$")
_DECREE_LEAD = re.compile(r".*(?:根据|依据|按照|依照|以|经|和|及|与|的|了|为|是|见|即)(?=..)")


def _chinese_run_before(text: str, end: int, limit: int = _CODE_MAX_CHARS) -> str:
    start = end
    while start > 0 and end - start < limit and "\u4e00" <= text[start - 1] <= "\u9fff":
        start -= 1
    return text[start:end]


def document_numbers(text: str) -> list[ReferenceSpan]:
    """发文字号 (国发〔2018〕39号, 京政发【2018】3号, 鲁政办字[2019]12号) and decree numbers
    (国务院令第708号); normalized with the year in 〔〕."""
    out = []
    for m in _YEAR_SERIAL.finditer(text):
        code = _chinese_run_before(text, m.start())
        lead = _BEFORE_CODE.match(code)
        if lead:
            code = code[lead.end() :]
        if not code:
            continue
        year, serial = int(m.group("year")), int(m.group("serial"))
        details = {"issuer_code": code, "year": year, "serial": serial}
        out.append(ReferenceSpan(m.start() - len(code), m.end(), DOCUMENT_NUMBER, f"{code}〔{year}〕{serial}号", details))
    for m in _DECREE_SERIAL.finditer(text):
        written = _chinese_run_before(text, m.start(), limit=_CODE_MAX_CHARS + 7)
        code = written.rpartition("中华人民共和国")[2]
        lead = _DECREE_LEAD.match(code)
        if lead:
            code = code[lead.end() :]
        if len(code) < 2 or not _DECREE_ISSUER.search(code):
            continue
        start = m.start() - len(code)
        if written.endswith("中华人民共和国" + code):
            start -= len("中华人民共和国")
        serial = int(m.group("serial"))
        details = {"issuer_code": code + "令", "year": None, "serial": serial}
        out.append(ReferenceSpan(start, m.end(), DOCUMENT_NUMBER, f"{code}令第{serial}号", details))
    return sorted(out, key=lambda r: r.start)


# --- numbered formulas -------------------------------------------------------------------------

_NUMERAL_CHARS = "一二两三四五六七八九十百千"
# a quoted formula: a numeral first, short, and at most a few characters between numerals
# a quoted word starting with a numeral; a name joined with · (“四在农家·和美乡村”) ends at the ·
_QUOTED = re.compile(r"[“\"「]([一二两三四五六七八九十百千][\u4e00-\u9fff]{1,9})(?:[·•][^”\"」]{1,12})?[”\"」]")
# quoted words that start with a numeral but name a plan period (“十五”), a date, a top-N list
# (十佳, 五张榜单), a run (十连丰), a count of items (十件民生实事), or use 一 as "each"/"one"
# (一刀切, 一县一案, 一张图); N大 names a programme (“十大工程”, “四大行动”) and is a formula
_NOT_FORMULA = re.compile(
    r"^(?:十[一二三四五]?|[一二三四五六七八九])五$|^[一二两三四五六七八九十]+[年月日号]"
    r"|^[一二两三四五六七八九十百千]+[佳强张连件]"
    r"|^一[^二两三四五六七八九十百千]*$"
    r"|^(?:八闽|三秦|三晋|三湘|八桂|两广|两湖|四川|九州|五洲|四海|百姓)"  # places and words that start with a numeral
)


_DATE_AFTER = frozenset("年月日号")
_NUMERAL_BEFORE = frozenset(_NUMERAL_CHARS + "第")


def read_formulas(path: Path) -> list[str]:
    return [fields[0] for fields in read_word_lines(path) if fields]


@dataclass(frozen=True)
class FormulaList:
    """Words that are formulas wherever they occur, and words that never are (``!word``)."""

    words: frozenset[str]
    never: frozenset[str]


@lru_cache(maxsize=8)
def load_formulas(extra_files: tuple[str, ...] = ()) -> FormulaList:
    """The packaged formula list plus the user's files; a line ``!word`` says the word is
    never a formula (a quoted “九二共识”: the numeral is a year). Cached per process."""
    entries = read_formulas(resource_path(FORMULAS))
    for name in extra_files:
        entries += read_formulas(Path(name))
    never = {e[1:] for e in entries if e.startswith("!")}
    words = {e for e in entries if not e.startswith("!")} - never
    return FormulaList(frozenset(words), frozenset(never))


@lru_cache(maxsize=8)
def _dictionary_pattern(words: frozenset[str]) -> re.Pattern | None:
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


_PROGRAMME = re.compile(r"(?:工程|行动|计划|战略|专项|攻坚战)$")
_N_MAJOR = re.compile(r"^[二两三四五六七八九十百千]+大")  # “十大重点民生实事”: N major things, named


def _looks_like_formula(word: str) -> bool:
    """A quoted word that names a set by its size: 六稳, 四个全面, 三去一降一补, 一国两制, or
    a longer programme name (“六大重大科技战略行动”)."""
    if _NOT_FORMULA.search(word) or "、" in word:
        return False
    numerals = sum(ch in _NUMERAL_CHARS for ch in word)
    return len(word) <= 6 or numerals >= 2 or bool(_PROGRAMME.search(word) or _N_MAJOR.match(word))


def formulas(text: str, *, dictionary: FormulaList | None = None) -> list[ReferenceSpan]:
    """Numbered formulas: quoted ones found by their shape, then every occurrence (quoted or
    not) of those and of the dictionary's words. ``normalized`` has no quotes."""
    dictionary = dictionary or FormulaList(frozenset(), frozenset())
    found: dict[tuple[int, int], bool] = {}  # (start, end) -> quoted
    own = set()  # quoted formulas of this document that the dictionary lacks
    for m in _QUOTED.finditer(text):
        word = m.group(1)
        if word in dictionary.never:
            continue
        if word in dictionary.words or _looks_like_formula(word):
            found[m.span(1)] = True
            if word not in dictionary.words:
                own.add(word)
    spans = []
    pattern = _dictionary_pattern(dictionary.words)
    if pattern:
        spans += [m.span() for m in pattern.finditer(text)]
    for word in own:
        pos = text.find(word)
        while pos >= 0:
            spans.append((pos, pos + len(word)))
            pos = text.find(word, pos + 1)
    for a, b in spans:
        if (a, b) in found or (a > 0 and text[a - 1] in _NUMERAL_BEFORE) or text[b : b + 1] in _DATE_AFTER:
            continue  # already found quoted, part of a longer numeral run or an ordinal (第十条), or a date (十月十五日)
        found[(a, b)] = text[a - 1 : a] in '“"「' and text[b : b + 1] in '”"」' if a else False
    out = [ReferenceSpan(a, b, FORMULA, text[a:b], {"quoted": q}) for (a, b), q in found.items()]
    return _without_overlaps(sorted(out, key=lambda r: (r.start, -(r.end - r.start))))


# --- periods -----------------------------------------------------------------------------------

# 一五 1953–1957, 二五 1958–1962, then three years of readjustment: 三五 1966–1970 … 十五五 2026–2030
_PLAN_START_YEARS = {1: 1953, 2: 1958} | {n: 1966 + 5 * (n - 3) for n in range(3, 16)}
_PLAN_NUMBER = "十[一二三四五]|[一二三四五六七八九十]"
_PLAN = re.compile(  # the lookahead first: one cheap test at most positions of the text
    rf"(?=[“\"十一二三四五六七八九第])(?:(?P<q>[“\"])?(?P<n>{_PLAN_NUMBER})五(?(q)[”\"])(?P<after>时期|期间|期末|末|初|规划|计划|以来|中期|前期)?"
    rf"|第(?P<n2>{_PLAN_NUMBER})个五年(?:规划|计划))"
)
_YEAR_RANGE = re.compile(r"(?<!\d)(?P<a>(?:19|20)\d{2})\s*年?\s*(?:[-—–~～]+|至|到)\s*(?P<b>(?:19|20)\d{2})\s*年(?![\d])(?:度)?")
# 到2035年, 至2030年底; not 至2023年12月31日 (a date) nor 提高到2025年的14万元 (a value then)
_HORIZON = re.compile(
    r"(?=[到至])(?<![截])(?:到|至)\s*(?P<y>(?:19|20)\d{2}|(?:一九|二[〇○零])[〇○零一二三四五六七八九]{2})\s*年(?:底|末|前|左右)?"
    r"(?![\d〇○零一二三四五六七八九十]+月|的)"
)
_YEAR_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")


def _plan_period(n: str) -> dict | None:
    number = int(parse_chinese(n))
    start = _PLAN_START_YEARS.get(number)
    return {"start": start, "end": start + 4} if start else None


def periods(text: str) -> list[ReferenceSpan]:
    """Five-year plan periods (“十四五”, 十三五时期, 第十四个五年规划 -> 十四五 with its years),
    year ranges (2021—2025年 -> 2021-2025) and horizon years (到2035年)."""
    out = []
    for m in _PLAN.finditer(text):
        n = m.group("n") or m.group("n2")
        quoted, after = bool(m.group("q")), m.group("after")
        if m.group("n2"):
            end = m.start() + len(f"第{n}个五年")
            start = m.start()
        else:
            if len(n) == 1 and not (quoted or after):
                continue  # 一五一十, 三五成群: a one-digit plan needs quotes or 时期/计划
            if n == "十" and not (quoted or after in ("时期", "期间", "规划", "计划", "期末")):
                continue  # 十五 is also fifteen
            if not quoted and m.start() > 0 and text[m.start() - 1] in CHINESE_DIGITS.keys() | set("十百千万第"):
                continue  # 二十五, 第十五
            start, end = m.start("n"), m.end("n") + 1
        details = _plan_period(n)
        if details:
            out.append(ReferenceSpan(start, end, PERIOD, f"{n}五", details))
    for m in _YEAR_RANGE.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if a < b:
            out.append(ReferenceSpan(m.start(), m.end(), PERIOD, f"{a}-{b}", {"start": a, "end": b}))
    for m in _HORIZON.finditer(text):
        year = int(m.group("y").translate(_YEAR_DIGITS))
        end = m.start("y") + len(m.group("y")) + text[m.end("y") : m.end()].index("年") + 1
        out.append(ReferenceSpan(m.start(), end, PERIOD, f"到{year}年", {"end": year}))
    return _without_overlaps(sorted(out, key=lambda r: (r.start, -(r.end - r.start))))


# --- a document's references ---------------------------------------------------------------


def _without_overlaps(spans: Iterable[ReferenceSpan]) -> list[ReferenceSpan]:
    """Keep the earlier (and, at one start, the longer) of overlapping spans."""
    out: list[ReferenceSpan] = []
    for s in spans:
        if out and s.start < out[-1].end:
            continue
        out.append(s)
    return out


def find_references(text: str, *, formula_words: FormulaList | None = None) -> list[ReferenceSpan]:
    """Every reference of ``text`` in text order, none overlapping. Precedence: a cited title
    holds what is inside it; then document numbers, periods, formulas."""
    kept = cited_documents(text)  # sorted, non-overlapping
    starts = [k.start for k in kept]
    for found in (document_numbers(text), periods(text), formulas(text, dictionary=formula_words)):
        for span in found:
            i = bisect.bisect_right(starts, span.start)  # kept[i - 1] starts at or before it, kept[i] after
            if (i > 0 and kept[i - 1].end > span.start) or (i < len(kept) and kept[i].start < span.end):
                continue
            kept.insert(i, span)
            starts.insert(i, span.start)
    return kept


def document_references(
    doc_id: str, text: str, sentences: Sequence[Sentence], *, formula_words: FormulaList | None = None
) -> list[Reference]:
    """The references of a document as records tied to their sentences (-1 between sentences)."""
    words = load_formulas() if formula_words is None else formula_words
    starts = [s.start for s in sentences]
    out = []
    for span in find_references(text, formula_words=words):
        i = bisect.bisect_right(starts, span.start) - 1
        sentence_id = sentences[i].sentence_id if i >= 0 and span.start < sentences[i].end else -1
        out.append(
            Reference(
                doc_id=doc_id,
                sentence_id=sentence_id,
                start=span.start,
                end=span.end,
                kind=span.kind,
                text=text[span.start : span.end],
                normalized=span.normalized,
                details=json.dumps(span.details, ensure_ascii=False, sort_keys=True),
            )
        )
    return out


# --- corpus views ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormulaCount:
    formula: str
    documents: int
    mentions: int
    first_year: int | None
    last_year: int | None


def _year(date: str) -> int | None:
    m = re.match(r"(?:19|20)\d{2}", date or "")
    return int(m.group()) if m else None


def formula_counts(documents: Iterable[DocumentResult]) -> list[FormulaCount]:
    """Each formula with the documents and mentions it has and the first and last year it is
    seen (from the documents' dates), most mentioned first."""
    mentions: dict[str, int] = {}
    docs: dict[str, set[str]] = {}
    years: dict[str, list[int]] = {}
    for doc in documents:
        year = doc.year if doc.year is not None else _year(doc.date)
        for r in doc.references:
            if r.kind != FORMULA:
                continue
            mentions[r.normalized] = mentions.get(r.normalized, 0) + 1
            docs.setdefault(r.normalized, set()).add(doc.doc_id)
            if year is not None:
                years.setdefault(r.normalized, []).append(year)
    rows = [
        FormulaCount(f, len(docs[f]), n, min(years[f]) if f in years else None, max(years[f]) if f in years else None)
        for f, n in mentions.items()
    ]
    return sorted(rows, key=lambda c: (-c.mentions, -c.documents, c.formula))


@dataclass(frozen=True)
class Citation:
    citing_doc: str
    cited_doc: str
    title: str  # the cited title as normalised


_TITLE_NOISE = re.compile(r"[\s《》〈〉“”\"'‘’]")
_FORWARDED = re.compile(r"关于(?:印发|转发|发布)(.+?)的(?:通知|决定|公告)$")


def title_key(title: str) -> str:
    """The matching key of a title: quotes, book marks and spaces out, brackets full-width."""
    key = _TITLE_NOISE.sub("", title).replace("(", "（").replace(")", "）")
    return normalise_title(key)[0]


def citations(documents: Sequence[DocumentResult]) -> list[Citation]:
    """Links from a document's cited titles to the document of the corpus with that title
    (or forwarding it: 国务院关于印发X的通知 is cited as 《X》). A title that several
    documents share (《政府工作报告》) names none of them for sure, so it links nowhere."""
    by_key: dict[str, list[str]] = {}
    for doc in documents:
        if not doc.title:
            continue
        keys = {title_key(doc.title)}
        forwarded = _FORWARDED.search(title_key(doc.title))
        if forwarded:
            keys.add(title_key(forwarded.group(1)))
        for key in keys:
            by_key.setdefault(key, []).append(doc.doc_id)
    out: dict[tuple[str, str], Citation] = {}
    for doc in documents:
        for r in doc.references:
            if r.kind != CITED_DOCUMENT:
                continue
            matches = set(by_key.get(title_key(r.normalized), ()))
            if len(matches) != 1:
                continue
            cited = matches.pop()
            if cited != doc.doc_id and (doc.doc_id, cited) not in out:
                out[(doc.doc_id, cited)] = Citation(doc.doc_id, cited, r.normalized)
    return list(out.values())
