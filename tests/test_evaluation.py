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
