"""Known entity names per label, as features for the CRF (not as rules).

The model learns how far to trust "this string was a PER/LOC/ORG somewhere in the training
data". Training builds the lexicon from the training files' own entities *jackknifed* (a
sentence sees only names from the other folds, so the feature is as reliable in training as
on new text) plus names from other annotated corpora; the full lexicon ships beside the
model as ``<model>.lexicon.txt`` (name<TAB>label per line).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from policytext.ner.gazetteer import Gazetteer
from policytext.ner.labels import LABELS

MIN_NAME_LENGTH = 2  # one-character names (中, 美) are abbreviations the characters already show


class EntityLexicon:
    """One leftmost-longest gazetteer per label."""

    def __init__(self, names: Mapping[str, Iterable[str]]) -> None:
        self.by_label = {label: Gazetteer(dict.fromkeys(names.get(label, ()), label)) for label in LABELS}

    def positions(self, text: str) -> dict[str, list[str]]:
        return {label: g.positions(text) for label, g in self.by_label.items()}

    @classmethod
    def read(cls, path: Path) -> EntityLexicon:
        names: dict[str, set[str]] = {label: set() for label in LABELS}
        for line in path.read_text(encoding="utf-8").splitlines():
            name, _, label = line.partition("\t")
            if label in names:
                names[label].add(name)
        return cls(names)


def lexicon_path(model_path: Path) -> Path:
    return model_path.with_suffix(".lexicon.txt")


def names_of(records: Iterable[tuple[str, list[tuple[int, int, str]]]]) -> dict[str, set[str]]:
    """label -> entity strings of at least MIN_NAME_LENGTH characters in ``(text, spans)`` records."""
    names: dict[str, set[str]] = {label: set() for label in LABELS}
    for text, spans in records:
        for start, end, label in spans:
            if end - start >= MIN_NAME_LENGTH and label in names:
                names[label].add(text[start:end])
    return names


def write_lexicon(path: Path, names: Mapping[str, Iterable[str]]) -> None:
    lines = sorted(f"{name}\t{label}" for label in LABELS for name in names.get(label, ()))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
