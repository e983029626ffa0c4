"""Named entities of a document, and how often each is mentioned.

NER runs on each sentence with its whitespace removed (the segmenter's tokens, which is what
the model was trained on); offsets are mapped back to the normalised text so that an
entity's ``start``/``end`` index ``DocumentResult.text`` like the sentences do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from policytext.ner.names import Mention, NameTable, name_table, resolve
from policytext.ner.traditional import to_simplified
from policytext.records import CORPUS_DOC_ID, DocumentResult, Entity, EntityCount, Sentence

AFTER = 4  # characters after a mention that resolution reads (毛 + 主席)


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
    doc_id: str,
    sentences: Sequence[Sentence],
    *,
    nlp,
    cut: Callable[[str], list[str]] | None = None,
    names: NameTable | None = None,
    context: str = "",
) -> list[Entity]:
    """Entities of one document's sentences, found by the spaCy pipeline ``nlp``
    (``policytext.ner.spacy_pipeline.ner_pipeline``), with their canonical names from
    ``names`` (``policytext.ner.names``; None: the packaged tables) and ``context``, the
    document's title and issuer. An empty list for no sentences.

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
    found, mentions = [], []
    k = 0
    for ent in doc.ents:  # in order, so the sentence index only moves forward
        while k + 1 < len(starts) and starts[k + 1] <= ent.start:
            k += 1
        sent, offsets = usable[k]
        start = sent.start + offsets[ent.start - starts[k]]
        end = sent.start + offsets[ent.end - 1 - starts[k]] + 1
        source = "rule" if (ent.start, ent.end) in rule_spans else "model"
        text = sent.text[start - sent.start : end - sent.start]
        after = sent.text[end - sent.start : end - sent.start + AFTER]
        found.append((sent.sentence_id, start, end, text, source))
        mentions.append(Mention(text, ent.label_, start, end, after))
    readings = resolve(mentions, names if names is not None else name_table(), context=context)
    out = []
    for (sentence_id, start, end, text, source), m, r in zip(found, mentions, readings, strict=True):
        if r is None:
            out.append(Entity(doc_id, sentence_id, start, end, text, m.label, "", "", "", "", source))
        else:
            entity_id = f"{r.label}:{r.name}"
            out.append(Entity(doc_id, sentence_id, start, end, text, r.label, r.name, entity_id, r.code, r.code_system, source))
    return out


def entity_counts(documents: Iterable[DocumentResult], *, corpus_only: bool = False) -> list[EntityCount]:
    """Mentions per entity (its canonical name): corpus rows (``CORPUS_DOC_ID``) first, most
    mentioned first, then (unless ``corpus_only``) each document's rows in document order.
    Mentions that name nothing (``entity_id`` "") are not counted."""
    corpus: dict[str, _Tally] = {}
    per_document = []
    for doc in documents:
        tallies: dict[str, _Tally] = {}
        for ent in doc.entities:
            if ent.entity_id:
                tallies.setdefault(ent.entity_id, _Tally(ent)).add(ent.text)
        for entity_id, tally in tallies.items():
            corpus.setdefault(entity_id, _Tally(tally.first)).merge(tally)
        if not corpus_only:
            per_document += [t.row(doc.doc_id) for t in sorted(tallies.values(), key=_Tally.rank)]
    return [t.row(CORPUS_DOC_ID) for t in sorted(corpus.values(), key=_Tally.rank)] + per_document


class _Tally:
    """Mentions of one entity: how often each form was written, in how many documents."""

    def __init__(self, first: Entity) -> None:
        self.first = first
        self.texts: dict[str, int] = {}
        self.documents = 1

    def add(self, text: str) -> None:
        self.texts[text] = self.texts.get(text, 0) + 1

    def merge(self, other: _Tally) -> None:
        if self.texts:
            self.documents += 1
        for text, n in other.texts.items():
            self.texts[text] = self.texts.get(text, 0) + n

    @property
    def mentions(self) -> int:
        return sum(self.texts.values())

    def rank(self) -> tuple:
        return (-self.mentions, -self.documents, self.first.entity_id)

    def row(self, doc_id: str) -> EntityCount:
        e = self.first
        texts = "; ".join(f"{t} ({n})" for t, n in sorted(self.texts.items(), key=lambda kv: (-kv[1], kv[0])))
        documents = self.documents if doc_id == CORPUS_DOC_ID else 1
        return EntityCount(doc_id, e.entity_id, e.name, e.label, e.code, e.code_system, documents, self.mentions, texts)
