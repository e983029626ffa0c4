"""A new extractor in one module: the worked example of docs/architecture.md, run by
tests/stages/test_registry.py. Deadlines: 自执业之日起30日内, 15个工作日内, 2025年底前."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from policytext.stage import DocumentStage, StageInput, Table, document_records, option, ran, record_columns

_DEADLINE = re.compile(r"(\d+)个?(工作日|日|个月)内|((?:19|20)\d{2})年(?:底|末)?前")


@dataclass(frozen=True)
class Deadline:
    doc_id: str  # records start with doc_id
    sentence_id: int
    start: int
    end: int
    text: str
    days: int | None  # 30日内 -> 30, 15个工作日内 -> 15 (working days), None for a year
    working_days: bool


@dataclass(frozen=True)
class DeadlineOptions:
    max_days: str = option(kind="text", default="365", help="Longest deadline in days kept (longer ones are periods).")


def prepare(options: DeadlineOptions) -> None:
    if not options.max_days.isdigit():
        raise ValueError(f"--max-days must be a whole number, not {options.max_days!r}")


def find_deadlines(doc: StageInput, options: DeadlineOptions) -> list[Deadline]:
    starts = [s.start for s in doc.sentences]
    out = []
    for m in _DEADLINE.finditer(doc.text):
        days = int(m.group(1)) * (30 if m.group(2) == "个月" else 1) if m.group(1) else None
        if days is not None and days > int(options.max_days):
            continue
        sentence = doc.sentences[bisect.bisect_right(starts, m.start()) - 1]
        out.append(Deadline(doc.doc_id, sentence.sentence_id, m.start(), m.end(), m.group(), days, m.group(2) == "工作日"))
    return out


def summary_line(result) -> str:
    return f"deadlines: {sum(len(d.records.get('deadlines', ())) for d in result.processed)}"


def report_section(result, pictures: frozenset[str]) -> str:
    found = [x for d in result.processed for x in d.records.get("deadlines", ())]
    return f"<h2>Deadlines</h2><p>{len(found)} deadlines (deadlines.csv)</p>"


COLUMNS = record_columns(Deadline)
STAGE = DocumentStage(
    name="deadlines",
    records="deadlines",
    record_type=Deadline,
    title="deadlines",
    help="Skip deadlines (deadlines.csv).",
    run=find_deadlines,
    options=DeadlineOptions,
    prepare=prepare,
    tables=(Table("deadlines", COLUMNS, document_records("deadlines", COLUMNS), ran("deadlines")),),
    report=report_section,
    summary=summary_line,
)
