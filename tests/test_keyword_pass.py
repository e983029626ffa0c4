"""The keyword pass's merge: chunks arriving in any order give the corpus of chunk order."""

from __future__ import annotations

import numpy as np

from policytext.keyword_pass import TermMerger, chunk_terms

CHUNKS = [
    [("a", True, [["数字", "经济", "发展"], ["数字", "政府", "建设"]]), ("b", False, [["粮食", "安全", "粮食"]])],
    [("c", False, [["乡村", "振兴", "粮食"], ["数字", "乡村"]])],
    [("d", False, [["生态", "环境", "保护"], ["经济", "发展", "生态"]]), ("e", False, [])],
]


def _merged(order):
    merger = TermMerger()
    for i in order:
        found, _ = chunk_terms(CHUNKS[i], frozenset(), frozenset(), 5)
        merger.add(i, found)
    return merger.result()


def test_chunks_in_any_order_merge_as_in_chunk_order():
    (first, _, first_sums), (last, _, last_sums) = _merged([0, 1, 2]), _merged([2, 0, 1])
    assert first.terms == last.terms
    assert first.terms[:4] == ("数字", "经济", "发展", "政府")  # the order terms first occur in the corpus
    assert first.doc_ids == last.doc_ids == ("a", "b", "c", "d", "e")
    assert (first.doc_counts != last.doc_counts).nnz == 0
    assert (first.section_counts != last.section_counts).nnz == 0
    assert first_sums == last_sums
    assert first.totals()["粮食"] == 3 and first.totals()["数字"] == 3
    assert first.document_lengths().tolist() == [6, 3, 5, 6, 0]
    assert np.array_equal(first.section_owners, [0, 1, 2, 3])  # e has no terms, so no section
