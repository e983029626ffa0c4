"""Train the NER CRF: ``python -m policytext.training.ner --train MSRA_TRAIN --out MODEL.npz``.

The first --train file is split into training and a dev part (--dev-fraction, fixed --seed);
further --train files are added to training only. Never pass a test set here. CRFsuite
trains the model; it is then compiled to the numpy form the pipeline tags with
(``MODEL.npz``, a fifth of CRFsuite's size), written with a ``.meta.json`` beside it
recording data, settings and dev scores. ``--keep-crfsuite`` keeps CRFsuite's file too.
``--refit`` (how the shipped model is built): after scoring on dev, fit again on all the
data, dev included, with the same settings, and write that model.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TypedDict

from policytext.errors import BackendUnavailableError
from policytext.evaluation import entity_prf
from policytext.ner.clusters import Clusters, clusters_path
from policytext.ner.crf import CrfTagger
from policytext.ner.crf_model import CrfModel
from policytext.ner.features import FeatureSet, sentence_features
from policytext.ner.gazetteer import place_gazetteer
from policytext.ner.labels import LABELS, spans_to_tags
from policytext.ner.lexicon import EntityLexicon, lexicon_path, names_of, write_lexicon
from policytext.normalise import half_width
from policytext.segment import get_segmenter


class _Defaults(TypedDict):
    iterations: int
    c1: float
    c2: float
    dev_fraction: float
    dev_split: str
    seed: int
    folds: int


DEFAULTS: _Defaults = {
    "iterations": 100,
    "c1": 0.05,
    "c2": 0.001,
    "dev_fraction": 0.05,
    "dev_split": "block",
    "seed": 13,
    "folds": 10,
}
SHIPPED_FEATURES = "gazetteer+lexicon+clusters"
FEATURE_DESCRIPTIONS = {
    "base": "characters ±2, character bi/trigrams, character classes, segmenter word positions (B/M/E/S) ±1",
    "gazetteer": "place-name gazetteer positions",
    "lexicon": "known-name lexicon positions per label (jackknifed in training)",
    "clusters": "character clusters ±1 and word clusters (PPMI + SVD + k-means over raw text)",
}


def describe(features: FeatureSet) -> str:
    flags = [f for f in str(features).split("+") if f != "base"]
    return ", ".join([FEATURE_DESCRIPTIONS["base"], *(FEATURE_DESCRIPTIONS[f] for f in flags)])


def load_jsonl(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, spans) per line, keeping only PER/LOC/ORG spans.

    Full-width digits and letters become ASCII, as the pipeline's normalisation makes them
    before NER runs (one character for one, so the offsets stay valid).
    """
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            spans = [(s, e, lab) for s, e, lab in record["entities"] if lab in LABELS]
            out.append((half_width(record["text"]), spans))
    return out


def split_dev(records: list, fraction: float, seed: int, *, mode: str = "block") -> tuple[list, list]:
    """(training, dev). ``block``: dev is one contiguous run of sentences starting at a seeded
    position, so its articles are mostly unseen in training, as a test set's are (a random
    split shares articles with training and scores names it has seen). ``random``: shuffled."""
    n_dev = int(len(records) * fraction)
    if mode not in ("block", "random"):
        raise ValueError(f"dev split must be block or random, not {mode!r}")
    if mode == "block":
        start = random.Random(seed).randrange(len(records) - n_dev + 1)
        dev_ids = set(range(start, start + n_dev))
    else:
        order = list(range(len(records)))
        random.Random(seed).shuffle(order)
        dev_ids = set(order[:n_dev])
    return [r for i, r in enumerate(records) if i not in dev_ids], [r for i, r in enumerate(records) if i in dev_ids]


def featurize(
    text: str, features: FeatureSet, lexicon: EntityLexicon | None = None, clusters: Clusters | None = None
) -> list[list[str]]:
    tokens = get_segmenter().cut(text)
    places = place_gazetteer().positions(text) if features.gazetteer else None
    known = lexicon.positions(text) if lexicon is not None else None
    per_char = clusters.per_char(text, tokens) if clusters is not None else None
    return sentence_features(text, tokens, places, lexicon=known, clusters=per_char)


def fold_lexicons(training: list, external: dict[str, set[str]], folds: int) -> list[EntityLexicon]:
    """Per fold of ``training`` (contiguous blocks, so an article's sentences mostly share a
    fold): the external names plus the names of the other folds."""
    per_fold = [names_of(training[f * len(training) // folds : (f + 1) * len(training) // folds]) for f in range(folds)]
    lexicons = []
    for f in range(folds):
        names = {label: set(external[label]) for label in LABELS}
        for g, fold_names in enumerate(per_fold):
            if g != f:
                for label in LABELS:
                    names[label] |= fold_names[label]
        lexicons.append(EntityLexicon(names))
    return lexicons


def evaluate(model_path: Path, records: list, features: FeatureSet) -> dict:
    tagger = CrfTagger(model_path, features=str(features))
    segmenter = get_segmenter()
    texts = [text for text, _ in records]
    predicted = tagger.spans_batch(texts, [segmenter.cut(text) for text in texts])
    return entity_prf([spans for _, spans in records], predicted)


def _fit(
    pycrfsuite,
    training: list,
    out: Path,
    *,
    features: FeatureSet,
    external: dict[str, set[str]] | None,
    clusters: Clusters | None,
    folds: int,
    params: dict,
    keep_crfsuite: bool,
) -> dict[str, int]:
    """Featurize ``training``, fit CRFsuite and write the numpy model (and lexicon) at ``out``."""
    started = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    lexicons: list = [None]
    if external is not None:
        lexicons = fold_lexicons(training, external, folds)
        full = names_of(training)
        write_lexicon(lexicon_path(out), {label: full[label] | external[label] for label in LABELS})
    for i, (text, spans) in enumerate(training):
        if text:
            lexicon = lexicons[i * len(lexicons) // len(training)]
            trainer.append(featurize(text, features, lexicon, clusters), spans_to_tags(len(text), spans))
    featurized = time.time()
    trainer.set_params({**params, "feature.possible_transitions": True})
    crfsuite_file = out.with_suffix(".crfsuite")
    trainer.train(str(crfsuite_file))
    trained = time.time()
    CrfModel.from_crfsuite(crfsuite_file).save(out)
    if not keep_crfsuite:
        crfsuite_file.unlink()
    return {"features": round(featurized - started), "training": round(trained - featurized)}


def train(
    train_files: list[Path],
    out: Path,
    *,
    iterations: int,
    c1: float,
    c2: float,
    dev_fraction: float,
    dev_split: str = DEFAULTS["dev_split"],
    seed: int,
    features: FeatureSet,
    folds: int = DEFAULTS["folds"],
    lexicon_files: Sequence[Path] = (),
    clusters_file: Path | None = None,
    keep_crfsuite: bool = False,
    refit: bool = False,
) -> dict:
    if out.suffix != ".npz":
        raise ValueError(f"the model is written as .npz, not {out.name}")
    try:
        import pycrfsuite
    except ImportError:
        raise BackendUnavailableError("training the NER model needs python-crfsuite: pip install 'policytext[train]'") from None

    # settings that cannot work are refused before minutes of loading and featurising
    if not 0 <= dev_fraction < 1:
        raise ValueError(f"--dev-fraction must be at least 0 and below 1, not {dev_fraction}")
    if features.clusters and clusters_file is None:
        raise ValueError("the clusters features need a clusters file (python -m policytext.training.clusters)")
    first, *others = train_files
    first_records = load_jsonl(first)
    training, dev = split_dev(first_records, dev_fraction, seed, mode=dev_split)
    if refit and not dev:
        raise ValueError("--refit needs a dev split to score before refitting (--dev-fraction above 0)")
    added = [r for path in others for r in load_jsonl(path)]
    external = names_of(r for path in lexicon_files for r in load_jsonl(path)) if features.lexicon else None
    # features.clusters without a clusters file was refused above
    clusters = Clusters.read(clusters_file) if features.clusters and clusters_file is not None else None
    params = {"c1": c1, "c2": c2, "max_iterations": iterations}

    def fit(records: list) -> dict[str, int]:
        return _fit(
            pycrfsuite,
            records,
            out,
            features=features,
            external=external,
            clusters=clusters,
            folds=folds,
            params=params,
            keep_crfsuite=keep_crfsuite,
        )

    out.parent.mkdir(parents=True, exist_ok=True)
    if features.clusters and clusters_file is not None:
        shutil.copyfile(clusters_file, clusters_path(out))
    seconds = fit(training + added)
    scores = evaluate(out, dev, features)
    if refit:
        # Settings were chosen on dev; the shipped model then learns from the dev sentences
        # too, in the file's order (the lexicon folds are contiguous blocks of it).
        seconds = fit(first_records + added)
    meta = {
        "model": "character CRF (CRFsuite, L-BFGS), BIOES tags, features: " + describe(features),
        "train_files": [{"path": str(p), "sha256": hashlib.sha256(p.read_bytes()).hexdigest()} for p in train_files],
        "clusters_file": {"path": str(clusters_file), "sha256": hashlib.sha256(clusters_file.read_bytes()).hexdigest()}
        if clusters_file
        else None,
        "lexicon_files": [{"path": str(p), "sha256": hashlib.sha256(p.read_bytes()).hexdigest()} for p in lexicon_files],
        "dev": f"{dev_fraction:.0%} of {first.name}, {dev_split} split with seed {seed} ({len(dev)} sentences)"
        + (", scored before the model was refit on training + dev" if refit else ""),
        "training_sentences": len(training) + len(added) + (len(dev) if refit else 0),
        "settings": {
            "iterations": iterations,
            "c1": c1,
            "c2": c2,
            "seed": seed,
            "folds": folds,
            "dev_split": dev_split,
            "refit": refit,
        },
        "features": str(features),
        "dev_scores": {k: {"p": round(v.precision, 4), "r": round(v.recall, 4), "f1": round(v.f1, 4)} for k, v in scores.items()},
        "seconds": seconds,
        "size_bytes": out.stat().st_size,
    }
    out.with_suffix(".meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, action="append", required=True, help="training jsonl (repeatable)")
    parser.add_argument("--out", type=Path, required=True, help="model file to write (.npz)")
    parser.add_argument("--keep-crfsuite", action="store_true", help="keep CRFsuite's model file beside it")
    parser.add_argument(
        "--refit", action="store_true", help="after scoring on dev, fit again on training + dev and write that model"
    )
    parser.add_argument("--clusters", type=Path, help="clusters file for the 'clusters' features (policytext.training.clusters)")
    parser.add_argument(
        "--features",
        type=FeatureSet.parse,
        default=FeatureSet.parse(SHIPPED_FEATURES),
        help=f"base, or flags [{SHIPPED_FEATURES}]",
    )
    parser.add_argument(
        "--lexicon-from", type=Path, action="append", default=[], help="annotated jsonl whose names join the lexicon (repeatable)"
    )
    for key, value in DEFAULTS.items():
        parser.add_argument(f"--{key.replace('_', '-')}", type=type(value), default=value)
    args = parser.parse_args(argv)
    settings = {k: getattr(args, k) for k in DEFAULTS}
    try:
        meta = train(
            args.train,
            args.out,
            features=args.features,
            lexicon_files=args.lexicon_from,
            clusters_file=args.clusters,
            keep_crfsuite=args.keep_crfsuite,
            refit=args.refit,
            **settings,
        )
    except (ValueError, BackendUnavailableError) as exc:
        parser.error(str(exc))
    json.dump(meta, sys.stdout, ensure_ascii=False, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
