import pytest

from policytext.ner.features import FeatureSet, char_class, sentence_features, word_positions


def test_word_positions():
    assert word_positions(["国务院", "在", "北京"]) == ["B", "M", "E", "S", "B", "E"]


def test_features_describe_context_and_word_position():
    feats = sentence_features("习近平在北京", ["习近平", "在", "北京"])
    assert len(feats) == 6
    assert "c0=在" in feats[3] and "c-1=平" in feats[3] and "c1=北" in feats[3] and "w0=S" in feats[3]
    assert "c-2c-1=<s><s>" in feats[0] and "c1c2=</s></s>" in feats[5] and "c-1c0c1=平在北" in feats[3]
    assert not any(f.startswith(("c-2=", "c2=", "w0c0=")) for f in feats[3])  # dropped: no dev gain, 17 % of the time
    assert char_class("５") == "D" and char_class("京") == "H" and char_class("，") == "P"


def test_tokens_must_cover_the_text():
    with pytest.raises(ValueError):
        sentence_features("习近平在北京", ["习近平"])


def test_feature_sets_parse_and_print():
    assert FeatureSet.parse("gazetteer+lexicon") == FeatureSet(gazetteer=True, lexicon=True)
    assert FeatureSet.parse("base") == FeatureSet()
    assert str(FeatureSet.parse("gazetteer+clusters")) == "gazetteer+clusters"
    assert str(FeatureSet.parse("base")) == "base"
    with pytest.raises(ValueError, match="words"):
        FeatureSet.parse("gazetteer+words")
