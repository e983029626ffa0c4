"""Turn one file of a supported format into plain text.

Each reader takes the file's bytes and returns ``(text, encoding, warnings)``; it raises
DocumentReadError with a plain reason when the file is corrupt or has no text, and
DocumentTooLargeError when it would expand past a bound of ``ReadLimits``, before it does.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from contextlib import AbstractContextManager, nullcontext
from html.parser import HTMLParser
from xml.etree import ElementTree

from policytext.errors import DocumentReadError, DocumentTooLargeError
from policytext.ingest.encoding import decode_text
from policytext.ingest.limits import DEFAULT_READ_LIMITS, ReadLimits, format_size

TEXT_SUFFIXES = frozenset({".txt", ".md"})
SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".docx", ".pdf", ".html", ".htm"})

Decoded = tuple[str, str, tuple[str, ...]]


def read_bytes_as_text(data: bytes, suffix: str, *, limits: ReadLimits = DEFAULT_READ_LIMITS) -> Decoded:
    suffix = suffix.lower()
    limits.check_stored(len(data), suffix)
    if suffix in TEXT_SUFFIXES:
        return decode_text(data)
    if suffix == ".docx":
        return _read_docx(data, limits), "docx", ()
    if suffix == ".pdf":
        return _read_pdf(data, limits)
    if suffix in (".html", ".htm"):
        return _read_html(data)
    raise DocumentReadError("unsupported", f"unsupported file type {suffix or '(none)'}")


# --- Word -------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _read_docx(data: bytes, limits: ReadLimits) -> str:
    """Paragraph text of word/document.xml; a .docx is a zip of XML, no library needed."""
    try:
        xml = read_zip_member(data, "word/document.xml", limits)
        if _declares_dtd(xml):
            raise DocumentReadError(
                "unsafe", "Word file declares a DTD (<!DOCTYPE>), which Word never writes; not read (entity expansion)"
            )
        root = ElementTree.fromstring(xml)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, EOFError) as exc:
        raise DocumentReadError("corrupt", f"corrupt Word file ({_short(exc)})") from None
    paragraphs = []
    for para in root.iter(f"{_W}p"):
        parts = []
        for node in para.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    text = "\n".join(paragraphs)
    if not text.strip():
        raise DocumentReadError("empty", "Word file contains no text")
    return text


def read_zip_member(data: bytes, name: str, limits: ReadLimits) -> bytes:
    """One member of a zip archive (any zip-based format). Every member's size and compression
    ratio are checked from the zip directory before anything is inflated. A directory that
    lies gets no further: asked for its declared size, zipfile inflates at most that much
    (and a CRC error follows)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            limits.check_zip_member(info.filename, info.file_size, info.compress_size)
        declared = archive.getinfo(name).file_size
        with archive.open(name) as member:
            content = member.read(declared + 1)
    if len(content) > limits.zip_member_bytes:  # cannot happen with zipfile as it is; cheap to be sure
        raise DocumentTooLargeError(
            f"over the size limit after decompression ({name}: more than {format_size(limits.zip_member_bytes)})"
        )
    return content


_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")


def _declares_dtd(xml: bytes) -> bool:
    """A DOCTYPE in the prolog (before the first element) is the only place entities are declared."""
    first = _FIRST_ELEMENT.search(xml)
    return b"<!DOCTYPE" in xml[: first.start() if first else len(xml)]


# --- PDF --------------------------------------------------------------------------------


def _read_pdf(data: bytes, limits: ReadLimits) -> Decoded:
    try:
        from pypdf import PdfReader
        from pypdf import errors as pdf_errors
    except ImportError:  # pragma: no cover - pypdf is a hard dependency
        raise DocumentReadError("unsupported", "reading PDF needs pypdf: pip install pypdf") from None
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it logs every odd xref to stderr
    limit_reached = getattr(pdf_errors, "LimitReachedError", ())  # how recent pypdf stops a stream at its bound
    try:
        with _pdf_stream_limits(limits):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise DocumentReadError("encrypted", "PDF is encrypted with a password")
            pages = _pdf_pages_text(reader, limits)
    except DocumentReadError:
        raise
    except limit_reached as exc:
        raise DocumentTooLargeError(
            f"over the size limit after decompression (a PDF stream over {format_size(limits.pdf_stream_bytes)}: {_short(exc)})"
        ) from None
    except (pdf_errors.PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentReadError("corrupt", f"corrupt PDF ({_short(exc)})") from None
    text = "\f".join(pages)  # page breaks, so normalise can find running headers and page numbers
    if not text.strip():
        raise DocumentReadError(
            "no_text_layer",
            f"PDF has no text layer ({len(pages)} page(s), probably scanned images); run OCR on it first",
        )
    return text, "pdf", ()


def _pdf_pages_text(reader, limits: ReadLimits) -> list[str]:
    """Each page's text; the page count is checked before any page is decoded, the text as it grows."""
    count = len(reader.pages)
    if count > limits.pdf_pages:
        raise DocumentTooLargeError(f"over the page limit ({count:,} pages > {limits.pdf_pages:,})")
    pages, chars = [], 0
    for page in reader.pages:
        pages.append(page.extract_text() or "")
        chars += len(pages[-1])
        if chars > limits.pdf_text_chars:
            raise DocumentTooLargeError(
                f"over the text limit after decompression (more than {limits.pdf_text_chars:,} characters "
                f"in the first {len(pages):,} pages)"
            )
    return pages


def _pdf_stream_limits(limits: ReadLimits) -> AbstractContextManager:
    """pypdf's bounds on a decoded stream set to ours, in this context only (a ContextVar, so
    other threads keep theirs). A pypdf without ``apply_configuration`` keeps its own bounds."""
    import dataclasses

    import pypdf

    apply = getattr(pypdf, "apply_configuration", None)
    if apply is None:
        return nullcontext()
    known = {f.name for f in dataclasses.fields(pypdf.Configuration)}
    return apply(**{name: limits.pdf_stream_bytes for name in _PDF_STREAM_BOUNDS if name in known})


_PDF_STREAM_BOUNDS = (
    "maximum_declared_stream_length",
    "zlib_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "array_based_stream_maximum_output_length",
    "brotli_maximum_output_length",
)


# --- HTML -------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
_BLOCK_TAGS = frozenset(
    "p div br li tr h1 h2 h3 h4 h5 h6 title table section article header footer blockquote pre ul ol dd dt".split()
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        elif tag in _SKIP_TAGS:
            self._skip += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag in _SKIP_TAGS and self._skip:
            self._skip -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title_parts.append(data)
        elif not self._skip:
            self.parts.append(data)


def _read_html(data: bytes) -> Decoded:
    declared = _META_CHARSET.search(data[:4096])
    text: str | None = None
    encoding = ""  # set with text
    warnings: tuple[str, ...] = ()
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = "gb18030" if name in ("gb2312", "gbk") else name  # GB2312 pages routinely use GBK characters
        try:
            text, encoding = data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            warnings = (f"declared charset {name!r} is wrong; detected the encoding instead",)
    if text is None:
        text, encoding, more = decode_text(data)
        warnings += more
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    body = re.sub(r"[ \t\r\f\v]+", " ", "".join(parser.parts))
    body = "\n".join(line.strip() for line in body.split("\n"))
    title = " ".join("".join(parser.title_parts).split())
    if title and not body.lstrip().startswith(title):
        body = f"{title}\n{body}"
    if not body.strip():
        raise DocumentReadError("empty", "web page contains no text")
    return body, encoding, warnings


def _short(exc: Exception) -> str:
    return (str(exc) or type(exc).__name__).splitlines()[0][:120]
