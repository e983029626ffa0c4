"""NER as a spaCy pipeline: the CRF model and the policy rules as two components on one Doc.

The Doc has one token per character (the unit the training data is annotated in), built from
sentences the pipeline already segmented: the segmenter's tokens travel in ``doc.user_data``
and become the model's word features, so nothing is segmented twice. spaCy is imported only
when NER runs.

Components, in order:
  ``policytext_crf_ner``      the CRF; sets ``doc.ents`` and ``doc.spans["model"]``
  ``policytext_entity_rules`` the rules (policytext.ner.rules), merged with the model's spans
                              by the precedence documented there; sets ``doc.ents`` and
                              ``doc.spans["rule"]`` (the rule spans that survived the merge)
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from policytext.errors import BackendUnavailableError
from policytext.ner.crf import CrfTagger
from policytext.ner.discourse import carry_names
from policytext.ner.rules import NOT_AN_ENTITY, build_rules, drop_unlikely, merge_spans
from policytext.resources import file_stamp, resource_path

CRF_COMPONENT = "policytext_crf_ner"
RULES_COMPONENT = "policytext_entity_rules"
SENTENCES_KEY = "policytext_sentences"  # doc.user_data: [(start, end, tokens)] in Doc characters
NER_MODEL = "models/ner_crf.npz"


def packaged_model() -> Path:
    return resource_path(NER_MODEL)


def _import_spacy():
    try:
        import spacy
    except ImportError:
        raise BackendUnavailableError("NER needs spaCy: pip install 'spacy>=3.7' (or run with --no-ner)") from None
    return spacy


class CrfComponent:
    def __init__(self, model_path: str, carry_names: bool = True) -> None:
        self.tagger = CrfTagger(model_path or packaged_model())
        self.carry_names = carry_names  # a name tagged once is tagged at its other mentions in the Doc

    def __call__(self, doc):
        from spacy.tokens import Span

        sentences = doc.user_data.get(SENTENCES_KEY, ())
        # the sentence text is its tokens joined (doc.text would build Token objects for every
        # character); the whole document is tagged in one batch
        texts, token_lists = ["".join(tokens) for _, _, tokens in sentences], [t for _, _, t in sentences]
        found = self.tagger.spans_batch(texts, token_lists)
        if self.carry_names:
            found = carry_names(texts, token_lists, found)
        spans = [
            Span(doc, start + s, start + e, label=label)
            for (start, _end, _tokens), sentence_spans in zip(sentences, found, strict=True)
            for s, e, label in sentence_spans
        ]
        doc.spans["model"] = spans
        doc.ents = spans
        return doc


class RulesComponent:
    def __init__(self, extra_files: Sequence[str]) -> None:
        self.rules = build_rules(extra_files)

    def __call__(self, doc):
        from spacy.tokens import Span

        rule, model = [], []
        ents = iter(doc.ents)
        ent = next(ents, None)
        sentences = doc.user_data.get(SENTENCES_KEY, ())
        texts = ["".join(tokens) for _, _, tokens in sentences]
        found = self.rules.spans_batch(texts, [tokens for _, _, tokens in sentences])
        for (start, end, _tokens), text, sentence_rules in zip(sentences, texts, found, strict=True):
            in_sentence = []
            while ent is not None and ent.start < end:
                in_sentence.append((ent.start - start, ent.end - start, ent.label_))
                ent = next(ents, None)
            kept = drop_unlikely(text, in_sentence, self.rules.not_names)
            model += [(start + s, start + e, label) for s, e, label in kept]
            # a title that is one organisation's name whole (《人民日报》, 《求是》) names it
            whole = {(s - 1, e + 1) for s, e, label in kept if label == "ORG"}
            rule += [
                (start + s, start + e, lab) for s, e, lab in sentence_rules if not (lab == NOT_AN_ENTITY and (s, e) in whole)
            ]
        merged = [span for span in merge_spans(rule, model) if span[2] != NOT_AN_ENTITY]
        rule_set = set(rule)
        doc.spans["rule"] = [Span(doc, s, e, label=lab) for s, e, lab in merged if (s, e, lab) in rule_set]
        doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in merged]
        return doc


_registered = False


def _register_factories() -> None:
    global _registered
    if _registered:
        return
    from spacy.language import Language

    @Language.factory(CRF_COMPONENT, default_config={"model_path": "", "carry_names": True}, assigns=["doc.ents"])
    def make_crf(nlp, name: str, model_path: str, carry_names: bool) -> CrfComponent:
        return CrfComponent(model_path, carry_names)

    @Language.factory(RULES_COMPONENT, default_config={"extra_files": []}, assigns=["doc.ents"], requires=["doc.ents"])
    def make_rules(nlp, name: str, extra_files: list[str]) -> RulesComponent:
        return RulesComponent(extra_files)

    _registered = True


def ner_pipeline(model_path: str = "", *, rules: bool = True, rule_files: Sequence[str] = ()):
    """The spaCy ``Language`` for NER, built once per process for the same settings and files.

    ``model_path`` empty means the packaged model. A model or rule file edited since the last
    call (its size or modification time changed) is read again.
    """
    files = (model_path or str(packaged_model()), *rule_files)
    return _cached_pipeline(model_path, rules, tuple(rule_files), tuple(file_stamp(f) for f in files))


@lru_cache(maxsize=4)
def _cached_pipeline(model_path: str, rules: bool, rule_files: tuple[str, ...], stamps: tuple):  # noqa: ARG001
    # ``stamps`` is only part of the cache key: an edited file gives a new key, hence a rebuild
    spacy = _import_spacy()
    _register_factories()
    nlp = spacy.blank("zh")  # its character segmenter is never used: docs come from make_doc
    nlp.add_pipe(CRF_COMPONENT, config={"model_path": model_path})
    if rules:
        nlp.add_pipe(RULES_COMPONENT, config={"extra_files": list(rule_files)})
    nlp.meta["policytext_ner_model"] = nlp.get_pipe(CRF_COMPONENT).tagger.meta
    return nlp


def make_doc(nlp, sentences: Sequence[Sequence[str]]):
    """A Doc of one token per character from sentences given as their segmenter tokens."""
    from spacy.tokens import Doc

    bounds, pos, parts = [], 0, []
    for tokens in sentences:
        text = "".join(tokens)
        bounds.append((pos, pos + len(text), tuple(tokens)))
        parts.append(text)
        pos += len(text)
    chars = list("".join(parts))
    doc = Doc(nlp.vocab, words=chars, spaces=[False] * len(chars))
    doc.user_data[SENTENCES_KEY] = bounds
    return doc
