from policytext.segment import get_segmenter
from policytext.sentences import sentence_spans, split_sentences


def test_sentence_spans_split_on_chinese_and_ascii_punctuation_and_lines():
    text = "一年来，经济回升向好！城镇新增就业1244万人；物价总体平稳。\n  一、总体要求\n是否可行? 是的\n“要坚持稳中求进。”他说。"
    sents = [text[a:b] for a, b in sentence_spans(text)]
    assert sents == [
        "一年来，经济回升向好！",
        "城镇新增就业1244万人；",
        "物价总体平稳。",
        "一、总体要求",
        "是否可行?",
        "是的",
        "“要坚持稳中求进。”",
        "他说。",
    ]


def test_sentences_carry_offsets_and_tokens(report_text):
    seg = get_segmenter()
    sents = split_sentences(report_text, seg)
    assert [s.sentence_id for s in sents] == list(range(len(sents)))
    for s in sents:
        assert report_text[s.start : s.end] == s.text
        assert "".join(s.tokens) == s.text.replace(" ", "")
    gdp = next(s for s in sents if "国内生产总值" in s.text)
    assert gdp.text == "国内生产总值超过126万亿元，增长5.2%。"
    assert "5.2%" in gdp.tokens and "万亿元" in gdp.tokens


def test_empty_text_has_no_sentences():
    assert split_sentences("  \n ", get_segmenter()) == ()
