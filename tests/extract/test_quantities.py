"""Quantitative claims on real sentences (most quoted from bench/data/quantities_dev.jsonl)."""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policytext.errors import ResourceError
from policytext.extract.number_spans import load_units, not_claim_spans
from policytext.extract.quantities import claims_by_subject, document_context, document_quantities, normalise_subject
from policytext.normalise import normalise
from policytext.records import DocumentResult, Quantity
from policytext.segment import get_segmenter
from policytext.sentences import split_sentences

WORK_REPORT_2024 = document_context(date="2024-03-05", title="2024年政府工作报告")


def claims(text: str, *, context=WORK_REPORT_2024, units=None) -> list[Quantity]:
    body = normalise(text).body
    return document_quantities("d", body, split_sentences(body, get_segmenter()), context=context, units=units)


def fields(q: Quantity) -> tuple:
    return (q.text, q.value, q.value_high, q.unit, q.kind, q.subject, q.predicate, q.modality, q.approx)


def test_results_of_a_work_report():
    found = claims(
        "国内生产总值超过126万亿元，增长5.2%，增速居世界主要经济体前列。城镇新增就业1244万人，城镇调查失业率平均为5.2%。"
    )
    assert [fields(q) for q in found] == [
        ("126万亿元", 126e12, None, "元", "money", "国内生产总值", "超过", "achieved", True),
        ("5.2%", 5.2, None, "%", "percent", "国内生产总值", "增长", "achieved", False),
        ("1244万人", 12_440_000, None, "人", "count", "城镇新增就业", "", "achieved", False),
        ("5.2%", 5.2, None, "%", "percent", "城镇调查失业率", "为", "achieved", False),
    ]


def test_targets_paragraph_of_a_work_report():
    text = "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上，城镇调查失业率5.5%左右；粮食产量1.3万亿斤以上。"
    found = claims(text)
    assert [(q.text, q.value, q.unit, q.subject, q.modality, q.approx) for q in found] == [
        ("5%左右", 5, "%", "国内生产总值", "target", True),
        ("1200万人以上", 12_000_000, "人", "城镇新增就业", "target", True),
        ("5.5%左右", 5.5, "%", "城镇调查失业率", "target", True),
        ("1.3万亿斤以上", 1.3e12, "斤", "粮食产量", "target", True),
    ]
    assert {q.period for q in found} == {"今年"}  # named in the first sentence of the paragraph
    # a list broken into lines by PDF extraction is still a list of targets
    found = claims(text.replace("；", "；\n"))
    assert {q.modality for q in found} == {"target"} and len(found) == 4


def test_issue_examples_lists_multiples_and_changes():
    found = claims("全年基础设施、制造业投资分别增长9.4%、9.1%。")
    assert [(q.text, q.subject, q.predicate) for q in found] == [("9.4%", "基础设施投资", "增长"), ("9.1%", "制造业投资", "增长")]
    found = claims("市场主体总量超过1.6亿户、是十年前的3倍。")
    assert [(q.text, q.value, q.unit, q.kind, q.subject) for q in found] == [
        ("1.6亿户", 1.6e8, "户", "count", "市场主体总量"),
        ("3倍", 3, "倍", "ratio", "市场主体总量"),
    ]
    found = claims("普惠小微贷款余额从8.2万亿元增加到23.8万亿元、年均增长24%。")
    assert [(q.value, q.subject, q.predicate) for q in found] == [
        (8.2e12, "普惠小微贷款余额", ""),
        (23.8e12, "普惠小微贷款余额", "增加到"),
        (24, "普惠小微贷款余额", "增长"),
    ]
    found = claims("培训8300多万人次，安置分流职工110多万人。")
    assert [(q.value, q.unit, q.subject, q.approx) for q in found] == [
        (83_000_000, "人次", "培训", True),
        (1_100_000, "人", "安置分流职工", True),
    ]


def test_number_forms():
    found = claims(
        "居民收入翻一番，翻两番，占三分之一，百分之二十，千分之五，3至5年，5%—6%，7至8万人，下降0.5个百分点，位列全国第二位，近百个。"
    )
    assert [(q.text, q.value, q.value_high, q.unit, q.kind) for q in found] == [
        ("翻一番", 2, None, "倍", "ratio"),
        ("翻两番", 4, None, "倍", "ratio"),
        ("三分之一", 0.333333, None, "", "ratio"),
        ("百分之二十", 20, None, "%", "percent"),
        ("千分之五", 5, None, "‰", "percent"),
        ("3至5年", 3, 5, "年", "duration"),
        ("5%—6%", 5, 6, "%", "percent"),
        ("7至8万人", 70_000, 80_000, "人", "count"),
        ("0.5个百分点", 0.5, None, "个百分点", "pct_point"),
        ("第二位", 2, None, "位", "rank"),
        ("近百个", 100, None, "个", "count"),
    ]
    assert found[-1].approx


def test_full_width_digits_of_a_1956_report():
    # gwr_1956 as published: full-width digits and a Chinese comma between thousands
    found = claims(
        "粮食总产量达到３，６８０亿斤，完成年度计划的１０２％，比１９５４年增长９％。", context=document_context(date="1956")
    )
    assert [(q.text, q.value, q.unit, q.subject, q.predicate) for q in found] == [
        ("3,680亿斤", 368e9, "斤", "粮食总产量", "达到"),
        ("102%", 102, "%", "粮食总产量", "完成"),
        ("9%", 9, "%", "粮食总产量", "增长"),
    ]


def test_rules_of_a_policy_are_other_and_future_years_in_a_plan_are_targets():
    policy = document_context(date="2018-12-13", title="国务院关于印发个人所得税专项附加扣除暂行办法的通知")
    found = claims("同一学历（学位）继续教育的扣除期限不能超过48个月。", context=policy)
    assert [(q.text, q.value, q.unit, q.kind, q.modality) for q in found] == [("48个月", 48, "个月", "duration", "other")]
    plan = document_context(date="2018-12-21", title="国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见")
    found = claims("到2020年，全国农作物耕种收综合机械化率达到70%。", context=plan)
    assert [(q.text, q.subject, q.period, q.modality) for q in found] == [
        ("70%", "农作物耕种收综合机械化率", "到2020年", "target")
    ]


def test_a_1978_plan_year_in_chinese_digits_and_the_defaults_of_a_plan():
    report_1978 = document_context(date="1978", title="1978年中华人民共和国国务院政府工作报告")
    found = claims("按照十年规划，到一九八五年，粮食产量达到八千亿斤，钢产量六千万吨。", context=report_1978)
    assert [(q.text, q.value, q.subject, q.period, q.modality) for q in found] == [
        ("八千亿斤", 8e11, "粮食产量", "到一九八五年", "target"),
        ("六千万吨", 6e7, "钢产量", "到一九八五年", "target"),
    ]
    # xv_sd_018: a plan's numbers are targets unless they state a rule (至少, 不少于)
    plan = document_context(date="2021-10-21", title="山东省“十四五”教育事业发展规划")
    found = claims("全省普惠性幼儿园覆盖率超过85%。各中小学至少配备1名专职教师。", context=plan)
    assert [(q.text, q.subject, q.modality) for q in found] == [
        ("85%", "普惠性幼儿园覆盖率", "target"),
        ("1名", "专职教师", "other"),
    ]


def test_examples_before_the_number_and_a_quoted_name_after_it_are_not_the_subject():
    # prov_gwr_2026_beijing
    found = claims("实施杜家坎等30项市级疏堵工程，累计推出119个“高效办成一件事”重点事项。")
    assert [(q.text, q.subject) for q in found] == [("30项", "市级疏堵工程"), ("119个", "重点事项")]


def test_a_demonstrative_or_preposition_before_the_number_leaves_the_noun_after_as_subject():
    found = claims("这一百二十个项目建成后，保证把三分之一的企业建成大庆式企业。")
    assert [(q.text, q.subject) for q in found] == [("一百二十个", "项目"), ("三分之一", "企业")]


def test_a_verb_before_a_bound_is_not_the_subject_the_noun_after_is():
    # xv_cn_064, xv_cn_065, prov_gwr_2026_beijing: 制定不少于20项相关标准
    found = claims("制定不少于20项相关标准，面向不少于10个应用场景，提供不少于10万个高校毕业生就业岗位。")
    assert [(q.text, q.subject) for q in found] == [("20项", "相关标准"), ("10个", "应用场景"), ("10万个", "高校毕业生就业岗位")]
    assert [q.subject for q in claims("人工智能方向研发经费不低于500万元。")] == ["人工智能方向研发经费"]


def test_a_framing_verb_is_never_the_subject():
    # gwr_1958, gwr_1955, gwr_2017: 拟定, 应该, 转为 frame the claim; the subject is before them
    found = claims("一九五八年的工业总产值，拟定为六百四十三亿七千万元。各种非生产性建设的造价，应该比原计划至少节约百分之十五。")
    assert [(q.text, q.subject) for q in found] == [
        ("六百四十三亿七千万元", "工业总产值"),
        ("百分之十五", "各种非生产性建设的造价"),
    ]
    found = claims("工业企业利润由上年下降2.3%转为增长8.5%。")
    assert [(q.text, q.subject) for q in found] == [("2.3%", "工业企业利润"), ("8.5%", "工业企业利润")]


def test_a_count_before_another_measured_number_counts_what_that_one_measures():
    # prov_gwr_2026_neimenggu, prov_gwr_2026_jiangsu; 千伏 is a unit, not 千 (thousand)
    found = claims("建成20个500千伏输变电工程。12类45件民生实事全面完成。")
    assert [(q.text, q.value, q.unit, q.subject) for q in found] == [
        ("20个", 20, "个", "输变电工程"),
        ("500千伏", 500, "千伏", "输变电工程"),
        ("12类", 12, "类", "民生实事"),
        ("45件", 45, "件", "民生实事"),
    ]


def test_a_remark_in_brackets_leaves_no_de_at_the_start_of_the_subject():
    # gwr_1957
    found = claims("全国基本建设（包括经济、文教、行政各方面的基本建设）的投资共有140亿元。")
    assert [(q.text, q.subject) for q in found] == [("140亿元", "投资")]


def test_modal_words_and_hedges_do_not_end_a_subject():
    # sc_guofa_2018_41, xv_sd_032, gwr_1960
    found = claims("每人分摊的额度不能超过每月1000元。测试时间原则上不超过18个月。")
    assert [(q.text, q.subject) for q in found] == [("1000元", "每人分摊的额度"), ("18个月", "测试时间")]


def test_a_quality_clause_before_de_leaves_the_noun_after_it_as_subject():
    # sc_guobanfa_2018_117, prov_gwr_2026_shanxi; not 三个联合公报确立的各项原则 (联合 is no quality)
    found = claims(
        "优先支持其行政区域内1家符合条件的国家自主创新示范区或国家高新技术产业开发区扩区或调整区位。帮扶3000余名符合条件的残疾人。"
    )
    assert [(q.text, q.subject) for q in found] == [("1家", "国家自主创新示范区"), ("3000余名", "残疾人")]
    assert [q.subject for q in claims("只要严格遵循中美三个联合公报确立的各项原则。")] == ["联合公报确立"]


@pytest.mark.parametrize(
    "text",
    [
        "根据国发〔2018〕1号和京政发【2018】3号文件精神，2022年12月印发。",
        "一是坚持两个毫不动摇，（三）落实四个全面，第一，推进三去一降一补。",
        "“十三五”时期以来，五年来，过去五年，改革开放40多年来。",
        "咨询电话010-12345678，网址https://www.gov.cn，5G和C919，PM2.5。",
        "11月6日至10日，1-10月，2021—2025年。",
    ],
)
def test_numbers_that_are_not_claims(text):
    assert claims(text) == []
    assert not_claim_spans(normalise(text).body)


def test_offsets_index_the_text_and_sentences_carry_their_text():
    text = "第一段。\n国内生产总值超过126万亿元，增长5.2%。"
    body = normalise(text).body
    sentences = split_sentences(body, get_segmenter())
    for q in document_quantities("d", body, sentences, context=WORK_REPORT_2024):
        assert body[q.start : q.end] == q.text
        assert q.sentence == sentences[q.sentence_id].text


def test_no_numbers_no_claims():
    assert claims("加快建设农业强国，统一大市场，进一步深化改革，一批项目。") == []
    assert document_quantities("d", "", ()) == []


def test_user_units_extend_the_lexicon(tmp_path):
    assert [q.unit for q in claims("新增算力3万PFlops。")] != ["PFlops"]
    path = tmp_path / "units.txt"
    path.write_text("# compute\nPFlops\tamount\n", encoding="utf-8")
    found = claims("新增算力3万PFlops。", units=load_units((str(path),)))
    assert [(q.value, q.unit, q.kind) for q in found] == [(30_000, "PFlops", "amount")]
    bad = tmp_path / "bad_units.txt"
    bad.write_text("PFlops\tcompute\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="kind one of"):
        load_units((str(bad),))


def test_claims_by_subject_follows_a_subject_across_documents():
    def doc(doc_id, date, text):
        body = normalise(text).body
        ctx = document_context(date=date, title="政府工作报告")
        found = document_quantities(doc_id, body, split_sentences(body, get_segmenter()), context=ctx)
        return DocumentResult(doc_id=doc_id, date=date, text=body, records={"quantities": tuple(found)})

    docs = [
        doc("gwr_2024", "2024-03-05", "城镇新增就业1244万人。今年发展主要预期目标是：城镇新增就业1200万人以上。"),
        doc("gwr_2017", "2017-03-05", "城镇新增就业1314万人。"),
        doc("other", "2020", "粮食产量1.3万亿斤。"),
    ]
    rows = claims_by_subject(docs)
    series = [(r.doc_id, r.value, r.modality) for r in rows if r.subject == "城镇新增就业"]
    assert series == [
        ("gwr_2017", 13_140_000, "achieved"),
        ("gwr_2024", 12_440_000, "achieved"),
        ("gwr_2024", 12_000_000, "target"),
    ]
    assert rows[0].subject == "城镇新增就业" and rows[0].documents == 2 and rows[0].claims == 3
    assert normalise_subject("“四上”企业") == "四上企业"


# --- bad input ------------------------------------------------------------------------------

CHINESE_AND_NUMBERS = st.text(
    alphabet=st.sampled_from(
        list(
            "0123456789.,%—-～至到一二两三四五六七八九十百千万亿零〇多余左右以上第个年月日元吨人倍番分之，。；、：“”（）国内生产总值增长达到是的 \n"
        )
    ),
    max_size=200,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), CHINESE_AND_NUMBERS))
def test_arbitrary_text_never_raises_and_spans_map_back(text):
    body = normalise(text).body
    sentences = split_sentences(body, get_segmenter())
    for q in document_quantities("d", body, sentences, context=WORK_REPORT_2024):
        assert body[q.start : q.end] == q.text
        assert q.value is None or math.isfinite(q.value)
        assert q.value_high is None or math.isfinite(q.value_high)
        assert q.modality in ("achieved", "target", "other")


def test_absurdly_long_numbers_are_reported_not_parsed():
    found = claims("国内生产总值达到" + "9" * 500 + "亿元。")
    assert len(found) == 1
    assert found[0].value is None and found[0].note == "number too long to parse"
    assert len(found[0].text) == 500


def test_a_long_sentence_of_many_claims_takes_linear_time():
    import time

    def best(n: int) -> float:
        text = "新增就业1万人，" * n
        sentences = split_sentences(text, get_segmenter())
        times = []
        for _ in range(3):
            t = time.perf_counter()
            found = document_quantities("d", text, sentences)
            times.append(time.perf_counter() - t)
        assert len(found) == n and found[-1].subject == "新增就业"
        return min(times)

    # four times the claims in one sentence: about four times the time (it was quadratic)
    assert best(4_000) < 9 * best(1_000)


def test_a_very_long_sentence_is_shown_around_each_claim():
    text = "数字经济平台建设" * 200 + "城镇新增就业1244万人" + "数字经济平台建设" * 200
    found = claims(text)
    assert [q.text for q in found] == ["1244万人"]
    shown = found[0].sentence
    assert len(shown) == 402 and shown.startswith("…") and shown.endswith("…") and "城镇新增就业1244万人" in shown
    assert claims("城镇新增就业1244万人。")[0].sentence == "城镇新增就业1244万人。"


def test_a_year_looked_back_on_is_achieved_and_a_word_with_yi_is_no_number():
    # prov_gwr_2026_henan, xv_sd_031
    henan = document_context(date="2026-01-27", title="2026年河南省政府工作报告")
    found = claims("一年来，聚焦“1+2+4+N”目标任务体系，生产总值增长5.6%，新建改造高标准农田3167万亩。", context=henan)
    assert [(q.text, q.modality) for q in found] == [("5.6%", "achieved"), ("3167万亩", "achieved")]
    assert [(q.text, q.value) for q in claims("根据各阶段目标要求，统一五项标准。")] == [("五项", 5)]


def test_a_word_naming_a_pair_gives_each_number_its_half():
    found = claims("城乡居民人均可支配收入分别达6.9万元、3.4万元，增长4.2%、5.3%。")
    assert [(q.text, q.subject) for q in found] == [
        ("6.9万元", "城镇居民人均可支配收入"),
        ("3.4万元", "农村居民人均可支配收入"),
        ("4.2%", "城镇居民人均可支配收入"),
        ("5.3%", "农村居民人均可支配收入"),
    ]
    found = claims("银行机构本外币存贷款余额分别达38.7万亿元、29.9万亿元。")
    assert [q.subject for q in found] == ["银行机构本外币存款余额", "银行机构本外币贷款余额"]


def test_counts_listed_one_after_another_count_their_own_nouns():
    found = claims("压茬推进“百千工程”，累计创建42个示范村、22个示范片区，建成美丽庭院5000余户。")
    assert [(q.text, q.subject) for q in found][:2] == [("42个", "示范村"), ("22个", "示范片区")]
    found = claims("新培育407个典型镇、2519个典型村和25个典型村片区。")
    assert [q.subject for q in found] == ["典型镇", "典型村", "典型村片区"]


def test_a_preposition_opening_the_subject_is_not_part_of_it():
    found = claims("国家决算在农业、林业、水利等方面共支出1,497,616,000元。")
    assert [q.subject for q in found] == ["农业、林业、水利等方面"]
    found = claims("加快建设大湾区国际科技创新中心，预计全社会研发投入5350亿元、增长4.9%。")
    assert [q.subject for q in found] == ["全社会研发", "全社会研发"]


# --- subjects (issue 15, part 4): whole words of the sentence, the number's own noun, no glue --


def subjects(text: str, **kw) -> list[tuple[str, str]]:
    return [(q.text, q.subject) for q in claims(text, **kw)]


def test_a_listed_number_with_a_noun_of_its_own_does_not_take_the_previous_item():
    found = subjects("营商环境持续优化，营商环境评价8个一级指标、28个二级指标及数字政府建设达到国内先进水平。")
    assert found[1] == ("28个", "二级指标")
    # the noun after 次 is what the action is done to, and each 次 has its own
    assert subjects("货币政策精准有力，两次降低存款准备金率、两次下调政策利率。") == [
        ("两次", "存款准备金率"),
        ("两次", "政策利率"),
    ]
    # a list joined by 和 pairs with 分别 too, and a head is shared only when it is a measure
    assert subjects("全市生产安全死亡事故起数和死亡人数分别下降3.6%和1.3%；食品、药品抽检合格率分别超98.5%和99%。") == [
        ("3.6%", "生产安全死亡事故起数"),
        ("1.3%", "死亡人数"),
        ("98.5%", "食品抽检合格率"),
        ("99%", "药品抽检合格率"),
    ]
    assert subjects("全国文明城市、国家历史文化名城分别增至37座、14座。")[1] == ("14座", "国家历史文化名城")


def test_a_subject_is_never_a_piece_of_a_word():
    found = subjects("旅居人数增长41.4%，手工业所占的比重将下降为15.3%，建设保障性安居工程1.79万套。")
    assert found == [("41.4%", "旅居人数"), ("15.3%", "手工业所占的比重"), ("1.79万套", "建设保障性安居工程")]
    # a verb split by the predicate (跃|升到) leaves no piece of itself as the subject
    assert subjects("坚持四项基本原则。") == []  # a numbered formula, not a count
    assert subjects("和美乡村覆盖率达到60%。") == [("60%", "和美乡村覆盖率")]  # 和美 is a word, not the joiner 和
    assert subjects("国内生产总值从世界第六位跃升到第二位。") == [("第六位", "国内生产总值"), ("第二位", "国内生产总值")]
    assert subjects("中央财政支出42.7亿元。") == [("42.7亿元", "中央财政")]  # (财政支出 is one word, cut by its verb)
    # a long subject is cut where words meet, and not inside a list
    found = subjects("全社会研发经费投入、高技术制造业增加值年均增长10%左右。")
    assert found == [("10%左右", "全社会研发经费投入、高技术制造业增加值")]


def test_function_words_and_brackets_at_the_edges_are_not_part_of_the_subject():
    assert subjects("今年赤字率拟按3%安排。") == [("3%", "赤字率")]
    policy = document_context(date="2023-01-01", title="济南市关于支持科技创新的若干政策")
    found = subjects("对承担军工科研项目的企业，按照项目合同金额的30%给予补助，最高补助500万元。", context=policy)
    assert found[0] == ("30%", "补助")  # the aid is what the share measures (its base: 项目合同金额)
    found = subjects("全省涉企检查事项精简26.8%，“综合查一次”实施率达83.1%。")
    assert found[1] == ("83.1%", "“综合查一次”实施率")  # a quote kept whole, with both its marks
    text = "扣除医保报销后个人负担（指医保目录范围内的自付部分）累计超过15000元的部分，由纳税人据实扣除。"
    assert subjects(text) == [("15000元", "扣除医保报销后个人负担")]  # the remark in brackets is left out


def test_the_noun_after_a_number_ends_at_the_verb_of_the_clause():
    found = subjects("28个省份开展大病医疗保险试点，精准帮扶7.2万名就业困难人员实现就业。")
    assert found == [("28个", "省份"), ("7.2万名", "就业困难人员")]
    assert subjects("中央政府全力支持香港、澳门两个特别行政区行政长官和政府依法施政。")[0][1].startswith("特别行政区")
    assert subjects("新型农村合作医疗制度不断完善，已扩大到全国86%的县。") == [("86%", "县")]


def test_the_difference_from_a_base_is_the_clause_subject_and_a_preposition_opens_the_phrase():
    found = subjects("1955年决算支出占预算数的98.41%，比预算数29,821,828,000元少支474,890,000元。")
    assert found == [("98.41%", "决算支出"), ("29,821,828,000元", "预算数"), ("474,890,000元", "决算支出")]
    assert subjects("工业对经济增长贡献率35.1%。") == [("35.1%", "经济增长贡献率")]
    assert subjects("我国的钢产量在一九五二年是一百三十五万吨。", context=document_context(date="1958"))[0][1] == "钢产量"


def test_a_claim_whose_subject_is_not_found_says_so():
    found = claims("突出抓好三个方面。重点抓好以下14个方面的工作：")
    assert [(q.text, q.subject, q.note) for q in found] == [
        ("三个", "", "no subject found"),
        ("14个", "", "no subject found"),
    ]
    assert claims("国内生产总值增长5.2%。")[0].note == ""


POLICY_2019 = document_context(date="2019-05-10", title="关于促进数字经济发展的若干措施")


@pytest.mark.parametrize(
    ("text", "number", "subject"),
    [
        # a relation verb: the previous claim's subject
        ("钢二百十七万吨，等于一九四九年的十三点七倍。", "十三点七倍", "钢"),
        # how it is counted is not what
        ("国民生产总值由3480亿元增加到9380亿元，按可比价格计算增长102%。", "102%", "国民生产总值"),
        # per head and per day are glue
        ("城乡居民基本医保财政补助标准增加到人均280元。", "280元", "城乡居民基本医保财政补助标准"),
        ("全年新登记注册企业增长21.6%，平均每天新增1.2万户。", "1.2万户", "新登记注册企业"),
        # the frame after 的 is not what is measured
        ("基本建设投资比上年增长7.3%，大大低于上一年增长44.6%的速度。", "44.6%", "基本建设投资"),
        # an amount before 的 names the noun after it
        ("设立总规模不少于100亿元的数字经济发展专项基金。", "100亿元", "数字经济发展专项基金"),
        ("培育5家年产值过亿元的建材行业信息化供应商。", "5家", "建材行业信息化供应商"),
        # a list of amounts shares the noun after the last one
        ("对认定的企业，分别一次性给予50万元、30万元奖励。", "50万元", "奖励"),
        # a verb and its object after the amount: the subject comes before
        ("今后五年中央财政将投入100亿元支持职业教育发展。", "100亿元", "中央财政"),
        # a time counted from a date: the subject is before 在
        ("执法决定信息要在执法决定作出之日起7个工作日内公开。", "7个工作日", "执法决定信息"),
        # the subject of a previous clause is its head, not its last words
        ("核发的批准文件在有效期内可一证多批使用，但最多不超过六批。", "六批", "核发的批准文件"),
        # the time a task takes: the task follows
        ("利用3年时间，打造一批省级特色服务出口基地。", "3年", "省级特色服务出口基地"),
        ("力争三到五年时间内，市场监管领域新型监管机制更加完善。", "三到五年", "市场监管领域新型监管机制"),
    ],
)
def test_subjects_from_the_whole_phrase(text, number, subject):
    found = {q.text: q.subject for q in claims(text)}
    assert found[number] == subject


def test_a_policy_describing_its_own_parts_states_neither_results_nor_targets():
    found = {
        q.text: q.modality for q in claims("本指南凝练总结了16个环节45个典型场景，设置了4类共25项指标。", context=POLICY_2019)
    }
    assert found == {"16个": "other", "45个": "other", "4类": "other", "25项": "other"}


def test_a_size_that_says_which_things_are_meant_is_other():
    found = claims("2022年底前，推动5万亩以上的大中型灌区渠首取水口实现在线计量。", context=POLICY_2019)
    assert [(q.text, q.modality) for q in found] == [("5万亩以上", "other")]


def test_a_decision_and_an_approval_are_acts_done():
    found = {q.text: q.modality for q in claims("商务部决定将三里屯商圈等12个商圈确认为全国示范智慧商圈。", context=POLICY_2019)}
    assert found == {"12个": "achieved"}
    found = {
        q.text: q.modality
        for q in claims("一、同意乌鲁木齐、昌吉、石河子3个高新技术产业开发区建设国家自主创新示范区。", context=POLICY_2019)
    }
    assert found == {"3个": "achieved"}


@pytest.mark.parametrize(
    "text", ["以济南为中心，到4544年建成国内高档数控机床基地。", "1.2040年底前完成5G网络全覆盖。", "到3134年底，水平显著提升。"]
)
def test_mistyped_years_are_not_durations(text):
    assert claims(text, context=POLICY_2019) == []


def test_a_long_duration_parts_and_departments_are_counted():
    found = {q.text: (q.unit, q.subject) for q in claims("实行了长达2600年的这个古老税种从此退出历史舞台。")}
    assert found == {"2600年": ("年", "这个古老税种")}
    found = {
        q.text: (q.value, q.unit, q.subject) for q in claims("体系框架由基础共性、关键技术两部分组成。", context=POLICY_2019)
    }
    assert found == {"两部分": (2.0, "部分", "体系框架")}
    found = {q.text: (q.value, q.unit, q.subject) for q in claims("中央网信办等8部门联合推进92家国家智能社会治理试验基地建设。")}
    assert found == {"8": (8.0, "", "部门"), "92家": (92.0, "家", "国家智能社会治理试验基地")}


def test_the_task_after_a_duration_and_the_people_after_a_list_of_shares():
    found = {q.text: q.subject for q in claims("用两年时间将筹资标准由每人每年50元提高到100元。")}
    assert found == {"两年": "筹资标准", "50元": "筹资标准", "100元": "筹资标准"}
    found = {q.text: q.subject for q in claims("用十五年时间，即在一九八○年以前，建成独立的比较完整的工业体系。")}
    assert found == {"十五年": "独立的比较完整的工业体系"}
    found = {q.text: q.subject for q in claims("分别有57.0%、43.2%的受访者认为企业较多运用了数字化办公技术。")}
    assert found == {"57.0%": "受访者", "43.2%": "受访者"}


def test_a_length_in_characters():
    found = claims("（基本情况，不超过500字。）", context=POLICY_2019)
    assert [(q.text, q.unit) for q in found] == [("500字", "字")]


def test_the_aid_a_share_grants_and_the_aid_a_unit_receives():
    found = {
        q.text: q.subject for q in claims("按照实际总投入的30%提供财政补助，每个单位每年最高补贴100万元。", context=POLICY_2019)
    }
    assert found == {"30%": "财政补助", "100万元": "补贴"}
    found = {q.text: q.subject for q in claims("父母可以选择由其中一方按扣除标准的100%扣除。", context=POLICY_2019)}
    assert found == {"100%": "扣除标准"}


@pytest.mark.parametrize(
    "text",
    [
        "周总理说，五年多来，我国同许多国家发展了友好关系。",
        "香港回归八个多月以来，保持了原有的制度不变。",
        "提升中小企业二次开发能力。",
    ],
)
def test_periods_since_and_words_with_a_numeral_are_not_claims(text):
    assert claims(text) == []


def test_a_clock_time_after_a_day_is_a_date():
    assert [q.text for q in claims("尤以18日晚8时40分和19日晚8时35分两次较大。")] == ["两次"]


def test_an_anniversary_is_a_fact_and_rule_words_count_in_their_own_clause():
    assert [q.modality for q in claims("今年是改革开放40周年。")] == ["achieved"]
    text = "要坚持以资源环境承载能力为刚性约束条件，将雄安新区蓝绿空间占比稳定在70%。"
    assert [
        q.modality
        for q in claims(text, context=document_context(date="2018-12-20", title="国务院关于河北雄安新区总体规划的批复"))
    ] == ["target"]
    assert [q.modality for q in claims("建立100个“双师型”教师培养培训基地。", context=POLICY_2019)] == ["target"]
