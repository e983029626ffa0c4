from collections import Counter

import pytest

from policytext.extract.keywords import corpus_keywords, textrank_scores, tfidf_matrix, tfidf_row_scores, top_keywords


def test_textrank_ranks_the_hub_term_first_and_scales_to_one():
    sentences = [
        ["数字经济", "人工智能", "数据要素"],
        ["数字经济", "实体经济", "融合"],
        ["数字经济", "平台", "治理"],
        ["数据要素", "市场"],
    ]
    scores = textrank_scores(sentences)
    assert max(scores, key=scores.get) == "数字经济"
    assert scores["数字经济"] == pytest.approx(1.0)
    assert all(0 < s <= 1 for s in scores.values())


def test_textrank_empty():
    assert textrank_scores([]) == {}
    assert textrank_scores([["单独"]]) == {"单独": 1.0}


def test_tfidf_prefers_terms_specific_to_a_document():
    docs = [Counter({"改革": 5, "粮食": 4}), Counter({"改革": 5, "芯片": 4}), Counter({"改革": 5, "医保": 1})]
    matrix, terms = tfidf_matrix(docs)
    first = tfidf_row_scores(matrix, terms, 0)
    assert first["粮食"] > first["改革"]
    assert set(first) == {"粮食", "改革"}
    assert sum(v * v for v in first.values()) == pytest.approx(1.0)


def test_top_keywords_are_deterministic_and_skip_contained_terms():
    scores = {"全面深化改革": 0.9, "改革": 0.8, "深化": 0.8, "开放": 0.8, "零": 0.0}
    kws = top_keywords("d", "tfidf", scores, 3)
    assert [(k.rank, k.term) for k in kws] == [(1, "全面深化改革"), (2, "开放")]
    assert kws[0].doc_id == "d" and kws[0].method == "tfidf"


def test_corpus_keywords_average_over_documents():
    kws = corpus_keywords({"改革": 1.5, "粮食": 0.5}, 2, "textrank", 5)
    assert [(k.term, k.score) for k in kws] == [("改革", 0.75), ("粮食", 0.25)]
    assert kws[0].doc_id == "__corpus__"


def test_tfidf_equals_scikit_learn_sublinear_tfidf():
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer

    docs = [
        Counter({"改革": 5, "粮食": 4, "农业": 1}),
        Counter(),
        Counter({"改革": 2, "芯片": 7}),
        Counter({"医保": 3}),
        Counter(),
    ]
    ours, terms = tfidf_matrix(docs)
    vectorizer = DictVectorizer(sort=True)
    theirs = TfidfTransformer(sublinear_tf=True).fit_transform(vectorizer.fit_transform(docs))
    assert terms == list(vectorizer.get_feature_names_out())
    assert abs(ours - theirs).max() < 1e-12
