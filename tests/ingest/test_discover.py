import hashlib
from pathlib import Path

import pytest

from policytext.errors import DocumentReadError, InputPathError
from policytext.ingest import discover, read_source
from policytext.ingest.limits import ReadLimits


def test_discover_is_recursive_sorted_and_skips_hidden_and_metadata(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ["z.txt", "a.md", "b/c.html", ".hidden.txt", ".git/x.txt", "metadata.csv", "~$lock.docx"]:
        (tmp_path / name).write_text("内容", encoding="utf-8")
    files = discover(tmp_path)
    assert [f.relpath for f in files] == ["a.md", "b/c.html", "z.txt"]
    assert [f.doc_id for f in files] == ["a", "b/c", "z"]


def test_same_stem_keeps_suffix_in_id(tmp_path: Path):
    (tmp_path / "a.txt").write_text("一", encoding="utf-8")
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    assert sorted(f.doc_id for f in discover(tmp_path)) == ["a.pdf", "a.txt"]


def test_missing_path_and_empty_folder(tmp_path: Path):
    with pytest.raises(InputPathError, match="does not exist"):
        discover(tmp_path / "nope")
    with pytest.raises(InputPathError, match="contains no files"):
        discover(tmp_path)


def test_read_source_hashes_bytes(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_bytes("推进高质量发展".encode("gbk"))
    src = read_source(path)
    assert src.text == "推进高质量发展"
    assert src.encoding == "gbk"
    assert src.size == 14
    assert src.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_too_large_file_is_not_read(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_bytes("数字经济".encode() * 1000)
    with pytest.raises(DocumentReadError) as err:
        read_source(path, limits=ReadLimits(file_bytes=1000))
    assert err.value.reason == "too_large"
    assert "--max-file-size" in err.value.message


def test_a_single_file_is_its_own_corpus(tmp_path: Path):
    path = tmp_path / "report.txt"
    path.write_text("政府工作报告", encoding="utf-8")
    files = discover(path)
    assert [(f.doc_id, f.relpath) for f in files] == [("report", "report.txt")]


def test_excluded_folder_is_not_read(tmp_path: Path):
    (tmp_path / "outputs").mkdir()
    (tmp_path / "outputs" / "report.html").write_text("<p>旧报告</p>", encoding="utf-8")
    (tmp_path / "a.txt").write_text("正文", encoding="utf-8")
    assert [f.relpath for f in discover(tmp_path, exclude=[tmp_path / "outputs"])] == ["a.txt"]
