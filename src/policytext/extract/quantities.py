"""Quantitative claims: every number in the body text that says how many, how much, what
share, what rank or how long, with its value, unit, what it counts and whether it is a
result or a target.

The extractor works on one sentence at a time, in four steps:

1. and 2. find the numbers that may be claims, with value, unit and range
   (``number_spans``);
3. give each claim its context: predicate (the verb before it), subject (the phrase the
   number is predicated of), period (the nearest time expression), modality;
4. drop numbers with neither unit nor predicate: a bare number is rarely a claim.

Everything here is rules over characters, so it runs in a few milliseconds per document.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from policytext.extract.number_spans import NumberSpan, UnitLexicon, find_numbers, load_units
from policytext.lexicon import verbs
from policytext.records import DocumentResult, Quantity, Section, Sentence
from policytext.sections import PLAN, REVIEW, RULES, TARGETS, document_sections, section_at

ACHIEVED, TARGET, OTHER = "achieved", "target", "other"

# --- step 3: context ---------------------------------------------------------------------------

_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?\n]")
CLAUSE_CHARS = 200  # a clause is read at most this far on either side of its number (real ones are shorter)
_VERBS = (
    "增长 下降 上涨 下跌 增加 减少 提高 降低 提升 上升 回落 扩大 缩小 缩短 延长 放宽 压减 压降 压缩 化解 "
    "达到 突破 超过 超出 新增 累计 完成 实现 建成 新建 改造 改建 开工 新开工 投产 安置 退出 控制 保持 稳定 "
    "投入 下达 发放 惠及 覆盖 吸引 引进 带动 拉动 贡献 节约 筹集 拨付 安排 支出 扣除 补贴 奖励 给予 资助 "
    "补助 减免 减税 退税 修建 收到 年满 改善 支持 开通 设立 建立 认定 创建 培育 组建 吸纳 转移 招收 扩招 帮助 解决 占 占到 "
    "增至 降至 升至 减至 增 减 降 升 涨 达 约为 接近 不超过 不低于 不少于 不高于 低于 高于 多于 少于"
).split()
_VERB_SET = frozenset(_VERBS)
_PREDICATE = re.compile(
    "(?:" + "|".join(sorted(_VERBS, key=len, reverse=True)) + ")(?:到|至|为|了|在)?$|(?:为|是|有|共有|共计|总计|合计|相当于)$"
)
# words between the subject and the number that belong to neither
_GLUE = re.compile(
    r"(?:分别|同比|比上年|比去年|较上年|比上年同期|平均|年均|年平均|累计|共|已经|已|又|再|都|均|仅|只|就|则|也|即|还|"
    r"将|要|力争|预计|确保|争取|计划|从|由|达|约|近|逾|了|的|实际|一般|人均|大大|明显|显著|大幅|略|远|每[家人个户年月名项次天日周]|最高|最多|最低|最少|最长|最短|最大|一次性|先后|连续|首批|、|\s)+$"
)
# one word that opens the text before a subject without being part of it (time words, connectives)
_LEAD_WORD = re.compile(
    r"其中|此外|同时|另外|目前|截至|截止|到|至|在|从|全年|去年|今年|明年|当年|上年|上半年|下半年|前三季度|"
    r"[一二三四]季度|(?:(?:19|20)\d{2}|(?:一九|二[〇○零])[〇○零一二三四五六七八九]{2})年(?:\d{1,2}月)?(?:底|末|初|以来)?|过去[一二两三四五六七八九十\d]+年(?:来|间|中)?|"
    r"[一二两三四五六七八九十\d]+年来|[“\"]?十[一二三四五六七八九]五[”\"]?(?:时期|期间|期末|以来)?|全国|全省|全市|全区|"
    r"我国|我省|我市|我区|累计|共|一般|原则上|和|及|与|并|或者|或|也可以|也|可以|按照|按|对于|对|拟|力争|争取|确保|预计|实施|开展|"
    r"但是|但|而且|而|并且|因此|所以|我们|为了|因为|由于|"
    r"\d{1,2}[.．、](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|"
    r"(?:这|近|今后|未来)[一二两三四五六七八九十\d]+年(?:来|间|中|内)?|"
    r"(?:用|利用|通过|经过|再用)[一二两三四五六七八九十\d～~到至—-]+多?个?(?:年|月)(?:左右)?(?:时间)?(?:内)?|时间(?=将|把)|第[一二三四五六七八九十百零〇\d]+[条章节款]|，|、|：|\s"
)
_SUBJECT_LEAD = re.compile(f"^(?:{_LEAD_WORD.pattern})+")
# where the subject ends: a comparison (比上年, 由1954年的), or a relation verb before an object (完成预算的)
_SUBJECT_END = re.compile(
    r"比起|(?:比|较)(?!重|例|率|较)|同比|由(?!于)|从|即|占|完成|相当于|达到|增长(?!率)|下降(?!率)|增加(?!值)|减少|提高(?!率)|降低|上升|超过|突破"
    r"|共有|共计|合计|(?:稳|位|跃|均)?居(?!民|住|家|委|室|于)|保持|位列|排名|排在"
    r"|[高低快慢多少]于"
)
_NOT_PREDICATES = frozenset(("比", "较", "同比", "由", "从", "即"))
_TAKES_OBJECT = frozenset(("完成", "达到", "突破", "共有", "减少", "增加", "提高", "降低"))
_CHANGE_VERBS = frozenset(
    "增长 下降 上涨 下跌 增加 减少 提高 降低 提升 上升 回落 扩大 缩小 达到 突破 超过 增至 降至 升至 减至".split()
)
_SUBJECT_IS_PREVIOUS = re.compile(r"^(?:是|为|相当于|等于|约为|占|达)")
# The lookahead lists every character a time expression can start with: positions that
# cannot start one are passed over at once (5x faster over a document; the same matches).
_PERIOD_FIRST = r"(?=[到至截\d一二两三四五六七八九十“\"过今未近年去明全上下前本])"
_PERIOD = re.compile(
    _PERIOD_FIRST + r"(?:"
    r"(?:到|至|截至|截止)?(?<![比较同由从])(?:(?:19|20)\d{2}|(?:一九|二[〇○零])[〇○零一二三四五六七八九]{2})年"
    r"(?:\d{1,2}(?:[-—至]\d{1,2})?月)?(?:(?:底|末)前|底|末|初|以来)?"
    r"|[“\"]?十[一二三四五六七八九]五[”\"]?(?:时期|期间|期末|以来)?"
    r"|(?:过去|今后|未来|近)[一二两三四五六七八九十\d]+年(?:来|以来)?"
    # from the first numeral of a run only (else a long run of digits takes quadratic time)
    r"|(?:(?<![一二两三四五六七八九十\d])|(?<=十[一二三四五六七八九]五))[一二两三四五六七八九十\d]+(?:多?年来|年内)"
    r"|年[底末]前"
    r"|去年|今年|明年|全年|上半年|下半年|前三季度|[一二三四]季度|本届政府任期内"
    r")"
)
# a paragraph listing targets: 主要预期目标是, 目标为 (not 完成了预期目标, 圆满完成目标任务)
_TARGET_CONTEXT = re.compile(r"(?<!完成)(?<!实现)(?:预期目标|主要目标)(?!任务)|目标(?:是|为)")
# modality cues are whole tokens of the segmenter: 要 is a cue, 主要 is not
_TARGET_CUES = frozenset("目标 预期目标 力争 争取 确保 将 要 拟 今年 明年 今后 未来 规划".split())
_ACHIEVED_CUES = frozenset("已 已经 了 累计 比上年 同比 去年 上年 过去 以来 目前 截至 完成 原定 原计划 超额".split())
_RULE_CUES = frozenset(
    "可 可以 按 按照 申请 条件 符合 之日起 最高 不超过 不低于 不少于 至少 对于".split()
)  # provisions of a policy
_FORECAST_CUES = frozenset("预计 力争 预期".split())
_TASK_CUES = frozenset("加快 推动 推进 打造 建成 培育 举办 建立 建设".split())  # a policy's tasks
_CUE_WORDS = _TARGET_CUES | _ACHIEVED_CUES | _RULE_CUES | _TASK_CUES | _FORECAST_CUES
_THIS_YEAR = re.compile(r"今年|明年")
_WITHIN_YEARS = re.compile(r"年内$")  # 3年内建成: a deadline ahead
_LOOKING_BACK = re.compile(r"来$|以来|过去|去年|上年")
_YEAR_WORD = r"(?:(?:19|20)\d{2}|(?:一九|二[〇○零])[〇○零一二三四五六七八九]{2})年(?:底|末)?"
_PAST_BASE = re.compile(rf"(?:比|较|由|从){_YEAR_WORD}(?:的)?$")  # the number right after it is the base
_DISPOSAL = re.compile(r"将.{1,40}?(?:确认为|认定为|命名为|评为|列为|确定为|纳入)")
_DEADLINE = re.compile(r"前$")  # 年底前, 2025年底前
_DECIDED = re.compile(r"决定将")
_APPROVAL = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、)?同意")
_OTHER_CUE = re.compile(
    r"(?<!高)(?<!国家)(?<!行业)(?<!团体)(?<!地方)(?<!国际)标准(?!化|农田)|原则上|优先支持|扣除|给予|奖励|补贴|资助|补助|年满|周岁|日内|工作日|最高|限额|额度|期限|不超过|每[人户月名]"
)
# provisions even inside a plan: subsidies, rewards, deadlines, age limits
_PROVISION = re.compile(r"原则上|优先支持|给予|奖励|补贴|资助|补助|工作日|日内|小时内|周岁|年满|限额|期限|不超过")
_PLAN_TITLE = re.compile(r"规划|纲要|(?<!生育)计划(?!生育)")
_YEAR_IN = re.compile(r"(?:19|20)\d{2}|(?:一九|二[〇○零])[〇○零一二三四五六七八九]{2}")
_YEAR_DIGITS = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")


def _years(text: str) -> list[int]:
    """The years named in ``text``, in Arabic or Chinese digits (一九八○年 -> 1980)."""
    return [int(y.translate(_YEAR_DIGITS)) for y in _YEAR_IN.findall(text)]


@dataclass(frozen=True)
class DocumentContext:
    """What modality and period depend on beyond the sentence."""

    year: int | None = None  # the document's year: later years are targets, earlier ones results
    work_report: bool = False  # numbers without cues are results in a work report, rules elsewhere
    plan: bool = False  # and targets in a plan (规划, 纲要, 行动计划)


def _predicate(left: str) -> tuple[str, str]:
    """(predicate, text before it) from the text between the subject's clause start and the number."""
    rest = left
    for _ in range(3):
        m = _PREDICATE.search(rest)
        if m:
            return m.group(), rest[: m.start()]
        glue = _GLUE.search(rest)
        if not glue or glue.start() == len(rest):
            break
        rest = rest[: glue.start()]
    return "", left


# words that open a phrase before its noun: 在农业方面支出 -> 农业方面, 并与其签订 -> 其签订
_LEADING_PARTICLES = frozenset(
    "在 向 对 给 把 将 与 为 要 并 由 使 让 被 预计 并与 要在 拟 按 按照 对于 和 及 以及 或 或者 而 且 但 但是 而且 "
    "并且 给予 予以 安排 的 等 于 就 还 也 又 再 都 均 已 已经 其中".split()
)
# a preposition inside the text before a number opens the phrase the number is about
_ADVERBIAL_OPENERS = frozenset("在 对 对于".split())
_TIME_ENDS = frozenset("年月日期时间内后前来起")  # 大庆原油产量在十七年间: a time, not the subject
# words a subject never ends with: 赤字率拟按, 围绕核心制造企业及, 自然指数前
_TRAILING_WORDS = frozenset(
    "的 等 拟 按 按照 对 对于 和 及 与 以及 或 或者 在 于 为 从 由 向 将 把 被 给 超 达 约 近 逾 所 是 有 并 而 且 就 都 "
    "也 还 又 再 均 已 已经 共 了 之 前 以 每 比 较 即 则 却 才 仍 仍然 正 都在 竟 竟然 只 仅 为此 "
    "必须 应 应当 要 需 需要 能 能够 可 可以 将 会 拟定 预计 计划 要求 争取 力争 至少 最多 最少 不少于 不超过 超过 高达 "
    "这样 这样一个 一个 这个 那个 这种 首次 首批 率先 "
    "应该 不能 不得 不宜 不应 不可 可能 只能 现已 原则上 一般 累计".split()
)
_TRAILING_DURATION = re.compile(r"(?:这|近|过去|今后)?[一二两三四五六七八九十百\d]+多?个?年(?:来|间|中|内)?$")
_OPENERS = {"“": "”", "‘": "’", "（": "）", "(": ")", "《": "》", "【": "】", "〔": "〕", "[": "]"}
_CLOSERS = {c: o for o, c in _OPENERS.items()}
_BRACKETS = re.compile("[" + re.escape("".join(_OPENERS) + "".join(_CLOSERS)) + "]")
# what a subject does not start or end with: anything but a letter, digit or character, or a
# quote or bracket (those are kept when their partner is in the subject)
_EDGE_JUNK = re.compile(r"^[^\w“‘（(《【〔\[]+|[^\w”’）)》】〕\]]+$")


_BASIS = re.compile(r"(?:按照|按|以)[^，,；;]{1,12}?(?:计算|测算|统计|核算|计)(?:的)?")


def _trim(text: str) -> str:
    """``text`` without punctuation at its edges and without a bracket or quote whose partner
    is not in it: 我的韶山行”红色研学规模 -> 红色研学规模, 建成“无废城市细胞 -> 无废城市细胞,
    “四上”企业 stays."""
    for _ in range(4):
        text = _EDGE_JUNK.sub("", text)
        if not _BRACKETS.search(text):
            return text
        stack: list[int] = []
        bad = -1
        for i, ch in enumerate(text):
            if ch in _OPENERS:
                stack.append(i)
            elif ch in _CLOSERS:
                if stack and text[stack[-1]] == _CLOSERS[ch]:
                    stack.pop()
                else:
                    bad = i  # a closer whose opener is cut off: what follows it is the phrase
                    break
        if bad < 0 and not stack:
            return text
        i = bad if bad >= 0 else stack[0]
        # keep the longer side that is not the quote's inside (a quoted name before the number: its inside)
        after, before = text[i + 1 :], text[:i]
        text = after if len(_EDGE_JUNK.sub("", after)) >= 2 or not before else before
    return text


def _clean_subject(text: str, view: _SentenceView, offset: int, max_chars: int = 12) -> str:
    """The subject phrase from the text before the predicate, cut only where the sentence's
    words meet: trailing glue off (分别, 同比, 的), leading time words and connectives off,
    at most ``max_chars`` kept from the end (a word longer than that stays whole; a quote cut
    open is taken whole or left out), then prepositions that open what is left and function
    words that end it (在农业方面 -> 农业方面, 赤字率拟按 -> 赤字率; 对外 and 和平 stay whole)."""
    starts, ends, boundaries = view.token_starts, view.token_ends, view.boundaries

    def edge(pos: int) -> bool:
        return pos in starts or pos in ends

    end = offset + len(text)
    glue = _GLUE.search(text)
    if glue:  # from the first word edge in the glue: 目的 keeps its 的
        cut = next((p for p in range(offset + glue.start(), end) if edge(p)), end)
        text, end = text[: cut - offset], cut
    pos = 0
    while pos < len(text):
        basis = _BASIS.match(text, pos)  # 按可比价格计算(国内生产总值)增长: how it is counted, not what
        if basis and (basis.end() == len(text) or edge(offset + basis.end())):
            pos = basis.end()
            continue
        m = _LEAD_WORD.match(text, pos)
        if not m or m.end() == pos:
            break
        stop = m.end()
        if not edge(offset + stop) and text[stop - 1] in "来间中内" and edge(offset + stop - 1):
            stop -= 1  # 今后五年|中央财政: the 中 begins the next word
        if not (stop == len(text) or edge(offset + stop) or not text[stop - 1].strip()):
            break  # 和平共处 is no 和
        pos = stop
    full, full_offset = text, offset
    text, offset = text[pos:], offset + pos
    if text.endswith(("）", ")")):  # a remark in brackets after the phrase: 个人负担（指…自付部分）
        opener = max(text.rfind("（"), text.rfind("("))
        if opener > 0:
            text, end = text[:opener], offset + opener
    if text.startswith(("（", "(")):  # and before it: （包括原有的生产能力在内）在年产煤
        closer = next((i for i, ch in enumerate(text) if ch in "）)"), -1)
        if 0 < closer < len(text) - 2:
            text, offset = text[closer + 1 :], offset + closer + 1
    if text and text[-1] in _TIME_ENDS:  # 执法决定信息要在执法决定作出之日起: the subject is before 在
        at = next((b for b in reversed(boundaries) if offset + 2 <= b < end - 2 and starts[b] == "在"), None)
        if at is not None:
            text, end = text[: at - offset], at
            text = _GLUE.sub("", text) or text
            end = offset + len(text)
    if len(text) > max_chars + 4:  # a phrase a few characters over the cap stays whole
        k = bisect.bisect_left(boundaries, end - max_chars)  # the first word start in the last max_chars
        if k < len(boundaries) and boundaries[k] < end:
            cut = boundaries[k]
        else:  # one word longer than the cap: the whole word
            cut = boundaries[k - 1] if k and boundaries[k - 1] > offset else offset
        kept = text[cut - offset :]
        item = text.rfind("、", 0, cut - offset)  # not into a list: 全社会研发经费投入、高技术制造业增加值
        if "、" in kept and end - (offset + item + 1) <= max_chars + 12:
            cut = offset + item + 1
            kept = text[cut - offset :]
        quote_at = _open_quote(kept, full, cut - full_offset)
        if quote_at is not None and end - (full_offset + quote_at) <= max_chars + 8:
            cut = max(full_offset + quote_at, offset)
        text, offset = text[cut - offset :], cut
    for k in range(bisect.bisect_right(boundaries, offset), bisect.bisect_left(boundaries, end)):
        if starts[boundaries[k]] in _ADVERBIAL_OPENERS and end - boundaries[k] - 1 >= 2:
            if text[-1] in _TIME_ENDS:  # 钢产量在一九五二年, 大庆原油产量在十七年间: a time after the subject
                if starts[boundaries[k]] == "在" and boundaries[k] - offset >= 2:
                    text = text[: boundaries[k] - offset]
                break
            # 国家决算在农业、林业、水利等方面, 三大产业对经济增长贡献: the phrase after the preposition
            cut = boundaries[k] + len(starts[boundaries[k]])
            text, offset = text[cut - offset :], cut
            break
    while len(text) > 1:  # words that open the phrase
        word = starts.get(offset)
        if word is None or word not in _LEADING_PARTICLES or len(text) - len(word) < 2 or not text.startswith(word):
            break
        text, offset = text[len(word) :], offset + len(word)
    # never a piece of a word: 单位造价高(达) -> 单位造价, 跃(升到) -> nothing (but 中央财政(支出))
    if len(text) <= 2 and not (edge(offset) and edge(offset + len(text))):
        return ""
    if len(text) > 2 and not edge(offset) and edge(offset + 1):
        text, offset = text[1:], offset + 1
    if len(text) > 2 and not edge(offset + len(text)) and edge(offset + len(text) - 1):
        text = text[:-1]
    while len(text) > 2:  # a time after the phrase: 国民生产总值…五年平均每年增长
        m = _TRAILING_DURATION.search(text)
        if not m or m.start() < 2 or not edge(offset + m.start()):
            break
        text = text[: m.start()]
    while len(text) > 1:  # words that end it
        word = ends.get(offset + len(text))
        if word is None or word not in _TRAILING_WORDS or len(text) - len(word) < 2 or not text.endswith(word):
            break
        text = text[: -len(word)]
    text = _trim(text)
    # what a bracket cut off leaves: 全国基本建设（包括…）的投资 -> 投资, not 的投资
    return text[1:] if text.startswith("的") and len(text) > 2 else text


def _open_quote(kept: str, full: str, at: int) -> int | None:
    """Where in ``full`` the quote or bracket opens that ``kept`` (``full[at:]``) closes without
    opening it, or None."""
    depth: list[str] = []
    for ch in kept:
        if ch in _OPENERS:
            depth.append(ch)
        elif ch in _CLOSERS:
            if depth and depth[-1] == _CLOSERS[ch]:
                depth.pop()
            else:
                i = full.rfind(_CLOSERS[ch], 0, at)
                return i if i >= 0 else None
    return None


def _modality(
    clause: str,
    cues: set[str],
    period: str,
    in_targets: bool,
    context: DocumentContext,
    role: str = "",
    before: str = "",
    carried: bool = False,
) -> str:
    """achieved, target or other, from (in this order): the role of the section the claim
    sits in (review, targets, plan, rules) and the paragraph being a list of targets; then
    rule words in the clause (标准, 补贴, 最高; in a policy also 可, 按照); the year the claim
    refers to against the document's year; target and result words (``cues``: the tokens
    before the number and in its clause); the kind of document (a work report reports results,
    a plan sets targets). The base of a comparison with an earlier year (比一九五八年的548亿元,
    ``before`` is the clause up to the number) is a result wherever it stands."""
    base = _PAST_BASE.search(before)
    if base and context.year and _years(base.group())[-1] < context.year:
        return ACHIEVED
    if _DISPOSAL.search(clause):  # 将…12个商圈…确认为: 将 is 把 here, not "will"
        if _DECIDED.search(before):  # 商务部决定将…12个商圈…确认为: the decision is the act
            return ACHIEVED
        cues = cues - {"将"}
    if _APPROVAL.match(before):  # 一、同意乌鲁木齐…3个高新技术产业开发区建设…: a reply that approves
        return ACHIEVED
    if role == REVIEW:  # a review's 完成预期目标 paragraph still reports results
        return _modality_in_section(role, clause, period, context)
    if in_targets or role == TARGETS:
        return TARGET
    if role:
        return _modality_in_section(role, clause, period, context)
    years = _years(period)
    # 1974年…预计: an estimate of a result (a year carried from an earlier sentence does not count)
    past = bool(years and context.year and years[-1] < context.year and not carried)
    if (cues & _FORECAST_CUES or _DEADLINE.search(period)) and not past:  # 预计…可实现, 2025年底前: expected
        return TARGET
    # rule words count in the claim's own clause (not 刚性约束条件 earlier in the sentence)
    if _OTHER_CUE.search(clause) or (not context.work_report and any(c in clause for c in cues & _RULE_CUES)):
        return OTHER
    if years and context.year:
        if years[-1] > context.year and (context.work_report or period.startswith(("到", "至"))):
            return TARGET
        if years[-1] < context.year:
            return ACHIEVED
        if context.work_report:  # a work report's own year is the year it plans
            return TARGET
    elif years and period.startswith(("到", "至")):  # 到2025年 in a document of unknown date: a horizon
        return TARGET
    if _LOOKING_BACK.search(period):  # 一年来, 五年来, 过去五年, 去年: what was done
        return ACHIEVED
    if not context.work_report and cues & _TASK_CUES:  # 加快推动…2项国家标准: a task the policy sets
        return TARGET
    if cues & _TARGET_CUES or _WITHIN_YEARS.search(period) or (context.work_report and _THIS_YEAR.search(period)):
        return TARGET
    if cues & _ACHIEVED_CUES or context.work_report:
        return ACHIEVED
    return TARGET if context.plan else OTHER


# a policy describing its own parts: 本文件围绕…四类生成内容, 凝练总结了16个环节, 提出了4类共25项指标
_STRUCTURE_CUE = re.compile(
    r"本(?:文件|标准|指南|规划|方案|办法|意见|通知|计划|指引)|涵盖|分为|凝练|总结了|提出了|设置了|增设|围绕"
)
_STRUCTURE_UNITS = frozenset("类 种 项 个 条 级 层 大类 方面 环节 部分 章 节".split())


def _describes_itself(before: str, number: NumberSpan, context: DocumentContext, role: str, in_targets: bool) -> bool:
    """Whether a count is of the parts a policy is made of (its categories, scenarios,
    indicators), which is neither a result nor a target."""
    return (
        number.kind == "count"
        and number.unit in _STRUCTURE_UNITS
        and not context.work_report
        and not in_targets
        and role not in (TARGETS, REVIEW)
        and bool(_STRUCTURE_CUE.search(before))
    )


def _is_threshold(text: str, number: NumberSpan, role: str) -> bool:
    """Whether an area, weight or sum only says which things are meant (5万亩以上的大中型灌区):
    a size limit in a description, neither a result nor a target."""
    return (
        number.kind in ("amount", "money")
        and role != REVIEW
        and text.startswith("的", number.end)
        and text.endswith(("以上", "以下"), number.start, number.end)
    )


def _modality_in_section(role: str, clause: str, period: str, context: DocumentContext) -> str:
    """A review reports results and a plan sets targets, unless the claim's own period says
    otherwise (到2030年 in a review); a section of rules holds provisions."""
    if role == RULES or (role == PLAN and _PROVISION.search(clause)):
        return OTHER  # a plan's provisions: 给予…奖励, 应在30个工作日内
    if role == REVIEW:
        years = _years(period)
        later = bool(years and context.year and years[-1] > context.year)
        return TARGET if later and period.startswith(("到", "至")) else ACHIEVED
    return TARGET  # PLAN: a quoted past figure (比1955年增长) is the base of a planned one


def _token_boundaries(sentence: Sentence) -> list[int]:
    """Offsets in ``sentence.text`` where a token starts (tokens skip whitespace)."""
    out, pos, text = [], 0, sentence.text
    for tok in sentence.tokens:
        found = text.find(tok, pos)
        if found < 0:
            break
        out.append(found)
        pos = found + len(tok)
    return out


# the last characters of a word for a measure (投资, 增加值, 合格率, 客运量, 收入): a head the other
# items of a list share (基础设施、制造业投资 -> 基础设施投资; not 全国文明城市、国家历史文化名城)
_MEASURE_ENDS = frozenset("数率额量值价度重比资入出润金积费耗速")


def _list_subjects(left: str, count: int, view: _SentenceView, offset: int) -> list[str] | None:
    """Subjects for "A、B投资分别增长9.4%、9.1%": one per number when the list before 分别 has as
    many items (joined by 、, or by 和 and 及 when those make the count); items lacking the last
    item's head, the measure after the words that parallel the first item, get it
    (基础设施 -> 基础设施投资, 食品 -> 食品抽检合格率; not 起数 -> 起数人数)."""
    head_text = left[: left.rfind("分别")]
    glue = _GLUE.search(head_text)
    if glue:
        head_text = head_text[: glue.start()]
    lead = _SUBJECT_LEAD.match(head_text)
    skip = lead.end() if lead else 0
    spans = _list_items(head_text, skip, "、")
    if len(spans) != count:
        spans = _list_items(head_text, skip, _LIST_JOIN) if count >= 2 else spans
    items = [head_text[a:b] for a, b in spans]
    if len(items) == 1 and count == 2:
        return _split_pair(items[0])
    if len(items) != count or count < 2:
        return None

    def words(a: int, b: int) -> list[int]:  # word starts in head_text[a:b], as offsets into it
        k = bisect.bisect_left(view.boundaries, offset + a)
        out = []
        while k < len(view.boundaries) and view.boundaries[k] < offset + b:
            out.append(view.boundaries[k] - offset)
            k += 1
        return out or [a]

    (a0, b0), (a1, b1) = spans[0], spans[-1]
    last, starts = items[-1], words(a1, b1)
    n = min(len(words(a0, b0)), len(starts) - 1)
    head = head_text[starts[n] : b1] if n >= 1 else ""
    if len(head) == 1 and n > 1:  # 收获机械化率: the head is 机械化率, not 率
        head = head_text[starts[n - 1] : b1]
    if not head or head[-1] not in _MEASURE_ENDS or head == last:
        return items
    return [item if item.endswith(head) or item[-1] in _MEASURE_ENDS else item + head for item in items]


def _list_items(text: str, start: int, joiner: str | re.Pattern[str]) -> list[tuple[int, int]]:
    """(start, end) of the non-empty items of ``text[start:]`` split at ``joiner``."""
    out, pos = [], start
    for m in re.finditer(re.escape(joiner), text[start:]) if isinstance(joiner, str) else joiner.finditer(text, start):
        a, b = (start + m.start(), start + m.end()) if isinstance(joiner, str) else m.span()
        if a > pos:
            out.append((pos, a))
        pos = b
    if pos < len(text):
        out.append((pos, len(text)))
    return out


# words that name two things at once, in the order 分别 follows: 城乡居民收入分别达6.9万元、3.4万元
_PAIR_WORDS = {
    "城乡": ("城镇", "农村"),
    "存贷款": ("存款", "贷款"),
    "进出口": ("进口", "出口"),
    "本外币": ("本币", "外币"),
    "出入境": ("出境", "入境"),
    "中小学": ("中学", "小学"),
    "中小企业": ("中型企业", "小型企业"),
}
_PAIR_WORD = re.compile("|".join(_PAIR_WORDS))


def _split_pair(subject: str) -> list[str] | None:
    """Two subjects from one that names a pair (城乡居民人均可支配收入 -> 城镇…, 农村…)."""
    found = list(_PAIR_WORD.finditer(subject))
    if not found:
        return None
    m = found[-1]  # the last: 本外币存贷款余额 pairs 存款 and 贷款
    return [subject[: m.start()] + part + subject[m.end() :] for part in _PAIR_WORDS[m.group()]]


# between a verb and its number: 给予每家最高500万元
_BEFORE_NUMBER = re.compile(r"(?:每[家人个户年月名项次]|最高|最多|最低|分别|先后|连续|首批|共|约|近|超|逾|了|、|\s)+$")
_LIST_JOIN = re.compile(r"\s*(?:和|及|与|以及|、)\s*")


_QUOTED_MODIFIER = re.compile(r"[“\"][^”\"]{1,12}[”\"](?=[\u4e00-\u9fff])")
# words that end the noun after a number: a list joiner, a preposition or adverb, or the verb of
# the clause (28个省份开展…, 7.2万名就业困难人员实现就业, 28个全国重点实验室在川布局)
_NOUN_AFTER_STOP = _VERB_SET | frozenset(
    "和 及 与 以及 或 或者 等 在 于 从 向 对 为 被 将 把 已 已经 均 都 也 还 又 再 就 才 全部 初步 正在 相继 先后 分别 "
    "共 累计 首次 首批 实现 入选 签署 参加 参与 获得 获 获批 成为 进入 纳入 列入 落户 落地 享受 通过 接入 加入 提供 "
    "承担 取得 合计 共计 总计 比 启动 上线 实施 推进 开展 开放 签约 达成 形成 具备 拥有 位列 位居 居 获评 入围 免征 "
    "得到 受益 参保 使用 是 有 要 可 可以 能 能够 应 应当 需 需要 必须 并 而 但 且 所 如 像 使 让 令 中 进行 予以 "
    "作出 做出 发挥 作 做 经过 陆续 逐步 持续 不断 认为 表示 希望 反映 从此 由此 组成 构成".split()
)
_ADVERBS = frozenset("基本 全面 初步 逐步 全 均已 已基本 共同 内".split())  # end a noun, but 基本原则 is one
_NOUN_AFTER_PUNCT = frozenset("、，,；;：:。！!？?")
# verbs that are also the noun a number counts: 给予最高100万元奖励 (but 按30%给予补助: no noun)
_VERBAL_NOUNS = frozenset("奖励 补贴 补助 资助 扶持 支持 贡献 投资 投入 支出 补偿 培训 服务 救助 收入 贷款".split())
_AFTER_NUMBER_WORDS = frozenset("级 之 之多 以上 以下 左右 上下 以内 之内 多 余 内 间 期间 以来".split())


# a modifier that is itself an amount: 5家年产值过亿元的建材行业信息化供应商
_AMOUNT_MODIFIER = re.compile(r"(?:过|超过?|达到?|不低于|不少于|\d)[^的]{0,6}(?:元|吨|人|户|家|个|亩)(?:以上|以下)?$")


def _words(view: _SentenceView, start: int, end: int) -> Iterator[tuple[int, str]]:
    """(offset, word) along ``view.text[start:end]`` cut at the segmenter's token starts (the
    first piece is the rest of a word when ``start`` falls inside one)."""
    boundaries = view.boundaries
    k = bisect.bisect_right(boundaries, start)
    pos = start
    while pos < end:
        nxt = min(boundaries[k] if k < len(boundaries) else end, end)
        yield pos, view.text[pos:nxt]
        pos, k = nxt, k + 1


_FUND_HEADS = ("资金", "经费", "金", "款", "额度", "标准", "政策", "项目", "对象", "期限")


def _verb_with_object(text: str, start: int, end: int, view: _SentenceView) -> bool:
    """Whether a verbal noun ending at ``start`` is the verb of a phrase that goes on (支持|职业教育发展),
    not a noun (奖励, 奖励资金)."""
    rest = _CLAUSE_BREAK.split(text[start:end], maxsplit=1)[0]
    return len(rest) >= 4 and not rest.startswith(_FUND_HEADS) and not rest.startswith("的")


_MODIFIER_VERBS = ("符合", "具有", "具备", "满足", "拥有")


def _verb_starts(word: str) -> bool:
    """A verb, or a word the segmenter made of a verb of qualities and its object (符合条件,
    具有较强; not 联合公报 or 自动驾驶, nouns that start like a verb)."""
    return word in verbs() or (len(word) >= 3 and word.startswith(_MODIFIER_VERBS))


def _noun_after(text: str, start: int, end: int, view: _SentenceView, max_chars: int = 12, times: bool = False) -> str:
    """What a number counts when it follows: 53条断头路 -> 断头路, 1万千瓦的自动化水轮发电机 ->
    自动化水轮发电机, 28个省份开展… -> 省份; whole words up to a joiner, a verb or ``max_chars``.
    With ``times`` (4次降低存款准备金率) the object of the verb after the number."""
    quoted = _QUOTED_MODIFIER.match(text, start, end)
    if quoted:  # 119个“高效办成一件事”重点事项: the head noun after the quoted name
        start = quoted.end()
    noun_start = stop = start
    seen_de = False
    depth = 0  # inside brackets: 28个省（区、市）
    for pos, word in _words(view, start, end):
        word = word.strip()
        if pos == noun_start and pos not in view.token_starts and len(word) == 1:
            noun_start = stop = pos + 1  # the last character of a word the number began: 750千|伏, 八|年内
            continue
        if pos == noun_start and word in _AFTER_NUMBER_WORDS:
            noun_start = stop = pos + len(word)  # 五十七万元之多, 50%以上的县
            continue
        if times and pos == noun_start and (word in _VERB_SET or word in verbs()):
            noun_start = stop = pos + len(word)  # 4次降低存款准备金率: what the action is done to
            times = False
            continue
        if pos == noun_start and (
            (word in _NOUN_AFTER_STOP and word not in _VERBAL_NOUNS)
            or (len(word) > 1 and word[:-1] in _VERB_SET and word[-1] in "到至为")
        ):
            break  # 连续3年在新春首个工作日召开, 从10%降至2.5%: no noun follows (but 给予10万元奖励)
        if pos == noun_start and word in _VERBAL_NOUNS and _verb_with_object(text, pos + len(word), end, view):
            break  # 投入100亿元支持职业教育发展: a verb and its object, not what the money is
        if word in _OPENERS:
            depth += 1
        elif word in _CLOSERS:
            depth -= 1
            if depth < 0:
                break
        elif depth:
            pass
        elif word in _NOUN_AFTER_PUNCT or not word:
            break
        elif word == "的":
            modifier = text[noun_start:pos]
            whole = not modifier or noun_start in view.token_starts  # not 五项|原则的基础上
            if (
                seen_de
                or not whole
                or not (
                    len(modifier) <= 3 or _verb_starts(view.token_starts.get(noun_start, "")) or _AMOUNT_MODIFIER.search(modifier)
                )
                or pos - start >= 12
            ):
                break  # 两件大事作出自己的新贡献: 的 ends the noun
            # 1万千瓦的自动化水轮发电机, 10家具有较强影响力的重大科技创新平台: what follows 的
            seen_de, noun_start = True, pos + 1
        elif (
            pos > noun_start
            and (
                word in _NOUN_AFTER_STOP
                or word in _ADVERBS
                or text[noun_start:pos] in _GENERIC_SUBJECTS  # 四个方面统筹发力, 6个方面重点方向
                or (len(word) > 2 and word[-2:] in _VERB_SET)
                or pos + len(word) - noun_start > max_chars
            )
        ):  # (顺利完成 ends with a verb)
            break
        stop = pos + len(word)
    noun = text[noun_start:stop]
    opened = [noun.find(o) for o in _OPENERS if o in noun]
    if depth > 0 and opened:  # a bracket left open: the noun before it
        noun = noun[: min(opened)]
    noun = _trim(noun)
    if not noun and quoted:  # 35项“高效办成一件事”上线运行: the quoted name
        noun = quoted.group()[1:-1]
    return noun if noun and "\u4e00" <= noun[0] <= "\u9fff" else ""


_NOT_A_SUBJECT = re.compile(r"^(?:由于|因为|根据|据|按照|按|随着|如果|为了|通过)|^在.*(?:上|中|下|里|方面|期间|时|后|前)$")


_CLAUSES_BACK = 3  # a subject further back than this is a guess, and looking costs time in long sentences


def _previous_clause(text: str, breaks: list[int], n: int, view: _SentenceView, claim_starts: Sequence[int]) -> str:
    """The subject of a clause that starts with its verb (由1954年的33%上升到34%): the nearest
    of the few clauses before it that is not an adverbial (由于…, 根据…) and holds no claim of
    its own; ``breaks[:n]`` end the clauses before it. ``claim_starts`` are sorted."""
    for i in range(n - 1, max(-1, n - 1 - _CLAUSES_BACK), -1):
        start = breaks[i - 1] + 1 if i else 0
        clause = text[start : breaks[i]]
        k = bisect.bisect_left(claim_starts, start)
        claim_in_it = k < len(claim_starts) and claim_starts[k] < breaks[i]
        if clause.strip() and not _NOT_A_SUBJECT.match(clause.strip()) and not claim_in_it:
            head = _clause_head(clause, start, view)
            return _clean_subject(head, view, start) if _names_something(head) else _clean_subject(clause, view, start)
    return ""


# words that end a clause's subject: a preposition or modal opening its predicate
_PREDICATE_OPENERS = frozenset(
    "在 将 要 可 可以 应 应当 须 必须 已 已经 正在 均 都 不得 不 未 更加 进一步 得到 取得 实现 由 从".split()
)


def _clause_head(clause: str, start: int, view: _SentenceView) -> str:
    """The noun phrase a clause opens with, up to its first verb or predicate opener
    (批准文件|在有效期内可一证多批使用), or the whole clause when none comes after two characters."""
    k = bisect.bisect_left(view.boundaries, start)
    for b in view.boundaries[k:]:
        if b >= start + len(clause):
            break
        word = view.token_starts.get(b, "")
        if b - start >= 2 and word in _PREDICATE_OPENERS:
            return clause[: b - start]
    return clause


_LIST_TAIL = re.compile(_LIST_JOIN.pattern + "$")


def _follows_counted(left: str, counted: str) -> bool:
    """Whether ``left`` is the previous number's noun and a list joiner (42个示范村、|22个示范片区)."""
    tail = _LIST_TAIL.search(left)
    head = left[: tail.start()] if tail else ""
    return bool(counted and tail and (head.startswith(counted) or head.endswith(counted)))  # (两次降低|存款准备金率、)


def _starts_with_verb(view: _SentenceView, start: int) -> bool:
    """Whether the word at ``start`` is a verb of change (由33%上升到34%)."""
    return view.token_starts.get(start) in _CHANGE_VERBS


# words that end the text before a number without naming anything: 把三分之一的企业, 这120个项目
_FUNCTION_WORDS = frozenset("这 那 该 此 其 这些 那些 把 将 每 对 向 给 和 及 与 或 经过 关于 对于".split())
# and, when no verb of the claim comes before the number, a preposition: 用两年时间在36个大城市
# (but 调查失业率稳定在5%左右的较低水平)
_PREPOSITIONS = frozenset("在 于 从 以 由 被 为".split())
_VERB_LIKE_PREPOSITIONS = frozenset("面向 围绕 针对 对于 关于 通过 依托 按照 根据 聚焦".split())


def _verb_or_function_word_ends_at(token_ends: dict[int, str], end: int) -> bool:
    """Whether the segmenter's word ending at ``end`` is a verb (打通, 给予; not 总值) or a
    function word (把, 这): either way the number's noun follows it."""
    word = token_ends.get(end)
    return word is not None and (word in verbs() or word in _VERB_SET or word in _FUNCTION_WORDS)


def _own_subject(
    left: str, before: str, left_start: int, after: str, view: _SentenceView, predicate: str, count: bool = False
) -> str:
    """The subject from the clause itself: the phrase before the number (地区生产总值5.2万亿元),
    or the noun after it when a verb or nothing comes before (打通53条断头路, 给予最高100万元奖励);
    or when a count with no verb of its own has a noun after it (精准帮扶7.2万名就业困难人员);
    "" when the number counts a word that names nothing (突出抓好三个方面; but 国际友城达137对)."""
    subject = _clean_subject(before, view, left_start)
    bare = _BEFORE_NUMBER.sub("", left)
    examples = bare.endswith("等")  # 杜家坎等30项市级疏堵工程: the examples are not what is counted
    if after and not _names_something(after):
        return subject if predicate and not examples else ""
    # 打通53条断头路, 这120个项目, 苏联帮助我国建设的156个工业单位: the noun after is what is counted
    # 香港、澳门两个特别行政区: the items named before a count are examples of what it counts
    examples = examples or ("、" in bare and bare.rfind("、") > len(bare) - 6 and bare[-1] not in "、")
    verb_before = _verb_or_function_word_ends_at(view.token_ends, left_start + len(bare)) or (
        not predicate and view.token_ends.get(left_start + len(bare)) in _PREPOSITIONS
    )
    # 覆盖不少于10个应用场景, 面向不少于10个应用场景: a verb before a bound is not what is counted
    verb_subject = subject in verbs() or subject in _VERB_LIKE_PREPOSITIONS
    weak = not _names_something(subject) or examples or bare.endswith("的") or verb_before or verb_subject
    if after and (weak or (count and not predicate)):
        return after
    return subject


# what a subject is not: a classifier or a word for "part, aspect, item" alone (三个方面, 6个部分),
# a time word alone (五年内), or one character that is a function word or a verb (对, 用, 新, 少, 起)
_GENERIC_SUBJECTS = frozenset(
    "方面 方面工作 工作 个 项 次 其中 部分 其他 其余 以下 以上 左右 类 种 批 件 条 年 月 天 内 外 中 间 期间 "
    "如图 如下 下列 同比 时期 阶段 步 倍 成 位 名 它们 他们 我们 其 它 这些 那些".split()
)
_NOT_A_ONE_CHARACTER_SUBJECT = frozenset(
    "内外中上下前后左右新旧高低快慢多少大小长短不另而是其该此这它那各每个项次种类批年月日对用为于以及和与等的了着过也都就还又再才并且或则即"
    "把被将从由向在到至比较达超近约逾共占有无逐之仍先全半单只所方期末晚处连号"
)

# modal, aspect and linking verbs: they frame a claim, they never name what it measures
# (基本建设总投资额，拟定为…; 造价，应该比原计划至少节约百分之十; 机床（…，下同）增加了…)
_FRAMING_VERBS = frozenset(
    "拟定 拟 可能 应该 应当 应 需要 必须 能够 可以 继续 转为 提前 没有 包括 下同 将要 已经 仍然 还要".split()
)

_HAS_WORD = re.compile(r"[^\W\d_]")


@functools.lru_cache(maxsize=8192)
def _names_something(subject: str) -> bool:
    """Whether ``subject`` can name what a number measures."""
    key = normalise_subject(subject)
    return (
        bool(key)
        and key not in _GENERIC_SUBJECTS
        and key not in _FRAMING_VERBS
        and not (len(key) == 1 and (key in _NOT_A_ONE_CHARACTER_SUBJECT or key in verbs()))
        and not _TRAILING_DURATION.fullmatch(key)  # 五年
        and bool(_HAS_WORD.search(key))  # not ．
    )


@dataclass
class _SentenceView:
    """One sentence as the context steps see it, and what the claims before the current one left."""

    text: str
    breaks: list[int]  # clause boundaries (，；： …)
    boundaries: list[int]  # token starts
    tokens: list[tuple[int, str]]  # (start, token)
    token_ends: dict[int, str]  # end offset -> token
    token_starts: dict[int, str]  # start offset -> token
    periods: list[tuple[int, int, str]]
    previous_subject: str = ""
    previous_end: int = 0
    previous_counted: str = ""  # the noun after the previous number
    base_subject: str = ""  # the last subject that was not the base of a comparison (比预算数…元)
    previous_compared: bool = False  # the previous claim was such a base
    list_subjects: list[str] = field(default_factory=list)  # the rest of an "A、B分别…" list
    whole_list: list[str] = field(default_factory=list)  # the last such list, all of it
    claim_starts: list[int] = field(default_factory=list)  # where the sentence's numbers start
    list_predicate: str = ""
    period_starts: list[int] = field(default_factory=list)
    period_ends: list[int] = field(default_factory=list)  # periods do not overlap, so their ends are sorted too

    def __post_init__(self) -> None:
        self.period_starts = [p[0] for p in self.periods]
        self.period_ends = [p[1] for p in self.periods]

    @classmethod
    def of(cls, sentence: Sentence) -> _SentenceView:
        text = sentence.text
        boundaries = _token_boundaries(sentence)
        tokens = list(zip(boundaries, sentence.tokens))
        return cls(
            text=text,
            breaks=[m.start() for m in _CLAUSE_BREAK.finditer(text)],
            boundaries=boundaries,
            tokens=tokens,
            token_ends={b + len(tok): tok for b, tok in tokens},
            token_starts=dict(tokens),
            periods=[(m.start(), m.end(), m.group()) for m in _PERIOD.finditer(text)],
        )

    def clause(self, number: NumberSpan) -> tuple[int, int]:
        """The clause holding the number, at most ``CLAUSE_CHARS`` on either side of it (a line
        with no punctuation and thousands of numbers would otherwise be read once per number)."""
        i = bisect.bisect_left(self.breaks, number.start)  # breaks[i - 1] is the last before the number
        j = bisect.bisect_left(self.breaks, number.end)  # breaks[j] is the first at or after its end
        start = self.breaks[i - 1] + 1 if i else 0
        end = self.breaks[j] if j < len(self.breaks) else len(self.text)
        return max(start, number.start - CLAUSE_CHARS), min(end, number.end + CLAUSE_CHARS)

    def period(self, number: NumberSpan, carried: str) -> str:
        """The nearest time expression before the number, else the first after it, else ``carried``."""
        i = bisect.bisect_right(self.period_ends, number.start)
        if i:
            return self.periods[i - 1][2]
        k = bisect.bisect_left(self.period_starts, number.end)  # the first that starts after the number
        return self.periods[k][2] if k < len(self.periods) else carried


_NOT_A_NOUN = re.compile(_PERIOD.pattern + r"|[到至为了的在超逾近约达]|" + _GLUE.pattern[:-1] + r"|\W")
_PURE_CHANGE_VERBS = frozenset("增长 下降 增加 减少 提高 降低 上升".split())  # (达到 takes an object: 达到张掖以西)
_SHARE_OF = re.compile(r"(?:以上|以下|左右|多|余)?的")
_MORE_OR_LESS = re.compile(r"[多少高低]")  # 比A多B, 比A少支B: the difference, of the clause's subject


def _subject_end(before: str, offset: int, view: _SentenceView, predicate: str = "") -> re.Match[str] | None:
    """The first comparison or relation verb in ``before`` that is a word of the sentence
    (旅居 holds no 居, 占比 no 占), does not modify a noun after it (新增加的采煤能力) and, when
    it is a verb of change, is not inside the noun phrase before the number (经济增长预期目标为7%)."""
    for m in _SUBJECT_END.finditer(before):
        if m.group() in _PURE_CHANGE_VERBS and _NOT_A_NOUN.sub("", before[m.end() :]):
            continue  # 工业对经济增长贡献率35.1% (but 由664亿元增加到2002年的4025亿元)
        a, b = offset + m.start(), offset + m.end()
        word_end = b in view.token_starts or b in view.token_ends or m.end() == len(before)
        if not word_end or (a not in view.token_starts and len(m.group()) < 2):
            continue  # 超额完成 ends with 完成, but 旅居 does not end with 居
        if m.group() not in _NOT_PREDICATES and before.startswith("的", m.end()):
            continue
        return m
    return None


# nouns that frame a number without naming what it measures: 增长44.6%的速度, 一百斤的指标
_FRAME_NOUNS = frozenset("目标 指标 水平 速度 幅度 成绩 标准 规模 数字 数量 任务 要求".split())


def _noun_after_list(view: _SentenceView, numbers: list, i: int, clause_end: int) -> str:
    """The noun after the last of a list of numbers with the same unit that begins at ``i``
    (50万元、30万元奖励 -> 奖励), or ""."""
    text, unit = view.text, numbers[i][0].unit
    j = i
    while j + 1 < len(numbers) and numbers[j + 1][0].start < clause_end and numbers[j + 1][0].unit == unit:
        if not _LIST_JOIN.fullmatch(text[numbers[j][0].end : numbers[j + 1][0].start]):
            break
        j += 1
    if j == i:
        return ""
    last = numbers[j][0]
    end = numbers[j + 1][0].start if j + 1 < len(numbers) else len(text)
    noun = _noun_after(text, last.end, min(end, clause_end), view)
    return "" if noun in _FRAME_NOUNS else noun


# a share of a base that a rule applies (按照实际总投入的30%), and the aid it gives after it
_SHARE_BASE = re.compile(r"(?:按照|按)([^，,；;按]{2,15})的$")
_AID_AFTER = re.compile(
    r"(?:的)?(?:给予|提供|予以|核定|安排)(?:最高|不超过)?[^，,；;。]{0,12}?"
    r"([\u4e00-\u9fff]{0,4}?(?:补助|补贴|奖励|支持|扶持|资助|奖补|贴息))"
)
_AID_VERBS = frozenset("补贴 补助 奖励 资助 奖补".split())
_DURATION_FRAME = re.compile(r"(?:通过|利用|用|力争|经过|再用|花|争取)$")
_TIME_SPAN = re.compile(r"(?:的)?(?:时间|左右时间|左右)?(?:内|里)?[，,]?")
_MEASURED_OBJECT = re.compile(r"^(?:一批|一系列|一大批|若干|一些|更多)")


def _task_subject(clause: str, offset: int, view: _SentenceView) -> str:
    """What the clause after a duration is about: its head noun (城市…技术研究|取得积极成效), or,
    when it opens with a verb, that verb's object (打造|一批省级特色服务出口基地)."""
    clause = clause.rstrip("。；;！!")
    if not clause:
        return ""
    first = view.token_starts.get(offset, "")
    if first in ("将", "把") and len(clause) > 3:  # 用两年时间将筹资标准由…提高到…: what 将 takes
        clause, offset = clause[len(first) :], offset + len(first)
        first = view.token_starts.get(offset, "")
    head = _clause_head(clause, offset, view)
    if head != clause:  # 筹资标准|由每人每年50元提高到100元
        return _clean_subject(head, view, offset)
    if first and (first in _VERB_SET or first in verbs()):
        rest = clause[len(first) :]
        lead = _MEASURED_OBJECT.match(rest)
        skip = len(first) + (lead.end() if lead else 0)
        return _clean_subject(clause[skip:], view, offset + skip)
    return _clean_subject(clause, view, offset)


def _subject_and_predicate(view: _SentenceView, numbers: list, i: int) -> tuple[str, str]:
    """Subject and predicate of claim ``i`` of the sentence; updates the list state of ``view``.
    The subject is "" when nothing in the sentence names what the number measures."""
    number = numbers[i][0]
    text = view.text
    clause_start, clause_end = view.clause(number)
    follows_claim = view.previous_end > clause_start  # another claim of this clause comes right before
    left = text[view.previous_end if follows_claim else clause_start : number.start].lstrip("、 ")
    left_start = number.start - len(left)
    predicate, before = _predicate(left)
    cut = _subject_end(before, left_start, view, predicate)
    compared = ""
    if cut:  # 比1954年增长9%, 由1954年的97个增加到, 完成预算的96.98%: the subject ends there
        if cut.group() in ("比", "较") and not predicate and not _verb_or_function_word_ends_at(view.token_ends, number.start):
            # 比预算数28,049,780,000元: the number is the base's (but 较“十三五”末改善16.5% is a change)
            compared = _clean_subject(before[cut.end() :], view, left_start + cut.end())
        obj = before[cut.end() :]
        if (
            cut.group() in _TAKES_OBJECT
            and not obj.endswith(("的", "、"))
            and not _clean_subject(before[: cut.start()], view, left_start)
        ):
            # 1955年完成造林面积2,560多万亩: what is done is the subject (not 完成预算数的92.49%: a share)
            compared = _clean_subject(before[cut.end() :], view, left_start + cut.end())
        before = before[: cut.start()]
        if cut.group() not in _NOT_PREDICATES:
            predicate = predicate or cut.group()
    next_start = numbers[i + 1][0].start if i + 1 < len(numbers) else len(text)
    after = _noun_after(text, number.end, min(next_start, clause_end), view, times=number.unit == "次")
    if not number.unit and text.startswith("部门", number.end):
        after = "部门"  # 中央网信办等8部门联合推进: what is counted, the departments
    if (len(after) == 1 and after in _NOT_A_ONE_CHARACTER_SUBJECT) or (
        after in _FRAME_NOUNS and _SHARE_OF.match(text, number.end)
    ):
        after = ""  # 连续8年快于城镇居民; 500元和300元的目标: the frame of the number, not what it measures
    if not after and i + 1 < len(numbers) and _LIST_JOIN.fullmatch(text[number.end : next_start]):
        after = _noun_after_list(view, numbers, i, clause_end)  # 分别给予50万元、30万元奖励
    if (
        not after
        and number.kind == "count"
        and number.unit
        and next_start == number.end
        and i + 1 < len(numbers)
        and numbers[i + 1][0].unit
    ):
        # 20个500千伏输变电工程, 12类45件民生实事: the count counts what the next number measures
        following = numbers[i + 1][0]
        after_next = numbers[i + 2][0].start if i + 2 < len(numbers) else len(text)
        after = _noun_after(text, following.end, min(after_next, clause_end), view)
    if after and number.unit != "次" and _starts_with_verb(view, number.end):  # 由33%上升到34% (but 4次降低存款准备金率)
        after = ""

    span = _TIME_SPAN.match(text, number.end)  # (matches empty text too)
    if number.kind == "duration" and _DURATION_FRAME.search(left) and span:
        # 利用3年时间，打造一批省级特色服务出口基地: the time a task takes; the task's subject follows
        nxt = span.end()
        clauses = _CLAUSE_BREAK.split(text[nxt:])
        skipped = 0
        while len(clauses) > 1 and clauses[0].startswith(("即", "也就是")):  # 用十五年时间，即在一九八○年以前，建成…
            skipped += len(clauses[0]) + 1
            clauses.pop(0)
        clause_after, nxt = clauses[0], nxt + skipped
        subject = _task_subject(clause_after, nxt, view)
        return (subject if _names_something(subject) else ""), predicate

    share_of = _SHARE_BASE.search(left) if number.kind == "percent" else None
    if share_of:  # 按照实际总投入的30%提供财政补助: the aid; 按扣除标准的100%扣除: what the share is of
        aid = _AID_AFTER.match(text, number.end, clause_end)
        subject = (
            aid.group(1).rsplit("的", 1)[-1].lstrip("元")
            if aid
            else _clean_subject(share_of.group(1), view, left_start + share_of.start(1))
        )
        if _names_something(subject):
            return subject, predicate

    def own() -> str:
        subject = _own_subject(left, before, left_start, after, view, predicate, number.kind == "count")
        if predicate in _AID_VERBS and number.kind == "money" and (not subject or subject.startswith(("每", "对"))):
            return predicate  # 每个单位每年最高补贴100万元: the aid, not who receives it
        if (
            number.kind in ("percent", "ratio")
            and _names_something(after)
            and _SHARE_OF.match(text, number.end)
            and not (subject and subject[-1] in _MEASURE_ENDS)
        ):
            return after  # 全国80%以上的人口地区, 三分之一的企业: what the share is of (not 失业率…5%左右的较低水平)
        if number.kind in ("money", "count") and _names_something(after) and _SHARE_OF.match(text, number.end):
            return after  # 5000元以上的资金, 总规模不少于100亿元的数字经济发展专项基金: what the amount is of
        return subject

    def numbers_in_clause() -> int:  # this one and those after it, up to the clause's end
        return sum(1 for _ in itertools.takewhile(lambda n: n.start < clause_end, (n for n, _ in numbers[i:])))

    if compared:
        subject = compared
    elif follows_claim and view.previous_compared and _MORE_OR_LESS.match(left):
        subject = view.base_subject  # 本年收入…，比预算数28,049,780,000元少846,461,000元
    elif view.list_subjects:
        subject, predicate = view.list_subjects.pop(0), predicate or view.list_predicate
    elif "分别" in left:
        view.list_subjects = _list_subjects(before, numbers_in_clause(), view, left_start) or []
        view.whole_list = list(view.list_subjects)
        view.list_predicate = predicate
        subject = view.list_subjects.pop(0) if view.list_subjects else own()
    elif _SUBJECT_IS_PREVIOUS.match(left) and view.previous_subject:
        subject = view.previous_subject
    elif follows_claim and after and (_LIST_JOIN.fullmatch(left) or _follows_counted(left, view.previous_counted)):
        subject = after  # 5个地级市和5个县级城市; 42个示范村、22个示范片区; 8个一级指标、28个二级指标
    else:
        subject = own()
    counts_nothing = normalise_subject(after) in _GENERIC_SUBJECTS  # 三个方面: no subject, and none to look for
    if not _names_something(subject) and view.whole_list and not follows_claim and not counts_nothing:
        # 城乡居民收入分别达6.9万元、3.4万元，增长4.2%、5.3%: the list goes on if the numbers do
        if numbers_in_clause() == len(view.whole_list):
            view.list_subjects = list(view.whole_list)
            subject = view.list_subjects.pop(0)
    if not _names_something(subject) and not counts_nothing:
        before_clause = bisect.bisect_left(view.breaks, clause_start)  # view.breaks[:before_clause] end clauses before it
        subject = view.previous_subject or _previous_clause(text, view.breaks, before_clause, view, view.claim_starts)
    view.previous_counted = after  # the next number's subject if it follows with only this noun and a joiner
    view.previous_compared = bool(compared) and compared == subject and cut is not None and cut.group() in ("比", "较", "比起")
    if not view.previous_compared and _names_something(subject):
        view.base_subject = subject
    return (subject if _names_something(subject) else ""), predicate


SENTENCE_CHARS = 400  # longer sentences (a PDF line with no full stop) are shown around the claim


def sentence_context(text: str, start: int, end: int, limit: int = SENTENCE_CHARS) -> str:
    """The sentence, or when it is longer than ``limit`` the ``limit`` characters around the
    claim marked with … : a 200,000-character "sentence" repeated on every claim would make
    quantities.csv gigabytes."""
    if len(text) <= limit:
        return text
    a = max(0, min(start - (limit - (end - start)) // 2, len(text) - limit))
    b = min(len(text), a + limit)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


def sentence_quantities(
    doc_id: str,
    sentence: Sentence,
    *,
    units: UnitLexicon,
    context: DocumentContext = DocumentContext(),
    carried_period: str = "",
    in_targets: bool = False,
    section: Section | None = None,
) -> list[Quantity]:
    """The claims of one sentence. ``carried_period`` is the last period named earlier in the
    paragraph; ``in_targets`` says the paragraph so far is a list of targets; ``section`` is
    the innermost section holding the sentence (its role comes first for modality)."""
    role = section.role if section else ""
    text = sentence.text
    numbers = find_numbers(text, units)
    if not numbers:
        return []
    view = _SentenceView.of(sentence)
    view.claim_starts = [n.start for n, _ in numbers]
    targets_at = _TARGET_CONTEXT.search(text)  # "targets follow" earlier in the sentence
    token_starts = [b for b, _ in view.tokens]
    cues_before: set[str] = set()  # cue words among the tokens before the current number
    seen = 0
    out: list[Quantity] = []
    for i, (number, high) in enumerate(numbers):
        subject, predicate = _subject_and_predicate(view, numbers, i)
        view.previous_end = number.end
        bare = not (number.unit or predicate or number.has_magnitude or number.kind != "count")
        if number.value is not None and bare and not text.startswith("部门", number.end):
            continue  # a bare number with no verb: an identifier or a list count, not a claim (but 8部门: departments)
        view.previous_subject = subject
        clause_start, clause_end = view.clause(number)
        period = view.period(number, carried_period)
        while seen < len(view.tokens) and view.tokens[seen][0] < number.start:
            if view.tokens[seen][1] in _CUE_WORDS:
                cues_before.add(view.tokens[seen][1])
            seen += 1
        a, b = bisect.bisect_left(token_starts, clause_start), bisect.bisect_left(token_starts, clause_end)
        cues = cues_before | {tok for _, tok in view.tokens[a:b] if tok in _CUE_WORDS}
        targets = in_targets or bool(targets_at and targets_at.start() < number.start)
        out.append(
            Quantity(
                doc_id=doc_id,
                sentence_id=sentence.sentence_id,
                start=sentence.start + number.start,
                end=sentence.start + number.end,
                text=text[number.start : number.end],
                value=number.value,
                value_high=high,
                unit=number.unit,
                kind=number.kind,
                subject=subject,
                predicate=predicate,
                period=period,
                modality=ACHIEVED
                if number.unit == "周年"  # 今年是改革开放40周年: a fact of the calendar
                else OTHER
                if _describes_itself(text[clause_start : number.start], number, context, role, targets)
                or _is_threshold(text, number, role)
                else _modality(
                    text[clause_start:clause_end],
                    cues,
                    period,
                    targets,
                    context,
                    role,
                    text[clause_start : number.start],
                    carried=not view.periods,
                ),
                approx=number.approx,
                sentence=sentence_context(text, number.start, number.end),
                note="number too long to parse" if number.value is None else "" if subject else "no subject found",
                section=section.heading if section else "",
                section_role=role,
            )
        )
    return out


_PARAGRAPH_END = frozenset("。！？!?”")


def document_quantities(
    doc_id: str,
    text: str,
    sentences: Sequence[Sentence],
    *,
    units: UnitLexicon | None = None,
    context: DocumentContext = DocumentContext(),
    sections: Sequence[Section] | None = None,
) -> list[Quantity]:
    """Every claim of a document, in text order; ``text`` is the body the sentences index.
    ``sections`` are the text's (found here when not given). An empty list when there are none."""
    units = units or load_units()
    if sections is None:
        sections = document_sections(text, year=context.year)
    section_starts = [s.start for s in sections]
    # time expressions and "targets follow" marks of the whole text, found once
    periods = [(m.end(), m.group()) for m in _PERIOD.finditer(text)]
    period_ends = [end for end, _ in periods]
    target_marks = [m.start() for m in _TARGET_CONTEXT.finditer(text)]
    out: list[Quantity] = []
    paragraph_start = targets_from = 0
    prev_end = None
    for sent in sentences:
        if prev_end is not None and "\n" in text[prev_end : sent.start]:
            paragraph_start = sent.start
            if text[prev_end - 1] in _PARAGRAPH_END:  # a list of targets goes on past a line ending in ： or mid-sentence
                targets_from = sent.start
        k = bisect.bisect_right(period_ends, sent.start) - 1  # the last one named earlier in the paragraph
        carried = periods[k][1] if k >= 0 and periods[k][0] > paragraph_start else ""
        j = bisect.bisect_left(target_marks, targets_from)
        targets = j < len(target_marks) and target_marks[j] < sent.start
        section = section_at(sections, section_starts, sent.start)
        out += sentence_quantities(
            doc_id, sent, units=units, context=context, carried_period=carried, in_targets=targets, section=section
        )
        prev_end = sent.end
    return out


def document_context(*, date: str = "", title: str = "", year: int | None = None, kind: str = "") -> DocumentContext:
    """The context of a document's claims. The pipeline gives the document's ``year`` and
    ``kind`` (metadata.document_info: the same with or without metadata.csv when the text
    tells); without them the year is read from ``date`` and the kind from ``title``."""
    if year is None:
        found = _YEAR_IN.match(date)
        year = _years(found.group())[0] if found else None
    if kind:
        return DocumentContext(year=year, work_report=kind == "work_report", plan=kind == "plan")
    return DocumentContext(year=year, work_report="工作报告" in title, plan=bool(_PLAN_TITLE.search(title)))


# --- the corpus view -----------------------------------------------------------------------------

_SUBJECT_NOISE = re.compile(r"[\s“”\"'‘’（）()《》]")


def normalise_subject(subject: str) -> str:
    """The grouping key of a subject: quotes, brackets and spaces removed."""
    return _SUBJECT_NOISE.sub("", subject)


@dataclass(frozen=True)
class SubjectClaim:
    """One claim in the corpus view: claims grouped by normalised subject and unit."""

    subject: str
    unit: str
    kind: str
    documents: int  # documents with a claim in this group
    claims: int  # claims in this group
    doc_id: str
    date: str
    period: str
    modality: str
    value: float | None
    value_high: float | None
    approx: bool
    text: str


def claims_by_subject(documents: Iterable[DocumentResult]) -> list[SubjectClaim]:
    """Claims of all documents grouped by (normalised subject, unit): groups found in the most
    documents first, and within a group by document date, so a series reads top to bottom."""
    # only what the rows need is kept (not each claim's sentence): the corpus's claims are held at once
    groups: dict[tuple[str, str], list[tuple]] = {}
    for doc in documents:
        for q in doc.quantities:
            key = (normalise_subject(q.subject), q.unit)
            if key[0] and q.value is not None:
                row = (doc.date, doc.doc_id, q.start, q.kind, q.period, q.modality, q.value, q.value_high, q.approx, q.text)
                groups.setdefault(key, []).append(row)
    n_docs = {key: len({m[1] for m in members}) for key, members in groups.items()}
    ranked = sorted(groups.items(), key=lambda kv: (-n_docs[kv[0]], -len(kv[1]), kv[0]))
    out = []
    for (subject, unit), members in ranked:
        for date, doc_id, _, kind, period, modality, value, value_high, approx, text in sorted(members, key=lambda m: m[:3]):
            out.append(
                SubjectClaim(
                    subject,
                    unit,
                    kind,
                    n_docs[(subject, unit)],
                    len(members),
                    doc_id,
                    date,
                    period,
                    modality,
                    value,
                    value_high,
                    approx,
                    text,
                )
            )
    return out
