import codecs

import pytest

from policytext.errors import DocumentReadError
from policytext.ingest.encoding import decode_text

TEXT = "国务院关于印发《国家职业教育改革实施方案》的通知\n职业教育与普通教育是两种不同教育类型。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gbk"), "gbk"),
        (TEXT.encode("utf-16"), "utf-16-le"),  # Python writes a BOM, little-endian here
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM: sniffed
        (TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_decodes_common_chinese_encodings(data, encoding):
    text, found, warnings = decode_text(data)
    assert text == TEXT
    assert found == encoding
    assert warnings == ()


def test_gb18030_only_characters_are_reported_as_gb18030():
    text = "欧元符号€和扩展汉字㐀出现在文件中。" + TEXT  # € and 㐀 are not in GBK's two-byte table
    data = text.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gbk")
    decoded, encoding, _ = decode_text(data)
    assert (decoded, encoding) == (text, "gb18030")


@pytest.mark.parametrize("data", [b"", b"   \n\t  \r\n"])
def test_empty_input_is_an_error(data):
    with pytest.raises(DocumentReadError) as err:
        decode_text(data)
    assert err.value.reason == "empty"


def test_binary_is_an_error():
    data = bytes(range(256)) * 40  # NUL bytes and every other byte
    with pytest.raises(DocumentReadError) as err:
        decode_text(data)
    assert err.value.reason == "binary"


def test_png_header_renamed_txt_is_binary():
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(200)) * 10
    with pytest.raises(DocumentReadError) as err:
        decode_text(data)
    assert err.value.reason == "binary"


def test_undecodable_text_is_an_encoding_error():
    data = "ロボット工学とデータ".encode("shift_jis") * 3 + b"\xff\xfe\xfd"
    with pytest.raises(DocumentReadError) as err:
        decode_text(data)
    assert err.value.reason in ("encoding", "binary")


def test_utf8_with_a_stray_byte_is_kept_with_a_warning():
    data = (TEXT * 400).encode("utf-8") + b"\xff" + "完。".encode()
    text, encoding, warnings = decode_text(data)
    assert encoding == "utf-8"
    assert text.endswith("\ufffd完。")
    assert "1 invalid UTF-8" in warnings[0]
