"""One national area's row of the comparison (``_areas_figures.py``) on a toy ``china`` whose
every figure is written here, each expected value worked out by hand or with plain loops.

Prefectures and county-level units (districts are ``xxxx01``-``xxxx20``, coded zones
``xxxx7x``):

    110100 (core prefecture)  110101 110102 110171 core; 110121 member (rest of the core city)
    120100                    120102 120181 member
    130100                    130102 member
    140100                    140121 partial
    150100                    150102 (outside the area)

Uncoded 2020 zones: 甲区 in 110100 (50 persons, 40 urban, 65+ 10 %: with the core's
districts), 乙区 in 120100 (30, 20, 65+ 20 %: with the member district 120102).

    code    pop2020 pop2010 urban 65+% agriculture mining manufacturing construction retail
    110101     1000     900   900   10          10     -           60           -        30
    110102      600     500   480   20           0     -           20           -        20
    110171      200       -   200    5           -     -           10           -        10
    110121      400     500   100   15          30     -            5           5         5
    120102      700     600   560   12           5     4           25           -        20
    120181      300     400    90   18          20     -            5           -         5
    130102      350     300   280    8           2     -           10           1         8
    140121      250     200   100    9           1     -            1           -         1
"""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest

from metroscope import _areas_figures as F
from metroscope._areas_measures import MEASURE_KEYS

NAN = math.nan
CORE = ["110101", "110102", "110171"]
MEMBER = ["110121", "120102", "120181", "130102"]
PARTIAL = ["140121"]
AREA = CORE + MEMBER
# code: pop2020, pop2010, urban, 65+ share, {industry: employed}
DATA: dict[str, tuple[float, float, float, float, dict[str, float]]] = {
    "110101": (1000, 900, 900, 10, {"agriculture": 10, "manufacturing": 60, "retail": 30}),
    "110102": (600, 500, 480, 20, {"agriculture": 0, "manufacturing": 20, "retail": 20}),
    "110171": (200, NAN, 200, 5, {"manufacturing": 10, "retail": 10}),
    "110121": (400, 500, 100, 15, {"agriculture": 30, "manufacturing": 5, "construction": 5,
                                   "retail": 5}),
    "120102": (700, 600, 560, 12, {"agriculture": 5, "mining": 4, "manufacturing": 25,
                                   "retail": 20}),
    "120181": (300, 400, 90, 18, {"agriculture": 20, "manufacturing": 5, "retail": 5}),
    "130102": (350, 300, 280, 8, {"agriculture": 2, "manufacturing": 10, "construction": 1,
                                  "retail": 8}),
    "140121": (250, 200, 100, 9, {"agriculture": 1, "manufacturing": 1, "retail": 1}),
    "150102": (999, 999, 999, 99, {"agriculture": 9}),
}
ZONES = pd.DataFrame({"prefecture": ["120100", "110100"], "name_zh": ["乙区", "甲区"],
                      "population": [30.0, 50.0], "population_urban": [20.0, 40.0],
                      "share_age_65_plus_pct": [20.0, 10.0]})
INDUSTRIES = ("agriculture", "mining", "manufacturing", "construction", "retail")


def _units(data: dict[str, Any]) -> pd.DataFrame:
    prefs = sorted({c[:4] + "00" for c in data})
    rows = [(p, "prefecture", "P") for p in prefs] + [(c, "county", c[:4] + "00") for c in data]
    return pd.DataFrame(rows, columns=["code", "level", "parent"]).set_index("code")


def _stats(data: dict[str, Any]) -> pd.DataFrame:
    rows: list[tuple[str, str, int, float]] = []
    for c, (p20, p10, urb, old, emp) in data.items():
        rows += [(c, "population", 2020, p20), (c, "population_urban", 2020, urb),
                 (c, "share_age_65_plus_pct", 2020, old)]
        if not math.isnan(p10):
            rows.append((c, "population", 2010, p10))
        rows += [(c, f"employed_sample_{k}", 2020, v) for k, v in emp.items()]
        rows.append((c, "employed_sample_total", 2020, 10_000.0))
        # rows _wide leaves out: other years of the same indicators, another indicator
        rows += [(c, "population", 2015, 1e9), (c, "population_urban", 2010, 1e9),
                 (c, "share_age_65_plus_pct", 2010, 1e9), (c, "employed_sample_retail", 2010, 1e9),
                 (c, "gdp", 2020, 1e9)]
    return pd.DataFrame(rows, columns=["code", "indicator", "year", "value"])


def _china(data: dict[str, Any] | None = None, zones: pd.DataFrame | None = None) -> Any:
    data = DATA if data is None else data
    return SimpleNamespace(units=_units(data), stats=_stats(data),
                           extra={"uncoded_zones": ZONES if zones is None else zones})


def _rows(roles: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"code": list(roles), "role": list(roles.values())})


ROLES = {**{c: "core" for c in CORE}, **{c: "member" for c in MEMBER}, "140121": "partial"}
INFO = pd.Series({"core_code": "110100", "members_listed": True})
GDP = pd.Series({"110100": 1234.5, "120100": 99.0})
LOWER = pd.Series({"110101": 0.0, "110102": 20.0, "110171": 30.0, "110121": 50.0,
                   "120102": 70.0, "120181": 90.0, "130102": 55.0, "140121": 40.0})
ROUTED = pd.Series({"110101": 0.0, "110102": 10.0, "110171": 15.0, "110121": 40.0,
                    "120102": 45.0, "120181": 61.0, "130102": 60.0, "140121": 30.0})


def _row(china: Any = None, roles: dict[str, str] | None = None, info: pd.Series = INFO,
         minutes: pd.Series | None = LOWER, routed: pd.Series | None = ROUTED,
         ) -> tuple[dict[str, float], dict[str, str], str]:
    china = _china() if china is None else china
    roles = ROLES if roles is None else roles
    w = F._wide(china, sorted(roles))
    return F._area_row(china, info, _rows(roles), w, GDP, minutes, routed)


# ---- plain-Python references


def _shares(codes: list[str], data: dict[str, Any] = DATA) -> dict[str, float]:
    tot = {k: sum(data[c][4].get(k, 0.0) for c in codes) for k in INDUSTRIES}
    s = sum(tot.values())
    return {k: v / s for k, v in tot.items()}


def _ols_slope(x: list[float], y: list[float]) -> float:
    mx, my = sum(x) / len(x), sum(y) / len(y)
    return (sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
            / sum((a - mx) ** 2 for a in x))


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(a[k] * b[k] for k in INDUSTRIES)
    return dot / math.sqrt(sum(v * v for v in a.values())) / math.sqrt(
        sum(v * v for v in b.values()))


def test_wide_keeps_the_census_values_of_the_codes_asked_for() -> None:
    w = F._wide(_china(), ["120181", "110171", "999999"])
    assert list(w.index) == ["120181", "110171", "999999"]
    # the indicators these codes have (no mining or construction rows among them)
    assert sorted(w.columns) == sorted([
        "population", "population_2010", "population_urban", "share_age_65_plus_pct",
        "employed_sample_total", "employed_sample_agriculture",
        "employed_sample_manufacturing", "employed_sample_retail"])
    assert w.loc["120181", "population"] == 300 and w.loc["120181", "population_2010"] == 400
    assert w.loc["120181", "population_urban"] == 90
    assert w.loc["120181", "share_age_65_plus_pct"] == 18
    assert w.loc["120181", "employed_sample_retail"] == 5
    assert math.isnan(w.loc["110171", "population_2010"])  # a zone has no 2010 row
    assert w.loc["999999"].isna().all()


def test_a_listed_area_by_hand() -> None:
    v, why, second = _row()
    assert set(v) == set(MEASURE_KEYS)
    # core: its three units and 甲区 (50) in 2020; 2010 without the coded zone 110171
    assert v["core_population_2020"] == 1000 + 600 + 200 + 50
    assert v["core_population_2010"] == 900 + 500
    assert v["core_change_pct"] == pytest.approx(100 * (1850 - 1400) / 1400, rel=1e-12)
    # ageing on the base of the population: the units' and 甲区's residents aged 65+ (5 of 50)
    # over 1850, not the units' weighted share over 1800 ((10*1000+20*600+5*200)/1800 = 12.78)
    assert v["core_share_age_65_plus_pct"] == pytest.approx(
        100 * ((10 * 1000 + 20 * 600 + 5 * 200) / 100 + 5) / 1850, rel=1e-12)
    assert v["core_urbanisation_pct"] == pytest.approx(100 * (900 + 480 + 200 + 40) / 1850,
                                                       rel=1e-12)
    assert v["core_employment_manufacturing_pct"] == pytest.approx(
        100 * (60 + 20 + 10) / 160, rel=1e-12)  # 90 of 10 + 90 + 60 employed
    assert v["core_gdp_2015_cny_100m"] == 1234.5
    # area = core + member (the partial 140121 apart), both zones
    pop20 = sum(DATA[c][0] for c in AREA)
    assert pop20 == 3550
    assert v["population_2020"] == 3550 + 50 + 30
    assert v["population_2010"] == 900 + 500 + 500 + 600 + 400 + 300
    assert v["population_change_pct"] == pytest.approx(100 * (3630 - 3200) / 3200, rel=1e-12)
    # rest: the members and 乙区 (30) in 2020
    assert v["rest_change_pct"] == pytest.approx(100 * (1780 - 1800) / 1800, rel=1e-12)
    assert v["population_partial_2020"] == 250
    assert v["core_share_pct"] == pytest.approx(100 * 1850 / 3630, rel=1e-12)
    assert v["share_age_65_plus_pct"] == pytest.approx(  # + 甲区's 5 and 乙区's 6 aged 65+
        100 * (sum(DATA[c][3] * DATA[c][0] for c in AREA) / 100 + 5 + 6) / 3630, rel=1e-12)
    assert v["urbanisation_pct"] == pytest.approx(
        100 * (sum(DATA[c][2] for c in AREA) + 40 + 20) / 3630, rel=1e-12)
    # cities: core 1800 + 50, rest of the core prefecture 400, 120100 1000 + 30, 130100 350
    assert v["primacy_two_city"] == pytest.approx(1850 / 1030, rel=1e-12)
    assert second == "120100"
    sizes = [1850.0, 1030.0, 400.0, 350.0]
    q = -_ols_slope([math.log(r) for r in (1, 2, 3, 4)], [math.log(s) for s in sizes])
    assert v["rank_size_q"] == pytest.approx(q, rel=1e-9)
    # population-weighted CV of the units' urban shares (the zones are no units)
    share = {c: 100 * DATA[c][2] / DATA[c][0] for c in AREA}
    mean = sum(share[c] * DATA[c][0] for c in AREA) / 3550
    sd = math.sqrt(sum(DATA[c][0] * (share[c] - mean) ** 2 for c in AREA) / 3550)
    assert v["urban_share_cv"] == pytest.approx(sd / mean, rel=1e-12)
    a = _shares(AREA)
    assert v["employment_primary_pct"] == pytest.approx(100 * a["agriculture"], rel=1e-12)
    assert v["employment_secondary_pct"] == pytest.approx(
        100 * (a["mining"] + a["manufacturing"] + a["construction"]), rel=1e-12)
    assert v["employment_tertiary_pct"] == pytest.approx(100 * a["retail"], rel=1e-12)
    assert v["employment_manufacturing_pct"] == pytest.approx(100 * a["manufacturing"],
                                                              rel=1e-12)
    cs, rs = _shares(CORE), _shares(MEMBER)
    assert v["krugman_core_rest"] == pytest.approx(
        sum(abs(cs[k] - rs[k]) for k in INDUSTRIES), rel=1e-12)
    cities = [_shares(CORE), _shares(["110121"]), _shares(["120102", "120181"]),
              _shares(["130102"])]
    pairs = [_cos(cities[i], cities[j]) for i in range(4) for j in range(i + 1, 4)]
    assert v["industry_similarity_mean"] == pytest.approx(sum(pairs) / 6, rel=1e-12)
    # 60 minutes: estimated times reach 110101, 110102, 110171, 110121, 130102 and 甲区 (its
    # prefecture's districts are all inside); 乙区 counts in the total only (120102 at 70)
    assert v["accessibility_60min_lower_bound_pct"] == pytest.approx(
        100 * (1000 + 600 + 200 + 400 + 350 + 50) / (3550 + 80), rel=1e-12)
    # routed: all but 120181 (61 min); 130102 at exactly 60 is inside; both zones inside
    assert v["accessibility_60min_pct"] == pytest.approx(100 * (3550 - 300 + 80) / 3630,
                                                         rel=1e-12)
    assert why == {}


def test_without_networks_the_shares_say_why() -> None:
    v, why, _ = _row(minutes=None, routed=None)
    assert math.isnan(v["accessibility_60min_pct"])
    assert math.isnan(v["accessibility_60min_lower_bound_pct"])
    assert why == {"accessibility_60min_lower_bound_pct": "no_network",
                   "accessibility_60min_pct": "estimated_network_only"}
    v, why, _ = _row(minutes=None)
    assert why == {"accessibility_60min_lower_bound_pct": "no_network"}
    assert v["accessibility_60min_pct"] == pytest.approx(100 * 3330 / 3630, rel=1e-12)


def test_members_not_published() -> None:
    """Every measure but the core's own is missing, the core's share of the area too (it
    said ``incomplete`` before)."""
    roles = {c: "core" for c in CORE}
    info = pd.Series({"core_code": "110100", "members_listed": False})
    v, why, second = _row(roles=roles, info=info)
    core_keys = [k for k in MEASURE_KEYS if k.startswith("core_") and k != "core_share_pct"]
    for k in MEASURE_KEYS:
        if k in core_keys:
            assert np.isfinite(v[k]), k
            assert k not in why, k
        else:
            assert math.isnan(v[k]), k
            assert why[k] == "members_not_published", k
    assert v["core_population_2020"] == 1850 and second == ""


def test_a_unit_without_a_census_value_leaves_its_sums_missing() -> None:
    data = dict(DATA)
    data["120181"] = (NAN, 400, NAN, NAN, {})  # no 2020 figures, no employment
    v, why, second = _row(china=_china(data))
    for k in ("population_2020", "population_change_pct", "rest_change_pct", "core_share_pct",
              "share_age_65_plus_pct", "urbanisation_pct", "primacy_two_city",
              "rank_size_q", "urban_share_cv", "employment_primary_pct",
              "employment_secondary_pct", "employment_tertiary_pct",
              "employment_manufacturing_pct", "krugman_core_rest",
              "industry_similarity_mean", "accessibility_60min_pct",
              "accessibility_60min_lower_bound_pct"):
        assert math.isnan(v[k]), k
        assert why[k] == "incomplete", k
    # the core and 2010 figures do not need 120181's 2020 values
    assert v["core_population_2020"] == 1850 and v["population_2010"] == 3200
    assert v["core_employment_manufacturing_pct"] == pytest.approx(100 * 90 / 160)
    assert second == ""  # the two-city index is missing, so is its second city
    assert set(why) == {k for k in MEASURE_KEYS if math.isnan(v[k])}


def test_a_unit_without_employment_only() -> None:
    """120181 has its census counts but no employment row: the industry figures of the area,
    the rest and the cities are missing, the core's stay."""
    data = dict(DATA)
    data["120181"] = (*DATA["120181"][:4], {})
    v, why, _ = _row(china=_china(data))
    for k in ("employment_primary_pct", "employment_secondary_pct", "employment_tertiary_pct",
              "employment_manufacturing_pct", "krugman_core_rest", "industry_similarity_mean"):
        assert math.isnan(v[k]) and why[k] == "incomplete", k
    assert v["core_employment_manufacturing_pct"] == pytest.approx(100 * 90 / 160)
    assert v["population_2020"] == 3630 and "population_2020" not in why


def test_a_unit_with_a_missing_industry_counts_it_as_zero() -> None:
    """A unit with some employment rows counts the others as 0; a core whose sample is all 0
    has no shares."""
    v, _, _ = _row()
    # 110171 has no agriculture row: the core's 160 employed are 10 + 90 + 60
    assert v["core_employment_manufacturing_pct"] == pytest.approx(100 * 90 / 160)
    data = {c: (*DATA[c][:4], {k: 0.0 for k in DATA[c][4]}) if c in CORE else DATA[c]
            for c in DATA}
    v, why, _ = _row(china=_china(data))
    assert math.isnan(v["core_employment_manufacturing_pct"])
    assert why["core_employment_manufacturing_pct"] == "incomplete"
    assert math.isnan(v["krugman_core_rest"]) and math.isnan(v["industry_similarity_mean"])
    # the area's shares do not need the core's own
    a = _shares(MEMBER)
    assert v["employment_manufacturing_pct"] == pytest.approx(100 * a["manufacturing"],
                                                              rel=1e-12)


def test_split_zones_leave_the_group_figures_missing() -> None:
    """With 110102 a member, 甲区's districts are split between core and member: the area
    has its 50 persons, the core, rest and cities do not."""
    roles = dict(ROLES)
    roles["110102"] = "member"
    v, why, second = _row(roles=roles)
    for k in ("core_population_2020", "core_change_pct", "core_urbanisation_pct",
              "core_share_pct", "rest_change_pct", "primacy_two_city", "rank_size_q"):
        assert math.isnan(v[k]) and why[k] == "uncoded_zones_split", k
    assert second == ""
    assert v["population_2020"] == 3630 and "population_2020" not in why
    assert v["urbanisation_pct"] == pytest.approx(
        100 * (sum(DATA[c][2] for c in AREA) + 60) / 3630, rel=1e-12)
    # a district of 110100 outside the area: 甲区 cannot be placed at all
    roles = dict(ROLES)
    del roles["110102"]
    v, why, _ = _row(roles=roles)
    for k in ("population_2020", "population_change_pct", "urbanisation_pct",
              "accessibility_60min_pct", "accessibility_60min_lower_bound_pct",
              "core_population_2020", "rest_change_pct"):
        assert math.isnan(v[k]) and why[k] == "uncoded_zones_split", k
    # without zones every figure is the units' own
    v, why, _ = _row(china=_china(zones=ZONES.iloc[0:0]))
    assert v["population_2020"] == 3550 and v["core_population_2020"] == 1800
    assert v["primacy_two_city"] == pytest.approx(1800 / 1000) and why == {}


def test_ageing_is_missing_when_a_zone_lacks_its_65_plus_share() -> None:
    """One base per group: 乙区 (30 persons, a member's zone) without its census 65+ share
    leaves the area's ageing missing, never the units' share over a smaller base; the core
    (甲区 has its share) keeps its figure."""
    zones = ZONES.assign(share_age_65_plus_pct=[NAN, 10.0])
    v, why, _ = _row(china=_china(zones=zones))
    assert math.isnan(v["share_age_65_plus_pct"]) and why["share_age_65_plus_pct"] == "incomplete"
    assert v["core_share_age_65_plus_pct"] == pytest.approx(100 * 235 / 1850, rel=1e-12)
    # a table without the column (built before it existed): missing as well
    v, why, _ = _row(china=_china(zones=ZONES.drop(columns="share_age_65_plus_pct")))
    assert math.isnan(v["share_age_65_plus_pct"]) and math.isnan(v["core_share_age_65_plus_pct"])
    assert v["urbanisation_pct"] == pytest.approx(  # the other measures are unaffected
        100 * (sum(DATA[c][2] for c in AREA) + 40 + 20) / 3630, rel=1e-12)


def test_the_rest_of_the_core_city_can_be_the_second_city() -> None:
    """Members only in the core prefecture and 130100: the rest of the core city (400 + 200
    from the coded zone 110172, which has no 2010 row) is larger than 130100 (350); two
    cities besides the core make three."""
    data = {c: DATA[c] for c in (*CORE, "110121", "130102")}
    data["110172"] = (200, NAN, 100, 10, {"retail": 4})
    roles = {**{c: "core" for c in CORE}, "110121": "member", "110172": "member",
             "130102": "member"}
    v, why, second = _row(china=_china(data, zones=ZONES.iloc[1:]), roles=roles)
    # 110172 is a coded zone among the members: 甲区's districts are split (core and member)
    assert why["primacy_two_city"] == "uncoded_zones_split" and second == ""
    v, why, second = _row(china=_china(data, zones=ZONES.iloc[0:0]), roles=roles)
    assert second == "rest_of_core"
    assert v["primacy_two_city"] == pytest.approx(1800 / 600, rel=1e-12)
    q = -_ols_slope([0.0, math.log(2), math.log(3)], [math.log(x) for x in (1800, 600, 350)])
    assert v["rank_size_q"] == pytest.approx(q, rel=1e-9)
    assert v["rest_change_pct"] == pytest.approx(100 * (950 - 800) / 800, rel=1e-12)
    assert v["population_2010"] == 900 + 500 + 500 + 300


def test_two_cities_are_too_few_for_rank_size() -> None:
    roles = {**{c: "core" for c in CORE}, "130102": "member"}
    v, why, second = _row(roles=roles)
    assert math.isnan(v["rank_size_q"]) and why["rank_size_q"] == "too_few_cities"
    assert v["primacy_two_city"] == pytest.approx(1850 / 350, rel=1e-12)
    assert second == "130100"
    assert v["population_partial_2020"] == 0.0 and "population_partial_2020" not in why
    assert v["industry_similarity_mean"] == pytest.approx(
        _cos(_shares(CORE), _shares(["130102"])), rel=1e-12)
    # the core alone: no other city, no two-city index, no similarity
    v, why, second = _row(roles={c: "core" for c in CORE})
    assert math.isnan(v["primacy_two_city"]) and second == ""
    assert why["primacy_two_city"] == "incomplete"
    assert why["rank_size_q"] == "too_few_cities"
    assert math.isnan(v["rest_change_pct"]) and math.isnan(v["krugman_core_rest"])
    assert math.isnan(v["industry_similarity_mean"])
    assert v["population_2020"] == 1850 and v["core_share_pct"] == 100.0


def test_a_zero_or_missing_base_gives_no_change() -> None:
    data = dict(DATA)
    for c in ("110101", "110102"):
        data[c] = (DATA[c][0], 0.0, *DATA[c][2:])
    v, why, _ = _row(china=_china(data))
    assert v["core_population_2010"] == 0.0
    assert math.isnan(v["core_change_pct"]) and why["core_change_pct"] == "incomplete"
    # a core of zones only has no 2010 figure
    data = {c: DATA[c] for c in ("110171", "130102")}
    v, why, _ = _row(china=_china(data, zones=ZONES.iloc[0:0]),
                     roles={"110171": "core", "130102": "member"})
    assert math.isnan(v["core_population_2010"]) and math.isnan(v["core_change_pct"])
    assert v["core_population_2020"] == 200
    assert v["population_2010"] == 300  # the zone left out, the member kept


def test_helpers_by_hand() -> None:
    w = pd.DataFrame({"population": [10.0, 20.0, NAN], "x": [1.0, 3.0, 5.0]},
                     index=["110101", "110171", "110102"])
    assert math.isnan(F._sum(w, [], "population"))
    assert math.isnan(F._sum(w, ["110101"], "missing"))
    assert F._sum(w, ["110101", "110171"], "population") == 30.0
    assert F._sum(w, ["110101", "110171"], "population", skip_zones=True) == 10.0
    assert math.isnan(F._sum(w, ["110171"], "population", skip_zones=True))
    assert math.isnan(F._sum(w, ["110101", "110102"], "population"))
    a = w.rename(columns={"x": "share_age_65_plus_pct"})
    assert F._aged(a, ["110101", "110171"]) == pytest.approx((10 + 60) / 100)
    assert math.isnan(F._aged(a, []))
    assert math.isnan(F._aged(w, ["110101"]))  # no 65+ column
    assert math.isnan(F._aged(a, ["110101", "110102"]))  # no population
    a2 = a.assign(share_age_65_plus_pct=[1.0, NAN, 5.0], population=[10.0, 20.0, 30.0])
    assert math.isnan(F._aged(a2, ["110101", "110171"]))
    assert F._pct(110.0, 100.0) == pytest.approx(10.0)
    assert F._pct(90.0, 100.0) == pytest.approx(-10.0)
    for a, b in ((1.0, 0.0), (NAN, 1.0), (1.0, NAN), (math.inf, 1.0), (1.0, math.inf)):
        assert math.isnan(F._pct(a, b)), (a, b)
    assert F._second_city({"core": 5.0}) == ""
    assert F._second_city({"core": 5.0, "a": 1.0, "b": 3.0, "c": 2.0}) == "b"
    assert F._second_city({"core": 1.0, "a": 9.0, "b": 9.0}) == "a"  # the first of a tie
    # sizes: zeros, NaN and inf dropped before ranking; an exact Zipf series has q = 1
    assert F._zipf_q(np.array([0.0, 30.0, NAN, 120.0, 40.0, math.inf, 60.0])) == \
        pytest.approx(1.0, rel=1e-12)
    assert math.isnan(F._zipf_q(np.array([120.0, 60.0, 0.0, NAN])))
    q = -_ols_slope([0.0, math.log(2), math.log(3)], [math.log(9), math.log(4), math.log(1)])
    assert F._zipf_q(np.array([4.0, 1.0, 9.0])) == pytest.approx(q, rel=1e-12)
    a = pd.Series({"x": 3.0, "y": 4.0})
    b = pd.Series({"y": 2.0, "z": 2.0})
    assert math.isnan(F._cosine_mean([a]))
    assert F._cosine_mean([a, b]) == pytest.approx(8 / (5 * math.sqrt(8)), rel=1e-12)
    c = pd.Series({"x": 1.0})
    want = (8 / (5 * math.sqrt(8)) + 3 / 5 + 0.0) / 3
    assert F._cosine_mean([a, b, c]) == pytest.approx(want, rel=1e-12)


def test_industry_shares_and_cities_by_hand() -> None:
    w = F._wide(_china(), sorted(DATA))
    s = F._industry_shares(w, ["110121", "130102"])
    assert s is not None
    assert dict(s) == pytest.approx({"agriculture": 32 / 66, "mining": 0.0,
                                     "manufacturing": 15 / 66, "construction": 6 / 66,
                                     "retail": 13 / 66}, rel=1e-12)
    assert F._industry_shares(w, []) is None
    # one person in the sample is enough for shares; nobody is not
    one = pd.DataFrame({"employed_sample_agriculture": [1.0, 0.0],
                        "employed_sample_retail": [0.0, 0.0]}, index=["a", "b"])
    s = F._industry_shares(one, ["a", "b"])
    assert s is not None and dict(s) == {"agriculture": 1.0, "retail": 0.0}
    assert F._industry_shares(one, ["b"]) is None
    assert F._industry_shares(w.drop(columns=[c for c in w.columns
                                              if c.startswith("employed_sample_")
                                              and c != "employed_sample_total"]),
                              ["110121"]) is None
    units = _units(DATA)
    roles = pd.Series(ROLES)
    assert F._cities(units, roles, "110100") == {
        "core": CORE, "rest_of_core": ["110121"], "120100": ["120102", "120181"],
        "130100": ["130102"]}
    assert F._cities(units, roles, "120100") == {
        "core": CORE, "110100": ["110121"], "rest_of_core": ["120102", "120181"],
        "130100": ["130102"]}


def test_zones_of_the_core_city_with_member_districts_go_to_the_rest() -> None:
    """The core prefecture's districts all members and its county 110121 the core: 甲区 (50)
    lies with the members and in the rest of the core city (1800 + 50), the core is 400."""
    roles = {"110101": "member", "110102": "member", "110171": "member", "110121": "core",
             "130102": "member"}
    v, why, second = _row(roles=roles)
    assert v["core_population_2020"] == 400
    # rest: 1800 + 50 + 350 in 2020; 900 + 500 + 300 in 2010 (the coded zone has no 2010 row)
    assert v["rest_change_pct"] == pytest.approx(100 * (2200 - 1700) / 1700, rel=1e-12)
    assert second == "rest_of_core"
    assert v["primacy_two_city"] == pytest.approx(400 / 1850, rel=1e-12)
    q = -_ols_slope([0.0, math.log(2), math.log(3)], [math.log(x) for x in (1850, 400, 350)])
    assert v["rank_size_q"] == pytest.approx(q, rel=1e-9)
    assert "rank_size_q" not in why  # three cities are enough


def test_no_manufacturing_rows_and_no_gdp() -> None:
    """Nobody employed in manufacturing (no such rows at all): 0 %, not missing; a core
    prefecture without a 2015 GDP figure: missing."""
    data = {c: (*DATA[c][:4], {k: x for k, x in DATA[c][4].items() if k != "manufacturing"})
            for c in DATA}
    info = pd.Series({"core_code": "130100", "members_listed": True})
    roles = {"130102": "core", "110121": "member", "120181": "member"}
    v, why, _ = _row(china=_china(data, zones=ZONES.iloc[0:0]), roles=roles, info=info)
    assert v["core_employment_manufacturing_pct"] == 0.0
    assert v["employment_manufacturing_pct"] == 0.0
    a = _shares(["130102", "110121", "120181"], data)
    assert v["employment_secondary_pct"] == pytest.approx(
        100 * (a["mining"] + a["construction"]), rel=1e-12)
    assert math.isnan(v["core_gdp_2015_cny_100m"])
    assert why["core_gdp_2015_cny_100m"] == "incomplete"


def test_a_unit_without_urban_population_leaves_the_urban_figures_missing() -> None:
    """120181 has its population but no urban count: the urban share's CV and the
    urbanisation are missing, never computed over the other units."""
    data = dict(DATA)
    data["120181"] = (300, 400, NAN, 18, DATA["120181"][4])
    v, why, _ = _row(china=_china(data))
    for k in ("urban_share_cv", "urbanisation_pct"):
        assert math.isnan(v[k]) and why[k] == "incomplete", k
    assert v["population_2020"] == 3630 and v["core_urbanisation_pct"] == pytest.approx(
        100 * 1620 / 1850, rel=1e-12)
