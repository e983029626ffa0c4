"""Show corpus documents as numbered sentences, and check quantity gold files.

    python tools/quantity_gold.py show DOC_ID [--first N] [--last M]
    python tools/quantity_gold.py check bench/data/quantities_dev.jsonl
    python tools/quantity_gold.py errors bench/data/quantities_dev.jsonl [--field modality]

``show`` prints ``[sentence_id] sentence`` for the normalised body of
``../shared/corpus/docs/DOC_ID.txt`` with a blank line between paragraphs, and the body's
sha256. ``check`` validates every record (rules: bench/data/quantities_gold.md) and prints
counts; it exits 1 on any problem. ``errors`` scores the extractor on a gold file and lists
missed and spurious claims and wrong fields (never run it on the held-out file while tuning).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "docs"
try:
    from policytext.evaluation import GoldClaim, claim_scores, subjects_agree
    from policytext.normalise import normalise
    from policytext.segment import SegmenterConfig, get_segmenter
    from policytext.sentences import split_sentences
except ImportError:  # a checkout without the package installed
    sys.path.insert(0, str(ROOT / "src"))
    from policytext.evaluation import GoldClaim, claim_scores, subjects_agree
    from policytext.normalise import normalise
    from policytext.segment import SegmenterConfig, get_segmenter
    from policytext.sentences import split_sentences

KINDS = {"count", "amount", "money", "percent", "pct_point", "ratio", "rank", "duration"}
MODALITIES = {"achieved", "target", "other"}
REASONS = {"date", "doc_number", "ordinal", "slogan", "period_name", "other"}
CLAIM_KEYS = [
    "type",
    "doc_id",
    "sentence_id",
    "sentence",
    "text",
    "occurrence",
    "value",
    "value_high",
    "unit",
    "kind",
    "subject",
    "predicate",
    "period",
    "modality",
    "approx",
]
NOT_CLAIM_KEYS = ["type", "doc_id", "sentence_id", "sentence", "text", "occurrence", "reason"]
DOC_KEYS = ["type", "doc_id", "body_sha256", "first_sentence", "last_sentence"]


def document(doc_id: str):
    """(body, sentences) of a corpus document as the pipeline sees it."""
    body = normalise((CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")).body
    return body, split_sentences(body, get_segmenter(SegmenterConfig()))


def load_gold(path: Path) -> tuple[list[GoldClaim], list[tuple[str, int, int, str]], dict[str, list[tuple[int, int]]]]:
    """Gold claims placed in their documents, the number occurrences that are not claims
    (doc_id, start, end, text), and each document's annotated sentence ranges."""
    claims, not_claims, ranges, bodies = [], [], {}, {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        doc_id = rec["doc_id"]
        if doc_id not in bodies:
            bodies[doc_id] = {s.sentence_id: s for s in document(doc_id)[1]}
        if rec["type"] == "doc":
            ranges.setdefault(doc_id, []).append((rec["first_sentence"], rec["last_sentence"]))
        else:
            start = locate(bodies[doc_id], rec)
            if rec["type"] == "not_claim":
                not_claims.append((doc_id, start, start + len(rec["text"]), rec["text"]))
                continue
            claims.append(
                GoldClaim(
                    doc_id,
                    start,
                    start + len(rec["text"]),
                    rec["value"],
                    rec["unit"],
                    rec["kind"],
                    rec["subject"],
                    rec["modality"],
                    rec["period"],
                    rec["text"],
                )
            )
    return claims, not_claims, ranges


def locate(sentences: dict, rec: dict) -> int:
    """The body offset of a gold record's ``text``. Its sentence is found by id when the text
    there is unchanged, else as the nearest sentence that holds it or is held by it: repairs
    of the text (a number's line break joined, a page number dropped) merge or shift sentences."""
    target = rec["sentence"]
    sent = sentences.get(rec["sentence_id"])
    offset = 0
    if sent is None or sent.text != target:
        candidates = [
            s for s in sentences.values() if target in s.text or (s.text and s.text in target and rec["text"] in s.text)
        ]
        if not candidates:
            raise ValueError(f"{rec['doc_id']} sentence {rec['sentence_id']} not found: {target[:40]}")
        sent = min(candidates, key=lambda s: abs(s.sentence_id - rec["sentence_id"]))
        offset = max(sent.text.find(target), 0)
    pos = offset - 1
    for _ in range(rec["occurrence"] + 1):
        pos = sent.text.index(rec["text"], pos + 1)
    return sent.start + pos


def metadata() -> dict[str, dict]:
    with (CORPUS.parent / "metadata.csv").open(encoding="utf-8") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def predict(ranges: dict[str, list[tuple[int, int]]], *, with_metadata: bool = False) -> list:
    """The extractor's claims in the annotated sentences, run as the pipeline runs it on a
    folder: without metadata.csv (what real folders have), or with the corpus's metadata.csv."""
    from policytext.pipeline import make_options, process_text

    options = make_options(ner=False, references=False, themes=False)
    rows = metadata()
    out = []
    for doc_id, spans in ranges.items():
        raw = (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")
        known = {k: rows[doc_id][k] for k in ("title", "date", "issuer")} if with_metadata else {}
        for q in process_text(doc_id, raw, options, **known).quantities:
            if any(a <= q.sentence_id <= b for a, b in spans):
                out.append(q)
    return out


def errors(path: Path, field: str | None) -> None:
    gold, not_claims, ranges = load_gold(path)
    predicted = predict(ranges)
    scores = claim_scores(gold, predicted)
    p = scores.prf
    print(
        f"P {p.precision:.3f} R {p.recall:.3f} F1 {p.f1:.3f}  matched {scores.matched}  kind {scores.kind:.3f} "
        f"modality {scores.modality:.3f} subject {scores.subject:.3f} period {scores.period:.3f}"
    )
    if field in (None, "span"):
        for doc_id, start, end, text in not_claims:
            if any(q.doc_id == doc_id and q.start < end and start < q.end for q in predicted):
                print(f"NOT-CLAIM extracted {doc_id} {text!r}")
        for g in scores.missed:
            print(f"MISSED   {g.doc_id} {g.text!r} value={g.value} unit={g.unit!r}  | {_context(g)}")
        for q in scores.spurious:
            print(f"SPURIOUS {q.doc_id} {q.text!r} value={q.value} unit={q.unit!r}  | {q.sentence[:90]}")
    for g, q in scores.pairs:
        if field in (None, "kind") and g.kind != q.kind:
            print(f"KIND     {g.text!r} gold {g.kind} got {q.kind}")
        if field in (None, "modality") and g.modality != q.modality:
            print(f"MODALITY {g.doc_id} {g.text!r} gold {g.modality} got {q.modality} | {q.sentence[:80]}")
        if field in (None, "subject") and not subjects_agree(g.subject, q.subject):
            print(f"SUBJECT  {g.text!r} gold {g.subject!r} got {q.subject!r} | {q.sentence[:80]}")
        if field == "period" and g.period != q.period:
            print(f"PERIOD   {g.text!r} gold {g.period!r} got {q.period!r} | {q.sentence[:80]}")


_BODIES: dict[str, str] = {}


def _context(g: GoldClaim) -> str:
    if g.doc_id not in _BODIES:
        _BODIES[g.doc_id] = document(g.doc_id)[0]
    body = _BODIES[g.doc_id]
    return body[max(0, g.start - 30) : g.end + 20].replace("\n", " ")


def show(doc_id: str, first: int, last: int | None) -> None:
    body, sentences = document(doc_id)
    print(f"# {doc_id}  body_sha256={hashlib.sha256(body.encode()).hexdigest()}  sentences={len(sentences)}")
    prev_end = None
    for s in sentences:
        if s.sentence_id < first or (last is not None and s.sentence_id > last):
            continue
        if prev_end is not None and "\n" in body[prev_end : s.start]:
            print()
        print(f"[{s.sentence_id}] {s.text}")
        prev_end = s.end


def check(path: Path) -> int:
    problems: list[str] = []
    docs: dict[str, tuple] = {}
    kinds, reasons = Counter(), Counter()
    claims_per_doc = Counter()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"line {n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not JSON ({exc})")
            continue
        kind = rec.get("type")
        if kind == "doc":
            if list(rec) != DOC_KEYS:
                problems.append(f"{where}: keys {list(rec)} != {DOC_KEYS}")
                continue
            body, sentences = document(rec["doc_id"])
            digest = hashlib.sha256(body.encode()).hexdigest()
            if digest != rec["body_sha256"]:
                problems.append(f"{where}: body_sha256 differs from the corpus ({digest})")
            ranges = docs.get(rec["doc_id"], ([], None))[0]
            docs[rec["doc_id"]] = (
                [*ranges, (rec["first_sentence"], rec["last_sentence"])],
                {s.sentence_id: s.text for s in sentences},
            )
            continue
        keys = CLAIM_KEYS if kind == "claim" else NOT_CLAIM_KEYS if kind == "not_claim" else None
        if keys is None or list(rec) != keys:
            problems.append(f"{where}: type {kind!r}, keys {list(rec)}")
            continue
        if rec["doc_id"] not in docs:
            problems.append(f"{where}: doc {rec['doc_id']} has no doc record before it")
            continue
        ranges, sentences = docs[rec["doc_id"]]
        sid = rec["sentence_id"]
        if not any(a <= sid <= b for a, b in ranges):
            problems.append(f"{where}: sentence {sid} outside the annotated range")
        if sentences.get(sid) != rec["sentence"]:
            problems.append(f"{where}: sentence {sid} text differs from the corpus")
            continue
        if rec["sentence"].count(rec["text"]) <= rec["occurrence"] or not rec["text"]:
            problems.append(f"{where}: {rec['text']!r} occurrence {rec['occurrence']} not in the sentence")
        if kind == "not_claim":
            if rec["reason"] not in REASONS:
                problems.append(f"{where}: reason {rec['reason']!r} not in {sorted(REASONS)}")
            reasons[rec["reason"]] += 1
            continue
        claims_per_doc[rec["doc_id"]] += 1
        kinds[rec["kind"]] += 1
        if rec["kind"] not in KINDS:
            problems.append(f"{where}: kind {rec['kind']!r}")
        if rec["modality"] not in MODALITIES:
            problems.append(f"{where}: modality {rec['modality']!r}")
        if not isinstance(rec["approx"], bool):
            problems.append(f"{where}: approx must be true/false")
        for key in ("value", "value_high"):
            v = rec[key]
            if (v is not None or key == "value") and not (isinstance(v, int | float) and math.isfinite(v)):
                problems.append(f"{where}: {key} {v!r} is not a finite number")
        for key in ("unit", "subject", "predicate", "period"):
            if not isinstance(rec[key], str):
                problems.append(f"{where}: {key} must be a string")
    for p in problems:
        print(p)
    print(f"documents {len(docs)}, claims {sum(claims_per_doc.values())}, not_claims {sum(reasons.values())}")
    for doc_id, n in claims_per_doc.items():
        print(f"  {doc_id}: {n} claims")
    print("  kinds:", dict(kinds))
    print("  not-claim reasons:", dict(reasons))
    return 1 if problems else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_show = sub.add_parser("show")
    p_show.add_argument("doc_id")
    p_show.add_argument("--first", type=int, default=0)
    p_show.add_argument("--last", type=int)
    p_check = sub.add_parser("check")
    p_check.add_argument("file", type=Path)
    p_errors = sub.add_parser("errors")
    p_errors.add_argument("file", type=Path)
    p_errors.add_argument("--field", choices=["span", "kind", "modality", "subject", "period"])
    args = parser.parse_args()
    if args.command == "show":
        show(args.doc_id, args.first, args.last)
    elif args.command == "errors":
        errors(args.file, args.field)
    else:
        sys.exit(check(args.file))


if __name__ == "__main__":
    main()
