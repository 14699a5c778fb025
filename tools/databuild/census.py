"""Census indicators from the county files (2010, 2020) and the boundary-adjusted city file."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import pandas as pd

from metroscope.measures import INDUSTRIES

from . import facts
from .inputs import Inputs, stat
from .names import level_of, stem
from .params import CENSUS_SOURCE, EXPECTED_2010_MAP

# ============================================================================ census indicators

# data/census_industries.csv: industry key -> 2020 header, 2010 position, 2010 header garbled
_IND = facts.rows("census_industries.csv")
IND_2020: Mapping[str, str] = MappingProxyType({r["key"]: r["column_2020"] for r in _IND})
IND_2010: tuple[tuple[str, int, bool], ...] = tuple(
    (r["key"], int(r["position_2010"]), r["header_2010_garbled"] == "yes") for r in _IND)
if sorted(IND_2020) != sorted(k for k, _, _ in INDUSTRIES):
    raise SystemExit("census_industries.csv does not list the registry's industries")

NOTE_MIG_2010 = ("2010 census 迁入人口 (in-migrants: residents who moved in from {what}); "
                 "definition differs from 2020 (hukou registered in another township)")
NOTE_MIG_2020 = ("2020 census 户口登记地在外乡镇街道人口 ({what}: residents whose hukou is registered "
                 "in another township/street); definition differs from 2010 (迁入人口)")
MIG_WHAT_2010 = {"same_county": "the same county/city district", "other_county":
                 "another county of the province", "other_province": "another province"}
MIG_WHAT_2020 = {"same_county": "本县", "other_county": "本省其他县", "other_province": "省外"}
EDU_NOTE = "as tabulated in the county yearbook file (age universe not stated in the file)"
SAMPLE_NOTE = "long-form sample count (about 10 %): use for shares, not levels"


def county_values(row: pd.Series, year: int) -> dict[str, tuple[float, str]]:
    """Indicator -> (value, note) from one row of a county census file (NaN cells omitted)."""
    v: dict[str, tuple[float, str]] = {}

    def put(ind: str, val: Any, note: str = "") -> None:
        if val is not None and not (isinstance(val, float) and math.isnan(val)) and not pd.isna(val):
            v[ind] = (float(val), note)

    if year == 2010:
        c = row.iloc
        put("population", c[2])
        put("population_urban", c[9])
        put("population_rural", c[10])
        put("households", c[11], "2010 户数 (family households, = 全部数据-家庭户)")
        put("share_age_0_14_pct", c[57])
        put("share_age_15_64_pct", c[58])
        put("share_age_65_plus_pct", c[59])
        for i, key in enumerate(("same_county", "other_county", "other_province")):
            put(f"inmigrants_{key}", c[68 + i], NOTE_MIG_2010.format(what=MIG_WHAT_2010[key]))
        grads = [c[j] for j in range(79, 83)]
        if not any(pd.isna(g) for g in grads):
            put("graduates_college_plus", sum(float(g) for g in grads),
                "大学专科 + 大学本科及以上, 男 + 女 (2010 county yearbook education table)")
        put("education_years_mean", c[83], EDU_NOTE)
        put("employed_sample_total", c[112], SAMPLE_NOTE)
        for key, pos, garbled in IND_2010:
            put(f"employed_sample_{key}", c[pos],
                SAMPLE_NOTE + "; 2010 column mapped by position (header garbled)"
                if garbled else SAMPLE_NOTE)
        return v
    put("population", row["人口数_合计"])
    put("population_urban", row["城镇人口"])
    put("population_rural", row["乡村人口"])
    put("population_chengqu", row["城区人口"])
    put("households", row["家庭户数"], "2020 家庭户数 (family households)")
    put("share_age_0_14_pct", row["人口比重_0-14岁"])
    put("share_age_15_64_pct", row["人口比重_15-64岁"])
    put("share_age_65_plus_pct", row["人口比重_65岁及以上"])
    for key, col in MIG_WHAT_2020.items():
        put(f"inmigrants_{key}", row[f"户口登记地在外乡镇街道人口_{col}"],
            NOTE_MIG_2020.format(what=col))
    grads = [row[c] for c in ("大学专科_男", "大学专科_女", "本科及以上_男", "本科及以上_女")]
    if not any(pd.isna(g) for g in grads):
        put("graduates_college_plus", sum(float(g) for g in grads),
            "大学专科 + 本科及以上, 男 + 女 (2020 county yearbook education table)")
    put("education_years_mean", row["平均受教育年限_合计"], EDU_NOTE)
    put("households_car_sample", row["拥有家用汽车"], SAMPLE_NOTE + "; households owning a car")
    put("households_sample", row["家庭户户数_长表"], SAMPLE_NOTE + "; family households, long form")
    put("employed_sample_total", row["各种行业人口总计"], SAMPLE_NOTE)
    for key, col in IND_2020.items():
        put(f"employed_sample_{key}", row[col], SAMPLE_NOTE)
    return v


CITY_COLS = {  # indicator -> column stem in the city csv
    "population": "popu", "population_urban": "popu_urban", "population_rural": "popu_rural",
    "share_age_0_14_pct": "age_0_14", "share_age_15_59_pct": "age_15_59",
    "share_age_60_plus_pct": "age_60", "share_age_65_plus_pct": "age_65",
}
CITY_NOTE = "census city file (boundary-adjusted: 2010 values on the 2020 boundaries)"


def map_2010_codes(inp: Inputs, current: dict[str, str], prefix: str) -> dict[str, str]:
    """2010 county code -> current code, by the code table and names (records every mapping)."""
    c10 = inp.c2010
    rows = c10[c10["code"].notna() & c10["code"].str.startswith(prefix)]
    out: dict[str, str] = {}
    for code, name in zip(rows["code"], rows["name"], strict=True):
        if level_of(code) != "county":
            continue
        if code in current:
            out[code] = code
            if stem(current[code]) != stem(str(name)):
                inp.say(f"  2010 {code} {name} keeps its code; now {current[code]}")
            continue
        hits = [c for c, n in current.items() if stem(n) == stem(str(name))]
        if len(hits) == 1:
            out[code] = hits[0]
            inp.say(f"  2010 {code} {name} -> {hits[0]} {current[hits[0]]} (same name stem)")
        else:
            inp.say(f"  2010 {code} {name}: no current unit (dropped)")
    return out


def dev_zone_prefectures(inp: Inputs, prefix: str) -> dict[str, list[str]]:
    """Prefectures with development zones reported separately in 2020, and the zones' names."""
    c20 = inp.c2020
    rows = c20[(c20["省"].astype("string").str.strip() == "吉林省")] if prefix == "22" else c20
    out: dict[str, list[str]] = {}
    pref_by_name = {stem(n): c for c, n in inp.cpca.current["name"].items()
                    if c.startswith(prefix) and level_of(c) == "prefecture"}
    for code, name, pref in zip(rows["code"], rows["name"], rows["市"], strict=True):
        code = code if isinstance(code, str) else None
        zone = (code is not None and code[4] == "7") or (
            code is None and re.search("开发区|食品区|新区", str(name)) is not None)
        if zone:
            pcode = pref_by_name[stem(str(pref).strip())]
            out.setdefault(pcode, []).append(f"{name}" + (f" {code}" if code else " (no code)"))
    return out


def census_county_stats(inp: Inputs, units: pd.DataFrame) -> list[dict[str, Any]]:
    counties = {c: str(n) for c, n in units[units["level"] == "county"]["name_zh"].items()}
    map10 = map_2010_codes(inp, counties, "22")
    unexpected = {k: v for k, v in map10.items() if k != v}
    if unexpected != EXPECTED_2010_MAP:
        raise SystemExit(f"2010 code mapping changed: {unexpected}")
    zones = dev_zone_prefectures(inp, "22")
    out: list[dict[str, Any]] = []
    c20 = inp.c2020.set_index("code", drop=False)
    for code in counties:
        if code not in c20.index:
            inp.say(f"  county {code} has no 2020 census row")
            continue
        pref = code[:4] + "00"
        brk = pref in zones and int(code[4:6]) <= 20
        note = ""
        if brk:
            note = (f"2010-2020 boundary change: development zones reported separately in 2020 "
                    f"({'; '.join(zones[pref])}) were carved out of {pref}'s urban districts; "
                    "this district's 2020 area may differ from its 2010 area")
        for ind, (val, n) in county_values(c20.loc[code], 2020).items():
            out.append(stat(code, 2020, ind, val, CENSUS_SOURCE, "A",
                            "; ".join(x for x in (n, note) if x), brk=brk))
    c10 = inp.c2010[inp.c2010["code"].notna()].set_index("code", drop=False)
    for old, new in sorted(map10.items()):
        row = c10.loc[old]
        note = "" if old == new else f"2010 row of {old} {row['name']} (code changed, same area)"
        for ind, (val, n) in county_values(row, 2010).items():
            out.append(stat(new, 2010, ind, val, CENSUS_SOURCE, "A",
                            "; ".join(x for x in (n, note) if x)))
    return out


def census_upper_stats(inp: Inputs, codes: Iterable[str]) -> list[dict[str, Any]]:
    """Prefecture rows (city csv first, county-file rows for the rest) and province rows."""
    city = inp.city.set_index("city_code")
    c10 = inp.c2010[inp.c2010["code"].notna()].drop_duplicates("code").set_index("code", drop=False)
    c20 = inp.c2020[inp.c2020["code"].notna()].drop_duplicates("code").set_index("code", drop=False)
    out: list[dict[str, Any]] = []
    for code in codes:
        from_city: set[tuple[int, str]] = set()
        if code in city.index:
            city_rows = _city_rows(code, city.loc[code], c20)
            out += city_rows
            from_city = {(r["year"], r["indicator"]) for r in city_rows}
        # county-file rows: boundary of that year (not adjusted)
        adjusted_differs = False
        if code in city.index and code in c10.index:
            adjusted_differs = float(city.loc[code, "popu_2010"]) != float(c10.loc[code, "合计"])
        for year, table in ((2010, c10), (2020, c20)):
            if code not in table.index:
                continue
            for ind, (val, n) in county_values(table.loc[code], year).items():
                if (year, ind) in from_city:
                    continue
                brk = year == 2020 and adjusted_differs
                notes = [n, "county yearbook file (boundary of that year)"]
                if (year, ind) in {(y, i) for y in (2010, 2020) for i in CITY_COLS}:
                    notes.append("the city file has no value")
                if brk:
                    notes.append(
                        f"2010 county-file population {float(c10.loc[code, '合计']):,.0f} differs "
                        f"from the boundary-adjusted {float(city.loc[code, 'popu_2010']):,.0f}: "
                        "the prefecture's boundary changed 2010-2020, so 2010 and 2020 county-file "
                        "values are not comparable")
                out.append(stat(code, year, ind, val, CENSUS_SOURCE, "A",
                                "; ".join(x for x in notes if x), brk=brk))
    return out


def _city_rows(code: str, r: pd.Series, c20: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of one prefecture from the (boundary-adjusted) census city file."""
    out = []
    for ind, col in CITY_COLS.items():
        for year in (2010, 2020):
            val = r[f"{col}_{year}"]
            if pd.isna(val):
                continue
            note = CITY_NOTE
            if ind == "population" and year == 2020 and code in c20.index:
                xl = float(c20.loc[code, "人口数_合计"])
                if xl != float(val):
                    note += f"; the 2020 county yearbook file gives {xl:,.0f}"
            out.append(stat(code, year, ind, float(val), CENSUS_SOURCE, "A", note))
    return out

