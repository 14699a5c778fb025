"""The opportunity screen: scoring by hand, invariances, entropy weights, sensitivity, the
components on the embedded data, and the command line's clean errors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import metroscope
from metroscope import screen as S
from metroscope.cli import make_app
from metroscope.screen import scoring

RUNNER = CliRunner()

# A hand-computed 3 x 3 case: cities A (core), B (member), C (partial) x sectors s1, s2, s3.
CELLS = [f"{c}/{s}" for c in "ABC" for s in ("s1", "s2", "s3")]
RAW = pd.DataFrame({
    "growth": [0.5, -0.5, 0.0, 1.0, 0.0, -1.0, 0.5, 1.5, -0.5],
    "lq": [1.0, 2.25, 0.5, 1.5, 0.5, 3.0, 0.5, 1.0, 2.5],
    "role": [2.0, 2.0, 2.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0],
}, index=CELLS)
# min-max by hand: growth (g + 1) / 2.5, lq (l - 0.5) / 2.5, role r / 2
Z_HAND = {
    "growth": [0.6, 0.2, 0.4, 0.8, 0.4, 0.0, 0.6, 1.0, 0.2],
    "lq": [0.2, 0.7, 0.0, 0.4, 0.0, 1.0, 0.0, 0.2, 0.8],
    "role": [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.0, 0.0, 0.0],
}
# equal weights: S = (zg + zl + zr) / 3
SCORE_HAND = [1.8 / 3, 1.9 / 3, 1.4 / 3, 1.7 / 3, 0.9 / 3, 1.5 / 3, 0.6 / 3, 1.2 / 3, 1.0 / 3]
RANK_HAND = [2, 1, 5, 3, 8, 4, 9, 6, 7]


def _equal() -> pd.Series:
    return pd.Series(1 / 3, index=list(RAW.columns))


def test_hand_computed_three_by_three() -> None:
    z = scoring.normalise(RAW)
    for c, vals in Z_HAND.items():
        np.testing.assert_allclose(z[c].to_numpy(), vals, atol=1e-12)
    s = scoring.scores(z, _equal())
    np.testing.assert_allclose(s.to_numpy(), SCORE_HAND, atol=1e-12)
    assert scoring.rank_scores(s).tolist() == RANK_HAND


def test_user_weights_by_hand() -> None:
    w = scoring.resolve_weights(list(RAW.columns), {"growth": 2, "lq": 1}, list(RAW.columns))
    assert w.to_dict() == pytest.approx({"growth": 2 / 3, "lq": 1 / 3, "role": 0.0})
    s = scoring.scores(scoring.normalise(RAW), w)
    # C/s2: 2/3 * 1.0 + 1/3 * 0.2 = 0.7333 (the best); B/s3: 0 + 1/3 = 0.3333
    assert s["C/s2"] == pytest.approx(2 / 3 + 0.2 / 3)
    assert s["B/s3"] == pytest.approx(1 / 3)
    assert scoring.rank_scores(s)["C/s2"] == 1


def test_invariant_to_row_order_and_to_scaling_each_component() -> None:
    rng = np.random.default_rng(7)
    raw = pd.DataFrame(rng.normal(size=(40, 4)), columns=list("abcd"),
                       index=[f"cell{i}" for i in range(40)])
    w = pd.Series([0.4, 0.3, 0.2, 0.1], index=list("abcd"))
    base = scoring.scores(scoring.normalise(raw), w)
    shuffled = raw.sample(frac=1.0, random_state=3)
    s2 = scoring.scores(scoring.normalise(shuffled), w)
    pd.testing.assert_series_equal(s2.reindex(base.index), base)
    assert (scoring.rank_scores(s2).reindex(base.index) == scoring.rank_scores(base)).all()
    scaled = raw * pd.Series([1e6, 0.001, 3.0, 42.0], index=list("abcd")) + 17.0
    s3 = scoring.scores(scoring.normalise(scaled), w)
    np.testing.assert_allclose(s3.to_numpy(), base.to_numpy(), atol=1e-12)
    assert (scoring.rank_scores(s3) == scoring.rank_scores(base)).all()
    # entropy weights are scale-free too
    e1 = scoring.entropy_weights(raw)["weight"]
    e2 = scoring.entropy_weights(scaled)["weight"]
    np.testing.assert_allclose(e1.to_numpy(), e2.to_numpy(), atol=1e-12)


def _entropy_by_hand(z: list[float]) -> float:
    total = sum(z)
    return -sum((v / total) * math.log(v / total) for v in z if v > 0) / math.log(len(z))


def test_entropy_weights_against_hand_computation() -> None:
    e = {c: _entropy_by_hand(v) for c, v in Z_HAND.items()}
    # role in closed form: p = 2/9 (x3), 1/9 (x3), 0 (x3)
    assert e["role"] == pytest.approx(-(3 * (2 / 9) * math.log(2 / 9)
                                        + 3 * (1 / 9) * math.log(1 / 9)) / math.log(9))
    d = {c: 1 - v for c, v in e.items()}
    expected = {c: v / sum(d.values()) for c, v in d.items()}
    got = scoring.entropy_weights(RAW)
    assert got["weight"].to_dict() == pytest.approx(expected, abs=1e-12)
    assert got["entropy"].to_dict() == pytest.approx(e, abs=1e-12)
    assert got["weight"].sum() == pytest.approx(1.0)


def test_sensitivity_by_hand() -> None:
    z = scoring.normalise(RAW)
    out = scoring.sensitivity(z, _equal(), top=4).set_index(["component", "change_pct"])
    assert len(out) == 6 and set(out["top_n"]) == {4}
    # lq -20 %: w_lq = (1/3 * 0.8) / (1 - 0.2/3) = 2/7, others 5/14; A/s3 = 5/14 * 1.4 = 0.5
    # overtakes B/s3 = 5/14 * 0.5 + 2/7 = 0.4643; A/s1 and A/s2 tie at 0.6286 (rank 1)
    row = out.loc[("lq", -20.0)]
    assert row["weight_perturbed"] == pytest.approx(2 / 7)
    assert row["kept"] == 3 and row["entered"] == ["A/s3"] and row["left"] == ["B/s3"]
    assert row["max_rank_shift"] == 1
    # lq +20 %: w_lq = 0.375, others 0.3125: the top 4 keeps its members and order
    row = out.loc[("lq", 20.0)]
    assert row["kept"] == 4 and row["entered"] == [] and row["max_rank_shift"] == 0


def test_weights_validation() -> None:
    assert scoring.parse_weights("growth=2, lq_nation=1") == {"growth": 2.0, "lq_nation": 1.0}
    with pytest.raises(metroscope.MetroscopeError, match="growth=x"):
        scoring.parse_weights("growth=x,lq=-1")
    with pytest.raises(metroscope.MetroscopeError, match="Unknown component"):
        scoring.resolve_weights(["a"], {"zzz": 1}, ["a"])
    with pytest.raises(metroscope.MetroscopeError, match="positive"):
        scoring.resolve_weights(["a", "b"], {"a": 0}, ["a", "b"])


@pytest.fixture(scope="module")
def changchun_screen() -> pd.DataFrame:
    return S.screen(metroscope.load("changchun"))


def test_screen_on_changchun(changchun_screen: pd.DataFrame) -> None:
    t = changchun_screen
    p = t.attrs["metroscope"]["parameters"]
    assert p["components"] == list(S.COMPONENTS) and p["unavailable"] == {}
    assert p["scenario"] == "network-2030"
    # suppressed LQ cells never rank; every ranked cell has every component
    sup = t["why_lq_nation"].str.startswith("suppressed")
    assert sup.any() and t.loc[sup, "rank"].isna().all()
    ranked = t[t["rank"].notna()]
    assert ranked[list(S.COMPONENTS)].notna().all().all()
    assert (ranked["score"].diff().dropna() <= 1e-12).all()
    # a missing value carries its reason and no score
    miss = t[t["growth"].isna()]
    assert (miss["why_growth"] != "").all() and miss["z_growth"].isna().all()
    # growth recomputed by hand: 长春 (boundary change: 公主岭 joined) manufacturing on the
    # 2020 boundary, from the county-level rows
    r = metroscope.load("changchun")
    st = r.stats[r.stats["indicator"] == "employed_sample_manufacturing"]
    kids = [str(c) for c in r.units.index[r.units["parent"] == "220100"]]
    e10 = st[(st["year"] == 2010) & st["code"].isin(kids)]["value"].sum()
    e20 = st[(st["year"] == 2020) & (st["code"] == "220100")]["value"].iloc[0]
    assert t.loc[("220100", "manufacturing"), "growth"] == pytest.approx(
        (e20 - e10) / ((e20 + e10) / 2))
    # population trend of 长春 on the 2020 boundary: 8,767,375 -> 2020 census count
    p20 = r.stats[(r.stats["indicator"] == "population") & (r.stats["year"] == 2020)
                  & (r.stats["code"] == "220100")]["value"].iloc[0]
    assert t.loc[("220100", "manufacturing"), "population_trend"] == pytest.approx(
        100 * ((p20 / 8_767_375) ** 0.1 - 1), rel=1e-6)


def test_sensitivity_of_a_screen(changchun_screen: pd.DataFrame) -> None:
    sens = S.sensitivity(changchun_screen)
    assert len(sens) == 2 * len(S.COMPONENTS)
    assert (sens["kept"] + sens["entered"].map(len) == sens["top_n"]).all()
    assert (sens["top_n"] == 10).all()


def test_area_without_2010_industry_or_scenario() -> None:
    t = S.screen(metroscope.load("china").metro_area("南京"))
    p = t.attrs["metroscope"]["parameters"]
    assert p["unavailable"] == {"growth": "no_start_year", "access_gain": "no_scenario"}
    assert "growth" not in p["weights"] and t["growth"].isna().all()
    assert (t["why_growth"] == "no_start_year").all()
    assert t["rank"].notna().any()


def test_access_gain_of_counties_off_the_network_is_not_computed_with_a_reason() -> None:
    from metroscope.messages import Message
    from metroscope.screen.access import access_gain

    r = metroscope.load()
    counties = r.codes(level="county")
    unlocated, unlinked, fine = counties[3], counties[4], counties[5]
    units = r.units.copy()
    units.loc[unlocated, ["seat_lon", "seat_lat"]] = np.nan
    cut = r.access["code"].astype(str).isin([unlocated, unlinked])
    r2 = r.with_tables(units=units, access=r.access[~cut])
    out, scen = access_gain(r2, [unlocated, unlinked, fine], "county")
    assert scen == "network-2030"
    assert out.at[unlocated, "why_access_gain"] == "not_located"
    assert out.at[unlinked, "why_access_gain"] == "not_reached"
    assert out.loc[[unlocated, unlinked], "access_gain"].isna().all()
    assert out.at[fine, "why_access_gain"] == "" and np.isfinite(out.at[fine, "access_gain"])
    for why in ("not_located", "not_reached"):  # both have a catalogue note
        assert Message(f"scr_why_{why}").zh and Message(f"scr_why_{why}").en


@pytest.mark.parametrize(("argv", "code", "says"), [
    (["screen", "--weights", "growth=abc"], 2, "Bad weight"),
    (["screen", "--weights", "nosuch=1"], 2, "Unknown component"),
    (["screen", "--weights", "growth=1", "--entropy"], 2, "not both"),
    (["screen", "--area", "北京都市圈"], 2, "南京都市圈"),
    (["screen", "--level", "village", "-q"], 2, "Unknown level"),
    (["screen", "--top", "0"], 2, "--top"),
])
def test_cli_clean_errors(argv: list[str], code: int, says: str) -> None:
    result = RUNNER.invoke(make_app(argv), argv)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert says in result.output


def test_cli_json(changchun_screen: pd.DataFrame) -> None:
    import json

    argv = ["screen", "--format", "json", "-q"]
    result = RUNNER.invoke(make_app(argv), argv)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == len(changchun_screen)
    assert rows[0]["rank"] == 1 and rows[0]["code"] == changchun_screen.index[0][0]
    # written at the precision of their units (attrs units), not by name: the population
    # trend (% per year) is not rounded to whole persons, the LQ and the score to 0.001
    first = changchun_screen.iloc[0]
    assert rows[0]["population_trend"] == round(float(first["population_trend"]), 1)
    assert rows[0]["population_trend"] != round(float(first["population_trend"]))
    assert rows[0]["lq_province"] == round(float(first["lq_province"]), 3)
    assert rows[0]["score"] == round(float(first["score"]), 3)


def test_every_numeric_column_of_the_screen_has_a_unit(changchun_screen: pd.DataFrame) -> None:
    numeric = changchun_screen.reset_index().select_dtypes("number").columns
    assert set(numeric) <= set(S.UNITS)
    assert changchun_screen.attrs["metroscope"]["units"] == S.UNITS


def test_complexity_outlook_gain_by_loops() -> None:
    """COG_cp = Σ_p' φ_pp'/Σ_p'' φ_p''p' (1 − M_cp') PCI_p' − (1 − ω_cp) PCI_p (Atlas of
    Economic Complexity 2014), recomputed with plain loops on a random case."""
    from metroscope.indicators.complexity import opportunity_gain_array

    rng = np.random.default_rng(3)
    m = (rng.random((5, 6)) > 0.5).astype(float)
    phi = rng.random((6, 6))
    phi = (phi + phi.T) / 2
    np.fill_diagonal(phi, 1.0)
    pci = rng.normal(size=6)
    got = opportunity_gain_array(m, phi, pci)
    for c in range(5):
        for p in range(6):
            reach = sum(phi[p, q] / sum(phi[r, q] for r in range(6)) * (1 - m[c, q]) * pci[q]
                        for q in range(6))
            dens = sum(m[c, q] * phi[p, q] for q in range(6)) / sum(phi[p, q] for q in range(6))
            assert got[c, p] == pytest.approx(reach - (1 - dens) * pci[p], abs=1e-12)


def test_cog_in_the_screen_uses_national_pci_and_proximity(
        changchun_screen: pd.DataFrame) -> None:
    """The screen's cog of 长春 × manufacturing equals the formula applied to the national
    complexity arrays (every prefecture of the china dataset) and 长春's LQ-vs-nation
    presence; it is known for every cell (national data are embedded)."""
    from metroscope.indicators._employment import employment_matrix
    from metroscope.indicators.complexity import complexity_arrays

    t = changchun_screen
    china = metroscope.load("china")
    nat = employment_matrix(china, year=2020, level="prefecture")
    inds = list(nat.matrix.columns)
    res = complexity_arrays(nat.matrix.to_numpy())
    lq = t["lq_nation"].unstack("industry").reindex(columns=inds)
    row = np.where(np.nan_to_num(lq.loc["220100"].to_numpy()) >= 1, 1.0, 0.0)
    p = inds.index("manufacturing")
    phi, pci = res.proximity, np.nan_to_num(res.pci)
    reach = sum(phi[p, q] / phi[:, q].sum() * (1 - row[q]) * pci[q] for q in range(len(inds)))
    dens = (row * phi[p]).sum() / phi[p].sum()
    assert t.loc[("220100", "manufacturing"), "cog"] == pytest.approx(
        (1 - row[p]) * (reach - (1 - dens) * pci[p]), abs=1e-12)
    assert t["cog"].notna().all() and (t["why_cog"] == "").all()
