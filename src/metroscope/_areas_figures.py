"""One national area's figures from the census (:func:`metroscope.areas.compare`, one row):
the sums and weighted means over its core, rest and whole, primacy and rank-size over its
"cities", the spread of the urban share, the industry shares, Krugman's index and the
similarity of the cities' industries, each with the reason when it is missing. Definitions:
the doc of :mod:`metroscope.areas`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._areas_access import within_60, zones_60
from ._areas_measures import AREA_MEASURES, MEASURE_KEYS, ZONE_MEASURES
from ._areas_zones import SPLIT as ZONES_SPLIT
from ._areas_zones import allocate, uncoded_zones

if TYPE_CHECKING:
    from .region import Region

PRIMARY = ("agriculture",)
SECONDARY = ("mining", "manufacturing", "utilities", "construction")


def _wide(china: Region, codes: list[str]) -> pd.DataFrame:
    """Census values by code: population 2010/2020, urban 2020, 65+ share 2020, employment."""
    s = china.stats
    s = s[s["code"].isin(codes)]
    want = ((s["indicator"].isin(["population"]) & s["year"].isin([2010, 2020]))
            | (s["indicator"].isin(["population_urban", "share_age_65_plus_pct"])
               & (s["year"] == 2020))
            | (s["indicator"].str.startswith("employed_sample_") & (s["year"] == 2020)))
    s = s[want]
    key = s["indicator"].where(s["year"] == 2020, s["indicator"] + "_2010")
    return (pd.DataFrame({"code": s["code"].to_numpy(), "key": key.to_numpy(),
                          "value": s["value"].to_numpy()})
            .pivot_table(index="code", columns="key", values="value", aggfunc="first")
            .reindex(codes))


def _sum(w: pd.DataFrame, codes: list[str], col: str, *, skip_zones: bool = False) -> float:
    if not codes or col not in w.columns:
        return float("nan")
    use = [c for c in codes if not (skip_zones and c[4] == "7")]
    vals = w.loc[use, col]
    return float(vals.sum()) if vals.notna().all() and use else float("nan")


def _aged(w: pd.DataFrame, codes: list[str]) -> float:
    """Residents aged 65 and over of ``codes`` (65+ share x population, census 2020); NaN when
    a unit lacks either."""
    if not codes or "share_age_65_plus_pct" not in w.columns or "population" not in w.columns:
        return float("nan")
    v, p = w.loc[codes, "share_age_65_plus_pct"], w.loc[codes, "population"]
    if v.isna().any() or p.isna().any():
        return float("nan")
    return float((v * p).sum() / 100.0)


def _pct(a: float, b: float) -> float:
    return 100.0 * (a - b) / b if b and np.isfinite(a) and np.isfinite(b) else float("nan")


def _industry_shares(w: pd.DataFrame, codes: list[str]) -> pd.Series | None:
    cols = [c for c in w.columns if c.startswith("employed_sample_") and c != "employed_sample_total"]
    if not codes or not cols:
        return None
    x = w.loc[codes, cols]
    if x.isna().all(axis=1).any():
        return None
    tot = x.fillna(0.0).sum()
    if tot.sum() <= 0:
        return None
    tot.index = [c.removeprefix("employed_sample_") for c in tot.index]
    return tot / tot.sum()


def _cities(units: pd.DataFrame, roles: pd.Series, core_pref: str) -> dict[str, list[str]]:
    """The area's "cities": the core, the rest of the core prefecture, each other prefecture."""
    out: dict[str, list[str]] = {"core": sorted(roles.index[roles == "core"])}
    rest = roles.index[roles == "member"]
    for pref, codes in pd.Series(list(rest), index=list(rest)).groupby(
            units.loc[rest, "parent"].to_numpy()).groups.items():
        label = "rest_of_core" if pref == core_pref else str(pref)
        out[label] = sorted(str(c) for c in codes)
    return out


def _second_city(sizes: dict[str, float]) -> str:
    """The "city" the two-city index divides the core by: ``rest_of_core`` or a prefecture."""
    others = {k: s for k, s in sizes.items() if k != "core"}
    return max(others, key=lambda k: others[k]) if others else ""


def _zipf_q(sizes: np.ndarray) -> float:
    sizes = np.sort(sizes[np.isfinite(sizes) & (sizes > 0)])[::-1]
    if len(sizes) < 3:
        return float("nan")
    rank = np.arange(1, len(sizes) + 1, dtype=float)
    slope = np.polyfit(np.log(rank), np.log(sizes), 1)[0]
    return float(-slope)


def _cosine_mean(shares: list[pd.Series]) -> float:
    if len(shares) < 2:
        return float("nan")
    m = pd.concat(shares, axis=1).fillna(0.0).to_numpy().T
    m = m / np.linalg.norm(m, axis=1, keepdims=True)
    sim = m @ m.T
    iu = np.triu_indices(len(m), k=1)
    return float(sim[iu].mean())


def _area_row(china: Region, info: pd.Series, rows: pd.DataFrame, w: pd.DataFrame,
              gdp: pd.Series, minutes: pd.Series | None = None,
              routed: pd.Series | None = None,
              ) -> tuple[dict[str, float], dict[str, str], str]:
    roles = pd.Series(rows["role"].to_numpy(), index=rows["code"].astype(str).to_numpy())
    core = sorted(roles.index[roles == "core"])
    member = sorted(roles.index[roles == "member"])
    partial = sorted(roles.index[roles == "partial"])
    area = core + member
    v: dict[str, float] = {}
    why: dict[str, str] = {}
    second = ""
    zones = allocate(china.units, roles, uncoded_zones(china), str(info["core_code"]))
    add, add_urban = zones.population, zones.urban
    v["core_population_2020"] = _sum(w, core, "population") + add["core"]
    v["core_population_2010"] = _sum(w, core, "population_2010", skip_zones=True)
    v["core_change_pct"] = _pct(v["core_population_2020"], v["core_population_2010"])
    # ageing on the base of the population figures: the coded units and the uncoded zones
    # placed with them (their 65+ share is in the same census rows)
    v["core_share_age_65_plus_pct"] = 100.0 * (_aged(w, core) + zones.aged["core"]) / v[
        "core_population_2020"]
    v["core_urbanisation_pct"] = 100.0 * (_sum(w, core, "population_urban") + add_urban[
        "core"]) / v["core_population_2020"]
    cs = _industry_shares(w, core)
    v["core_employment_manufacturing_pct"] = (100.0 * float(cs.get("manufacturing", 0.0))
                                              if cs is not None else float("nan"))
    v["core_gdp_2015_cny_100m"] = float(gdp.get(str(info["core_code"]), float("nan")))
    if not bool(info["members_listed"]):
        for k in AREA_MEASURES:
            v[k] = float("nan")
            why[k] = "members_not_published"
    else:
        pop = w["population"] if "population" in w.columns else pd.Series(dtype=float)
        v["accessibility_60min_lower_bound_pct"] = within_60(
            pop, area, minutes, zones_60(china, roles, minutes))
        if minutes is None:
            why["accessibility_60min_lower_bound_pct"] = "no_network"
        v["accessibility_60min_pct"] = within_60(pop, area, routed,
                                                 zones_60(china, roles, routed))
        if routed is None:
            why["accessibility_60min_pct"] = "estimated_network_only"
        zone_total = sum(add.values())
        v["population_2020"] = _sum(w, area, "population") + zone_total
        v["population_2010"] = _sum(w, area, "population_2010", skip_zones=True)
        v["population_change_pct"] = _pct(v["population_2020"], v["population_2010"])
        r20 = _sum(w, member, "population") + add["member"]
        r10 = _sum(w, member, "population_2010", skip_zones=True)
        v["rest_change_pct"] = _pct(r20, r10)
        v["population_partial_2020"] = _sum(w, partial, "population") if partial else 0.0
        v["core_share_pct"] = 100.0 * v["core_population_2020"] / v["population_2020"]
        v["share_age_65_plus_pct"] = 100.0 * (_aged(w, area) + sum(zones.aged.values())) / v[
            "population_2020"]
        urb = _sum(w, area, "population_urban") + sum(add_urban.values())
        v["urbanisation_pct"] = 100.0 * urb / v["population_2020"]
        cities = _cities(china.units, roles, str(info["core_code"]))
        sizes = {k: _sum(w, c, "population") + zones.city.get(k, 0.0)
                 for k, c in cities.items()}
        others = [s for k, s in sizes.items() if k != "core"]
        v["primacy_two_city"] = (sizes["core"] / max(others) if others and all(
            np.isfinite(others)) else float("nan"))
        second = _second_city(sizes)
        # every city's size or none: ranks over the cities left would be a partial fit
        size_arr = np.array(list(sizes.values()), dtype=float)
        v["rank_size_q"] = (_zipf_q(size_arr) if np.isfinite(size_arr).all()
                            else float("nan"))
        if len(sizes) < 3:
            why["rank_size_q"] = "too_few_cities"
        share = 100.0 * w.loc[area, "population_urban"] / w.loc[area, "population"]
        pop = w.loc[area, "population"]
        if share.notna().all() and pop.notna().all():
            mean = float((share * pop).sum() / pop.sum())
            sd = float(np.sqrt((pop * (share - mean) ** 2).sum() / pop.sum()))
            v["urban_share_cv"] = sd / mean
        else:
            v["urban_share_cv"] = float("nan")
        ash = _industry_shares(w, area)
        rsh = _industry_shares(w, member)
        if ash is not None:
            v["employment_primary_pct"] = 100.0 * float(ash.reindex(PRIMARY).sum())
            v["employment_secondary_pct"] = 100.0 * float(ash.reindex(SECONDARY).sum())
            v["employment_tertiary_pct"] = 100.0 - v["employment_primary_pct"] - v[
                "employment_secondary_pct"]
            v["employment_manufacturing_pct"] = 100.0 * float(ash.get("manufacturing", 0.0))
        if cs is not None and rsh is not None:
            v["krugman_core_rest"] = float((cs - rsh.reindex(cs.index).fillna(0.0)).abs().sum())
        city_shares = [s for s in (_industry_shares(w, c) for c in cities.values())
                       if s is not None]
        v["industry_similarity_mean"] = (_cosine_mean(city_shares)
                                         if len(city_shares) == len(cities) else float("nan"))
    for group, keys in ZONE_MEASURES.items():
        if group in zones.unplaced:
            for k in keys:
                v[k], why[k] = float("nan"), ZONES_SPLIT
    for k in MEASURE_KEYS:
        val = v.get(k, float("nan"))
        v[k] = val
        if not np.isfinite(val) and k not in why:
            why[k] = "incomplete"
    return v, why, second if np.isfinite(v["primacy_two_city"]) else ""
