"""Fault injection (issue 20): a run killed at any moment leaves the previous outputs whole, and
the next run repairs what it left and writes the same tables as a clean run; Ctrl-C stops a run
with one line and exit code 130; odd entries in the input folder are reported with a reason.

Kills are SIGKILL at named moments (``policytext.faults``), in a real ``policytext run``
process: no clean-up code runs, as after a power cut or the OOM killer.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EMBEDDED_CORPUS
from policytext import read_outputs
from policytext.faults import KILL_AT
from policytext.outputs.folder import previous_path, read_manifest, staging_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and SIGINT semantics are POSIX")

DOCUMENTS = ("gwr_2024", "gwr_2025", "sc_guofa_2018_39", "sc_guobanfa_2018_108", "xv_cn_020", "prov_gwr_2026_beijing")
RUN = ("run", "--workers", "1", "--no-ner", "--wordclouds", "none", "--themes", "3")


def policytext(*args: str, kill_at: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != KILL_AT}
    if kill_at:
        env[KILL_AT] = kill_at
    code = "from policytext.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def tables(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("faults") / "corpus"
    root.mkdir()
    for name in DOCUMENTS:
        shutil.copy(EMBEDDED_CORPUS / f"{name}.txt", root / f"{name}.txt")
    return root


@pytest.fixture(scope="module")
def clean_run(corpus) -> Path:
    out = corpus.parent / "clean"
    done = policytext(*RUN, str(corpus), "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out


def _killed_then_rerun(corpus: Path, clean: Path, tmp_path: Path, moment: str) -> None:
    out = tmp_path / "out"
    shutil.copytree(clean, out)  # the complete outputs of an earlier run
    (out / "我的笔记.txt").write_text("分析员自己的文件", encoding="utf-8")
    before = tables(out)

    killed = policytext(*RUN, str(corpus), "-o", str(out), kill_at=moment)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    if moment == "swapping":  # killed between the two renames: the previous outputs wait aside
        assert not out.exists() and read_manifest(previous_path(out)) is not None
        assert tables(previous_path(out)) == before
    else:  # the previous outputs are whole and still readable
        assert tables(out) == before
        assert read_outputs(out)["documents"]["doc_id"].tolist() == sorted(DOCUMENTS)
        assert staging_path(out).exists()  # what the killed run left

    rerun = policytext(*RUN, str(corpus), "-o", str(out))
    assert rerun.returncode == 0, rerun.stderr
    assert "Note: an earlier run" in rerun.stderr
    assert tables(out) == tables(clean)
    assert (out / "我的笔记.txt").read_text(encoding="utf-8") == "分析员自己的文件"
    assert not staging_path(out).exists() and not previous_path(out).exists()
    read_outputs(out)  # complete: the checksums match the manifest


def test_killed_while_writing_then_rerun(corpus, clean_run, tmp_path):
    _killed_then_rerun(corpus, clean_run, tmp_path, "writing")


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["reading", "themes", "swapping"])
def test_killed_at_other_moments_then_rerun(corpus, clean_run, tmp_path, moment):
    _killed_then_rerun(corpus, clean_run, tmp_path, moment)


def _stopped(tmp_path: Path, send) -> tuple[int, str, Path]:
    """Start a run on the embedded corpus, ``send`` it a signal once it reads, return its
    exit code, stderr and output folder."""
    out = tmp_path / "out"
    log = tmp_path / "stderr.txt"
    code = "from policytext.cli import main; main()"
    args = [sys.executable, "-c", code, "run", str(EMBEDDED_CORPUS), "-o", str(out), "--workers", "2", "--wordclouds", "none"]
    with open(log, "w", encoding="utf-8") as err:
        # a session of its own, so Ctrl-C can be sent as a terminal sends it: to the whole group
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        deadline = time.monotonic() + 120
        while "Reading and segmenting" not in log.read_text(encoding="utf-8") and process.poll() is None:
            assert time.monotonic() < deadline, "the run never started reading"
            time.sleep(0.1)
        send(process)
        returncode = process.wait(timeout=120)
    return returncode, log.read_text(encoding="utf-8"), out


def test_ctrl_c_stops_the_run_with_one_line_and_exit_code_130(tmp_path):
    returncode, stderr, out = _stopped(tmp_path, lambda process: os.killpg(process.pid, signal.SIGINT))
    assert returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert stderr.rstrip().splitlines()[-1] == f"Error: interrupted; nothing was written to {out}"
    assert not out.exists() and not staging_path(out).exists()


def test_sigterm_to_the_main_process_stops_the_run_like_ctrl_c_with_exit_code_143(tmp_path):
    returncode, stderr, out = _stopped(tmp_path, lambda process: process.send_signal(signal.SIGTERM))
    assert returncode == 143, stderr
    assert "Traceback" not in stderr
    assert stderr.rstrip().splitlines()[-1] == f"Error: terminated; nothing was written to {out}"
    assert not out.exists() and not staging_path(out).exists()


def test_odd_entries_are_reported_and_the_documents_beside_them_processed(tmp_path):
    root = tmp_path / "corpus"
    deep = root.joinpath(*[f"d{i}" for i in range(30)])
    deep.mkdir(parents=True)
    shutil.copy(EMBEDDED_CORPUS / "gwr_2024.txt", deep / "gwr_2024.txt")
    shutil.copy(EMBEDDED_CORPUS / "sc_guofa_2018_39.txt", root / "国务院\n通知.txt")
    (root / "空\n文件.txt").write_bytes(b"")
    os.mkfifo(root / "pipe.txt")
    (root / "loop.txt").symlink_to(root / "loop.txt")
    (root / "up").symlink_to(root, target_is_directory=True)
    os.symlink("nowhere.txt", root / "gone.txt")
    out = tmp_path / "out"
    done = policytext("run", str(root), "-o", str(out), "--no-ner", "--no-themes", "--wordclouds", "none", timeout=120)
    assert done.returncode == 0, done.stderr
    assert "2 document(s) processed, 3 failed, 2 skipped, 0 internal error(s)" in done.stdout
    assert "  skipped: pipe.txt: a named pipe (FIFO), not a file: not read, reading it could wait forever" in done.stdout
    assert "  failed: loop.txt: a symbolic link that loops back on itself" in done.stdout
    assert "  skipped: up: a link to a folder: not followed" in done.stdout
    documents = read_outputs(out)["documents"].set_index("doc_id")
    assert documents.loc["国务院\n通知", "warnings"] == "the file name contains a line break or another control character"
    assert documents.loc["国务院\n通知", "status"] == "ok"
    assert documents.loc["/".join(f"d{i}" for i in range(30)) + "/gwr_2024", "status"] == "ok"
    assert "  failed: 空\\n文件.txt: " in done.stdout  # one terminal line: the line break is written escaped
