import pytest

from conftest import docx_bytes, pdf_bytes
from policytext.errors import DocumentReadError
from policytext.ingest.formats import read_bytes_as_text


def test_docx_paragraphs_become_lines():
    text, encoding, _ = read_bytes_as_text(docx_bytes(["关于促进智慧城市健康发展的指导意见", "各省、自治区、直辖市："]), ".docx")
    assert text == "关于促进智慧城市健康发展的指导意见\n各省、自治区、直辖市："
    assert encoding == "docx"


def test_corrupt_docx_is_reported():
    with pytest.raises(DocumentReadError) as err:
        read_bytes_as_text(b"PK\x03\x04 this is not really a zip archive", ".docx")
    assert err.value.reason == "corrupt"
    assert "corrupt Word file" in err.value.message


def test_docx_without_document_xml_is_corrupt():
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("other.xml", "<a/>")
    with pytest.raises(DocumentReadError) as err:
        read_bytes_as_text(buf.getvalue(), ".docx")
    assert err.value.reason == "corrupt"


def test_pdf_text_layer_is_read():
    text, encoding, _ = read_bytes_as_text(pdf_bytes("Made in China 2025 plan"), ".pdf")
    assert "Made in China 2025 plan" in text
    assert encoding == "pdf"


def test_pdf_without_text_layer_says_so():
    with pytest.raises(DocumentReadError) as err:
        read_bytes_as_text(pdf_bytes(None), ".pdf")
    assert err.value.reason == "no_text_layer"
    assert "OCR" in err.value.message


def test_corrupt_pdf_is_reported():
    with pytest.raises(DocumentReadError) as err:
        read_bytes_as_text(b"%PDF-1.4\n garbage without objects", ".pdf")
    assert err.value.reason in ("corrupt", "no_text_layer")


def test_html_text_without_scripts_and_with_declared_gbk():
    page = (
        '<html><head><meta charset="gb2312"><title>国务院关于促进就业的意见</title>'
        "<script>var x = '不要';</script><style>p{}</style></head>"
        "<body><p>稳定和扩大就业&nbsp;。</p><div>支持企业<b>稳岗</b>扩岗。</div></body></html>"
    ).encode("gbk")
    text, encoding, _ = read_bytes_as_text(page, ".html")
    lines = [line for line in text.split("\n") if line.strip()]
    assert lines[0] == "国务院关于促进就业的意见"
    assert "稳定和扩大就业" in lines[1]
    assert "支持企业稳岗扩岗。" in lines
    assert "不要" not in text
    assert encoding == "gb18030"


def test_unsupported_suffix():
    with pytest.raises(DocumentReadError) as err:
        read_bytes_as_text(b"abc", ".doc")
    assert err.value.reason == "unsupported"
