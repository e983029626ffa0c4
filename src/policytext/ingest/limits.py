"""How much one file may take: bounds checked before anything is read or decompressed.

A policy document is rarely over 1 MB, but a folder from the wild can hold a decompression
bomb (a 1 MB .docx that expands to 1 GiB, a PDF stream that inflates without end) or a
huge web page. Each bound below is checked from what can be known cheaply first (the file's
size on disk, the zip directory, the PDF's page count) and again while decoding, so a file
over one is reported with a reason and never read whole into memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from policytext.errors import DocumentTooLargeError

MiB = 2**20


@dataclass(frozen=True)
class ReadLimits:
    """Bounds on one input file. The defaults read any real policy document and stop a bomb
    within a few hundred MiB of memory; every violation is a ``too_large`` read error."""

    file_bytes: int = 20 * MiB  # any file as stored (--max-file-size)
    text_bytes: int = 100 * MiB  # a .txt/.md file: decoded whole, then segmented
    html_bytes: int = 50 * MiB  # a web page: the parser holds several copies of it
    zip_member_bytes: int = 200 * MiB  # a member of a .docx once decompressed, as its zip directory says
    zip_ratio: float = 100.0  # uncompressed / compressed size of a member; Word's XML is 5-30
    zip_ratio_min_bytes: int = 1 * MiB  # smaller members are not judged by ratio: a tiny file may compress 200:1
    pdf_pages: int = 2000
    pdf_stream_bytes: int = 50 * MiB  # one PDF stream once decompressed (content, fonts, images)
    pdf_text_chars: int = 20_000_000  # text of a PDF's text layer; 2,000 dense pages hold about 4 M

    def check_stored(self, size: int, suffix: str) -> None:
        """Raise DocumentTooLargeError when a file of ``size`` bytes must not be read at all."""
        if size > self.file_bytes:
            raise DocumentTooLargeError(
                f"file is {size / MiB:.1f} MB, over the {self.file_bytes / MiB:.0f} MB limit (raise it with --max-file-size)"
            )
        # read whole and decoded as they are: their size on disk is their size in memory
        bound, kind = {
            ".txt": (self.text_bytes, "text files"),
            ".md": (self.text_bytes, "text files"),
            ".html": (self.html_bytes, "web pages"),
            ".htm": (self.html_bytes, "web pages"),
        }.get(suffix.lower(), (0, ""))
        if bound and size > bound:  # binds only when --max-file-size was raised above it
            raise DocumentTooLargeError(f"over the size limit for {kind} ({format_size(size)} > {format_size(bound)})")

    def check_zip_member(self, name: str, file_size: int, compress_size: int) -> None:
        """A zip member judged from the archive's directory, before a byte of it is inflated."""
        if file_size > self.zip_member_bytes:
            raise DocumentTooLargeError(
                f"over the size limit after decompression "
                f"({name}: {format_size(file_size)} > {format_size(self.zip_member_bytes)})"
            )
        ratio = file_size / max(compress_size, 1)
        if file_size > self.zip_ratio_min_bytes and ratio > self.zip_ratio:
            raise DocumentTooLargeError(
                f"over the compression-ratio limit ({name} expands {ratio:,.0f}:1 > {self.zip_ratio:,.0f}:1; "
                "probably a decompression bomb)"
            )


DEFAULT_READ_LIMITS = ReadLimits()  # frozen: a shared default, not state


def format_size(n: float) -> str:
    """1073741824 -> '1.0 GiB', 209715200 -> '200 MiB', 2048 -> '2.0 KiB'."""
    for unit, size in (("GiB", 2**30), ("MiB", MiB), ("KiB", 2**10)):
        if n >= size:
            value = n / size
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    return f"{n:.0f} B"
