"""Generate scored multi-token term candidates for the policy user dictionary.

Every document of the corpus is segmented with ``rjieba.cut(text, hmm=False)``
(the default jieba dictionary, no HMM guessing).  Runs of 2-4 adjacent tokens
inside a CJK stretch (no punctuation, digits, Latin or whitespace) whose
concatenation has 3-8 characters are candidates if they occur often enough in
enough documents.  Each candidate is scored by

* cohesion: the smallest pointwise mutual information over all ways of
  cutting it into a left and a right part (a real term is cohesive at every
  cut; "的发展" is not, because "的" goes with everything), and
* boundary freedom: the smaller of the left and right neighbour entropies (a
  real term appears in varied contexts; a fragment such as "供给侧结构性" is
  almost always followed by the same token, "改革").

score = min_pmi * min_entropy, so both must be high.  The output TSV is sorted
by score; ``policytext/resources/policy_userdict.txt`` is the hand-reviewed
subset of it.

With ``--freqs WORDLIST`` the script instead assigns dictionary frequencies to
a reviewed word list (one word per line) and prints ``word freq`` lines: each
word starts at jieba's suggested frequency (enough to beat the product of its
parts) and is raised tenfold while the corpus, segmented with all words added,
still splits too many of its occurrences.
"""

import argparse
import collections
import csv
import math
import re
import sys
from pathlib import Path

import rjieba

CJK = re.compile(r"^[\u4e00-\u9fff]+$")

# Tokens that should not stand at the edge of a term: particles, prepositions,
# conjunctions, pronouns, copula, generic policy verbs and similar glue
# ("的发展", "和改革", "加快推进").  The one exception is a broken-up unknown
# word: 碳中和 comes out as 碳|中|和.  So an edge function word is tolerated
# only when its inner neighbour is a single character too and the rest of the
# gram nearly always comes with it.
EDGE_FUNCTION_WORDS = set(
    "的 地 得 了 着 过 和 与 及 或 并 而 且 在 对 把 被 将 从 向 以 为 于 由 是 "
    "有 也 都 就 又 还 要 会 能 可 该 其 之 所 等 各 这 那 此 每 个 我 我们 你 他 "
    "它 他们 中 上 下 里 内 外 后 前 时 到 给 让 使 用 按 同 跟 比 但 却 如 若 "
    "则 即 不 没有 没 已 已经 正在 一 一些 一个 这个 这些 那些 这样 通过 进行 "
    "关于 对于 以及 并且 而且 同时 其中 我国 全国 方面 工作 问题 必须 应当 应该 "
    "可以 继续 进一步 加快 加强 推进 推动 坚持 积极 大力 切实 不断 深入 全面 "
    "更加 努力 着力 认真".split()
)


def iter_docs(corpus):
    for path in sorted(Path(corpus).glob("*.txt")):
        yield path.stem, path.read_text(encoding="utf-8")


def cjk_runs(tokens):
    """Split a token stream into runs of all-CJK tokens (sentence pieces)."""
    run = []
    for tok in tokens:
        if CJK.match(tok):
            run.append(tok)
        elif run:
            yield run
            run = []
    if run:
        yield run


def segment_corpus(corpus, tokenizer):
    """Return {doc_id: [run, ...]} with each run a list of CJK tokens."""
    return {doc_id: list(cjk_runs(tokenizer.cut(text, hmm=False))) for doc_id, text in iter_docs(corpus)}


def count_ngrams(docs, max_n):
    """Count 1..max_n token n-grams (parts are needed for the PMI) and the
    number of documents each n-gram occurs in."""
    counts, doc_freq = collections.Counter(), collections.Counter()
    for runs in docs.values():
        seen = set()
        for run in runs:
            for n in range(1, max_n + 1):
                for i in range(len(run) - n + 1):
                    gram = tuple(run[i : i + n])
                    counts[gram] += 1
                    seen.add(gram)
        doc_freq.update(seen)
    return counts, doc_freq


def neighbour_entropies(docs, grams, max_n):
    """Left/right neighbour-token entropy of each gram; the start or end of a
    run counts as a distinct neighbour every time, since a boundary shows the
    gram standing on its own."""
    left = collections.defaultdict(collections.Counter)
    right = collections.defaultdict(collections.Counter)
    edge = 0
    for runs in docs.values():
        for run in runs:
            for n in range(2, max_n + 1):
                for i in range(len(run) - n + 1):
                    gram = tuple(run[i : i + n])
                    if gram not in grams:
                        continue
                    edge += 1
                    left[gram][run[i - 1] if i > 0 else ("<s>", edge)] += 1
                    right[gram][run[i + n] if i + n < len(run) else ("</s>", edge)] += 1
    return ({g: entropy(c) for g, c in left.items()}, {g: entropy(c) for g, c in right.items()})


def entropy(counter):
    total = sum(counter.values())
    return -sum(c / total * math.log(c / total) for c in counter.values())


def min_pmi(gram, counts, n_tokens):
    return min(math.log(counts[gram] * n_tokens / (counts[gram[:k]] * counts[gram[k:]])) for k in range(1, len(gram)))


def edges_bound(gram, counts, min_share):
    """False if an edge token is a function word that is not plausibly a
    piece of an unknown word (see EDGE_FUNCTION_WORDS)."""
    if gram[0] in EDGE_FUNCTION_WORDS and (len(gram[1]) > 1 or counts[gram] < min_share * counts[gram[1:]]):
        return False
    if gram[-1] in EDGE_FUNCTION_WORDS and (len(gram[-2]) > 1 or counts[gram] < min_share * counts[gram[:-1]]):
        return False
    return True


def candidates(docs, args):
    counts, doc_freq = count_ngrams(docs, args.max_tokens)
    n_tokens = sum(c for g, c in counts.items() if len(g) == 1)
    grams = {
        g
        for g, c in counts.items()
        if args.min_tokens <= len(g) <= args.max_tokens
        and c >= args.min_count
        and doc_freq[g] >= args.min_docs
        and args.min_chars <= len("".join(g)) <= args.max_chars
    }
    h_left, h_right = neighbour_entropies(docs, grams, args.max_tokens)
    best = {}  # one row per surface string: its most frequent token split
    for g in grams:
        term = "".join(g)
        if term in best and best[term]["count"] >= counts[g]:
            continue
        if not edges_bound(g, counts, args.edge_min_share):
            continue
        pmi = min_pmi(g, counts, n_tokens)
        freedom = min(h_left[g], h_right[g])
        best[term] = {
            "term": term,
            "tokens": " ".join(g),
            "docs": doc_freq[g],
            "count": counts[g],
            "pmi": round(pmi, 3),
            "h_left": round(h_left[g], 3),
            "h_right": round(h_right[g], 3),
            "score": round(max(pmi, 0.0) * freedom, 3),
            "in_jieba_dict": int(rjieba.has_word(term)),
        }
    return sorted(best.values(), key=lambda r: -r["score"])


def write_tsv(rows, out):
    fields = ["term", "docs", "count", "score", "pmi", "h_left", "h_right", "tokens", "in_jieba_dict"]
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def kept_ratio(texts, tokenizer, words):
    """Share of each word's aligned corpus occurrences that come out as one
    token.  Only occurrences whose start and end are token boundaries count:
    in 创新|药物 or 社保|就业 the string 创新药 / 保就业 is not the word at
    all, and raising its frequency would only break the real words."""
    hits, kept = collections.Counter(), collections.Counter()
    for text in texts:
        bounds, pos = {0}, 0
        for tok in tokenizer.cut(text, hmm=False):
            pos += len(tok)
            bounds.add(pos)
        for word in words:
            for m in re.finditer(re.escape(word), text):
                s, e = m.span()
                if s not in bounds or e not in bounds:
                    continue
                hits[word] += 1
                if not any(b in bounds for b in range(s + 1, e)):
                    kept[word] += 1
    return {w: kept[w] / hits[w] for w in words if hits[w]}


def assign_freqs(corpus, words, min_kept, rounds):
    texts = [text for _, text in iter_docs(corpus)]
    freq = {w: max(1, rjieba.suggest_freq(w)) for w in words}
    for _ in range(rounds):
        tok = rjieba.Jieba()
        for w, f in freq.items():
            tok.add_word(w, f, None)
        weak = [w for w, r in kept_ratio(texts, tok, words).items() if r < min_kept]
        if not weak:
            break
        for w in weak:
            freq[w] *= 10
    return freq


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--corpus",
        default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"),
        help="directory of UTF-8 .txt documents",
    )
    ap.add_argument("--out", default="candidates.tsv", help="TSV to write")
    ap.add_argument("--min-count", type=int, default=8)
    ap.add_argument("--min-docs", type=int, default=3)
    ap.add_argument("--min-tokens", type=int, default=2)
    ap.add_argument("--max-tokens", type=int, default=4)
    ap.add_argument("--min-chars", type=int, default=3)
    ap.add_argument("--max-chars", type=int, default=8)
    ap.add_argument(
        "--edge-min-share",
        type=float,
        default=0.5,
        help="a function word may stand at a candidate's edge only if the rest occurs with it this often",
    )
    ap.add_argument("--freqs", metavar="WORDLIST", help="assign frequencies to a reviewed word list instead")
    ap.add_argument("--min-kept", type=float, default=0.9, help="with --freqs: share of occurrences to keep whole")
    ap.add_argument("--rounds", type=int, default=4, help="with --freqs: at most this many tenfold raises")
    args = ap.parse_args()

    if args.freqs:
        words = [w.strip() for w in Path(args.freqs).read_text(encoding="utf-8").splitlines() if w.strip()]
        for w, f in assign_freqs(args.corpus, words, args.min_kept, args.rounds).items():
            sys.stdout.write(f"{w} {f}\n")
        return

    docs = segment_corpus(args.corpus, rjieba.Jieba())
    rows = candidates(docs, args)
    write_tsv(rows, args.out)
    print(f"{len(rows)} candidates from {len(docs)} documents -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
