"""Character and word clusters from raw text, as NER features that generalise to unseen names.

    python -m policytext.training.clusters --jsonl A.jsonl [--jsonl B.jsonl] [--folder DIR] --out CLUSTERS.txt

Each character (and each segmenter word) is described by the words around it (positive PMI
of its left and right neighbours), reduced by SVD and grouped by k-means with a fixed seed.
Surnames end up with surnames and place suffixes with place suffixes, so the CRF can use
what it learned about one for another it never saw in training. Only the texts are read,
never the labels; never pass a test set. Output: ``kind<TAB>token<TAB>cluster`` lines, kind
``c`` (character) or ``w`` (word).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from policytext.normalise import half_width
from policytext.segment import get_segmenter

SETTINGS = {"char_clusters": 256, "word_clusters": 512, "dims": 64, "min_count": 5, "contexts": 5000, "seed": 13}


def read_texts(jsonl: Sequence[Path], folders: Sequence[Path]) -> list[str]:
    texts = []
    for path in jsonl:
        with open(path, encoding="utf-8") as f:
            texts += [half_width(json.loads(line)["text"]) for line in f]
    for folder in folders:
        for path in sorted(folder.rglob("*.txt")):
            texts += [half_width(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def embed(sequences: Iterable[Sequence[str]], *, min_count: int, contexts: int, dims: int) -> tuple[list[str], np.ndarray]:
    """Vocabulary and unit-length vectors: SVD of the PPMI of (token, neighbour at offset ±1, ±2)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import svds

    sequences = list(sequences)
    counts = Counter(tok for seq in sequences for tok in seq)
    vocab = sorted((t for t, n in counts.items() if n >= min_count), key=lambda t: (-counts[t], t))
    index = {t: i for i, t in enumerate(vocab)}
    n_ctx = min(contexts, len(vocab))
    rows, cols = [], []
    for seq in sequences:
        ids = [index.get(t, -1) for t in seq]
        for k, offset in enumerate((-2, -1, 1, 2)):
            for i, a in enumerate(ids):
                j = i + offset
                if a >= 0 and 0 <= j < len(ids) and 0 <= ids[j] < n_ctx:
                    rows.append(a)
                    cols.append(k * n_ctx + ids[j])
    m = coo_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(len(vocab), 4 * n_ctx)).tocsr()
    m.sum_duplicates()
    total = m.sum()
    row = np.asarray(m.sum(axis=1)).ravel()
    col = np.asarray(m.sum(axis=0)).ravel() ** 0.75  # context smoothing: rare contexts inflate PMI less
    col_p = col / col.sum()
    m = m.tocoo()
    pmi = np.log(m.data * 1.0 / (row[m.row] / total) / col_p[m.col] / total)
    keep = pmi > 0
    ppmi = coo_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape).tocsr()
    u, s, _ = svds(ppmi, k=dims, random_state=0)
    vectors = u * np.sqrt(s)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12
    return vocab, vectors


def kmeans(vectors: np.ndarray, k: int, *, seed: int, iterations: int = 25) -> np.ndarray:
    """Cluster ids by k-means (k-means++ start, fixed seed)."""
    rng = np.random.default_rng(seed)
    k = min(k, len(vectors))
    seeds = [vectors[rng.integers(len(vectors))]]
    dist = np.full(len(vectors), np.inf)
    for _ in range(1, k):
        dist = np.minimum(dist, ((vectors - seeds[-1]) ** 2).sum(axis=1))
        seeds.append(vectors[rng.choice(len(vectors), p=dist / dist.sum())])
    centres = np.array(seeds)
    for _ in range(iterations):
        assign = np.argmax(vectors @ centres.T - 0.5 * (centres**2).sum(axis=1), axis=1)
        for c in range(k):
            members = vectors[assign == c]
            if len(members):
                centres[c] = members.mean(axis=0)
    return np.argmax(vectors @ centres.T - 0.5 * (centres**2).sum(axis=1), axis=1)


def build(texts: list[str], settings: dict) -> list[tuple[str, str, int]]:
    rows = []
    cut = get_segmenter().cut
    for kind, sequences, k in (
        ("c", (list(t) for t in texts), settings["char_clusters"]),
        ("w", (cut(t) for t in texts), settings["word_clusters"]),
    ):
        vocab, vectors = embed(sequences, min_count=settings["min_count"], contexts=settings["contexts"], dims=settings["dims"])
        assign = kmeans(vectors, k, seed=settings["seed"])
        rows += [(kind, tok, int(c)) for tok, c in zip(vocab, assign) if not tok.isspace()]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jsonl", type=Path, action="append", default=[], help="jsonl with a 'text' field (repeatable)")
    parser.add_argument("--folder", type=Path, action="append", default=[], help="folder of .txt files (repeatable)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    started = time.time()
    texts = read_texts(args.jsonl, args.folder)
    rows = build(texts, SETTINGS)
    lines = [f"# clusters by policytext.training.clusters, settings {json.dumps(SETTINGS)}"]
    lines += [f"# from {p}" for p in [*args.jsonl, *args.folder]]
    lines += [f"{kind}\t{tok}\t{c}" for kind, tok, c in rows]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seconds = time.time() - started
    chars = sum(map(len, texts))
    print(f"{len(texts)} texts, {chars:,} chars -> {len(rows)} clustered tokens in {seconds:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
