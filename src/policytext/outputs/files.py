"""Atomic file writing: a crash leaves the old file or no file, never half a file.

CSV cells are neutralised for spreadsheets on the way out (``neutralise_formula``); the
records and the API's DataFrames keep the text as the documents have it.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it over ``target`` only on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
# (tab and CR too: some spreadsheets strip them and read on); OWASP "CSV Injection".
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(cell: object) -> object:
    """A text cell that a spreadsheet would run as a formula, with a leading apostrophe, which
    spreadsheets show as text and hide. Numbers are left alone: -3.5 stays a number."""
    if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS):
        return "'" + cell
    return cell


def restore_formula(cell: object) -> object:
    """The text ``neutralise_formula`` was given: the apostrophe before a trigger taken off."""
    if isinstance(cell, str) and cell.startswith("'") and cell[1:2] and cell[1] in FORMULA_TRIGGERS:
        return cell[1:]
    return cell


def write_csv(target: Path, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Write a CSV that Excel opens with Chinese intact (UTF-8 with BOM) and that cannot start a
    formula: every text cell goes through ``neutralise_formula``. Returns the row count."""
    n = 0
    with atomic_path(target) as tmp:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([neutralise_formula(cell) for cell in row])
                n += 1
            f.flush()
            os.fsync(f.fileno())
    return n


def csv_rows(rows: Iterable[Sequence]) -> tuple[str, int]:
    """Rows formatted as ``write_csv`` writes them (cells neutralised), and how many: a part of
    a CSV made where the rows are (a worker), joined into the file later (``write_csv_parts``)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    n = 0
    for row in rows:
        writer.writerow([neutralise_formula(cell) for cell in row])
        n += 1
    return buffer.getvalue(), n


def write_csv_parts(target: Path, columns: Sequence[str], parts: Iterable[tuple[str, int]]) -> int:
    """``write_csv`` of rows already formatted by ``csv_rows``: (text, rows) parts in order.
    Returns the row count."""
    n = 0
    with atomic_path(target) as tmp:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerow(columns)
            for text, rows in parts:
                f.write(text)
                n += rows
            f.flush()
            os.fsync(f.fileno())
    return n


def write_text(target: Path, text: str) -> None:
    with atomic_path(target) as tmp:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
