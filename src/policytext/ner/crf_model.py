"""The NER CRF's weights and its tagger, in numpy: whole batches of sentences at once.

Training uses CRFsuite (``policytext.training.ner``), which takes each character's features as
strings. Building those strings in Python and handing them to CRFsuite cost about 12 µs per
character, more than everything else in a run. So the trained model is compiled once
(``CrfModel.from_crfsuite``) into arrays: per feature template, the sorted integer keys of
its values and the weight row of each; tagging then computes every character's keys for all
sentences of a document at once (``policytext.ner.feature_arrays``), sums the weight rows and
runs Viterbi over the sentences side by side. The tags are CRFsuite's: same weights (read
from the model file, not rounded), same features, same tie-breaking.
"""

from __future__ import annotations

import json
import struct
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from policytext.errors import BackendUnavailableError, ResourceError
from policytext.ner.features import STREAM_PADS, TEMPLATES
from policytext.ner.keys import find_sorted

FORMAT_VERSION = 1


@dataclass(frozen=True)
class TemplateTable:
    """Sorted keys of one template's values in the model, and the weight row of each."""

    keys: np.ndarray  # int64, sorted
    rows: np.ndarray  # int32, index into CrfModel.weights

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """The weight row of each key; -1 (the weights' zero row) for a value the model lacks."""
        pos, found = find_sorted(self.keys, keys)
        return np.where(found, self.rows[pos] if len(self.rows) else -1, -1)


@dataclass(frozen=True)
class CrfModel:
    labels: tuple[str, ...]
    transitions: np.ndarray  # (labels, labels) float64: from -> to
    weights: np.ndarray  # (attributes + 1, labels) float64; the last row is zeros (no feature)
    tables: Mapping[str, TemplateTable]  # template name -> its values
    vocab: Mapping[str, Mapping[str, int]]  # stream -> symbol -> id (1-based; 0 = not in the model)

    def radix(self, stream: str) -> int:
        return len(self.vocab.get(stream, ())) + 1

    # ---- tagging ----------------------------------------------------------------------------

    def viterbi(self, emissions: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Best label id per character of sentences laid end to end (``lengths`` > 0 each).

        All sentences advance one position per step, longest first, so a step costs a few
        numpy calls whatever the number of sentences; ties go to the lowest label id, as in
        CRFsuite.
        """
        n_sent = len(lengths)
        if n_sent == 0:
            return np.zeros(0, dtype=np.int64)
        starts = np.cumsum(lengths) - lengths
        order = np.argsort(-lengths, kind="stable")
        by_length = lengths[order]
        first = starts[order]
        longest = int(by_length[0])
        # active[t]: how many sentences are longer than t (a prefix of the sorted order)
        active = np.searchsorted(-by_length, -np.arange(longest + 1), side="left")
        n_labels = len(self.labels)
        back = np.zeros((len(emissions), n_labels), dtype=np.int8 if n_labels <= 127 else np.int32)
        score = emissions[first].copy()
        last = np.zeros(n_sent, dtype=np.int64)
        trans = self.transitions[None, :, :]
        for t in range(1, longest):
            nb, ended = active[t], active[t - 1]
            if nb < ended:
                last[nb:ended] = score[nb:ended].argmax(1)
            cand = score[:nb, :, None] + trans  # (sentence, from, to)
            best = cand.argmax(1)
            pos = first[:nb] + t
            back[pos] = best
            score[:nb] = cand.max(1) + emissions[pos]  # the value at ``best``
        final = active[longest - 1]
        last[:final] = score[:final].argmax(1)
        tags = np.empty(len(emissions), dtype=np.int64)
        cur = np.zeros(n_sent, dtype=np.int64)
        for t in range(longest - 1, -1, -1):
            nb = active[t]
            ends_here = active[t + 1]
            cur[ends_here:nb] = last[ends_here:nb]
            pos = first[:nb] + t
            tags[pos] = cur[:nb]
            if t:
                cur[:nb] = back[pos, cur[:nb]]
        return tags

    # ---- files ------------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        arrays = {
            "transitions": self.transitions,
            "weights": self.weights[:-1].astype(np.float64),
        }
        for name, table in self.tables.items():
            arrays[f"keys:{name}"] = table.keys
            arrays[f"rows:{name}"] = table.rows
        header = {
            "format": FORMAT_VERSION,
            "labels": list(self.labels),
            "templates": list(self.tables),
            "vocab": {stream: sorted(symbols, key=symbols.__getitem__) for stream, symbols in self.vocab.items()},
        }
        arrays["header"] = np.frombuffer(json.dumps(header, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
        with open(path, "wb") as f:
            np.savez_compressed(f, allow_pickle=True, **arrays)  # numpy's default, named so **arrays is not read as it

    @classmethod
    def load(cls, path: Path) -> CrfModel:
        try:
            with np.load(path, allow_pickle=False) as data:
                header = json.loads(bytes(data["header"]).decode("utf-8"))
                if header.get("format") != FORMAT_VERSION:
                    raise ResourceError(f"NER model {path}: format {header.get('format')}, expected {FORMAT_VERSION}")
                weights = data["weights"]
                tables = {name: TemplateTable(data[f"keys:{name}"], data[f"rows:{name}"]) for name in header["templates"]}
                transitions = data["transitions"]
        except (ValueError, zipfile.BadZipFile):  # numpy's own words here talk of pickles
            raise ResourceError(
                f"NER model {path} cannot be read: not a model written by `python -m policytext.training.ner`"
            ) from None
        except (OSError, KeyError) as exc:
            raise ResourceError(f"NER model {path} cannot be read: {exc}") from None
        return cls(
            labels=tuple(header["labels"]),
            transitions=transitions,
            weights=np.vstack([weights, np.zeros((1, weights.shape[1]))]),
            tables=tables,
            vocab={stream: {s: i + 1 for i, s in enumerate(symbols)} for stream, symbols in header["vocab"].items()},
        )

    @classmethod
    def from_crfsuite(cls, path: Path) -> CrfModel:
        """Compile a CRFsuite model file: its exact weights, its attributes parsed into templates."""
        try:
            import pycrfsuite
        except ImportError:
            raise BackendUnavailableError(
                "reading a .crfsuite model needs python-crfsuite: pip install 'policytext[train]'"
            ) from None
        tagger = pycrfsuite.Tagger()
        try:
            tagger.open(str(path))
        except (OSError, ValueError) as exc:
            raise ResourceError(f"NER model {path} cannot be read: {exc}") from None
        labels = tuple(tagger.labels())
        info = tagger.info()  # attribute and label strings; its weights are rounded to 1e-6
        attributes: dict[str, int] = {}
        for attr, _label in info.state_features:  # the dump lists attributes in id order
            attributes.setdefault(attr, len(attributes))
        features = _crfsuite_features(Path(path))
        n_labels = len(labels)
        transitions = np.zeros((n_labels, n_labels))
        weights = np.zeros((len(attributes) + 1, n_labels))
        names = list(attributes)
        for kind, src, dst, weight in features:
            if kind == 0:
                rounded = info.state_features.get((names[src], labels[dst]))
                weights[src, dst] = weight
            else:
                rounded = info.transitions.get((labels[src], labels[dst]))
                transitions[src, dst] = weight
            if rounded is None or abs(rounded - weight) > 1e-5:
                raise ResourceError(f"NER model {path}: its feature table does not match its dump")
        vocab: dict[str, dict[str, int]] = {}
        parsed: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        for attr, row in attributes.items():
            name, _, value = attr.partition("=")
            if name not in TEMPLATES:
                raise ResourceError(f"NER model {path}: unknown feature template {name!r}")
            slots = TEMPLATES[name]
            parses = _split_value(value, [stream for stream, _ in slots]) if slots else [()]
            if not parses:
                raise ResourceError(f"NER model {path}: cannot read feature {attr!r}")
            for symbols in parses:
                for (stream, _), symbol in zip(slots, symbols):
                    vocab.setdefault(stream, {}).setdefault(symbol, len(vocab[stream]) + 1)
                parsed.setdefault(name, []).append((row, symbols))
        model = cls(labels, transitions, weights, {}, vocab)
        tables = {}
        for name, entries in parsed.items():
            keys = np.array([model.key(name, symbols) for _, symbols in entries], dtype=np.int64)
            rows = np.array([row for row, _ in entries], dtype=np.int32)
            order = np.argsort(keys, kind="stable")
            tables[name] = TemplateTable(keys[order], rows[order])
        return cls(labels, transitions, weights, tables, vocab)

    def key(self, template: str, symbols: Sequence[str]) -> int:
        """The integer key of one template value: its parts' ids in mixed radix."""
        key = 0
        for (stream, _), symbol in zip(TEMPLATES[template], symbols):
            key = key * self.radix(stream) + self.vocab[stream][symbol]
        return key


def _crfsuite_features(path: Path) -> list[tuple[int, int, int, float]]:
    """(type, source, target, weight) of every feature in a CRFsuite 1d model file: type 0 is
    attribute -> label, type 1 label -> label."""
    data = path.read_bytes()
    if data[:4] != b"lCRF" or data[8:12] != b"FOMC":
        raise ResourceError(f"NER model {path}: not a CRFsuite 1d model file")
    off_features = struct.unpack_from("<I", data, 28)[0]
    chunk, _size, count = struct.unpack_from("<4sII", data, off_features)
    if chunk != b"FEAT":
        raise ResourceError(f"NER model {path}: CRFsuite model file without a feature chunk")
    records = np.frombuffer(
        data,
        dtype=np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("w", "<f8")]),
        count=count,
        offset=off_features + 12,
    )
    return [(int(r["type"]), int(r["src"]), int(r["dst"]), float(r["w"])) for r in records]


def _split_value(value: str, streams: Sequence[str]) -> list[tuple[str, ...]]:
    """Every way of reading a feature value as one symbol per stream (a value such as "<s>中"
    is two characters' symbols; a literal "<s>" in text would read another way)."""
    if not streams:
        return [()] if not value else []
    stream, rest = streams[0], streams[1:]
    if not rest:
        return [(value,)] if _symbol_ok(stream, value) else []
    out = []
    heads = [value[:1]]
    if stream == "c":
        heads += [pad for pad in STREAM_PADS["c"] if value.startswith(pad)]
    for head in heads:
        if head and _symbol_ok(stream, head):
            out += [(head, *tail) for tail in _split_value(value[len(head) :], rest)]
    return out


def _symbol_ok(stream: str, symbol: str) -> bool:
    if stream == "c":
        return len(symbol) == 1 or symbol in STREAM_PADS["c"]
    if stream in ("k", "kw"):
        return bool(symbol)
    return len(symbol) == 1
