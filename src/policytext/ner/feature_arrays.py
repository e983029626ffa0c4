"""The CRF's features for a batch of sentences, as integer arrays (the tagger's side of
``policytext.ner.features``, which builds the same features as strings for training).

The sentences are laid end to end with four pad slots between them (two closing one
sentence, two opening the next), so a template part at offset -2..+2 reads its neighbour
or the pad the string features put there. Each stream (characters, classes, word
positions, gazetteer positions, clusters, lexicon positions) becomes one array of symbol
ids over that layout; a template's key mixes its parts' ids. Templates with few possible
keys (one character, classes, clusters) read their weight rows from a direct table; the
others are looked up in sorted keys, one search shared by templates of the same shape (the
four character-pair templates read one pair key at four shifts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from policytext.ner.clusters import UNKNOWN, Clusters
from policytext.ner.crf_model import CrfModel
from policytext.ner.features import STREAM_PADS, TEMPLATES, char_class
from policytext.ner.gazetteer import POSITION_SYMBOLS, Gazetteer
from policytext.ner.keys import code_points, find_sorted
from policytext.ner.lexicon import EntityLexicon

GAP = 4  # pad slots between two sentences
WORD_POSITIONS = ("B", "M", "E", "S")
CLASSES = ("H", "D", "L", "W", "P")
LEXICON_STREAMS = ("PER", "LOC", "ORG")


@lru_cache(maxsize=1)
def _bmp_classes() -> np.ndarray:
    """Index into CLASSES of every Basic Multilingual Plane character."""
    index = {c: i for i, c in enumerate(CLASSES)}
    return np.array([index[char_class(chr(cp))] for cp in range(0x10000)], dtype=np.int64)


class Layout:
    """Where each character of a batch of sentences sits among the pads."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        n_sent = len(texts)
        self.size = int(self.lengths.sum()) + GAP * n_sent
        self.text = "\0\0" + ("\0" * GAP).join(texts) + "\0\0"
        sentence = np.repeat(np.arange(n_sent), self.lengths)
        self.chars = np.arange(len(sentence)) + 2 + GAP * sentence  # padded position of each character
        starts = np.cumsum(self.lengths) - self.lengths + 2 + GAP * np.arange(n_sent)
        self.left = np.concatenate([starts - 1, starts - 2])  # the slots that open a sentence

    def padded(self, values: np.ndarray, left: int, right: int) -> np.ndarray:
        """``values`` (one per character) placed among pads: ``left`` before, ``right`` after a sentence."""
        out = np.full(self.size, right, dtype=np.int64)
        out[self.left] = left
        out[self.chars] = values
        return out


class FeatureEncoder:
    """Computes a model's features for batches of sentences and sums their weights."""

    def __init__(
        self,
        model: CrfModel,
        *,
        gazetteer: Gazetteer | None = None,
        lexicon: EntityLexicon | None = None,
        clusters: Clusters | None = None,
    ) -> None:
        self.model = model
        self.streams = {stream for name in model.tables for stream, _ in TEMPLATES[name]}
        needs = {"g": gazetteer, "PER": lexicon, "LOC": lexicon, "ORG": lexicon, "k": clusters, "kw": clusters}
        missing = sorted({s for s in self.streams if s in needs and needs[s] is None})
        if missing:
            raise ValueError(f"the model uses features {missing} whose resources were not given")
        self.gazetteer, self.lexicon = gazetteer, lexicon
        self._direct = _direct_weights(model)
        self._shifted = _shifted_tables(model, set(self._direct))
        vocab = model.vocab
        self._char_ids = _dense_table({ord(s): i for s, i in vocab.get("c", {}).items() if len(s) == 1}, 0)
        self._class_ids = self._translate("t", CLASSES)
        self._word_position_ids = self._translate("w", WORD_POSITIONS)
        self._position_ids = {s: self._translate(s, POSITION_SYMBOLS) for s in ("g", *LEXICON_STREAMS)}
        if clusters is not None:
            names = sorted(set(clusters.chars.values()) | set(clusters.words.values()) | {UNKNOWN})
            index = {name: i for i, name in enumerate(names)}
            k_ids = self._translate("k", names)
            self._unknown_cluster_id = int(k_ids[index[UNKNOWN]])
            self._char_cluster_ids = _dense_table(
                {ord(ch): int(k_ids[index[c]]) for ch, c in clusters.chars.items()}, self._unknown_cluster_id
            )
            self._word_cluster = {word: index[c] for word, c in clusters.words.items()}
            self._unknown_word_cluster = index[UNKNOWN]
            kw = vocab.get("kw", {})
            self._word_cluster_ids = np.array([[kw.get(c + p, 0) for p in WORD_POSITIONS] for c in names], dtype=np.int64)

    def _translate(self, stream: str, symbols: Sequence[str]) -> np.ndarray:
        ids = self.model.vocab.get(stream, {})
        return np.array([ids.get(s, 0) for s in symbols], dtype=np.int64)

    def _pad_ids(self, stream: str) -> tuple[int, int]:
        ids = self.model.vocab.get(stream, {})
        left, right = STREAM_PADS[stream]
        return ids.get(left, 0), ids.get(right, 0)

    def _search(self, group: tuple[tuple[str, int], ...], ids: dict[str, np.ndarray], size: int):
        """``find_sorted`` of the key of ``group`` (a template shape) at every padded slot
        from which the whole shape stays inside the layout."""
        reach = max(offset for _, offset in group)
        key = np.zeros(size - reach, dtype=np.int64)
        for stream, offset in group:
            key = key * self.model.radix(stream) + ids[stream][offset : size - reach + offset]
        return find_sorted(self._shifted[group].keys, key)

    def emissions(self, texts: Sequence[str], token_lists: Sequence[Sequence[str]]) -> np.ndarray:
        """(characters, labels) state scores of the sentences ``texts`` laid end to end; each
        sentence's tokens must concatenate to it."""
        layout = Layout(texts)
        tokens = [tok for toks in token_lists for tok in toks if tok]
        token_lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        if "".join(tokens) != "".join(texts) or _token_sentence_mismatch(texts, token_lists):
            raise ValueError("tokens do not cover the text")
        word_positions = _word_positions(token_lengths)
        cps = code_points("".join(texts))  # of each character, in order
        ids: dict[str, np.ndarray] = {}
        natural: dict[str, np.ndarray] = {}
        for stream in self.streams:
            if stream == "c":
                ids[stream] = layout.padded(_look_up(self._char_ids, cps, 0), *self._pad_ids("c"))
            elif stream == "t":
                ids[stream] = layout.padded(self._class_ids[_classes(cps)], *self._pad_ids("t"))
            elif stream == "w":
                ids[stream] = layout.padded(self._word_position_ids[word_positions], *self._pad_ids("w"))
            elif stream == "k":
                chars = _look_up(self._char_cluster_ids, cps, self._unknown_cluster_id)
                ids[stream] = layout.padded(chars, *self._pad_ids("k"))
            elif stream == "kw":
                clusters = np.array([self._word_cluster.get(t, self._unknown_word_cluster) for t in tokens], dtype=np.int64)
                per_char = np.repeat(clusters, token_lengths)
                ids[stream] = layout.padded(self._word_cluster_ids[per_char, word_positions], 0, 0)
            else:  # gazetteer or lexicon positions, over the padded text (no name holds a pad)
                # __init__ raised if the gazetteer or lexicon a stream needs was not given
                if stream == "g":
                    assert self.gazetteer is not None
                    matcher = self.gazetteer
                else:
                    assert self.lexicon is not None
                    matcher = self.lexicon.by_label[stream]
                natural[stream] = matcher.position_array(layout.text)
                ids[stream] = self._position_ids[stream][natural[stream]]
        model = self.model
        out = np.zeros((len(layout.chars), len(model.labels)))
        at = layout.chars
        shared = {group: self._search(group, ids, layout.size) for group in self._shifted}
        for name, table in model.tables.items():
            slots = TEMPLATES[name]
            if not slots:
                out += model.weights[table.rows[0]]
                continue
            direct = self._direct.get(name)
            if direct is not None:
                key = np.zeros(len(at), dtype=np.int64)
                for stream, offset in slots:
                    key = key * model.radix(stream) + ids[stream][at + offset]
                weights = direct[key]
            else:
                group, shift = _shape(slots)
                pos, found = shared[group]
                here = at + shift
                weights = model.weights[np.where(found[here], self._shifted[group].rows[name][pos[here]], -1)]
            if slots[0][0] in LEXICON_STREAMS:
                # training writes a lexicon feature only where a name touches the character
                near = natural[slots[0][0]]
                weights[(near[at - 1] == 0) & (near[at] == 0) & (near[at + 1] == 0)] = 0.0
            out += weights
        return out


DIRECT_KEYS = 1 << 14  # templates with at most this many possible keys get a direct table (≤ 1.7 MB each)


def _direct_weights(model: CrfModel) -> dict[str, np.ndarray]:
    """For each template with a small key space (one character, classes, word positions,
    clusters; not character pairs), the weight row of every possible key, so tagging indexes
    it directly instead of searching the sorted keys: the same rows, fewer steps."""
    out = {}
    for name, table in model.tables.items():
        slots = TEMPLATES[name]
        space = int(np.prod([model.radix(stream) for stream, _ in slots]))
        if slots and space <= DIRECT_KEYS:
            out[name] = model.weights[table.lookup(np.arange(space, dtype=np.int64))]
    return out


def _shape(slots: tuple[tuple[str, int], ...]) -> tuple[tuple[tuple[str, int], ...], int]:
    """A template as (its streams at offsets from its first part, the first part's offset):
    c-1c0, c0c1, c-2c-1 and c1c2 are all (c 0, c 1), shifted by -1, 0, -2 and 1."""
    shift = slots[0][1]
    return tuple((stream, offset - shift) for stream, offset in slots), shift


@dataclass(frozen=True)
class ShiftedTables:
    """Templates of one shape looked up with one search: the union of their sorted keys,
    and for each template the weight row of every union key (-1: not a key of it)."""

    keys: np.ndarray
    rows: dict[str, np.ndarray]


def _shifted_tables(model: CrfModel, direct: set[str]) -> dict[tuple, ShiftedTables]:
    """The searched (not direct) templates grouped by shape: the key of a character pair is
    the same whichever template reads it, so it is searched once for all four pair templates."""
    groups: dict[tuple, list[str]] = {}
    for name in model.tables:
        if TEMPLATES[name] and name not in direct:
            groups.setdefault(_shape(TEMPLATES[name])[0], []).append(name)
    out = {}
    for group, names in groups.items():
        keys = np.unique(np.concatenate([model.tables[n].keys for n in names]))
        rows = {}
        for n in names:
            table = model.tables[n]
            rows[n] = np.full(len(keys), -1, dtype=np.int64)
            rows[n][np.searchsorted(keys, table.keys)] = table.rows
        out[group] = ShiftedTables(keys, rows)
    return out


def _token_sentence_mismatch(texts: Sequence[str], token_lists: Sequence[Sequence[str]]) -> bool:
    return len(texts) != len(token_lists) or any(sum(map(len, toks)) != len(text) for text, toks in zip(texts, token_lists))


def _word_positions(token_lengths: np.ndarray) -> np.ndarray:
    """Index into WORD_POSITIONS (B M E S) of every character."""
    n = int(token_lengths.sum())
    out = np.ones(n, dtype=np.int64)  # M
    starts = np.cumsum(token_lengths) - token_lengths
    out[starts + token_lengths - 1] = 2  # E
    out[starts] = 0  # B
    out[starts[token_lengths == 1]] = 3  # S
    return out


def _classes(cps: np.ndarray) -> np.ndarray:
    """Index into CLASSES of every character, given as code points."""
    out = _bmp_classes()[np.minimum(cps, 0xFFFF)]
    for i in np.flatnonzero(cps > 0xFFFF):  # beyond the BMP (rare): one by one
        out[i] = CLASSES.index(char_class(chr(cps[i])))
    return out


def _dense_table(mapping: dict[int, int], fill: int) -> np.ndarray:
    """Code point -> value, ``fill`` for code points not in ``mapping``."""
    table = np.full(max(mapping, default=0) + 1, fill, dtype=np.int64)
    table[list(mapping)] = list(mapping.values())
    return table


def _look_up(table: np.ndarray, cps: np.ndarray, fill: int) -> np.ndarray:
    inside = cps < len(table)
    out = np.full(len(cps), fill, dtype=np.int64)
    out[inside] = table[cps[inside]]
    return out
