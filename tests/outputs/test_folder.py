"""The output folder is swapped in whole; a killed run's leftovers are found and repaired (issue 20)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from conftest import REPORT_TEXT, earlier_outputs
from policytext import analyze_folder, make_options, read_outputs
from policytext.errors import OutputFolderError
from policytext.outputs.folder import OutputFolder, previous_path, read_manifest, staging_path
from policytext.outputs.writer import OUTPUT_NAMES, OutputOptions, write_outputs


def _complete(folder: Path, created: str = "2026-12-01T09:00:00+00:00", **files: str) -> Path:
    return earlier_outputs(folder, files, created)


def _commit(folder: OutputFolder, **files: str) -> None:
    _complete(folder.staging, created="2026-12-02T10:00:00+00:00", **files)
    folder.commit()


def test_commit_replaces_the_outputs_and_keeps_the_users_own_files(tmp_path):
    out = _complete(tmp_path / "out", **{"documents.csv": "old", "trends.csv": "old"})
    (out / "笔记.txt").write_text("我的分析", encoding="utf-8")
    (out / "wordclouds").mkdir()
    (out / "wordclouds" / "theme_3.png").write_text("old", encoding="utf-8")
    with OutputFolder(out, output_names=OUTPUT_NAMES) as folder:
        assert folder.staging == tmp_path / ".out.policytext-partial" and folder.staging.is_dir()
        assert (out / "documents.csv").read_text(encoding="utf-8") == "old"  # untouched while the run writes
        _commit(folder, **{"documents.csv": "new"})
    assert (out / "documents.csv").read_text(encoding="utf-8") == "new"
    assert not (out / "trends.csv").exists() and not (out / "wordclouds").exists()  # the old run's, not current
    assert (out / "笔记.txt").read_text(encoding="utf-8") == "我的分析"
    assert not staging_path(out).exists() and not previous_path(out).exists()
    assert read_manifest(out)["created_utc"] == "2026-12-02T10:00:00+00:00"


def test_a_folder_of_other_files_is_refused_unless_forced(tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "documents.csv").write_text("someone else's table", encoding="utf-8")
    (out / "预算.xlsx").write_bytes(b"PK")
    with pytest.raises(OutputFolderError, match="not empty and has no policytext manifest.json.*--force"):
        with OutputFolder(out, output_names=OUTPUT_NAMES):
            pass
    assert not staging_path(out).exists()
    with OutputFolder(out, output_names=OUTPUT_NAMES, force=True) as folder:
        _commit(folder, **{"documents.csv": "policytext's"})
    assert (out / "documents.csv").read_text(encoding="utf-8") == "policytext's"
    assert (out / "预算.xlsx").read_bytes() == b"PK"


def test_an_empty_folder_and_a_new_path_are_accepted(tmp_path):
    (tmp_path / "empty").mkdir()
    for out in (tmp_path / "empty", tmp_path / "new" / "deeper"):
        with OutputFolder(out) as folder:
            _commit(folder, **{"documents.csv": "new"})
        assert (out / "documents.csv").exists()


def test_a_file_as_output_folder_is_refused(tmp_path):
    (tmp_path / "out").write_text("x", encoding="utf-8")
    with pytest.raises(OutputFolderError, match="is a file, not a folder"):
        OutputFolder(tmp_path / "out").__enter__()


def test_a_killed_runs_partial_outputs_are_discarded_and_the_note_says_what_out_holds(tmp_path):
    out = _complete(tmp_path / "out", **{"documents.csv": "complete"})
    partial = staging_path(out)
    partial.mkdir()
    (partial / "documents.csv").write_text("half", encoding="utf-8")
    (partial / "run.log").write_text("started", encoding="utf-8")
    with OutputFolder(out) as folder:
        assert len(folder.notes) == 1
        note = folder.notes[0]
        assert "did not finish (killed or crashed)" in note and "run of 2026-12-01T09:00:00+00:00" in note
        assert "run.log" in note
        assert list(folder.staging.iterdir()) == []  # the new run starts clean
    assert (out / "documents.csv").read_text(encoding="utf-8") == "complete"
    assert not partial.exists()  # left without commit: nothing of this run stays


def test_a_run_killed_between_the_two_renames_gets_its_previous_outputs_back(tmp_path):
    out = tmp_path / "out"
    _complete(previous_path(out), **{"documents.csv": "complete"})
    _complete(staging_path(out), **{"documents.csv": "newer"})
    with OutputFolder(out) as folder:
        assert any("restored the previous outputs" in n for n in folder.notes)
        assert any("did not finish" in n for n in folder.notes)
    assert (out / "documents.csv").read_text(encoding="utf-8") == "complete"
    assert not previous_path(out).exists()


def test_a_run_killed_while_moving_the_users_files_finishes_the_move(tmp_path):
    out = _complete(tmp_path / "out", **{"documents.csv": "new"})
    previous = _complete(previous_path(out), **{"documents.csv": "old"})
    (previous / "我的图表.png").write_bytes(b"png")
    with OutputFolder(out) as folder:
        assert any("finished moving your own files" in n for n in folder.notes)
    assert (out / "我的图表.png").read_bytes() == b"png"
    assert (out / "documents.csv").read_text(encoding="utf-8") == "new"
    assert not previous.exists()


def test_two_runs_into_one_folder_at_once_are_refused(tmp_path):
    out = tmp_path / "out"
    with OutputFolder(out):
        with pytest.raises(OutputFolderError, match="another policytext run is writing"):
            OutputFolder(out).__enter__()
    with OutputFolder(out):  # the lock goes with the run
        pass


def test_a_bug_keeps_the_staging_folder_for_its_log_and_a_user_error_does_not(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(RuntimeError):
        with OutputFolder(out) as folder:
            (folder.staging / "run.log").write_text("Traceback …", encoding="utf-8")
            raise RuntimeError("bug")
    assert (staging_path(out) / "run.log").exists()
    with pytest.raises(OutputFolderError):
        with OutputFolder(out) as folder:
            raise OutputFolderError("user error")
    assert not staging_path(out).exists()


def test_commit_refuses_a_staging_folder_without_manifest(tmp_path):
    with OutputFolder(tmp_path / "out") as folder:
        (folder.staging / "documents.csv").write_text("x", encoding="utf-8")
        with pytest.raises(OutputFolderError, match="no manifest.json"):
            folder.commit()
    assert not (tmp_path / "out").exists()


# --- reading a folder back ------------------------------------------------------------------


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    (root / "report.txt").write_text(REPORT_TEXT, encoding="utf-8")
    (root / "hostile.txt").write_text(
        '=HYPERLINK("http://x","y")推进数字中国建设。\n-全年城镇新增就业1244万人，国内生产总值增长5.2%。\n', encoding="utf-8"
    )
    result = analyze_folder(root, options=make_options(ner=False, themes=False), workers=1)
    out = root.parent / "out"
    write_outputs(result, out, OutputOptions(wordclouds="none"))
    return result, out


def _cells(frame) -> list[list[str]]:
    def text(value) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        return str(value)

    return [[text(v) for v in row] for row in frame.itertuples(index=False)]


def test_read_outputs_gives_the_tables_of_to_frames(written):
    result, out = written
    ours, theirs = read_outputs(out), result.to_frames()
    assert sorted(ours) == sorted(theirs) and "quantities" in ours
    for name, frame in theirs.items():
        assert list(ours[name].columns) == list(frame.columns), name
        assert _cells(ours[name]) == _cells(frame), name
    sentences = ours["sentences"]["text"].tolist()
    assert '=HYPERLINK("http://x","y")推进数字中国建设。' in sentences  # the spreadsheet apostrophe is taken off
    quantities = ours["quantities"]
    assert quantities["value"].dtype.kind == "f"  # numbers come back as numbers
    assert 12440000.0 in quantities["value"].tolist()


def test_read_outputs_refuses_an_incomplete_or_changed_folder(written, tmp_path):
    _, out = written
    with pytest.raises(OutputFolderError, match="no policytext manifest.json.*killed"):
        read_outputs(tmp_path)
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in out.iterdir():
        if path.is_file():
            (copy / path.name).write_bytes(path.read_bytes())
    with open(copy / "documents.csv", "a", encoding="utf-8") as f:
        f.write("edited,in,excel\n")
    with pytest.raises(OutputFolderError, match="documents.csv changed after the run wrote it"):
        read_outputs(copy)
    assert len(read_outputs(copy, verify=False)["documents"]) == 3
