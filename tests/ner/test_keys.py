import numpy as np

from policytext.ner.crf_model import TemplateTable
from policytext.ner.keys import code_points, find_sorted


def test_code_points_include_characters_beyond_the_basic_plane():
    assert code_points("中a𠀀").tolist() == [0x4E2D, 0x61, 0x20000]
    assert code_points("").tolist() == []


def test_find_sorted_says_where_a_key_is_and_whether_it_is_there():
    pos, found = find_sorted(np.array([3, 7, 9]), np.array([7, 8, 10, 3]))
    assert found.tolist() == [True, False, False, True]
    assert pos[found].tolist() == [1, 0]
    _, nothing = find_sorted(np.array([], dtype=np.int64), np.array([1, 2]))
    assert nothing.tolist() == [False, False]


def test_a_template_value_the_model_lacks_reads_the_zero_row():
    table = TemplateTable(np.array([5, 11]), np.array([0, 1], dtype=np.int32))
    assert table.lookup(np.array([11, 6, 5])).tolist() == [1, -1, 0]
    empty = TemplateTable(np.array([], dtype=np.int64), np.array([], dtype=np.int32))
    assert empty.lookup(np.array([1, 2])).tolist() == [-1, -1]
