"""Breaking points, field strength and hinterlands, every cell, against plain re-computations
written in the test (a haversine with ``math``, Converse's formula, F = Z / D^α, the dominant
centre by a loop) on the toy province of the indicator tests."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from _indicator_fixtures import COUNTIES, PREFS, toy_region
from metroscope import MissingDataError, ParameterError
from metroscope.indicators.hinterland import (
    REFERENCE_BP,
    breaking_points,
    field_strength,
    hinterlands,
)
from metroscope.region import Region

PREF = list(PREFS)
CTY = list(COUNTIES)
SOURCE = ["hand-built test data"]
FS_REF = "何建华 et al. 2015, 测绘学报; METHODS.md §6"


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    r = 6371.0088
    p1, p2 = math.radians(a[1]), math.radians(b[1])
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[0] - a[0]) / 2) ** 2)
    return 2 * r * math.asin(math.sqrt(h))


def _seat(code: str) -> tuple[float, float]:
    row = PREFS.get(code) or COUNTIES[code]
    dx, dy = (row[2], row[3])
    return 120 + dx, 30 + dy


def _mass(code: str, mass: str) -> float:
    _n, _r, _x, _y, _p10, p20, _g10, g20 = PREFS[code]
    return {"population": p20, "gdp": g20, "sqrt_pg": math.sqrt(p20 / 1e4 * g20)}[mass]


def _square(codes: list[str], minutes: dict[tuple[str, str], float]) -> pd.DataFrame:
    tt = pd.DataFrame(60.0, index=codes, columns=codes)
    for c in codes:
        tt.loc[c, c] = 0.0
    for (a, b), v in minutes.items():
        tt.loc[a, b] = v
    return tt


@pytest.mark.parametrize("mass", ["population", "gdp", "sqrt_pg"])
def test_breaking_points_every_pair(mass: str) -> None:
    bp = breaking_points(toy_region(), year=2020, mass=mass)
    pairs = [(i, j) for i in PREF for j in PREF if i != j]
    assert list(bp.index) == pairs and list(bp.index.names) == ["origin", "destination"]
    assert list(bp.columns) == ["distance_km", "travel_time_min", "mass_origin",
                                "mass_destination", "breaking_point_km", "breaking_point_min",
                                "breaking_point_share"]
    for i, j in pairs:
        row = bp.loc[(i, j)]
        d = _km(_seat(i), _seat(j))
        mi, mj = _mass(i, mass), _mass(j, mass)
        share = 1 / (1 + math.sqrt(mj / mi))
        assert row["distance_km"] == pytest.approx(d, rel=1e-9)
        assert (row["mass_origin"], row["mass_destination"]) == pytest.approx((mi, mj))
        assert row["breaking_point_share"] == pytest.approx(share, rel=1e-12)
        assert row["breaking_point_km"] == pytest.approx(d * share, rel=1e-9)
        assert math.isnan(row["travel_time_min"]) and math.isnan(row["breaking_point_min"])
    meta = bp.attrs["metroscope"]
    assert (meta["indicator"], meta["year"], meta["level"], meta["measure"]) == (
        "breaking_points", 2020, "prefecture", mass)
    assert meta["parameters"]["mass"] == mass and meta["parameters"]["travel_time_matrix"] is None
    assert meta["sources"] == SOURCE and meta["reference"] == REFERENCE_BP
    assert meta["notes"] == []


def test_breaking_points_on_travel_times_year_codes_and_parent() -> None:
    tt = _square(PREF, {("990100", "990300"): 90.0, ("990300", "990100"): 30.0})
    bp = breaking_points(toy_region(), codes=["990300", "990100"], travel_time_min=tt)
    assert bp.attrs["metroscope"]["year"] == 2020  # the latest year with the mass
    assert list(bp.index) == [("990100", "990300"), ("990300", "990100")]
    share = 1 / (1 + math.sqrt(2_000_000 / 9_000_000))
    assert bp.at[("990100", "990300"), "travel_time_min"] == 90.0
    assert bp.at[("990100", "990300"), "breaking_point_min"] == pytest.approx(90 * share)
    assert bp.at[("990300", "990100"), "breaking_point_min"] == pytest.approx(
        30 * (1 - share))
    assert bp.attrs["metroscope"]["parameters"]["travel_time_matrix"] == {"shape": [4, 4]}
    old = breaking_points(toy_region(), year=2010, parent="990000", level="prefecture")
    assert old.attrs["metroscope"]["year"] == 2010
    assert old.at[("990100", "990200"), "breaking_point_share"] == pytest.approx(
        1 / (1 + math.sqrt(4 / 8)))
    cty = breaking_points(toy_region(), year=2020, level="county", parent="990100")
    assert list(cty.index) == [("990101", "990102"), ("990102", "990101")]
    with pytest.raises(ParameterError):
        breaking_points(toy_region(), mass="area")


def _no_seat(code: str) -> Region:
    r = toy_region()
    u = r.units.reset_index() if "code" not in r.units.columns else r.units.copy()
    u.loc[u["code"] == code, ["seat_lon", "seat_lat"]] = np.nan
    return r.with_tables(units=u)


def test_breaking_points_leaves_out_a_unit_without_a_seat() -> None:
    bp = breaking_points(_no_seat("990400"), year=2020)
    assert set(bp.index.get_level_values("origin")) == {"990100", "990200", "990300"}
    assert bp.attrs["metroscope"]["notes"] == [
        "left out for lack of seat coordinates: 990400"]
    with pytest.raises(MissingDataError, match="No seat coordinates for 1 unit"):
        breaking_points(_no_seat("990400"), codes=["990100", "990400"])


def _expected_field(mass: str, alpha: float, fric: dict[tuple[str, str], float] | None = None
                    ) -> dict[tuple[str, str], float]:
    out = {}
    for c in PREF:
        for loc in CTY:
            f = _km(_seat(c), _seat(loc)) if fric is None else fric[(c, loc)]
            out[(c, loc)] = math.inf if f == 0 else _mass(c, mass) / f ** alpha
    return out


def _dominant(field: dict[tuple[str, str], float], locs: list[str]) -> dict[str, str]:
    best = {}
    for loc in locs:
        vals = [(field[(c, loc)], c) for c in PREF if not math.isnan(field[(c, loc)])]
        best[loc] = max(vals)[1]
    return best


@pytest.mark.parametrize(("mass", "alpha"), [("sqrt_pg", None), ("population", 1.5),
                                             ("gdp", 2.5)])
def test_field_strength_every_cell(mass: str, alpha: float | None) -> None:
    fs = field_strength(toy_region(), year=2020, mass=mass, friction_exponent=alpha)
    a = 2.0 if alpha is None else alpha  # Settings.friction_exponent
    exp = _expected_field(mass, a)
    assert list(fs.index) == [(c, loc) for c in PREF for loc in CTY]
    assert list(fs.index.names) == ["centre", "location"]
    assert list(fs.columns) == ["distance_km", "travel_time_min", "friction", "mass_centre",
                                "field_strength", "is_dominant"]
    dom = _dominant(exp, CTY)
    for (c, loc), f in exp.items():
        row = fs.loc[(c, loc)]
        d = _km(_seat(c), _seat(loc))
        assert row["distance_km"] == pytest.approx(d, rel=1e-9)
        assert row["friction"] == pytest.approx(d, rel=1e-9)
        assert math.isnan(row["travel_time_min"])
        assert row["mass_centre"] == pytest.approx(_mass(c, mass), rel=1e-12)
        assert row["field_strength"] == pytest.approx(f, rel=1e-9)
        assert bool(row["is_dominant"]) is (dom[loc] == c)
    meta = fs.attrs["metroscope"]
    assert (meta["indicator"], meta["year"], meta["level"], meta["measure"]) == (
        "field_strength", 2020, "county", mass)
    assert meta["parameters"] == {"mass": mass, "friction_exponent": a,
                                  "friction": "distance_km", "travel_time_matrix": None,
                                  "centres": PREF,
                                  **({"price_basis": "GDP at current prices, 亿元"}
                                     if mass != "population" else {})}
    assert meta["sources"] == SOURCE and meta["reference"] == FS_REF and meta["notes"] == []
    hl = hinterlands(fs)
    assert list(hl.index) == CTY and hl.index.name == "location"
    assert list(hl.columns) == ["centre", "field_strength", "runner_up", "dominance_ratio"]
    for loc in CTY:
        ranked = sorted(((exp[(c, loc)], c) for c in PREF), reverse=True)
        assert hl.at[loc, "centre"] == ranked[0][1] == dom[loc]
        assert hl.at[loc, "runner_up"] == ranked[1][1]
        assert hl.at[loc, "field_strength"] == pytest.approx(ranked[0][0], rel=1e-9)
        assert hl.at[loc, "dominance_ratio"] == pytest.approx(ranked[0][0] / ranked[1][0],
                                                              rel=1e-9)
    hmeta = hl.attrs["metroscope"]
    assert hmeta["indicator"] == "hinterlands"
    assert (hmeta["year"], hmeta["level"], hmeta["measure"]) == (2020, "county", mass)
    assert hmeta["parameters"] == meta["parameters"] and hmeta["sources"] == SOURCE


def test_field_strength_on_travel_times() -> None:
    codes = PREF + CTY
    minutes = {(c, loc): 10.0 + 5 * i + 3 * k for i, c in enumerate(PREF)
               for k, loc in enumerate(CTY)}
    minutes[("990300", "990301")] = 0.0  # at the seat: infinite field
    minutes[("990100", "990102")] = np.inf  # unreachable: no field
    minutes[("990200", "990102")] = np.nan  # unknown: NaN, never dominant
    tt = _square(codes, minutes).drop(columns="990401")  # 990401 has no column: left out
    fs = field_strength(toy_region(), year=2020, mass="population", travel_time_min=tt)
    locs = [c for c in CTY if c != "990401"]
    assert list(fs.index.get_level_values("location").unique()) == locs
    exp = {k: (math.inf if v == 0 else math.nan if v != v else _mass(k[0], "population") / v**2)
           for k, v in minutes.items() if k[1] in locs}
    dom = _dominant(exp, locs)
    for (c, loc), f in exp.items():
        row = fs.loc[(c, loc)]
        assert row["travel_time_min"] == pytest.approx(minutes[(c, loc)], nan_ok=True)
        assert row["friction"] == pytest.approx(minutes[(c, loc)], nan_ok=True)
        assert row["distance_km"] == pytest.approx(_km(_seat(c), _seat(loc)), rel=1e-9)
        assert row["field_strength"] == pytest.approx(f, rel=1e-9, nan_ok=True)
        assert bool(row["is_dominant"]) is (dom[loc] == c)
    assert fs.at[("990100", "990102"), "field_strength"] == 0.0
    meta = fs.attrs["metroscope"]
    assert meta["parameters"]["friction"] == "travel_time_min"
    assert meta["parameters"]["travel_time_matrix"] == {"shape": [10, 9]}
    assert meta["notes"] == ["left out for lack of travel times: 990401"]
    hl = hinterlands(fs)
    assert hl.at["990301", "centre"] == "990300"
    assert hl.at["990301", "field_strength"] == math.inf
    assert hl.at["990301", "dominance_ratio"] == math.inf
    # 990102: NaN from 990200, 0 from 990100: ranked after the finite fields of 990300, 990400
    ranked = sorted(((exp[(c, "990102")], c) for c in ("990300", "990400")), reverse=True)
    assert (hl.at["990102", "centre"], hl.at["990102", "runner_up"]) == (
        ranked[0][1], ranked[1][1])


def test_locations_no_centre_reaches() -> None:
    codes = PREF + CTY
    minutes = {(c, loc): 20.0 for c in PREF for loc in CTY}
    for c in PREF:
        minutes[(c, "990201")] = np.inf  # reached by nobody: every field 0
        minutes[(c, "990401")] = np.nan  # no travel time at all
    fs = field_strength(toy_region(), year=2020, mass="population",
                        travel_time_min=_square(codes, minutes))
    per_loc = fs.groupby(level="location", sort=False)["is_dominant"].sum()
    assert per_loc.to_dict() == {c: (0 if c in ("990201", "990401") else 1) for c in CTY}
    # equal times: the largest mass (990100, 9 M) dominates where reached
    assert bool(fs.at[("990100", "990101"), "is_dominant"]) is True
    assert fs.attrs["metroscope"]["notes"] == [
        "2 location(s) with no usable distance or travel time to any centre have no dominant "
        "centre: 990201, 990401"]
    assert fs.attrs["metroscope"]["notes"][0].zh == (
        "2个地点到任何中心都没有可用的距离或出行时间,没有主导中心:990201、990401")
    hl = hinterlands(fs)
    for loc in ("990201", "990401"):
        assert pd.isna(hl.at[loc, "centre"]) and pd.isna(hl.at[loc, "runner_up"])
        assert math.isnan(hl.at[loc, "field_strength"])
        assert math.isnan(hl.at[loc, "dominance_ratio"])
    assert hl.at["990101", "centre"] == "990100" and hl.at["990101", "runner_up"] == "990200"
    assert hl.at["990101", "dominance_ratio"] == pytest.approx(9 / 4)


def test_explicit_centres_coincident_seat_and_one_centre() -> None:
    r = toy_region()
    u = r.units.copy()
    if "code" in u.columns:
        u = u.set_index("code", drop=False)
    # 990401's seat moved onto its prefecture's seat: distance 0, infinite field
    u.loc["990401", ["seat_lon", "seat_lat"]] = [122.0, 30.0]
    r = r.with_tables(units=u.reset_index(drop=True) if "code" in u.columns else u)
    fs = field_strength(r, year=2020, centres=["990400", "990101"], mass="population",
                        friction_exponent=1.0)
    assert list(fs.index.get_level_values("centre").unique()) == ["990400", "990101"]
    assert fs.at[("990400", "990401"), "field_strength"] == math.inf
    assert fs.at[("990400", "990401"), "distance_km"] == 0.0
    assert bool(fs.at[("990400", "990401"), "is_dominant"]) is True
    # a county as a centre (explicit centres need no centre_level), at its own seat
    assert fs.at[("990101", "990101"), "field_strength"] == math.inf
    d = _km((120.05, 30.05), (120.3, 30.2))
    assert fs.at[("990101", "990102"), "field_strength"] == pytest.approx(6_000_000 / d)
    assert fs.attrs["metroscope"]["parameters"]["centres"] == ["990400", "990101"]
    one = field_strength(toy_region(), year=2020, centres=["990100"], mass="population")
    assert one["is_dominant"].all()
    hl = hinterlands(one)
    assert (hl["centre"] == "990100").all() and hl["runner_up"].isna().all()
    assert hl["dominance_ratio"].isna().all()
    with pytest.raises(MissingDataError, match="No seat coordinates"):
        field_strength(_no_seat("990400"), centres=["990400"])
    with pytest.raises(MissingDataError, match="No GDP"):
        field_strength(toy_region(), level="county", centres=["990101"], mass="gdp")


def test_default_friction_comes_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from metroscope import settings as S
    base = S.get_settings()
    monkeypatch.setattr("metroscope.indicators.hinterland.get_settings",
                        lambda: base.model_copy(update={"friction_exponent": 3.0}))
    fs = field_strength(toy_region(), year=2020, mass="population")
    d = _km(_seat("990100"), _seat("990101"))
    assert fs.at[("990100", "990101"), "field_strength"] == pytest.approx(9e6 / d**3)
    assert fs.attrs["metroscope"]["parameters"]["friction_exponent"] == 3.0


def test_hinterlands_orders_nan_last_and_needs_the_field() -> None:
    idx = pd.MultiIndex.from_tuples(
        [("a", "x"), ("b", "x"), ("c", "x"), ("a", "y"), ("b", "y"), ("c", "y")],
        names=["centre", "location"])
    field = pd.DataFrame({"field_strength": [np.nan, 2.0, 8.0, 0.5, np.nan, 0.25]}, index=idx)
    hl = hinterlands(field)
    assert hl.loc["x"].tolist() == ["c", 8.0, "b", 4.0]
    assert hl.loc["y"].tolist() == ["a", 0.5, "c", 2.0]
    with pytest.raises(KeyError):
        hinterlands(field.rename(columns={"field_strength": "f"}))


def _sourced() -> Region:
    """The toy province where the 2010 rows and the county rows cite other sources, so that a
    prefecture result for 2020 cites only the hand-built rows."""
    r = toy_region()
    st = r.stats.copy()
    st.loc[st["year"] == 2010, "source"] = "census 2010"
    st.loc[st["code"].isin(CTY), "source"] = "county table"
    return r.with_tables(stats=st)


def test_region_sources_and_defaults_in_the_provenance() -> None:
    r = _sourced()
    bp = breaking_points(r, year=2020, mass="population")
    assert (bp.attrs["metroscope"]["region"], bp.attrs["metroscope"]["sources"]) == (
        "toy", SOURCE)
    fs = field_strength(r, year=2020, mass="population")
    assert (fs.attrs["metroscope"]["region"], fs.attrs["metroscope"]["sources"]) == (
        "toy", SOURCE)
    # the default mass is sqrt(P[万人] G[亿元]) of the centres, the default year the latest
    fs = field_strength(toy_region())
    assert fs.attrs["metroscope"]["measure"] == "sqrt_pg" and fs.attrs["metroscope"]["year"] == 2020
    assert fs.at[("990200", "990201"), "mass_centre"] == pytest.approx(math.sqrt(400 * 1500))
    # another year: the 2010 masses
    old = field_strength(toy_region(), year=2010, mass="population")
    assert old.at[("990100", "990101"), "mass_centre"] == 8_000_000
    assert old.attrs["metroscope"]["year"] == 2010
    # the two index levels hold the codes as objects, like the other pair tables
    assert fs.index.levels[0].dtype == object and fs.index.levels[1].dtype == object


def _no_value(code: str, year: int = 2020) -> Region:
    r = toy_region()
    st = r.stats
    return r.with_tables(stats=st[~((st["code"] == code) & (st["year"] == year)
                                    & (st["indicator"] == "population"))])


def test_units_without_a_mass_or_a_seat() -> None:
    # explicit units must all have a mass; chosen by level they are left out, named
    with pytest.raises(MissingDataError, match="No positive population mass in 2020"):
        breaking_points(_no_value("990400"), year=2020, codes=["990100", "990400"])
    with pytest.raises(MissingDataError, match="No positive population mass in 2020"):
        field_strength(_no_value("990400"), year=2020, centres=["990100", "990400"],
                       mass="population")
    fs = field_strength(_no_seat("990400"), year=2020, mass="population")
    assert list(fs.index.get_level_values("centre").unique()) == PREF[:3]
    assert fs.attrs["metroscope"]["notes"] == ["left out for lack of seat coordinates: 990400"]
    fs = field_strength(_no_seat("990401"), year=2020, mass="population")
    assert list(fs.index.get_level_values("location").unique()) == CTY[:5]
    assert fs.attrs["metroscope"]["notes"] == ["left out for lack of seat coordinates: 990401"]
    # both: the centres' note first, then the mass's and the locations'
    r = _no_seat("990400")
    u = r.units.copy()
    key = u["code"] == "990401" if "code" in u.columns else u.index == "990401"
    u.loc[key, ["seat_lon", "seat_lat"]] = np.nan
    st = r.stats
    r = r.with_tables(units=u, stats=st[~((st["code"] == "990300") & (st["year"] == 2020)
                                          & (st["indicator"] == "population"))])
    fs = field_strength(r, year=2020, mass="population")
    assert fs.attrs["metroscope"]["notes"] == [
        "left out for lack of seat coordinates: 990400",
        "left out for lack of a positive population mass in 2020: 990300",
        "left out for lack of seat coordinates: 990401"]


def test_exactly_one_minute_and_a_seat_beside_an_unreached_location() -> None:
    codes = PREF + CTY
    minutes = {(c, loc): 20.0 for c in PREF for loc in CTY}
    minutes[("990200", "990201")] = 1.0  # F = Z / 1, finite
    minutes[("990100", "990101")] = 0.0  # at the seat: infinite
    for c in PREF:
        minutes[(c, "990401")] = np.nan  # nobody: no dominant centre, even beside an inf
    for c in PREF[1:]:
        minutes[(c, "990102")] = np.inf  # reached by 990100 only: runner-up field 0
    fs = field_strength(toy_region(), year=2020, mass="population",
                        travel_time_min=_square(codes, minutes))
    assert fs.at[("990200", "990201"), "field_strength"] == 4_000_000
    assert bool(fs.at[("990200", "990201"), "is_dominant"]) is True
    assert fs.at[("990100", "990101"), "field_strength"] == math.inf
    assert not fs.xs("990401", level="location")["is_dominant"].any()
    assert fs.attrs["metroscope"]["notes"] == [
        "1 location(s) with no usable distance or travel time to any centre have no dominant "
        "centre: 990401"]
    hl = hinterlands(fs)
    assert hl.at["990102", "centre"] == "990100"
    assert hl.at["990102", "field_strength"] == pytest.approx(9e6 / 400)
    assert hl.at["990102", "dominance_ratio"] == math.inf  # F / 0, without a warning
    assert pd.isna(hl.at["990401", "centre"])


def test_hinterlands_of_two_centres_and_nan_below_zero() -> None:
    idx = pd.MultiIndex.from_tuples(
        [("a", "x"), ("b", "x"), ("a", "y"), ("b", "y")], names=["centre", "location"])
    hl = hinterlands(pd.DataFrame({"field_strength": [1.0, 3.0, 2.0, 0.5]}, index=idx))
    assert hl.loc["x"].tolist() == ["b", 3.0, "a", 3.0]
    assert hl.loc["y"].tolist() == ["a", 2.0, "b", 4.0]
    # a NaN field ranks below a zero field
    idx3 = pd.MultiIndex.from_tuples([("a", "z"), ("b", "z"), ("c", "z")],
                                     names=["centre", "location"])
    hl = hinterlands(pd.DataFrame({"field_strength": [np.nan, 0.0, 1.0]}, index=idx3))
    assert hl.loc["z"].tolist() == ["c", 1.0, "b", math.inf]


def test_a_seat_has_an_infinite_field_whatever_the_exponent() -> None:
    # with α = 0 every other location gets F = Z: only the seat itself is infinite
    fs = field_strength(toy_region(), year=2020, centres=["990100", "990101"],
                        mass="population", friction_exponent=0.0)
    assert fs.at[("990101", "990101"), "field_strength"] == math.inf
    assert fs.at[("990101", "990102"), "field_strength"] == 6_000_000
    assert fs.at[("990100", "990101"), "field_strength"] == 9_000_000
    assert bool(fs.at[("990101", "990101"), "is_dominant"]) is True


@pytest.mark.parametrize("b", [float("nan"), -1.0, 1e308])
def test_field_strength_refuses_an_absurd_exponent(b: float) -> None:
    """A NaN exponent gave every location no dominant centre; a negative one made the
    farthest centre dominant. Both are refused as in the linkage tables."""
    with pytest.raises(ParameterError, match="friction_exponent"):
        field_strength(toy_region(), friction_exponent=b)
