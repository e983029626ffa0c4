"""The targets stage: claims on known indicators (``extract.indicators``) and targets followed
to their outcomes across documents (``extract.targets``)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from policytext.extract.indicators import document_indicators, document_scope, load_indicators
from policytext.extract.targets import NATIONAL, format_number, targets_outcomes
from policytext.outputs.charts import render_target_chart
from policytext.outputs.html import html_table, picture
from policytext.outputs.wordclouds import WordCloudStyle
from policytext.records import CorpusResult, IndicatorValue, TargetOutcome
from policytext.stage import (
    DocumentStage,
    Picture,
    StageInput,
    Table,
    corpus_view,
    document_records,
    option,
    ran,
    record_columns,
)

CHART_DIR = "targets"
TOP_ROWS = 60  # rows of the report's table; targets_outcomes.csv has them all
MET = ("yes", "no", "unknown")
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]')  # characters no file name may hold on Windows


@dataclass(frozen=True)
class TargetOptions:
    indicators: tuple[str, ...] = option(
        help="Extra indicators for targets and outcomes, 'indicator<TAB>unit<TAB>direction<TAB>subject|subject' "
        "per line (see the bundled indicators.txt); a line with a bundled name replaces it. Repeatable."
    )


def prepare(options: TargetOptions) -> None:
    load_indicators(options.indicators)  # a malformed indicator file fails here, not in a worker


def find_indicator_values(doc: StageInput, options: TargetOptions) -> list[IndicatorValue]:
    return document_indicators(
        doc.doc_id,
        doc.text,
        doc.records.get("quantities", ()),
        year=doc.year,
        work_report=doc.kind == "work_report",
        scope=document_scope(title=doc.title, issuer=doc.issuer, text=doc.text),
        table=load_indicators(options.indicators),
    )


def chart_series(rows: list[TargetOutcome]) -> dict[tuple[str, str], list[TargetOutcome]]:
    """Rows to chart, per (indicator, scope): 全国 when it has targets, else the scope with the
    most; one row per year (the first), and only series with two years or an outcome."""
    by_indicator: dict[str, dict[str, list[TargetOutcome]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        if r.target_value is not None:
            by_indicator[r.indicator][r.scope].append(r)
    series = {}
    for indicator, scopes in by_indicator.items():
        scope = NATIONAL if NATIONAL in scopes else max(scopes, key=lambda s: (len(scopes[s]), s))
        first: dict[int, TargetOutcome] = {}
        for r in scopes[scope]:
            first.setdefault(r.target_year, r)
        picked = [first[y] for y in sorted(first)]
        if len(picked) > 1 or any(r.outcome_value is not None for r in picked):
            series[(indicator, scope)] = picked
    return series


def chart_name(indicator: str, scope: str) -> str:
    """targets/国内生产总值增长.png; a series of a province names it: targets/粮食产量_四川省.png."""
    stem = indicator if scope == NATIONAL else f"{indicator}_{scope}"
    return f"{CHART_DIR}/{_UNSAFE.sub('_', stem)}.png"


def target_pictures(result: CorpusResult, style: WordCloudStyle, clouds: bool) -> list[Picture]:
    """One chart per indicator followed over years: targets as bars, outcomes as points."""
    rows = result.corpus_view(targets_outcomes, "indicators")
    pictures = []
    for (indicator, scope), picked in chart_series(rows).items():
        years = [(r.target_year, r.target_value, r.target_value_high, r.outcome_value, r.met) for r in picked]
        title = f"{indicator} ({scope}): 目标与实际 targets and outcomes"
        pictures.append(
            Picture(
                chart_name(indicator, scope),
                render_target_chart,
                (title, picked[0].unit, years),
                {"font_path": style.font_path()},
            )
        )
    return pictures


def _cell(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    return format_number(value) + ("%" if unit == "%" else unit)


def report_section(result: CorpusResult, pictures: frozenset[str]) -> str:
    """Targets with their outcomes and verdicts, counts by verdict, the charts."""
    rows = result.corpus_view(targets_outcomes, "indicators")
    met = Counter(r.met for r in rows)
    parts = [
        "<h2>Targets and outcomes</h2><p>"
        f"{len(rows):,} targets on known indicators (targets_outcomes.csv; every claim on an indicator in indicators.csv): "
        + " · ".join(f"{met[m]:,} met {m}" for m in MET)
        + ". A range is met inside it; 左右 or an exact figure within ±0.5 percentage point of a percentage or ±5 % "
        "of a count or amount (on the side that matters for jobs, prices, unemployment); 以上 at or above, 以内 at or below.</p>"
    ]
    table = [
        (
            r.indicator,
            r.scope,
            r.target_year,
            r.target_doc,
            r.target_text,
            r.outcome_doc,
            r.outcome_text,
            r.met,
            r.met_rule,
            _cell(r.national_value, r.unit) if r.national_doc else "",
        )
        for r in rows[:TOP_ROWS]
    ]
    if table:
        columns = ["indicator", "scope", "year", "target in", "target", "outcome in", "outcome", "met", "test", "national target"]
        parts.append(html_table(columns, table, numeric=frozenset({2})))
    charts = sorted(p for p in pictures if p.startswith(CHART_DIR + "/"))
    if charts:
        parts.append("<h3>Targets and outcomes by year</h3>" + "".join(picture(p, p) for p in charts))
    return "\n".join(parts)


def summary_line(result: CorpusResult) -> str:
    values = Counter(result.iter_values("indicators", "modality"))
    met = Counter(r.met for r in result.corpus_view(targets_outcomes, "indicators"))
    return (
        f"targets and outcomes: {values['target']} targets and {values['achieved']} outcomes on known indicators; "
        f"{sum(met.values())} targets followed ({', '.join(f'{met[m]} met {m}' for m in MET)})"
    )


INDICATOR_COLUMNS = record_columns(IndicatorValue)
TARGET_OUTCOME_COLUMNS = record_columns(TargetOutcome)

STAGE = DocumentStage(
    name="targets",
    records="indicators",
    record_type=IndicatorValue,
    title="targets and outcomes",
    help="Skip targets followed to their outcomes (indicators.csv, targets_outcomes.csv, targets/*.png).",
    run=find_indicator_values,
    options=TargetOptions,
    prepare=prepare,
    needs=("quantities",),
    tables=(
        Table("indicators", INDICATOR_COLUMNS, document_records("indicators", INDICATOR_COLUMNS), ran("targets")),
        Table(
            "targets_outcomes",
            TARGET_OUTCOME_COLUMNS,
            corpus_view(targets_outcomes, TARGET_OUTCOME_COLUMNS, reads=("indicators",)),
            ran("targets"),
        ),
    ),
    report=report_section,
    summary=summary_line,
    pictures=target_pictures,
    picture_names=frozenset({f"{CHART_DIR}/*.png"}),
)
