"""Gravity linkage (经济联系强度) and membership degree (经济隶属度), every cell, against hand
computations on the toy province.

The expected values are computed here with plain Python (``math``, loops over the fixture's
dictionaries) from the formulas of METHODS.md §4, not with the code under test:
R_ij = k_ij M_i M_j / D_ij^b with M = √(P[万人]·G[亿元]) and k_ij = G_i/(G_i+G_j), and
F_ij = 100 R_ij / Σ_{k≠i} R_ik. Distances are an independent haversine on the mean Earth
radius (IUGG, 6371.0088 km).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from _indicator_fixtures import COUNTIES, PREFS, toy_region
from metroscope import InsufficientDataError, MissingDataError, ParameterError
from metroscope.indicators.linkage import (
    REFERENCE,
    SCOPES,
    _ranks_within,
    linkage_intensity,
    membership_degree,
    membership_table,
)
from metroscope.region import Region

PREF = list(PREFS)
COLUMNS = ["distance_km", "travel_time_min", "friction", "mass_origin", "mass_destination", "k",
           "linkage"]
SOURCE = ["hand-built test data"]
MEMBERSHIP_REF = "METHODS.md §4 (经济隶属度)"


def _haversine_km(a: str, b: str) -> float:
    _n, _r, ax, ay, *_ = PREFS[a]
    _n, _r, bx, by, *_ = PREFS[b]
    r = 6371.0088
    p1, p2 = math.radians(30 + ay), math.radians(30 + by)
    dp, dl = p2 - p1, math.radians(bx - ax)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


def _pop(c: str) -> float:
    return PREFS[c][5]


def _gdp(c: str) -> float:
    return PREFS[c][7]


def _mass(c: str, mass: str = "sqrt_pg") -> float:
    if mass == "sqrt_pg":
        return math.sqrt(_pop(c) / 10_000 * _gdp(c))
    return _pop(c) if mass == "population" else _gdp(c)


def _pairs(codes: list[str]) -> list[tuple[str, str]]:
    return [(a, b) for a in codes for b in codes if a != b]


def _hand_linkage(codes: list[str], *, mass: str = "sqrt_pg", b: float = 2.0,
                  directional: bool = True,
                  minutes: dict[tuple[str, str], float] | None = None,
                  ) -> dict[tuple[str, str], float]:
    out = {}
    for i, j in _pairs(codes):
        k = _gdp(i) / (_gdp(i) + _gdp(j)) if directional else 1.0
        f = _haversine_km(i, j) if minutes is None else minutes[(i, j)]
        out[(i, j)] = 0.0 if f == math.inf else k * _mass(i, mass) * _mass(j, mass) / f ** b
    return out


def _minutes(codes: list[str], values: dict[tuple[str, str], float]) -> pd.DataFrame:
    tt = pd.DataFrame(0.0, index=codes, columns=codes)
    for (a, b), v in values.items():
        tt.loc[a, b] = v
    return tt


def _params(**changes: object) -> dict[str, object]:
    p: dict[str, object] = {
        "mass": "sqrt_pg", "mass_requested": "sqrt_pg", "scope": "all",
        "friction_exponent": 2.0, "friction": "distance_km", "travel_time_matrix": None,
        "directional": True, "k_rule": "k_ij = G_i/(G_i+G_j)",
        "stats_indicators": ["population", "gdp"], "mass_units": "sqrt(万人 x 亿元)",
        "price_basis": "GDP at current prices, 亿元"}
    p.update(changes)
    return p


def _with_gdp(r: Region, code: str, value: float | None) -> Region:
    st = r.stats
    m = (st["code"] == code) & (st["year"] == 2020) & (st["indicator"] == "gdp")
    st = st[~m] if value is None else st.assign(value=st["value"].mask(m, value))
    return r.with_tables(stats=st.reset_index(drop=True))


def test_linkage_every_cell_by_hand_with_distances() -> None:
    lt = linkage_intensity(toy_region(), year=2020)
    assert list(lt.columns) == COLUMNS
    assert list(lt.index.names) == ["origin", "destination"]
    assert list(lt.index) == _pairs(PREF)  # each origin's destinations together, code order
    exp = _hand_linkage(PREF)
    for (i, j), r in exp.items():
        row = lt.loc[(i, j)]
        d = _haversine_km(i, j)
        assert row["distance_km"] == pytest.approx(d, rel=1e-9)
        assert row["friction"] == pytest.approx(d, rel=1e-9)
        assert math.isnan(row["travel_time_min"])
        assert row["mass_origin"] == pytest.approx(_mass(i), rel=1e-12)
        assert row["mass_destination"] == pytest.approx(_mass(j), rel=1e-12)
        assert row["k"] == pytest.approx(_gdp(i) / (_gdp(i) + _gdp(j)), rel=1e-12)
        assert row["linkage"] == pytest.approx(r, rel=1e-9)
    meta = lt.attrs["metroscope"]
    assert meta["indicator"] == "linkage_intensity"
    assert (meta["region"], meta["year"], meta["level"], meta["measure"]) == (
        "toy", 2020, "prefecture", "sqrt_pg")
    assert meta["parameters"] == _params()
    assert meta["sources"] == SOURCE
    assert meta["notes"] == []
    assert meta["reference"] == REFERENCE
    assert SCOPES == ("all", "members")


@pytest.mark.parametrize("b", [1.0, 1.5, 3.0])
def test_other_friction_exponents_and_masses(b: float) -> None:
    for mass in ("population", "gdp"):
        lt = linkage_intensity(toy_region(), year=2020, mass=mass, friction_exponent=b)
        for pair, r in _hand_linkage(PREF, mass=mass, b=b).items():
            assert lt.at[pair, "linkage"] == pytest.approx(r, rel=1e-9)
            assert lt.at[pair, "mass_origin"] == _mass(pair[0], mass)
        units = {"population": "persons", "gdp": "亿元"}[mass]
        inds = ["population"] if mass == "population" else ["gdp"]
        changes: dict[str, object] = {"mass": mass, "mass_requested": mass,
                                      "friction_exponent": b, "mass_units": units,
                                      "stats_indicators": inds}
        if mass == "population":  # reads no GDP: no price basis
            p = _params(**changes)
            del p["price_basis"]
        else:
            p = _params(**changes)
        assert lt.attrs["metroscope"]["parameters"] == p
        assert lt.attrs["metroscope"]["measure"] == mass


@pytest.mark.parametrize("b", [float("nan"), float("inf"), -2.0, 1e308, 10.5])
def test_an_exponent_without_distance_decay_or_beyond_any_study_is_refused(b: float) -> None:
    """`analyze spillover --set friction_exponent=nan` (or inf, 1e308) printed a table of
    empty linkage shares with exit 0, and -2 one where far units weigh more than near ones.
    Each is a usage error now, in every linkage, membership and spillover table."""
    from metroscope.indicators.spillover import spillover_table

    for fn in (linkage_intensity, membership_table, spillover_table):
        with pytest.raises(ParameterError, match="friction_exponent"):
            fn(toy_region(), year=2020, friction_exponent=b)


def test_the_largest_exponent_taken_is_still_computed_by_hand() -> None:
    """b = 10 (the bound) is computed, and equals the hand formula."""
    lt = linkage_intensity(toy_region(), year=2020, friction_exponent=10.0)
    for pair, r in _hand_linkage(PREF, b=10.0).items():
        assert lt.at[pair, "linkage"] == pytest.approx(r, rel=1e-9)


def test_default_exponent_comes_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METROSCOPE_FRICTION_EXPONENT", "1")
    lt = linkage_intensity(toy_region(), year=2020)
    mt = membership_table(toy_region(), year=2020)
    for pair, r in _hand_linkage(PREF, b=1.0).items():
        assert lt.at[pair, "linkage"] == pytest.approx(r, rel=1e-9)
        assert mt.at[pair, "linkage"] == pytest.approx(r, rel=1e-9)
    assert lt.attrs["metroscope"]["parameters"]["friction_exponent"] == 1.0
    assert mt.attrs["metroscope"]["parameters"]["friction_exponent"] == 1.0


def test_symmetric_option_gives_k_one_and_says_so() -> None:
    lt = linkage_intensity(toy_region(), year=2020, directional=False)
    for pair, r in _hand_linkage(PREF, directional=False).items():
        assert lt.at[pair, "k"] == 1.0
        assert lt.at[pair, "linkage"] == pytest.approx(r, rel=1e-9)
    assert lt.attrs["metroscope"]["parameters"] == _params(directional=False,
                                                           k_rule="k = 1 (symmetric)")
    assert lt.attrs["metroscope"]["notes"] == []


@pytest.mark.parametrize("gdp", [None, 0.0])
def test_k_is_one_when_some_unit_lacks_a_positive_gdp(gdp: float | None) -> None:
    # population masses need no GDP; k_ij does, so without it for every unit k = 1
    r = _with_gdp(toy_region(), "990300", gdp)
    lt = linkage_intensity(r, year=2020, mass="population")
    for pair, v in _hand_linkage(PREF, mass="population", directional=False).items():
        assert lt.at[pair, "k"] == 1.0
        assert lt.at[pair, "linkage"] == pytest.approx(v, rel=1e-9)
    meta = lt.attrs["metroscope"]
    assert meta["parameters"]["k_rule"] == "k = 1: GDP is missing for some units in this year"
    assert meta["notes"] == ["k = 1: GDP is missing for some units in this year"]


def test_travel_time_friction_every_cell_unreachable_and_zero() -> None:
    vals = {(i, j): 30.0 + 10 * n for n, (i, j) in enumerate(_pairs(PREF))}
    vals[("990100", "990400")] = math.inf  # unreachable: linkage 0
    vals[("990300", "990200")] = 0.0  # zero friction: NaN, noted
    tt = _minutes(PREF, vals)
    lt = linkage_intensity(toy_region(), year=2020, travel_time_min=tt)
    exp = _hand_linkage(PREF, minutes={**vals, ("990300", "990200"): 1.0})
    for pair, r in exp.items():
        row = lt.loc[pair]
        assert row["friction"] == vals[pair]
        assert row["travel_time_min"] == vals[pair]
        assert row["distance_km"] == pytest.approx(_haversine_km(*pair), rel=1e-9)
        if pair == ("990300", "990200"):
            assert math.isnan(row["linkage"])
        else:
            assert row["linkage"] == pytest.approx(r, rel=1e-9)
    assert lt.at[("990100", "990400"), "linkage"] == 0.0
    meta = lt.attrs["metroscope"]
    assert meta["parameters"] == _params(friction="travel_time_min",
                                         travel_time_matrix={"shape": [4, 4]})
    assert meta["notes"] == ["1 pair(s) with zero friction (coincident seats): linkage NaN"]


def test_no_zero_friction_note_for_unreachable_pairs_only() -> None:
    vals = {p: 45.0 for p in _pairs(PREF)}
    vals[("990200", "990100")] = math.inf
    lt = linkage_intensity(toy_region(), year=2020, travel_time_min=_minutes(PREF, vals))
    assert lt.attrs["metroscope"]["notes"] == []
    assert lt.at[("990200", "990100"), "linkage"] == 0.0


def test_coincident_seats_count_every_zero_pair() -> None:
    r = toy_region()
    units = r.units.copy()
    units.loc["990400", ["seat_lon", "seat_lat"]] = units.loc["990200", ["seat_lon", "seat_lat"]]
    lt = linkage_intensity(r.with_tables(units=units), year=2020)
    assert lt.at[("990200", "990400"), "distance_km"] == 0.0
    assert math.isnan(lt.at[("990200", "990400"), "linkage"])
    assert math.isnan(lt.at[("990400", "990200"), "linkage"])
    assert lt.attrs["metroscope"]["notes"] == [
        "2 pair(s) with zero friction (coincident seats): linkage NaN"]


def test_members_scope_leaves_outside_units_out_and_says_so() -> None:
    members = ["990100", "990200", "990300"]  # 990400 is context
    lt = linkage_intensity(toy_region(), year=2020, scope="members")
    assert list(lt.index) == _pairs(members)
    for pair, r in _hand_linkage(members).items():
        assert lt.at[pair, "linkage"] == pytest.approx(r, rel=1e-9)
    meta = lt.attrs["metroscope"]
    assert meta["parameters"] == _params(scope="members")
    assert meta["notes"] == ["scope: the metropolitan area's members only (3 units); outside "
                             "units left out (scope='all' includes them): ['990400']"] or \
        meta["notes"] == ["scope: the metropolitan area's members only (3 units); outside "
                          "units left out (scope='all' includes them): 990400"]
    # explicit codes win over the scope: no filter, no note
    ex = linkage_intensity(toy_region(), year=2020, scope="members", codes=PREF)
    assert list(ex.index) == _pairs(PREF)
    assert ex.attrs["metroscope"]["notes"] == []
    # every unit a member: nothing left out, no note
    r = toy_region()
    units = r.units.copy()
    units.loc["990400", "role"] = "member"
    allm = linkage_intensity(r.with_tables(units=units), year=2020, scope="members")
    assert list(allm.index) == _pairs(PREF)
    assert allm.attrs["metroscope"]["notes"] == []


def test_unknown_scope_raises() -> None:
    with pytest.raises(MissingDataError, match=r"^Unknown scope 'metro'; choose one of all, "
                                               r"members\.$"):
        linkage_intensity(toy_region(), year=2020, scope="metro")


def test_travel_times_without_seats_note_the_missing_distance() -> None:
    r = toy_region()
    units = r.units.copy()
    units.loc[["990200", "990400"], ["seat_lon", "seat_lat"]] = np.nan
    vals = {p: 50.0 for p in _pairs(PREF)}
    lt = linkage_intensity(r.with_tables(units=units), year=2020,
                           travel_time_min=_minutes(PREF, vals))
    assert list(lt.index) == _pairs(PREF)
    for pair, v in _hand_linkage(PREF, minutes=vals).items():
        assert lt.at[pair, "linkage"] == pytest.approx(v, rel=1e-9)
        if "990200" in pair or "990400" in pair:
            assert math.isnan(lt.at[pair, "distance_km"])
    notes = lt.attrs["metroscope"]["notes"]
    assert len(notes) == 1
    assert notes[0].startswith("no seat coordinates (distance_km NaN; travel times used): ")
    assert "990200" in notes[0] and "990400" in notes[0] and "990100" not in notes[0]
    # explicit codes with a matrix lacking one: raise (not dropped)
    with pytest.raises(MissingDataError, match="travel_time_min lacks"):
        linkage_intensity(toy_region(), year=2020, codes=PREF,
                          travel_time_min=_minutes(PREF[:3], {}))


def _toy_linkage(values: dict[tuple[str, str], float]) -> pd.DataFrame:
    idx = pd.MultiIndex.from_tuples(list(values), names=["origin", "destination"])
    return pd.DataFrame({"linkage": list(values.values())}, index=idx)


def _hand_membership(values: dict[tuple[str, str], float],
                     ) -> dict[tuple[str, str], tuple[float, float, int]]:
    """(total of the origin, share %, rank) by hand: ranks 1 = largest, NaN last, ties by
    position."""
    out = {}
    for o in dict.fromkeys(a for a, _ in values):
        row = [(d, v) for (a, d), v in values.items() if a == o]
        total = math.nan if any(math.isnan(v) for _, v in row) else sum(v for _, v in row)
        keyed = sorted(range(len(row)), key=lambda n: (math.isnan(row[n][1]),
                                                       -row[n][1] if row[n][1] == row[n][1]
                                                       else 0, n))
        ranks = {row[n][0]: pos + 1 for pos, n in enumerate(keyed)}
        for d, v in row:
            share = 100 * v / total if total > 0 else math.nan
            out[(o, d)] = (total, share, ranks[d])
    return out


def _check_membership(md: pd.DataFrame, values: dict[tuple[str, str], float]) -> None:
    exp = _hand_membership(values)
    assert list(md.index) == list(values)
    assert str(md["rank"].dtype) == "int64" and str(md["is_direction"].dtype) == "bool"
    for pair, (total, share, rank) in exp.items():
        row = md.loc[pair]
        v = values[pair]
        assert row["linkage"] == pytest.approx(v, rel=1e-12, nan_ok=True)
        assert row["total_linkage_origin"] == pytest.approx(total, rel=1e-12, nan_ok=True)
        assert row["membership_pct"] == pytest.approx(share, rel=1e-9, nan_ok=True)
        assert row["rank"] == rank
        # the direction needs a positive total (NaN > 0 is False)
        assert bool(row["is_direction"]) is (rank == 1 and total > 0)


def test_membership_degree_every_cell_by_hand() -> None:
    lt = linkage_intensity(toy_region(), year=2020)
    md = membership_degree(lt)
    assert list(md.columns) == ["linkage", "total_linkage_origin", "membership_pct", "rank",
                                "is_direction"]
    _check_membership(md, _hand_linkage(PREF))
    meta = md.attrs["metroscope"]
    assert meta["indicator"] == "membership_degree"
    assert meta["reference"] == MEMBERSHIP_REF
    # the linkage's provenance is kept (it was lost: parameters {} and sources [])
    assert meta["parameters"] == _params()
    assert meta["sources"] == SOURCE
    assert (meta["region"], meta["year"], meta["measure"]) == ("toy", 2020, "sqrt_pg")


def test_membership_degree_keeps_the_linkage_notes() -> None:
    lt = linkage_intensity(toy_region(), year=2020, scope="members")
    md = membership_degree(lt)
    assert md.attrs["metroscope"]["notes"] == lt.attrs["metroscope"]["notes"]
    assert len(md.attrs["metroscope"]["notes"]) == 1


@pytest.mark.parametrize("values", [
    # equal contiguous groups (the fast path), a tie, a NaN pair, a zero-total origin
    {("a", "b"): 3.0, ("a", "c"): 1.0, ("b", "a"): 2.0, ("b", "c"): 2.0,
     ("c", "a"): math.nan, ("c", "b"): 5.0},
    {("a", "b"): 0.0, ("a", "c"): 0.0, ("b", "a"): 1.0, ("b", "c"): 4.0,
     ("c", "a"): 7.0, ("c", "b"): 0.5},
    # unequal groups (the general path)
    {("a", "b"): 1.0, ("a", "c"): 2.0, ("a", "d"): 3.0, ("b", "a"): 6.0,
     ("c", "d"): math.nan, ("c", "a"): 4.0, ("d", "a"): 0.0, ("d", "b"): 0.0},
    {("a", "b"): 2.0, ("a", "c"): 2.0, ("b", "a"): 1.0, ("b", "c"): 9.0, ("b", "d"): 3.0},
])
def test_membership_shares_ranks_and_nan_by_hand(values: dict[tuple[str, str], float]) -> None:
    _check_membership(membership_degree(_toy_linkage(values)), values)


def test_an_origin_without_a_positive_total_has_no_direction() -> None:
    """Origin a reaches b and c with 0 (total 0), origin c has a missing pair (total NaN):
    their shares are undefined, so neither has a direction; b (1 + 4 = 5) goes to c."""
    values = {("a", "b"): 0.0, ("a", "c"): 0.0, ("b", "a"): 1.0, ("b", "c"): 4.0,
              ("c", "a"): math.nan, ("c", "b"): 5.0}
    md = membership_degree(_toy_linkage(values))
    assert md["is_direction"].tolist() == [False, False, False, True, False, False]
    # rank orders the linkage even without shares: ties by position, NaN last
    assert md["rank"].tolist() == [1, 2, 2, 1, 2, 1]
    assert md["total_linkage_origin"].tolist()[2:4] == [5.0, 5.0]
    assert md["membership_pct"].tolist()[2:4] == [20.0, 80.0]
    assert md["total_linkage_origin"].iloc[0] == 0.0
    assert md["membership_pct"].iloc[[0, 1, 4, 5]].isna().all()
    assert md["total_linkage_origin"].iloc[[4, 5]].isna().all()


def test_ranks_within_groups_by_hand() -> None:
    # equal, contiguous, sorted groups: the fast path
    g = np.array([0, 0, 0, 1, 1, 1])
    x = np.array([1.0, np.nan, 5.0, 2.0, 2.0, 3.0])
    np.testing.assert_array_equal(_ranks_within(g, x), [2, 3, 1, 2, 3, 1])
    # equal sizes but unsorted groups: the general path
    g = np.array([1, 0, 1, 0])
    x = np.array([4.0, 1.0, 5.0, 9.0])
    np.testing.assert_array_equal(_ranks_within(g, x), [2, 2, 1, 1])
    # unequal sizes
    g = np.array([0, 0, 0, 2, 2])
    x = np.array([np.nan, 7.0, 7.0, -1.0, 0.0])
    np.testing.assert_array_equal(_ranks_within(g, x), [3, 1, 2, 2, 1])
    # NaN ranks below 0 and below negative values, wherever it stands (both paths)
    g = np.array([0, 0, 1, 1])
    x = np.array([np.nan, 0.0, np.nan, -1.0])
    np.testing.assert_array_equal(_ranks_within(g, x), [2, 1, 2, 1])
    g = np.array([0, 0, 0, 1])
    x = np.array([np.nan, 0.0, -2.0, 3.0])
    np.testing.assert_array_equal(_ranks_within(g, x), [3, 1, 2, 1])
    # a group of one beside a group of two (sorted): the general path
    np.testing.assert_array_equal(_ranks_within(np.array([0, 1, 1]), np.array([5.0, 1.0, 2.0])),
                                  [1, 2, 1])
    # wide groups with many ties (40 destinations each): ties still ranked by position
    vals = [1.0, 0.0, 0.0, 1.0, 0.5] * 8
    g = np.repeat([0, 1], 40)
    x = np.array(vals + vals[::-1])

    def by_hand(v: list[float]) -> list[int]:
        order = sorted(range(len(v)), key=lambda n: (-v[n], n))
        r = [0] * len(v)
        for pos, n in enumerate(order):
            r[n] = pos + 1
        return r

    np.testing.assert_array_equal(_ranks_within(g, x), by_hand(vals) + by_hand(vals[::-1]))
    for g, x in ((np.array([0, 0, 1, 1]), np.array([1.0, 2.0, 3.0, 4.0])),
                 (np.array([0, 1, 1]), np.array([1.0, 2.0, 3.0]))):
        assert _ranks_within(g, x).dtype == np.int64  # both paths
    # one group, one value
    np.testing.assert_array_equal(_ranks_within(np.array([0]), np.array([3.0])), [1])


@pytest.mark.parametrize("bad", [
    pd.DataFrame({"linkage": [1.0, 2.0]}, index=["a", "b"]),
    pd.DataFrame({"k": [1.0]}, index=pd.MultiIndex.from_tuples([("a", "b")])),
])
def test_membership_degree_needs_a_linkage_table(bad: pd.DataFrame) -> None:
    with pytest.raises(MissingDataError, match=r"^membership_degree needs the result of "
                                               r"linkage_intensity \(index \(origin, "
                                               r"destination\), column 'linkage'\)\.$"):
        membership_degree(bad)


def test_membership_table_every_cell_by_hand() -> None:
    mt = membership_table(toy_region(), year=2020)
    assert list(mt.columns) == ["linkage", "distance_km", "total_linkage_origin",
                                "membership_pct", "rank", "is_direction"]
    exp = _hand_linkage(PREF)
    _check_membership(mt.drop(columns="distance_km"), exp)
    for pair in exp:
        assert mt.at[pair, "distance_km"] == pytest.approx(_haversine_km(*pair), rel=1e-9)
    meta = mt.attrs["metroscope"]
    assert meta["indicator"] == "membership_degree"
    assert meta["reference"] == MEMBERSHIP_REF
    assert meta["parameters"] == _params()
    assert meta["sources"] == SOURCE
    assert (meta["region"], meta["year"], meta["level"], meta["measure"]) == (
        "toy", 2020, "prefecture", "sqrt_pg")


def test_membership_table_passes_its_options_on() -> None:
    vals = {(i, j): 20.0 + 5 * n for n, (i, j) in enumerate(_pairs(PREF))}
    tt = _minutes(PREF, vals)
    mt = membership_table(toy_region(), year=2020, mass="population", friction_exponent=1.5,
                          travel_time_min=tt, directional=False, codes=PREF[:3])
    sub = {p: v for p, v in vals.items() if p[0] in PREF[:3] and p[1] in PREF[:3]}
    exp = _hand_linkage(PREF[:3], mass="population", b=1.5, directional=False, minutes=sub)
    _check_membership(mt.drop(columns="distance_km"), exp)
    p = mt.attrs["metroscope"]["parameters"]
    assert (p["mass"], p["friction_exponent"], p["friction"], p["directional"]) == (
        "population", 1.5, "travel_time_min", False)
    # level and parent reach the unit selection
    cty = membership_table(toy_region(), year=2020, level="county", parent="990300",
                           mass="population")
    assert sorted(set(cty.index.get_level_values("origin"))) == ["990301", "990302"]


def test_membership_of_a_table_whose_last_origin_was_filtered_out() -> None:
    # the filtered MultiIndex keeps 990400 among its levels though no row has that origin
    lt = linkage_intensity(toy_region(), year=2020)
    sub = lt[lt.index.get_level_values("origin") != "990400"]
    assert "990400" in list(sub.index.levels[0])
    vals = {p: v for p, v in _hand_linkage(PREF).items() if p[0] != "990400"}
    _check_membership(membership_degree(sub), vals)


def test_membership_of_a_linkage_column_stored_as_objects() -> None:
    # e.g. a table rebuilt from records: the column is read as float64 numbers
    values = {("a", "b"): 3.0, ("a", "c"): 1.0, ("b", "a"): math.nan, ("b", "c"): 2.0}
    t = _toy_linkage(values).astype(object)
    _check_membership(membership_degree(t), values)


def test_membership_table_of_another_year() -> None:
    mt = membership_table(toy_region(), year=2010)
    assert mt.attrs["metroscope"]["year"] == 2010
    for (i, j), _r in _hand_linkage(PREF).items():
        def m10(c: str) -> float:
            return math.sqrt(PREFS[c][4] / 10_000 * PREFS[c][6])

        k = PREFS[i][6] / (PREFS[i][6] + PREFS[j][6])
        r10 = k * m10(i) * m10(j) / _haversine_km(i, j) ** 2
        assert mt.at[(i, j), "linkage"] == pytest.approx(r10, rel=1e-9)


def test_linkage_of_another_year_and_of_the_counties_under_a_parent() -> None:
    lt = linkage_intensity(toy_region(), year=2010)
    assert lt.attrs["metroscope"]["year"] == 2010
    for (i, j), _r in _hand_linkage(PREF).items():
        m_i = math.sqrt(PREFS[i][4] / 10_000 * PREFS[i][6])
        m_j = math.sqrt(PREFS[j][4] / 10_000 * PREFS[j][6])
        k = PREFS[i][6] / (PREFS[i][6] + PREFS[j][6])
        assert lt.at[(i, j), "linkage"] == pytest.approx(k * m_i * m_j / _haversine_km(i, j)
                                                         ** 2, rel=1e-9)
    cty = linkage_intensity(toy_region(), year=2020, level="county", parent="990100")
    assert list(cty.index) == [("990101", "990102"), ("990102", "990101")]
    # counties: population masses (no GDP), k = 1; seats (120.05, 30.05) and (120.3, 30.2)
    p1, p2 = math.radians(30.05), math.radians(30.2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(0.25) / 2) ** 2)
    d = 2 * 6371.0088 * math.asin(math.sqrt(h))
    assert cty.at[("990101", "990102"), "linkage"] == pytest.approx(
        6_000_000 * 3_000_000 / d ** 2, rel=1e-9)


def test_members_scope_under_a_parent_names_only_its_outside_units() -> None:
    # under 990300 both counties are members (member, partial): nothing left out
    lt = linkage_intensity(toy_region(county_break=False), year=2020, level="county",
                           parent="990300", scope="members")
    assert list(lt.index) == [("990301", "990302"), ("990302", "990301")]
    assert not any("scope:" in n for n in lt.attrs["metroscope"]["notes"])


def test_units_without_seats_are_left_out_and_named_or_raise_when_asked_for() -> None:
    r = toy_region()
    units = r.units.copy()
    units.loc["990300", ["seat_lon", "seat_lat"]] = np.nan
    r2 = r.with_tables(units=units)
    lt = linkage_intensity(r2, year=2020)
    rest = ["990100", "990200", "990400"]
    assert list(lt.index) == _pairs(rest)
    for pair, v in _hand_linkage(rest).items():
        assert lt.at[pair, "linkage"] == pytest.approx(v, rel=1e-9)
    notes = lt.attrs["metroscope"]["notes"]
    assert notes == ["left out for lack of seat coordinates: 990300"]
    with pytest.raises(MissingDataError, match=r"^No seat coordinates for 1 unit\(s\): "
                                               r"\['990300'\]"):
        linkage_intensity(r2, year=2020, codes=PREF)


def test_one_unit_is_refused_with_the_linkage_minimum() -> None:
    # a pair needs two units (MIN_N of linkage_intensity: 2 units with a mass)
    with pytest.raises(InsufficientDataError) as e:
        linkage_intensity(toy_region(), year=2020, codes=["990100"])
    assert str(e.value) == ("linkage_intensity needs at least 2 observations (units with a "
                            "mass); found 1. Not computed. Units with masses and seats.")


def test_a_gdp_below_one_still_sets_k() -> None:
    # GDP 0.5 亿元 for D: every GDP is positive, so k_ij = G_i / (G_i + G_j) (not k = 1)
    st = toy_region().stats.copy()
    m = (st["code"] == "990400") & (st["year"] == 2020) & (st["indicator"] == "gdp")
    st.loc[m, "value"] = 0.5
    lt = linkage_intensity(toy_region().with_tables(stats=st), year=2020, mass="population")
    g = {c: (0.5 if c == "990400" else _gdp(c)) for c in PREF}
    for i, j in _pairs(PREF):
        assert lt.at[(i, j), "k"] == pytest.approx(g[i] / (g[i] + g[j]), rel=1e-12)
    assert lt.attrs["metroscope"]["parameters"]["k_rule"] == "k_ij = G_i/(G_i+G_j)"


def test_explicit_units_without_a_mass_raise() -> None:
    st = toy_region().stats
    drop = (st["code"] == "990400") & (st["year"] == 2020) & (st["indicator"] == "population")
    r = toy_region().with_tables(stats=st[~drop].reset_index(drop=True))
    with pytest.raises(MissingDataError, match=r"^No positive sqrt_pg mass in 2020 for 1 "
                                               r"unit\(s\): 990400\."):
        linkage_intensity(r, year=2020, codes=PREF)
    lt = linkage_intensity(r, year=2020)  # the default set: left out
    assert "990400" not in set(lt.index.get_level_values("origin"))


def test_frictions_of_one_minute_and_less_are_not_zero() -> None:
    """Only a friction of 0 is noted: 1 minute and half a minute are ordinary travel times,
    R = k M_i M_j / 1² and k M_i M_j / 0.5² = 4 k M_i M_j."""
    vals = {p: 45.0 for p in _pairs(PREF)}
    vals[("990100", "990200")] = 1.0
    vals[("990200", "990300")] = 0.5
    lt = linkage_intensity(toy_region(), year=2020, travel_time_min=_minutes(PREF, vals))
    assert lt.attrs["metroscope"]["notes"] == []
    # A (9,000,000 persons, 6000 亿元) and B (4,000,000, 1500): M = √(900·6000), √(400·1500)
    k_ab = 6000 / (6000 + 1500)
    assert lt.at[("990100", "990200"), "linkage"] == pytest.approx(
        k_ab * math.sqrt(900 * 6000) * math.sqrt(400 * 1500), rel=1e-12)
    # B and C (2,000,000, 500): k = 1500 / 2000
    assert lt.at[("990200", "990300"), "linkage"] == pytest.approx(
        0.75 * math.sqrt(400 * 1500) * math.sqrt(200 * 500) / 0.25, rel=1e-12)


def _sourced() -> Region:
    """The toy province where the 2010 rows and the county rows cite other sources, so that a
    prefecture result for 2020 cites only the hand-built rows."""
    r = toy_region()
    st = r.stats.copy()
    st.loc[st["year"] == 2010, "source"] = "census 2010"
    st.loc[st["code"].isin(list(COUNTIES)), "source"] = "county table"
    return r.with_tables(stats=st)


def test_sources_are_those_of_the_year_and_units_used() -> None:
    r = _sourced()
    for f in (linkage_intensity, membership_table):
        assert f(r, year=2020).attrs["metroscope"]["sources"] == SOURCE
        assert f(r, year=2010).attrs["metroscope"]["sources"] == ["census 2010"]
        cty = f(r, year=2020, level="county", parent="990100")
        assert cty.attrs["metroscope"]["sources"] == ["county table"]
    assert membership_degree(linkage_intensity(r, year=2010)).attrs["metroscope"][
        "sources"] == ["census 2010"]


def test_totals_of_one_and_below_keep_their_direction() -> None:
    """a: 0.25 + 0.5 = 0.75, shares 33.3 and 66.7 %, direction c; b: 0.75 + 0.25 = 1 exactly,
    shares 75 and 25 %, direction a (any positive total has a direction)."""
    values = {("a", "b"): 0.25, ("a", "c"): 0.5, ("b", "a"): 0.75, ("b", "c"): 0.25}
    md = membership_degree(_toy_linkage(values))
    assert md["total_linkage_origin"].tolist() == [0.75, 0.75, 1.0, 1.0]
    assert md["membership_pct"].tolist() == pytest.approx([100 / 3, 200 / 3, 75.0, 25.0],
                                                          rel=1e-12)
    assert md["is_direction"].tolist() == [False, True, True, False]
    _check_membership(md, values)


def test_a_zero_total_of_signed_linkages_has_no_shares_and_no_warning() -> None:
    """A table of differences (a: +2 and −2, total 0): the shares 100 R_ij / 0 are undefined,
    so NaN (not ±inf), without a NumPy warning (the tests turn warnings into errors); b's
    total 1 + 3 = 4 gives 25 and 75 %."""
    values = {("a", "b"): 2.0, ("a", "c"): -2.0, ("b", "a"): 1.0, ("b", "c"): 3.0}
    md = membership_degree(_toy_linkage(values))
    assert md["total_linkage_origin"].tolist() == [0.0, 0.0, 4.0, 4.0]
    assert md["membership_pct"].iloc[:2].isna().all()
    assert md["membership_pct"].iloc[2:].tolist() == [25.0, 75.0]
    assert md["is_direction"].tolist() == [False, False, False, True]
    assert md["rank"].tolist() == [1, 2, 2, 1]


def test_an_infinite_linkage_leaves_its_share_undefined() -> None:
    """a: inf and 1, total inf: inf / inf is undefined (NaN, not a share above 100 %), 1 / inf
    is 0 %, and the infinite link is the direction; b: 2 + 2 = 4, 50 % each."""
    values = {("a", "b"): math.inf, ("a", "c"): 1.0, ("b", "a"): 2.0, ("b", "c"): 2.0}
    md = membership_degree(_toy_linkage(values))
    assert md["total_linkage_origin"].tolist() == [math.inf, math.inf, 4.0, 4.0]
    assert math.isnan(md["membership_pct"].iloc[0])
    assert md["membership_pct"].iloc[1:].tolist() == [0.0, 50.0, 50.0]
    assert md["is_direction"].tolist() == [True, False, True, False]
