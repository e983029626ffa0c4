"""Decode the bytes of a text file without assuming UTF-8.

Chinese files in the wild are UTF-8 (with or without BOM), GBK/GB18030 or UTF-16. We try
the strict decoders in that order and check that the result looks like text, because a
GB18030 decoder accepts many byte sequences that are not Chinese at all.
"""

from __future__ import annotations

import codecs
import re

from policytext.errors import DocumentReadError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Share of characters that may be control, private-use or replacement characters before we
# call a decoding implausible.
_MAX_SUSPICIOUS = 0.02
# A UTF-8 file with a handful of broken bytes (a truncated download) is still UTF-8.
_MAX_BROKEN_UTF8 = 0.001


def decode_text(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Return ``(text, encoding, warnings)`` or raise DocumentReadError with a plain reason."""
    if not data.strip():
        raise DocumentReadError("empty", "empty file")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom) :].decode(name.removesuffix("-sig")), name), name, ()
            except UnicodeDecodeError as exc:
                raise DocumentReadError(
                    "encoding", f"starts with a {name} byte-order mark but is not valid {name}: {exc.reason} at byte {exc.start}"
                ) from None
    utf16 = _sniff_utf16(data)
    if utf16:
        try:
            return _checked(data.decode(utf16), utf16), utf16, ()
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        utf16 = _sniff_cjk_utf16(data)
        if not utf16:
            raise DocumentReadError("binary", "binary file (contains NUL bytes), not text")
        return _checked(data.decode(utf16), utf16), utf16, ()
    try:
        return _checked(data.decode("utf-8"), "utf-8"), "utf-8", ()
    except UnicodeDecodeError:
        pass
    utf16 = _sniff_cjk_utf16(data)  # only after UTF-8: ASCII pairs read as UTF-16 look like CJK
    if utf16:
        return _checked(data.decode(utf16), utf16), utf16, ()
    implausible = None
    for name in ("gbk", "gb18030"):  # report GBK when it suffices: it is what users call it
        try:
            return _checked(data.decode(name), name), name, ()
        except UnicodeDecodeError:
            continue
        except DocumentReadError as exc:
            implausible = exc
            break
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    if broken <= max(1, len(text) * _MAX_BROKEN_UTF8) and _suspicious_share(text.replace("\ufffd", "")) < _MAX_SUSPICIOUS:
        return text, "utf-8", (f"{broken} invalid UTF-8 byte sequence(s) replaced by U+FFFD",)
    raise implausible or DocumentReadError(
        "encoding",
        "not decodable as UTF-8, UTF-16 or GB18030 (unknown encoding or binary file)",
    )


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: ASCII and CJK text leaves NULs mostly at odd (LE) or even (BE) bytes."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4000]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.2 * half and even_nuls < 0.02 * half:
        return "utf-16-le"
    if even_nuls > 0.2 * half and odd_nuls < 0.02 * half:
        return "utf-16-be"
    return None


def _sniff_cjk_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM and without ASCII: accept it only if it reads as Chinese.

    GBK bytes read as UTF-16 give Hangul and private-use junk, so the test is selective.
    """
    if len(data) % 2:
        return None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        text = text[:2000]
        common = sum(
            1
            for ch in text
            if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch.isascii()
        )
        if common >= 0.95 * len(text):
            return name
    return None


# control characters (tab and line ends excepted), private use, surrogates, U+FFFD
_SUSPICIOUS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ud800-\udfff\ufffd]")


def _suspicious_share(text: str) -> float:
    if not text:
        return 0.0
    if len(text) > 200_000:  # a sample is enough, and a 50 MB file must not take seconds here
        text = text[:100_000] + text[-100_000:]
    return len(_SUSPICIOUS.findall(text)) / len(text)


def _checked(text: str, encoding: str) -> str:
    if _suspicious_share(text) >= _MAX_SUSPICIOUS:
        raise DocumentReadError(
            "binary",
            f"decodes as {encoding} but is mostly control or unassigned characters: binary or mis-encoded file",
        )
    if not text.strip():
        raise DocumentReadError("empty", "empty file (only whitespace)")
    return text
