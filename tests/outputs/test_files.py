import codecs
import csv

import pytest

from policytext.outputs.files import atomic_path, write_csv


def test_csv_has_bom_and_round_trips_chinese(tmp_path):
    path = tmp_path / "out" / "keywords.csv"
    n = write_csv(path, ["term", "score"], [("乡村振兴", 0.5), ("含,逗号\n和换行", 1)])
    assert n == 2
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
    assert rows == [["term", "score"], ["乡村振兴", "0.5"], ["含,逗号\n和换行", "1"]]


def test_a_crash_while_writing_leaves_the_old_file_and_no_temp_file(tmp_path):
    path = tmp_path / "documents.csv"
    write_csv(path, ["a"], [("旧",)])

    def rows():
        yield ("新",)
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_csv(path, ["a"], rows())
    assert path.read_bytes() == codecs.BOM_UTF8 + "a\r\n旧\r\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["documents.csv"]


def test_atomic_path_writes_nothing_on_error(tmp_path):
    target = tmp_path / "x.png"
    with pytest.raises(ValueError):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise ValueError
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+1", "-全年", "@SUM(1+1)", "\t缩进", "'引号", "推进发展"])
def test_restore_formula_undoes_neutralise_formula(text):
    from policytext.outputs.files import neutralise_formula, restore_formula

    assert restore_formula(neutralise_formula(text)) == text
    assert restore_formula("'=1") == "=1" and restore_formula("'引号") == "'引号" and restore_formula(3.5) == 3.5
