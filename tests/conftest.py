"""Shared fixtures: small real Chinese texts and generators for files of every supported kind."""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
EMBEDDED_CORPUS = PROJECT / "corpus"
SHARED = PROJECT.parent / "shared"

# From the 2024 government work report (gwr_2024 in the embedded corpus).
REPORT_TEXT = (
    "政府工作报告\n"
    "——2024年3月5日在第十四届全国人民代表大会第二次会议上\n"
    "各位代表：\n"
    "现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。\n"
    "一、2023年工作回顾\n"
    "过去一年，我们坚持稳中求进工作总基调，全面深化改革开放，推动高质量发展。"
    "国内生产总值超过126万亿元，增长5.2%。城镇新增就业1244万人，城镇调查失业率平均为5.2%。\n"
    "我们着力扩大国内需求，推动经济良性循环；着力推进乡村振兴，加快建设农业强国！"
    "营商环境持续改善，长江经济带发展和一带一路建设取得新进展。\n"
)

# Excerpts of the 2023 and 2024 government work reports and of a provincial report: targets
# of 2023 and the outcomes the 2024 report gives for them (tests of the targets stage).
REPORT_2023 = (
    "政府工作报告\n——2023年3月5日在第十四届全国人民代表大会第一次会议上\n各位代表：\n"
    "一、过去一年和五年工作回顾\n过去一年，国内生产总值增长3%，城镇新增就业1206万人。\n"
    "二、对今年政府工作的建议\n"
    "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人左右，城镇调查失业率5.5%左右；"
    "居民消费价格涨幅3%左右；粮食产量保持在1.3万亿斤以上。赤字率拟按3%安排。\n"
)
REPORT_2024 = (
    "政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n各位代表：\n"
    "一、2023年工作回顾\n国内生产总值超过126万亿元，增长5.2%。城镇新增就业1244万人，城镇调查失业率平均为5.2%。"
    "居民消费价格上涨0.2%。粮食产量1.39万亿斤。\n"
    "二、2024年经济社会发展总体要求和政策取向\n今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上。\n"
)
PROVINCE_2023 = (
    "2023年四川省政府工作报告\n——2023年1月12日在四川省第十四届人民代表大会第一次会议上\n各位代表：\n"
    "二、2023年工作安排\n今年经济社会发展主要预期目标是：地区生产总值增长6%左右，城镇新增就业85万人以上。\n"
)
TARGET_REPORTS = {"gwr_2023": REPORT_2023, "gwr_2024": REPORT_2024, "sichuan_2023": PROVINCE_2023}


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A minimal valid .docx holding ``paragraphs``."""
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CHUNK = 16 * 2**20


def docx_bomb(path: Path, expanded_bytes: int) -> Path:
    """A .docx with one real paragraph whose word/document.xml expands to ``expanded_bytes``
    (blanks between elements: valid XML). Written in chunks, so it costs little memory and,
    at 1,000:1, about 1 MB of disk per GiB."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W_NS}"><w:body>'.encode()
    head += "<w:p><w:r><w:t>推进高质量发展。</w:t></w:r></w:p>".encode()
    tail = b"</w:body></w:document>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(head)
            _write_blanks(f.write, expanded_bytes - len(head) - len(tail))
            f.write(tail)
    return path


def docx_entity_bomb(path: Path) -> Path:
    """A .docx whose document.xml declares nested entities: one reference expands to 10^9 哈."""
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "哈"}">' for i in range(10))
    body = "<w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body>"
    xml = f'<?xml version="1.0"?><!DOCTYPE w:document [{laughs}]><w:document xmlns:w="{_W_NS}">{body}</w:document>'
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", xml)
    return path


def _write_blanks(write, n: int) -> None:
    blanks = b" " * _CHUNK
    while n > 0:
        write(blanks[: min(n, _CHUNK)])
        n -= _CHUNK


def pdf_bomb(path: Path, expanded_bytes: int) -> Path:
    """A one-page PDF with a text layer whose Flate-compressed content stream expands to
    ``expanded_bytes`` (the text operator, then blanks), compressed in chunks."""
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(b"BT /F1 12 Tf 72 720 Td (Made in China 2025) Tj ET\n")]
    _write_blanks(lambda chunk: parts.append(compressor.compress(chunk)), expanded_bytes)
    parts.append(compressor.flush())
    stream = b"".join(parts)
    path.write_bytes(_pdf(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"))
    return path


def pdf_bytes(text: str | None) -> bytes:
    """A one-page PDF; with ``text`` (ASCII) it has a text layer, with None the page is empty like a scan."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b""
    return _pdf(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")


def _pdf(content: bytes) -> bytes:
    """A one-page PDF (Helvetica) whose page content is the stream object ``content``."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        content,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


@pytest.fixture
def report_text() -> str:
    return REPORT_TEXT


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """Three good documents in three formats and encodings, plus metadata.csv."""
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "report.txt").write_text(REPORT_TEXT, encoding="utf-8")
    (root / "sub" / "notice_gbk.txt").write_bytes(
        "国务院办公厅关于推进政务新媒体健康有序发展的意见\n国办发〔2018〕123号\n各省、自治区、直辖市人民政府：\n"
        "推进政务新媒体健康有序发展，提升政府网站集约化水平，落实《数字中国建设整体布局规划》。\n".encode("gbk")
    )
    (root / "plan.docx").write_bytes(docx_bytes(["数字中国建设整体布局规划", "加快建设网络强国、数字中国，发展数字经济。"]))
    (root / "metadata.csv").write_text("id,title,date,issuer\nreport,2024年政府工作报告,2024-03-05,国务院\n", encoding="utf-8")
    return root


def earlier_outputs(folder: Path, files: dict[str, str], created: str = "2026-12-01T09:00:00+00:00") -> Path:
    """A folder as a finished policytext run leaves it: ``files`` (relative path -> text) and a
    manifest that lists them."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    outputs = [{"file": name, "rows": 1, "sha256": ""} for name in files]
    manifest = {"tool": "policytext", "created_utc": created, "outputs": outputs}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def needs_shared(*parts: str) -> Path:
    """Path under ../shared, or skip the test with a clear reason when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the ../shared data folder is not present in this checkout)")
    return path


def write_ner_jsonl(path: Path, sentences: list[tuple[str, list[tuple[int, int, str]]]], *, copies: int = 1) -> Path:
    """An NER training file in the shared data's format: {"text", "entities": [[start, end, label]]}."""
    with open(path, "w", encoding="utf-8") as f:
        for _ in range(copies):
            for text, spans in sentences:
                f.write(json.dumps({"text": text, "entities": [list(s) for s in spans]}, ensure_ascii=False) + "\n")
    return path


def chinese_pdf_bytes(pages: list[list[str]]) -> bytes:
    """A PDF with a real text layer in Chinese, one list of lines per page, set in the
    packaged Noto Sans SC (embedded as TrueType outlines, so pypdf reads the text back)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.font_manager import FontProperties

    from policytext.resources import FONT, resource_path

    font = FontProperties(fname=str(resource_path(FONT)))
    buf = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(buf) as pdf:
        for lines in pages:
            fig = plt.figure(figsize=(8.27, 11.69))
            for i, line in enumerate(lines):
                fig.text(0.08, 0.95 - 0.03 * i, line, fontproperties=font, fontsize=11)
            pdf.savefig(fig)
            plt.close(fig)
    return buf.getvalue()
