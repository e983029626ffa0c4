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
