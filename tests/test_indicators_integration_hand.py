"""Integration index (一体化), its panel, weights, sub-indices and weight sensitivity, every cell,
against hand computations.

The expected values are computed here with plain Python from METHODS.md §12 (the entropy weight
method on the pooled unit-years: z = (x − min)/(max − min), or (max − x)/(max − min) for a
negative indicator; p = z/Σz; e = −Σ p ln p / ln n; w = (1 − e)/Σ(1 − e); S = Σ w z) and §4
(linkage with the core R_ic + R_ci, membership F_ic, great-circle distance) and the Krugman
index Σ_k |s_ik − s_ck| of employment shares, not with the code under test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import metroscope.indicators.integration as integ
from _indicator_fixtures import (
    COUNTIES,
    EMP_COUNTY,
    EMPLOYMENT,
    PREFS,
    rich_employment_region,
    toy_region,
)
from metroscope import MissingDataError
from metroscope.indicators._integration_panel import DERIVED, REFERENCE
from metroscope.indicators.integration import (
    DEFAULT_DIMENSIONS,
    integration_index,
    integration_panel,
    integration_weights,
    sub_indices,
    weight_sensitivity,
)
from metroscope.region import Region

# (year, code): (trains, dist); d ties with b in 2020
VALS = {(2010, "a"): (10.0, 100.0), (2010, "b"): (4.0, 50.0), (2010, "c"): (1.0, 200.0),
        (2010, "d"): (3.0, 120.0),
        (2020, "a"): (20.0, 100.0), (2020, "b"): (8.0, 50.0), (2020, "c"): (2.0, 200.0),
        (2020, "d"): (8.0, 50.0)}
NAMES = {"a": "甲", "b": "乙", "c": "丙", "d": "丁"}
POOLED = "years pooled before standardising"


def _region(vals: dict[tuple[int, str], tuple[float, float]] = VALS,
            roles: dict[str, str] | None = None) -> Region:
    codes = sorted({c for _y, c in vals})
    units = pd.DataFrame({"code": codes, "name_zh": [NAMES[c] for c in codes],
                          "name_en": codes, "level": "prefecture", "parent": pd.NA,
                          "role": [(roles or {}).get(c, "member") for c in codes]})
    rows = [{"code": c, "year": y, "indicator": ind, "value": v, "unit": "x",
             "source": f"src {ind}", "quality": "A", "break": False}
            for (y, c), pair in vals.items() for ind, v in zip(("trains", "dist"), pair,
                                                               strict=True)]
    return Region(name="panel", units=units, stats=pd.DataFrame(rows))


def _hand_z(col: list[float], negative: bool) -> list[float]:
    lo, hi = min(col), max(col)
    if hi == lo:
        return [0.0] * len(col)
    return [((hi - x) if negative else (x - lo)) / (hi - lo) for x in col]


def _hand_weights(cols: dict[str, list[float]], negative: set[str],
                  shift: float = 0.0) -> dict[str, float]:
    div = {}
    for name, col in cols.items():
        z = [v + shift for v in _hand_z(col, name in negative)]
        n, s = len(z), sum(z)
        p = [v / s for v in z] if s > 0 else [1 / n] * n
        e = -sum(q * math.log(q) for q in p if q > 0) / math.log(n)
        div[name] = 1 - e
    tot = sum(div.values())
    return {k: v / tot for k, v in div.items()}


def _hand_ranks(scores: dict[tuple[str, int], float]) -> dict[tuple[str, int], int]:
    """1 = highest within the year; ties share the smallest rank (method 'min')."""
    return {k: 1 + sum(1 for k2, s2 in scores.items() if k2[1] == k[1] and s2 > s)
            for k, s in scores.items()}


def _hand_index(vals: dict[tuple[int, str], tuple[float, float]] = VALS,
                neg: tuple[str, ...] = ("dist",),
                w: dict[str, float] | None = None,
                ) -> tuple[dict[str, float], dict[tuple[str, int], dict[str, float]]]:
    keys = list(vals)
    cols = {"trains": [vals[k][0] for k in keys], "dist": [vals[k][1] for k in keys]}
    w = w or _hand_weights(cols, set(neg))
    z = {n: _hand_z(c, n in neg) for n, c in cols.items()}
    out = {}
    for i, (y, c) in enumerate(keys):
        out[(c, y)] = {"z_trains": z["trains"][i], "z_dist": z["dist"][i],
                       "score": w["trains"] * z["trains"][i] + w["dist"] * z["dist"][i]}
    return w, out


def test_integration_index_every_cell_by_hand() -> None:
    ix = integration_index(_region(), indicators=["trains", "dist"], negative=["dist"])
    assert list(ix.columns) == ["name_zh", "score", "rank", "u_all", "z_trains", "z_dist"]
    assert list(ix.index.names) == ["code", "year"]
    w, exp = _hand_index()
    ranks = _hand_ranks({k: v["score"] for k, v in exp.items()})
    assert ranks[("b", 2020)] == ranks[("d", 2020)] == 2  # the tie shares the smaller rank
    assert sorted(ix.index) == sorted(exp)
    for key, e in exp.items():
        row = ix.loc[key]
        assert row["name_zh"] == NAMES[key[0]]
        assert row["z_trains"] == pytest.approx(e["z_trains"], abs=1e-12)
        assert row["z_dist"] == pytest.approx(e["z_dist"], abs=1e-12)
        assert row["score"] == pytest.approx(e["score"], abs=1e-12)
        # one dimension "all" holding every indicator: its sub-index is the score itself
        assert row["u_all"] == pytest.approx(e["score"], abs=1e-12)
        assert row["rank"] == ranks[key]
    assert str(ix["rank"].dtype) == "int64"
    meta = ix.attrs["metroscope"]
    assert meta["indicator"] == "integration_index"
    assert (meta["region"], meta["year"], meta["level"]) == ("panel", [2010, 2020],
                                                            "prefecture")
    p = meta["parameters"]
    assert p["weights"] == pytest.approx(w, rel=1e-12)
    assert list(p["weights"]) == ["trains", "dist"]
    assert (p["indicators"], p["negative"], p["shift"], p["core"]) == (
        ["trains", "dist"], ["dist"], 0.0, None)
    assert p["dimensions"] == {"all": ["trains", "dist"]}
    assert meta["notes"] == [POOLED]
    assert sorted(meta["sources"]) == ["src dist", "src trains"]
    assert meta["reference"] == REFERENCE


def test_named_dimensions_are_weighted_means_of_their_scores() -> None:
    dims = {"rail": ["trains"], "both": ["dist", "trains"], "none": ["x"]}
    ix = integration_index(_region(), indicators=["trains", "dist"], negative=["dist"],
                           dimensions=dims)
    w, exp = _hand_index()
    for key, e in exp.items():
        assert ix.at[key, "u_rail"] == pytest.approx(e["z_trains"], abs=1e-12)
        both = (w["dist"] * e["z_dist"] + w["trains"] * e["z_trains"]) / (w["dist"] + w["trains"])
        assert ix.at[key, "u_both"] == pytest.approx(both, abs=1e-12)
        assert math.isnan(ix.at[key, "u_none"])
    assert ix.attrs["metroscope"]["parameters"]["dimensions"] == dims
    assert list(ix.columns)[3:6] == ["u_rail", "u_both", "u_none"]


def test_sub_indices_by_hand() -> None:
    z = pd.DataFrame({"a": [1.0, 0.0, 0.5], "b": [0.5, 1.0, 0.25], "c": [0.0, 0.2, 1.0]},
                     index=["x", "y", "z"])
    w = pd.Series({"a": 0.1, "b": 0.3, "c": 0.6})
    out = sub_indices(z, w, {"ab": ["a", "b"], "bc": ["b", "c", "zz"], "c": ["c"]})
    assert list(out.columns) == ["u_ab", "u_bc", "u_c"] and list(out.index) == ["x", "y", "z"]
    for r in "xyz":
        a, b, c = z.loc[r, "a"], z.loc[r, "b"], z.loc[r, "c"]
        assert out.at[r, "u_ab"] == pytest.approx((0.1 * a + 0.3 * b) / 0.4, abs=1e-12)
        assert out.at[r, "u_bc"] == pytest.approx((0.3 * b + 0.6 * c) / 0.9, abs=1e-12)
        assert out.at[r, "u_c"] == pytest.approx(c, abs=1e-12)


def test_negative_defaults_to_the_derived_directions_and_shift_is_passed_on() -> None:
    # plain names have no direction of their own: both positive unless told
    ix = integration_index(_region(), indicators=["trains", "dist"])
    _w, exp = _hand_index(neg=())
    for key, e in exp.items():
        assert ix.at[key, "z_dist"] == pytest.approx(e["z_dist"], abs=1e-12)
        assert ix.at[key, "score"] == pytest.approx(e["score"], abs=1e-12)
    assert ix.attrs["metroscope"]["parameters"]["negative"] == []
    assert integ._directions(list(DERIVED), None) == ["distance_to_core_km"]
    assert integ._directions(["x"], ("dist", "x")) == ["dist", "x"]
    sh = integration_index(_region(), indicators=["trains", "dist"], negative=["dist"],
                           shift=0.01)
    assert sh.attrs["metroscope"]["parameters"]["shift"] == 0.01
    ws = sh.attrs["metroscope"]["parameters"]["weights"]
    w0, _ = _hand_index()
    assert ws["trains"] != pytest.approx(w0["trains"], rel=1e-9)  # the shift reached the weights


def test_integration_weights_by_hand() -> None:
    wt = integration_weights(_region(), indicators=["trains", "dist"], negative=["dist"],
                             dimensions={"x": ["trains"]})
    w, _ = _hand_index()
    assert wt["weight"].to_dict() == pytest.approx(w, rel=1e-12)
    assert list(wt["direction"]) == ["positive", "negative"]
    meta = wt.attrs["metroscope"]
    assert meta["indicator"] == "integration_weights"
    assert meta["parameters"]["negative"] == ["dist"]
    assert meta["parameters"]["shift"] == 0.0
    assert (meta["year"], meta["level"]) == ([2010, 2020], "prefecture")
    assert sorted(meta["sources"]) == ["src dist", "src trains"]
    assert meta["reference"] == REFERENCE
    assert meta["region"] == "panel"
    assert meta["notes"] == []
    plain = integration_weights(_region(), indicators=["trains", "dist"], shift=0.5)
    assert plain.attrs["metroscope"]["parameters"] == {"shift": 0.5, "negative": []}
    assert list(plain["direction"]) == ["positive", "positive"]
    # the shift reaches the entropy step: p = (z + 0.5) / Σ (z + 0.5), z of both positive
    keys = list(VALS)
    cols = {"trains": [VALS[k][0] for k in keys], "dist": [VALS[k][1] for k in keys]}
    assert plain["weight"].to_dict() == pytest.approx(_hand_weights(cols, set(), 0.5),
                                                      rel=1e-12)


def test_a_three_way_tie_shares_the_smallest_rank() -> None:
    # b, c and d equal in 2020: ranks 2, 2, 2 (method "min"; an average rank would give 3)
    vals = dict(VALS)
    for c in ("b", "c", "d"):
        vals[(2020, c)] = (8.0, 50.0)
    ix = integration_index(_region(vals), indicators=["trains", "dist"], negative=["dist"])
    _w, exp = _hand_index(vals)
    ranks = _hand_ranks({k: v["score"] for k, v in exp.items()})
    assert [ranks[(c, 2020)] for c in "abcd"] == [1, 2, 2, 2]
    assert ix["rank"].to_dict() == ranks


def test_integration_index_of_one_year_standardises_that_year_alone() -> None:
    ix = integration_index(_region(), indicators=["trains", "dist"], negative=["dist"],
                           years=[2020])
    vals = {k: v for k, v in VALS.items() if k[0] == 2020}
    _w, exp = _hand_index(vals)
    assert list(ix.index) == list(exp)
    for key, row in exp.items():
        assert ix.at[key, "score"] == pytest.approx(row["score"], rel=1e-12)


def test_integration_index_passes_the_panel_notes_on_before_its_own() -> None:
    """The panel's "year skipped" note survives into the index, ahead of the pooling note
    (the index is then computed on 2020 alone, the only complete year)."""
    vals = dict(VALS)
    del vals[(2010, "c")]
    ix = integration_index(_region(vals), indicators=["trains", "dist"], negative=["dist"])
    assert ix.attrs["metroscope"]["notes"] == ["2010 skipped: incomplete for c", POOLED]
    assert sorted({y for _, y in ix.index}) == [2020]


def test_integration_weights_pass_the_panel_notes_on() -> None:
    vals = dict(VALS)
    del vals[(2010, "c")]  # 2010 skipped, a note
    wt = integration_weights(_region(vals), indicators=["trains", "dist"], negative=["dist"])
    assert wt.attrs["metroscope"]["notes"] == ["2010 skipped: incomplete for c"]
    assert wt.attrs["metroscope"]["year"] == [2020]
    keys = [k for k in vals if k[0] == 2020]
    cols = {"trains": [vals[k][0] for k in keys], "dist": [vals[k][1] for k in keys]}
    assert wt["weight"].to_dict() == pytest.approx(_hand_weights(cols, {"dist"}), rel=1e-12)


@pytest.mark.parametrize("change", [None, 50.0, 300.0])
def test_weight_sensitivity_every_row_by_hand(change: float | None) -> None:
    given = {} if change is None else {"change_pct": change}
    sens = weight_sensitivity(_region(), **given, indicators=["trains", "dist"],
                              negative=["dist"])
    change = 20.0 if change is None else change  # the documented default, ±20 %
    w, exp = _hand_index()
    base = _hand_ranks({k: v["score"] for k, v in exp.items()})
    assert list(sens.index) == [("trains", -change), ("trains", change), ("dist", -change),
                                ("dist", change)]
    assert list(sens.columns) == ["weight", "weight_perturbed", "max_rank_change",
                                  "n_rank_changes", "changed"]
    for ind in ("trains", "dist"):
        for sign in (-1, 1):
            w2 = dict(w)
            w2[ind] = w[ind] * (1 + sign * change / 100)
            tot = sum(w2.values())
            w2 = {k: v / tot for k, v in w2.items()}
            _, e2 = _hand_index(w=w2)
            r2 = _hand_ranks({k: v["score"] for k, v in e2.items()})
            diffs = {k: abs(r2[k] - base[k]) for k in base}
            changed = [f"{c}@{y}" for (c, y) in sorted(base, key=lambda k: (k[0], k[1]))
                       if diffs[(c, y)] > 0]
            row = sens.loc[(ind, sign * change)]
            assert row["weight"] == pytest.approx(w[ind], rel=1e-12)
            assert row["weight_perturbed"] == pytest.approx(w2[ind], rel=1e-12)
            assert row["max_rank_change"] == max(diffs.values())
            assert row["n_rank_changes"] == len(changed)
            assert sorted(filter(None, row["changed"].split(", "))) == sorted(changed)
    meta = sens.attrs["metroscope"]
    assert meta["indicator"] == "weight_sensitivity"
    assert (meta["region"], meta["reference"]) == ("panel", REFERENCE)
    assert meta["parameters"]["change_pct"] == change
    assert meta["parameters"]["negative"] == ["dist"]
    assert meta["notes"] == [POOLED]
    assert (meta["year"], meta["level"]) == ([2010, 2020], "prefecture")
    assert sorted(meta["sources"]) == ["src dist", "src trains"]


def test_weight_sensitivity_finds_the_rank_swaps() -> None:
    # a: many trains but far; b: few trains and near. The base weights put b first; tripling
    # the trains weight puts a first
    vals = {(2020, "a"): (10.0, 150.0), (2020, "b"): (2.0, 60.0), (2020, "c"): (6.0, 100.0),
            (2010, "a"): (9.0, 150.0), (2010, "b"): (1.0, 60.0), (2010, "c"): (5.0, 100.0)}
    sens = weight_sensitivity(_region(vals), change_pct=200.0, indicators=["trains", "dist"],
                              negative=["dist"])
    w, exp = _hand_index(vals)
    base = _hand_ranks({k: v["score"] for k, v in exp.items()})
    w2 = {"trains": 3 * w["trains"], "dist": w["dist"]}
    tot = sum(w2.values())
    _, e2 = _hand_index(vals, w={k: v / tot for k, v in w2.items()})
    r2 = _hand_ranks({k: v["score"] for k, v in e2.items()})
    moved = sorted(f"{c}@{y}" for (c, y) in base if r2[(c, y)] != base[(c, y)])
    assert moved  # the example does move ranks
    row = sens.loc[("trains", 200.0)]
    assert sorted(row["changed"].split(", ")) == moved
    assert row["n_rank_changes"] == len(moved)
    assert row["max_rank_change"] == max(abs(r2[k] - base[k]) for k in base)


# ------------------------------------------------------------------ panel on the toy province
def _hav(a: str, b: str) -> float:
    ax, ay, bx, by = PREFS[a][2], PREFS[a][3], PREFS[b][2], PREFS[b][3]
    p1, p2 = math.radians(30 + ay), math.radians(30 + by)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(bx - ax) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def _hand_derived(year: int, code: str, core: str = "990100") -> dict[str, float]:
    col = 5 if year == 2020 else 4
    gcol = 7 if year == 2020 else 6

    def mass(c: str) -> float:
        return math.sqrt(PREFS[c][col] / 1e4 * PREFS[c][gcol])

    def r(i: str, j: str) -> float:
        k = PREFS[i][gcol] / (PREFS[i][gcol] + PREFS[j][gcol])
        return k * mass(i) * mass(j) / _hav(i, j) ** 2

    out = {"linkage_with_core": r(code, core) + r(core, code),
           "membership_to_core_pct": 100 * r(code, core) / sum(r(code, j) for j in PREFS
                                                                if j != code),
           "distance_to_core_km": _hav(code, core)}
    if year == 2020:
        e, ec = EMPLOYMENT[code], EMPLOYMENT[core]
        out["krugman_with_core"] = sum(abs(x / sum(e) - y / sum(ec)) for x, y in zip(e, ec,
                                                                                     strict=True))
    return out


def test_default_panel_every_cell_on_the_toy_province() -> None:
    p = integration_panel(toy_region())
    assert list(p.columns) == list(DERIVED)
    # members without the core; employment exists in 2020 only
    assert list(p.index) == [("990200", 2020), ("990300", 2020)]
    for code, y in p.index:
        for name, v in _hand_derived(y, code).items():
            assert p.at[(code, y), name] == pytest.approx(v, rel=1e-9), name
    meta = p.attrs["metroscope"]
    assert meta["indicator"] == "integration_panel"
    assert meta["parameters"] == {"indicators": list(DERIVED), "core": None}
    assert (meta["year"], meta["level"], meta["region"]) == ([2020], "prefecture", "toy")
    assert meta["sources"] == ["hand-built test data"]
    assert meta["notes"] == []


def test_panel_without_krugman_uses_both_census_years() -> None:
    names = ["linkage_with_core", "membership_to_core_pct", "distance_to_core_km"]
    p = integration_panel(toy_region(), indicators=names)
    assert list(p.index) == [("990200", 2010), ("990300", 2010), ("990200", 2020),
                             ("990300", 2020)]
    for code, y in p.index:
        for name in names:
            assert p.at[(code, y), name] == pytest.approx(_hand_derived(y, code)[name],
                                                          rel=1e-9)
    only = integration_panel(toy_region(), indicators=names, years=[2010])
    assert list(only.index) == [("990200", 2010), ("990300", 2010)]
    assert only.attrs["metroscope"]["year"] == [2010]


def test_krugman_alone_another_core_and_explicit_codes() -> None:
    p = integration_panel(toy_region(), indicators=["krugman_with_core"], core="990200",
                          codes=["990100", "990300", "990400"])
    assert list(p.index) == [("990100", 2020), ("990300", 2020), ("990400", 2020)]
    for code, _y in p.index:
        assert p.at[(code, 2020), "krugman_with_core"] == pytest.approx(
            _hand_derived(2020, code, core="990200")["krugman_with_core"], rel=1e-12)
    assert p.attrs["metroscope"]["parameters"] == {"indicators": ["krugman_with_core"],
                                                   "core": "990200"}
    # the core passed on to the spillover table too
    q = integration_panel(toy_region(), indicators=["distance_to_core_km", "krugman_with_core"],
                          core="990200", codes=["990100", "990300"])
    for code in ("990100", "990300"):
        assert q.at[(code, 2020), "distance_to_core_km"] == pytest.approx(
            _hav(code, "990200"), rel=1e-9)


def test_county_panel_passes_the_level_on() -> None:
    # the county seats (120 + dx, 30 + dy); the core county 990101 left out, 990401 is context
    p = integration_panel(toy_region(), level="county", indicators=["distance_to_core_km"],
                          core="990101")
    rest = ["990102", "990201", "990301", "990302"]
    assert list(p.index) == [(c, y) for y in (2010, 2020) for c in rest]
    _p, _r, cx, cy, *_ = COUNTIES["990101"]
    for c in rest:
        _p, _r, dx, dy, *_ = COUNTIES[c]
        p1, p2 = math.radians(30 + cy), math.radians(30 + dy)
        h = (math.sin((p2 - p1) / 2) ** 2
             + math.cos(p1) * math.cos(p2) * math.sin(math.radians(dx - cx) / 2) ** 2)
        for y in (2010, 2020):
            assert p.at[(c, y), "distance_to_core_km"] == pytest.approx(
                2 * 6371.0088 * math.asin(math.sqrt(h)), rel=1e-9)


def test_a_numeric_core_code_is_read_as_the_code_for_both_kinds() -> None:
    # the spillover table reads core=990200 as "990200"; the Krugman index uses that core
    p = integration_panel(toy_region(), indicators=["distance_to_core_km", "krugman_with_core"],
                          core=990200, codes=["990100", "990300"])  # type: ignore[arg-type]
    for code in ("990100", "990300"):
        exp = _hand_derived(2020, code, core="990200")
        assert p.at[(code, 2020), "krugman_with_core"] == pytest.approx(
            exp["krugman_with_core"], rel=1e-12)
        assert p.at[(code, 2020), "distance_to_core_km"] == pytest.approx(
            exp["distance_to_core_km"], rel=1e-9)


def test_county_krugman_reads_the_county_employment() -> None:
    # 2020 county employment (manufacturing, finance, agriculture) against the core county
    p = integration_panel(rich_employment_region(), level="county",
                          indicators=["krugman_with_core"], core="990101")
    rest = ["990102", "990201", "990301", "990302"]
    assert [c for c, y in p.index if y == 2020] == rest
    ec = EMP_COUNTY["990101"]
    for c in rest:
        e = EMP_COUNTY[c]
        exp = sum(abs(x / sum(e) - y / sum(ec)) for x, y in zip(e, ec, strict=True))
        assert p.at[(c, 2020), "krugman_with_core"] == pytest.approx(exp, rel=1e-12)


def test_index_passes_codes_and_core_on() -> None:
    codes = ["990100", "990300", "990400"]
    ix = integration_index(toy_region(), indicators=["distance_to_core_km"], core="990200",
                           codes=codes)
    assert list(ix.index) == [(c, y) for y in (2010, 2020) for c in codes]
    d = {c: _hav(c, "990200") for c in codes}
    lo, hi = min(d.values()), max(d.values())
    for c, y in ix.index:  # negative: z = (max - d) / (max - min), one indicator: score = z
        assert ix.at[(c, y), "score"] == pytest.approx((hi - d[c]) / (hi - lo), abs=1e-12)
    # and the level: the county members but the core county (990401 is context)
    cty = integration_index(toy_region(), level="county", indicators=["distance_to_core_km"],
                            core="990101")
    assert sorted({c for c, _y in cty.index}) == ["990102", "990201", "990301", "990302"]


def test_krugman_alone_needs_no_seats() -> None:
    # no seat coordinates at all: no spillover table can be formed, the Krugman index can
    r = toy_region()
    units = r.units.copy()
    units[["seat_lon", "seat_lat"]] = np.nan
    p = integration_panel(r.with_tables(units=units), indicators=["krugman_with_core"])
    assert list(p.index) == [("990200", 2020), ("990300", 2020)]
    for code, _y in p.index:
        assert p.at[(code, 2020), "krugman_with_core"] == pytest.approx(
            _hand_derived(2020, code)["krugman_with_core"], rel=1e-12)


def test_default_index_on_the_toy_province_has_the_default_dimensions() -> None:
    ix = integration_index(toy_region())
    assert ix.attrs["metroscope"]["parameters"]["dimensions"] == {
        k: list(v) for k, v in DEFAULT_DIMENSIONS.items()}
    assert ix.attrs["metroscope"]["parameters"]["negative"] == ["distance_to_core_km"]
    # two unit-years: every min-max score is 0 or 1 and each entropy is 0, so the weights are
    # equal (1/4); B is nearer, heavier and more linked, C differs more from the core
    d = {c: _hand_derived(2020, c) for c in ("990200", "990300")}
    w = ix.attrs["metroscope"]["parameters"]["weights"]
    assert w == pytest.approx(dict.fromkeys(DERIVED, 0.25))
    for c, o in (("990200", "990300"), ("990300", "990200")):
        z = {n: float(d[c][n] > d[o][n]) for n in DERIVED}
        z["distance_to_core_km"] = float(d[c]["distance_to_core_km"]
                                         < d[o]["distance_to_core_km"])
        assert ix.at[(c, 2020), "score"] == pytest.approx(sum(z.values()) / 4, abs=1e-12)
        lk = ("linkage_with_core", "membership_to_core_pct", "distance_to_core_km")
        assert ix.at[(c, 2020), "u_linkage"] == pytest.approx(sum(z[n] for n in lk) / 3,
                                                               abs=1e-12)
        assert ix.at[(c, 2020), "u_division"] == z["krugman_with_core"]


def test_panel_skips_incomplete_years_and_says_why() -> None:
    vals = dict(VALS)
    del vals[(2010, "c")]  # no 2010 row for c: 2010 is not a candidate year
    r = _region(vals)
    p = integration_panel(r, indicators=["trains", "dist"])
    assert sorted({y for _c, y in p.index}) == [2020]
    notes = p.attrs["metroscope"]["notes"]
    assert notes == ["2010 skipped: incomplete for c"]
    assert notes[0].get("zh") == "2010年未计入:c的数据不全"  # a catalogue message
    with pytest.raises(MissingDataError, match=r"^No year in which every indicator "
                                               r"\(trains, dist\) exists for the units "):
        integration_panel(r, indicators=["trains", "dist"], years=[2010])


def test_panel_core_without_employment_is_skipped_then_refused() -> None:
    r = toy_region()
    st = r.stats[~((r.stats["code"] == "990100")
                   & r.stats["indicator"].str.startswith("employed_sample"))]
    r2 = r.with_tables(stats=st.reset_index(drop=True))
    with pytest.raises(MissingDataError, match=r"\(linkage_with_core, membership_to_core_pct, "
                                               r"distance_to_core_km, krugman_with_core\) exists "
                                               r"for the units \['990200', '990300'\]\. 2020 "
                                               r"skipped: No employment by industry for the "
                                               r"core 990100 in 2020\.$"):
        integration_panel(r2)
    # with another year that works, the skipped one is a note (English and Chinese)
    names = ["distance_to_core_km", "krugman_with_core"]
    st2 = pd.concat([st, st[st["indicator"].str.startswith("employed_sample")
                              & (st["code"] != "990100")].assign(year=2010)])
    st2 = pd.concat([st2, r.stats[(r.stats["code"] == "990100")
                                  & r.stats["indicator"].str.startswith("employed_sample")]
                     .assign(year=2010)])
    p = integration_panel(r.with_tables(stats=st2.reset_index(drop=True)), indicators=names)
    assert sorted({y for _c, y in p.index}) == [2010]
    note = p.attrs["metroscope"]["notes"][0]
    assert note == "2020 skipped: No employment by industry for the core 990100 in 2020."
    assert note.get("zh") == "2020年未计入:2020 年核心单元 990100 没有分行业就业数据。"


def test_lazy_coupling_names_and_unknown_attributes() -> None:
    from metroscope.indicators import coupling

    assert integ.coupling_values is coupling.coupling_values
    assert integ.COORDINATION_CLASSES is coupling.COORDINATION_CLASSES
    with pytest.raises(AttributeError, match=r"^module 'metroscope.indicators.integration' "
                                             r"has no attribute 'nothing_here'$"):
        _ = integ.nothing_here


# ------------------------------------------------- candidate years, codes, sources, errors
def _with_rows(r: Region, rows: list[tuple[str, int, str, float]]) -> Region:
    units = dict(zip(r.stats["indicator"], r.stats["unit"], strict=True))
    extra = pd.DataFrame([{"code": c, "year": y, "indicator": i, "value": v,
                           "unit": units.get(i, "x"), "source": f"extra {i}", "quality": "A",
                           "break": False} for c, y, i, v in rows])
    return r.with_tables(stats=pd.concat([r.stats, extra], ignore_index=True))


def test_plain_candidate_years_are_those_of_the_chosen_units() -> None:
    # e (context) has a 2015 value; the members have none: 2015 is no candidate, so no note
    vals = dict(VALS)
    vals[(2015, "e")] = (1.0, 1.0)
    NAMES.setdefault("e", "戊")
    r = _region(vals, roles={"e": "context"})
    p = integration_panel(r, indicators=["trains", "dist"])
    assert sorted({y for _c, y in p.index}) == [2010, 2020]
    assert sorted({c for c, _y in p.index}) == ["a", "b", "c", "d"]
    assert p.attrs["metroscope"]["notes"] == []
    # the sources are those of the chosen units' rows: e's own source is not among them
    st = r.stats.copy()
    st.loc[st["code"] == "e", "source"] = "e's own"
    r2 = r.with_tables(stats=st)
    meta = integration_panel(r2, indicators=["trains", "dist"]).attrs["metroscope"]
    assert meta["sources"] == ["src dist", "src trains"]
    assert meta["reference"] == REFERENCE
    assert "郑陈柔雨" in meta["reference"]


def test_years_asked_for_without_data_are_named_not_dropped() -> None:
    p = integration_panel(_region(), indicators=["trains", "dist"], years=[2010, 2015, 2030])
    assert sorted({y for _c, y in p.index}) == [2010]
    notes = p.attrs["metroscope"]["notes"]
    assert notes == ["years asked for 2015, 2030 left out: not every indicator has data "
                     "in them"]
    assert notes[0].get("zh") == "所选年份2015、2030未计入:并非每个指标在这些年份都有数据"


def test_the_refusal_lists_every_note_in_both_languages() -> None:
    vals = {k: v for k, v in VALS.items() if k != (2010, "c") and k != (2020, "d")}
    r = _region(vals)
    # c has no 2010 row and d no 2020 row, so both years are incomplete; 2015 was asked for too
    with pytest.raises(MissingDataError) as exc:
        integration_panel(r, indicators=["trains", "dist"], years=[2010, 2015, 2020])
    from metroscope._errors import error_text
    en = ("No year in which every indicator (trains, dist) exists for the units "
          "['a', 'b', 'c', 'd']. years asked for 2015 left out: not every indicator has "
          "data in them 2010 skipped: incomplete for c 2020 skipped: incomplete for d")
    assert error_text(exc.value, "en") == en
    zh = error_text(exc.value, "zh")
    assert zh.endswith("所选年份2015未计入:并非每个指标在这些年份都有数据 2010年未计入:c的数据不全 "
                       "2020年未计入:d的数据不全")


def test_explicit_codes_of_another_level_are_refused() -> None:
    from metroscope import ParameterError

    with pytest.raises(ParameterError, match="990101"):
        integration_panel(toy_region(), indicators=["distance_to_core_km"],
                          codes=["990101", "990200"])


def test_derived_candidate_years_need_population_gdp_and_employment() -> None:
    r = toy_region()
    names = ["distance_to_core_km"]
    base = integration_panel(r, indicators=names)
    assert sorted({y for _c, y in base.index}) == [2010, 2020]
    # population alone in 2015 (no GDP): not a candidate year
    pop15 = [(c, 2015, "population", 1e6) for c in ("990100", "990200", "990300", "990400")]
    p = integration_panel(_with_rows(r, pop15), indicators=names)
    assert sorted({y for _c, y in p.index}) == [2010, 2020]
    assert p.attrs["metroscope"]["notes"] == []
    # GDP alone in 2012 (no population): not a candidate year either
    gdp12 = [(c, 2012, "gdp", 100.0) for c in ("990100", "990200", "990300", "990400")]
    p = integration_panel(_with_rows(r, gdp12), indicators=names)
    assert sorted({y for _c, y in p.index}) == [2010, 2020]
    assert p.attrs["metroscope"]["notes"] == []
    # employment in 2012 (no population, no GDP): the Krugman index still reads 2020 only
    emp12 = [(c, 2012, "employed_sample_manufacturing", 10.0)
             for c in ("990100", "990200", "990300")]
    p = integration_panel(_with_rows(r, emp12), indicators=["krugman_with_core"])
    assert sorted({y for _c, y in p.index}) == [2020]
    assert p.attrs["metroscope"]["notes"] == []


def test_plain_and_derived_years_intersect() -> None:
    # a plain indicator of 2020 only beside derived ones of 2010 and 2020: 2020 alone, no note
    r = _with_rows(toy_region(), [(c, 2020, "trains", v) for c, v in
                                  (("990200", 3.0), ("990300", 5.0))])
    p = integration_panel(r, indicators=["trains", "distance_to_core_km"])
    assert list(p.index) == [("990200", 2020), ("990300", 2020)]
    assert p.attrs["metroscope"]["notes"] == []
    assert list(p["trains"]) == [3.0, 5.0]


def test_an_empty_indicator_list_is_refused() -> None:
    with pytest.raises(MissingDataError, match=r"^No year in which every indicator \(\) "):
        integration_panel(_region(), indicators=[])


def test_sub_indices_keep_the_rows_when_a_dimension_has_no_indicator() -> None:
    z = pd.DataFrame({"x": [1.0, 0.0]}, index=pd.Index(["p", "q"]))
    out = sub_indices(z, pd.Series({"x": 1.0}), {"none": ["y"], "x": ["x"]})
    assert list(out.index) == ["p", "q"]
    assert out["u_none"].isna().all()
    assert list(out["u_x"]) == [1.0, 0.0]
    # no dimension has an indicator: still one row per unit-year, every sub-index missing
    none = sub_indices(z, pd.Series({"x": 1.0}), {"none": ["y"]})
    assert list(none.index) == ["p", "q"] and none["u_none"].isna().all()


def test_derived_panel_names_the_gdp_and_population_sources() -> None:
    # the derived indicators read GDP and the census population: their sources are listed
    r = toy_region()
    st = r.stats.copy()
    st.loc[st["indicator"] == "gdp", "source"] = "gdp yearbook"
    st.loc[st["indicator"] == "population", "source"] = "census"
    p = integration_panel(r.with_tables(stats=st), indicators=["distance_to_core_km"])
    assert p.attrs["metroscope"]["sources"] == ["census", "gdp yearbook"]
