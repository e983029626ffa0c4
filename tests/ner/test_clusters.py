import numpy as np

from policytext.ner.clusters import UNKNOWN, Clusters
from policytext.ner.features import sentence_features
from policytext.training.clusters import embed, kmeans


def test_words_in_the_same_contexts_share_a_cluster():
    # surnames and cities each appear in their own frames
    texts = []
    for surname in "王李张刘陈":
        for verb in ("说", "指出", "表示"):
            texts.append(["记者", surname, "某", verb, "。"])
    for city in ["北京", "上海", "广州", "深圳"]:
        for verb in ("位于", "地处"):
            texts.append(["我们", "在", city, "市", verb, "中国"])
    vocab, vectors = embed(texts, min_count=1, contexts=100, dims=4)
    assert np.all(np.linalg.norm(vectors, axis=1) <= 1.0 + 1e-9)
    assign = dict(zip(vocab, kmeans(vectors, 3, seed=13)))
    assert len({assign[s] for s in "王李张刘陈"}) == 1
    assert len({assign[c] for c in ["北京", "上海", "广州", "深圳"]}) == 1
    assert assign["王"] != assign["北京"]
    assert list(kmeans(vectors, 3, seed=13)) == list(kmeans(vectors, 3, seed=13))  # deterministic


def test_clusters_per_character_and_as_features(tmp_path):
    path = tmp_path / "ner.clusters.txt"
    path.write_text("# test\nc\t王\t7\nc\t京\t3\nw\t北京\t12\n", encoding="utf-8")
    clusters = Clusters.read(path)
    chars, words = clusters.per_char("王在北京", ["王", "在", "北京"])
    assert chars == ["7", UNKNOWN, UNKNOWN, "3"] and words == [UNKNOWN, UNKNOWN, "12", "12"]
    feats = sentence_features("王在北京", ["王", "在", "北京"], clusters=(chars, words))
    assert "k0=7" in feats[0] and "k-1=<" in feats[0] and "kw=12B" in feats[2] and "k1=>" in feats[3]
