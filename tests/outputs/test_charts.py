import subprocess
import sys

from policytext.outputs.charts import render_network, render_theme_heatmap, render_trends
from policytext.resources import FONT, resource_path

FONT_PATH = str(resource_path(FONT))
EDGES = [("粮食", "耕地", 9.0), ("粮食", "种子", 7.0), ("耕地", "种子", 5.0), ("数据", "算力", 8.0), ("数据", "平台", 6.0),
         ("算力", "平台", 4.0), ("平台", "粮食", 1.0)]  # fmt: skip


def test_network_picture_is_the_same_in_every_process(tmp_path):
    # string hashing differs between processes; the picture must not
    script = (
        "import sys; from pathlib import Path; from policytext.outputs.charts import render_network;"
        f"render_network({EDGES!r}, Path(sys.argv[1]), font_path={FONT_PATH!r}, size=(640, 360))"
    )
    pictures = []
    for seed in ("1", "2"):
        target = tmp_path / f"net_{seed}.png"
        env = {"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}
        subprocess.run([sys.executable, "-c", script, str(target)], check=True, env=env)
        pictures.append(target.read_bytes())
    assert pictures[0] == pictures[1] and len(pictures[0]) > 5_000


def test_charts_draw_what_they_are_given_and_nothing_for_nothing(tmp_path):
    assert render_network(EDGES, tmp_path / "n.png", font_path=FONT_PATH, size=(640, 360))
    assert not render_network([], tmp_path / "none.png", font_path=FONT_PATH)
    weights = [[0.9, 0.1], [0.2, 0.8]]
    assert render_theme_heatmap(["a", "b"], ["粮食·耕地", "数据·算力"], weights, tmp_path / "h.png", font_path=FONT_PATH)
    series = {"1 粮食": [(2023, 0.4), (2024, 0.5)], "2 数据": [(2023, 0.6), (2024, 0.5)]}
    assert render_trends(series, tmp_path / "t.png", title="主题", ylabel="share", font_path=FONT_PATH)
    assert not render_trends({"1 粮食": [(2024, 0.5)]}, tmp_path / "one.png", title="", ylabel="", font_path=FONT_PATH)
    assert {p.name for p in tmp_path.iterdir()} == {"n.png", "h.png", "t.png"}
    assert all(p.stat().st_size > 10_000 for p in tmp_path.iterdir())


def test_control_characters_in_labels_draw_no_missing_glyphs(tmp_path):
    """Document text brings tabs and CRs into labels; no font has glyphs for them (issue 20)."""
    import warnings

    from policytext.outputs.charts import clean_label, render_citation_graph
    from policytext.outputs.wordclouds import WordCloudStyle, render_wordcloud

    assert clean_label("数字\t经济\r\n平台\x07 ") == "数字 经济 平台"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert render_trends(
            {"增长\t率": [(2020, 1.0), (2021, 2.0)], "平台\r\x07": [(2020, 2.0), (2021, 1.0)]},
            tmp_path / "trends.png", title="t", ylabel="y", font_path=FONT_PATH,
        )  # fmt: skip
        assert render_network([("数字\t经济", "平台\r", 2.0), ("平台\r", "算力", 1.0)], tmp_path / "n.png", font_path=FONT_PATH)
        assert render_theme_heatmap(["doc\t1"], ["主题\t一"], [[0.5]], tmp_path / "h.png", font_path=FONT_PATH)
        assert render_citation_graph([("a\tb", "c")], {"a\tb": "标题\r一", "c": "规划"}, tmp_path / "c.png", font_path=FONT_PATH)
        assert render_wordcloud({"数字\t经济": 3, "\t": 2, "平台": 1}, tmp_path / "w.png", WordCloudStyle(width=300, height=200))
    missing = [str(w.message) for w in caught if "Glyph" in str(w.message) and "missing" in str(w.message)]
    assert missing == []
