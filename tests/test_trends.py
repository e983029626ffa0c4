from policytext.records import DocumentResult, DocumentTheme, Theme
from policytext.trends import cooccurrences, document_year, yearly_trends


def test_cooccurrence_counts_sentences_and_pmi():
    sentences = [["粮食", "耕地"], ["粮食", "耕地", "发展"], ["粮食", "耕地"], ["医保", "发展"], ["医保"], []]
    pairs = cooccurrences(sentences, ["粮食", "耕地", "医保", "发展"], min_count=2)
    assert [(c.source, c.target, c.count) for c in pairs] == [("粮食", "耕地", 3)]
    assert pairs[0].pmi > 0  # 5 sentences with terms, both in 3: log2(3*5/(3*3)) = 0.737
    assert round(pairs[0].pmi, 3) == 0.737


def test_yearly_shares_of_themes_and_keywords_per_10k_tokens():
    docs = [
        DocumentResult(doc_id="a", date="2023-03-05", term_counts=(("数据", 10),)),
        DocumentResult(doc_id="b", date="2023", term_counts=(("数据", 30),)),
        DocumentResult(doc_id="c", date="2024-03-05", term_counts=(("粮食", 5),)),
        DocumentResult(doc_id="d", date=""),
    ]
    themes = [Theme(1, "数据", "数据", 2, 0.8, 0.5), Theme(2, "粮食", "粮食", 1, 0.2, 0.5)]
    rows = [
        DocumentTheme("a", 1, 1.0, 1),
        DocumentTheme("b", 1, 0.5, 1),
        DocumentTheme("b", 2, 0.5, 2),
        DocumentTheme("c", 2, 1.0, 1),
    ]
    keyword_counts = [{"数据": 10}, {"数据": 30}, {}, {}]
    points = yearly_trends(
        docs, [100, 300, 50, 10], [200, 600, 100, 20], keyword_counts, themes=themes, document_themes=rows, keywords=["数据"]
    )
    got = {(p.year, p.kind, p.name): p.value for p in points}
    assert got[(2023, "theme", "数据")] == round((100 + 150) / 400, 4)
    assert got[(2023, "theme", "粮食")] == round(150 / 400, 4)
    assert got[(2024, "theme", "粮食")] == 1.0
    assert got[(2023, "keyword", "数据")] == 40 * 10_000 / 800  # per 10,000 tokens
    assert {p.year for p in points} == {2023, 2024}  # the undated document is in no year
    assert document_year("二〇二四") is None and document_year("1956") == 1956


def test_pair_counts_of_chunks_add_up_to_the_corpus():
    from policytext.trends import PairCounts, count_pairs, pair_records

    sentences = [["数字", "经济"], ["数字", "经济", "政府"], [], ["粮食"], ["数字", "政府"], ["数字", "经济"], ["经济"]]
    vocabulary = ["数字", "经济", "政府"]
    whole = count_pairs(sentences, vocabulary)
    parts = sum((count_pairs(sentences[a : a + 2], vocabulary) for a in range(0, len(sentences), 2)), PairCounts())
    assert (parts.sentences, parts.single, parts.pairs) == (whole.sentences, whole.single, whole.pairs)
    assert whole.sentences == 6  # the empty sentence has no terms
    [pair] = pair_records(whole)
    assert (pair.source, pair.target, pair.count) == ("数字", "经济", 3)
