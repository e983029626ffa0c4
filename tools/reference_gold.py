"""Check a policy-reference gold file and score the extractor on it.

    python tools/reference_gold.py check bench/data/references_dev.jsonl
    python tools/reference_gold.py errors bench/data/references_dev.jsonl [--kind formula]

Documents are shown with sentence ids by ``python tools/quantity_gold.py show DOC_ID``;
the rules are in bench/data/references_gold.md. ``check`` exits 1 on any problem.
``errors`` lists missed and spurious references (never run it on the held-out file while
tuning the rules).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quantity_gold import document  # noqa: E402  (the same bodies and sentence ids)

from policytext.evaluation import GoldReference, reference_prf  # noqa: E402
from policytext.extract.references import KINDS, document_references  # noqa: E402

DOC_KEYS = {"type", "doc_id", "body_sha256", "first_sentence", "last_sentence"}
REF_KEYS = {"type", "doc_id", "sentence_id", "sentence", "text", "occurrence", "kind", "normalized", "details"}


def load_gold(path: Path) -> tuple[list[GoldReference], dict[str, list[tuple[int, int]]], list[str]]:
    """Gold references placed in their bodies, the annotated sentence ranges, and problems."""
    refs, ranges, problems, docs = [], {}, [], {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        rec = json.loads(line)
        doc_id = rec["doc_id"]
        if doc_id not in docs:
            docs[doc_id] = document(doc_id)
        body, sentences = docs[doc_id]
        by_id = {s.sentence_id: s for s in sentences}
        if rec["type"] == "doc":
            if set(rec) != DOC_KEYS:
                problems.append(f"line {n}: doc keys {sorted(rec)}")
            if rec["body_sha256"] != hashlib.sha256(body.encode("utf-8")).hexdigest():
                problems.append(f"line {n}: {doc_id}: the body changed since annotation (sha256)")
            ranges.setdefault(doc_id, []).append((rec["first_sentence"], rec["last_sentence"]))
            continue
        if set(rec) != REF_KEYS or rec["kind"] not in KINDS:
            problems.append(f"line {n}: keys {sorted(rec)} or kind {rec.get('kind')!r}")
            continue
        sent = by_id.get(rec["sentence_id"])
        if sent is None:
            problems.append(f"line {n}: no sentence {rec['sentence_id']} in {doc_id}")
            continue
        pos = sent.start - 1
        for _ in range(rec["occurrence"] + 1):
            pos = body.find(rec["text"], pos + 1)
            if pos < 0:
                break
        if pos < 0 or pos >= sent.end:
            problems.append(f"line {n}: {rec['text']!r} not found in sentence {rec['sentence_id']} of {doc_id}")
            continue
        refs.append(GoldReference(doc_id, pos, pos + len(rec["text"]), rec["kind"], rec["normalized"], rec["text"]))
    for a in refs:
        for b in refs:
            if a is not b and a.doc_id == b.doc_id and a.start < b.end and b.start < a.end and a.start <= b.start:
                problems.append(f"{a.doc_id}: {a.text!r} overlaps {b.text!r}")
    return refs, ranges, problems


def predict(ranges: dict[str, list[tuple[int, int]]]) -> list:
    """The extractor's references in the annotated sentences, as the pipeline runs it."""
    out = []
    for doc_id, spans in ranges.items():
        body, sentences = document(doc_id)
        for r in document_references(doc_id, body, sentences):
            if any(a <= r.sentence_id <= b for a, b in spans):
                out.append(r)
    return out


def check(path: Path) -> int:
    refs, ranges, problems = load_gold(path)
    for p in problems:
        print("PROBLEM", p)
    print(f"documents {len(ranges)}, references {len(refs)}")
    for doc_id in ranges:
        print(f"  {doc_id}: {sum(r.doc_id == doc_id for r in refs)}")
    print("  kinds:", dict(Counter(r.kind for r in refs)))
    return 1 if problems else 0


def errors(path: Path, kind: str | None) -> None:
    gold, ranges, problems = load_gold(path)
    if problems:
        print(f"{len(problems)} problems in the gold file; run check")
    predicted = predict(ranges)
    strict, spans = reference_prf(gold, predicted), reference_prf(gold, predicted, same_form=False)
    for k, prf in strict.items():
        print(f"{k:16} P {prf.precision:.3f} R {prf.recall:.3f} F1 {prf.f1:.3f}   (span only F1 {spans[k].f1:.3f})")
    for g in gold:
        if kind and g.kind != kind:
            continue
        hits = [p for p in predicted if p.doc_id == g.doc_id and p.kind == g.kind and p.start < g.end and g.start < p.end]
        if not hits:
            print(f"MISSED   {g.kind:15} {g.doc_id} {g.text!r} -> {g.normalized!r}")
        elif all(p.normalized != g.normalized for p in hits):
            print(f"FORM     {g.kind:15} {g.doc_id} gold {g.normalized!r} got {hits[0].normalized!r}")
    for p in predicted:
        if kind and p.kind != kind:
            continue
        if not any(g.doc_id == p.doc_id and g.kind == p.kind and p.start < g.end and g.start < p.end for g in gold):
            print(f"SPURIOUS {p.kind:15} {p.doc_id} {p.text!r} -> {p.normalized!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check")
    c.add_argument("file", type=Path)
    e = sub.add_parser("errors")
    e.add_argument("file", type=Path)
    e.add_argument("--kind", choices=KINDS)
    args = parser.parse_args()
    if args.command == "check":
        sys.exit(check(args.file))
    errors(args.file, args.kind)


if __name__ == "__main__":
    main()
