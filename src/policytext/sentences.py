"""Split the body text into sentences and give each its tokens."""

from __future__ import annotations

import re
import sys

from policytext.records import Sentence
from policytext.segment import Segmenter

# A sentence ends at 。！？；!?; (plus closing quotes/brackets that follow) or at a line end.
_SENTENCE = re.compile(r"[^\n。！？；!?;]*(?:[。！？；!?;]+[”’」』）)\"']*|\n|$)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank sentence, trimmed of surrounding whitespace."""
    spans = []
    for m in _SENTENCE.finditer(text):
        start, end = m.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def split_sentences(text: str, segmenter: Segmenter) -> tuple[Sentence, ...]:
    """Sentences with their tokens (whitespace tokens dropped), cut one sentence at a time.
    Tokens are interned: a corpus repeats a few hundred thousand words millions of times, and
    one string per word keeps the memory of a large run small."""
    cut = segmenter.cut
    return tuple(
        Sentence(sid, start, end, text[start:end], tuple(sys.intern(tok) for tok in cut(text[start:end]) if not tok.isspace()))
        for sid, (start, end) in enumerate(sentence_spans(text))
    )
