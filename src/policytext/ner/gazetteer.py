"""Longest-match lookup of known place names (the packaged gazetteer) in a sentence."""

from __future__ import annotations

from functools import lru_cache

from policytext.resources import resource_path

GAZETTEER_LOC = "gazetteer_loc.txt"


class Gazetteer:
    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        lengths: dict[str, set[int]] = {}
        for name in names:
            lengths.setdefault(name[0], set()).add(len(name))
        # per first character, the name lengths to try, longest first
        self._lengths = {ch: sorted(ls, reverse=True) for ch, ls in lengths.items()}

    def matches(self, text: str) -> list[tuple[int, int]]:
        """Non-overlapping ``(start, end)`` of names, leftmost-longest first."""
        out = []
        i, n = 0, len(text)
        while i < n:
            for length in self._lengths.get(text[i], ()):
                if i + length <= n and text[i : i + length] in self.names:
                    out.append((i, i + length))
                    i += length
                    break
            else:
                i += 1
        return out

    def positions(self, text: str) -> list[str]:
        """Per character: B/M/E/S inside a matched name, O outside."""
        tags = ["O"] * len(text)
        for start, end in self.matches(text):
            if end - start == 1:
                tags[start] = "S"
            else:
                tags[start] = "B"
                tags[end - 1] = "E"
                for i in range(start + 1, end - 1):
                    tags[i] = "M"
        return tags


@lru_cache(maxsize=1)
def place_gazetteer() -> Gazetteer:
    names = {}
    for line in resource_path(GAZETTEER_LOC).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, kind = line.partition("\t")
            names[name] = kind
    return Gazetteer(names)
