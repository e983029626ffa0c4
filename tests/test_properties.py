"""Property tests: every extractor, and analyze_text, on arbitrary text.

What is asserted is what the code promises: no exception on any text (control characters,
astral characters, full-width digits, unbalanced brackets), spans inside the text that give
back the record's text, order and no overlaps where a finder says so, finite values, and
empty results for empty input. ``normalise`` is not asserted idempotent: it promises no such
thing (a second pass may join lines or drop page furniture the first pass left); what it
promises is one-for-one character unification and a body free of stray control bytes.
"""

from __future__ import annotations

import datetime
import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from policytext import DocumentReadError, analyze_text, make_options
from policytext.extract.keywords import textrank_scores, tfidf_matrix, top_keywords
from policytext.extract.number_spans import KINDS as NUMBER_KINDS
from policytext.extract.number_spans import find_numbers, load_units, not_claim_spans
from policytext.extract.numbers import NumberTooLong, parse_chinese, parse_number
from policytext.extract.quantities import document_context, document_quantities
from policytext.extract.references import (
    cited_documents,
    document_numbers,
    document_references,
    find_references,
    formulas,
    load_formulas,
    periods,
)
from policytext.extract.terms import count_ngrams, keyword_terms
from policytext.lexicon import load_stopwords
from policytext.metadata import document_info, find_date, parse_date
from policytext.normalise import half_width, normalise
from policytext.sections import ROLES, document_sections
from policytext.segment import get_segmenter
from policytext.sentences import sentence_spans, split_sentences

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# pieces of policy text: numerals, units, brackets of every kind, heading marks, dates, controls
_PIECES = [
    *"0123456789０１２３４５６７８９.．,，%％—-～至到一二两三四五六七八九十百千万亿零〇多余第个年月日元吨人倍",
    *"《》〈〉〔〕【】[]（）()“”\"'。；！？、：\n\r\t \u3000\x00\x07\x0b\x0c\x1b\x7f\u200b\ufeff",
    *"国务院办公厅北京市增长达到目标规划意见通知发号令",
    "百分之",
    "分之",
    "个百分点",
    "国发",
    "2018",
    "2035",
    "十四五",
    "一、",
    "（一）",
    "第三条",
    "1.",
    "工作回顾",
    "预期目标",
    "😀",
    "𠀀",
]
POLICY_TEXT = st.lists(st.sampled_from(_PIECES), max_size=80).map("".join)
# any unicode text without surrogates (they cannot be encoded, so no document holds them)
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=120)
TEXT = st.one_of(POLICY_TEXT, ANY_TEXT)

_CONTROL = {*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F, 0x200B, 0x200C, 0x200D, 0xFEFF, 0x00AD}


def _in_order_disjoint(spans):
    return all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


# --- normalise, sentences, sections ----------------------------------------------------------


@FAST
@given(TEXT)
def test_normalise_unifies_characters_and_leaves_no_control_bytes(raw):
    norm = normalise(raw)
    for part in (norm.body, norm.front_matter, norm.back_matter):
        assert "\r" not in part and not any(ord(ch) in _CONTROL for ch in part)
        assert not any("０" <= ch <= "９" for ch in part)  # full-width digits are ASCII now
    assert norm.lines_joined >= 0
    assert norm.body == norm.body.strip("\n") or not norm.body.strip()
    # half_width is one character for one (NER offsets rely on it) and idempotent
    assert len(half_width(raw)) == len(raw) and half_width(half_width(raw)) == half_width(raw)


def test_normalise_of_nothing_is_nothing():
    assert normalise("").body == "" and normalise(" \n\r\n\t").body == ""


@FAST
@given(TEXT)
def test_sentence_spans_are_trimmed_disjoint_and_cover_every_visible_character(text):
    spans = sentence_spans(text)
    assert _in_order_disjoint(spans)
    covered = set()
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert "\n" not in text[start:end]  # a sentence ends at a line end
        covered.update(range(start, end))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


@FAST
@given(TEXT)
def test_split_sentences_tokens_rebuild_the_sentence(text):
    for i, s in enumerate(split_sentences(text, get_segmenter())):
        assert s.sentence_id == i and text[s.start : s.end] == s.text
        assert "".join(s.tokens) == "".join(ch for ch in s.text if not ch.isspace()) or all(not t.isspace() for t in s.tokens)


@FAST
@given(
    st.lists(
        st.one_of(POLICY_TEXT, st.sampled_from(["一、2023年工作回顾", "（二）主要目标", "第五条 补贴", "1.任务"])), max_size=8
    )
)
def test_sections_nest_inside_the_text(lines):
    text = "\n".join(lines)
    for work_report in (False, True):
        sections = document_sections(text, year=2024, work_report=work_report)
        assert [s.section_id for s in sections] == list(range(len(sections)))
        assert [s.start for s in sections] == sorted(s.start for s in sections)
        for s in sections:
            assert 0 <= s.start < s.end <= len(text) and s.role in (*ROLES, "")
            if s.parent_id >= 0:
                parent = sections[s.parent_id]
                assert parent.section_id < s.section_id and parent.level < s.level
                assert parent.start <= s.start and s.end <= parent.end
    assert document_sections("") == []


# --- references --------------------------------------------------------------------------------


@FAST
@given(TEXT)
def test_every_reference_finder_gives_spans_inside_the_text(text):
    words = load_formulas()
    for finder, disjoint in (
        (cited_documents, True),
        (periods, True),
        (lambda t: formulas(t, dictionary=words), True),
        (document_numbers, False),
        (lambda t: find_references(t, formula_words=words), True),
    ):
        found = finder(text)
        assert [r.start for r in found] == sorted(r.start for r in found)
        if disjoint:
            assert _in_order_disjoint([(r.start, r.end) for r in found])
        for r in found:
            assert 0 <= r.start < r.end <= len(text) and r.normalized
    for r in cited_documents(text):
        assert text[r.start] == "《" and text[r.end - 1] == "》"
    for r in periods(text):
        years = [r.details.get(k) for k in ("start", "end") if r.details.get(k) is not None]
        assert years == sorted(years)


@FAST
@given(TEXT)
def test_document_references_map_back_to_text_and_sentences(raw):
    body = normalise(raw).body
    sentences = split_sentences(body, get_segmenter())
    for r in document_references("d", body, sentences):
        assert body[r.start : r.end] == r.text
        if r.sentence_id >= 0:
            s = sentences[r.sentence_id]
            assert s.start <= r.start < s.end


def test_no_text_no_references():
    assert find_references("", formula_words=load_formulas()) == []
    assert cited_documents("") == document_numbers("") == periods("") == formulas("") == []


# --- numbers and quantities -----------------------------------------------------------------


@FAST
@given(TEXT)
def test_numbers_lie_in_the_text_with_finite_values(text):
    masked = not_claim_spans(text)
    for a, b, reason in masked:
        assert 0 <= a < b <= len(text) and reason in ("doc_number", "date", "period_name", "ordinal", "slogan", "other")
    found = find_numbers(text, load_units())
    assert [n.start for n, _ in found] == sorted(n.start for n, _ in found)
    for n, high in found:
        assert 0 <= n.start < n.end <= len(text) and n.kind in NUMBER_KINDS
        assert n.value is None or math.isfinite(n.value)
        assert high is None or math.isfinite(high)


@FAST
@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["", "万", "亿", "万亿", "千万"]))
def test_parse_number_reads_arabic_numbers_with_magnitudes(n, magnitude):
    factor = {"": 1, "万": 10**4, "亿": 10**8, "万亿": 10**12, "千万": 10**7}[magnitude]
    assert parse_number(f"{n}{magnitude}") == pytest.approx(n * factor)
    assert parse_number(f"{n:,}") == n


@FAST
@given(st.text(st.sampled_from("零〇一二两三四五六七八九十百千万亿点"), min_size=1, max_size=40))
def test_chinese_numerals_parse_to_a_finite_value_or_say_why_not(text):
    try:
        value = parse_chinese(text)
    except NumberTooLong:
        return
    except ValueError:
        return  # 点 misplaced: not a numeral
    assert math.isfinite(value) and value >= 0


@FAST
@given(TEXT, st.sampled_from(["", "2024", "1956"]), st.sampled_from(["", "work_report", "plan", "policy"]))
def test_quantities_map_back_with_finite_values_in_any_context(raw, year, kind):
    body = normalise(raw).body
    sentences = split_sentences(body, get_segmenter())
    context = document_context(year=int(year) if year else None, kind=kind)
    sections = document_sections(body, year=context.year, work_report=context.work_report)
    found = document_quantities("d", body, sentences, context=context, sections=sections)
    assert [q.start for q in found] == sorted(q.start for q in found)
    for q in found:
        assert body[q.start : q.end] == q.text
        s = sentences[q.sentence_id]
        assert s.start <= q.start < q.end <= s.end
        assert q.value is None or math.isfinite(q.value)
        assert q.value_high is None or math.isfinite(q.value_high)
        assert q.modality in ("achieved", "target", "other") and q.section_role in (*ROLES, "")
        assert len(q.sentence) <= 402


def test_no_sentences_no_quantities():
    assert document_quantities("d", "", ()) == []
    assert find_numbers("", load_units()) == [] and not_claim_spans("") == []


# --- terms, keywords, metadata ---------------------------------------------------------------

WORDS = st.lists(
    st.lists(st.sampled_from(["发展", "改革", "创新", "的", "2024", "5G", "高质量", "一", "经济", "数字"]), max_size=12),
    max_size=6,
)


@FAST
@given(WORDS)
def test_terms_and_keywords_are_ranked_and_scaled(sentences):
    stopwords = load_stopwords()
    terms = keyword_terms(sentences, stopwords)
    assert len(terms) == len(sentences)
    assert all(t in "".join(s) for s, row in zip(sentences, terms) for t in row)
    counts = count_ngrams(sentences, stopwords)
    assert counts.tokens >= 0 and all(v > 0 for v in counts.unigrams.values())
    scores = textrank_scores(terms)
    assert set(scores) == {t for row in terms for t in row}
    if scores:
        assert max(scores.values()) == pytest.approx(1.0) and all(0 < v <= 1 + 1e-9 for v in scores.values())
    keywords = top_keywords("d", "textrank", scores, 3)
    assert [k.rank for k in keywords] == list(range(1, len(keywords) + 1)) and len(keywords) <= 3
    assert [k.score for k in keywords] == sorted((k.score for k in keywords), reverse=True)
    docs = [{t: row.count(t) for t in row} for row in terms]
    matrix, vocab = tfidf_matrix(docs)
    assert matrix.shape == (len(docs), len(vocab)) and vocab == sorted(vocab)
    for i, doc in enumerate(docs):
        row = matrix.getrow(i)
        assert row.nnz == len(doc)
        if doc:
            assert math.fsum(v * v for v in row.data) == pytest.approx(1.0)


@FAST
@given(TEXT)
def test_document_info_and_dates_never_raise_and_give_real_days(raw):
    body = normalise(raw).body
    today = datetime.date(2026, 12, 3)
    info = document_info(body, doc_id="doc", today=today)
    assert info.year is None or 1949 <= info.year <= today.year
    for date in (find_date(raw, today=today), info.date[:10] if len(info.date) == 10 else ""):
        if date:
            assert datetime.date.fromisoformat(date) <= today
    parsed = parse_date(raw)
    assert parsed == "" or (len(parsed) == 10 and 1 <= int(parsed[5:7]) <= 12)


# --- analyze_text -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fast_options():
    return make_options(ner=False, themes=False)


def _check_document(doc, raw):
    body = doc.text
    assert body == normalise(raw).body
    sentences = doc.sentences
    assert [s.sentence_id for s in sentences] == list(range(len(sentences)))
    assert [(s.start, s.end) for s in sentences] == sentence_spans(body)  # the normalised text, in order, no gaps lost
    for s in sentences:
        assert body[s.start : s.end] == s.text
    for records in (doc.quantities, doc.references, doc.entities):
        for r in records:
            assert 0 <= r.start < r.end <= len(body) and body[r.start : r.end] == r.text
            if r.sentence_id >= 0:
                s = sentences[r.sentence_id]
                assert s.start <= r.start < s.end
    for q in doc.quantities:
        assert q.value is None or math.isfinite(q.value)
    for k in doc.keywords:
        assert k.rank >= 1 and math.isfinite(k.score)
    for s in doc.sections:
        assert 0 <= s.start < s.end <= len(body)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(TEXT)
def test_analyze_text_records_index_the_normalised_text(fast_options, raw):
    if not normalise(raw).body.strip():
        with pytest.raises(DocumentReadError):
            analyze_text(raw, options=fast_options)
        return
    _check_document(analyze_text(raw, options=fast_options), raw)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(POLICY_TEXT)
def test_analyze_text_with_ner_gives_entities_that_map_back(raw):
    assume(normalise(raw).body.strip())
    doc = analyze_text(raw, options=make_options(themes=False))
    _check_document(doc, raw)
    assert all(e.label in ("PER", "LOC", "ORG") for e in doc.entities)


# --- regressions found by these tests ----------------------------------------------------------


def test_a_magnitude_run_past_any_float_is_reported_not_infinite():
    # 1亿亿…亿元 (40 亿) was read as value=inf
    text = "投资1" + "亿" * 40 + "元"
    [(number, high)] = find_numbers(text, load_units())
    assert (number.start, number.end, number.value, high) == (2, 43, None, None)
    doc = analyze_text(text + "。", options=make_options(ner=False, themes=False))
    assert [(q.text, q.value, q.note) for q in doc.quantities] == [("1" + "亿" * 40, None, "number too long to parse")]
    assert find_numbers("投资1" + "亿" * 30 + "元", load_units())[0][0].value == pytest.approx(1e240)


def test_run_start_patterns_read_what_they_read_before():
    # the not-claim patterns now start at a run's first numeral only: same spans on real phrases
    assert not_claim_spans("十四五5年来") == [(0, 3, "period_name"), (3, 6, "period_name")]
    assert not_claim_spans("两个毫不动摇，五年多来") == [(0, 2, "slogan"), (7, 11, "period_name")]
    assert not_claim_spans("C919大飞机和5G网络") == [(0, 4, "other"), (8, 10, "other")]
    assert not_claim_spans("拨打12345热线") == [(2, 7, "other")]
    assert not_claim_spans("联系 ab.c1@x.cn") == [(3, 13, "other")]
