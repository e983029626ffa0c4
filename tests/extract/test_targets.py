"""Targets followed to their outcomes: the met rule, and the pairing of a work report's targets
with the next report's figures and a province's targets with the national ones."""

from __future__ import annotations

import pytest

import policytext
from conftest import TARGET_REPORTS
from policytext.extract.targets import format_number, judge, targets_outcomes


@pytest.fixture(scope="module")
def pairs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    for name, text in TARGET_REPORTS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    options = policytext.make_options(ner=False, themes=False)
    result = policytext.analyze_folder(folder, options=options, workers=1)
    return {(r.scope, r.indicator, r.target_year): r for r in result.corpus_view(targets_outcomes, "indicators")}, result


def test_a_target_is_paired_with_the_next_report_outcome(pairs):
    rows, _ = pairs
    gdp = rows[("全国", "国内生产总值增长", 2023)]
    assert (gdp.target_doc, gdp.target_text, gdp.target_value, gdp.bound) == ("gwr_2023", "国内生产总值增长5%左右", 5.0, "about")
    assert (gdp.outcome_doc, gdp.outcome_value, gdp.met, gdp.met_rule) == ("gwr_2024", 5.2, "yes", "5.2 within 5 ± 0.5")
    assert gdp.gap == pytest.approx(0.2)
    jobs = rows[("全国", "城镇新增就业", 2023)]
    assert (jobs.target_value, jobs.outcome_value, jobs.met, jobs.met_rule) == (
        12_000_000,
        12_440_000,
        "yes",
        "1244万 ≥ 1200万 − 60万",
    )
    grain = rows[("全国", "粮食产量", 2023)]  # 斤 converted to 吨
    assert (grain.unit, grain.target_value, grain.outcome_value, grain.bound, grain.met) == (
        "吨",
        6.5e8,
        6.95e8,
        "at_least",
        "yes",
    )
    unemployment = rows[("全国", "城镇调查失业率", 2023)]
    assert (unemployment.outcome_value, unemployment.met) == (5.2, "yes")


def test_a_target_without_a_reported_outcome_is_unknown(pairs):
    rows, _ = pairs
    deficit = rows[("全国", "赤字率", 2023)]
    assert (deficit.target_value, deficit.outcome_doc, deficit.outcome_value, deficit.met) == (3.0, "", None, "unknown")
    later = rows[("全国", "国内生产总值增长", 2024)]
    assert (later.target_doc, later.met) == ("gwr_2024", "unknown")


def test_the_outcome_of_the_year_before_is_not_taken_for_a_target(pairs):
    """gwr_2023 reports 2022's growth (3%); it is no outcome of the 2023 target."""
    rows, _ = pairs
    assert ("全国", "国内生产总值增长", 2022) not in rows
    assert rows[("全国", "国内生产总值增长", 2023)].outcome_value == 5.2


def test_a_province_target_comes_with_the_national_target_of_the_year(pairs):
    rows, _ = pairs
    sichuan = rows[("四川省", "国内生产总值增长", 2023)]
    assert (sichuan.target_doc, sichuan.target_value, sichuan.national_doc, sichuan.national_value) == (
        "sichuan_2023",
        6.0,
        "gwr_2023",
        5.0,
    )
    assert sichuan.met == "unknown"  # the corpus has no Sichuan report of 2024
    order = [r.scope for r in pairs[1].corpus_view(targets_outcomes, "indicators")]
    assert order.index("四川省") > max(i for i, s in enumerate(order) if s == "全国")  # 全国 first


@pytest.mark.parametrize(
    ("target", "high", "bound", "outcome", "unit", "direction", "met", "rule"),
    [
        (5.0, None, "about", 5.2, "%", "two_sided", "yes", "5.2 within 5 ± 0.5"),
        (5.5, None, "about", 3.0, "%", "two_sided", "no", "3 within 5.5 ± 0.5"),
        (13.0, None, "about", 13.6, "%", "two_sided", "no", "13.6 within 13 ± 0.5"),
        (6.0, 6.5, "range", 6.1, "%", "two_sided", "yes", "6 ≤ 6.1 ≤ 6.5"),
        (6.5, 7.0, "range", 7.2, "%", "two_sided", "no", "6.5 ≤ 7.2 ≤ 7"),
        (3.0, None, "about", 0.2, "%", "ceiling", "yes", "0.2 ≤ 3 + 0.5"),
        (3.0, None, "about", 3.6, "%", "ceiling", "no", "3.6 ≤ 3 + 0.5"),
        (1.1e7, None, "at_least", 1.0e7, "人", "floor", "no", "1000万 ≥ 1100万"),
        (1.2e7, None, "about", 1.15e7, "人", "floor", "yes", "1150万 ≥ 1200万 − 60万"),
        (4.5, None, "at_most", 4.02, "%", "ceiling", "yes", "4.02 ≤ 4.5"),
        (5.0, None, "about", None, "%", "two_sided", "unknown", ""),
    ],
)
def test_the_met_rule(target, high, bound, outcome, unit, direction, met, rule):
    assert judge(target, high, bound, outcome, unit=unit, direction=direction) == (met, rule)


@pytest.mark.parametrize(("value", "text"), [(12_440_000, "1244万"), (3.88e12, "3.88万亿"), (2.15e11, "2150亿"), (5.5, "5.5")])
def test_figures_are_written_as_an_analyst_writes_them(value, text):
    assert format_number(value) == text
