import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.extract.entities import document_entities, entity_counts
from policytext.ner.spacy_pipeline import CRF_COMPONENT, RULES_COMPONENT, make_doc, ner_pipeline
from policytext.records import CORPUS_DOC_ID, DocumentResult, Entity
from policytext.segment import get_segmenter
from policytext.sentences import split_sentences


@pytest.fixture(scope="module")
def nlp():
    return ner_pipeline()


def entities(text: str, nlp) -> list[Entity]:
    return document_entities("d", split_sentences(text, get_segmenter()), nlp=nlp, cut=get_segmenter().cut)


def test_people_places_and_organisations_with_offsets_into_the_text(nlp):
    text = "习近平在北京会见联合国秘书长。\n国务院总理李强到河北省雄安新区考察。"
    found = entities(text, nlp)
    assert [(e.text, e.label) for e in found] == [
        ("习近平", "PER"),
        ("北京", "LOC"),
        ("联合国", "ORG"),
        ("国务院", "ORG"),
        ("李强", "PER"),
        ("河北省", "LOC"),
        ("雄安新区", "LOC"),
    ]
    assert all(text[e.start : e.end] == e.text for e in found)
    assert [e.sentence_id for e in found] == [0, 0, 0, 1, 1, 1, 1]
    assert {e.source for e in found} <= {"model", "rule"}


def test_offsets_skip_whitespace_inside_a_sentence(nlp):
    text = "国务院 办公厅印发通知，要求 广东省 做好工作。"
    found = entities(text, nlp)
    assert all(text[e.start : e.end] == e.text for e in found)
    assert ("广东省", "LOC") in [(e.text, e.label) for e in found]


def test_no_sentences_no_entities(nlp):
    assert document_entities("d", (), nlp=nlp) == []
    assert entities("2024年3月5日", nlp) == []


def test_pipeline_components_share_one_doc(nlp):
    assert nlp.pipe_names == [CRF_COMPONENT, RULES_COMPONENT]
    tokens = get_segmenter().cut("广东省人民政府办公厅印发通知")
    doc = nlp(make_doc(nlp, [tokens]))
    assert len(doc) == len("广东省人民政府办公厅印发通知")  # one token per character
    assert [(e.text, e.label_) for e in doc.ents] == [("广东省人民政府办公厅", "ORG")]
    assert [s.text for s in doc.spans["rule"]] == ["广东省人民政府办公厅"]
    assert nlp.meta["policytext_ner_model"]["train_files"][0]["path"].endswith("msra/train.jsonl")


def test_rules_off_leaves_the_model_alone():
    doc_nlp = ner_pipeline(rules=False)
    assert doc_nlp.pipe_names == [CRF_COMPONENT]


def test_entity_counts_count_by_canonical_name_and_list_the_forms_written():
    def doc(doc_id, mentions):
        ents = tuple(
            Entity(
                doc_id,
                0,
                0,
                len(text),
                text,
                label,
                name,
                f"{label}:{name}" if name else "",
                code,
                "GB/T 2260" if code else "",
                "model",
            )
            for text, label, name, code in mentions
        )
        return DocumentResult(doc_id=doc_id, records={"entities": ents})

    docs = [
        doc(
            "a",
            [
                ("四川省", "LOC", "四川", "510000"),
                ("川", "LOC", "四川", "510000"),
                ("国务院", "ORG", "国务院", ""),
                ("江", "LOC", "", ""),
            ],
        ),
        doc("b", [("四川", "LOC", "四川", "510000")]),
    ]
    rows = [(c.doc_id, c.entity_id, c.name, c.code, c.documents, c.mentions, c.texts) for c in entity_counts(docs)]
    assert rows == [
        (CORPUS_DOC_ID, "LOC:四川", "四川", "510000", 2, 3, "四川 (1); 四川省 (1); 川 (1)"),
        (CORPUS_DOC_ID, "ORG:国务院", "国务院", "", 1, 1, "国务院 (1)"),
        ("a", "LOC:四川", "四川", "510000", 1, 2, "四川省 (1); 川 (1)"),
        ("a", "ORG:国务院", "国务院", "", 1, 1, "国务院 (1)"),
        ("b", "LOC:四川", "四川", "510000", 1, 1, "四川 (1)"),
    ]  # 江 names nothing: not counted
    assert entity_counts([]) == []


def test_mentions_get_canonical_names_and_codes_in_the_document(nlp):
    text = "中美两国元首会晤。四川省人民政府印发通知，川渝合作。国家发展改革委、发改委负责。习近平在莫斯科市会见普京。"
    found = {(e.text, e.name, e.code) for e in entities(text, nlp)}
    assert {("中", "中国", "CN"), ("美", "美国", "US"), ("川", "四川", "510000"), ("渝", "重庆", "500000")} <= found
    assert ("国家发展改革委", "国家发展和改革委员会", "") in found and ("发改委", "国家发展和改革委员会", "") in found
    assert ("莫斯科市", "莫斯科", "524901") in found
    assert all(e.entity_id == f"{e.label}:{e.name}" for e in entities(text, nlp))


# --- bad input: no crash, sensible output, no quadratic slowdown ---------------------------


def test_text_with_no_chinese_traditional_characters_and_control_characters(nlp):
    assert entities("The quick brown fox, 2024 - 2025. Version 1.2.3", nlp) == []
    text = "國務院辦公廳印發通知，北京市政府落實。"
    found = entities(text, nlp)  # tagged on the Simplified form, shown as written
    assert [(e.text, e.label) for e in found] == [("國務院辦公廳", "ORG"), ("北京市政府", "ORG")]
    assert all(text[e.start : e.end] == e.text for e in found)
    text = "国务院\x07办公厅\x00印发\x1b通知"
    assert all(text[e.start : e.end] == e.text for e in entities(text, nlp))


def test_a_long_line_without_punctuation_is_linear(nlp):
    unit = "推动京津冀协同发展支持雄安新区建设国务院办公厅印发通知"  # 27 characters
    line = unit * 750  # a 20,000-character line with no punctuation
    t = time.perf_counter()
    short = entities(unit * 375, nlp)
    t_short = time.perf_counter() - t
    t = time.perf_counter()
    long = entities(line, nlp)
    t_long = time.perf_counter() - t
    assert len(long) == 2 * len(short) > 0
    assert t_long < 4 * t_short + 0.5  # twice the text, about twice the time (quadratic would be 4x)


_AWKWARD = list("国务院办公厅北京市李强在上海中美，。《》〔〕 \t\r\n\u3000\x00\x07ＡＢ１２abc.") + ["😀", "𠀀", "\U0010ffff"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(_AWKWARD), max_size=60), max_size=4))
def test_arbitrary_text_gives_spans_that_map_back(texts):
    nlp = ner_pipeline()
    for text in texts:  # astral characters, controls and padding-like characters included
        for e in entities(text, nlp):
            assert text[e.start : e.end] == e.text and e.label in ("PER", "LOC", "ORG")
    # the numpy tagger takes a batch of sentences with empty ones among them
    tagger = nlp.get_pipe(CRF_COMPONENT).tagger
    cut = get_segmenter().cut
    batch = [t for t in texts if "".join(cut(t)) == t]
    for text, spans in zip(batch, tagger.spans_batch(batch, [cut(t) for t in batch]), strict=True):
        assert all(0 <= s < e <= len(text) for s, e, _ in spans)


def test_the_crf_component_carries_a_name_to_its_other_mentions(nlp, monkeypatch):
    component = nlp.get_pipe(CRF_COMPONENT)
    cut = get_segmenter().cut
    sentences = [cut("国家统计局发布数据。"), cut("据国家统计局介绍，物价平稳。")]
    # the model finds the name in the first sentence only
    monkeypatch.setattr(component.tagger, "spans_batch", lambda texts, tokens: [[(0, 5, "ORG")], []])
    doc = component(make_doc(nlp, sentences))
    assert [(s.start, s.end, s.label_) for s in doc.spans["model"]] == [(0, 5, "ORG"), (11, 16, "ORG")]
    monkeypatch.setattr(component, "carry_names", False)
    doc = component(make_doc(nlp, sentences))
    assert [(s.start, s.end) for s in doc.spans["model"]] == [(0, 5)]


def test_a_title_that_is_one_organisations_name_names_it(nlp):
    found = [(e.text, e.label) for e in entities("《人民日报》发表社论。修改《四川省人口与计划生育条例》。", nlp)]
    assert ("人民日报", "ORG") in found
    assert all(text != "四川省" for text, _ in found)  # a place inside a document's title is part of the title
