"""Spillover: linkage, membership, spillover table, breaking points, field strength, urban flow."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _indicator_fixtures import PREFS, toy_region
from metroscope import MissingDataError
from metroscope.indicators.spillover import (
    breaking_points,
    field_strength,
    hinterlands,
    linkage_intensity,
    membership_degree,
    spillover_table,
    urban_flow_intensity,
)
from metroscope.region import Region

PREF = ["990100", "990200", "990300", "990400"]


def _haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


def _minutes(overrides: dict[tuple[str, str], float] | None = None) -> pd.DataFrame:
    tt = pd.DataFrame(60.0, index=PREF, columns=PREF)
    for c in PREF:
        tt.loc[c, c] = 0.0
    for (a, b), v in (overrides or {}).items():
        tt.loc[a, b] = tt.loc[b, a] = v
    return tt


def test_linkage_hand_checked_with_travel_times() -> None:
    lt = linkage_intensity(toy_region(), year=2020,
                           travel_time_min=_minutes({("990100", "990400"): math.inf}))
    # M = sqrt(P[万人] * G[亿元]): A sqrt(900*6000), B sqrt(400*1500)
    ma, mb = math.sqrt(900 * 6000), math.sqrt(400 * 1500)
    assert lt.at[("990100", "990200"), "mass_origin"] == pytest.approx(ma)
    assert lt.at[("990100", "990200"), "mass_destination"] == pytest.approx(mb)
    # R_AB = G_A/(G_A+G_B) * M_A M_B / 60^2 = 0.8 * 1.8e6 / 3600 = 400
    assert lt.at[("990100", "990200"), "k"] == pytest.approx(0.8)
    assert lt.at[("990100", "990200"), "linkage"] == pytest.approx(400.0)
    assert lt.at[("990200", "990100"), "linkage"] == pytest.approx(100.0)
    assert lt.at[("990100", "990400"), "linkage"] == 0.0  # unreachable
    assert lt.at[("990100", "990200"), "friction"] == 60.0
    # the great-circle distance is always there, checked with an independent haversine
    assert lt.at[("990100", "990200"), "distance_km"] == pytest.approx(
        _haversine_km(120, 30, 121, 30))
    meta = lt.attrs["metroscope"]
    assert meta["parameters"]["friction"] == "travel_time_min"
    assert meta["year"] == 2020 and meta["measure"] == "sqrt_pg"
    assert len(lt) == 12 and not any(o == d for o, d in lt.index)


def test_linkage_with_distance_and_symmetric_option() -> None:
    lt = linkage_intensity(toy_region(), year=2020, mass="population", directional=False,
                           friction_exponent=1.0)
    d = _haversine_km(120, 30, 120, 31)
    exp = 9_000_000 * 2_000_000 / d
    assert lt.at[("990100", "990300"), "linkage"] == pytest.approx(exp)
    assert lt.at[("990300", "990100"), "linkage"] == pytest.approx(exp)
    assert (lt["k"] == 1).all()
    assert lt["travel_time_min"].isna().all()


def test_directional_pairs_add_up_to_the_symmetric_linkage() -> None:
    sym = linkage_intensity(toy_region(), year=2020, directional=False)["linkage"]
    dirl = linkage_intensity(toy_region(), year=2020)["linkage"]
    pair_sum = dirl + dirl.swaplevel().reindex(dirl.index).to_numpy()
    np.testing.assert_allclose(pair_sum.to_numpy(), sym.to_numpy())


def test_counties_have_no_gdp_so_mass_is_population_and_says_so() -> None:
    lt = linkage_intensity(toy_region(), level="county", year=2020)
    meta = lt.attrs["metroscope"]
    assert meta["measure"] == "population"
    assert any("no GDP" in n for n in meta["notes"])
    assert (lt["k"] == 1).all()
    with pytest.raises(MissingDataError, match="mass='population'"):
        linkage_intensity(toy_region(), level="county", year=2020, mass="gdp")


def test_missing_travel_times_and_bad_codes_raise() -> None:
    with pytest.raises(MissingDataError, match="travel_time_min lacks"):
        linkage_intensity(toy_region(), year=2020, codes=PREF,
                          travel_time_min=_minutes().iloc[:3, :3])
    with pytest.raises(MissingDataError, match="not in region"):
        linkage_intensity(toy_region(), codes=["990100", "123456"])


def test_membership_shares_sum_to_100_and_direction() -> None:
    md = membership_degree(linkage_intensity(toy_region(), year=2020,
                                             travel_time_min=_minutes()))
    sums = md.groupby(level="origin")["membership_pct"].sum()
    np.testing.assert_allclose(sums.to_numpy(), 100.0)
    # from A, B gets 400 of (400 + R_AC + R_AD); R_AC = 6000/6500 * sqrt(5.4e6*1e5)/3600
    r_ac = 6000 / 6500 * math.sqrt(900 * 6000 * 200 * 500) / 3600
    r_ad = 6000 / 6250 * math.sqrt(900 * 6000 * 100 * 250) / 3600
    assert md.at[("990100", "990200"), "membership_pct"] == pytest.approx(
        100 * 400 / (400 + r_ac + r_ad))
    assert md.at[("990100", "990200"), "is_direction"]
    assert md.at[("990100", "990200"), "rank"] == 1
    assert (md.groupby(level="origin")["is_direction"].sum() == 1).all()


def test_spillover_table_pairs_mass_share_with_linkage_share() -> None:
    sp = spillover_table(toy_region(), year=2020, travel_time_min=_minutes(), scope="all")
    assert sp["mass_share_pct"].sum() == pytest.approx(100)
    assert sp["linkage_share_pct"].sum() == pytest.approx(100)
    masses = {c: math.sqrt(p[5] / 1e4 * p[7]) for c, p in PREFS.items()}
    assert sp.at["990100", "mass_share_pct"] == pytest.approx(
        100 * masses["990100"] / sum(masses.values()))
    lt = linkage_intensity(toy_region(), year=2020, travel_time_min=_minutes())
    tot = lt["linkage"].groupby(level="origin").sum()
    assert sp.at["990100", "linkage_share_pct"] == pytest.approx(
        100 * tot["990100"] / tot.sum())
    assert sp.at["990200", "linkage_with_core"] == pytest.approx(500.0)  # 400 + 100
    assert sp.at["990100", "is_core"] and math.isnan(sp.at["990100", "membership_to_core_pct"])
    assert any("% of the mass" in n for n in sp.attrs["metroscope"]["notes"])


def test_breaking_points_hand_check_and_additivity() -> None:
    bp = breaking_points(toy_region(), year=2020)
    d = _haversine_km(120, 30, 121, 30)
    # A 9e6 and B 4e6: d_A = D / (1 + sqrt(4/9)) = 0.6 D
    assert bp.at[("990100", "990200"), "breaking_point_km"] == pytest.approx(0.6 * d)
    both = bp["breaking_point_km"] + bp["breaking_point_km"].swaplevel().reindex(
        bp.index).to_numpy()
    np.testing.assert_allclose(both.to_numpy(), bp["distance_km"].to_numpy())


def test_field_strength_and_hinterlands() -> None:
    fs = field_strength(toy_region(), year=2020, mass="population")
    d = _haversine_km(120, 30, 120.05, 30.05)
    assert fs.at[("990100", "990101"), "field_strength"] == pytest.approx(9_000_000 / d**2)
    dom = fs[fs["is_dominant"]].reset_index().set_index("location")["centre"]
    assert dom["990101"] == "990100" and dom["990201"] == "990200"
    assert (fs.groupby(level="location")["is_dominant"].sum() == 1).all()
    hl = hinterlands(fs)
    assert hl.at["990301", "centre"] == "990300"
    assert hl.at["990301", "dominance_ratio"] > 1


def test_urban_flow_hand_checked() -> None:
    uf = urban_flow_intensity(toy_region(), year=2020, sectors=("finance",))
    # A: e = 1000, finance 300; regional finance share 500/2500 = 0.2;
    # E = 300 - 1000*0.2 = 100, K = 0.1, F = GDP * K = 6000 * 0.1
    assert uf.at["990100", "tendency"] == pytest.approx(0.1)
    assert uf.at["990100", "flow_intensity"] == pytest.approx(600.0)
    assert uf.at["990200", "flow_intensity"] == 0.0  # LQ 0.5 < 1
    assert uf.at["990100", "lq_finance"] == pytest.approx(1.5)
    with pytest.raises(MissingDataError, match="Unknown or empty"):
        urban_flow_intensity(toy_region(), sectors=("finance", "mining"))


def test_urban_flow_default_sectors_note_what_is_absent() -> None:
    uf = urban_flow_intensity(toy_region())
    assert any("default sectors without employment" in n
               for n in uf.attrs["metroscope"]["notes"])


# populations scaled at most 50-fold: the toy's largest (16,000,000) times 100 would exceed
# China's population, which a region's stats refuse (1,412,600,000, NBS year-end 2021)
@settings(max_examples=10, deadline=None)
@given(st.floats(0.01, 50), st.floats(0.01, 100))
def test_ratios_invariant_to_scaling_all_masses(cp: float, cg: float) -> None:
    r = toy_region()
    s = r.stats.copy()
    s.loc[s["indicator"] == "population", "value"] *= cp
    s.loc[s["indicator"] == "gdp", "value"] *= cg
    a = spillover_table(r, year=2020)
    b = spillover_table(r.with_tables(stats=s), year=2020)
    for col in ("mass_share_pct", "linkage_share_pct", "membership_to_core_pct",
                "core_membership_pct", "linkage_to_mass_ratio"):
        np.testing.assert_allclose(a[col].to_numpy(), b[col].to_numpy(), rtol=1e-9)


@settings(max_examples=10, deadline=None)
@given(st.permutations(PREF))
def test_linkage_invariant_to_unit_order(order: list[str]) -> None:
    r = toy_region()
    units = r.units.reset_index()
    head = units[units["code"] == "990000"]
    perm = pd.concat([head, units.set_index("code").loc[order].reset_index(),
                      units[units["level"] == "county"]])
    r2 = Region(name="toy", units=perm, stats=r.stats.iloc[::-1])
    a = linkage_intensity(r, year=2020)
    b = linkage_intensity(r2, year=2020).reindex(a.index)
    pd.testing.assert_frame_equal(a, b, check_exact=False)


def test_membership_ranks_on_a_filtered_table_match_pandas() -> None:
    lt = linkage_intensity(toy_region(), year=2020)
    sub = lt.iloc[[0, 1, 3, 5, 6, 7, 9, 11]]  # unequal groups: the general path
    md = membership_degree(sub)
    exp = sub["linkage"].groupby(level="origin").rank(ascending=False, method="first")
    np.testing.assert_array_equal(md["rank"].to_numpy(), exp.to_numpy().astype(int))
    full = membership_degree(lt)  # equal contiguous groups: the fast path
    exp = lt["linkage"].groupby(level="origin").rank(ascending=False, method="first")
    np.testing.assert_array_equal(full["rank"].to_numpy(), exp.to_numpy().astype(int))


def test_provenance_names_the_matrix_and_price_basis() -> None:
    tt = _minutes()
    tt.attrs["metroscope"] = {"indicator": "travel_times", "mode": "rail", "scenario": "base"}
    lt = linkage_intensity(toy_region(), year=2020, travel_time_min=tt)
    params = lt.attrs["metroscope"]["parameters"]
    assert params["travel_time_matrix"]["scenario"] == "base"
    assert params["price_basis"].startswith("GDP at current prices")
    plain = linkage_intensity(toy_region(), year=2020, travel_time_min=_minutes())
    assert plain.attrs["metroscope"]["parameters"]["travel_time_matrix"] == {"shape": [4, 4]}


def test_travel_times_keep_units_without_seats_and_skip_units_without_times() -> None:
    r = toy_region()
    units = r.units.copy()
    units.loc["990300", ["seat_lon", "seat_lat"]] = np.nan
    r2 = r.with_tables(units=units)
    tt = _minutes()
    lt = linkage_intensity(r2, year=2020, travel_time_min=tt)
    assert math.isnan(lt.at[("990100", "990300"), "distance_km"])
    assert lt.at[("990100", "990300"), "linkage"] > 0  # the friction is time
    notes = " ".join(lt.attrs["metroscope"]["notes"])
    assert "no seat coordinates" in notes and "990300" in notes
    part = linkage_intensity(r, year=2020, travel_time_min=tt.drop(index="990400",
                                                                    columns="990400"))
    assert "990400" not in part.index.get_level_values("origin")
    assert "left out for lack of travel times: 990400" in part.attrs["metroscope"]["notes"]
