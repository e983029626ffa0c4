"""Engines: the local process pool and Dask give the same tables."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from conftest import EMBEDDED_CORPUS
from policytext.cli import main
from policytext.engine import DaskEngine, LocalEngine, make_engine
from policytext.errors import BackendUnavailableError


def _square(n: int) -> int:
    return n * n


def test_an_unknown_engine_or_a_scheduler_without_dask_is_refused():
    with pytest.raises(ValueError, match="engine must be one of local, dask, not 'spark'"):
        make_engine("spark", workers=2)
    with pytest.raises(ValueError, match="use engine='dask'"):
        make_engine("local", workers=2, scheduler="tcp://127.0.0.1:8786")


def test_the_local_engine_keeps_task_order_whatever_the_finishing_order():
    tasks = list(range(20))
    assert LocalEngine(2).map(_square, tasks, sizes=[t % 7 for t in tasks]) == [t * t for t in tasks]
    assert LocalEngine(1).map(_square, []) == []


def test_without_dask_installed_the_error_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(BackendUnavailableError, match=r"pip install 'policytext\[dask\]'"):
        with DaskEngine(2):
            pass


def test_the_cli_refuses_a_scheduler_for_the_local_engine(tmp_path):
    result = CliRunner().invoke(main, ["run", str(EMBEDDED_CORPUS), "-o", str(tmp_path / "o"), "--dask-scheduler", "tcp://x:1"])
    assert result.exit_code == 2 and "--dask-scheduler needs --engine dask" in result.output


def test_dask_on_a_local_cluster_writes_the_same_tables_as_the_local_engine(tmp_path):
    pytest.importorskip("distributed", reason="the Dask engine needs dask[distributed] (pip install 'policytext[dask]')")
    runs = {}
    for engine in ("local", "dask"):
        out = tmp_path / engine
        args = ["run", str(EMBEDDED_CORPUS), "-o", str(out), "--workers", "2", "--engine", engine, "--wordclouds", "none", "-q"]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        runs[engine] = {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}
    assert len(runs["dask"]) == 18 and runs["dask"] == runs["local"]
    assert b"sc_guoling_706" in runs["dask"]["quantities.csv"]


def test_an_existing_dask_cluster_is_used_through_its_scheduler_address(tmp_path):
    distributed = pytest.importorskip("distributed", reason="needs dask[distributed]")
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("sc_guoling_706.txt", "gwr_2024.txt"):
        (folder / name).write_bytes((EMBEDDED_CORPUS / name).read_bytes())
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        args = ["run", str(folder), "-o", str(tmp_path / "o"), "--engine", "dask", "--dask-scheduler", cluster.scheduler_address]
        result = CliRunner().invoke(main, [*args, "--no-ner", "--no-themes", "--wordclouds", "none", "-q"])
    assert result.exit_code == 0, result.output
    assert "2 document(s) processed" in result.output
    manifest = (tmp_path / "o" / "manifest.json").read_text(encoding="utf-8")
    assert f'"engine": "dask, {cluster.scheduler_address}"' in manifest


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    pytest.importorskip("distributed", reason="needs dask[distributed]")
    args = ["run", str(EMBEDDED_CORPUS), "-o", str(tmp_path / "o"), "--engine", "dask", "--dask-scheduler", "tcp://127.0.0.1:9"]
    result = CliRunner().invoke(main, [*args, "--no-ner", "-q"])
    assert result.exit_code == 2, result.output
    assert "Error: cannot reach the Dask scheduler tcp://127.0.0.1:9" in result.output
