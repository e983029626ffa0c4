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


REPEATS = 5  # this machine's timings wander by 20-30 %; report the best of five, runs interleaved


def throughput() -> list[tuple[str, str]]:
    """`policytext run` on the full shared corpus (default options, one corpus word cloud) vs bare jieba.lcut."""
    import jieba

    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    chars = sum(map(len, texts))
    jieba.setLogLevel(60)
    jieba.initialize()
    exe = Path(sys.executable).with_name("policytext")
    best: dict[str, float] = {}
    stages = {}
    for _ in range(REPEATS):
        t = time.perf_counter()
        for text in texts:
            jieba.lcut(text)
        best["jieba"] = min(best.get("jieba", 1e9), time.perf_counter() - t)
        for workers in (1, 2):
            with tempfile.TemporaryDirectory() as out:
                t = time.perf_counter()
                cmd = [str(exe), "run", str(CORPUS), "-o", out, "--workers", str(workers), "-q"]
                subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
                elapsed = time.perf_counter() - t
                if elapsed < best.get(workers, 1e9):
                    best[workers] = elapsed
                    stages[workers] = json.loads((Path(out) / "manifest.json").read_text(encoding="utf-8"))["timings_s"]
    rows = [
        ("corpus", f"{len(texts)} documents, {chars:,} characters; best of {REPEATS} runs"),
        (
            "bare jieba.lcut (HMM on, its default), 1 process",
            f"{best['jieba']:.2f} s · {chars / best['jieba'] / 1e3:,.0f} k chars/s · 1.00×",
        ),
    ]
    for workers in (1, 2):
        rows.append(
            (
                f"policytext run, {workers} worker(s), whole command",
                f"{best[workers]:.2f} s · {chars / best[workers] / 1e3:,.0f} k chars/s · "
                f"{best[workers] / best['jieba']:.2f}× jieba time",
            )
        )
        rows.append(
            ("  stages (s, from manifest.json)", ", ".join(f"{k.removesuffix('_s')} {v:.2f}" for k, v in stages[workers].items()))
        )
    rows.append(("speed-up 2 workers vs 1", f"{best[1] / best[2]:.2f}×"))
    return rows


def segmentation() -> list[tuple[str, str]]:
    """Word-level F1 on SIGHAN 2005 pku/msr test sets, with and without the policy dictionary."""
    import jieba

    from policytext.evaluation import segmentation_prf
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
            score = segmentation_prf(gold, [[t for t in cut(r) if t.strip()] for r in raw])
            rows.append((f"SIGHAN {name}: {label}", f"P {score.precision:.4f} · R {score.recall:.4f} · F1 {score.f1:.4f}"))
    return rows


def keywords() -> list[tuple[str, str]]:
    """P/R/F1@5 against author keywords (exact match) on CSL dev: 1,000 abstracts as one corpus."""
    import jieba.analyse

    import policytext
    from policytext.evaluation import PRF

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
        predicted["jieba.analyse.extract_tags (reference)"][r["id"]] = jieba.analyse.extract_tags(
            r["title"] + "\n" + r["abstract"], topK=5
        )
    rows = []
    for label, preds in predicted.items():
        correct = sum(len(set(r["keywords"]) & set(preds.get(r["id"], []))) for r in records)
        score = PRF.from_counts(
            correct, sum(len(preds.get(r["id"], [])) for r in records), sum(len(r["keywords"]) for r in records)
        )
        rows.append((f"CSL dev keywords@5: {label}", f"P {score.precision:.3f} · R {score.recall:.3f} · F1 {score.f1:.3f}"))
    return rows


NER_MODEL = PROJECT / "src" / "policytext" / "resources" / "models" / "ner_crf.crfsuite"
MSRA_TEST = SHARED / "data" / "ner" / "msra" / "test.jsonl"


def ner(model: Path | None = None) -> list[tuple[str, str]]:
    """Entity-level P/R/F1 (exact span and label) on the MSRA test set, and tagging speed."""
    from policytext.evaluation import entity_prf
    from policytext.ner.crf import CrfTagger
    from policytext.segment import get_segmenter
    from policytext.training.ner import load_jsonl

    model = model or Path(os.environ.get("POLICYTEXT_NER_MODEL", NER_MODEL))
    if not model.is_file():
        return [("NER", f"no model at {model} (train one: python -m policytext.training.ner)")]
    tagger = CrfTagger(model)
    records = load_jsonl(MSRA_TEST)
    tokens = [get_segmenter().cut(text) for text, _ in records]
    t = time.perf_counter()
    predicted = [tagger.spans(text, toks) for (text, _), toks in zip(records, tokens)]
    seconds = time.perf_counter() - t
    chars = sum(len(text) for text, _ in records)
    scores = entity_prf([spans for _, spans in records], predicted)
    rows = [(f"MSRA test NER {label}", f"P {s.precision:.3f} · R {s.recall:.3f} · F1 {s.f1:.3f}") for label, s in scores.items()]
    rows.append(("MSRA test NER speed (features + tagging, 1 process)", f"{chars / seconds / 1e3:,.0f} k chars/s"))
    rows.extend(ner_policy_gold(tagger))
    rows.append(("NER model size", f"{model.stat().st_size / 2**20:.1f} MB ({model.name})"))
    return rows


POLICY_GOLD = PROJECT / "bench" / "data" / "ner_policy_dev.jsonl"


def ner_policy_gold(tagger) -> list[tuple[str, str]]:
    """P/R/F1 per label on our annotated policy documents (bench/data/ner_policy_dev.md)."""
    from policytext.evaluation import entity_prf
    from policytext.normalise import normalise
    from policytext.segment import get_segmenter
    from policytext.sentences import sentence_spans

    gold, predicted = [], []
    for line in POLICY_GOLD.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        body = normalise((PROJECT / record["source"]).read_text(encoding="utf-8")).body
        end = record["excerpt_end"]
        spans = []
        for start, stop in sentence_spans(body[:end]):
            text = body[start:stop]
            spans += [(start + a, start + b, label) for a, b, label in tagger.spans(text, get_segmenter().cut(text))]
        gold.append([tuple(e[:3]) for e in record["entities"]])
        predicted.append(spans)
    scores = entity_prf(gold, predicted)
    return [
        (f"policy dev gold NER {label}", f"P {s.precision:.3f} · R {s.recall:.3f} · F1 {s.f1:.3f}") for label, s in scores.items()
    ]


BENCHMARKS = {"throughput": throughput, "segmentation": segmentation, "keywords": keywords, "ner": ner}


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
