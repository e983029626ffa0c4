"""The NER model: a linear-chain CRF over characters (CRFsuite)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from policytext.errors import BackendUnavailableError, ResourceError
from policytext.ner.clusters import Clusters, clusters_path
from policytext.ner.features import FeatureSet, sentence_features
from policytext.ner.gazetteer import place_gazetteer
from policytext.ner.labels import tags_to_spans
from policytext.ner.lexicon import EntityLexicon, lexicon_path


class CrfTagger:
    """Tags one sentence at a time; load once per process."""

    def __init__(self, model_path: str | Path, *, features: str | None = None) -> None:
        """``features``: the feature set the model was trained with ("gazetteer+lexicon", see
        ``FeatureSet``); by default read from the ``.meta.json`` training wrote beside the model."""
        try:
            import pycrfsuite
        except ImportError:
            raise BackendUnavailableError("NER needs python-crfsuite: pip install python-crfsuite") from None
        path = Path(model_path)
        if not path.is_file():
            raise ResourceError(f"NER model not found: {path}")
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        meta_path = path.with_suffix(".meta.json")
        self.meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        # the features must be those the model was trained with (recorded by training.ner)
        try:
            self.features = FeatureSet.parse(features or self.meta.get("features", "base"))
        except ValueError as exc:
            raise ResourceError(f"NER model {path}: {exc}") from None
        self._gazetteer = place_gazetteer() if self.features.gazetteer else None
        self._lexicon = EntityLexicon.read(_beside(path, lexicon_path(path))) if self.features.lexicon else None
        self._clusters = Clusters.read(_beside(path, clusters_path(path))) if self.features.clusters else None

    def spans(self, text: str, tokens: Sequence[str]) -> list[tuple[int, int, str]]:
        """``(start, end, label)`` of the entities in ``text``, offsets relative to it."""
        if not text:
            return []
        places = self._gazetteer.positions(text) if self._gazetteer else None
        known = self._lexicon.positions(text) if self._lexicon else None
        clusters = self._clusters.per_char(text, tokens) if self._clusters else None
        feats = sentence_features(text, tokens, places, lexicon=known, clusters=clusters)
        return tags_to_spans(self._tagger.tag(feats))


def _beside(model: Path, companion: Path) -> Path:
    """A file training wrote beside the model (its lexicon, its clusters), which must be there."""
    if not companion.is_file():
        raise ResourceError(f"NER model {model} needs {companion.name} beside it, which is missing")
    return companion
