"""Character and word clusters (built by ``policytext.training.clusters``) for NER features."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

UNKNOWN = "-"


class Clusters:
    def __init__(self, chars: dict[str, str], words: dict[str, str]) -> None:
        self.chars = chars
        self.words = words

    @classmethod
    def read(cls, path: Path) -> Clusters:
        chars: dict[str, str] = {}
        words: dict[str, str] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                continue
            kind, token, cluster = line.split("\t")
            (chars if kind == "c" else words)[token] = cluster
        return cls(chars, words)

    def per_char(self, text: str, tokens: Sequence[str]) -> tuple[list[str], list[str]]:
        """The cluster of each character, and of the word each character belongs to."""
        chars = [self.chars.get(ch, UNKNOWN) for ch in text]
        words = []
        for tok in tokens:
            words += [self.words.get(tok, UNKNOWN)] * len(tok)
        return chars, words


def clusters_path(model_path: Path) -> Path:
    return model_path.with_suffix(".clusters.txt")
