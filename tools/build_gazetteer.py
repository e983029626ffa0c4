"""Build src/policytext/resources/gazetteer_loc.txt, the place names the NER features and rules use.

Sources (../shared/data/gazetteer): countries and regions in Simplified Chinese from CLDR
via babel (Unicode License), China's provinces, cities and counties from cpca (MIT). Only
names of two or more characters are kept; short forms (北京 for 北京市) are added.

It also writes resources/ner_rule_cities.txt, the world cities the NER rules know: GeoNames
cities outside China with at least 500,000 people (Chinese names from GeoNames, CC BY 4.0),
dropping Japanese forms (characters outside GB2312) and names jieba's dictionary lists as an
ordinary word rather than a place. The CRF's features use gazetteer_loc.txt only; rebuilding
that file means retraining the model.

    python tools/build_gazetteer.py [--shared ../shared] [--out src/policytext/resources/gazetteer_loc.txt]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from policytext.lexicon import jieba_word_tags

PROJECT = Path(__file__).resolve().parents[1]


def read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def place_names(gazetteer: Path) -> dict[str, str]:
    """name -> kind (country, region, province, city, county)."""
    names: dict[str, str] = {}
    for row in read_tsv(gazetteer / "countries_zh.tsv"):
        for name in (row["name_zh"], row.get("pycountry_zh_CN", "")):
            if len(name) >= 2 and "（" not in name and "(" not in name:
                names.setdefault(name, row["kind"])
    rank = {"province": 0, "city": 1, "county": 2}  # 河北 is a province before it is Tianjin's 河北区
    for row in sorted(read_tsv(gazetteer / "china_admin_divisions.tsv"), key=lambda r: (rank.get(r["level"], 3), r["adcode"])):
        for name in (row["name"], row["short_name"]):
            if len(name) >= 2:
                names.setdefault(name, row["level"])
    return names


MIN_CITY_POPULATION = 500_000


def world_cities(gazetteer: Path) -> dict[str, str]:
    """Chinese name -> English name of large cities outside China."""
    tags = jieba_word_tags()
    out: dict[str, str] = {}
    for row in read_tsv(gazetteer / "world_cities_zh.tsv"):
        if row["country_code"] in ("CN", "TW", "HK", "MO") or int(row["population"] or 0) < MIN_CITY_POPULATION:
            continue
        for name in row["zh_names"].split("|"):
            try:
                name.encode("gb2312")  # Japanese forms (広州, 東京) are not Simplified Chinese
            except UnicodeEncodeError:
                continue
            if len(name) >= 2 and tags.get(name, "ns") in ("ns", "nz", "nt", "j", "nr", "nrt"):
                out.setdefault(name, row["name_en"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=PROJECT.parent / "shared")
    parser.add_argument("--out", type=Path, default=PROJECT / "src" / "policytext" / "resources" / "gazetteer_loc.txt")
    args = parser.parse_args()
    names = place_names(args.shared / "data" / "gazetteer")
    header = [
        "# Place names for NER features and rules: name<TAB>kind.",
        "# Built by tools/build_gazetteer.py from CLDR country names (via babel; Unicode License)",
        "# and China's administrative divisions (cpca; MIT).",
    ]
    lines = [f"{name}\t{kind}" for name, kind in sorted(names.items())]
    args.out.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} names -> {args.out}")
    cities = world_cities(args.shared / "data" / "gazetteer")
    cities_out = args.out.with_name("ner_rule_cities.txt")
    header = [
        "# World cities for the NER rules (LOC): Chinese name<TAB>English name.",
        "# Built by tools/build_gazetteer.py from GeoNames (CC BY 4.0):",
        f"# cities outside China with >= {MIN_CITY_POPULATION:,} people.",
    ]
    lines = [f"{name}\t{en}" for name, en in sorted(cities.items())]
    cities_out.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} cities -> {cities_out}")


if __name__ == "__main__":
    main()
