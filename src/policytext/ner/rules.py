"""Policy rules for named entities: curated names, place lists, and organisation names built
from a place or national head word plus an organisation suffix.

Rules work on one sentence (whitespace removed) with the segmenter's tokens. A match must
start on a token boundary; it must end on one too (so 法国 is not found inside 做法+国家),
except for the curated regions (LOC), which are distinctive enough to be found at the start
of a longer token (京津冀 in 京津冀协同发展); curated ORG names are not (国防部 in 国防部门).

The model's spans without a Chinese character are dropped (``drop_unlikely``): Latin names
(WTO, APEC) come from the curated rules. Its one-character places inside a longer word (华 in
来华, 藏 in 援藏) stay: they resolve to the place (policytext.ner.names), and MSRA tags them.

Label ``NONE`` in a rule file means "never an entity": such a span takes part in the merge
like any rule span and is then dropped, taking the model spans it beat with it (碳达峰,
二中全会). Document numbers (国办发〔2018〕108号) and titles of documents in 《…》 are NONE
spans too: an issuer code is not an organisation, and 四川省 in 《四川省人口与计划生育条例》
is part of a title, not a mention of the province. Names in the title of a book or article
(《南京暴行》, 《周恩来在国统区》) are mentions.

Precedence, when rule and model spans overlap (``merge_spans``): the longer span wins, so
广东省人民政府办公厅 (rule ORG) replaces the model's 广东省 (LOC), and the model's 北京大学 (ORG)
keeps 北京 (rule LOC) out; on equal length the rule wins, because its label was curated.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from policytext.errors import ResourceError
from policytext.extract.references import is_document_title
from policytext.lexicon import jieba_word_tags
from policytext.ner.gazetteer import GAZETTEER_LOC, Gazetteer
from policytext.ner.labels import LABELS
from policytext.resources import resource_path

NER_RULES = "ner_rules.txt"
NOT_AN_ENTITY = "NONE"
RULE_LABELS = (*LABELS, NOT_AN_ENTITY)
# GB/T 9704 document numbers, every bracket seen in real text: 国发〔2018〕12号, 京政发【2018】3号
CITED_TITLE = re.compile(r"《[^《》\n]{1,100}》")
DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,6}[〔\[【(（]\d{4}[〕\]】)）]\d{1,4}号")
NER_RULE_CITIES = "ner_rule_cities.txt"

# Place kinds from gazetteer_loc.txt the rules tag as LOC. County short forms (丁青 for 丁青县)
# are too often ordinary words, so a county only counts with its suffix (see _is_rule_place).
_RULE_PLACE_KINDS = {"country", "territory_other", "region", "province", "city"}
_COUNTY_SUFFIXES = ("县", "区", "市", "旗", "州")
# CLDR "regions" that are not places a reader would call one
_NOT_PLACES = frozenset({"世界", "伪双向语言地区", "伪地区", "未知地区", "欧元区"})

# Organisation names: a head (a place, or one of ORG_HEADS) + up to MAX_ORG_MIDDLE noun-like
# words + a word ending in a suffix. Bodies of government may follow the place directly
# (河北省 + 人民政府); generic suffixes need a word between (北京市 + 教育 + 中心), because
# 重庆市中心 is the city centre. Middle words must not be verbs or function words in jieba's
# dictionary (成立, 加强, 了), so 江苏省已成立股份制有限公司 is not a name.
ORG_HEADS = frozenset({"中国", "中华", "中央", "中共"})  # not 国家, 全国, 国际: 国家区域医疗中心 is a kind
GOVERNMENT_SUFFIXES = (
    "委员会",
    "办公厅",
    "人民政府",
    "政府",
    "法院",
    "检察院",
    "省委",
    "市委",
    "县委",
    "人民代表大会",
    "人大常委会",
    "政协",
)
GENERIC_SUFFIXES = (
    "办公室",
    "研究院",
    "研究所",
    "研究中心",
    "基金会",
    "中心",
    "组织",
    "协会",
    "学会",
    "联合会",
    "学校",
    "大学",
    "学院",
    "医院",
    "银行",
    "集团",
    "公司",
)
ORG_SUFFIXES = GOVERNMENT_SUFFIXES + GENERIC_SUFFIXES
# jieba tags of words that can sit inside a name (nouns, names, abbreviations, distinguishers)
_NAME_PART_TAGS = frozenset({"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "vn", "an", "j", "b", "l", "s"})
MAX_ORG_MIDDLE = 4
# tokens that end a name when walking left from the suffix: function words and list marks
_ORG_BREAKS = frozenset("的和与及或在对等各是为把被将从向于、，。；：")


def read_rule_file(path: Path) -> dict[str, str]:
    """name -> label (PER, LOC, ORG or NONE) from a ``name<TAB>label`` file; raises
    ResourceError naming the bad line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"cannot read NER rules {path}: {exc}") from None
    names = {}
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, label = line.partition("\t")
        if not sep or label.strip() not in RULE_LABELS or not name.strip():
            raise ResourceError(f"{path}, line {number}: expected name<TAB>PER|LOC|ORG|NONE, got {line!r}")
        names[name.strip()] = label.strip()
    return names


def _is_rule_place(name: str, kind: str, tags: dict[str, str]) -> bool:
    if name in _NOT_PLACES:
        return False
    if kind == "county":
        return name.endswith(_COUNTY_SUFFIXES) and len(name) >= 3
    if kind == "city" and not name.endswith(_COUNTY_SUFFIXES):
        # a city's short form is often a word (白银 silver, 大同 great harmony): only when jieba
        # knows it as a place, or not at all
        return tags.get(name, "ns") == "ns"
    return kind in _RULE_PLACE_KINDS


@dataclass(frozen=True)
class RuleSet:
    names: Gazetteer  # name -> label, leftmost-longest
    places: frozenset[str]  # heads for organisation names
    curated: frozenset[str]  # LOC names from the curated lists (may end inside a token)
    not_names: frozenset[str] = frozenset()  # model spans with exactly this text are dropped

    def spans(self, text: str, tokens: Sequence[str]) -> list[tuple[int, int, str]]:
        """``(start, end, label)`` rule matches in ``text`` (= ''.join(tokens)), non-overlapping."""
        return self.spans_batch([text], [tokens])[0]

    def spans_batch(self, texts: Sequence[str], token_lists: Sequence[Sequence[str]]) -> list[list[tuple[int, int, str]]]:
        """``spans`` of each sentence of a document. The names are matched in the whole
        document at once (sentences apart by a character no name holds), which is what makes
        the gazetteer's numpy search pay."""
        offsets = list(itertools.accumulate((len(t) + 1 for t in texts), initial=0))
        per_sentence: list[list[tuple[int, int]]] = [[] for _ in texts]
        k = 0
        for s, e in self.names.matches("\0".join(texts)):
            while s >= offsets[k + 1]:
                k += 1
            per_sentence[k].append((s - offsets[k], e - offsets[k]))
        out = []
        for text, tokens, matches in zip(texts, token_lists, per_sentence, strict=True):
            found = []
            if matches:
                starts, ends = _token_bounds(tokens)
                found = [
                    (s, e, self.names.names[text[s:e]])
                    for s, e in matches
                    if s in starts and (e in ends or text[s:e] in self.curated)
                ]
            found += self._org_names(tokens)
            found += [(m.start(), m.end(), NOT_AN_ENTITY) for m in DOCUMENT_NUMBER.finditer(text)]
            found += [
                (m.start(), m.end(), NOT_AN_ENTITY) for m in CITED_TITLE.finditer(text) if is_document_title(m.group()[1:-1])
            ]
            out.append(merge_spans(found, []))
        return out

    def _org_names(self, tokens: Sequence[str]) -> list[tuple[int, int, str]]:
        tags = jieba_word_tags()
        out = []
        offsets = [0]
        for tok in tokens:
            offsets.append(offsets[-1] + len(tok))
        for k, tok in enumerate(tokens):
            if not tok.endswith(ORG_SUFFIXES):  # one C-level test for most tokens
                continue
            suffix = next(x for x in ORG_SUFFIXES if tok.endswith(x))
            stem = tok[: -len(suffix)]  # 北京市政府 is one token: its stem 北京市 is the head
            head = k if stem in ORG_HEADS or stem in self.places else None
            for j in range(k - 1, max(-1, k - MAX_ORG_MIDDLE - 2), -1):
                word = tokens[j]
                if word in ORG_HEADS or word in self.places:
                    if j < k - 1 or suffix in GOVERNMENT_SUFFIXES or stem:
                        head = j  # keep walking: the leftmost head makes the longest name
                    continue
                if word in _ORG_BREAKS or not _all_han(word) or tags.get(word, "n") not in _NAME_PART_TAGS:
                    break
            if head is not None:
                out.append((offsets[head], offsets[k + 1], "ORG"))
        return out


def _all_han(word: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in word)


def _has_han(word: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in word)


def _token_bounds(tokens: Sequence[str]) -> tuple[set[int], set[int]]:
    starts, ends, pos = set(), set(), 0
    for tok in tokens:
        starts.add(pos)
        pos += len(tok)
        ends.add(pos)
    return starts, ends


def drop_unlikely(
    text: str, spans: Sequence[tuple[int, int, str]], not_names: frozenset[str] = frozenset()
) -> list[tuple[int, int, str]]:
    """The model's spans minus those without a Chinese character (the model knows Chinese
    names; Latin ones such as WTO come from the rules) and those whose text is in
    ``not_names`` (wherever they start and end: 德师风 of 师德师风)."""
    return [(s, e, label) for s, e, label in spans if _has_han(text[s:e]) and text[s:e] not in not_names]


def merge_spans(rule: Iterable[tuple[int, int, str]], model: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping spans: longest first, rule before model on equal length, then leftmost."""
    ranked = sorted(
        [(s, e, lab, 0) for s, e, lab in rule] + [(s, e, lab, 1) for s, e, lab in model],
        key=lambda x: (-(x[1] - x[0]), x[3], x[0]),
    )
    taken: list[tuple[int, int, str]] = []
    used: set[int] = set()
    for s, e, lab, _ in ranked:
        if not used.intersection(range(s, e)):
            taken.append((s, e, lab))
            used.update(range(s, e))
    return sorted(taken)


def build_rules(extra_files: Sequence[str | Path] = ()) -> RuleSet:
    """The packaged rules plus the user's ``name<TAB>label`` files (theirs win on conflicts)."""
    names: dict[str, str] = {}
    places = set()
    tags = jieba_word_tags()
    for line in resource_path(GAZETTEER_LOC).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, kind = line.partition("\t")
            places.add(name)
            if _is_rule_place(name, kind, tags):
                names[name] = "LOC"
    for line in resource_path(NER_RULE_CITIES).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            city = line.partition("\t")[0]
            names[city] = "LOC"
            if not city.endswith("市"):
                names[city + "市"] = "LOC"  # 伦敦市 as well as 伦敦
    curated = read_rule_file(resource_path(NER_RULES))
    for path in extra_files:
        curated.update(read_rule_file(Path(path)))
    names.update(curated)
    # NONE names drop the model's spans of exactly that text even where they do not sit on
    # token boundaries (德师风 of 师德师风), which rule matches must
    not_names = {n for n, label in names.items() if label == NOT_AN_ENTITY}
    curated_places = frozenset(n for n, label in curated.items() if label == "LOC")
    return RuleSet(Gazetteer(names), frozenset(places), curated_places, frozenset(not_names))
