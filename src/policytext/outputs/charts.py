"""Charts as PNG with the package's CJK font: one style for every picture a run draws."""

from __future__ import annotations

import unicodedata
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


def clean_label(text: str) -> str:
    """``text`` with control characters (tab, CR, newline, every Unicode Cc) made spaces and
    runs of spaces made one: document text carries them, no font has a glyph for them, and
    matplotlib warns about each one it cannot draw."""
    return " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in text).split())


def short_label(text: str, limit: int = _LABEL_CHARS) -> str:
    text = clean_label(text)
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
        keep = set(sorted(graph.nodes, key=lambda n: (-graph.degree(n), n))[:max_nodes])
        graph = nx.DiGraph()  # rebuilt in edge order: a subgraph view's order changes between processes
        graph.add_edges_from((a, b) for a, b in edges if a in keep and b in keep)
    plt, fig, family = _figure(font_path, size)
    ax = fig.add_axes((0.02, 0.02, 0.96, 0.9))
    ax.set_axis_off()
    fig.suptitle("文件引用关系 (citing → cited)", fontsize=20)
    # a fixed seed: the same picture every run
    positions = nx.spring_layout(graph, seed=7, k=1.6 / max(1, graph.number_of_nodes()) ** 0.5)
    cited = [graph.in_degree(n) for n in graph.nodes]
    nx.draw_networkx_nodes(graph, positions, ax=ax, node_size=[300 + 500 * c for c in cited], node_color="#4C72B0", alpha=0.85)
    nx.draw_networkx_edges(graph, positions, ax=ax, arrows=True, arrowsize=14, edge_color="#888888", width=1.2)
    names = {n: f"{clean_label(n)}\n{short_label(labels[n])}" if labels.get(n) else clean_label(n) for n in graph.nodes}
    nx.draw_networkx_labels(graph, positions, labels=names, ax=ax, font_size=11, font_family=family)
    _save(plt, fig, target)
    return True


_PALETTE = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD")


def render_theme_heatmap(
    doc_ids: Sequence[str],
    theme_labels: Sequence[str],
    weights,  # documents × themes
    target: Path,
    *,
    font_path: str,
    size: tuple[int, int] = CHART_SIZE,
) -> bool:
    """Documents (rows, grouped by main theme) against themes (columns), shaded by weight."""
    if not len(doc_ids) or not len(theme_labels):
        return False
    plt, fig, _ = _figure(font_path, size)
    ax = fig.add_axes((0.16, 0.2, 0.8, 0.72))
    image = ax.imshow(weights, aspect="auto", cmap="Blues", vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks(range(len(theme_labels)), [f"{i + 1} {short_label(t, 12)}" for i, t in enumerate(theme_labels)])
    ax.tick_params(axis="x", labelrotation=60, labelsize=9)
    ax.set_yticks(range(len(doc_ids)), [short_label(d, 24) for d in doc_ids], fontsize=max(5, min(10, 600 // len(doc_ids))))
    fig.colorbar(image, ax=ax, fraction=0.02, pad=0.01)
    fig.suptitle("文档—主题权重 (document-theme weights)", fontsize=18)
    _save(plt, fig, target)
    return True


def render_trends(
    series: dict[str, list[tuple[int, float]]], target: Path, *, title: str, ylabel: str, font_path: str, size=CHART_SIZE
) -> bool:
    """One line per series (name -> [(year, value)]), years on the x axis."""
    if not series or not any(len(points) > 1 for points in series.values()):
        return False  # a chart over time needs at least two years
    plt, fig, _ = _figure(font_path, size)
    ax = fig.add_axes((0.07, 0.1, 0.68, 0.8))
    for i, (name, points) in enumerate(series.items()):
        colour, style = _PALETTE[i % len(_PALETTE)], "-" if i < len(_PALETTE) else "--"
        years, values = [y for y, _ in points], [v for _, v in points]
        ax.plot(years, values, style, marker="o", markersize=3, linewidth=1.8, color=colour, label=short_label(name, 18))
    ax.set_ylabel(ylabel, fontsize=13)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=11, frameon=False)
    fig.suptitle(title, fontsize=18)
    _save(plt, fig, target)
    return True


def render_network(
    edges: Sequence[tuple[str, str, float]], target: Path, *, font_path: str, size=CHART_SIZE, max_nodes: int = 60
) -> bool:
    """Terms joined by weighted edges; the ``max_nodes`` terms with the largest weighted degree,
    communities (Louvain, fixed seed) in colours."""
    if not edges:
        return False
    import networkx as nx

    graph = nx.Graph()
    graph.add_weighted_edges_from(edges)
    strength = dict(graph.degree(weight="weight"))
    keep = set(sorted(graph.nodes, key=lambda n: (-strength[n], n))[:max_nodes])
    # built again in a fixed order with integer nodes: a subgraph view, and sets of strings,
    # iterate in an order that changes from one process to the next (hash randomisation),
    # and the layout and the communities would change with it
    names = sorted(keep)
    index = {name: i for i, name in enumerate(names)}
    graph = nx.Graph()
    graph.add_nodes_from(range(len(names)))
    graph.add_weighted_edges_from((index[a], index[b], w) for a, b, w in edges if a in keep and b in keep)
    strength = dict(graph.degree(weight="weight"))
    communities = nx.community.louvain_communities(graph, weight="weight", seed=7)
    ordered = sorted(communities, key=lambda c: (-len(c), min(c)))
    colour = {n: _PALETTE[i % len(_PALETTE)] for i, group in enumerate(ordered) for n in group}
    plt, fig, family = _figure(font_path, size)
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.92))
    ax.set_axis_off()
    positions = nx.spring_layout(graph, weight="weight", seed=7, k=2.2 / max(1, graph.number_of_nodes()) ** 0.5)
    top = max(strength[n] for n in graph.nodes)
    heaviest = max(w for _, _, w in graph.edges(data="weight"))
    widths = [0.5 + 3 * graph[a][b]["weight"] / heaviest for a, b in graph.edges]
    nx.draw_networkx_edges(graph, positions, ax=ax, alpha=0.25, edge_color="#999999", width=widths)
    nodes = sorted(graph.nodes)
    sizes = [200 + 1800 * strength[n] / top for n in nodes]
    nx.draw_networkx_nodes(
        graph, positions, nodelist=nodes, ax=ax, node_color=[colour[n] for n in nodes], node_size=sizes, alpha=0.85
    )
    labels = {i: clean_label(name) for i, name in enumerate(names)}
    nx.draw_networkx_labels(graph, positions, labels=labels, ax=ax, font_size=12, font_family=family)
    fig.suptitle("关键词共现网络 (keywords that share sentences; colours: communities)", fontsize=18)
    _save(plt, fig, target)
    return True


_MET_COLOURS = {"yes": "#55A868", "no": "#C44E52", "unknown": "#8C8C8C"}


def render_target_chart(
    title: str,
    unit: str,
    years: Sequence[tuple[int, float, float | None, float | None, str]],
    target: Path,
    *,
    font_path: str,
    size: tuple[int, int] = CHART_SIZE,
) -> bool:
    """Targets as bars (a range's top as a lighter block above) and outcomes as points, by
    year: ``years`` is (year, target, range top or None, outcome or None, met yes|no|unknown).
    Returns False (nothing written) without two years or one outcome to show."""
    if not years or (len(years) < 2 and all(y[3] is None for y in years)):
        return False
    numbers = [abs(v) for y in years for v in y[1:4] if v is not None] or [1.0]
    scale, word = next(((s, w) for s, w in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")) if max(numbers) >= s), (1.0, ""))
    plt, fig, _ = _figure(font_path, size)
    ax = fig.add_axes((0.07, 0.1, 0.7, 0.8))
    xs = [y[0] for y in years]
    low = [y[1] / scale for y in years]
    ax.bar(xs, low, width=0.6, color="#4C72B0", alpha=0.75, label="目标 target")
    tops = [((y[2] - y[1]) / scale if y[2] is not None else 0.0) for y in years]
    if any(tops):
        ax.bar(xs, tops, bottom=low, width=0.6, color="#4C72B0", alpha=0.3, label="目标区间 target range")
    for met, colour in _MET_COLOURS.items():
        points = [(y[0], y[3] / scale) for y in years if y[3] is not None and y[4] == met]
        if points:
            label = {"yes": "实际 outcome (met)", "no": "实际 outcome (missed)", "unknown": "实际 outcome"}[met]
            ax.plot([p[0] for p in points], [p[1] for p in points], "o", markersize=11, color=colour, label=label, zorder=3)
    ax.set_xticks(xs, [str(x) for x in xs])
    ax.set_ylabel(f"{word}{unit}", fontsize=13)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1), fontsize=11, frameon=False)
    fig.suptitle(clean_label(title), fontsize=18)
    _save(plt, fig, target)
    return True
