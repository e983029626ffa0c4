"""policytext benchmarks: one command, one table.

    .venv/bin/python bench/run.py            # everything (about 3 minutes on 2 cores)
    .venv/bin/python bench/run.py --only throughput

Needs ../shared (corpus and evaluation data, research use only: read by path, never copied).
Timings are wall-clock seconds on this machine in this run; compare them as ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
CORPUS = SHARED / "corpus" / "docs"
CWS = SHARED / "data" / "cws"
CSL = SHARED / "data" / "keyphrase" / "csl_dev.jsonl"


def throughput() -> list[tuple[str, str]]:
    """`policytext run` on the full shared corpus (default options, one corpus word cloud) vs bare jieba.lcut."""
    import jieba

    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    chars = sum(map(len, texts))
    jieba.setLogLevel(60)
    jieba.initialize()
    t = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    t_jieba = time.perf_counter() - t
    rows = [("bare jieba.lcut (HMM on, its default), 1 process", f"{t_jieba:.2f} s · {chars / t_jieba / 1e3:,.0f} k chars/s · 1.00×")]
    runs = {}
    exe = Path(sys.executable).with_name("policytext")
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as out:
            t = time.perf_counter()
            subprocess.run([str(exe), "run", str(CORPUS), "-o", out, "--workers", str(workers), "-q"], check=True,
                           stdout=subprocess.DEVNULL)
            runs[workers] = time.perf_counter() - t
            manifest = json.loads((Path(out) / "manifest.json").read_text(encoding="utf-8"))
        rows.append((
            f"policytext run, {workers} worker(s), whole command",
            f"{runs[workers]:.2f} s · {chars / runs[workers] / 1e3:,.0f} k chars/s · {runs[workers] / t_jieba:.2f}× jieba time",
        ))
        if workers == 1:
            stages = ", ".join(f"{k} {v:.2f}" for k, v in manifest["timings_s"].items())
            rows.append(("  of which (manifest timings, s)", stages))
    rows.append(("speed-up 2 workers vs 1", f"{runs[1] / runs[2]:.2f}×"))
    rows.insert(0, ("corpus", f"{len(texts)} documents, {chars:,} characters"))
    return rows


def _spans(tokens):
    out, pos = set(), 0
    for tok in tokens:
        out.add((pos, pos + len(tok)))
        pos += len(tok)
    return out


def segmentation() -> list[tuple[str, str]]:
    """Word-level F1 on SIGHAN 2005 pku/msr test sets, with and without the policy dictionary."""
    import jieba

    from policytext.segment import SegmenterConfig, get_segmenter

    rows = []
    for name in ("pku", "msr"):
        gold = [line.split() for line in (CWS / name / "gold.txt").read_text(encoding="utf-8").splitlines()]
        raw = ["".join(g) for g in gold]
        systems = {
            "jieba.lcut (HMM on)": lambda s: jieba.lcut(s),
            "policytext, no policy dictionary": get_segmenter(SegmenterConfig(policy_dict=False)).cut,
            "policytext, policy dictionary (default)": get_segmenter(SegmenterConfig()).cut,
        }
        for label, cut in systems.items():
            tp = n_gold = n_pred = 0
            for g, r in zip(gold, raw):
                pred = [t for t in cut(r) if t.strip()]
                G, P = _spans(g), _spans(pred)
                tp += len(G & P)
                n_gold += len(G)
                n_pred += len(P)
            p, rcl = tp / n_pred, tp / n_gold
            rows.append((f"SIGHAN {name}: {label}", f"F1 {2 * p * rcl / (p + rcl):.4f}"))
    return rows


def keywords() -> list[tuple[str, str]]:
    """P/R/F1@5 against author keywords (exact match) on CSL dev: 1,000 abstracts as one corpus."""
    import jieba.analyse

    import policytext

    records = [json.loads(line) for line in CSL.read_text(encoding="utf-8").splitlines()]
    with tempfile.TemporaryDirectory() as folder:
        for r in records:
            Path(folder, f"{r['id']}.txt").write_text(r["title"] + "\n" + r["abstract"], encoding="utf-8")
        result = policytext.analyze_folder(folder, workers=2)
    predicted = {"policytext tfidf": {}, "policytext textrank": {}, "jieba.analyse.extract_tags (reference)": {}}
    for doc in result.processed:
        for method in ("tfidf", "textrank"):
            predicted[f"policytext {method}"][doc.doc_id] = [k.term for k in doc.keywords if k.method == method][:5]
    for r in records:
        predicted["jieba.analyse.extract_tags (reference)"][r["id"]] = jieba.analyse.extract_tags(r["title"] + "\n" + r["abstract"], topK=5)
    rows = []
    for label, preds in predicted.items():
        tp = n_pred = n_gold = 0
        for r in records:
            gold = set(r["keywords"])
            pred = preds.get(r["id"], [])
            tp += len(gold & set(pred))
            n_pred += len(pred)
            n_gold += len(gold)
        p, rcl = tp / max(n_pred, 1), tp / n_gold
        f1 = 2 * p * rcl / (p + rcl) if p + rcl else 0.0
        rows.append((f"CSL dev keywords@5: {label}", f"P {p:.3f} · R {rcl:.3f} · F1 {f1:.3f}"))
    return rows


BENCHMARKS = {"throughput": throughput, "segmentation": segmentation, "keywords": keywords}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=list(BENCHMARKS), action="append", help="run only these (repeatable)")
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"benchmarks need {SHARED} (corpus and evaluation data); it is not there")
    rows = [("machine", f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")]
    for name in args.only or BENCHMARKS:
        rows.extend(BENCHMARKS[name]())
    width = max(len(k) for k, _ in rows)
    print(f"| {'measure'.ljust(width)} | result |")
    print(f"|{'-' * (width + 2)}|--------|")
    for k, v in rows:
        print(f"| {k.ljust(width)} | {v} |")


if __name__ == "__main__":
    main()
