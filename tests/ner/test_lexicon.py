from policytext.ner.features import sentence_features
from policytext.ner.lexicon import EntityLexicon, names_of, write_lexicon
from policytext.training.ner import fold_lexicons

RECORDS = [
    ("李强在上海考察。", [(0, 2, "PER"), (3, 5, "LOC")]),
    ("中美两国", [(0, 1, "LOC"), (1, 2, "LOC")]),
    ("国务院办公厅印发通知。", [(0, 6, "ORG")]),
    ("王毅会见英国外交大臣。", [(0, 2, "PER"), (4, 6, "LOC")]),
]


def test_names_of_keeps_names_of_two_or_more_characters():
    assert names_of(RECORDS) == {"PER": {"李强", "王毅"}, "LOC": {"上海", "英国"}, "ORG": {"国务院办公厅"}}


def test_lexicon_positions_and_round_trip(tmp_path):
    path = tmp_path / "ner.lexicon.txt"
    write_lexicon(path, names_of(RECORDS))
    lexicon = EntityLexicon.read(path)
    pos = lexicon.positions("李强到英国")
    assert pos == {"PER": ["B", "E", "O", "O", "O"], "LOC": ["O", "O", "O", "B", "E"], "ORG": ["O"] * 5}
    feats = sentence_features("李强到英国", ["李强", "到", "英国"], lexicon=pos)
    assert "PER0=B" in feats[0] and "LOC0=E" in feats[4]
    assert not any(f.startswith("ORG") for f in feats[0])  # nothing known nearby: no feature at all


def test_fold_lexicons_hide_a_folds_own_names():
    external = {"PER": {"习近平"}, "LOC": set(), "ORG": set()}
    first, second = fold_lexicons(RECORDS, external, folds=2)
    # fold 0 holds the first two records: it sees 王毅 and 国务院办公厅 from fold 1, not its own 李强
    assert first.positions("李强王毅习近平")["PER"] == ["O", "O", "B", "E", "B", "M", "E"]
    assert second.positions("李强王毅")["PER"] == ["B", "E", "O", "O"]
