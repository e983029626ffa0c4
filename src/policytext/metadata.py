"""Document metadata: the optional metadata.csv of a corpus, and what the text and the file
name make obvious (``document_info``: title, date, year, issuer, number, kind, and where each
came from)."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from policytext.errors import DocumentReadError
from policytext.ingest.encoding import decode_text

# What a document is, decided from its title's head word, else from its text (``infer_kind``).
KINDS = (
    "work_report",  # 政府工作报告 and other reports to a people's congress
    "plan",  # 规划, 纲要; 行动计划, 实施方案 … that set targets
    "opinion",  # 意见
    "notice",  # 通知 (通告, 公告, 通报)
    "measures",  # 办法, 细则, 措施
    "law",  # 法, 条例, 规定, 规则
    "decision",  # 决定, 决议
    "reply",  # 批复, 复函, 函
    "speech",  # 讲话, 致辞
    "article",  # a journal or news article (作者, 摘要)
    "other",
)
# A metadata.csv kind that only says "a policy document, not a work report" (the shared
# corpus's kind column): the kind itself is read from the text.
COARSE_KINDS = ("policy",)


@dataclass(frozen=True)
class Metadata:
    title: str = ""
    date: str = ""  # YYYY-MM-DD, YYYY-MM or YYYY (normalised by load_metadata_csv)
    issuer: str = ""
    kind: str = ""  # one of KINDS or COARSE_KINDS, or ""


_META_DATE = re.compile(r"^(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?)?$")
_META_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def normalise_metadata_date(value: str) -> str | None:
    """A metadata.csv date as YYYY-MM-DD, YYYY-MM or YYYY (2019/3/5, 2019.03.05, 20190305,
    2019年3月5日, 1954); "" for an empty one; None when it is not a date (2019-13-45)."""
    value = value.strip()
    if not value:
        return ""
    m = _META_DATE.match(value) or _META_DATE_COMPACT.match(value)
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month is None:
        return year
    if day is None:
        return f"{year}-{int(month):02d}" if 1 <= int(month) <= 12 else None
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def load_metadata_csv(path: Path) -> tuple[dict[str, Metadata], list[str]]:
    """Rows of a metadata.csv keyed by ``id``; returns ``(rows, warnings)``.

    A broken metadata file is a warning, not a failure: the documents are still worth
    processing without it. So is a broken row, with its line number: a row with the wrong
    number of fields is not used; an unparsable date or an unknown kind is dropped from its
    row (the text then decides it) and the row's other fields are used.
    """
    path = Path(path)
    if not path.is_file():
        return {}, []
    try:
        text, _, _ = decode_text(path.read_bytes())
    except (OSError, DocumentReadError) as exc:
        return {}, [f"{path.name} ignored: {getattr(exc, 'message', exc)}"]
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    if "id" not in fields:
        return {}, [f"{path.name} ignored: it has no 'id' column (columns: {', '.join(fields) or 'none'})"]
    rows: dict[str, Metadata] = {}
    warnings: list[str] = []
    for raw in reader:
        where = f"{path.name} line {reader.line_num}"
        if None in raw or None in raw.values():  # more fields than the header (restkey) or fewer (restval)
            n = len(raw) - 1 + len(raw[None]) if None in raw else sum(v is not None for v in raw.values())
            warnings.append(f"{where}: {n} fields where the header has {len(fields)}; the row is not used")
            continue
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        if not row.get("id"):
            continue
        date = normalise_metadata_date(row.get("date", ""))
        if date is None:
            warnings.append(f"{where}: date {row['date']!r} is not a date; the date is read from the text")
            date = ""
        kind = row.get("kind", "")
        if kind and kind not in KINDS and kind not in COARSE_KINDS:
            warnings.append(
                f"{where}: kind {kind!r} is not one of {', '.join(KINDS + COARSE_KINDS)}; the kind is read from the text"
            )
            kind = ""
        rows[row["id"]] = Metadata(row.get("title", ""), date, row.get("issuer", ""), kind)
    return rows, warnings


def match_metadata(rows: dict[str, Metadata], doc_id: str) -> Metadata | None:
    """Match on the doc_id, then on the file name without folders (ids in metadata.csv are stems)."""
    return rows.get(doc_id) or rows.get(PurePosixPath(doc_id).stem)


# --- inference from the text --------------------------------------------------------------

_TITLE_MAX_CHARS = 60
_SENTENCE_END = re.compile(r"[。！？；：:!?;，,]$")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ARABIC_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CHINESE_DATE = re.compile(r"([一二三四五六七八九〇○零]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_HEADER_LINES = 8
_FOOTER_LINES = 8
_DATE_LINE_MAX_CHARS = 20  # a line that is a date, not a sentence containing one
_TITLE_LINES = 4  # official titles are set in up to three or four lines above the document number
_NOT_TITLE_START = re.compile(
    r"^(?:——|—|―|第[一二三四五六七八九十百\d]+[章节条]|[一二三四五六七八九十]+、|[（(、，]"
    r"|(?:(?:19|20)\d{2}|[一二三四五六七八九〇○零]{4})年.{1,12}日(?:在|于)"  # a date line: 2022年10月28日在…会议上
    r"|(?:摘\s*要|目\s*录|前\s*言|引\s*言|序\s*言|附件\s*\d*)$"  # section labels
    r"|为(?:了|贯彻|落实|进一步|深入|加快|推动|推进|促进|加强|全面|切实|积极|更好|充分|认真)"  # a preamble: 为贯彻落实…
    r")"
)
_HEADER_END = re.compile(
    r"[：:]$|^(?:——|—|――|―|[（(]\s*(?:19|20)\d{2}|[（(][一二三四五六七八九〇○]{4}年)"
    r"|^(?:(?:19|20)\d{2}|[一二三四五六七八九〇○零]{4})年.{1,12}日(?:在|于)"  # 1957年6月26日在…会议上
)
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")  # 国 家 粮 食: letter-spaced titles
_DECREE_NUMBER = re.compile(r"第\s*\d+\s*号")
_DECREE_HEADER = re.compile(r"^(?:中华人民共和国)?[\u4e00-\u9fff]{2,12}令$")
_ISSUER_END = re.compile(
    r"(?:国务院|办公厅|办公室|委员会|人民政府|政府|部|委|局|署|院|厅|会|行|总局|中心|小组|组|党组|人民代表大会)$"
)
_ISSUER_MAX_CHARS = 30
_ENTITY = re.compile(r"&[a-z]+;")  # HTML entities left by web copies (&nbsp;)
_ISSUER_BEFORE_TITLE = re.compile(r"^(.{2,30}?)(?:关于|转发|印发)")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _title_line(line: str) -> bool:
    return (
        len(line) <= _TITLE_MAX_CHARS
        and not _SENTENCE_END.search(line)
        and not _NOT_TITLE_START.match(line)
        and not re.search(r"[，。]", line)  # a sentence broken over lines, not a title
        and sum("\u4e00" <= c <= "\u9fff" for c in line) >= 2  # not a code (JNCR—2022—0040001)
    )


def _wrapped_paragraph(lines: list[str]) -> bool:
    """The text opens with a paragraph hard-wrapped at one width (a PDF copy without its
    heading): its first line is not a title, however short and unpunctuated."""
    if len(lines) < 4:
        return False
    widths = [len(line) for line in lines[1:4]]
    return (
        max(widths) - min(widths) <= 2
        and len(lines[0]) >= min(widths) - 3
        and not any(_SENTENCE_END.search(line) for line in lines[:3])
    )


def _date_line(line: str, today: datetime.date | None = None) -> str:
    return find_date(line, today) if len(line) <= _DATE_LINE_MAX_CHARS else ""


def _is_document_number_line(line: str) -> bool:
    from policytext.extract.references import document_numbers  # references import records, not this module

    found = document_numbers(line)
    return bool(found) and len(line) - (found[0].end - found[0].start) <= 4


def infer_title(text: str) -> str:
    """The heading: the first line when it reads like a title (short, not a sentence or
    salutation), joined with the lines after it when the header shows where the title ends
    (a document number, a salutation 各省、自治区…：, a ——date line): official titles are
    broken over two or three lines. A decree (国务院令 第706号) is titled by what it enacts."""
    lines = _lines(text)[:20]
    if len(lines) > 2 and _DECREE_HEADER.match(lines[0]) and _DECREE_NUMBER.fullmatch(lines[1]):
        dated = next((i for i, line in enumerate(lines) if _date_line(line)), None)
        if dated is not None and dated + 1 < len(lines) and _title_line(lines[dated + 1]):
            return lines[dated + 1]
    from policytext.extract.references import document_numbers

    for n, line in enumerate(lines[:_TITLE_LINES]):
        # the number set on the title's last line when PDF lines were joined: …的批复国函〔2006〕38号
        found = document_numbers(line)
        if found and all(_title_line(above) for above in lines[:n]):
            head = line[: found[0].start]
            if head and len(head) <= _TITLE_MAX_CHARS or not head and n:
                return _CJK_GAP.sub("", _join_title(lines[:n]) + head)
        if n and (_HEADER_END.search(line) or _date_line(line)):
            if all(_title_line(above) for above in lines[:n]):
                return _CJK_GAP.sub("", _join_title(lines[:n]))
            break
    if not lines or not _title_line(lines[0]) or _wrapped_paragraph(lines):
        return ""
    title = lines[0]
    # a title set over two lines with nothing under it to show where it ends: the second line
    # finishes it with the head word (移动智能终端应用软件预置 / 和分发管理暂行规定)
    if len(lines) > 1 and _title_line(lines[1]) and not _ends_in_head_word(title) and _ends_in_head_word(lines[1]):
        title += lines[1]
    return _CJK_GAP.sub("", title)


def _join_title(lines: list[str]) -> str:
    """Title lines joined; a line that repeats the end of the title so far is left out (a web
    copy's page title above the heading: 2026年宁夏回族自治区政府工作报告 / 政府工作报告)."""
    title = ""
    for line in lines:
        if not (title and title.endswith(line)):
            title += line
    return title


def _ends_in_head_word(title: str) -> bool:
    head = _TRAILING_BRACKETS.sub("", title)
    return bool(_kind_of_title(head)) or head.endswith(_HEAD_WORDS)


def infer_doc_number(text: str) -> str:
    """The document's own number (国发〔2018〕39号), normalised: the first one in the header,
    up to the salutation line (各省、自治区…：), that is not a cited one in brackets."""
    from policytext.extract.references import document_numbers

    lines = _lines(text)
    if len(lines) > 1 and _DECREE_HEADER.match(lines[0]) and _DECREE_NUMBER.fullmatch(lines[1]):
        return lines[0].removeprefix("中华人民共和国") + re.sub(r"\s+", "", lines[1])  # 国务院令第706号
    for line in lines[:_HEADER_LINES]:
        for number in document_numbers(line):
            if not line[: number.start].rstrip().endswith(("（", "(")):
                return number.normalized
        if line.endswith(("：", ":")):
            break
    return ""


_AUTHOR_LINE = re.compile(r"^(?:作者|撰稿|撰文|执笔)\s*[:：]\s*(\S.{0,60})$")


def infer_author(text: str, front_matter: str = "") -> str:
    """The author line of an article (作者：张三 李四), from the front matter or the header."""
    for line in _lines(front_matter) + _lines(text)[:_HEADER_LINES]:
        m = _AUTHOR_LINE.match(line)
        if m:
            return re.sub(r"\s+", " ", m.group(1)).strip()
    return ""


def _signature(lines: list[str], today: datetime.date | None = None) -> tuple[str, str]:
    """(issuer, date) of the first signature block: organisation lines right above a date
    line (国务院办公厅 / 二〇〇四年十月十五日). The first, because a forwarded report or an
    appendix after the signature carries signatures of its own."""
    for i, line in enumerate(lines):
        date = _date_line(line, today) if i else ""
        if not date:
            continue
        names: list[str] = []
        for above in reversed(lines[max(0, i - 3) : i]):
            name = re.sub(r"\s+", "、", _ENTITY.sub("", above).strip())  # 国务院办公厅　中央军委办公厅: two issuers
            if len(name) > _ISSUER_MAX_CHARS or not _ISSUER_END.search(name) or _SENTENCE_END.search(name):
                break
            names.insert(0, name)
        if names:
            return "、".join(names), date
    return "", ""


def infer_issuer(text: str, title: str = "", *, today: datetime.date | None = None) -> str:
    """The issuing body: the organisation that opens an official title (国务院办公厅关于…,
    国务院办公厅转发国家教委…: the one forwarding), else the signature line(s) above the date
    of issue, else the body in a decree's header (中华人民共和国国务院令 -> 国务院), else the
    body a report to a congress is given for (我代表国务院，向大会…)."""
    m = _ISSUER_BEFORE_TITLE.match(title)
    if m and _ISSUER_END.search(m.group(1)):
        return m.group(1)
    lines = _lines(text)
    issuer, _ = _signature(lines, today)
    if issuer:
        return issuer
    if lines and _DECREE_HEADER.match(lines[0]):
        return lines[0].removeprefix("中华人民共和国")[:-1]
    for line in lines[:_OPENING_LINES]:  # a report to a congress: 我代表国务院, 我代表北京市人民政府
        m = _REPORTING_BODY.search(line)
        if m:
            return m.group(1).removeprefix("中华人民共和国")
    return ""


_REPORTING_BODY = re.compile(
    r"我(?:现在)?(?:代表|受)((?:中华人民共和国)?国务院|(?!(?:省|市|自治区|区|县)人民政府)[\u4e00-\u9fff]{2,12}?人民政府)"
)


def infer_date(text: str, *, today: datetime.date | None = None) -> str:
    """An ISO date: the date of issue under the signature or on a line of its own at the end,
    else a date line in the header (——2024年3月5日在…, （2023年3月13日…通过）). Not a date in a
    sentence (自2018年5月1日起施行, 于2023年1月13日前报送: when it applies, not when it was
    issued), nor one before 1949-10-01 or after ``today`` (1913年 quoted in a report)."""
    return _text_date(_lines(text), today)[0]


_DATE_FIRST_LINE = re.compile(r"^(?:(?:19|20)\d{2}|[一二三四五六七八九〇○零]{4})年.{1,12}日(?:在|于)")  # 1957年6月26日在…会议上
_DATE_LINE_START = ("——", "—", "――", "―", "（", "(")
# the date of issue on one line at the end: 国家新一代人工智能治理专业委员会2021年9月25日, 山东省人民政府办公厅2019年3月15日印发
_ISSUE_LINE = re.compile(r"^[^，。；：]{0,30}?日\s*(?:印发|发布|公布|签发)?$")
_ISSUE_LINE_MAX_CHARS = 40


def _text_date(lines: list[str], today: datetime.date | None = None) -> tuple[str, str]:
    """(date, source): the signature's date, or a date of issue on a line of its own at the
    end (signature); else a date line in the header (header: ——2024年3月5日在…,
    （2023年3月13日…通过）, a date alone on a line)."""
    _, date = _signature(lines, today)
    if date:
        return date, "signature"
    for line in lines[-_FOOTER_LINES:][::-1]:
        if len(line) <= _ISSUE_LINE_MAX_CHARS and _ISSUE_LINE.match(line) and find_date(line, today):
            return find_date(line, today), "signature"
    for line in lines[:_HEADER_LINES]:
        if (
            _date_line(line, today)
            or (line.startswith(_DATE_LINE_START) or _DATE_FIRST_LINE.match(line))
            and find_date(line, today)
        ):
            return find_date(line, today), "header"
    return "", ""


EARLIEST_DATE = datetime.date(1949, 10, 1)  # the corpus is PRC documents: an earlier date is a quoted one


def find_date(s: str, today: datetime.date | None = None) -> str:
    """The first plausible full date in ``s`` as YYYY-MM-DD (a real day, from 1949-10-01 to
    ``today``), or ''."""
    latest = today or datetime.date.today()
    found = [(m.start(), _arabic(m)) for m in _ARABIC_DATE.finditer(s)]
    found += [(m.start(), _chinese(m)) for m in _CHINESE_DATE.finditer(s)]
    for _, iso in sorted(found):
        if iso and _real_day(iso) and EARLIEST_DATE <= datetime.date.fromisoformat(iso) <= latest:
            return iso
    return ""


def _real_day(iso: str) -> bool:
    try:
        datetime.date.fromisoformat(iso)
    except ValueError:
        return False
    return True


def _arabic(m: re.Match) -> str:
    y, mo, d = (int(g) for g in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else ""


def _chinese(m: re.Match) -> str:
    y = int("".join(str(_CN_DIGITS[c]) for c in m.group(1)))
    mo, d = _small_chinese_number(m.group(2)), _small_chinese_number(m.group(3))
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else ""


def parse_date(s: str) -> str:
    """The first full date in ``s`` (2024年3月5日 or 二〇一八年十二月二十九日) as YYYY-MM-DD, or ''."""
    m = _ARABIC_DATE.search(s)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _CHINESE_DATE.search(s)
        if not m:
            return ""
        y = int("".join(str(_CN_DIGITS[c]) for c in m.group(1)))
        mo, d = _small_chinese_number(m.group(2)), _small_chinese_number(m.group(3))
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return ""


def _small_chinese_number(s: str) -> int:
    """一 … 三十一 (days and months)."""
    if "十" not in s:
        return _CN_DIGITS.get(s, 0)
    tens, _, ones = s.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


# --- the document's context: everything above, with where each field came from ---------------

NO_DATE_WARNING = "no date found in the text or the file name"
SOURCES = ("metadata", "header", "signature", "title", "doc_number", "file_name", "text")


@dataclass(frozen=True)
class DocumentInfo:
    """What a document is, when and by whom, as ``document_info`` read it. ``*_source`` says
    where a field came from: metadata (metadata.csv), header (the heading or a date line under
    it), signature (the date of issue under the signature), title (a heading year:
    2024年政府工作报告; a kind from the title's head word), doc_number (国发〔2018〕39号 ->
    2018), file_name, text (elsewhere in the text); "" when the field is empty."""

    title: str = ""
    date: str = ""  # YYYY-MM-DD, or YYYY (YYYY-MM from metadata) when no more is known
    year: int | None = None
    issuer: str = ""
    doc_number: str = ""
    author: str = ""
    kind: str = ""  # one of KINDS
    title_source: str = ""
    date_source: str = ""
    kind_source: str = ""
    warnings: tuple[str, ...] = ()


def document_info(
    body: str,
    *,
    doc_id: str = "",
    front_matter: str = "",
    known: Metadata | None = None,
    today: datetime.date | None = None,
) -> DocumentInfo:
    """Title, date, year, issuer, document number, author and kind of one document, from
    metadata.csv (``known``, field by field: an empty field does not erase what the text
    says), the text (``body``, normalised) and the file name (``doc_id``).

    The date, in order of preference: metadata; the signature or a date-of-issue line; a
    date line in the header (——2019年3月5日在…: a work report's date is its delivery); a year
    in a work report's heading (2024年政府工作报告); the year of the document's own number
    (国发〔2018〕39号); any other full date in the header or at the end, unless one of those
    years or the file name's contradicts it; a year in the file name (gwr_2019,
    关于…的通知(2018)). Dates before 1949-10-01 or after ``today`` are not used. Nothing is
    guessed: with none of these the date stays empty and a warning says so."""
    known = known or Metadata()
    today = today or datetime.date.today()
    lines = _lines(body)
    stem = PurePosixPath(doc_id).name if doc_id else ""
    title, title_source = (known.title, "metadata") if known.title else (infer_title(body), "header")
    doc_number = infer_doc_number(body)
    known_date = normalise_metadata_date(known.date) or ""  # as load_metadata_csv leaves it; '' if not a date
    date, date_source = (known_date, "metadata") if known_date else _best_date(lines, title, doc_number, stem, today)
    year = int(date[:4]) if date else None
    if not title:
        title, title_source = file_name_title(stem), "file_name"
    if not title:
        title, title_source = title_from_text(lines, year=year), "text"
    if not title:
        title_source = ""
    kind, kind_source = infer_kind(title, body, front_matter)
    if kind_source == "title" and title_source in ("file_name", "text"):
        kind_source = title_source  # the head word of a title read from the file name or the text
    if known.kind in KINDS:
        kind, kind_source = known.kind, "metadata"
    elif known.kind in COARSE_KINDS and kind == "work_report":  # metadata says it is not one
        kind, kind_source = "other", "metadata"
    return DocumentInfo(
        title=title,
        date=date,
        year=year,
        issuer=known.issuer or infer_issuer(body, title, today=today),
        doc_number=doc_number,
        author=infer_author(body, front_matter),
        kind=kind,
        title_source=title_source,
        date_source=date_source if date else "",
        kind_source=kind_source,
        warnings=() if date else (NO_DATE_WARNING,),
    )


_HEADING_YEAR = re.compile(r"^((?:19|20)\d{2}|[一二三四五六七八九〇○零]{4})年.{0,30}工作报告$")
_DOC_NUMBER_YEAR = re.compile(r"〔(\d{4})〕")


def _best_date(lines: list[str], title: str, doc_number: str, stem: str, today: datetime.date) -> tuple[str, str]:
    """(date, source) from the text and the file name, in the order document_info describes."""
    date, source = _text_date(lines, today)
    if source in ("signature", "header"):
        return date, source
    years = [
        (heading_year(title, today), "title"),
        (_doc_number_year(doc_number, today), "doc_number"),
        (file_name_year(stem, today), "file_name"),
    ]
    known_years = [(y, s) for y, s in years if y is not None]
    if date and all(y == int(date[:4]) for y, _ in known_years):
        return date, source  # a full date in the header or at the end that no year contradicts
    if known_years:
        return str(known_years[0][0]), known_years[0][1]
    return "", ""


def _plausible_year(year: int, today: datetime.date) -> bool:
    return EARLIEST_DATE.year <= year <= today.year


def heading_year(title: str, today: datetime.date | None = None) -> int | None:
    """The year a work report's heading names (2024年政府工作报告, 一九五四年…政府工作报告)."""
    m = _HEADING_YEAR.match(_TRAILING_BRACKETS.sub("", title))
    if not m:
        return None
    year = int("".join(str(_CN_DIGITS.get(c, c)) for c in m.group(1)))
    return year if _plausible_year(year, today or datetime.date.today()) else None


def _doc_number_year(number: str, today: datetime.date) -> int | None:
    m = _DOC_NUMBER_YEAR.search(number)
    return int(m.group(1)) if m and _plausible_year(int(m.group(1)), today) else None


# a 4-digit year alone in a file name: not part of a longer number, not one end of a range (2021-2025)
_FILE_YEAR = re.compile(r"(?<![\d\-—–~至到])(\d{4})(?![\d\-—–~至到]|\s*[-—–~至到]\s*\d)")
_FILE_YEAR_BRACKETED = re.compile(r"[(（\[【〔](\d{4})(?:年)?[)）\]】〕]")


def file_name_year(stem: str, today: datetime.date | None = None) -> int | None:
    """A year in a file name (gwr_2019, prov_gwr_2026_beijing, sc_guofa_2018_39,
    2024年政府工作报告, 关于…的通知(2018)): a bracketed year first, else the first 4-digit
    number from 1949 to this year that is not part of a longer number or of a range."""
    latest = today or datetime.date.today()
    for pattern in (_FILE_YEAR_BRACKETED, _FILE_YEAR):
        for m in pattern.finditer(stem):
            if _plausible_year(int(m.group(1)), latest):
                return int(m.group(1))
    return None


_TRAILING_BRACKETS = re.compile(r"(?:\s*[（(][^（）()]{0,20}(?:[)）]|$))+$")  # （试行）（2021—2025年）（摘要）
_FILE_TITLE_NOISE = re.compile(r"(?:[\s_\-]*[(（\[【〔]\d{4}(?:年)?[)）\]】〕]|[\s_\-]+\d{4})$")  # …的通知(2018)
_FILE_TITLE_LEAD = re.compile(r"^\d{1,3}[\s._\-、]+")  # 01_关于…
_TITLE_OPENING = re.compile(r"^(?:.{0,30}?)(?:关于|转发|印发)")


def file_name_title(stem: str) -> str:
    """A file name that is a title (关于…的通知(2018), 2024年政府工作报告): Chinese, not a
    sentence, opening with 关于 or ending in a document's head word (通知, 意见, 报告 …).
    The bracketed year and a leading number (01_) are left out; other names give ''."""
    name = _FILE_TITLE_LEAD.sub("", _FILE_TITLE_NOISE.sub("", stem.strip())).strip()
    cjk = sum("\u4e00" <= c <= "\u9fff" for c in name)
    if cjk < 4 or len(name) > _TITLE_MAX_CHARS or re.search(r"[。；！？!?;]", name):
        return ""
    head = _TRAILING_BRACKETS.sub("", name)
    if _TITLE_OPENING.match(head) or head.endswith(_HEAD_WORDS) or _kind_of_title(head):
        return name
    return ""


_HEAD_WORDS = ("报告", "指南", "指引", "要点", "公报", "标准", "规范", "纪要", "说明", "答复", "技术要求", "体系")
_OPENING_LINES = 5
_WORK_REPORT_OPENING = re.compile(r"^各位代表")
_GOVERNMENT_WORK = re.compile(
    r"作政府工作报告|报告[^，。；]{0,12}?政府[^，。；]{0,6}?工作|政府工作报告"
    # the government reporting to the congress: 我代表国务院向大会报告过去五年的工作, …向大会作报告
    r"|(?:代表|受)[^，。；]{0,12}?(?:国务院|人民政府|政府)[^。；]{0,40}?向[^。；]{0,30}?(?:大会|会议)[^。；]{0,4}?(?:作|提出)?报告"
)
_REPORT_ON = re.compile(r"(?:作|提出)(关于[^，。；]{2,60}?的报告)")
_RESOLUTION = re.compile(
    r"^(.{2,40}?人民代表大会[^，。；]{0,20}?会议)听取(?:和|并)?(?:审议)?了[^。；]{0,40}?所?作的((?:政府)?工作报告|[^，。；的]{2,30}?报告)"
)
_ISSUING = re.compile(
    r"现将《([^》]{2,60})》印发给你们|^《([^》]{2,60})》已经[^。；]{0,40}?(?:通过|同意|审定)[^。；]{0,12}?现(?:予)?印发"
)
_ENACTING = re.compile(r"^《([^》]{2,60})》已经[^。；]{0,40}?通过[^。；]{0,12}?现(?:予)?(?:公布|发布)")


def title_from_text(lines: list[str], *, year: int | None = None) -> str:
    """A title the text states where it has no heading: a report to a people's congress
    (各位代表：…我代表国务院向大会作政府工作报告 -> 2019年政府工作报告, with the document's
    year when it is known; …作关于X的报告 -> 关于X的报告), a congress's resolution on a report
    (X会议听取和审议了…所作的政府工作报告 -> X会议关于政府工作报告的决议), a notice issuing a
    document (现将《X》印发给你们 -> 关于印发《X》的通知) or enacting one (《X》已经…通过，现予公布 -> X)."""
    opening = lines[:_OPENING_LINES]
    if opening and _WORK_REPORT_OPENING.match(opening[0]):
        text = "\n".join(opening)
        on, work = _REPORT_ON.search(text), _GOVERNMENT_WORK.search(text)
        if on and (not work or on.start() < work.start()):
            return on.group(1)
        if work:
            return f"{year}年政府工作报告" if year else "政府工作报告"
        return ""
    if opening:
        m = _RESOLUTION.match(opening[0])
        if m:
            return f"{m.group(1)}关于{m.group(2)}的决议"
    for line in opening:
        m = _ISSUING.search(line)
        if m:
            return f"关于印发《{m.group(1) or m.group(2)}》的通知"
        m = _ENACTING.match(line)
        if m:
            return m.group(1)
    return ""


# the head word that ends a title -> kind; longer words first (办法 before 法, 工作报告 before 报告)
_TITLE_KINDS = (
    ("工作报告", "work_report"),
    ("决议", "decision"),
    ("决定", "decision"),
    ("批复", "reply"),
    ("复函", "reply"),
    ("答复", "reply"),
    ("函", "reply"),
    ("通知", "notice"),
    ("通告", "notice"),
    ("公告", "notice"),
    ("通报", "notice"),
    ("意见", "opinion"),
    ("办法", "measures"),
    ("细则", "measures"),
    ("措施", "measures"),
    ("政策", "measures"),
    ("条例", "law"),
    ("规定", "law"),
    ("规则", "law"),
    ("规划", "plan"),
    ("纲要", "plan"),
    ("行动计划", "plan?"),
    ("行动方案", "plan?"),
    ("实施方案", "plan?"),
    ("工作方案", "plan?"),
    ("方案", "plan?"),
    ("计划", "plan?"),
    ("讲话", "speech"),
    ("致辞", "speech"),
    ("发言", "speech"),
    ("演讲", "speech"),
)
_NOT_LAW = ("办法", "方法", "做法", "想法", "手法", "说法", "看法", "用法", "写法", "技法")
# a plan sets targets: 主要目标, 到2025年, 力争 …
_TARGETS = re.compile(r"(?:主要|发展|总体|工作|行动|具体|预期)目标|到(?:19|20)\d{2}年|力争")
# 本办法 at the start of a clause (第二条本办法适用于…), not inside a word (基本规则, 资本市场)
_SELF_REFERENCE = re.compile(
    r"(?:(?<![\u4e00-\u9fff])|(?<=[条款]))本(办法|细则|措施|条例|规定|规则|规划|纲要|行动计划|实施方案|方案|计划|意见|通知|决定|决议)"
)
_NOTICE_TEXT = re.compile(r"现将《[^》]{2,60}》印发给你们|现印发给你们|特此通知|通知如下")
_OPINION_TEXT = re.compile(r"(?:提出|现提出)(?:如下|以下)意见|意见如下")


def _kind_of_title(title: str) -> str:
    """The kind a title's head word names ("plan?" for 方案/计划: a plan if it sets targets), or ''."""
    for word, kind in _TITLE_KINDS:
        if title.endswith(word):
            return kind
    if title.endswith("法") and not title.endswith(_NOT_LAW):
        return "law"
    return ""


def infer_kind(title: str, body: str, front_matter: str = "") -> tuple[str, str]:
    """(kind, source): the title's head word (source title: 关于…的通知 -> notice, 2024年政府
    工作报告 -> work_report, …条例 -> law; 方案 and 计划 are a plan where the text sets targets),
    else the text (source text): an article's author line or abstract, a report to a people's
    congress (各位代表：…报告), a congress's resolution, 现将…印发给你们 or 特此通知 (notice),
    提出如下意见 (opinion), the word the text calls itself most (本办法, 本规划 …). ``other``
    when none says."""
    head = _TRAILING_BRACKETS.sub("", title)
    kind = _kind_of_title(head)
    if kind:
        if kind == "plan?":
            kind = "plan" if _TARGETS.search(body) else "other"
        return kind, "title"
    lines = _lines(body)
    opening = lines[:_OPENING_LINES]
    if infer_author(body, front_matter) or re.search(r"摘\s*要|关键词|关键字", front_matter):
        return "article", "text"
    if opening and _WORK_REPORT_OPENING.match(opening[0]) and "报告" in "".join(opening):
        return "work_report", "text"
    if opening and _RESOLUTION.match(opening[0]):
        return "decision", "text"
    if _NOTICE_TEXT.search("\n".join(opening)) or _NOTICE_TEXT.search("\n".join(lines[-_FOOTER_LINES:])):
        return "notice", "text"
    if _OPINION_TEXT.search("\n".join(opening)):
        return "opinion", "text"
    counts: dict[str, int] = {}
    for m in _SELF_REFERENCE.finditer(body):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    if counts:
        word = max(counts, key=lambda w: counts[w])
        kind = _kind_of_title(word)
        return ("plan" if _TARGETS.search(body) else "other") if kind == "plan?" else kind, "text"
    return "other", "title" if title else "text"


def unread_fields(known: Metadata | None) -> dict:
    """The DocumentResult fields a file that could not be read still gets from its
    metadata.csv row: title, date, issuer, its year and kind, with source metadata."""
    if not known:
        return {}
    kind = known.kind if known.kind in KINDS else ""
    return {
        "title": known.title,
        "date": known.date,
        "issuer": known.issuer,
        "year": int(known.date[:4]) if known.date else None,
        "kind": kind,
        "title_source": "metadata" if known.title else "",
        "date_source": "metadata" if known.date else "",
        "kind_source": "metadata" if kind else "",
    }
