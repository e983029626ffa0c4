"""The targets stage end to end: its tables, chart, report section and switches."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

import policytext
from conftest import TARGET_REPORTS
from policytext.cli import main


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in TARGET_REPORTS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _run(*args):
    return CliRunner().invoke(main, ["run", *map(str, args), "--no-ner", "--no-themes", "--wordclouds", "none"])


def _rows(path):
    return list(csv.DictReader(path.open(encoding="utf-8-sig", newline="")))


def test_the_run_writes_targets_with_outcomes_a_chart_and_a_report_section(reports, tmp_path):
    out = tmp_path / "out"
    result = _run(reports, "-o", out)
    assert result.exit_code == 0, result.output
    rows = {(r["scope"], r["indicator"], r["target_year"]): r for r in _rows(out / "targets_outcomes.csv")}
    jobs = rows[("全国", "城镇新增就业", "2023")]
    assert (jobs["target_value"], jobs["outcome_value"], jobs["outcome_doc"], jobs["met"]) == (
        "12000000",
        "12440000",
        "gwr_2024",
        "yes",
    )
    indicators = _rows(out / "indicators.csv")
    assert {"doc_id", "indicator", "unit", "value", "bound", "modality", "year", "scope", "text"} <= set(indicators[0])
    assert ("gwr_2024", "国内生产总值增长", "achieved", "2023", "5.2") in {
        (r["doc_id"], r["indicator"], r["modality"], r["year"], r["value"]) for r in indicators
    }
    charts = sorted(p.name for p in (out / "targets").glob("*.png"))
    assert charts and (out / "targets" / charts[0]).read_bytes().startswith(b"\x89PNG")
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "<h2>Targets and outcomes</h2>" in report and "国内生产总值增长5%左右" in report and f"targets/{charts[0]}" in report
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["indicators"] == len(indicators) and manifest["settings"]["targets"] is True
    assert "targets and outcomes:" in result.output


def test_no_quantities_switches_targets_off_and_an_indicator_file_then_is_refused(reports, tmp_path):
    out = tmp_path / "out"
    result = _run(reports, "-o", out, "--no-quantities")
    assert result.exit_code == 0, result.output
    assert not (out / "targets_outcomes.csv").exists() and not (out / "indicators.csv").exists()
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["settings"]["targets"] is False
    extra = tmp_path / "mine.txt"
    extra.write_text("快递业务量增长\t%\ttwo_sided\t快递业务量\n", encoding="utf-8")
    result = _run(reports, "-o", tmp_path / "o2", "--no-quantities", "--indicators", extra)
    assert result.exit_code == 2 and "--indicators needs quantitative claims; drop --no-quantities" in result.output
    with pytest.raises(ValueError, match="targets and outcomes need quantitative claims: drop --no-quantities"):
        policytext.make_options(quantities=False, targets=True)


def test_a_malformed_indicator_file_stops_the_run_with_its_line(reports, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("快递业务量增长\t件\ttwo_sided\t快递业务量\n", encoding="utf-8")
    result = _run(reports, "-o", tmp_path / "out", "--indicators", bad)
    assert result.exit_code == 2 and "bad.txt, line 1" in result.output
    assert not (tmp_path / "out").exists()


def test_the_api_returns_the_tables_as_frames(reports):
    result = policytext.analyze_folder(reports, options=policytext.make_options(ner=False, themes=False), workers=1)
    frames = result.to_frames()
    pairs = frames["targets_outcomes"]
    gdp = pairs[(pairs.indicator == "国内生产总值增长") & (pairs.target_year == 2023) & (pairs.scope == "全国")].iloc[0]
    assert (gdp.outcome_value, gdp.met) == (5.2, "yes")
    assert set(frames["indicators"].indicator) >= {"国内生产总值增长", "城镇新增就业", "粮食产量"}
