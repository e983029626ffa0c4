"""Check the hand-annotated NER dev gold set against the corpus it indexes.

For every document in the gold JSONL file: re-read the source from the project's corpus
folder, recompute ``normalise(raw).body``, compare its sha256 with ``body_sha256``, and check
every entity span (text matches the body, label is PER/LOC/ORG, span lies inside the
excerpt, spans are sorted and do not overlap). Prints a table of counts per document and
label; exits 1 on any problem.

    python tools/check_ner_gold.py [--gold bench/data/ner_policy_dev.jsonl]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    from policytext.normalise import normalise
except ImportError:  # running from a checkout without the package installed
    sys.path.insert(0, str(ROOT / "src"))
    from policytext.normalise import normalise

LABELS = ("PER", "LOC", "ORG")
KEYS = ["doc_id", "source", "body_sha256", "excerpt_end", "entities"]


def load_gold(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def document_body(source: str) -> str:
    """The normalised body of a corpus file, ``source`` relative to the project root."""
    return normalise((ROOT / source).read_text(encoding="utf-8")).body


def check_document(rec: dict, body: str) -> list[str]:
    """All problems found in one gold record, as readable messages (empty when fine)."""
    doc = rec.get("doc_id", "?")
    problems = []
    if list(rec) != KEYS:
        problems.append(f"{doc}: keys {list(rec)} != {KEYS}")
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    if digest != rec.get("body_sha256"):
        problems.append(f"{doc}: body_sha256 mismatch (gold {rec.get('body_sha256')}, corpus {digest})")
    end = rec.get("excerpt_end")
    if not isinstance(end, int) or not 0 < end <= len(body):
        problems.append(f"{doc}: excerpt_end {end!r} outside body of length {len(body)}")
        return problems
    prev_end = -1
    for ent in rec.get("entities", []):
        if len(ent) != 4:
            problems.append(f"{doc}: malformed entity {ent!r}")
            continue
        start, stop, label, text = ent
        where = f"{doc} [{start},{stop}) {label} {text!r}"
        if not (isinstance(start, int) and isinstance(stop, int) and 0 <= start < stop <= end):
            problems.append(f"{where}: span not inside excerpt [0,{end})")
            continue
        if label not in LABELS:
            problems.append(f"{where}: label not in {LABELS}")
        if body[start:stop] != text:
            problems.append(f"{where}: body has {body[start:stop]!r}")
        if start < prev_end:
            problems.append(f"{where}: overlaps or is out of order with the previous span")
        prev_end = max(prev_end, stop)
    return problems


def count_table(records: list[dict]) -> str:
    rows = [("doc_id", "excerpt", *LABELS, "total")]
    totals = Counter()
    for rec in records:
        c = Counter(e[2] for e in rec.get("entities", []))
        totals.update(c)
        rows.append((rec["doc_id"], str(rec["excerpt_end"]), *(str(c[lab]) for lab in LABELS), str(sum(c.values()))))
    excerpt_total = str(sum(r["excerpt_end"] for r in records))
    rows.append(("TOTAL", excerpt_total, *(str(totals[lab]) for lab in LABELS), str(sum(totals.values()))))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]

    def fmt(row):
        return "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))

    return "\n".join(fmt(r) for r in rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "bench" / "data" / "ner_policy_dev.jsonl")
    args = ap.parse_args(argv)
    records = load_gold(args.gold)
    problems = []
    seen = set()
    for rec in records:
        if rec.get("doc_id") in seen:
            problems.append(f"{rec.get('doc_id')}: duplicate document")
        seen.add(rec.get("doc_id"))
        try:
            body = document_body(rec["source"])
        except (OSError, KeyError) as exc:
            problems.append(f"{rec.get('doc_id')}: cannot read source: {exc}")
            continue
        problems.extend(check_document(rec, body))
    print(count_table(records))
    for p in problems:
        print("PROBLEM:", p)
    print(f"{len(problems)} problem(s) in {len(records)} document(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
