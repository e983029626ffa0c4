import pytest

from conftest import EMBEDDED_CORPUS
from policytext.errors import ResourceError
from policytext.lexicon import policy_userdict
from policytext.normalise import normalise
from policytext.segment import SegmenterBackend, SegmenterConfig, get_segmenter


def test_segmenter_is_built_once_per_process():
    assert get_segmenter() is get_segmenter(SegmenterConfig())


def test_policy_dictionary_keeps_policy_terms_whole():
    tokens = get_segmenter().cut("长江经济带沿线省市全面推进乡村振兴，持续优化营商环境，深化放管服改革，发展新质生产力。")
    for term in ["长江经济带", "乡村振兴", "营商环境", "放管服", "新质生产力"]:
        assert term in tokens, term


def test_policy_dictionary_is_not_empty():
    assert len(policy_userdict()) >= 300


def test_without_policy_dictionary_jieba_splits_the_term():
    tokens = get_segmenter(SegmenterConfig(policy_dict=False)).cut("发展新质生产力")
    assert "新质生产力" not in tokens


def test_user_dictionary_file(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("# my terms\n两个毫不动摇 1000 nz\n", encoding="utf-8")
    seg = get_segmenter(SegmenterConfig(userdicts=(str(path),)))
    assert "两个毫不动摇" in seg.cut("坚持两个毫不动摇。")


def test_missing_user_dictionary_is_a_clear_error(tmp_path):
    with pytest.raises(ResourceError, match="not found"):
        get_segmenter(SegmenterConfig(userdicts=(str(tmp_path / "missing.txt"),)))


@pytest.mark.parametrize("doc", ["gwr_2024", "prov_gwr_2026_beijing", "sc_guofa_2019_4", "xv_cn_025", "gwr_1956"])
def test_rjieba_and_jieba_agree_with_the_policy_dictionary(doc):
    text = normalise((EMBEDDED_CORPUS / f"{doc}.txt").read_text(encoding="utf-8")).body
    fast = get_segmenter(SegmenterConfig(backend=SegmenterBackend.RJIEBA)).cut(text)
    reference = get_segmenter(SegmenterConfig(backend=SegmenterBackend.JIEBA)).cut(text)
    assert fast == reference


def test_numbers_stay_whole_and_sentence_full_stops_stay_apart():
    tokens = get_segmenter().cut("增长5.2%。2011-2020年，IPv6流量占比近50%，共1,361家。Smart plan.")
    for tok in ["5.2%", "2011-2020", "IPv6", "50%", "1,361", "plan", "."]:
        assert tok in tokens, tok


def test_missing_backend_is_named_with_the_install_command(monkeypatch):
    import sys

    from policytext.errors import BackendUnavailableError
    from policytext.segment import check_backend

    monkeypatch.setitem(sys.modules, "rjieba", None)  # what an uninstalled module looks like to import
    with pytest.raises(BackendUnavailableError, match="pip install rjieba"):
        check_backend(SegmenterBackend.RJIEBA)
