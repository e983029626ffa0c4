"""Scoring helpers shared by the benchmarks and the resource-building tools."""

from __future__ import annotations

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
