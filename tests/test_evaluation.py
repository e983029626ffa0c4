import pytest

from policytext.evaluation import PRF, segmentation_prf, word_spans


def test_word_spans():
    assert word_spans(["推进", "高质量", "发展"]) == {(0, 2), (2, 5), (5, 7)}


def test_segmentation_prf_counts_matching_spans():
    score = segmentation_prf([["推进", "高质量", "发展"]], [["推进", "高质量发展"]])
    assert score.precision == pytest.approx(1 / 2)
    assert score.recall == pytest.approx(1 / 3)
    assert score.f1 == pytest.approx(0.4)


def test_prf_with_nothing_predicted():
    assert PRF.from_counts(0, 0, 5) == PRF(0.0, 0.0, 0.0)


def test_entity_prf_exact_span_and_label():
    from policytext.evaluation import entity_prf

    gold = [[(0, 3, "PER"), (4, 6, "LOC")], [(0, 3, "ORG")]]
    pred = [[(0, 3, "PER"), (4, 6, "ORG")], [(0, 3, "ORG"), (5, 7, "LOC")]]
    scores = entity_prf(gold, pred)
    assert scores["PER"].f1 == 1.0
    assert scores["LOC"].recall == 0.0 and scores["LOC"].precision == 0.0
    assert scores["ALL"].precision == pytest.approx(2 / 4)
    assert scores["ALL"].recall == pytest.approx(2 / 3)
