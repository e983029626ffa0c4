import hashlib
import os
from pathlib import Path

import pytest

from policytext.errors import DocumentReadError, InputPathError
from policytext.ingest import discover, name_warnings, read_source
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


# --- entries that are not plain files (issue 20) ---------------------------------------------

needs_posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and symlinks need a POSIX system")


@needs_posix
def test_entries_that_are_not_regular_files_come_with_their_reason(tmp_path: Path):
    (tmp_path / "正文.txt").write_text("推进高质量发展。", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("一", encoding="utf-8")
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)  # a loop through a folder link
    (tmp_path / "link.txt").symlink_to(tmp_path / "正文.txt")  # a link to a file is read
    found = {f.relpath: (f.problem_code, f.problem) for f in discover(tmp_path)}
    assert found == {
        "gone.txt": ("unreadable", f"a broken symbolic link: its target {tmp_path / 'nowhere.txt'} does not exist"),
        "link.txt": ("", ""),
        "loop.txt": ("unreadable", "a symbolic link that loops back on itself"),
        "pipe.txt": ("not_a_file", "a named pipe (FIFO), not a file: not read, reading it could wait forever"),
        "sub/a.txt": ("", ""),
        "sub/up": ("not_a_file", "a link to a folder: not followed (links can make loops); give that folder as INPUT"),
        "正文.txt": ("", ""),
    }


@needs_posix
def test_a_named_pipe_is_not_opened_for_reading_even_when_it_replaced_a_listed_file(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(DocumentReadError) as err:  # would block forever on a plain open()
        read_source(tmp_path / "pipe.txt")
    assert err.value.reason == "not_a_file" and "named pipe" in err.value.message


def test_a_file_deleted_after_listing_is_reported_as_such(tmp_path: Path):
    (tmp_path / "a.txt").write_text("一", encoding="utf-8")
    (tmp_path / "b.txt").write_text("二", encoding="utf-8")
    files = discover(tmp_path)
    (tmp_path / "b.txt").unlink()
    with pytest.raises(DocumentReadError) as err:
        read_source(files[1].path)
    assert err.value.reason == "unreadable"
    assert err.value.message == "the file disappeared after the folder was listed (moved or deleted during the run)"


def test_a_folder_thirty_deep_and_a_file_name_with_a_line_break_are_found(tmp_path: Path):
    deep = tmp_path.joinpath(*[f"层{i}" for i in range(30)])
    deep.mkdir(parents=True)
    (deep / "通知.txt").write_text("一", encoding="utf-8")
    (tmp_path / "两行\n名字.txt").write_text("二", encoding="utf-8")
    ids = [f.doc_id for f in discover(tmp_path)]
    assert ids == ["两行\n名字", "/".join(f"层{i}" for i in range(30)) + "/通知"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can list any folder")
def test_a_folder_that_cannot_be_listed_is_reported(tmp_path: Path):
    (tmp_path / "a.txt").write_text("一", encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked").chmod(0)
    try:
        found = {f.relpath: f.problem for f in discover(tmp_path)}
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert found == {"a.txt": "", "locked": "a folder that cannot be listed (Permission denied): its files were not read"}


def test_a_control_character_in_a_file_name_is_a_warning():
    assert name_warnings("sub/国务院\n通知.txt") == ("the file name contains a line break or another control character",)
    assert name_warnings("sub/国务院通知 (2018).txt") == ()
