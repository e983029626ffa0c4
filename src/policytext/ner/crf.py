"""The NER model: a linear-chain CRF over characters (CRFsuite)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from policytext.errors import BackendUnavailableError, ResourceError
from policytext.ner.features import sentence_features
from policytext.ner.gazetteer import place_gazetteer
from policytext.ner.labels import tags_to_spans


class CrfTagger:
    """Tags one sentence at a time; load once per process."""

    def __init__(self, model_path: str | Path, *, gazetteer: bool | None = None) -> None:
        """``gazetteer``: whether the model uses place-name features; by default read from the
        ``.meta.json`` that training wrote beside the model."""
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
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        self.meta = meta
        # the features must be those the model was trained with (recorded by training.ner)
        if gazetteer is None:
            gazetteer = meta.get("features") == "gazetteer"
        self._gazetteer = place_gazetteer() if gazetteer else None

    def spans(self, text: str, tokens: Sequence[str]) -> list[tuple[int, int, str]]:
        """``(start, end, label)`` of the entities in ``text``, offsets relative to it."""
        if not text:
            return []
        places = self._gazetteer.positions(text) if self._gazetteer else None
        return tags_to_spans(self._tagger.tag(sentence_features(text, tokens, places)))
