"""Named entities of a document, and how often each is mentioned.

NER runs on each sentence with its whitespace removed (the segmenter's tokens, which is what
the model was trained on); offsets are mapped back to the normalised text so that an
entity's ``start``/``end`` index ``DocumentResult.text`` like the sentences do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from policytext.ner.traditional import to_simplified
from policytext.records import CORPUS_DOC_ID, DocumentResult, Entity, EntityCount, Sentence


def _char_offsets(sentence: Sentence) -> Sequence[int] | None:
    """Offset in ``sentence.text`` of each character of its tokens, or None if they do not align."""
    text = sentence.text
    compact = "".join(sentence.tokens)
    if compact == text:  # most sentences: no whitespace was left out of the tokens
        return range(len(text))
    offsets = []
    i = 0
    for ch in compact:
        while i < len(text) and text[i] != ch and text[i].isspace():
            i += 1
        if i >= len(text) or text[i] != ch:
            return None
        offsets.append(i)
        i += 1
    return offsets


def document_entities(
    doc_id: str, sentences: Sequence[Sentence], *, nlp, cut: Callable[[str], list[str]] | None = None
) -> list[Entity]:
    """Entities of one document's sentences, found by the spaCy pipeline ``nlp``
    (``policytext.ner.spacy_pipeline.ner_pipeline``). An empty list for no sentences.

    ``cut`` is the segmenter; given, a sentence with Traditional characters is tagged on its
    Simplified form, segmented again (the tokens of Traditional text are mostly single
    characters); offsets and texts stay those of the document.
    """
    from policytext.ner.spacy_pipeline import SENTENCES_KEY, make_doc

    usable, token_lists = [], []
    for sent in sentences:
        offsets = _char_offsets(sent)
        if not offsets:
            continue
        usable.append((sent, offsets))
        tokens = sent.tokens
        if cut is not None:
            compact = "".join(tokens)
            simplified = to_simplified(compact)
            if simplified != compact:
                tokens = tuple(tok for tok in cut(simplified) if not tok.isspace())
        token_lists.append(tokens)
    if not usable:
        return []
    doc = nlp(make_doc(nlp, token_lists))
    rule_spans = {(span.start, span.end) for span in doc.spans.get("rule", ())}
    starts = [b[0] for b in doc.user_data[SENTENCES_KEY]]
    out = []
    k = 0
    for ent in doc.ents:  # in order, so the sentence index only moves forward
        while k + 1 < len(starts) and starts[k + 1] <= ent.start:
            k += 1
        sent, offsets = usable[k]
        start = sent.start + offsets[ent.start - starts[k]]
        end = sent.start + offsets[ent.end - 1 - starts[k]] + 1
        source = "rule" if (ent.start, ent.end) in rule_spans else "model"
        text = sent.text[start - sent.start : end - sent.start]
        out.append(Entity(doc_id, sent.sentence_id, start, end, text, ent.label_, source))
    return out


def entity_counts(documents: Iterable[DocumentResult], *, corpus_only: bool = False) -> list[EntityCount]:
    """Mentions per entity (text, label): corpus rows (``CORPUS_DOC_ID``) first, most mentioned
    first, then (unless ``corpus_only``) each document's rows in document order."""
    corpus_mentions: dict[tuple[str, str], int] = {}
    corpus_docs: dict[tuple[str, str], int] = {}
    per_document = []
    for doc in documents:
        mentions: dict[tuple[str, str], int] = {}
        for ent in doc.entities:
            key = (ent.text, ent.label)
            mentions[key] = mentions.get(key, 0) + 1
        for key, n in mentions.items():
            corpus_mentions[key] = corpus_mentions.get(key, 0) + n
            corpus_docs[key] = corpus_docs.get(key, 0) + 1
        if corpus_only:
            continue
        ranked = sorted(mentions.items(), key=lambda kv: (-kv[1], kv[0]))
        per_document += [EntityCount(doc.doc_id, text, label, 1, n) for (text, label), n in ranked]
    ranked = sorted(corpus_mentions.items(), key=lambda kv: (-kv[1], -corpus_docs[kv[0]], kv[0]))
    corpus = [EntityCount(CORPUS_DOC_ID, text, label, corpus_docs[(text, label)], n) for (text, label), n in ranked]
    return corpus + per_document
