"""Document metadata: the optional metadata.csv of a corpus, and what the text makes obvious."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from policytext.errors import DocumentReadError
from policytext.ingest.encoding import decode_text


@dataclass(frozen=True)
class Metadata:
    title: str = ""
    date: str = ""
    issuer: str = ""


def load_metadata_csv(path: Path) -> tuple[dict[str, Metadata], list[str]]:
    """Rows of a metadata.csv keyed by ``id``; returns ``(rows, warnings)``.

    A broken metadata file is a warning, not a failure: the documents are still worth
    processing without it.
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
    for raw in reader:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        if row.get("id"):
            rows[row["id"]] = Metadata(row.get("title", ""), row.get("date", ""), row.get("issuer", ""))
    return rows, []


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
_NOT_TITLE_START = re.compile(r"^(?:——|—|第[一二三四五六七八九十百\d]+[章节条]|[一二三四五六七八九十]+、|[（(])")
_HEADER_END = re.compile(r"[：:]$|^(?:——|—|[（(]\s*(?:19|20)\d{2}|[（(][一二三四五六七八九〇○]{4}年)")
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
    return len(line) <= _TITLE_MAX_CHARS and not _SENTENCE_END.search(line) and not _NOT_TITLE_START.match(line)


def _date_line(line: str) -> str:
    return parse_date(line) if len(line) <= _DATE_LINE_MAX_CHARS else ""


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
                return _CJK_GAP.sub("", "".join(lines[:n]) + head)
        if n and (_HEADER_END.search(line) or _date_line(line)):
            if all(_title_line(above) for above in lines[:n]):
                return _CJK_GAP.sub("", "".join(lines[:n]))
            break
    return _CJK_GAP.sub("", lines[0]) if lines and _title_line(lines[0]) else ""


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


def _signature(lines: list[str]) -> tuple[str, str]:
    """(issuer, date) of the first signature block: organisation lines right above a date
    line (国务院办公厅 / 二〇〇四年十月十五日). The first, because a forwarded report or an
    appendix after the signature carries signatures of its own."""
    for i, line in enumerate(lines):
        date = _date_line(line) if i else ""
        if not date:
            continue
        names = []
        for above in reversed(lines[max(0, i - 3) : i]):
            name = re.sub(r"\s+", "、", _ENTITY.sub("", above).strip())  # 国务院办公厅　中央军委办公厅: two issuers
            if len(name) > _ISSUER_MAX_CHARS or not _ISSUER_END.search(name) or _SENTENCE_END.search(name):
                break
            names.insert(0, name)
        if names:
            return "、".join(names), date
    return "", ""


def infer_issuer(text: str, title: str = "") -> str:
    """The issuing body: the organisation that opens an official title (国务院办公厅关于…,
    国务院办公厅转发国家教委…: the one forwarding), else the signature line(s) above the date
    of issue, else the body in a decree's header (中华人民共和国国务院令 -> 国务院)."""
    m = _ISSUER_BEFORE_TITLE.match(title)
    if m and _ISSUER_END.search(m.group(1)):
        return m.group(1)
    lines = _lines(text)
    issuer, _ = _signature(lines)
    if issuer:
        return issuer
    if lines and _DECREE_HEADER.match(lines[0]):
        return lines[0].removeprefix("中华人民共和国")[:-1]
    return ""


def infer_date(text: str) -> str:
    """An ISO date: the date of issue under the signature, else a date line in the header
    (——2024年3月5日在…), else any full date in the header or, last, at the end."""
    lines = _lines(text)
    _, date = _signature(lines)
    if date:
        return date
    for line in lines[:_HEADER_LINES]:
        if _date_line(line) or line.startswith(("——", "—", "（", "(")) and parse_date(line):
            return parse_date(line)
    for line in lines[:_HEADER_LINES] + lines[-_FOOTER_LINES:][::-1]:
        found = parse_date(line)
        if found:
            return found
    return ""


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
