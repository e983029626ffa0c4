"""The NER model: a linear-chain CRF over characters, trained with CRFsuite and tagged in numpy
(``policytext.ner.crf_model``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from policytext.errors import ResourceError
from policytext.ner.clusters import Clusters, clusters_path
from policytext.ner.crf_model import CrfModel
from policytext.ner.feature_arrays import FeatureEncoder
from policytext.ner.features import FeatureSet
from policytext.ner.gazetteer import place_gazetteer
from policytext.ner.labels import tags_to_spans
from policytext.ner.lexicon import EntityLexicon, lexicon_path

Spans = list[tuple[int, int, str]]


class CrfTagger:
    """Tags sentences, a document's worth at a time; load once per process."""

    def __init__(self, model_path: str | Path, *, features: str | None = None) -> None:
        """``model_path``: the compiled model (``.npz``, what training ships) or a CRFsuite
        ``.crfsuite`` file, compiled on loading. ``features``: the feature set the model was
        trained with ("gazetteer+lexicon", see ``FeatureSet``); by default read from the
        ``.meta.json`` training wrote beside the model."""
        path = Path(model_path)
        if not path.is_file():
            raise ResourceError(f"NER model not found: {path}")
        self.model = CrfModel.from_crfsuite(path) if path.suffix == ".crfsuite" else CrfModel.load(path)
        meta_path = path.with_suffix(".meta.json")
        self.meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        # the features must be those the model was trained with (recorded by training.ner)
        try:
            self.features = FeatureSet.parse(features or self.meta.get("features", "base"))
        except ValueError as exc:
            raise ResourceError(f"NER model {path}: {exc}") from None
        gazetteer = place_gazetteer() if self.features.gazetteer else None
        lexicon = EntityLexicon.read(_beside(path, lexicon_path(path))) if self.features.lexicon else None
        clusters = Clusters.read(_beside(path, clusters_path(path))) if self.features.clusters else None
        try:
            self._encoder = FeatureEncoder(self.model, gazetteer=gazetteer, lexicon=lexicon, clusters=clusters)
        except ValueError as exc:
            raise ResourceError(f"NER model {path}: {exc} (is its features setting right?)") from None
        self._outside = self.model.labels.index("O") if "O" in self.model.labels else -1

    def spans(self, text: str, tokens: Sequence[str]) -> Spans:
        """``(start, end, label)`` of the entities in ``text``, offsets relative to it."""
        return self.spans_batch([text], [tokens])[0]

    def spans_batch(self, texts: Sequence[str], token_lists: Sequence[Sequence[str]]) -> list[Spans]:
        """``spans`` of each sentence; each sentence's ``tokens`` must concatenate to it.
        Tagging many sentences in one call is much faster than one by one."""
        out: list[Spans] = [[] for _ in texts]
        used = [i for i, text in enumerate(texts) if text]
        if not used:
            return out
        batch = [texts[i] for i in used]
        emissions = self._encoder.emissions(batch, [token_lists[i] for i in used])
        lengths = np.fromiter(map(len, batch), dtype=np.int64, count=len(batch))
        tags = self.model.viterbi(emissions, lengths)
        ends = np.cumsum(lengths)
        named = np.add.reduceat(tags != self._outside, ends - lengths)  # entity characters per sentence
        labels = self.model.labels
        for k in np.flatnonzero(named):
            start, end = int(ends[k] - lengths[k]), int(ends[k])
            out[used[k]] = tags_to_spans([labels[t] for t in tags[start:end]])
        return out


def _beside(model: Path, companion: Path) -> Path:
    """A file training wrote beside the model (its lexicon, its clusters), which must be there."""
    if not companion.is_file():
        raise ResourceError(f"NER model {model} needs {companion.name} beside it, which is missing")
    return companion
