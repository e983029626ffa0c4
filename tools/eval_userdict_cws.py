"""Check that the policy user dictionary does not hurt general segmentation.

Scores ``rjieba.cut(raw, hmm=False)`` against the SIGHAN 2005 gold files
(word-level F1 over (start, end) character spans) once with the default
dictionary and once with every entry of the user dictionary added, and prints
a small table.  ``--blame`` additionally lists, per entry, how the stretches
of text it is used in changed (correct spans, predicted spans, net effect on F1);
entries with a negative net effect are the offending ones.

The SIGHAN data is research-use only: it is read by path, never copied.
"""

import argparse
import collections
import difflib
from pathlib import Path

import rjieba

from policytext import lexicon
from policytext.evaluation import word_spans

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DICT = REPO / "src" / "policytext" / "resources" / "policy_userdict.txt"
DEFAULT_GOLD = REPO.parent / "shared" / "data" / "cws"


def read_userdict(path):
    """[(word, freq or None, tag or None)], read by the package's own loader."""
    return [(e.word, e.freq, e.tag) for e in lexicon.read_userdict(Path(path))]


def make_tokenizer(entries=()):
    # A fresh instance so the default-dictionary run is not contaminated.
    tok = rjieba.Jieba()
    for word, freq, tag in entries:
        tok.add_word(word, freq, tag)
    return tok


def read_gold(path):
    sents = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        words = line.split()
        if words:
            sents.append(words)
    return sents


def cut(tok, raw):
    # Whitespace tokens are dropped: the gold raw text has no spaces anyway.
    return [t for t in tok.cut(raw, hmm=False) if t.strip()]


def f1(tok, sents):
    correct = n_pred = n_gold = 0
    for words in sents:
        gold = word_spans(words)
        pred = word_spans(cut(tok, "".join(words)))
        correct += len(gold & pred)
        n_pred += len(pred)
        n_gold += len(gold)
    p, r = correct / n_pred, correct / n_gold
    return 2 * p * r / (p + r)


def blame(base, with_dict, sents, entry_words):
    """Attribute each changed stretch of a sentence to the entries used in it.

    Adding a word changes jieba's best path only where the new path uses that
    word, so every stretch segmented differently with the dictionary holds
    at least one entry token; its change in correct and predicted spans is
    shared among those entries.  An entry's effect on F1 has the sign of
    d_correct - F1/2 * d_pred, reported as ``net``.
    """
    d_tp, d_pred = collections.Counter(), collections.Counter()
    for words in sents:
        raw, gold = "".join(words), word_spans(words)
        old, new = cut(base, raw), cut(with_dict, raw)
        if old == new:
            continue
        old_s, new_s = sorted(word_spans(old)), sorted(word_spans(new))
        matcher = difflib.SequenceMatcher(a=old_s, b=new_s, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            used = {raw[s:e] for s, e in new_s[j1:j2]} & entry_words
            if not used:
                continue
            tp = len(set(new_s[j1:j2]) & gold) - len(set(old_s[i1:i2]) & gold)
            for w in used:
                d_tp[w] += tp / len(used)
                d_pred[w] += ((j2 - j1) - (i2 - i1)) / len(used)
    f = f1(base, sents)
    return {w: (d_tp[w], d_pred[w], d_tp[w] - f / 2 * d_pred[w]) for w in d_tp}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dict", default=str(DEFAULT_DICT))
    ap.add_argument("--gold-dir", default=str(DEFAULT_GOLD))
    ap.add_argument("--sets", nargs="+", default=["pku", "msr"])
    ap.add_argument("--blame", action="store_true", help="list the entries that change segmentations, worst first")
    args = ap.parse_args()

    entries = read_userdict(args.dict)
    base, with_dict = make_tokenizer(), make_tokenizer(entries)
    print(f"user dictionary: {args.dict} ({len(entries)} entries)")
    print(f"{'set':<6}{'without dict':>14}{'with dict':>12}{'delta':>10}")
    for name in args.sets:
        sents = read_gold(Path(args.gold_dir) / name / "gold.txt")
        a, b = f1(base, sents), f1(with_dict, sents)
        print(f"{name:<6}{a:>14.4f}{b:>12.4f}{b - a:>+10.4f}")
        if args.blame:
            words = {w for w, _, _ in entries}
            effects = blame(base, with_dict, sents, words)
            for w, (tp, n, net) in sorted(effects.items(), key=lambda kv: kv[1][2]):
                print(f"  {name}\t{w}\td_correct={tp:+.1f}\td_pred={n:+.1f}\tnet={net:+.2f}")


if __name__ == "__main__":
    main()
