"""Decompression bombs and oversized files are refused before they are read whole (issue 20).

The bombs are built here, in tmp_path, in chunks: a 300 MiB document.xml is about 300 KB on disk.
"""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile

import pytest

from conftest import REPORT_TEXT, docx_bomb, docx_bytes, docx_entity_bomb, pdf_bomb, pdf_bytes
from policytext.errors import DocumentReadError, DocumentTooLargeError
from policytext.ingest import read_source
from policytext.ingest.formats import read_bytes_as_text
from policytext.ingest.limits import DEFAULT_READ_LIMITS, ReadLimits, format_size

MiB = 2**20


def refused(path, limits: ReadLimits = DEFAULT_READ_LIMITS) -> tuple[DocumentReadError, float, int]:
    """The read error of ``path``, the seconds it took and the peak of Python memory (bytes) meanwhile."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(DocumentReadError) as err:
            read_source(path, limits=limits)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return err.value, seconds, peak


def test_a_docx_expanding_past_the_member_limit_is_refused_from_the_zip_directory(tmp_path):
    bomb = docx_bomb(tmp_path / "bomb.docx", 300 * MiB)
    assert bomb.stat().st_size < 2 * MiB
    error, seconds, peak = refused(bomb)
    assert isinstance(error, DocumentTooLargeError) and error.reason == "too_large"
    assert error.message == "over the size limit after decompression (word/document.xml: 300 MiB > 200 MiB)"
    assert seconds < 1 and peak < 8 * MiB  # nothing inflated: the file itself and the zip directory


def test_a_docx_with_a_bomb_ratio_under_the_size_limit_is_refused(tmp_path):
    error, seconds, peak = refused(docx_bomb(tmp_path / "ratio.docx", 20 * MiB))
    assert error.reason == "too_large"
    assert "over the compression-ratio limit (word/document.xml expands" in error.message
    assert "> 100:1; probably a decompression bomb" in error.message
    assert seconds < 1 and peak < 4 * MiB


def test_a_zip_directory_that_lies_about_a_size_gets_no_further():
    """The directory says 1 KiB for 8 MiB: zipfile inflates no more than it was told, then the CRC fails."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document>" + b" " * (8 * MiB) + b"</w:document>")
    data = bytearray(buf.getvalue())
    struct.pack_into("<I", data, data.rfind(b"PK\x01\x02") + 24, 1024)  # the uncompressed size in the directory
    tracemalloc.start()
    try:
        with pytest.raises(DocumentReadError) as err:
            read_bytes_as_text(bytes(data), ".docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.value.reason == "corrupt" and "CRC" in err.value.message
    assert peak < MiB


def test_a_docx_declaring_entities_is_refused(tmp_path):
    error, seconds, peak = refused(docx_entity_bomb(tmp_path / "laughs.docx"))
    assert error.reason == "unsafe"
    assert "declares a DTD" in error.message
    assert seconds < 1 and peak < MiB


def test_an_ordinary_docx_passes_every_check():
    text, _, _ = read_bytes_as_text(docx_bytes(REPORT_TEXT.splitlines()), ".docx")
    assert text.startswith("政府工作报告")


def test_a_pdf_stream_inflating_past_the_limit_is_stopped(tmp_path):
    bomb = pdf_bomb(tmp_path / "bomb.pdf", 64 * MiB)
    assert bomb.stat().st_size < 2 * MiB
    error, seconds, peak = refused(bomb, ReadLimits(pdf_stream_bytes=4 * MiB))
    assert error.reason == "too_large"
    assert error.message.startswith("over the size limit after decompression (a PDF stream over 4.0 MiB")
    assert peak < 40 * MiB


def test_a_pdf_stream_under_the_limit_is_read(tmp_path):
    text, _, _ = read_bytes_as_text(pdf_bomb(tmp_path / "fine.pdf", MiB).read_bytes(), ".pdf")
    assert "Made in China 2025" in text


def test_a_pdf_over_the_page_limit_is_refused_before_its_pages_are_read(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(21):
        writer.add_blank_page(100, 100)
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(DocumentTooLargeError) as err:
        read_bytes_as_text(buf.getvalue(), ".pdf", limits=ReadLimits(pdf_pages=20))
    assert err.value.message == "over the page limit (21 pages > 20)"


def test_a_pdf_over_the_text_limit_is_refused():
    with pytest.raises(DocumentTooLargeError) as err:
        read_bytes_as_text(pdf_bytes("Made in China 2025 plan"), ".pdf", limits=ReadLimits(pdf_text_chars=10))
    assert err.value.message.startswith("over the text limit after decompression (more than 10 characters")


@pytest.mark.parametrize(
    ("name", "limits", "message"),
    [
        ("page.html", ReadLimits(file_bytes=10 * MiB, html_bytes=MiB), "over the size limit for web pages (2.0 MiB > 1.0 MiB)"),
        ("notes.txt", ReadLimits(file_bytes=10 * MiB, text_bytes=MiB), "over the size limit for text files (2.0 MiB > 1.0 MiB)"),
        ("notes.txt", ReadLimits(file_bytes=MiB), "file is 2.0 MB, over the 1 MB limit (raise it with --max-file-size)"),
    ],
)
def test_text_and_web_pages_are_bounded_by_their_size_on_disk(tmp_path, monkeypatch, name, limits, message):
    path = tmp_path / name
    path.write_bytes(b"<p>" + b"x" * (2 * MiB - 3))
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("read before the size was checked"))
    with pytest.raises(DocumentTooLargeError) as err:
        read_source(path, limits=limits)
    assert err.value.message == message


def test_format_size():
    assert [format_size(n) for n in (2**30, 200 * MiB, 1.5 * MiB, 2048, 10)] == [
        "1.0 GiB",
        "200 MiB",
        "1.5 MiB",
        "2.0 KiB",
        "10 B",
    ]


def test_a_run_reports_each_bomb_and_processes_every_other_document(tmp_path):
    import csv

    from click.testing import CliRunner

    from policytext.cli import main

    root = tmp_path / "corpus"
    root.mkdir()
    (root / "report.txt").write_text(REPORT_TEXT, encoding="utf-8")
    (root / "plan.docx").write_bytes(docx_bytes(["数字中国建设整体布局规划", "加快建设网络强国、数字中国，发展数字经济。"]))
    docx_bomb(root / "bomb.docx", 300 * MiB)
    docx_bomb(root / "ratio.docx", 20 * MiB)
    pdf_bomb(root / "stream.pdf", 64 * MiB)
    out = tmp_path / "out"
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["run", str(root), "-o", str(out), "--workers", "1", "--no-ner", "--wordclouds", "none"])
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - started < 30
    assert "2 document(s) processed, 3 failed, 0 skipped" in result.output
    errors = {row["doc_id"]: row for row in csv.DictReader((out / "errors.csv").open(encoding="utf-8-sig"))}
    assert {k: e["reason"] for k, e in errors.items()} == {"bomb": "too_large", "ratio": "too_large", "stream": "too_large"}
    assert errors["bomb"]["error"] == "over the size limit after decompression (word/document.xml: 300 MiB > 200 MiB)"
    assert "failed: bomb.docx: over the size limit after decompression" in result.output
