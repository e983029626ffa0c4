"""Themes on a small corpus of real-looking policy sentences: four subjects, twelve documents."""

import numpy as np
import pytest

from policytext.errors import ThemeError
from policytext.term_sections import split_sections
from policytext.themes import (
    ClassTfidfLabeler,
    CoherenceSelector,
    TermMatrix,
    ThemeModel,
    corpus_themes,
    npmi_coherence,
)

SUBJECTS = {
    "farming": ["粮食", "耕地", "农田", "种子", "农业", "农民", "乡村"],
    "digital": ["数据", "算力", "平台", "数字化", "互联网", "人工智能", "网络"],
    "health": ["医院", "医保", "药品", "疾病", "医疗", "卫生", "医生"],
    "energy": ["煤炭", "电力", "光伏", "风电", "电网", "能源", "储能"],
}


def corpus(docs_per_subject: int = 3, sentences: int = 30) -> tuple[list[str], list[list[list[str]]], list[str]]:
    """Documents of sentences, each sentence four words of its subject and one shared word."""
    rng = np.random.default_rng(1)
    ids, docs, truth = [], [], []
    for subject, words in SUBJECTS.items():
        for i in range(docs_per_subject):
            doc = [[*rng.choice(words, 4, replace=False).tolist(), "发展"] for _ in range(sentences)]
            ids.append(f"{subject}_{i}")
            docs.append(doc)
            truth.append(subject)
    return ids, docs, truth


def test_auto_finds_the_four_subjects_and_labels_them_by_their_words():
    ids, docs, truth = corpus()
    model = ThemeModel(selector=CoherenceSelector(k_min=2, k_max=6), term_matrix=TermMatrix(max_df=0.9, exclude=frozenset()))
    model.fit(docs)
    assert model.n_themes_ == 4
    groups = {}
    for subject, theme in zip(truth, model.assignments_):
        groups.setdefault(subject, set()).add(int(theme))
    assert all(len(g) == 1 for g in groups.values()) and len(set().union(*groups.values())) == 4
    for k, label in enumerate(model.labeler.labels_):
        subject = truth[list(model.assignments_).index(k)]
        assert set(label.split("·")) <= set(SUBJECTS[subject])  # distinctive words, never the shared 发展
    assert np.allclose(model.doc_weights_.sum(axis=1), 1)


def test_records_are_numbered_by_share_and_runs_are_identical():
    ids, docs, _ = corpus()
    make = lambda: ThemeModel(n_themes=4, term_matrix=TermMatrix(max_df=0.9, exclude=frozenset()))  # noqa: E731
    themes, rows = corpus_themes(ids, docs, make())
    again = corpus_themes(ids, docs, make())
    assert (themes, rows) == again
    assert [t.theme_id for t in themes] == [1, 2, 3, 4]
    assert [t.share for t in themes] == sorted((t.share for t in themes), reverse=True)
    assert sum(t.documents for t in themes) == 12
    main = [r for r in rows if r.rank == 1]
    assert len(main) == 12 and all(r.weight > 0.5 for r in main)


def test_long_documents_are_fitted_in_sections():
    sentences = [["数据"] * 100 for _ in range(20)]  # 2,000 terms
    sections = split_sections(sentences, size=800)
    assert len(sections) == 2 and sum(len(s) for s in sections) == 2000
    assert split_sections(sentences[:10], size=800) == [["数据"] * 1000]  # under twice the size: whole


def test_term_matrix_drops_rare_ubiquitous_and_excluded_terms():
    matrix = TermMatrix(min_df=2, max_df=0.7, exclude=frozenset({"推进"}))
    x = matrix.fit_transform([["数据", "推进", "发展"], ["数据", "发展", "算力"], ["发展", "医保"]])
    assert matrix.terms_ == ["数据"]  # 发展 is in every section, 算力 and 医保 in one, 推进 excluded
    assert x.shape == (3, 1) and np.allclose(x.toarray()[:2, 0], 1)


def test_coherence_and_class_tfidf_on_known_counts():
    from scipy.sparse import csc_matrix, csr_matrix

    occurs = csc_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 0, 1]]))
    assert npmi_coherence([0, 1], occurs) == pytest.approx(1.0)  # always together
    assert npmi_coherence([0, 2], occurs) == -1.0  # never together
    counts = csr_matrix(np.array([[5, 0, 1], [4, 1, 1], [0, 6, 1]]))
    labeler = ClassTfidfLabeler(top_n=2, label_terms=1).fit(counts, np.array([0, 0, 1]), ["粮食", "药品", "发展"], 2)
    assert labeler.labels_ == ["粮食", "药品"]


def test_bad_settings_and_too_little_text_raise_theme_errors():
    with pytest.raises(ThemeError, match="at least 2"):
        ThemeModel(n_themes=1)
    with pytest.raises(ThemeError, match="unknown theme model"):
        ThemeModel(model="kmeans")
    with pytest.raises(ThemeError, match="at least 6 documents"):
        ThemeModel().fit([[["数据"]]])


def test_fewer_terms_than_asked_themes_and_a_single_term():
    docs = [[["数据", "平台", "算力"]]] * 4 + [[["粮食", "耕地", "种子"]]] * 4
    model = ThemeModel(n_themes=5, term_matrix=TermMatrix(max_df=1.0, exclude=frozenset())).fit(docs)
    assert model.n_themes_ == 5  # six terms: five themes can be fitted, empty ones are dropped as records
    themes, _ = corpus_themes(
        [str(i) for i in range(8)], docs, ThemeModel(n_themes=5, term_matrix=TermMatrix(max_df=1.0, exclude=frozenset()))
    )
    assert sorted(t.label for t in themes) == ["数据·平台·算力", "粮食·耕地·种子"]
    with pytest.raises(ThemeError, match="at least two terms"):
        ThemeModel(term_matrix=TermMatrix(max_df=1.0, exclude=frozenset())).fit([[["数据"]]] * 9)


def test_lda_is_a_working_alternative():
    ids, docs, truth = corpus()
    model = ThemeModel(n_themes=4, model="lda", term_matrix=TermMatrix(max_df=0.9, exclude=frozenset())).fit(docs)
    assert len(set(model.assignments_)) >= 3
