"""Build src/policytext/resources/entity_names.tsv: canonical names and codes for places.

Each line is ``alias<TAB>name<TAB>label<TAB>code<TAB>code_system``: a form a document may
write (四川省, 四川), the canonical name entity_counts.csv counts it under (四川), and the
code analysts join statistics and maps on. Sources (../shared/data/gazetteer):

- China's provinces, prefecture cities and counties from cpca (MIT): code ``GB/T 2260``
  (the six-digit division code). A province or city is named by its short form (四川省 and
  四川 -> 四川; 成都市 and 成都 -> 成都), as policy prose writes it; a county by its full name
  (朝阳区; its short form too when no other division is written so: 天门 -> 天门市), and a
  county name held by two counties gets no code (the document would have to say which).
- Countries from CLDR via babel (Unicode License): ``ISO 3166-1`` alpha-2; 香港, 澳门 and 台湾
  take their division codes. Continents and regions: ``UN M49``.
- Cities outside China with at least 500,000 people, the ones the NER rules know
  (resources/ner_rule_cities.txt, GeoNames, CC BY 4.0): ``GeoNames`` id.

Hand-written aliases (中 -> 中国, 发改委 -> 国家发展和改革委员会, 毛主席 -> 毛泽东) live in
resources/entity_aliases.txt, which is edited by hand, not built.

    python tools/build_entity_names.py [--shared ../shared] [--out src/policytext/resources/entity_names.tsv]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from build_gazetteer import MIN_CITY_POPULATION, read_tsv

PROJECT = Path(__file__).resolve().parents[1]
RESOURCES = PROJECT / "src" / "policytext" / "resources"
DIVISIONS = "GB/T 2260"
COUNTRIES = "ISO 3166-1"
REGIONS = "UN M49"
CITIES = "GeoNames"
_NOT_REGIONS = {"世界"}


def division_names(rows: list[dict]) -> dict[str, tuple[str, str, str, str]]:
    """alias -> (name, label, code, code_system) for China's administrative divisions."""
    out: dict[str, tuple[str, str, str, str]] = {}
    province_shorts = {r["short_name"] for r in rows if r["level"] == "province"}
    city_shorts = Counter(r["short_name"] for r in rows if r["level"] == "city")
    county_uses = Counter(r["name"] for r in rows if r["level"] == "county")
    # every short and full form, for county short forms: 天门 for 天门市 only when no other
    # division is written so (朝阳 is a city, and two districts)
    all_forms = Counter(f for r in rows for f in {r["name"], r["short_name"]})
    rank = {"province": 0, "city": 1, "county": 2}
    for row in sorted(rows, key=lambda r: (rank.get(r["level"], 3), r["adcode"])):
        code = row["adcode"][:6]
        full, short = row["name"], row["short_name"]
        if row["level"] == "county":
            unique = county_uses[full] == 1
            reading = (full, "LOC", code if unique else "", DIVISIONS if unique else "")
            out.setdefault(full, reading)
            if unique and len(short) >= 2 and short != full and all_forms[short] == 1:
                out.setdefault(short, reading)
            continue
        if row["level"] == "province":
            unique_short = True  # 吉林 is the province; the city is 吉林市
        else:
            unique_short = len(short) >= 2 and city_shorts[short] == 1 and short not in province_shorts and short not in out
        name = short if unique_short else full
        out.setdefault(full, (name, "LOC", code, DIVISIONS))
        if unique_short:
            out.setdefault(short, (name, "LOC", code, DIVISIONS))
    return out


def country_names(rows: list[dict], taken: dict) -> dict[str, tuple[str, str, str, str]]:
    out: dict[str, tuple[str, str, str, str]] = {}
    for row in rows:
        if row["kind"] == "country" and row["code"] not in ("HK", "MO", "TW"):
            reading = (row["name_zh"], "LOC", row["code"], COUNTRIES)
        elif row["kind"] == "region" and row["name_zh"] not in _NOT_REGIONS:
            reading = (row["name_zh"], "LOC", row["code"], REGIONS)
        else:
            continue
        for alias in (row["name_zh"], row.get("pycountry_zh_CN", "")):
            if len(alias) >= 2 and "（" not in alias and "(" not in alias and alias not in taken:
                out.setdefault(alias, reading)
    return out


def city_names(rows: list[dict], known: set[str], taken: dict) -> dict[str, tuple[str, str, str, str]]:
    """World cities the NER rules know (``known``), each under its first known Chinese name."""
    out: dict[str, tuple[str, str, str, str]] = {}
    for row in rows:
        if row["country_code"] in ("CN", "TW", "HK", "MO") or int(row["population"] or 0) < MIN_CITY_POPULATION:
            continue
        names = [n for n in row["zh_names"].split("|") if n in known and n not in taken and n not in out]
        for alias in names:
            out[alias] = (names[0], "LOC", row["geonameid"], CITIES)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=PROJECT.parent / "shared")
    parser.add_argument("--out", type=Path, default=RESOURCES / "entity_names.tsv")
    args = parser.parse_args()
    gazetteer = args.shared / "data" / "gazetteer"
    names = division_names(read_tsv(gazetteer / "china_admin_divisions.tsv"))
    names.update(country_names(read_tsv(gazetteer / "countries_zh.tsv"), names))
    known_cities = {
        line.partition("\t")[0]
        for line in (RESOURCES / "ner_rule_cities.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    names.update(city_names(read_tsv(gazetteer / "world_cities_zh.tsv"), known_cities, names))
    header = [
        "# Canonical names and codes of places: alias<TAB>name<TAB>label<TAB>code<TAB>code_system.",
        "# Built by tools/build_entity_names.py from cpca (MIT; GB/T 2260 division codes), CLDR via babel",
        "# (Unicode License; ISO 3166-1 and UN M49 codes) and GeoNames (CC BY 4.0; GeoNames ids).",
    ]
    lines = ["\t".join((alias, *(reading if reading[2] else reading[:2]))) for alias, reading in sorted(names.items())]
    args.out.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} aliases -> {args.out}")


if __name__ == "__main__":
    main()
