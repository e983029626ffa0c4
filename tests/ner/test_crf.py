import json

import pytest

from conftest import write_ner_jsonl
from policytext.ner.crf import CrfTagger
from policytext.ner.features import FeatureSet
from policytext.training.ner import train

SENTENCES = [
    ("习近平在北京会见联合国秘书长。", [(0, 3, "PER"), (4, 6, "LOC"), (8, 11, "ORG")]),
    ("李强在上海考察。", [(0, 2, "PER"), (3, 5, "LOC")]),
    ("国务院办公厅印发通知。", [(0, 6, "ORG")]),
    ("王毅在伦敦会见英国外交大臣。", [(0, 2, "PER"), (3, 5, "LOC"), (7, 9, "LOC")]),
]


def test_train_then_tag_round_trip(tmp_path):
    data = write_ner_jsonl(tmp_path / "train.jsonl", SENTENCES, copies=10)
    clusters = tmp_path / "clusters.txt"
    clusters.write_text("c\t李\t1\nc\t王\t1\nw\t北京\t2\nw\t上海\t2\n", encoding="utf-8")
    model = tmp_path / "ner.npz"
    features = FeatureSet.parse("gazetteer+lexicon+clusters")
    meta = train(
        [data],
        model,
        iterations=30,
        c1=0.0,
        c2=0.01,
        dev_fraction=0.1,
        seed=1,
        features=features,
        folds=2,
        clusters_file=clusters,
    )
    assert meta["features"] == "gazetteer+lexicon+clusters" and meta["training_sentences"] == 36
    # everything the tagger needs lies beside the model
    assert model.with_suffix(".lexicon.txt").is_file() and model.with_suffix(".clusters.txt").read_text(encoding="utf-8")
    assert json.loads(model.with_suffix(".meta.json").read_text(encoding="utf-8"))["dev_scores"]["ALL"]["f1"] > 0.9
    tagger = CrfTagger(model)
    text = "李强在北京考察。"
    from policytext.segment import get_segmenter

    assert tagger.spans(text, get_segmenter().cut(text)) == [(0, 2, "PER"), (3, 5, "LOC")]
    assert tagger.spans("", []) == []


@pytest.mark.parametrize("refit", [False, True])
def test_refit_learns_from_the_dev_sentences_after_scoring_them(tmp_path, refit):
    people = [f"{surname}{given}" for surname in "张王李赵" for given in "明华军勇强"]
    data = write_ner_jsonl(tmp_path / "train.jsonl", [(f"{name}在上海考察。", [(0, 2, "PER"), (3, 5, "LOC")]) for name in people])
    model = tmp_path / "ner.npz"
    settings = {"iterations": 10, "c1": 0.0, "c2": 0.01, "dev_fraction": 0.1, "seed": 1, "folds": 2}
    meta = train([data], model, features=FeatureSet.parse("lexicon"), refit=refit, **settings)
    lexicon = model.with_suffix(".lexicon.txt").read_text(encoding="utf-8")
    known = {name for name in people if f"{name}\tPER" in lexicon}
    assert meta["settings"]["refit"] is refit and "ALL" in meta["dev_scores"]
    assert (meta["training_sentences"], len(known)) == ((20, 20) if refit else (18, 18))


def test_a_model_without_its_lexicon_is_refused(tmp_path):
    import shutil

    from policytext.errors import ResourceError
    from policytext.ner.spacy_pipeline import packaged_model

    for suffix in (".npz", ".meta.json"):
        shutil.copyfile(packaged_model().with_suffix(suffix), tmp_path / f"m{suffix}")
    with pytest.raises(ResourceError, match="missing"):
        CrfTagger(tmp_path / "m.npz")


def test_dev_split_block_is_contiguous_and_seeded():
    from policytext.training.ner import split_dev

    records = list(range(100))
    training, dev = split_dev(records, 0.1, 13, mode="block")
    assert len(dev) == 10 and dev == list(range(dev[0], dev[0] + 10)) and len(training) == 90
    assert split_dev(records, 0.1, 13, mode="block") == (training, dev)
    _, shuffled = split_dev(records, 0.1, 13, mode="random")
    assert len(shuffled) == 10 and shuffled != list(range(shuffled[0], shuffled[0] + 10))
    with pytest.raises(ValueError, match="block or random"):
        split_dev(records, 0.1, 13, mode="blocks")


@pytest.mark.parametrize(
    ("features", "refit", "dev_fraction", "message"),
    [
        ("clusters", False, 0.0, "clusters file"),
        ("base", True, 0.0, "needs a dev split"),
        ("base", False, 1.5, "dev-fraction must be"),
    ],
)
def test_training_that_cannot_work_is_refused(tmp_path, features, refit, dev_fraction, message):
    data = write_ner_jsonl(tmp_path / "train.jsonl", SENTENCES)
    with pytest.raises(ValueError, match=message):
        train(
            [data],
            tmp_path / "m.npz",
            iterations=1,
            c1=0.0,
            c2=0.01,
            dev_fraction=dev_fraction,
            seed=1,
            features=FeatureSet.parse(features),
            refit=refit,
        )
