"""A one-file HTML report of a run: summary, keywords, each stage's section (entities,
claims, references, themes), warnings, failures, documents."""

from __future__ import annotations

from html import escape

from policytext.extract.keywords import TEXTRANK, TFIDF
from policytext.outputs.html import picture
from policytext.records import CorpusResult
from policytext.store import KEYWORDS

_CSS = """
body{font-family:"Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:1200px;color:#222}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.9em;width:100%}
th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}.failed,.internal_error{background:#fde8e8}.skipped{background:#fff6dd}
img{max-width:100%;border:1px solid #eee}
.num{text-align:right}
"""


def render_report(result: CorpusResult, *, sections: list[str], wordcloud: str | None, top_terms: int = 30) -> str:
    """The report's HTML. ``sections`` are the stages' own (HTML, in registry order);
    ``wordcloud`` the corpus word cloud's PNG path relative to the report, if any."""
    docs = result.summaries
    processed = result.processed_summaries
    ok, failed, skipped = len(processed), len(result.failed), len(result.skipped)
    bugs = len(result.internal_errors)
    parts = [
        "<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>policytext report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>policytext report</h1>",
        f"<p>Input: <code>{escape(result.input_root)}</code> · {len(docs)} file(s): {ok} processed, "
        f"{failed} failed, {skipped} skipped, {bugs} internal error(s) · {sum(d.chars for d in processed):,} characters · "
        f"{sum(d.sentence_count for d in processed):,} sentences · {result.timings.get('total_s', 0):.1f} s</p>",
    ]
    if wordcloud:
        parts.append("<h2>Corpus word cloud</h2>" + picture(wordcloud, "corpus word cloud"))
    parts.append(_corpus_keywords(result, top_terms))
    parts.extend(sections)
    warnings = list(result.settings.get("metadata_warnings", []))
    warnings += [f"{d.path}: {w}" for d in processed for w in d.warnings]
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
    keywords: dict[str, list[str]] = {}
    for k in result.iter_records(KEYWORDS):
        if k.method == TFIDF:
            keywords.setdefault(k.doc_id, []).append(k.term)
    for d in processed:
        terms = "、".join(keywords.get(d.doc_id, ()))[:120]
        parts.append(
            f"<tr><td>{escape(d.doc_id)}</td><td>{escape(d.title)}</td><td>{escape(d.date)}</td><td>{escape(d.kind)}</td>"
            f"<td class='num'>{d.chars:,}</td><td class='num'>{d.sentence_count:,}</td><td>{escape(terms)}</td></tr>"
        )
    parts.append("</table></body></html>")
    return "\n".join(parts)


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
