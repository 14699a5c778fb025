"""The road calibration (network/road_calibration.py) checked by hand on a toy road network,
and the packaged drive times against the scout-curated facts they come from.

The toy road network (seats of counties A-F, each unit's access to its seat 0 min):

====  =======  ==========  ======  =========  ==========  ==================================
link  ends     mode        km      design     other       minutes at f = 0.8, v = 50, u = 25
====  =======  ==========  ======  =========  ==========  ==================================
e1    A - B    expressway  120     120 km/h   open 2015   60 / 0.8 = 75
r1    A - B    road        150     (none)                 150 km / 50 x 60 = 180
r2    B - C    road        45      (none)                 45 / 50 x 60 = 54
u1    C - D    urban       5       (none)                 5 / 25 x 60 = 12 (fixed: not fitted)
e2    D - E    expressway  100     120 km/h   op. 100     100 / 100 x 60 = 60 (fixed)
r3    D - E    road        40      60 km/h    open 2020   40 / 60 x 60 = 40 (fixed)
e3    C - F    expressway  90      120 km/h               45 / 0.8 = 56.25
====  =======  ==========  ======  =========  ==========  ==================================

Per trip: a_expressway = sum of 60 L / V over the expressway links without a time of their own,
a_road = sum of 60 L over the road links without a speed, b = the other links' minutes; the
model is a_expressway / f + a_road / v + b (module doc of road_calibration).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from metroscope import MissingDataError, UnknownRegionError
from metroscope.network import road_calibration as rc
from metroscope.region import Region
from metroscope.settings import get_settings

FACTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "scout_curated" / \
    "ne_drive_times_facts.csv"
CODES = list("ABCDEF")


def road_region(**changes: object) -> Region:
    units = pd.DataFrame({
        "code": CODES, "name_zh": list("甲乙丙丁戊己"), "name_en": CODES, "level": ["county"] * 6,
        "role": ["core"] + ["member"] * 5,
        "seat_lon": [125.0, 125.5, 126.0, 126.5, 127.0, 126.0], "seat_lat": [44.0] * 5 + [44.5]})
    nodes = pd.DataFrame({"node_id": [f"seat:{c}" for c in CODES],
                          "lon": [125.0, 125.5, 126.0, 126.5, 127.0, 126.0],
                          "lat": [44.0] * 5 + [44.5], "kind": ["seat"] * 6})
    links = pd.DataFrame({
        "link_id": ["e1", "r1", "r2", "u1", "e2", "r3", "e3"],
        "from_node": ["seat:A", "seat:A", "seat:B", "seat:C", "seat:D", "seat:D", "seat:C"],
        "to_node": ["seat:B", "seat:B", "seat:C", "seat:D", "seat:E", "seat:E", "seat:F"],
        "mode": ["expressway", "road", "road", "urban", "expressway", "road", "expressway"],
        "line": ["E1", None, None, None, "E2", None, "E3"],
        "length_km": [120.0, 150.0, 45.0, 5.0, 100.0, 40.0, 90.0],
        "speed_kph": [120.0, np.nan, np.nan, np.nan, 120.0, 60.0, 120.0],
        "minutes": [np.nan] * 7,
        "operating_speed_kph": [np.nan, np.nan, np.nan, np.nan, 100.0, np.nan, np.nan],
        "status": ["operating"] * 7,
        "open_year": [2015, np.nan, np.nan, np.nan, np.nan, 2020, np.nan],
        "headway_min": [np.nan] * 7})
    access = pd.DataFrame({"code": CODES, "node_id": [f"seat:{c}" for c in CODES],
                           "minutes": [0.0] * 6})
    stats = pd.DataFrame({"code": CODES, "year": [2020] * 6, "indicator": ["population"] * 6,
                          "value": [1000.0, 500.0, 300.0, 200.0, 100.0, 50.0],
                          "unit": ["persons"] * 6, "source": ["test"] * 6,
                          "quality": ["A"] * 6})
    tables = {"units": units, "nodes": nodes, "links": links, "access": access, "stats": stats}
    tables.update(changes)  # type: ignore[arg-type]
    return Region("roadtoy", **tables)  # type: ignore[arg-type]


def target(o: str, d: str, minutes: float, year: int = 2020, *, role: str = "calibration",
           low: float = np.nan, high: float = np.nan, source: str = "s1") -> dict[str, object]:
    return {"origin": o, "destination": d, "origin_code": o, "destination_code": d,
            "published_min": minutes, "published_as": "exact", "low_min": low,
            "high_min": high, "year": year, "role": role, "what": "toy", "source": source}


def targets(*rows: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


F, V = 0.8, 50.0
S = get_settings(operating_speed_factor_expressway=F, road_speed_kph=V, urban_speed_kph=25.0,
                 travel_time_cache="off")


# ------------------------------------------------------------------ road_residuals by hand
def test_residuals_every_column_by_hand() -> None:
    t = targets(
        target("A", "B", 100.0, source="s2"),        # e1: 60 / 0.8 = 75
        target("A", "B", 150.0, 2014),               # before e1: r1 150 km at 50 = 180
        target("A", "D", 120.0),                     # e1 + r2 + u1: 75 + 54 + 12 = 141
        target("C", "B", 54.0),                      # r2 run backwards: 54
        target("D", "E", 50.0, 2018, role="check"),  # e2 at its operating speed: 60
        target("E", "D", 50.0, 2021, role="check"))  # r3 at its own speed (opened 2020): 40
    res = rc.road_residuals(road_region(), settings=S, targets=t)
    model = [75.0, 180.0, 141.0, 54.0, 60.0, 40.0]
    assert res["model_min"].tolist() == pytest.approx(model, rel=1e-12)
    pub = t["published_min"].to_numpy()
    assert res["residual_pct"].to_numpy() == pytest.approx(100 * (np.array(model) / pub - 1))
    assert res["path"].tolist() == ["e1", "r1", "e1 r2 u1", "r2", "e2", "r3"]
    assert res["km_expressway"].tolist() == [120.0, 0.0, 120.0, 0.0, 0.0, 0.0]
    assert res["km_road"].tolist() == [0.0, 150.0, 45.0, 45.0, 0.0, 0.0]
    assert res["km_other"].tolist() == [0.0, 0.0, 5.0, 0.0, 100.0, 40.0]
    assert res["within"].isna().all()  # no bounds given
    # the targets' own columns are kept, in order, with the same index
    assert list(res.columns[: len(t.columns)]) == list(t.columns)
    assert res.index.equals(t.index)
    meta = res.attrs["metroscope"]
    assert meta["indicator"] == "road_calibration_residuals"
    assert meta["parameters"] == {"operating_speed_factor_expressway": 0.8,
                                  "road_speed_kph": 50.0, "urban_speed_kph": 25.0}
    assert meta["sources"] == ["s1", "s2"]


def test_residual_terms_split_expressway_road_and_fixed_minutes() -> None:
    """A second setting changes only the fitted parts: e1 scales with 1/f, r2 with 1/v, the
    urban link and the links with a time of their own do not move."""
    s2 = get_settings(operating_speed_factor_expressway=0.5, road_speed_kph=30.0,
                      urban_speed_kph=25.0, travel_time_cache="off")
    t = targets(target("A", "D", 1.0), target("D", "E", 1.0, 2018), target("D", "E", 1.0, 2021))
    res = rc.road_residuals(road_region(), settings=s2, targets=t)
    # e1 60/0.5 = 120 (r1 150 km at 30 = 300 is slower); r2 45 km at 30 = 90; u1 12
    assert res["model_min"].tolist() == pytest.approx([120 + 90 + 12, 60.0, 40.0], rel=1e-12)


def test_within_bounds_and_ranges() -> None:
    t = targets(
        target("A", "B", 70.0, low=70.0),                  # 75 >= 70: within
        target("A", "B", 80.0, low=80.0),                  # 75 < 80
        target("A", "B", 75.0, low=75.0),                  # equal to the bound: within
        target("A", "B", 70.0, high=70.0),                 # 75 > 70
        target("A", "B", 75.0, high=75.0),                 # equal: within
        target("A", "B", 90.0, low=60.0, high=120.0),      # inside the range
        target("A", "B", 70.0, low=60.0, high=74.0),       # above the range
        target("A", "B", 90.0, low=76.0, high=120.0))      # below the range
    res = rc.road_residuals(road_region(), settings=S, targets=t)
    assert res["within"].tolist() == [True, False, True, False, True, True, False, False]


def test_residuals_default_settings_and_no_access() -> None:
    """Without settings, the package settings (f = 1, v = 90, u = 25) are used."""
    base = get_settings()
    t = targets(target("A", "D", 1.0))
    res = rc.road_residuals(road_region(), targets=t)
    expected = (60 / base.operating_speed_factor_expressway + 45 * 60 / base.road_speed_kph
                + 5 * 60 / base.urban_speed_kph)
    assert res["model_min"].iloc[0] == pytest.approx(expected, rel=1e-12)
    # E cut off from the road: no access row
    cut = road_region()
    with pytest.raises(MissingDataError, match="No road access for A or E in region 'roadtoy'"):
        rc.road_residuals(road_region(access=cut.access[cut.access["code"] != "E"]),
                          settings=S, targets=targets(target("A", "E", 1.0)))
    with pytest.raises(MissingDataError, match="No road access for E or A"):
        rc.road_residuals(road_region(access=cut.access[cut.access["code"] != "E"]),
                          settings=S, targets=targets(target("E", "A", 1.0)))


def test_no_road_path_in_the_year() -> None:
    """Without r2, A-B and C-D-E are two islands; without r1, A has no road before 2015."""
    base = road_region()
    r = road_region(links=base.links[base.links["link_id"] != "r2"].reset_index(drop=True))
    with pytest.raises(MissingDataError, match="No road path from A to C in 2020"):
        rc.road_residuals(r, settings=S, targets=targets(target("A", "C", 1.0)))
    r = road_region(links=base.links[base.links["link_id"] != "r1"].reset_index(drop=True))
    with pytest.raises(MissingDataError, match="No road access for A or B"):
        rc.road_residuals(r, settings=S, targets=targets(target("A", "B", 1.0, 2014)))
    res = rc.road_residuals(r, settings=S, targets=targets(target("A", "B", 1.0, 2015)))
    assert res["model_min"].iloc[0] == pytest.approx(75.0)


# ------------------------------------------------------------------ calibrate_roads by hand
def _consistent() -> pd.DataFrame:
    """Three calibration rows that disagree (A-C is 11 min slower than A-B plus B-C), two
    check rows between them (the index order interleaves roles)."""
    return targets(
        target("A", "B", 75.0),                       # a_e = 60
        target("D", "E", 70.0, 2018, role="check"),   # e2 fixed: 60
        target("B", "C", 54.0),                       # a_r = 2700
        target("A", "C", 140.0),                      # a_e = 60, a_r = 2700
        target("E", "D", 45.0, 2021, role="check", low=41.0, high=50.0))  # r3 fixed: 40


def test_calibrate_fits_the_least_squares_of_relative_residuals() -> None:
    t = _consistent()
    fit = rc.calibrate_roads(road_region(), targets=t)
    # least squares on relative residuals, solved here with numpy (interior solution)
    a = np.array([[60 / 75, 0.0], [0.0, 2700 / 54], [60 / 140, 2700 / 140]])
    x, *_ = np.linalg.lstsq(a, np.ones(3), rcond=None)
    f, v = round(1 / x[0], 4), round(1 / x[1], 1)
    assert 0.5 < f < 1 and 30 < v < 90  # the bounds are not reached
    assert fit["operating_speed_factor_expressway"] == f
    assert fit["road_speed_kph"] == v
    assert fit["iterations"] == 2 and fit["converged"] is True  # paths unchanged at step 2
    res = fit["residuals"]
    model = [60 / f, 60.0, 2700 / v, 60 / f + 2700 / v, 40.0]
    assert res["model_min"].tolist() == pytest.approx(model, rel=1e-12)
    assert res["within"].iloc[:4].isna().all() and not res["within"].iloc[4]  # 40 < 44
    assert res.attrs["metroscope"]["parameters"]["road_speed_kph"] == v
    # held out: each calibration row left out, the other two solve the two unknowns exactly
    held = [140 - 54,            # A-B: x from A-C with v = 50 from B-C: 140 - 54
            60.0,                # check row: its model
            140 - 75,            # B-C: f from A-B (60 x 1.25 = 75), the rest of A-C
            75 + 54,             # A-C: f = 0.8 and v = 50 from the other two
            40.0]
    assert res["heldout_model_min"].tolist() == pytest.approx(held, rel=1e-6)
    pub = t["published_min"].to_numpy()
    assert res["heldout_residual_pct"].to_numpy() == pytest.approx(
        100 * (np.array(held) / pub - 1), rel=1e-6)


def test_calibrate_recovers_consistent_times_and_counts_iterations() -> None:
    t = targets(target("A", "B", 75.0), target("B", "C", 54.0), target("A", "D", 141.0))
    fit = rc.calibrate_roads(road_region(), targets=t)
    assert fit["operating_speed_factor_expressway"] == pytest.approx(0.8, abs=1e-4)
    assert fit["road_speed_kph"] == pytest.approx(50.0, abs=0.05)
    assert fit["residuals"]["heldout_model_min"].tolist() == pytest.approx([75, 54, 141],
                                                                             rel=1e-4)
    once = rc.calibrate_roads(road_region(), targets=t, max_iterations=1)
    assert once["iterations"] == 1 and once["converged"] is False
    assert set(fit) == {"operating_speed_factor_expressway", "road_speed_kph", "iterations",
                        "converged", "residuals"}


def test_calibrate_alternates_paths_and_fit() -> None:
    """The fit changes the fastest path, and the next fit is on the new path.

    Step 1 (f = 1, v = 90 of the package settings): A-B by e1 (60 min against 100 by r1).
    Rows A-B 110 (a_e 60), B-C 30 (a_r 2700), C-F 90 (a_e 45): 1/f is the least squares of
    60x/110 = 1 and 45x/90 = 1, v = 90. Step 2: e1 takes 60 x 1.909 = 114.5 min > 100, so A-B
    runs on r1 (a_r 9000): 1/f = 2 from C-F alone, 1/v the least squares of 9000y/110 = 1 and
    2700y/30 = 1. Step 3: e1 120 min, r1 at that v about 104.5: the paths stay, converged."""
    t = targets(target("A", "B", 110.0), target("B", "C", 30.0), target("C", "F", 90.0))
    fit = rc.calibrate_roads(road_region(), targets=t)
    x1 = np.linalg.lstsq(np.array([[60 / 110], [45 / 90]]), np.ones(2), rcond=None)[0][0]
    assert 60 * x1 > 150 * 60 / 90  # step 2 leaves e1
    y = np.linalg.lstsq(np.array([[9000 / 110], [2700 / 30]]), np.ones(2), rcond=None)[0][0]
    assert 150 * y * 60 < 60 * 2  # step 3 stays on r1 (e1 at f = 0.5 against r1 at 1/y)
    assert fit["operating_speed_factor_expressway"] == 0.5
    assert fit["road_speed_kph"] == round(1 / y, 1)
    assert fit["iterations"] == 3 and fit["converged"] is True
    assert fit["residuals"]["path"].tolist() == ["r1", "r2", "e3"]
    # held out on the final paths: A-B from v = 90 (B-C) is 100; B-C from v = 9000 / 110
    # (A-B) is 2700 x 110 / 9000 = 33; C-F alone uses an expressway: f not determinable
    np.testing.assert_allclose(fit["residuals"]["heldout_model_min"].to_numpy(float),
                               [100.0, 33.0, np.nan], rtol=1e-6)


def test_calibrate_without_iterations_keeps_the_settings() -> None:
    """max_iterations = 0: no fit, the package settings' residuals (f = 1, v = 90 here)."""
    base = get_settings()
    t = targets(target("A", "B", 75.0), target("B", "C", 54.0))
    fit = rc.calibrate_roads(road_region(), targets=t, max_iterations=0)
    assert fit["iterations"] == 0 and fit["converged"] is False
    assert fit["operating_speed_factor_expressway"] == base.operating_speed_factor_expressway
    assert fit["road_speed_kph"] == base.road_speed_kph


def test_calibrate_respects_the_bounds() -> None:
    """Published times faster than the design speed allow: f stops at 1 (1/f >= 1); a road
    slower than 30 km/h stops at 30, one faster than 90 at 90, f below 0.5 at 0.5 (each row
    fixes one parameter, so the bounded fit clips each alone)."""
    t = targets(target("A", "B", 30.0), target("B", "C", 135.0))  # f = 2, v = 20
    fit = rc.calibrate_roads(road_region(), targets=t)
    assert fit["operating_speed_factor_expressway"] == 1.0
    assert fit["road_speed_kph"] == 30.0
    t = targets(target("A", "B", 75.0), target("B", "C", 18.0))  # f = 0.8, v = 150
    fit = rc.calibrate_roads(road_region(), targets=t)
    assert fit["operating_speed_factor_expressway"] == 0.8
    assert fit["road_speed_kph"] == 90.0
    # f = 0.4 stops at 0.5 (e1 120 min, still faster than r1 at 50 km/h: 180 min)
    t = targets(target("A", "B", 150.0), target("B", "C", 54.0))
    fit = rc.calibrate_roads(road_region(), targets=t)
    assert fit["operating_speed_factor_expressway"] == 0.5
    assert fit["road_speed_kph"] == 50.0


def test_calibrate_needs_two_calibration_rows() -> None:
    t = targets(target("A", "B", 75.0), target("B", "C", 54.0, role="check"))
    with pytest.raises(MissingDataError, match=r"^At least two calibration rows \(role == "
                                               r"'calibration'\) are needed\.$"):
        rc.calibrate_roads(road_region(), targets=t)


def test_without_targets_the_packaged_drive_times_are_routed() -> None:
    """The packaged rows name Changchun's units (UnknownUnitError, an UnknownRegionError),
    which the toy region does not have."""
    with pytest.raises(UnknownRegionError, match=r"220100.* not in region .roadtoy"):
        rc.calibrate_roads(road_region())
    with pytest.raises(UnknownRegionError, match=r"220100.* not in region .roadtoy"):
        rc.road_residuals(road_region(), settings=S)


# ------------------------------------------------------------------ the packaged drive times
def test_packaged_drive_times_match_the_curated_facts() -> None:
    """Every packaged row is a time of ne_drive_times_facts.csv (either direction, now or
    before the opening), with its URL; the unit codes stay text."""
    dt = rc.drive_times()
    assert dt["origin_code"].map(type).eq(str).all()
    assert dt["destination_code"].map(type).eq(str).all()
    assert dt.loc[0, ["origin", "destination", "origin_code", "destination_code"]].tolist() \
        == ["长春", "长岭县", "220100", "220722"]
    if not FACTS.is_file():
        pytest.skip("the scout-curated facts are not next to the checkout")
    facts = pd.read_csv(FACTS, dtype=str)
    facts = facts[facts["mode"] == "car"]
    for r in dt.itertuples():
        pair = facts[((facts["origin_zh"] == r.origin) & (facts["destination_zh"] == r.destination))
                     | ((facts["origin_zh"] == r.destination)
                        & (facts["destination_zh"] == r.origin))]
        assert not pair.empty, (r.origin, r.destination)
        texts = " ".join(pair["time_min"].fillna("") + " " + pair["time_min_before"].fillna(""))
        numbers = {float(x) for x in pd.Series(texts.split()).str.extractall(
            r"(\d+(?:\.\d+)?)")[0]}
        if r.published_as == "range":  # the middle of the published range
            numbers.add((r.low_min + r.high_min) / 2)
        assert float(r.published_min) in numbers, (r.origin, r.destination, r.published_min)
        for bound in (r.low_min, r.high_min):
            assert math.isnan(bound) or float(bound) in numbers, (r.origin, r.destination)
        assert any(u.strip() in r.source for u in " | ".join(pair["source_url"]).split(" | "))


# ------------------------------------------------------------------ a change through a seat
def _two_road_nodes(minutes: float) -> Region:
    """B has a second access row, to D's seat node, of ``minutes``: a trip may leave the road
    at B's seat and rejoin it at D's through B (egress 0 + transfer penalty + ``minutes``)."""
    base = road_region()
    extra = pd.DataFrame({"code": ["B"], "node_id": ["seat:D"], "minutes": [minutes]})
    return road_region(access=pd.concat([base.access, extra], ignore_index=True))


def test_a_change_through_a_units_seat_counts_its_minutes_as_fixed() -> None:
    """A-D on the road: e1 75 + r2 54 + u1 12 = 141 min (f = 0.8, v = 50, u = 25). Through B's
    seat: e1 75 + egress 0 + penalty 5 + access 50 = 130, quicker: the path is e1 alone and
    the 55 minutes of the change are fixed (b). With an access of 65 (145 min) the road wins.
    The fit sees the change as fixed minutes: a_expressway = 60, a_road = 0."""
    assert S.transfer_penalty_min == 5.0
    t = targets(target("A", "D", 130.0))
    res = rc.road_residuals(_two_road_nodes(50.0), settings=S, targets=t)
    assert res["path"].tolist() == ["e1"]
    assert res["model_min"].iloc[0] == pytest.approx(75.0 + 5.0 + 50.0, rel=1e-12)
    assert res["km_expressway"].tolist() == [120.0]
    assert res["km_road"].tolist() == [0.0] and res["km_other"].tolist() == [0.0]
    # the change's minutes do not scale with f: at f = 0.5, e1 takes 120, the change 55
    s2 = S.model_copy(update={"operating_speed_factor_expressway": 0.5})
    res = rc.road_residuals(_two_road_nodes(50.0), settings=s2, targets=t)
    assert res["model_min"].iloc[0] == pytest.approx(120.0 + 55.0, rel=1e-12)
    # a slower change (5 + 65 = 70 > 54 + 12) leaves the trip on the road; undirected, the
    # access row alone (65 < 66) would take it through B's seat
    res = rc.road_residuals(_two_road_nodes(65.0), settings=S, targets=t)
    assert res["path"].tolist() == ["e1 r2 u1"]
    assert res["model_min"].iloc[0] == pytest.approx(141.0, rel=1e-12)


def test_the_refusals_in_both_languages() -> None:
    from metroscope._errors import error_text

    cut = road_region()
    region = road_region(access=cut.access[cut.access["code"] != "E"])
    with pytest.raises(MissingDataError) as exc:
        rc.road_residuals(region, settings=S, targets=targets(target("A", "E", 1.0)))
    assert error_text(exc.value, "en") == "No road access for A or E in region 'roadtoy'."
    assert error_text(exc.value, "zh") == "区域“roadtoy”中 A 或 E 没有道路接入。"
    links = cut.links[cut.links["link_id"] != "r2"].reset_index(drop=True)
    with pytest.raises(MissingDataError) as exc:
        rc.road_residuals(road_region(links=links), settings=S,
                          targets=targets(target("A", "C", 1.0)))
    assert error_text(exc.value, "en") == "No road path from A to C in 2020."
    assert error_text(exc.value, "zh") == "2020 年的路网中没有从 A 到 C 的道路路径。"
    t = targets(target("A", "B", 75.0), target("B", "C", 54.0, role="check"))
    with pytest.raises(MissingDataError) as exc:
        rc.calibrate_roads(road_region(), targets=t)
    assert error_text(exc.value, "zh") == "至少需要两行校准数据(role == 'calibration')。"


def test_a_road_link_with_a_timetable_time_is_fixed() -> None:
    """r2 with 30 minutes of its own (no operating speed): B-C takes 30 min whatever v, and
    A-C = e1 75 + 30; at v = 30 km/h nothing changes for r2 (45 km would be 90 min)."""
    base = road_region()
    links = base.links.copy()
    links.loc[links["link_id"] == "r2", "minutes"] = 30.0
    t = targets(target("B", "C", 30.0), target("A", "C", 105.0))
    for v in (50.0, 30.0):
        s = S.model_copy(update={"road_speed_kph": v})
        res = rc.road_residuals(road_region(links=links), settings=s, targets=t)
        assert res["path"].tolist() == ["r2", "e1 r2"]
        assert res["model_min"].tolist() == pytest.approx([30.0, 105.0], rel=1e-12)
        assert res["km_road"].tolist() == [0.0, 0.0]
        assert res["km_other"].tolist() == [45.0, 45.0]


def test_residuals_keep_the_targets_own_index() -> None:
    """Targets indexed 7 and 3 (a selection of a larger table): each row keeps its own path
    and minutes (A-B by e1 75, B-C by r2 54)."""
    t = targets(target("A", "B", 75.0), target("B", "C", 54.0))
    t.index = [7, 3]
    res = rc.road_residuals(road_region(), settings=S, targets=t)
    assert res.index.tolist() == [7, 3]
    assert res["path"].tolist() == ["e1", "r2"]
    assert res["model_min"].tolist() == pytest.approx([75.0, 54.0], rel=1e-12)
    assert res["km_expressway"].tolist() == [120.0, 0.0]
    assert res["km_road"].tolist() == [0.0, 45.0]


def test_bounds_given_as_text_are_read_as_numbers_and_blanks_as_none() -> None:
    """Bounds in text columns (a table read as strings): "70" is a bound, a dash or a blank is
    none. A-B is 75 min (e1): >= 70 within, <= 74 not; the last row has no bound (NaN)."""
    t = targets(target("A", "B", 75.0), target("A", "B", 75.0), target("A", "B", 75.0))
    t["low_min"] = ["70", "-", "-"]
    t["high_min"] = ["-", "74", ""]
    res = rc.road_residuals(road_region(), settings=S, targets=t)
    assert res["within"].iloc[0] is True and res["within"].iloc[1] is False
    assert pd.isna(res["within"].iloc[2])


def test_a_tie_between_parallel_links_goes_to_the_first_in_the_table() -> None:
    """Four links A-B, in this order: r1 (150 km at 50: 180 min), rS (200 km at 50: 240), e1
    (60 / 0.8 = 75) and rF (150 km at its own 120 km/h: 75, fixed). e1 and rF tie; the first
    in the link table, e1, is the path (an expressway's km, fitted), not rF."""
    base = road_region()
    links = base.links.set_index("link_id")
    extra = links.loc[["r1", "r1"]].copy()
    extra.index = pd.Index(["rS", "rF"], name="link_id")
    extra.loc["rS", "length_km"] = 200.0
    extra.loc["rF", "speed_kph"] = 120.0
    order = ["r1", "rS", "e1", "rF", "r2", "u1", "e2", "r3", "e3"]
    links = pd.concat([links, extra]).loc[order].reset_index()
    res = rc.road_residuals(road_region(links=links), settings=S,
                            targets=targets(target("A", "B", 75.0)))
    assert res["path"].tolist() == ["e1"]
    assert res["km_expressway"].tolist() == [120.0] and res["km_other"].tolist() == [0.0]
    assert res["model_min"].tolist() == pytest.approx([75.0], rel=1e-12)


def test_the_access_minutes_of_the_origin_and_destination_are_not_counted() -> None:
    """A drive time is seat to seat: A's access row of 3 min and B's of 4 do not count; A-B is
    e1 alone, 75 min."""
    base = road_region()
    access = base.access.copy()
    access.loc[access["code"] == "A", "minutes"] = 3.0
    access.loc[access["code"] == "B", "minutes"] = 4.0
    res = rc.road_residuals(road_region(access=access), settings=S,
                            targets=targets(target("A", "B", 75.0)))
    assert res["model_min"].tolist() == pytest.approx([75.0], rel=1e-12)
