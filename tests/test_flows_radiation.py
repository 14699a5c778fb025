"""Radiation model: hand cases, tie rules, conservation, agreement with scikit-mobility 1.3.1.

The scikit-mobility reference flows (tests/data/flows/skmob_ny_*.csv) were produced in the side
environment by ``benchmarks/peers_flows.py golden`` (see benchmarks/README.md).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _shared_data import PEERS, shared_file
from metroscope import DataValidationError
from metroscope.flows import radiation, truncation_error
from metroscope.flows._table import FlowModelError

DATA = Path(__file__).parent / "data" / "flows"


def ny_locations() -> pd.DataFrame:
    """The 62 NY counties in scikit-mobility's row order, centroids as it computes them."""
    import geopandas as gpd
    import shapely

    g = gpd.read_file(shared_file(PEERS / "skmob_ny" / "NY_counties_2011.geojson"))
    c = shapely.centroid(np.asarray(g.geometry.values))
    loc = pd.DataFrame({"lon": shapely.get_x(c), "lat": shapely.get_y(c),
                        "population": g["population"].astype("float64").to_numpy()},
                       index=g["tile_id"].astype(str).to_numpy())
    tess = pd.read_csv(DATA / "skmob_ny_tessellation.csv", dtype={"tile_ID": str})
    loc = loc.loc[tess["tile_ID"]]
    loc["outflow"] = tess["tot_outflow"].to_numpy(dtype="float64")
    return loc


def line(pop: list[float], lon: list[float] | None = None) -> pd.DataFrame:
    lon = lon if lon is not None else [float(i) for i in range(len(pop))]
    return pd.DataFrame({"lon": lon, "lat": [0.0] * len(pop), "population": pop},
                        index=[f"u{i}" for i in range(len(pop))])


def test_hand_case_three_points_on_the_equator() -> None:
    loc = line([100.0, 50.0, 200.0], [0.0, 1.0, 3.0])
    f = radiation(loc, normalisation="none")
    p = f["probability"]
    assert p[("u0", "u1")] == pytest.approx(100 * 50 / (100 * 150), rel=1e-14)
    assert p[("u0", "u2")] == pytest.approx(100 * 200 / (150 * 350), rel=1e-14)
    # from u2 (lon 3): u1 (2 degrees) is nearer than u0 (3 degrees)
    assert p[("u2", "u1")] == pytest.approx(200 * 50 / (200 * 250), rel=1e-14)
    assert p[("u2", "u0")] == pytest.approx(200 * 100 / (250 * 350), rel=1e-14)
    assert f.index.names == ["origin", "destination"]
    assert list(f.columns) == ["flow", "probability"]
    assert len(f) == 6
    np.testing.assert_allclose(f["flow"], f["probability"] * loc["population"].reindex(
        f.index.get_level_values("origin")).to_numpy())


def test_tie_rules_differ_exactly_as_documented() -> None:
    # u1 and u2 are both 1 degree from u0 (east and west): a tie seen from u0
    loc = line([10.0, 20.0, 30.0], [0.0, 1.0, -1.0])
    inc = radiation(loc, tie_rule="inclusive", normalisation="none")["probability"]
    ordd = radiation(loc, tie_rule="ordered", normalisation="none")["probability"]
    # inclusive: s(u0,u1) counts u2 and s(u0,u2) counts u1
    assert inc[("u0", "u1")] == pytest.approx(10 * 20 / ((10 + 30) * (10 + 20 + 30)))
    assert inc[("u0", "u2")] == pytest.approx(10 * 30 / ((10 + 20) * (10 + 30 + 20)))
    # ordered (row order breaks the tie): u1 first with s = 0, then u2 with s = m(u1)
    assert ordd[("u0", "u1")] == pytest.approx(10 * 20 / (10 * 30))
    assert ordd[("u0", "u2")] == pytest.approx(10 * 30 / ((10 + 20) * (10 + 30 + 20)))


def test_ties_in_a_cost_matrix_and_unreachable_pairs() -> None:
    codes = ["a", "b", "c", "d"]
    cost = pd.DataFrame([[0, 5, 5, np.inf], [5, 0, 7, 9], [5, 7, 0, 9], [np.inf, 9, 9, 0]],
                        index=codes, columns=codes, dtype=float)
    loc = pd.DataFrame({"population": [1.0, 2.0, 3.0, 4.0]}, index=codes)
    f = radiation(loc, cost=cost, normalisation="none", tie_rule="inclusive")["probability"]
    assert f[("a", "d")] == 0.0
    assert f[("a", "b")] == pytest.approx(1 * 2 / ((1 + 3) * (1 + 2 + 3)))
    g = radiation(loc, cost=cost, normalisation="none", tie_rule="ordered")["probability"]
    assert g[("a", "b")] == pytest.approx(1 * 2 / (1 * 3))
    assert g[("a", "c")] == pytest.approx(1 * 3 / (3 * 6))


def test_extended_model_formula_and_alpha_one_limit() -> None:
    loc = line([100.0, 50.0, 200.0], [0.0, 1.0, 3.0])
    alpha = 0.5
    f = radiation(loc, model="extended", alpha=alpha)["probability"]

    def raw(mi: float, mj: float, s: float) -> float:
        a1, a2 = (mi + s) ** alpha, (mi + mj + s) ** alpha
        return float((a2 - a1) * (mi ** alpha + 1) / ((a1 + 1) * (a2 + 1)))

    r1, r2 = raw(100, 50, 0), raw(100, 200, 50)
    assert f[("u0", "u1")] == pytest.approx(r1 / (r1 + r2), rel=1e-13)
    assert f[("u0", "u2")] == pytest.approx(r2 / (r1 + r2), rel=1e-13)


@pytest.mark.parametrize("tie_rule", ["inclusive", "ordered"])
def test_agrees_with_scikit_mobility_probabilities(tie_rule: str) -> None:
    gold = pd.read_csv(DATA / "skmob_ny_radiation_probabilities.csv",
                       dtype={"origin": str, "destination": str})
    gold = gold.set_index(["origin", "destination"])["flow"]
    f = radiation(ny_locations(), tie_rule=tie_rule, normalisation="finite",  # type: ignore[arg-type]
                  earth_radius_km=6371.0)
    assert len(f) == len(gold) == 62 * 61
    mine = f["probability"].reindex(gold.index)
    np.testing.assert_allclose(mine.to_numpy(), gold.to_numpy(), rtol=1e-9, atol=0)


def test_agrees_with_scikit_mobility_rounded_flows() -> None:
    gold = pd.read_csv(DATA / "skmob_ny_radiation_flows.csv",
                       dtype={"origin": str, "destination": str})
    gold = gold.set_index(["origin", "destination"])["flow"]
    f = radiation(ny_locations(), tie_rule="ordered", normalisation="finite")["flow"]
    rounded = np.rint(f)
    rounded = rounded[rounded > 0]  # scikit-mobility drops zero flows
    assert set(rounded.index) == set(gold.index)
    np.testing.assert_array_equal(rounded.reindex(gold.index).to_numpy(), gold.to_numpy())


def test_row_normalisation_conserves_outflows_and_equals_finite_without_ties() -> None:
    loc = ny_locations()
    row = radiation(loc, normalisation="row")
    fin = radiation(loc, normalisation="finite")
    out = row["flow"].groupby(level="origin").sum().reindex(loc.index)
    np.testing.assert_allclose(out.to_numpy(), loc["outflow"].to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(row["flow"].to_numpy(), fin["flow"].to_numpy(), rtol=1e-12)
    assert row["flow"].sum() == pytest.approx(loc["outflow"].sum(), rel=1e-12)


def test_outflows_default_to_population_and_can_be_given() -> None:
    loc = line([100.0, 50.0, 200.0])
    f = radiation(loc)
    np.testing.assert_allclose(f["flow"].groupby(level=0).sum().to_numpy(), [100, 50, 200])
    g = radiation(loc, outflows=pd.Series({"u0": 1.0, "u1": 2.0, "u2": 3.0}))
    np.testing.assert_allclose(g["flow"].groupby(level=0).sum().to_numpy(), [1, 2, 3])
    with pytest.raises(FlowModelError, match="outflows"):
        radiation(loc, outflows=pd.Series({"u0": 1.0}))


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=3, max_value=30))
def test_invariant_under_permutation_of_rows(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    loc = pd.DataFrame({"lon": rng.uniform(120, 130, n), "lat": rng.uniform(40, 48, n),
                        "population": rng.integers(1, 10_000, n).astype(float)},
                       index=[f"c{i}" for i in range(n)])
    perm = loc.iloc[rng.permutation(n)]
    a = radiation(loc)["flow"]
    b = radiation(perm)["flow"].reindex(a.index)
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-12)


def test_chunking_and_threads_do_not_change_results() -> None:
    rng = np.random.default_rng(3)
    n = 300
    loc = pd.DataFrame({"lon": rng.uniform(120, 130, n), "lat": rng.uniform(40, 48, n),
                        "population": rng.lognormal(10, 1, n)}, index=[str(i) for i in range(n)])
    a = radiation(loc, chunk_rows=1000)
    b = radiation(loc, chunk_rows=7)
    pd.testing.assert_frame_equal(a, b)


def test_k_nearest_keeps_exact_probabilities_and_reports_error() -> None:
    rng = np.random.default_rng(5)
    n = 400
    loc = pd.DataFrame({"lon": rng.uniform(120, 130, n), "lat": rng.uniform(40, 48, n),
                        "population": rng.lognormal(10, 1, n)}, index=[str(i) for i in range(n)])
    exact = radiation(loc, normalisation="finite")
    approx = radiation(loc, normalisation="finite", k_nearest=50)
    assert len(approx) == n * 50
    common = exact["probability"].reindex(approx.index)
    np.testing.assert_allclose(approx["probability"].to_numpy(), common.to_numpy(), rtol=1e-12)
    err = truncation_error(exact, approx)
    assert err["pairs_kept_share"] == pytest.approx(50 / (n - 1))
    assert 0.5 < err["flow_kept_share"] < 1.0
    assert err["max_rel_error_kept"] < 1e-12
    k = err["flow_kept_share"]  # kept flows are exact, so CPC = 2k / (1 + k)
    assert err["cpc"] == pytest.approx(2 * k / (1 + k), rel=1e-9)
    cut = radiation(loc, normalisation="finite", cutoff_km=150.0)
    kept = [n for n in cut.attrs["metroscope"]["notes"] if n.key == "flow_mean_kept_probability"]
    assert len(kept) == 1 and 0 < kept[0].params["value"] < 1.0
    common = exact["probability"].reindex(cut.index)
    np.testing.assert_allclose(cut["probability"].to_numpy(), common.to_numpy(), rtol=1e-12)


def test_bad_inputs_are_reported_at_once() -> None:
    bad = pd.DataFrame({"lon": [0.0, 200.0], "lat": [0.0, np.nan], "population": [1.0, -5.0]},
                       index=["a", "b"])
    with pytest.raises(DataValidationError) as info:
        radiation(bad)
    assert len(info.value.problems) == 3
    with pytest.raises(DataValidationError, match="population"):
        radiation(pd.DataFrame({"lon": [0.0, 1.0], "lat": [0.0, 0.0]}))
    with pytest.raises(FlowModelError, match="tie_rule"):
        radiation(line([1.0, 2.0]), tie_rule="random")  # type: ignore[arg-type]
