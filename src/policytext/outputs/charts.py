"""Charts as PNG with the package's CJK font: one style for every picture a run draws."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from policytext.outputs.files import atomic_path

CHART_SIZE = (1920, 1080)  # pixels: slides are 16:9
CHART_DPI = 120
_LABEL_CHARS = 14  # longer titles are cut with …: a node label is a reminder, the CSV has the rest


def _figure(font_path: str, size: tuple[int, int]):
    import matplotlib

    matplotlib.use("Agg")  # no display on servers; must come before pyplot
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    font_manager.fontManager.addfont(font_path)
    family = font_manager.FontProperties(fname=font_path).get_name()
    plt.rcParams["font.family"] = family
    plt.rcParams["axes.unicode_minus"] = False  # the CJK font has no U+2212 minus
    fig = plt.figure(figsize=(size[0] / CHART_DPI, size[1] / CHART_DPI), dpi=CHART_DPI)
    return plt, fig, family


def _save(plt, fig, target: Path) -> None:
    with atomic_path(target) as tmp:
        fig.savefig(tmp, format="png", dpi=CHART_DPI)
    plt.close(fig)


def short_label(text: str, limit: int = _LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_citation_graph(
    edges: Sequence[tuple[str, str]],
    labels: dict[str, str],
    target: Path,
    *,
    font_path: str,
    size: tuple[int, int] = CHART_SIZE,
    max_nodes: int = 60,
) -> bool:
    """Draw who cites whom (an arrow from the citing to the cited document), nodes labelled
    by doc_id and title and sized by how often they are cited; the ``max_nodes`` most connected documents when there are more.
    Returns False (and writes nothing) when there are no edges."""
    if not edges:
        return False
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_edges_from(edges)
    if graph.number_of_nodes() > max_nodes:
        keep = sorted(graph.nodes, key=lambda n: (-graph.degree(n), n))[:max_nodes]
        graph = graph.subgraph(keep).copy()
    plt, fig, family = _figure(font_path, size)
    ax = fig.add_axes((0.02, 0.02, 0.96, 0.9))
    ax.set_axis_off()
    fig.suptitle("文件引用关系 (citing → cited)", fontsize=20)
    # a fixed seed: the same picture every run
    positions = nx.spring_layout(graph, seed=7, k=1.6 / max(1, graph.number_of_nodes()) ** 0.5)
    cited = [graph.in_degree(n) for n in graph.nodes]
    nx.draw_networkx_nodes(graph, positions, ax=ax, node_size=[300 + 500 * c for c in cited], node_color="#4C72B0", alpha=0.85)
    nx.draw_networkx_edges(graph, positions, ax=ax, arrows=True, arrowsize=14, edge_color="#888888", width=1.2)
    names = {n: f"{n}\n{short_label(labels[n])}" if labels.get(n) else n for n in graph.nodes}
    nx.draw_networkx_labels(graph, positions, labels=names, ax=ax, font_size=11, font_family=family)
    _save(plt, fig, target)
    return True
