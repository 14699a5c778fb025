"""The spillover table, every cell, against a plain re-computation written in the test on the
toy province of the indicator tests.

The expected values follow METHODS.md §4 with ``math`` and loops: masses √(P[万人]·G[亿元]) (or
P, or G), the haversine between seats (or the given minutes), k_ij = G_i/(G_i + G_j),
R_ij = k_ij M_i M_j / D_ij^b, R_i = Σ_j R_ij, the shares 100 M_i/Σ M and 100 R_i/Σ R, the
membership degree F_ij = 100 R_ij / R_i and the linkage direction argmax_j F_ij.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from _indicator_fixtures import COUNTIES, PREFS, toy_region
from metroscope import MissingDataError
from metroscope.indicators.linkage import REFERENCE
from metroscope.indicators.spillover import spillover_table
from metroscope.region import Region

COLUMNS = ["name_zh", "name_en", "role", "is_core", "mass", "mass_share_pct", "total_linkage",
           "linkage_share_pct", "linkage_to_mass_ratio", "linkage_with_core",
           "membership_to_core_pct", "core_membership_pct", "distance_to_core_km", "direction"]


def _km(a: str, b: str) -> float:
    (xa, ya), (xb, yb) = _seat(a), _seat(b)
    r = 6371.0088
    p1, p2 = math.radians(ya), math.radians(yb)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(xb - xa) / 2) ** 2)
    return 2 * r * math.asin(math.sqrt(h))


def _seat(code: str) -> tuple[float, float]:
    row = PREFS.get(code) or COUNTIES[code]
    return 120 + row[2], 30 + row[3]


def _pg(code: str, year: int) -> tuple[float, float | None]:
    if code in PREFS:
        _n, _r, _x, _y, p10, p20, g10, g20 = PREFS[code]
        return (p10, g10) if year == 2010 else (p20, g20)
    row = COUNTIES[code]
    return (row[4] if year == 2010 else row[5]), None


def _mass(code: str, mass: str, year: int) -> float:
    p, g = _pg(code, year)
    if g is None:  # counties have no GDP: population
        return p
    return {"population": p, "gdp": g, "sqrt_pg": math.sqrt(p / 1e4 * g)}[mass]


def _expected(codes: list[str], core: str, *, mass: str = "sqrt_pg", year: int = 2020,
              b: float = 2.0, minutes: dict[tuple[str, str], float] | None = None,
              directional: bool = True) -> dict[str, dict[str, object]]:
    """Every cell of the table, by hand (rows in the order of ``codes``)."""
    m = {c: _mass(c, mass, year) for c in codes}
    g = {c: _pg(c, year)[1] for c in codes}

    def friction(i: str, j: str) -> float:
        return _km(i, j) if minutes is None else minutes.get((i, j), 60.0)

    r: dict[tuple[str, str], float] = {}
    for i in codes:
        for j in codes:
            if i == j:
                continue
            k = g[i] / (g[i] + g[j]) if directional and g[i] is not None else 1.0
            f = friction(i, j)
            r[i, j] = (0.0 if math.isinf(f) else math.nan if math.isnan(f)
                       else k * m[i] * m[j] / f**b)
    tot = {}
    for i in codes:
        vals = [r[i, j] for j in codes if j != i]
        tot[i] = math.nan if any(math.isnan(v) for v in vals) else sum(vals)
    m_all = sum(m.values())
    t_all = sum(v for v in tot.values() if not math.isnan(v))
    out: dict[str, dict[str, object]] = {}
    for i in codes:
        row: dict[str, object] = {}
        row["is_core"] = i == core
        row["mass"] = m[i]
        row["mass_share_pct"] = 100 * m[i] / m_all
        row["total_linkage"] = tot[i]
        row["linkage_share_pct"] = 100 * tot[i] / t_all
        row["linkage_to_mass_ratio"] = row["linkage_share_pct"] / row["mass_share_pct"]
        if i == core:
            row["linkage_with_core"] = math.nan
            row["membership_to_core_pct"] = math.nan
            row["core_membership_pct"] = math.nan
            row["distance_to_core_km"] = math.nan
        else:
            row["linkage_with_core"] = r[i, core] + r[core, i]
            row["membership_to_core_pct"] = (100 * r[i, core] / tot[i]
                                             if tot[i] > 0 else math.nan)
            row["core_membership_pct"] = (100 * r[core, i] / tot[core]
                                          if tot[core] > 0 else math.nan)
            row["distance_to_core_km"] = _km(i, core)
        best, best_v = None, -math.inf
        if not math.isnan(tot[i]) and tot[i] > 0:
            for j in codes:  # the first largest share, in code order
                if j != i and r[i, j] > best_v:
                    best, best_v = j, r[i, j]
        row["direction"] = best
        out[i] = row
    return out


def _check(sp: pd.DataFrame, exp: dict[str, dict[str, object]], roles: dict[str, str]) -> None:
    assert list(sp.columns) == COLUMNS
    assert sp.index.name == "code"
    order = sorted(exp, key=lambda c: -float(exp[c]["mass"]))  # stable: ties keep code order
    assert list(sp.index) == order
    for c, row in exp.items():
        got = sp.loc[c]
        name = (PREFS[c][0] + "市", PREFS[c][0]) if c in PREFS else (c, c)
        assert (got["name_zh"], got["name_en"], got["role"]) == (*name, roles[c])
        assert bool(got["is_core"]) is row["is_core"]
        for col in COLUMNS[4:-1]:
            want = float(row[col])  # type: ignore[arg-type]
            if math.isnan(want):
                assert math.isnan(got[col]), (c, col, got[col])
            else:
                assert got[col] == pytest.approx(want, rel=1e-9), (c, col)
        d = got["direction"]
        assert (d if isinstance(d, str) else None) == row["direction"], (c, d)


def _roles(codes: list[str]) -> dict[str, str]:
    return {c: (PREFS[c][1] if c in PREFS else COUNTIES[c][1]) for c in codes}


def _notes(sp: pd.DataFrame) -> list[str]:
    return [str(n) for n in sp.attrs["metroscope"]["notes"]]


def test_members_every_cell_by_hand() -> None:
    sp = spillover_table(toy_region(), year=2020)
    codes = ["990100", "990200", "990300"]  # D is context: outside the area
    exp = _expected(codes, "990100")
    _check(sp, exp, _roles(codes))
    a = exp["990100"]
    core_note = (f"core 990100: {a['mass_share_pct']:.1f} % of the mass, "
                 f"{a['linkage_share_pct']:.1f} % of the total linkage")
    assert _notes(sp)[-1] == core_note
    assert sp.attrs["metroscope"]["notes"][-1].zh == (
        f"核心 990100:占质量的 {a['mass_share_pct']:.1f} %,"
        f"占联系总量的 {a['linkage_share_pct']:.1f} %")
    assert not any("missing pair linkage" in n for n in _notes(sp))
    meta = sp.attrs["metroscope"]
    assert meta["indicator"] == "spillover_table"
    assert meta["region"] == "toy"
    assert meta["year"] == 2020
    assert meta["level"] == "prefecture"
    assert meta["measure"] == "sqrt_pg"
    assert meta["reference"] == REFERENCE
    assert meta["sources"] == ["hand-built test data"]
    p = meta["parameters"]
    assert p["core"] == "990100"
    assert p["scope"] == "members" and p["friction_exponent"] == 2.0
    assert p["mass"] == "sqrt_pg" and p["directional"] is True


def test_all_units_travel_times_and_exponent_by_hand() -> None:
    codes = list(PREFS)
    minutes = {(i, j): 30.0 + 10 * n for n, (i, j) in enumerate(
        (i, j) for i in codes for j in codes if i != j)}
    minutes["990300", "990400"] = math.inf  # unreachable: linkage 0
    tt = pd.DataFrame(0.0, index=codes, columns=codes)
    for (i, j), v in minutes.items():
        tt.loc[i, j] = v
    sp = spillover_table(toy_region(), year=2020, scope="all", travel_time_min=tt,
                         friction_exponent=1.5)
    _check(sp, _expected(codes, "990100", b=1.5, minutes=minutes), _roles(codes))
    p = sp.attrs["metroscope"]["parameters"]
    assert p["friction_exponent"] == 1.5 and p["friction"] == "travel_time_min"


def test_default_exponent_comes_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    codes = ["990100", "990200", "990300"]
    monkeypatch.setenv("METROSCOPE_FRICTION_EXPONENT", "1")
    sp = spillover_table(toy_region(), year=2020)
    _check(sp, _expected(codes, "990100", b=1.0), _roles(codes))


@pytest.mark.parametrize("mass", ["population", "gdp"])
def test_other_masses_year_symmetric_and_another_core(mass: str) -> None:
    codes = ["990100", "990200", "990400"]
    sp = spillover_table(toy_region(), year=2010, codes=codes, mass=mass, directional=False,
                         core="990200")
    _check(sp, _expected(codes, "990200", mass=mass, year=2010, directional=False),
           _roles(codes))
    meta = sp.attrs["metroscope"]
    assert meta["year"] == 2010 and meta["measure"] == mass
    assert meta["parameters"]["core"] == "990200"
    assert _notes(sp)[-1].startswith("core 990200: ")


def test_counties_under_a_parent_by_hand() -> None:
    r = toy_region(county_break=False)
    sp = spillover_table(r, year=2020, level="county", parent="990100", core="990102",
                         scope="all")
    codes = ["990101", "990102"]
    _check(sp, _expected(codes, "990102"), _roles(codes))
    meta = sp.attrs["metroscope"]
    assert meta["level"] == "county" and meta["measure"] == "population"
    assert any("no GDP" in n for n in _notes(sp))  # the notes of the linkage table come along
    sp3 = spillover_table(r, year=2020, level="county", parent="990300", core="990301")
    _check(sp3, _expected(["990301", "990302"], "990301"), _roles(["990301", "990302"]))


def test_a_missing_pair_leaves_two_totals_out_of_the_shares() -> None:
    codes = list(PREFS)
    minutes = {("990200", "990300"): math.nan, ("990300", "990200"): math.nan}
    tt = pd.DataFrame(60.0, index=codes, columns=codes)
    for c in codes:
        tt.loc[c, c] = 0.0
    for (i, j), v in minutes.items():
        tt.loc[i, j] = v
    sp = spillover_table(toy_region(), year=2020, scope="all", travel_time_min=tt)
    exp = _expected(codes, "990100", minutes=minutes)
    assert math.isnan(float(exp["990200"]["total_linkage"]))  # the hand case is what it says
    _check(sp, exp, _roles(codes))
    assert _notes(sp)[-1] == ("2 unit(s) with a missing pair linkage (no mass, distance or "
                              "travel time) have no total and are left out of the shares: "
                              "990200, 990300")
    # only the core and D keep a total: the shares are of their sum (one total would do)
    three = ["990100", "990200", "990300"]
    tt3 = tt.loc[three, three]
    sp3 = spillover_table(toy_region(), year=2020, codes=three, travel_time_min=tt3)
    exp3 = _expected(three, "990100", minutes=minutes)
    _check(sp3, exp3, _roles(three))
    assert sp3.at["990100", "linkage_share_pct"] == pytest.approx(100.0)


def test_every_total_missing_gives_nan_shares() -> None:
    codes = ["990100", "990200"]
    tt = pd.DataFrame([[0.0, math.nan], [math.nan, 0.0]], index=codes, columns=codes)
    sp = spillover_table(toy_region(), year=2020, codes=codes, travel_time_min=tt)
    assert sp["total_linkage"].isna().all() and sp["linkage_share_pct"].isna().all()
    m = {c: _mass(c, "sqrt_pg", 2020) for c in codes}
    share = f"{100 * m['990100'] / sum(m.values()):.1f}"
    assert _notes(sp)[-2] == f"core 990100: {share} % of the mass, nan % of the total linkage"
    assert sp["direction"].isna().all()  # no total, no direction


def test_a_unit_reaching_nobody_has_no_direction() -> None:
    codes = list(PREFS)
    minutes = {(i, j): math.inf for i in codes for j in codes if "990400" in (i, j)}
    tt = pd.DataFrame(60.0, index=codes, columns=codes)
    for c in codes:
        tt.loc[c, c] = 0.0
    for (i, j), v in minutes.items():
        tt.loc[i, j] = v
    sp = spillover_table(toy_region(), year=2020, scope="all", travel_time_min=tt)
    exp = _expected(codes, "990100", minutes=minutes)
    assert exp["990400"]["total_linkage"] == 0.0
    _check(sp, exp, _roles(codes))


def test_a_core_outside_the_units_is_refused_in_full() -> None:
    msg = ("The core '990400' is not among the 3 units at level 'prefecture' with masses and "
           "seats; pass core=... or choose its level.")
    with pytest.raises(MissingDataError) as e:
        spillover_table(toy_region(), year=2020, core="990400")
    assert str(e.value) == msg
    cty = ("The core '990100' is not among the 2 units at level 'county' with masses and "
           "seats; pass core=... or choose its level.")
    with pytest.raises(MissingDataError) as e:
        spillover_table(toy_region(county_break=False), year=2020, level="county",
                        parent="990100")
    assert str(e.value) == cty


def test_equal_masses_keep_code_order() -> None:
    r = toy_region()
    st = r.stats.copy()
    for ind, v in (("population", 1_000_000), ("gdp", 250.0)):  # C as D
        m = (st["code"] == "990300") & (st["year"] == 2020) & (st["indicator"] == ind)
        st.loc[m, "value"] = v
    sp = spillover_table(r.with_tables(stats=st), year=2020, scope="all")
    assert list(sp.index) == ["990100", "990200", "990300", "990400"]


def test_totals_below_one_keep_their_direction() -> None:
    """GDP masses (亿元) over km⁴ give totals far below 1: a positive total still has a
    direction."""
    codes = ["990100", "990200", "990300"]
    sp = spillover_table(toy_region(), year=2020, mass="gdp", friction_exponent=4.0)
    exp = _expected(codes, "990100", mass="gdp", b=4.0)
    assert all(0 < float(exp[c]["total_linkage"]) < 1 for c in codes)  # type: ignore[arg-type]
    _check(sp, exp, _roles(codes))


def test_seventeen_units_of_equal_mass_keep_code_order() -> None:
    """Ties in mass keep the code order also beyond 16 units (where an unstable sort would
    not)."""
    codes = [f"99{i:02d}00" for i in range(1, 18)]
    units = pd.DataFrame({"code": codes, "name_zh": codes, "name_en": codes,
                          "level": "prefecture", "parent": pd.NA,
                          "role": ["core"] + ["member"] * 16,
                          "seat_lon": [120.0 + i / 7 for i in range(17)],
                          "seat_lat": [30.0 + (i % 4) / 5 for i in range(17)]})
    big = {"990400": 4.0, "990900": 0.25}  # one larger and one smaller unit among the ties
    rows = []
    for c in codes:
        for ind, v in (("population", 1e6), ("gdp", 100.0)):
            rows.append({"code": c, "year": 2020, "indicator": ind, "value": v * big.get(c, 1),
                         "unit": "persons" if ind == "population" else "cny_100m",
                         "source": "hand-built test data", "quality": "A", "break": False})
    sp = spillover_table(Region(name="ties", units=units, stats=pd.DataFrame(rows)))
    rest = [c for c in codes if c not in big]
    assert list(sp.index) == ["990400", *rest, "990900"]
