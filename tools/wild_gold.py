"""The "wild" quantity gold set: claims drawn from documents the extractor's rules were not
written on, annotated by hand, scored as a share of claims fully right.

    python tools/wild_gold.py draw --seed 20261202 --n 150 [-o FILE]
    python tools/wild_gold.py score bench/data/quantities_wild.jsonl [--errors]

``draw`` runs the pipeline's per-document processing as a user would (``process_text``
without metadata, NER, references and themes off) over the corpus less the excluded
documents, and draws claims stratified by kind of document (national work reports spread
over decades, the 2026 provincial reports, State Council documents, the xv_* policies).
It writes one JSON line per drawn claim, sorted by document and position, with the
extractor's fields under "predicted" for the annotator to correct (the gold file keeps only
the corrected fields). Run it against the frozen code with ``PYTHONPATH=<worktree>/src``.

``score`` runs whatever ``import policytext`` gives the same way on the gold documents and
scores every gold item against the predicted claim whose span overlaps it. Rules of the
file and of the score: bench/data/quantities_wild.md. ``score(path)`` returns the figures
as a dict (for bench/run.py).
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "docs"

# Documents the rules were written on or tested with (the dev and held-out quantity golds,
# the unit tests, the documents read while tuning): never drawn.
EXCLUDED = frozenset(
    """
    gwr_1956 gwr_1964 gwr_1975 gwr_1978 gwr_1979 gwr_1980 gwr_1984 gwr_1988 gwr_1998 gwr_2008
    gwr_2015 gwr_2017 gwr_2018 gwr_2019 gwr_2020 gwr_2021 gwr_2022 gwr_2023 gwr_2024 gwr_2025
    npc_res_1962 npc_res_2024 prov_gwr_2026_beijing prov_gwr_2026_fujian prov_gwr_2026_gansu
    prov_gwr_2026_guangdong prov_gwr_2026_guizhou prov_gwr_2026_hebei prov_gwr_2026_henan
    prov_gwr_2026_hubei prov_gwr_2026_hunan prov_gwr_2026_jiangsu prov_gwr_2026_shandong
    prov_gwr_2026_sichuan prov_gwr_2026_xizang prov_gwr_2026_zhejiang sc_guobanfa_1996_2
    sc_guobanfa_1996_25 sc_guobanfa_1996_32 sc_guobanfa_1997_2 sc_guobanfa_2018_108
    sc_guobanfa_2018_124 sc_guobanfamingdian_2018_15 sc_guobanhan_2004_71 sc_guobanhan_2004_80
    sc_guobanhan_2018_71 sc_guofa_1981_88 sc_guofa_2004_18 sc_guofa_2018_39 sc_guofa_2018_41
    sc_guofa_2018_42 sc_guofa_2019_4 sc_guohan_2006_38 sc_guohan_2018_159 sc_guoling_706
    xv_cn_008 xv_cn_013 xv_cn_020 xv_cn_025 xv_cn_037 xv_cn_061 xv_cn_147 xv_sd_018 xv_sd_022
    xv_sd_025 xv_sd_027 xv_sd_031 xv_sd_043
    """.split()
)

# stratum -> (claims drawn, at most this many per document; None: no cap)
STRATA = {
    "gwr": (40, 3),  # national work reports, spread evenly over the decades
    "prov": (40, 3),  # the 2026 provincial reports, at most 3 per province
    "sc": (30, 2),  # State Council documents
    "xv": (40, 2),  # the xv_* policies (national and Shandong)
}
STRATUM_SHARE = {name: n for name, (n, _) in STRATA.items()}


def stratum_of(doc_id: str) -> str | None:
    if doc_id.startswith("gwr_"):
        return "gwr"
    if doc_id.startswith("prov_gwr_2026_"):
        return "prov"
    if doc_id.startswith("sc_"):
        return "sc"
    if doc_id.startswith("xv_"):
        return "xv"
    return None  # npc_res_*: the short NPC resolutions are in no stratum


def _options():
    from policytext.pipeline import make_options

    return make_options(ner=False, references=False, themes=False)


def process(doc_id: str, options=None):
    """The DocumentResult of one corpus document, processed as a user would: no metadata."""
    from policytext.pipeline import process_text

    raw = (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")
    return process_text(doc_id, raw, options or _options())


# --- draw ------------------------------------------------------------------------------------


def _take(pool: list, n: int, cap: int | None, rng: random.Random) -> list:
    """``n`` items of ``pool`` in random order, at most ``cap`` per document while the pool
    allows it (the cap is lifted only when the capped pool runs out)."""
    order = list(pool)
    rng.shuffle(order)
    taken, per_doc, rest = [], defaultdict(int), []
    for item in order:
        if len(taken) == n:
            break
        if cap is None or per_doc[item["doc_id"]] < cap:
            taken.append(item)
            per_doc[item["doc_id"]] += 1
        else:
            rest.append(item)
    taken += rest[: n - len(taken)]
    return taken


def draw(seed: int, n: int) -> list[dict]:
    ids = sorted(p.stem for p in CORPUS.glob("*.txt"))
    options = _options()
    pools: dict[str, list[dict]] = defaultdict(list)
    for doc_id in ids:
        name = stratum_of(doc_id)
        if doc_id in EXCLUDED or name is None:
            continue
        result = process(doc_id, options)
        sentences = {s.sentence_id: s for s in result.sentences}
        for q in result.quantities:
            sent = sentences[q.sentence_id]
            pos = q.start - sent.start
            pools[name].append(
                {
                    "doc_id": doc_id,
                    "stratum": name,
                    "sentence_id": q.sentence_id,
                    "start": q.start,
                    "sentence": sent.text,
                    "text": q.text,
                    "occurrence": _occurrence(sent.text, q.text, pos),
                    "sentence_occurrence": sentence_occurrence(result.text, sent.text, sent.start),
                    "predicted": {
                        "value": q.value,
                        "value_high": q.value_high,
                        "unit": q.unit,
                        "kind": q.kind,
                        "subject": q.subject,
                        "predicate": q.predicate,
                        "period": q.period,
                        "modality": q.modality,
                        "section": getattr(q, "section", None),
                    },
                }
            )
    scale = n / sum(STRATUM_SHARE.values())
    drawn: list[dict] = []
    for name, (share, cap) in STRATA.items():
        k = round(share * scale)
        rng = random.Random(seed)
        pool = pools[name]
        if name != "gwr":
            drawn += _take(pool, k, cap, rng)
            continue
        by_decade: dict[int, list[dict]] = defaultdict(list)
        for item in pool:
            by_decade[int(item["doc_id"][4:8]) // 10 * 10].append(item)
        decades = sorted(by_decade)
        base, extra = divmod(k, len(decades))
        for i, decade in enumerate(decades):  # the earlier decades get the remainder
            drawn += _take(by_decade[decade], base + (i < extra), cap, rng)
    drawn.sort(key=lambda d: (d["doc_id"], d["start"]))
    return drawn


def sentence_occurrence(body: str, sentence: str, start: int) -> int:
    """Which occurrence, whitespace removed, of ``sentence`` in ``body`` is the one at
    ``start`` (a document may repeat a sentence: a table row, a garbled PDF page)."""
    squeezed_body, offsets = _squeezed(body)
    key, _ = _squeezed(sentence)
    here = bisect.bisect_left(offsets, start)
    count, at = 0, squeezed_body.find(key) if key else -1
    while at != -1 and at < here:
        count += 1
        at = squeezed_body.find(key, at + 1)
    return count


def _occurrence(sentence: str, text: str, pos: int) -> int:
    """Which occurrence of ``text`` in ``sentence`` starts at ``pos``."""
    count, at = 0, sentence.find(text)
    while at != -1 and at < pos:
        count += 1
        at = sentence.find(text, at + 1)
    return count


# --- score -----------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(r"[-－—–]\s*\d{1,3}\s*[-－—–]")
_SUBJECT_NOISE = re.compile(r"[\s“”\"'‘’（）()《》〈〉【】\[\]「」『』]")


def _squeezed(text: str, drop_pages: bool = False) -> tuple[str, list[int]]:
    """``text`` without whitespace (and page numbers such as "- 1 -"), with the offset in
    ``text`` of every character kept."""
    keep = [True] * len(text)
    if drop_pages:
        for m in _PAGE_NUMBER.finditer(text):
            for i in range(m.start(), m.end()):
                keep[i] = False
    chars, offsets = [], []
    for i, ch in enumerate(text):
        if keep[i] and not ch.isspace():
            chars.append(ch)
            offsets.append(i)
    return "".join(chars), offsets


def _nth(haystack: str, needle: str, n: int, start: int = 0, end: int | None = None) -> int:
    end = len(haystack) if end is None else end
    at = haystack.find(needle, start, end)
    for _ in range(n):
        if at == -1:
            break
        at = haystack.find(needle, at + 1, end)
    return at


def _find_text(squeezed_body: str, item: dict, drop_pages: bool) -> tuple[int, int, int, int, str] | None:
    """(a, b, s, e, how): the claim's text at a..b of ``squeezed_body`` inside the region s..e
    where its sentence (or the sentence's words around the claim) was found."""
    sentence, _ = _squeezed(item["sentence"], drop_pages)
    text, _ = _squeezed(item["text"], drop_pages)
    if not sentence or not text:
        return None
    s = _nth(squeezed_body, sentence, item.get("sentence_occurrence", 0))
    if s == -1:
        s = squeezed_body.find(sentence)
    if s != -1:
        e = s + len(sentence)
        a = _nth(squeezed_body, text, item.get("occurrence", 0), s, e)
        if a == -1:
            a = squeezed_body.find(text, s, e)
        if a != -1:
            return a, a + len(text), s, e, "sentence without page numbers" if drop_pages else "sentence"
    # the sentence was changed (a page number or a line of another sentence removed from it):
    # the words around the claim, on both sides, then on one side
    p = _nth(sentence, text, item.get("occurrence", 0))
    if p == -1:
        return None
    q = p + len(text)
    for k in (40, 24, 12):
        for lo, hi in ((max(0, p - k), q + k), (max(0, p - k), q), (p, q + k)):
            window = sentence[lo:hi]
            at = _nth(squeezed_body, window, item.get("sentence_occurrence", 0))
            if at == -1:
                at = squeezed_body.find(window)
            if at != -1:
                a = at + p - lo
                return a, a + len(text), at, at + len(window), "context"
    return None


def locate(body: str, item: dict, how: list | None = None) -> tuple[int, int] | None:
    """The span of the gold claim in ``body``: the gold sentence found with whitespace removed
    (its sentence_occurrence-th occurrence when the document repeats it; failing that, with
    page numbers such as "- 1 -" removed on both sides; failing that, the sentence's words
    around the claim), then the claim inside it: the occurrence-th occurrence of text, or
    correct_text when given (the occurrence of it that overlaps text, else the nearest).
    ``how``, when given, gets how the sentence was found appended."""
    for drop_pages in (False, True):
        squeezed_body, offsets = _squeezed(body, drop_pages)
        found = _find_text(squeezed_body, item, drop_pages)
        if found is None:
            continue
        a, b, s, e, way = found
        correct = item.get("correct_text")
        if correct:
            right, _ = _squeezed(correct, drop_pages)
            s, e = min(s, a - len(right)), max(e, b + len(right))
            best = None
            at = squeezed_body.find(right, max(0, s), e)
            while at != -1:
                distance = 0 if at < b and a < at + len(right) else min(abs(at - a), abs(at + len(right) - b))
                if best is None or distance < best[0]:
                    best = (distance, at)
                at = squeezed_body.find(right, at + 1, e)
            if best is not None:
                a, b = best[1], best[1] + len(right)
        if how is not None:
            how.append(way)
        return offsets[a], offsets[b - 1] + 1
    return None


def _subject(text: str) -> str:
    return _SUBJECT_NOISE.sub("", text or "")


def _sections_agree(gold: dict, predicted: str | None) -> bool:
    if predicted is None:
        return False
    p = _SPACE.sub("", predicted)
    g_section = _SPACE.sub("", gold.get("section", ""))
    if not p:
        return not g_section
    for g in (g_section, _SPACE.sub("", gold.get("top_section", ""))):
        if g and (g == p or g.startswith(p) or p.startswith(g)):
            return True
    return False


def _values_equal(gold: float | None, predicted: float | None) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return math.isclose(gold, predicted, rel_tol=1e-6, abs_tol=1e-9)


FIELDS = ("value", "unit", "subject", "modality", "section")


def _judge(item: dict, q) -> dict[str, bool]:
    from policytext.evaluation import subjects_agree

    if q is None:
        return {f: False for f in FIELDS}
    return {
        "value": _values_equal(item["value"], q.value),
        "unit": item["unit"] == q.unit,
        "subject": subjects_agree(_subject(item["subject"]), _subject(q.subject)),
        "modality": item["modality"] == q.modality,
        "section": _sections_agree(item, getattr(q, "section", None)),
    }


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def _evaluate(path: Path) -> tuple[list[dict], list[str], list[str]]:
    """One row per gold item: the item, the predicted claim it meets and the verdicts."""
    items = load(path)
    options = _options()
    results, rows, not_found, located_by_context = {}, [], [], []
    for item in items:
        doc_id = item["doc_id"]
        if doc_id not in results:
            results[doc_id] = process(doc_id, options)
        result = results[doc_id]
        how: list[str] = []
        span = locate(result.text, item, how)
        if how and how[0] == "context":
            located_by_context.append(f"{doc_id}: {item['text']!r}")
        if span is None:
            not_found.append(f"{doc_id}: {item['text']!r} in {item['sentence'][:60]!r}")
        a, b = span or (-1, -1)
        overlapping = [q for q in result.quantities if span and q.start < b and a < q.end]
        q = max(overlapping, key=lambda q: min(b, q.end) - max(a, q.start), default=None)
        row = {"item": item, "span": span, "predicted": q, "overlapping": overlapping}
        if item["is_claim"]:
            row["fields"] = _judge(item, q)
            row["core"] = all(row["fields"][f] for f in FIELDS[:4])
            row["full"] = row["core"] and row["fields"]["section"]
        else:
            row["core"] = row["full"] = not overlapping
        rows.append(row)
    return rows, not_found, located_by_context


def _figures(rows: list[dict]) -> dict:
    claims = [r for r in rows if r["item"]["is_claim"]]
    others = [r for r in rows if not r["item"]["is_claim"]]

    def share(xs: list, key) -> float | None:
        return round(sum(map(key, xs)) / len(xs), 4) if xs else None

    out = {
        "items": len(rows),
        "claims": len(claims),
        "not_claims": len(others),
        "not_claims_right": share(others, lambda r: r["core"]),
        "claims_matched": share(claims, lambda r: r["predicted"] is not None),
    }
    for f in FIELDS:
        out[f] = share(claims, lambda r, f=f: r["fields"][f])
    out["fully_right"] = share(rows, lambda r: r["core"])
    out["fully_right_with_section"] = share(rows, lambda r: r["full"])
    out["claims_fully_right"] = share(claims, lambda r: r["core"])
    out["claims_fully_right_with_section"] = share(claims, lambda r: r["full"])
    return out


def _with_strata(rows: list[dict], not_found: list[str], by_context: list[str]) -> dict:
    out = _figures(rows)
    strata = defaultdict(list)
    for r in rows:
        strata[r["item"].get("stratum") or stratum_of(r["item"]["doc_id"]) or "other"].append(r)
    out["strata"] = {name: _figures(rs) for name, rs in sorted(strata.items())}
    out["not_found"] = not_found
    out["located_by_context"] = by_context
    return out


def score(path: str | Path) -> dict:
    """The wild gold's figures for the code ``import policytext`` gives: shares of items
    fully right (value, unit, subject, modality; and with section), per field on the claims,
    the not-claims left out, overall and per stratum (key "strata"), and the gold items whose
    sentence was not found in the body (key "not_found"; "located_by_context": those whose
    sentence had changed and was found by the words around the claim)."""
    return _with_strata(*_evaluate(Path(path)))


def _fmt(x) -> str:
    return "-" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


def _print_table(figures: dict) -> None:
    names = list(figures["strata"])
    cols = ["all", *names]
    data = {"all": figures, **figures["strata"]}
    labels = [
        ("items", "items"),
        ("claims", "claims"),
        ("not-claims", "not_claims"),
        ("not-claims left out", "not_claims_right"),
        ("claims matched (span overlap)", "claims_matched"),
        ("value", "value"),
        ("unit", "unit"),
        ("subject", "subject"),
        ("modality", "modality"),
        ("section", "section"),
        ("fully right (value, unit, subject, modality)", "fully_right"),
        ("fully right (… and section)", "fully_right_with_section"),
        ("claims only: fully right", "claims_fully_right"),
        ("claims only: fully right with section", "claims_fully_right_with_section"),
    ]
    width = max(len(label) for label, _ in labels)
    print(" " * width + "".join(f"{c:>8}" for c in cols))
    for label, key in labels:
        print(f"{label:<{width}}" + "".join(f"{_fmt(data[c][key]):>8}" for c in cols))
    print("(field shares are over the claims; fully right is over all items: a not-claim is right when nothing overlaps it)")
    for line in figures["located_by_context"]:
        print("sentence changed, claim found by its context:", line)
    for line in figures["not_found"]:
        print("NOT FOUND", line)


def _print_errors(rows: list[dict]) -> None:
    for r in rows:
        if r["full"]:
            continue
        item, q = r["item"], r["predicted"]
        print(f"--- {item['doc_id']} {item.get('correct_text') or item['text']!r}  | {item['sentence'][:120]}")
        if not item["is_claim"]:
            got = ", ".join(f"{p.text!r} {p.value} {p.unit!r}" for p in r["overlapping"])
            print(f"    gold: not a claim ({item.get('reason', '')}); predicted: {got}")
            continue
        if q is None:
            gold = f"{item['value']} {item['unit']!r} {item['subject']!r} {item['modality']}"
            print(f"    gold: {gold}; predicted: nothing overlaps")
            continue
        for f in FIELDS:
            gold = item[f] if f != "section" else f"{item['section']!r} / top {item['top_section']!r}"
            mark = "ok " if r["fields"][f] else "BAD"
            print(f"    {mark} {f:<9} gold {gold!r:<40} predicted {getattr(q, f, None)!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_draw = sub.add_parser("draw")
    p_draw.add_argument("--seed", type=int, default=20261202)
    p_draw.add_argument("--n", type=int, default=150)
    p_draw.add_argument("-o", "--output", type=Path, help="JSONL file (default: stdout)")
    p_score = sub.add_parser("score")
    p_score.add_argument("file", type=Path)
    p_score.add_argument("--errors", action="store_true", help="list every item that is not fully right")
    p_score.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if args.command == "draw":
        lines = [json.dumps(d, ensure_ascii=False) for d in draw(args.seed, args.n)]
        text = "\n".join(lines) + "\n"
        if args.output:
            args.output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return
    rows, not_found, by_context = _evaluate(args.file)
    figures = _with_strata(rows, not_found, by_context)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
    else:
        _print_table(figures)
    if args.errors:
        _print_errors(rows)


if __name__ == "__main__":
    main()
