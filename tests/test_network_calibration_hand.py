"""The rail calibration (network/calibration.py) checked by hand on a toy rail network.

Stations (node id = name): P, Q, R, T, V on lines H, I, K; U, W, X1, X2 on line Y.

====  =======  =========  ====  ======  ==========================  =====================
link  ends     mode       line  km      speed                       minutes at factor 1
====  =======  =========  ====  ======  ==========================  =====================
h1    P - Q    hsr        H     100     200                         30
h2    Q - R    hsr        H     60      200                         18
i1    R - T    intercity  I     30      150 (length estimated)      12
k1    Q - T    rail       K     80      100, timetable 50 min       50 (fixed)
k2    T - V    rail       K     40      100, operating 60 km/h      40 (fixed)
y1    U - W    rail       Y     10      100                         6
y2    X1 - X2  rail       Y     10      100                         6 (Y is in two pieces)
====  =======  =========  ====  ======  ==========================  =====================

A ride's model is sum(a_mode / f_mode) + fixed minutes + intermediate stops x dwell (module doc).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metroscope import MissingDataError
from metroscope.network import calibration as cal
from metroscope.region import Region
from metroscope.settings import get_settings

STATIONS = ["P", "Q", "R", "T", "V", "U", "W", "X1", "X2"]


def rail_region(*, optional_columns: bool = True) -> Region:
    units = pd.DataFrame({"code": ["A"], "name_zh": ["甲"], "name_en": ["A"],
                          "level": ["county"], "role": ["core"], "seat_lon": [125.0],
                          "seat_lat": [44.0]})
    nodes = pd.DataFrame({"node_id": STATIONS, "name_zh": STATIONS,
                          "lon": [125.0 + 0.1 * i for i in range(len(STATIONS))],
                          "lat": [44.0] * len(STATIONS), "kind": ["station"] * len(STATIONS)})
    links = pd.DataFrame({
        "link_id": ["h1", "h2", "i1", "k1", "k2", "y1", "y2"],
        "from_node": ["P", "Q", "R", "Q", "T", "U", "X1"],
        "to_node": ["Q", "R", "T", "T", "V", "W", "X2"],
        "mode": ["hsr", "hsr", "intercity", "rail", "rail", "rail", "rail"],
        "line": ["H", "H", "I", "K", "K", "Y", "Y"],
        "length_km": [100.0, 60.0, 30.0, 80.0, 40.0, 10.0, 10.0],
        "speed_kph": [200.0, 200.0, 150.0, 100.0, 100.0, 100.0, 100.0],
        "minutes": [np.nan, np.nan, np.nan, 50.0, np.nan, np.nan, np.nan],
        "operating_speed_kph": [np.nan, np.nan, np.nan, np.nan, 60.0, np.nan, np.nan],
        "length_estimated": [False, False, True, False, False, False, False],
        "status": ["operating"] * 7, "open_year": [2010] * 7, "headway_min": [20.0] * 7})
    if not optional_columns:
        links = links.drop(columns=["minutes", "operating_speed_kph", "length_estimated"])
    access = pd.DataFrame({"code": ["A"], "node_id": ["P"], "minutes": [0.0]})
    stats = pd.DataFrame({"code": ["A"], "year": [2020], "indicator": ["population"],
                          "value": [1000.0], "unit": ["persons"], "source": ["test"],
                          "quality": ["A"]})
    return Region("railtoy", units=units, nodes=nodes, links=links, access=access, stats=stats)


def row(line: str, a: str, b: str, minutes: float, *, role: str = "calibration",
        group: str | None = None, off: tuple[str, float, float, float] | None = None,
        source: str = "s1") -> dict[str, object]:
    mode, km, speed, stops = off if off else (np.nan, np.nan, np.nan, np.nan)
    return {"line": line, "from_station": a, "to_station": b, "published_min": minutes,
            "published_as": "exact", "role": role, "group": group or f"{a}-{b}",
            "off_network_mode": mode, "off_network_length_km": km,
            "off_network_design_speed_kph": speed, "off_network_stops": stops,
            "what": "toy", "source": source}


def frame(*rows: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


SET = get_settings(operating_speed_factor_hsr=0.8, operating_speed_factor_intercity=0.75,
                   operating_speed_factor_rail=0.6, rail_dwell_min=2.0, travel_time_cache="off")


def test_residuals_every_column_by_hand() -> None:
    t = frame(
        row("H", "P", "R", 60.0, source="s2"),          # (30 + 18) / 0.8 + 1 stop x 2 = 62
        row("H", "R", "P", 62.0),                       # the same ride backwards
        row("H; I", "P", "T", 100.0),                   # 60 + 12 / 0.75 + 2 stops x 2 = 80
        row("K", "Q", "V", 90.0),                       # fixed 50 + 40, 1 stop: 92
        row("-", "x", "y", 50.0, off=("intercity", 90.0, 180.0, 3.0)),  # 30/0.75 + 6 = 46
        row("-", "x", "y", 40.0, off=("hsr", 60.0, 120.0, np.nan)))     # stops unknown: NaN
    res = cal.calibration_residuals(rail_region(), settings=SET, targets=t)
    model = np.array([62.0, 62.0, 80.0, 92.0, 46.0, np.nan])
    np.testing.assert_allclose(res["model_min"].to_numpy(float), model, rtol=1e-12)
    pub = t["published_min"].to_numpy()
    np.testing.assert_allclose(res["residual_min"].to_numpy(float), model - pub, rtol=1e-12)
    np.testing.assert_allclose(res["residual_pct"].to_numpy(float),
                               100 * (model - pub) / pub, rtol=1e-12)
    assert res["length_km"].tolist() == [160.0, 160.0, 190.0, 120.0, 90.0, 60.0]
    assert res["length_estimated"].tolist() == [False, False, True, False, False, False]
    np.testing.assert_array_equal(res["intermediate_stops"].to_numpy(float),
                                  [1.0, 1.0, 2.0, 1.0, 3.0, np.nan])
    meta = res.attrs["metroscope"]
    assert meta["indicator"] == "calibration_residuals"
    assert meta["parameters"] == {"operating_speed_factor_hsr": 0.8,
                                  "operating_speed_factor_intercity": 0.75,
                                  "operating_speed_factor_rail": 0.6, "rail_dwell_min": 2.0}
    assert meta["sources"] == ["s1", "s2"]
    # without a dwell, unknown stops cost nothing: 60 / 120 x 60 / 0.8 = 37.5
    no_dwell = get_settings(operating_speed_factor_hsr=0.8, rail_dwell_min=0.0,
                            travel_time_cache="off")
    res0 = cal.calibration_residuals(rail_region(), settings=no_dwell, targets=t.iloc[[5]])
    assert res0["model_min"].iloc[0] == pytest.approx(37.5, rel=1e-12)


def test_residuals_without_the_optional_link_columns() -> None:
    """Without minutes / operating_speed_kph / length_estimated, K runs at 100 x 0.6:
    120 km -> 120 min plus one stop; no length is estimated."""
    t = frame(row("K", "Q", "V", 90.0), row("H;I", "P", "T", 80.0))
    res = cal.calibration_residuals(rail_region(optional_columns=False), settings=SET, targets=t)
    assert res["model_min"].tolist() == pytest.approx([120.0 + 2.0, 80.0], rel=1e-12)
    assert res["length_estimated"].tolist() == [False, False]


def test_residuals_default_settings() -> None:
    s = get_settings()
    t = frame(row("H", "P", "R", 60.0))
    res = cal.calibration_residuals(rail_region(), targets=t)
    assert res["model_min"].iloc[0] == pytest.approx(
        48 / s.operating_speed_factor_hsr + s.rail_dwell_min, rel=1e-12)


@pytest.mark.parametrize(("line", "a", "b", "message"), [
    ("H", "P", "T", "No station named T on line H in region 'railtoy'"),
    ("H", "V", "P", "No station named V on line H"),
    ("Y", "U", "X1", "Line Y does not join U and X1 in region 'railtoy'"),
    ("H;H", "P", "R", r"Lines H and H share 3 station names \(P, Q, R\); need exactly one"),
    ("H;Y", "P", "U", r"Lines H and Y share 0 station names \(\)"),
    # the second join of three lines names its own two lines (H and I join at R)
    ("H;I;Y", "P", "U", r"^Lines I and Y share 0 station names \(\); need exactly one to "
                        r"join them\.$"),
])
def test_rides_that_cannot_be_routed(line: str, a: str, b: str, message: str) -> None:
    with pytest.raises(MissingDataError, match=message):
        cal.calibration_residuals(rail_region(), settings=SET, targets=frame(row(line, a, b, 1)))


def test_off_network_mode_must_be_a_rail_mode() -> None:
    t = frame(row("-", "x", "y", 50.0, off=("bus", 90.0, 180.0, 3.0)))
    with pytest.raises(MissingDataError, match=r"off_network_mode 'bus' is not a rail mode "
                                               r"\(hsr, intercity, rail\)"):
        cal.calibration_residuals(rail_region(), settings=SET, targets=t)


def test_published_times_columns_are_numbers() -> None:
    pt = cal.published_times()
    for c in ("published_min", "off_network_length_km", "off_network_design_speed_kph",
              "off_network_stops"):
        assert pt[c].dtype == np.float64, c
    # the first row: 长春–吉林 29 min at opening (gov.cn, 2010-12-30)
    assert pt.loc[0, ["line", "from_station", "to_station", "published_min"]].tolist() == \
        ["长吉城际铁路", "长春", "吉林", 29.0]


# --------------------------------------------------------------------------- calibrate
#: relative-residual coefficients by hand (a_hsr, a_intercity, a_rail, stops) per row
COEF = {"PQ": (30, 0, 0, 0), "PR": (48, 0, 0, 1), "RT": (0, 12, 0, 0), "PT": (48, 12, 0, 2),
        "off": (0, 0, 60, 0)}


def _lstsq(keys: list[str], pub: list[float], dwell: float | None = None) -> np.ndarray:
    """numpy's unbounded least squares of model/published - 1 (the solution is interior)."""
    a = np.array([COEF[k] for k in keys], dtype=float)
    p = np.array(pub)
    rhs = np.ones(len(keys))
    if dwell is not None:
        rhs = rhs - a[:, 3] * dwell / p
        a = a[:, :3]
    used = a.any(axis=0)
    x = np.full(a.shape[1], np.nan)
    x[used] = np.linalg.lstsq(a[:, used] / p[:, None], rhs, rcond=None)[0]
    return x


def _targets() -> pd.DataFrame:
    return frame(
        row("H", "P", "Q", 37.5, group="g1"),             # 30 x 1.25
        row("H", "P", "R", 62.0, group="g1"),             # 48 x 1.25 + 2
        # only links with a time of their own: calibrate raised TypeError here (fixed)
        row("K", "Q", "V", 95.0, role="check", group="g4"),  # model 90 + 1 stop x dwell
        row("I", "R", "T", 16.0, group="g2"),             # 12 / 0.75
        row("H;I", "P", "T", 84.0, group="g3"),           # 80 with f = 0.8, 0.75, d = 2: off
        row("-", "x", "y", 75.0, group="g5", off=("rail", 100.0, 100.0, 0.0)))  # 60 / 0.8


def test_calibrate_by_hand_least_squares() -> None:
    t = _targets()
    fit = cal.calibrate(rail_region(), targets=t)
    keys, pub = ["PQ", "PR", "RT", "PT", "off"], [37.5, 62.0, 16.0, 84.0, 75.0]
    xh, xi, xr, d = _lstsq(keys, pub)
    assert 0 < d < 10 and min(xh, xi, xr) > 1  # interior
    f = {"hsr": round(1 / xh, 4), "intercity": round(1 / xi, 4), "rail": round(1 / xr, 4)}
    d = round(d, 2)
    for m, v in f.items():
        assert fit[f"operating_speed_factor_{m}"] == v, m
    assert fit["rail_dwell_min"] == d
    assert fit["fitted_modes"] == ["hsr", "intercity", "rail"]
    assert fit["rows_per_mode"] == {"hsr": 3, "intercity": 2, "rail": 1}
    res = fit["residuals"]
    model = [30 / f["hsr"], 48 / f["hsr"] + d, 90 + d, 12 / f["intercity"],
             48 / f["hsr"] + 12 / f["intercity"] + 2 * d, 60 / f["rail"]]
    assert res["model_min"].tolist() == pytest.approx(model, rel=1e-12)
    # held out: the group left out, the factors refitted with the dwell kept at d
    held = [np.nan] * 6
    _, xi1, _ = _lstsq(["RT", "PT", "off"], [16.0, 84.0, 75.0], d)   # g1 out: hsr from PT
    xh1 = (84 - 2 * d - 12 * xi1) / 48
    held[0], held[1] = 30 * xh1, 48 * xh1 + d
    held[2] = 90 + d                                                 # check row: its model
    xh2, _, _ = _lstsq(["PQ", "PR", "PT", "off"], [37.5, 62.0, 84.0, 75.0], d)  # g2 out
    xi2 = (84 - 2 * d - 48 * xh2) / 12
    held[3] = 12 * xi2
    xh3, xi3, _ = _lstsq(["PQ", "PR", "RT", "off"], [37.5, 62.0, 16.0, 75.0], d)  # g3 out
    held[4] = 48 * xh3 + 12 * xi3 + 2 * d
    # g5 out: no other row uses rail, so its factor is undetermined: NaN
    np.testing.assert_allclose(res["heldout_model_min"].to_numpy(float), held, rtol=1e-6)
    p = t["published_min"].to_numpy()
    np.testing.assert_allclose(res["heldout_residual_pct"].to_numpy(float),
                               100 * (np.array(held) - p) / p, rtol=1e-6)


def test_calibrate_recovers_hand_times_and_keeps_unfitted_modes() -> None:
    """Times computed by hand with f_hsr = 0.8, f_intercity = 0.75, d = 2 are fitted back; the
    rail factor (no calibration row) keeps the current setting; rows without a group are
    their own group."""
    t = _targets().iloc[[0, 1, 3]].drop(columns="group")
    # H;K P-T: h1 30 / 0.8 + k1's timetable 50 min (fixed, rail not fitted) + 1 stop x 2
    t = pd.concat([t, frame(row("H;I", "P", "T", 80.0), row("H;K", "P", "T", 89.5))],
                  ignore_index=True).drop(columns="group")
    fit = cal.calibrate(rail_region(), targets=t)
    assert fit["operating_speed_factor_hsr"] == 0.8
    assert fit["operating_speed_factor_intercity"] == 0.75
    assert fit["rail_dwell_min"] == 2.0
    assert fit["operating_speed_factor_rail"] == get_settings().operating_speed_factor_rail
    assert fit["fitted_modes"] == ["hsr", "intercity"]
    assert fit["rows_per_mode"] == {"hsr": 4, "intercity": 2, "rail": 0}
    # each row left out alone: the other four still fix both factors
    np.testing.assert_allclose(fit["residuals"]["heldout_model_min"].to_numpy(float),
                               [37.5, 62.0, 16.0, 80.0, 89.5], rtol=1e-6)


def test_calibrate_fits_a_mode_used_for_under_a_minute() -> None:
    """1 km at 100 km/h is 0.6 min at design speed: 0.75 published gives f_rail = 0.8."""
    t = frame(row("H", "P", "Q", 37.5), row("H", "P", "R", 62.0),
              row("-", "x", "y", 0.75, off=("rail", 1.0, 100.0, 0.0)))
    fit = cal.calibrate(rail_region(), targets=t)
    assert fit["fitted_modes"] == ["hsr", "rail"]
    assert fit["operating_speed_factor_rail"] == 0.8
    assert fit["operating_speed_factor_hsr"] == 0.8


def test_calibrate_bounds_and_refusals() -> None:
    # faster than the design speed allows: f stops at 1; the dwell stops at max_dwell_min
    t = frame(row("H", "P", "Q", 20.0), row("H", "P", "R", 48.0 + 5.0))
    fit = cal.calibrate(rail_region(), targets=t, max_dwell_min=3.0)
    assert fit["operating_speed_factor_hsr"] == 1.0
    assert fit["rail_dwell_min"] == 3.0
    # a negative dwell stops at 0
    fit = cal.calibrate(rail_region(), targets=frame(row("H", "P", "Q", 37.5),
                                                     row("H", "P", "R", 58.0)))
    assert fit["rail_dwell_min"] == 0.0
    # the default cap is 10 min: a dwell of 10.5 stops there
    fit = cal.calibrate(rail_region(), targets=frame(row("H", "P", "Q", 37.5),
                                                     row("H", "P", "R", 60.0 + 10.5)))
    assert fit["rail_dwell_min"] == 10.0
    with pytest.raises(MissingDataError, match=r"^No calibration targets \(role == "
                                               r"'calibration'\)\.$"):
        cal.calibrate(rail_region(), targets=frame(row("H", "P", "Q", 37.5, role="check")))
    t = frame(row("H", "P", "Q", 37.5), row("-", "x", "y", 40.0, off=("hsr", 60, 120, np.nan)))
    with pytest.raises(MissingDataError, match="^A calibration row has unknown intermediate "
                                               r"stops; the dwell cannot be fitted\.$"):
        cal.calibrate(rail_region(), targets=t)


def test_without_targets_the_packaged_times_are_routed() -> None:
    """The first packaged row is 长春–吉林 on 长吉城际铁路, which the toy region lacks."""
    for call in (cal.calibrate, cal.calibration_residuals):
        with pytest.raises(MissingDataError, match="No station named 长春 on line 长吉城际铁路 "
                                                   "in region 'railtoy'"):
            call(rail_region())


def test_a_link_without_a_line_is_on_no_line() -> None:
    """A road link P-R without a line (NaN) is on no line: H from P to R still rides h1 and h2
    (48 min / 0.8 + 1 stop x 2 = 62), not the one-hop road link."""
    base = rail_region()
    extra = pd.DataFrame({"link_id": ["r9"], "from_node": ["P"], "to_node": ["R"],
                          "mode": ["road"], "line": [None], "length_km": [5.0],
                          "speed_kph": [60.0], "minutes": [np.nan],
                          "operating_speed_kph": [np.nan], "length_estimated": [False],
                          "status": ["operating"], "open_year": [2010],
                          "headway_min": [np.nan]})
    region = Region("railtoy", units=base.units, nodes=base.nodes,
                    links=pd.concat([base.links, extra], ignore_index=True),
                    access=base.access, stats=base.stats)
    # H;I: joined at R alone (r9's ends P and R are on no line), 60 + 12 / 0.75 + 2 x 2 = 80
    t = frame(row("H", "P", "R", 62.0), row("H;I", "P", "T", 80.0))
    res = cal.calibration_residuals(region, settings=SET, targets=t)
    assert res["model_min"].tolist() == pytest.approx([62.0, 80.0], rel=1e-12)
    assert res["length_km"].tolist() == [160.0, 190.0]
    assert res["intermediate_stops"].tolist() == [1.0, 2.0]


def test_a_ride_through_three_lines() -> None:
    """H;I;K from P to V: H to R (shared with I), I to T (shared with K), K to V:
    48 / 0.8 + 12 / 0.75 + k2's 40 fixed minutes + 3 stops x 2 = 122; 230 km."""
    res = cal.calibration_residuals(rail_region(), settings=SET,
                                    targets=frame(row("H;I;K", "P", "V", 120.0)))
    assert res["model_min"].tolist() == pytest.approx([122.0], rel=1e-12)
    assert res["length_km"].tolist() == [230.0]
    assert res["intermediate_stops"].tolist() == [3.0]


def test_targets_without_the_off_network_columns() -> None:
    """A target table with only the network rides' columns: H P-R is (30 + 18) / 0.8 + 1 stop
    x 2 = 62, H;I P-T 60 + 12 / 0.75 + 2 stops x 2 = 80."""
    t = frame(row("H", "P", "R", 60.0), row("H;I", "P", "T", 80.0)).drop(
        columns=["off_network_mode", "off_network_length_km", "off_network_design_speed_kph",
                 "off_network_stops"])
    res = cal.calibration_residuals(rail_region(), settings=SET, targets=t)
    assert res["model_min"].tolist() == pytest.approx([62.0, 80.0], rel=1e-12)
    assert res["intermediate_stops"].tolist() == [1.0, 2.0]


def test_an_off_network_row_without_a_stops_column_has_unknown_stops() -> None:
    """90 km at 180 km/h (intercity) is 30 min at design speed, 30 / 0.75 = 40; the stops are
    unknown (no column): NaN with a dwell of 2, 40 without a dwell."""
    t = frame(row("-", "x", "y", 50.0, off=("intercity", 90.0, 180.0, 3.0))).drop(
        columns="off_network_stops")
    res = cal.calibration_residuals(rail_region(), settings=SET, targets=t)
    assert res["intermediate_stops"].isna().all() and res["model_min"].isna().all()
    no_dwell = SET.model_copy(update={"rail_dwell_min": 0.0})
    res = cal.calibration_residuals(rail_region(), settings=no_dwell, targets=t)
    assert res["model_min"].tolist() == pytest.approx([40.0], rel=1e-12)


def test_calibrate_counts_a_mode_used_for_under_a_minute() -> None:
    """rows_per_mode counts the rows that use a mode at all: the rail row's 0.6 minutes too."""
    t = frame(row("H", "P", "Q", 37.5), row("H", "P", "R", 62.0),
              row("-", "x", "y", 0.75, off=("rail", 1.0, 100.0, 0.0)))
    fit = cal.calibrate(rail_region(), targets=t)
    assert fit["rows_per_mode"] == {"hsr": 2, "intercity": 0, "rail": 1}


def test_a_group_holding_every_calibration_row_has_no_held_out_time() -> None:
    """P-Q 37.5 = 30 x 1.25 and P-R 62 = 48 x 1.25 + 1 stop x 2 (one group): f_hsr = 0.8,
    d = 2. Left out together nothing is fitted (NaN); the check row Q-R (h2 alone, 18 min at
    factor 1), a later group, is still held out: 18 / 0.8 = 22.5."""
    t = frame(row("H", "P", "Q", 37.5, group="g1"), row("H", "P", "R", 62.0, group="g1"),
              row("H", "Q", "R", 22.5, role="check", group="g2"))
    fit = cal.calibrate(rail_region(), targets=t)
    assert fit["operating_speed_factor_hsr"] == 0.8 and fit["rail_dwell_min"] == 2.0
    np.testing.assert_allclose(fit["residuals"]["heldout_model_min"].to_numpy(float),
                               [np.nan, np.nan, 22.5], rtol=1e-9)


@pytest.mark.parametrize("km", [100.0, 1.0])
def test_a_group_with_a_row_that_cannot_be_held_out_keeps_its_other_rows(km: float) -> None:
    """P-R 62 (g1); P-Q 37.5 and an off-network rail row of ``km`` at 100 km/h, 0.6 min a km
    at design speed, published 0.75 min a km (g2): three rows fix f_hsr = 0.8, d = 2 and
    f_rail = 0.8 exactly. g2 left out: P-R alone gives f_hsr = 48 / (62 - 2) = 0.8, so P-Q is
    37.5; rail is then unfitted, so the rail row is NaN, even when rail is 0.6 min of it (1 km).
    g1 left out: P-Q gives 0.8 again, P-R 48 / 0.8 + 2 = 62."""
    t = frame(row("H", "P", "R", 62.0, group="g1"), row("H", "P", "Q", 37.5, group="g2"),
              row("-", "x", "y", 0.75 * km, group="g2", off=("rail", km, 100.0, 0.0)))
    fit = cal.calibrate(rail_region(), targets=t)
    assert fit["operating_speed_factor_rail"] == 0.8 and fit["rail_dwell_min"] == 2.0
    np.testing.assert_allclose(fit["residuals"]["heldout_model_min"].to_numpy(float),
                               [62.0, 37.5, np.nan], rtol=1e-9)
