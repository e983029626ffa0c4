"""Canonical names: one name per real entity, however a document writes it.

A mention keeps its text; it gains the name ``entity_counts.csv`` counts it under, and a
code where one exists. Resolution, per document, in this order:

1. **Tables** (``NameTable``): the places of China, countries and world cities with their
   codes (``resources/entity_names.tsv``, built by ``tools/build_entity_names.py``), the
   hand-written aliases (``resources/entity_aliases.txt``: 中 -> 中国, 发改委 ->
   国家发展和改革委员会, 毛主席 -> 毛泽东) and the user's ``--ner-aliases`` files. A place
   written with 市 resolves as the place (莫斯科市 -> 莫斯科); a surname followed by a title
   as the pair (毛 in 毛主席). A table's label wins over the model's for names of two or more
   characters (联合国 is an organisation); a one-character alias must agree in label.
2. **Several readings** (苏: 苏联 or 江苏): the one the document names elsewhere, else the
   one that fits the neighbouring abbreviation (中苏: countries; 苏浙沪: provinces), else the
   table's first.
3. **The document's own names**: a lone surname resolves to the one person of that surname
   the document names in full (周 -> 周恩来); a relative body (省政府, 省工业和信息化厅)
   to the document's province, when its title or issuer names one or one province holds
   most of its place mentions; an organisation's short form to the one longer name of the
   document that starts and ends as it does and holds its characters in order (省政府 ->
   山东省人民政府).

What still names nothing is ``None``: a one-character mention no table or document
resolves, and a relative body with no province to anchor it (省委 in a national circular
means every province's). Such mentions stay in entities.csv but are not counted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from policytext.errors import ResourceError
from policytext.ner.labels import LABELS
from policytext.ner.traditional import to_simplified
from policytext.resources import file_stamp, resource_path

ENTITY_NAMES = "entity_names.tsv"
ENTITY_ALIASES = "entity_aliases.txt"
DIVISIONS = "GB/T 2260"
PERSON_TITLES = ("主席", "副主席", "总理", "副总理", "总书记", "委员长", "总司令")
# a body named relative to the document's place: 省 + 政府/委/厅 ... (not 省份, 市场 ...)
_RELATIVE_HEADS = ("自治区", "省", "市", "县", "区", "州")
_RELATIVE_BODIES = (
    *("委", "政府", "人大", "政协", "党委", "厅", "局", "委员会", "办公室", "办", "法院", "检察院", "中心"),
    *("联", "工会", "科协", "团委"),  # 省残联, 省总工会
)
NAMES_NOTHING = "-"  # an alias file's name for "not an entity to count" (中华 in 中华民族)
_NOT_HOMES = ("71", "81", "82")  # 台湾, 香港, 澳门: a document about them is not under their 省委
_STATE = "中华人民共和国"  # 中华人民共和国财政部 is 财政部
_NOT_RELATIVE = ("市场", "省份", "区域", "县域", "市民", "区块", "州长")
# a body's term of office is not part of its name: 第十四届全国人民代表大会, 十届全国人大
_TERM = re.compile(r"^第?[一二三四五六七八九十0-9]+届")


@dataclass(frozen=True)
class Reading:
    """What an alias names: the canonical name, its label, and a code where one exists."""

    name: str
    label: str
    code: str = ""
    code_system: str = ""  # GB/T 2260 | ISO 3166-1 | ISO 3166-3 | UN M49 | GeoNames


@dataclass(frozen=True)
class Mention:
    """An entity mention as resolution sees it; ``after`` is the text that follows it in its
    sentence (a few characters are enough: titles such as 主席)."""

    text: str
    label: str
    start: int
    end: int
    after: str = ""


@dataclass(frozen=True)
class NameTable:
    readings: Mapping[str, tuple[Reading, ...]]  # alias -> readings, most likely first
    provinces: Mapping[str, str]  # division code of a province -> its full name (四川省)
    cities: Mapping[str, str] = field(default_factory=dict)  # the same for prefecture cities (济南市)

    def get(self, alias: str) -> tuple[Reading, ...]:
        return self.readings.get(alias, ())


def read_alias_file(path: Path) -> dict[str, list[Reading]]:
    """alias -> readings from an ``alias<TAB>name<TAB>label[<TAB>code<TAB>code_system]``
    file; raises ResourceError naming the bad line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"cannot read entity aliases {path}: {exc}") from None
    out: dict[str, list[Reading]] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if (
            len(fields) not in (3, 5)
            or not fields[0]
            or not fields[1]
            or fields[2] not in LABELS
            or (len(fields) == 5 and not all(fields[3:]))
        ):
            raise ResourceError(
                f"{path}, line {number}: expected alias<TAB>name<TAB>PER|LOC|ORG[<TAB>code<TAB>code_system], got {line!r}"
            )
        out.setdefault(fields[0], []).append(Reading(*fields[1:]))
    return out


def build_table(extra_files: Sequence[str | Path] = ()) -> NameTable:
    """The packaged tables plus the user's alias files; a later file's readings of an alias
    replace an earlier one's. A reading without a code takes its name's code."""
    coded = read_alias_file(resource_path(ENTITY_NAMES))
    merged: dict[str, list[Reading]] = dict(coded)
    for path in (resource_path(ENTITY_ALIASES), *map(Path, extra_files)):
        merged.update(read_alias_file(path))
    code_of = {r.name: r for readings in merged.values() for r in readings if r.code}
    readings = {}
    for alias, rs in merged.items():
        filled = []
        for r in rs:
            known = code_of.get(r.name)
            if not r.code and known is not None and known.label == r.label:
                r = Reading(r.name, r.label, known.code, known.code_system)
            filled.append(r)
        readings[alias] = tuple(filled)
    provinces: dict[str, str] = {}
    cities: dict[str, str] = {}
    for alias, rs in coded.items():
        for r in rs:
            if r.code_system != DIVISIONS or not r.code.endswith("00"):
                continue
            level = provinces if r.code.endswith("0000") else cities
            if len(alias) > len(level.get(r.code, "")):
                level[r.code] = alias  # the longest form is the official one: 新疆维吾尔自治区
    return NameTable(readings, provinces, cities)


def name_table(extra_files: Sequence[str] = ()) -> NameTable:
    """``build_table``, once per process for the same files (read again once edited)."""
    return _cached_table(tuple(extra_files), tuple(file_stamp(f) for f in extra_files))


@lru_cache(maxsize=4)
def _cached_table(extra_files: tuple[str, ...], stamps: tuple) -> NameTable:  # noqa: ARG001
    return build_table(extra_files)


def resolve(mentions: Sequence[Mention], table: NameTable, *, context: str = "") -> list[Reading | None]:
    """The reading of each mention of one document, in order (``None``: names nothing).
    ``context`` is the document's title and issuer, which may name its province."""
    texts = [to_simplified(m.text) for m in mentions]
    out: list[Reading | None] = [None] * len(mentions)
    several: dict[int, tuple[Reading, ...]] = {}
    for i, (m, text) in enumerate(zip(mentions, texts)):
        readings = _table_readings(table, text, m)
        if len(readings) == 1:
            out[i] = readings[0]
        elif readings:
            several[i] = readings
    named = Counter(r.name for r in out if r is not None)
    for i, readings in several.items():
        out[i] = _choose(readings, i, mentions, out, named)
    homes = _home_places(out, table, context)
    from_table = {i for i, r in enumerate(out) if r is not None}
    for i, (m, text) in enumerate(zip(mentions, texts)):
        if out[i] is None and len(text) > 1 and not _relative(text, m.label):
            out[i] = Reading(text, m.label)  # a name no table knows is its own name
    for i, (m, text) in enumerate(zip(mentions, texts)):
        if out[i] is None:
            out[i] = _from_document(text, m.label, out, table, homes)
    # organisations written short, once every name of the document is known
    names = {r for r in out if r is not None and r.label == "ORG"}
    for i, r in enumerate(out):
        if r is not None and r.label == "ORG" and i not in from_table:
            longer = {n for n in names if len(n.name) > len(r.name) and _short_form(r.name, n.name)}
            if len(longer) == 1:
                out[i] = longer.pop()
    return [None if r is not None and r.name == NAMES_NOTHING else r for r in out]


def _table_readings(table: NameTable, text: str, m: Mention) -> tuple[Reading, ...]:
    if m.label == "PER":
        for title in PERSON_TITLES:
            if m.after.startswith(title) and (found := table.get(text + title)):
                return found
    if m.label == "ORG" and text.startswith(_STATE) and len(text) > len(_STATE) + 1:
        text = text[len(_STATE) :]
        found = table.get(text)
        return found if found else (Reading(text, "ORG"),)
    if m.label == "ORG" and (term := _TERM.match(text)) and len(text) > term.end() + 1:
        text = text[term.end() :]
        found = table.get(text)
        return found if found else (Reading(text, "ORG"),)
    found = table.get(text)
    if len(text) == 1:
        return tuple(r for r in found if r.label == m.label)
    if not found and m.label == "LOC" and text.endswith("市") and len(text) >= 3:
        found = tuple(r for r in table.get(text[:-1]) if r.label == "LOC")
    return found


def _group(reading: Reading | None) -> str:
    """Which abbreviations go together: provinces with provinces, countries with countries."""
    if reading is None or not reading.code_system:
        return ""
    return "china" if reading.code_system == DIVISIONS else "world"


def _choose(
    readings: tuple[Reading, ...], i: int, mentions: Sequence[Mention], out: Sequence[Reading | None], named: Counter
) -> Reading:
    neighbours = [
        out[j] for j in (i - 1, i + 1) if 0 <= j < len(mentions) and _adjacent(mentions[min(i, j)], mentions[max(i, j)])
    ]
    groups = {_group(r) for r in neighbours} - {""}
    fitting = [r for r in readings if _group(r) in groups] or list(readings)
    in_document = [r for r in fitting if named[r.name]]
    if in_document:
        return max(in_document, key=lambda r: named[r.name])  # the first on a tie
    return fitting[0]


def _adjacent(first: Mention, second: Mention) -> bool:
    return first.end == second.start


def _home_places(out: Sequence[Reading | None], table: NameTable, context: str) -> dict[str, str]:
    """The document's own province and city, by the head a relative body starts with (省, 自治区,
    市 -> 山东省, 济南市): the ones its title or issuer names, else the ones holding at least
    60 % (and 3) of its mentions of China's provinces, or of its prefecture cities."""
    homes: dict[str, str] = {}
    coded = [r.code for r in out if r is not None and r.code_system == DIVISIONS and r.code[:2] not in _NOT_HOMES]
    province = _dominant(table.provinces, context, [c[:2] + "0000" for c in coded], table, shorts=True)
    for head in ("自治区", "省", "市"):
        if province.endswith(head):
            homes[head] = province
    city = _dominant(table.cities, context, [c[:4] + "00" for c in coded if c[2:4] != "00"], table, shorts=False)
    if city and "市" not in homes:
        homes["市"] = city
    return homes


def _dominant(places: Mapping[str, str], context: str, codes: Sequence[str], table: NameTable, *, shorts: bool) -> str:
    """The place ``context`` names (by its full name, or its short one with ``shorts``: city
    short forms are often words, 长治 in 长治久安), else the one most of ``codes`` are."""
    if context:
        for full in places.values():
            short = next((r.name for r in table.get(full)), full) if shorts else full
            if full in context or short in context:
                return full
    if codes:
        code, n = Counter(codes).most_common(1)[0]
        if n >= 3 and n >= 0.6 * len(codes) and code in places:
            return places[code]
    return ""


def _relative(text: str, label: str) -> bool:
    """A body named relative to the document's place: 省政府, 市工业和信息化局, 自治区党委."""
    if label != "ORG" or text.startswith(_NOT_RELATIVE):
        return False
    head = next((h for h in _RELATIVE_HEADS if text.startswith(h)), "")
    return bool(head) and len(text) > len(head) and text.endswith(_RELATIVE_BODIES)


def _from_document(
    text: str, label: str, out: Sequence[Reading | None], table: NameTable, homes: Mapping[str, str]
) -> Reading | None:
    if label == "PER" and len(text) == 1:
        people = {r.name for r in out if r is not None and r.label == "PER" and len(r.name) > 1 and r.name.startswith(text)}
        return Reading(people.pop(), "PER") if len(people) == 1 else None
    if len(text) == 1:
        return None
    # a county's or district's body stays unresolved, and a city's in a provincial document:
    # it names many cities
    head = "自治区" if text.startswith("自治区") else text[0]
    if head not in homes:
        return None
    full = homes[head] + text[len(head) :]
    found = table.get(full)
    return found[0] if found else Reading(full, "ORG")


def _short_form(short: str, full: str) -> bool:
    """``short`` starts and ends as ``full`` does and holds its characters in order."""
    if short[0] != full[0] or short[-1] != full[-1]:
        return False
    rest = iter(full)
    return all(ch in rest for ch in short)
