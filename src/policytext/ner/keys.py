"""Characters as integer keys, and keys looked up in sorted tables: what the numpy side of
NER (the gazetteer's candidate starts, the CRF's feature tables) is built on."""

from __future__ import annotations

import numpy as np


def code_points(text: str) -> np.ndarray:
    """The code point of every character of ``text`` (int64, for key arithmetic)."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)


def find_sorted(sorted_keys: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(positions, found)``: where each of ``keys`` sits in ``sorted_keys`` and whether it is
    there (a position is meaningful only where ``found``)."""
    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=np.int64), np.zeros(len(keys), dtype=bool)
    pos = np.searchsorted(sorted_keys, keys)
    pos[pos == len(sorted_keys)] = 0
    return pos, sorted_keys[pos] == keys
