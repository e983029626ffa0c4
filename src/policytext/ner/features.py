"""Character features for the NER CRF.

One feature list per character: the characters around it, character n-grams, the character
class, and where the character sits in the segmenter's word (B/M/E/S), which is what the
pipeline already computed, so NER does not segment again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

_PAD = "<s>"
_END = "</s>"

# jieba's dictionary tags that hint at a name; everything else is "-"
_NAME_TAGS = {"nr": "nr", "nrt": "nr", "nrfg": "nr", "ns": "ns", "nt": "nt", "nz": "nz", "j": "j"}


@lru_cache(maxsize=1)
def name_tags() -> dict[str, str]:
    """Word → nr/ns/nt/nz/j from jieba's bundled dictionary (only those words, to keep it small)."""
    import jieba

    tags = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] in _NAME_TAGS:
                tags[parts[0]] = _NAME_TAGS[parts[2]]
    return tags


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


def _word_features(tokens: Sequence[str]) -> list[list[str]]:
    """Per character: its word, the words either side, and the word's dictionary name tag."""
    tags = name_tags()
    words = ["<s>", *tokens, "</s>"]
    out = []
    for k in range(1, len(words) - 1):
        word = words[k]
        feats = [f"w={word}", f"w-1={words[k - 1]}", f"w+1={words[k + 1]}", f"wt={tags.get(word, '-')}"]
        out.extend([feats] * len(word))
    return out


def sentence_features(
    text: str,
    tokens: Sequence[str],
    places: Sequence[str] | None = None,
    *,
    words: bool = False,
    lexicon: Mapping[str, Sequence[str]] | None = None,
) -> list[list[str]]:
    """Features of every character of ``text``; ``tokens`` must concatenate to ``text``.

    ``places``, if given, is the B/M/E/S/O position of each character in a gazetteer place
    name (``Gazetteer.positions``). ``words`` adds the segmenter word's identity, its
    neighbours and jieba's dictionary name tag (nr/ns/nt/nz/j). ``lexicon``, if given, maps
    each label to the B/M/E/S/O position of each character in a known name of that label
    (``policytext.ner.lexicon``).
    """
    n = len(text)
    chars = [_PAD, _PAD, *text, _END, _END]
    classes = ["<", "<", *(char_class(c) for c in text), ">", ">"]
    pos = ["<", *word_positions(tokens), ">"]
    if len(pos) != n + 2:
        raise ValueError("tokens do not cover the text")
    out = []
    for i in range(n):
        j = i + 2  # index into the padded lists
        c_2, c_1, c0, c1, c2 = chars[j - 2], chars[j - 1], chars[j], chars[j + 1], chars[j + 2]
        w_1, w0, w1 = pos[i], pos[i + 1], pos[i + 2]
        out.append(
            [
                "b",
                f"c0={c0}",
                f"c-1={c_1}",
                f"c1={c1}",
                f"c-2={c_2}",
                f"c2={c2}",
                f"c-1c0={c_1}{c0}",
                f"c0c1={c0}{c1}",
                f"c-2c-1={c_2}{c_1}",
                f"c1c2={c1}{c2}",
                f"c-1c0c1={c_1}{c0}{c1}",
                f"t={classes[j - 1]}{classes[j]}{classes[j + 1]}",
                f"w0={w0}",
                f"w-1w0={w_1}{w0}",
                f"w0w1={w0}{w1}",
                f"w0c0={w0}{c0}",
            ]
        )
    if places is not None:
        padded = ["O", *places, "O"]
        for i, feats in enumerate(out):
            feats.append(f"g0={padded[i + 1]}")
            feats.append(f"g-1g0g1={padded[i]}{padded[i + 1]}{padded[i + 2]}")
    if words:
        for feats, extra in zip(out, _word_features(tokens)):
            feats.extend(extra)
    if lexicon is not None:
        for label, positions in lexicon.items():
            padded = ["O", *positions, "O"]
            for i, feats in enumerate(out):
                if padded[i + 1] != "O" or padded[i] != "O" or padded[i + 2] != "O":
                    feats.append(f"{label}0={padded[i + 1]}")
                    feats.append(f"{label}-1{label}0{label}1={padded[i]}{padded[i + 1]}{padded[i + 2]}")
    return out
