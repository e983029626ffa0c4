"""Longest-match lookup of known place names (the packaged gazetteer) in a sentence."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from policytext.ner.keys import code_points, find_sorted
from policytext.resources import resource_path

GAZETTEER_LOC = "gazetteer_loc.txt"
POSITION_SYMBOLS = ("O", "B", "M", "E", "S")  # a character's place in a matched name


class Gazetteer:
    """Leftmost-longest matching of a set of names. A name can start only where the text's
    first two characters start one (or the character is a one-character name): long texts
    find those places with numpy and try the names there, longest first; short texts look
    the two characters up as they go."""

    SHORT = 64  # characters; below this the numpy set-up costs more than it saves

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        lengths: dict[str, set[int]] = {}
        for name in names:
            if len(name) > 1:
                lengths.setdefault(name[:2], set()).add(len(name))
        # per first two characters, the name lengths to try, longest first
        self._lengths = {head: sorted(ls, reverse=True) for head, ls in lengths.items()}
        self._singles = frozenset(name for name in names if len(name) == 1)
        self._head_keys = np.array(sorted(_pair_key(ord(h[0]), ord(h[1])) for h in self._lengths), dtype=np.int64)
        self._single_codes = np.array(sorted(ord(c) for c in self._singles), dtype=np.int64)

    def matches(self, text: str) -> list[tuple[int, int]]:
        """Non-overlapping ``(start, end)`` of names, leftmost-longest first."""
        if len(text) < self.SHORT:
            candidates: Sequence[int] = range(len(text))
        else:
            cps = code_points(text)
            possible = np.zeros(len(text), dtype=bool)
            possible[:-1] = find_sorted(self._head_keys, _pair_key(cps[:-1], cps[1:]))[1]
            possible |= find_sorted(self._single_codes, cps)[1]
            candidates = np.flatnonzero(possible).tolist()
        out = []
        after = 0  # the end of the last match: matches do not overlap
        lengths, names, singles, n = self._lengths, self.names, self._singles, len(text)
        for i in candidates:
            if i < after:
                continue
            for length in lengths.get(text[i : i + 2], ()):
                # near the end a slice is shorter than asked for and could name a shorter place
                if i + length <= n and text[i : i + length] in names:
                    out.append((i, i + length))
                    after = i + length
                    break
            else:
                if text[i] in singles:
                    out.append((i, i + 1))
                    after = i + 1
        return out

    def positions(self, text: str) -> list[str]:
        """Per character: B/M/E/S inside a matched name, O outside."""
        return [POSITION_SYMBOLS[i] for i in self.position_array(text)]

    def position_array(self, text: str) -> np.ndarray:
        """``positions`` as indexes into POSITION_SYMBOLS."""
        out = np.zeros(len(text) + 1, dtype=np.int64)
        found = np.array(self.matches(text), dtype=np.int64).reshape(-1, 2)
        starts, ends = found[:, 0], found[:, 1]
        # M from start + 1 to end - 1: mark the run's edges, then a running sum
        inside = np.zeros(len(text) + 1, dtype=np.int64)
        np.add.at(inside, starts + 1, 1)
        np.add.at(inside, ends - 1, -1)
        out[np.cumsum(inside) > 0] = 2
        out[ends - 1] = 3
        out[starts] = 1
        out[starts[ends - starts == 1]] = 4
        return out[:-1]


def _pair_key(first, second):
    return first * 0x110000 + second


@lru_cache(maxsize=1)
def place_gazetteer() -> Gazetteer:
    names = {}
    for line in resource_path(GAZETTEER_LOC).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, kind = line.partition("\t")
            names[name] = kind
    return Gazetteer(names)
