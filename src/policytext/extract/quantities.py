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
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from policytext.extract.number_spans import NumberSpan, UnitLexicon, find_numbers, load_units
from policytext.lexicon import verbs
from policytext.records import DocumentResult, Quantity, Section, Sentence
from policytext.sections import PLAN, REVIEW, RULES, TARGETS, document_sections, section_at

ACHIEVED, TARGET, OTHER = "achieved", "target", "other"

# --- step 3: context ---------------------------------------------------------------------------

_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?\n]")
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
    r"将|要|力争|预计|确保|争取|计划|从|由|达|约|近|逾|了|的|实际|每[家人个户年月名项次]|最高|最多|先后|连续|首批|、|\s)+$"
)
_SUBJECT_LEAD = re.compile(
    r"^(?:其中|此外|同时|另外|目前|截至|截止|到|至|在|从|全年|去年|今年|明年|当年|上年|上半年|下半年|前三季度|"
    r"[一二三四]季度|(?:(?:19|20)\d{2}|(?:一九|二[〇○零])[〇○零一二三四五六七八九]{2})年(?:\d{1,2}月)?(?:底|末|初|以来)?|过去[一二两三四五六七八九十\d]+年(?:来|间|中)?|"
    r"[一二两三四五六七八九十\d]+年来|[“\"]?十[一二三四五六七八九]五[”\"]?(?:时期|期间|期末|以来)?|全国|全省|全市|全区|"
    r"我国|我省|我市|我区|累计|共|和|及|与|并|或者|或|也可以|也|可以|按照|按|对于|对|实施|开展|，|、|：|\s)+"
)
# where the subject ends: a comparison (比上年, 由1954年的), or a relation verb before an object (完成预算的)
_SUBJECT_END = re.compile(
    r"(?:比|较)(?!重|例|率|较)|同比|由(?!于)|从|即|占|完成|相当于|达到|增长(?!率)|下降(?!率)|增加(?!值)|减少|提高(?!率)|降低|上升|超过|突破"
    r"|共有|共计|合计|(?:稳|位|跃|均)?居(?!民|住|家|委|室|于)|保持|位列|排名|排在"
    r"|[高低快慢多少]于"
)
_NOT_PREDICATES = frozenset(("比", "较", "同比", "由", "从", "即"))
_TAKES_OBJECT = frozenset(("完成", "达到", "突破", "共有"))
_CHANGE_VERBS = frozenset(
    "增长 下降 上涨 下跌 增加 减少 提高 降低 提升 上升 回落 扩大 缩小 达到 突破 超过 增至 降至 升至 减至".split()
)
_SUBJECT_IS_PREVIOUS = re.compile(r"^(?:是|为|相当于|约为|占|达)")
_PERIOD = re.compile(
    r"(?:到|至|截至|截止)?(?<![比较同由从])(?:(?:19|20)\d{2}|(?:一九|二[〇○零])[〇○零一二三四五六七八九]{2})年"
    r"(?:\d{1,2}(?:[-—至]\d{1,2})?月)?(?:底|末|初|以来)?"
    r"|[“\"]?十[一二三四五六七八九]五[”\"]?(?:时期|期间|期末|以来)?"
    r"|(?:过去|今后|未来|近)[一二两三四五六七八九十\d]+年|[一二两三四五六七八九十\d]+多?年来|[一二两三四五六七八九十\d]+年内"
    r"|去年|今年|明年|全年|上半年|下半年|前三季度|[一二三四]季度|本届政府任期内"
)
# a paragraph listing targets: 主要预期目标是, 目标为 (not 完成了预期目标, 圆满完成目标任务)
_TARGET_CONTEXT = re.compile(r"(?<!完成)(?<!实现)(?:预期目标|主要目标)(?!任务)|目标(?:是|为)")
# modality cues are whole tokens of the segmenter: 要 is a cue, 主要 is not
_TARGET_CUES = frozenset("目标 预期目标 力争 争取 确保 将 要 拟 今年 明年 今后 未来 规划".split())
_ACHIEVED_CUES = frozenset("已 已经 了 累计 比上年 同比 去年 上年 过去 以来 目前 截至 完成 原定 原计划 超额".split())
_RULE_CUES = frozenset(
    "可 可以 按 按照 申请 条件 符合 之日起 最高 不超过 不低于 不少于 至少 对于".split()
)  # provisions of a policy
_CUE_WORDS = _TARGET_CUES | _ACHIEVED_CUES | _RULE_CUES
_THIS_YEAR = re.compile(r"今年|明年")
_WITHIN_YEARS = re.compile(r"年内$")  # 3年内建成: a deadline ahead
_LOOKING_BACK = re.compile(r"来$|以来|过去|去年|上年")
_OTHER_CUE = re.compile(
    r"(?<!高)标准(?!化|农田)|扣除|给予|奖励|补贴|资助|补助|年满|周岁|日内|工作日|最高|限额|额度|期限|不超过|每[人户月名]"
)
# provisions even inside a plan: subsidies, rewards, deadlines, age limits
_PROVISION = re.compile(r"给予|奖励|补贴|资助|补助|工作日|日内|小时内|周岁|年满|限额|期限")
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
_LEADING_PARTICLES = frozenset("在 向 对 给 把 将 与 为 要 并 由 使 让 被 预计 并与 要在".split())


def _clean_subject(text: str, boundaries: Sequence[int], offset: int, max_chars: int = 12) -> str:
    """The subject phrase from the text before the predicate: leading time words and
    connectives off, trailing glue off, at most ``max_chars`` kept from the end (cut at a
    word boundary when one is at hand), then prepositions that open what is left
    (在农业方面 -> 农业方面; whole words of the sentence's segmentation only: 对外 stays)."""
    end = offset + len(text)
    glue = _GLUE.search(text)
    if glue:
        text = text[: glue.start()]
        end = offset + len(text)
    lead = _SUBJECT_LEAD.match(text)
    if lead:
        offset += lead.end()
        text = text[lead.end() :]
    if len(text) > max_chars:
        k = bisect.bisect_left(boundaries, end - max_chars)  # the first word start in the last max_chars
        cut = boundaries[k] if k < len(boundaries) and boundaries[k] < end else end - max_chars
        text = text[cut - offset :]
        offset = cut
    k = bisect.bisect_left(boundaries, offset)
    while k + 1 < len(boundaries) and boundaries[k] == offset:
        word = text[: boundaries[k + 1] - offset]
        if word not in _LEADING_PARTICLES or len(text) - len(word) < 2:
            break
        text, offset, k = text[len(word) :], offset + len(word), k + 1
    return text.strip('，、：“”"（）() ')


def _modality(clause: str, cues: set[str], period: str, in_targets: bool, context: DocumentContext, role: str = "") -> str:
    """achieved, target or other, from (in this order): the role of the section the claim
    sits in (review, targets, plan, rules) and the paragraph being a list of targets; then
    rule words in the clause (标准, 补贴, 最高; in a policy also 可, 按照); the year the claim
    refers to against the document's year; target and result words (``cues``: the tokens
    before the number and in its clause); the kind of document (a work report reports results,
    a plan sets targets)."""
    if in_targets or role == TARGETS:
        return TARGET
    if role:
        return _modality_in_section(role, clause, period, context)
    if _OTHER_CUE.search(clause) or (not context.work_report and cues & _RULE_CUES):
        return OTHER
    years = _years(period)
    if years and context.year:
        if years[-1] > context.year and (context.work_report or period.startswith(("到", "至"))):
            return TARGET
        if years[-1] < context.year:
            return ACHIEVED
        if context.work_report:  # a work report's own year is the year it plans
            return TARGET
    if _LOOKING_BACK.search(period):  # 一年来, 五年来, 过去五年, 去年: what was done
        return ACHIEVED
    if cues & _TARGET_CUES or _WITHIN_YEARS.search(period) or (context.work_report and _THIS_YEAR.search(period)):
        return TARGET
    if cues & _ACHIEVED_CUES or context.work_report:
        return ACHIEVED
    return TARGET if context.plan else OTHER


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


def _list_subjects(left: str, count: int, boundaries: Sequence[int], offset: int) -> list[str] | None:
    """Subjects for "A、B投资分别增长9.4%、9.1%": one per number when the list before 分别 has as
    many items; items lacking the last item's head word get it (基础设施 -> 基础设施投资)."""
    head_text = left[: left.rfind("分别")]
    lead = _SUBJECT_LEAD.match(head_text)
    if lead:
        head_text = head_text[lead.end() :]
    items = [i for i in head_text.split("、") if i]
    if len(items) == 1 and count == 2:
        return _split_pair(items[0])
    if len(items) != count or count < 2:
        return None
    last = items[-1]
    last_start = offset + left.rfind(last, 0, len(head_text) + (lead.end() if lead else 0))
    inner = [b - last_start for b in boundaries if last_start < b < last_start + len(last)]
    head = last[inner[-1] :] if inner else ""
    if len(head) == 1 and len(inner) > 1:  # 收获机械化率: the head is 机械化率, not 率
        head = last[inner[-2] :]
    return [item if not head or item.endswith(head) else item + head for item in items]


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
_NOUN_AFTER_END = re.compile(r"[、，,；;：:。和及与]|等")


_QUOTED_MODIFIER = re.compile(r"[“\"][^”\"]{1,12}[”\"](?=[\u4e00-\u9fff])")


def _noun_after(text: str, start: int, end: int, max_chars: int = 10) -> str:
    """What a number counts when it follows: 53条断头路 -> 断头路, 1万千瓦的自动化水轮发电机 -> 自动化水轮发电机."""
    after = text[start:end]
    if "的" in after[:12]:
        after = after[after.index("的") + 1 :]
    m = _NOUN_AFTER_END.search(after)
    noun = after[: m.start()] if m else after
    quoted = _QUOTED_MODIFIER.match(noun)
    if quoted:  # 119个“高效办成一件事”重点事项: the head noun after the quoted name
        noun = noun[quoted.end() :]
    noun = noun.lstrip("级").strip('“”"（）() ')[:max_chars]  # 百万吨级炼油厂
    return noun if noun and "\u4e00" <= noun[0] <= "\u9fff" else ""


_NOT_A_SUBJECT = re.compile(r"^(?:由于|因为|根据|据|按照|按|随着|如果|为了|通过)")


_CLAUSES_BACK = 3  # a subject further back than this is a guess, and looking costs time in long sentences


def _previous_clause(text: str, breaks: list[int], boundaries: Sequence[int], claim_starts: Sequence[int]) -> str:
    """The subject of a clause that starts with its verb (由1954年的33%上升到34%): the nearest
    of the few clauses before it that is not an adverbial (由于…, 根据…) and holds no claim of
    its own. ``claim_starts`` are sorted."""
    for i in range(len(breaks) - 1, max(-1, len(breaks) - 1 - _CLAUSES_BACK), -1):
        start = breaks[i - 1] + 1 if i else 0
        clause = text[start : breaks[i]]
        k = bisect.bisect_left(claim_starts, start)
        claim_in_it = k < len(claim_starts) and claim_starts[k] < breaks[i]
        if clause.strip() and not _NOT_A_SUBJECT.match(clause.strip()) and not claim_in_it:
            return _clean_subject(clause, boundaries, start)
    return ""


_LIST_TAIL = re.compile(_LIST_JOIN.pattern + "$")


def _follows_counted(left: str, counted: str) -> bool:
    """Whether ``left`` is the previous number's noun and a list joiner (42个示范村、|22个示范片区)."""
    tail = _LIST_TAIL.search(left)
    return bool(counted and tail and left[: tail.start()].startswith(counted))


def _starts_with_verb(view: _SentenceView, start: int) -> bool:
    """Whether the word at ``start`` is a verb of change (由33%上升到34%)."""
    return view.token_starts.get(start) in _CHANGE_VERBS


# words that end the text before a number without naming anything: 把三分之一的企业, 这120个项目
_FUNCTION_WORDS = frozenset("这 那 该 此 其 这些 那些 把 将 每 对 向 给 和 及 与 或 经过".split())


def _verb_or_function_word_ends_at(token_ends: dict[int, str], end: int) -> bool:
    """Whether the segmenter's word ending at ``end`` is a verb (打通, 给予; not 总值) or a
    function word (把, 这): either way the number's noun follows it."""
    word = token_ends.get(end)
    return word is not None and (word in verbs() or word in _VERB_SET or word in _FUNCTION_WORDS)


def _own_subject(left: str, before: str, left_start: int, after: str, boundaries, token_ends) -> str:
    """The subject from the clause itself: the phrase before the number (地区生产总值5.2万亿元),
    or the noun after it when a verb or nothing comes before (打通53条断头路, 给予最高100万元奖励)."""
    subject = _clean_subject(before, boundaries, left_start)
    bare = _BEFORE_NUMBER.sub("", left)
    examples = bare.endswith("等")  # 杜家坎等30项市级疏堵工程: the examples are not what is counted
    if after and (not subject or examples or _verb_or_function_word_ends_at(token_ends, left_start + len(bare))):
        return after
    return subject


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
    previous_counted: str = ""  # the noun after the previous number, when it was that claim's subject
    list_subjects: list[str] = field(default_factory=list)  # the rest of an "A、B分别…" list
    whole_list: list[str] = field(default_factory=list)  # the last such list, all of it
    claim_starts: list[int] = field(default_factory=list)  # where the sentence's numbers start
    list_predicate: str = ""

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
        i = bisect.bisect_left(self.breaks, number.start)  # breaks[i - 1] is the last before the number
        j = bisect.bisect_left(self.breaks, number.end)  # breaks[j] is the first at or after its end
        start = self.breaks[i - 1] + 1 if i else 0
        end = self.breaks[j] if j < len(self.breaks) else len(self.text)
        return start, end

    def period(self, number: NumberSpan, carried: str) -> str:
        """The nearest time expression before the number, else the first after it, else ``carried``."""
        ends = [p[1] for p in self.periods]  # periods do not overlap, so their ends are sorted too
        i = bisect.bisect_right(ends, number.start)
        if i:
            return self.periods[i - 1][2]
        after = next((p for p in self.periods if p[0] >= number.end), None)
        return after[2] if after else carried


def _subject_and_predicate(view: _SentenceView, numbers: list, i: int) -> tuple[str, str]:
    """Subject and predicate of claim ``i`` of the sentence; updates the list state of ``view``."""
    number = numbers[i][0]
    text = view.text
    clause_start, clause_end = view.clause(number)
    follows_claim = view.previous_end > clause_start  # another claim of this clause comes right before
    left = text[view.previous_end if follows_claim else clause_start : number.start].lstrip("、 ")
    left_start = number.start - len(left)
    predicate, before = _predicate(left)
    cut = _SUBJECT_END.search(before)
    compared = ""
    if cut:  # 比1954年增长9%, 由1954年的97个增加到, 完成预算的96.98%: the subject ends there
        if cut.group() in ("比", "较") and not predicate and not _verb_or_function_word_ends_at(view.token_ends, number.start):
            # 比预算数28,049,780,000元: the number is the base's (but 较“十三五”末改善16.5% is a change)
            compared = _clean_subject(before[cut.end() :], view.boundaries, left_start + cut.end())
        obj = before[cut.end() :]
        if (
            cut.group() in _TAKES_OBJECT
            and not obj.endswith("的")
            and not _clean_subject(before[: cut.start()], view.boundaries, left_start)
        ):
            # 1955年完成造林面积2,560多万亩: what is done is the subject (not 完成预算数的92.49%: a share)
            compared = _clean_subject(before[cut.end() :], view.boundaries, left_start + cut.end())
        before = before[: cut.start()]
        if cut.group() not in _NOT_PREDICATES:
            predicate = predicate or cut.group()
    next_start = numbers[i + 1][0].start if i + 1 < len(numbers) else len(text)
    after = _noun_after(text, number.end, min(next_start, clause_end))
    if after and number.unit != "次" and _starts_with_verb(view, number.end):  # 由33%上升到34% (but 4次降低存款准备金率)
        after = ""

    def own() -> str:
        return _own_subject(left, before, left_start, after, view.boundaries, view.token_ends)

    def numbers_in_clause() -> int:  # this one and those after it, up to the clause's end
        return sum(1 for _ in itertools.takewhile(lambda n: n.start < clause_end, (n for n, _ in numbers[i:])))

    if compared:
        subject = compared
    elif view.list_subjects:
        subject, predicate = view.list_subjects.pop(0), predicate or view.list_predicate
    elif "分别" in left:
        view.list_subjects = _list_subjects(before, numbers_in_clause(), view.boundaries, left_start) or []
        view.whole_list = list(view.list_subjects)
        view.list_predicate = predicate
        subject = view.list_subjects.pop(0) if view.list_subjects else own()
    elif _SUBJECT_IS_PREVIOUS.match(left) and view.previous_subject:
        subject = view.previous_subject
    elif follows_claim and after and (_LIST_JOIN.fullmatch(left) or _follows_counted(left, view.previous_counted)):
        subject = after  # 5个地级市和5个县级城市; 42个示范村、22个示范片区
    else:
        subject = own()
    if not subject and view.whole_list and not follows_claim:
        # 城乡居民收入分别达6.9万元、3.4万元，增长4.2%、5.3%: the list goes on if the numbers do
        if numbers_in_clause() == len(view.whole_list):
            view.list_subjects = list(view.whole_list)
            subject = view.list_subjects.pop(0)
    if not subject:
        breaks_before = view.breaks[: bisect.bisect_left(view.breaks, clause_start)]
        subject = view.previous_subject or _previous_clause(text, breaks_before, view.boundaries, view.claim_starts)
    view.previous_counted = after if after and subject == after else ""
    return subject, predicate


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
        if number.value is not None and not (number.unit or predicate or number.has_magnitude or number.kind != "count"):
            continue  # a bare number with no verb: an identifier or a list count, not a claim
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
                modality=_modality(text[clause_start:clause_end], cues, period, targets, context, role),
                approx=number.approx,
                sentence=sentence_context(text, number.start, number.end),
                note="" if number.value is not None else "number too long to parse",
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
    groups: dict[tuple[str, str], list[tuple[DocumentResult, Quantity]]] = {}
    for doc in documents:
        for q in doc.quantities:
            key = (normalise_subject(q.subject), q.unit)
            if key[0] and q.value is not None:
                groups.setdefault(key, []).append((doc, q))
    ranked = sorted(groups.items(), key=lambda kv: (-len({d.doc_id for d, _ in kv[1]}), -len(kv[1]), kv[0]))
    out = []
    for (subject, unit), members in ranked:
        n_docs = len({d.doc_id for d, _ in members})
        for doc, q in sorted(members, key=lambda m: (m[0].date, m[0].doc_id, m[1].start)):
            out.append(
                SubjectClaim(
                    subject,
                    unit,
                    q.kind,
                    n_docs,
                    len(members),
                    doc.doc_id,
                    doc.date,
                    q.period,
                    q.modality,
                    q.value,
                    q.value_high,
                    q.approx,
                    q.text,
                )
            )
    return out
