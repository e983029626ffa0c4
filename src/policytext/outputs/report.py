"""A one-file HTML report of a run: summary, keywords, entities, claims, references, pictures, documents, failures."""

from __future__ import annotations

from collections import Counter
from html import escape

from policytext.extract.entities import entity_counts
from policytext.extract.keywords import TEXTRANK, TFIDF
from policytext.extract.quantities import claims_by_subject
from policytext.extract.references import KINDS as REFERENCE_KINDS
from policytext.extract.references import formula_counts
from policytext.ner.labels import LABELS
from policytext.records import CORPUS_DOC_ID, CorpusResult

_CSS = """
body{font-family:"Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:1200px;color:#222}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.9em;width:100%}
th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}.failed,.internal_error{background:#fde8e8}.skipped{background:#fff6dd}
img{max-width:100%;border:1px solid #eee}
.num{text-align:right}
"""


def render_report(
    result: CorpusResult,
    *,
    wordcloud: str | None,
    citation_graph: str | None = None,
    pictures: frozenset[str] = frozenset(),
    top_terms: int = 30,
) -> str:
    """The report's HTML. ``wordcloud`` and ``citation_graph`` are PNG paths relative to the
    report, if any; ``pictures`` the other PNGs the run wrote (theme clouds, charts)."""
    docs = result.documents
    ok, failed, skipped = len(result.processed), len(result.failed), len(result.skipped)
    bugs = len(result.internal_errors)
    parts = [
        "<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>policytext report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>policytext report</h1>",
        f"<p>Input: <code>{escape(result.input_root)}</code> · {len(docs)} file(s): {ok} processed, "
        f"{failed} failed, {skipped} skipped, {bugs} internal error(s) · {sum(d.chars for d in result.processed):,} characters · "
        f"{sum(len(d.sentences) for d in result.processed):,} sentences · {result.timings.get('total_s', 0):.1f} s</p>",
    ]
    if wordcloud:
        parts.append(f"<h2>Corpus word cloud</h2><img src='{escape(wordcloud)}' alt='corpus word cloud'>")
    parts.append(_corpus_keywords(result, top_terms))
    if result.settings.get("ner"):
        parts.append(_corpus_entities(result, top_terms))
    if result.settings.get("quantities"):
        parts.append(_claims(result, top_terms))
    if result.settings.get("references"):
        parts.append(_references(result, top_terms, graph=citation_graph))
    if result.themes:
        parts.append(_themes(result, pictures=pictures))
    warnings = list(result.settings.get("metadata_warnings", []))
    warnings += [f"{d.path}: {w}" for d in result.processed for w in d.warnings]
    if warnings:
        parts.append("<h2>Warnings</h2><ul>" + "".join(f"<li>{escape(w)}</li>" for w in warnings) + "</ul>")
    if failed or skipped or bugs:
        parts.append("<h2>Files not processed</h2><table><tr><th>file</th><th>status</th><th>reason</th></tr>")
        for d in docs:
            if not d.ok:
                row_class = d.status.replace(" ", "_")  # internal error -> internal_error
                parts.append(
                    f"<tr class='{row_class}'><td>{escape(d.path)}</td><td>{d.status}</td><td>{escape(d.error)}</td></tr>"
                )
        parts.append("</table>")
    parts.append(
        "<h2>Documents</h2><table><tr><th>doc_id</th><th>title</th><th>date</th><th>kind</th><th class='num'>chars</th>"
        "<th class='num'>sentences</th><th>top TF-IDF keywords</th></tr>"
    )
    for d in result.processed:
        terms = "、".join(k.term for k in d.keywords if k.method == TFIDF)[:120]
        parts.append(
            f"<tr><td>{escape(d.doc_id)}</td><td>{escape(d.title)}</td><td>{escape(d.date)}</td><td>{escape(d.kind)}</td>"
            f"<td class='num'>{d.chars:,}</td><td class='num'>{len(d.sentences):,}</td><td>{escape(terms)}</td></tr>"
        )
    parts.append("</table></body></html>")
    return "\n".join(parts)


def _table(columns: list[str], rows, *, numeric: frozenset[int] = frozenset(), raw: frozenset[int] = frozenset()) -> str:
    """An HTML table: cells escaped (except columns in ``raw``, already HTML), columns in
    ``numeric`` right-aligned."""

    def cell(i: int, value, tag: str) -> str:
        cls = " class='num'" if i in numeric else ""
        text = value if i in raw or tag == "th" else escape(str(value))
        return f"<{tag}{cls}>{text}</{tag}>"

    head = "".join(cell(i, c, "th") for i, c in enumerate(columns))
    body = "".join("<tr>" + "".join(cell(i, v, "td") for i, v in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _corpus_keywords(result: CorpusResult, n: int) -> str:
    by_method = {m: [k for k in result.corpus_keywords if k.method == m][:n] for m in (TFIDF, TEXTRANK)}
    rows = [
        "<h2>Corpus keywords</h2><table><tr><th class='num'>rank</th><th>TF-IDF</th><th class='num'>score</th>"
        "<th>TextRank</th><th class='num'>score</th></tr>"
    ]
    for i in range(max(len(v) for v in by_method.values()) if by_method[TFIDF] or by_method[TEXTRANK] else 0):
        cells = []
        for m in (TFIDF, TEXTRANK):
            k = by_method[m][i] if i < len(by_method[m]) else None
            cells.append(f"<td>{escape(k.term)}</td><td class='num'>{k.score:.4f}</td>" if k else "<td></td><td></td>")
        rows.append(f"<tr><td class='num'>{i + 1}</td>{''.join(cells)}</tr>")
    rows.append("</table>")
    return "\n".join(rows)


def _claims(result: CorpusResult, n: int) -> str:
    """Claims by kind and modality, and the subjects followed across the most documents."""
    claims = [q for d in result.processed for q in d.quantities]
    by_kind = Counter((q.kind, q.modality) for q in claims)
    kinds = sorted({k for k, _ in by_kind})
    rows = [
        f"<h2>Quantitative claims</h2><p>{len(claims):,} claims (quantities.csv); series by subject in claims_by_subject.csv.</p>"
    ]
    rows.append("<table><tr><th>kind</th>" + "".join(f"<th class='num'>{m}</th>" for m in _MODALITIES) + "</tr>")
    for k in kinds:
        rows.append(f"<tr><td>{k}</td>" + "".join(f"<td class='num'>{by_kind[(k, m)]:,}</td>" for m in _MODALITIES) + "</tr>")
    rows.append("</table>")
    groups, seen = [], set()
    for c in claims_by_subject(result.processed):
        if (c.subject, c.unit) not in seen and c.documents > 1:
            seen.add((c.subject, c.unit))
            groups.append(c)
    if groups:
        rows.append("<h3>Subjects found in several documents</h3>")
        table = [(c.subject, c.unit, c.documents, c.claims) for c in groups[:n]]
        rows.append(_table(["subject", "unit", "documents", "claims"], table, numeric=frozenset({2, 3})))
    return "\n".join(rows)


def _references(result: CorpusResult, n: int, *, graph: str | None) -> str:
    """Reference counts by kind, the most cited titles, the formulas over time, the citation graph."""
    refs = [r for d in result.processed for r in d.references]
    by_kind = Counter(r.kind for r in refs)
    rows = [
        "<h2>Policy references</h2><p>"
        + " · ".join(f"{by_kind[k]:,} {k.replace('_', ' ')}s" for k in REFERENCE_KINDS)
        + " (references.csv; formulas.csv; citations.csv)</p>"
    ]
    cited = Counter(r.normalized for r in refs if r.kind == "cited_document")
    if cited:
        rows.append("<h3>Most cited titles</h3>" + _table(["title", "mentions"], cited.most_common(n), numeric=frozenset({1})))
    formulas = formula_counts(result.processed)
    if formulas:
        table = [(f.formula, f.documents, f.mentions, f.first_year or "", f.last_year or "") for f in formulas[:n]]
        columns = ["formula", "documents", "mentions", "first year", "last year"]
        rows.append("<h3>Numbered formulas</h3>" + _table(columns, table, numeric=frozenset({1, 2, 3, 4})))
    if graph:
        rows.append(f"<h3>Documents citing each other</h3><img src='{escape(graph)}' alt='citation graph'>")
    return "\n".join(rows)


def _themes(result: CorpusResult, *, pictures: frozenset[str]) -> str:
    """The themes with their terms and word clouds, then the heatmap, trends and network."""
    rows = [
        f"<h2>Themes</h2><p>{len(result.themes)} themes (themes.csv, document_themes.csv); "
        "share: part of the corpus's terms in the theme; coherence: how much its top terms "
        "co-occur (NPMI, −1 … 1).</p>"
    ]
    table = []
    for t in result.themes:
        cloud = f"wordclouds/theme_{t.theme_id}.png"
        image = f"<img src='{cloud}' alt='theme {t.theme_id}' style='max-width:240px'>" if cloud in pictures else ""
        table.append((t.theme_id, t.label, t.top_terms, t.documents, f"{t.share:.1%}", f"{t.coherence:.2f}", image))
    columns = ["theme", "label", "top terms", "documents", "share", "coherence", "word cloud"]
    rows.append(_table(columns, table, numeric=frozenset({0, 3, 4, 5}), raw=frozenset({6})))
    for name, title in (
        ("themes_heatmap.png", "Documents and themes"),
        ("trends_themes.png", "Themes by year (trends.csv)"),
        ("trends_keywords.png", "Keywords by year (trends.csv)"),
        ("cooccurrence_network.png", "Keywords that share sentences (cooccurrence.csv)"),
    ):
        if name in pictures:
            rows.append(f"<h3>{title}</h3><img src='{name}' alt='{escape(title)}'>")
    return "\n".join(rows)


_MODALITIES = ("achieved", "target", "other")
_LABEL_NAMES = {"PER": "people (PER)", "LOC": "places (LOC)", "ORG": "organisations (ORG)"}


def _corpus_entities(result: CorpusResult, n: int) -> str:
    """The most mentioned entities of each label, side by side."""
    corpus = [c for c in entity_counts(result.processed) if c.doc_id == CORPUS_DOC_ID]
    by_label = {label: [c for c in corpus if c.label == label][:n] for label in LABELS}
    rows = ["<h2>Named entities</h2><table><tr><th class='num'>rank</th>"]
    rows.append("".join(f"<th>{_LABEL_NAMES[label]}</th><th class='num'>mentions (documents)</th>" for label in LABELS) + "</tr>")
    for i in range(max((len(v) for v in by_label.values()), default=0)):
        cells = []
        for label in LABELS:
            c = by_label[label][i] if i < len(by_label[label]) else None
            cell = f"<td>{escape(c.text)}</td><td class='num'>{c.mentions} ({c.documents})</td>" if c else "<td></td><td></td>"
            cells.append(cell)
        rows.append(f"<tr><td class='num'>{i + 1}</td>{''.join(cells)}</tr>")
    rows.append("</table>")
    return "\n".join(rows)
