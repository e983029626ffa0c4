"""Which tokens can be keywords, and multi-word phrases found from corpus statistics.

A phrase such as 全面深化改革 (全面 + 深化 + 改革) becomes one term when its parts occur together
far more often than chance (normalised PMI) in enough places, so keyword methods can rank it
next to single words. Phrases are counted per document (in worker processes) and selected
once for the whole corpus.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ASCII_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9+\-.]*$|^[0-9]+[A-Za-z][A-Za-z0-9]*$")  # AI, IPv6, 5G
_NUMERAL_ONLY = re.compile(r"^[\d.,%〇零一二三四五六七八九十百千万亿两几多余]+$")
_CJK_WORD = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")


def is_keyword_candidate(token: str, stopwords: frozenset[str]) -> bool:
    """A token that may be a keyword: two or more characters, Chinese or a Latin term, no stopword, no number."""
    if len(token) < 2 or token in stopwords:
        return False
    if _CJK.search(token):
        return not _NUMERAL_ONLY.match(token)
    return bool(_ASCII_WORD.match(token))


NGRAM_SEP = "\x1f"  # joins the parts of an n-gram key: string keys hash and pickle faster than tuples
_KEY_SEP = "\x1e"


@dataclass
class NgramCounts:
    """Counts for phrase selection; ``+=`` merges the counts of other documents."""

    tokens: int = 0
    unigrams: dict[str, int] = field(default_factory=dict)
    ngrams: dict[str, int] = field(default_factory=dict)  # parts joined by NGRAM_SEP -> occurrences
    ngram_docs: dict[str, int] = field(default_factory=dict)  # parts joined by NGRAM_SEP -> documents

    def __iadd__(self, other: NgramCounts) -> NgramCounts:
        self.tokens += other.tokens
        for mine, theirs in ((self.unigrams, other.unigrams), (self.ngrams, other.ngrams), (self.ngram_docs, other.ngram_docs)):
            get = mine.get
            for key, n in theirs.items():
                mine[key] = get(key, 0) + n
        return self

    def __reduce__(self):
        # Sent from every worker chunk and kept in the cache: one string and one int array per
        # table pickle in a blink. ngram_docs has the keys of ngrams (in the same order, as
        # count_ngrams and += build them), so they are written once.
        docs = self.ngram_docs
        same_keys = list(docs) == list(self.ngrams)
        packed_docs = ("", array("i", docs.values()).tobytes()) if same_keys else _pack(docs)
        return (_unpack_counts, (self.tokens, _pack(self.unigrams), _pack(self.ngrams), packed_docs, same_keys))


def _pack(table: dict[str, int]) -> tuple[str, bytes]:
    return _KEY_SEP.join(table), array("i", table.values()).tobytes()


def _unpack(packed: tuple[str, bytes]) -> dict[str, int]:
    keys, values = packed
    return dict(zip(keys.split(_KEY_SEP), array("i", values))) if keys else {}


def _unpack_counts(tokens, unigrams, ngrams, ngram_docs, same_keys: bool = False) -> NgramCounts:
    grams = _unpack(ngrams)
    docs = dict(zip(grams, array("i", ngram_docs[1]))) if same_keys else _unpack(ngram_docs)
    return NgramCounts(tokens, _unpack(unigrams), grams, docs)


def count_ngrams(sentences: Iterable[Sequence[str]], stopwords: frozenset[str]) -> NgramCounts:
    """Unigram and 2-3-part n-gram counts of one document, for ``select_phrases``.

    Only Chinese words of two or more characters count, and trigrams only with at least one
    keyword candidate among their parts. Everything is counted first with Counter over zip
    (a C loop) and filtered per distinct n-gram afterwards: far fewer Python steps.
    """
    words: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    trigrams: Counter[tuple[str, str, str]] = Counter()
    n_tokens = 0
    for tokens in sentences:
        n_tokens += len(tokens)
        words.update(tokens)
        bigrams.update(zip(tokens, tokens[1:]))
        trigrams.update(zip(tokens, tokens[1:], tokens[2:]))
    word = {t: len(t) >= 2 and bool(_CJK_WORD.match(t)) for t in words}
    candidate = {t: is_keyword_candidate(t, stopwords) for t, ok in word.items() if ok}
    sep = NGRAM_SEP
    ngrams = {a + sep + b: c for (a, b), c in bigrams.items() if word[a] and word[b]}
    ngrams.update(
        (a + sep + b + sep + c, n)
        for (a, b, c), n in trigrams.items()
        if word[a] and word[b] and word[c] and (candidate[a] or candidate[b] or candidate[c])
    )
    unigrams = {t: c for t, c in words.items() if word[t]}
    return NgramCounts(n_tokens, unigrams, ngrams, dict.fromkeys(ngrams, 1))


def select_phrases(
    counts: NgramCounts,
    *,
    stopwords: frozenset[str] = frozenset(),
    min_count: int = 5,
    min_docs: int = 2,
    min_npmi: float = 0.5,
    max_chars: int = 10,
) -> frozenset[tuple[str, ...]]:
    """N-grams frequent and cohesive enough to count as one term (normalised PMI >= ``min_npmi``).

    For three parts, both ways of splitting (ab|c and a|bc) must be cohesive. An n-gram made of
    stopwords alone (进一步 加强) is never a phrase.
    """
    total = max(counts.tokens, 1)
    chosen = set()
    for key, c in counts.ngrams.items():
        if c < min_count or counts.ngram_docs[key] < min_docs or len(key) - key.count(NGRAM_SEP) > max_chars:
            continue
        gram = tuple(key.split(NGRAM_SEP))
        if all(p in stopwords for p in gram):
            continue
        if len(gram) == 2:
            splits = [(counts.unigrams[gram[0]], counts.unigrams[gram[1]])]
        else:
            splits = [
                (counts.ngrams.get(NGRAM_SEP.join(gram[:-1]), 0), counts.unigrams[gram[-1]]),
                (counts.unigrams[gram[0]], counts.ngrams.get(NGRAM_SEP.join(gram[1:]), 0)),
            ]
        if all(_npmi(c, left, right, total) >= min_npmi for left, right in splits):
            chosen.add(gram)
    return frozenset(chosen)


def _npmi(joint: int, left: int, right: int, total: int) -> float:
    if joint <= 0 or left <= 0 or right <= 0:
        return -1.0
    p_joint = joint / total
    if p_joint >= 1.0:
        return 1.0
    return math.log(p_joint / ((left / total) * (right / total))) / -math.log(p_joint)


@lru_cache(maxsize=4)
def _first_words(phrases: frozenset[tuple[str, ...]]) -> frozenset[str]:
    return frozenset(p[0] for p in phrases)


def document_phrases(
    sentences: Sequence[Sequence[str]], stopwords: frozenset[str], *, min_occurrences: int = 3, max_chars: int = 10
) -> frozenset[tuple[str, ...]]:
    """Phrases local to one document: 2-3 adjacent Chinese words repeated ``min_occurrences``
    times in it, with no stopword at either edge (镇定 控制器, 平方和 优化 in a paper abstract).

    A term a document keeps repeating is one of its terms even when the corpus has not seen
    it often enough for ``select_phrases``.
    """
    grams: Counter = Counter()
    for tokens in sentences:
        grams.update(zip(tokens, tokens[1:]))
        grams.update(zip(tokens, tokens[1:], tokens[2:]))
    return frozenset(
        g
        for g, c in grams.items()
        if c >= min_occurrences
        and g[0] not in stopwords
        and g[-1] not in stopwords
        and sum(map(len, g)) <= max_chars
        and all(_CJK_WORD.match(t) for t in g)
    )


def keyword_terms(
    sentences: Iterable[Sequence[str]],
    stopwords: frozenset[str],
    phrases: frozenset[tuple[str, ...]] = frozenset(),
    *,
    extra: frozenset[tuple[str, ...]] = frozenset(),
) -> list[list[str]]:
    """Per sentence, the keyword-candidate terms in order, with known phrases (2 or 3 words, from
    ``phrases`` or ``extra``) merged into one term; the longest phrase wins.

    ``phrases`` is the corpus's set, the same for every document, so its first words are
    worked out once; ``extra`` holds one document's own phrases.
    """
    starts = _first_words(phrases) | {p[0] for p in extra}
    if extra:
        phrases = phrases | extra
    candidate: dict[str, bool] = {}
    out = []
    for tokens in sentences:
        terms = []
        i, n = 0, len(tokens)
        while i < n:
            tok = tokens[i]
            if tok in starts:
                if i + 3 <= n and tuple(tokens[i : i + 3]) in phrases:
                    terms.append("".join(tokens[i : i + 3]))
                    i += 3
                    continue
                if i + 2 <= n and (tok, tokens[i + 1]) in phrases:
                    terms.append(tok + tokens[i + 1])
                    i += 2
                    continue
            if tok not in candidate:
                candidate[tok] = is_keyword_candidate(tok, stopwords)
            if candidate[tok]:
                terms.append(tok)
            i += 1
        out.append(terms)
    return out
