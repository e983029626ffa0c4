"""Entity spans <-> per-character BIOES tags."""

from __future__ import annotations

from collections.abc import Sequence

LABELS = ("PER", "LOC", "ORG")


def spans_to_tags(n: int, spans: Sequence[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * n
    for start, end, label in spans:
        if end - start == 1:
            tags[start] = f"S-{label}"
        else:
            tags[start] = f"B-{label}"
            for i in range(start + 1, end - 1):
                tags[i] = f"I-{label}"
            tags[end - 1] = f"E-{label}"
    return tags


def tags_to_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Spans from BIOES tags; a malformed run (B without E) is closed where it breaks."""
    spans: list[tuple[int, int, str]] = []
    start: int | None = None
    label = ""  # read only while start is set
    for i, tag in enumerate(tags):
        kind, _, lab = tag.partition("-")
        if kind == "S":
            if start is not None:
                spans.append((start, i, label))
            spans.append((i, i + 1, lab))
            start, label = None, ""
        elif kind == "B" or (kind in "IE" and (start is None or lab != label)):
            if start is not None:
                spans.append((start, i, label))
            start, label = i, lab
            if kind == "E":
                spans.append((start, i + 1, label))
                start, label = None, ""
        elif kind == "E":
            assert start is not None  # start is None is the branch above
            spans.append((start, i + 1, label))
            start, label = None, ""
        elif kind == "O" and start is not None:
            spans.append((start, i, label))
            start, label = None, ""
    if start is not None:
        spans.append((start, len(tags), label))
    return spans
