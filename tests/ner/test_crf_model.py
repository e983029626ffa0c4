"""The numpy tagger must give CRFsuite's tags: same weights, same features, same ties."""

import itertools

import numpy as np
import pytest

from conftest import write_ner_jsonl
from policytext.ner.clusters import Clusters
from policytext.ner.crf import CrfTagger
from policytext.ner.crf_model import CrfModel
from policytext.ner.features import FeatureSet
from policytext.ner.labels import tags_to_spans
from policytext.ner.lexicon import EntityLexicon
from policytext.segment import get_segmenter
from policytext.training.ner import featurize, train

pycrfsuite = pytest.importorskip("pycrfsuite", reason="training needs python-crfsuite (pip install 'policytext[train]')")

TRAINING = [
    ("习近平在北京会见联合国秘书长古特雷斯。", [(0, 3, "PER"), (4, 6, "LOC"), (8, 11, "ORG"), (14, 18, "PER")]),
    ("李强在上海考察浦东新区。", [(0, 2, "PER"), (3, 5, "LOC"), (7, 11, "LOC")]),
    ("国务院办公厅印发通知。", [(0, 6, "ORG")]),
    ("王毅在伦敦会见英国外交大臣。", [(0, 2, "PER"), (3, 5, "LOC"), (7, 9, "LOC")]),
    ("广东省人民政府和深圳市签署协议，投资3.5亿元。", [(0, 7, "ORG"), (8, 11, "LOC")]),
    ("张三丰到WTO总部日内瓦参加会议。", [(0, 3, "PER"), (4, 7, "ORG"), (9, 12, "LOC")]),
]
# unseen characters, Latin and digits, traditional forms, one character, punctuation only
PROBES = [
    "李强在北京考察。",
    "赵六在重庆会见联合国代表团",
    "国务院",
    "王",
    "。",
    "",
    "The WTO met in Geneva 2024，人民币12.5亿元",
    "國務院辦公廳印發通知",
    "习近平在北京会见联合国秘书长古特雷斯" * 5,
    "新疆维吾尔自治区人民政府印发《方案》。",
]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crf")
    data = write_ner_jsonl(tmp / "train.jsonl", TRAINING, copies=8)
    clusters = tmp / "clusters.txt"
    clusters.write_text("c\t李\t1\nc\t王\t1\nc\t张\t1\nw\t北京\t2\nw\t上海\t2\nw\t伦敦\t2\n", encoding="utf-8")
    model = tmp / "ner.npz"
    settings = {"iterations": 40, "c1": 0.0, "c2": 0.01, "dev_fraction": 0.1, "seed": 1, "folds": 2}
    features = FeatureSet.parse("gazetteer+lexicon+clusters")
    train([data], model, features=features, clusters_file=clusters, keep_crfsuite=True, **settings)
    return model, features


def test_compiled_model_tags_as_crfsuite_does(trained):
    model, features = trained
    reference = pycrfsuite.Tagger()
    reference.open(str(model.with_suffix(".crfsuite")))
    lexicon = EntityLexicon.read(model.with_suffix(".lexicon.txt"))
    clusters = Clusters.read(model.with_suffix(".clusters.txt"))
    segmenter = get_segmenter()
    tagger = CrfTagger(model)
    expected = [tags_to_spans(reference.tag(featurize(t, features, lexicon, clusters))) if t else [] for t in PROBES]
    assert tagger.spans_batch(PROBES, [segmenter.cut(t) for t in PROBES]) == expected
    # a batch gives what the sentences give one at a time
    assert [tagger.spans(t, segmenter.cut(t)) for t in PROBES] == expected
    assert expected[0] == [(0, 2, "PER"), (3, 5, "LOC")]
    # the .crfsuite file compiles on loading to the same tagger
    assert CrfTagger(model.with_suffix(".crfsuite")).spans_batch(PROBES, [segmenter.cut(t) for t in PROBES]) == expected


def test_save_and_load_keep_every_array(trained, tmp_path):
    model, _ = trained
    original = CrfModel.load(model)
    original.save(tmp_path / "copy.npz")
    copy = CrfModel.load(tmp_path / "copy.npz")
    assert copy.labels == original.labels and copy.vocab == original.vocab
    assert np.array_equal(copy.weights, original.weights) and np.array_equal(copy.transitions, original.transitions)
    assert set(copy.tables) == set(original.tables)


def test_viterbi_finds_the_best_path_of_every_sentence_in_a_batch():
    rng = np.random.default_rng(7)
    labels = ("O", "B-PER", "E-PER")
    model = CrfModel(labels, rng.normal(size=(3, 3)), np.zeros((1, 3)), {}, {})
    lengths = np.array([3, 1, 4, 2])
    emissions = rng.normal(size=(int(lengths.sum()), 3))
    tags = model.viterbi(emissions, lengths)
    start = 0
    for n in lengths:
        e = emissions[start : start + n]

        def score(path, e=e):
            return sum(e[i, p] for i, p in enumerate(path)) + sum(model.transitions[a, b] for a, b in itertools.pairwise(path))

        best = max(itertools.product(range(3), repeat=int(n)), key=score)
        assert tuple(tags[start : start + n]) == best
        start += n
    assert model.viterbi(np.zeros((0, 3)), np.zeros(0, dtype=np.int64)).shape == (0,)


def test_a_damaged_or_foreign_model_file_is_a_resource_error(trained, tmp_path):
    from policytext.errors import ResourceError

    model, _ = trained
    truncated = tmp_path / "truncated.npz"
    truncated.write_bytes(model.read_bytes()[:1000])
    text_file = tmp_path / "notes.npz"
    text_file.write_text("not a model", encoding="utf-8")
    for path in (truncated, text_file):
        with pytest.raises(ResourceError, match="cannot be read"):
            CrfModel.load(path)
    with pytest.raises(ResourceError, match="cannot be read"):
        CrfModel.from_crfsuite(model)  # an .npz is not a CRFsuite file


def test_tokens_that_do_not_cover_their_sentence_are_refused(trained):
    tagger = CrfTagger(trained[0])
    with pytest.raises(ValueError, match="tokens do not cover"):
        tagger.spans_batch(["李强在北京", "国务院"], [["李强", "在", "北京"], ["国务"]])


def test_direct_tables_and_shared_pair_search_give_the_weights_of_a_plain_search(monkeypatch):
    # The shipped model through the fast paths (direct tables for small key spaces, one search
    # shared by the character-pair templates) against each template's key searched on its own.
    from policytext.ner.feature_arrays import LEXICON_STREAMS, Layout, _direct_weights, _shifted_tables
    from policytext.ner.features import TEMPLATES
    from policytext.ner.spacy_pipeline import packaged_model

    tagger = CrfTagger(packaged_model())
    encoder, model = tagger._encoder, tagger.model
    assert {"c0", "k0", "t"} <= set(_direct_weights(model))  # one character, clusters, classes: direct
    assert len(_shifted_tables(model, set(_direct_weights(model)))) == 2  # pairs (4 templates), triples (1)
    segmenter = get_segmenter()
    texts = ["外交部发言人在北京宣布，中国同巴西将于5月在里约热内卢举行会谈。", "国家发展和改革委员会主任何立峰出席。", "好"]
    tokens = [segmenter.cut(text) for text in texts]
    fast = encoder.emissions(texts, tokens)

    # the plain way: every template's key computed at each character and searched in its table
    layout = Layout(texts)
    captured = {}
    search = encoder._search

    def keep_ids(group, ids, size):  # the streams' symbol ids, as emissions computed them
        captured["ids"] = ids
        return search(group, ids, size)

    monkeypatch.setattr(encoder, "_search", keep_ids)
    encoder.emissions(texts, tokens)
    ids, at = captured["ids"], layout.chars
    plain = np.zeros_like(fast)
    for name, table in model.tables.items():
        slots = TEMPLATES[name]
        if not slots:
            plain += model.weights[table.rows[0]]
            continue
        key = np.zeros(len(at), dtype=np.int64)
        for stream, offset in slots:
            key = key * model.radix(stream) + ids[stream][at + offset]
        rows = table.lookup(key)
        if slots[0][0] in LEXICON_STREAMS:
            near = encoder.lexicon.by_label[slots[0][0]].position_array(layout.text)
            rows[(near[at - 1] == 0) & (near[at] == 0) & (near[at + 1] == 0)] = -1
        plain += model.weights[rows]
    assert np.array_equal(fast, plain)
    assert tags_to_spans([model.labels[t] for t in model.viterbi(fast, np.array([len(t) for t in texts]))][:10]) == [
        (0, 3, "ORG"),
        (7, 9, "LOC"),
    ]
