"""Character features for the NER CRF.

One feature list per character: the characters around it, character n-grams, the character
class, and where the character sits in the segmenter's word (B/M/E/S), which is what the
pipeline already computed, so NER does not segment again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

_PAD = "<s>"
_END = "</s>"

# The templates of ``sentence_features``: name -> (stream, offset) per part of the value. The
# encoded features (policytext.ner.feature_arrays) compute the same features from these.
# Streams: c characters, t character classes, w word positions, g gazetteer positions,
# k character clusters, kw word cluster + word position, PER/LOC/ORG lexicon positions.
TEMPLATES: dict[str, tuple[tuple[str, int], ...]] = {
    "b": (),
    "c0": (("c", 0),),
    "c-1": (("c", -1),),
    "c1": (("c", 1),),
    "c-1c0": (("c", -1), ("c", 0)),
    "c0c1": (("c", 0), ("c", 1)),
    "c-2c-1": (("c", -2), ("c", -1)),
    "c1c2": (("c", 1), ("c", 2)),
    "c-1c0c1": (("c", -1), ("c", 0), ("c", 1)),
    "t": (("t", -1), ("t", 0), ("t", 1)),
    "w0": (("w", 0),),
    "w-1w0": (("w", -1), ("w", 0)),
    "w0w1": (("w", 0), ("w", 1)),
    "g0": (("g", 0),),
    "g-1g0g1": (("g", -1), ("g", 0), ("g", 1)),
    "k0": (("k", 0),),
    "k-1": (("k", -1),),
    "k1": (("k", 1),),
    "kw": (("kw", 0),),
    **{f"{label}0": ((label, 0),) for label in ("PER", "LOC", "ORG")},
    **{f"{label}-1{label}0{label}1": ((label, -1), (label, 0), (label, 1)) for label in ("PER", "LOC", "ORG")},
}
# the symbols padding each stream before and after a sentence
STREAM_PADS = {
    "c": (_PAD, _END),
    "t": ("<", ">"),
    "w": ("<", ">"),
    "g": ("O", "O"),
    "k": ("<", ">"),
    "kw": ("", ""),  # read at offset 0 only
    **{label: ("O", "O") for label in ("PER", "LOC", "ORG")},
}


@dataclass(frozen=True)
class FeatureSet:
    """Which optional features a model uses; written as "gazetteer+lexicon" in its meta."""

    gazetteer: bool = False  # positions in packaged place names (resources/gazetteer_loc.txt)
    lexicon: bool = False  # positions in known names per label (policytext.ner.lexicon)
    clusters: bool = False  # clusters of the characters ±1 and of the words (policytext.ner.clusters)

    @classmethod
    def parse(cls, spec: str) -> FeatureSet:
        """ "base" (no optional features) or flags joined by "+"."""
        flags = [f for f in spec.split("+") if f and spec != "base"]
        unknown = set(flags) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown NER feature(s) {sorted(unknown)} in {spec!r}")
        return cls(**dict.fromkeys(flags, True))

    def __str__(self) -> str:
        return "+".join(f.name for f in fields(self) if getattr(self, f.name)) or "base"


def char_class(ch: str) -> str:
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
        return "H"  # Han
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L"
    if ch.isspace():
        return "W"
    return "P"


def word_positions(tokens: Sequence[str]) -> list[str]:
    """B/M/E/S per character: the position of each character inside its word."""
    tags: list[str] = []
    for tok in tokens:
        if len(tok) == 1:
            tags.append("S")
        else:
            tags.extend(["B", *["M"] * (len(tok) - 2), "E"])
    return tags


def sentence_features(
    text: str,
    tokens: Sequence[str],
    places: Sequence[str] | None = None,
    *,
    lexicon: Mapping[str, Sequence[str]] | None = None,
    clusters: tuple[Sequence[str], Sequence[str]] | None = None,
) -> list[list[str]]:
    """Features of every character of ``text``; ``tokens`` must concatenate to ``text``.

    ``places``, if given, is the B/M/E/S/O position of each character in a gazetteer place
    name (``Gazetteer.positions``). ``lexicon``, if given, maps each label to the B/M/E/S/O
    position of each character in a known name of that label (``policytext.ner.lexicon``).
    ``clusters``, if given, is the cluster of each character and of each character's word
    (``Clusters.per_char``).
    """
    n = len(text)
    chars = [_PAD, _PAD, *text, _END, _END]
    classes = ["<", "<", *(char_class(c) for c in text), ">", ">"]
    pos = ["<", *word_positions(tokens), ">"]
    if len(pos) != n + 2:
        raise ValueError("tokens do not cover the text")
    out = []
    for i in range(n):
        j = i + 2  # index into the padded characters
        c_2, c_1, c0, c1, c2 = chars[j - 2], chars[j - 1], chars[j], chars[j + 1], chars[j + 2]
        w_1, w0, w1 = pos[i], pos[i + 1], pos[i + 2]
        out.append(
            [
                "b",
                f"c0={c0}",
                f"c-1={c_1}",
                f"c1={c1}",
                f"c-1c0={c_1}{c0}",
                f"c0c1={c0}{c1}",
                f"c-2c-1={c_2}{c_1}",
                f"c1c2={c1}{c2}",
                f"c-1c0c1={c_1}{c0}{c1}",
                f"t={classes[i + 1]}{classes[i + 2]}{classes[i + 3]}",
                f"w0={w0}",
                f"w-1w0={w_1}{w0}",
                f"w0w1={w0}{w1}",
            ]
        )
    if places is not None:
        padded = ["O", *places, "O"]
        for i, feats in enumerate(out):
            feats.append(f"g0={padded[i + 1]}")
            feats.append(f"g-1g0g1={padded[i]}{padded[i + 1]}{padded[i + 2]}")
    if clusters is not None:
        chars_k = ["<", *clusters[0], ">"]
        words_k = clusters[1]
        for i, feats in enumerate(out):
            feats.append(f"k0={chars_k[i + 1]}")
            feats.append(f"k-1={chars_k[i]}")
            feats.append(f"k1={chars_k[i + 2]}")
            feats.append(f"kw={words_k[i]}{pos[i + 1]}")
    if lexicon is not None:
        for label, positions in lexicon.items():
            padded = ["O", *positions, "O"]
            for i, feats in enumerate(out):
                if padded[i + 1] != "O" or padded[i] != "O" or padded[i + 2] != "O":
                    feats.append(f"{label}0={padded[i + 1]}")
                    feats.append(f"{label}-1{label}0{label}1={padded[i]}{padded[i + 1]}{padded[i + 2]}")
    return out
