"""Turn one file of a supported format into plain text.

Each reader takes the file's bytes and returns ``(text, encoding, warnings)``; it raises
DocumentReadError with a plain reason when the file is corrupt or has no text.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree

from policytext.errors import DocumentReadError
from policytext.ingest.encoding import decode_text

TEXT_SUFFIXES = frozenset({".txt", ".md"})
SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".docx", ".pdf", ".html", ".htm"})

Decoded = tuple[str, str, tuple[str, ...]]


def read_bytes_as_text(data: bytes, suffix: str) -> Decoded:
    suffix = suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return decode_text(data)
    if suffix == ".docx":
        return _read_docx(data), "docx", ()
    if suffix == ".pdf":
        return _read_pdf(data)
    if suffix in (".html", ".htm"):
        return _read_html(data)
    raise DocumentReadError("unsupported", f"unsupported file type {suffix or '(none)'}")


# --- Word -------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _read_docx(data: bytes) -> str:
    """Paragraph text of word/document.xml; a .docx is a zip of XML, no library needed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml")
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


# --- PDF --------------------------------------------------------------------------------


def _read_pdf(data: bytes) -> Decoded:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - pypdf is a hard dependency
        raise DocumentReadError("unsupported", "reading PDF needs pypdf: pip install pypdf") from None
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it logs every odd xref to stderr
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentReadError("encrypted", "PDF is encrypted with a password")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentReadError("corrupt", f"corrupt PDF ({_short(exc)})") from None
    text = "\f".join(pages)  # page breaks, so normalise can find running headers and page numbers
    if not text.strip():
        raise DocumentReadError(
            "no_text_layer",
            f"PDF has no text layer ({len(pages)} page(s), probably scanned images); run OCR on it first",
        )
    return text, "pdf", ()


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
