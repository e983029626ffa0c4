"""Traditional characters read as Simplified, for NER only.

The model and rules know Simplified text. A sentence with Traditional characters (國務院辦公廳)
is tagged on its Simplified form, one character for one, so entity offsets and the text
shown (still Traditional) stay those of the document.
"""

from __future__ import annotations

from functools import lru_cache

from policytext.resources import resource_path

TS_CHARACTERS = "ts_characters.txt"


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table = {}
    for line in resource_path(TS_CHARACTERS).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            traditional, simplified = line.split("\t")
            table[ord(traditional)] = simplified
    return table


def to_simplified(text: str) -> str:
    """``text`` with Traditional characters replaced by Simplified ones; same length."""
    return text.translate(_table())
