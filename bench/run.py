"""policytext benchmarks: one command, one table.

    .venv/bin/python bench/run.py            # everything (about 25 minutes on 2 cores)
    .venv/bin/python bench/run.py --only throughput

Needs ../shared (corpus and evaluation data, research use only: read by path, never copied).
Timings are wall-clock seconds on this machine in this run; compare them as ratios.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
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


RUNS = {  # name -> (workers, extra options)
    "1 worker": (1, []),
    "2 workers": (2, []),
    "1 worker, --no-ner": (1, ["--no-ner"]),
}


def _timed_run(out: str, workers: int, extra: list[str], *, corpus: Path = CORPUS) -> tuple[float, int]:
    """Seconds and peak resident memory (KiB) of the largest process of one `policytext run`."""
    exe = Path(sys.executable).with_name("policytext")
    cmd = [str(exe), "run", str(corpus), "-o", out, "--workers", str(workers), "-q", *extra]
    # a fresh interpreter per run, so the peak memory is this run's and not an earlier one's
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    seconds, peak = subprocess.run([sys.executable, "-c", probe, *cmd], check=True, capture_output=True, text=True).stdout.split()
    return float(seconds), int(peak)


def throughput() -> list[tuple[str, str]]:
    """`policytext run` on the full shared corpus (default options, one corpus word cloud) vs bare jieba.lcut."""
    import jieba

    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    chars = sum(map(len, texts))
    jieba.setLogLevel(60)
    jieba.initialize()
    best: dict[str, float] = {}
    stages, peaks = {}, {}
    for _ in range(REPEATS):
        t = time.perf_counter()
        for text in texts:
            jieba.lcut(text)
        best["jieba"] = min(best.get("jieba", 1e9), time.perf_counter() - t)
        for name, (workers, extra) in RUNS.items():
            with tempfile.TemporaryDirectory() as out:
                elapsed, peak = _timed_run(out, workers, extra)
                peaks[name] = max(peaks.get(name, 0), peak)
                if elapsed < best.get(name, 1e9):
                    best[name] = elapsed
                    stages[name] = json.loads((Path(out) / "manifest.json").read_text(encoding="utf-8"))["timings_s"]
    rows = [
        ("corpus", f"{len(texts)} documents, {chars:,} characters; best of {REPEATS} runs"),
        (
            "bare jieba.lcut (HMM on, its default), 1 process",
            f"{best['jieba']:.2f} s · {chars / best['jieba'] / 1e3:,.0f} k chars/s · 1.00×",
        ),
    ]
    for name in RUNS:
        rows.append(
            (
                f"policytext run, {name}, whole command",
                f"{best[name]:.2f} s · {chars / best[name] / 1e3:,.0f} k chars/s · "
                f"{best[name] / best['jieba']:.2f}× jieba time · peak memory {peaks[name] / 1024:,.0f} MiB (largest process)",
            )
        )
        rows.append(
            ("  stages (s, from manifest.json)", ", ".join(f"{k.removesuffix('_s')} {v:.2f}" for k, v in stages[name].items()))
        )
    rows.append(("speed-up 2 workers vs 1", f"{best['1 worker'] / best['2 workers']:.2f}×"))
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


NER_MODEL = PROJECT / "src" / "policytext" / "resources" / "models" / "ner_crf.npz"
MSRA_TEST = SHARED / "data" / "ner" / "msra" / "test.jsonl"
POLICY_GOLD = {  # name -> annotated excerpts (see the .md beside each)
    "policy dev gold": PROJECT / "bench" / "data" / "ner_policy_dev.jsonl",
    "policy held-out gold": PROJECT / "bench" / "data" / "ner_policy_heldout.jsonl",
}


def _prf_rows(name: str, scores: dict) -> list[tuple[str, str]]:
    return [(f"{name} {label}", f"P {s.precision:.3f} · R {s.recall:.3f} · F1 {s.f1:.3f}") for label, s in scores.items()]


def ner(model: Path | None = None) -> list[tuple[str, str]]:
    """NER: MSRA test and policy dev gold P/R/F1 (exact span and label), speed, model size."""
    from policytext.evaluation import entity_prf
    from policytext.extract.entities import document_entities
    from policytext.ner.crf import CrfTagger
    from policytext.ner.discourse import carry_names
    from policytext.ner.spacy_pipeline import ner_pipeline
    from policytext.records import Sentence
    from policytext.segment import get_segmenter
    from policytext.training.ner import load_jsonl

    model = model or Path(os.environ.get("POLICYTEXT_NER_MODEL", NER_MODEL))
    if not model.is_file():
        return [("NER", f"no model at {model} (train one: python -m policytext.training.ner)")]
    tagger = CrfTagger(model)
    records = load_jsonl(MSRA_TEST)
    tokens = [get_segmenter().cut(text) for text, _ in records]
    chars = sum(len(text) for text, _ in records)
    texts = [text for text, _ in records]
    batch = 200  # sentences per call: about one corpus document (the pipeline tags a document per call)

    def tag_in_batches():
        return [s for i in range(0, len(texts), batch) for s in tagger.spans_batch(texts[i : i + batch], tokens[i : i + batch])]

    def tag_one_by_one():
        return [tagger.spans(text, toks) for text, toks in zip(texts, tokens)]

    (best, predicted), (best_single, one_by_one) = _best_of(3, tag_in_batches), _best_of(3, tag_one_by_one)
    assert predicted == one_by_one, "batched and one-by-one tagging disagree"
    gold = [spans for _, spans in records]
    rows = _prf_rows("MSRA test, model", entity_prf(gold, predicted))
    # names carried to their other mentions, as the pipeline does per document; MSRA has no
    # document boundaries, so windows of 100 consecutive sentences stand in for documents
    window = 100
    carried = [
        s
        for i in range(0, len(texts), window)
        for s in carry_names(texts[i : i + window], tokens[i : i + window], predicted[i : i + window])
    ]
    rows += _prf_rows(f"MSRA test, model + names carried ({window}-sentence windows)", {"ALL": entity_prf(gold, carried)["ALL"]})
    # the same sentences through the product's spaCy pipeline, rules on
    nlp = ner_pipeline(str(model))
    with_rules = []
    for i, ((text, _), toks) in enumerate(zip(records, tokens)):
        ents = document_entities("msra", [Sentence(i, 0, len(text), text, tuple(t for t in toks if not t.isspace()))], nlp=nlp)
        with_rules.append([(e.start, e.end, e.label) for e in ents])
    rows += _prf_rows("MSRA test, model + rules", {"ALL": entity_prf(gold, with_rules)["ALL"]})
    rows.append(
        (
            "NER model alone (features + CRF), 1 process",
            f"{chars / best / 1e3:,.0f} k chars/s in batches of {batch} sentences; "
            f"{chars / best_single / 1e3:,.0f} k chars/s one sentence per call (MSRA test, best of 3)",
        )
    )
    rows += ner_cluener_dev(model)
    for name, path in POLICY_GOLD.items():
        rows += ner_policy_gold(model, name, path)
    rows += ner_corpus_speed(model)
    sizes = ", ".join(
        f"{path.stat().st_size / 2**20:.1f} MB {path.name}"
        for path in sorted(model.parent.glob(model.stem + ".*"))
        if path.suffix != ".json" and path.suffix != ".crfsuite"
    )
    rows.append(("NER model size", f"{sizes}; settings in {model.with_suffix('.meta.json').name}"))
    return rows


CLUENER = SHARED / "data" / "ner" / "cluener" / "train.jsonl"
CLUENER_DEV = 1075  # the file's last lines: never trained on (the shipped lexicon still holds their names)
_CLUENER_OTHER = frozenset({"game", "book", "movie", "position", "scene"})


def ner_cluener_dev(model: Path) -> list[tuple[str, str]]:
    """CLUENER held-out lines through the pipeline (one sentence per document): gold is their
    PER/LOC/ORG spans; a predicted span overlapping a span of CLUENER's other labels (game,
    book, movie, position, scene) counts neither way."""
    from policytext.evaluation import entity_prf
    from policytext.extract.entities import document_entities
    from policytext.ner.spacy_pipeline import ner_pipeline
    from policytext.normalise import half_width
    from policytext.records import Sentence
    from policytext.segment import get_segmenter

    lines = CLUENER.read_text(encoding="utf-8").splitlines()[-CLUENER_DEV:]
    gold, predicted = [], []
    for i, line in enumerate(lines):
        record = json.loads(line)
        text = half_width(record["text"])
        other = [(s, e) for (s, e, _), (_, _, fine) in zip(record["entities"], record["entities_orig"]) if fine in _CLUENER_OTHER]
        tokens = tuple(t for t in get_segmenter().cut(text) if not t.isspace())
        found = document_entities("c", [Sentence(i, 0, len(text), text, tokens)], nlp=ner_pipeline(str(model)))
        predicted.append([(e.start, e.end, e.label) for e in found if not any(s < e.end and e.start < t for s, t in other)])
        gold.append([(s, e, lab) for s, e, lab in record["entities"] if lab in ("PER", "LOC", "ORG")])
    scores = entity_prf(gold, predicted)
    return _prf_rows(f"CLUENER dev (last {CLUENER_DEV} lines of train, held out), model + rules", scores)


def ner_policy_gold(model: Path, name: str, path: Path) -> list[tuple[str, str]]:
    """P/R/F1 per label on our annotated policy documents (bench/data/ner_policy_*.md): by
    exact span, and by canonical name (the gold mentions named by the same tables)."""
    from policytext.evaluation import entity_prf, name_prf
    from policytext.extract.entities import AFTER, document_entities
    from policytext.metadata import document_info
    from policytext.ner.names import Mention, name_table, resolve
    from policytext.ner.spacy_pipeline import ner_pipeline
    from policytext.normalise import normalise
    from policytext.segment import get_segmenter
    from policytext.sentences import split_sentences

    gold, gold_names, sentences, contexts = [], [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        norm = normalise((PROJECT / record["source"]).read_text(encoding="utf-8"))
        body = norm.body
        info = document_info(body, doc_id=record["doc_id"], front_matter=norm.front_matter)
        context = f"{info.title} {info.issuer}".strip()
        sentences.append(split_sentences(body[: record["excerpt_end"]], get_segmenter()))
        gold.append([tuple(e[:3]) for e in record["entities"]])
        mentions = [Mention(t, lab, s, e, body[e : e + AFTER]) for s, e, lab, t in record["entities"]]
        readings = resolve(mentions, name_table(), context=context)
        gold_names.append([(r.name, r.label) for r in readings if r is not None])
        contexts.append(context)
    rows = []
    for system, rules in (("model (names carried in the document)", False), ("model + rules (default)", True)):
        nlp = ner_pipeline(str(model), rules=rules)
        found = [
            document_entities("gold", sents, nlp=nlp, cut=get_segmenter().cut, context=context)
            for sents, context in zip(sentences, contexts)
        ]
        scores = entity_prf(gold, [[(e.start, e.end, e.label) for e in ents] for ents in found])
        rows += _prf_rows(f"{name}, {system}", scores if rules else {"ALL": scores["ALL"]})
        if rules:
            by_name = name_prf(gold_names, [[(e.name, e.label) for e in ents if e.entity_id] for ents in found])
            rows += _prf_rows(f"{name}, {system}, by canonical name", by_name)
    return rows


def ner_corpus_speed(model: Path) -> list[tuple[str, str]]:
    """The NER stage as the pipeline runs it (spaCy Doc, model, rules) over the full shared corpus."""
    from policytext.extract.entities import document_entities
    from policytext.ner.spacy_pipeline import ner_pipeline
    from policytext.normalise import normalise
    from policytext.segment import get_segmenter
    from policytext.sentences import split_sentences

    docs = [split_sentences(normalise(p.read_text(encoding="utf-8")).body, get_segmenter()) for p in sorted(CORPUS.glob("*.txt"))]
    chars = sum(len(s.text) for sents in docs for s in sents)
    nlp = ner_pipeline(str(model))
    best, mentions = _best_of(
        3, lambda: sum(len(document_entities("d", sents, nlp=nlp, cut=get_segmenter().cut)) for sents in docs)
    )
    return [
        (
            "NER stage in the pipeline (spaCy Doc + model + names carried + rules), 1 process",
            f"{chars / best / 1e3:,.0f} k chars/s on the full corpus ({chars:,} chars, {mentions:,} mentions; best of 3)",
        )
    ]


QUANTITY_GOLD = {  # name -> gold file (rules in bench/data/quantities_gold.md)
    "quantities dev gold": PROJECT / "bench" / "data" / "quantities_dev.jsonl",
    "quantities held-out gold": PROJECT / "bench" / "data" / "quantities_heldout.jsonl",
}
QUANTITY_RUNS = {  # name -> (extra options of the run with claims, of the run without)
    "default (NER on)": ([], ["--no-quantities"]),
    "--no-ner": (["--no-ner"], ["--no-ner", "--no-quantities"]),
}


def quantities() -> list[tuple[str, str]]:
    """Quantitative claims: gold P/R/F1 and field accuracy, extractor speed, time added to a run."""
    sys.path.insert(0, str(PROJECT / "tools"))
    from quantity_gold import load_gold, predict

    from policytext.evaluation import claim_scores

    rows = []
    for name, path in QUANTITY_GOLD.items():
        gold, not_claims, ranges = load_gold(path)
        predicted = predict(ranges)
        scores = claim_scores(gold, predicted)
        p = scores.prf
        rows.append(
            (f"{name} ({len(ranges)} documents, {len(gold)} claims)", f"P {p.precision:.3f} · R {p.recall:.3f} · F1 {p.f1:.3f}")
        )
        rows.append(
            (
                f"{name}, fields of the {scores.matched} matched claims",
                f"kind {scores.kind:.3f} · modality {scores.modality:.3f} · subject {scores.subject:.3f} · "
                f"period {scores.period:.3f}",
            )
        )
        hits = sum(1 for d, a, b, _ in not_claims if any(q.doc_id == d and q.start < b and a < q.end for q in predicted))
        rows.append((f"{name}, marked non-claims extracted as claims", f"{hits} of {len(not_claims)}"))
    rows += _modality_agreement()
    rows += _wild_gold()
    rows += _quantity_speed()
    rows += _context_cost()
    return rows


def _modality_agreement() -> list[tuple[str, str]]:
    """The same claims with and without metadata.csv: the share whose modality agrees, and
    how plan sections of the 2026 provincial reports come out (issue 15)."""
    import csv

    from policytext.pipeline import make_options, process_text

    options = make_options(ner=False, references=False, themes=False)
    with (CORPUS.parent / "metadata.csv").open(encoding="utf-8") as f:
        gold = {r["id"]: r for r in csv.DictReader(f)}
    agree = both = plan_target = plan = 0
    for path in sorted(CORPUS.glob("*.txt")):
        raw, row = path.read_text(encoding="utf-8"), gold[path.stem]
        bare = process_text(path.stem, raw, options)
        known = process_text(path.stem, raw, options, title=row["title"], date=row["date"], issuer=row["issuer"])
        modality = {(q.start, q.end): q.modality for q in bare.quantities}
        for q in known.quantities:
            if (q.start, q.end) in modality:
                both += 1
                agree += modality[(q.start, q.end)] == q.modality
        if path.stem.startswith("prov_gwr_2026"):
            in_plan = [q for q in bare.quantities if q.section_role in ("plan", "targets")]
            plan += len(in_plan)
            plan_target += sum(q.modality == "target" for q in in_plan)
    return [
        (
            f"modality with and without metadata.csv, {len(gold)} corpus documents",
            f"{agree / both:.3f} of {both:,} claims found in both runs agree",
        ),
        (
            "2026 provincial reports without metadata.csv, claims in plan and target sections",
            f"{plan_target / plan:.3f} target ({plan_target:,} of {plan:,})",
        ),
    ]


WILD_GOLD = PROJECT / "bench" / "data" / "quantities_wild.jsonl"


def _wild_gold() -> list[tuple[str, str]]:
    """Claims drawn at random from documents the rules were not written on (rules in
    bench/data/quantities_wild.md), judged on every field, as the pipeline reads a folder
    without metadata.csv."""
    if not WILD_GOLD.exists():
        return [("quantities wild gold", f"{WILD_GOLD.name} not there")]
    sys.path.insert(0, str(PROJECT / "tools"))
    from wild_gold import score

    f = score(WILD_GOLD)
    name = f"quantities wild gold ({f['items']} drawn: {f['claims']} claims, {f['not_claims']} not claims)"
    strata = " · ".join(f"{k} {v['fully_right']:.3f}" for k, v in f["strata"].items())
    return [
        (
            f"{name}, fields of the claims",
            " · ".join(f"{k} {f[k]:.3f}" for k in ("value", "unit", "subject", "modality", "section")),
        ),
        (f"{name}, not claims left out", f"{f['not_claims_right']:.3f}"),
        (f"{name}, fully right (value, unit, subject, modality)", f"{f['fully_right']:.3f} ({strata})"),
        (f"{name}, fully right with section", f"{f['fully_right_with_section']:.3f}"),
    ]


def _context_cost() -> list[tuple[str, str]]:
    """Time of document context, sections and text repair over the corpus (1 process),
    against a full `policytext run` with one worker (issue 15: at most 5 %)."""
    from policytext.metadata import document_info
    from policytext.normalise import join_spaced_numbers, normalise, remove_page_furniture, unify_characters
    from policytext.sections import document_sections

    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
    unified = [(doc_id, unify_characters(raw)) for doc_id, raw in texts]
    bodies = [(doc_id, normalise(raw)) for doc_id, raw in texts]

    def work() -> None:
        for _, raw in texts:
            join_spaced_numbers(raw)
        for _, text in unified:
            remove_page_furniture(text)
        for doc_id, norm in bodies:
            info = document_info(norm.body, doc_id=doc_id, front_matter=norm.front_matter)
            document_sections(norm.body, year=info.year)

    added, _ = _best_of(3, work)
    with tempfile.TemporaryDirectory() as out:
        run = min(_timed_run(out, 1, ["--wordclouds", "none"])[0] for _ in range(3))
    return [
        (
            "document context, sections and text repair, 1 process (best of 3)",
            f"{added:.2f} s · {added / run:.1%} of a full run with 1 worker, no word clouds ({run:.1f} s)",
        )
    ]


def _quantity_speed() -> list[tuple[str, str]]:
    from policytext.extract.number_spans import load_units
    from policytext.extract.quantities import document_quantities
    from policytext.lexicon import jieba_word_tags

    load_units()
    jieba_word_tags()
    rows = [_extractor_speed("quantity extractor alone, 1 process", document_quantities, "claims")]
    times: dict[str, float] = {}
    for _ in range(3):  # interleaved, best of three
        for name, (on, off) in QUANTITY_RUNS.items():
            for key, extra in ((f"{name} on", on), (f"{name} off", off)):
                with tempfile.TemporaryDirectory() as out:
                    times[key] = min(times.get(key, 1e9), _timed_run(out, 1, ["--wordclouds", "none", *extra])[0])
    for name in QUANTITY_RUNS:
        on, off = times[f"{name} on"], times[f"{name} off"]
        rows.append(
            (
                f"time added to `policytext run` ({name}, 1 worker, no word clouds)",
                f"{off:.2f} s → {on:.2f} s: +{on - off:.2f} s, +{(on - off) / off:.0%} (best of 3)",
            )
        )
    return rows


def _extractor_speed(name: str, extract, found: str) -> tuple[str, str]:
    """Best of three runs of ``extract(doc_id, body, sentences)`` over the full corpus."""
    docs = _corpus_documents()
    chars = sum(len(body) for _, body, _ in docs)
    best, n = _best_of(3, lambda: sum(len(extract(doc_id, body, sents)) for doc_id, body, sents in docs))
    return (name, f"{best:.2f} s · {chars / best / 1e3:,.0f} k chars/s on the full corpus ({n:,} {found}; best of 3)")


def _best_of(runs: int, work):
    """``(seconds, result)``: the shortest wall-clock time of ``runs`` calls of ``work()`` (this
    VM's timings wander) and what the last call returned."""
    best, result = float("inf"), None
    for _ in range(runs):
        t = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - t)
    return best, result


def _corpus_documents() -> list[tuple[str, str, list]]:
    """(doc_id, normalised body, sentences) of every document of the shared corpus."""
    from policytext.normalise import normalise
    from policytext.segment import get_segmenter
    from policytext.sentences import split_sentences

    docs = []
    for path in sorted(CORPUS.glob("*.txt")):
        body = normalise(path.read_text(encoding="utf-8")).body
        docs.append((path.stem, body, split_sentences(body, get_segmenter())))
    return docs


REFERENCE_GOLD = {  # name -> gold file (rules in bench/data/references_gold.md)
    "references dev gold": PROJECT / "bench" / "data" / "references_dev.jsonl",
    "references held-out gold": PROJECT / "bench" / "data" / "references_heldout.jsonl",
}


def references() -> list[tuple[str, str]]:
    """Policy references: gold P/R/F1 per kind, metadata accuracy, extractor speed."""
    sys.path.insert(0, str(PROJECT / "tools"))
    from reference_gold import load_gold, predict

    from policytext.evaluation import reference_prf
    from policytext.extract.references import KINDS, document_references, load_formulas

    rows = []
    for name, path in REFERENCE_GOLD.items():
        if not path.exists():
            rows.append((name, f"{path.name} not there"))
            continue
        gold, ranges, problems = load_gold(path)
        predicted = predict(ranges)
        strict, spans = reference_prf(gold, predicted), reference_prf(gold, predicted, same_form=False)
        for kind in (*KINDS, "all"):
            n = len(gold) if kind == "all" else sum(g.kind == kind for g in gold)
            p = strict.get(kind)
            if p is None:
                continue
            label = f"{name} ({len(ranges)} documents), {kind.replace('_', ' ')} ({n})"
            rows.append((label, f"P {p.precision:.3f} · R {p.recall:.3f} · F1 {p.f1:.3f} (span only: F1 {spans[kind].f1:.3f})"))
        if problems:
            rows.append((f"{name}: problems in the file", str(len(problems))))
    rows += _metadata_accuracy()
    load_formulas()
    rows.append(_extractor_speed("reference extractor alone, 1 process", document_references, "references"))
    return rows


def _metadata_accuracy() -> list[tuple[str, str]]:
    """Document context read WITHOUT metadata.csv, as the pipeline reads a folder without one
    (normalise(raw).body, then metadata.document_info with the doc_id), against the corpus's
    metadata.csv: year (the first 4 digits of its date), title present and equal (whitespace
    removed), date where it gives a full one, kind (work_report or not), over all documents
    and the work reports alone; then title, issuer, date and own number over the State
    Council documents (the number their ids encode)."""
    import csv
    import re

    from policytext import metadata as meta
    from policytext.ingest import read_source
    from policytext.normalise import normalise

    with (CORPUS.parent / "metadata.csv").open(encoding="utf-8") as f:
        gold = list(csv.DictReader(f))
    found = {}
    for path in sorted(CORPUS.iterdir()):
        norm = normalise(read_source(path).text)
        found[path.stem] = meta.document_info(norm.body, doc_id=path.stem, front_matter=norm.front_matter)
    rows = []

    def share(hits: int, n: int) -> str:
        return f"{hits / n:.3f} ({hits}/{n})" if n else "n/a"

    def squeeze(s: str) -> str:
        return re.sub(r"\s", "", s)

    for name, group in (("all", gold), ("work reports", [r for r in gold if r["kind"] == "work_report"])):
        info = [(r, found[r["id"]]) for r in group]
        dated = [(r, i) for r, i in info if len(r["date"]) == 10]
        hits = {
            "year": share(sum(i.year == int(r["date"][:4]) for r, i in info), len(info)),
            "year wrong": str(sum(i.year is not None and i.year != int(r["date"][:4]) for r, i in info)),
            "no year": str(sum(i.year is None for _, i in info)),
            "title present": share(sum(bool(i.title) for _, i in info), len(info)),
            "title equal": share(sum(squeeze(i.title) == squeeze(r["title"]) for r, i in info), len(info)),
            "full date": share(sum(i.date == r["date"] for r, i in dated), len(dated)),
            "kind work_report or not": share(
                sum((i.kind == "work_report") == (r["kind"] == "work_report") for r, i in info), len(info)
            ),
        }
        rows.append(
            (
                f"document context without metadata.csv, {name} ({len(info)})",
                " · ".join(f"{k} {v}" for k, v in hits.items()),
            )
        )
    state_council = [r for r in gold if r["id"].startswith("sc_")]
    sc = {"title": 0, "issuer": 0, "date": 0, "document number": 0}
    for r in state_council:
        i = found[r["id"]]
        sc["title"] += squeeze(i.title) == squeeze(r["title"])
        sc["issuer"] += i.issuer == r["issuer"]
        sc["date"] += i.date.startswith(r["date"])
        year, serial = r["id"].split("_")[-2:]
        sc["document number"] += i.doc_number.endswith(f"〔{year}〕{serial}号") or i.doc_number.endswith(f"令第{serial}号")
    n = len(state_council)
    rows.append(
        (
            f"document metadata from the text, {n} State Council documents",
            " · ".join(f"{k} {v / n:.3f}" for k, v in sc.items()),
        )
    )
    return rows


THUCNEWS = SHARED / "data" / "cluster" / "thucnews_cnews_1000.jsonl"


def themes() -> list[tuple[str, str]]:
    """Themes: NMI/ARI on THUCNews (auto and told k), fit time on the corpus and on ~3,000
    sections of it with 1 and 2 workers, and whether two fits give identical themes."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    from policytext.engine import LocalEngine
    from policytext.extract.terms import is_keyword_candidate
    from policytext.lexicon import load_stopwords
    from policytext.segment import get_segmenter
    from policytext.sentences import split_sentences
    from policytext.stages.themes import theme_map as _theme_map
    from policytext.themes import ThemeModel, corpus_themes

    stopwords = load_stopwords(())
    rows_in = [json.loads(line) for line in THUCNEWS.read_text(encoding="utf-8").splitlines()]
    segmenter = get_segmenter()
    news = [
        [[w for w in s.tokens if is_keyword_candidate(w, stopwords)] for s in split_sentences(r["text"], segmenter)]
        for r in rows_in
    ]
    labels = [r["label"] for r in rows_in]
    rows = []
    for n in ("auto", len(set(labels))):
        model = ThemeModel(n_themes=n).fit(news, map_fn=_theme_map(LocalEngine(2)))
        nmi = normalized_mutual_info_score(labels, model.assignments_)
        ari = adjusted_rand_score(labels, model.assignments_)
        told = "auto" if n == "auto" else f"told k = {n}"
        rows.append((f"THUCNews 1,000 (10 labels), themes {told}", f"NMI {nmi:.3f} · ARI {ari:.3f} · {model.n_themes_} themes"))
    # the corpus as the pipeline sees it: each document's sentences' keyword terms
    docs = _corpus_documents()
    corpus = [[[w for w in s.tokens if is_keyword_candidate(w, stopwords)] for s in sents] for _, _, sents in docs]
    per_piece = max(1, round(sum(len(doc) for doc in corpus) / 3_000))  # sentences per piece
    pieces = [doc[i : i + per_piece] for doc in corpus for i in range(0, len(doc), per_piece)]
    for name, documents in ((f"{len(corpus)} corpus documents", corpus), (f"{len(pieces):,} sections of them", pieces)):
        for workers in (1, 2):
            t = time.perf_counter()
            model = ThemeModel().fit(documents, map_fn=_theme_map(LocalEngine(workers)))
            seconds = time.perf_counter() - t
            rows.append(
                (
                    f"theme fit (auto), {name}, {workers} worker{'s' * (workers > 1)}",
                    f"{seconds:.1f} s · {seconds / len(documents) * 1e3:.1f} ms/document · {model.n_themes_} themes",
                )
            )
    ids = [doc_id for doc_id, _, _ in docs]
    first = corpus_themes(ids, corpus, ThemeModel(), map_fn=_theme_map(LocalEngine(2)))
    second = corpus_themes(ids, corpus, ThemeModel(), map_fn=_theme_map(LocalEngine(1)))
    rows.append(("two theme fits of the corpus (2 workers, then 1)", "identical" if first == second else "DIFFERENT"))
    return rows


HOSTILE_DOCUMENTS = ("gwr_2024", "gwr_2025", "sc_guofa_2018_39", "sc_guobanfa_2018_108", "xv_cn_020")  # from corpus/
HOSTILE_OPTIONS = ["--max-file-size", "100MB", "--wordclouds", "none"]  # 100MB: the web-page bound is reached too


def hostile() -> list[tuple[str, str]]:
    """Peak memory of `policytext run` on a folder of bombs (and five real documents) against the
    same five documents alone: the bombs must be refused before they are read whole."""
    import shutil

    sys.path.insert(0, str(PROJECT / "tests"))  # the tests' bomb builders: the same bombs as the tests
    from conftest import docx_bomb, docx_entity_bomb, pdf_bomb

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        normal, bombs = Path(tmp) / "normal", Path(tmp) / "bombs"
        for folder in (normal, bombs):
            folder.mkdir()
            for name in HOSTILE_DOCUMENTS:
                shutil.copy(PROJECT / "corpus" / f"{name}.txt", folder / f"{name}.txt")
        made = _bombs(bombs, docx_bomb, docx_entity_bomb, pdf_bomb)
        stored = sum(p.stat().st_size for p in bombs.iterdir() if p.stem not in HOSTILE_DOCUMENTS)
        rows.append(("bomb folder", f"5 real documents + {made}; {stored / 2**20:.0f} MiB on disk"))
        for workers in (1, 2):
            peaks, seconds = {}, {}
            for _ in range(3):  # best of three: the VM's timings wander
                for name, folder in (("normal", normal), ("bombs", bombs)):
                    with tempfile.TemporaryDirectory() as out:
                        elapsed, peak = _timed_run(out, workers, HOSTILE_OPTIONS, corpus=folder)
                        reasons = (Path(out) / "errors.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
                    peaks[name] = max(peaks.get(name, 0), peak)
                    seconds[name] = min(seconds.get(name, 1e9), elapsed)
            rows.append(
                (
                    f"policytext run, {workers} worker(s), 5 documents alone vs with the bombs",
                    f"peak memory {peaks['normal'] / 1024:,.0f} MiB vs {peaks['bombs'] / 1024:,.0f} MiB "
                    f"({(peaks['bombs'] - peaks['normal']) / 1024:+,.0f} MiB; target ≤ +300, largest process) · "
                    f"{seconds['normal']:.1f} s vs {seconds['bombs']:.1f} s",
                )
            )
    for line in reasons:  # the bomb folder's errors.csv, from the last run
        doc_id, _, _, reason, error = next(csv.reader([line]))
        rows.append((f"  {doc_id}", f"{reason}: {error}"))
    return rows


def _bombs(folder: Path, docx_bomb, docx_entity_bomb, pdf_bomb) -> str:
    """Write the hostile files into ``folder``; returns what they are, in words."""
    GiB = 2**30
    docx_bomb(folder / "docx_1gib.docx", GiB)
    docx_bomb(folder / "docx_ratio_150mib.docx", 150 * 2**20)
    pdf_bomb(folder / "pdf_stream_1gib.pdf", GiB)
    docx_entity_bomb(folder / "xml_entities.docx")
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(5000):
        writer.add_blank_page(100, 100)
    with open(folder / "pdf_5000_pages.pdf", "wb") as f:
        writer.write(f)
    with open(folder / "page_60mib.html", "wb") as f:
        f.write(b"<html><body><p>" + "推进高质量发展。".encode() * (60 * 2**20 // 24) + b"</p></body></html>")
    return (
        "docx expanding to 1 GiB, docx of 150 MiB at 1,000:1, PDF stream expanding to 1 GiB, "
        "docx with nested XML entities (10^9 laughs), PDF of 5,000 pages, 60 MiB web page"
    )


def _copies(folder: Path, n: int) -> Path:
    """``n`` copies of the shared corpus under ``folder`` (hard links where the file system allows)."""
    for i in range(n):
        target = folder / f"copy{i + 1}"
        target.mkdir(parents=True)
        for path in sorted(CORPUS.glob("*.txt")):
            try:
                os.link(path, target / path.name)
            except OSError:
                target.joinpath(path.name).write_bytes(path.read_bytes())
    return folder


def _csvs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}


SCALES = (1, 4, 10)  # copies of the shared corpus


def scale() -> list[tuple[str, str]]:
    """The shared corpus 1× and 4× (2 workers): time and peak memory; the Dask engine against
    the local one; a rerun after one file changed against the first run."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        base: dict[int, tuple[float, int]] = {}
        for n in SCALES:
            corpus = _copies(root / f"x{n}", n)
            base[n] = _timed_run(str(root / f"out{n}"), 2, ["--no-cache"], corpus=corpus)
            if n > 1:
                shutil.rmtree(root / f"x{n}")
                shutil.rmtree(root / f"out{n}")
        t1, m1 = base[1]
        rows.append(
            ("scale: 1× shared corpus (323 documents), 2 workers", f"{t1:.1f} s · peak {m1 / 1024:,.0f} MiB (largest process)")
        )
        for n in SCALES[1:]:
            tn, mn = base[n]
            rows.append(
                (
                    f"scale: {n}× ({323 * n:,} documents), 2 workers",
                    f"{tn:.1f} s ({tn / t1:.2f}× the 1× time) · peak {mn / 1024:,.0f} MiB ({mn / m1:.2f}× the 1× peak)",
                )
            )
        corpus = root / "x1"
        td, md = _timed_run(str(root / "dask1"), 2, ["--no-cache", "--engine", "dask"], corpus=corpus)
        same = _csvs(root / "dask1") == _csvs(root / "out1")
        rows.append(
            (
                "engine: dask (LocalCluster, 2 workers), 1×",
                f"{td:.1f} s ({td / t1:.2f}× local) · peak {md / 1024:,.0f} MiB · "
                f"CSVs identical to local: {'yes' if same else 'NO'}",
            )
        )
        first, _ = _timed_run(str(root / "inc"), 2, [], corpus=corpus)
        changed = next(iter(sorted((corpus / "copy1").glob("gwr_2019*.txt"))))
        changed.unlink()  # a hard link: replace it, leave the shared original alone
        changed.write_text(
            (CORPUS / changed.name).read_text(encoding="utf-8") + "\n新增一段：城镇新增就业1300万人。\n", encoding="utf-8"
        )
        rerun, _ = _timed_run(str(root / "inc"), 2, [], corpus=corpus)
        _timed_run(str(root / "clean"), 2, ["--no-cache"], corpus=corpus)
        hits = json.loads((root / "inc" / "manifest.json").read_text(encoding="utf-8"))["counts"]["cache_hits"]
        same = _csvs(root / "inc") == _csvs(root / "clean")
        rows.append(
            (
                "rerun after one file changed (cache), 1×, 2 workers",
                f"{rerun:.1f} s vs first run {first:.1f} s: {rerun / first:.2f}× · {hits} of 323 reused · "
                f"tables identical to a clean run: {'yes' if same else 'NO'}",
            )
        )
    return rows


BENCHMARKS = {
    "throughput": throughput,
    "scale": scale,
    "segmentation": segmentation,
    "keywords": keywords,
    "ner": ner,
    "quantities": quantities,
    "references": references,
    "themes": themes,
    "hostile": hostile,
}
NEEDS_SHARED = set(BENCHMARKS) - {"hostile"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=list(BENCHMARKS), action="append", help="run only these (repeatable)")
    args = parser.parse_args()
    if not SHARED.is_dir() and NEEDS_SHARED & set(args.only or BENCHMARKS):
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
