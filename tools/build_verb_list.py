"""Write src/policytext/resources/verbs.txt: the words jieba's dictionary tags as verbs.

The quantity extractor asks whether the word before a number is a verb (打通53条断头路: the
subject is the noun after the number). Reading jieba's whole tagged dictionary takes most of
a second per process; this list of its 1–4 character verbs loads in a few milliseconds.

    python tools/build_verb_list.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    from policytext.lexicon import jieba_word_tags
except ImportError:  # a checkout without the package installed
    sys.path.insert(0, str(ROOT / "src"))
    from policytext.lexicon import jieba_word_tags

HEADER = """# Verbs: the words tagged v in jieba's dictionary (jieba, MIT licence), 1-4 characters.
# Used by the quantity extractor to tell 打通53条断头路 from 地区生产总值5.2万亿元.
# Rebuild with: python tools/build_verb_list.py
"""


def main() -> None:
    verbs = sorted(w for w, tag in jieba_word_tags().items() if tag.startswith("v") and 1 <= len(w) <= 4)
    out = ROOT / "src" / "policytext" / "resources" / "verbs.txt"
    out.write_text(HEADER + "\n".join(verbs) + "\n", encoding="utf-8")
    print(f"{len(verbs)} verbs -> {out}")


if __name__ == "__main__":
    main()
