"""Scoring helpers shared by the benchmarks and the resource-building tools."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float

    @classmethod
    def from_counts(cls, correct: int, predicted: int, gold: int) -> PRF:
        p = correct / predicted if predicted else 0.0
        r = correct / gold if gold else 0.0
        return cls(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def word_spans(words: Iterable[str]) -> set[tuple[int, int]]:
    """(start, end) character offsets of consecutive words: what segmentation F1 compares."""
    out, pos = set(), 0
    for w in words:
        out.add((pos, pos + len(w)))
        pos += len(w)
    return out


def segmentation_prf(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> PRF:
    """Word-level P/R/F1 (SIGHAN bakeoff scoring) over sentence pairs."""
    correct = n_pred = n_gold = 0
    for g, p in zip(gold, predicted, strict=True):
        gs, ps = word_spans(g), word_spans(p)
        correct += len(gs & ps)
        n_pred += len(ps)
        n_gold += len(gs)
    return PRF.from_counts(correct, n_pred, n_gold)


def entity_prf(
    gold: Sequence[Iterable[tuple[int, int, str]]], predicted: Sequence[Iterable[tuple[int, int, str]]]
) -> dict[str, PRF]:
    """Entity-level P/R/F1, exact span and label, per label and over all (key "ALL")."""
    counts: dict[str, list[int]] = {}  # label -> [correct, predicted, gold]
    for g, p in zip(gold, predicted, strict=True):
        gs, ps = set(g), set(p)
        for span in ps:
            counts.setdefault(span[2], [0, 0, 0])[1] += 1
        for span in gs:
            counts.setdefault(span[2], [0, 0, 0])[2] += 1
        for span in gs & ps:
            counts[span[2]][0] += 1
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    out = {label: PRF.from_counts(*c) for label, c in sorted(counts.items())}
    out["ALL"] = PRF.from_counts(*total)
    return out


def name_prf(gold: Sequence[Iterable[tuple[str, str]]], predicted: Sequence[Iterable[tuple[str, str]]]) -> dict[str, PRF]:
    """P/R/F1 by canonical name: per document, the mentions of each (name, label) found
    against those in the gold, wherever in the document they are (what entity_counts.csv
    counts); per label and over all (key "ALL")."""
    counts: dict[str, list[int]] = {}  # label -> [correct, predicted, gold]
    for g, p in zip(gold, predicted, strict=True):
        gs, ps = Counter(g), Counter(p)
        for (_, label), n in ps.items():
            counts.setdefault(label, [0, 0, 0])[1] += n
        for (_, label), n in gs.items():
            counts.setdefault(label, [0, 0, 0])[2] += n
        for (_, label), n in (gs & ps).items():
            counts[label][0] += n
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    out = {label: PRF.from_counts(*c) for label, c in sorted(counts.items())}
    out["ALL"] = PRF.from_counts(*total)
    return out


@dataclass(frozen=True)
class GoldClaim:
    """A hand-annotated claim, placed in its document (see bench/data/quantities_gold.md)."""

    doc_id: str
    start: int
    end: int
    value: float
    unit: str
    kind: str
    subject: str
    modality: str
    period: str
    text: str


def values_agree(a: float | None, b: float | None) -> bool:
    """Equal up to the six decimals fractions are written with."""
    if a is None or b is None:
        return a is b
    return abs(a - b) <= max(1e-6, 1e-6 * max(abs(a), abs(b)))


def subjects_agree(gold: str, predicted: str) -> bool:
    """The issue's rule: the gold subject is contained in the predicted one or the other way."""
    return bool(gold) and bool(predicted) and (gold in predicted or predicted in gold)


@dataclass(frozen=True)
class ClaimScores:
    prf: PRF  # span overlap + value + unit
    matched: int
    kind: float  # accuracy on matched claims
    modality: float
    subject: float
    period: float
    pairs: tuple  # (gold, predicted) matched pairs, for error listings
    missed: tuple  # gold claims with no match
    spurious: tuple  # predicted claims with no match


def claim_scores(gold: Sequence[GoldClaim], predicted: Sequence) -> ClaimScores:
    """Match predicted claims (objects with doc_id, start, end, value, unit, kind, subject,
    modality, period) to gold ones: same document, overlapping spans, agreeing value and unit;
    each claim is used once, gold claims in text order taking the first free match."""
    by_doc: dict[str, list] = {}
    for p in predicted:
        by_doc.setdefault(p.doc_id, []).append(p)
    used: set[int] = set()
    pairs, missed = [], []
    for g in sorted(gold, key=lambda g: (g.doc_id, g.start)):
        match = next(
            (
                p
                for p in by_doc.get(g.doc_id, [])
                if id(p) not in used
                and p.start < g.end
                and g.start < p.end
                and values_agree(g.value, p.value)
                and g.unit == p.unit
            ),
            None,
        )
        if match is None:
            missed.append(g)
        else:
            used.add(id(match))
            pairs.append((g, match))
    spurious = tuple(p for p in predicted if id(p) not in used)
    n = len(pairs)

    def accuracy(same) -> float:
        return sum(1 for g, p in pairs if same(g, p)) / n if n else 0.0

    return ClaimScores(
        prf=PRF.from_counts(n, len(predicted), len(gold)),
        matched=n,
        kind=accuracy(lambda g, p: g.kind == p.kind),
        modality=accuracy(lambda g, p: g.modality == p.modality),
        subject=accuracy(lambda g, p: subjects_agree(g.subject, p.subject)),
        period=accuracy(lambda g, p: g.period == p.period),
        pairs=tuple(pairs),
        missed=tuple(missed),
        spurious=spurious,
    )


@dataclass(frozen=True)
class GoldReference:
    """A policy reference of a gold file, placed in its document's normalised body."""

    doc_id: str
    start: int
    end: int
    kind: str
    normalized: str
    text: str


def reference_prf(gold: Sequence[GoldReference], predicted: Sequence, *, same_form: bool = True) -> dict[str, PRF]:
    """P/R/F1 per kind (and "all"): a prediction matches a gold reference of the same document
    and kind whose span overlaps it and, with ``same_form``, whose normalized form is equal.
    Each gold reference matches at most one prediction."""
    kinds = sorted({g.kind for g in gold} | {p.kind for p in predicted})
    out = {}
    totals = [0, 0, 0]
    for kind in kinds:
        g_kind = [g for g in gold if g.kind == kind]
        p_kind = [p for p in predicted if p.kind == kind]
        used: set[int] = set()
        correct = 0
        for p in p_kind:
            for i, g in enumerate(g_kind):
                if i in used or g.doc_id != p.doc_id or not (g.start < p.end and p.start < g.end):
                    continue
                if same_form and g.normalized != p.normalized:
                    continue
                used.add(i)
                correct += 1
                break
        out[kind] = PRF.from_counts(correct, len(p_kind), len(g_kind))
        totals = [totals[0] + correct, totals[1] + len(p_kind), totals[2] + len(g_kind)]
    out["all"] = PRF.from_counts(*totals)
    return out
