"""Targets followed to their outcomes: each target a document sets on a known indicator, paired
with the figure a later document reports for the same indicator, place and year, and whether
it was met; a province's target also with the national target of that year (目标加码).

The outcome of a year's target is taken from the work report of the next year when the corpus
has one (it reviews the year), else from the nearest later document that reports that year;
within a document, its first figure for the indicator. One target per document, indicator and
year: the first the document states.

Whether a target was met (``met``), with ``t`` the target, ``v`` the outcome and a tolerance
of 0.5 percentage points for a percentage, 5 % of the target otherwise:

- a range (6%–6.5%): met inside it; for a ceiling indicator (CPI, unemployment, deficit) at
  or below its top, for a floor indicator (jobs, grain) at or above its bottom;
- 以上, 超过, 不低于 (at least): v ≥ t; 以内, 不超过, 控制在 (at most): v ≤ t;
- 左右 or an exact figure: within t ± tolerance; for a floor indicator v ≥ t − tolerance, for a
  ceiling indicator v ≤ t + tolerance;
- no outcome in the corpus: unknown.
"""

from __future__ import annotations

from collections.abc import Sequence

from policytext.records import DocumentResult, IndicatorValue, TargetOutcome

PERCENT_TOLERANCE = 0.5  # percentage points
RELATIVE_TOLERANCE = 0.05  # of the target, for counts and amounts
NATIONAL = "全国"
WORK_REPORT = "work_report"


def tolerance(target: float, unit: str) -> float:
    return PERCENT_TOLERANCE if unit == "%" else RELATIVE_TOLERANCE * abs(target)


def judge(target: float, high: float | None, bound: str, outcome: float | None, *, unit: str, direction: str) -> tuple[str, str]:
    """(met, the test written out) for an outcome against a target (see the module docstring)."""
    if outcome is None:
        return "unknown", ""
    v, t = format_number(outcome), format_number(target)
    if bound == "range" and high is not None:
        h = format_number(high)
        if direction == "ceiling":
            return _verdict(outcome <= high, f"{v} ≤ {h}")
        if direction == "floor":
            return _verdict(outcome >= target, f"{v} ≥ {t}")
        return _verdict(target <= outcome <= high, f"{t} ≤ {v} ≤ {h}")
    if bound == "at_least":
        return _verdict(outcome >= target, f"{v} ≥ {t}")
    if bound == "at_most":
        return _verdict(outcome <= target, f"{v} ≤ {t}")
    tol = tolerance(target, unit)
    slack = format_number(tol)
    if direction == "floor":
        return _verdict(outcome >= target - tol - 1e-9, f"{v} ≥ {t} − {slack}")
    if direction == "ceiling":
        return _verdict(outcome <= target + tol + 1e-9, f"{v} ≤ {t} + {slack}")
    return _verdict(abs(outcome - target) <= tol + 1e-9, f"{v} within {t} ± {slack}")


def _verdict(ok: bool, rule: str) -> tuple[str, str]:
    return ("yes" if ok else "no"), rule


def format_number(value: float) -> str:
    """A figure as an analyst writes it: 1244万, 3.2万亿, 5.5."""
    for size, word in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
        if abs(value) >= size:
            return f"{round(value / size, 4):g}{word}"
    return f"{round(value, 4):g}"


def targets_outcomes(documents: Sequence[DocumentResult]) -> list[TargetOutcome]:
    """Every target on a known indicator with a year and a scope, with its outcome and, for a
    province, the national target (see the module docstring). Rows by scope (全国 first),
    indicator, year and document."""
    position = {doc.doc_id: i for i, doc in enumerate(documents)}
    by_doc = {doc.doc_id: doc for doc in documents}
    outcomes: dict[tuple[str, str, int], list[IndicatorValue]] = {}
    targets: dict[tuple[str, str, int], IndicatorValue] = {}
    for doc in documents:
        for v in doc.records.get("indicators", ()):
            if v.year is None or not v.scope:
                continue
            if v.modality == "achieved":
                outcomes.setdefault((v.scope, v.indicator, v.year), []).append(v)
            elif v.modality == "target":
                targets.setdefault((v.doc_id, v.indicator, v.year), v)
    national: dict[tuple[str, int], IndicatorValue] = {}
    for t in targets.values():
        if t.scope == NATIONAL:
            national.setdefault((t.indicator, t.year or 0), t)

    def outcome_rank(v: IndicatorValue, year: int) -> tuple:
        doc = by_doc[v.doc_id]
        next_report = doc.kind == WORK_REPORT and doc.year == year + 1
        return (not next_report, doc.year is None, abs((doc.year or 0) - (year + 1)), position[v.doc_id], v.start)

    rows = []
    for t in targets.values():
        year = t.year or 0
        found = [v for v in outcomes.get((t.scope, t.indicator, year), ()) if v.doc_id != t.doc_id]
        outcome = min(found, key=lambda v: outcome_rank(v, year)) if found else None
        nat = national.get((t.indicator, year)) if t.scope != NATIONAL else None
        met, rule = (
            judge(t.value, t.value_high, t.bound, outcome.value if outcome else None, unit=t.unit, direction=t.direction)
            if t.value is not None
            else ("unknown", "")
        )
        gap = outcome.value - t.value if outcome and outcome.value is not None and t.value is not None else None
        rows.append(
            TargetOutcome(
                indicator=t.indicator,
                unit=t.unit,
                scope=t.scope,
                target_year=year,
                target_doc=t.doc_id,
                target_text=t.text,
                target_value=t.value,
                target_value_high=t.value_high,
                approx=t.bound != "exact",
                bound=t.bound,
                outcome_doc=outcome.doc_id if outcome else "",
                outcome_text=outcome.text if outcome else "",
                outcome_value=outcome.value if outcome else None,
                gap=None if gap is None else round(gap, 6),
                met=met,
                met_rule=rule,
                national_doc=nat.doc_id if nat else "",
                national_value=nat.value if nat else None,
                national_value_high=nat.value_high if nat else None,
            )
        )
    rows.sort(key=lambda r: (r.scope != NATIONAL, r.scope, r.indicator, r.target_year, position[r.target_doc]))
    return rows
