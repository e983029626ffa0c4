from policytext.extract.terms import (
    NgramCounts,
    count_ngrams,
    document_phrases,
    is_keyword_candidate,
    keyword_terms,
    select_phrases,
)

STOP = frozenset({"的", "和", "推进", "加强", "我们"})


def test_keyword_candidates():
    assert is_keyword_candidate("乡村振兴", STOP)
    assert is_keyword_candidate("5G", STOP)
    assert is_keyword_candidate("IPv6", STOP)
    for tok in ["推进", "的", "国", "2024", "5.2%", "一百二十", "，", "  "]:
        assert not is_keyword_candidate(tok, STOP), tok


def _sentences(n):
    base = [
        ["我们", "要", "全面", "深化", "改革", "，", "推进", "改革", "开放", "。"],
        ["全面", "深化", "改革", "取得", "成效", "，", "经济", "增长", "。"],
        ["改革", "措施", "落地", "，", "深化", "合作", "。"],
    ]
    return base * n


def test_phrases_need_cohesion_frequency_and_documents():
    total = NgramCounts()
    for _ in range(3):  # three documents
        total += count_ngrams(_sentences(3), STOP)
    phrases = select_phrases(total, stopwords=STOP, min_count=5, min_docs=2, min_npmi=0.3)
    assert ("全面", "深化", "改革") in phrases
    assert ("经济", "增长") in phrases
    assert total.ngrams["改革\x1f开放"] == 9 and total.ngram_docs["改革\x1f开放"] == 3
    assert not select_phrases(total, stopwords=STOP, min_count=5, min_docs=4, min_npmi=0.3)
    assert not select_phrases(
        total, stopwords=STOP | {"全面", "深化", "改革", "经济", "增长", "开放", "取得", "成效", "措施", "落地", "合作"}
    )


def test_counts_survive_pickling():
    import pickle

    counts = count_ngrams(_sentences(2), STOP)
    again = pickle.loads(pickle.dumps(counts))
    assert again == counts and again.ngrams["全面\x1f深化\x1f改革"] == 4


def test_keyword_terms_merge_phrases_and_drop_stopwords():
    phrases = frozenset({("全面", "深化", "改革")})
    terms = keyword_terms([["我们", "要", "全面", "深化", "改革", "，", "推进", "改革", "开放", "。"]], STOP, phrases)
    assert terms == [["全面深化改革", "改革", "开放"]]


def test_empty_input():
    assert keyword_terms([], STOP) == []
    counts = count_ngrams([], STOP)
    assert counts.tokens == 0 and not counts.ngrams
    assert select_phrases(counts) == frozenset()


def test_document_phrases_are_repeated_word_sequences_without_stopword_edges():
    sents = [["镇定", "控制器", "设计", "的", "方法"], ["镇定", "控制器", "的", "性能"], ["提出", "镇定", "控制器", "和", "推进"]]
    phrases = document_phrases(sents, STOP)
    assert ("镇定", "控制器") in phrases
    assert not any("的" in p or "和" in p for p in phrases)
    assert document_phrases(sents, STOP, min_occurrences=4) == frozenset()
    assert keyword_terms(sents[:1], STOP, phrases)[0][0] == "镇定控制器"


def test_document_phrases_join_corpus_phrases():
    sents = [["全面", "深化", "改革", "镇定", "控制器"]]
    terms = keyword_terms(sents, STOP, frozenset({("全面", "深化", "改革")}), extra=frozenset({("镇定", "控制器")}))
    assert terms == [["全面深化改革", "镇定控制器"]]
