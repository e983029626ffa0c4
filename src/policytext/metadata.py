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


def infer_title(text: str) -> str:
    """The first line, when it reads like a title: short and not a sentence or salutation."""
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if len(line) <= _TITLE_MAX_CHARS and not _SENTENCE_END.search(line) and not line.startswith(("——", "—")):
            return line
        return ""
    return ""


def infer_date(text: str) -> str:
    """An ISO date from the header (e.g. ——2024年3月5日在…) or, failing that, the signature at the end."""
    lines = [line for line in text.split("\n") if line.strip()]
    for block in (lines[:_HEADER_LINES], lines[-_FOOTER_LINES:][::-1]):
        for line in block:
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
