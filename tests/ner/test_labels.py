from policytext.ner.labels import spans_to_tags, tags_to_spans


def test_bioes_round_trip():
    spans = [(0, 3, "PER"), (4, 5, "LOC"), (6, 12, "ORG")]
    tags = spans_to_tags(13, spans)
    assert tags[:6] == ["B-PER", "I-PER", "E-PER", "O", "S-LOC", "O"]
    assert tags_to_spans(tags) == spans


def test_malformed_runs_are_closed_where_they_break():
    assert tags_to_spans(["B-ORG", "I-ORG", "O", "I-LOC", "E-LOC"]) == [(0, 2, "ORG"), (3, 5, "LOC")]
    assert tags_to_spans(["B-PER", "B-PER", "E-PER"]) == [(0, 1, "PER"), (1, 3, "PER")]
    assert tags_to_spans([]) == []
